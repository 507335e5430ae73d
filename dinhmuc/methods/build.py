"""Build a norm from evidence (xây dựng định mức từ số liệu): the one notebook verb.

>>> import dinhmuc as dm, pandas as pd
>>> rows = [{"service": "KC01", "year": y, "project": f"DA{y}{i}", "line": "VT4", "unit": "ram", "quantity": q}
...         for y, qs in ((2023, [10, 11, 12]), (2024, [10, 12]), (2025, [11, 30])) for i, q in enumerate(qs)]
>>> ev = dm.read_settlements(pd.DataFrame(rows))
>>> result = dm.build_norm("KC01", evidence=ev, options={"lines": ["VT4"], "as_of": "2026-03-01"})
>>> result.norm.line("VT4").quantity
Decimal('10.5')
>>> print(next(t for t in dm.explain(result.norm, "VT4").splitlines() if t.startswith("Làm tròn")))
Làm tròn 2 chữ số thập phân (HALF-UP), một bước riêng: 10,5 → giá trị công bố = 10,50
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from ..core.errors import InputError, Location, Problem, raise_if
from ..core.i18n import tr
from ..norm import Exclusion, Method, Norm, Provenance
from ._common import QUANTITY_FIELD, Legal, LineResult, default_catalog, fit, fmt, fmt_places, round_half_up
from .countable import round_line as round_countable
from .options import OPTIONS, BuildOptions

_LABELS = {
    "statistical": "Thống kê tổng hợp",
    "standard": "Tiêu chuẩn",
    "experimental": "Phân tích thực nghiệm",
    "comparison": "So sánh (hỗ trợ)",
    "expert": "Chuyên gia (hỗ trợ)",
}


@dataclass
class BuildResult:
    """A built norm, the warnings of the build, and a per-line report (n, mean, spread...).

    >>> import pandas as pd, dinhmuc as dm
    >>> rows = [{"service": "KC01", "year": y, "project": p, "line": "LD1", "unit": "công", "quantity": q,
    ...          "learners": 30, "days": d}
    ...         for y, p, q, d in [(2023, "DA1", 58, 60), (2023, "DA2", 45, 45), (2024, "DA3", 59, 60),
    ...                            (2024, "DA4", 60, 60), (2025, "DA5", 61, 60), (2025, "DA6", 58, 60)]]
    >>> result = dm.build_norm("KC01", evidence=pd.DataFrame(rows), options={"as_of": "2026-06-30", "lines": ["LD1"]})
    >>> result.norm.line("LD1").quantity, result.warnings
    (Decimal('58.33'), [])
    >>> [str(v) for v in result.report.loc[0, ["line", "n", "n_excluded"]]]
    ['LD1', '6', '0']
    """

    norm: Norm
    warnings: list[str] = field(default_factory=list)
    report_rows: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: per-unit values behind each line (line, value, year, excluded, row), for the report's charts
    observations: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: statistically built lines as (line id, rows, line spec, parameters, published value), for the
    #: workbook's statistics sheet (dinhmuc.dossier.stats_sheet)
    stats_lines: list = field(default_factory=list, repr=False)

    @property
    def report(self) -> pd.DataFrame:
        """One row per line: method, n, excluded, mean, median, progressive average, spread, CV, value, warnings."""
        return pd.DataFrame(self.report_rows)

    def explain(self, line_id: str | None = None, field: str = "quantity") -> str:
        """The calculation behind a value (see :func:`explain`)."""
        return explain(self.norm, line_id, field)

    def _repr_html_(self) -> str:
        from html import escape

        warn = "".join(f"<li>{escape(w)}</li>" for w in self.warnings)
        return (
            self.norm._repr_html_()
            + (f"<p><b>Cảnh báo</b></p><ul>{warn}</ul>" if warn else "")
            + self.report.to_html(index=False)
        )

    def __repr__(self) -> str:
        return f"BuildResult(norm={self.norm.code!r}, lines={len(self.norm.lines())}, warnings={len(self.warnings)})"


def _options(method: Method, options: Any) -> BuildOptions:
    cls = OPTIONS[method]
    if options is None:
        options = {}
    if isinstance(options, BuildOptions):
        if not isinstance(options, cls):
            raise InputError(
                Problem(
                    tr("build.options_mismatch", name=type(options).__name__, value=method.value),
                    Location(field="options"),
                    "invalid",
                    cls.__name__,
                )
            )
        return options
    from pydantic import ValidationError

    try:
        return cls.model_validate(dict(options))
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    e["msg"],
                    Location(field=".".join(str(x) for x in e["loc"]) or "options"),
                    "invalid_option",
                    cls.__name__,
                )
                for e in exc.errors()
            ]
        ) from None


def _method(method: Any) -> Method:
    try:
        m = Method(method.value if isinstance(method, Method) else str(method))
    except ValueError:
        m = None
    if m is None or m == Method.MANUAL:
        raise InputError(
            Problem(
                tr("build.unknown_method", method=method),
                Location(field="method"),
                "invalid_choice",
                tr("build.acc_methods"),
            )
        )
    return m


def _spec(service: Any, catalog):
    from ..catalog import ServiceSpec

    if isinstance(service, ServiceSpec):
        return service
    return (catalog or default_catalog())[str(service)]


def _evidence(method: Method, evidence: Any, catalog):
    from ..evidence.load import READERS, Evidence

    want = {
        Method.STATISTICAL: "settlements",
        Method.STANDARD: "standards",
        Method.EXPERIMENTAL: "time_studies",
        Method.EXPERT: "expert_estimates",
    }
    if method == Method.COMPARISON:
        return evidence
    kind = want[method]
    if evidence is None:
        raise InputError(
            Problem(
                tr("build.needs_evidence", value=method.value, kind=kind),
                Location(field="evidence"),
                "missing",
                tr("build.acc_evidence", kind=kind),
            )
        )
    if isinstance(evidence, Evidence):
        if evidence.kind != kind:
            raise InputError(
                Problem(
                    tr("build.evidence_mismatch", value=method.value, kind=kind, kind2=evidence.kind),
                    Location(evidence.source, evidence.sheet, None, None),
                    "wrong_evidence",
                    kind,
                )
            )
        return evidence
    if isinstance(evidence, tuple):  # (path, sheet)
        return READERS[kind](evidence[0], evidence[1], catalog=catalog)
    return READERS[kind](evidence, catalog=catalog)


def build_norm(
    service: Any,
    evidence: Any = None,
    method: str | Method = "statistical",
    options: Any = None,
    *,
    catalog=None,
    parameters=None,
) -> BuildResult:
    """Build the norm of one service from evidence, with provenance for every value.

    ``service`` is a catalogue code (``"KC01"``) or a :class:`~dinhmuc.ServiceSpec`;
    ``evidence`` an :class:`~dinhmuc.evidence.Evidence` (or a path / DataFrame,
    read with the reader of the method; a ``(path, sheet)`` pair for a workbook;
    a norm, norm set or file for ``comparison``); ``method`` one of
    ``statistical``, ``standard``, ``experimental`` (TT 47 Art. 6) or the aids
    ``comparison`` and ``expert``; ``options`` the method's options object or a
    dict of them (:mod:`dinhmuc.methods.options`). Legal parameters are read as
    of ``options.as_of`` from ``parameters`` (the bundled ones by default).

    >>> import pandas as pd, dinhmuc as dm
    >>> rows = [{"service": "KC01", "year": y, "project": p, "line": "LD1", "unit": "công", "quantity": q,
    ...          "learners": 30, "days": d}
    ...         for y, p, q, d in [(2023, "DA1", 58, 60), (2023, "DA2", 45, 45), (2024, "DA3", 59, 60),
    ...                            (2024, "DA4", 60, 60), (2025, "DA5", 61, 60), (2025, "DA6", 58, 60)]]
    >>> result = dm.build_norm("KC01", evidence=dm.read_settlements(pd.DataFrame(rows)), method="statistical",
    ...                        options={"as_of": "2026-06-30", "lines": ["LD1"]})
    >>> result.norm.line("LD1").quantity  # progressive average of 58, 60, 59, 60, 61, 58 per 60-day class
    Decimal('58.33')
    """
    return build_norms([service], evidence, method, options, catalog=catalog, parameters=parameters)[
        _spec(service, catalog).code
    ]


def build_norms(
    services: Any = None,
    evidence: Any = None,
    method: str | Method = "statistical",
    options: Any = None,
    *,
    catalog=None,
    parameters=None,
) -> dict[str, BuildResult]:
    """Build the norms of several services (all of the catalogue by default) in one pass over the evidence.

    >>> import pandas as pd, dinhmuc as dm
    >>> rows = [{"service": "KC01", "year": y, "project": p, "line": "LD1", "unit": "công", "quantity": q,
    ...          "learners": 30, "days": d}
    ...         for y, p, q, d in [(2023, "DA1", 58, 60), (2023, "DA2", 45, 45), (2024, "DA3", 59, 60),
    ...                            (2024, "DA4", 60, 60), (2025, "DA5", 61, 60), (2025, "DA6", 58, 60)]]
    >>> results = dm.build_norms(["KC01"], evidence=pd.DataFrame(rows),
    ...                          options={"as_of": "2026-06-30", "lines": ["LD1"]})
    >>> {code: r.norm.line("LD1").quantity for code, r in results.items()}
    {'KC01': Decimal('58.33')}
    """
    from ..params import default_parameters

    m = _method(method)
    opts = _options(m, options)
    catalog = catalog or default_catalog()
    specs = [_spec(s, catalog) for s in (services if services is not None else catalog.codes)]
    ev = _evidence(m, evidence, catalog)
    legal = Legal(parameters or default_parameters(), opts.as_of)
    if m == Method.STATISTICAL:
        from .statistical import build_lines

        found = build_lines(ev, specs, opts, legal)
    elif m == Method.STANDARD:
        from .standard import build_lines as standard_lines

        found = standard_lines(ev, specs, opts, legal)
    elif m == Method.EXPERIMENTAL:
        from .experimental import build_lines as experimental_lines

        found = experimental_lines(ev, specs, opts, legal)
    elif m == Method.COMPARISON:
        from .aids import comparison_lines

        found = comparison_lines(ev, specs, opts, legal)
    else:
        from .aids import expert_lines

        found = expert_lines(ev, specs, opts, legal)
    return {spec.code: _assemble(spec, m, opts, legal, *found[spec.code]) for spec in specs}


def _assemble(
    spec, method: Method, opts: BuildOptions, legal: Legal, results: list[LineResult], warnings: list[str]
) -> BuildResult:
    """Round, apply the declared percentages and rates, and put provenance on every value."""
    places = opts.rounding_decimals
    legal_method = method if method.is_legal_method else Method(opts.legal_method)  # type: ignore[attr-defined]
    declared = opts.declared()
    legal_params = legal.record()
    quantities: dict[str, Decimal] = {}
    provenance: dict[str, dict[str, Provenance]] = {}
    report_rows = []
    warnings = list(warnings)
    problems = []
    stats_sheets: list = []
    from .statistical import round_fraction, show_full

    for res in results:
        lid = res.line["id"]
        # the published value is rounded once, from the exact value when the method has one (no double rounding)
        exact_value = res.exact if res.exact is not None else Fraction(res.value)
        published = round_fraction(exact_value, places)
        if len(published.as_tuple().digits) > 15 or abs(published) >= 10**12:
            problems.append(
                Problem(
                    tr("build.too_large", code=spec.code, lid=lid, show_full=show_full(exact_value)),
                    _evidence_location(res),
                    "too_large",
                    tr("build.acc_realistic"),
                )
            )
            continue
        if published == 0 and lid not in opts.zero_lines:
            problems.append(
                Problem(
                    tr("build.zero_norm", code=spec.code, lid=lid, show_full=show_full(exact_value), places=places),
                    _evidence_location(res),
                    "zero_norm",
                    tr("build.acc_zero_norm", lid=lid),
                )
            )
        quantities[lid] = published
        steps = list(res.steps)
        whole = round_countable(res.line, spec, published, opts, legal)  # tờ, bộ, cái…: a whole number
        steps.append(
            f"Làm tròn {places} chữ số thập phân (HALF-UP), một bước riêng: {show_full(exact_value)} → "
            f"{'giá trị làm tròn' if whole is not None else 'giá trị công bố'} = "
            f"{fmt_places(published, places)}"
        )
        rounded = published
        if whole is not None:
            published = quantities[lid] = whole.value
            steps.append(whole.calculation + f" → giá trị công bố = {fmt_places(published, places)}")
        stats = {**res.statistics, "value_unrounded": fit(res.value), "value": published}
        if res.stats_sheet is not None:
            if whole is not None:  # the sheet redoes the whole-number step too
                res.stats_sheet["countable"] = {
                    **whole.parameters,
                    "rounded": rounded,
                    "base": _driver_base(res.line, spec)
                    if whole.parameters.get("countable_rounding.per") == "driver"
                    else Decimal(1),
                }
            stats_sheets.append((spec.code, lid, res, published))
        note = "; ".join(res.warnings) or None
        fld = QUANTITY_FIELD[res.line["component"]]
        provenance[lid] = {
            fld: Provenance(
                method=method,
                legal_method=legal_method,
                evidence=res.evidence,
                excluded=[Exclusion(ref=r, reason=why) for r, why in res.excluded],
                statistics=stats,
                parameters={**res.parameters, **declared, **legal_params, **(whole.parameters if whole else {})},
                calculation="\n".join(steps),
                note=note,
            )
        }
        report_rows.append(
            {
                "line": lid,
                "component": res.line["component"],
                "item": res.line["name"],
                "unit": res.line["unit"],
                "method": method.value,
                **{
                    k: res.statistics.get(k)
                    for k in (
                        "n",
                        "n_excluded",
                        "mean",
                        "median",
                        "progressive_average",
                        "min",
                        "max",
                        "spread_pct",
                        "cv_pct",
                    )
                },
                "value_unrounded": fit(res.value),
                "value": published,
                "warnings": note or "",
            }
        )
    raise_if(problems)
    for lid, pct in opts.loss_rates.items():
        if lid not in quantities or not lid.startswith("VT"):
            problems.append(
                Problem(
                    tr("build.loss_not_material", lid=lid),
                    Location(field="loss_rates"),
                    "unknown_line",
                    ", ".join(k for k in quantities if k.startswith("VT")),
                )
            )
        elif method == Method.STATISTICAL and pct:
            # settlements record real consumption, losses included: a loss rate on top counts them twice
            if getattr(opts, "settlement_loss_rule", "warn") == "refuse":
                problems.append(
                    Problem(
                        tr("build.loss_on_settlement", pct=pct, lid=lid),
                        Location(field="loss_rates"),
                        "double_loss",
                        tr("build.acc_no_loss"),
                    )
                )
            else:
                warnings.append(tr("build.loss_on_settlement_warn", code=spec.code, lid=lid, pct=fmt(pct)))
    for lid, pct in opts.recovery_rates.items():
        if lid not in quantities or not lid.startswith("VT"):
            problems.append(
                Problem(
                    tr("build.recovery_not_material", lid=lid),
                    Location(field="recovery_rates"),
                    "unknown_line",
                    ", ".join(k for k in quantities if k.startswith("VT")),
                )
            )
    raise_if(problems)
    built = {r.line["id"] for r in results}
    by_id = {r.line["id"]: r for r in results}
    # the structure of ServiceSpec.blank_norm, filled and validated once
    data = {
        "code": spec.code,
        "name": spec.name,
        "unit": spec.unit,
        "drivers": [d.model_dump() for d in spec.drivers],
        "scope": spec.scope,
        "work_steps": [w.model_dump(exclude_none=True) for w in spec.work_steps],
        "legal_basis": list(spec.legal_anchor),
        "labour": [{**x.model_dump(exclude_none=True), "quantity": quantities.get(x.id, 0)} for x in spec.labour],
        "materials": [{**x.model_dump(exclude_none=True), "quantity": quantities.get(x.id, 0)} for x in spec.materials],
        "equipment": [{**x.model_dump(exclude_none=True), "loaded": quantities.get(x.id, 0)} for x in spec.equipment],
        "adjustments": [a.model_dump(exclude_none=True) for a in spec.adjustments],
        "notes": [],
    }
    for comp in ("labour", "materials", "equipment"):
        kept = []
        for line in data[comp]:
            if line["id"] not in built:
                continue
            line["provenance"] = provenance[line["id"]]
            if comp == "materials":
                for key, rates in (("loss_rate", opts.loss_rates), ("recovery_rate", opts.recovery_rates)):
                    if line["id"] in rates:
                        line[key] = rates[line["id"]]
                        line["provenance"][key] = Provenance(
                            method=Method.MANUAL,
                            parameters={key: rates[line["id"]], **declared},
                            note="tỷ lệ khai báo khi xây dựng (BuildOptions)",
                            calculation=f"{'Tỷ lệ hao hụt' if key == 'loss_rate' else 'Tỷ lệ thu hồi'} "
                            f"= {fmt(rates[line['id']])} % (khai báo)",
                        )
                net = _net_text(line)
                if net:
                    prov = line["provenance"]["quantity"]
                    prov.calculation = prov.calculation + "\n" + net
            if comp == "equipment":
                res = by_id[line["id"]]
                if res.idle is not None and res.line["id"] not in opts.idle_pct and "*" not in opts.idle_pct:
                    idle = round_half_up(Decimal(res.idle), places)
                    line["idle"] = idle
                    line["provenance"]["idle"] = Provenance(
                        method=method,
                        legal_method=legal_method,
                        parameters={**res.parameters, **declared},
                        statistics={"idle_unrounded": res.idle, "idle": idle},
                        calculation=f"{res.idle_text}; làm tròn {places} chữ số thập phân (HALF-UP) → "
                        f"{fmt_places(idle, places)}",
                        evidence=res.evidence,
                    )
                else:
                    _split_idle(line, opts, declared, legal_method)
            kept.append(line)
        data[comp] = kept
    data["method"] = method
    data["rounding_decimals"] = places
    data["provenance"] = {}
    if opts.indirect_labour_pct is not None:
        data["indirect_labour_pct"] = opts.indirect_labour_pct
        direct = [ln for ln in data["labour"] if ln.get("kind", "direct") == "direct"]
        total = sum((Decimal(ln["quantity"]) for ln in direct), Decimal(0))
        indirect = fit(total * opts.indirect_labour_pct / 100)
        data["provenance"]["indirect_labour_pct"] = Provenance(
            method=Method.MANUAL,
            legal_method=legal_method,
            parameters={"indirect_labour_pct": opts.indirect_labour_pct, **declared},
            statistics={"direct_labour_total": total, "indirect_labour": indirect},
            calculation=(
                f"Lao động gián tiếp = {fmt(opts.indirect_labour_pct)} % × lao động trực tiếp "
                f"({' + '.join(fmt(Decimal(ln['quantity'])) for ln in direct) or '0'} = {fmt(total)} công)"
                f" = {fmt(indirect)} công (TT 47/2018 Điều 7; tỷ lệ khai báo)"
            ),
            note="tỷ lệ khai báo khi xây dựng",
        )
    if opts.other_materials_pct is not None:
        data["other_materials_pct"] = opts.other_materials_pct
        data["provenance"]["other_materials_pct"] = Provenance(
            method=Method.MANUAL,
            legal_method=legal_method,
            parameters={"other_materials_pct": opts.other_materials_pct, **declared},
            calculation=f"Vật tư khác = {fmt(opts.other_materials_pct)} % giá trị vật tư chính (tỷ lệ khai báo)",
            note="tỷ lệ khai báo khi xây dựng",
        )
    data["notes"] = (
        list(data.get("notes") or []) + [_summary(method, legal_method, opts)] + [f"Cảnh báo: {w}" for w in warnings]
    )
    norm = Norm.model_validate(data)
    out = BuildResult(norm, warnings, report_rows, [o for r in results for o in r.observations])
    out.stats_lines = [
        (lid, res.stats_sheet, res.line, dict(res.parameters), published) for _, lid, res, published in stats_sheets
    ]
    return out


def _driver_base(line: dict, spec) -> Decimal:
    """Π reference values of the drivers a line scales with (the unit a countable 'per driver' rule counts in)."""
    refs = {d.code: Decimal(d.reference) for d in spec.drivers}
    base = Decimal(1)
    for c in line.get("scales_with") or []:
        if c in refs:
            base *= refs[c]
    return base


def _evidence_location(res: LineResult) -> Location:
    """Where a line's value came from, for an error: the first evidence row (file, sheet, row) when known."""
    import re

    for ref in res.evidence[:1]:
        m = re.fullmatch(r"(.+?)(?:!(.+))?#(\d+)", ref)
        if m:
            return Location(m.group(1), m.group(2), int(m.group(3)), "quantity")
    return Location(field=res.line["id"])


