"""Legal parameters as dated data: every file, every change (day before, of, after), strict loading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import dinhmuc as dm
from dinhmuc.costing.unit_price import ROUNDING_MODES, salary_coefficient
from dinhmuc.params import read_parameter_file

P = dm.load_parameters()
DAY = dt.timedelta(days=1)
CHANGES = [(name, i) for name in P.names() for i in range(len(P.parameter(name).values))]


def test_every_file_has_title_last_reviewed_and_cited_values():
    for stem, f in P.files.items():
        assert f.title and isinstance(f.last_reviewed, dt.date), stem
        for key, p in f.parameters.items():
            for v in p.values:
                assert v.citation.document.strip(), f"{stem}.{key} {v.start}"
                assert isinstance(v.verified, bool)


@pytest.mark.parametrize("name,i", CHANGES, ids=[f"{n}@{i}" for n, i in CHANGES])
def test_day_before_of_and_after_every_change(name, i):
    values = P.parameter(name).values
    start = values[i].start
    if i == 0:
        with pytest.raises(dm.ParameterError, match="không có giá trị trước ngày"):
            P.get(name, start - DAY)
    else:
        assert P.get(name, start - DAY).start == values[i - 1].start
        assert P.value(name, start - DAY) == values[i - 1].value
    assert P.value(name, start) == values[i].value and P.get(name, start).start == start
    nxt = values[i + 1].start if i + 1 < len(values) else None
    if nxt != start + DAY:
        assert P.value(name, start + DAY) == values[i].value


@pytest.mark.parametrize(
    "day,value,verified",
    [
        ("2019-06-30", None, None),
        ("2019-07-01", 1490000, True),
        ("2023-06-30", 1490000, True),
        ("2023-07-01", 1800000, True),
        ("2024-06-30", 1800000, True),
        ("2024-07-01", 2340000, True),
        ("2024-07-02", 2340000, True),
        ("2026-06-30", 2340000, True),
        ("2026-07-01", 2530000, False),
        ("2026-07-02", 2530000, False),
    ],
)
def test_base_salary(day, value, verified):
    on = dt.date.fromisoformat(day)
    if value is None:
        with pytest.raises(dm.ParameterError):
            P.get("base_salary.base_salary", on)
        return
    v = P.get("base_salary.base_salary", on)
    assert v.value == Decimal(value) and v.verified is verified and v.unit == "đồng/tháng"
    if not verified:
        assert "CHƯA KIỂM CHỨNG" in v.cite() and "161/2026" in v.cite()


@pytest.mark.parametrize(
    "group,steps,first,last",
    [
        ("A3.1", 6, "6.20", "8.00"),
        ("A3.2", 6, "5.75", "7.55"),
        ("A2.1", 8, "4.40", "6.78"),
        ("A2.2", 8, "4.00", "6.38"),
        ("A1", 9, "2.34", "4.98"),
        ("A0", 10, "2.10", "4.89"),
        ("B", 12, "1.86", "4.06"),
    ],
)
def test_salary_coefficients_first_and_last_steps(group, steps, first, last):
    on = dt.date(2025, 1, 1)
    assert salary_coefficient(group, 1, on)[0] == Decimal(first)
    coef, pv = salary_coefficient(group, steps, on)
    assert coef == Decimal(last)
    assert "204/2004" in pv.cite()
    with pytest.raises(dm.InputError, match="nằm ngoài"):
        salary_coefficient(group, steps + 1, on)
    with pytest.raises(dm.InputError):
        salary_coefficient(group, 0, on)


def test_grades_match_the_coefficient_table():
    table = P.value("salary_coefficients.groups", dt.date(2025, 1, 1))
    for grade in dm.default_registry().grades.values():
        assert grade.salary_group in table, grade
        assert int(table[grade.salary_group]["steps"]) == grade.steps, grade


def test_unknown_salary_group():
    with pytest.raises(dm.UnknownReferenceError):
        salary_coefficient("Z9", 1, dt.date(2025, 1, 1))
    with pytest.raises(dm.ParameterError):
        salary_coefficient("A1", 1, dt.date(2004, 9, 30))


def test_contributions_total_and_flags():
    on = dt.date(2025, 6, 30)  # the day before the KPCĐ exemption (tests/test_law_params.py covers after)
    vals = {n: P.get(f"contributions.{n}", on) for n in P.files["contributions"].parameters}
    assert {k: v.value for k, v in vals.items()} == {
        "social_insurance": Decimal("17.5"),
        "health_insurance": 3,
        "unemployment_insurance": 1,
        "trade_union_fee": 2,
    }
    assert sum(v.value for v in vals.values()) == Decimal("23.5")
    assert not any(v.verified for v in vals.values())
    assert "2014" in vals["social_insurance"].citation.document
    assert "2024" in P.get("contributions.social_insurance", dt.date(2025, 7, 1)).citation.document


def test_costing_rules():
    on = dt.date(2025, 1, 1)
    wd = P.get("costing_rules.working_days_per_month", on)
    assert wd.value == 22 and "188/1999" in wd.citation.document
    assert "26" in P.parameter("costing_rules.working_days_per_month").description
    assert P.value("costing_rules.shifts_per_year", on) == {"field": 250, "indoor": 500, "office": 250}
    assert P.value("costing_rules.salvage", on) == {"pct": 10, "min_cost": 30000000}
    assert P.value("costing_rules.energy_aux_factor", on) == Decimal("1.05")
    # TTLT 26/2014 caps until its replacement by TT 28/2018/TT-BTC (15/05/2018); none bundled after
    assert P.value("costing_rules.management_cap", dt.date(2018, 5, 14)) == {
        "agency": Decimal("1.5"),
        "project": Decimal("2.5"),
    }
    assert P.value("costing_rules.management_cap", on) == {}
    assert P.value("costing_rules.fixed_asset_threshold", on)["min_cost"] == 10000000
    for figure, rule in P.value("costing_rules.rounding", on).items():
        assert rule["mode"] == "half_up" and rule["step"] > 0 and rule["mode"] in ROUNDING_MODES, figure
    assert P.value("working_time.hours_per_day", on) == 8


def test_project_declares_26_working_days_by_replacing_the_file(tmp_path):
    src = P.paths["costing_rules"]
    text = open(src, encoding="utf-8").read().replace("value: 22", "value: 26")
    f = tmp_path / "costing_rules.yaml"
    f.write_text(text, encoding="utf-8")
    p = dm.load_parameters(extra=[f])
    assert p.value("costing_rules.working_days_per_month", dt.date(2025, 1, 1)) == 26
    assert p.get("costing_rules.working_days_per_month", dt.date(2025, 1, 1)).file == str(f)


GOOD = """title: T
last_reviewed: 2026-11-26
parameters:
  x:
    label: X
    values:
      - from: 2024-07-01
        value: 1
        citation: {document: NĐ 1/2024/NĐ-CP, article: Điều 1}
        verified: true
