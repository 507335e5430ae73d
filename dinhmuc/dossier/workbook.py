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
from copy import copy
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
class EquipmentCost:
    """What one machine costs per ca/giờ of use (TT 23/2023/TT-BTC wear + repair, plus electricity)."""

    original_cost: Decimal = Decimal(0)
    depreciation_pct: Decimal = Decimal(0)
    repair_pct: Decimal = Decimal(0)
    shifts_per_year: Decimal = Decimal(0)  # always set from the costing trace (costing_rules.shifts_per_year)
    power_kw: Decimal = Decimal(0)  # 0: no electricity line
    source: str = ""


@dataclass
class CostInputs:
    """Inputs of the workbook's costing formulas — the formulas of :mod:`dinhmuc.costing`.

    Labour: ``ROUND(base x (coef + position) x (1 + allowances% + contributions%) / days, 0)``
    per công, then ``ROUND(công x day rate, 0)`` per line; indirect labour
    ``ROUND(direct x %, 0)``. Materials: ``ROUND(q x (1 + loss%) x (1 - recovery%) x price, 0)``,
    other materials ``ROUND(main x %, 0)``. Equipment per line:
    ``ROUND(q x annual wear / units per year, 0) + ROUND(q x annual repair / units per year, 0)
    + ROUND(kW x loaded hours x aux factor x tariff, 0)`` with annual wear
    ``ROUND((cost - salvage) x rate, 0)``. Management ``ROUND(direct costs x %, 0)``.
    Percentages are numbers of per cent (23.5 means 23,5 %).
    """

    on: _dt.date
    base_salary: Decimal
    contributions: dict[str, tuple[str, Decimal]]  # key -> (label, pct)
    working_days_per_month: Decimal
    # Legal numbers: filled from data/params (or the costing traces) by the constructors below.
    hours_per_day: Decimal | None = None
    hours_per_shift: Decimal | None = None
    allowances_pct: Decimal = Decimal(0)
    position_coefficient: Decimal = Decimal(0)
    management_pct: Decimal = Decimal(0)
    management: dict[str, Decimal] = field(default_factory=dict)  # per norm code, overrides management_pct
    energy_aux_factor: Decimal | None = None
    electricity_price: Decimal = Decimal(0)
    salvage_pct: Decimal | None = None
    salvage_min_cost: Decimal | None = None
    coefficients: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    prices: dict[str, Decimal] = field(default_factory=dict)
    equipment: dict[str, EquipmentCost] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)

    @property
    def contributions_pct(self) -> Decimal:
        return sum((v for _, v in self.contributions.values()), Decimal(0))

    def management_of(self, code: str) -> Decimal:
        return self.management.get(code, self.management_pct)

    @classmethod
    def from_unit_prices(cls, norm_set, costs: Mapping[str, Any]) -> CostInputs:
        """The inputs a set of costing results (``dm.cost_norm``) used, read back from their traces."""
        ups = [costs[n.code] for n in norm_set if n.code in costs]
        if not ups:
            raise ValueError("no costing result for any norm of the set")
        first = ups[0]
        inp = cls(on=first.on, base_salary=Decimal(0), contributions={}, working_days_per_month=Decimal(0),
                  allowances_pct=first.options.allowances_pct, position_coefficient=first.options.position_coefficient,
                  management_pct=first.options.management_pct)
        for up in ups:
            inp.management[up.norm] = up.options.management_pct
            norm = norm_set[up.norm]
            for cl in up.lines:
                t = cl.trace
                for pv in t.parameters:
                    cite = str(pv.citation) + ("" if pv.verified else " (chưa kiểm chứng)")
                    if pv.name == "base_salary.base_salary":
                        inp.base_salary = pv.value
                        inp.citations["base_salary.base_salary"] = cite
                    elif pv.name.startswith("contributions."):
                        inp.contributions[pv.name.split(".", 1)[1]] = (pv.label, pv.value)
                        inp.citations[pv.name] = cite
                    elif pv.name == "costing_rules.working_days_per_month":
                        inp.working_days_per_month = pv.value
                        inp.citations[pv.name] = cite
                    elif pv.name in ("working_time.hours_per_day", "working_time.hours_per_shift"):
                        setattr(inp, pv.name.split(".")[1], pv.value)
                        inp.citations[pv.name] = cite
                    elif pv.name == "costing_rules.energy_aux_factor":
                        inp.energy_aux_factor = pv.value
                        inp.citations[pv.name] = cite
                    elif pv.name == "costing_rules.salvage":
                        # the trace prints this rule as text; the numbers are read from the parameter itself
                        from ..params import default_parameters

                        rule = default_parameters().value("costing_rules.salvage", up.on)
                        inp.salvage_pct, inp.salvage_min_cost = _d(rule["pct"]), _d(rule["min_cost"])
                        inp.citations[pv.name] = cite
                for d in t.declared:
                    if d.name == "working_days_per_month":
                        inp.working_days_per_month = d.value
                        inp.citations.setdefault("costing_rules.working_days_per_month", d.source)
                if cl.component == "labour" and cl.id in {l.id for l in norm.labour}:
                    line = norm.line(cl.id)
                    inp.coefficients[(line.grade, line.step or 1)] = t.values["hệ số lương"]
                elif cl.component == "materials" and cl.unit_cost is not None:
                    inp.prices[cl.name] = cl.unit_cost
                    if t.prices:
                        inp.citations[f"price:{cl.name}"] = t.prices[0].source
                elif cl.component == "equipment":
                    decl = {d.name: d.value for d in t.declared}
                    power = t.values.get("công suất (kW)", Decimal(0)) if "năng lượng" in cl.parts else Decimal(0)
                    inp.equipment[cl.name] = EquipmentCost(
                        original_cost=t.values["nguyên giá"], depreciation_pct=decl.get("depreciation_rate", 0),
                        repair_pct=decl.get("repair_rate", 0), shifts_per_year=t.values["số ca/năm"],
                        power_kw=power, source=t.prices[0].source if t.prices else "")
                    for p in t.prices:
                        if p.kind == "energy":
                            inp.electricity_price = p.price
                            inp.citations["electricity"] = p.source
        inp._fill_legal(first.on)
        return inp

    def _fill_legal(self, on: _dt.date, parameters=None) -> None:
        """Legal numbers a trace did not carry, from the dated parameters in force on ``on``."""
        from ..params import default_parameters

        p = parameters or default_parameters()

        def cite(name: str) -> None:
            v = p.get(name, on)
            self.citations.setdefault(name, str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)"))

        if self.hours_per_day is None:
            self.hours_per_day = _d(p.value("working_time.hours_per_day", on))
            cite("working_time.hours_per_day")
        if self.hours_per_shift is None:
            self.hours_per_shift = _d(p.value("working_time.hours_per_shift", on))
            cite("working_time.hours_per_shift")
        if self.energy_aux_factor is None:
            self.energy_aux_factor = _d(p.value("costing_rules.energy_aux_factor", on))
            cite("costing_rules.energy_aux_factor")
        if self.salvage_pct is None or self.salvage_min_cost is None:
            rule = p.value("costing_rules.salvage", on)
            self.salvage_pct, self.salvage_min_cost = _d(rule["pct"]), _d(rule["min_cost"])
            cite("costing_rules.salvage")

    @classmethod
    def from_parameters(cls, norm_set, on: _dt.date, *, prices: Mapping[str, Any] | None = None,
                        management_pct=None, working_days_per_month=None, parameters=None) -> CostInputs:
        """Inputs from the dated legal parameters in force on ``on`` (data/params); prices from ``prices``
        (material name -> đồng), equipment costs left at 0 for the analyst to fill in."""
        from ..params import default_parameters
        from ..core.registry import active_registry

        p = parameters or default_parameters()
        cites: dict[str, str] = {}

        def get(name, fallback=None):
            try:
                v = p.get(name, on)
            except Exception:  # noqa: BLE001 - a parameter file not shipped (yet)
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
            value = v.value
            if isinstance(value, dict):
                # Hook (law helper): KPCĐ by financing class (Luật 97/2025/QH15); without costs the class is
                # unknown here, so the rate of a unit not fully budget-paid is shown, and the citation says so
                value = value.get("other", max(value.values()))
                cites[name] = (f"{v.citation} — loại đơn vị chưa khai báo, tính như đơn vị không được ngân sách "
                               f"bảo đảm toàn bộ quỹ lương") + ("" if v.verified else " (chưa kiểm chứng)")
            else:
                cites[name] = str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)")
            contributions[key] = (v.label, _d(value))
        days = _d(working_days_per_month) if working_days_per_month is not None else _d(
            get("costing_rules.working_days_per_month"))
        if working_days_per_month is not None:
            cites["costing_rules.working_days_per_month"] = "khai báo của dự án"
        if management_pct is None:
            # no percentage is fixed for public-service prices (TTLT 26/2014 only caps it): declared, 0 if absent
            mg = Decimal(0)
            cites["management_pct"] = "chưa khai báo (0 %)"
        else:
            mg = _d(management_pct)
            cites["management_pct"] = "khai báo của dự án"
        groups = get("salary_coefficients.groups")
        reg = active_registry()
        coefs = {}
        for norm in norm_set:
            for line in norm.labour:
                grade = reg.grades.get(line.grade)
                step = line.step or 1
                g = groups.get(grade.salary_group) if grade else None
                if g is not None:
                    coefs[(line.grade, step)] = _d(g["first"]) + (step - 1) * _d(g["increment"])
        inp = cls(on=on, base_salary=base, contributions=contributions, working_days_per_month=days,
                  management_pct=mg, coefficients=coefs, prices={k: _d(v) for k, v in (prices or {}).items()},
                  citations=cites)
        inp._fill_legal(on, p)
        return inp

    def day_rate(self, grade: str, step: int | None) -> Decimal:
        coef = self.coefficients.get((grade, step or 1), Decimal(0))
        monthly = self.base_salary * (coef + self.position_coefficient) * (
            1 + self.allowances_pct / 100 + self.contributions_pct / 100)
        return _r0(monthly / self.working_days_per_month)

    def salvage(self, eq: EquipmentCost) -> Decimal:
        return _r0(eq.original_cost * self.salvage_pct / 100) if eq.original_cost >= self.salvage_min_cost \
            else Decimal(0)