def _split_idle(line: dict, opts: BuildOptions, declared: dict, legal_method: Method) -> None:
    """Split an equipment line's time of use into loaded and idle time by the declared share (TT 47 Art. 7)."""
    places = opts.rounding_decimals
    total = Decimal(line["loaded"])
    share = opts.idle_pct.get(line["id"], opts.idle_pct.get("*"))
    if share is None:
        line["provenance"]["idle"] = Provenance(
            method=Method.MANUAL,
            legal_method=legal_method,
            parameters={"idle_pct": "không khai báo", **declared},
            calculation=f"Thời gian không tải = 0: số liệu chỉ cho tổng thời gian sử dụng {fmt(total)} {line['unit']}, "
            "không tách có tải / không tải; toàn bộ tính là có tải.",
            note="chưa khai báo tỷ lệ không tải",
        )
        return
    idle = round_half_up(total * share / 100, places)
    loaded = total - idle
    line["loaded"], line["idle"] = loaded, idle
    prov = line["provenance"]["loaded"]
    prov.calculation += (
        f"\nTách thời gian sử dụng {fmt(total)} {line['unit']}: không tải {fmt(share)} % = "
        f"{fmt_places(idle, places)}; có tải = {fmt(total)} − {fmt_places(idle, places)} = "
        f"{fmt_places(loaded, places)} {line['unit']}"
    )
    line["provenance"]["idle"] = Provenance(
        method=Method.MANUAL,
        legal_method=legal_method,
        parameters={"idle_pct": share, **declared},
        statistics={"time_of_use": total, "idle": idle},
        calculation=f"Thời gian không tải = {fmt(share)} % × {fmt(total)} = {fmt_places(idle, places)} {line['unit']}"
        " (tỷ lệ khai báo; TT 47/2018/TT-BCT Điều 7: thời gian sử dụng = có tải + không tải)",
        note="tỷ lệ không tải khai báo khi xây dựng",
    )


