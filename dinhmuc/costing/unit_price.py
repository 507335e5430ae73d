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

>>> import datetime as dt, dinhmuc as dm
>>> from dinhmuc.costing.prices import price_list_from_records
>>> norm = dm.Norm(code="X1", name="Lớp thử", unit="lớp",
...     labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
...     materials=[{"name": "Tài liệu", "unit": "bộ", "quantity": 30, "loss_rate": 2}])
>>> prices = price_list_from_records(materials=[{"name": "Tài liệu", "unit": "bộ", "price": 45000,
...     "vat": "included", "source": "Báo giá (dữ liệu minh họa)", "date": "2025-01-02"}])
>>> up = cost_norm(norm, prices, on=dt.date(2025, 1, 15), options={"management_pct": 2.5})
>>> up.components
{'labour': Decimal('3940770'), 'materials': Decimal('1377000'), 'equipment': Decimal('0'), 'management': Decimal('132944')}
>>> up.total
Decimal('5450714')
"""

from __future__ import annotations

import datetime as _dt
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, Literal

from pydantic import Field, ValidationError

from ..core.errors import InputError, Location, ParameterError, PriceError, Problem, UnknownReferenceError
from ..core.labels import COMPONENT_LABELS
from ..core.registry import Registry, active_registry
from ..norm import (
    AppliedLine,
    AppliedNorm,
    EquipmentLine,
    Model,
    Norm,
    OptText,
    Percent,
    Positive,
    Quantity,
    canonical_decimal,
)
from ..norm.lines import PERCENT_BASES
from ..params import Parameters, ParameterValue, default_parameters
from .prices import VAT_LABELS, PriceList, Row

COST_COMPONENTS = ("labour", "materials", "equipment", "management")
COST_LABELS = {**COMPONENT_LABELS, "management": "Quản lý"}
ROUNDING_MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


#: Financing classes of a unit, as far as the trade-union fee is concerned (Luật 97/2025/QH15).
FINANCING_CLASS_LABELS = {
    "budget_full": "ngân sách nhà nước bảo đảm toàn bộ quỹ tiền lương",
    "other": "không được ngân sách nhà nước bảo đảm toàn bộ quỹ tiền lương",
}


class PriceAgeWarning(UserWarning):
    """A price older than the declared age (CostingOptions.max_price_age_days)."""


class CostingOptions(Model):
    """Choices a project declares for its costing (lựa chọn khai báo của dự án).

    ``management_pct`` has no default: no percentage is fixed for public-service
    prices (TTLT 26/2014/TTLT-BTC-BCT capped khuyến công management at 1.5 % of
    the annual budget for the managing agency and 2.5 % of a project until
    15/05/2018; the caps of its successor, TT 28/2018/TT-BTC as amended by TT
    64/2024/TT-BTC, are not bundled, so a project declares ``management_cap_pct``
    and ``management_cap_basis`` to have its figure checked).
    ``financing_class`` decides the trade-union fee from 01/07/2025 (Luật
    97/2025/QH15); left undeclared, the fee is charged and a warning says so.
    A field left at ``None`` takes the dated parameter (e.g.
    ``costing_rules.working_days_per_month``); the values used are in every trace.

    >>> CostingOptions(management_pct=2.5).working_days_per_month is None
    True
    """

    management_pct: Percent
    management_scope: Literal["project", "agency"] = "project"
    #: a cap the project declares for its management % (with its basis) where no bundled cap is in force
    management_cap_pct: Percent | None = None
    management_cap_basis: OptText = None
    #: the unit's financing class (Luật 97/2025/QH15: KPCĐ not paid where the budget pays all salaries):
    #: ``budget_full`` = ngân sách nhà nước bảo đảm toàn bộ quỹ tiền lương; ``other`` = mọi đơn vị khác
    financing_class: Literal["budget_full", "other"] | None = None
    working_days_per_month: Positive | None = None
    allowances_pct: Percent = Decimal(0)
    position_coefficient: Quantity = Decimal(0)
    contributions: list[str] | None = None
    max_price_age_days: int | None = Field(default=365, ge=0)
    vat: Literal["as_listed", "included", "excluded"] = "as_listed"
    note: OptText = None


def as_options(options: Any) -> CostingOptions:
    """Options from a model, a mapping or None (then an error saying what to declare)."""
    if isinstance(options, CostingOptions):
        return options
    if options is None:
        raise InputError(
            Problem(
                "costing options are not declared",
                Location(field="management_pct"),
                "missing",
                "options={'management_pct': ...} — the management % is a declared choice "
                "(TTLT 26/2014/TTLT-BTC-BCT caps: 1.5 % agency, 2.5 % project)",
            )
        )
    try:
        return CostingOptions.model_validate(dict(options))
    except ValidationError as exc:
        from ..io.normio import problem_from_error

        raise InputError(
            [problem_from_error(e, lambda loc: Location(field=".".join(map(str, loc)) or None)) for e in exc.errors()],
            "CostingOptions",
        ) from None


def round_step(value: Decimal, rule: dict) -> Decimal:
    """Round ``value`` to a multiple of ``rule['step']`` in ``rule['mode']`` (half_up: Excel's ROUND).

    >>> round_step(Decimal("2.5"), {"step": Decimal(1), "mode": "half_up"})
    Decimal('3')
    >>> round_step(Decimal("1234567.5"), {"step": Decimal(1000), "mode": "half_up"})
    Decimal('1235000')
    """
    step = Decimal(rule["step"])
    mode = ROUNDING_MODES[rule.get("mode", "half_up")]
    return canonical_decimal((value / step).quantize(Decimal(1), rounding=mode) * step)


# ----------------------------------------------------------------------------
# Traces
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """A value the project declared (or its default), as used."""

    name: str
    label: str
    value: Any
    source: str

    def cite(self) -> str:
        return f"{self.label} = {_fmt(self.value)} ({self.source})"


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
        spec = f" ({self.spec})" if self.spec else ""
        what = (
            f"nguyên giá {_fmt(self.price)} đồng"
            if self.kind == "equipment"
            else f"{_fmt(self.price)} đồng/{self.unit}"
        )
        name = "Điện" if self.kind == "energy" and self.name == "electricity" else self.name
        return (
            f"{name}{spec}: {what}, {VAT_LABELS.get(self.vat, self.vat)}; "
            f"nguồn: {self.source}, ngày {self.date.isoformat()} [{self.origin}]"
        )


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
        out = [f"{indent}{self.norm}/{self.line_id} {self.description}"]
        if self.quantity is not None:
            out.append(f"{indent}  khối lượng: {_fmt(self.quantity)} {self.unit or ''}".rstrip())
        if self.formula:
            out.append(f"{indent}  công thức: {self.formula}")
        for k, v in self.values.items():
            out.append(f"{indent}    {k} = {_fmt(v)}")
        for p in self.prices:
            out.append(f"{indent}  giá: {p.cite()}")
        for p in self.parameters:
            out.append(f"{indent}  tham số: {p.cite()}")
        for d in self.declared:
            out.append(f"{indent}  khai báo: {d.cite()}")
        return "\n".join(out)

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


def _fmt(value: Any) -> str:
    from ..core.vnformat import format_number

    if isinstance(value, Decimal):
        if value != value.to_integral_value() and abs(value) >= 1:
            return format_number(value, 4).rstrip("0").rstrip(",")
        return format_number(value)
    return str(value)


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
    adjustments: list
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
        return sum(self.exact_components.values(), Decimal(0))

    def line(self, line_id: str) -> CostLine:
        for l in self.lines:
            if l.id == line_id:
                return l
        raise KeyError(f"no cost line '{line_id}'; lines: {', '.join(l.id for l in self.lines)}")

    def parameters(self) -> list[ParameterValue]:
        """Every parameter value used, once."""
        seen, out = set(), []
        for l in self.lines:
            for p in l.trace.parameters:
                if (p.name, p.start) not in seen:
                    seen.add((p.name, p.start))
                    out.append(p)
        return out

    def to_frame(self):
        """One row per printed line: component, id, name, unit, quantity, unit cost, amount, price source, formula."""
        import pandas as pd

        rows = [
            {
                "component": COST_LABELS[l.component],
                "id": l.id,
                "name": l.name,
                "unit": l.unit,
                "quantity": l.quantity,
                "unit_cost": l.unit_cost,
                "amount": l.amount,
                "source": "; ".join(p.source for p in l.trace.prices) or None,
                "formula": l.trace.formula,
            }
            for l in self.lines
        ]
        return pd.DataFrame(
            rows, columns=["component", "id", "name", "unit", "quantity", "unit_cost", "amount", "source", "formula"]
        )

    def breakdown(self):
        """Component sums and the total, as a DataFrame (Vietnamese labels)."""
        import pandas as pd

        comps = self.components
        rows = [{"Khoản mục": COST_LABELS[c], "Thành tiền (đồng)": v} for c, v in comps.items()]
        rows.append({"Khoản mục": "Tổng cộng", "Thành tiền (đồng)": self.total})
        return pd.DataFrame(rows)

    def _header(self) -> list[str]:
        from ..core.vnformat import format_date_short

        head = [
            f"ĐƠN GIÁ {self.norm} — {self.name}",
            f"Đơn vị tính: {self.unit_text}; ngày tính giá: {format_date_short(self.on)}",
        ]
        if self.drivers:
            head.append("Quy mô: " + ", ".join(f"{k} = {_fmt(v)}" for k, v in self.drivers.items()))
        adj = "; ".join(
            f"{a.name}: {a.label} (x{_fmt(a.factor)}, áp dụng cho {', '.join(COST_LABELS[c] for c in a.applies_to)})"
            for a in self.adjustments
        )
        head.append("Hệ số điều chỉnh: " + (adj or "không áp dụng"))
        return head

    def explain(self, trace: bool = True) -> str:
        """The unit price printed line by line, each with its full trace (``trace=False``: figures only)."""
        from ..core.vnformat import format_money

        out = self._header()
        comps = self.components
        for i, c in enumerate(COST_COMPONENTS, start=1):
            out.append(f"{i}. {COST_LABELS[c]}: {format_money(comps[c])} đồng")
            for l in (l for l in self.lines if l.component == c):
                if l.parts:
                    qty = f"{_fmt(l.quantity)} {l.unit}: "
                elif l.quantity is not None and l.unit_cost is not None:
                    qty = f"{_fmt(l.quantity)} {l.unit or ''} x {_fmt(l.unit_cost)} = "
                else:
                    qty = ""
                out.append(f"   {l.id} {l.name}: {qty}{format_money(l.amount)}")
                for k, v in l.parts.items():
                    out.append(f"      {k}: {format_money(v)}")
                if trace:
                    out.append(l.trace.explain("      "))
        out.append(
            f"TỔNG CỘNG (đơn giá) = {' + '.join(format_money(v) for v in comps.values())} = "
            f"{format_money(self.total)} đồng"
        )
        out.append("Khai báo của dự án: " + "; ".join(d.cite() for d in self.declared))
        unverified = [p for p in self.parameters() if not p.verified]
        if unverified:
            out.append("Tham số chưa kiểm chứng với Công báo: " + "; ".join(p.name for p in unverified))
        for w in self.warnings:
            out.append(f"Cảnh báo: {w}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.explain(trace=False)

    def _repr_html_(self) -> str:
        import html

        head = "<br>".join(html.escape(h) for h in self._header())
        table = self.to_frame().to_html(index=False)
        comps = "".join(f"<li>{COST_LABELS[c]}: {v:,} đồng</li>" for c, v in self.components.items())
        warn = "".join(f"<li>{html.escape(w)}</li>" for w in self.warnings)
        return f"<p><b>{head}</b></p>{table}<ul>{comps}<li><b>Tổng cộng: {self.total:,} đồng</b></li></ul>" + (
            f"<p>Cảnh báo:</p><ul>{warn}</ul>" if warn else ""
        )


# ----------------------------------------------------------------------------
# Parameters used by costing
# ----------------------------------------------------------------------------


def salary_coefficient(
    group: str, step: int, on: _dt.date, parameters: Parameters | None = None
) -> tuple[Decimal, ParameterValue]:
    """The salary coefficient of ``group`` at ``step`` on ``on`` (NĐ 204/2004/NĐ-CP Bảng 3), with its parameter.

    >>> import datetime as dt
    >>> salary_coefficient("A1", 9, dt.date(2025, 1, 1))[0]
    Decimal('4.98')
    """
    params = parameters or default_parameters()
    pv = params.get("salary_coefficients.groups", on)
    table = pv.value
    if group not in table:
        raise UnknownReferenceError(
            Problem(
                f"no salary group '{group}' in {pv.file}",
                Location(pv.file, field=group),
                "unknown_group",
                ", ".join(table),
            )
        )
    g = table[group]
    if "coefficients" in g:
        coefs = [Decimal(c) for c in g["coefficients"]]
    else:
        coefs = [g["first"] + i * g["increment"] for i in range(int(g["steps"]))]
    if not 1 <= step <= len(coefs):
        raise InputError(
            Problem(
                f"step {step} is outside the {len(coefs)} steps of group {group}",
                Location(pv.file, field="step"),
                "step_range",
                f"1 to {len(coefs)}",
            )
        )
    import dataclasses

    coef = canonical_decimal(coefs[step - 1])
    return coef, dataclasses.replace(
        pv, name=f"{pv.name}[{group}][{step}]", value=coef, label=f"Hệ số lương nhóm {group} bậc {step}/{len(coefs)}"
    )


class _Ctx:
    """Parameters and declared values of one costing, looked up once and recorded."""

    def __init__(self, on: _dt.date, params: Parameters, options: CostingOptions, registry: Registry, norm: str):
        self.on, self.params, self.options, self.registry, self.norm = on, params, options, registry, norm
        self._cache: dict[str, ParameterValue] = {}

    def p(self, name: str) -> ParameterValue:
        if name not in self._cache:
            try:
                self._cache[name] = self.params.get(name, self.on)
            except ParameterError as exc:
                raise ParameterError(f"costing {self.norm} on {self.on.isoformat()}: {exc}") from None
        return self._cache[name]

    def rule(self, figure: str) -> dict:
        rules = self.p("costing_rules.rounding").value
        if figure not in rules:
            raise ParameterError(f"costing_rules.rounding has no rule for '{figure}'; known: {', '.join(rules)}")
        return rules[figure]

    def working_days(self) -> tuple[Decimal, list[ParameterValue], Declared]:
        if self.options.working_days_per_month is not None:
            v = self.options.working_days_per_month
            return (
                v,
                [],
                Declared(
                    "working_days_per_month", "Số ngày làm việc một tháng", v, "khai báo của dự án (CostingOptions)"
                ),
            )
        pv = self.p("costing_rules.working_days_per_month")
        return (
            pv.value,
            [pv],
            Declared(
                "working_days_per_month",
                "Số ngày làm việc một tháng",
                pv.value,
                "mặc định theo tham số costing_rules.working_days_per_month",
            ),
        )

    def contributions(self, warn: list[str] | None = None) -> list[ParameterValue]:
        """The employer contributions in force, each resolved for the unit's declared financing class."""
        stem = "contributions"
        if stem not in self.params.files:
            raise ParameterError("no contributions parameter file (data/params/contributions.yaml)")
        names = self.options.contributions
        known = list(self.params.files[stem].parameters)
        if names is None:
            names = known
        bad = [n for n in names if n not in known]
        if bad:
            raise UnknownReferenceError(
                Problem(
                    f"unknown contribution(s) {', '.join(bad)}",
                    Location(field="contributions"),
                    "unknown_contribution",
                    ", ".join(known),
                )
            )
        return [self._by_class(self.p(f"{stem}.{n}"), warn) for n in names]

    def _by_class(self, pv: ParameterValue, warn: list[str] | None) -> ParameterValue:
        # Luật 97/2025/QH15: from 01/07/2025 the trade-union fee depends on whether the state
        # budget pays all of the unit's salaries; such a value is a mapping by financing class.
        if not isinstance(pv.value, dict):
            return pv
        cls = self.options.financing_class
        if cls is None:
            cls = "other"
            msg = (
                f"{pv.label}: the unit's financing class is not declared (CostingOptions.financing_class: "
                f"budget_full or other); {_fmt(pv.value.get(cls))} % is charged as for a unit whose salaries "
                f"are not fully paid by the state budget ({pv.citation})"
            )
            if warn is not None and msg not in warn:
                warn.append(msg)
        if cls not in pv.value:
            raise ParameterError(
                f"{pv.name} on {self.on.isoformat()} has no value for financing class '{cls}'; "
                f"known: {', '.join(pv.value)}"
            )
        import dataclasses

        # the name stays (one contribution per file entry); the label says which class was applied
        return dataclasses.replace(pv, value=pv.value[cls], label=f"{pv.label} ({FINANCING_CLASS_LABELS[cls]})")

    def grade(self, code: str):
        """The grade a labour line is paid on at the costing date (hạng, or bậc nghề nghiệp from 01/07/2026)."""
        try:
            return self.registry.grade_on(code, self.on)
        except KeyError:
            return None


def _sub(pv: ParameterValue, key: str, value: Any = None) -> ParameterValue:
    """The entry ``key`` of a mapping parameter, cited as ``name[key]``."""
    import dataclasses

    from ..core.labels import value_key_label

    return dataclasses.replace(
        pv,
        name=f"{pv.name}[{key}]",
        label=f"{pv.label} — {value_key_label(key)}",
        value=pv.value[key] if value is None else value,
    )


def _price_ref(kind: str, price, row: Row, unit: str, value: Decimal) -> PriceRef:
    return PriceRef(
        kind,
        getattr(price, "name", getattr(price, "kind", kind)),
        getattr(price, "spec", None),
        unit,
        value,
        price.vat,
        price.source,
        price.date,
        str(row),
    )


def _check_price(ctx: _Ctx, what: str, price, row: Row, value: Decimal | None, warn: list[str], field_: str = "price"):
    if value is None:
        raise PriceError(f"{what}: the price row {row} has no {field_}; a total cannot rest on a missing price")
    if price.vat == "unknown":
        raise PriceError(
            f"{what}: the VAT status of {row} is unknown; declare it included (đã gồm) or "
            f"excluded (chưa gồm) before it is used in a total"
        )
    if ctx.options.vat != "as_listed" and price.vat != ctx.options.vat:
        raise PriceError(
            f"{what}: {row} is {VAT_LABELS[price.vat]} but this costing is declared {VAT_LABELS[ctx.options.vat]}"
        )
    age = ctx.options.max_price_age_days
    if age is not None and (ctx.on - price.date).days > age:
        msg = (
            f"{what}: the price of {price.date.isoformat()} ({row}) is {(ctx.on - price.date).days} days old "
            f"on {ctx.on.isoformat()}, more than the declared {age} days"
        )
        warn.append(msg)
        warnings.warn(msg, PriceAgeWarning, stacklevel=4)


# ----------------------------------------------------------------------------
# Components
# ----------------------------------------------------------------------------


def _labour_at_rate(
    ctx: _Ctx, norm: Norm, line, a: AppliedLine, prices: PriceList, warn: list[str], what: str
) -> CostLine:
    rate, row = prices.labour_row(line.role, line.group, line.unit, ctx.on, what)
    _check_price(ctx, what, rate, row, rate.price, warn)
    exact = a.quantity * rate.price
    amount = round_step(exact, ctx.rule("line"))
    label = line.role + (f" - {line.group}" if line.group else "")
    trace = Trace(
        norm.code,
        line.id or "",
        label,
        a.quantity,
        line.unit,
        [_price_ref("labour", rate, row, line.unit, rate.price)],
        [],
        [],
        f"số {line.unit} x đơn giá ngày công công bố",
        {"đơn giá ngày công": rate.price},
    )
    return CostLine("labour", line.id or "", label, line.unit, a.quantity, rate.price, amount, exact, trace)


def _percent_rows(ctx: _Ctx, norm: Norm, component: str, groups: dict[str, list[CostLine]]) -> list[CostLine]:
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
            f"{_fmt(pct)} % x tổng {label}",
            {f"tổng {label}": base, "tỷ lệ (%)": pct},
        )
        out.append(
            CostLine(
                _COST_OF.get(component, component),
                row.id or "",
                f"{row.name} ({_fmt(pct)} % {label})",
                "%",
                pct,
                None,
                round_step(base * pct / 100, rule_line),
                base_exact * pct / 100,
                trace,
            )
        )
    return out


