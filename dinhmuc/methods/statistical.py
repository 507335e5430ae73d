"""Statistical aggregation (phương pháp thống kê tổng hợp, TT 47/2018/TT-BCT Art. 6).

From settlement records of past projects, line by line (each catalogue line of
each service on its own):

1. **Years, per line.** A line's records must cover the N consecutive years
   before the year the norm is built (N = ``norm_rules.statistical_years``, 3);
   its rows of other years are set aside with their reason. A line whose
   records miss a year is an ``InputError`` (code ``years_insufficient``) unless
   ``years_override_reason`` gives a reason (for every line, or per line id);
   the reason is then recorded on that line. The provenance and the calculation
   name the years each line's values actually come from.
2. **Zero records.** A record of 0 is not an observation of consumption (the
   project did not use the line): it is set aside with that reason. A line whose
   records are all 0 is an error unless the line is declared in ``zero_lines``.
3. **Per unit.** Each record is brought to one unit of the norm at its reference
   scale: value = quantity x Π (reference / actual) over the drivers the line
   scales with (e.g. 58 công x 60/45 ngày).
4. **Outliers.** A declared rule (IQR with the declared quartile rule, the 20 %
   spread rule, or none) screens the values; excluded rows keep their reason.
5. **Statistics.** n, mean, median, progressive average (trung bình tiên
   tiến), min, max, spread (max - min)/min and coefficient of variation; a
   warning when n is below ``norm_rules.min_observations`` (5) or the spread
   above ``norm_rules.max_spread_pct`` (20 %).

Every figure that decides or makes a published value — per-unit values, quartiles,
fences, the spread test, means, the progressive average — is an exact
:class:`~fractions.Fraction` computed from the exact Decimals of the evidence
(:mod:`dinhmuc.core.numbers`): scaling the data scales the result exactly, row
order changes nothing, and a value on a fence or on the 20 % limit is decided by
exact comparison. Only the standard deviation and the CV (reported, never
published as a norm) take a square root, to 28 digits. The code is plain loops
and sorts, written to be checked by hand rather than to be fast.

>>> from decimal import Decimal as D
>>> progressive_average([D(58), D(59), D(60), D(60), D(61), D(58), D(60), D(74)])
Fraction(416, 7)
>>> quartiles([1, 2, 3, 4, 5, 6, 7, 8])          # Excel QUARTILE.INC
(Fraction(11, 4), Fraction(25, 4))
>>> quartiles([1, 2, 3, 4, 5, 6, 7, 8], "inverted_cdf")
(Fraction(2, 1), Fraction(6, 1))
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import numpy as np

from ..core.errors import Location, Problem, raise_if
from ..core.i18n import tr
from ..core.numbers import exact
from ._common import Legal, LineResult, compress_rows, fit, fmt, line_specs
from .options import METHOD_SOURCES, StatisticalOptions

# ----------------------------------------------------------------------------
# exact helpers (also used in tests, docs and the workbook)
# ----------------------------------------------------------------------------


def frac(x: object) -> Fraction:
    """The exact fraction of a number (a float through its shortest repr, as the evidence reader keeps it).

    >>> frac(0.1), frac(Decimal("2.5")), frac(3)
    (Fraction(1, 10), Fraction(5, 2), Fraction(3, 1))
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Fraction(x)
    return Fraction(exact(x))


def to_decimal(x: Fraction) -> Decimal:
    """A fraction as a Decimal of at most 12 significant digits (HALF-UP), for statistics and texts.

    >>> to_decimal(Fraction(1, 3)), to_decimal(Fraction(67, 20))
    (Decimal('0.333333333333'), Decimal('3.35'))
    """
    with localcontext() as ctx:
        ctx.prec = 40
        return fit(Decimal(x.numerator) / Decimal(x.denominator))


def round_fraction(x: Fraction, places: int) -> Decimal:
    """Round an exact value HALF-UP to ``places`` decimals, with no intermediate rounding.

    >>> round_fraction(Fraction(475497, 100000), 2), round_fraction(Fraction(-5, 2), 0)
    (Decimal('4.75'), Decimal('-3'))
    """
    scaled = abs(x) * 10**places
    q, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r >= scaled.denominator:
        q += 1
    d = Decimal(q).scaleb(-places) * (1 if x >= 0 else -1)
    from ..norm import canonical_decimal

    return canonical_decimal(d)


def show(x: Fraction, decimals: int = 4, exact_up_to: int = 6) -> str:
    """A value for a calculation text: exact when it has at most ``exact_up_to`` decimals, else "≈" and rounded.

    >>> show(Fraction(59, 1)), show(Fraction(356, 6)), show(Fraction(475497, 100000))
    ('59', '≈ 59,3333', '4,75497')
    """
    scaled = x * 10**exact_up_to
    if scaled.denominator == 1:
        return fmt(Decimal(scaled.numerator).scaleb(-exact_up_to))
    return "≈ " + fmt(round_fraction(x, decimals))


def show_full(x: Fraction) -> str:
    """A value with up to 12 significant digits, "≈" when that is not exact (the unrounded norm value)."""
    d = to_decimal(x)
    return fmt(d) if Fraction(d) == x else "≈ " + fmt(d)


