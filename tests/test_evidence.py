"""Evidence tables: headers in Vietnamese or English, every bad cell reported at once with sheet/row/field."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import dinhmuc as dm
from dinhmuc.evidence import TABLES

CASES = Path(__file__).parent / "cases" / "methods"


def _settlement(**over):
    row = {
        "service": "KC01",
        "year": 2024,
        "project": "DA1",
        "line": "LD1",
        "unit": "công",
        "quantity": 58,
        "learners": 30,
        "days": 60,
    }
    row.update(over)
    return row


def _problems(exc):
    return {(p.code, p.location.row, p.location.field) for p in exc.value.problems}


def test_vietnamese_and_english_headers_read_the_same():
    vi = dm.read_settlements(CASES / "statistical_kc01.csv")
    en = pd.read_csv(CASES / "statistical_kc01.csv", dtype=str)
    en.columns = [TABLES["settlements"].header_map()[c.strip().lower()] for c in en.columns]
    en_ev = dm.read_settlements(en)
    assert vi.frame["quantity"].tolist() == en_ev.frame["quantity"].tolist()
    assert vi.frame.loc[14, "quantity"] == 32.5  # "32,5" written the Vietnamese way
    assert vi.ref(3) == "statistical_kc01.csv#3"


def test_every_bad_cell_is_reported_together():
    df = pd.DataFrame(
        [
            _settlement(),
            _settlement(quantity="nhiều"),  # row 3: text in a number column
            _settlement(year=2031),  # row 4: year out of range
            _settlement(days=0),  # row 5: zero driver
            _settlement(unit="giờ"),  # row 6: unit differs from the catalogue's
            _settlement(line="LD9"),  # row 7: unknown line
            _settlement(quantity=-3),  # row 8: negative
            _settlement(days=None),  # row 9: a driver the line scales with is blank
        ]
    )
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(df)
    got = _problems(exc)
    assert ("not_a_number", 3, "quantity") in got
    assert ("out_of_range", 4, "year") in got
    assert ("not_positive", 5, "days") in got
    assert ("unit_mismatch", 6, "unit") in got
    assert ("unknown_line", 7, "line") in got
    assert ("negative", 8, "quantity") in got
    assert ("missing", 9, "days") in got
    assert len(exc.value.problems) == 7
    labels = {p.location.field: p.location.label for p in exc.value.problems}
    assert labels["quantity"] == "Số lượng tiêu hao" and labels["days"] == "Số ngày"
    assert all(p.accepted for p in exc.value.problems)


def test_missing_columns_name_the_header(tmp_path):
    path = tmp_path / "quyet_toan.csv"
    pd.DataFrame({"Mã dịch vụ": ["KC01"], "Năm": [2024], "Mã dòng": ["LD1"]}).to_csv(path, index=False)
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(path)
    missing = {p.location.field for p in exc.value.problems if p.code == "missing_column"}
    assert missing == {"project", "unit", "quantity"}
    p = next(p for p in exc.value.problems if p.location.field == "quantity")
    assert p.location.file == "quyet_toan.csv" and p.location.row == 1 and p.location.label == "Số lượng tiêu hao"


def test_excel_sheet_rows_and_input_unchanged(tmp_path):
    path = tmp_path / "quyet_toan.xlsx"
    df = pd.DataFrame([_settlement(), _settlement(year="hai nghìn")])
    df.columns = [TABLES["settlements"].column(c).label for c in df.columns]
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"x": [1]}).to_excel(xw, sheet_name="Ghi chú", index=False)
        df.to_excel(xw, sheet_name="Sheet1", index=False)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(path, sheet="Sheet1")
    (p,) = exc.value.problems
    assert (p.code, p.location.file, p.location.sheet, p.location.row, p.location.field) == (
        "not_a_number",
        "quyet_toan.xlsx",
        "Sheet1",
        3,
        "year",
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(path, sheet="Không có")
    assert exc.value.codes == {"missing_sheet"}
    ok = dm.read_settlements(path.with_name("ok.xlsx") if False else _write_ok(tmp_path), sheet="Sheet1")
    assert ok.ref(2) == "ok.xlsx!Sheet1#2"


def _write_ok(tmp_path):
    path = tmp_path / "ok.xlsx"
    pd.DataFrame([_settlement()]).to_excel(path, sheet_name="Sheet1", index=False)
    return path


def test_time_studies_negative_duration_and_missing_time():
    rows = [
        {
            "service": "KC01",
            "line": "LD3",
            "step": "B1",
            "observation": 1,
            "duration_min": -5,
            "output": 1,
            "rating_pct": 100,
        },
        {
            "service": "KC01",
            "line": "LD3",
            "step": "B1",
            "observation": 2,
            "start": "10:00",
            "end": "09:00",
            "output": 1,
            "rating_pct": 100,
        },
        {"service": "KC01", "line": "LD3", "step": "B1", "observation": 3, "output": 1, "rating_pct": 100},
        {
            "service": "KC01",
            "line": "LD3",
            "step": "B1",
            "observation": 4,
            "duration_min": 30,
            "output": 0,
            "rating_pct": 300,
        },
        {
            "service": "KC01",
            "line": "LD3",
            "step": "B1",
            "observation": 5,
            "start": "8h",
            "end": "09:00",
            "output": 1,
            "rating_pct": 100,
        },
    ]
    with pytest.raises(dm.InputError) as exc:
        dm.read_time_studies(pd.DataFrame(rows))
    got = _problems(exc)
    assert ("negative", 2, "duration_min") in got
    assert ("negative", 3, "end") in got
    assert ("missing", 4, "duration_min") in got
    assert ("not_positive", 5, "output") in got
    assert ("out_of_range", 5, "rating_pct") in got
    assert ("invalid_time", 6, "start") in got


def test_time_studies_duration_from_start_and_end():
    ev = dm.read_time_studies(CASES / "experimental_kc01.csv")
    assert ev.frame["duration_min"].tolist()[-3:] == [120, 110, 126]


def test_expert_estimates_order_and_units():
    rows = [
        {
            "service": "KC02",
            "line": "VT1",
            "expert": "A",
            "function": "GĐ",
            "unit": "bộ",
            "low": 5,
            "likely": 4,
            "high": 6,
        },
        {
            "service": "KC02",
            "line": "VT1",
            "expert": "B",
            "function": "KT",
            "unit": "cái",
            "low": 1,
            "likely": 2,
            "high": 3,
        },
    ]
    with pytest.raises(dm.InputError) as exc:
        dm.read_expert_estimates(pd.DataFrame(rows))
    assert _problems(exc) == {("invalid_order", 2, "likely"), ("unit_mismatch", 3, "unit")}


def test_empty_table_and_unknown_file_type(tmp_path):
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(pd.DataFrame(columns=list(TABLES["settlements"].fields)))
    assert exc.value.codes == {"empty_sheet"}
    bad = tmp_path / "x.txt"
    bad.write_text("a")
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(bad)
    assert exc.value.codes == {"file_type"}


def test_years_rule_error_and_override():
    ev = dm.read_settlements(CASES / "statistical_kc01.csv")
    frame = ev.frame[ev.frame["year"] != 2024].copy()
    gap = dm.Evidence("settlements", frame, ev.source, ev.sheet)
    opts = {"as_of": "2026-06-30", "lines": ["LD1"]}
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm("KC01", evidence=gap, options=opts)
    (p,) = exc.value.problems
    assert p.code == "years_insufficient" and "KC01" in p.message and "2022, 2023, 2025" in p.message
    assert p.location.field == "year"
    reason = "Năm 2024 không tổ chức lớp do dịch bệnh"
    result = dm.build_norm("KC01", evidence=gap, options={**opts, "years_override_reason": reason})
    prov = result.norm.line("LD1").provenance["quantity"]
    assert prov.parameters["years_override_reason"] == reason
    assert any(reason in w for w in result.warnings) and reason in prov.note
    assert any(reason in n for n in result.norm.notes)
    # with the override the years before as_of are used: 2022 too; the statistics name the years found
    assert prov.statistics["years"] == "2022, 2023, 2025"


def test_method_errors():
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm(
            "KC01",
            evidence=CASES / "experimental_kc01.csv",
            method="experimental",
            options={"preparation_pct": 5, "rest_pct": 10, "k": 1.2, "lines": ["LD3"]},
        )
    assert exc.value.codes == {"k_over_cap"}
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm("KC01", evidence=CASES / "statistical_kc01.csv", options={"outlier": "iqr"})
    assert exc.value.codes == {"invalid_option"}
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm("KC01", evidence=CASES / "statistical_kc01.csv", options={"as_of": "2026-06-30"})
    assert exc.value.codes == {"no_evidence"}  # lines of KC01 with no settlement record
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm(
            "KC01",
            evidence=dm.load_norm_set(CASES.parent / "norm_set_small.yaml"),
            method="comparison",
            options={
                "legal_method": "statistical",
                "lines": ["VT2"],
                "coefficients": [{"name": "x", "factor": 2, "reason": " "}],
            },
        )
    assert exc.value.codes == {"invalid_option"}
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm(
            "KC01",
            evidence=dm.load_norm_set(CASES.parent / "norm_set_small.yaml"),
            method="comparison",
            options={"legal_method": "statistical", "lines": ["VT2"], "line_map": {"VT2": "VT2"}},
        )
    assert exc.value.codes == {"unit_mismatch"}
    with pytest.raises(dm.InputError):
        dm.build_norm("KC01", evidence=CASES / "statistical_kc01.csv", method="manual")


def test_declared_percentages_and_rates_are_recorded():
    result = dm.build_norm(
        "KC01",
        evidence=CASES / "statistical_kc01.csv",
        options={
            "as_of": "2026-06-30",
            "lines": ["LD1", "LD4", "VT2", "VT4", "TB1"],
            "drop_missing_lines": True,
            "indirect_labour_pct": 10,
            "other_materials_pct": 5,
            "recovery_rates": {"VT4": 10},
            "loss_rates": {"VT4": 2},
        },
    )
    norm = result.norm
    assert norm.indirect_labour_pct == 10 and norm.other_materials_pct == 5
    assert [ln.id for ln in norm.labour] == ["LD1"]  # the indirect line LD4 is replaced by the share
    assert "10 % × lao động trực tiếp (58,33 = 58,33 công) = 5,833 công" in dm.explain(
        norm, None, "indirect_labour_pct"
    )
    vt4 = norm.line("VT4")
    assert (vt4.recovery_rate, vt4.loss_rate) == (10, 2)
    assert "Tiêu hao thuần = 2,07 × (1 + 2 %) × (1 − 10 %) = 1,90026" in dm.explain(norm, "VT4")
    assert vt4.provenance["recovery_rate"].parameters["recovery_rate"] == 10


def test_province_workbook_default_sheet_and_tuple(tmp_path):
    path = tmp_path / "so_lieu.xlsx"
    df = pd.read_csv(CASES / "statistical_kc01.csv", dtype=str)
    with pd.ExcelWriter(path) as xw:
        df.to_excel(xw, sheet_name="Quyết toán", index=False)
        df.to_excel(xw, sheet_name="Bản sao", index=False)
    opts = {"as_of": "2026-06-30", "lines": ["LD1"]}
    a = dm.build_norm("KC01", evidence=path, options=opts)  # the table's default sheet name
    b = dm.build_norm("KC01", evidence=(path, "Bản sao"), options=opts)
    assert a.norm.line("LD1").quantity == b.norm.line("LD1").quantity
    assert a.norm.line("LD1").provenance["quantity"].evidence[0] == "so_lieu.xlsx!Quyết toán#3"


def test_standard_allowances_must_be_declared():
    with pytest.raises(dm.InputError) as exc:
        dm.build_norm("KC03", evidence=CASES / "standard_kc03.csv", method="standard", options={"lines": ["LD1"]})
    assert exc.value.codes == {"invalid_option"}
    assert {p.location.field for p in exc.value.problems} == {"preparation_pct", "rest_pct"}
