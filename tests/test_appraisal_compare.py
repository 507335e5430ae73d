"""Comparisons: the reference norm, the evidence distribution, unit prices against actual costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from appraisal_helpers import codes, find, norm_set, run

import dinhmuc as dm


def _reference(change=None) -> dm.NormSet:
    return norm_set(change)


def test_line_within_fifteen_percent_of_reference_passes():
    def ref(n):
        n["labour"][0]["quantity"] = 55  # 60 vs 55: +9,1 %

    f = [f for f in find(run(reference=_reference(ref)), "within_reference") if f.line == "LD1"][0]
    assert f.verdict == "đạt" and "+9,1 %" in f.reason and "ngưỡng ±15 %" in f.reason


def test_line_beyond_fifteen_percent_of_reference_is_flagged_with_figures():
    def ref(n):
        n["labour"][0]["quantity"] = 50  # 60 vs 50: +20 %

    f = find(run(reference=_reference(ref)), "beyond_reference")[0]
    assert f.line == "LD1" and f.severity == "warning"
    assert "60 công so với 50 công" in f.reason and "+20 %" in f.reason and "cần giải trình" in f.reason


def test_reference_threshold_is_an_option():
    def ref(n):
        n["labour"][0]["quantity"] = 55

    r = run(reference=_reference(ref), options={"reference_threshold_pct": 5})
    assert [f.line for f in find(r, "beyond_reference")] == ["LD1"]


def test_reference_lines_paired_by_name_after_a_deletion():
    def ref(n):  # the reference has an extra line before LD2: positional ids differ
        n["labour"].insert(1, {"role": "Trợ giảng", "grade": "III", "quantity": 10})

    r = run(reference=_reference(ref))
    assert "beyond_reference" not in codes(r)


def test_equipment_idle_time_compared_too():
    def ref(n):
        n["equipment"][0]["idle"] = 1

    f = find(run(reference=_reference(ref)), "beyond_reference")[0]
    assert (f.line, f.field) == ("TB1", "idle") and "+100 %" in f.reason


def test_norm_absent_from_reference_is_noted():
    def other(n):
        n["code"] = "KC02"

    r = run(reference=norm_set(other))
    assert find(r, "no_reference_norm")[0].severity == "info"


def test_line_inside_its_evidence_distribution_passes():
    f = [f for f in find(run(), "within_evidence") if f.line == "LD1"][0]
    assert "khoảng số liệu 56 - 66" in f.reason and "trung vị 60,5" in f.reason


def test_line_outside_its_evidence_distribution_is_flagged():
    ev = pd.DataFrame({"norm": ["KC01"] * 5, "line": ["LD1"] * 5, "value": [40, 42, 44, 45, 46]})
    f = find(run(evidence=ev), "beyond_evidence")[0]
    assert f.line == "LD1" and "nằm ngoài khoảng số liệu" in f.reason and "lệch trung vị quá ngưỡng" in f.reason
    assert "+36,4 %" in f.reason


def test_excluded_evidence_rows_are_left_out():
    ev = pd.DataFrame(
        {
            "norm": ["KC01"] * 6,
            "line": ["LD1"] * 6,
            "value": [58, 60, 61, 62, 59, 200],
            "excluded": [False] * 5 + [True],
        }
    )
    f = [f for f in find(run(evidence=ev), "within_evidence") if f.line == "LD1"][0]
    assert "58 - 62" in f.reason and "n = 5" in f.reason


def test_evidence_table_must_name_its_columns():
    with pytest.raises(ValueError, match="value"):
        run(evidence=pd.DataFrame({"norm": ["KC01"], "line": ["LD1"]}))


class _Price:  # anything with .total, as dm.cost_norm returns
    def __init__(self, total):
        self.total = Decimal(total)


HISTORY = {"KC01": {2023: 100_000_000, 2024: 104_000_000, 2025: 108_000_000}}


def test_unit_price_close_to_three_year_average_passes():
    f = find(run(costs={"KC01": _Price(110_000_000)}, history=HISTORY), "within_history")[0]
    # average 104.000.000; +5,8 %
    assert "bình quân 104.000.000 đồng" in f.reason and "+5,8 %" in f.reason and "NĐ 60/2021/NĐ-CP Điều 5" in f.reason


def test_unit_price_far_from_three_year_average_is_flagged():
    f = find(run(costs={"KC01": 130_000_000}, history=HISTORY), "beyond_history")[0]
    assert f.norm == "KC01" and "+25 %" in f.reason and "2023: 100.000.000" in f.reason


def test_missing_years_of_actual_cost_are_named():
    hist = pd.DataFrame({"norm": ["KC01", "KC01"], "year": [2023, 2025], "cost": [100e6, 108e6]})
    f = find(run(costs={"KC01": 104_000_000}, history=hist), "partial_history")[0]
    assert "thiếu số liệu năm 2024" in f.reason


def test_no_actual_cost_at_all():
    f = find(run(costs={"KC01": 104_000_000}, history={}), "no_history")[0]
    assert "2023-2025" in f.reason


def test_preceding_years_follow_the_appraisal_date():
    r = run(costs={"KC01": 104_000_000}, history=HISTORY, options={"on": dt.date(2027, 2, 1)})
    f = find(r, "partial_history")[0]
    assert "2024-2026" in f.reason and "thiếu số liệu năm 2026" in f.reason


def test_unit_prices_from_cost_norm_are_accepted():
    from dinhmuc.costing.prices import price_list_from_records

    norm = dm.Norm(
        code="KC01", name="Thử", unit="lớp", labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 60}]
    )
    price = dm.cost_norm(norm, price_list_from_records(), dt.date(2026, 3, 1), {"management_pct": 0})
    hist = {"KC01": {y: price.total for y in (2023, 2024, 2025)}}
    f = find(run(costs=[price], history=hist), "within_history")[0]
    assert "+0 %" in f.reason or "0 %" in f.reason
