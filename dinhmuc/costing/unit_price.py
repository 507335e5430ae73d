"""Costing a norm as of a date (tính đơn giá dịch vụ từ định mức).

NĐ 60/2021/NĐ-CP Art. 5 (amended by NĐ 111/2025/NĐ-CP): the price rests on the
norm; salary cost = base salary x coefficients + allowances + wage-based
contributions; full cost = salary + direct costs + management + depreciation.
Here, for one unit of the service (at the norm's reference scale, or at a
project's scale with its adjustment coefficients):

* labour (nhân công): per line, công x daily wage, where the daily wage is
  base salary x (grade coefficient + position coefficient) x (1 + allowances % +
  employer contributions %) / working days per month, rounded half-up at the
  declared step; indirect labour given as a % of direct labour is a line of its own;
* materials (vật tư): net quantity (loss, recovery) x price; "other materials"
  as a % of the main materials is a line of its own;
* equipment (máy, thiết bị): per ca or giờ of use, depreciation
  ((cost - salvage) x rate / shifts per year) + repair (cost x rate / shifts per
  year), plus electricity on the loaded time (power x hours x auxiliary factor x
  tariff);
* management (quản lý): the declared % of labour + materials + equipment.

Every line is rounded half-up at the declared step (whole đồng by default),
each component is the sum of its printed lines and the unit price the sum of the
components. Each line keeps its :class:`Trace` — norm line, quantity, price with
its source, date and VAT status, parameter values with their citations,
declared options and the formula — and prints it with :meth:`UnitPrice.explain`.

The costing is split by what each part does: :mod:`.formulas` (the arithmetic, plain
functions), :mod:`.context` (dated parameters and price checks), :mod:`.components`
(one function per component), :mod:`.records` (what is recorded) and :mod:`.explain`
(the text, tables and HTML). This module puts them together.

>>> import datetime as dt, dinhmuc as dm
>>> from dinhmuc.costing.prices import price_list_from_records
>>> norm = dm.Norm(code="X1", name="Lớp thử", unit="lớp",
...     labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
...     materials=[{"name": "Tài liệu", "unit": "bộ", "quantity": 30, "loss_rate": 2}])
>>> prices = price_list_from_records(materials=[{"name": "Tài liệu", "unit": "bộ", "price": 45000,
...     "vat": "included", "source": "Báo giá (dữ liệu minh họa)", "date": "2025-01-02"}])
>>> up = cost_norm(norm, prices, on=dt.date(2025, 1, 15), options={"management_pct": 2.5})
>>> up.components  # doctest: +NORMALIZE_WHITESPACE
{'labour': Decimal('3940770'), 'materials': Decimal('1377000'),
 'equipment': Decimal('0'), 'management': Decimal('132944')}
>>> up.total
Decimal('5450714')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.errors import InputError, Location, Problem
from ..core.i18n import tr
from ..core.registry import Registry, active_registry
from ..norm import AppliedAdjustment, AppliedNorm, Norm
from ..params import Parameters, ParameterValue, default_parameters
from . import explain as _explain
from .components import (
    energy_lines,
    equipment_lines,
    labour_lines,
    management_line,
    mark_structure,
    material_lines,
    percent_rows,
    tool_lines,
)
from .context import CostingContext, salary_coefficient
from .formulas import ROUNDING_MODES, round_step
from .labels import COST_COMPONENTS, COST_LABELS
from .options import FINANCING_CLASS_LABELS, CostingOptions, OptionsInput, PriceAgeWarning, as_options
from .prices import PriceList
from .records import CostLine, Declared, PriceRef, Trace

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COST_COMPONENTS",
    "COST_LABELS",
    "FINANCING_CLASS_LABELS",
    "ROUNDING_MODES",
    "CostLine",
    "CostingOptions",
    "Declared",
    "PriceAgeWarning",
    "PriceRef",
    "Trace",
    "UnitPrice",
    "as_options",
    "cost_applied",
    "cost_norm",
    "round_step",
    "salary_coefficient",
]


@dataclass
class UnitPrice:
    """The unit price of a service (đơn giá) and its breakdown by component, line and trace.

    >>> import datetime as dt, pandas as pd, dinhmuc as dm
    >>> prices = dm.load_prices(materials=pd.DataFrame([{"name": "Tài liệu", "unit": "bộ", "price": 45000,
    ...                                                  "vat": "included", "source": "Báo giá",
    ...                                                  "date": "2026-08-01"}]))
    >>> norm = dm.Norm(code="KC99", name="Thử", unit="lớp",
    ...                materials=[{"id": "VT1", "name": "Tài liệu", "unit": "bộ", "quantity": 30, "loss_rate": 2}])
    >>> up = dm.cost_norm(norm, prices, on=dt.date(2026, 9, 5), options={"management_pct": 2.5})
    >>> up.line("VT1").amount, up.components["management"], up.total  # 30 x 1.02 x 45,000; 2.5 %
    (Decimal('1377000'), Decimal('34425'), Decimal('1411425'))
    >>> up.total == sum(up.components.values())
    True
    """

    norm: str
    name: str
    unit: str
    unit_text: str
    on: _dt.date
    drivers: dict[str, Decimal]
    adjustments: list[AppliedAdjustment]
    lines: list[CostLine]
    options: CostingOptions
    declared: list[Declared]
    warnings: list[str] = field(default_factory=list)

    @property
    def components(self) -> dict[str, Decimal]:
        """Component -> sum of its printed (rounded) lines."""
        return {c: sum((l.amount for l in self.lines if l.component == c), Decimal(0)) for c in COST_COMPONENTS}

    @property
    def total(self) -> Decimal:
        """The unit price: the sum of the components (each the sum of its printed lines)."""
        return sum(self.components.values(), Decimal(0))

    @property
    def exact_components(self) -> dict[str, Decimal]:
        """The same without any rounding (for checks; the official figures are the rounded ones)."""
        return {c: sum((l.exact for l in self.lines if l.component == c), Decimal(0)) for c in COST_COMPONENTS}

    @property
    def exact_total(self) -> Decimal:
        """The unit price without any rounding."""
        return sum(self.exact_components.values(), Decimal(0))

    def line(self, line_id: str) -> CostLine:
        """The printed line ``line_id`` (``LD1``, ``VTK``, ``QL``...)."""
        for l in self.lines:
            if l.id == line_id:
                return l
        raise KeyError(tr("unit_price.no_line", line_id=line_id, items=", ".join(l.id for l in self.lines)))

    def parameters(self) -> list[ParameterValue]:
        """Every parameter value used, once."""
        seen: set[tuple[str, _dt.date]] = set()
        out: list[ParameterValue] = []
        for l in self.lines:
            for p in l.trace.parameters:
                if (p.name, p.start) not in seen:
                    seen.add((p.name, p.start))
                    out.append(p)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per printed line: component, id, name, unit, quantity, unit cost, amount, price source, formula."""
        return _explain.unit_price_frame(self)

    def breakdown(self) -> pd.DataFrame:
        """Component sums and the total, as a DataFrame (Vietnamese labels)."""
        return _explain.breakdown_frame(self)

    def explain(self, trace: bool = True) -> str:
        """The unit price printed line by line, each with its full trace (``trace=False``: figures only)."""
        return _explain.explain_unit_price(self, trace)

    def __str__(self) -> str:
        return self.explain(trace=False)

    def _repr_html_(self) -> str:
        return _explain.unit_price_html(self)