#: Cost component a line kind of a published table is counted in (tools and energy with the machines).
_COST_OF = {
    "materials": "materials",
    "labour": "labour",
    "equipment": "equipment",
    "tools": "equipment",
    "energy": "equipment",
}


def _tools(
    ctx: _Ctx, norm: Norm, applied: dict[str, AppliedLine], prices: PriceList, warn: list[str]
) -> list[CostLine]:
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
                    f"{what}: a tool needs its life in months (thời hạn) to be priced",
                    Location(field="life_months", label="Thời hạn (tháng)"),
                    "missing",
                    "36",
                )
            )
        a = applied[line.id or ""]
        price, row = prices.material_row(line.name, line.unit, line.spec, ctx.on, what)
        _check_price(ctx, what, price, row, price.price, warn)
        per_ca = price.price / (line.life_months * days)
        exact = a.quantity * per_ca
        trace = Trace(
            norm.code,
            line.id or "",
            line.name,
            a.quantity,
            "ca",
            [_price_ref("material", price, row, line.unit, price.price)],
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


def _energy(
    ctx: _Ctx, norm: Norm, applied: dict[str, AppliedLine], prices: PriceList, warn: list[str]
) -> list[CostLine]:
    """Energy lines: typed kWh, or derived = power x loaded hours x auxiliary factor (dated); x tariff."""
    out: list[CostLine] = []
    for line in norm.energy:
        what = f"{norm.code}/{line.id} ({line.name})"
        tariff, trow = prices.energy_row(ctx.on, "electricity", what)
        _check_price(ctx, what, tariff, trow, tariff.price, warn)
        params: list[ParameterValue] = []
        values: dict[str, Any] = {}
        if line.derived:
            hps = ctx.p("working_time.hours_per_shift")
            aux = ctx.p("costing_rules.energy_aux_factor")
            params += [hps, aux]
            kwh = Decimal(0)
            for eq in norm.equipment:
                if eq.power_kw:
                    a = applied[eq.id or ""]
                    hours = a.loaded * hps.value if eq.unit == "ca" else a.loaded
                    kwh += eq.power_kw * hours
            kwh = kwh * aux.value
            formula = "Σ công suất x giờ có tải x hệ số năng lượng phụ x giá điện"
            values["điện năng (kWh)"] = kwh
        else:
            kwh = applied[line.id or ""].quantity
            formula = "điện năng (kWh) x giá điện"
        exact = kwh * tariff.price
        trace = Trace(
            norm.code,
            line.id or "",
            line.name,
            kwh,
            "kWh",
            [_price_ref("energy", tariff, trow, "kWh", tariff.price)],
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
                tariff.price,
                round_step(exact, ctx.rule("line")),
                exact,
                trace,
            )
        )
    return out


