"""The cost of each component of a norm (chi phí từng khoản mục): labour, materials, equipment, management.

Each function reads the norm's applied quantities, the prices and the dated
parameters (through :class:`~.context.CostingContext`), computes with the formulas of
:mod:`.formulas` and returns printed :class:`~.records.CostLine` s, each with the
trace of what it used. Lines are rounded at the declared step (``costing_rules.rounding``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..core.errors import InputError, Location, ParameterError, PriceError, Problem, UnknownReferenceError
from ..core.i18n import tr
from ..core.registry import Grade
from ..norm import AppliedLine, EquipmentLine, LabourLine, Norm, canonical_decimal
from ..norm.lines import PERCENT_BASES
from ..params import ParameterValue
from .context import CostingContext, checked_price, parameter_entry, price_ref, salary_coefficient
from .explain import format_value
from .formulas import (
    RoundingRule,
    annual_depreciation,
    annual_repair,
    daily_wage,
    electricity_kwh,
    hours_to_cong,
    line_amount,
    monthly_salary_cost,
    net_quantity,
    percent_of,
    round_step,
    salvage_value,
    tool_cost_per_use,
    use_cost,
)
from .prices import EnergyPrice, EquipmentPrice, MaterialPrice, PriceList, Row
from .records import CostLine, Declared, Trace

__all__ = [
    "COST_OF",
    "WageBasis",
    "energy_lines",
    "equipment_lines",
    "labour_lines",
    "management_line",
    "mark_structure",
    "material_lines",
    "percent_rows",
    "power_of",
    "tool_lines",
]

#: Applied quantities of a norm by line id (Norm.apply).
Applied = dict[str, AppliedLine]

#: Cost component a line kind of a published table is counted in (tools and energy with the machines).
COST_OF = {
    "materials": "materials",
    "labour": "labour",
    "equipment": "equipment",
    "tools": "equipment",
    "energy": "equipment",
}


def _loaded(a: AppliedLine) -> Decimal:
    """The loaded (running) time of an applied equipment line; Norm.apply always records it."""
    if a.loaded is None:  # pragma: no cover - Norm.apply sets it for every equipment line
        raise ValueError(tr("components.no_loaded", id=a.id))
    return a.loaded


# ----------------------------------------------------------------------------
# Labour
# ----------------------------------------------------------------------------


def _labour_at_rate(
    ctx: CostingContext, norm: Norm, line: LabourLine, a: AppliedLine, prices: PriceList, warn: list[str], what: str
) -> CostLine:
    """A labour line without a grade: priced at its published day rate, never at 0 đ."""
    rate, row = prices.labour_row(line.role, line.group, line.unit, ctx.on, what)
    price = checked_price(ctx, what, rate, row, rate.price, warn)
    exact = line_amount(a.quantity, price)
    amount = round_step(exact, ctx.rule("line"))
    label = line.role + (f" - {line.group}" if line.group else "")
    trace = Trace(
        norm.code,
        line.id or "",
        label,
        a.quantity,
        line.unit,
        [price_ref("labour", rate, row, line.unit, price)],
        [],
        [],
        f"số {line.unit} x đơn giá ngày công công bố",
        {"đơn giá ngày công": price},
    )
    return CostLine("labour", line.id or "", label, line.unit, a.quantity, price, amount, exact, trace)


def _grade_of(ctx: CostingContext, line: LabourLine, what: str) -> tuple[Grade, int]:
    """The grade and step a graded labour line is paid on, or the error naming what is missing."""
    grade = ctx.grade(line.grade or "")
    if grade is None:
        raise UnknownReferenceError(
            Problem(
                tr("components.unknown_grade", what=what, grade=line.grade, isoformat=ctx.on.isoformat()),
                Location(field="grade", label="Hạng"),
                "unknown_grade",
                ", ".join(ctx.registry.grades),
            )
        )
    if line.step is None:
        raise InputError(
            Problem(
                tr("components.no_step", what=what),
                Location(field="step", label="Bậc"),
                "missing",
                tr("components.acc_step", steps=grade.steps),
            )
        )
    return grade, line.step


class WageBasis(NamedTuple):
    """What every graded labour line of a costing is paid on: looked up once, before the lines."""

    base: ParameterValue
    days: Decimal
    days_params: list[ParameterValue]
    days_decl: Declared
    contributions: list[ParameterValue]
    contributions_pct: Decimal
    rule_day: RoundingRule
    rule_line: RoundingRule


_WAGE_FORMULA = (
    "công x [lương cơ sở x (hệ số lương + hệ số phụ cấp chức vụ) x (1 + phụ cấp % + đóng góp %) "
    "/ ngày làm việc trong tháng]"
)


def _graded_labour(
    ctx: CostingContext,
    norm: Norm,
    line: LabourLine,
    a: AppliedLine,
    wage: WageBasis,
    what: str,
) -> CostLine:
    """A labour line with a grade: công x daily wage from the base salary, coefficients and contributions.

    NĐ 60/2021/NĐ-CP Art. 5: salary cost = base salary x coefficients + allowances + contributions.
    """
    opt = ctx.options
    grade, step = _grade_of(ctx, line, what)
    coef, coef_pv = salary_coefficient(grade.salary_group, step, ctx.on, ctx.params)
    params = [wage.base, coef_pv, *wage.days_params, *wage.contributions]
    if line.unit == "giờ":
        hp = ctx.p("working_time.hours_per_day_heavy" if line.heavy else "working_time.hours_per_day")
        params.append(hp)
        cong = hours_to_cong(a.quantity, hp.value)
    else:
        cong = a.quantity
    salary, monthly = monthly_salary_cost(
        wage.base.value, coef, opt.position_coefficient, opt.allowances_pct, wage.contributions_pct
    )
    daily_exact = daily_wage(monthly, wage.days)
    daily = round_step(daily_exact, wage.rule_day)
    amount = round_step(line_amount(cong, daily), wage.rule_line)
    exact = line_amount(cong, daily_exact)
    formula = _WAGE_FORMULA
    if line.unit == "giờ":
        formula = "(giờ / giờ một công) x " + formula.partition(" x ")[2]
    decl = [
        wage.days_decl,
        Declared("allowances_pct", "Phụ cấp (% lương)", opt.allowances_pct, "CostingOptions"),
        Declared("position_coefficient", "Hệ số phụ cấp chức vụ", opt.position_coefficient, "CostingOptions"),
    ]
    trace = Trace(
        norm.code,
        line.id or "",
        f"{line.role} — {grade.describe(step)} (nhóm {grade.salary_group})",
        a.quantity,
        line.unit,
        [],
        params,
        decl,
        formula,
        {
            "hệ số lương": coef,
            "lương theo hệ số (đồng/tháng)": salary,
            "đóng góp (%)": wage.contributions_pct,
            "chi phí tiền lương tháng": monthly,
            "đơn giá ngày công (làm tròn)": daily,
            "số công": cong,
        },
    )
    return CostLine("labour", line.id or "", line.role, "công", canonical_decimal(cong), daily, amount, exact, trace)


def _indirect_labour(
    norm: Norm, pct: Decimal, direct: Decimal, direct_exact: Decimal, rule_line: RoundingRule
) -> CostLine:
    """TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour = the declared % of direct labour (TT 47 fixes no %)."""
    decl = [
        Declared(
            "indirect_labour_pct",
            "Tỷ lệ lao động gián tiếp (% lao động trực tiếp)",
            pct,
            "khai báo của định mức (Thông tư 47/2018/TT-BCT Điều 7 khoản 1 điểm b)",
        )
    ]
    trace = Trace(
        norm.code,
        "LDGT",
        "Lao động gián tiếp",
        None,
        None,
        [],
        [],
        decl,
        f"{format_value(pct)} % x tổng lao động trực tiếp",
        {"lao động trực tiếp": direct, "tỷ lệ (%)": pct},
    )
    return CostLine(
        "labour",
        "LDGT",
        f"Lao động gián tiếp ({format_value(pct)} % lao động trực tiếp)",
        None,
        None,
        None,
        round_step(percent_of(direct, pct), rule_line),
        percent_of(direct_exact, pct),
        trace,
    )


def labour_lines(
    ctx: CostingContext, norm: Norm, applied: Applied, warn: list[str], prices: PriceList
) -> list[CostLine]:
    """Labour (nhân công): each line at its day rate, then indirect labour as a % of direct labour."""
    out: list[CostLine] = []
    base = ctx.p("base_salary.base_salary")
    days, days_params, days_decl = ctx.working_days()
    contribs = ctx.contributions(warn)
    contr_pct = sum((c.value for c in contribs), Decimal(0))
    wage = WageBasis(base, days, days_params, days_decl, contribs, contr_pct, ctx.rule("daily_wage"), ctx.rule("line"))
    direct_amounts, direct_exact = Decimal(0), Decimal(0)
    for line in norm.labour:
        what = f"{norm.code}/{line.id} ({line.role})"
        a = applied[line.id or ""]
        if line.grade is None:
            # A group (nhóm) or a role alone: priced at its published day rate, never at 0 đ.
            cl = _labour_at_rate(ctx, norm, line, a, prices, warn, what)
        else:
            cl = _graded_labour(ctx, norm, line, a, wage, what)
        out.append(cl)
        if line.kind == "direct":
            direct_amounts += cl.amount
            direct_exact += cl.exact
        elif line.grade is not None and f"{norm.code}: indirect" not in " ".join(warn):
            # TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour is a share of direct labour.
            warn.append(tr("components.indirect_lines", code=norm.code, id=line.id, role=line.role))
    if norm.indirect_labour_pct is not None:
        out.append(_indirect_labour(norm, norm.indirect_labour_pct, direct_amounts, direct_exact, wage.rule_line))
    return out


# ----------------------------------------------------------------------------
# Materials, percent rows, tools, energy
# ----------------------------------------------------------------------------


def material_lines(
    ctx: CostingContext, norm: Norm, applied: Applied, prices: PriceList, warn: list[str]
) -> list[CostLine]:
    """Materials (vật tư): net quantity (loss, recovery) x price; other materials as a % of the main ones."""
    out: list[CostLine] = []
    rule_line = ctx.rule("line")
    main, main_exact = Decimal(0), Decimal(0)
    for line in norm.materials:
        what = f"{norm.code}/{line.id} ({line.name})"
        a = applied[line.id or ""]
        price: MaterialPrice | EnergyPrice
        try:
            price, row = prices.material_row(line.name, line.unit, line.spec, ctx.on, what)
            kind = "material"
        except PriceError:
            if line.unit != "kWh" or not prices.energy:
                raise
            price, row = prices.energy_row(ctx.on, "electricity", what)
            kind = "energy"
        unit_price = checked_price(ctx, what, price, row, price.price, warn)
        net = net_quantity(a.quantity, line.loss_rate, line.recovery_rate)
        exact = line_amount(net, unit_price)
        amount = round_step(exact, rule_line)
        trace = Trace(
            norm.code,
            line.id or "",
            line.name + (f" ({line.spec})" if line.spec else ""),
            a.quantity,
            line.unit,
            [price_ref(kind, price, row, line.unit, unit_price)],
            [],
            [],
            "khối lượng x (1 + hao hụt %) x (1 - thu hồi %) x đơn giá",
            {
                "hao hụt (%)": line.loss_rate,
                "thu hồi (%)": line.recovery_rate,
                "khối lượng thuần": canonical_decimal(net),
            },
        )
        out.append(
            CostLine(
                "materials",
                line.id or "",
                line.name,
                line.unit,
                canonical_decimal(net),
                unit_price,
                amount,
                exact,
                trace,
            )
        )
        main += amount
        main_exact += exact
    if norm.other_materials_pct is not None:
        pct = norm.other_materials_pct
        trace = Trace(
            norm.code,
            "VTK",
            "Vật tư khác",
            None,
            None,
            [],
            [],
            [],
            f"{format_value(pct)} % x tổng vật tư chính",
            {"vật tư chính": main, "tỷ lệ (%)": pct},
        )
        out.append(
            CostLine(
                "materials",
                "VTK",
                f"Vật tư khác ({format_value(pct)} % vật tư chính)",
                None,
                None,
                None,
                round_step(percent_of(main, pct), rule_line),
                percent_of(main_exact, pct),
                trace,
            )
        )
    return out


def percent_rows(ctx: CostingContext, norm: Norm, component: str, groups: dict[str, list[CostLine]]) -> list[CostLine]:
    """Percent rows of ``component`` ("Vật liệu khác", "Máy khác", dụng cụ nhỏ): % x the cost of their base.

    The base is the priced lines of the row's ``base`` group (its own group by
    default): main materials, machines, tools or direct labour.
    """
    out: list[CostLine] = []
    rule_line = ctx.rule("line")
    for row in norm.percent_rows:
        if row.component != component:
            continue
        base_comp = row.base_component
        base_lines = groups.get(base_comp, [])
        base = sum((l.amount for l in base_lines), Decimal(0))
        base_exact = sum((l.exact for l in base_lines), Decimal(0))
        pct = row.quantity
        if pct is None:  # pragma: no cover - a norm with variant columns is refused before costing
            raise ValueError(tr("components.percent_no_value", id=row.id))
        label = PERCENT_BASES[base_comp]
        trace = Trace(
            norm.code,
            row.id or "",
            row.name,
            pct,
            "%",
            [],
            [],
            [],
            f"{format_value(pct)} % x tổng {label}",
            {f"tổng {label}": base, "tỷ lệ (%)": pct},
        )
        out.append(
            CostLine(
                COST_OF.get(component, component),
                row.id or "",
                f"{row.name} ({format_value(pct)} % {label})",
                "%",
                pct,
                None,
                round_step(percent_of(base, pct), rule_line),
                percent_of(base_exact, pct),
                trace,
            )
        )
    return out


def tool_lines(ctx: CostingContext, norm: Norm, applied: Applied, prices: PriceList, warn: list[str]) -> list[CostLine]:
    """Tools (dụng cụ): ca of use x price / (life in months x working days a month)."""
    out: list[CostLine] = []
    if not norm.tools:
        return out
    days, days_params, days_decl = ctx.working_days()
    for line in norm.tools:
        what = f"{norm.code}/{line.id} ({line.name})"
        if line.life_months is None:
            raise InputError(
                Problem(
                    tr("components.tool_life", what=what),
                    Location(field="life_months", label="Thời hạn (tháng)"),
                    "missing",
                    "36",
                )
            )
        a = applied[line.id or ""]
        price, row = prices.material_row(line.name, line.unit, line.spec, ctx.on, what)
        unit_price = checked_price(ctx, what, price, row, price.price, warn)
        per_ca = tool_cost_per_use(unit_price, line.life_months, days)
        exact = line_amount(a.quantity, per_ca)
        trace = Trace(
            norm.code,
            line.id or "",
            line.name,
            a.quantity,
            "ca",
            [price_ref("material", price, row, line.unit, unit_price)],
            list(days_params),
            [days_decl],
            "ca sử dụng x giá dụng cụ / (thời hạn tháng x ngày làm việc một tháng)",
            {"thời hạn (tháng)": line.life_months, "ngày làm việc/tháng": days},
        )
        out.append(
            CostLine(
                "equipment",
                line.id or "",
                line.name,
                "ca",
                a.quantity,
                per_ca,
                round_step(exact, ctx.rule("line")),
                exact,
                trace,
            )
        )
    return out


def _derived_kwh(ctx: CostingContext, norm: Norm, applied: Applied) -> tuple[Decimal, list[ParameterValue]]:
    """Electricity of the norm's machines: Σ power x loaded hours, x the auxiliary factor (dated parameters)."""
    hps = ctx.p("working_time.hours_per_shift")
    aux = ctx.p("costing_rules.energy_aux_factor")
    kwh = Decimal(0)
    for eq in norm.equipment:
        if eq.power_kw:
            a = applied[eq.id or ""]
            hours = _loaded(a) * hps.value if eq.unit == "ca" else _loaded(a)
            kwh += eq.power_kw * hours
    return kwh * aux.value, [hps, aux]


