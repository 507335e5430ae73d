"""The norm model: what a norm accepts, refuses and computes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

import dinhmuc as dm

KC01 = dict(
    code="KC01",
    name="Đào tạo nghề ngắn hạn",
    unit="lớp",
    drivers=[
        {"code": "learners", "label": "học viên", "unit": "người", "reference": 30},
        {"code": "days", "label": "ngày", "unit": "ngày", "reference": 60},
    ],
    work_steps=[{"code": "B1", "name": "Khảo sát"}, {"code": "B3", "name": "Giảng dạy"}],
)


def norm(**changes):
    return dm.Norm(**{**KC01, **changes})


def test_lines_get_ids_by_position_and_keep_given_ones():
    n = norm(
        labour=[
            {"role": "Giáo viên", "grade": "III", "quantity": 60},
            {"id": "GV2", "role": "Quản lý lớp", "grade": "III", "quantity": 10},
        ],
        materials=[{"name": "Giấy", "unit": "ram", "quantity": 2}],
    )
    assert [l.id for l in n.labour] == ["LD1", "GV2"]
    assert n.materials[0].id == "VT1"
    assert n.line("GV2").role == "Quản lý lớp"


def test_quantities_are_exact_decimals_in_canonical_form():
    n = norm(
        materials=[
            {"name": "Giấy", "unit": "ram", "quantity": 0.1},
            {"name": "Bút", "unit": "cái", "quantity": "30,50"},
            {"name": "Vở", "unit": "cuốn", "quantity": Decimal("2.500")},
        ]
    )
    assert [m.quantity for m in n.materials] == [Decimal("0.1"), Decimal("30.5"), Decimal("2.5")]


def test_net_material_consumption_applies_loss_then_recovery():
    # TT 47 Art. 7: 100 kg with 5 % loss and 10 % recovered: 100 x 1.05 x 0.90 = 94.5 kg
    line = dm.MaterialLine(name="Mây tre", unit="kg", quantity=100, loss_rate=5, recovery_rate=10)
    assert line.net_quantity == Decimal("94.5")


def test_equipment_time_is_loaded_plus_idle_and_energy_uses_running_time():
    line = dm.EquipmentLine(name="Máy chiếu", power_kw="0.3", unit="ca", loaded=20, idle="2.5")
    assert line.quantity == Decimal("22.5")
    assert line.energy_kwh(8) == Decimal("48.0")  # 0.3 kW x 20 ca x 8 h
    hourly = dm.EquipmentLine(name="Máy phát", power_kw=30, unit="giờ", loaded=10)
    assert hourly.energy_kwh(8) == Decimal(300)


def test_labour_in_hours_converts_with_the_declared_working_day():
    line = dm.LabourLine(role="Thợ", grade="IV", unit="giờ", quantity=12, heavy=True)
    assert line.in_cong(6) == Decimal(2)  # 6-hour day for heavy work (Labour Code Art. 105)
    assert dm.LabourLine(role="Thợ", grade="IV", quantity=3).in_cong(8) == Decimal(3)


def test_grade_prints_as_norm_tables_do():
    assert dm.LabourLine(role="GV", grade="III", step=3, quantity=1).grade_text() == "Hạng III bậc 3/9"


def test_applying_a_norm_scales_each_line_by_its_drivers():
    n = norm(
        labour=[
            {"role": "Giáo viên", "grade": "III", "quantity": 60, "scales_with": ["days"]},
            {"role": "Cán bộ Trung tâm", "grade": "III", "quantity": 4},
        ],
        materials=[
            {"name": "Tài liệu", "unit": "bộ", "quantity": 30, "scales_with": ["learners"]},
            {"name": "Suất ăn", "unit": "suất", "quantity": 1800, "scales_with": ["learners", "days"]},
        ],
        equipment=[{"name": "Máy chiếu", "unit": "ca", "loaded": 20, "idle": 4, "scales_with": ["days"]}],
    )
    applied = n.apply({"learners": 25, "days": 45})
    got = {l.id: l.quantity for l in applied.lines}
    # worked by hand: 60 x 45/60 = 45; fixed 4; 30 x 25/30 = 25; 1800 x 25/30 x 45/60 = 1125; 24 x 0.75 = 18
    assert got == {"LD1": 45, "LD2": 4, "VT1": 25, "VT2": 1125, "TB1": 18}
    assert applied.lines[-1].loaded == 15 and applied.lines[-1].idle == 3


def test_adjustment_coefficients_apply_only_when_chosen_and_are_recorded():
    table = {
        "code": "dia_ban",
        "name": "Địa bàn",
        "basis": "area",
        "applies_to": ["labour"],
        "classes": [
            {"key": "thuong", "label": "Thông thường", "factor": 1},
            {"key": "uu_tien", "label": "Ưu tiên", "factor": 1.5},
        ],
    }
    n = norm(
        labour=[{"role": "GV", "grade": "III", "quantity": 10}],
        materials=[{"name": "Giấy", "unit": "ram", "quantity": 2}],
        adjustments=[table],
    )
    plain = n.apply()
    assert [l.quantity for l in plain.lines] == [10, 2] and plain.adjustments == []
    adjusted = n.apply(adjustments={"dia_ban": "uu_tien"})
    assert [l.quantity for l in adjusted.lines] == [15, 2]  # materials untouched: table applies to labour
    assert adjusted.adjustments[0].factor == Decimal("1.5") and adjusted.adjustments[0].label == "Ưu tiên"


def test_scale_table_auto_picks_the_class_holding_the_driver_value():
    table = {
        "code": "quy_mo",
        "name": "Quy mô lớp",
        "basis": "scale",
        "driver": "learners",
        "classes": [
            {"key": "nho", "label": "Dưới 20 học viên", "factor": 1.1, "max": 20},
            {"key": "chuan", "label": "Từ 20 học viên", "factor": 1, "min": 20},
        ],
    }
    n = norm(labour=[{"role": "GV", "grade": "III", "quantity": 10}], adjustments=[table])
    assert n.apply({"learners": 15}, {"quy_mo": "auto"}).lines[0].quantity == 11
    assert n.apply({"learners": 20}, {"quy_mo": "auto"}).adjustments[0].key == "chuan"


def test_apply_refuses_unknown_drivers_and_tables():
    n = norm(labour=[{"role": "GV", "grade": "III", "quantity": 10}])
    with pytest.raises(dm.UnknownReferenceError) as err:
        n.apply({"booths": 3}, {"dia_ban": "uu_tien"})
    assert {p.code for p in err.value.problems} == {"unknown_driver", "unknown_table"}
    assert isinstance(err.value, KeyError)


@pytest.mark.parametrize(
    "field,value,kind",
    [
        ("quantity", -1, "negative"),
        ("quantity", float("nan"), "not_a_number"),
        ("quantity", "abc", "not_a_number"),
        ("quantity", True, "not_a_number"),
        ("loss_rate", 120, "percent_range"),
        ("recovery_rate", -5, "percent_range"),
        ("unit", "thùng phi", "unknown_unit"),
        ("unit", "công", "wrong_unit"),
        ("colour", "đỏ", "extra_forbidden"),
    ],
)
def test_material_line_rejects_bad_values(field, value, kind):
    data = {"name": "Giấy", "unit": "ram", "quantity": 1, field: value}
    with pytest.raises(ValidationError) as err:
        dm.MaterialLine(**data)
    assert kind in {e["type"] for e in err.value.errors()}


def test_unknown_grade_and_step_beyond_the_group_are_refused():
    with pytest.raises(ValidationError, match="hạng chức danh 'V' không có"):
        dm.LabourLine(role="GV", grade="V", quantity=1)
    with pytest.raises(ValidationError, match="vượt quá 9 bậc"):
        dm.LabourLine(role="GV", grade="III", step=10, quantity=1)


def test_indirect_labour_cannot_be_both_lines_and_a_percentage():
    with pytest.raises(ValidationError, match="cả thành dòng lẫn indirect_labour_pct"):
        norm(indirect_labour_pct=10, labour=[{"role": "Kế toán", "grade": "III", "kind": "indirect", "quantity": 2}])


def test_lines_must_scale_with_drivers_the_norm_has():
    with pytest.raises(ValidationError, match="đại lượng quy mô không có"):
        norm(labour=[{"role": "GV", "grade": "III", "quantity": 1, "scales_with": ["booths"]}])


def test_provenance_survives_and_names_only_numeric_fields():
    line = dm.MaterialLine(
        name="Giấy",
        unit="ram",
        quantity=2,
        provenance={
            "quantity": {"method": "statistical", "evidence": ["qt.csv#2"], "statistics": {"n": 5, "mean": 2.1}}
        },
    )
    assert line.provenance["quantity"].statistics["mean"] == Decimal("2.1")
    with pytest.raises(ValidationError, match="nguồn gốc ghi cho trường không có"):
        dm.MaterialLine(name="Giấy", unit="ram", quantity=2, provenance={"name": {"note": "x"}})


def test_an_aid_must_feed_one_of_the_three_legal_methods():
    assert not dm.Method.EXPERT.is_legal_method and dm.Method.STATISTICAL.is_legal_method
    with pytest.raises(ValidationError, match="TT 47 Điều 6"):
        dm.Provenance(method="expert", legal_method="comparison")


def test_norm_set_refuses_duplicate_codes():
    with pytest.raises(ValidationError, match="xuất hiện hai lần"):
        dm.NormSet(title="Bộ", norms=[KC01, KC01])


def test_norm_prints_as_a_table():
    n = norm(labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 60}])
    text = str(n)
    assert "01 lớp (30 học viên, 60 ngày)" in text and "Hạng III bậc 3/9" in text
    html = n._repr_html_()
    assert "<table" in html and "Giáo viên" in html