def _labour(
    ctx: _Ctx, norm: Norm, applied: dict[str, AppliedLine], warn: list[str], prices: PriceList | None = None
) -> list[CostLine]:
    out: list[CostLine] = []
    base = ctx.p("base_salary.base_salary")
    days, days_params, days_decl = ctx.working_days()
    contribs = ctx.contributions(warn)
    contr_pct = sum((c.value for c in contribs), Decimal(0))
    opt = ctx.options
    rule_day, rule_line = ctx.rule("daily_wage"), ctx.rule("line")
    direct_amounts, direct_exact = Decimal(0), Decimal(0)
    for line in norm.labour:
        what = f"{norm.code}/{line.id} ({line.role})"
        if line.grade is None:
            # A group (nhóm) or a role alone: priced at its published day rate, never at 0 đ.
            cl = _labour_at_rate(ctx, norm, line, applied[line.id or ""], prices, warn, what)
            out.append(cl)
            if line.kind == "direct":
                direct_amounts += cl.amount
                direct_exact += cl.exact
            continue
        grade = ctx.grade(line.grade)
        if grade is None:
            raise UnknownReferenceError(
                Problem(
                    f"{what}: unknown job-title grade '{line.grade}' on {ctx.on.isoformat()}",
                    Location(field="grade", label="Hạng"),
                    "unknown_grade",
                    ", ".join(ctx.registry.grades),
                )
            )
        if line.step is None:
            raise InputError(
                Problem(
                    f"{what}: the labour line has no step (bậc); its salary coefficient cannot be chosen",
                    Location(field="step", label="Bậc"),
                    "missing",
                    f"a step from 1 to {grade.steps}",
                )
            )
        coef, coef_pv = salary_coefficient(grade.salary_group, line.step, ctx.on, ctx.params)
        a = applied[line.id or ""]
        params = [base, coef_pv, *days_params, *contribs]
        if line.unit == "giờ":
            hp = ctx.p("working_time.hours_per_day_heavy" if line.heavy else "working_time.hours_per_day")
            params.append(hp)
            cong = a.quantity / hp.value
        else:
            cong = a.quantity
        salary = base.value * (coef + opt.position_coefficient)
        monthly = salary * (1 + opt.allowances_pct / 100 + contr_pct / 100)
        daily_exact = monthly / days
        daily = round_step(daily_exact, rule_day)
        amount = round_step(cong * daily, rule_line)
        exact = cong * daily_exact
        formula = (
            "công x [lương cơ sở x (hệ số lương + hệ số phụ cấp chức vụ) x (1 + phụ cấp % + đóng góp %) "
            "/ ngày làm việc trong tháng]"
        )
        if line.unit == "giờ":
            formula = "(giờ / giờ một công) x " + formula.partition(" x ")[2]
        decl = [
            days_decl,
            Declared("allowances_pct", "Phụ cấp (% lương)", opt.allowances_pct, "CostingOptions"),
            Declared("position_coefficient", "Hệ số phụ cấp chức vụ", opt.position_coefficient, "CostingOptions"),
        ]
        trace = Trace(
            norm.code,
            line.id or "",
            f"{line.role} — {grade.describe(line.step)} (nhóm {grade.salary_group})",
            a.quantity,
            line.unit,
            [],
            params,
            decl,
            formula,
            {
                "hệ số lương": coef,
                "lương theo hệ số (đồng/tháng)": salary,
                "đóng góp (%)": contr_pct,
                "chi phí tiền lương tháng": monthly,
                "đơn giá ngày công (làm tròn)": daily,
                "số công": cong,
            },
        )
        out.append(
            CostLine("labour", line.id or "", line.role, "công", canonical_decimal(cong), daily, amount, exact, trace)
        )
        if line.kind == "direct":
            direct_amounts += amount
            direct_exact += exact
        elif f"{norm.code}: indirect" not in " ".join(warn):
            # TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour is a share of direct labour.
            warn.append(
                f"{norm.code}: indirect labour is listed as lines ({line.id} {line.role}); TT 47/2018/TT-BCT "
                f"Art. 7(1)(b) sets it as a declared % of direct labour (indirect_labour_pct)"
            )
    if norm.indirect_labour_pct is not None:
        pct = norm.indirect_labour_pct
        amount = round_step(direct_amounts * pct / 100, rule_line)
        # TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour = the declared % of direct labour (TT 47 fixes no %)
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
            f"{_fmt(pct)} % x tổng lao động trực tiếp",
            {"lao động trực tiếp": direct_amounts, "tỷ lệ (%)": pct},
        )
        out.append(
            CostLine(
                "labour",
                "LDGT",
                f"Lao động gián tiếp ({_fmt(pct)} % lao động trực tiếp)",
                None,
                None,
                None,
                amount,
                direct_exact * pct / 100,
                trace,
            )
        )
    return out


