"""The costing formulas (dinhmuc.costing.formulas) on the figures a cost engineer works by hand.

The figures are those of tests/cases/costing/known_answers.yaml (dữ liệu minh họa), where
test_costing_known checks dm.cost_norm on the same cases: here each formula is checked on
its own, so a wrong step is named by the test that fails. Property tests check what holds
for any input: a percent row of a sum is the sum of the percent rows, rounding lands on the
step and moves the value by at most half a step.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

import dinhmuc as dm
from dinhmuc.costing import formulas as f
from dinhmuc.costing.prices import price_list_from_records

WHOLE = {"step": D(1), "mode": "half_up"}


def test_daily_wage_of_hang_iii_bac_3():
    # 2,340,000 x 3.00 = 7,020,000; x (1 + 23.5 %) = 8,669,700; / 22 = 394,077.27 -> 394,077
    salary, monthly = f.monthly_salary_cost(D(2340000), D("3.00"), D(0), D(0), D("23.5"))
    assert salary == 7020000 and monthly == D(8669700)
    assert f.round_step(f.daily_wage(monthly, D(22)), WHOLE) == 394077


def test_salary_ladder_of_a1():
    # A1: 2.34, step 3 = 2.34 + 2 x 0.33 = 3.00
    assert f.salary_ladder(D("2.34"), D("0.33"), 9)[2] == D("3.00")


def test_labour_in_hours_and_indirect_labour():
    # 16 giờ / 8 = 2 công; heavy 12 giờ / 6 = 2 công; LDGT 10 % of 7,518,990 = 751,899
    assert f.hours_to_cong(D(16), D(8)) == 2 and f.hours_to_cong(D(12), D(6)) == 2
    assert f.round_step(f.percent_of(D(7518990), D(10)), WHOLE) == 751899


def test_materials_net_of_loss_and_recovery():
    # 30 x 1.02 = 30.6 x 45,000 = 1,377,000; 150.25 x (1 - 5.5 %) = 141.98625 x 12,345 -> 1,752,820
    assert f.line_amount(f.net_quantity(D(30), D(2), D(0)), D(45000)) == 1377000
    net = f.net_quantity(D("150.25"), D(0), D("5.5"))
    assert net == D("141.98625")
    assert f.round_step(f.line_amount(net, D(12345)), WHOLE) == 1752820


def test_projector_per_ca():
    # 15,000,000 < 30,000,000: no salvage; 20 % -> 3,000,000/year, repair 5 % -> 750,000; 250 ca
    cost = D(15000000)
    salvage = f.salvage_value(cost, D(10), D(30000000))
    assert salvage == 0
    assert f.annual_depreciation(cost, salvage, D(20)) / 250 == 12000
    assert f.annual_repair(cost, D(5)) / 250 == 3000
    # 22 ca of use; electricity on the 20 loaded ca of 8 h: 0.3 x 160 x 1.05 = 50.4 kWh x 2,500
    assert f.use_cost(D(22), cost - salvage, D(20), D(250)) == 264000
    assert f.use_cost(D(22), cost, D(5), D(250)) == 66000
    kwh = f.electricity_kwh(D("0.3"), D(160), D("1.05"))
    assert kwh == D("50.4") and f.line_amount(kwh, D(2500)) == 126000


def test_generator_per_hour_with_salvage():
    # 150,000,000 >= 30,000,000: salvage 15,000,000; 12.5 % x 135,000,000 = 16,875,000/year;
    # repair 6 % = 9,000,000/year; 2,000 h a year; 40 giờ -> 337,500 + 180,000
    cost = D(150000000)
    salvage = f.salvage_value(cost, D(10), D(30000000))
    assert salvage == 15000000
    assert f.annual_depreciation(cost, salvage, D("12.5")) == 16875000
    assert f.use_cost(D(40), cost - salvage, D("12.5"), D(2000)) == D("337500")
    assert f.use_cost(D(40), cost, D(6), D(2000)) == D("180000")


def test_tool_cost_per_ca():
    # 1,560,000 over 24 months of 26 working days = 2,500 đ/ca
    assert f.tool_cost_per_use(D(1560000), D(24), D(26)) == 2500


def test_unit_price_lines_are_the_formulas():
    """cost_norm's labour, material and management lines equal the formulas composed by hand."""
    norm = dm.Norm(
        code="KA6",
        name="Quản lý (ca thử)",
        unit="lớp",
        labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
        materials=[{"name": "Tài liệu", "spec": "A4", "unit": "bộ", "quantity": 30, "loss_rate": 2}],
    )
    prices = price_list_from_records(
        materials=[
            {
                "name": "Tài liệu",
                "spec": "A4",
                "unit": "bộ",
                "price": 45000,
                "vat": "included",
                "source": "Báo giá (minh họa)",
                "date": "2025-01-02",
            }
        ]
    )
    up = dm.cost_norm(norm, prices, dt.date(2025, 1, 15), {"management_pct": D("2.5")})
    daily = f.round_step(
        f.daily_wage(f.monthly_salary_cost(D(2340000), D("3.00"), D(0), D(0), D("23.5"))[1], D(22)), WHOLE
    )
    labour = f.round_step(f.line_amount(D(10), daily), WHOLE)
    materials = f.round_step(f.line_amount(f.net_quantity(D(30), D(2), D(0)), D(45000)), WHOLE)
    management = f.round_step(f.percent_of(labour + materials, D("2.5")), WHOLE)
    assert (up.line("LD1").amount, up.line("VT1").amount, up.line("QL").amount) == (labour, materials, management)
    assert up.total == labour + materials + management == 5450714


money = st.decimals(min_value=0, max_value=D(10**12), places=4, allow_nan=False, allow_infinity=False)
pcts = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200)
@given(st.lists(money, min_size=1, max_size=8), pcts)
def test_percent_of_a_sum_is_the_sum_of_percents(parts, pct):
    assert f.percent_of(sum(parts, D(0)), pct) == sum((f.percent_of(p, pct) for p in parts), D(0))


@settings(max_examples=200)
@given(money, st.sampled_from([D(1), D(10), D(1000)]))
def test_rounding_lands_on_the_step_within_half_a_step(value, step):
    rounded = f.round_step(value, {"step": step, "mode": "half_up"})
    assert rounded % step == 0
    assert abs(rounded - value) <= step / 2
