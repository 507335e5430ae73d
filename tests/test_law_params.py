"""Legal parameters current on every date: each change tested the day before, the day of and the day after;
KPCĐ by the declared financing class; the bậc nghề nghiệp scheme from 01/07/2026; the example's day rates
worked by hand; ``dinhmuc params``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

import dinhmuc as dm
from dinhmuc.core.registry import default_registry
from dinhmuc.costing.prices import price_list_from_records
from dinhmuc.costing.unit_price import cost_norm

P = dm.load_parameters()
D = dt.date


def around(day: D) -> tuple[D, D, D]:
    return day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)


def value(name, on):
    return P.get(name, on)


# ------------------------------------------------------------------ each change: before / of / after


@pytest.mark.parametrize(
    "name,change,old,new,cite_new",
    [
        ("contributions.trade_union_fee", D(2025, 7, 1), Decimal(2), {"budget_full": 0, "other": 2}, "97/2025/QH15"),
        ("contributions.health_insurance", D(2025, 7, 1), 3, 3, "188/2025/NĐ-CP"),
        ("contributions.unemployment_insurance", D(2026, 1, 1), 1, 1, "74/2025/QH15"),
        ("contributions.social_insurance", D(2025, 7, 1), Decimal("17.5"), Decimal("17.5"), "41/2024/QH15"),
        (
            "costing_rules.salvage",
            D(2026, 7, 1),
            {"pct": 10, "min_cost": 30000000},
            {"pct": 10, "min_cost": 30000000},
            "37/2026/TT-BXD",
        ),
        ("costing_rules.energy_aux_factor", D(2026, 7, 1), Decimal("1.05"), Decimal("1.05"), "37/2026/TT-BXD"),
        (
            "costing_rules.fixed_asset_threshold",
            D(2023, 6, 10),
            {"min_cost": 10000000, "min_years": 1},
            {"min_cost": 10000000, "min_years": 1},
            "23/2023/TT-BTC",
        ),
        ("working_time.hours_per_shift", D(2026, 7, 1), 8, 8, "37/2026/TT-BXD"),
        ("base_salary.base_salary", D(2026, 7, 1), 2340000, 2530000, "161/2026/NĐ-CP"),
    ],
)
def test_each_change_day_before_of_after(name, change, old, new, cite_new):
    before, day, after = around(change)
    assert value(name, before).value == old and cite_new not in str(value(name, before).citation)
    for on in (day, after):
        v = value(name, on)
        assert v.value == new and cite_new in str(v.citation) and v.start == change
    # a new dated value, the old one kept for old dates
    assert len(P.parameter(name).values) >= 2


def test_old_citations_stay_for_old_dates():
    assert "146/2018" in str(value("contributions.health_insurance", D(2025, 6, 30)).citation)
    assert "38/2013/QH13" in value("contributions.unemployment_insurance", D(2025, 12, 31)).citation.document
    assert "45/2018" in value("costing_rules.fixed_asset_threshold", D(2023, 6, 9)).citation.document


def test_six_hour_day_is_a_cited_convention_not_a_labour_code_fact():
    v = value("working_time.hours_per_day_heavy", D(2026, 9, 5))
    assert v.value == 6 and v.kind == "convention" and not v.verified
    assert "21/2021/TT-BTNMT" in v.citation.document and "Điều 16 khoản 3" in v.citation.article
    assert "Lao động" not in v.citation.document
    h = value("working_time.hours_per_day", D(2026, 9, 5))
    assert h.kind == "law" and h.citation.article == "Điều 105 khoản 1"


def test_every_verified_value_says_where_the_act_was_read_and_new_rows_are_unverified():
    for name in P.names():
        for dv in P.parameter(name).values:
            if dv.start >= D(2025, 7, 1):
                assert not dv.verified, (name, dv.start)  # 2025-2026 acts: not read here


# ------------------------------------------------------------------ KPCĐ by financing class

NORM = dm.Norm(
    code="X", name="Thử", unit="lớp", labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}]
)
PL = price_list_from_records()


def day_rate(on, **opts):
    up = cost_norm(NORM, PL, on, {"management_pct": 0, "working_days_per_month": 22, **opts})
    return up.line("LD1" if any(l.id == "LD1" for l in up.lines) else up.lines[0].id).unit_cost, up


@pytest.mark.parametrize("on", around(D(2025, 7, 1)))
def test_trade_union_fee_depends_on_the_declared_class_from_01_07_2025(on):
    # hạng III bậc 3 = A1 step 3 = 2.34 + 2 x 0.33 = 3.00; base salary 2,340,000 (NĐ 73/2024) on these dates
    full, up_full = day_rate(on, financing_class="budget_full")
    other, up_other = day_rate(on, financing_class="other")
    with_fee = Decimal(2340000) * 3 * Decimal("1.235") / 22  # 17.5 + 3 + 1 + 2 = 23.5 %
    without = Decimal(2340000) * 3 * Decimal("1.215") / 22  # no KPCĐ: 21.5 %
    assert other == with_fee.quantize(Decimal(1), ROUND_HALF_UP)
    assert full == (
        with_fee.quantize(Decimal(1), ROUND_HALF_UP)
        if on < D(2025, 7, 1)
        else without.quantize(Decimal(1), ROUND_HALF_UP)
    )
    assert not up_full.warnings and not up_other.warnings


def test_undeclared_class_charges_the_fee_and_says_so():
    rate, up = day_rate(D(2025, 7, 1))
    assert rate == (Decimal(2340000) * 3 * Decimal("1.235") / 22).quantize(Decimal(1), ROUND_HALF_UP)
    assert any("chưa khai báo loại đơn vị theo nguồn kinh phí" in w for w in up.warnings)
    _, up = day_rate(D(2025, 6, 30))
    assert not up.warnings  # nothing to declare before the change


def test_bad_financing_class_is_an_input_error():
    with pytest.raises(dm.InputError, match="financing_class"):
        day_rate(D(2025, 7, 1), financing_class="state")


# ------------------------------------------------------------------ grades


def test_hang_iv_is_paid_on_group_b():
    assert default_registry().grades["IV"].salary_group == "B"
    assert default_registry().grades["IV"].steps == 12


@pytest.mark.parametrize("on", around(D(2026, 7, 1)))
def test_grade_labels_switch_to_bac_nghe_nghiep_on_01_07_2026(on):
    reg = default_registry()
    labels = {c: reg.grade_on(c, on).label for c in ("I", "II", "III", "IV")}
    groups = {c: reg.grade_on(c, on).salary_group for c in ("I", "II", "III", "IV")}
    assert groups == {"I": "A3.1", "II": "A2.1", "III": "A1", "IV": "B"}  # pay group kept by the mapping
    if on < D(2026, 7, 1):
        assert labels == {"I": "Hạng I", "II": "Hạng II", "III": "Hạng III", "IV": "Hạng IV"}
    else:
        assert labels == {
            "I": "Bậc nghề nghiệp 5",
            "II": "Bậc nghề nghiệp 4",
            "III": "Bậc nghề nghiệp 3",
            "IV": "Bậc nghề nghiệp 1",
        }
    _, up = day_rate(on, financing_class="budget_full")
    want = "Bậc nghề nghiệp 3, bậc lương 3/9" if on >= D(2026, 7, 1) else "Hạng III bậc 3/9"
    assert want in up.lines[0].trace.description


def test_a_level_cannot_be_used_before_its_scheme():
    norm = NORM.model_copy(update={"labour": [NORM.labour[0].model_copy(update={"grade": "BNN2"})]})
    with pytest.raises(dm.UnknownReferenceError, match="BNN2"):
        cost_norm(norm, PL, D(2026, 6, 30), {"management_pct": 0})
    up = cost_norm(norm, PL, D(2026, 7, 1), {"management_pct": 0, "financing_class": "other"})
    # bậc nghề nghiệp 2 is paid on A0: step 3 = 2.10 + 2 x 0.31 = 2.72
    assert up.lines[0].unit_cost == (Decimal(2530000) * Decimal("2.72") * Decimal("1.235") / 22).quantize(
        Decimal(1), ROUND_HALF_UP
    )


# ------------------------------------------------------------------ the example on 2026-09-05


@pytest.fixture(scope="module")
def example_costs():
    import warnings

    from dinhmuc.pipeline import build_norms_of, cost_norms_of, load_inputs

    project = dm.load_project(dm.example_project_path())
    inputs = load_inputs(project)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        norm_set, _ = build_norms_of(project, inputs)
        costs, _ = cost_norms_of(project, norm_set, inputs.prices)
    return project, norm_set, costs


def test_example_day_rates_use_2026_contributions_and_grades(example_costs):
    project, norm_set, costs = example_costs
    assert project.as_of == D(2026, 9, 5)
    # Worked by hand: base salary 2,530,000 (NĐ 161/2026, from 01/07/2026); budget-paid unit, so no KPCĐ:
    # 17.5 + 3 + 1 + 0 = 21.5 %; 22 working days; no allowances.
    # Bậc nghề nghiệp 3 (A1) bậc lương 3: 2.34 + 2 x 0.33 = 3.00 -> 2,530,000 x 3.00 x 1.215 / 22 = 419,175
    # Bậc nghề nghiệp 4 (A2.1) bậc lương 3: 4.40 + 2 x 0.34 = 5.08 -> 2,530,000 x 5.08 x 1.215 / 22 = 709,803.27
    expected = {"BNN3": Decimal(419175), "BNN4": Decimal(709803)}
    seen = set()
    for norm in norm_set.norms:
        for line in norm.labour:
            # staff (nhân viên, NV) are not viên chức grades: they keep their label and group B
            assert line.grade.startswith("BNN") or line.grade == "NV", (norm.code, line.id, line.grade)
            cl = costs[norm.code].line(line.id)
            if line.step == 3 and line.grade in expected:
                assert cl.unit_cost == expected[line.grade], (norm.code, line.id)
                seen.add(line.grade)
            assert ("Bậc nghề nghiệp" if line.grade != "NV" else "Nhân viên") in cl.trace.description
            names = {p.name for p in cl.trace.parameters}
            assert "contributions.trade_union_fee" in names
            kpcd = next(p for p in cl.trace.parameters if p.name == "contributions.trade_union_fee")
            assert kpcd.value == 0 and "ngân sách nhà nước bảo đảm toàn bộ" in kpcd.label
    assert seen == {"BNN3", "BNN4"}
    assert any("bậc nghề nghiệp viên chức có hiệu lực từ 01/07/2026" in n for n in norm_set.notes)


def test_example_has_no_indirect_lines_and_prices_indirect_as_declared_share(example_costs):
    _, norm_set, costs = example_costs
    for norm in norm_set.norms:
        assert all(line.kind == "direct" for line in norm.labour)
        assert norm.indirect_labour_pct is not None
        up = costs[norm.code]
        direct = sum(l.amount for l in up.lines if l.component == "labour" and l.id != "LDGT")
        ldgt = up.line("LDGT")
        assert ldgt.amount == (direct * norm.indirect_labour_pct / 100).quantize(Decimal(1), ROUND_HALF_UP)
        assert ldgt.trace.declared[0].name == "indirect_labour_pct" and "Điều 7" in ldgt.trace.declared[0].source


def test_unverified_values_used_are_listed(example_costs):
    from dinhmuc.law.report import unverified_lines, unverified_used

    _, _, costs = example_costs
    names = {p.name for p in unverified_used(costs)}
    assert {"base_salary.base_salary", "contributions.trade_union_fee", "salary_coefficients.groups"} <= {
        n.split("[")[0] for n in names
    }
    assert any(line.startswith("Mức lương cơ sở = 2.530.000 đồng/tháng") for line in unverified_lines(costs))


# ------------------------------------------------------------------ the command


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "dinhmuc", "params", *args], capture_output=True, text=True, encoding="utf-8"
    )


def test_params_on_lists_every_value_with_source_and_flag():
    out = run("--on", "2026-09-05")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for name in P.names():
        assert name in text
    assert "2.530.000 đồng/tháng, từ 01/07/2026 — Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2 [CHƯA KIỂM CHỨNG]" in text
    assert "III → Bậc nghề nghiệp 3 (nhóm A1)" in text
    assert "Luật Tổ chức chính quyền địa phương số 72/2025/QH15" in text
    data = json.loads(run("--on", "05/09/2026", "--format", "json").stdout)
    assert len(data["values"]) == len(P.in_force(D(2026, 9, 5)))
    assert all({"citation", "verified", "from"} <= set(v) for v in data["values"])


def test_params_diff_shows_what_changed():
    data = json.loads(run("--diff", "2025-06-30", "2025-07-01", "--format", "json").stdout)
    changed = {c["name"] for c in data["values"]}
    assert {
        "contributions.trade_union_fee",
        "contributions.health_insurance",
        "contributions.social_insurance",
    } <= changed and "base_salary.base_salary" not in changed
    assert data["legal_bases"]["added"] == ["Luật Tổ chức chính quyền địa phương số 72/2025/QH15"]
    assert json.loads(run("--diff", "2026-08-01", "2026-09-01", "--format", "json").stdout)["values"] == []


def test_params_warns_about_files_not_reviewed_in_time(tmp_path):
    src = open(P.paths["base_salary"], encoding="utf-8").read()
    f = tmp_path / "base_salary.yaml"
    import re

    f.write_text(re.sub(r"last_reviewed: \d{4}-\d{2}-\d{2}", "last_reviewed: 2020-01-01", src), encoding="utf-8")
    out = run("--on", "2026-09-05", "--params-file", str(f), "--max-age", "365")
    assert out.returncode == 0, out.stderr
    assert f"Cảnh báo: {f}: last_reviewed 2020-01-01" in out.stdout


def test_params_bad_date_is_an_error_not_a_traceback():
    out = run("--on", "31/02/2026")
    assert out.returncode == 1 and "Traceback" not in out.stderr + out.stdout
    assert "15/08/2026 hoặc 2026-08-15" in out.stdout + out.stderr  # the one date reader (core.dates)
