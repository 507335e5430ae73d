"""Bad inputs get their own clear error, naming the line, the row or the parameter."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

import dinhmuc as dm
from dinhmuc.costing import PriceAgeWarning, cost_norm, load_prices, price_list_from_records

ON = dt.date(2025, 6, 1)
OPT = {"management_pct": 2}
NORM = dm.Norm(
    code="E1",
    name="Thử lỗi",
    unit="lớp",
    labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 2}],
    materials=[{"name": "Giấy in", "unit": "ram", "quantity": 2}],
    equipment=[{"name": "Máy chiếu", "power_kw": 0.3, "loaded": 2}],
)
MAT = {
    "name": "Giấy in",
    "unit": "ram",
    "price": 75000,
    "vat": "included",
    "source": "Báo giá (minh họa)",
    "date": "2025-03-01",
}
EQ = {
    "name": "Máy chiếu",
    "original_cost": 15000000,
    "depreciation_rate": 20,
    "depreciation_source": "TT 23/2023",
    "repair_rate": 5,
    "equipment_type": "office",
    "vat": "included",
    "source": "Báo giá (minh họa)",
    "date": "2025-03-01",
}
EN = {
    "kind": "electricity",
    "unit": "kWh",
    "price": 2500,
    "vat": "excluded",
    "source": "Biểu giá (minh họa)",
    "date": "2025-03-01",
}

#: These tests read the engine's messages in English (the catalogue's other language).
pytestmark = pytest.mark.usefixtures("english")


def pl(mat=None, eq=None, en=None):
    return price_list_from_records([{**MAT, **(mat or {})}], [{**EQ, **(eq or {})}], [{**EN, **(en or {})}])


def test_all_good():
    assert cost_norm(NORM, pl(), ON, OPT).total > 0


def test_missing_price_names_the_line():
    with pytest.raises(dm.PriceError, match=r"E1/VT1 \(Giấy in\): no price for 'Giấy in'"):
        cost_norm(NORM, pl(mat={"name": "Giấy khác"}), ON, OPT)
    with pytest.raises(dm.PriceError, match=r"E1/VT1 .*has no price"):
        cost_norm(NORM, pl(mat={"price": None}), ON, OPT)
    with pytest.raises(dm.PriceError, match=r"E1/TB1 .*no price for 'Máy chiếu'"):
        cost_norm(NORM, pl(eq={"name": "Máy khác"}), ON, OPT)
    with pytest.raises(dm.PriceError, match="no electricity tariff"):
        cost_norm(NORM, price_list_from_records([MAT], [EQ], None), ON, OPT)
    with pytest.raises(KeyError):  # PriceError is a KeyError
        cost_norm(NORM, pl(eq={"original_cost": None}), ON, OPT)


@pytest.mark.parametrize("which", ["mat", "eq", "en"])
def test_unknown_vat_status_is_refused(which):
    with pytest.raises(dm.PriceError, match="VAT status .* is unknown"):
        cost_norm(NORM, pl(**{which: {"vat": "không rõ"}}), ON, OPT)
    with pytest.raises(dm.PriceError, match="VAT status"):
        cost_norm(NORM, pl(**{which: {"vat": None}}), ON, OPT)  # a blank cell is unknown


def test_declared_vat_basis():
    with pytest.raises(dm.PriceError, match="declared chưa gồm thuế GTGT"):
        cost_norm(NORM, pl(), ON, {**OPT, "vat": "excluded"})


def test_date_outside_parameters():
    with pytest.raises(dm.ParameterError, match="no value before 2019-07-01"):
        cost_norm(NORM, pl(), dt.date(2019, 6, 30), OPT)
    with pytest.raises(LookupError):
        cost_norm(NORM, pl(), dt.date(2021, 8, 14), {**OPT, "max_price_age_days": None})


def test_prices_dated_after_the_costing_date():
    with pytest.raises(dm.PriceError, match="dated after"):
        cost_norm(NORM, pl(mat={"date": "2025-07-01"}), ON, OPT)


def test_unknown_grade():
    with pytest.raises(ValueError, match="unknown job-title grade 'V'"):
        dm.Norm(code="E2", name="x", unit="lớp", labour=[{"role": "r", "grade": "V", "step": 1, "quantity": 1}])
    bad = NORM.model_copy(update={"labour": [NORM.labour[0].model_copy(update={"grade": "V"})]})
    with pytest.raises(dm.UnknownReferenceError, match=r"E1/LD1 .*unknown job-title grade 'V'"):
        cost_norm(bad, pl(), ON, OPT)


def test_missing_step():
    bad = NORM.model_copy(update={"labour": [NORM.labour[0].model_copy(update={"step": None})]})
    with pytest.raises(dm.InputError, match="no step"):
        cost_norm(bad, pl(), ON, OPT)


@pytest.mark.parametrize(
    "table,row",
    [
        ("materials", {**MAT, "price": -1}),
        ("equipment", {**EQ, "original_cost": -5}),
        ("energy", {**EN, "price": "-2500"}),
    ],
)
def test_negative_price(table, row):
    with pytest.raises(dm.InputError) as exc:
        load_prices(**{table: pd.DataFrame([row])})
    assert "negative" in exc.value.codes and "row 1" in str(exc.value)


def test_price_list_errors_name_file_row_and_column(tmp_path):
    f = tmp_path / "materials.csv"
    f.write_text(
        "Tên vật tư,Đơn vị tính,Đơn giá (đồng),Thuế GTGT,Nguồn giá,Ngày giá,Màu\n"
        "Giấy in,ram,75000,đã gồm,Báo giá,2025-03-01,đỏ\n"
        "Bút,hũ,-3,có thể,Báo giá,31/02/2025,xanh\n",
        encoding="utf-8",
    )
    with pytest.raises(dm.InputError) as exc:
        load_prices(materials=f)
    text = str(exc.value)
    assert "unknown column 'Màu'" in text
    assert "row 3" in text and "unknown unit 'hũ'" in text and "negative" in text
    assert "Thuế GTGT" in text and "included/đã gồm" in text
    assert "Ngày giá" in text and "31/02/2025" in text
    dates = [p for p in exc.value.problems if p.location.field == "date"]
    assert len(dates) == 1 and dates[0].code == "invalid_date"  # once, never a second time as "missing"


def test_unit_mismatch_is_an_error_not_a_conversion():
    with pytest.raises(dm.PriceError, match="priced per tờ .* counts it in 'ram'"):
        cost_norm(NORM, pl(mat={"unit": "tờ"}), ON, OPT)


def test_spec_mismatch():
    norm = NORM.model_copy(update={"materials": [NORM.materials[0].model_copy(update={"spec": "A4"})]})
    with pytest.raises(dm.PriceError, match="only for spec"):
        cost_norm(norm, pl(mat={"spec": "A3"}), ON, OPT)
    assert cost_norm(norm, pl(mat={"spec": "a4"}), ON, OPT).total > 0  # case ignored
    assert cost_norm(norm, pl(), ON, OPT).total > 0  # a price without spec serves every spec


def test_equipment_data_missing():
    with pytest.raises(dm.InputError, match="needs its source"):
        price_list_from_records(None, [{**EQ, "depreciation_source": None}])
    with pytest.raises(dm.PriceError, match="neither shifts_per_year"):
        cost_norm(NORM, pl(eq={"equipment_type": None}), ON, OPT)
    with pytest.raises(dm.PriceError, match="no depreciation rate"):
        cost_norm(NORM, pl(eq={"depreciation_rate": None, "depreciation_source": None}), ON, OPT)
    with pytest.raises(dm.InputError, match="whole đồng"):
        price_list_from_records(None, [{**EQ, "original_cost": 15000000.5}])


def test_old_price_is_warned_about():
    with pytest.warns(PriceAgeWarning, match="days old"):
        up = cost_norm(NORM, pl(mat={"date": "2023-01-01"}), ON, OPT)
    assert any("2023-01-01" in w for w in up.warnings) and "Cảnh báo" in up.explain()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost_norm(NORM, pl(mat={"date": "2023-01-01"}), ON, {**OPT, "max_price_age_days": None})


def test_options_must_declare_management():
    with pytest.raises(dm.InputError, match="management_pct"):
        cost_norm(NORM, pl(), ON)
    with pytest.raises(dm.InputError, match="management_pct"):
        cost_norm(NORM, pl(), ON, {"working_days_per_month": 22})
    with pytest.raises(dm.InputError, match="extra_key|unknown key"):
        cost_norm(NORM, pl(), ON, {"management_pct": 2, "colour": 1})
    with pytest.raises(dm.InputError):
        cost_norm(NORM, pl(), ON, {"management_pct": 120})


def test_management_above_cap_is_warned():
    # no bundled cap after TTLT 26/2014 (replaced 15/05/2018): the project declares one with its basis
    up = cost_norm(NORM, pl(), ON, {"management_pct": 3})
    assert not any("above" in w for w in up.warnings)
    basis = "Thông tư 28/2018/TT-BTC, sửa đổi bởi TT 64/2024/TT-BTC (khai báo của tỉnh)"
    up = cost_norm(NORM, pl(), ON, {"management_pct": 3, "management_cap_pct": 2.5, "management_cap_basis": basis})
    assert any("above the project cap 2,5 %" in w and basis in w for w in up.warnings)
    assert any(d.name == "management_cap_pct" and d.source == basis for d in up.line("QL").trace.declared)
    up = cost_norm(NORM, pl(), ON, {"management_pct": 2, "management_cap_pct": 2.5})
    assert up.warnings == ["management_cap_pct is declared without its basis (management_cap_basis)"]


def test_unknown_contribution_and_bad_date():
    with pytest.raises(dm.UnknownReferenceError, match="pension"):
        cost_norm(NORM, pl(), ON, {**OPT, "contributions": ["pension"]})
    with pytest.raises(dm.InputError, match="must be a date"):
        cost_norm(NORM, pl(), "2025-06-01", OPT)


def test_bad_workbook_and_file_types(tmp_path):
    f = tmp_path / "x.xlsx"
    f.write_text("not excel")
    with pytest.raises(dm.InputError, match="not a readable"):
        load_prices(f)
    with pytest.raises(dm.InputError, match="single CSV"):
        load_prices(tmp_path / "a.csv")


def test_material_in_kwh_takes_the_electricity_tariff():
    norm = dm.Norm(code="E3", name="Điện", unit="lớp", materials=[{"name": "Điện năng", "unit": "kWh", "quantity": 10}])
    up = cost_norm(norm, pl(), ON, OPT)
    assert up.line("VT1").amount == 25000 and up.line("VT1").trace.prices[0].kind == "energy"


def test_a_declared_vat_assumption_replaces_unknown_and_is_traced():
    import datetime as dt

    import pandas as pd

    import dinhmuc as dm

    raw = dm.load_prices(
        materials=pd.DataFrame(
            [
                {
                    "name": "Băng rôn",
                    "unit": "cái",
                    "price": 450000,
                    "vat": "không rõ",
                    "source": "Hộ kinh doanh X",
                    "date": "2026-03-01",
                }
            ]
        )
    )
    assumed = raw.assume_vat(
        [
            {
                "sheet": "materials",
                "name": "băng  RÔN",
                "vat": "included",
                "reason": "hộ kinh doanh nộp thuế khoán, giá bán đã gồm thuế",
            }
        ]
    )
    price = assumed.material("Băng rôn", "cái", None, dt.date(2026, 9, 5))
    assert price.vat == "included" and "do dự án khai báo" in price.source and "thuế khoán" in price.source
    assert raw.material("Băng rôn", "cái", None, dt.date(2026, 9, 5)).vat == "unknown"  # the original is untouched
    with pytest.raises(dm.InputError) as err:
        raw.assume_vat([{"sheet": "materials", "name": "Giấy in", "vat": "included", "reason": "x"}])
    assert err.value.problems[0].code == "unmatched"


def test_a_price_error_names_the_column_of_its_own_sheet(tmp_path):
    """``price`` is "Đơn giá (đồng)" on the materials sheet and "Đơn giá ngày công (đồng)" on the labour
    sheet: a bad material price must name the materials header, the one the clerk typed into."""
    f = tmp_path / "materials.csv"
    f.write_text("Tên vật tư,Đơn vị tính,Đơn giá (đồng)\nGiấy in,ram,mười nghìn\n", encoding="utf-8")
    with pytest.raises(dm.InputError) as exc:
        load_prices(materials=f)
    [problem] = [p for p in exc.value.problems if p.location.field == "price"]
    assert problem.location.label == "Đơn giá (đồng)"
