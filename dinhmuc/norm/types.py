"""Value types of the norm model (kiểu giá trị): exact numbers, texts, codes, the strict base model."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from ..core.i18n import tr_template

#: Excel keeps 15 significant digits; more would not survive a round trip.
MAX_DIGITS = 15

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"


def canonical_decimal(value: Decimal) -> Decimal:
    """The canonical form of a Decimal: no trailing zeros, no exponent above 0, no -0.

    >>> canonical_decimal(Decimal("1.50")), canonical_decimal(Decimal("1E+2")), canonical_decimal(Decimal("-0.0"))
    (Decimal('1.5'), Decimal('100'), Decimal('0'))
    """
    if value == 0:
        return Decimal(0)
    value = value.normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return value


def _to_decimal(value: Any) -> Any:
    value = _parse_decimal(value)
    if not value.is_finite():
        raise PydanticCustomError("not_a_number", tr_template("types.not_finite"), {"v": str(value)})
    if value != 0 and value.adjusted() >= MAX_DIGITS:  # 1e30: refused here, not an InvalidOperation later (robust)
        raise PydanticCustomError("too_large", tr_template("types.too_large"), {"v": str(value)})
    return value


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_number", tr_template("types.got_bool"))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 0.1, not 0.1000000000000000055
        return Decimal(repr(value))
    if isinstance(value, str):
        # the one number reader (dinhmuc.core.numbers): 1.234,5 or 1,234.5; "1.500" alone is ambiguous
        from ..core.numbers import NumberError, read_number

        try:
            return read_number(value)
        except NumberError as exc:
            raise PydanticCustomError(exc.code, "{message}", {"message": exc.message, "text": value}) from None
    raise PydanticCustomError("not_a_number", tr_template("types.expected_number"), {"kind": type(value).__name__})


def _finite_canonical(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise PydanticCustomError("not_a_number", tr_template("types.not_finite"), {"v": str(value)})
    if value != 0 and value.adjusted() >= MAX_DIGITS:  # 1e30: refused here, not an InvalidOperation later (robust)
        raise PydanticCustomError("too_large", tr_template("types.too_large"), {"v": str(value)})
    value = canonical_decimal(value)
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise PydanticCustomError("too_precise", tr_template("types.too_precise"), {"v": str(value)})
    return value


def exact_number(value: Any) -> Decimal:
    """A number as the norm model keeps it: exact, finite, canonical, at most 15 significant digits.

    Raises the same validation error a model field would (config: the public name other modules use).

    >>> exact_number("2.50"), exact_number(3)
    (Decimal('2.5'), Decimal('3'))
    """
    return _finite_canonical(_to_decimal(value))


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("negative", tr_template("types.negative"), {"v": str(value)})
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("not_positive", tr_template("types.not_positive"), {"v": str(value)})
    return value


def _percent(value: Decimal) -> Decimal:
    if value < 0 or value > 100:
        raise PydanticCustomError("percent_range", tr_template("types.percent_range"), {"v": str(value)})
    return value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise PydanticCustomError("control_character", tr_template("types.control_character"))
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)  # a code such as 01 typed as a number in Excel
    return value


def _optional_text(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _required_text(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("missing", tr_template("types.empty"))
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_finite_canonical)]
"""An exact finite number (Decimal, at most 15 significant digits)."""
Quantity = Annotated[Number, AfterValidator(_non_negative)]
"""A quantity (số lượng): a number of 0 or more."""
Positive = Annotated[Number, AfterValidator(_positive)]
Percent = Annotated[Number, AfterValidator(_percent)]
"""A percentage from 0 to 100 (tỷ lệ %)."""
Text = Annotated[str, BeforeValidator(_required_text)]
OptText = Annotated[str | None, BeforeValidator(_optional_text)]
Code = Annotated[str, BeforeValidator(_required_text), Field(pattern=CODE_PATTERN, max_length=40)]


class Model(BaseModel):
    """Base of every dinhmuc model: unknown keys are rejected, assignments re-validated."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=False, populate_by_name=True, frozen=False
    )

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data, without empty optional values (what YAML stores)."""
        return _prune(self.model_dump(mode="python", exclude_defaults=False))


_LAST_KEYS = ("values", "work_step", "scales_with", "steps", "note", "provenance")


def _ordered(value: dict) -> dict:
    # Reading order in YAML: id first, the line's own fields, then scaling, notes, provenance.
    keys = list(value)
    head = [k for k in keys if k == "id"]
    tail = [k for k in _LAST_KEYS if k in value]
    return {k: value[k] for k in head + [k for k in keys if k not in head and k not in tail] + tail}


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in _ordered(value).items():
            v = _prune(v)
            if v is None or v == [] or v == {}:
                continue
            if isinstance(v, Enum):
                v = v.value
            out[k] = v
        return out
    if isinstance(value, list):
        return [_prune(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


# ----------------------------------------------------------------------------
# Published values: kept exactly as written
# ----------------------------------------------------------------------------

#: How a table marks an item not used in a column (ô "-": không sử dụng).
NOT_USED = "-"
#: The dashes a table may print for "not used" (hyphen, en and em dash, figure dash, minus sign).
DASHES = frozenset({"-", "–", "—", "‒", "−"})


def _published(value: Decimal) -> Decimal:
    # A published norm value keeps the digits it was written with: 0,230 stays
    # 0,230 (its trailing zero states the precision); only -0 and exponents
    # above 0 are made plain.
    if not value.is_finite():
        raise PydanticCustomError("not_a_number", tr_template("types.not_finite"), {"v": str(value)})
    if value.is_zero():
        value = value.copy_abs()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise PydanticCustomError("too_precise", tr_template("types.too_precise"), {"v": str(value)})
    return value


Published = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_published), AfterValidator(_non_negative)]
"""A quantity as published (giá trị công bố): 0 or more, trailing zeros kept (``0.230``)."""


def _cell(value: Any) -> Decimal | str:
    if isinstance(value, str) and value.strip() in DASHES:
        return NOT_USED
    return _non_negative(_published(_to_decimal(value)))


Cell = Annotated[Decimal | str, PlainValidator(_cell)]
"""One cell of a variant column: a published quantity, or ``"-"`` (not used in that column)."""


def is_used(cell: Decimal | str | None) -> bool:
    """False for a ``"-"`` cell (the item is not used in that column) or no value."""
    return cell is not None and cell != NOT_USED