def energy_lines(
    ctx: CostingContext, norm: Norm, applied: Applied, prices: PriceList, warn: list[str]
) -> list[CostLine]:
    """Energy lines: typed kWh, or derived = power x loaded hours x auxiliary factor (dated); x tariff."""
    out: list[CostLine] = []
    for line in norm.energy:
        what = f"{norm.code}/{line.id} ({line.name})"
        tariff, trow = prices.energy_row(ctx.on, "electricity", what)
        price = checked_price(ctx, what, tariff, trow, tariff.price, warn)
        params: list[ParameterValue] = []
        values: dict[str, Decimal] = {}
        if line.derived:
            kwh, params = _derived_kwh(ctx, norm, applied)
            formula = "Σ công suất x giờ có tải x hệ số năng lượng phụ x giá điện"
            values["điện năng (kWh)"] = kwh
        else:
            kwh = applied[line.id or ""].quantity
            formula = "điện năng (kWh) x giá điện"
        exact = line_amount(kwh, price)
        trace = Trace(
            norm.code,
            line.id or "",
            line.name,
            kwh,
            "kWh",
            [price_ref("energy", tariff, trow, "kWh", price)],
            params,
            [],
            formula,
            values,
        )
        out.append(
            CostLine(
                "equipment",
                line.id or "",
                line.name,
                "kWh",
                canonical_decimal(kwh),
                price,
                round_step(exact, ctx.rule("line")),
                exact,
                trace,
            )
        )
    return out