def _check_date(on: object) -> None:
    if isinstance(on, _dt.datetime) or not isinstance(on, _dt.date):
        raise InputError(
            Problem(
                tr("unit_price.not_a_date", on=on),
                Location(field="on"),
                "invalid_date",
                "datetime.date(2026, 1, 1)",
            )
        )


def _declared(opts: CostingOptions, days_decl: Declared | None) -> list[Declared]:
    """The project's declared choices, as the unit price lists them."""
    return [d for d in [days_decl] if d] + [
        Declared("management_pct", "Chi phí quản lý (%)", opts.management_pct, "CostingOptions"),
        Declared("allowances_pct", "Phụ cấp (% lương)", opts.allowances_pct, "CostingOptions"),
        Declared("position_coefficient", "Hệ số phụ cấp chức vụ", opts.position_coefficient, "CostingOptions"),
        Declared("vat", "Cơ sở thuế GTGT", opts.vat, "CostingOptions"),
        Declared(
            "financing_class",
            "Loại đơn vị theo nguồn chi trả tiền lương",
            FINANCING_CLASS_LABELS.get(opts.financing_class or "", "chưa khai báo"),
            "CostingOptions",
        ),
        Declared("max_price_age_days", "Tuổi tối đa của giá (ngày)", opts.max_price_age_days, "CostingOptions"),
    ]