def _quantity(comp: str, line, hours: Decimal) -> Decimal:
    if comp == "labour":
        return line.in_cong(hours)
    if comp == "materials":
        return line.quantity * (1 + line.loss_rate / 100) * (1 - line.recovery_rate / 100)
    return line.loaded + line.idle


def _equipment_amount(inputs: CostInputs, line) -> Decimal:
    eq = inputs.equipment.get(line.name)
    if eq is None:
        return Decimal(0)
    per = eq.shifts_per_year * (inputs.hours_per_shift if line.unit == "giờ" else 1)
    dep = _r0((eq.original_cost - inputs.salvage(eq)) * eq.depreciation_pct / 100)
    rep = _r0(eq.original_cost * eq.repair_pct / 100)
    q = line.loaded + line.idle
    amount = _r0(q * (dep / per)) + _r0(q * (rep / per))
    if eq.power_kw:
        hours = line.loaded * (inputs.hours_per_shift if line.unit == "ca" else 1)
        amount += _r0(eq.power_kw * hours * inputs.energy_aux_factor * inputs.electricity_price)
    return amount


def reference_costs(norm_set, inputs: CostInputs) -> dict[str, dict[str, Decimal]]:
    """The workbook's figures computed with Decimal (half-up to whole đồng at the same steps).

    Per norm: ``labour`` (lines + indirect %), ``materials`` (lines + other
    %), ``equipment``, ``management`` and ``total``; plus ``lines``: line id
    -> amount.
    """
    out = {}
    for norm in norm_set:
        sums = {"labour": Decimal(0), "materials": Decimal(0), "equipment": Decimal(0)}
        direct_labour = Decimal(0)
        lines = {}
        for comp, line in norm.lines():
            if comp == "labour":
                amount = _r0(line.in_cong(inputs.hours_per_day) * inputs.day_rate(line.grade, line.step))
                if line.kind == "direct":
                    direct_labour += amount
            elif comp == "materials":
                amount = _r0(_quantity(comp, line, inputs.hours_per_day) * inputs.prices.get(line.name, Decimal(0)))
            else:
                amount = _equipment_amount(inputs, line)
            lines[line.id] = amount
            sums[comp] += amount
        indirect = _r0(direct_labour * (norm.indirect_labour_pct or 0) / 100)
        other = _r0(sums["materials"] * (norm.other_materials_pct or 0) / 100)
        labour = sums["labour"] + indirect
        materials = sums["materials"] + other
        direct = labour + materials + sums["equipment"]
        management = _r0(direct * inputs.management_of(norm.code) / 100)
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
        self._styles: dict = {}

    def _proto(self, bold: bool, fmt: str | None):
        """The style of a body cell, built once and copied (openpyxl style assignment is slow)."""
        key = (bold, fmt)
        if key not in self._styles:
            scratch = self.ws.cell(row=1, column=1)
            saved = copy(scratch._style)
            scratch.font = self.bold_font if bold else self.body_font
            scratch.border = self.border
            if fmt:
                scratch.number_format = fmt
            self._styles[key] = copy(scratch._style)
            scratch._style = saved
        return self._styles[key]

    def add(self, values: list, formats: dict[int, str] | None = None, bold: bool = False) -> int:
        self.row += 1
        for j, v in enumerate(values, start=1):
            if v is None:
                continue
            if isinstance(v, Decimal):
                v = int(v) if v == v.to_integral() else float(v)
            c = self.ws.cell(row=self.row, column=j, value=v)
            if isinstance(v, str) and not v.startswith("="):
                c.data_type = "s"
            c._style = copy(self._proto(bold, formats.get(j) if formats else None))
            width = 14 if isinstance(v, str) and v.startswith("=") else len(str(v))
            self.widths[j] = max(self.widths.get(j, 0), min(width, 60))
        return self.row

    def done(self):
        _fit(self.ws, self.widths)


