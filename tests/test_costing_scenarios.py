"""Scenarios: the float model agrees with the Decimal costing; tornado PNG; Monte Carlo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from costing_helpers import ON, OPTIONS, norm_set, prices

import dinhmuc as dm
from dinhmuc.costing import FACTORS, CostModel


@pytest.fixture(scope="module")
def ups():
    return [dm.cost_norm(n, prices(), ON, OPTIONS) for n in norm_set()]


def test_model_base_case_matches_decimal(ups):
    m = CostModel.from_unit_prices(ups)
    base = m.evaluate()[0]
    for up, v in zip(ups, base):
        assert abs(v - float(up.total)) <= 2 + 1e-6 * float(up.total)  # rounding of the printed lines only


def test_model_matches_decimal_for_price_and_salary_changes(ups):
    norm = norm_set()["KC01"]
    m = CostModel.from_unit_prices([ups[0]])
    # (equipment costs are left alone: doubling 15-20 million machines crosses the 30 million salvage
    # threshold, which the float model holds at its base case, as documented)
    doubled = dm.cost_norm(norm, prices().scaled(2, 1, 2), ON, OPTIONS)
    f = m.evaluate(materials=2, energy=2)[0, 0]
    assert abs(f - float(doubled.exact_total)) < 1e-9 * float(doubled.exact_total)
    later = dm.cost_norm(norm, prices(), dt.date(2026, 7, 1), {**OPTIONS, "max_price_age_days": None})
    f = m.evaluate(base_salary=2530000 / 2340000)[0, 0]
    assert abs(f - float(later.exact_total)) < 1e-9 * float(later.exact_total)
    days26 = dm.cost_norm(norm, prices(), ON, {**OPTIONS, "working_days_per_month": 26})
    assert abs(m.evaluate(working_days=26 / 22)[0, 0] - float(days26.exact_total)) < 1e-6 * float(days26.total)


def test_tornado_png(ups, tmp_path):
    path = tmp_path / "tornado.png"
    df = dm.tornado(ups, path=path)
    assert path.stat().st_size > 10_000 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(df.service) == {u.norm for u in ups}
    kc09 = df[df.service == "KC09"]
    assert kc09.iloc[0].factor in ("scale", "materials", "coefficient")  # materials dominate the fair
    assert (kc09.swing >= 0).all() and "Decimal" in df.attrs["note"]
    one = dm.tornado(ups[0], path=tmp_path / "one.png", ranges={"materials": (0.5, 1.5)})
    row = one[one.factor == "materials"].iloc[0]
    assert row.low == 0.5 and row.price_high > row.price_low
    with pytest.raises(KeyError):
        dm.tornado(ups[0], ranges={"weather": (0, 1)})


def test_monte_carlo(ups):
    r = dm.monte_carlo(ups, n=20_000, seed=1)
    assert r.samples.shape == (20_000, 10)
    s = r.summary()
    assert list(s.service) == [u.norm for u in ups] and (s.p5 <= s.p50).all() and (s.p50 <= s.p95).all()
    assert isinstance(s.official[0], Decimal) and "giá chính thức là đơn giá Decimal" in r.note
    same = dm.monte_carlo(ups, n=20_000, seed=1)
    assert np.array_equal(r.samples, same.samples)
    fixed = dm.monte_carlo(ups, n=10, ranges={k: (1, 1) for k in FACTORS})
    assert np.allclose(fixed.samples, CostModel.from_unit_prices(ups).evaluate())
    tri = dm.monte_carlo(ups, n=1000, distribution="triangular")
    assert tri.samples.shape == (1000, 10)
    with pytest.raises(ValueError):
        dm.monte_carlo(ups, n=10, distribution="cauchy")
    with pytest.raises(ValueError):
        dm.monte_carlo(ups, n=10, ranges={"scale": (2, 1)})


# ---------------------------------------------------------------------------------------------------------------
# Every scenario factor acts as a full re-costing does (issue 14: exact scenarios)
# ---------------------------------------------------------------------------------------------------------------


def _parameters_with_base_salary(factor: float):
    """The bundled parameters, the base salary in force on ON multiplied by ``factor`` (exactly, as a Decimal)."""
    params = dm.default_parameters()
    files = dict(params.files)
    bs = files["base_salary"]
    p = bs.parameters["base_salary"]
    values = [v.model_copy(update={"value": v.value * Decimal(repr(factor))}) if v is p.at(ON) else v for v in p.values]
    files["base_salary"] = bs.model_copy(
        update={"parameters": {**bs.parameters, "base_salary": p.model_copy(update={"values": values})}}
    )
    return type(params)(files, params.paths)


def _with_material_price(price_list, name: str, factor: float):
    """The price list with one material's price multiplied by ``factor``."""
    from dinhmuc.costing import PriceList

    mats = [
        (mp.model_copy(update={"price": mp.price * Decimal(repr(factor))}) if mp.name == name else mp, row)
        for mp, row in price_list.materials
    ]
    return PriceList(mats, price_list.equipment, price_list.energy)