def _materials(
    ctx: _Ctx, norm: Norm, applied: dict[str, AppliedLine], prices: PriceList, warn: list[str]
) -> list[CostLine]:
    out: list[CostLine] = []
    rule_line = ctx.rule("line")
    main, main_exact = Decimal(0), Decimal(0)
    for line in norm.materials:
        what = f"{norm.code}/{line.id} ({line.name})"
        a = applied[line.id or ""]
        try:
            price, row = prices.material_row(line.name, line.unit, line.spec, ctx.on, what)
            kind = "material"
        except PriceError:
            if line.unit != "kWh" or not prices.energy:
                raise
            price, row = prices.energy_row(ctx.on, "electricity", what)
            kind = "energy"
        _check_price(ctx, what, price, row, price.price, warn)
        net = a.quantity * (1 + line.loss_rate / 100) * (1 - line.recovery_rate / 100)
        exact = net * price.price
        amount = round_step(exact, rule_line)
        trace = Trace(
            norm.code,
            line.id or "",
            line.name + (f" ({line.spec})" if line.spec else ""),
            a.quantity,
            line.unit,
            [_price_ref(kind, price, row, line.unit, price.price)],
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
                price.price,
                amount,
                exact,
                trace,
            )
        )
        main += amount
        main_exact += exact
    if norm.other_materials_pct is not None:
        pct = norm.other_materials_pct
        amount = round_step(main * pct / 100, rule_line)
        trace = Trace(
            norm.code,
            "VTK",
            "Vật tư khác",
            None,
            None,
            [],
            [],
            [],
            f"{_fmt(pct)} % x tổng vật tư chính",
            {"vật tư chính": main, "tỷ lệ (%)": pct},
        )
        out.append(
            CostLine(
                "materials",
                "VTK",
                f"Vật tư khác ({_fmt(pct)} % vật tư chính)",
                None,
                None,
                None,
                amount,
                main_exact * pct / 100,
                trace,
            )
        )
    return out


