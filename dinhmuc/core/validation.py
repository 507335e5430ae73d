"""Pydantic validation errors as located problems (lỗi dữ liệu có vị trí).

One converter for every strict model the project loads (norm sets, catalogues,
parameters, projects, prices): each error becomes a :class:`Problem` with the
file, sheet, row and field the caller's ``locate`` gives, and what is accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import Location, Problem
from .i18n import tr

#: What each pydantic error kind means for a clerk: its code, the catalogue key of what is accepted,
#: and the key of the message that replaces pydantic's English one (None: the model's own message,
#: already in the current language).
_ERROR_KINDS: dict[str, tuple[str, str | None, str | None]] = {
    "extra_forbidden": ("extra_key", "validation.acc_norm_fields", None),
    "missing": ("missing", "validation.acc_required", None),
    "decimal_parsing": ("not_a_number", "validation.acc_number_excel", "validation.msg_number"),
    "decimal_type": ("not_a_number", "validation.acc_number", "validation.msg_number"),
    "int_parsing": ("not_a_number", "validation.acc_whole", "validation.msg_whole"),
    "int_type": ("not_a_number", "validation.acc_whole", "validation.msg_whole"),
    "int_from_float": ("not_a_number", "validation.acc_whole", "validation.msg_whole"),
    "float_parsing": ("not_a_number", "validation.acc_number", "validation.msg_number"),
    "string_type": ("wrong_type", "validation.acc_text", "validation.msg_text"),
    "list_type": ("wrong_type", "validation.acc_list", "validation.msg_list"),
    "dict_type": ("wrong_type", "validation.acc_mapping", "validation.msg_mapping"),
    "model_type": ("wrong_type", "validation.acc_mapping", "validation.msg_mapping"),
    "model_attributes_type": ("wrong_type", "validation.acc_mapping", "validation.msg_mapping"),
    "date_from_datetime_parsing": ("invalid_date", "validation.acc_date", "validation.msg_date"),
    "date_parsing": ("invalid_date", "validation.acc_date", "validation.msg_date"),
    "date_type": ("invalid_date", "validation.acc_date", "validation.msg_date"),
    "bool_parsing": ("wrong_type", "validation.acc_bool", "validation.msg_bool"),
    "bool_type": ("wrong_type", "validation.acc_bool", "validation.msg_bool"),
    "literal_error": ("invalid_choice", None, "validation.msg_choice"),
    "enum": ("invalid_choice", None, "validation.msg_choice"),
    "string_pattern_mismatch": ("invalid_code", "validation.acc_code", "validation.msg_code"),
    "string_too_long": ("invalid_code", "validation.acc_40_chars", "validation.msg_too_long"),
    "greater_than_equal": ("out_of_range", None, "validation.msg_ge"),
    "less_than_equal": ("out_of_range", None, "validation.msg_le"),
    "greater_than": ("out_of_range", None, "validation.msg_gt"),
    "less_than": ("out_of_range", None, "validation.msg_lt"),
    "not_a_number": ("not_a_number", "validation.acc_finite", None),
    "negative": ("negative", "validation.acc_non_negative", None),
    "not_positive": ("not_positive", "validation.acc_positive", None),
    "percent_range": ("percent_range", "validation.acc_percent", None),
    "too_precise": ("too_precise", "validation.acc_15_digits", None),
    "control_character": ("invalid_text", "validation.acc_no_control", None),
}


Locate = Callable[[tuple], Location]
"""Turns a model error path into a place in the user's file."""


def problem_from_error(error: dict, locate: Locate) -> Problem:
    """A pydantic error as a :class:`Problem` located in the user's file."""
    kind = error.get("type", "invalid")
    code, accepted_key, message_key = _ERROR_KINDS.get(kind, (kind, None, None))
    accepted = tr(accepted_key) if accepted_key else None
    loc = tuple(error.get("loc", ()))
    # pydantic adds the tag of a union member or a validator to the path; keep real keys.
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    location = locate(loc)
    ctx = error.get("ctx") or {}
    msg = error.get("msg") or tr("validation.msg_invalid")
    if kind == "extra_forbidden":
        msg = tr("validation.msg_unknown_key", key=loc[-1] if loc else "")
    elif kind == "missing":
        msg = tr("validation.msg_missing")
    elif message_key:
        msg = tr(message_key, **{k: ctx.get(k, "") for k in ("expected", "ge", "le", "gt", "lt", "max_length")})
    value = error.get("input")
    if kind in ("decimal_parsing", "int_parsing", "float_parsing", "literal_error", "enum") and value is not None:
        msg = tr("validation.got", message=msg, value=value)
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected")
        accepted = str(expected) if expected else accepted
    return Problem(msg, location, code, accepted)
