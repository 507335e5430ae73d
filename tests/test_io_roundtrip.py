"""Saving and loading norm sets loses nothing: YAML, Excel and DataFrames."""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dinhmuc as dm

CASES = Path(__file__).parent / "cases"
SMALL = CASES / "norm_set_small.yaml"

# Text a clerk could type: Vietnamese letters, digits, punctuation, spaces, line breaks,
# and the awkward cases: a leading '=', text that looks like a number, quotes.
ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵAĂÂĐÊÔƠƯ0123456789 .,;:-()/%=\"'#\n"
)
text = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
opt_text = st.none() | text
code = st.from_regex(r"[A-Z][A-Z0-9]{0,5}", fullmatch=True)
qty = st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False, allow_infinity=False)
pct = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
provenance = st.fixed_dictionaries(
    {},
    optional={
        "method": st.sampled_from(["statistical", "standard", "experimental", "comparison", "expert", "manual"]),
        "evidence": st.lists(text, max_size=3),
        "statistics": st.dictionaries(st.sampled_from(["n", "mean", "median", "cv_pct"]), qty, max_size=3),
        "parameters": st.dictionaries(
            st.sampled_from(["rule", "k", "override"]), text | qty | st.booleans(), max_size=2
        ),
        "excluded": st.lists(st.fixed_dictionaries({"ref": text, "reason": text}), max_size=2),
        "calculation": text,
        "note": text,
    },
)

DRIVERS = [
    {"code": "learners", "label": "học viên", "unit": "người", "reference": 30},
    {"code": "days", "label": "ngày", "unit": "ngày", "reference": 60},
]
scales = st.lists(st.sampled_from(["learners", "days"]), unique=True, max_size=2)


@st.composite
def norms(draw, code_value):
    labour = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "role": text,
                    "grade": st.sampled_from(["I", "II", "III", "IV", "NV"]),
                    "quantity": qty,
                    "kind": st.just("direct"),
                    "unit": st.sampled_from(["công", "giờ"]),
                    "scales_with": scales,
                },
                optional={
                    "step": st.integers(1, 6),
                    "heavy": st.booleans(),
                    "note": text,
                    "provenance": st.fixed_dictionaries({"quantity": provenance}),
                },
            ),
            max_size=3,
        )
    )
    materials = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": text,
                    "unit": st.sampled_from(["bộ", "ram", "kg", "tờ"]),
                    "quantity": qty,
                },
                optional={
                    "spec": text,
                    "loss_rate": pct,
                    "recovery_rate": pct,
                    "scales_with": scales,
                    "provenance": st.fixed_dictionaries({"quantity": provenance}, optional={"loss_rate": provenance}),
                },
            ),
            max_size=3,
        )
    )
    equipment = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": text,
                    "unit": st.sampled_from(["ca", "giờ"]),
                    "loaded": qty,
                },
                optional={"spec": text, "power_kw": qty, "idle": qty, "scales_with": scales},
            ),
            max_size=2,
        )
    )
    tables = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "code": st.sampled_from(["dia_ban"]),
                    "name": text,
                    "basis": st.sampled_from(["area", "difficulty"]),
                    "classes": st.just(
                        [
                            {"key": "thuong", "label": "Thông thường", "factor": 1},
                            {"key": "uu_tien", "label": "Ưu tiên", "factor": Decimal("1.5"), "condition": "vùng cao"},
                        ]
                    ),
                },
                optional={"citation": text, "applies_to": st.just(["labour", "equipment"])},
            ),
            max_size=1,
        )
    )
    return {
        "code": code_value,
        "name": draw(text),
        "unit": "lớp",
        "drivers": DRIVERS,
        "scope": draw(opt_text),
        "conditions": draw(opt_text),
        "work_steps": [{"code": "B1", "name": draw(text)}],
        "legal_basis": draw(st.lists(text, max_size=2)),
        "notes": draw(st.lists(text, max_size=2)),
        "method": draw(st.none() | st.sampled_from(["statistical", "standard", "experimental"])),
        "labour": labour,
        "materials": materials,
        "equipment": equipment,
        "adjustments": tables,
        "other_materials_pct": draw(st.none() | pct),
        "indirect_labour_pct": draw(st.none() | pct),
        "rounding_decimals": draw(st.none() | st.integers(0, 4)),
        "provenance": draw(st.just({}) | st.fixed_dictionaries({"other_materials_pct": provenance})),
    }


