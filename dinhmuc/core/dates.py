"""The one date reader (đọc ngày tháng) for every input: YAML values, Excel cells, command options.

A Vietnamese officer writes 15/08/2026 (ngày/tháng/năm); a YAML file or a
program writes 2026-08-15. Both are accepted, as are a real date cell and a
date-time at midnight (what Excel stores for a date). Anything else — a
date-time with a time of day, 08/15/2026 (month first), 31/02/2026, a two-digit
year — is refused with a message saying what is accepted, never guessed.

>>> import datetime as dt
>>> parse_date("15/08/2026"), parse_date("2026-08-15"), parse_date("5/8/2026")
(datetime.date(2026, 8, 15), datetime.date(2026, 8, 15), datetime.date(2026, 8, 5))
>>> parse_date(dt.datetime(2026, 8, 15))
datetime.date(2026, 8, 15)
>>> from dinhmuc.core.i18n import use_language
>>> with use_language("en"):
...     parse_date("31/02/2026")
Traceback (most recent call last):
...
ValueError: '31/02/2026' is not a date (accepted: 15/08/2026 or 2026-08-15)
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .i18n import tr

#: What a date may look like, for error messages (language-neutral: both forms).
ACCEPTED = "15/08/2026 | 2026-08-15"


def accepted() -> str:
    """What a date may look like, in the current language."""
    return tr("date.accepted")


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: object) -> _dt.date:
    """A date from a date, a midnight date-time (an Excel date cell), ``dd/mm/yyyy`` or ISO ``yyyy-mm-dd``.

    ``dd.mm.yyyy`` and ``dd-mm-yyyy`` are read as day first too. Raises
    :class:`ValueError` naming the value and what is accepted.
    """
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp, without importing pandas here
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0, 0):
            raise ValueError(tr("date.time_of_day", value=value, accepted=accepted()))
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        found = _ISO.match(text)
        if found:
            y, m, d = (int(g) for g in found.groups())
        else:
            found = _DMY.match(text)
            if found:
                d, m, y = (int(g) for g in found.groups())
        if found:
            try:
                return _dt.date(y, m, d)
            except ValueError:
                pass
    raise ValueError(tr("date.not_a_date", value=value, accepted=accepted()))


def _validate(value: Any) -> Any:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise PydanticCustomError("invalid_date", "{reason}", {"reason": str(exc)}) from None


#: A date field of a model that accepts 15/08/2026 as well as 2026-08-15 (one error, never a second "missing").
Date = Annotated[_dt.date, BeforeValidator(_validate)]

__all__ = ["ACCEPTED", "Date", "accepted", "parse_date"]
