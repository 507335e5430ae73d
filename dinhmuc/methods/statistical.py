"""Statistical aggregation (phương pháp thống kê tổng hợp, TT 47/2018/TT-BCT Art. 6).

From settlement records of past projects:

1. **Years.** The records must cover the N consecutive years before the year the
   norm is built (N = ``norm_rules.statistical_years``, 3); rows of other years
   are kept aside with their reason. A gap or fewer years is an
   ``InputError`` (code ``years_insufficient``) unless
   ``years_override_reason`` is given; the reason is then recorded.
2. **Per unit.** Each record is brought to one unit of the norm at its reference
   scale: value = quantity x Π (reference / actual) over the drivers the line
   scales with (e.g. 58 công x 60/45 ngày).
3. **Outliers.** A declared rule (IQR, the 20 % spread rule, or none) screens
   the values; excluded rows keep their reason.
4. **Statistics.** n, mean, median, progressive average (trung bình tiên
   tiến), min, max, spread (max - min)/min and coefficient of variation; a
   warning when n is below ``norm_rules.min_observations`` (5) or the spread
   above ``norm_rules.max_spread_pct`` (20 %).

The heavy work is vectorised: one table look-up gives every row its line (or
marks it set aside by the years rule), one stable radix sort puts each line's
rows in a contiguous block in file order, and each block is normalised,
screened and summed with numpy while it sits in the cache. Quartiles and the
kept median are exact order statistics found by bracketing them with a sorted
subsample and partitioning only the values in the bracket. Aggregation runs in float64; the per-line figures
are turned into exact Decimals through 12 significant digits (see
:func:`dinhmuc.methods._common.dec`) — float64 error on a million values is far
below that, so row order cannot change a published value.

>>> from decimal import Decimal as D
>>> progressive_average([D(58), D(59), D(60), D(60), D(61), D(58), D(60), D(74)])
Decimal('59.4285714286')
>>> quartiles([1, 2, 3, 4, 5, 6, 7, 8])
(2.0, 6.0)
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np

from ..core.errors import Location, Problem, raise_if
from ._common import Legal, LineResult, compress_rows, dec, fit, fmt, line_specs
from .options import StatisticalOptions

#: Relative tolerance when comparing a value with a float mean (a value equal to the mean
#: must count as "at or below the mean" whatever the rounding of the float mean).
_TOL = 1e-12
#: Relative tolerance of the outlier screens (float noise of the per-unit conversion).
_SCREEN_TOL = 1e-9


# ----------------------------------------------------------------------------
# small exact helpers (also used in tests and docs)
# ----------------------------------------------------------------------------


def progressive_average(values, direction: str = "consumption", variant: str = "below_mean") -> Decimal:
    """Trung bình tiên tiến of a list of numbers (exact).

    For consumption (lower is better) the mean of the values at or below the
    mean; for output (higher is better) of those at or above it. Variant
    ``average_with_mean`` returns the average of that and the mean.

    >>> from decimal import Decimal as D
    >>> progressive_average([D(10), D(12), D(14)]), progressive_average([D(10), D(12), D(14)], "output")
    (Decimal('11'), Decimal('13'))
    >>> progressive_average([D(10), D(12), D(14)], variant="average_with_mean")
    Decimal('11.5')
    """
    vals = [Decimal(v) for v in values]
    if not vals:
        raise ValueError("no values")
    mean = sum(vals) / len(vals)
    side = [v for v in vals if (v <= mean if direction == "consumption" else v >= mean)]
    prog = sum(side) / len(side)
    if variant == "average_with_mean":
        prog = (prog + mean) / 2
    return fit(prog)


def quartiles(values) -> tuple[float, float]:
    """Q1 and Q3 by the inverted empirical distribution: the smallest value with at least 25 % / 75 % at or below.

    This definition (Hyndman-Fan type 1) does not move when the rows are
    reordered or every row is duplicated.

    >>> quartiles([3, 1, 2, 4])
    (1.0, 3.0)
    """
    v = np.sort(np.asarray(values, dtype="float64"))
    n = len(v)
    return float(v[max(math.ceil(n * 0.25) - 1, 0)]), float(v[max(math.ceil(n * 0.75) - 1, 0)])


def spread_pct(values) -> Decimal | None:
    """(max - min)/min x 100; None when min is 0 and max is not.

    >>> spread_pct([50, 55, 60])
    Decimal('20')
    """
    lo, hi = min(values), max(values)
    if lo == 0:
        return Decimal(0) if hi == 0 else None
    return dec((float(hi) - float(lo)) / float(lo) * 100)


# ----------------------------------------------------------------------------
# the vectorised core
# ----------------------------------------------------------------------------


def _order_stats(seg: np.ndarray, ka: int, kb: int, sample: np.ndarray | None) -> tuple[float, float]:
    """The order statistics ``ka`` <= ``kb`` (0-based) of ``seg``, exactly.

    ``sample`` (a sorted subsample of ``seg``) only brackets them: the values
    between two sample values that surround the ranks with a wide margin are
    picked out with one vectorised pass and partitioned; the values below the
    bracket are counted. When the counts show the ranks are not inside the
    bracket (rare), the whole block is partitioned instead. Either way the
    result is the exact order statistic.
    """
    n = len(seg)
    if sample is not None:
        m = len(sample)
        p = ka / n
        margin = int(4 * math.sqrt(m * max(p * (1 - p), 0.01))) + 2
        ia, ib = ka * m // n - margin, kb * m // n + margin
        if ia > 0:
            at_or_above = seg >= sample[ia]
            below = n - int(np.count_nonzero(at_or_above))
            cand = seg[at_or_above & (seg <= sample[ib])] if ib < m else seg[at_or_above]
        else:
            below = 0
            cand = seg[seg <= sample[ib]] if ib < m else seg
        if below <= ka and kb < below + len(cand):
            part = np.partition(cand, sorted({ka - below, kb - below}))
            return part[ka - below], part[kb - below]
    part = np.partition(seg, sorted({ka, kb}))
    return part[ka], part[kb]


#: Blocks at least this long get their order statistics by bracketing (see :func:`_order_stats`).
_BRACKET_MIN = 2048
_SAMPLE_STRIDE = 8


def _screen_block(seg: np.ndarray, rule: str, k: float, spread_max: float) -> tuple:
    """Q1, median, Q3 (inverted CDF), the kept interval, the keep mask and the kept median of one line."""
    n = len(seg)
    k1, k3 = max(math.ceil(n * 0.25) - 1, 0), max(math.ceil(n * 0.75) - 1, 0)
    if rule == "spread20":
        m0, m1 = (n - 1) // 2, n // 2
        srt = np.sort(seg)
        q1, q3, med = srt[k1], srt[k3], (srt[m0] + srt[m1]) / 2
        tops = np.searchsorted(srt, srt * (1 + spread_max / 100), side="right")
        sizes = tops - np.arange(n)
        cand = np.flatnonzero(sizes == sizes.max())
        centre = (srt[cand] + srt[tops[cand] - 1]) / 2
        i = cand[np.argmin(np.abs(centre - med))]
        lo, hi = srt[i], srt[tops[i] - 1]
        tol = _SCREEN_TOL * max(abs(float(lo)), abs(float(hi)), 1.0)
        mask = (seg >= lo - tol) & (seg <= hi + tol)
        kept = int(np.count_nonzero(mask))
        med_kept = med if kept == n else (float(np.median(seg[mask])) if kept else np.nan)
        return q1, med_kept, q3, lo, hi, mask
    sample = np.sort(seg[::_SAMPLE_STRIDE]) if n >= _BRACKET_MIN else None
    if sample is None:
        part = np.partition(seg, sorted({k1, k3}))
        q1, q3 = part[k1], part[k3]
    else:
        q1 = _order_stats(seg, k1, k1, sample)[0]
        q3 = _order_stats(seg, k3, k3, sample)[0]
    if rule == "iqr":
        lo, hi = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    else:
        lo, hi = -np.inf, np.inf
    # Per-unit values come from float division (22 x 30/22 = 30.000000000000004): compare with a
    # relative tolerance so a value equal to a bound is never screened out by rounding noise.
    tol = _SCREEN_TOL * max(abs(float(q1)), abs(float(q3)), 1.0)
    below, above = seg < lo - tol, seg > hi + tol
    a, c = int(np.count_nonzero(below)), int(np.count_nonzero(above))
    mask = ~(below | above) if a or c else np.ones(n, dtype=bool)
    m = n - a - c
    # the kept values are the order statistics a .. n-c-1 of the line: their median is at a + (m-1)//2, a + m//2
    p0, p1 = a + (m - 1) // 2, a + m // 2
    if sample is not None:
        v0, v1 = _order_stats(seg, p0, p1, sample)
        med_kept = (v0 + v1) / 2
    elif k1 <= p0 and p1 <= k3:
        # between Q1 and Q3 (positions k1..k3, already separated by the partition) except in tiny samples
        mid = np.partition(part[k1:k3 + 1], sorted({p0 - k1, p1 - k1}))
        med_kept = (mid[p0 - k1] + mid[p1 - k1]) / 2
    else:
        full = np.partition(part, sorted({p0, p1}))
        med_kept = (full[p0] + full[p1]) / 2
    return q1, med_kept, q3, lo, hi, mask


def _sum(x: np.ndarray) -> float:
    """The sum ``numpy.add.reduceat`` gives for one segment (first value + pairwise sum of the rest)."""
    return x[0] + np.add.reduce(x[1:], dtype=np.float64)


def aggregate(quantity: np.ndarray, code: np.ndarray, n_groups: int, opts: StatisticalOptions, spread_max: float,
              scales: list[list[tuple[np.ndarray, float]]], year_offset: np.ndarray | None = None,
              year_rows: np.ndarray | None = None) -> dict[str, Any]:
    """Normalise, screen and aggregate per line.

    ``code`` is, for each row, its line g (0 <= g < G, rows used), G + g (a row of
    line g set aside by the years rule) or 2G (not used); ``scales[g]`` the
    drivers of line g as (actual values by row, reference); ``year_offset`` the
    year of each row minus the first year (small ints) and ``year_rows[g]`` the
    rows of line g per year offset, for the years each line's kept values come
    from (the years of its rows less those of its excluded rows). Rows are put
    in that order by one stable radix sort, so each line's rows (and its
    set-aside rows) form a contiguous block in file order. Each block of a line (about 10,000 values for a
    million rows) is then normalised, screened and summed with numpy while it
    sits in the cache; sums are taken exactly as ``numpy.add.reduceat`` would
    take them (first value + pairwise sum of the rest).
    """
    G = n_groups
    n_codes = 2 * G + 1
    order = np.argsort(code, kind="stable")  # radix sort of small ints: O(rows)
    counts_all = np.bincount(code, minlength=n_codes)
    counts = counts_all[:G]
    starts = np.cumsum(counts_all) - counts_all
    used = int(starts[G]) if G else 0  # the rows of built lines, in window, come first
    vs = quantity[order[:used]]
    keep = np.zeros(used, dtype=bool)
    side = np.zeros(used, dtype=bool)
    q1, med, q3, lo, hi, mean, prog, total, sum_side, var, vmin, vmax = (np.full(G, np.nan) for _ in range(12))
    n, n_side = np.zeros(G), np.zeros(G)
    found_years: list[list[int]] = [[] for _ in range(G)]
    k = float(opts.iqr_k)
    consumption = opts.direction == "consumption"
    for gi in np.flatnonzero(counts):
        s, c = starts[gi], counts[gi]
        seg = vs[s:s + c]  # a view: normalised in place
        rows = order[s:s + c]
        for actual, ref in scales[gi]:
            seg *= ref / actual[rows]
        q1[gi], med[gi], q3[gi], lo[gi], hi[gi], mask = _screen_block(seg, opts.outlier_rule, k, spread_max)
        seg += 0.0  # no -0.0
        keep[s:s + c] = mask
        m = int(np.count_nonzero(mask))
        n[gi] = m
        if not m:
            continue
        kv = np.where(mask, seg, 0.0) if m < c else seg
        tot = _sum(kv)
        mu = tot / np.float64(m)
        total[gi], mean[gi] = tot, mu
        sd = (kv <= mu * (1 + _TOL)) if consumption else (kv >= mu * (1 - _TOL))
        if m < c:
            sd &= mask
        side[s:s + c] = sd
        ns = np.count_nonzero(sd)
        n_side[gi] = ns
        ss = _sum(seg * sd)  # = the values on the better side, 0 elsewhere (the values are finite)
        sum_side[gi] = ss
        with np.errstate(invalid="ignore", divide="ignore"):
            pr = ss / np.float64(ns)
            # mathematically on the better side of the mean; clamp float noise
            prog[gi] = min(pr, mu) if consumption else max(pr, mu)
            dev = seg - mu
            if m < c:
                dev *= mask
            dev *= dev
            var[gi] = _sum(dev) / np.float64(m - 1)
        # the smallest (largest) value is the smallest (largest) kept one when it is kept
        i = int(seg.argmin())
        vmin[gi] = seg[i] if mask[i] else np.where(mask, seg, np.inf).min()
        i = int(seg.argmax())
        vmax[gi] = seg[i] if mask[i] else np.where(mask, seg, -np.inf).max()
        if year_offset is not None:
            per_year = year_rows[gi]
            if m < c:
                per_year = per_year - np.bincount(year_offset[rows[~mask]], minlength=len(per_year))
            found_years[gi] = [int(i) for i in np.flatnonzero(per_year)]
    with np.errstate(invalid="ignore"):
        std = np.sqrt(var)
    return {"n_total": counts, "n": n, "mean": mean, "median": med, "progressive": prog, "n_side": n_side,
            "sum": total, "sum_side": sum_side, "min": vmin, "max": vmax, "std": std, "q1": q1, "q3": q3,
            "lo": lo, "hi": hi, "values": vs, "keep": keep, "side": side, "order": order, "starts": starts[:G],
            "year_starts": starts[G:2 * G], "year_counts": counts_all[G:2 * G], "years_found": found_years}


# ----------------------------------------------------------------------------
# building the lines of one or more services
# ----------------------------------------------------------------------------


def _year_window(ev, specs, opts: StatisticalOptions, legal: Legal, s_codes, years, svc_index, found=None):
    """Allowed years per service and the problems/warnings of the N-years rule.

    ``found`` may give the rows per (service, year) already counted, as (counts, first year, span).
    """
    N = int(legal.get("norm_rules.statistical_years"))
    Y = opts.as_of.year
    want = list(range(Y - N, Y))
    if found is not None:
        found_counts, ymin, span = found
    else:
        ymin = int(years.min()) if len(years) else Y
        span = max(int(years.max()) - ymin + 1, 1) if len(years) else 1
        found_counts = np.bincount(s_codes.astype(np.int64) * span + (years - ymin),
                                   minlength=(len(svc_index) + 1) * span) if len(years) else np.zeros(0)
    problems, warnings, windows = [], [], {}
    for spec in specs:
        si = svc_index.get(spec.code)
        found = [] if si is None else [ymin + i for i in np.flatnonzero(found_counts[si * span:(si + 1) * span])]
        if set(want) <= set(found):
            windows[spec.code] = (Y - N, Y - 1, None)
            continue
        text = ", ".join(str(y) for y in found) or "không có"
        if opts.years_override_reason:
            past = [y for y in found if y < Y]
            windows[spec.code] = (min(past) if past else Y - N, Y - 1, opts.years_override_reason)
            warnings.append(f"{spec.code}: số liệu không đủ {N} năm liên tục {want[0]}-{want[-1]} "
                            f"(có: {text}); vẫn xây dựng theo lý do: {opts.years_override_reason}")
        else:
            problems.append(Problem(
                f"service {spec.code}: settlements must cover the {N} consecutive years {want[0]}-{want[-1]} "
                f"before {Y} (TT 47/2018 Art. 6); years found: {text}",
                Location(ev.source, ev.sheet, None, "year", "Năm"), "years_insufficient",
                f"records of every year {want[0]}-{want[-1]}, or options years_override_reason='...'"))
    raise_if(problems, ev.where)
    return windows, warnings


def build_lines(ev, specs, opts: StatisticalOptions, legal: Legal) -> dict[str, tuple[list[LineResult], list[str]]]:
    """Norm lines of each service in ``specs`` from settlement evidence ``ev``."""
    f = ev.frame
    svc_cat = f["service"].cat
    line_cat = f["line"].cat
    svc_index = {c: i for i, c in enumerate(svc_cat.categories)}
    line_index = {c: i for i, c in enumerate(line_cat.categories)}
    s_codes = svc_cat.codes.to_numpy()
    l_codes = line_cat.codes.to_numpy()
    years = f["year"].to_numpy()
    L = max(len(line_index), 1)
    spread_max = float(legal.number("norm_rules.max_spread_pct"))
    min_obs = int(legal.get("norm_rules.min_observations"))
    # rows per (service, line, year) cell, counted once: the years rule, the look-up below and the years each
    # line's values come from all read it
    S = len(svc_index)
    ymin = int(years.min()) if len(years) else 0
    span = int(years.max()) - ymin + 1 if len(years) else 1
    year_offset = (years - ymin).astype(np.uint8 if span < 256 else np.int64)
    combined = s_codes.astype(np.int32) * L + l_codes
    missing_code = bool(len(combined)) and (s_codes.min() < 0 or l_codes.min() < 0)
    if missing_code:  # a row without a service or line code: not used
        combined[(s_codes < 0) | (l_codes < 0)] = S * L
    cell = combined * span + year_offset
    cell_counts = np.bincount(cell, minlength=(S * L + 1) * span)
    found = None if missing_code else (
        np.append(cell_counts[:S * L * span].reshape(S, L, span).sum(axis=1).ravel(), np.zeros(span, np.int64)),
        ymin, span)
    windows, year_warnings = _year_window(ev, specs, opts, legal, s_codes, years, svc_index, found)

    groups: list[tuple[Any, dict]] = []
    dropped: list[tuple[Any, dict, str]] = []
    lo_year = np.zeros(len(svc_index) + 1, dtype=np.int64)
    hi_year = np.full(len(svc_index) + 1, -1, dtype=np.int64)
    for spec in specs:
        si = svc_index.get(spec.code)
        if si is not None:
            lo_year[si], hi_year[si] = windows[spec.code][0], windows[spec.code][1]
        for line in line_specs(spec):
            if opts.lines is not None and line["id"] not in opts.lines:
                continue
            if line["kind"] == "indirect" and opts.indirect_labour_pct is not None:
                dropped.append((spec, line, "lao động gián tiếp được tính bằng tỷ lệ % lao động trực tiếp "
                                            f"(indirect_labour_pct = {opts.indirect_labour_pct})"))
                continue
            groups.append((spec, line))
    # one look-up per row: (service, line, year) -> its line g when the year is used, G + g when the years rule
    # sets the row aside, 2G when the row is not used
    G = len(groups)
    in_window = np.zeros((G, span), dtype=np.int64)  # rows per line and year in the years used
    lut = np.full((S * L + 1, span), 2 * G, dtype=np.int8 if 2 * G < 127 else np.int32)
    for gi, (spec, line) in enumerate(groups):
        si, li = svc_index.get(spec.code), line_index.get(line["id"])
        if si is None or li is None:
            continue
        lut[si * L + li, :] = G + gi
        used_years = slice(max(int(lo_year[si]) - ymin, 0), max(int(hi_year[si]) - ymin + 1, 0))
        lut[si * L + li, used_years] = gi
        in_window[gi, used_years] = cell_counts[(si * L + li) * span:(si * L + li + 1) * span][used_years]
    if lut.dtype != np.int8 and 2 * G < 32000:
        lut = lut.astype(np.int16)
    code = lut.ravel()[cell]

    # per unit of the norm: quantity x reference / actual, for each driver the line scales with
    quantity = f["quantity"].to_numpy(dtype="float64")
    columns: dict[str, np.ndarray] = {}
    scales: list[list[tuple[np.ndarray, float]]] = []
    for spec, line in groups:
        refs = {x.code: float(x.reference) for x in spec.drivers}
        for d in line["scales_with"]:
            if d not in columns:
                columns[d] = f[d].to_numpy(dtype="float64")
        scales.append([(columns[d], refs[d]) for d in line["scales_with"]])
    stats = aggregate(quantity, code, G, opts, spread_max, scales, year_offset, in_window)
    stats["year_base"] = ymin
    out: dict[str, tuple[list[LineResult], list[str]]] = {spec.code: ([], []) for spec in specs}
    for spec in specs:
        out[spec.code][1].extend(w for w in year_warnings if w.startswith(spec.code + ":"))
    missing: list[Problem] = []
    for gi, (spec, line) in enumerate(groups):
        if stats["n"][gi] == 0:
            n_total = int(stats["n_total"][gi])
            msg = (f"service {spec.code} line {line['id']} ({line['name']}): no settlement record"
                   + (f" kept ({n_total} screened out)" if n_total else " in the years used"))
            if opts.drop_missing_lines:
                out[spec.code][1].append(f"{spec.code}/{line['id']}: không có số liệu, dòng bị bỏ")
            else:
                missing.append(Problem(msg, Location(ev.source, ev.sheet, None, "line", "Mã dòng"), "no_evidence",
                                       "at least one record of the line, or options drop_missing_lines=True"))
            continue
        res = _line_result(ev, spec, line, gi, stats, years, opts, legal, windows, min_obs, spread_max)
        out[spec.code][0].append(res)
        out[spec.code][1].extend(res.warnings)
    raise_if(missing, ev.where)
    for di, (spec, line, reason) in enumerate(dropped):
        out[spec.code][1].append(f"{spec.code}/{line['id']}: {reason}")
    return out


def _rows_of(mask: np.ndarray, index) -> np.ndarray:
    return np.asarray(index)[np.flatnonzero(mask)]


def _line_result(ev, spec, line, gi, st, years, opts, legal, windows, min_obs, spread_max):
    f = ev.frame
    code, lid = spec.code, line["id"]
    n, n_total = int(st["n"][gi]), int(st["n_total"][gi])
    start = st["starts"][gi]
    block = slice(start, start + n_total)
    listed = n_total <= opts.max_listed_rows
    # the line's rows in file order: positions, per-unit values, keep and progressive-side flags
    pos = st["order"][block]  # ascending: the sort by line is stable, so a line's rows stay in file order
    keep_b, side_b, vals_b = st["keep"][block], st["side"][block], st["values"][block]
    index = f.index.to_numpy()
    year_lo, year_hi, override = windows[code]
    mean, median, prog = dec(st["mean"][gi]), dec(st["median"][gi]), dec(st["progressive"][gi])
    if opts.direction == "consumption" and prog > mean:
        prog = mean
    if opts.progressive_variant == "average_with_mean":
        prog_value = fit((prog + mean) / 2)
    else:
        prog_value = prog
    value = {"progressive_average": prog_value, "mean": mean, "median": median}[opts.statistic]
    vmin, vmax = dec(st["min"][gi]), dec(st["max"][gi])
    sp = None if vmin == 0 and vmax != 0 else (Decimal(0) if vmax == 0 else dec((st["max"][gi] - st["min"][gi])
                                                                                / st["min"][gi] * 100))
    # equal values give spread and CV of 1e-14 in floats: below 1e-9 % they are 0
    if sp is not None and abs(sp) < Decimal("1e-9"):
        sp = Decimal(0)
    std = dec(st["std"][gi]) if n > 1 else Decimal(0)
    cv = dec(st["std"][gi] / st["mean"][gi] * 100) if n > 1 and st["mean"][gi] > 0 else Decimal(0)
    if abs(cv) < Decimal("1e-9"):
        cv = Decimal(0)
    if abs(std) < Decimal("1e-12"):
        std = Decimal(0)

    # evidence and exclusions
    evidence = [ev.ref(r) for r in index[pos][keep_b]] if listed else [
        f"{ev.where}: {n} dòng có service = {code}, line = {lid}, năm {year_lo}-{year_hi} "
        f"(trừ các dòng bị loại dưới đây)"]
    excluded: list[tuple[str, str]] = []
    lo, hi = st["lo"][gi], st["hi"][gi]
    if opts.outlier_rule == "iqr":
        rule_text = f"ngoài khoảng IQR [{fmt(lo, 4)}; {fmt(hi, 4)}]"
    elif opts.outlier_rule == "spread20":
        rule_text = f"ngoài nhóm có độ dao động ≤ {fmt(spread_max)} % [{fmt(lo, 4)}; {fmt(hi, 4)}]"
    else:
        rule_text = ""
    n_out = n_total - n
    if not n_out:
        pass
    elif n_out <= opts.max_listed_rows:
        out = ~keep_b
        for r, v in zip(index[pos[out]], vals_b[out]):
            excluded.append((ev.ref(r), f"giá trị quy đổi {fmt(v, 4)} {rule_text}"))
    else:
        excluded.append((f"{ev.where}#{compress_rows(index[pos[~keep_b]])}" if n_out <= 5 * opts.max_listed_rows
                         else f"{ev.where}: {n_out} dòng của {code}/{lid}",
                         f"{n_out} giá trị quy đổi {rule_text}"))
    # rows of the line outside the years used
    ys = st["year_starts"][gi]
    other = st["order"][ys:ys + st["year_counts"][gi]]  # in file order (stable sort)
    if len(other):
        reason = (f"năm ngoài {year_hi - year_lo + 1} năm dùng để thống kê ({year_lo}-{year_hi})")
        if len(other) <= opts.max_listed_rows:
            excluded += [(ev.ref(index[p]), f"năm {years[p]}: {reason}") for p in other]
        else:
            excluded.append((f"{ev.where}: {len(other)} dòng của {code}/{lid}", reason))

    # calculation a reader can redo
    unit = line["unit"]
    drivers = {d.code: d for d in spec.drivers}
    steps = [f"{code}/{lid} — {line['name']} ({unit} / 01 {spec.unit})",
             f"Phương pháp thống kê tổng hợp (TT 47/2018/TT-BCT Điều 6): số liệu quyết toán năm {year_lo}-{year_hi}"
             f" ({ev.where})."]
    scale = " × ".join(f"{fmt(drivers[d].reference)}/{drivers[d].label} thực tế" for d in line["scales_with"])
    steps.append("1. Quy đổi về 01 đơn vị định mức: giá trị = số lượng"
                 + (f" × {scale}" if scale else " (dòng không tính theo quy mô)") + ".")
    if listed:
        q = f["quantity"].to_numpy()
        for j in range(n_total):
            p, r, k = pos[j], index[pos[j]], keep_b[j]
            parts = [fmt(q[p], 4)] + [f"{fmt(drivers[d].reference)}/{fmt(f[d].iat[p], 4)}" for d in line["scales_with"]]
            mark = "" if k else "  (loại)"
            steps.append(f"   #{r} ({years[p]}, {f['project'].iat[p]}): {' × '.join(parts)} = {fmt(vals_b[j], 4)}{mark}")
    else:
        steps.append(f"   {n_total} hồ sơ; giá trị quy đổi từng dòng không liệt kê (quá {opts.max_listed_rows} dòng).")
    k_txt = fmt(opts.iqr_k)
    if opts.outlier_rule == "iqr":
        steps.append(f"2. Loại giá trị bất thường theo IQR (k = {k_txt}): Q1 = {fmt(st['q1'][gi], 4)}, "
                     f"Q3 = {fmt(st['q3'][gi], 4)}, IQR = {fmt(st['q3'][gi] - st['q1'][gi], 4)}; "
                     f"giữ giá trị trong [{fmt(lo, 4)}; {fmt(hi, 4)}]; loại {n_total - n} giá trị.")
    elif opts.outlier_rule == "spread20":
        steps.append(f"2. Loại giá trị theo quy tắc độ dao động ≤ {fmt(spread_max)} %: giữ nhóm nhiều giá trị nhất "
                     f"trong [{fmt(lo, 4)}; {fmt(hi, 4)}]; loại {n_total - n} giá trị.")
    else:
        steps.append("2. Không loại giá trị bất thường (outlier_rule = none).")
    kept_vals = vals_b[keep_b] if listed else None
    if listed:
        steps.append(f"3. Trung bình = ({' + '.join(fmt(v, 4) for v in kept_vals)})/{n} = {fmt(mean, 4)}")
    else:
        steps.append(f"3. Trung bình = Σ/n = {fmt(st['sum'][gi], 4)}/{n} = {fmt(mean, 4)}")
    better = "≤" if opts.direction == "consumption" else "≥"
    sv = vals_b[side_b] if listed else None
    n_side = int(st["n_side"][gi])
    if listed:
        steps.append(f"4. Trung bình tiên tiến = trung bình của {n_side} giá trị {better} trung bình {fmt(mean, 4)}: "
                     f"({' + '.join(fmt(v, 4) for v in sv)})/{n_side} = {fmt(prog, 4)}")
    else:
        steps.append(f"4. Trung bình tiên tiến = trung bình của {n_side} giá trị {better} trung bình: "
                     f"{fmt(st['sum_side'][gi], 4)}/{n_side} = {fmt(prog, 4)}")
    if opts.progressive_variant == "average_with_mean":
        steps.append(f"   Biến thể average_with_mean: ({fmt(prog, 4)} + {fmt(mean, 4)})/2 = {fmt(prog_value, 4)}")
    steps.append(f"5. Thống kê: n = {n}, trung vị = {fmt(median, 4)}, nhỏ nhất = {fmt(vmin, 4)}, "
                 f"lớn nhất = {fmt(vmax, 4)}, độ dao động = {fmt(sp, 2) + ' %' if sp is not None else 'không xác định'}"
                 f", hệ số biến thiên = {fmt(cv, 2)} %.")
    name_vi = {"progressive_average": "trung bình tiên tiến", "mean": "trung bình", "median": "trung vị"}
    steps.append(f"6. Giá trị định mức = {name_vi[opts.statistic]} = {fmt(value, 4)}")

    warnings = []
    if n < min_obs:
        warnings.append(f"{code}/{lid}: chỉ có n = {n} giá trị (< {min_obs} theo norm_rules.min_observations)")
    if sp is None or sp > spread_max:
        warnings.append(f"{code}/{lid}: độ dao động {fmt(sp, 2) + ' %' if sp is not None else 'không xác định'} "
                        f"> {fmt(spread_max)} % (norm_rules.max_spread_pct)")
    if override:
        warnings.append(f"{code}/{lid}: dùng số liệu không đủ năm liên tục — lý do: {override}")
    # the years the kept values actually come from: "2023-2025" when consecutive, else "2023, 2025"
    found = [st["year_base"] + y for y in st["years_found"][gi]]
    consecutive = bool(found) and found == list(range(found[0], found[-1] + 1))
    years_text = (f"{found[0]}-{found[-1]}" if consecutive and len(found) > 1
                  else ", ".join(str(y) for y in found))
    statistics = {"n": n, "n_rows": n_total, "n_excluded": n_total - n, "mean": mean, "median": median,
                  "progressive_average": prog_value, "min": vmin, "max": vmax, "std": std, "cv_pct": cv,
                  "years": years_text}
    if sp is not None:
        statistics["spread_pct"] = sp
    if opts.outlier_rule == "iqr":
        statistics.update(q1=dec(st["q1"][gi]), q3=dec(st["q3"][gi]))
    if opts.outlier_rule != "none":
        statistics.update(lower_bound=dec(lo), upper_bound=dec(hi))
    parameters = {"statistic": opts.statistic, "outlier_rule": opts.outlier_rule, "direction": opts.direction,
                  "progressive_variant": opts.progressive_variant, "quartiles": "inverted empirical CDF (type 1)"}
    if opts.outlier_rule == "iqr":
        parameters["iqr_k"] = opts.iqr_k
    if override:
        parameters["years_override_reason"] = override
    observations = ([{"line": lid, "value": round(float(vals_b[j]), 9), "year": int(years[pos[j]]), "excluded": not bool(keep_b[j]),
                      "row": ev.ref(index[pos[j]])} for j in range(n_total)] if listed else [])
    return LineResult(line, value, evidence, excluded, statistics, parameters, steps, warnings, observations)