def _equipment(
    ctx: _Ctx, norm: Norm, applied: dict[str, AppliedLine], prices: PriceList, warn: list[str]
) -> list[CostLine]:
    out: list[CostLine] = []
    if not norm.equipment:
        return out
    rule_line, rule_asset = ctx.rule("line"), ctx.rule("asset")
    for line in norm.equipment:
        what = f"{norm.code}/{line.id} ({line.name})"
        a = applied[line.id or ""]
        eq, row = prices.equipment_row(line.name, line.spec, ctx.on, what)
        _check_price(ctx, what, eq, row, eq.original_cost, warn, "original cost (nguyên giá)")
        if eq.depreciation_rate is None:
            raise PriceError(f"{what}: {row} has no depreciation rate (tỷ lệ khấu hao, TT 23/2023/TT-BTC Phụ lục 01)")
        params: list[ParameterValue] = []
        if eq.shifts_per_year is not None:
            shifts = eq.shifts_per_year
            shifts_src = f"số ca/năm của bảng giá ({row})"
        elif eq.equipment_type is not None:
            pv = ctx.p("costing_rules.shifts_per_year")
            if eq.equipment_type not in pv.value:
                raise ParameterError(f"{what}: costing_rules.shifts_per_year has no type '{eq.equipment_type}'")
            shifts = pv.value[eq.equipment_type]
            params.append(_sub(pv, eq.equipment_type))
            shifts_src = f"loại thiết bị '{eq.equipment_type}' (costing_rules.shifts_per_year)"
        else:
            raise PriceError(
                f"{what}: {row} gives neither shifts_per_year (số ca/năm) nor equipment_type (field/indoor/office)"
            )
        cost = eq.original_cost
        salvage_pv = ctx.p("costing_rules.salvage")
        threshold_pv = ctx.p("costing_rules.fixed_asset_threshold")
        sal = salvage_pv.value
        import dataclasses

        params += [
            dataclasses.replace(
                salvage_pv,
                unit=None,
                value=f"{_fmt(sal['pct'])} % nguyên giá khi nguyên giá ≥ {_fmt(sal['min_cost'])} đồng",
            ),
            dataclasses.replace(_sub(threshold_pv, "min_cost"), unit="đồng"),
        ]
        salvage_exact = cost * sal["pct"] / 100 if cost >= sal["min_cost"] else Decimal(0)
        salvage = round_step(salvage_exact, rule_asset)
        if cost < threshold_pv.value["min_cost"]:
            warn.append(
                f"{what}: original cost {_fmt(cost)} is below the fixed-asset threshold "
                f"{_fmt(threshold_pv.value['min_cost'])} ({threshold_pv.citation}); its wear is priced "
                f"with the declared rate {_fmt(eq.depreciation_rate)} %/năm"
            )
        annual_dep = round_step((cost - salvage) * eq.depreciation_rate / 100, rule_asset)
        annual_rep = round_step(cost * eq.repair_rate / 100, rule_asset)
        per = shifts
        hps = None
        if line.unit == "giờ" or (eq.energy == "electricity" and _power(eq, line) and not norm.energy):
            hps_pv = ctx.p("working_time.hours_per_shift")
            params.append(hps_pv)
            hps = hps_pv.value
        if line.unit == "giờ":
            per = shifts * hps
        qty = a.quantity  # loaded + idle, scaled
        dep_rate, rep_rate = annual_dep / per, annual_rep / per
        parts = {"khấu hao": round_step(qty * dep_rate, rule_line), "sửa chữa": round_step(qty * rep_rate, rule_line)}
        exact_dep = qty * (cost - salvage_exact) * eq.depreciation_rate / 100 / per
        exact_rep = qty * cost * eq.repair_rate / 100 / per
        exact_parts = {"khấu hao": exact_dep, "sửa chữa": exact_rep}
        refs = [_price_ref("equipment", eq, row, line.unit, cost)]
        values = {
            "nguyên giá": cost,
            "giá trị thu hồi": salvage,
            "khấu hao năm": annual_dep,
            "sửa chữa năm": annual_rep,
            "số ca/năm": shifts,
            f"khấu hao / {line.unit}": dep_rate,
            f"sửa chữa / {line.unit}": rep_rate,
        }
        power = _power(eq, line)
        if eq.energy == "electricity" and power and not norm.energy:  # energy lines count it once
            tariff, trow = prices.energy_row(ctx.on, "electricity", what)
            _check_price(ctx, what, tariff, trow, tariff.price, warn)
            aux = ctx.p("costing_rules.energy_aux_factor")
            params.append(aux)
            hours = a.loaded * hps if line.unit == "ca" else a.loaded
            kwh = power * hours * aux.value
            parts["năng lượng"] = round_step(kwh * tariff.price, rule_line)
            exact_parts["năng lượng"] = kwh * tariff.price
            refs.append(_price_ref("energy", tariff, trow, "kWh", tariff.price))
            values.update({"công suất (kW)": power, "giờ chạy có tải": hours, "điện năng (kWh)": kwh})
            if eq.power_kw is not None and line.power_kw is not None and eq.power_kw != line.power_kw:
                warn.append(
                    f"{what}: power {_fmt(eq.power_kw)} kW of the price list used instead of "
                    f"{_fmt(line.power_kw)} kW of the norm line"
                )
        formula = (
            f"{line.unit} sử dụng x [(nguyên giá - thu hồi) x khấu hao % + nguyên giá x sửa chữa %] / "
            f"{'(số ca/năm x giờ/ca)' if line.unit == 'giờ' else 'số ca/năm'}"
            + (" + công suất x giờ có tải x hệ số năng lượng phụ x giá điện" if "năng lượng" in parts else "")
        )
        decl = [
            Declared("depreciation_rate", "Tỷ lệ khấu hao (%/năm)", eq.depreciation_rate, eq.depreciation_source or ""),
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
        amount = sum(parts.values(), Decimal(0))
        out.append(
            CostLine(
                "equipment",
                line.id or "",
                line.name,
                line.unit,
                qty,
                canonical_decimal(dep_rate + rep_rate),
                amount,
                sum(exact_parts.values(), Decimal(0)),
                trace,
                parts,
                exact_parts,
            )
        )
    return out


def _power(eq, line: EquipmentLine) -> Decimal | None:
    power = eq.power_kw if eq.power_kw is not None else line.power_kw
    return power if power else None


def _management(ctx: _Ctx, norm: Norm, lines: list[CostLine], warn: list[str]) -> CostLine:
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
    cap_params = [_sub(cap, opt.management_scope)] if limit is not None else [cap]
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
            warn.append("management_cap_pct is declared without its basis (management_cap_basis)")
    if limit is not None and opt.management_pct > limit:
        source = opt.management_cap_basis if opt.management_cap_pct is not None else cap.citation
        warn.append(
            f"management {_fmt(opt.management_pct)} % is above the {opt.management_scope} cap "
            f"{_fmt(limit)} % ({source})"
        )
    amount = round_step(direct * opt.management_pct / 100, ctx.rule("management"))
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
        f"Chi phí quản lý ({_fmt(opt.management_pct)} %)",
        None,
        None,
        None,
        amount,
        direct_exact * opt.management_pct / 100,
        trace,
    )


