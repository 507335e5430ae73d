"""Hypothesis properties of the statistical method.

* the result does not depend on row order;
* duplicating all evidence changes no norm value (for the IQR screen with the
  inverted-CDF quartiles: interpolated quartiles such as Excel's QUARTILE.INC
  move when every value is doubled, by definition);
* scaling all consumption by k scales the unrounded norm by exactly k (the
  arithmetic is exact, so any k works, 0.1 and 3 included);
* for consumption the progressive average never exceeds the mean;
* an outlier excluded by the rule, moved further out, does not move the result.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dinhmuc as dm

YEARS = (2023, 2024, 2025)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

values = st.lists(st.integers(min_value=1, max_value=2000), min_size=5, max_size=20)
drivers = st.lists(st.integers(min_value=10, max_value=90), min_size=21, max_size=21)


def _frame(vals, days, scale=1):
    rows = []
    for i, v in enumerate(vals):
        y = YEARS[i % 3]
        rows.append(
            {
                "service": "KC01",
                "year": y,
                "project": f"DA{i}",
                "line": "VT4",
                "unit": "ram",
                "quantity": Decimal(v) / 100 * Decimal(str(scale)),
            }
        )
        rows.append(
            {
                "service": "KC01",
                "year": y,
                "project": f"DA{i}",
                "line": "LD1",
                "unit": "công",
                "quantity": Decimal(v) / 10 * Decimal(str(scale)),
                "days": days[i],
            }
        )
    return pd.DataFrame(rows)


def _build(df, **opts):
    ev = dm.read_settlements(df)
    options = {"as_of": "2026-06-30", "lines": ["LD1", "VT4"], **opts}
    return dm.build_norm("KC01", evidence=ev, options=options).norm


def _figures(norm):
    out = {}
    for lid in ("LD1", "VT4"):
        line = norm.line(lid)
        s = line.provenance["quantity"].statistics
        out[lid] = (line.quantity, s["value_unrounded"], s["mean"], s["median"], s["progressive_average"])
    return out


@pytest.mark.parametrize("rule", ["iqr", "spread20", "none"])
@SETTINGS
@given(vals=values, days=drivers, seed=st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rule, vals, days, seed):
    df = _frame(vals, days)
    shuffled = df.sample(frac=1, random_state=seed.randint(0, 10**6)).reset_index(drop=True)
    assert _figures(_build(df, outlier_rule=rule)) == _figures(_build(shuffled, outlier_rule=rule))


@pytest.mark.parametrize("rule", ["iqr", "spread20", "none"])
@SETTINGS
@given(vals=values, days=drivers)
def test_duplicating_evidence_changes_nothing(rule, vals, days):
    df = _frame(vals, days)
    opts = {"outlier_rule": rule, "quartile_rule": "inverted_cdf"}
    assert _figures(_build(df, **opts)) == _figures(_build(pd.concat([df, df]), **opts))


@pytest.mark.parametrize("statistic", ["progressive_average", "mean", "median"])
@SETTINGS
@given(vals=values, days=drivers, k=st.sampled_from([0.1, 0.25, 3, 7, 10]))
def test_scaling_consumption_scales_the_norm(statistic, vals, days, k):
    from fractions import Fraction

    base = _build(_frame(vals, days), statistic=statistic, rounding_decimals=6)
    scaled = _build(_frame(vals, days, scale=k), statistic=statistic, rounding_decimals=6)
    for lid in ("LD1", "VT4"):
        b = base.line(lid).provenance["quantity"].statistics
        s = scaled.line(lid).provenance["quantity"].statistics
        assert (b["n"], b["n_excluded"]) == (s["n"], s["n_excluded"]), lid
        want, got = Fraction(b["value_unrounded"]) * Fraction(str(k)), Fraction(s["value_unrounded"])
        # both are the exact value cut to 12 significant digits: equal to that precision
        assert abs(got - want) <= abs(want) * Fraction(1, 10**11), (lid, got, want)


@SETTINGS
@given(vals=values, days=drivers, variant=st.sampled_from(["below_mean", "average_with_mean"]))
def test_progressive_average_never_exceeds_mean(vals, days, variant):
    for lid, (_, _, mean, _, prog) in _figures(_build(_frame(vals, days), progressive_variant=variant)).items():
        assert prog <= mean, lid


@SETTINGS
@given(
    vals=st.lists(st.integers(min_value=100, max_value=200), min_size=6, max_size=20),
    days=drivers,
    factor=st.integers(min_value=2, max_value=100),
)
def test_excluded_outlier_moved_further_does_not_move_result(vals, days, factor):
    vals = vals + [10_000]  # far above Q3 + 1.5 IQR of values in 100..200
    norm = _build(_frame(vals, days))
    prov = norm.line("VT4").provenance["quantity"]
    assert prov.statistics["n_excluded"] >= 1
    further = vals[:-1] + [10_000 * factor]
    assert _figures(_build(_frame(further, days))) == _figures(norm)
