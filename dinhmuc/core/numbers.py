"""Reading numbers as they are written (đọc số): the one number reader of every input.

Vietnamese documents write ``1.234.567,5`` (``.`` groups thousands, ``,`` marks
decimals); tools set to English write ``1,234,567.5``. A cell such as ``1.500``
is a valid number in both writings with two different values (1500 or 1.5), so
a cell cannot be read alone: **the writing is decided per column** (one column
of one file), from the cells that only one writing accepts:

* cells that only the Vietnamese writing accepts (``1.234,5``, ``12,5``,
  ``1.700.000``) make the column Vietnamese, and its ambiguous cells (``1.500``)
  are read that way; the same for the international writing (``12.5``,
  ``1,234.5``);
* a column with cells of both writings is an error naming the cells of each
  (never two readings in one column);
* a column whose text cells are all ambiguous or plain (``1.500``, ``2.000``,
  ``300``) is read by the **declared decimal separator** (``","`` Vietnamese,
  ``"."`` international: a reader's ``decimal`` argument, or the project's
  ``inputs.decimal_separator``); without a declaration its ambiguous cells are an
  error naming them;
* with a declaration, every text cell must be written that way (``12.5`` in a
  column declared ``","`` is an error, not a silent 12.5).

Each writing is checked by Babel's locale data (``babel.numbers.parse_decimal``,
strict: thousands groups of three, one decimal mark), not by a hand-made
pattern. Text becomes an exact :class:`~decimal.Decimal` (no binary float in
between). Cells that are numbers already (an Excel number cell, a DataFrame
column of numbers) are taken exactly through their shortest representation
(``0.1`` stays 0.1); a binary float carrying more than 15 significant digits
(``0.30000000000000004``) is cut to 15, the precision Excel itself keeps and
shows. Text with more than 15 significant digits is refused, and so is a number
whose size is beyond ``max_abs``.

>>> read_number("1.234,5"), read_number("1,234.5"), read_number("1.700.000"), read_number(12.5)
(Decimal('1234.5'), Decimal('1234.5'), Decimal('1700000'), Decimal('12.5'))
>>> read_number("1.500", decimal=",")
Decimal('1500')
>>> read_number("1.500")
Traceback (most recent call last):
...
dinhmuc.core.numbers.NumberError: '1.500' đọc là 1500 theo kiểu viết Việt Nam (1.234,5) hoặc 1.5 theo ...
>>> r = read_column([(2, "1.500"), (3, "2.000"), (4, "1.234,5")])
>>> r.writing, [str(v) for v in r.values.values()], r.problems
('vi', ['1500', '2000', '1234.5'], [])
>>> [p[0] for p in read_column([(2, "1.500"), (3, "2.000")]).problems]
[2, 3]
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .i18n import tr

#: The two writings: Vietnamese (decimal comma) and international (decimal point).
VI, EN = "vi", "en"
#: Accepted declarations of a decimal separator -> writing.
DECLARATIONS = {",": VI, "vi": VI, ".": EN, "en": EN}
#: What each writing looks like (for messages).
EXAMPLE = {VI: "1.234,5", EN: "1,234.5"}


def writing_name(w: str) -> str:
    """The name of a writing in the current language, e.g. "kiểu Việt Nam (1.234,5)"."""
    return tr("numbers.writing_vi") if w == VI else tr("numbers.writing_en")


#: Significant digits kept: Excel keeps 15, and so do the project's models.
MAX_DIGITS = 15

_PLAIN = re.compile(r"[+-]?\d+")
_SPACES = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "\u2009": None, "\u2212": "-", "\u2013": "-"})


class NumberError(ValueError):
    """A cell that is not a number in the accepted writing; ``accepted`` says what is."""

    def __init__(self, message: str, accepted: str = "", code: str = "not_a_number"):
        super().__init__(message)
        self.message, self.accepted, self.code = message, accepted, code


def writing_of(decimal: str | None) -> str | None:
    """The writing a declared decimal separator means: ``","`` -> ``"vi"``, ``"."`` -> ``"en"``, None -> None.

    >>> writing_of(","), writing_of("."), writing_of(None)
    ('vi', 'en', None)
    """
    if decimal is None:
        return None
    key = str(decimal).strip().lower()
    if key not in DECLARATIONS:
        raise NumberError(tr("numbers.not_separator", decimal=decimal), tr("numbers.separators"), "invalid_choice")
    return DECLARATIONS[key]


@lru_cache(maxsize=65536)
def readings(text: str) -> tuple[tuple[str, Decimal], ...]:
    """Every reading of a text cell: ((writing, value), ...) — empty when it is no number in either writing.

    >>> readings("12,5"), readings("1.500")
    ((('vi', Decimal('12.5')),), (('vi', Decimal('1500')), ('en', Decimal('1.500'))))
    """
    t = text.translate(_SPACES)
    if _PLAIN.fullmatch(t):  # 300, -12: the same in both writings
        v = Decimal(t)
        return ((VI, v), (EN, v))
    if not t or not any(ch.isdigit() for ch in t) or len(t) > 64:
        return ()
    from babel.numbers import NumberFormatError, parse_decimal

    out = []
    for w in (VI, EN):
        try:
            v = parse_decimal(t, locale=w, strict=True)
        except (NumberFormatError, InvalidOperation, ValueError):
            continue
        if v.is_finite():
            out.append((w, v))
    return tuple(out)


def _digits(v: Decimal) -> int:
    return len(v.normalize().as_tuple().digits) if v else 1


def exact(value: Any) -> Decimal:
    """The exact Decimal of a number cell (int, float, Decimal, numpy number); floats via their shortest repr.

    >>> exact(0.1), exact(3), exact(0.1 + 0.2)
    (Decimal('0.1'), Decimal('3'), Decimal('0.3'))
    """
    if isinstance(value, bool):
        raise NumberError(tr("numbers.bool_not_number"), tr("numbers.a_number"))
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    else:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise NumberError(tr("numbers.not_a_number_repr", value=value), tr("numbers.a_number")) from None
        if not math.isfinite(x):
            raise NumberError(tr("numbers.not_finite", value=value), tr("numbers.finite_number"))
        if x == int(x) and abs(x) < 2**53:
            return Decimal(int(x))
        d = Decimal(repr(x))
        if _digits(d) > MAX_DIGITS:  # binary noise beyond what Excel keeps
            d = Decimal(f"{x:.{MAX_DIGITS}g}")
    if not d.is_finite():
        raise NumberError(tr("numbers.not_finite", value=value), tr("numbers.finite_number"))
    return d


def is_number_cell(value: Any) -> bool:
    """True for a cell that is a number already (not text, not a yes/no value)."""
    import numbers

    return isinstance(value, (numbers.Number, Decimal)) and not isinstance(value, bool)


@dataclass
class ColumnReading:
    """The numbers of one column: ``values`` by key, ``problems`` as (key, message, accepted, code), the writing."""

    values: dict[Hashable, Decimal] = field(default_factory=dict)
    problems: list[tuple[Hashable, str, str, str]] = field(default_factory=list)
    writing: str | None = None


def _accepted(w: str | None) -> str:
    if w is None:
        return tr("numbers.accepted_any")
    return tr("numbers.accepted_in", writing=writing_name(w), example=EXAMPLE[w])


def read_column(
    cells: Iterable[tuple[Hashable, Any]], decimal: str | None = None, *, max_abs: Decimal | int | None = None
) -> ColumnReading:
    """Read the cells of one column (key, value) — blank cells are skipped by the caller.

    ``decimal`` is the declared decimal separator (``","`` or ``"."``; None: decided
    by the column). ``max_abs`` refuses numbers of that size or more. See the module
    docstring for the rule.
    """
    declared = writing_of(decimal)
    out = ColumnReading()
    texts: list[tuple[Hashable, str, dict[str, Decimal]]] = []
    for key, value in cells:
        if isinstance(value, str):
            found = dict(readings(value.strip()))
            if not found:
                out.problems.append((key, tr("numbers.not_a_number", value=value), _accepted(declared), "not_a_number"))
            else:
                texts.append((key, value.strip(), found))
            continue
        try:
            out.values[key] = exact(value)
        except NumberError as exc:
            out.problems.append((key, exc.message, exc.accepted, exc.code))
    writing = declared
    if writing is None:
        only = {VI: [], EN: []}
        for key, text, found in texts:
            if len(found) == 1:
                only[next(iter(found))].append((key, text))
        if only[VI] and only[EN]:
            few, many = (VI, EN) if len(only[VI]) <= len(only[EN]) else (EN, VI)
            example = only[many][0][1]
            for key, text in only[few]:
                out.problems.append(
                    (
                        key,
                        tr(
                            "numbers.mixed_writings",
                            text=text,
                            writing=writing_name(few),
                            example=example,
                            writing2=writing_name(many),
                        ),
                        _accepted(many),
                        "mixed_writing",
                    )
                )
            bad = {k for k, _ in only[few]}
            texts = [t for t in texts if t[0] not in bad]
            writing = many
        elif only[VI] or only[EN]:
            writing = VI if only[VI] else EN
    out.writing = writing
    for key, text, found in texts:
        if writing is None:
            vals = set(found.values())
            if len(vals) > 1:
                out.problems.append(
                    (
                        key,
                        _ambiguous(text, found),
                        tr("numbers.declare_separator"),
                        "ambiguous_number",
                    )
                )
                continue
            out.values[key] = next(iter(vals))
        elif writing in found:
            out.values[key] = found[writing]
        else:
            why = tr("numbers.declared") if declared else tr("numbers.of_this_column")
            out.problems.append(
                (
                    key,
                    tr("numbers.not_in_writing", text=text, writing=writing_name(writing), why=why),
                    _accepted(writing),
                    "not_a_number",
                )
            )
    for key, v in list(out.values.items()):
        if _digits(v) > MAX_DIGITS:
            out.problems.append(
                (
                    key,
                    tr("numbers.too_many_digits", v=v, MAX_DIGITS=MAX_DIGITS),
                    tr("numbers.at_most_digits", MAX_DIGITS=MAX_DIGITS),
                    "too_precise",
                )
            )
            del out.values[key]
        elif max_abs is not None and abs(v) >= Decimal(max_abs):
            out.problems.append(
                (
                    key,
                    tr("numbers.too_large", plain=_plain(v)),
                    tr("numbers.below", plain=_plain(Decimal(max_abs))),
                    "too_large",
                )
            )
            del out.values[key]
    return out


def _plain(v: Decimal) -> str:
    return format(v, "f") if abs(v) < Decimal(10) ** 20 else format(v, "E")


def _ambiguous(text: str, found: dict[str, Decimal]) -> str:
    return tr(
        "numbers.ambiguous",
        text=text,
        plain=_plain(found[VI].normalize()),
        writing=writing_name(VI),
        plain2=_plain(found[EN].normalize()),
        writing2=writing_name(EN),
    )


def read_number(value: Any, decimal: str | None = None, *, max_abs: Decimal | int | None = None) -> Decimal:
    """One cell alone (a YAML value, an option): as :func:`read_column` on a column of one cell.

    Raises :class:`NumberError` (a ``ValueError``) when the cell is no number, or is
    ambiguous and no decimal separator is declared.
    """
    r = read_column([(0, value)], decimal, max_abs=max_abs)
    if r.problems:
        _, message, accepted, code = r.problems[0]
        raise NumberError(message, accepted, code)
    return r.values[0]


def read_frame_numbers(
    frame, fields: Iterable[str], decimal: str | None = None, *, max_abs: Decimal | int | None = None
) -> list[tuple[Hashable, str, str, str, str]]:
    """Read the number columns ``fields`` of a DataFrame in place (cells become exact Decimals).

    Blank cells (None, NaN, empty text) are left as they are. Returns the problems as
    (row index, field, message, accepted, code); a bad cell keeps its text.
    """
    problems = []
    for f in fields:
        if f not in frame.columns:
            continue
        col = frame[f]
        cells = [(k, v) for k, v in col.items() if not _blank(v)]
        if not cells:
            continue
        r = read_column(cells, decimal, max_abs=max_abs)
        if r.values:
            new = col.astype(object).copy()
            for k, v in r.values.items():
                new.at[k] = v
            frame[f] = new
        problems += [(k, f, m, a, c) for k, m, a, c in r.problems]
    return problems


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and not v.strip():
        return True
    try:
        import pandas as pd

        return v is pd.NA or v is pd.NaT
    except ImportError:  # pragma: no cover
        return False


__all__ = [
    "ColumnReading",
    "DECLARATIONS",
    "EN",
    "MAX_DIGITS",
    "NumberError",
    "VI",
    "exact",
    "is_number_cell",
    "read_column",
    "read_frame_numbers",
    "read_number",
    "readings",
    "writing_of",
]
