"""The dated parameters, declared options and prices one costing rests on (căn cứ của một lần tính giá).

:class:`CostingContext` looks each legal parameter up once on the costing date and
hands it over with its citation; :func:`checked_price` refuses a price a total
cannot rest on (missing, VAT status unknown or not the declared one) and warns
about an old one. The arithmetic is in :mod:`.formulas`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import warnings
from decimal import Decimal
from typing import Protocol

from ..core.errors import InputError, Location, ParameterError, PriceError, Problem, UnknownReferenceError
from ..core.i18n import tr
from ..core.registry import Grade, Registry
from ..norm import canonical_decimal
from ..params import Parameters, ParameterValue, default_parameters
from .explain import format_value
from .formulas import RoundingRule, salary_ladder
from .options import FINANCING_CLASS_LABELS, CostingOptions, PriceAgeWarning
from .prices import VAT_LABELS, Row
from .records import Declared, PriceRef

__all__ = ["CostingContext", "PricedRow", "checked_price", "parameter_entry", "price_ref", "salary_coefficient"]


class PricedRow(Protocol):
    """What every row of a price list carries (material, labour, equipment, energy)."""

    @property
    def vat(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def date(self) -> _dt.date: ...


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
                tr("context.no_group", group=group, file=pv.file),
                Location(pv.file, field=group),
                "unknown_group",
                ", ".join(table),
            )
        )
    g = table[group]
    if "coefficients" in g:
        coefs = [Decimal(c) for c in g["coefficients"]]
    else:
        coefs = salary_ladder(g["first"], g["increment"], int(g["steps"]))
    if not 1 <= step <= len(coefs):
        raise InputError(
            Problem(
                tr("context.step_outside", step=step, n_coefs=len(coefs), group=group),
                Location(pv.file, field="step"),
                "step_range",
                tr("context.acc_step", n=len(coefs)),
            )
        )
    coef = canonical_decimal(coefs[step - 1])
    return coef, dataclasses.replace(
        pv, name=f"{pv.name}[{group}][{step}]", value=coef, label=f"Hệ số lương nhóm {group} bậc {step}/{len(coefs)}"
    )


def parameter_entry(pv: ParameterValue, key: str, value: object = None) -> ParameterValue:
    """The entry ``key`` of a mapping parameter, cited as ``name[key]``."""
    from ..core.labels import value_key_label

    return dataclasses.replace(
        pv,
        name=f"{pv.name}[{key}]",
        label=f"{pv.label} — {value_key_label(key)}",
        value=pv.value[key] if value is None else value,
    )


def price_ref(kind: str, price: PricedRow, row: Row, unit: str, value: Decimal) -> PriceRef:
    """A price as the trace records it: what, its VAT status, source, date and row."""
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


class CostingContext:
    """Parameters and declared values of one costing, looked up once and recorded."""

    def __init__(
        self, on: _dt.date, params: Parameters, options: CostingOptions, registry: Registry, norm: str
    ) -> None:
        self.on, self.params, self.options, self.registry, self.norm = on, params, options, registry, norm
        self._cache: dict[str, ParameterValue] = {}

    def p(self, name: str) -> ParameterValue:
        """The parameter ``name`` in force on the costing date (an error names the norm and the date)."""
        if name not in self._cache:
            try:
                self._cache[name] = self.params.get(name, self.on)
            except ParameterError as exc:
                raise ParameterError(
                    tr("context.costing_on", norm=self.norm, isoformat=self.on.isoformat(), exc=exc)
                ) from None
        return self._cache[name]

    def rule(self, figure: str) -> RoundingRule:
        """The rounding rule of ``figure`` (line, daily_wage, asset, management) in ``costing_rules.rounding``."""
        rules = self.p("costing_rules.rounding").value
        if figure not in rules:
            raise ParameterError(tr("context.no_rounding_rule", figure=figure, rules=", ".join(rules)))
        return rules[figure]

    def working_days(self) -> tuple[Decimal, list[ParameterValue], Declared]:
        """Working days a month: declared by the project, else the dated parameter; with what to cite."""
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
            raise ParameterError(tr("context.no_contributions"))
        names = self.options.contributions
        known = list(self.params.files[stem].parameters)
        if names is None:
            names = known
        bad = [n for n in names if n not in known]
        if bad:
            raise UnknownReferenceError(
                Problem(
                    tr("context.unknown_contribution", bad=", ".join(bad)),
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
            msg = tr(
                "context.no_financing_class",
                label=pv.label,
                format_value=format_value(pv.value.get(cls)),
                citation=pv.citation,
            )
            if warn is not None and msg not in warn:
                warn.append(msg)
        if cls not in pv.value:
            raise ParameterError(
                tr(
                    "context.class_value",
                    name=pv.name,
                    isoformat=self.on.isoformat(),
                    cls=cls,
                    value=", ".join(pv.value),
                )
            )
        # the name stays (one contribution per file entry); the label says which class was applied
        return dataclasses.replace(pv, value=pv.value[cls], label=f"{pv.label} ({FINANCING_CLASS_LABELS[cls]})")

    def grade(self, code: str) -> Grade | None:
        """The grade a labour line is paid on at the costing date (hạng, or bậc nghề nghiệp from 01/07/2026)."""
        try:
            return self.registry.grade_on(code, self.on)
        except KeyError:
            return None


def checked_price(
    ctx: CostingContext,
    what: str,
    price: PricedRow,
    row: Row,
    value: Decimal | None,
    warn: list[str],
    field_: str = "price",
    stacklevel: int = 4,
) -> Decimal:
    """``value``, once it can carry a total: present, VAT status known and as declared; an old price warns.

    The warning (:class:`PriceAgeWarning`) points ``stacklevel`` frames up: at the caller of the costing.
    """
    if value is None:
        raise PriceError(tr("context.no_price_field", what=what, row=row, field=field_))
    if price.vat == "unknown":
        raise PriceError(tr("context.vat_unknown", what=what, row=row))
    if ctx.options.vat != "as_listed" and price.vat != ctx.options.vat:
        raise PriceError(
            tr(
                "context.vat_mismatch",
                what=what,
                row=row,
                VAT_LABELS=VAT_LABELS[price.vat],
                VAT_LABELS2=VAT_LABELS[ctx.options.vat],
            )
        )
    age = ctx.options.max_price_age_days
    if age is not None and (ctx.on - price.date).days > age:
        msg = tr(
            "context.price_old",
            what=what,
            isoformat=price.date.isoformat(),
            row=row,
            days=(ctx.on - price.date).days,
            isoformat2=ctx.on.isoformat(),
            age=age,
        )
        warn.append(msg)
        warnings.warn(msg, PriceAgeWarning, stacklevel=stacklevel)
    return value
