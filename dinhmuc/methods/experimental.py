"""Experimental analysis (phương pháp phân tích thực nghiệm, TT 47/2018/TT-BCT Art. 6): time studies.

For each work step of a labour or equipment line, from the observations:

1. observed time per unit of output t = duration / output (minutes);
2. normal time (thời gian chuẩn hoá) = t x rating / 100 (100 % = normal pace) — for labour
   only: a machine's running time is not paced by a worker, so equipment lines take the
   observed time per unit as it is (no rating);
3. standard time = mean normal time x (1 + (preparation + rest)/100) — declared allowances,
   for labour only: a machine takes no rest and no personal time, so its standard time is
   the mean observed time (as in the standard method; 124 machine-minutes are 124/480 ca
   either way);
4. the line's time per unit of the norm = Σ over its steps of standard time x volume
   (units of the step's product in one unit of the norm; declared, 1 by default);
5. quantity = time / 60 / hours of a working day (labour, ``working_time.hours_per_day``; 6 h
   when heavy) or of a ca (equipment) x K, the conversion coefficient (hệ số chuyển đổi),
   which may not exceed the legal cap for its data source (``norm_rules.k_cap_labour`` /
   ``k_cap_machine``);
6. the sample size a declared accuracy a and confidence (z) need, n = (z s / (a x̄))²,
   and a verdict whether more observations are required.

All arithmetic is exact (Decimal) except z, taken from the normal distribution and
rounded to 3 decimals (1.960 for 95 %); the rounded z is recorded.

>>> from decimal import Decimal as D
>>> required_sample_size([D(10), D(12), D(11), D(9), D(13)], D(5), D(95))
(Decimal('1.960'), 32)
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

from ..core.errors import Location, Problem, raise_if
from ..core.i18n import tr
from ._common import Legal, LineResult, dec, fit, fmt, line_specs, lines_with_evidence
from .options import ExperimentalOptions


def z_value(confidence_pct: Decimal) -> Decimal:
    """The two-sided normal quantile for a confidence, rounded to 3 decimals.

    >>> z_value(Decimal(95)), z_value(Decimal(90))
    (Decimal('1.960'), Decimal('1.645'))
    """
    z = NormalDist().inv_cdf(0.5 + float(confidence_pct) / 200)
    return Decimal(repr(z)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _mean_std(values: list[Decimal]) -> tuple[Decimal, Decimal | None]:
    n = len(values)
    mean = sum(values, Decimal(0)) / n
    if n < 2:
        return mean, None
    var = sum(((v - mean) ** 2 for v in values), Decimal(0)) / (n - 1)
    return mean, var.sqrt()


def required_sample_size(
    values: list[Decimal], accuracy_pct: Decimal, confidence_pct: Decimal
) -> tuple[Decimal, int | None]:
    """(z, n) with n = ceil((z s / (a x̄))²), the observations a declared accuracy and confidence need."""
    z = z_value(confidence_pct)
    mean, s = _mean_std(values)
    if s is None or mean == 0:
        return z, None
    n = (z * s / (accuracy_pct / 100 * mean)) ** 2
    return z, int(math.ceil(n))


def build_lines(ev, specs, opts: ExperimentalOptions, legal: Legal):
    """Norm lines of each service from time-study evidence."""
    f = ev.frame
    out = {}
    problems: list[Problem] = []
    min_obs = int(legal.get("norm_rules.min_observations"))
    for spec in specs:
        results, warnings = [], []
        sub_s = f[f["service"] == spec.code]
        lines = {ln["id"]: ln for ln in line_specs(spec)}
        # the work step of each observation must be one of the catalogue's (and of the labour line's own steps)
        known = [w.code for w in spec.work_steps]
        for r, rec in sub_s.iterrows():
            ln = lines.get(rec["line"])
            allowed = (ln or {}).get("steps") or known
            if known and str(rec["step"]) not in allowed:
                problems.append(
                    Problem(
                        tr("experimental.unknown_step", rec=rec["step"], code=spec.code, rec2=rec["line"]),
                        Location(ev.source, ev.sheet, int(r), "step", "Bước công việc"),
                        "unknown_step",
                        ", ".join(allowed),
                    )
                )
        for r in sub_s.index[sub_s["line"].map(lambda x: lines.get(x, {}).get("component") == "materials")]:
            problems.append(
                Problem(
                    tr("experimental.material_line", code=spec.code, at=sub_s.at[r, "line"]),
                    Location(ev.source, ev.sheet, int(r), "line", "Mã dòng"),
                    "wrong_line",
                    tr("experimental.acc_line"),
                )
            )
        if opts.lines is None and any(ln["component"] == "materials" for ln in lines.values()):
            warnings.append(tr("experimental.no_materials", code=spec.code))
        for line, sub in lines_with_evidence(
            ev,
            spec,
            opts,
            warnings,
            problems,
            what="số liệu bấm giờ",
            missing=lambda sp, ln: tr("experimental.no_observation", code=sp.code, ln=ln["id"]),
            accepted=tr("experimental.acc_observations"),
            skip=lambda ln: ln["component"] == "materials",
        ):
            try:
                res = _line(ev, spec, line, sub, opts, legal, min_obs)
            except _KError as exc:
                problems.append(exc.problem)
                continue
            results.append(res)
            warnings.extend(res.warnings)
        out[spec.code] = (results, warnings)
    raise_if(problems, ev.where)
    return out


class _KError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _line(ev, spec, line, sub, opts: ExperimentalOptions, legal: Legal, min_obs: int) -> LineResult:
    code, lid, unit = spec.code, line["id"], line["unit"]
    labour = line["component"] == "labour"
    cap_name = "norm_rules.k_cap_labour" if labour else "norm_rules.k_cap_machine"
    cap = legal.number(cap_name, opts.k_source)
    if opts.k < 1 or opts.k > cap:
        raise _KError(
            Problem(
                tr(
                    "experimental.k_outside",
                    k=opts.k,
                    cap=cap,
                    value=tr("experimental.labour") if labour else tr("experimental.equipment"),
                    k_source=opts.k_source,
                    cap_name=cap_name,
                ),
                Location(field="k"),
                "k_over_cap" if opts.k > cap else "k_below_one",
                tr("experimental.acc_k", cap=cap),
            )
        )
    allowance = opts.preparation_pct + opts.rest_pct
    steps = [
        f"{code}/{lid} — {line['name']} ({unit} / 01 {spec.unit})",
        f"Phương pháp phân tích thực nghiệm (TT 47/2018/TT-BCT Điều 6): bấm giờ {ev.where}.",
    ]
    stats: dict = {}
    warnings: list[str] = []
    total = Decimal(0)
    evidence = []
    z = None
    for i, (step, grp) in enumerate(sorted(sub.groupby("step"), key=lambda kv: kv[0]), start=1):
        grp = grp.sort_index()
        normal = []
        steps.append(
            f"{i}. Bước {step}: thời gian chuẩn hoá = thời gian quan sát / khối lượng"
            + (" × mức độ thực hiện" if labour else "")
        )
        for r, rec in grp.iterrows():
            dur, outp, rating = dec(rec["duration_min"]), dec(rec["output"]), dec(rec["rating_pct"])
            evidence.append(ev.ref(int(r)))
            if labour:
                tn = fit(dur / outp * rating / 100)
                steps.append(
                    f"   #{int(r)} (lần {rec['observation']}): {fmt(dur)} phút / {fmt(outp)} × "
                    f"{fmt(rating)} % = {fmt(tn)} phút"
                )
            else:  # machine time: no performance rating (a machine is not paced by a worker)
                tn = fit(dur / outp)
                steps.append(
                    f"   #{int(r)} (lần {rec['observation']}): {fmt(dur)} phút máy / {fmt(outp)} = "
                    f"{fmt(tn)} phút (thời gian máy: không nhân mức độ thực hiện)"
                )
            normal.append(tn)
        n = len(normal)
        mean, s = _mean_std(normal)
        mean = fit(mean)
        volume = opts.volumes.get(str(step), Decimal(1))
        z, n_req = required_sample_size(normal, opts.accuracy_pct, opts.confidence_pct)
        if labour:
            std_time = fit(mean * (1 + allowance / 100))
            allowance_text = (
                f"định mức thời gian = {fmt(mean)} × (1 + ({fmt(opts.preparation_pct)} + "
                f"{fmt(opts.rest_pct)}) %) = {fmt(std_time)} phút"
            )
        else:  # a machine takes no preparation/rest allowance (TT 47 Art. 7: time of use of the machine)
            std_time = mean
            allowance_text = f"định mức thời gian máy = {fmt(mean)} phút (máy không có thời gian nghỉ, chuẩn bị)"
        part = fit(std_time * volume)
        total += part
        steps.append(
            f"   Trung bình = ({' + '.join(fmt(v) for v in normal)})/{n} = {fmt(mean)} phút; "
            f"{allowance_text}; × khối lượng {fmt(volume)} = {fmt(part)} phút"
        )
        if n_req is None:
            verdict = "chưa đủ: cần ít nhất 2 lần quan sát để ước lượng độ lệch chuẩn"
            warnings.append(tr("experimental.too_few", code=code, lid=lid, step=step))
        else:
            need = max(n_req, min_obs)
            verdict = "đủ" if n >= need else f"cần thêm {need - n} lần quan sát"
            steps.append(
                f"   Cỡ mẫu cần: n = (z s / (a x̄))² = ({fmt(z)} × {fmt(fit(s))} / ({fmt(opts.accuracy_pct)} % × "
                f"{fmt(mean)}))² → {n_req}; tối thiểu {min_obs} (norm_rules.min_observations); "
                f"đã có {n}: {verdict}"
            )
            if n < need:
                warnings.append(tr("experimental.more_observations", code=code, lid=lid, step=step, n=n, more=need - n))
            stats[f"{step}.n_required"] = n_req
        stats.update(
            {
                f"{step}.n": n,
                f"{step}.mean_normal_min": mean,
                f"{step}.standard_min": std_time,
                f"{step}.volume": volume,
                f"{step}.verdict": verdict,
            }
        )
        if s is not None:
            stats[f"{step}.std"] = fit(s)
            if mean:
                stats[f"{step}.cv_pct"] = fit(s / mean * 100)
    total = fit(total)
    if labour:
        name = "working_time.hours_per_day_heavy" if line["heavy"] else "working_time.hours_per_day"
        per = legal.number(name)
        what = "giờ/công"
    else:
        per = legal.number("working_time.hours_per_shift") if unit == "ca" else Decimal(1)
        what = "giờ/ca" if unit == "ca" else "giờ"
    value = fit(total / 60 / per * opts.k)
    steps.append(
        f"Tổng thời gian = {fmt(total)} phút; quy đổi: {fmt(total)} / 60 / {fmt(per)} {what} × K {fmt(opts.k)}"
        f" = {fmt(value)} {unit}"
    )
    stats["total_min"] = total
    params = {
        "preparation_pct": opts.preparation_pct if labour else "không áp dụng cho thời gian máy",
        "rest_pct": opts.rest_pct if labour else "không áp dụng cho thời gian máy",
        "k": opts.k,
        "k_source": opts.k_source,
        f"{cap_name}.{opts.k_source}": cap,
        "accuracy_pct": opts.accuracy_pct,
        "confidence_pct": opts.confidence_pct,
        "z": z,
    }
    return LineResult(line, value, evidence, [], stats, params, steps, warnings)
