"""Aids to the legal methods (phương pháp hỗ trợ): comparison and expert estimates.

TT 47/2018/TT-BCT Art. 6 names three methods; these two only *feed* one of them,
and every value they build says so (``provenance.method`` is the aid,
``provenance.legal_method`` the legal method it feeds, declared by the user).

* **Comparison** (so sánh): a reference norm (another province's, an earlier
  version) adapted by coefficients, each with a stated reason:
  value = reference x Π factors that apply to the line.
* **Expert estimates** (chuyên gia): per expert the three-point estimate
  E = (a + 4m + b)/6 (PERT), σ = (b - a)/6; the line's value is the mean of the
  experts' E; the spread across experts (max E - min E)/mean E is flagged when it
  exceeds the declared ``disagreement_pct``.

>>> from decimal import Decimal as D
>>> pert(D(8), D(10), D(15))
(Decimal('10.5'), Decimal('1.16666666667'))
"""

from __future__ import annotations

from decimal import Decimal

from ..core.errors import Location, Problem, raise_if
from ..core.i18n import tr
from ._common import Legal, LineResult, dec, fit, fmt, line_specs, lines_with_evidence
from .options import ComparisonOptions, ExpertOptions


def pert(low: Decimal, likely: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    """Three-point estimate (a + 4m + b)/6 and its standard deviation (b - a)/6."""
    return fit((low + 4 * likely + high) / 6), fit((high - low) / 6)


# ----------------------------------------------------------------------------
# comparison
# ----------------------------------------------------------------------------


def comparison_lines(reference, specs, opts: ComparisonOptions, legal: Legal):
    """Adapt a reference norm (or the norm of the same code in a reference set) to each service."""
    from ..evidence.load import read_reference_norm
    from ..norm import Norm

    out = {}
    problems: list[Problem] = []
    if reference is None:
        raise_if(
            [
                Problem(
                    tr("aids.needs_reference"),
                    Location(field="evidence"),
                    "missing",
                    tr("aids.acc_reference"),
                )
            ]
        )
    for c in opts.coefficients:
        comps = {"labour", "materials", "equipment"}
        if not c.reason.strip():
            problems.append(
                Problem(
                    tr("aids.no_reason", name=c.name),
                    Location(field="coefficients"),
                    "missing",
                    tr("aids.acc_reason"),
                )
            )
        unknown = [a for a in c.applies_to if a not in comps and a[:2] not in ("LD", "VT", "TB")]
        if unknown:
            problems.append(
                Problem(
                    tr("aids.unknown_target", name=c.name, unknown=", ".join(unknown)),
                    Location(field="coefficients"),
                    "invalid_choice",
                    tr("aids.acc_target"),
                )
            )
    raise_if(problems)
    source = "reference" if isinstance(reference, Norm) else str(getattr(reference, "title", reference))
    for spec in specs:
        ref = read_reference_norm(
            reference, None if isinstance(reference, Norm) else (opts.reference_code or spec.code)
        )
        where = f"{source}: {ref.code}"
        results, warnings = [], []
        for line in line_specs(spec):
            lid = line["id"]
            if opts.lines is not None and lid not in opts.lines:
                continue
            if line["kind"] == "indirect" and opts.indirect_labour_pct is not None:
                continue
            rid = opts.line_map.get(lid, lid)
            try:
                rline = ref.line(rid)
            except KeyError:
                if opts.drop_missing_lines:
                    warnings.append(tr("aids.reference_line_dropped", code=spec.code, lid=lid, rid=rid))
                    continue
                problems.append(
                    Problem(
                        tr("aids.reference_no_line", code=ref.code, rid=rid, code2=spec.code, lid=lid),
                        Location(where, None, None, "line", "Mã dòng"),
                        "no_evidence",
                        tr("aids.acc_reference_line"),
                    )
                )
                continue
            if rline.unit != line["unit"]:
                problems.append(
                    Problem(
                        tr(
                            "aids.unit_mismatch",
                            code=ref.code,
                            rid=rid,
                            unit=rline.unit,
                            code2=spec.code,
                            lid=lid,
                            line=line["unit"],
                        ),
                        Location(where, None, None, "unit", "Đơn vị tính"),
                        "unit_mismatch",
                        f"'{line['unit']}'",
                    )
                )
                continue
            base = rline.loaded if line["component"] == "equipment" else rline.quantity
            applied = [
                c
                for c in opts.coefficients
                if not c.applies_to or line["component"] in c.applies_to or lid in c.applies_to
            ]
            value = base
            for c in applied:
                value = value * c.factor
            value = fit(value)
            steps = [
                f"{spec.code}/{lid} — {line['name']} ({line['unit']} / 01 {spec.unit})",
                f"So sánh (phương pháp hỗ trợ, phục vụ phương pháp {opts.legal_method}): định mức tham chiếu "
                f"{where}, dòng {rid} = {fmt(base)} {rline.unit}.",
            ]
            for i, c in enumerate(applied, start=1):
                steps.append(f"{i}. Hệ số {c.name} = {fmt(c.factor)} — lý do: {c.reason}")
            steps.append(f"Giá trị = {' × '.join([fmt(base)] + [fmt(c.factor) for c in applied])} = {fmt(value)}")
            params = {"reference": where, "reference_line": rid, "legal_method": opts.legal_method}
            for c in applied:
                params[f"coefficient.{c.name}"] = c.factor
                params[f"coefficient.{c.name}.reason"] = c.reason
            stats = {"reference_value": base}
            res = LineResult(line, value, [f"{where}#{rid}"], [], stats, params, steps, [])
            if line["component"] == "equipment":
                # TT 47 Art. 7: time of use = loaded + idle; the reference splits it, so both are kept as it has them
                ridle = rline.idle
                idle = ridle
                for c in applied:
                    idle = idle * c.factor
                res.idle = fit(idle)
                res.idle_text = (
                    f"Thời gian không tải theo định mức tham chiếu {where}, dòng {rid} = {fmt(ridle)}"
                    + "".join(f" × {fmt(c.factor)}" for c in applied)
                    + f" = {fmt(res.idle)} "
                    f"{line['unit']} (giữ cách tách có tải / không tải của định mức tham chiếu)"
                )
                stats["reference_idle"] = ridle
            results.append(res)
        out[spec.code] = (results, warnings)
    raise_if(problems)
    return out


# ----------------------------------------------------------------------------
# expert estimates
# ----------------------------------------------------------------------------


def expert_lines(ev, specs, opts: ExpertOptions, legal: Legal):
    """Aggregate expert estimates per line."""
    out = {}
    problems: list[Problem] = []
    for spec in specs:
        results, warnings = [], []
        for line, sub in lines_with_evidence(
            ev,
            spec,
            opts,
            warnings,
            problems,
            what="ý kiến chuyên gia",
            warn_indirect=False,
            missing=lambda sp, ln: tr("aids.no_estimate", code=sp.code, ln=ln["id"], ln2=ln["name"]),
            accepted=tr("aids.acc_estimates"),
        ):
            res = _expert_line(ev, spec, line, sub.sort_index(), opts)
            results.append(res)
            warnings.extend(res.warnings)
        out[spec.code] = (results, warnings)
    raise_if(problems, ev.where)
    return out


def _expert_line(ev, spec, line, sub, opts: ExpertOptions) -> LineResult:
    code, lid = spec.code, line["id"]
    steps = [
        f"{code}/{lid} — {line['name']} ({line['unit']} / 01 {spec.unit})",
        f"Ý kiến chuyên gia (phương pháp hỗ trợ, phục vụ phương pháp {opts.legal_method}): {ev.where}.",
        "1. Ước lượng của từng chuyên gia E = (a + 4m + b)/6, σ = (b − a)/6:",
    ]
    estimates = []
    evidence = []
    for r, rec in sub.iterrows():
        a, m, b = dec(rec["low"]), dec(rec["likely"]), dec(rec["high"])
        e, s = pert(a, m, b)
        estimates.append(e)
        evidence.append(ev.ref(int(r)))
        steps.append(
            f"   #{int(r)} {rec['expert']} ({rec['function']}): ({fmt(a)} + 4 × {fmt(m)} + {fmt(b)})/6 = "
            f"{fmt(e)}; σ = {fmt(s)}"
        )
    n = len(estimates)
    value = fit(sum(estimates, Decimal(0)) / n)
    lo, hi = min(estimates), max(estimates)
    spread = fit((hi - lo) / value * 100) if value else Decimal(0)
    steps.append(
        f"2. Giá trị = trung bình của {n} chuyên gia = ({' + '.join(fmt(e) for e in estimates)})/{n} = {fmt(value)}"
    )
    steps.append(
        f"3. Chênh lệch giữa các chuyên gia = ({fmt(hi)} − {fmt(lo)})/{fmt(value)} × 100 = {fmt(spread)} % "
        f"(ngưỡng khai báo {fmt(opts.disagreement_pct)} %)"
    )
    warnings = []
    if spread > opts.disagreement_pct:
        warnings.append(
            tr(
                "aids.experts_disagree",
                code=code,
                lid=lid,
                spread=fmt(spread, 2),
                disagreement_pct=fmt(opts.disagreement_pct),
            )
        )
    if n < 3:
        warnings.append(tr("aids.few_experts", code=code, lid=lid, n=n))
    stats = {
        "n_experts": n,
        "mean_estimate": value,
        "min_estimate": lo,
        "max_estimate": hi,
        "disagreement_pct": spread,
        "disagreement": spread > opts.disagreement_pct,
    }
    params = {
        "aggregation": "mean of (a + 4m + b)/6",
        "disagreement_pct": opts.disagreement_pct,
        "disagreement_metric": "(max E - min E)/mean E x 100",
        "legal_method": opts.legal_method,
    }
    return LineResult(line, value, evidence, [], stats, params, steps, warnings)
