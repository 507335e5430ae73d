"""What a costing records (bản ghi của một lần tính giá): the lines and where each figure comes from.

* :class:`CostLine` — one printed line of a unit price: rounded amount, exact figure, trace;
* :class:`Trace` — its norm line, quantity, prices, parameters, declared values and formula;
* :class:`PriceRef` and :class:`Declared` — a price and a declared value as used.

These are plain records; their text (``cite``, ``explain``) is written by :mod:`.explain`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..params import ParameterValue
from . import explain as _explain
from .labels import COST_COMPONENTS, COST_LABELS

__all__ = ["COST_COMPONENTS", "COST_LABELS", "CostLine", "Declared", "DeclaredValue", "PriceRef", "Trace"]

#: A declared value as recorded: a number, a count of days, a word (VAT basis, financing class) or nothing.
DeclaredValue = Decimal | int | str | None


@dataclass(frozen=True)
class Declared:
    """A value the project declared (or its default), as used."""

    name: str
    label: str
    value: DeclaredValue
    source: str

    def cite(self) -> str:
        """``Số ngày làm việc một tháng = 22 (khai báo của dự án)``."""
        return _explain.cite_declared(self)


@dataclass(frozen=True)
class PriceRef:
    """A price used, with its source, date, VAT status and row."""

    kind: str
    name: str
    spec: str | None
    unit: str
    price: Decimal
    vat: str
    source: str
    date: _dt.date
    origin: str

    def cite(self) -> str:
        """The price with its VAT status, source, date and row, in Vietnamese."""
        return _explain.cite_price(self)


@dataclass
class Trace:
    """Where a figure comes from: norm line, quantity, prices, parameters, declared values, formula."""

    norm: str
    line_id: str
    description: str
    quantity: Decimal | None = None
    unit: str | None = None
    prices: list[PriceRef] = field(default_factory=list)
    parameters: list[ParameterValue] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    formula: str = ""
    values: dict[str, Decimal] = field(default_factory=dict)

    def explain(self, indent: str = "") -> str:
        """The trace as text (Vietnamese labels)."""
        return _explain.explain_trace(self, indent)

    def __str__(self) -> str:
        return self.explain()


@dataclass
class CostLine:
    """One printed line of a unit price: its rounded amount, the exact figure and the trace."""

    component: str
    id: str
    name: str
    unit: str | None
    quantity: Decimal | None
    unit_cost: Decimal | None
    amount: Decimal
    exact: Decimal
    trace: Trace
    parts: dict[str, Decimal] = field(default_factory=dict)
    exact_parts: dict[str, Decimal] = field(default_factory=dict)
    #: drivers the norm line scales with (Norm.apply); scenarios scale the line through them
    scales_with: tuple[str, ...] = ()
    #: a percent row (lao động gián tiếp, vật tư khác...): ``percent`` % of the exact cost of the lines ``percent_of``
    percent: Decimal | None = None
    percent_of: tuple[str, ...] = ()
