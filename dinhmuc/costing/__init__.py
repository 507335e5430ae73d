"""From norms to costs (từ định mức đến đơn giá, dự toán).

* :mod:`~dinhmuc.costing.prices` — price lists (materials, equipment data, energy tariffs);
* :mod:`~dinhmuc.costing.unit_price` — the unit price of a norm as of a date, with its trace,
  put together from :mod:`~dinhmuc.costing.formulas` (the arithmetic, plain functions),
  :mod:`~dinhmuc.costing.context` (dated parameters, price checks),
  :mod:`~dinhmuc.costing.components` (one function per component),
  :mod:`~dinhmuc.costing.records` (what a costing records) and
  :mod:`~dinhmuc.costing.explain` (its text, tables and HTML);
* :mod:`~dinhmuc.costing.plan` — a year's plan of projects costed out;
* :mod:`~dinhmuc.costing.scenarios` — tornado charts and Monte Carlo (floats; the official
  figures are the Decimal ones).

The legal parameters (base salary, coefficients, contributions, costing rules) are dated
data in ``data/params/`` read through :mod:`dinhmuc.params`.
"""

from .plan import PlanEstimate, ProjectEstimate, estimate_plan, read_projects
from .prices import EnergyPrice, EquipmentPrice, MaterialPrice, PriceList, load_prices, price_list_from_records
from .scenarios import DEFAULT_RANGES, FACTORS, CostModel, MonteCarloResult, monte_carlo, tornado
from .unit_price import (
    CostingOptions,
    CostLine,
    Declared,
    PriceAgeWarning,
    PriceRef,
    Trace,
    UnitPrice,
    cost_applied,
    cost_norm,
    round_step,
    salary_coefficient,
)

__all__ = [
    "CostModel",
    "DEFAULT_RANGES",
    "FACTORS",
    "MonteCarloResult",
    "PlanEstimate",
    "ProjectEstimate",
    "estimate_plan",
    "monte_carlo",
    "read_projects",
    "tornado",
    "CostLine",
    "CostingOptions",
    "Declared",
    "EnergyPrice",
    "EquipmentPrice",
    "MaterialPrice",
    "PriceAgeWarning",
    "PriceList",
    "PriceRef",
    "Trace",
    "UnitPrice",
    "cost_applied",
    "cost_norm",
    "load_prices",
    "price_list_from_records",
    "round_step",
    "salary_coefficient",
]