def cost_applied(
    norm: Norm,
    applied: AppliedNorm,
    prices: PriceList,
    on: _dt.date,
    options: OptionsInput = None,
    *,
    parameters: Parameters | None = None,
    registry: Registry | None = None,
) -> UnitPrice:
    """Cost the quantities of an applied norm (:meth:`Norm.apply`) as of ``on``."""
    opts = as_options(options)
    _check_date(on)
    ctx = CostingContext(on, parameters or default_parameters(), opts, registry or active_registry(), norm.code)
    warn: list[str] = []
    by_id = {l.id: l for l in applied.lines}
    if norm.variants:
        raise InputError(
            Problem(
                tr("unit_price.variants", code=norm.code, n_variants=len(norm.variants)),
                Location(field="variants"),
                "variant_needed",
                ", ".join(v.key for v in norm.variants),
            )
        )
    labour = labour_lines(ctx, norm, by_id, warn, prices)
    mats = material_lines(ctx, norm, by_id, prices, warn)
    machines = equipment_lines(ctx, norm, by_id, prices, warn)
    tools = tool_lines(ctx, norm, by_id, prices, warn)
    # Bases of percent rows: the priced lines of each group, without the group's own % lines.
    direct = {line.id or "" for line in norm.labour if line.kind == "direct"}
    groups = {
        "labour": [l for l in labour if l.id != "LDGT" and l.id in direct],
        "materials": [l for l in mats if l.id != "VTK"],
        "equipment": machines,
        "tools": tools,
    }
    lines = labour + percent_rows(ctx, norm, "labour", groups)
    lines += mats + percent_rows(ctx, norm, "materials", groups)
    lines += machines + percent_rows(ctx, norm, "equipment", groups)
    lines += tools + percent_rows(ctx, norm, "tools", groups)
    lines += energy_lines(ctx, norm, by_id, prices, warn)
    lines.append(management_line(ctx, norm, lines, warn))
    mark_structure(norm, lines)
    days_decl = ctx.working_days()[2] if norm.labour else None
    return UnitPrice(
        norm.code,
        norm.name,
        norm.unit,
        norm.unit_text,
        on,
        dict(applied.drivers),
        list(applied.adjustments),
        lines,
        opts,
        _declared(opts, days_decl),
        warn,
    )


def cost_norm(
    norm: Norm,
    prices: PriceList,
    on: _dt.date,
    options: OptionsInput = None,
    *,
    drivers: Mapping[str, Decimal | int | float | str] | None = None,
    adjustments: dict[str, str] | None = None,
    parameters: Parameters | None = None,
    registry: Registry | None = None,
) -> UnitPrice:
    """The unit price of a norm as of ``on`` (đơn giá dịch vụ theo định mức).

    ``options`` (a :class:`CostingOptions` or a mapping) must at least declare
    ``management_pct``. ``drivers`` and ``adjustments`` cost one unit at a
    project's scale and with its coefficients (see :meth:`Norm.apply`); by
    default the norm's reference scale, no coefficient. Raises
    :class:`~dinhmuc.core.errors.ParameterError` for a date the parameters do not
    cover, :class:`~dinhmuc.core.errors.PriceError` for a missing price or unknown
    VAT status (naming the line).

    >>> import datetime as dt, dinhmuc as dm
    >>> from dinhmuc.costing.prices import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
    ...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 1}])
    >>> cost_norm(norm, price_list_from_records(), dt.date(2019, 1, 1), {"management_pct": 0})
    Traceback (most recent call last):
    ...
    dinhmuc.core.errors.ParameterError: tính giá X ngày 2019-01-01: 'Mức lương cơ sở' không có giá trị trước ngày ...
    """
    applied = norm.apply(None if drivers is None else dict(drivers), adjustments)
    return cost_applied(norm, applied, prices, on, options, parameters=parameters, registry=registry)
