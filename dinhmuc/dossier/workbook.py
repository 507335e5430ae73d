"""Bảng tính kiểm tra — the auditable Excel workbook of the dossier (norms -> prices -> costs).

Sheets, linked by live formulas so an analyst can follow the chain and change a
price in Excel:

=================  ===========================================================
``Tổng hợp``       per norm: SUMIFS of the lines, indirect labour and other
                   materials as %, management % of direct costs, unit price
``Tham số``        the parameters the costing used, with citations; named cells
                   (``LuongCoSo``, ``TyLeDongGop`` = SUM of the contributions,
                   ``NgayCongThang``, ``GioCong``, ``TyLeThuHoi``, ``TyLeQuanLy`` ...)
``Hệ số lương``    one row per grade/step: coefficient and the day rate
``Đơn giá vật tư`` material prices (đồng per unit)
``Thiết bị``       original cost, salvage, annual wear and repair, shifts, power
``Định mức``       one row per norm line; the quantity costed
``Chi phí``        one row per line: quantity x price, rounded
=================  ===========================================================

Exact rounding (làm tròn chính xác). Every rounded figure is ``rule(x·y/s)``
with ``x``, ``y``, ``s`` whole numbers: each decimal input is turned into an
integer in the formula (``ROUND(cell*100,0)`` for a value with 2 decimals), and
the quotient is split as ``INT(x/s)*y + ROUND(MOD(x,s)*y/s,0)``. Every
intermediate value is then an integer below 10^15, which binary floating point
holds exactly, and the last quotient is exactly ``k + 0,5`` when the decimal value
is (it is a ratio of integers with ``s`` even), so Excel's and LibreOffice's
ROUND (half away from zero) rounds it up, as :func:`dinhmuc.costing.round_step`
does with Decimal. A naive ``ROUND(2530000*2,66*1,235/22;0)`` evaluates
377786,49999999994 and rounds down; this workbook gives 377787. Other modes of
``costing_rules.rounding`` (down, up, half-even) and steps other than 1 đồng use
the same integer quotient and remainder. The scales (number of decimals kept
for each input) are chosen from the values written, at least 2 decimals for
quantities and coefficients; the writer refuses values that would break the
10^15 bound, and ``Tham số`` states the scales for an analyst who edits a cell.

Print setup: every sheet is landscape A4, fitted to the page width, its header
row repeated on every page, its print area the table, pages numbered.

The workbook has no cached values and asks Excel to recalculate on load; its
bytes are fixed for fixed inputs (fixed document properties and zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from ..costing import UnitPrice

from ..core.i18n import tr

__all__ = ["CostInputs", "ExactnessError", "print_setup", "reference_costs", "write_workbook"]

_FIXED_TIME = _dt.datetime(2000, 1, 1)
#: Vietnamese number formats: the [$-42A] locale tag (vi-VN) makes the office suite print 1.234.567 and 2,50
MONEY = "[$-42A]#,##0"
QTY = "[$-42A]#,##0.00"
COMP_VN = {"labour": "Lao động", "materials": "Vật tư", "equipment": "Thiết bị"}


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def _r0(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _r_rule(x: Decimal, rule: Mapping[str, Any]) -> Decimal:
    """``x`` rounded by a rule of ``costing_rules.rounding`` (the costing's own function)."""
    from ..costing.unit_price import round_step

    return round_step(x, rule)


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
    hours_per_day_heavy: Decimal | None = None
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
    #: costing_rules.rounding as the costing used it: figure -> {step, mode}
    rounding: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rounding_rules(self) -> dict[str, dict[str, object]]:
        """The rounding rule of each figure (whole đồng, half-up where none was given)."""
        default = {"step": Decimal(1), "mode": "half_up"}
        return {k: dict(self.rounding.get(k, default)) for k in ("daily_wage", "line", "management", "asset")}

    @property
    def contributions_pct(self) -> Decimal:
        return sum((v for _, v in self.contributions.values()), Decimal(0))

    def management_of(self, code: str) -> Decimal:
        return self.management.get(code, self.management_pct)

    @classmethod
    def from_unit_prices(cls, norm_set, costs: Mapping[str, UnitPrice], parameters=None) -> CostInputs:
        """The inputs a set of costing results (``dm.cost_norm``) used, read back from their traces.

        ``parameters``: the :class:`~dinhmuc.params.Parameters` the costing was
        given (the bundled ones by default, as for ``dm.cost_norm``). Values a
        trace prints only as text (the salvage rule) and the rounding rules are
        read from them, after checking that every parameter the traces cite is
        the same dated value there (else :class:`ValueError`: the workbook would
        not replay that costing).
        """
        from ..params import default_parameters

        given = parameters or default_parameters()
        ups = [costs[n.code] for n in norm_set if n.code in costs]
        if not ups:
            raise ValueError(tr("workbook.no_result"))
        first = ups[0]
        inp = cls(
            on=first.on,
            base_salary=Decimal(0),
            contributions={},
            working_days_per_month=Decimal(0),
            allowances_pct=first.options.allowances_pct,
            position_coefficient=first.options.position_coefficient,
            management_pct=first.options.management_pct,
        )
        for up in ups:
            inp.management[up.norm] = up.options.management_pct
            norm = norm_set[up.norm]
            for cl in up.lines:
                t = cl.trace
                for pv in t.parameters:
                    _same_parameter(given, pv, up.on)
                    inp._take(pv, given, up.on)
                for d in t.declared:
                    if d.name == "working_days_per_month":
                        inp.working_days_per_month = _d(d.value)
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
                        original_cost=t.values["nguyên giá"],
                        depreciation_pct=_d(decl.get("depreciation_rate") or 0),
                        repair_pct=_d(decl.get("repair_rate") or 0),
                        shifts_per_year=t.values["số ca/năm"],
                        power_kw=power,
                        source=t.prices[0].source if t.prices else "",
                    )
                    for p in t.prices:
                        if p.kind == "energy":
                            inp.electricity_price = p.price
                            inp.citations["electricity"] = p.source
        rounding = given.get("costing_rules.rounding", first.on)
        inp.rounding = {k: dict(v) for k, v in rounding.value.items()}
        inp.citations["costing_rules.rounding"] = str(rounding.citation) + (
            "" if rounding.verified else " (chưa kiểm chứng)"
        )
        inp._fill_legal(first.on, given)
        return inp

    def _take(self, pv, given, on: _dt.date) -> None:
        """Keep a legal value a costing trace cites (with its citation, marked when unverified)."""
        cite = str(pv.citation) + ("" if pv.verified else " (chưa kiểm chứng)")
        if pv.name == "base_salary.base_salary":
            self.base_salary = pv.value
        elif pv.name.startswith("contributions."):
            self.contributions[pv.name.split(".", 1)[1]] = (pv.label, pv.value)
        elif pv.name == "costing_rules.working_days_per_month":
            self.working_days_per_month = pv.value
        elif pv.name in (
            "working_time.hours_per_day",
            "working_time.hours_per_shift",
            "working_time.hours_per_day_heavy",
        ):
            setattr(self, pv.name.split(".")[1], pv.value)
        elif pv.name == "costing_rules.energy_aux_factor":
            self.energy_aux_factor = pv.value
        elif pv.name == "costing_rules.salvage":
            # the trace prints this rule as text; the numbers are read from the same dated value of the
            # parameters the costing used (checked by _same_parameter)
            from ..params import as_mapping

            rule = as_mapping(given.value("costing_rules.salvage", on))
            self.salvage_pct, self.salvage_min_cost = _d(rule["pct"]), _d(rule["min_cost"])
        else:
            return
        self.citations[pv.name] = cite

    def mismatches(self, norm_set, costs: Mapping[str, UnitPrice]) -> list[str]:
        """Where :func:`reference_costs` (the workbook's arithmetic) differs from the costing results."""
        out = []
        ref = reference_costs(norm_set, self)
        for norm in norm_set:
            up = costs.get(norm.code)
            if up is None or not hasattr(up, "lines"):
                continue
            fig = ref[norm.code]
            for cl in up.lines:
                if cl.id in fig["lines"] and fig["lines"][cl.id] != cl.amount:
                    out.append(f"{norm.code}/{cl.id}: {fig['lines'][cl.id]} ≠ {cl.amount}")
            if fig["total"] != up.total:
                out.append(f"{norm.code}: {fig['total']} ≠ {up.total}")
        return out

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
        if self.hours_per_day_heavy is None:
            self.hours_per_day_heavy = _d(p.value("working_time.hours_per_day_heavy", on))
            cite("working_time.hours_per_day_heavy")
        if self.hours_per_shift is None:
            self.hours_per_shift = _d(p.value("working_time.hours_per_shift", on))
            cite("working_time.hours_per_shift")
        if self.energy_aux_factor is None:
            self.energy_aux_factor = _d(p.value("costing_rules.energy_aux_factor", on))
            cite("costing_rules.energy_aux_factor")
        if self.salvage_pct is None or self.salvage_min_cost is None:
            from ..params import as_mapping

            rule = as_mapping(p.value("costing_rules.salvage", on))
            self.salvage_pct, self.salvage_min_cost = _d(rule["pct"]), _d(rule["min_cost"])
            cite("costing_rules.salvage")
        if not self.rounding:
            rounding = p.get("costing_rules.rounding", on)
            self.rounding = {k: dict(v) for k, v in rounding.value.items()}
            cite("costing_rules.rounding")

    @classmethod
    def from_parameters(
        cls,
        norm_set,
        on: _dt.date,
        *,
        prices: Mapping[str, object] | None = None,
        management_pct=None,
        working_days_per_month=None,
        parameters=None,
    ) -> CostInputs:
        """Inputs from the dated legal parameters in force on ``on`` (data/params); prices from ``prices``
        (material name -> đồng), equipment costs left at 0 for the analyst to fill in."""
        from ..core.registry import active_registry
        from ..params import default_parameters

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
                cites[name] = (
                    f"{v.citation} — loại đơn vị chưa khai báo, tính như đơn vị không được ngân sách "
                    f"bảo đảm toàn bộ quỹ lương"
                ) + ("" if v.verified else " (chưa kiểm chứng)")
            else:
                cites[name] = str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)")
            contributions[key] = (v.label, _d(value))
        days = (
            _d(working_days_per_month)
            if working_days_per_month is not None
            else _d(get("costing_rules.working_days_per_month"))
        )
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
        inp = cls(
            on=on,
            base_salary=base,
            contributions=contributions,
            working_days_per_month=days,
            management_pct=mg,
            coefficients=coefs,
            prices={k: _d(v) for k, v in (prices or {}).items()},
            citations=cites,
        )
        inp._fill_legal(on, p)
        return inp

    def day_rate(self, grade: str, step: int | None) -> Decimal:
        coef = self.coefficients.get((grade, step or 1), Decimal(0))
        monthly = (
            self.base_salary
            * (coef + self.position_coefficient)
            * (1 + self.allowances_pct / 100 + self.contributions_pct / 100)
        )
        return _r_rule(monthly / self.working_days_per_month, self.rounding_rules()["daily_wage"])

    def salvage(self, eq: EquipmentCost) -> Decimal:
        pct = _filled(self.salvage_pct, "costing_rules.salvage")
        return (
            _r_rule(eq.original_cost * pct / 100, self.rounding_rules()["asset"])
            if eq.original_cost >= _filled(self.salvage_min_cost, "costing_rules.salvage")
            else Decimal(0)
        )