# ----------------------------------------------------------------------------
# Equipment
# ----------------------------------------------------------------------------


def power_of(eq: EquipmentPrice, line: EquipmentLine) -> Decimal | None:
    """The power a machine is priced with: the price list's, else the norm line's; None for none or 0."""
    power = eq.power_kw if eq.power_kw is not None else line.power_kw
    return power if power else None


def _shifts(
    ctx: CostingContext, eq: EquipmentPrice, row: Row, what: str, params: list[ParameterValue]
) -> tuple[Decimal, str]:
    """Shifts a year: the price list's, else by equipment type (costing_rules.shifts_per_year); with its source."""
    if eq.shifts_per_year is not None:
        return eq.shifts_per_year, f"số ca/năm của bảng giá ({row})"
    if eq.equipment_type is not None:
        pv = ctx.p("costing_rules.shifts_per_year")
        if eq.equipment_type not in pv.value:
            raise ParameterError(tr("components.shifts_type", what=what, equipment_type=eq.equipment_type))
        params.append(parameter_entry(pv, eq.equipment_type))
        return pv.value[eq.equipment_type], f"loại thiết bị '{eq.equipment_type}' (costing_rules.shifts_per_year)"
    raise PriceError(tr("components.no_shifts", what=what, row=row))


def _salvage(
    ctx: CostingContext, eq: EquipmentPrice, cost: Decimal, what: str, params: list[ParameterValue], warn: list[str]
) -> tuple[Decimal, Decimal]:
    """Salvage value (exact, rounded) by the dated rule; a cost below the fixed-asset threshold warns."""
    import dataclasses

    salvage_pv = ctx.p("costing_rules.salvage")
    threshold_pv = ctx.p("costing_rules.fixed_asset_threshold")
    sal = salvage_pv.value
    params += [
        dataclasses.replace(
            salvage_pv,
            unit=None,
            value=f"{format_value(sal['pct'])} % nguyên giá khi nguyên giá ≥ {format_value(sal['min_cost'])} đồng",
        ),
        dataclasses.replace(parameter_entry(threshold_pv, "min_cost"), unit="đồng"),
    ]
    salvage_exact = salvage_value(cost, sal["pct"], sal["min_cost"])
    if cost < threshold_pv.value["min_cost"]:
        warn.append(
            f"{what}: original cost {format_value(cost)} is below the fixed-asset threshold "
            f"{format_value(threshold_pv.value['min_cost'])} ({threshold_pv.citation}); its wear is priced "
            f"with the declared rate {format_value(eq.depreciation_rate)} %/năm"
        )
    return salvage_exact, round_step(salvage_exact, ctx.rule("asset"))