"""


@pytest.mark.parametrize(
    "change,key,code",
    [
        (("verified: true", "verified: true\n        colour: red"), "colour", "extra_key"),
        (("        citation: {document: NĐ 1/2024/NĐ-CP, article: Điều 1}\n", ""), "citation", "missing"),
        (("from: 2024-07-01", "from: 01/07/2024"), "from", "invalid_date"),
        (("from: 2024-07-01", "from: 2024-7-1"), "from", "invalid_date"),
        (("last_reviewed: 2026-11-26", "last_reviewed: 26/11/2026"), "last_reviewed", "invalid_date"),
        (
            (
                "        verified: true\n",
                "        verified: true\n      - from: 2024-07-01\n        value: 2\n"
                "        citation: {document: NĐ 2/2024/NĐ-CP}\n        verified: false\n",
            ),
            "parameters.x",
            "duplicate_date",
        ),
        (("title: T\n", "title: T\nauthor: me\n"), "author", "extra_key"),
        (("{document: NĐ 1/2024/NĐ-CP, article: Điều 1}", "{article: Điều 1}"), "document", "missing"),
    ],
)
def test_strict_loading_names_file_and_key(tmp_path, change, key, code):
    f = tmp_path / "bad.yaml"
    old, new = change
    assert old in GOOD
    f.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(dm.InputError) as exc:
        read_parameter_file(f)
    text = str(exc.value)
    assert str(f) in text and key in text, text
    assert code in exc.value.codes, exc.value.codes
    # the whole folder fails the same way
    with pytest.raises(dm.InputError, match="bad.yaml"):
        dm.load_parameters(tmp_path)


def test_good_file_loads(tmp_path):
    f = tmp_path / "good.yaml"
    f.write_text(GOOD, encoding="utf-8")
    assert read_parameter_file(f).parameters["x"].values[0].value == 1
