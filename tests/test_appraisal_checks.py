"""Each automated check: a passing case (the complete set) and a failing case (one change)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from appraisal_helpers import CASES, ON, codes, find, norm_set, run

import dinhmuc as dm
from dinhmuc.appraisal import AppraisalOptions
from dinhmuc.appraisal.checks import FAIL, PASS, PASS_EXPLAINED, REVIEW, parse_years


def test_complete_set_passes_every_check():
    r = run()
    assert r.ok
    assert r.flagged() == []
    assert r.verdict() == PASS
    assert list(r.summary_frame()["verdict"]) == [PASS, PASS]  # KC01 and the set-level (legal) row
    assert set(r.line_frame()["verdict"]) == {PASS}


# --------------------------------------------------------------------------- completeness


def test_step_without_labour_is_an_error_naming_the_step():
    def drop_b5(n):  # the accountant line no longer names B5
        n["labour"][3]["steps"] = []

    r = run(norm_set(drop_b5))
    f = find(r, "step_uncovered")[0]
    assert f.severity == "error" and f.verdict == FAIL and f.line is None
    assert "B5" in f.reason and "Nghiệm thu" in f.reason
    assert r.verdict("KC01") == FAIL and not r.ok


def test_catalogue_step_missing_from_the_norm():
    r = run(norm_set(_drop_step_b5))
    f = find(r, "step_missing")[0]
    assert "B5" in f.reason and f.severity == "error"


def _drop_step_b5(n):
    n["work_steps"] = n["work_steps"][:4]
    n["labour"][3]["steps"] = []


def test_steps_covered_is_recorded_as_a_pass():
    f = find(run(), "steps_covered")[0]
    assert f.verdict == PASS and "5 bước" in f.reason


def test_labour_line_without_steps_is_flagged():
    def no_steps(n):
        n["labour"][1]["steps"] = []

    r = run(norm_set(no_steps))
    f = find(r, "line_no_steps")[0]
    assert f.line == "LD2" and f.severity == "warning"


def test_equipment_without_idle_time_is_an_error():
    def no_idle(n):
        del n["equipment"][0]["idle"]

    r = run(norm_set(no_idle))
    f = find(r, "idle_missing")[0]
    assert f.line == "TB1" and f.severity == "error"
    assert "không tải" in f.reason and "TT 47/2018/TT-BCT Điều 7" in f.reason
    assert r.verdict("KC01", "TB1") == FAIL


def test_an_explicit_idle_zero_is_declared_not_an_error():
    def zero_idle(n):
        n["equipment"][0]["idle"] = 0

    r = run(norm_set(zero_idle))
    assert "idle_missing" not in {f.code for f in r.findings}
    f = [f for f in find(r, "times_declared") if f.line == "TB1"][0]
    assert f.verdict == PASS and "không tải 0 ca (đã khai báo)" in f.reason


def test_equipment_with_idle_time_passes_with_figures():
    f = [f for f in find(run(), "times_declared") if f.line == "TB1"][0]
    assert f.verdict == PASS and "có tải 20 ca, không tải 2 ca" in f.reason


def test_material_without_specification():
    def no_spec(n):
        del n["materials"][3]["spec"]

    r = run(norm_set(no_spec))
    f = find(r, "spec_missing")[0]
    assert f.line == "VT4" and f.severity == "error" and "Giấy in" in f.reason
    soft = run(norm_set(no_spec), options={"require_material_spec": False})
    assert find(soft, "spec_missing")[0].severity == "warning"


def test_zero_quantity_line_is_an_error():
    def zero(n):
        n["materials"][3]["quantity"] = 0

    f = find(run(norm_set(zero)), "zero_quantity")[0]
    assert f.line == "VT4" and "bằng 0" in f.reason


def test_catalogue_line_left_out_is_flagged():
    def drop_certificate(n):
        del n["materials"][4]

    f = find(run(norm_set(drop_certificate)), "catalogue_line_missing")[0]
    assert "Chứng chỉ nghề" in f.reason and "VT5" in f.reason and f.severity == "warning"


def test_norm_outside_the_catalogue():
    def rename(n):
        n["code"] = "KC99"

    f = find(run(norm_set(rename)), "not_in_catalogue")[0]
    assert f.norm == "KC99" and f.severity == "error"


def test_without_catalogue_only_the_norms_own_steps_are_checked():
    def drop_step(n):
        n["work_steps"] = n["work_steps"][:4]
        n["labour"][3]["steps"] = []

    r = run(norm_set(drop_step), catalog=None)
    assert "step_missing" not in codes(r) and r.ok


# --------------------------------------------------------------------------- consistency


def test_reference_scale_differs_from_catalogue():
    def scale(n):
        n["drivers"][0]["reference"] = 25

    f = find(run(norm_set(scale)), "drivers_mismatch")[0]
    assert "learners = 25" in f.reason and "learners = 30" in f.reason and f.severity == "error"


def test_drivers_match_is_a_pass():
    assert find(run(), "drivers_match")[0].verdict == PASS


def test_line_unit_differs_from_catalogue():
    def unit(n):
        n["materials"][3]["unit"] = "tờ"

    f = find(run(norm_set(unit)), "line_unit_mismatch")[0]
    assert f.line == "VT4" and "«tờ»" in f.reason and "«ram»" in f.reason


def test_line_driver_differs_from_catalogue():
    def driver(n):
        n["materials"][3]["scales_with"] = ["learners"]

    f = find(run(norm_set(driver)), "driver_mismatch")[0]
    assert f.line == "VT4" and f.severity == "warning"


def test_indirect_labour_share_from_lines_within_bounds():
    f = find(run(), "indirect_within_bounds")[0]
    # 6 công of 80 direct = 7,5 %
    assert "7,5 %" in f.reason and f.verdict == PASS


def test_indirect_labour_share_from_lines_above_bounds():
    def more(n):
        n["labour"][3]["quantity"] = 16
        n["labour"][3]["provenance"]["quantity"]["statistics"].update(median=16, min=15, max=17, spread_pct=13.3)

    f = find(run(norm_set(more)), "indirect_out_of_bounds")[0]
    assert "20 %" in f.reason and "0 % - 15 %" in f.reason and f.severity == "error"


def test_indirect_labour_percentage_field_and_declared_bounds():
    def pct(n):
        n["labour"][3]["kind"] = "direct"
        n["indirect_labour_pct"] = 12

    s = norm_set(pct)
    assert "indirect_within_bounds" in codes(run(s))
    f = find(run(s, options={"indirect_labour_max_pct": 10}), "indirect_out_of_bounds")[0]
    assert "12 %" in f.reason and "0 % - 10 %" in f.reason


def test_options_reject_unknown_keys_and_inverted_bounds():
    with pytest.raises(ValueError):
        AppraisalOptions(threshold=3)
    with pytest.raises(ValueError):
        AppraisalOptions(indirect_labour_min_pct=20, indirect_labour_max_pct=10)


# --------------------------------------------------------------------------- evidence


def _stats(norm, line=0, **kw):
    norm["labour"][line]["provenance"]["quantity"]["statistics"].update(kw)


def test_too_few_observations_cites_the_rule():
    r = run(norm_set(lambda n: _stats(n, n=3)))
    f = find(r, "few_observations")[0]
    assert f.line == "LD1" and f.severity == "error"
    assert f.reason.endswith(
        "chỉ có 3 số liệu (n < 5) — chưa đủ (ngưỡng dự án áp dụng, vận dụng Thông tư 13/2021/TT-BXD Phụ lục I)"
    )  # a construction circular is borrowed, not the law


def test_few_observations_with_recorded_override_is_explained():
    def override(n):
        _stats(n, n=3)
        n["labour"][0]["provenance"]["quantity"]["parameters"] = {"n_override_reason": "Chỉ có 3 lớp/năm"}

    f = find(run(norm_set(override)), "few_observations_explained")[0]
    assert f.verdict == PASS_EXPLAINED and "Chỉ có 3 lớp/năm" in f.reason
    assert run(norm_set(override)).ok


def test_years_fewer_than_three():
    f = find(run(norm_set(lambda n: _stats(n, years="2024-2025"))), "few_years")[0]
    assert "2 năm (2024, 2025)" in f.reason and "3 năm liên tục" in f.reason and f.severity == "error"


def test_years_not_consecutive():
    f = find(run(norm_set(lambda n: _stats(n, years="2021, 2023, 2025"))), "years_not_consecutive")[0]
    assert "2021, 2023, 2025" in f.reason


def test_years_override_reason_recorded_by_the_method():
    def override(n):
        _stats(n, years="2021, 2023, 2025")
        n["labour"][0]["provenance"]["quantity"]["parameters"] = {
            "years_override_reason": "Năm 2022, 2024 không mở lớp"
        }

    f = find(run(norm_set(override)), "years_not_consecutive_explained")[0]
    assert f.verdict == PASS_EXPLAINED and "không mở lớp" in f.reason


def test_years_unknown_is_a_warning():
    def no_years(n):
        del n["labour"][0]["provenance"]["quantity"]["statistics"]["years"]

    assert find(run(norm_set(no_years)), "years_unknown")[0].severity == "warning"


def test_spread_above_twenty_percent_is_flagged():
    f = find(run(norm_set(lambda n: _stats(n, spread_pct=27.5, cv_pct=9))), "wide_spread")[0]
    assert f.severity == "warning" and f.verdict == REVIEW
    assert "27,5 % vượt 20 %" in f.reason and "hệ số biến thiên 9 %" in f.reason


def test_spread_within_limit_passes():
    f = [f for f in find(run(), "spread_ok") if f.line == "LD1"][0]
    assert "17,9 % ≤ 20 %" in f.reason


def test_spread_computed_from_evidence_values_when_not_recorded():
    def no_spread(n):
        del n["labour"][0]["provenance"]["quantity"]["statistics"]["spread_pct"]
        del n["labour"][0]["provenance"]["quantity"]["statistics"]["min"]

    ev = {("KC01", "LD1"): [50, 55, 60, 62, 65, 70]}
    f = find(run(norm_set(no_spread), evidence=ev), "wide_spread")[0]
    assert "40 %" in f.reason


def test_line_without_provenance():
    def bare(n):
        del n["labour"][1]["provenance"]

    f = find(run(norm_set(bare)), "no_provenance")[0]
    assert f.line == "LD2" and f.severity == "warning"


def test_aid_method_without_legal_method():
    def expert(n):
        n["labour"][1]["provenance"]["quantity"]["method"] = "expert"

    assert find(run(norm_set(expert)), "not_legal_method")[0].line == "LD2"


def test_standard_method_needs_a_calculation():
    def no_calc(n):
        del n["materials"][0]["provenance"]["quantity"]["calculation"]

    assert find(run(norm_set(no_calc)), "standard_no_calculation")[0].line == "VT1"
    assert [f for f in find(run(), "standard_ok") if f.line == "VT1"][0].verdict == PASS


def test_parse_years_forms():
    assert parse_years("2023-2025") == ([2023, 2024, 2025], 3)
    assert parse_years("2023, 2025") == ([2023, 2025], 2)
    assert parse_years(Decimal(3)) == (None, 3)
    assert parse_years(None) == (None, None)


# --------------------------------------------------------------------------- legal parameters


def test_verified_parameters_pass():
    assert "all_verified" in codes(run())


def test_unverified_parameter_in_force_is_flagged():
    params = dm.load_parameters(CASES / "params_superseded")
    r = run(params=params, options={"on": dt.date(2026, 11, 26)})
    hits = find(r, "unverified")
    assert {f.field for f in hits} == {"norm_rules.min_observations", "norm_rules.max_spread_pct"}
    assert all("CHƯA KIỂM CHỨNG" in f.reason and "37/2026/TT-BXD" in f.reason for f in hits)
    # before the new values take effect nothing is unverified
    assert "unverified" not in codes(run(params=params, options={"on": ON}))


def test_superseded_citation_is_flagged_where_it_is_cited():
    def cite_old(n):
        n["labour"][0]["provenance"]["quantity"]["note"] = "Đủ 6 số liệu theo TT 13/2021/TT-BXD Phụ lục I"

    params = dm.load_parameters(CASES / "params_superseded")
    r = run(norm_set(cite_old), params=params, options={"on": dt.date(2026, 11, 26)})
    f = find(r, "superseded_citation")[0]
    assert (f.norm, f.line) == ("KC01", "LD1")
    assert "13/2021/TT-BXD đã được thay thế bởi Thông tư 37/2026/TT-BXD từ 01/07/2026" in f.reason
    assert "superseded_citation" not in codes(run(norm_set(cite_old), params=params, options={"on": ON}))


def test_declared_superseded_document():
    r = run(options={"superseded": {"Thông tư 47/2018/TT-BCT": "Thông tư 99/2027/TT-BCT"}})
    f = find(r, "superseded_citation")[0]
    assert f.norm is None and "47/2018/TT-BCT" in f.reason


def test_legal_numbers_come_from_the_parameters():
    stricter = dm.load_parameters(CASES / "params_verified")
    p = stricter.parameter("norm_rules.min_observations")
    p.values[0].value = Decimal(7)
    f = find(run(params=stricter), "few_observations")
    assert any("(n < 7)" in x.reason for x in f)