def _machine_energy(
    ctx: CostingContext,
    line: EquipmentLine,
    a: AppliedLine,
    power: Decimal,
    hps: Decimal,
    tariff_price: Decimal,
    params: list[ParameterValue],
) -> tuple[Decimal, dict[str, Decimal]]:
    """Electricity of one machine line: exact cost (power x loaded hours x auxiliary factor x tariff), values."""
    aux = ctx.p("costing_rules.energy_aux_factor")
    params.append(aux)
    hours = _loaded(a) * hps if line.unit == "ca" else _loaded(a)
    kwh = electricity_kwh(power, hours, aux.value)
    return line_amount(kwh, tariff_price), {"công suất (kW)": power, "giờ chạy có tải": hours, "điện năng (kWh)": kwh}


def _equipment_line(
    ctx: CostingContext,
    norm: Norm,
    line: EquipmentLine,
    a: AppliedLine,
    eq: EquipmentPrice,
    row: Row,
    cost: Decimal,
    prices: PriceList,
    warn: list[str],
) -> CostLine:
    """One machine: per ca or giờ of use, depreciation + repair (+ electricity when no energy line counts it)."""
    what = f"{norm.code}/{line.id} ({line.name})"
    rule_line, rule_asset = ctx.rule("line"), ctx.rule("asset")
    rate = eq.depreciation_rate
    if rate is None:
        raise PriceError(tr("components.no_depreciation", what=what, row=row))
    params: list[ParameterValue] = []
    shifts, shifts_src = _shifts(ctx, eq, row, what, params)
    salvage_exact, salvage = _salvage(ctx, eq, cost, what, params, warn)
    annual_dep = round_step(annual_depreciation(cost, salvage, rate), rule_asset)
    annual_rep = round_step(annual_repair(cost, eq.repair_rate), rule_asset)
    power = power_of(eq, line)
    with_energy = eq.energy == "electricity" and power is not None and not norm.energy  # energy lines count it once
    hps = Decimal(0)
    if line.unit == "giờ" or with_energy:
        hps_pv = ctx.p("working_time.hours_per_shift")
        params.append(hps_pv)
        hps = hps_pv.value
    per = shifts * hps if line.unit == "giờ" else shifts
    qty = a.quantity  # loaded + idle, scaled
    dep_rate, rep_rate = annual_dep / per, annual_rep / per
    parts = {"khấu hao": round_step(qty * dep_rate, rule_line), "sửa chữa": round_step(qty * rep_rate, rule_line)}
    exact_parts = {
        "khấu hao": use_cost(qty, cost - salvage_exact, rate, per),
        "sửa chữa": use_cost(qty, cost, eq.repair_rate, per),
    }
    refs = [price_ref("equipment", eq, row, line.unit, cost)]
    values = {
        "nguyên giá": cost,
        "giá trị thu hồi": salvage,
        "khấu hao năm": annual_dep,
        "sửa chữa năm": annual_rep,
        "số ca/năm": shifts,
        f"khấu hao / {line.unit}": dep_rate,
        f"sửa chữa / {line.unit}": rep_rate,
    }
    if with_energy and power is not None:
        tariff, trow = prices.energy_row(ctx.on, "electricity", what)
        # one frame deeper than the other price checks: the warning still points at the caller of cost_applied
        tariff_price = checked_price(ctx, what, tariff, trow, tariff.price, warn, stacklevel=5)
        energy_exact, energy_values = _machine_energy(ctx, line, a, power, hps, tariff_price, params)
        parts["năng lượng"] = round_step(energy_exact, rule_line)
        exact_parts["năng lượng"] = energy_exact
        refs.append(price_ref("energy", tariff, trow, "kWh", tariff_price))
        values.update(energy_values)
        if eq.power_kw is not None and line.power_kw is not None and eq.power_kw != line.power_kw:
            warn.append(
                tr(
                    "components.power_from_prices",
                    what=what,
                    format_value=format_value(eq.power_kw),
                    format_value2=format_value(line.power_kw),
                )
            )
    formula = (
        f"{line.unit} sử dụng x [(nguyên giá - thu hồi) x khấu hao % + nguyên giá x sửa chữa %] / "
        f"{'(số ca/năm x giờ/ca)' if line.unit == 'giờ' else 'số ca/năm'}"
        + (" + công suất x giờ có tải x hệ số năng lượng phụ x giá điện" if "năng lượng" in parts else "")
    )
    decl = [
        Declared("depreciation_rate", "Tỷ lệ khấu hao (%/năm)", rate, eq.depreciation_source or ""),
        Declared("repair_rate", "Tỷ lệ sửa chữa (%/năm)", eq.repair_rate, eq.source),
        Declared("shifts_per_year", "Số ca/năm", shifts, shifts_src),
    ]
    trace = Trace(
        norm.code,
        line.id or "",
        line.name + (f" ({line.spec})" if line.spec else ""),
        qty,
        line.unit,
        refs,
        params,
        decl,
        formula,
        values,
    )
    return CostLine(
        "equipment",
        line.id or "",
        line.name,
        line.unit,
        qty,
        canonical_decimal(dep_rate + rep_rate),
        sum(parts.values(), Decimal(0)),
        sum(exact_parts.values(), Decimal(0)),
        trace,
        parts,
        exact_parts,
    )


