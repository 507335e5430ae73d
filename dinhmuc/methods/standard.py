"""Standard method (phương pháp tiêu chuẩn, TT 47/2018/TT-BCT Art. 6).

From the operating times (thời gian tác nghiệp) a standard, a design or a
technical process fixes for the work steps of a line, and a working-time regime:

* labour (công) = Σ operating hours x (1 + (preparation + rest)/100) / hours of a
  working day — 8 h (``working_time.hours_per_day``), 6 h for heavy work
  (``working_time.hours_per_day_heavy``); the allowances for preparation and
  closing (chuẩn bị - kết thúc) and rest and personal needs (nghỉ ngơi, nhu cầu
  cá nhân) are declared options, as % of operating time;
* equipment (ca) = Σ operating hours / hours of a ca (``working_time.hours_per_shift``);
  no allowance — a machine does not rest; a line measured in giờ keeps hours;
* materials = Σ the quantities the standard fixes.

All arithmetic is exact (Decimal).

>>> from decimal import Decimal as D
>>> labour_days(D(12), D(10), D(5), D(8))
Decimal('1.725')
"""

from __future__ import annotations

from decimal import Decimal

from ..core.errors import Location, Problem, raise_if
from ..core.i18n import tr
from ._common import Legal, LineResult, dec, fit, fmt, lines_with_evidence
from .options import StandardOptions


def labour_days(hours: Decimal, preparation_pct: Decimal, rest_pct: Decimal, hours_per_day: Decimal) -> Decimal:
    """Công from operating hours: hours x (1 + (preparation + rest)/100) / hours per day."""
    return fit(hours * (1 + (preparation_pct + rest_pct) / 100) / hours_per_day)


def build_lines(ev, specs, opts: StandardOptions, legal: Legal):
    """Norm lines of each service from standards evidence."""
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
            what="số liệu tiêu chuẩn",
            missing=lambda sp, ln: tr("standard.no_standard", code=sp.code, ln=ln["id"], ln2=ln["name"]),
            accepted=tr("standard.acc_row"),
        ):
            lid = line["id"]
            need = "quantity" if line["component"] == "materials" else "hours"
            label = "Số lượng theo tiêu chuẩn" if need == "quantity" else "Thời gian tác nghiệp (giờ)"
            blank = sub.index[sub[need].isna()]
            for r in blank:
                problems.append(
                    Problem(
                        tr("standard.give_need", code=spec.code, lid=lid, line=line["component"], need=need),
                        Location(ev.source, ev.sheet, int(r), need, label),
                        "missing",
                        tr("standard.acc_need"),
                    )
                )
            if len(blank):
                continue
            results.append(_line(ev, spec, line, sub, need, opts, legal))
        out[spec.code] = (results, warnings)
    raise_if(problems, ev.where)
    return out


def _line(ev, spec, line, sub, need, opts: StandardOptions, legal: Legal) -> LineResult:
    rows = [(int(r), rec) for r, rec in sub.sort_index().iterrows()]
    values = [dec(rec[need]) for _, rec in rows]
    total = sum(values, Decimal(0))
    unit = line["unit"]
    steps = [
        f"{spec.code}/{line['id']} — {line['name']} ({unit} / 01 {spec.unit})",
        f"Phương pháp tiêu chuẩn (TT 47/2018/TT-BCT Điều 6): số liệu {ev.where}.",
    ]
    what = "thời gian tác nghiệp (giờ)" if need == "hours" else f"số lượng ({unit})"
    steps.append(f"1. Tổng {what} theo tiêu chuẩn, thiết kế:")
    for (r, rec), v in zip(rows, values):
        step = f" {rec['step']}" if isinstance(rec.get("step"), str) else ""
        steps.append(f"   #{r}{step} ({rec['source']}): {fmt(v)}")
    steps.append(f"   Σ = {' + '.join(fmt(v) for v in values)} = {fmt(total)}")
    params: dict = {}
    stats = {"n": len(values), "operating_total": total}
    if line["component"] == "labour":
        name = "working_time.hours_per_day_heavy" if line["heavy"] else "working_time.hours_per_day"
        day = legal.number(name)
        p, rest = opts.preparation_pct, opts.rest_pct
        value = labour_days(total, p, rest, day)
        standard_hours = fit(total * (1 + (p + rest) / 100))
        steps.append(
            f"2. Thời gian định mức = {fmt(total)} × (1 + ({fmt(p)} % chuẩn bị - kết thúc + {fmt(rest)} % "
            f"nghỉ ngơi, nhu cầu cá nhân)) = {fmt(standard_hours)} giờ"
        )
        steps.append(f"3. Quy đổi ra công: {fmt(standard_hours)} / {fmt(day)} giờ/công = {fmt(value)} công")
        params.update(preparation_pct=p, rest_pct=rest, hours_per_day=day)
        stats["standard_hours"] = standard_hours
    elif line["component"] == "equipment":
        if unit == "ca":
            shift = legal.number("working_time.hours_per_shift")
            value = fit(total / shift)
            steps.append(f"2. Quy đổi ra ca: {fmt(total)} / {fmt(shift)} giờ/ca = {fmt(value)} ca")
            params["hours_per_shift"] = shift
        else:
            value = total
            steps.append(f"2. Thiết bị tính bằng giờ: {fmt(value)} giờ")
    else:
        value = total
        steps.append(f"2. Giá trị định mức = {fmt(value)} {unit}")
    evidence = [ev.ref(r) for r, _ in rows]
    params["sources"] = "; ".join(sorted({str(rec["source"]) for _, rec in rows}))
    return LineResult(line, value, evidence, [], stats, params, steps, [])
