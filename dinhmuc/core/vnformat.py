"""Định dạng tiếng Việt — Vietnamese number, money, date and amount-in-words formatting.

Pure Python (standard library only). Conventions follow the usage of Vietnamese
administrative documents (Nghị định 30/2020/NĐ-CP on văn thư) and of payment
documents (giấy rút dự toán, ủy nhiệm chi, hóa đơn):

* numbers: ``.`` groups thousands, ``,`` separates decimals (``1.234.567,5``);
* rounding is always HALF-UP ("làm tròn"), never banker's rounding;
* dates: ``ngày 05 tháng 9 năm 2026`` — a leading zero for days below 10 and for
  months 1 and 2 only (NĐ 30/2020, Phụ lục I, địa danh và thời gian ban hành);
* amounts in words: the formal accounting style, see :func:`amount_in_words`.
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from numbers import Integral

from .i18n import tr

__all__ = [
    "MAX_AMOUNT",
    "amount_in_words",
    "format_date",
    "format_date_short",
    "format_money",
    "format_number",
    "format_percent",
    "format_tick",
    "integer_in_words",
]

#: Largest absolute value accepted by :func:`integer_in_words` and
#: :func:`amount_in_words`: 999.999.999.999.999.999 (just under one
#: "tỷ tỷ", 10**18), far above any state-budget amount.
MAX_AMOUNT = 10**18 - 1

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


# --------------------------------------------------------------------------- numbers
def _to_decimal(value) -> Decimal:
    """Convert int / float / Decimal to an exact, finite Decimal (floats via ``str``)."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, Integral):
        d = Decimal(int(value))
    elif isinstance(value, float):
        # str() gives the shortest repr: 0.1 -> Decimal("0.1"), not 0.1000000000000000055...
        d = Decimal(str(value))
    else:
        raise TypeError(f"expected int, float or Decimal, got {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(tr("vnformat.not_finite", value=value))
    return d


def _group_thousands(digits: str) -> str:
    """'1234567' -> '1.234.567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_published(value) -> str:
    """Định dạng số công bố — a published value with exactly the digits it was written with.

    Never rounds and never strips a trailing zero: the precision a norm table
    publishes is part of the value (0,230 is not 0,23).

    >>> format_published(Decimal("0.230")), format_published(Decimal("1234.50")), format_published(12)
    ('0,230', '1.234,50', '12')
    """
    d = _to_decimal(value)
    if d.as_tuple().exponent > 0:
        d = d.quantize(Decimal(1))
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    return sign + _group_thousands(whole) + ("," + frac if frac else "")


def format_number(value, decimals: int | None = None, *, trim: bool = False) -> str:
    """Định dạng số — format a number in Vietnamese style ("." thousands, "," decimals).

    ``decimals=None`` prints the exact value with insignificant trailing zeros
    stripped (``Decimal("2.50")`` -> ``"2,5"``; integers keep their zeros).
    ``decimals=N`` rounds HALF-UP to N places and keeps trailing zeros;
    with ``trim=True`` it drops them (at most N decimals: a figure in a sentence).
    Floats are converted through ``str`` (so 0.1 stays 0.1). A result that
    rounds to zero never carries a minus sign.

    >>> format_number(1234567.5)
    '1.234.567,5'
    >>> format_number(1234.5, decimals=2)
    '1.234,50'
    >>> format_number(Decimal("2.50"))
    '2,5'
    >>> format_number(-1234)
    '-1.234'
    >>> format_number(1000000)
    '1.000.000'
    >>> format_number(2.675, 2)           # half-up, not banker's / binary float
    '2,68'
    >>> format_number(Decimal("0.125"), 2)
    '0,13'
    >>> format_number(-0.004, 2)
    '0,00'
    >>> format_number(1234.5, 0)
    '1.235'
    >>> format_number(Decimal("12.5049"), 2, trim=True), format_number(Decimal("12.5"), 2, trim=True)
    ('12,5', '12,5')
    >>> format_number(Decimal("1999.996"), 2, trim=True), format_number(-0.004, 2, trim=True)
    ('2.000', '0')
    """
    d = _to_decimal(value)
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + abs(d.as_tuple().exponent) + (decimals or 0) + 2)
        ctx.rounding = ROUND_HALF_UP
        if decimals is None:
            if d == d.to_integral_value():
                d = d.quantize(Decimal(1))
            else:
                d = d.normalize()
        else:
            if decimals < 0:
                raise ValueError(tr("vnformat.decimals"))
            d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""  # -0 and 0 both print without a sign
    text = format(abs(d), "f")
    int_part, _, frac_part = text.partition(".")
    if trim:
        frac_part = frac_part.rstrip("0")
    out = sign + _group_thousands(int_part)
    if frac_part:
        out += "," + frac_part
    return out


def format_money(value, suffix: bool = False) -> str:
    """Định dạng số tiền — whole đồng, rounded HALF-UP, "." thousands separator.

    >>> format_money(1050000)
    '1.050.000'
    >>> format_money(Decimal("1049999.5"))
    '1.050.000'
    >>> format_money(1050000, suffix=True)
    '1.050.000 đồng'
    >>> format_money(-2340000.4)
    '-2.340.000'
    """
    text = format_number(value, decimals=0)
    return f"{text} đồng" if suffix else text


def format_percent(value, decimals: int = 1) -> str:
    """Định dạng tỷ lệ phần trăm — a percentage in a sentence, at most ``decimals`` places: ``12,5 %``.

    Rounded HALF-UP, trailing zeros dropped, a space before the sign (as the appraisal papers write it).

    >>> format_percent(Decimal("12.45")), format_percent(15), format_percent(Decimal("-3.333"), 2)
    ('12,5 %', '15 %', '-3,33 %')
    """
    return f"{format_number(value, decimals, trim=True)} %"


def format_tick(value) -> str:
    """Nhãn trục biểu đồ — a chart tick or label value in Vietnamese style, with the decimals it needs.

    Floats from a plotting library are read at 10 significant digits, so binary
    noise (``0.30000000000000004``) disappears.

    >>> format_tick(6.5), format_tick(1000.0), format_tick(0.30000000000000004), format_tick(-2.0)
    ('6,5', '1.000', '0,3', '-2')
    """
    d = Decimal(f"{float(value):.10g}") if not isinstance(value, Decimal) else value
    return format_number(d)


# --------------------------------------------------------------------------- dates
def _as_date(d) -> _dt.date:
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    raise TypeError(f"expected datetime.date, got {type(d).__name__}")


def format_date(d, place: str | None = None) -> str:
    """Địa danh, ngày tháng năm — the date line of an administrative document.

    NĐ 30/2020/NĐ-CP, Phụ lục I (địa danh và thời gian): days below 10 and months 1 and 2
    take a leading zero ("ngày 05", "tháng 01", "tháng 02"); other months do
    not ("tháng 9", "tháng 12"). With ``place``: "<place>, ngày ...".

    >>> import datetime
    >>> format_date(datetime.date(2026, 9, 5))
    'ngày 05 tháng 9 năm 2026'
    >>> format_date(datetime.date(2026, 1, 1))
    'ngày 01 tháng 01 năm 2026'
    >>> format_date(datetime.date(2026, 2, 15), place="Kon Tum")
    'Kon Tum, ngày 15 tháng 02 năm 2026'
    >>> format_date(datetime.date(2026, 12, 31))
    'ngày 31 tháng 12 năm 2026'
    """
    d = _as_date(d)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text


def format_date_short(d) -> str:
    """Ngày dạng số — ``dd/mm/yyyy`` with zero padding, for table cells.

    >>> import datetime
    >>> format_date_short(datetime.date(2026, 9, 5))
    '05/09/2026'
    """
    d = _as_date(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# --------------------------------------------------------------------------- words
def _three_digits(n: int, full: bool) -> str:
    """Read 0 < n < 1000.

    ``full=True`` (a higher group has already been read) always reads the
    hundreds digit, even "không trăm", and then "linh" before a lone unit.
    """
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            if words:
                words.append("linh")  # 105 "một trăm linh năm", 1.005 "... không trăm linh năm"
            words.append(_DIGITS[unit])
        return " ".join(words)
    if tens == 1:
        words.append("mười")  # 10 "mười", 15 "mười lăm", 11 "mười một", 14 "mười bốn"
    else:
        words += [_DIGITS[tens], "mươi"]  # 20 "hai mươi"
    if unit == 1 and tens >= 2:
        words.append("mốt")  # 21 "hai mươi mốt"
    elif unit == 4 and tens >= 2:
        words.append("tư")  # 24 "hai mươi tư"
    elif unit == 5:
        words.append("lăm")  # 15 "mười lăm", 25 "hai mươi lăm"
    elif unit:
        words.append(_DIGITS[unit])
    return " ".join(words)


_SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))


def _read(n: int, full: bool) -> str:
    """Read 0 < n; recursive on tỷ so that 10**12 is "một nghìn tỷ"."""
    for size, name in _SCALES:
        if n >= size:
            high, low = divmod(n, size)
            text = f"{_read(high, full)} {name}"
            if low:
                # zero groups in between are skipped; the next non-zero group is read in full
                text += " " + _read(low, True)
            return text
    return _three_digits(n, full)


def _as_whole(value) -> int:
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, Integral):
        return int(value)
    d = _to_decimal(value)
    if d != d.to_integral_value():
        raise ValueError(tr("vnformat.whole_dong", value=value))
    return int(d)


def integer_in_words(n) -> str:
    """Đọc số nguyên — an integer in Vietnamese words, lowercase, no currency.

    Same conventions as :func:`amount_in_words`; accepts ints and integral
    Decimals/floats with ``abs(n) <= MAX_AMOUNT``.

    >>> integer_in_words(0)
    'không'
    >>> integer_in_words(21)
    'hai mươi mốt'
    >>> integer_in_words(1005)
    'một nghìn không trăm linh năm'
    >>> integer_in_words(-15)
    'âm mười lăm'
    """
    n = _as_whole(n)
    if abs(n) > MAX_AMOUNT:
        raise ValueError(tr("vnformat.out_of_range", n=n, MAX_AMOUNT=MAX_AMOUNT))
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + _read(-n, False)
    return _read(n, False)


def amount_in_words(amount, currency: str | None = "đồng") -> str:
    """Số tiền bằng chữ — an amount in words, formal accounting style.

    Conventions (as printed on payment documents by banks/accounting software):

    * only the first letter is capitalised; the currency word ends the text
      (``currency=None`` omits it);
    * tens: 10 "mười", 20 "hai mươi"; after a non-zero tens digit the unit 5
      reads "lăm" (15, 25), the unit 1 reads "mốt" only from 21 on (11 "mười
      một"), and the unit 4 reads "tư" only from 24 on (14 "mười bốn") — "tư"
      is the usual written form in amounts, "bốn" stays after "linh" and
      "mười";
    * a zero tens digit before a non-zero unit reads "linh" (105 "một trăm linh
      năm");
    * groups: nghìn, triệu, tỷ, then "nghìn tỷ", "triệu tỷ" (the part above
      tỷ is read as a number of tỷ);
    * whole groups of zeros are skipped; the next non-zero group below a higher
      group is read with all three digits ("không trăm", "linh"):
      1.000.001 -> "Một triệu không trăm linh một đồng";
    * 0 -> "Không đồng"; negatives start with "Âm";
    * only whole đồng: a fractional amount raises ValueError; so does an
      amount beyond ``MAX_AMOUNT`` (999.999.999.999.999.999).

    >>> amount_in_words(1050000)
    'Một triệu không trăm năm mươi nghìn đồng'
    >>> amount_in_words(1005)
    'Một nghìn không trăm linh năm đồng'
    >>> amount_in_words(1000001)
    'Một triệu không trăm linh một đồng'
    >>> amount_in_words(10**12)
    'Một nghìn tỷ đồng'
    >>> amount_in_words(0)
    'Không đồng'
    >>> amount_in_words(-24, currency=None)
    'Âm hai mươi tư'
    >>> amount_in_words(Decimal("8275000000"))
    'Tám tỷ hai trăm bảy mươi lăm triệu đồng'
    >>> amount_in_words(Decimal("1.5"))
    Traceback (most recent call last):
    ...
    ValueError: số tiền phải là số đồng nguyên, nhận được Decimal('1.5')
    """
    words = integer_in_words(amount)
    if currency:
        words = f"{words} {currency}"
    return words[0].upper() + words[1:]