def _filled(value: Decimal | None, name: str) -> Decimal:
    """A legal number of the inputs, which the constructors fill (from the costing traces or data/params)."""
    if value is None:
        from ..core.errors import ParameterError
        from ..core.i18n import tr

        raise ParameterError(tr("workbook.input_missing", name=name))
    return value


def _same_parameter(p, pv, on: _dt.date) -> None:
    """Refuse parameters that are not the ones a costing trace cites (same dated value, same citation)."""
    name = pv.name.split("[", 1)[0]
    try:
        mine = p.get(name, on)
    except Exception as exc:  # noqa: BLE001 - a parameter missing from the set given
        raise ValueError(tr("workbook.params_lack", name=name, exc=exc)) from None
    if mine.start != pv.start or str(mine.citation) != str(pv.citation):
        raise ValueError(
            tr(
                "workbook.params_differ",
                name=name,
                citation=mine.citation,
                start=mine.start,
                citation2=pv.citation,
                start2=pv.start,
            )
        )


def _quantity(comp: str, line, hours: Decimal, heavy: Decimal | None = None) -> Decimal:
    if comp == "labour":
        return line.in_cong(heavy if line.heavy and heavy is not None else hours)
    if comp == "materials":
        return line.quantity * (1 + line.loss_rate / 100) * (1 - line.recovery_rate / 100)
    return line.loaded + line.idle