def _net_text(line: dict) -> str | None:
    loss, rec = Decimal(line.get("loss_rate") or 0), Decimal(line.get("recovery_rate") or 0)
    if not loss and not rec:
        return None
    q = Decimal(line["quantity"])
    net = q * (1 + loss / 100) * (1 - rec / 100)
    return (
        f"Tiêu hao thuần = {fmt(q)} × (1 + {fmt(loss)} %) × (1 − {fmt(rec)} %) = {fmt(fit(net))} "
        f"{line['unit']} (hao hụt, thu hồi theo TT 47/2018 Điều 7)"
    )


def _summary(method: Method, legal_method: Method, opts: BuildOptions) -> str:
    text = f"Xây dựng bằng phương pháp {_LABELS[method.value]}"
    if not method.is_legal_method:
        text += f", hỗ trợ phương pháp {_LABELS[legal_method.value]}"
    text += f" ngày {opts.as_of.isoformat()}; làm tròn {opts.rounding_decimals} chữ số thập phân (HALF-UP)"
    reason = getattr(opts, "years_override_reason", None)
    if isinstance(reason, str):
        text += f"; dòng nào có số liệu không đủ năm liên tục dùng lý do: {reason}"
    elif reason:
        text += "; lý do dùng số liệu không đủ năm liên tục khai báo theo từng dòng: " + "; ".join(
            f"{k}: {v}" for k, v in reason.items()
        )
    return text + "."