def _with_coefficient(norm, factor: float):
    table = dm.AdjustmentTable(
        code="kich_ban",
        name="Hệ số kịch bản",
        basis="other",
        classes=[{"key": "k", "label": "kịch bản", "factor": Decimal(repr(factor))}],
    )
    return norm.model_copy(update={"adjustments": list(norm.adjustments) + [table]})


@pytest.mark.parametrize("seed", range(12))
def test_every_factor_acts_as_a_full_recosting(seed):
    gen = np.random.default_rng(seed)

    class _Rounded:  # factors with 4 decimals: exact as Decimals, as a user would type them
        @staticmethod
        def uniform(lo, hi):
            return round(float(gen.uniform(lo, hi)), 4)

        integers = staticmethod(gen.integers)

    rng = _Rounded()
    f = {
        "base_salary": rng.uniform(0.8, 1.3),
        "working_days": rng.uniform(0.8, 1.25),
        "materials": rng.uniform(0.5, 2),
        "equipment": rng.uniform(0.3, 3.5),  # crosses the 30 M salvage threshold
        "energy": rng.uniform(0.5, 2),
        "scale": rng.uniform(0.5, 2),
        "coefficient": rng.uniform(0.8, 1.6),
        "management": rng.uniform(0, 2),
    }
    base_days = dm.default_parameters().value("costing_rules.working_days_per_month", ON)
    params = _parameters_with_base_salary(f["base_salary"])
    options = {
        **OPTIONS,
        "working_days_per_month": base_days * Decimal(repr(f["working_days"])),
        "management_pct": Decimal(str(OPTIONS["management_pct"])) * Decimal(repr(f["management"])),
    }
    for norm in norm_set():
        up = dm.cost_norm(norm, prices(), ON, OPTIONS)
        model = CostModel.from_unit_prices(up)
        factors = dict(f)
        price_list = prices().scaled(
            Decimal(repr(f["materials"])), Decimal(repr(f["equipment"])), Decimal(repr(f["energy"]))
        )
        if norm.materials:  # one line's own price on top of the materials factor
            line = norm.materials[int(rng.integers(len(norm.materials)))]
            factors[f"line:{norm.code}/{line.id}"] = g = rng.uniform(0.5, 1.5)
            price_list = _with_material_price(price_list, line.name, g)
        drivers = {d: v * Decimal(repr(f["scale"])) for d, v in norm.reference_scale.items()}
        if drivers:  # one driver on its own on top of the scale
            d = sorted(drivers)[int(rng.integers(len(drivers)))]
            factors[f"driver:{d}"] = g = rng.uniform(0.5, 1.5)
            drivers[d] *= Decimal(repr(g))
        recosted = dm.cost_norm(
            _with_coefficient(norm, f["coefficient"]),
            price_list,
            ON,
            options,
            drivers=drivers,
            adjustments={"kich_ban": "k"},
            parameters=params,
        )
        scenario = model.evaluate(**factors)[0, 0]
        exact = float(recosted.exact_total)
        assert scenario == pytest.approx(exact, rel=1e-9), norm.code
        # and the official (rounded line by line) figure is within the rounding of its printed lines
        assert abs(scenario - float(recosted.total)) <= len(recosted.lines) * 2 + 1e-6 * exact


def test_scale_acts_only_through_drivers():
    """KC05 (one model, no driver) does not change with the scale; a line scaling with two drivers scales twice."""
    ups = {n.code: dm.cost_norm(n, prices(), ON, OPTIONS) for n in norm_set()}
    fixed = (
        [c for c, n in norm_set().items() if not n.reference_scale]
        if hasattr(norm_set(), "items")
        else [n.code for n in norm_set() if not n.reference_scale]
    )
    for code in fixed:
        m = CostModel.from_unit_prices(ups[code])
        assert m.evaluate(scale=1.2)[0, 0] == pytest.approx(m.evaluate()[0, 0], rel=1e-12)
    kc01 = norm_set()["KC01"]
    m = CostModel.from_unit_prices(ups["KC01"])
    twice = [l for _, l in kc01.lines() if len(l.scales_with) == 2]
    if twice:
        key = f"line:KC01/{twice[0].id}"
        if key in m.exponents:
            assert set(m.exponents["scale"][m.exponents[key] == 1]) == {2}


def test_unknown_factor_is_refused(ups):
    m = CostModel.from_unit_prices(ups)
    with pytest.raises(KeyError, match="hệ số không có"):
        m.evaluate(weather=2)
    assert "driver:learners" in m.factor_names and any(n.startswith("line:KC01/") for n in m.factor_names)