def _equipment_amount(inputs: CostInputs, line) -> Decimal:
    eq = inputs.equipment.get(line.name)
    if eq is None:
        return Decimal(0)
    rules = inputs.rounding_rules()
    per = eq.shifts_per_year * (
        _filled(inputs.hours_per_shift, "working_time.hours_per_shift") if line.unit == "giờ" else 1
    )
    dep = _r_rule((eq.original_cost - inputs.salvage(eq)) * eq.depreciation_pct / 100, rules["asset"])
    rep = _r_rule(eq.original_cost * eq.repair_pct / 100, rules["asset"])
    q = line.loaded + line.idle
    amount = _r_rule(q * (dep / per), rules["line"]) + _r_rule(q * (rep / per), rules["line"])
    if eq.power_kw:
        hours = line.loaded * (
            _filled(inputs.hours_per_shift, "working_time.hours_per_shift") if line.unit == "ca" else 1
        )
        aux = _filled(inputs.energy_aux_factor, "costing_rules.energy_aux_factor")
        amount += _r_rule(eq.power_kw * hours * aux * inputs.electricity_price, rules["line"])
    return amount


class ReferenceCost(TypedDict):
    """The workbook's figures of one norm, computed with Decimal (:func:`reference_costs`)."""

    labour: Decimal
    materials: Decimal
    equipment: Decimal
    management: Decimal
    total: Decimal
    lines: dict[str, Decimal]
    direct_labour: Decimal
    main_materials: Decimal


def reference_costs(norm_set, inputs: CostInputs) -> dict[str, ReferenceCost]:
    """The workbook's figures computed with Decimal (rounded by ``inputs.rounding`` at the same steps).

    Per norm: ``labour`` (lines + indirect %), ``materials`` (lines + other
    %), ``equipment``, ``management`` and ``total``; ``direct_labour`` and
    ``main_materials`` (the bases of the two percentages); plus ``lines``:
    line id -> amount.
    """
    rules = inputs.rounding_rules()
    hours_per_day = _filled(inputs.hours_per_day, "working_time.hours_per_day")
    out: dict[str, ReferenceCost] = {}
    for norm in norm_set:
        sums = {"labour": Decimal(0), "materials": Decimal(0), "equipment": Decimal(0)}
        direct_labour = Decimal(0)
        lines: dict[str, Decimal] = {}
        for comp, line in norm.lines():
            if comp == "labour":
                cong = _quantity(comp, line, hours_per_day, inputs.hours_per_day_heavy)
                amount = _r_rule(cong * inputs.day_rate(line.grade, line.step), rules["line"])
                if line.kind == "direct":
                    direct_labour += amount
            elif comp == "materials":
                amount = _r_rule(
                    _quantity(comp, line, hours_per_day) * inputs.prices.get(line.name, Decimal(0)),
                    rules["line"],
                )
            else:
                amount = _equipment_amount(inputs, line)
            lines[line.id] = amount
            sums[comp] += amount
        indirect = _r_rule(direct_labour * (norm.indirect_labour_pct or 0) / 100, rules["line"])
        other = _r_rule(sums["materials"] * (norm.other_materials_pct or 0) / 100, rules["line"])
        if norm.indirect_labour_pct is not None:
            lines["LDGT"] = indirect
        if norm.other_materials_pct is not None:
            lines["VTK"] = other
        labour = sums["labour"] + indirect
        materials = sums["materials"] + other
        direct = labour + materials + sums["equipment"]
        management = _r_rule(direct * inputs.management_of(norm.code) / 100, rules["management"])
        lines["QL"] = management
        out[norm.code] = {
            "labour": labour,
            "materials": materials,
            "equipment": sums["equipment"],
            "management": management,
            "total": direct + management,
            "lines": lines,
            "direct_labour": direct_labour,
            "main_materials": sums["materials"],
        }
    return out


# ============================================================================ exact formulas
#: every intermediate integer of a rounding formula stays below this: doubles hold integers to 2^53 (9,007 x
#: 10^15) exactly, and LibreOffice's INT and MOD, which look at 15 significant digits, still see a quotient
#: k - 1/s of integers below 10^15 as less than k
EXACT_LIMIT = 10**15


def _decimals(value) -> int:
    """Number of decimals of ``value`` as written (``Decimal('2.660')`` -> 2, ``22`` -> 0)."""
    d = _d(value).normalize()
    exp = d.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


@dataclass(frozen=True)
class _Int:
    """An integer-valued formula expression and the value it has for the figures written."""

    expr: str
    value: int

    def __mul__(self, other: _Int) -> _Int:
        if other.value == 1 and other.expr == "1":
            return self
        if self.value == 1 and self.expr == "1":
            return other
        return _Int(f"{_paren(self.expr)}*{_paren(other.expr)}", self.value * other.value)


def _paren(expr: str, operators: str = "+-") -> str:
    """``expr`` in brackets if one of ``operators`` appears outside brackets and quoted sheet names."""
    depth, quoted = 0, False
    for ch in expr:
        if ch == "'":
            quoted = not quoted
        if quoted:
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in operators:
            return f"({expr})"
    return expr


def _const(n: int) -> _Int:
    return _Int(str(n), n)


def _scaled(ref: str, value, minimum: int = 0) -> tuple[_Int, int]:
    """``ref`` as an exact integer: ``ROUND(ref*10^s,0)``, ``s`` = its decimals (at least ``minimum``)."""
    v = _d(value)
    s = max(minimum, _decimals(v))
    expr = f"ROUND({ref}*{10**s},0)" if s else f"ROUND({ref},0)"
    return _Int(expr, int(v.scaleb(s))), s


