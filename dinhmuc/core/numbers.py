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
"""  # noqa: E501 (a doctest shows the whole error message on one line)

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Generic, SupportsFloat, SupportsIndex, TypeVar

import numpy as np

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


def exact(value: object) -> Decimal:
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
        if not isinstance(value, (str, SupportsFloat, SupportsIndex)):  # what float() reads
            raise NumberError(tr("numbers.not_a_number_repr", value=value), tr("numbers.a_number"))
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


def is_number_cell(value: object) -> bool:
    """True for a cell that is a number already (not text, not a yes/no value)."""
    import numbers

    return isinstance(value, (numbers.Number, Decimal)) and not isinstance(value, bool)


#: the key of a cell (a row label, a position)
K = TypeVar("K", bound=Hashable)


@dataclass
class ColumnReading(Generic[K]):
    """The numbers of one column: ``values`` by key, ``problems`` as (key, message, accepted, code), the writing."""

    values: dict[K, Decimal] = field(default_factory=dict)
    problems: list[tuple[K, str, str, str]] = field(default_factory=list)
    writing: str | None = None


def _accepted(w: str | None) -> str:
    if w is None:
        return tr("numbers.accepted_any")
    return tr("numbers.accepted_in", writing=writing_name(w), example=EXAMPLE[w])


def read_column(
    cells: Iterable[tuple[K, object]], decimal: str | None = None, *, max_abs: Decimal | int | None = None
) -> ColumnReading[K]:
    """Read the cells of one column (key, value) — blank cells are skipped by the caller.

    ``decimal`` is the declared decimal separator (``","`` or ``"."``; None: decided
    by the column). ``max_abs`` refuses numbers of that size or more. See the module
    docstring for the rule.
    """
    declared = writing_of(decimal)
    out: ColumnReading[K] = ColumnReading()
    texts: list[tuple[K, str, dict[str, Decimal]]] = []
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
        writing, texts = _writing_of_texts(texts, out)
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


def _writing_of_texts(
    texts: list[tuple[K, str, dict[str, Decimal]]], out: ColumnReading[K]
) -> tuple[str | None, list[tuple[K, str, dict[str, Decimal]]]]:
    """The writing of a column none was declared for: the one its unambiguous texts use. When both writings
    occur, the fewer texts are the problems (one column, one writing) and leave the texts to read."""
    only: dict[str, list[tuple[K, str]]] = {VI: [], EN: []}
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
        return many, [t for t in texts if t[0] not in bad]
    if only[VI] or only[EN]:
        return (VI if only[VI] else EN), texts
    return None, texts


def read_number(value: object, decimal: str | None = None, *, max_abs: Decimal | int | None = None) -> Decimal:
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


# ----------------------------------------------------------------------------
# the same rule for a whole column at once (đọc cả cột): vectorised, proven equal to read_column
# ----------------------------------------------------------------------------

#: Cells with more digits than this (or any other character than digits, ``.``, ``,``, a leading sign and
#: spaces) are read cell by cell by :func:`readings`; the others are decided on their bytes, in int64.
_FAST_DIGITS = 18
#: Texts longer than this (in bytes) are read cell by cell as well.
_FAST_WIDTH = 32
_POW10 = 10 ** np.arange(_FAST_DIGITS + 1, dtype=np.int64)
#: 10^0 .. 10^22 as float64: each exact, so m / 10^k (|m| < 2^53) rounds once, like float(Decimal).
_FPOW10 = np.array([float(10**i) for i in range(23)])


@dataclass
class ArrayReading:
    """The numbers of one column read at once by :func:`read_cells` (cell positions 0..n-1).

    ``ok`` marks the cells read; their exact value is ``mantissa[i] × 10^-scale[i]`` (with the sign of
    ``negative[i]`` for a zero), except the rare cells kept in ``big`` as Decimals; ``floats`` holds
    the float64 nearest to each exact value (NaN elsewhere), correctly rounded. ``problems`` are
    (position, message, accepted, code), in the order :func:`read_column` gives them.
    """

    ok: Any
    mantissa: Any
    scale: Any
    negative: Any
    floats: Any
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    writing: str | None = None
    big: dict[int, Decimal] = field(default_factory=dict)

    def decimal(self, i: int) -> Decimal:
        """The exact Decimal of cell ``i`` (as :func:`read_column` gives it, exponent included)."""
        if i in self.big:
            return self.big[i]
        return _to_decimal(int(self.mantissa[i]), int(self.scale[i]), bool(self.negative[i]))

    def decimals(self) -> dict[int, Decimal]:
        """Every value read, by position: the ``values`` of :func:`read_column`."""
        return {int(i): self.decimal(int(i)) for i in np.flatnonzero(self.ok)}


def _to_decimal(m: int, k: int, negative: bool) -> Decimal:
    return Decimal((1 if negative else 0, tuple(int(ch) for ch in str(abs(m))), -k))


def _from_decimal(v: Decimal) -> tuple[int, int, bool] | None:
    """(mantissa, scale, negative) of a finite Decimal, or None when the mantissa does not fit in int64."""
    sign, digits, exp = v.as_tuple()
    m = int("".join(map(str, digits)) or "0")
    if m >= 2**62:
        return None
    return (-m if sign else m), -int(exp), bool(sign)


def _scan(texts: list[str]):
    """Decide the readings of texts on their bytes, a row of a byte matrix per text.

    Returns ``fast`` (decided here), ``ok`` {vi, en}, the digits as int64 ``m`` (with the sign),
    ``k`` {vi, en} (decimal places of each reading) and ``negative``. A text is decided here only
    when, once spaces are removed (as :func:`readings` removes them), it is ASCII, at most 32
    characters, with at most 18 digits and no other character than digits, ``.``, ``,`` and a sign.
    Both writings then follow Babel's strict rule, restated: without a group symbol, any Python
    Decimal of digits and one decimal symbol; with one, an optional ``-``, a first group of 1-3 digits
    not starting with 0, groups of exactly three digits, then optionally the decimal symbol and at
    least one digit. ``tests/test_numbers.py`` checks it against Babel on every short text.
    """
    n = len(texts)
    fast = np.ones(n, dtype=bool)
    joined = "".join(texts)
    if " " in joined:  # spaces are removed wherever they are (1 234,5)
        texts = [t.replace(" ", "") for t in texts]
    if not joined.isascii() or "\x00" in joined:
        odd = np.fromiter((not t.isascii() or "\x00" in t for t in texts), dtype=bool, count=n)
        fast &= ~odd
        texts = [("" if o else t) for t, o in zip(texts, odd, strict=True)]
    enc = np.array(texts, dtype="S") if n else np.zeros(0, dtype="S1")  # ASCII now: one byte per character
    if enc.dtype.itemsize > _FAST_WIDTH:
        long = np.strings.str_len(enc) > _FAST_WIDTH
        fast &= ~long
        enc = np.where(long, b"", enc).astype(f"S{_FAST_WIDTH}")
    width = max(enc.dtype.itemsize, 1)
    mat = enc.view(np.uint8).reshape(n, width) if n else np.zeros((0, width), dtype=np.uint8)
    return _scan_bytes(np.ascontiguousarray(mat.T), np.strings.str_len(enc).astype(np.int16), fast)


def _scan_bytes(rows, length, fast):
    """:func:`_scan` on a byte matrix in column order: ``rows[j]`` holds byte ``j`` of every text (zero past its
    ``length``); ``fast`` says which texts may be decided so far.

    A text with any byte other than a digit, ``.``, ``,`` or a sign (a space, a byte of a non-ASCII
    character) is left undecided (``fast`` False): the per-cell reader reads it. Each step works on one
    byte position of every text at once (a few passes over the column, no per-text loop). Decimal places
    (``k``) are given for the readings that hold (elsewhere they mean nothing).
    """
    width, n = rows.shape
    length = np.asarray(length, dtype=np.int16)
    m = np.zeros(n, dtype=np.int64)
    step = np.empty(n, dtype=np.int64)
    ndig = np.zeros(n, dtype=np.int16)
    n_allowed = np.zeros(n, dtype=np.int16)
    n_sign = np.zeros(n, dtype=np.int16)
    # "." and ",": how many, and where (the last one: only a text with at most one decimal symbol is read)
    count = {46: np.zeros(n, dtype=np.int16), 44: np.zeros(n, dtype=np.int16)}
    where = {46: np.full(n, width, dtype=np.int16), 44: np.full(n, width, dtype=np.int16)}
    for j in range(width):
        b = rows[j]
        value = b - np.uint8(48)  # uint8 arithmetic wraps: only "0".."9" land in 0..9
        digit = value <= 9
        sign = (b == 43) | (b == 45)
        allowed = digit | sign
        for sym in (46, 44):
            at = b == sym
            allowed |= at
            count[sym] += at
            np.copyto(where[sym], j, where=at)
        n_allowed += allowed  # bytes past the end are zero: never allowed
        if j:
            n_sign += sign
        ndig += digit
        np.multiply(m, 10, out=step)
        step += value
        np.copyto(m, step, where=digit)
    fast &= n_allowed >= length
    sign_later = n_sign > 0
    fast &= ndig <= _FAST_DIGITS
    b0 = rows[0] if width else np.zeros(n, dtype=np.uint8)
    has_plus, negative = b0 == 43, b0 == 45
    has_sign = has_plus | negative
    start = has_sign.astype(np.int16)
    first_byte = np.where(has_sign, rows[min(1, width - 1)], b0) if width else b0
    m = np.where(negative, -m, m)
    has_digits = ndig > 0
    ok, k = {}, {}
    for w, g, d in ((VI, 46, 44), (EN, 44, 46)):
        n_g, n_d = count[g], count[d]
        end_int = np.where(n_d >= 1, where[d], length)
        frac = np.where(n_d >= 1, length - 1 - end_int, 0)  # the digits after the decimal symbol, where ok
        plain = (n_g == 0) & (n_d <= 1) & has_digits & ~sign_later
        grouped = (n_g > 0) & (n_d <= 1) & ~sign_later & ~has_plus & (first_byte != 48)
        if grouped.any():
            # in the integer part, a group symbol exactly where (end - column) is a multiple of 4, digits elsewhere;
            # after the decimal symbol, digits only
            for j in range(width):
                b = rows[j]
                digit = (b - np.uint8(48)) <= 9
                in_int = (j >= start) & (j < end_int)
                wrong = np.where(((end_int - j) & 3) == 0, b != g, ~digit)
                grouped &= ~(in_int & wrong) & ~((j > end_int) & (j < length) & ~digit)
            grouped &= (((end_int - start) & 3) != 0) & ((n_d == 0) | (frac >= 1))
        ok[w] = plain | grouped
        k[w] = frac.astype(np.int64)
    return fast, ok, m, k, negative


def _float_of(m, k, negative):
    """The float64 nearest to m x 10^-k (IEEE division of exact operands rounds once: |m| < 2^53, |k| <= 22)."""
    with np.errstate(over="ignore", invalid="ignore"):
        ks = np.clip(k, -22, 22)
        p = _FPOW10[np.abs(ks)]
        x = np.where(ks >= 0, m / p, m * p)
    x = np.where((m == 0) & negative, -0.0, x)
    slow = (np.abs(m) >= 2**53) | (np.abs(k) > 22)
    for i in np.flatnonzero(slow):
        x[i] = float(_to_decimal(int(m[i]), int(k[i]), bool(negative[i])))
    return x


def _digit_count(m, k):
    """Significant digits of m x 10^-k as :func:`_digits` counts them (trailing zeros dropped; 1 for zero).

    Only a mantissa of 16 digits or more can have more than 15 significant digits: the others are
    counted as 15 or fewer without looking at them (they are never reported).
    """
    a = np.abs(m)
    out = np.minimum(np.searchsorted(_POW10, a, side="right"), MAX_DIGITS).astype(np.int64)
    out[a == 0] = 1
    long = np.flatnonzero(a >= _POW10[MAX_DIGITS])
    for i in long:  # strip trailing zeros, then count
        v = int(a[i])
        while v % 10 == 0:
            v //= 10
        out[i] = len(str(v))
    return out


def _too_large(m, k, max_abs) -> Any:
    """|m x 10^-k| >= max_abs, exactly (max_abs a whole number)."""
    a = np.abs(m)
    out = np.zeros(len(m), dtype=bool)
    limit = int(max_abs)
    for kk in np.unique(k):
        sel = k == kk
        kk = int(kk)
        bound = limit * 10**kk if kk >= 0 else -(-limit // 10 ** (-kk))  # |v| >= limit  <=>  |m| >= bound
        if bound < 2**63:
            out[sel] = a[sel] >= bound
    return out


#: _WORD_MASKS[k]: the low k bytes of a uint64 word (k = 0..8).
_WORD_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


class Utf8Cells:
    """Text cells held as slices of one UTF-8 buffer (the bytes of a CSV file): cell ``i`` is
    ``data[start[i]:end[i]]``. :func:`read_cells` reads them on their bytes, without a Python ``str`` per cell;
    indexing gives the cell as text (for messages).

    >>> cells = Utf8Cells.of(["1.500", "2.000", "1.234,5"])
    >>> len(cells), cells[2], read_cells(cells).writing
    (3, '1.234,5', 'vi')
    """

    #: cells longer than this (in bytes) are told apart as decoded text by :meth:`factorize`
    WIDE = 64

    def __init__(self, data: bytes, start: np.ndarray, end: np.ndarray):
        self.data, self.start, self.end = data, start, end
        self._bytes = np.frombuffer(data, dtype=np.uint8)
        self._length: np.ndarray | None = None

    @classmethod
    def of(cls, texts: Sequence[str]) -> Utf8Cells:
        """Cells holding ``texts`` (tests, examples)."""
        encoded = [t.encode("utf-8") for t in texts]
        end = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        return cls(b"".join(encoded), end - np.array([len(b) for b in encoded], dtype=np.int64), end)

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, i: int) -> str:
        return self.data[int(self.start[i]) : int(self.end[i])].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def take(self, positions: np.ndarray) -> Utf8Cells:
        """The cells at ``positions``, in that order."""
        cells = Utf8Cells(self.data, self.start[positions], self.end[positions])
        if self._length is not None:
            cells._length = self._length[positions]
        return cells

    def lengths(self) -> np.ndarray:
        """The length of each cell in bytes."""
        if self._length is None:
            self._length = self.end - self.start  # int32 for a file below 2 GB
        return self._length

    def factorize(self) -> tuple[np.ndarray, list[str]]:
        """(code of each cell, the distinct texts): code -1 for an empty cell, as ``pandas.factorize`` gives
        missing values. Cells are told apart by their bytes (hashed, every hash checked byte for byte)."""
        import pandas as pd

        length = self.lengths()
        filled = np.flatnonzero(length > 0)
        codes = np.full(len(self), -1, dtype=np.int64)
        if not len(filled):
            return codes, []
        cells = self if len(filled) == len(self) else self.take(filled)  # a required column: every cell filled
        width = int(length[filled].max())
        if width > self.WIDE:  # long texts (notes): decoded, factorised as text
            sub, uniq = pd.factorize(np.array(list(cells), dtype=object))
            codes[filled] = sub
            return codes, list(uniq)
        words = cells.words(-(-width // 8))
        sub_length = length[filled]
        if width <= 7:  # the bytes and the length themselves as the key: exact
            sub, first = _factorize_keys(_short_key(words[0], sub_length))
        else:
            key = sub_length.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            for word in words:
                key ^= word
                key *= np.uint64(0xBF58476D1CE4E5B9)
            sub, first = _factorize_keys(key)
            rep = first[sub]
            same = np.array_equal(sub_length, sub_length[rep]) and all(np.array_equal(w, w[rep]) for w in words)
            if not same:  # a hash collision: compared as text
                sub, uniq = pd.factorize(np.array(list(cells), dtype=object))
                codes[filled] = sub
                return codes, list(uniq)
        codes[filled] = sub
        return codes, cells.take(first).texts()

    def texts(self) -> list[str]:
        """Every cell as text, decoded at once (a cell holds no line break: a CSV line is a row)."""
        length = self.lengths()
        if not len(length) or not int(length.max()):
            return [""] * len(length)
        # the bytes of every cell one after another, each followed by a line feed
        offsets = np.cumsum(length + 1, dtype=np.int64) - (length + 1)
        index = np.repeat(self.start - offsets, length + 1) + np.arange(int(offsets[-1] + length[-1] + 1))
        joined = np.take(self._bytes, index, mode="clip")  # the line feeds' places are overwritten below
        joined[offsets + length] = 10
        parts = joined.tobytes().decode("utf-8").split("\n")
        return parts[:-1] if len(parts) == len(length) + 1 else list(self)  # a cell with a line break: one by one

    def words(self, count: int) -> list[np.ndarray]:
        """The first ``8 count`` bytes of each cell as ``count`` little-endian uint64 words, zero past the cell's
        end: word ``w`` holds bytes ``8w .. 8w+7``. Read through an unaligned uint64 view of the buffer (one
        gather per word); the few cells too near the buffer's end for a whole word are read byte by byte."""
        size, n = len(self._bytes), len(self)
        length = self.lengths()
        view = np.ndarray((max(size - 7, 0),), dtype="<u8", buffer=self._bytes, strides=(1,)) if size >= 8 else None
        out = []
        for w in range(count):
            # fancy indexing (np.take is slow on an unaligned view); a window past the end is clipped, then redone
            word = view[np.minimum(self.start + 8 * w, size - 8)] if view is not None else np.zeros(n, np.uint64)
            word &= _WORD_MASKS[np.minimum(length, 8) if w == 0 else np.minimum(np.maximum(length - 8 * w, 0), 8)]
            out.append(word)
        for i in np.flatnonzero(self.start + 8 * count > size):  # a window past the buffer: these few by hand
            tail = self.data[int(self.start[i]) : int(self.end[i])].ljust(8 * count, b"\0")
            for w in range(count):
                out[w][i] = int.from_bytes(tail[8 * w : 8 * w + 8], "little")
        return out

    def byte_rows(self, width: int) -> np.ndarray:
        """The bytes of the cells in column order: row ``j`` holds byte ``j`` of every cell (zero past its end)."""
        out = np.empty((width, len(self)), dtype=np.uint8)
        for w, word in enumerate(self.words(-(-width // 8))):
            for j in range(8 * w, min(8 * w + 8, width)):
                np.bitwise_and(word >> np.uint64(8 * (j - 8 * w)), np.uint64(0xFF), out=out[j], casting="unsafe")
        return out


def read_cells(
    cells: Sequence[object] | np.ndarray | Utf8Cells,
    decimal: str | None = None,
    *,
    max_abs: Decimal | int | None = None,
) -> ArrayReading:
    """:func:`read_column` on a whole column at once: the same values and the same problems, in the same order.

    ``cells`` is a sequence (a list or an object array) of non-blank cells, or :class:`Utf8Cells` (text
    cells as slices of a file's bytes: no Python object per cell); the results are keyed by
    position. Text cells are read on their bytes (vectorised, see :func:`_scan`); a text the fast
    path cannot decide, and every number cell, goes through the per-cell reader (:func:`readings`,
    :func:`exact`). Values are exact (an int64 mantissa and a power of ten), never parsed through a
    binary float; ``floats`` is their nearest float64, for a typed table.

    >>> r = read_cells(["1.500", "2.000", "1.234,5", "x"])
    >>> r.writing, [str(v) for v in r.decimals().values()], [p[0] for p in r.problems]
    ('vi', ['1500', '2000', '1234.5'], [3])
    >>> read_cells(["12.5", "7"]).floats.tolist()
    [12.5, 7.0]
    """
    declared = writing_of(decimal)
    arr: Any
    if isinstance(cells, Utf8Cells):
        arr = cells
    else:
        arr = np.asarray(cells, dtype=object) if not isinstance(cells, np.ndarray) else cells.astype(object, copy=False)
    n = len(arr)
    if max_abs is not None and Decimal(max_abs) != Decimal(max_abs).to_integral_value():
        return _from_column(arr, decimal, max_abs)
    import pandas as pd

    if isinstance(arr, Utf8Cells) or (n and pd.api.types.infer_dtype(arr, skipna=False) == "string"):
        is_text = np.ones(n, dtype=bool)
    else:
        is_text = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=n)
    text_pos = np.flatnonzero(is_text)
    tx = _utf8_readings(arr) if isinstance(arr, Utf8Cells) else _text_readings(arr[text_pos])
    if tx is None:  # a mantissa beyond int64 (a text of more than 18 digits that Decimal keeps whole): rare
        return _from_column(arr, decimal, max_abs)
    if len(text_pos) == n:
        clean = _read_clean(tx, declared, max_abs, n)
        if clean is not None:
            return clean
    out = ArrayReading(
        np.zeros(n, bool), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool), np.full(n, np.nan)
    )
    # 1. text cells that are no number in either writing, and number cells, in cell order
    first: list[tuple[int, str, str, str]] = []
    nread = tx.nread[tx.inv]
    for p in text_pos[nread == 0]:
        first.append((int(p), tr("numbers.not_a_number", value=arr[p]), _accepted(declared), "not_a_number"))
    number_values = _number_cells(arr, np.flatnonzero(~is_text), out, first)
    first.sort(key=lambda t: t[0])
    out.problems += first
    # 2. the writing of the column, 3. the text cells read in it
    tp, tu = text_pos[nread > 0], tx.inv[nread > 0]
    writing, tp, tu = _column_writing(arr, declared, tx, tp, tu, out.problems)
    out.writing = writing
    good_p, good_u, use_vi = _text_values(arr, declared, writing, tx, tp, tu, out.problems)
    _place(out, tx, good_p, good_u, use_vi)
    # 4. size and precision, in the order read_column checks them (number cells first, then text cells)
    order = np.concatenate((np.asarray(number_values, dtype=np.int64), good_p.astype(np.int64)))
    _limits(out, order, max_abs)
    if out.ok.all() and not out.big:  # every cell read (the common case): no selection to make
        out.floats = _float_of(out.mantissa, out.scale, out.negative)
        return out
    sel = out.ok.copy()
    for p, v in out.big.items():
        sel[p] = False
        out.floats[p] = float(v)
    out.floats[sel] = _float_of(out.mantissa[sel], out.scale[sel], out.negative[sel])
    return out


def _read_clean(tx: _Texts, declared: str | None, max_abs, n: int) -> ArrayReading | None:
    """The common case at once: every cell a text read in one writing, none ambiguous, none too precise or too
    large. Values are chosen per distinct text, then spread to the cells. None when any cell has a problem: the
    general path of :func:`read_cells` then reports every problem in :func:`read_column`'s order."""
    ok_vi, ok_en = tx.ok
    if (tx.nread == 0).any():
        return None
    writing = declared
    if writing is None:
        only_vi, only_en = bool((ok_vi & ~ok_en).any()), bool((ok_en & ~ok_vi).any())
        if only_vi and only_en:
            return None
        writing = VI if only_vi else EN if only_en else None
    if writing is None:
        if ((tx.nread == 2) & ~tx.same).any():
            return None
        use_vi = ok_vi  # one reading, or two of the same value: the Vietnamese one when it exists
    elif not tx.ok[0 if writing == VI else 1].all():
        return None
    else:
        use_vi = np.full(len(ok_vi), writing == VI)
    m, k, neg = (np.where(use_vi, vi, en) for vi, en in (tx.m, tx.k, tx.neg))
    top = int(np.abs(m).max(initial=0))  # _limits' common case: fewer than 16 digits, every size below max_abs
    if top >= _POW10[MAX_DIGITS] or (max_abs is not None and (top >= int(max_abs) or int(k.min(initial=0)) < 0)):
        return None
    floats = (
        np.concatenate(
            [
                _float_of(m[i : i + _BLOCK_CELLS], k[i : i + _BLOCK_CELLS], neg[i : i + _BLOCK_CELLS])
                for i in range(0, len(m), _BLOCK_CELLS)
            ]
        )
        if len(m)
        else np.zeros(0)
    )
    if len(m) != n:  # texts read once each (a column of few distinct texts): spread to the cells
        m, k, neg, floats = m[tx.inv], k[tx.inv], neg[tx.inv], floats[tx.inv]
    return ArrayReading(np.ones(n, dtype=bool), m, k, neg.astype(bool), floats, [], writing)


def _place(out: ArrayReading, tx: _Texts, good_p, good_u, use_vi) -> None:
    """The readings chosen for the text cells ``good_p`` (distinct text ``good_u``) placed in ``out``."""
    whole = len(good_p) == len(out.ok)  # every cell is a text read: positions 0..n-1 in order
    one = use_vi.all() or not use_vi.any()
    for attr, pair in (("mantissa", tx.m), ("scale", tx.k), ("negative", tx.neg)):
        if whole and one:
            values = pair[0 if use_vi[:1].all() and len(use_vi) else 1]
            setattr(out, attr, values[good_u].astype(getattr(out, attr).dtype, copy=False))
        else:
            getattr(out, attr)[good_p] = np.where(use_vi, pair[0][good_u], pair[1][good_u])
    out.ok[good_p] = True


@dataclass
class _Texts:
    """Readings of distinct texts, per writing (vi, en): ok, mantissa, scale, negative; ``inv``: cell -> text."""

    inv: Any
    ok: tuple[Any, Any]
    m: tuple[Any, Any]
    k: tuple[Any, Any]
    neg: tuple[Any, Any]
    same: Any
    nread: Any


def _text_readings(texts) -> _Texts | None:
    import pandas as pd

    # a column of few distinct texts (years, scale drivers) is scanned once per distinct text; judged on a sample
    sample = texts[:: max(1, len(texts) // 1000)]
    if len(texts) > 2000 and len(set(sample.tolist())) < len(sample) // 4:
        inv, uniq = pd.factorize(texts)
        uniq = uniq.tolist()
    else:
        uniq, inv = texts.tolist(), np.arange(len(texts), dtype=np.int64)
    return _readings_of(uniq.__getitem__, inv, _scan(uniq))


def _utf8_readings(cells: Utf8Cells) -> _Texts | None:
    """:func:`_text_readings` of cells held as UTF-8 bytes: scanned on the bytes, a ``str`` only for the rare
    cell the scan leaves to the per-cell reader (and for the problems)."""
    length = cells.lengths()
    n = len(length)
    width = int(min(length.max(initial=1), _FAST_WIDTH)) or 1
    fast = length <= _FAST_WIDTH
    if n > 2000 and width <= 7:  # a few distinct short texts (years, scale drivers): each scanned once
        key = _short_key(cells.words(1)[0], length)
        sample = key[:: max(1, n // 1000)]
        if len(np.unique(sample)) < len(sample) // 4:
            codes, first = _factorize_keys(key)
            if len(first) < n // 4:
                scanned = _scan_bytes(cells.take(first).byte_rows(width), length[first], fast[first])
                return _readings_of(lambda i: cells[int(first[i])], codes, scanned)
    return _readings_of(cells.__getitem__, np.arange(n, dtype=np.int64), _scan_cells(cells, width, length, fast))


#: Cells scanned at once: a block's arrays stay in the processor's cache (a column of 10 million cells scanned
#: whole is memory-bound and three times slower per cell).
_BLOCK_CELLS = 2**17


def _scan_cells(cells: Utf8Cells, width: int, length, fast):
    """:func:`_scan_bytes` of every cell, block by block; the blocks' answers put end to end."""
    n = len(cells)
    if n <= _BLOCK_CELLS:
        return _scan_bytes(cells.byte_rows(width), length, fast)
    parts = []
    for i in range(0, n, _BLOCK_CELLS):
        j = min(i + _BLOCK_CELLS, n)
        block = Utf8Cells(cells.data, cells.start[i:j], cells.end[i:j])
        parts.append(_scan_bytes(block.byte_rows(width), length[i:j], fast[i:j]))
    ok = {w: np.concatenate([p[1][w] for p in parts]) for w in (VI, EN)}
    k = {w: np.concatenate([p[3][w] for p in parts]) for w in (VI, EN)}
    return (
        np.concatenate([p[0] for p in parts]),
        ok,
        np.concatenate([p[2] for p in parts]),
        k,
        np.concatenate([p[4] for p in parts]),
    )


def _short_key(word, length):
    """One uint64 per text of at most 7 bytes (its first word, :meth:`Utf8Cells.words`) and its length in the
    top byte: equal keys are equal texts."""
    return word | (length.astype(np.uint64) << np.uint64(56))


def _factorize_keys(key):
    """(code of each key, position of the first key of each code), codes in order of first appearance."""
    import pandas as pd

    codes, _ = pd.factorize(key)
    # codes count up in order of first appearance: a code appears first where the running maximum grows
    run = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[:1] = True
    np.greater(run[1:], run[:-1], out=new[1:])
    return codes.astype(np.int64, copy=False), np.flatnonzero(new)


def _readings_of(text: Callable[[int], str], inv, scanned) -> _Texts | None:
    """The readings of the distinct texts from their scan, the texts the scan left read by :func:`readings`."""
    fast, okd, um, uk, uneg = scanned
    slow = np.flatnonzero(~fast)
    if len(slow):  # arrays per writing, changed below for the texts the scan left
        ok = (okd[VI].copy(), okd[EN].copy())
        m, k, neg = (um.copy(), um.copy()), (uk[VI].copy(), uk[EN].copy()), (uneg.copy(), uneg.copy())
    else:
        ok, m, k, neg = (okd[VI], okd[EN]), (um, um), (uk[VI], uk[EN]), (uneg, uneg)
    same = ok[0] & ok[1] & ((k[0] == k[1]) | (m[0] == 0))  # the same digits: the same value in both writings
    for i in slow:
        found = dict(readings(text(int(i)).strip()))
        same[i] = len(found) == 2 and len(set(found.values())) == 1
        for j, w in enumerate((VI, EN)):
            ok[j][i] = w in found
            if w in found:
                rep = _from_decimal(found[w])
                if rep is None:
                    return None
                m[j][i], k[j][i], neg[j][i] = rep
    return _Texts(inv, ok, m, k, neg, same, ok[0].astype(np.int8) + ok[1].astype(np.int8))


def _number_cells(arr, positions, out: ArrayReading, problems: list) -> list[int]:
    """Cells that are numbers already, each through :func:`exact`; returns the positions read."""
    read: list[int] = []
    for p in positions:
        try:
            v = exact(arr[p])
        except NumberError as exc:
            problems.append((int(p), exc.message, exc.accepted, exc.code))
            continue
        rep = _from_decimal(v)
        if rep is None:
            out.big[int(p)] = v
        else:
            out.mantissa[p], out.scale[p], out.negative[p] = rep
        out.ok[p] = True
        read.append(int(p))
    return read


def _column_writing(arr, declared, tx: _Texts, tp, tu, problems: list):
    """The writing of the column (declared, or the only one its cells allow); cells of the other are problems."""
    if declared is not None:
        return declared, tp, tu
    only_vi = tp[tx.ok[0][tu] & ~tx.ok[1][tu]]
    only_en = tp[tx.ok[1][tu] & ~tx.ok[0][tu]]
    if not (len(only_vi) and len(only_en)):
        return (VI if len(only_vi) else EN if len(only_en) else None), tp, tu
    few, many = (VI, EN) if len(only_vi) <= len(only_en) else (EN, VI)
    few_pos, many_pos = (only_vi, only_en) if few == VI else (only_en, only_vi)
    example = arr[many_pos[0]].strip()
    for p in few_pos:
        problems.append(
            (
                int(p),
                tr(
                    "numbers.mixed_writings",
                    text=arr[p].strip(),
                    writing=writing_name(few),
                    example=example,
                    writing2=writing_name(many),
                ),
                _accepted(many),
                "mixed_writing",
            )
        )
    keep = ~np.isin(tp, few_pos)
    return many, tp[keep], tu[keep]


def _text_values(arr, declared, writing, tx: _Texts, tp, tu, problems: list):
    """The text cells read in the column's writing: (positions, text index, Vietnamese reading?) and problems."""
    if writing is None:
        two = (tx.nread[tu] == 2) & ~tx.same[tu]
        for p, u in zip(tp[two], tu[two], strict=True):
            found = {
                w: _to_decimal(int(tx.m[j][u]), int(tx.k[j][u]), bool(tx.neg[j][u])) for j, w in enumerate((VI, EN))
            }
            problems.append(
                (
                    int(p),
                    _ambiguous(arr[p].strip(), found),
                    tr("numbers.declare_separator"),
                    "ambiguous_number",
                )
            )
        # one reading, or two of the same value: the Vietnamese one when it exists (equal to the other)
        return tp[~two], tu[~two], tx.ok[0][tu[~two]]
    has = tx.ok[0 if writing == VI else 1][tu]
    why = tr("numbers.declared") if declared else tr("numbers.of_this_column")
    for p in tp[~has]:
        problems.append(
            (
                int(p),
                tr("numbers.not_in_writing", text=arr[p].strip(), writing=writing_name(writing), why=why),
                _accepted(writing),
                "not_a_number",
            )
        )
    return tp[has], tu[has], np.full(int(has.sum()), writing == VI)


def _limits(out: ArrayReading, order, max_abs) -> None:
    """More than 15 significant digits, or a size of ``max_abs`` or more: a problem, and the value is dropped."""
    small = np.array([p not in out.big for p in order], dtype=bool) if out.big else np.ones(len(order), dtype=bool)
    so = order[small]
    n = len(out.ok)
    digits = np.zeros(n, dtype=np.int64)
    large = np.zeros(n, dtype=bool)
    top = int(np.abs(out.mantissa[so]).max(initial=0))
    # the common case at once: fewer than 16 digits, and (no negative scale) every size below max_abs
    clean = top < _POW10[MAX_DIGITS] and (
        max_abs is None or (top < int(max_abs) and int(out.scale[so].min(initial=0)) >= 0)
    )
    if not clean:
        digits[so] = _digit_count(out.mantissa[so], out.scale[so])
        if max_abs is not None:
            large[so] = _too_large(out.mantissa[so], out.scale[so], int(max_abs))
    if clean and small.all():
        return  # nothing beyond 15 digits or max_abs, and no value kept as a Decimal
    flagged = (digits > MAX_DIGITS) | large
    for p in order[flagged[order] | ~small]:
        p = int(p)
        v = out.big.pop(p, None)
        if v is None:
            v = out.decimal(p)
            precise, too_large = digits[p] > MAX_DIGITS, bool(large[p])
        else:
            precise = _digits(v) > MAX_DIGITS
            too_large = max_abs is not None and abs(v) >= Decimal(max_abs)
            if not (precise or too_large):
                out.big[p] = v
                continue
        out.problems.append(_precision_problem(v, p) if precise else _size_problem(v, p, max_abs))
        out.ok[p] = False


def _precision_problem(v: Decimal, key: Hashable) -> tuple[Any, str, str, str]:
    return (
        key,
        tr("numbers.too_many_digits", v=v, MAX_DIGITS=MAX_DIGITS),
        tr("numbers.at_most_digits", MAX_DIGITS=MAX_DIGITS),
        "too_precise",
    )


def _size_problem(v: Decimal, key: Hashable, max_abs: Decimal | int) -> tuple[Any, str, str, str]:
    return (
        key,
        tr("numbers.too_large", plain=_plain(v)),
        tr("numbers.below", plain=_plain(Decimal(max_abs))),
        "too_large",
    )


def _from_column(arr, decimal, max_abs) -> ArrayReading:
    """The per-cell reader's answer in the shape of :func:`read_cells` (cells beyond the fast path's int64)."""
    r = read_column(list(enumerate(arr)), decimal, max_abs=max_abs)
    n = len(arr)
    out = ArrayReading(
        np.zeros(n, bool), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool), np.full(n, np.nan)
    )
    out.problems, out.writing = list(r.problems), r.writing  # keys: positions
    for k, v in r.values.items():
        rep = _from_decimal(v)
        if rep is None:
            out.big[k] = v
        else:
            out.mantissa[k], out.scale[k], out.negative[k] = rep
        out.ok[k] = True
        out.floats[k] = float(v)
    return out


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
    "ArrayReading",
    "ColumnReading",
    "DECLARATIONS",
    "EN",
    "MAX_DIGITS",
    "NumberError",
    "VI",
    "exact",
    "is_number_cell",
    "read_cells",
    "read_column",
    "read_frame_numbers",
    "read_number",
    "readings",
    "Utf8Cells",
    "writing_of",
]
