"""Costing formulas (công thức tính đơn giá) — small plain functions on exact Decimals.

Each function is one step of NĐ 60/2021/NĐ-CP Art. 5 (as amended by NĐ 111/2025/NĐ-CP)
and TT 47/2018/TT-BCT Art. 7, with no lookup, no trace and no text: the component
costers (:mod:`.components`) read the dated parameters and prices, call these and
record what they used. Keeping the arithmetic here means a cost engineer can check
each formula by hand, and the scenarios (:mod:`.scenarios`) and the workbook
(:mod:`dinhmuc.dossier.workbook`) can be compared against one definition.

Operations are written in the order the official figures are computed: Decimal
arithmetic is exact to 28 significant digits, so the same order gives the same
digits everywhere.

>>> net = net_quantity(Decimal(30), Decimal(2), Decimal(0))
>>> net, line_amount(net, Decimal(45000))
(Decimal('30.60'), Decimal('1377000.00'))
>>> percent_of(Decimal(1000), Decimal("2.5"))
Decimal('25.0')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

from ..norm import canonical_decimal

__all__ = [
    "ROUNDING_MODES",
    "RoundingRule",
    "annual_depreciation",
    "annual_repair",
    "daily_wage",
    "electricity_kwh",
    "hours_to_cong",
    "line_amount",
    "monthly_salary_cost",
    "net_quantity",
    "percent_of",
    "round_step",
    "salary_ladder",
    "salvage_value",
    "tool_cost_per_use",
    "use_cost",
]

#: Rounding modes a rule of ``costing_rules.rounding`` may name (half_up is Excel's ROUND).
ROUNDING_MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


#: A rounding rule of ``costing_rules.rounding``: ``{"step": 1, "mode": "half_up"}``.
RoundingRule = Mapping[str, Decimal | int | str]


def round_step(value: Decimal, rule: RoundingRule) -> Decimal:
    """Round ``value`` to a multiple of ``rule['step']`` in ``rule['mode']`` (half_up: Excel's ROUND).

    >>> round_step(Decimal("2.5"), {"step": Decimal(1), "mode": "half_up"})
    Decimal('3')
    >>> round_step(Decimal("1234567.5"), {"step": Decimal(1000), "mode": "half_up"})
    Decimal('1235000')
    """
    step = Decimal(rule["step"])
    mode = ROUNDING_MODES[str(rule.get("mode", "half_up"))]
    return canonical_decimal((value / step).quantize(Decimal(1), rounding=mode) * step)


def line_amount(quantity: Decimal, unit_cost: Decimal) -> Decimal:
    """Khối lượng x đơn giá: the exact cost of a line.

    >>> line_amount(Decimal("7.5"), Decimal(394077))
    Decimal('2955577.5')
    """
    return quantity * unit_cost


def percent_of(base: Decimal, pct: Decimal) -> Decimal:
    """A percent row on its base: ``pct`` % of ``base`` (indirect labour, other materials, management).

    TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour is a declared % of direct labour;
    other materials and management are a % of their base in the same way.

    >>> percent_of(Decimal(3940770), Decimal(10))
    Decimal('394077')
    """
    return base * pct / 100


def net_quantity(quantity: Decimal, loss_rate: Decimal, recovery_rate: Decimal) -> Decimal:
    """Material consumed: quantity x (1 + loss %) x (1 - recovery %).

    >>> net_quantity(Decimal(10), Decimal(5), Decimal(20))
    Decimal('8.400')
    """
    return quantity * (1 + loss_rate / 100) * (1 - recovery_rate / 100)


def salary_ladder(first: Decimal, increment: Decimal, steps: int) -> list[Decimal]:
    """The coefficients of a salary group given by its first step and increment (NĐ 204/2004/NĐ-CP Bảng 3).

    >>> salary_ladder(Decimal("2.34"), Decimal("0.33"), 3)
    [Decimal('2.34'), Decimal('2.67'), Decimal('3.00')]
    """
    return [first + i * increment for i in range(steps)]


def monthly_salary_cost(
    base_salary: Decimal,
    coefficient: Decimal,
    position_coefficient: Decimal,
    allowances_pct: Decimal,
    contributions_pct: Decimal,
) -> tuple[Decimal, Decimal]:
    """Salary by coefficient and the monthly salary cost with allowances and employer contributions.

    Returns ``(base salary x (coefficient + position coefficient), that x (1 + allowances % + contributions %))``.

    >>> monthly_salary_cost(Decimal(2340000), Decimal("2.34"), Decimal(0), Decimal(0), Decimal("23.5"))
    (Decimal('5475600.00'), Decimal('6762366.00000'))
    """
    salary = base_salary * (coefficient + position_coefficient)
    return salary, salary * (1 + allowances_pct / 100 + contributions_pct / 100)


def daily_wage(monthly: Decimal, working_days: Decimal) -> Decimal:
    """The exact day rate: monthly salary cost / working days per month (rounded by the caller's rule).

    >>> daily_wage(Decimal(6500000), Decimal(26))
    Decimal('250000')
    """
    return monthly / working_days


def hours_to_cong(hours: Decimal, hours_per_day: Decimal) -> Decimal:
    """Labour given in giờ, as công: hours / hours of one working day (8, or 6 for heavy work).

    >>> hours_to_cong(Decimal(12), Decimal(8))
    Decimal('1.5')
    """
    return hours / hours_per_day


def tool_cost_per_use(price: Decimal, life_months: Decimal, working_days: Decimal) -> Decimal:
    """A tool's cost per ca of use: price / (life in months x working days a month).

    >>> tool_cost_per_use(Decimal(1560000), Decimal(24), Decimal(26))
    Decimal('2500')
    """
    return price / (life_months * working_days)


def salvage_value(cost: Decimal, pct: Decimal, min_cost: Decimal) -> Decimal:
    """The salvage value of an asset: ``pct`` % of its original cost when that cost reaches ``min_cost``, else 0.

    >>> threshold = Decimal(30000000)
    >>> salvage_value(Decimal(40000000), Decimal(5), threshold), salvage_value(Decimal(1000), Decimal(5), threshold)
    (Decimal('2000000'), Decimal('0'))
    """
    return cost * pct / 100 if cost >= min_cost else Decimal(0)


def annual_depreciation(cost: Decimal, salvage: Decimal, rate_pct: Decimal) -> Decimal:
    """A year's depreciation: (original cost - salvage) x rate % (TT 23/2023/TT-BTC).

    >>> annual_depreciation(Decimal(40000000), Decimal(2000000), Decimal(20))
    Decimal('7600000')
    """
    return (cost - salvage) * rate_pct / 100


def annual_repair(cost: Decimal, rate_pct: Decimal) -> Decimal:
    """A year's repair: original cost x repair rate %.

    >>> annual_repair(Decimal(40000000), Decimal(5))
    Decimal('2000000')
    """
    return cost * rate_pct / 100


def use_cost(quantity: Decimal, cost: Decimal, rate_pct: Decimal, uses_per_year: Decimal) -> Decimal:
    """The exact cost of ``quantity`` uses (ca or giờ) of a yearly rate: quantity x cost x rate % / uses a year.

    Used unrounded for depreciation (with cost - salvage) and repair (with the cost).

    >>> use_cost(Decimal(2), Decimal(38000000), Decimal(20), Decimal(250))
    Decimal('60800')
    """
    return quantity * cost * rate_pct / 100 / uses_per_year


def electricity_kwh(power_kw: Decimal, loaded_hours: Decimal, aux_factor: Decimal) -> Decimal:
    """Electricity of a machine: power x hours run loaded x the auxiliary factor.

    >>> electricity_kwh(Decimal("1.5"), Decimal(8), Decimal("1.05"))
    Decimal('12.600')
    """
    return power_kw * loaded_hours * aux_factor