def _whole(ref: str, value) -> _Int:
    """A cell that is already a whole number (a sum of rounded amounts): used as it is."""
    v = _d(value)
    if v != v.to_integral_value():
        raise ExactnessError(tr("workbook.not_whole", ref=ref, v=v))
    return _Int(ref, int(v))


class ExactnessError(ValueError):
    """A figure too large for the workbook's exact integer formulas (ask for a smaller scale)."""


def _exact_round(x: _Int, y: _Int, s: _Int, rule: Mapping[str, Any], what: str) -> str:
    """Formula text of ``rule(x*y/s)`` (``rule`` as in ``costing_rules.rounding``), exact in IEEE doubles.

    ``x``, ``y``, ``s`` are non-negative integers. The larger of ``x`` and ``y``
    is split by ``s``: ``x*y/s = INT(x/s)*y + MOD(x,s)*y/s``; the first term is an
    integer, the second a quotient of integers below :data:`EXACT_LIMIT`, so its
    rounding is exact (a tie ``k + 1/2`` is represented exactly).
    """
    step = _d(rule.get("step", 1))
    mode = rule.get("mode", "half_up")
    if s.value < 0:
        raise ExactnessError(tr("workbook.negative_divisor", what=what, value=s.value))
    if s.value == 0:  # not filled in yet (an equipment row without shifts): 0 until the analyst enters it
        guarded = _exact_round(x, y, _Int(s.expr, 1), {"step": step, "mode": mode}, what)
        return f"IF({_paren(s.expr, '+-*/')}=0,0,{guarded})"
    p, q = step.as_integer_ratio()
    if q != 1:
        x = x * _const(q)
    if p != 1:
        s = s * _const(p)
    if y.value > x.value:
        x, y = y, x
    if s.value == 1:
        core = f"{_paren(x.expr)}*{_paren(y.expr)}"
    else:
        high = (x.value // s.value) * y.value
        if s.value * max(y.value, 1) > EXACT_LIMIT or high > EXACT_LIMIT or x.value > EXACT_LIMIT:
            raise ExactnessError(tr("workbook.too_large", what=what, value=x.value, value2=y.value, value3=s.value))
        X, Y = _paren(x.expr), _paren(y.expr)
        S = _paren(s.expr, "+-*/")  # a divisor: any operator needs brackets
        head = f"INT({X}/{S})*{Y}"
        u = f"MOD({X},{S})*{Y}"
        if mode == "half_up":
            tail = f"ROUND({u}/{S},0)"
        elif mode in ("down", "floor"):
            tail = f"INT({u}/{S})"
        elif mode in ("up", "ceiling"):
            tail = f"(INT({u}/{S})+(MOD({u},{S})>0))"
        elif mode == "half_even":
            k = f"INT({u}/{S})"
            tail = f"({k}+IF(2*MOD({u},{S})>{S},1,IF(2*MOD({u},{S})={S},MOD({head}+{k},2),0)))"
        else:
            raise ExactnessError(tr("workbook.unknown_rounding", what=what, mode=mode))
        core = f"{head}+{tail}"
    if p != 1 or q != 1:
        core = f"({core})*{p}" + (f"/{q}" if q != 1 else "")
    return core


# ============================================================================ writing
_TEXT_WIDTH = 30  # widest text column (characters); longer text wraps


def _fit(ws, widths: dict[int, int], wrap: set[int]) -> None:
    from openpyxl.utils import get_column_letter

    for col, w in widths.items():
        cap = _TEXT_WIDTH if col in wrap else 60
        ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), cap)