@st.composite
def norm_sets(draw):
    codes = draw(st.lists(code, min_size=1, max_size=3, unique=True))
    return dm.NormSet.model_validate(
        {
            "title": draw(text),
            "issuing_body": draw(opt_text),
            "province": draw(opt_text),
            "decision_number": draw(opt_text),
            "signed_on": draw(st.none() | st.dates()),
            "version": draw(opt_text),
            "replaces": draw(opt_text),
            "legal_bases": draw(st.lists(text, max_size=2)),
            "notes": draw(st.lists(text, max_size=2)),
            "norms": [draw(norms(c)) for c in codes],
        }
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(norm_sets())
def test_yaml_excel_yaml_round_trip_changes_nothing(tmp_path_factory, norm_set):
    folder = tmp_path_factory.mktemp("rt")
    first = norm_set.to_yaml(folder / "a.yaml")
    loaded = dm.load_norm_set(folder / "a.yaml")
    loaded.to_excel(folder / "a.xlsx")
    again = dm.load_norm_set(folder / "a.xlsx")
    assert again.to_yaml() == first
    assert again == norm_set


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(norm_sets())
def test_dataframes_round_trip(norm_set):
    frames = norm_set.to_frames()
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    assert dm.NormSet.from_frames(frames) == norm_set


def test_hand_written_set_loads_validates_and_converts(tmp_path):
    norm_set = dm.load_norm_set(SMALL, catalog=dm.load_catalog())
    kc01 = norm_set["KC01"]
    assert kc01.labour[0].provenance["quantity"].evidence[0] == "quyet_toan.csv#12"
    frame = norm_set.to_frame()
    assert list(frame["norm"].unique()) == ["KC01", "KC03"] and len(frame) == 7
    labour = norm_set.to_frames()["labour"]
    assert labour.loc[0, "quantity"] == Decimal(60)
    norm_set.to_excel(tmp_path / "set.xlsx")
    back = dm.load_norm_set(tmp_path / "set.xlsx", catalog=dm.load_catalog())
    assert back == norm_set and back.to_yaml() == norm_set.to_yaml()


def test_excel_has_vietnamese_headers_frozen_rows_and_text_kept_as_text(tmp_path):
    from openpyxl import load_workbook

    norm_set = dm.load_norm_set(SMALL)
    norm = norm_set["KC01"].model_copy(update={"notes": ["=SUM(A1:A3) không phải công thức", "00123"]})
    norm_set = norm_set.model_copy(update={"norms": [norm, norm_set["KC03"]]})
    norm_set.to_excel(tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    ws = wb["Hao phí lao động"]
    assert [c.value for c in ws[1]][:4] == ["Mã định mức", "Mã dòng", "Chức danh", "Hạng"]
    assert ws.freeze_panes == "A2"
    texts = [c.value for c in wb["Danh mục văn bản"]["C"]]
    assert "=SUM(A1:A3) không phải công thức" in texts and "00123" in texts
    assert dm.load_norm_set(tmp_path / "s.xlsx")["KC01"].notes == norm.notes


def test_english_headers_are_accepted_too(tmp_path):
    from openpyxl import load_workbook

    norm_set = dm.load_norm_set(SMALL)
    norm_set.to_excel(tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    from dinhmuc.io.frames import SHEETS

    ws = wb[SHEETS["materials"].title]
    for cell, col in zip(ws[1], SHEETS["materials"].columns, strict=True):
        cell.value = col.field
    wb.save(tmp_path / "en.xlsx")
    assert dm.load_norm_set(tmp_path / "en.xlsx") == norm_set


def test_writing_is_deterministic(tmp_path):
    norm_set = dm.load_norm_set(SMALL)
    norm_set.to_excel(tmp_path / "a.xlsx")
    time.sleep(1.1)  # openpyxl stamps the save time to the second
    norm_set.to_excel(tmp_path / "b.xlsx")

    def digest(p):
        return hashlib.sha256(p.read_bytes()).hexdigest()

    assert digest(tmp_path / "a.xlsx") == digest(tmp_path / "b.xlsx")


def test_loading_never_modifies_the_input(tmp_path):
    src = tmp_path / "set.yaml"
    src.write_bytes(SMALL.read_bytes())
    before = src.read_bytes(), src.stat().st_mtime_ns
    dm.load_norm_set(src, catalog=dm.load_catalog())
    dm.load_norm_set(src).to_excel(tmp_path / "set.xlsx")
    xbefore = (tmp_path / "set.xlsx").read_bytes()
    dm.load_norm_set(tmp_path / "set.xlsx")
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before
    assert (tmp_path / "set.xlsx").read_bytes() == xbefore