#: Quartile rules (quy tắc tính tứ phân vị): name -> description for the provenance.
QUARTILE_RULES = {
    "inc": "QUARTILE.INC của Excel (nội suy tuyến tính, vị trí (n-1)p; Hyndman-Fan loại 7)",
    "exc": (
        "QUARTILE.EXC của Excel (nội suy tuyến tính, vị trí (n+1)p; Hyndman-Fan loại 6; ngoài mẫu lấy giá trị đầu/cuối)"
    ),
    "inverted_cdf": (
        "hàm phân phối thực nghiệm nghịch đảo (giá trị nhỏ nhất có ít nhất p giá trị ≤ nó; Hyndman-Fan loại 1)"
    ),
}


def quantile(sorted_values: list[Fraction], p: Fraction, rule: str = "inc") -> Fraction:
    """The p-quantile of sorted exact values by ``rule`` (see :data:`QUARTILE_RULES`).

    >>> quantile([Fraction(v) for v in (1, 2, 3, 4)], Fraction(1, 4))
    Fraction(7, 4)
    """
    v = sorted_values
    n = len(v)
    if n == 0:
        raise ValueError(tr("statistical.no_values"))
    if rule == "inverted_cdf":
        return v[max(math.ceil(n * p) - 1, 0)]
    h = (n - 1) * p if rule == "inc" else (n + 1) * p - 1
    if rule not in ("inc", "exc"):
        raise ValueError(tr("statistical.unknown_quartile", rule=rule))
    if h <= 0:
        return v[0]
    if h >= n - 1:
        return v[-1]
    j = math.floor(h)
    return v[j] + (h - j) * (v[j + 1] - v[j])


def quartiles(values, rule: str = "inc") -> tuple[Fraction, Fraction]:
    """Q1 and Q3 of ``values`` (any order), exact, by ``rule`` (default Excel's QUARTILE.INC).

    >>> quartiles([3, 1, 2, 4])
    (Fraction(7, 4), Fraction(13, 4))
    """
    v = sorted(frac(x) for x in values)
    return quantile(v, Fraction(1, 4), rule), quantile(v, Fraction(3, 4), rule)


