"""Bad norm-set files: every problem is reported at once, with file, sheet, row and field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

import dinhmuc as dm

SMALL = Path(__file__).parent / "cases" / "norm_set_small.yaml"

BAD_YAML = """\
title: Bộ định mức lỗi
norms:
  - code: KC01
    name: Đào tạo nghề
    unit: lớp
    drivers:
      - {code: learners, label: học viên, unit: người, reference: 30}
    labour:
      - {role: Giáo viên, grade: III, quantity: -5}
      - {role: Quản lý lớp, grade: VII, quantity: 2}
      - {role: Thợ, grade: IV, quantity: mười}
    materials:
      - {name: Giấy, unit: ram, quantity: .nan}
      - {name: Vải, unit: thùng, quantity: 3, loss_rate: 150}
    equipment:
      - {name: Máy chiếu, unit: ca, loaded: 2, colour: đỏ}
  - code: KC01
    name: Lặp mã
    unit: lớp
"""


def write(tmp_path, text, name="set.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_of_a_yaml_file_is_reported_together_with_its_line(tmp_path):
    path = write(tmp_path, BAD_YAML)
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    problems = err.value.problems
    by_code = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    assert {
        "negative",
        "unknown_grade",
        "not_a_number",
        "unknown_unit",
        "percent_range",
        "extra_key",
        "duplicate_code",
    } <= set(by_code)
    neg = by_code["negative"][0]
    assert neg.location.file == str(path) and neg.location.row == 9
    assert neg.location.field == "norms.0.labour.0.quantity" and neg.location.label == "Số lượng"
    assert (
        by_code["unknown_grade"][0].location.row == 10 and "I, II, III, IV, NV" in by_code["unknown_grade"][0].message
    )
    assert {p.location.row for p in by_code["not_a_number"]} == {11, 13}
    assert by_code["percent_range"][0].location.label == "Tỷ lệ hao hụt (%)"
    assert by_code["unknown_unit"][0].location.row == 14
    assert by_code["extra_key"][0].location.row == 16 and "colour" in by_code["extra_key"][0].message
    assert by_code["duplicate_code"][0].location.row == 17
    text = str(err.value)
    assert text.startswith(f"{len(problems)} lỗi trong {path}")
    assert isinstance(err.value, ValueError)


def test_malformed_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "title: x\nnorms:\n  - code: KC01\n    name: [không đóng\n")
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    problem = err.value.problems[0]
    assert problem.code == "yaml_syntax" and problem.location.row in (4, 5)


def test_wrong_top_level_type_is_refused(tmp_path):
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(write(tmp_path, "- just\n- a list\n"))
    assert err.value.problems[0].code == "yaml_shape"


def test_unknown_unit_alone_raises_a_key_error_too(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("unit: kg", "unit: tấn")
    with pytest.raises(KeyError) as err:
        dm.load_norm_set(write(tmp_path, text))
    assert isinstance(err.value, dm.UnknownReferenceError)
    assert "đơn vị 'tấn' không có trong danh mục" in str(err.value) and "kg" in str(err.value)


def test_catalogue_unit_mismatch_is_an_error_never_a_conversion(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("unit: hội thảo", "unit: lớp", 1)
    path = write(tmp_path, text)
    dm.load_norm_set(path)  # valid on its own
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path, catalog=dm.load_catalog())
    (problem,) = err.value.problems
    assert problem.code == "unit_mismatch" and "'hội thảo'" in problem.message
    assert problem.location.field == "norms.1.unit"


def test_a_norm_outside_the_catalogue_is_named(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("code: KC03", "code: KC99")
    with pytest.raises(dm.UnknownReferenceError) as err:
        dm.load_norm_set(write(tmp_path, text), catalog=dm.load_catalog())
    assert err.value.problems[0].code == "unknown_service" and "KC99" in str(err.value)


def excel_copy(tmp_path) -> Path:
    path = tmp_path / "set.xlsx"
    dm.load_norm_set(SMALL).to_excel(path)
    return path


def test_excel_errors_name_sheet_row_and_column(tmp_path):
    path = excel_copy(tmp_path)
    wb = load_workbook(path)
    ws = wb["Hao phí lao động"]
    ws["H2"] = -3  # quantity of the first labour line
    ws["D3"] = "IX"  # grade of the second
    wm = wb["Hao phí vật tư"]
    wm["F2"] = "nhiều"  # quantity, text in a number column
    wm["G3"] = 101  # loss rate above 100 %
    wb["Định mức"]["A3"] = "KC01"  # duplicate code
    wb.save(path)
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    found = {(p.code, p.location.sheet, p.location.row, p.location.field) for p in err.value.problems}
    assert ("negative", "Hao phí lao động", 2, "quantity") in found
    assert ("unknown_grade", "Hao phí lao động", 3, "grade") in found
    assert ("not_a_number", "Hao phí vật tư", 2, "quantity") in found
    assert ("percent_range", "Hao phí vật tư", 3, "loss_rate") in found
    assert any(
        p.code == "duplicate_code" and p.location.sheet == "Định mức" and p.location.row == 3
        for p in err.value.problems
    )
    assert "Số lượng" in str(err.value)


def test_missing_sheet_and_empty_sheet(tmp_path):
    path = excel_copy(tmp_path)
    wb = load_workbook(path)
    del wb["Hao phí thiết bị"]
    ws = wb["Định mức"]
    ws.delete_rows(2, ws.max_row)
    wb.save(path)
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    codes = {(p.code, p.location.sheet) for p in err.value.problems}
    assert ("missing_sheet", "Hao phí thiết bị") in codes
    assert ("empty_sheet", "Định mức") in codes


def test_a_sheet_with_no_header_row_is_empty(tmp_path):
    path = excel_copy(tmp_path)
    wb = load_workbook(path)
    del wb["Hao phí vật tư"]
    wb.create_sheet("Hao phí vật tư")
    wb.save(path)
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    assert ("empty_sheet", "Hao phí vật tư") in {(p.code, p.location.sheet) for p in err.value.problems}


def test_unknown_column_is_reported(tmp_path):
    path = excel_copy(tmp_path)
    wb = load_workbook(path)
    wb["Hao phí vật tư"]["K1"] = "Màu sắc"
    wb.save(path)
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(path)
    assert err.value.problems[0].code == "extra_key" and "Màu sắc" in str(err.value)


def test_junk_files_are_refused_cleanly(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(os.urandom(200_000))
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(junk)
    assert err.value.problems[0].code == "not_excel"
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.seek(60 * 1024 * 1024)
        fh.write(b"x")
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(big)
    assert err.value.problems[0].code == "too_large"
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(dm.InputError):
        dm.load_norm_set(binary)


def test_unknown_file_type_and_missing_file(tmp_path):
    with pytest.raises(dm.InputError, match=r"\.yaml, \.yml hoặc \.xlsx"):
        dm.load_norm_set(tmp_path / "set.csv")
    with pytest.raises(dm.InputError) as err:
        dm.load_norm_set(tmp_path / "none.yaml")
    assert err.value.problems[0].code == "missing_file"


def test_bad_catalogue_is_reported_with_lines(tmp_path):
    path = write(tmp_path, "title: Danh mục\nservices:\n  - code: X1\n    name: Dịch vụ\n    unit: thùng\n")
    with pytest.raises(dm.InputError) as err:
        dm.load_catalog(path)
    assert err.value.problems[0].location.row == 5


def test_bad_input_files_are_left_untouched(tmp_path):
    path = write(tmp_path, BAD_YAML)
    before = path.read_bytes()
    with pytest.raises(dm.InputError):
        dm.load_norm_set(path)
    assert path.read_bytes() == before