def _sheet_ref(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write_workbook(norm_set, path, inputs: CostInputs, stats_lines: list | None = None) -> Path:
    """Write the auditable workbook to ``path`` (atomically, byte-reproducibly); returns the path.

    ``stats_lines`` (:func:`dinhmuc.dossier.stats_sheet.stats_lines_of` of the build results) adds the
    sheet ``Thống kê``: the statistically built lines redone with live formulas.
    """
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from ..core.registry import active_registry

    wb = Workbook()
    wb.remove(wb.active)
    # -- Tham số -----------------------------------------------------------
    ts = _Sheet(wb, "Tham số", ["Mã tham số", "Tham số", "Giá trị", "Đơn vị", "Căn cứ"])
    P = _sheet_ref("Tham số")
    names: dict[str, str] = {}
    cite = inputs.citations.get

    def param(key, label, value, unit, source, name, fmt=QTY):
        r = ts.add([key, label, value, unit, source or ""], {3: fmt})
        names[name] = f"{P}!$C${r}"
        return r

    param("base_salary", "Mức lương cơ sở", inputs.base_salary, "đồng/tháng", cite("base_salary.base_salary"),
          "LuongCoSo", MONEY)
    first = None
    for key, (label, pct) in inputs.contributions.items():
        r = ts.add([key, label, pct, "%", cite(f"contributions.{key}", "")], {3: QTY})
        first = first or r
    if first is None:
        r = ts.add(["contributions_total", "Các khoản đóng góp theo lương (tổng)", Decimal(0), "%", ""], {3: QTY})
    else:
        r = ts.add(["contributions_total", "Các khoản đóng góp theo lương (tổng)", f"=SUM(C{first}:C{ts.row})", "%",
                    "tổng các dòng trên"], {3: QTY}, bold=True)
    names["TyLeDongGop"] = f"{P}!$C${r}"
    param("allowances_pct", "Phụ cấp (% lương)", inputs.allowances_pct, "%", "CostingOptions", "PhuCap")
    param("position_coefficient", "Hệ số phụ cấp chức vụ", inputs.position_coefficient, "hệ số", "CostingOptions",
          "HeSoChucVu")
    param("working_days_per_month", "Số ngày làm việc bình quân một tháng", inputs.working_days_per_month,
          "ngày/tháng", cite("costing_rules.working_days_per_month"), "NgayCongThang")
    param("hours_per_day", "Số giờ làm việc một ngày (1 công)", inputs.hours_per_day, "giờ",
          cite("working_time.hours_per_day"), "GioCong")
    param("hours_per_shift", "Số giờ một ca máy", inputs.hours_per_shift, "giờ", cite("working_time.hours_per_shift"),
          "GioCa")
    param("salvage_pct", "Giá trị thu hồi khi thanh lý (% nguyên giá)", inputs.salvage_pct, "%",
          cite("costing_rules.salvage"), "TyLeThuHoi")
    param("salvage_min_cost", "Nguyên giá tối thiểu để tính giá trị thu hồi", inputs.salvage_min_cost, "đồng",
          cite("costing_rules.salvage"), "NguyenGiaThuHoi", MONEY)
    param("energy_aux_factor", "Hệ số chi phí năng lượng phụ", inputs.energy_aux_factor, "hệ số",
          cite("costing_rules.energy_aux_factor"), "HeSoNangLuong")
    param("electricity_price", "Giá điện", inputs.electricity_price, "đồng/kWh", cite("electricity"), "GiaDien",
          MONEY)
    param("management_pct", "Chi phí quản lý mặc định (% chi phí trực tiếp)", inputs.management_pct, "%",
          cite("management_pct", "CostingOptions"), "TyLeQuanLy")
    ts.add(["on", "Ngày tính giá", inputs.on.isoformat(), "", ""])
    ts.done()
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)

    # -- Hệ số lương ---------------------------------------------------------
    reg = active_registry()
    hs = _Sheet(wb, "Hệ số lương", ["Khóa", "Hạng, bậc", "Nhóm hệ số", "Hệ số lương", "Đơn giá ngày công (đồng)"])
    for g, st in sorted({(l.grade, l.step or 1) for n in norm_set for l in n.labour}):
        grade = reg.grades.get(g)
        r = hs.row + 1
        hs.add([f"{g}/{st}", grade.describe(st) if grade else g, grade.salary_group if grade else "",
                inputs.coefficients.get((g, st), Decimal(0)),
                f"=ROUND(LuongCoSo*(D{r}+HeSoChucVu)*(1+PhuCap/100+TyLeDongGop/100)/NgayCongThang,0)"],
               {4: QTY, 5: MONEY})
    hs.done()

    # -- Đơn giá vật tư --------------------------------------------------------
    dg = _Sheet(wb, "Đơn giá vật tư", ["Khóa", "Tên vật tư", "Đơn vị tính", "Đơn giá (đồng)", "Nguồn giá"])
    seen: set[str] = set()
    for norm in norm_set:
        for m in norm.materials:
            key = f"{m.name} | {m.unit}"
            if key in seen:
                continue
            seen.add(key)
            price = inputs.prices.get(m.name)
            dg.add([key, m.name, m.unit, price if price is not None else Decimal(0),
                    cite(f"price:{m.name}", "") if price is not None else "chưa có giá"], {4: MONEY})
    dg.done()

    # -- Thiết bị ----------------------------------------------------------------
    tb = _Sheet(wb, "Thiết bị", ["Khóa", "Tên thiết bị", "Đơn vị tính", "Nguyên giá (đồng)", "Giá trị thu hồi",
                                 "Khấu hao (%/năm)", "Sửa chữa (%/năm)", "Số ca/năm", "Khấu hao năm", "Sửa chữa năm",
                                 "Số đơn vị sử dụng/năm", "Công suất tính điện (kW)", "Nguồn giá"])
    eq_row: dict[str, int] = {}
    for norm in norm_set:
        for e in norm.equipment:
            key = f"{e.name} | {e.unit}"
            if key in eq_row:
                continue
            eq = inputs.equipment.get(e.name) or EquipmentCost()
            r = tb.row + 1
            eq_row[key] = r
            tb.add([key, e.name, e.unit, eq.original_cost, f"=IF(D{r}>=NguyenGiaThuHoi,ROUND(D{r}*TyLeThuHoi/100,0),0)",
                    eq.depreciation_pct, eq.repair_pct, eq.shifts_per_year, f"=ROUND((D{r}-E{r})*F{r}/100,0)",
                    f"=ROUND(D{r}*G{r}/100,0)", f'=IF(C{r}="giờ",H{r}*GioCa,H{r})', eq.power_kw,
                    eq.source or ("chưa có giá" if e.name not in inputs.equipment else "")],
                   {4: MONEY, 5: MONEY, 6: QTY, 7: QTY, 8: QTY, 9: MONEY, 10: MONEY, 11: QTY, 12: QTY})
    tb.done()

    # -- Định mức and Chi phí ---------------------------------------------------
    dm_ = _Sheet(wb, "Định mức", ["Mã định mức", "Mã dòng", "Thành phần", "Tên", "Hạng, bậc / quy cách", "Đơn vị tính",
                                  "Định mức (có tải)", "Không tải", "Hao hụt (%)", "Thu hồi (%)",
                                  "Lượng tính chi phí", "Khóa đơn giá"])
    cp = _Sheet(wb, "Chi phí", ["Mã định mức", "Mã dòng", "Thành phần", "Tên", "Lượng", "Đơn giá (đồng)",
                                "Thành tiền (đồng)", "Loại lao động"])
    D, H, G, T = (_sheet_ref(x) for x in ("Định mức", "Hệ số lương", "Đơn giá vật tư", "Thiết bị"))
    for norm in norm_set:
        for comp, line in norm.lines():
            r, c = dm_.row + 1, cp.row + 1
            kind = ""
            if comp == "labour":
                qty = f"=G{r}/GioCong" if line.unit == "giờ" else f"=G{r}"
                dm_.add([norm.code, line.id, COMP_VN[comp], line.role, line.grade_text(), line.unit, line.quantity,
                         None, None, None, qty, f"{line.grade}/{line.step or 1}"], {7: QTY, 11: QTY})
                price = f"=INDEX({H}!$E:$E,MATCH({D}!L{r},{H}!$A:$A,0))"
                amount = f"=ROUND(E{c}*F{c},0)"
                kind = "trực tiếp" if line.kind == "direct" else "gián tiếp"
            elif comp == "materials":
                dm_.add([norm.code, line.id, COMP_VN[comp], line.name, line.spec or "", line.unit, line.quantity, None,
                         line.loss_rate, line.recovery_rate, f"=G{r}*(1+I{r}/100)*(1-J{r}/100)",
                         f"{line.name} | {line.unit}"], {7: QTY, 9: QTY, 10: QTY, 11: QTY})
                price = f"=INDEX({G}!$D:$D,MATCH({D}!L{r},{G}!$A:$A,0))"
                amount = f"=ROUND(E{c}*F{c},0)"
            else:
                spec = ", ".join(x for x in (line.spec, f"{line.power_kw} kW" if line.power_kw is not None else None)
                                 if x)
                key = f"{line.name} | {line.unit}"
                dm_.add([norm.code, line.id, COMP_VN[comp], line.name, spec, line.unit, line.loaded, line.idle, None,
                         None, f"=G{r}+H{r}", key], {7: QTY, 8: QTY, 11: QTY})
                t = eq_row[key]
                price = f"=({T}!I{t}+{T}!J{t})/{T}!K{t}"
                hours = f"{D}!G{r}*GioCa" if line.unit == "ca" else f"{D}!G{r}"
                # wear and repair per unit of use, then electricity on the loaded time (as dinhmuc.costing does)
                amount = (f"=ROUND(E{c}*{T}!I{t}/{T}!K{t},0)+ROUND(E{c}*{T}!J{t}/{T}!K{t},0)"
                          f"+ROUND({T}!L{t}*{hours}*HeSoNangLuong*GiaDien,0)")
            cp.add([norm.code, line.id, COMP_VN[comp], line.name if comp != "labour" else line.role, f"={D}!K{r}",
                    price, amount, kind], {5: QTY, 6: MONEY, 7: MONEY})
    dm_.done()
    cp.done()

    # -- Tổng hợp -------------------------------------------------------------
    th = _Sheet(wb, "Tổng hợp", ["Mã định mức", "Tên dịch vụ", "Lao động (các dòng)", "Lao động gián tiếp (%)",
                                 "Lao động gián tiếp", "Vật tư chính", "Vật tư khác (%)", "Vật tư khác", "Thiết bị",
                                 "Chi phí trực tiếp", "Chi phí quản lý (%)", "Chi phí quản lý", "Đơn giá (đồng)",
                                 "Lao động", "Vật tư"])
    C = _sheet_ref("Chi phí")
    for norm in norm_set:
        r = th.row + 1

        def sumifs(comp, extra=""):
            return f'SUMIFS({C}!$G:$G,{C}!$A:$A,$A{r},{C}!$C:$C,"{COMP_VN[comp]}"{extra})'

        direct_labour = sumifs("labour", f',{C}!$H:$H,"trực tiếp"')
        mg = inputs.management.get(norm.code)
        th.add([norm.code, norm.name, "=" + sumifs("labour"), norm.indirect_labour_pct or Decimal(0),
                f"=ROUND({direct_labour}*D{r}/100,0)", "=" + sumifs("materials"), norm.other_materials_pct or Decimal(0),
                f"=ROUND(F{r}*G{r}/100,0)", "=" + sumifs("equipment"), f"=C{r}+E{r}+F{r}+H{r}+I{r}",
                mg if mg is not None else "=TyLeQuanLy", f"=ROUND(J{r}*K{r}/100,0)", f"=J{r}+L{r}", f"=C{r}+E{r}",
                f"=F{r}+H{r}"],
               {3: MONEY, 4: QTY, 5: MONEY, 6: MONEY, 7: QTY, 8: MONEY, 9: MONEY, 10: MONEY, 11: QTY, 12: MONEY,
                13: MONEY, 14: MONEY, 15: MONEY})
    th.done()
    th.ws.column_dimensions["B"].width = 50
    wb.move_sheet("Tổng hợp", offset=-(len(wb.sheetnames) - 1))
    # the statistical method redone with live formulas (dinhmuc.dossier.stats_sheet, owned by methods)
    from .stats_sheet import add_stats_sheet

    add_stats_sheet(wb, stats_lines or [])
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
