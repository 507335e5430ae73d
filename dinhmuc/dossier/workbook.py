"""Bảng tính kiểm tra — the auditable Excel workbook of the dossier (norms -> prices -> costs).

Sheets, linked by live formulas so an analyst can follow the chain and change a
price in Excel:

=================  ===========================================================
``Tham số``        declared parameters with citations; named cells
                   ``LuongCoSo``, ``TyLeDongGop`` (= SUM of the contributions),
                   ``NgayCongThang``, ``GioCong``, ``TyLeQuanLy``
``Hệ số lương``    one row per grade/step: coefficient and the day rate
                   ``= coefficient x LuongCoSo x (1 + TyLeDongGop/100) / NgayCongThang``
``Đơn giá``        material and equipment prices (đồng per unit / per ca or giờ)
``Định mức``       one row per norm line; the quantity costed
                   (labour: công; materials: ``q x (1 + loss/100) x (1 - recovery/100)``;
                   equipment: ``loaded + idle``)
``Chi phí``        one row per line: quantity (link to ``Định mức``) x price
                   (INDEX/MATCH on ``Hệ số lương`` or ``Đơn giá``), ``ROUND(..., 0)``
``Tổng hợp``       per norm: SUMIFS of the lines, indirect labour and other
                   materials as % (ROUND), management % of direct costs, unit price
=================  ===========================================================

Rounding is half-up to whole đồng at each line and each percentage row (Excel's
ROUND), exactly as :func:`reference_costs` does with Decimal. The workbook has
no cached values and asks Excel to recalculate on load; its bytes are fixed
for fixed inputs (fixed document properties and zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

__all__ = ["CostInputs", "reference_costs", "write_workbook"]

_FIXED_TIME = _dt.datetime(2000, 1, 1)
MONEY = "#,##0"
QTY = "#,##0.00"
COMP_VN = {"labour": "Lao động", "materials": "Vật tư", "equipment": "Thiết bị"}


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def _r0(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass
class CostInputs:
    """Inputs of the workbook's costing formulas (documented formulas of the costing step).

    ``prices`` maps a material or equipment *name* to its price (đồng per the
    line's unit; equipment per ca or giờ). ``coefficients`` maps ``(grade,
    step)`` to the salary coefficient. Percentages are numbers of per cent
    (23.5 means 23,5 %).
    """

    on: _dt.date
    base_salary: Decimal
    contributions: dict[str, tuple[str, Decimal]]  # key -> (label, pct)
    working_days_per_month: Decimal
    hours_per_day: Decimal = Decimal(8)
    management_pct: Decimal = Decimal(0)
    coefficients: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    prices: dict[str, Decimal] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)

    @property
    def contributions_pct(self) -> Decimal:
        return sum((v for _, v in self.contributions.values()), Decimal(0))

    @classmethod
    def from_parameters(cls, norm_set, on: _dt.date, *, prices: Mapping[str, Any] | None = None,
                        management_pct=None, working_days_per_month=None, parameters=None) -> CostInputs:
        """Inputs from the dated legal parameters in force on ``on`` (data/params)."""
        from ..params import default_parameters
        from ..registry import default_registry

        p = parameters or default_parameters()
        cites: dict[str, str] = {}

        def get(name, fallback=None):
            try:
                v = p.get(name, on)
            except Exception:  # noqa: BLE001 - a parameter file another module has not shipped yet
                if fallback is None:
                    raise
                cites[name] = "khai báo của dự án"
                return _d(fallback)
            cites[name] = str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)")
            return v.value

        base = _d(get("base_salary.base_salary"))
        contributions = {}
        for key in ("social_insurance", "health_insurance", "unemployment_insurance", "trade_union_fee"):
            name = f"contributions.{key}"
            try:
                v = p.get(name, on)
            except Exception:  # noqa: BLE001
                continue
            contributions[key] = (v.label, _d(v.value))
            cites[name] = str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)")
        days = _d(working_days_per_month) if working_days_per_month is not None else _d(
            get("costing_rules.working_days_per_month", 22))
        if working_days_per_month is not None:
            cites["costing_rules.working_days_per_month"] = "khai báo của dự án"
        hours = _d(get("working_time.hours_per_day", 8))
        if management_pct is None:
            try:
                mg = _d(p.value("costing_rules.management_pct", on))
                cites["management_pct"] = "tham số costing_rules.management_pct"
            except Exception:  # noqa: BLE001 - TTLT 26/2014 fixes no rate for prices: declared, 0 when absent
                mg = Decimal(0)
                cites["management_pct"] = "chưa khai báo (0 %)"
        else:
            mg = _d(management_pct)
            cites["management_pct"] = "khai báo của dự án"
        groups = get("salary_coefficients.groups")
        reg = default_registry()
        coefs = {}
        for norm in norm_set:
            for line in norm.labour:
                grade = reg.grades.get(line.grade)
                step = line.step or 1
                g = groups.get(grade.salary_group) if grade else None
                if g is not None:
                    coefs[(line.grade, step)] = _d(g["first"]) + (step - 1) * _d(g["increment"])
        return cls(on=on, base_salary=base, contributions=contributions, working_days_per_month=days,
                   hours_per_day=hours, management_pct=mg, coefficients=coefs,
                   prices={k: _d(v) for k, v in (prices or {}).items()}, citations=cites)

    def day_rate(self, grade: str, step: int | None) -> Decimal:
        coef = self.coefficients.get((grade, step or 1), Decimal(0))
        return coef * self.base_salary * (1 + self.contributions_pct / 100) / self.working_days_per_month


def _quantity(comp: str, line, hours: Decimal) -> Decimal:
    if comp == "labour":
        return line.in_cong(hours)
    if comp == "materials":
        return line.quantity * (1 + line.loss_rate / 100) * (1 - line.recovery_rate / 100)
    return line.loaded + line.idle


def reference_costs(norm_set, inputs: CostInputs) -> dict[str, dict[str, Decimal]]:
    """The workbook's figures computed with Decimal (half-up to whole đồng at the same steps).

    Per norm: ``labour`` (direct lines + indirect %), ``materials`` (lines +
    other %), ``equipment``, ``management`` and ``total``; plus ``lines``:
    line id -> amount.
    """
    out = {}
    for norm in norm_set:
        sums = {"labour": Decimal(0), "materials": Decimal(0), "equipment": Decimal(0)}
        lines = {}
        for comp, line in norm.lines():
            q = _quantity(comp, line, inputs.hours_per_day)
            price = (inputs.day_rate(line.grade, line.step) if comp == "labour"
                     else inputs.prices.get(line.name, Decimal(0)))
            amount = _r0(q * price)
            lines[line.id] = amount
            sums[comp] += amount
        indirect = _r0(sums["labour"] * (norm.indirect_labour_pct or 0) / 100)
        other = _r0(sums["materials"] * (norm.other_materials_pct or 0) / 100)
        labour = sums["labour"] + indirect
        materials = sums["materials"] + other
        direct = labour + materials + sums["equipment"]
        management = _r0(direct * inputs.management_pct / 100)
        out[norm.code] = {"labour": labour, "materials": materials, "equipment": sums["equipment"],
                          "management": management, "total": direct + management, "lines": lines}
    return out


# ============================================================================ writing
def _fit(ws, widths: dict[int, int]) -> None:
    from openpyxl.utils import get_column_letter

    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), 60)


class _Sheet:
    def __init__(self, wb, title: str, headers: list[str]):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = wb.create_sheet(title)
        self.widths = {}
        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font = Font(name="Times New Roman", bold=True, size=12)
        fill = PatternFill("solid", fgColor="DDEBF7")
        for j, h in enumerate(headers, start=1):
            c = self.ws.cell(row=1, column=j, value=h)
            c.font, c.fill, c.border = font, fill, self.border
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            self.widths[j] = min(len(h), 24)
        self.ws.freeze_panes = "A2"
        self.row = 1
        self.body_font = Font(name="Times New Roman", size=12)
        self.bold_font = Font(name="Times New Roman", size=12, bold=True)

    def add(self, values: list, formats: dict[int, str] | None = None, bold: bool = False) -> int:
        self.row += 1
        for j, v in enumerate(values, start=1):
            if v is None:
                continue
            c = self.ws.cell(row=self.row, column=j, value=float(v) if isinstance(v, Decimal) and v != v.to_integral()
                             else (int(v) if isinstance(v, Decimal) else v))
            if isinstance(v, str) and not v.startswith("="):
                c.data_type = "s"
            c.font = self.bold_font if bold else self.body_font
            c.border = self.border
            if formats and j in formats:
                c.number_format = formats[j]
            width = 14 if isinstance(v, str) and v.startswith("=") else len(str(v))
            self.widths[j] = max(self.widths.get(j, 0), min(width, 60))
        return self.row

    def done(self):
        _fit(self.ws, self.widths)


def _sheet_ref(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write_workbook(norm_set, path, inputs: CostInputs) -> Path:
    """Write the auditable workbook to ``path`` (atomically, byte-reproducibly); returns the path."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    wb.remove(wb.active)
    # -- Tham số
    ts = _Sheet(wb, "Tham số", ["Mã tham số", "Tham số", "Giá trị", "Đơn vị", "Căn cứ"])
    P = _sheet_ref("Tham số")
    names = {}

    def param(key, label, value, unit, cite, name=None, fmt=MONEY):
        r = ts.add([key, label, value, unit, cite], {3: fmt})
        if name:
            names[name] = f"{P}!$C${r}"
        return r

    param("base_salary", "Mức lương cơ sở", inputs.base_salary, "đồng/tháng",
          inputs.citations.get("base_salary.base_salary", ""), "LuongCoSo")
    first = None
    for key, (label, pct) in inputs.contributions.items():
        r = param(key, label, pct, "%", inputs.citations.get(f"contributions.{key}", ""), fmt=QTY)
        first = first or r
    if first is None:
        r = ts.add(["contributions_total", "Các khoản đóng góp theo lương (tổng)", Decimal(0), "%", ""], {3: QTY})
    else:
        r = ts.add(["contributions_total", "Các khoản đóng góp theo lương (tổng)", f"=SUM(C{first}:C{ts.row})", "%",
                    "tổng các dòng trên"], {3: QTY}, bold=True)
    names["TyLeDongGop"] = f"{P}!$C${r}"
    param("working_days_per_month", "Số ngày làm việc bình quân một tháng", inputs.working_days_per_month,
          "ngày/tháng", inputs.citations.get("costing_rules.working_days_per_month", ""), "NgayCongThang", QTY)
    param("hours_per_day", "Số giờ làm việc một ngày (1 công)", inputs.hours_per_day, "giờ",
          inputs.citations.get("working_time.hours_per_day", ""), "GioCong", QTY)
    param("management_pct", "Chi phí quản lý (% chi phí trực tiếp)", inputs.management_pct, "%",
          inputs.citations.get("management_pct", ""), "TyLeQuanLy", QTY)
    ts.add(["on", "Ngày áp dụng tham số", inputs.on.isoformat(), "", ""])
    ts.done()
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)

    # -- Hệ số lương
    from ..registry import default_registry

    reg = default_registry()
    hs = _Sheet(wb, "Hệ số lương", ["Khóa", "Hạng, bậc", "Nhóm hệ số", "Hệ số lương", "Đơn giá ngày công (đồng)"])
    grades = sorted({(l.grade, l.step or 1) for n in norm_set for l in n.labour})
    for g, s in grades:
        grade = reg.grades.get(g)
        r = hs.row + 1
        hs.add([f"{g}/{s}", grade.describe(s) if grade else g, grade.salary_group if grade else "",
                inputs.coefficients.get((g, s), Decimal(0)),
                f"=D{r}*LuongCoSo*(1+TyLeDongGop/100)/NgayCongThang"], {4: QTY, 5: MONEY})
    hs.done()

    # -- Đơn giá
    dg = _Sheet(wb, "Đơn giá", ["Khóa", "Tên vật tư, thiết bị", "Đơn vị tính", "Đơn giá (đồng)", "Ghi chú"])
    keys: dict[str, str] = {}
    for norm in norm_set:
        for comp, line in norm.lines():
            if comp == "labour":
                continue
            key = f"{line.name} | {line.unit}"
            if key in keys:
                continue
            keys[key] = key
            price = inputs.prices.get(line.name)
            dg.add([key, line.name, line.unit, price if price is not None else Decimal(0),
                    "" if price is not None else "chưa có giá"], {4: MONEY})
    dg.done()

    # -- Định mức and Chi phí
    dm_ = _Sheet(wb, "Định mức", ["Mã định mức", "Mã dòng", "Thành phần", "Tên", "Hạng, bậc / quy cách", "Đơn vị tính",
                                  "Định mức (có tải)", "Không tải", "Hao hụt (%)", "Thu hồi (%)",
                                  "Lượng tính chi phí", "Khóa đơn giá"])
    cp = _Sheet(wb, "Chi phí", ["Mã định mức", "Mã dòng", "Thành phần", "Tên", "Lượng", "Đơn giá (đồng)",
                                "Thành tiền (đồng)"])
    D, H, G = _sheet_ref("Định mức"), _sheet_ref("Hệ số lương"), _sheet_ref("Đơn giá")
    for norm in norm_set:
        for comp, line in norm.lines():
            r = dm_.row + 1
            if comp == "labour":
                qty = f"=G{r}/GioCong" if line.unit == "giờ" else f"=G{r}"
                dm_.add([norm.code, line.id, COMP_VN[comp], line.role, line.grade_text(), line.unit, line.quantity,
                         None, None, None, qty, f"{line.grade}/{line.step or 1}"], {7: QTY, 11: QTY})
                price = f"=INDEX({H}!$E:$E,MATCH({D}!L{r},{H}!$A:$A,0))"
            elif comp == "materials":
                dm_.add([norm.code, line.id, COMP_VN[comp], line.name, line.spec or "", line.unit, line.quantity, None,
                         line.loss_rate, line.recovery_rate, f"=G{r}*(1+I{r}/100)*(1-J{r}/100)",
                         f"{line.name} | {line.unit}"], {7: QTY, 9: QTY, 10: QTY, 11: QTY})
                price = f"=INDEX({G}!$D:$D,MATCH({D}!L{r},{G}!$A:$A,0))"
            else:
                spec = ", ".join(x for x in (line.spec, f"{line.power_kw} kW" if line.power_kw is not None else None)
                                 if x)
                dm_.add([norm.code, line.id, COMP_VN[comp], line.name, spec, line.unit, line.loaded, line.idle, None,
                         None, f"=G{r}+H{r}", f"{line.name} | {line.unit}"], {7: QTY, 8: QTY, 11: QTY})
                price = f"=INDEX({G}!$D:$D,MATCH({D}!L{r},{G}!$A:$A,0))"
            c = cp.row + 1
            cp.add([norm.code, line.id, COMP_VN[comp], line.name if comp != "labour" else line.role, f"={D}!K{r}", price,
                    f"=ROUND(E{c}*F{c},0)"], {5: QTY, 6: MONEY, 7: MONEY})
    dm_.done()
    cp.done()

    # -- Tổng hợp
    th = _Sheet(wb, "Tổng hợp", ["Mã định mức", "Tên dịch vụ", "Lao động trực tiếp", "Lao động gián tiếp (%)",
                                 "Lao động gián tiếp", "Vật tư chính", "Vật tư khác (%)", "Vật tư khác", "Thiết bị",
                                 "Chi phí trực tiếp", "Chi phí quản lý", "Đơn giá (đồng)", "Lao động", "Vật tư"])
    C = _sheet_ref("Chi phí")
    for norm in norm_set:
        r = th.row + 1

        def sumifs(comp):
            return f'=SUMIFS({C}!$G:$G,{C}!$A:$A,$A{r},{C}!$C:$C,"{COMP_VN[comp]}")'

        th.add([norm.code, norm.name, sumifs("labour"), norm.indirect_labour_pct or Decimal(0), f"=ROUND(C{r}*D{r}/100,0)",
                sumifs("materials"), norm.other_materials_pct or Decimal(0), f"=ROUND(F{r}*G{r}/100,0)",
                sumifs("equipment"), f"=C{r}+E{r}+F{r}+H{r}+I{r}", f"=ROUND(J{r}*TyLeQuanLy/100,0)", f"=J{r}+K{r}",
                f"=C{r}+E{r}", f"=F{r}+H{r}"],
               {3: MONEY, 4: QTY, 5: MONEY, 6: MONEY, 7: QTY, 8: MONEY, 9: MONEY, 10: MONEY, 11: MONEY, 12: MONEY,
                13: MONEY, 14: MONEY})
    th.ws.column_dimensions["B"].width = 50
    th.done()
    th.ws.column_dimensions["B"].width = 50
    wb.move_sheet("Tổng hợp", offset=-(len(wb.sheetnames) - 1))
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    return _save(wb, path)


def _save(wb, path) -> Path:
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.creator = "dinhmuc"
    wb.properties.lastModifiedBy = "dinhmuc"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    data = _normalise_zip(buf.getvalue())
    path = Path(path)
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()