def explain(norm: Norm, line_id: str | None = None, field: str = "quantity") -> str:
    """The calculation behind a value of a built norm, as a reader can redo it by hand.

    ``line_id`` is a line id (``LD1``, ``VT2``...) or None for a field of the
    norm itself (``indirect_labour_pct``, ``other_materials_pct``). For an
    equipment line ``quantity`` means its loaded time (``loaded``).

    >>> import pandas as pd, dinhmuc as dm
    >>> rows = [{"service": "KC01", "year": y, "project": p, "line": "LD1", "unit": "công", "quantity": q,
    ...          "learners": 30, "days": d}
    ...         for y, p, q, d in [(2023, "DA1", 58, 60), (2023, "DA2", 45, 45), (2024, "DA3", 59, 60),
    ...                            (2024, "DA4", 60, 60), (2025, "DA5", 61, 60), (2025, "DA6", 58, 60)]]
    >>> result = dm.build_norm("KC01", evidence=pd.DataFrame(rows), options={"as_of": "2026-06-30", "lines": ["LD1"]})
    >>> norm = result.norm
    >>> text = dm.explain(norm, "LD1")
    >>> text.splitlines()[0].startswith("KC01/LD1"), "58,33" in text
    (True, True)
    """
    if line_id is None or line_id == norm.code:
        owner, name = norm, norm.code
    else:
        owner, name = norm.line(line_id), f"{norm.code}/{line_id}"
        if field == "quantity" and "loaded" in owner.traced_fields():
            field = "loaded"
    prov = owner.provenance.get(field)
    if prov is None:
        raise KeyError(tr("build.no_provenance", name=name, field=field, fields=", ".join(owner.provenance) or "-"))
    out = [f"{name} — {field}"]
    if prov.method:
        label = _LABELS.get(prov.method.value, prov.method.label)
        out.append(
            f"Phương pháp: {label}"
            + (
                f" (phục vụ phương pháp {_LABELS[prov.legal_method.value]})"
                if prov.legal_method and prov.legal_method != prov.method and prov.method != Method.MANUAL
                else ""
            )
        )
    if prov.calculation:
        out.append(prov.calculation)
    if prov.evidence:
        shown = prov.evidence[:10]
        out.append(
            "Số liệu sử dụng: "
            + "; ".join(shown)
            + (f"; … ({len(prov.evidence)} dòng)" if len(prov.evidence) > 10 else "")
        )
    for ex in prov.excluded[:20]:
        out.append(f"Loại: {ex.ref} — {ex.reason}")
    if len(prov.excluded) > 20:
        out.append(f"… và {len(prov.excluded) - 20} dòng loại khác")
    if prov.note:
        out.append(f"Ghi chú: {prov.note}")
    if prov.parameters:
        out.append("Tham số: " + "; ".join(f"{k} = {v}" for k, v in prov.parameters.items()))
    return "\n".join(out)