def _mark_structure(norm: Norm, lines: list[CostLine]) -> None:
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


def cost_applied(
    norm: Norm,
    applied: AppliedNorm,
    prices: PriceList,
    on: _dt.date,
    options: Any = None,
    *,
    parameters: Parameters | None = None,
    registry: Registry | None = None,
) -> UnitPrice:
    """Cost the quantities of an applied norm (:meth:`Norm.apply`) as of ``on``."""
    opts = as_options(options)
    if isinstance(on, _dt.datetime) or not isinstance(on, _dt.date):
        raise InputError(
            Problem(
                f"the costing date must be a date, got {on!r}",
                Location(field="on"),
                "invalid_date",
                "datetime.date(2026, 1, 1)",
            )
        )
    ctx = _Ctx(on, parameters or default_parameters(), opts, registry or active_registry(), norm.code)
    warn: list[str] = []
    by_id = {l.id: l for l in applied.lines}
    if norm.variants:
        raise InputError(
            Problem(
                f"norm {norm.code} has {len(norm.variants)} variant columns; cost one of them: norm.variant(key)",
                Location(field="variants"),
                "variant_needed",
                ", ".join(v.key for v in norm.variants),
            )
        )
    labour = _labour(ctx, norm, by_id, warn, prices)
    mats = _materials(ctx, norm, by_id, prices, warn)
    machines = _equipment(ctx, norm, by_id, prices, warn)
    tools = _tools(ctx, norm, by_id, prices, warn)
    # Bases of percent rows: the priced lines of each group, without the group's own % lines.
    groups = {
        "labour": [l for l in labour if l.id != "LDGT" and norm.line(l.id).kind == "direct"],
        "materials": [l for l in mats if l.id != "VTK"],
        "equipment": machines,
        "tools": tools,
    }
    lines = labour + _percent_rows(ctx, norm, "labour", groups)
    lines += mats + _percent_rows(ctx, norm, "materials", groups)
    lines += machines + _percent_rows(ctx, norm, "equipment", groups)
    lines += tools + _percent_rows(ctx, norm, "tools", groups)
    lines += _energy(ctx, norm, by_id, prices, warn)
    lines.append(_management(ctx, norm, lines, warn))
    _mark_structure(norm, lines)
    days, _, days_decl = ctx.working_days() if norm.labour else (None, None, None)
    declared = [d for d in [days_decl] if d] + [
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
        declared,
        warn,
    )


def cost_norm(
    norm: Norm,
    prices: PriceList,
    on: _dt.date,
    options: Any = None,
    *,
    drivers: dict[str, Any] | None = None,
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
    dinhmuc.core.errors.ParameterError: costing X on 2019-01-01: 'Mức lương cơ sở' has no value before 2019-07-01 (asked for 2019-01-01)
    """
    applied = norm.apply(drivers, adjustments)
    return cost_applied(norm, applied, prices, on, options, parameters=parameters, registry=registry)
