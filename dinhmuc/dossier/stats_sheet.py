"""Sheet ``Thống kê`` of the workbook: the statistical method redone with live formulas.

For every line built by statistical aggregation (TT 47/2018/TT-BCT Art. 6) the
sheet holds its observations and the formulas an appraiser can follow in Excel
or LibreOffice:

* per-unit value of each settlement = quantity × reference / actual for each
  scale driver of the line (``=D5*E5/F5``);
* the screen: Q1 and Q3 with ``QUARTILE.INC`` (or ``QUARTILE.EXC``, or ``SMALL``
  for the inverted-CDF rule, as declared), the Tukey fences (the spread limit
  around Q1 and Q3 when the IQR is below one rounding step), or the bounds of the
  20 % spread group, and a
  keep flag ``=IF(AND(value>=lower,value<=upper),1,0)`` per row;
* mean ``AVERAGEIFS`` over the kept rows, progressive average
  ``AVERAGEIFS(values, keep, 1, values, "<="&mean)`` (``">="`` for output), the
  declared variant, and the published value ``ROUND(value, decimals)`` beside
  the value in the norm, with a check cell.

A summary table at the top lists every line with its recalculated and published
value. The rows are the ones the method used (the line's years, quantities above
0); rows set aside by the years rule or for a quantity of 0 are named in the
norm's provenance, not repeated here. Lines built from more rows than the
build listed (``max_listed_rows``) are summarised, not repeated.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl.utils import get_column_letter

SHEET = "Thống kê"
SUMMARY_HEADERS = [
    "Mã định mức",
    "Mã dòng",
    "Nội dung",
    "Đơn vị",
    "Phương pháp sàng lọc",
    "Giá trị tính lại",
    "Giá trị công bố",
    "Khớp",
    "Khối tính",
]

__all__ = ["SHEET", "add_stats_sheet", "stats_lines_of"]


def stats_lines_of(results: dict[str, Any]) -> list[tuple]:
    """The statistically built lines of build results (code -> BuildResult), for :func:`add_stats_sheet`."""
    out = []
    for code, result in results.items():
        for lid, data, line, params, published in getattr(result, "stats_lines", None) or []:
            if data and data.get("rows"):
                out.append((code, lid, line["name"], line["unit"], data, published))
    return out


def _num(x: Any) -> float | int:
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    d = Decimal(x)
    return int(d) if d == d.to_integral_value() and abs(d) < 2**53 else float(d)


def add_stats_sheet(wb, lines: list[tuple]) -> None:
    """Add the sheet ``Thống kê`` to an openpyxl workbook ``wb`` (nothing when ``lines`` is empty)."""
    if not lines:
        return
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.formula import ArrayFormula

    ws = wb.create_sheet(SHEET)
    bold = Font(name="Times New Roman", bold=True, size=12)
    body = Font(name="Times New Roman", size=12)
    fill = PatternFill("solid", fgColor="DDEBF7")

    from copy import copy

    styles: dict[tuple, Any] = {}

    def put(r, c, v, b=False, fmt=None):
        cell = ws.cell(row=r, column=c, value=v)
        style = styles.get((b, fmt))
        if style is None:  # the first cell of a kind is styled; the next ones copy its style indices
            cell.font = bold if b else body
            if fmt:
                cell.number_format = fmt
            styles[(b, fmt)] = copy(cell._style)
        else:  # the same file: openpyxl looked each font up in its style table for every cell (a third of the time)
            cell._style = copy(style)
        return cell

    for j, h in enumerate(SUMMARY_HEADERS, start=1):
        c = put(1, j, h, True)
        c.fill = fill
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = "A2"
    r = len(lines) + 3  # the blocks start below the summary and a blank row
    for i, (code, lid, name, unit, data, published) in enumerate(lines):
        srow = 2 + i
        d = int(data["decimals"])
        drivers = data["rows"][0][4] if data["rows"] else []
        put(r, 1, f"{code}/{lid} — {name} ({unit} / 01 đơn vị định mức)", True)
        r += 1
        head = ["Dòng số liệu", "Năm", "Dự án", "Số lượng"]
        for label, _, _ in drivers:
            head += [f"{label} (tham chiếu)", f"{label} (thực tế)"]
        head += ["Giá trị quy đổi", "Giữ (1 = giữ)"]
        for j, h in enumerate(head, start=1):
            put(r, j, h, True).fill = fill
        vcol, kcol = 5 + 2 * len(drivers), 6 + 2 * len(drivers)
        V, K = get_column_letter(vcol), get_column_letter(kcol)
        first = r + 1
        last = r + len(data["rows"])
        summary_row = last + 2
        # the named rows of the calculation below the observations
        countable = data.get("countable")
        labels = (
            [
                "Q1",
                "Q3",
                "IQR",
                "k (IQR)",
                "Bước làm tròn",
                "Cận dưới",
                "Cận trên",
                "Số giá trị giữ (n)",
                "Trung bình",
                "Trung bình tiên tiến",
                "Giá trị định mức (chưa làm tròn)",
                "Giá trị định mức = ROUND",
            ]
            + (["Đơn vị đếm được: số nguyên"] if countable else [])
            + ["Giá trị công bố trong định mức", "Khớp"]
        )
        at = {lab: summary_row + k for k, lab in enumerate(labels)}
        cell = {lab: f"$B${at[lab]}" for lab in labels}
        for k_, (ref, year, project, qty, drv) in enumerate(data["rows"]):
            rr = first + k_
            put(rr, 1, ref)
            put(rr, 2, year)
            put(rr, 3, project)
            put(rr, 4, _num(qty), fmt="#,##0.######")
            parts = [f"D{rr}"]
            for j, (_, ref_v, act) in enumerate(drv):
                ce, ca = 5 + 2 * j, 6 + 2 * j
                put(rr, ce, _num(ref_v))
                put(rr, ca, _num(act), fmt="#,##0.######")
                parts.append(f"{get_column_letter(ce)}{rr}/{get_column_letter(ca)}{rr}")
            put(rr, vcol, "=" + "*".join(parts), fmt="#,##0.0000")
            put(rr, kcol, f"=IF(AND({V}{rr}>={cell['Cận dưới']},{V}{rr}<={cell['Cận trên']}),1,0)")
        vals, keep = f"${V}${first}:${V}${last}", f"${K}${first}:${K}${last}"
        rule, qrule = data["outlier_rule"], data["quartile_rule"]
        if qrule == "inc":
            q1, q3 = f"=_xlfn.QUARTILE.INC({vals},1)", f"=_xlfn.QUARTILE.INC({vals},3)"
        elif qrule == "exc":  # outside the sample Excel errs; the method takes the first/last value
            q1 = f"=IFERROR(_xlfn.QUARTILE.EXC({vals},1),IF((COUNT({vals})+1)/4<1,MIN({vals}),MAX({vals})))"
            q3 = f"=IFERROR(_xlfn.QUARTILE.EXC({vals},3),IF(3*(COUNT({vals})+1)/4<1,MIN({vals}),MAX({vals})))"
        else:
            q1 = f"=SMALL({vals},MAX(1,ROUNDUP(COUNT({vals})*0.25,0)))"
            q3 = f"=SMALL({vals},MAX(1,ROUNDUP(COUNT({vals})*0.75,0)))"
        rows = {
            "Q1": q1,
            "Q3": q3,
            "IQR": f"={cell['Q3']}-{cell['Q1']}",
            "k (IQR)": _num(data["iqr_k"]),
            "Bước làm tròn": f"=10^-{d}",
        }
        if rule == "iqr":  # below one rounding step (ties) the fences are the spread limit around Q1 and Q3
            lim = f"(1+{_num(data['spread_max'])}/100)"
            rows["Cận dưới"] = (
                f"=IF({cell['IQR']}<{cell['Bước làm tròn']},{cell['Q1']}/{lim},"
                f"{cell['Q1']}-{cell['k (IQR)']}*{cell['IQR']})"
            )
            rows["Cận trên"] = (
                f"=IF({cell['IQR']}<{cell['Bước làm tròn']},{cell['Q3']}*{lim},"
                f"{cell['Q3']}+{cell['k (IQR)']}*{cell['IQR']})"
            )
        elif rule == "spread20":  # the group is found by the rule; its bounds are written, their spread checked
            rows["Cận dưới"] = _num(data["lo"])
            rows["Cận trên"] = _num(data["hi"])
        else:
            rows["Cận dưới"], rows["Cận trên"] = f"=MIN({vals})", f"=MAX({vals})"
        rows["Số giá trị giữ (n)"] = f"=SUM({keep})"
        rows["Trung bình"] = f"=AVERAGEIFS({vals},{keep},1)"
        side = "<=" if data["direction"] == "consumption" else ">="
        rows["Trung bình tiên tiến"] = f'=AVERAGEIFS({vals},{keep},1,{vals},"{side}"&{cell["Trung bình"]})'
        stat, variant = data["statistic"], data["progressive_variant"]
        if stat == "progressive_average":
            rows["Giá trị định mức (chưa làm tròn)"] = (
                f"=({cell['Trung bình tiên tiến']}+{cell['Trung bình']})/2"
                if variant == "average_with_mean"
                else f"={cell['Trung bình tiên tiến']}"
            )
        elif stat == "mean":
            rows["Giá trị định mức (chưa làm tròn)"] = f"={cell['Trung bình']}"
        else:
            ref_cell = f"B{at['Giá trị định mức (chưa làm tròn)']}"
            rows["Giá trị định mức (chưa làm tròn)"] = ArrayFormula(ref_cell, f"=MEDIAN(IF({keep}=1,{vals}))")
        rows["Giá trị định mức = ROUND"] = f"=ROUND({cell['Giá trị định mức (chưa làm tròn)']},{d})"
        final = cell["Giá trị định mức = ROUND"]
        if countable:  # a countable unit (tờ, bộ, cái…) is made whole by the declared rule (methods/countable.py)
            mode, base = countable.get("countable_rounding.mode"), _num(countable["base"])
            inner = f"{final}/{base}" if base != 1 else final
            whole = {"up": f"ROUNDUP({inner},0)", "half_up": f"ROUND({inner},0)"}.get(mode, inner)
            rows["Đơn vị đếm được: số nguyên"] = f"={whole}*{base}" if base != 1 else f"={whole}"
            final = cell["Đơn vị đếm được: số nguyên"]
        rows["Giá trị công bố trong định mức"] = _num(published)
        rows["Khớp"] = f'=IF({final}={cell["Giá trị công bố trong định mức"]},"khớp","KHÔNG KHỚP")'

        notes = {
            "Cận dưới": "nhóm nhiều giá trị nhất có độ dao động ≤ giới hạn (quy tắc spread20)"
            if rule == "spread20"
            else ("khi IQR < bước làm tròn: Q1/(1 + giới hạn độ dao động)" if rule == "iqr" else "không loại"),
            "Q1": {"inc": "QUARTILE.INC", "exc": "QUARTILE.EXC", "inverted_cdf": "giá trị thứ ⌈n/4⌉"}[qrule],
        }
        for lab in labels:
            put(at[lab], 1, lab, True)
            put(
                at[lab],
                2,
                rows[lab],
                lab.startswith(("Giá trị định mức =", "Đơn vị đếm")),
                fmt="#,##0.0000" if lab not in ("Số giá trị giữ (n)", "Khớp") else None,
            )
            if lab in notes:
                put(at[lab], 3, notes[lab])
        if rule == "spread20":
            put(at["Cận trên"], 3, f"=({cell['Cận trên']}-{cell['Cận dưới']})/{cell['Cận dưới']}*100")
            put(at["Cận trên"], 4, "% (độ dao động của nhóm giữ lại)")
        # the summary row of the line
        for j, v in enumerate(
            [
                code,
                lid,
                name,
                unit,
                {"iqr": f"IQR ({qrule})", "spread20": "spread20", "none": "không"}[rule],
                f"={final}",
                _num(published),
                f"={cell['Khớp']}",
                f"A{first - 2}",
            ],
            start=1,
        ):
            put(srow, j, v)
        r = at["Khớp"] + 3
    ws.column_dimensions["A"].width = 34
    for col in range(2, 16):
        ws.column_dimensions[get_column_letter(col)].width = 16
    from .workbook import print_setup

    print_setup(ws, SHEET)