def median(sorted_values: list[Fraction]) -> Fraction:
    n = len(sorted_values)
    return (sorted_values[(n - 1) // 2] + sorted_values[n // 2]) / 2


def progressive_average(values, direction: str = "consumption", variant: str = "below_mean") -> Fraction:
    """Trung bình tiên tiến of a list of numbers, exact.

    For consumption (lower is better) the mean of the values at or below the
    mean; for output (higher is better) of those at or above it. Variant
    ``average_with_mean`` returns the average of that and the mean.

    >>> from decimal import Decimal as D
    >>> progressive_average([D(10), D(12), D(14)]), progressive_average([D(10), D(12), D(14)], "output")
    (Fraction(11, 1), Fraction(13, 1))
    >>> progressive_average([D(10), D(12), D(14)], variant="average_with_mean")
    Fraction(23, 2)
    """
    vals = [frac(v) for v in values]
    if not vals:
        raise ValueError(tr("statistical.no_values"))
    mean = sum(vals, Fraction(0)) / len(vals)
    side = [v for v in vals if (v <= mean if direction == "consumption" else v >= mean)]
    prog = sum(side, Fraction(0)) / len(side)
    if variant == "average_with_mean":
        prog = (prog + mean) / 2
    return prog


def spread_pct(values) -> Fraction | None:
    """(max - min)/min x 100, exact; None when min is 0 and max is not.

    >>> spread_pct([50, 55, 60])
    Fraction(20, 1)
    """
    vals = [frac(v) for v in values]
    lo, hi = min(vals), max(vals)
    if lo == 0:
        return Fraction(0) if hi == 0 else None
    return (hi - lo) / lo * 100


def spread_group(sorted_values: list, max_pct: Fraction) -> tuple[int, int]:
    """The largest run ``[i, j]`` of sorted positive values with (v[j] - v[i])/v[i] <= max_pct %.

    Ties go to the run whose centre is nearest the median, then to the lower run. The values may
    be Fractions or integers (values scaled to a common denominator); comparisons are exact.

    >>> spread_group([Fraction(v) for v in (1, 2, 4, 8)], Fraction(20))
    (1, 1)
    """
    v = sorted_values
    n = len(v)
    limit = 1 + Fraction(max_pct) / 100
    num, den = limit.numerator, limit.denominator
    twice_median = v[(n - 1) // 2] + v[n // 2]
    best: tuple[tuple[int, Fraction | int, int], int, int] | None = None
    j = 0
    for i in range(n):
        j = max(j, i)
        while j + 1 < n and v[j + 1] * den <= v[i] * num:  # v[j+1] <= v[i] x (1 + max_pct/100)
            j += 1
        key = (-(j - i + 1), abs(v[i] + v[j] - twice_median), i)
        if best is None or key < best[0]:
            best = (key, i, j)
    assert best is not None  # n >= 1: the first value starts a group
    return best[1], best[2]


def _sqrt(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return (Decimal(x.numerator) / Decimal(x.denominator)).sqrt()


# ----------------------------------------------------------------------------
# the screen and the statistics of one line
# ----------------------------------------------------------------------------


def screen(values: list[Fraction], opts: StatisticalOptions, spread_max: Fraction) -> dict[str, Any]:
    """Screen the per-unit values of one line and compute its statistics, exactly.

    The values are brought to one common denominator D (their least common multiple), so
    that every sort, sum and comparison runs on exact integers x_i = v_i x D; each result is
    turned back into a Fraction (x / D). Returns a dict with ``keep`` (a flag per value, in
    the given order), the bounds, quartiles and every statistic as Fractions, and ``note``
    (why a rule was not applied, or None).
    """
    D = math.lcm(*(v.denominator for v in values))
    xs = np.array([v.numerator * (D // v.denominator) for v in values] + [0], dtype=object)[:-1]
    return screen_scaled(xs, Fraction(D), opts, spread_max)


def _sorted(xs, key=None):
    """``xs`` (exact integers) in increasing order: by a float key when given, checked exactly, else by Python."""
    if key is not None and len(xs) > 1:
        srt = xs[np.argsort(key, kind="stable")]
        if bool(np.all(srt[:-1] <= srt[1:])):  # the float order is the exact order (checked pair by pair)
            return srt
    return np.array(sorted(xs) + [0], dtype=object)[:-1]


def screen_scaled(xs, D: Fraction, opts: StatisticalOptions, spread_max: Fraction, key=None) -> dict[str, Any]:
    """:func:`screen` of the values x_i / D given as exact integers ``xs`` (an object array) and a positive D.

    ``key`` (optional) is a float approximation of the values, used only to order them; the
    order is then checked exactly. Every comparison, sum and statistic is exact integer or
    Fraction arithmetic, as in :func:`screen`.
    """
    n_all = len(xs)
    # small integers (int64 below 2^31, the common case): numpy's own exact integer arithmetic; every product
    # and sum below stays under 2^62. Larger values (big common denominators) are Python integers.
    small = xs.dtype == np.int64 and (not n_all or int(np.abs(xs).max()) < 2**31)
    srt = np.sort(xs) if small else _sorted(xs, key)
    vals: Any = srt.tolist() if small else srt  # Python integers for the Fraction arithmetic of the quantiles
    out: dict[str, Any] = {"note": None, "q1": None, "q3": None, "lo": None, "hi": None}
    lo: Fraction | int | None = None  # bounds in units of 1/D
    hi: Fraction | int = 0
    if opts.outlier_rule == "iqr":
        q1 = quantile(vals, Fraction(1, 4), opts.quartile_rule)
        q3 = quantile(vals, Fraction(3, 4), opts.quartile_rule)
        iqr = q3 - q1
        out.update(q1=Fraction(q1) / D, q3=Fraction(q3) / D)
        step = Fraction(1, 10**opts.rounding_decimals)
        if iqr < step * D:
            # Ties (5, 5, 5, 5, 5.5) give an IQR below one unit of the published value: Tukey's fences would
            # sit on the tied value and drop 5.5, a normal spread. The fences fall back to the spread limit
            # around the quartiles, so a value is screened only when it lies beyond max_spread_pct of them
            # (100 x 6 and 10 000: 10 000 is still screened).
            limit = 1 + spread_max / 100
            lo, hi = q1 / limit, q3 * limit
            out["note"] = (
                f"IQR = {show(Fraction(iqr) / D)} nhỏ hơn bước làm tròn "
                f"{fmt(Decimal(1).scaleb(-opts.rounding_decimals))} (các giá trị trùng nhau): thay hàng "
                f"rào IQR bằng giới hạn độ dao động {fmt(to_decimal(spread_max))} % quanh tứ phân vị, "
                f"giữ giá trị trong [Q1/{fmt(to_decimal(limit))}; Q3 × {fmt(to_decimal(limit))}] = "
                f"[{show(Fraction(lo) / D)}; {show(Fraction(hi) / D)}]; loại "
                "{n_out} giá trị"
            )
        else:
            k = frac(opts.iqr_k)
            lo, hi = q1 - k * iqr, q3 + k * iqr
    elif opts.outlier_rule == "spread20":
        i, j = spread_group(vals, spread_max)
        lo, hi = vals[i], vals[j]
    if lo is not None:
        out["lo"], out["hi"] = Fraction(lo) / D, Fraction(hi) / D
        lo_i, hi_i = math.ceil(lo), math.floor(hi)  # an integer x is within [lo, hi] iff within [ceil, floor]
        if small:  # bounds beyond the values' range change nothing; within int64 they compare exactly
            lo_i, hi_i = max(lo_i, -(2**62)), min(hi_i, 2**62)
        keep = np.asarray((xs >= lo_i) & (xs <= hi_i), dtype=bool) if n_all else np.zeros(0, bool)
        kept = srt[np.asarray((srt >= lo_i) & (srt <= hi_i), dtype=bool)]
        if n_all and not len(kept):
            # Only the ties fallback can get here (values far below one rounding step, e.g. 0,001 and 0,004
            # at two decimals: both outside [Q1/1,2; Q3 x 1,2]). Screening that leaves no observation has
            # no basis in TT 47 Art. 6: nothing is screened, and the note says why.
            out["note"] = (out["note"] or "").replace("; loại {n_out} giá trị", "") + (
                ": không giá trị nào nằm trong giới hạn này nên không loại giá trị nào"
            )
            out["lo"] = out["hi"] = None
            keep, kept = np.ones(n_all, dtype=bool), srt
    else:
        keep = np.ones(n_all, dtype=bool)
        kept = srt
    m = len(kept)
    total = int(kept.sum())
    mean = Fraction(total) / (m * D)
    if opts.direction == "consumption":  # x <= mean  <=>  x m <= total
        side = keep & np.asarray(xs * m <= total, dtype=bool)
    else:
        side = keep & np.asarray(xs * m >= total, dtype=bool)
    side_sum = int(xs[side].sum())
    n_side = int(side.sum())
    below = Fraction(side_sum) / (n_side * D)
    prog = (below + mean) / 2 if opts.progressive_variant == "average_with_mean" else below
    if m <= 1:
        var = Fraction(0)
    elif small:  # sum((x m - total)^2) = m^2 sum(x^2) - m total^2: the same fraction, from exact sums
        var = Fraction(m * _sum_of_squares(kept) - total * total, m * (m - 1)) / (D * D)
    else:
        var = Fraction(int(((kept * m - total) ** 2).sum()), m * m * (m - 1)) / (D * D)
    vmin, vmax = int(kept[0]), int(kept[-1])
    spread = Fraction(vmax - vmin, vmin) * 100 if vmin else (Fraction(0) if vmax == 0 else None)
    out.update(
        keep=keep,
        side=side,
        n=m,
        n_total=n_all,
        sum=Fraction(total) / D,
        mean=mean,
        below=below,
        n_side=n_side,
        sum_side=Fraction(side_sum) / D,
        progressive=prog,
        median=Fraction(int(kept[(m - 1) // 2]) + int(kept[m // 2])) / (2 * D),
        min=Fraction(vmin) / D,
        max=Fraction(vmax) / D,
        var=var,
        spread=spread,
    )
    return out


def _sum_of_squares(x) -> int:
    """The exact sum of x_i^2 of int64 values below 2^31 in size: each split as a 2^16 + b (b < 2^16), so that
    every partial sum (of a^2, a b, b^2) stays within int64.

    >>> _sum_of_squares(np.array([3, -4, 2**30], dtype=np.int64)) == 9 + 16 + 2**60
    True
    """
    a, b = x >> 16, x & 0xFFFF
    return (int((a * a).sum()) << 32) + (int((a * b).sum()) << 17) + int((b * b).sum())


def _exact_ints(x) -> tuple[Any, int] | None:
    """Exact integers and one power of ten of floats read from decimals: x_i = ints_i / 10^k, exactly as
    :func:`frac` reads each float (its shortest repr). None when a value needs more than 15 significant
    digits or the integers would not fit in int64 (the caller then takes :func:`frac` value by value).

    The float m / 10^k (|m| < 2^53, k <= 15) is correctly rounded, so ``m / 10^k == x`` says the decimal
    m x 10^-k reads back as x; with at most 15 significant digits only one such m exists per k, and the
    smallest k gives the shortest repr.
    """
    x = np.asarray(x, dtype=np.float64)
    if not len(x):
        return np.zeros(0, dtype=np.int64), 0
    if not np.isfinite(x).all():
        return None
    ks = np.full(len(x), -1, dtype=np.int64)
    ms = np.zeros(len(x), dtype=np.int64)
    todo = np.ones(len(x), dtype=bool)
    for k in range(16):
        xi = x[todo]
        scaled = np.rint(xi * 10.0**k)
        fits = np.abs(scaled) < 1e15
        hit = fits & (np.where(fits, scaled, 0) / 10.0**k == xi)
        idx = np.flatnonzero(todo)[hit]
        ks[idx], ms[idx] = k, scaled[hit].astype(np.int64)
        todo[idx] = False
        if not todo.any():
            break
    if todo.any():
        return None
    K = int(ks.max())
    if np.abs(ms).max() * 10.0 ** (K - int(ks.min())) >= 2.0**62:
        return None
    return ms * (10 ** (K - ks)), K


class _LazyValues:
    """The per-unit values x_i / D as Fractions, made when read (texts list only a few of a large line)."""

    def __init__(self, xs, D: Fraction):
        self.xs, self.D = xs, D

    def __len__(self) -> int:
        return len(self.xs)

    def __getitem__(self, i) -> Fraction:
        return Fraction(int(self.xs[i])) / self.D

    def __iter__(self):
        return (Fraction(int(x)) / self.D for x in self.xs)


def _unit_values(q, drivers: list[tuple[Fraction, Any]]):
    """Exact per-unit values q_i x Π(ref_d / a_d,i) as integers xs and one positive D (value_i = xs_i / D),
    with a float key that orders them; None when the floats cannot be read as scaled integers."""
    qs = _exact_ints(q)
    if qs is None:
        return None
    Q, kq = qs
    P = np.ones(len(Q), dtype=np.int64)
    D = Fraction(10**kq)
    for ref, a in drivers:
        rd = _exact_ints(a)
        if rd is None or (len(a) and float(np.abs(P).max()) * float(np.abs(rd[0]).max()) >= 2.0**62):
            return None
        P = P * rd[0]
        D = D / (ref * 10 ** rd[1])
    if not drivers:
        return _int64_or_python(Q), D, Q.astype(np.float64)
    uniq, inv = np.unique(P, return_inverse=True)
    if not len(uniq) or (uniq <= 0).any():
        return None
    L = math.lcm(*(int(u) for u in uniq))
    mult = np.array([L // int(u) for u in uniq] + [0], dtype=object)[:-1]
    top = max(int(np.abs(Q).max(initial=0)), 1) * max(mult.max(initial=1), 1)
    if top < 2**31:  # every Q_i x L / P_i fits: int64 (screen_scaled's exact numpy path)
        xs = Q * mult.astype(np.int64)[inv]
    else:
        xs = Q.astype(object) * mult[inv]
    return xs, D * L, Q.astype(np.float64) / P.astype(np.float64)


def _int64_or_python(Q):
    """``Q`` as int64 when its values are below 2^31 (screen_scaled's numpy path), else as Python integers."""
    return Q if int(np.abs(Q).max(initial=0)) < 2**31 else Q.astype(object)


# ----------------------------------------------------------------------------
# building the lines of one or more services
# ----------------------------------------------------------------------------


def _override(opts: StatisticalOptions, code: str, lid: str) -> str | None:
    """The declared reason to build line ``code/lid`` from records that miss a year, if any."""
    r = opts.years_override_reason
    if r is None or isinstance(r, str):
        return r
    return r.get(f"{code}/{lid}") or r.get(lid) or r.get(code) or r.get("*")


def build_lines(ev, specs, opts: StatisticalOptions, legal: Legal) -> dict[str, tuple[list[LineResult], list[str]]]:
    """Norm lines of each service in ``specs`` from settlement evidence ``ev``."""
    f = ev.frame
    N = int(legal.get("norm_rules.statistical_years"))
    spread_max = frac(legal.number("norm_rules.max_spread_pct"))
    min_obs = int(legal.get("norm_rules.min_observations"))
    Y = opts.as_of.year
    want = list(range(Y - N, Y))
    groups = f.groupby(["service", "line"], sort=False, observed=True).indices if len(f) else {}
    out: dict[str, tuple[list[LineResult], list[str]]] = {spec.code: ([], []) for spec in specs}
    problems: list[Problem] = []
    years_all = f["year"].to_numpy() if len(f) else np.zeros(0, dtype=np.int64)
    todo: list[tuple[Any, dict[str, Any]]] = []
    for spec in specs:
        for line in line_specs(spec):
            lid = line["id"]
            if opts.lines is not None and lid not in opts.lines:
                continue
            if line["kind"] == "indirect" and opts.indirect_labour_pct is not None:
                out[spec.code][1].append(
                    f"{spec.code}/{lid}: lao động gián tiếp được tính bằng tỷ lệ % lao động "
                    f"trực tiếp (indirect_labour_pct = {opts.indirect_labour_pct})"
                )
                continue
            todo.append((spec, line))

    def one(item):
        spec, line = item
        own: list[Problem] = []
        pos = np.sort(groups.get((spec.code, line["id"]), np.zeros(0, dtype=np.int64)))
        return _line(ev, spec, line, pos, years_all, opts, legal, N, Y, want, spread_max, min_obs, own), own

    if len(f) >= _THREADED_ROWS and len(todo) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(one, todo))
    else:
        results = [one(item) for item in todo]
    for (spec, _line_spec), (res, own) in zip(todo, results, strict=True):
        problems += own
        if res is None:
            continue
        if isinstance(res, str):
            out[spec.code][1].append(res)
            continue
        out[spec.code][0].append(res)
        out[spec.code][1].extend(res.warnings)
    raise_if(problems, ev.where)
    return out


#: From this many records on, the lines are built on two threads (numpy's sorts and sums release the interpreter).
_THREADED_ROWS = 200_000


def _screened_values(q, scale_by, opts, spread_max):
    """A line's exact per-unit values (quantity x reference/actual for each driver) and their screen.

    The scaled-integer path (:func:`_unit_values`) is used when every value fits; otherwise one
    Fraction per row. Both give the same values and statistics (tests/test_methods_exact.py)."""
    scaled = _unit_values(q, scale_by)
    if scaled is None:  # a value beyond the scaled-integer path: one Fraction per row
        values = []
        for i, qv in enumerate(q):
            v = frac(qv)
            for ref, col in scale_by:
                v = v * ref / frac(col[i])
            values.append(v)
        return values, screen(values, opts, spread_max)
    xs, D, key = scaled
    return _LazyValues(xs, D), screen_scaled(xs, D, opts, spread_max, key)


def _rule_text(opts, st, spread_max_text: str) -> str:
    """Why a screened value was left out, as the exclusion list prints it ("" when nothing was screened)."""
    if st["lo"] is None:
        return ""
    if opts.outlier_rule == "iqr":
        return f"ngoài khoảng IQR [{show(st['lo'])}; {show(st['hi'])}]"
    return f"ngoài nhóm có độ dao động ≤ {spread_max_text} % [{show(st['lo'])}; {show(st['hi'])}]"


def _line_warnings(code, lid, n, min_obs, sp, spread_max, sp_text, spread_max_text, override, N, years_text):
    """A line's warnings: too few values, too wide a spread, fewer years than the rule asks (with the reason)."""
    warnings = []
    if n < min_obs:
        warnings.append(tr("statistical.few_values", code=code, lid=lid, n=n, min_obs=min_obs))
    if sp is None or sp > spread_max:
        warnings.append(tr("statistical.spread", code=code, lid=lid, sp_text=sp_text, spread_max_text=spread_max_text))
    if override:
        warnings.append(
            tr("statistical.years_short", code=code, lid=lid, N=N, years_text=years_text, override=override)
        )
    return warnings


def _row_steps(f, upos, values, keep, years_all, scale_by) -> list[str]:
    """One calculation line per row used: ``#12 (2024, DA-01): 58 × 30/29 = 60`` (``(loại)`` when screened)."""
    index, q_col, projects = f.index.to_numpy(), f["quantity"].to_numpy(), f["project"]
    steps = []
    for p, v, k in zip(upos, values, keep, strict=True):
        parts = [fmt(exact(q_col[p]))] + [f"{fmt(ref)}/{fmt(exact(col[p]))}" for ref, col in scale_by]
        steps.append(
            f"   #{index[p]} ({years_all[p]}, {projects.iat[p]}): {' × '.join(parts)} = {show(v)}"
            + ("" if k else "  (loại)")
        )
    return steps


def _excluded_rows(ev, values, keep, upos, zero_pos, other_pos, other_years, opts, rule_text, key, lo_year, hi_year):
    """The rows left out of a line's statistics, each with its reason (screened values, zero records, rows of
    other years), listed one by one up to ``opts.max_listed_rows`` and as a row range beyond; and the zero rows."""
    index = ev.frame.index.to_numpy()
    excluded: list[tuple[str, str]] = []
    out_at = np.flatnonzero(~keep)
    if len(out_at) and len(out_at) <= opts.max_listed_rows:
        excluded += [(ev.ref(int(index[upos[i]])), f"giá trị quy đổi {show(values[i])} {rule_text}") for i in out_at]
    elif len(out_at):
        excluded.append(
            (f"{ev.where}#{compress_rows(index[upos[out_at]].tolist())}", f"{len(out_at)} giá trị quy đổi {rule_text}")
        )
    zero_rows = index[zero_pos].tolist()
    zero_reason = "số lượng tiêu hao = 0: dự án không dùng dòng này, không phải một quan sát mức tiêu hao"
    if zero_rows and len(zero_rows) <= opts.max_listed_rows:
        excluded += [(ev.ref(r), zero_reason) for r in zero_rows]
    elif zero_rows:
        excluded.append((f"{ev.where}#{compress_rows(zero_rows)}", f"{len(zero_rows)} dòng: {zero_reason}"))
    n_other = len(other_pos)
    if n_other:
        reason = f"năm ngoài {hi_year - lo_year + 1} năm dùng để thống kê ({lo_year}-{hi_year})"
        if n_other <= opts.max_listed_rows:
            other = zip(index[other_pos].tolist(), other_years.tolist(), strict=True)
            excluded += [(ev.ref(r), f"năm {y}: {reason}") for r, y in other]
        else:
            excluded.append((f"{ev.where}: {n_other} dòng của {key}", reason))
    return excluded, zero_rows


def _screen_step(opts, st, n_total: int, spread_max_text: str) -> str:
    """Step 2 of a line's calculation: how values were screened (IQR, spread rule or none)."""
    n = st["n"]
    if opts.outlier_rule == "iqr":
        q1, q3 = st["q1"], st["q3"]
        head = (
            f"2. Loại giá trị bất thường theo IQR (k = {fmt(opts.iqr_k)}; tứ phân vị "
            f"{QUARTILE_RULES[opts.quartile_rule]}): Q1 = {show(q1)}, Q3 = {show(q3)}, IQR = {show(q3 - q1)}; "
        )
        return head + (
            st["note"].format(n_out=n_total - n) + "."
            if st["note"]
            else f"giữ giá trị trong [{show(st['lo'])}; {show(st['hi'])}]; loại {n_total - n} giá trị."
        )
    if opts.outlier_rule == "spread20":
        return (
            f"2. Loại giá trị theo quy tắc độ dao động ≤ {spread_max_text} %: giữ nhóm nhiều giá trị nhất "
            f"trong [{show(st['lo'])}; {show(st['hi'])}]; loại {n_total - n} giá trị."
        )
    return "2. Không loại giá trị bất thường (outlier_rule = none)."


def _average_steps(opts, st, values, keep, side, listed: bool) -> list[str]:
    """Steps 3 and 4 of a line's calculation: the mean and the progressive average, with the values when listed."""
    n, mean, n_side = st["n"], st["mean"], st["n_side"]
    better = "≤" if opts.direction == "consumption" else "≥"
    if listed:
        kept_vals = [v for v, k in zip(values, keep, strict=True) if k]
        sv = [v for v, s in zip(values, side, strict=True) if s]
        steps = [
            f"3. Trung bình = ({' + '.join(show(v) for v in kept_vals)})/{n} = {show(mean)}",
            f"4. Trung bình tiên tiến = trung bình của {n_side} giá trị {better} trung bình: "
            f"({' + '.join(show(v) for v in sv)})/{n_side} = {show(st['below'])}",
        ]
    else:
        steps = [
            f"3. Trung bình = Σ/n = {show(st['sum'])}/{n} = {show(mean)}",
            f"4. Trung bình tiên tiến = trung bình của {n_side} giá trị {better} trung bình: "
            f"{show(st['sum_side'])}/{n_side} = {show(st['below'])}",
        ]
    if opts.progressive_variant == "average_with_mean":
        steps.append(
            f"   Biến thể average_with_mean: ({show(st['below'])} + {show(mean)})/2 = {show(st['progressive'])}"
        )
    return steps


def _line(ev, spec, line, pos, years_all, opts, legal, N, Y, want, spread_max, min_obs, problems):
    """One line: the years rule, zero records, per-unit values, screen, statistics and the calculation text."""
    f = ev.frame
    code, lid = spec.code, line["id"]
    where = Location(ev.source, ev.sheet, None, "line", "Mã dòng")
    index = f.index.to_numpy()
    q_col = f["quantity"].to_numpy()
    years = years_all[pos]
    positive = q_col[pos] > 0
    in_window = (years >= Y - N) & (years <= Y - 1)
    found = [int(y) for y in np.unique(years[in_window & positive])]
    override = None
    lo_year, hi_year = Y - N, Y - 1
    all_zero = not found and bool((in_window & ~positive).any()) and not (positive & (years < Y)).any()
    if not set(want) <= set(found) and not all_zero:
        override = _override(opts, code, lid)
        have = [int(y) for y in np.unique(years[positive])]
        text = ", ".join(str(y) for y in have) or "không có"
        if override is None:
            if len(pos) == 0 and opts.drop_missing_lines:
                return f"{code}/{lid}: không có số liệu, dòng bị bỏ"
            if len(pos) == 0:
                problems.append(
                    Problem(
                        tr("statistical.no_record", code=code, lid=lid, line=line["name"]),
                        where,
                        "no_evidence",
                        tr("statistical.acc_record"),
                    )
                )
                return None
            problems.append(
                Problem(
                    tr(
                        "statistical.years_missing",
                        code=code,
                        lid=lid,
                        line=line["name"],
                        N=N,
                        want=want[0],
                        want2=want[-1],
                        Y=Y,
                        text=text,
                    ),
                    Location(ev.source, ev.sheet, None, "year", "Năm"),
                    "years_insufficient",
                    tr("statistical.acc_years", want=want[0], want2=want[-1], lid=lid),
                )
            )
            return None
        past = [y for y in have if y < Y]
        lo_year = min(past) if past else Y - N
        in_window = (years >= lo_year) & (years <= Y - 1)
    used = in_window & positive
    if not used.any():
        if line["id"] in opts.zero_lines and (in_window & ~positive).any():
            return _zero_line(ev, spec, line, pos[in_window], opts, lo_year, hi_year, override)
        if opts.drop_missing_lines:
            return f"{code}/{lid}: không có số liệu khác 0, dòng bị bỏ"
        n_zero = int((in_window & ~positive).sum())
        problems.append(
            Problem(
                tr("statistical.no_positive", code=code, lid=lid, line=line["name"], lo_year=lo_year, hi_year=hi_year)
                + (tr("statistical.zero_records", n_zero=n_zero) if n_zero else ""),
                where,
                "no_evidence" if not n_zero else "zero_norm",
                tr("statistical.acc_positive", lid=lid),
            )
        )
        return None
    # exact per-unit values of the rows used (file order)
    upos = pos[used]
    drivers = {d.code: d for d in spec.drivers}
    cols = {d: f[d].to_numpy() for d in line["scales_with"]}
    refs = {d: frac(drivers[d].reference) for d in line["scales_with"]}
    values, st = _screened_values(
        q_col[upos], [(refs[d], cols[d][upos]) for d in line["scales_with"]], opts, spread_max
    )
    spread_max_text = fmt(to_decimal(spread_max))
    keep, side = st["keep"], st["side"]
    n, n_total = st["n"], len(values)
    value = {"progressive_average": st["progressive"], "mean": st["mean"], "median": st["median"]}[opts.statistic]
    listed = n_total <= opts.max_listed_rows
    rule_text = _rule_text(opts, st, spread_max_text)
    # evidence and exclusions
    keep = np.asarray(keep, dtype=bool)
    evidence = (
        [ev.ref(int(r)) for r in index[upos[keep]]]
        if listed
        else [
            f"{ev.where}: {n} dòng có service = {code}, line = {lid}, năm {lo_year}-{hi_year}, số lượng > 0 "
            f"(trừ các dòng bị loại dưới đây)"
        ]
    )
    excluded, zero_rows = _excluded_rows(
        ev,
        values,
        keep,
        upos,
        pos[in_window & ~positive],
        pos[~in_window],
        years[~in_window],
        opts,
        rule_text,
        f"{code}/{lid}",
        lo_year,
        hi_year,
    )
    # the years the kept values come from
    kept_years = [int(y) for y in np.unique(years[used][keep])]
    consecutive = kept_years == list(range(kept_years[0], kept_years[-1] + 1))
    years_text = (
        f"{kept_years[0]}-{kept_years[-1]}"
        if consecutive and len(kept_years) > 1
        else ", ".join(str(y) for y in kept_years)
    )

    # calculation a reader can redo
    unit = line["unit"]
    steps = [
        f"{code}/{lid} — {line['name']} ({unit} / 01 {spec.unit})",
        f"Phương pháp thống kê tổng hợp (TT 47/2018/TT-BCT Điều 6): số liệu quyết toán của dòng năm {years_text}"
        f" ({ev.where})"
        + (
            f"; không đủ {N} năm liên tục {want[0]}-{want[-1]}, lý do: {override}"
            if override
            else f"; đủ {N} năm liên tục {want[0]}-{want[-1]}"
        )
        + ".",
    ]
    scale = " × ".join(f"{fmt(drivers[d].reference)}/{drivers[d].label} thực tế" for d in line["scales_with"])
    steps.append(
        "1. Quy đổi về 01 đơn vị định mức: giá trị = số lượng"
        + (f" × {scale}" if scale else " (dòng không tính theo quy mô)")
        + "."
    )
    if listed:
        steps += _row_steps(
            f, upos, values, keep, years_all, [(drivers[d].reference, cols[d]) for d in line["scales_with"]]
        )
    else:
        steps.append(f"   {n_total} hồ sơ; giá trị quy đổi từng dòng không liệt kê (quá {opts.max_listed_rows} dòng).")
    if zero_rows:
        steps.append(f"   Không dùng {len(zero_rows)} dòng có số lượng 0 (dự án không dùng dòng này).")
    steps.append(_screen_step(opts, st, n_total, spread_max_text))
    mean = st["mean"]
    steps += _average_steps(opts, st, values, keep, side, listed)
    sp = st["spread"]
    std = _sqrt(st["var"]) if n > 1 else Decimal(0)
    cv = fit(std / (Decimal(mean.numerator) / Decimal(mean.denominator)) * 100) if n > 1 else Decimal(0)
    std = fit(std)
    sp_text = show(sp, 2) + " %" if sp is not None else "không xác định"
    steps.append(
        f"5. Thống kê: n = {n}, trung vị = {show(st['median'])}, nhỏ nhất = {show(st['min'])}, "
        f"lớn nhất = {show(st['max'])}, độ dao động = {sp_text}, hệ số biến thiên = {fmt(cv, 2)} %."
    )
    name_vi = {"progressive_average": "trung bình tiên tiến", "mean": "trung bình", "median": "trung vị"}
    steps.append(f"6. Giá trị định mức (chưa làm tròn) = {name_vi[opts.statistic]} = {show_full(value)}")

    warnings = _line_warnings(
        f"{code}", lid, n, min_obs, sp, spread_max, sp_text, spread_max_text, override, N, years_text
    )
    statistics = {
        "n": n,
        "n_rows": n_total + len(zero_rows),
        "n_excluded": n_total - n,
        "n_zero": len(zero_rows),
        "mean": to_decimal(mean),
        "median": to_decimal(st["median"]),
        "progressive_average": to_decimal(st["progressive"]),
        "min": to_decimal(st["min"]),
        "max": to_decimal(st["max"]),
        "std": std,
        "cv_pct": cv,
        "years": years_text,
    }
    if sp is not None:
        statistics["spread_pct"] = to_decimal(sp)
    if opts.outlier_rule == "iqr":
        statistics.update(q1=to_decimal(st["q1"]), q3=to_decimal(st["q3"]))
    if st["lo"] is not None:
        statistics.update(lower_bound=to_decimal(st["lo"]), upper_bound=to_decimal(st["hi"]))
    parameters = {
        "statistic": opts.statistic,
        "outlier_rule": opts.outlier_rule,
        "direction": opts.direction,
        "progressive_variant": opts.progressive_variant,
        "progressive_variant.source": METHOD_SOURCES["progressive_variant"][opts.progressive_variant],
        "outlier_rule.source": METHOD_SOURCES["outlier_rule"][opts.outlier_rule],
        "years_used": years_text,
    }
    if opts.outlier_rule == "iqr":
        parameters["iqr_k"] = opts.iqr_k
        parameters["quartile_rule"] = opts.quartile_rule
        parameters["quartile_rule.source"] = METHOD_SOURCES["quartile_rule"][opts.quartile_rule]
    if override:
        parameters["years_override_reason"] = override
    observations = (
        [
            {"line": lid, "value": float(v), "year": int(y), "excluded": not k, "row": ev.ref(index[p])}
            for p, v, y, k in zip(upos, values, years[used], keep, strict=True)
        ]
        if listed
        else []
    )
    steps = [t.replace("= ≈ ", "≈ ") for t in steps]
    res = LineResult(line, to_decimal(value), evidence, excluded, statistics, parameters, steps, warnings, observations)
    res.exact = value
    res.stats_sheet = {
        "decimals": opts.rounding_decimals,
        "outlier_rule": opts.outlier_rule,
        "spread_max": spread_max,
        "quartile_rule": opts.quartile_rule,
        "iqr_k": opts.iqr_k,
        "lo": st["lo"],
        "hi": st["hi"],
        "direction": opts.direction,
        "statistic": opts.statistic,
        "progressive_variant": opts.progressive_variant,
        "rows": [
            (
                ev.ref(index[p]),
                int(years_all[p]),
                str(f["project"].iat[p]),
                exact(q_col[p]),
                [(drivers[d].label, exact(drivers[d].reference), exact(cols[d][p])) for d in line["scales_with"]],
            )
            for p in upos
        ]
        if listed
        else None,
    }
    return res


def _zero_line(ev, spec, line, zpos, opts, lo_year, hi_year, override):
    """A line declared in ``zero_lines`` whose records in the years used are all 0: a norm of 0, said so."""
    index = ev.frame.index.to_numpy()
    refs = [ev.ref(int(index[p])) for p in zpos]
    steps = [
        f"{spec.code}/{line['id']} — {line['name']} ({line['unit']} / 01 {spec.unit})",
        f"Mọi hồ sơ quyết toán của dòng năm {lo_year}-{hi_year} ghi số lượng 0; dòng được khai báo "
        "zero_lines (không tiêu hao): giá trị định mức = 0.",
    ]
    res = LineResult(
        line,
        Decimal(0),
        refs[: opts.max_listed_rows],
        [],
        {"n": 0, "n_zero": len(refs)},
        {"zero_lines": True, **({"years_override_reason": override} if override else {})},
        steps,
        [f"{spec.code}/{line['id']}: định mức 0 theo khai báo zero_lines"],
    )
    res.exact = Fraction(0)
    return res