def equipment_lines(
    ctx: CostingContext, norm: Norm, applied: Applied, prices: PriceList, warn: list[str]
) -> list[CostLine]:
    """Equipment (máy, thiết bị): depreciation and repair per ca or giờ of use, and electricity on loaded time."""
    out: list[CostLine] = []
    for line in norm.equipment:
        what = f"{norm.code}/{line.id} ({line.name})"
        a = applied[line.id or ""]
        eq, row = prices.equipment_row(line.name, line.spec, ctx.on, what)
        cost = checked_price(ctx, what, eq, row, eq.original_cost, warn, "original cost (nguyên giá)")
        out.append(_equipment_line(ctx, norm, line, a, eq, row, cost, prices, warn))
    return out


# ----------------------------------------------------------------------------
# Management, structure
# ----------------------------------------------------------------------------


def management_line(ctx: CostingContext, norm: Norm, lines: list[CostLine], warn: list[str]) -> CostLine:
    """Management (quản lý): the declared % of labour + materials + equipment; checked against a cap in force."""
    opt = ctx.options
    direct = sum((l.amount for l in lines), Decimal(0))
    direct_exact = sum((l.exact for l in lines), Decimal(0))
    cap = ctx.p("costing_rules.management_cap")
    limit = cap.value.get(opt.management_scope)
    declared = [
        Declared(
            "management_pct",
            "Chi phí quản lý (%)",
            opt.management_pct,
            f"khai báo của dự án (CostingOptions, phạm vi '{opt.management_scope}')",
        )
    ]
    cap_params = [parameter_entry(cap, opt.management_scope)] if limit is not None else [cap]
    if opt.management_cap_pct is not None:
        # A cap the project declares (e.g. from TT 28/2018/TT-BTC as amended) replaces a bundled one.
        limit = opt.management_cap_pct
        declared.append(
            Declared(
                "management_cap_pct",
                "Mức trần chi phí quản lý (%)",
                limit,
                opt.management_cap_basis or "khai báo của dự án (không nêu căn cứ)",
            )
        )
        if not opt.management_cap_basis:
            warn.append(tr("components.cap_without_basis"))
    if limit is not None and opt.management_pct > limit:
        source = opt.management_cap_basis if opt.management_cap_pct is not None else cap.citation
        warn.append(
            tr(
                "components.management_above_cap",
                format_value=format_value(opt.management_pct),
                management_scope=opt.management_scope,
                format_value2=format_value(limit),
                source=source,
            )
        )
    trace = Trace(
        norm.code,
        "QL",
        "Chi phí quản lý",
        None,
        None,
        [],
        cap_params,
        declared,
        "tỷ lệ quản lý % x (lao động + vật tư + máy, thiết bị)",
        {"chi phí trực tiếp": direct, "tỷ lệ (%)": opt.management_pct},
    )
    return CostLine(
        "management",
        "QL",
        f"Chi phí quản lý ({format_value(opt.management_pct)} %)",
        None,
        None,
        None,
        round_step(percent_of(direct, opt.management_pct), ctx.rule("management")),
        percent_of(direct_exact, opt.management_pct),
        trace,
    )


def mark_structure(norm: Norm, lines: list[CostLine]) -> None:
    """Record on each cost line what it scales with and, for a percent row, what it is a percent of.

    Scenarios (:mod:`.scenarios`) re-evaluate a unit price from this structure;
    a test checks them against a full re-costing.
    """
    by_id = {(comp, line.id or ""): line for comp, line in norm.lines()}
    direct = tuple(l.id or "" for l in norm.labour if l.kind == "direct")
    for cl in lines:
        line = by_id.get((cl.component, cl.id))
        if line is not None:
            cl.scales_with = tuple(line.scales_with)
        elif cl.id == "LDGT" and norm.indirect_labour_pct is not None:  # TT 47 Art. 7(1)(b): % of direct labour
            cl.percent, cl.percent_of = norm.indirect_labour_pct, direct
        elif cl.id == "VTK" and norm.other_materials_pct is not None:  # % of the main materials
            cl.percent, cl.percent_of = norm.other_materials_pct, tuple(l.id or "" for l in norm.materials)
