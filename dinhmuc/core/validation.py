"""Pydantic validation errors as located problems (lỗi dữ liệu có vị trí).

One converter for every strict model the project loads (norm sets, catalogues,
parameters, projects, prices): each error becomes a :class:`Problem` with the
file, sheet, row and field the caller's ``locate`` gives, and what is accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import Location, Problem

#: What each pydantic error kind means for a clerk, and what is accepted.
_ERROR_KINDS: dict[str, tuple[str, str | None]] = {
    "extra_forbidden": (
        "extra_key",
        "only the fields of the dinhmuc norm format (see docs/norm-model.md, 'Norm file format')",
    ),
    "missing": ("missing", "a value is required here"),
    "decimal_parsing": ("not_a_number", "a number such as 12.5 (or 12,5 in Excel text)"),
    "decimal_type": ("not_a_number", "a number such as 12.5"),
    "int_parsing": ("not_a_number", "a whole number such as 3"),
    "int_type": ("not_a_number", "a whole number such as 3"),
    "int_from_float": ("not_a_number", "a whole number such as 3"),
    "float_parsing": ("not_a_number", "a number such as 12.5"),
    "string_type": ("wrong_type", "text"),
    "list_type": ("wrong_type", "a list"),
    "dict_type": ("wrong_type", "a mapping of key: value"),
    "model_type": ("wrong_type", "a mapping of key: value"),
    "model_attributes_type": ("wrong_type", "a mapping of key: value"),
    "date_from_datetime_parsing": ("invalid_date", "a date such as 2026-09-05"),
    "date_parsing": ("invalid_date", "a date such as 2026-09-05"),
    "date_type": ("invalid_date", "a date such as 2026-09-05"),
    "bool_parsing": ("wrong_type", "true or false"),
    "bool_type": ("wrong_type", "true or false"),
    "literal_error": ("invalid_choice", None),
    "enum": ("invalid_choice", None),
    "string_pattern_mismatch": ("invalid_code", "a code of letters, digits, '.', '_' or '-' such as KC01"),
    "string_too_long": ("invalid_code", "at most 40 characters"),
    "greater_than_equal": ("out_of_range", None),
    "less_than_equal": ("out_of_range", None),
    "not_a_number": ("not_a_number", "a finite number such as 12.5"),
    "negative": ("negative", "0 or more"),
    "not_positive": ("not_positive", "a number greater than 0"),
    "percent_range": ("percent_range", "a percentage from 0 to 100"),
    "too_precise": ("too_precise", "at most 15 significant digits"),
    "control_character": ("invalid_text", "text without control characters"),
}

Locate = Callable[[tuple], Location]
"""Turns a model error path into a place in the user's file."""


def problem_from_error(error: dict, locate: Locate) -> Problem:
    """A pydantic error as a :class:`Problem` located in the user's file."""
    kind = error.get("type", "invalid")
    code, accepted = _ERROR_KINDS.get(kind, (kind, None))
    loc = tuple(error.get("loc", ()))
    # pydantic adds the tag of a union member or a validator to the path; keep real keys.
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    location = locate(loc)
    msg = error.get("msg", "invalid value")
    if kind == "extra_forbidden":
        msg = f"unknown key '{loc[-1] if loc else ''}'"
    elif kind == "missing":
        msg = "required value is missing"
    value = error.get("input")
    if kind in ("decimal_parsing", "int_parsing", "float_parsing", "literal_error", "enum") and value is not None:
        msg = f"{msg} (got {value!r})"
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected")
        accepted = str(expected) if expected else accepted
    return Problem(msg, location, code, accepted)
