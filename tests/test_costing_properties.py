"""Hypothesis properties of costing: linearity, totals, prices, base salary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

import dinhmuc as dm
from dinhmuc.costing import cost_norm, price_list_from_records

OPT = {"management_pct": Decimal("2.5"), "max_price_age_days": None}
ON = dt.date(2025, 6, 1)
qty = st.decimals(min_value=0, max_value=5000, places=3, allow_nan=False, allow_infinity=False)
price = st.integers(min_value=0, max_value=50_000_000)
# costs on one side of the salvage threshold (30,000,000) even when doubled
asset_cost = st.one_of(
    st.integers(min_value=0, max_value=14_999_999), st.integers(min_value=30_000_000, max_value=2_000_000_000)
)
pct = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("1e-12") * max(Decimal(1), abs(a), abs(b))


def norm(q_lab, q_mat, q_eq, loss=Decimal(0), rec=Decimal(0), unit="ca"):
    return dm.Norm(
        code="P1",
        name="Thử",
        unit="lớp",
        indirect_labour_pct=10,
        other_materials_pct=10,
        labour=[{"role": "Giáo viên", "grade": "II", "step": 2, "quantity": q_lab}],
        materials=[{"name": "Giấy in", "unit": "ram", "quantity": q_mat, "loss_rate": loss, "recovery_rate": rec}],
        equipment=[{"name": "Máy", "power_kw": 1.5, "unit": unit, "loaded": q_eq, "idle": q_eq / 4}],
    )


def prices(p_mat, cost, tariff, rate=20, repair=5):
    return price_list_from_records(
        [{"name": "Giấy in", "unit": "ram", "price": p_mat, "vat": "included", "source": "s", "date": "2025-01-01"}],
        [
            {
                "name": "Máy",
                "original_cost": cost,
                "depreciation_rate": rate,
                "depreciation_source": "s",
                "repair_rate": repair,
                "equipment_type": "field",
                "vat": "excluded",
                "source": "s",
                "date": "2025-01-01",
            }
        ],
        [
            {
                "kind": "electricity",
                "unit": "kWh",
                "price": tariff,
                "vat": "excluded",
                "source": "s",
                "date": "2025-01-01",
            }
        ],
    )


@settings(max_examples=40, deadline=None)
@given(
    q1=st.tuples(qty, qty, qty),
    q2=st.tuples(qty, qty, qty),
    p=price,
    c=asset_cost,
    t=price,
    loss=pct,
    rec=pct,
    unit=st.sampled_from(["ca", "giờ"]),
)
def test_cost_is_linear_in_each_quantity(q1, q2, p, c, t, loss, rec, unit):
    pl = prices(p, c, t)
    a = cost_norm(norm(*q1, loss, rec, unit), pl, ON, OPT)
    b = cost_norm(norm(*q2, loss, rec, unit), pl, ON, OPT)
    s = cost_norm(norm(*(x + y for x, y in zip(q1, q2, strict=True)), loss, rec, unit), pl, ON, OPT)
    k = cost_norm(norm(*(3 * x for x in q1), loss, rec, unit), pl, ON, OPT)
    for comp in ("labour", "materials", "equipment", "management"):
        assert close(s.exact_components[comp], a.exact_components[comp] + b.exact_components[comp]), comp
        assert close(k.exact_components[comp], 3 * a.exact_components[comp]), comp
    # printed lines stay within their rounding of the exact figure
    for up in (a, b, s):
        for line in up.lines:
            if line.component == "materials" and line.quantity is not None:
                assert abs(line.amount - line.exact) <= Decimal("0.5")
            if line.component == "equipment":
                assert (
                    abs(line.amount - line.exact)
                    <= Decimal("0.5") * len(line.parts) + Decimal("1e-9") + (line.quantity or 0) * 2
                )  # annual figures are rounded to whole đồng before / shifts


@settings(max_examples=40, deadline=None)
@given(q=st.tuples(qty, qty, qty), p=price, c=asset_cost, t=price, m=pct)
def test_total_equals_sum_of_components_and_lines(q, p, c, t, m):
    up = cost_norm(norm(*q), prices(p, c, t), ON, {**OPT, "management_pct": m})
    comps = up.components
    assert up.total == sum(comps.values())
    for comp, value in comps.items():
        assert value == sum(l.amount for l in up.lines if l.component == comp)
    assert close(up.exact_total, sum(up.exact_components.values()))
    assert up.to_frame()["amount"].sum() == up.total


@settings(max_examples=40, deadline=None)
@given(
    q=st.tuples(qty, qty, qty),
    p=price,
    c=asset_cost,
    t=price,
    rate=st.decimals(min_value=0, max_value=100, places=1),
    unit=st.sampled_from(["ca", "giờ"]),
)
def test_doubling_every_price_doubles_material_and_equipment_cost(q, p, c, t, rate, unit):
    pl = prices(p, c, t, rate=rate)
    one = cost_norm(norm(*q, unit=unit), pl, ON, OPT)
    two = cost_norm(norm(*q, unit=unit), pl.scaled(2, 2, 2), ON, OPT)
    for comp in ("materials", "equipment"):
        assert close(two.exact_components[comp], 2 * one.exact_components[comp]), comp
    assert two.exact_components["labour"] == one.exact_components["labour"]
    # printed: each rounded line moves by at most 1 đồng per rounding from twice its value
    n_mat = len([l for l in one.lines if l.component == "materials"])
    assert abs(two.components["materials"] - 2 * one.components["materials"]) <= 2 * n_mat


def test_bundled_base_salary_never_decreases():
    values = dm.default_parameters().parameter("base_salary.base_salary").values
    assert all(a.value <= b.value for a, b in pairwise(values))


dates = st.dates(min_value=dt.date(2021, 8, 15), max_value=dt.date(2031, 12, 31))


@settings(max_examples=40, deadline=None)
@given(
    d1=dates,
    d2=dates,
    q=qty,
    grade=st.sampled_from([("I", 6), ("II", 8), ("III", 9), ("IV", 10), ("NV", 12)]),
    data=st.data(),
)
def test_later_higher_base_salary_never_lowers_labour_cost(d1, d2, q, grade, data):
    d1, d2 = sorted((d1, d2))
    step = data.draw(st.integers(min_value=1, max_value=grade[1]))
    n = dm.Norm(
        code="P2", name="Thử", unit="lớp", labour=[{"role": "r", "grade": grade[0], "step": step, "quantity": q}]
    )
    pl = price_list_from_records()
    a = cost_norm(n, pl, d1, OPT).components["labour"]
    b = cost_norm(n, pl, d2, OPT).components["labour"]
    assert b >= a