def print_setup(ws, title: str, header_rows: int = 1) -> None:
    """Landscape A4 fitted to the page width, header rows repeated, print area = the table, pages numbered."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
    ws.print_title_rows = f"1:{header_rows}"
    ws.print_area = f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, 1)}"
    ws.oddHeader.center.text = title
    ws.oddHeader.center.size = 10
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9


class _Sheet:
    def __init__(self, wb, title: str, headers: list[str], wrap: tuple[int, ...] = ()):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = wb.create_sheet(title)
        self.title = title
        self.widths = {}
        self.wrap = set(wrap)
        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font = Font(name="Times New Roman", bold=True, size=12)
        fill = PatternFill("solid", fgColor="DDEBF7")
        for j, h in enumerate(headers, start=1):
            c = self.ws.cell(row=1, column=j, value=h)
            c.font, c.fill, c.border = font, fill, self.border
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            self.widths[j] = min(max(len(w) for w in h.split()), 24) if h else 8
            self.widths[j] = max(self.widths[j], min(len(h), 11))
        self.ws.freeze_panes = "A2"
        self.row = 1
        self.body_font = Font(name="Times New Roman", size=12)
        self.bold_font = Font(name="Times New Roman", size=12, bold=True)
        self.wrap_align = Alignment(wrap_text=True, vertical="top")
        self.top_align = Alignment(vertical="top")
        self.no_fill = PatternFill(fill_type=None)
        self._styles: dict = {}
        self.texts: list[tuple[int, int, str]] = [(1, j, h) for j, h in enumerate(headers, start=1)]

    def _proto(self, bold: bool, fmt: str | None, wrap: bool):
        """The style of a body cell, built once and copied (openpyxl style assignment is slow)."""
        key = (bold, fmt, wrap)
        if key not in self._styles:
            scratch = self.ws.cell(row=1, column=1)
            saved = copy(scratch._style)
            scratch.font = self.bold_font if bold else self.body_font
            scratch.fill = self.no_fill  # the scratch cell is a header cell: drop its fill
            scratch.border = self.border
            scratch.alignment = self.wrap_align if wrap else self.top_align
            if fmt:
                scratch.number_format = fmt
            self._styles[key] = copy(scratch._style)
            scratch._style = saved
        return self._styles[key]

    def add(self, values: list, formats: dict[int, str] | None = None, bold: bool = False) -> int:
        self.row += 1
        for j, v in enumerate(values, start=1):
            if v is None:  # an empty cell keeps the table's borders
                self.ws.cell(row=self.row, column=j)._style = copy(self._proto(bold, None, False))
                continue
            if isinstance(v, Decimal):
                v = int(v) if v == v.to_integral() else float(v)
            c = self.ws.cell(row=self.row, column=j, value=v)
            if isinstance(v, str) and not v.startswith("="):
                c.data_type = "s"
            c._style = copy(self._proto(bold, formats.get(j) if formats else None, j in self.wrap))
            if j in self.wrap and isinstance(v, str) and not v.startswith("="):
                self.texts.append((self.row, j, v))
            width = 12 if isinstance(v, str) and v.startswith("=") else len(str(v))
            self.widths[j] = max(self.widths.get(j, 0), min(width, 60))
        return self.row

    def done(self):
        _fit(self.ws, self.widths, self.wrap)
        _row_heights(self.ws, self.texts)
        print_setup(self.ws, self.title)


def _row_heights(ws, texts) -> None:
    """Rows tall enough for their wrapped text (office suites do not grow rows of a written file)."""
    import math

    from openpyxl.utils import get_column_letter

    lines: dict[int, int] = {}
    for row, col, text in texts:
        width = ws.column_dimensions[get_column_letter(col)].width or 10
        per_line = max(int(width * 1.2) - 1, 4)  # Times New Roman is narrower than the width unit
        n = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines[row] = max(lines.get(row, 1), n)
    for row, n in lines.items():
        if n > 1:
            ws.row_dimensions[row].height = 15.75 * n


def _sheet_ref(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Named:
    """The named parameter cells: formula name, value and the decimals its integer form keeps."""

    def __init__(self):
        self.values: dict[str, Decimal] = {}

    def scaled(self, name: str, minimum: int = 0) -> tuple[_Int, int]:
        return _scaled(name, self.values[name], minimum)


def _parameters_sheet(wb, inputs: CostInputs, rules: dict) -> _Named:
    """The "Tham số" sheet: every legal parameter and project choice the formulas use, as named cells."""
    from openpyxl.workbook.defined_name import DefinedName

    from ..core.vnformat import format_date_short

    # -- Tham số -----------------------------------------------------------
    ts = _Sheet(wb, "Tham số", ["Tên ô (dùng trong công thức)", "Tham số", "Giá trị", "Đơn vị", "Căn cứ"], wrap=(2, 5))
    P = _sheet_ref("Tham số")
    names: dict[str, str] = {}
    named = _Named()
    cite = inputs.citations.get

    def param(label, value, unit, source, name, fmt=QTY):
        r = ts.add([name, label, value, unit, source or ""], {3: fmt})
        names[name] = f"{P}!$C${r}"
        named.values[name] = _d(value)
        return r

    param("Mức lương cơ sở", inputs.base_salary, "đồng/tháng", cite("base_salary.base_salary"), "LuongCoSo", MONEY)
    first = None
    for key, (label, pct) in inputs.contributions.items():
        r = ts.add(["", label, pct, "%", cite(f"contributions.{key}", "")], {3: QTY})
        first = first or r
    contr = inputs.contributions_pct
    if first is None:
        r = ts.add(["TyLeDongGop", "Các khoản đóng góp theo lương (tổng)", Decimal(0), "%", ""], {3: QTY})
    else:
        r = ts.add(
            [
                "TyLeDongGop",
                "Các khoản đóng góp theo lương (tổng)",
                f"=SUM(C{first}:C{ts.row})",
                "%",
                "tổng các dòng trên",
            ],
            {3: QTY},
            bold=True,
        )
    names["TyLeDongGop"] = f"{P}!$C${r}"
    named.values["TyLeDongGop"] = contr
    param("Phụ cấp (% lương)", inputs.allowances_pct, "%", "khai báo của dự án", "PhuCap")
    param("Hệ số phụ cấp chức vụ", inputs.position_coefficient, "hệ số", "khai báo của dự án", "HeSoChucVu")
    param(
        "Số ngày làm việc bình quân một tháng",
        inputs.working_days_per_month,
        "ngày/tháng",
        cite("costing_rules.working_days_per_month"),
        "NgayCongThang",
    )
    param(
        "Số giờ làm việc một ngày (1 công)", inputs.hours_per_day, "giờ", cite("working_time.hours_per_day"), "GioCong"
    )
    param(
        "Số giờ một ngày công, công việc nặng nhọc, độc hại",
        inputs.hours_per_day_heavy,
        "giờ",
        cite("working_time.hours_per_day_heavy"),
        "GioCongNang",
    )
    param("Số giờ một ca máy", inputs.hours_per_shift, "giờ", cite("working_time.hours_per_shift"), "GioCa")
    param(
        "Giá trị thu hồi khi thanh lý (% nguyên giá)",
        inputs.salvage_pct,
        "%",
        cite("costing_rules.salvage"),
        "TyLeThuHoi",
    )
    param(
        "Nguyên giá tối thiểu để tính giá trị thu hồi",
        inputs.salvage_min_cost,
        "đồng",
        cite("costing_rules.salvage"),
        "NguyenGiaThuHoi",
        MONEY,
    )
    param(
        "Hệ số chi phí năng lượng phụ",
        inputs.energy_aux_factor,
        "hệ số",
        cite("costing_rules.energy_aux_factor"),
        "HeSoNangLuong",
    )
    param("Giá điện", inputs.electricity_price, "đồng/kWh", cite("electricity"), "GiaDien", MONEY)
    param(
        "Chi phí quản lý mặc định (% chi phí trực tiếp)",
        inputs.management_pct,
        "%",
        cite("management_pct", "khai báo của dự án"),
        "TyLeQuanLy",
    )
    ts.add(["", "Ngày tính giá", format_date_short(inputs.on), "", ""])
    rule_text = "; ".join(
        f"{_RULE_LABELS.get(k, k)}: bước {_fmt_dec(v.get('step', 1))} đồng, "
        f"{_MODE_LABELS.get(str(v.get('mode', 'half_up')), v.get('mode'))}"
        for k, v in rules.items()
    )
    rule_cite = cite("costing_rules.rounding", "")
    ts.add(["", "Quy tắc làm tròn", "", "", rule_text + (f" ({rule_cite})" if rule_cite else "")])
    ts.add(
        [
            "",
            "Cách làm tròn trong bảng tính",
            "",
            "",
            "Mỗi số làm tròn tính bằng số nguyên (lượng, hệ số, tỷ lệ được "
            "nhân với 10, 100... rồi làm tròn tới số nguyên theo số chữ số thập phân đang có, tối thiểu 2 chữ số "
            "với khối lượng và hệ số) để tránh sai số dấu phẩy động; nhập giá trị mới không nhiều chữ số "
            "thập phân hơn giá trị đang có.",
        ]
    )
    ts.widths[3] = 14
    ts.done()
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    return named


def _grades_sheet(
    wb, norm_set, inputs: CostInputs, rules: dict, named: _Named
) -> tuple[dict[str, int], dict[str, Decimal]]:
    """The "Hệ số lương" sheet: one row per grade and step the norms use, its day rate as an exact formula;
    returns the row and the value of each ``grade/step`` key."""
    from ..core.registry import active_registry

    contr = inputs.contributions_pct
    # -- Hệ số lương ---------------------------------------------------------
    reg = active_registry()
    hs = _Sheet(
        wb, "Hệ số lương", ["Khóa", "Hạng, bậc", "Nhóm hệ số", "Hệ số lương", "Đơn giá ngày công (đồng)"], wrap=(2,)
    )
    day_row: dict[str, int] = {}
    day_value: dict[str, Decimal] = {}
    base, _ = named.scaled("LuongCoSo")
    days, s_days = named.scaled("NgayCongThang")
    pct_decimals = max(_decimals(inputs.allowances_pct), _decimals(contr), 0)
    for g, st in sorted({(l.grade, l.step or 1) for n in norm_set for l in n.labour}):
        grade = reg.grades.get(g)
        r = hs.row + 1
        coef = inputs.coefficients.get((g, st), Decimal(0))
        ci, s_coef = _scaled(f"(D{r}+HeSoChucVu)", coef + inputs.position_coefficient, 2)
        pi = _Int(
            f"{10 ** (2 + pct_decimals)}+ROUND((PhuCap+TyLeDongGop)*{10**pct_decimals},0)",
            int((100 + inputs.allowances_pct + contr).scaleb(pct_decimals)),
        )
        # day rate = base x coef x (1 + %/100) / days, as integers: x = coef·pct·10^s_days, s = 10^(...)·days
        x = ci * pi * _const(10**s_days)
        s = _const(10 ** (s_coef + 2 + pct_decimals)) * days
        formula = "=" + _exact_round(x, base, s, rules["daily_wage"], f"hệ số lương {g}/{st}")
        hs.add(
            [f"{g}/{st}", grade.describe(st) if grade else g, grade.salary_group if grade else "", coef, formula],
            {4: QTY, 5: MONEY},
        )
        day_row[f"{g}/{st}"] = r
        day_value[f"{g}/{st}"] = inputs.day_rate(g, st)
    hs.done()
    return day_row, day_value


def _prices_sheet(wb, norm_set, inputs: CostInputs) -> dict[str, int]:
    """The "Đơn giá vật tư" sheet: one row per material (name | unit) with its price and source; returns the rows."""
    cite = inputs.citations.get
    # -- Đơn giá vật tư --------------------------------------------------------
    dg = _Sheet(
        wb, "Đơn giá vật tư", ["Khóa", "Tên vật tư", "Đơn vị tính", "Đơn giá (đồng)", "Nguồn giá"], wrap=(1, 2, 5)
    )
    price_row: dict[str, int] = {}
    for norm in norm_set:
        for m in norm.materials:
            key = f"{m.name} | {m.unit}"
            if key in price_row:
                continue
            known_price = inputs.prices.get(m.name)
            price_row[key] = dg.add(
                [
                    key,
                    m.name,
                    m.unit,
                    known_price if known_price is not None else Decimal(0),
                    cite(f"price:{m.name}", "") if known_price is not None else "chưa có giá",
                ],
                {4: MONEY},
            )
    dg.done()
    return price_row


def _equipment_sheet(
    wb, norm_set, inputs: CostInputs, rules: dict, named: _Named
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """The "Thiết bị" sheet: one row per machine with salvage, depreciation and repair as exact formulas;
    returns the rows and the values the cost lines check against."""
    # -- Thiết bị ----------------------------------------------------------------
    tb = _Sheet(
        wb,
        "Thiết bị",
        [
            "Khóa",
            "Tên thiết bị",
            "Đơn vị tính",
            "Nguyên giá (đồng)",
            "Giá trị thu hồi",
            "Khấu hao (%/năm)",
            "Sửa chữa (%/năm)",
            "Số ca/năm",
            "Khấu hao năm",
            "Sửa chữa năm",
            "Số đơn vị sử dụng/năm",
            "Công suất tính điện (kW)",
            "Nguồn giá",
        ],
        wrap=(1, 2, 13),
    )
    eq_row: dict[str, int] = {}
    eq_val: dict[str, dict[str, Any]] = {}
    sal_pct, s_sal = named.scaled("TyLeThuHoi")
    for norm in norm_set:
        for e in norm.equipment:
            key = f"{e.name} | {e.unit}"
            if key in eq_row:
                continue
            eq = inputs.equipment.get(e.name) or EquipmentCost()
            r = tb.row + 1
            eq_row[key] = r
            cost, s_cost = _scaled(f"D{r}", eq.original_cost)
            salvage = inputs.salvage(eq)
            salvage_f = _exact_round(
                sal_pct, cost, _const(10 ** (2 + s_sal + s_cost)), rules["asset"], f"giá trị thu hồi {e.name}"
            )
            dep_pct, s_dep = _scaled(f"F{r}", eq.depreciation_pct)
            rep_pct, s_rep = _scaled(f"G{r}", eq.repair_pct)
            net = _Int(
                f"{cost.expr}-E{r}*{10**s_cost}" if s_cost else f"{cost.expr}-E{r}",
                cost.value - int(salvage.scaleb(s_cost)),
            )
            dep = _exact_round(dep_pct, net, _const(10 ** (2 + s_dep + s_cost)), rules["asset"], f"khấu hao {e.name}")
            rep = _exact_round(rep_pct, cost, _const(10 ** (2 + s_rep + s_cost)), rules["asset"], f"sửa chữa {e.name}")
            tb.add(
                [
                    key,
                    e.name,
                    e.unit,
                    eq.original_cost,
                    f"=IF(D{r}>=NguyenGiaThuHoi,{salvage_f},0)",
                    eq.depreciation_pct,
                    eq.repair_pct,
                    eq.shifts_per_year,
                    f"={dep}",
                    f"={rep}",
                    f'=IF(C{r}="giờ",H{r}*GioCa,H{r})',
                    eq.power_kw,
                    eq.source or ("chưa có giá" if e.name not in inputs.equipment else ""),
                ],
                {4: MONEY, 5: MONEY, 6: QTY, 7: QTY, 8: QTY, 9: MONEY, 10: MONEY, 11: QTY, 12: QTY},
            )
            per = eq.shifts_per_year * (
                _filled(inputs.hours_per_shift, "working_time.hours_per_shift") if e.unit == "giờ" else 1
            )
            eq_val[key] = {
                "eq": eq,
                "dep": _r_rule((eq.original_cost - salvage) * eq.depreciation_pct / 100, rules["asset"]),
                "rep": _r_rule(eq.original_cost * eq.repair_pct / 100, rules["asset"]),
                "per": per,
            }
    tb.done()
    return eq_row, eq_val


def write_workbook(norm_set, path, inputs: CostInputs, *, extra_sheets=None) -> Path:
    """Write the auditable workbook to ``path`` (atomically, byte-reproducibly); returns the path.

    ``extra_sheets``: callables ``f(workbook)`` that add sheets after the
    costing sheets (the statistics sheet, for one); each should call
    :func:`print_setup` on what it adds.
    """
    from openpyxl import Workbook

    rules = inputs.rounding_rules()
    wb = Workbook()
    wb.remove(wb.active)
    named = _parameters_sheet(wb, inputs, rules)
    day_row, day_value = _grades_sheet(wb, norm_set, inputs, rules, named)
    price_row = _prices_sheet(wb, norm_set, inputs)
    eq_row, eq_val = _equipment_sheet(wb, norm_set, inputs, rules, named)

    # -- Định mức and Chi phí ---------------------------------------------------
    dm_ = _Sheet(
        wb,
        "Định mức",
        [
            "Mã định mức",
            "Mã dòng",
            "Thành phần",
            "Tên",
            "Hạng, bậc / quy cách",
            "Đơn vị tính",
            "Định mức (có tải)",
            "Không tải",
            "Hao hụt (%)",
            "Thu hồi (%)",
            "Lượng tính chi phí",
        ],
        wrap=(4, 5),
    )
    cp = _Sheet(
        wb,
        "Chi phí",
        [
            "Mã định mức",
            "Mã dòng",
            "Thành phần",
            "Tên",
            "Lượng",
            "Đơn giá (đồng)",
            "Thành tiền (đồng)",
            "Loại lao động",
        ],
        wrap=(4,),
    )
    D, H, G, T = (_sheet_ref(x) for x in ("Định mức", "Hệ số lương", "Đơn giá vật tư", "Thiết bị"))
    line_rule = rules["line"]
    for norm in norm_set:
        for comp, line in norm.lines():
            r = dm_.row + 1
            kind = ""
            what = f"{norm.code}/{line.id}"
            if comp == "labour":
                hours_name = "GioCongNang" if line.heavy else "GioCong"
                qty = f"=G{r}/{hours_name}" if line.unit == "giờ" else f"=G{r}"
                key = f"{line.grade}/{line.step or 1}"
                dm_.add(
                    [
                        norm.code,
                        line.id,
                        COMP_VN[comp],
                        line.role,
                        line.grade_text(),
                        line.unit,
                        line.quantity,
                        None,
                        None,
                        None,
                        qty,
                    ],
                    {7: QTY, 11: QTY},
                )
                price = f"={H}!E{day_row[key]}"
                q, s_q = _scaled(f"{D}!G{r}", line.quantity, 2)
                if line.unit == "giờ":
                    hrs, s_h = named.scaled(hours_name)
                    x, s = q * _const(10**s_h), _const(10**s_q) * hrs
                else:
                    x, s = q, _const(10**s_q)
                y = _whole(f"{H}!E{day_row[key]}", day_value[key])
                amount = "=" + _exact_round(x, y, s, line_rule, what)
                kind = "trực tiếp" if line.kind == "direct" else "gián tiếp"
            elif comp == "materials":
                dm_.add(
                    [
                        norm.code,
                        line.id,
                        COMP_VN[comp],
                        line.name,
                        line.spec or "",
                        line.unit,
                        line.quantity,
                        None,
                        line.loss_rate,
                        line.recovery_rate,
                        f"=G{r}*(1+I{r}/100)*(1-J{r}/100)",
                    ],
                    {7: QTY, 9: QTY, 10: QTY, 11: QTY},
                )
                pr = price_row[f"{line.name} | {line.unit}"]
                price = f"={G}!D{pr}"
                q, s_q = _scaled(f"{D}!G{r}", line.quantity, 2)
                loss, s_l = _scaled(f"{D}!I{r}", line.loss_rate)
                rec, s_r = _scaled(f"{D}!J{r}", line.recovery_rate)
                unit_price = inputs.prices.get(line.name, Decimal(0))
                pi, s_p = _scaled(f"{G}!D{pr}", unit_price)
                x = (
                    q
                    * _Int(f"{10 ** (2 + s_l)}+{loss.expr}", 10 ** (2 + s_l) + loss.value)
                    * _Int(f"{10 ** (2 + s_r)}-{rec.expr}", 10 ** (2 + s_r) - rec.value)
                )
                s = _const(10 ** (s_q + 2 + s_l + 2 + s_r + s_p))
                amount = "=" + _exact_round(x, pi, s, line_rule, what)
            else:
                spec = ", ".join(
                    x for x in (line.spec, f"{line.power_kw} kW" if line.power_kw is not None else None) if x
                )
                key = f"{line.name} | {line.unit}"
                dm_.add(
                    [
                        norm.code,
                        line.id,
                        COMP_VN[comp],
                        line.name,
                        spec,
                        line.unit,
                        line.loaded,
                        line.idle,
                        None,
                        None,
                        f"=G{r}+H{r}",
                    ],
                    {7: QTY, 8: QTY, 11: QTY},
                )
                t = eq_row[key]
                v = eq_val[key]
                price = f"=({T}!I{t}+{T}!J{t})/{T}!K{t}"
                # wear and repair per unit of use, then electricity on the loaded time (as dinhmuc.costing does)
                q, s_q = _scaled(f"({D}!G{r}+{D}!H{r})", line.loaded + line.idle, 2)
                shifts, s_sh = _scaled(f"{T}!H{t}", v["eq"].shifts_per_year)
                if line.unit == "giờ":
                    hps, s_hps = named.scaled("GioCa")
                    x, s = q * _const(10 ** (s_sh + s_hps)), _const(10**s_q) * shifts * hps
                else:
                    x, s = q * _const(10**s_sh), _const(10**s_q) * shifts
                parts = [
                    _exact_round(x, _whole(f"{T}!I{t}", v["dep"]), s, line_rule, what + " khấu hao"),
                    _exact_round(x, _whole(f"{T}!J{t}", v["rep"]), s, line_rule, what + " sửa chữa"),
                ]
                if v["eq"].power_kw:
                    kw, s_kw = _scaled(f"{T}!L{t}", v["eq"].power_kw)
                    loaded, s_lo = _scaled(f"{D}!G{r}", line.loaded, 2)
                    aux, s_aux = named.scaled("HeSoNangLuong")
                    tariff, s_t = named.scaled("GiaDien")
                    xe = kw * loaded * aux
                    se = 10 ** (s_kw + s_lo + s_aux + s_t)
                    if line.unit == "ca":
                        hps, s_hps = named.scaled("GioCa")
                        xe, se = xe * hps, se * 10**s_hps
                    parts.append(_exact_round(xe, tariff, _const(se), line_rule, what + " năng lượng"))
                amount = "=" + "+".join(f"({p})" if "+" in p else p for p in parts)
            cp.add(
                [
                    norm.code,
                    line.id,
                    COMP_VN[comp],
                    line.name if comp != "labour" else line.role,
                    f"={D}!K{r}",
                    price,
                    amount,
                    kind,
                ],
                {5: QTY, 6: MONEY, 7: MONEY},
            )
    dm_.done()
    cp.done()

    # -- Tổng hợp -------------------------------------------------------------
    th = _Sheet(
        wb,
        "Tổng hợp",
        [
            "Mã định mức",
            "Tên dịch vụ",
            "Lao động (các dòng)",
            "Lao động gián tiếp (%)",
            "Lao động gián tiếp",
            "Vật tư chính",
            "Vật tư khác (%)",
            "Vật tư khác",
            "Thiết bị",
            "Chi phí trực tiếp",
            "Chi phí quản lý (%)",
            "Chi phí quản lý",
            "Đơn giá (đồng)",
            "Lao động",
            "Vật tư",
        ],
        wrap=(2,),
    )
    C = _sheet_ref("Chi phí")
    figures = reference_costs(norm_set, inputs)
    for norm in norm_set:
        r = th.row + 1
        fig = figures[norm.code]

        def sumifs(comp: str, extra: str = "", r: int = r) -> str:
            return f'SUMIFS({C}!$G:$G,{C}!$A:$A,$A{r},{C}!$C:$C,"{COMP_VN[comp]}"{extra})'

        direct_labour = sumifs("labour", f',{C}!$H:$H,"trực tiếp"')
        ind_pct = norm.indirect_labour_pct or Decimal(0)
        oth_pct = norm.other_materials_pct or Decimal(0)
        mg_pct = inputs.management_of(norm.code)
        mg = inputs.management.get(norm.code)
        ip, s_ip = _scaled(f"D{r}", ind_pct)
        op, s_op = _scaled(f"G{r}", oth_pct)
        mp, s_mp = _scaled(f"K{r}", mg_pct)
        indirect = _exact_round(
            ip,
            _whole(direct_labour, fig["direct_labour"]),
            _const(10 ** (2 + s_ip)),
            line_rule,
            f"{norm.code} lao động gián tiếp",
        )
        other = _exact_round(
            op, _whole(f"F{r}", fig["main_materials"]), _const(10 ** (2 + s_op)), line_rule, f"{norm.code} vật tư khác"
        )
        manage = _exact_round(
            mp,
            _whole(f"J{r}", fig["total"] - fig["management"]),
            _const(10 ** (2 + s_mp)),
            rules["management"],
            f"{norm.code} chi phí quản lý",
        )
        th.add(
            [
                norm.code,
                norm.name,
                "=" + sumifs("labour"),
                ind_pct,
                f"={indirect}",
                "=" + sumifs("materials"),
                oth_pct,
                f"={other}",
                "=" + sumifs("equipment"),
                f"=C{r}+E{r}+F{r}+H{r}+I{r}",
                mg if mg is not None else "=TyLeQuanLy",
                f"={manage}",
                f"=J{r}+L{r}",
                f"=C{r}+E{r}",
                f"=F{r}+H{r}",
            ],
            {
                3: MONEY,
                4: QTY,
                5: MONEY,
                6: MONEY,
                7: QTY,
                8: MONEY,
                9: MONEY,
                10: MONEY,
                11: QTY,
                12: MONEY,
                13: MONEY,
                14: MONEY,
                15: MONEY,
            },
        )
    th.widths[2] = 28
    th.done()
    for add in extra_sheets or ():
        add(wb)
    wb.move_sheet("Tổng hợp", offset=-wb.sheetnames.index("Tổng hợp"))
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    return _save(wb, path)


_RULE_LABELS = {
    "daily_wage": "đơn giá ngày công",
    "line": "thành tiền từng dòng",
    "management": "chi phí quản lý",
    "asset": "nguyên giá, giá trị thu hồi, khấu hao năm",
}
_MODE_LABELS = {
    "half_up": "làm tròn nửa lên",
    "half_even": "làm tròn nửa về số chẵn",
    "down": "làm tròn xuống",
    "floor": "làm tròn xuống",
    "up": "làm tròn lên",
    "ceiling": "làm tròn lên",
}


def _fmt_dec(value) -> str:
    from ..core.vnformat import format_number

    v = _d(value)
    return format_number(v, _decimals(v))


def _save(wb, path) -> Path:
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.creator = "dinhmuc"
    wb.properties.lastModifiedBy = "dinhmuc"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:  # deflated once, by _normalise_zip
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
