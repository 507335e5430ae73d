"""Choices a project declares for its costing (lựa chọn khai báo của dự án): :class:`CostingOptions`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationError

from ..core.errors import InputError, Location, Problem
from ..core.i18n import tr
from ..core.validation import problem_from_error
from ..norm import Model, OptText, Percent, Positive, Quantity

__all__ = ["FINANCING_CLASS_LABELS", "CostingOptions", "OptionsInput", "PriceAgeWarning", "as_options"]

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


#: What a costing accepts as its options: the model, a mapping of its fields, or None (an error).
OptionsInput = CostingOptions | Mapping[str, object] | None


def as_options(options: OptionsInput) -> CostingOptions:
    """Options from a model, a mapping or None (then an error saying what to declare).

    >>> as_options({"management_pct": 2}).management_pct
    Decimal('2')
    """
    if isinstance(options, CostingOptions):
        return options
    if options is None:
        raise InputError(
            Problem(
                tr("options.not_declared"),
                Location(field="management_pct"),
                "missing",
                tr("options.acc_management"),
            )
        )
    try:
        return CostingOptions.model_validate(dict(options))
    except ValidationError as exc:
        raise InputError(
            [
                problem_from_error(dict(e), lambda loc: Location(field=".".join(map(str, loc)) or None))
                for e in exc.errors()
            ],
            "CostingOptions",
        ) from None
