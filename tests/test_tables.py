"""Published norm tables: import from Word, validate, render back cell for cell, price by hand.

Fixtures (tests/cases/tables/): ``published/`` holds tables copied cell by cell from
a published norm (with its source); ``illustrative/`` holds test data, marked as
such, for the row kinds the published one lacks. The Word documents are made by
scripts/make_published_tables.py with python-docx directly, so the renderer under
test is compared with an independent writing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dinhmuc as dm
from dinhmuc.core.errors import InputError, PriceError
from dinhmuc.core.i18n import use_language
from dinhmuc.core.registry import Registry, using_registry
from dinhmuc.costing.prices import price_list_from_records
from dinhmuc.dossier.norm_table import norm_grid, write_annex
from dinhmuc.io.frames import dumps_json, loads_json
from dinhmuc.tables import import_tables

CASES = Path(__file__).parent / "cases" / "tables"
UNITS = CASES / "units.yaml"
FIXTURES = sorted((CASES / "published").glob("*.yaml")) + sorted((CASES / "illustrative").glob("*.yaml"))
REG = Registry.from_files(units=UNITS)
ON = dt.date(2026, 7, 15)


def fixture(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def docx_grid(path: Path) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts (a merged cell repeats its text, as in the fixtures)."""
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def imported(path: Path) -> dm.NormSet:
    return import_tables(path.with_suffix(".docx"), registry=REG)


def test_five_published_fixtures_from_two_issuers_each_with_its_source():
    published = [fixture(p) for p in FIXTURES if fixture(p)["published"]]
    assert len(published) >= 5 and len({f["source"]["issuer"] for f in published}) >= 2
    for f in published:
        assert f["source"]["issuer"] and f["source"]["document"] and f["source"]["read_at"].startswith("http")
    # together they hold variant columns, tools with their life, typed energy, equipment power and work steps
    rows = [c for f in published for row in f["table"] for c in row]
    assert "Thời hạn (tháng)" in rows and "Điện năng" in rows and "Công suất (kW/h)" in rows
    assert any(f["table"][0][4] != f["table"][1][4] for f in published)  # a second header row: variants
    assert any(f.get("work_steps") for f in published)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_imports_validates_and_renders_back_cell_for_cell(path, tmp_path):
    f = fixture(path)
    norm_set = imported(path)
    # saved and read back through the ordinary loader: the set validates with the province's registry
    saved = tmp_path / "set.yaml"
    norm_set.to_yaml(saved)
    with using_registry(REG):
        again = dm.load_norm_set(saved, context={"registry": REG})
        assert again == norm_set
        assert norm_grid(again.norms[0]).rows == f["table"]
        out = write_annex(again, tmp_path / "annex.docx")
    (table,) = docx_grid(out)
    assert table == f["table"]  # every published cell, in the rendered Word table
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    if f["table"][0][0] == "STT":  # a table of components is named by its caption ("Bảng 57")
        assert f["heading"] in text
    if f.get("unit_line"):  # a table of components (TN&MT) gives its unit in its value header instead
        assert f["unit_line"] in text
    for step in f.get("work_steps") or []:
        assert " ".join(step.split()) in text
    assert [" ".join(n.split()) for n in f.get("notes") or []] == again.norms[0].notes
    for note in f.get("notes") or []:  # the note under the table, as published
        assert "Ghi chú: " + " ".join(note.split()) in text


def test_the_published_digits_survive_yaml_excel_and_json(tmp_path):
    norm_set = imported(CASES / "published" / "ae_111_xay_mong.yaml")
    vua = norm_set.norms[0].materials[2]
    assert vua.name == "Vữa" and [str(v) for v in vua.values] == ["0.420", "0.420"]
    assert "- 0.420" in norm_set.to_yaml()
    norm_set.to_excel(tmp_path / "set.xlsx")
    with using_registry(REG):
        back = dm.load_norm_set(tmp_path / "set.xlsx")
    assert [str(v) for v in back.norms[0].materials[2].values] == ["0.420", "0.420"]
    text = dumps_json(norm_set.to_dict())
    assert "0.420" in text and loads_json(text)["norms"][0]["materials"][2]["values"][0] == Decimal("0.420")


def test_a_table_of_components_survives_yaml_excel_and_json(tmp_path):
    """Bảng 51 (TN&MT layout): its headers, the machines' counting unit and power keep their published form."""
    norm_set = imported(CASES / "published" / "tnmt_13_2019_bang_51_thiet_bi.yaml")
    norm_set.to_excel(tmp_path / "set.xlsx")
    with using_registry(REG):
        back = dm.load_norm_set(tmp_path / "set.xlsx", context={"registry": REG})
        assert back == norm_set
        assert (
            norm_grid(back.norms[0]).rows
            == fixture(CASES / "published" / "tnmt_13_2019_bang_51_thiet_bi.yaml")["table"]
        )
    assert loads_json(dumps_json(norm_set.to_dict()))["norms"][0]["equipment"][0]["count_unit"] == "Cái"


def test_variant_columns_give_one_norm_each_and_dash_cells_drop_the_item():
    norm = imported(CASES / "illustrative" / "tap_huan.yaml").norms[0]
    with using_registry(REG):
        small, large = norm.variant("1"), norm.variant("2")
    assert [m.name for m in small.materials] == ["Giấy A4", "Bút bi"]
    assert [m.name for m in large.materials] == ["Giấy A4"]  # "-": not used in the column > 30
    assert small.code == "MH.011" and small.name == "Tập huấn (Quy mô lớp (học viên): ≤ 30)"
    assert str(large.labour[1].quantity) == "1.500" and large.unit_text == "01 lớp"
    with pytest.raises(dm.UnknownReferenceError):
        norm.variant("9")


def test_the_construction_convention_joins_table_code_and_column_code():
    norm = imported(CASES / "published" / "ae_111_xay_mong.yaml").norms[0]
    assert [norm.variant_code(v) for v in norm.variants] == ["AE.11110", "AE.11120"]
    assert norm.variant_header == "Chiều dày (cm)" and norm.name_header == "Công tác xây dựng"


def _machine(name: str, cost: int) -> dict:
    return {
        "name": name,
        "original_cost": cost,
        "depreciation_rate": 20,
        "depreciation_source": "dữ liệu kiểm thử",
        "repair_rate": 5,
        "shifts_per_year": 250,
        "energy": "none",
        "vat": "chưa gồm",
        "source": "dữ liệu kiểm thử",
        "date": "2026-06-01",
    }


def _priced(name: str, unit: str, price, sheet_extra: dict | None = None) -> dict:
    return {
        "name": name,
        "unit": unit,
        "price": price,
        "vat": "chưa gồm",
        "source": "dữ liệu kiểm thử",
        "date": "2026-06-01",
        **(sheet_extra or {}),
    }


def test_ae11110_priced_by_hand():
    norm = imported(CASES / "published" / "ae_111_xay_mong.yaml").norms[0]
    prices = price_list_from_records(
        materials=[_priced("Đá hộc", "m3", 250000), _priced("Đá dăm", "m3", 300000), _priced("Vữa", "m3", 1000000)],
        labour=[_priced("Nhân công 3,5/7", "công", 300000)],
        equipment=[_machine("Máy trộn vữa 150l", 30000000)],
    )
    with using_registry(REG):
        up = dm.cost_norm(norm.variant("10"), prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    exact = up.exact_components
    # by hand: 1,2 x 250.000 + 0,057 x 300.000 + 0,420 x 1.000.000 = 300.000 + 17.100 + 420.000
    assert exact["materials"] == Decimal("737100")
    # 1,81 công x 300.000
    assert exact["labour"] == Decimal("543000")
    # machine cost 30.000.000 >= 30 M: salvage 10 %; (30 M - 3 M) x 20 % / 250 = 21.600 đ/ca; repair 30 M x 5 % / 250
    # = 6.000 đ/ca; 0,053 ca x 27.600
    assert exact["equipment"] == Decimal("0.053") * (Decimal("21600") + Decimal("6000"))


def test_percent_rows_tools_and_energy_priced_by_hand():
    norm = imported(CASES / "illustrative" / "tap_huan.yaml").norms[0]
    prices = price_list_from_records(
        materials=[_priced("Giấy A4", "ram", 80000), _priced("Bút bi", "cái", 5000), _priced("Bàn ghế", "bộ", 1200000)],
        labour=[_priced("Kỹ sư", "công", 400000), _priced("Nhân công 3,5/7", "công", 366000, {"spec": "Nhóm 2"})],
        equipment=[{**_machine("Máy chiếu", 20000000), "energy": "electricity", "power_kw": Decimal("0.3")}],
        energy=[{"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "dữ liệu kiểm thử", "date": "2026-06-01"}],
    )
    with using_registry(REG):
        up = dm.cost_norm(norm.variant("1"), prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    exact = up.exact_components
    main_materials = Decimal("0.50") * 80000 + 30 * 5000  # 190.000
    assert exact["materials"] == main_materials * Decimal("1.05")  # + Vật liệu khác 5 %
    assert exact["labour"] == Decimal("2.50") * 400000 + Decimal("1.180") * 366000
    machine = Decimal("1.00") * (
        20000000 * Decimal("0.20") / 250 + 20000000 * Decimal("0.05") / 250
    )  # < 30 M: no salvage
    tools = Decimal("2.00") * 1200000 / (36 * 22)
    energy = Decimal("2.40") * 2500  # typed: the projector's own energy is not counted a second time
    assert exact["equipment"] == machine * Decimal("1.02") + tools + energy  # Máy khác 2 % of the machines
    rows = {l.id: l for l in up.lines}
    assert rows["TL2"].amount == 400 and "2 % chi phí máy" in rows["TL2"].name
    assert up.total == sum(l.amount for l in up.lines)


#: Tool prices chosen so each tool costs a round sum a ca (price / (life x 22 working days)):
#: name: (price, unit, đ a ca), e.g. Bàn làm việc 2.640.000 / (60 x 22) = 2.000.
TOOL_PRICES = {
    "Bàn làm việc": (2640000, "Cái", 2000),
    "Ghế văn phòng": (660000, "Cái", 500),
    "Tủ để tài liệu": (3960000, "Cái", 3000),
    "Ổn áp dùng chung 10A": (1320000, "Cái", 1000),
    "Lưu điện": (2640000, "Cái", 2000),
    "Máy hút ẩm 2kW": (6600000, "Cái", 5000),
    "Máy hút bụi 1,5kW": (3960000, "Cái", 3000),
    "Quạt thông gió 0,04 kW": (660000, "Cái", 500),
    "Quạt trần 0,1 kW": (1320000, "Cái", 1000),
    "Đèn neon 0,04 kW": (132000, "Bộ", 200),  # life 30 months: 132.000 / 660
    "Máy tính bấm số": (264000, "Cái", 200),
    "Đồng hồ treo tường": (158400, "Cái", 200),  # life 36 months: 158.400 / 792
    "Ổ cứng ngoài lưu trữ dữ liệu": (2376000, "Cái", 3000),  # 2.376.000 / 792
}


@pytest.mark.parametrize(
    ("stem", "tools_by_hand", "energy_by_hand"),
    [
        # Bảng 57: 140 x 2.000 + 140 x 500 + 140 x 3.000 + 35 x 1.000 + 140 x 2.000 + 7 x 5.000 + 7 x 3.000
        # + 17,5 x 500 + 17,5 x 1.000 + 35 x 200 + 14 x 200 + 35 x 200 + 63 x 3.000 = 1.373.050;
        # energy 226,80 kWh x 2.500 = 567.000
        ("tnmt_13_2019_bang_57_dung_cu", 1373050, 567000),
        # Bảng 25: 667 x 2.000 + 667 x 500 + 667 x 3.000 + 166,75 x 1.000 + 615 x 2.000 + 33,35 x 5.000
        # + 33,35 x 3.000 + 200,10 x 500 + 200,10 x 1.000 + 667 x 200 + 160,50 x 200 + 200,10 x 200
        # + 160,50 x 3.000 = 6.319.220; energy 1.684,05 x 2.500 = 4.210.125
        ("tnmt_13_2019_bang_25_dung_cu", 6319220, 4210125),
    ],
)
def test_tnmt_tools_and_energy_priced_by_hand(stem, tools_by_hand, energy_by_hand):
    """TT 13/2019/TT-BTNMT tables of tools: a tool's ca costs price / (life x 22 days); energy x the kWh price."""
    norm = imported(CASES / "published" / f"{stem}.yaml").norms[0]
    number = stem.split("_")[4]
    assert (norm.code, norm.name, norm.unit, norm.table_layout) == (number, f"Bảng {number}", "cả nước", "components")
    assert norm.tools[12].spec == "2T" and norm.tools[9].life_months == 30
    records = [
        _priced(name, unit, price, {"spec": "2T"} if "Ổ cứng" in name else {})
        for name, (price, unit, _) in TOOL_PRICES.items()
    ]
    with using_registry(REG):  # the province's units: "Cái", "Bộ" as the circular prints them
        prices = price_list_from_records(
            materials=records,
            energy=[
                {"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "dữ liệu kiểm thử", "date": "2026-06-01"}
            ],
        )
        up = dm.cost_norm(norm, prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    assert up.exact_components["equipment"] == Decimal(tools_by_hand) + Decimal(energy_by_hand)
    energy = {l.id: l for l in up.lines}["DN1"]
    assert energy.exact == energy_by_hand
    assert up.total == sum(l.amount for l in up.lines)


def test_two_tables_of_components_in_one_document_stay_two_norms(tmp_path):
    """Bảng 25 and Bảng 57 list the same tools with other quantities: one annex, two norms, each cell its own."""
    with using_registry(REG):
        both = dm.NormSet(
            title="Thống kê, kiểm kê đất đai",
            document_type="Thông tư",
            norms=[
                imported(CASES / "published" / f"tnmt_13_2019_bang_{n}_dung_cu.yaml").norms[0] for n in ("25", "57")
            ],
        )
        write_annex(both, tmp_path / "a.docx")
        back = import_tables(tmp_path / "a.docx", registry=REG)
    assert [n.code for n in back] == ["25", "57"] and back.norms == both.norms
    assert [t[1][4] for t in docx_grid(tmp_path / "a.docx")] == ["667,00", "140,00"]


def test_a_table_of_components_without_caption_or_with_a_skipped_number_is_reported(tmp_path):
    doc = Document(str(CASES / "published" / "tnmt_13_2019_bang_57_dung_cu.docx"))
    for p in doc.paragraphs:
        if p.text == "Bảng 57":
            p.runs[0].text = "Dụng cụ"  # no caption any more
    doc.tables[0].cell(3, 0).paragraphs[0].runs[0].text = "4"  # rows numbered 1, 2, 4, ...
    doc.save(str(tmp_path / "bad.docx"))
    with pytest.raises(InputError) as err:
        import_tables(tmp_path / "bad.docx", registry=REG)
    found = {(p.code, p.location.row, p.location.field) for p in err.value.problems}
    assert ("invalid", 4, "cột 1") in found
    assert any(p.code == "missing" and "Bảng" in (p.accepted or "") for p in err.value.problems)


def test_tnmt_bang_51_equipment_and_energy_priced_by_hand():
    """TT 13/2019/TT-BTNMT Bảng 51: machines by the ca, their power in its own column, energy typed once.

    Every machine costs 20.000.000 đ (< 30 M: no salvage), depreciation 20 %, repair 5 %, 250 ca a year:
    (4.000.000 + 1.000.000) / 250 = 20.000 đ a ca; 1.350,25 + 5.186,50 + 736,50 + 10 + 10 + 7 = 7.300,25 ca."""
    norm = imported(CASES / "published" / "tnmt_13_2019_bang_51_thiet_bi.yaml").norms[0]
    assert [(m.name, m.spec, str(m.power_kw), m.count_unit, m.unit) for m in norm.equipment][:2] == [
        ("Máy chủ", "Server", "1.00", "Cái", "ca"),
        ("Máy vi tính để bàn", None, "0.40", "Cái", "ca"),
    ]
    machines = [
        {**_machine(m.name, 20000000), "energy": "electricity", **({"spec": m.spec} if m.spec else {})}
        for m in norm.equipment
    ]
    prices = price_list_from_records(
        equipment=machines,
        energy=[{"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "dữ liệu kiểm thử", "date": "2026-06-01"}],
    )
    with using_registry(REG):
        up = dm.cost_norm(norm, prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    ca = sum(m.loaded for m in norm.equipment)
    assert ca == Decimal("7300.25")
    # 7.300,25 ca x 20.000 = 146.005.000; energy typed: 40.463,60 kWh x 2.500 = 101.159.000, the machines'
    # own power is not counted a second time
    assert up.exact_components["equipment"] == Decimal("146005000") + Decimal("101159000")


def test_tnmt_bang_39_a_map_scale_column_priced_by_hand():
    """TT 13/2019/TT-BTNMT Bảng 39: one column per map scale; the 1/10000 column costed alone.

    Machines at 20.000 đ a ca (as for Bảng 51): 118 + 29,50 + 2 + 2 + 0,80 = 152,30 ca x 20.000 = 3.046.000;
    energy typed 915,36 kWh x 2.500 = 2.288.400; 5.334.400 in all."""
    norm = imported(CASES / "published" / "tnmt_13_2019_bang_39_thiet_bi.yaml").norms[0]
    assert [v.label for v in norm.variants] == ["1/5000", "1/10000", "1/25000"]
    assert norm.unit == "huyện" and str(norm.equipment[0].power_kw) == "0.4"
    with using_registry(REG):
        column = norm.variant("2")
        prices = price_list_from_records(
            equipment=[{**_machine(m.name, 20000000), "energy": "electricity"} for m in norm.equipment],
            energy=[
                {"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "dữ liệu kiểm thử", "date": "2026-06-01"}
            ],
        )
        up = dm.cost_norm(column, prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    assert sum(m.loaded for m in column.equipment) == Decimal("152.30")
    assert column.energy[0].quantity == Decimal("915.36")
    assert up.exact_components["equipment"] == Decimal("3046000") + Decimal("2288400")


def test_an_item_without_price_and_an_unpriced_group_are_errors_never_zero():
    norm = imported(CASES / "illustrative" / "tap_huan.yaml").norms[0]
    base = dict(
        materials=[_priced("Giấy A4", "ram", 80000), _priced("Bàn ghế", "bộ", 1200000)],
        labour=[_priced("Kỹ sư", "công", 400000), _priced("Nhân công 3,5/7", "công", 366000, {"spec": "Nhóm 1"})],
        equipment=[_machine("Máy chiếu", 20000000)],
        energy=[{"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "x", "date": "2026-06-01"}],
    )
    with using_registry(REG):
        with pytest.raises(PriceError, match="Nhóm 2"):
            dm.cost_norm(norm.variant("2"), price_list_from_records(**base), ON, {"management_pct": 0})
        base["labour"][1]["spec"] = "Nhóm 2"
        with pytest.raises(PriceError, match="Bút bi"):
            dm.cost_norm(norm.variant("1"), price_list_from_records(**base), ON, {"management_pct": 0})
        with pytest.raises(InputError, match="variant"):
            dm.cost_norm(norm, price_list_from_records(**base), ON, {"management_pct": 0})


def test_the_importer_names_table_row_and_cell_of_what_it_cannot_read(tmp_path):
    doc = Document(str(CASES / "published" / "ae_111_xay_mong.docx"))
    table = doc.tables[0]
    table.cell(4, 4).paragraphs[0].runs[0].text = "0,05x"  # Đá dăm, first column
    table.cell(6, 5).paragraphs[0].runs[0].text = ""  # Nhân công, second column left empty
    for p in doc.paragraphs:
        if p.text.startswith("Đơn vị tính"):
            p.runs[0].text = "Khối lượng: 1m3"  # no unit line any more
    doc.save(str(tmp_path / "bad.docx"))
    with pytest.raises(InputError) as err:
        import_tables(tmp_path / "bad.docx", registry=REG)
    found = {(p.code, p.location.sheet, p.location.row, p.location.field) for p in err.value.problems}
    assert ("not_a_number", "bảng 1", 5, "cột 5") in found
    assert ("missing", "bảng 1", 7, "cột 6") in found
    assert any(p.code == "missing" and "Đơn vị tính" in p.accepted for p in err.value.problems)


def test_a_unit_outside_the_registry_is_reported_with_the_registry_to_pass(tmp_path):
    with pytest.raises(InputError) as err:
        import_tables(CASES / "published" / "ae_111_xay_mong.docx")  # bundled units: m3 is no service unit
    assert any(p.code == "unknown_unit" and "--units" in (p.accepted or "") for p in err.value.problems)


def test_cli_import_validate_annex(tmp_path):
    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "dinhmuc", *map(str, a)], capture_output=True, text=True, cwd=tmp_path
        )

    r = run("import", CASES / "published" / "ae_111_xay_mong.docx", "--out", "set.yaml", "--units", UNITS)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run("validate", "set.yaml", "--no-catalog", "--units", UNITS)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run("validate", "set.yaml", "--no-catalog")  # without the province's units: m3 is not a service unit
    assert r.returncode == 1 and "m3" in r.stdout + r.stderr
    r = run("annex", "set.yaml", "--out", "annex.docx", "--units", UNITS)
    assert r.returncode == 0, r.stdout + r.stderr
    assert docx_grid(tmp_path / "annex.docx")[0] == fixture(CASES / "published" / "ae_111_xay_mong.yaml")["table"]


def test_libreoffice_opens_the_annex(tmp_path):
    import shutil

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    with using_registry(REG):
        out = write_annex(imported(CASES / "illustrative" / "tap_huan.yaml"), tmp_path / "annex.docx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert (tmp_path / "annex.pdf").stat().st_size > 1000


def test_the_annex_line_names_the_issuing_document_as_the_set_declares():
    with using_registry(REG):
        norm_set = imported(CASES / "illustrative" / "tap_huan.yaml")
    assert norm_set.document_type == "Quyết định" and norm_set.decision_number == "15/2026/QĐ-UBND"
    from dinhmuc.dossier.norm_table import attached_line

    assert (
        attached_line(norm_set) == "(Kèm theo Quyết định số 15/2026/QĐ-UBND ngày 05/09/2026 của UBND tỉnh Quảng Ngãi)"
    )
    tt = norm_set.model_copy(update={"document_type": "Thông tư", "decision_number": None, "signed_on": None})
    assert attached_line(tt).startswith("(Kèm theo Thông tư số ……………")


def test_a_unit_that_is_a_count_is_printed_as_it_is():
    reg = Registry(units={**REG.units, "100m": dm.core.registry.Unit("100m", "100 mét", "service")}, grades=REG.grades)
    with using_registry(reg):
        n = dm.Norm(code="X1", name="x", unit="100m", materials=[{"name": "Đinh", "unit": "kg", "quantity": 1}])
    assert n.unit_text == "100m"  # not "01 100m"


def test_one_unit_name_serves_a_service_and_a_material():
    assert REG.units["m3"].kinds == ("service", "material")
    with pytest.raises(InputError):  # listed twice as the same kind
        bad = CASES.parent / "_dup_units.yaml"
        try:
            bad.write_text(
                "units:\n  - {code: m3, label: a, kind: service}\n  - {code: m3, label: b, kind: service}\n",
                encoding="utf-8",
            )
            Registry.from_files(units=bad)
        finally:
            bad.unlink()


def test_load_catalog_with_a_province_registry(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        """title: Danh mục thử
services:
  - code: XD01
    name: Xây móng
    unit: m3
    materials:
      - {id: VT1, name: Vữa, unit: m3}
""",
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        dm.load_catalog(path)  # the bundled units know no service unit m3
    cat = dm.load_catalog(path, context={"registry": REG})
    assert cat["XD01"].unit == "m3"


def test_adjustments_target_lines_steps_and_compound_by_band():
    with using_registry(REG):
        n = dm.Norm(
            code="X1",
            name="Xây",
            unit="m3",
            drivers=[{"code": "h", "label": "m chiều cao", "unit": "m3", "reference": 1}],
            work_steps=[{"code": "B1", "name": "Trộn vữa"}, {"code": "B2", "name": "Xây"}],
            labour=[{"role": "Nhân công 3,5/7", "quantity": "1.81", "work_step": "B2"}],
            materials=[{"name": "Vữa", "unit": "m3", "quantity": "0.420", "work_step": "B1"}],
            equipment=[
                {"name": "Máy trộn vữa 150l", "loaded": "0.053", "work_step": "B1"},
                {"name": "Cần trục", "loaded": "0.02"},
            ],
            adjustments=[
                {
                    "code": "vua_kho",
                    "name": "Vữa khô trộn sẵn",
                    "basis": "other",
                    "lines": ["LD1", "TB1"],
                    "classes": [{"key": "co", "label": "dùng vữa khô", "factor": "0.9"}],
                },
                {
                    "code": "cao",
                    "name": "Chiều cao",
                    "basis": "scale",
                    "driver": "h",
                    "applies_to": ["labour"],
                    "band": {"start": 10, "size": 10, "factor": "1.2"},
                },
            ],
        )
        a = n.apply({"h": 35}, {"vua_kho": "co", "cao": "band"})
    q = {l.id: l.quantity for l in a.lines}
    # dry mortar: labour and the mixer x 0,9, the crane untouched; 35 m: 3 bands above 10 m -> x 1,2^3 on labour
    assert q["TB1"] == Decimal("0.053") * Decimal("0.9") and q["TB2"] == Decimal("0.02")
    assert q["LD1"] == Decimal("1.81") * Decimal("0.9") * Decimal("1.728")
    assert q["VT1"] == Decimal("0.420")
    band = next(x for x in a.adjustments if x.table == "cao")
    assert band.bands == 3 and band.factor == Decimal("1.728")
    assert [l.adjusted_by for l in a.lines if l.id == "LD1"] == [["vua_kho", "cao"]]


# ---------------------------------------------------------------------------- round trip

WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảạấầếềíóòốồớúùứừý", min_size=2, max_size=8)
NAME = (
    st.lists(WORD, min_size=1, max_size=3)
    .map(lambda ws: (" ".join(ws)).capitalize())
    .filter(
        lambda s: (
            s.lower()
            not in (
                "vật liệu",
                "vật tư",
                "nhân công",
                "lao động",
                "máy",
                "thiết bị",
                "dụng cụ",
                "điện năng",
                "năng lượng",
            )
            and not s.lower().startswith("nhân công")
        )
    )
)
PLACES = st.integers(0, 3)


@st.composite
def published_value(draw):
    places = draw(PLACES)
    whole = draw(st.integers(0, 99999))
    return Decimal(whole).scaleb(-places) if places else Decimal(whole)


@st.composite
def cell(draw):
    return draw(st.one_of(published_value(), st.just("-")))


@st.composite
def table_norms(draw):
    n = draw(st.integers(1, 4))

    def cells():
        return draw(st.lists(cell(), min_size=n, max_size=n)) if n > 1 else None

    def one():
        return draw(published_value())

    def line(extra):
        field = extra.pop("_field", "quantity")
        vals = cells()
        return {**extra, **({"values": vals} if vals else {field: one()})}

    materials = [
        line({"name": draw(NAME), "unit": draw(st.sampled_from(["kg", "viên", "bộ", "ram"]))})
        for _ in range(draw(st.integers(0, 3)))
    ]
    labour = [
        line(
            {
                "role": draw(NAME),
                "unit": "công",
                **draw(st.sampled_from([{}, {"group": "Nhóm 2"}, {"group": "Nhóm 4"}])),
            }
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    equipment = [
        line(
            {
                "name": draw(NAME),
                "unit": "ca",
                "_field": "loaded",
                **draw(st.sampled_from([{}, {"power_kw": Decimal("1.5")}])),
            }
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    tools = [
        line({"name": draw(NAME), "unit": "cái", "life_months": draw(published_value())})
        for _ in range(draw(st.integers(0, 2)))
    ]
    energy = [line({"name": "Điện năng", "unit": "kWh"}) for _ in range(draw(st.integers(0, 1)))]
    present = [
        g for g, ls in (("materials", materials), ("labour", labour), ("equipment", equipment), ("tools", tools)) if ls
    ]
    percent = [line({"name": draw(NAME), "component": g}) for g in present if draw(st.booleans())]
    if not (materials or labour or equipment or tools or energy):
        materials = [line({"name": "Đinh", "unit": "kg"})]
    steps = [{"code": f"B{i + 1}", "name": draw(NAME)} for i in range(draw(st.integers(0, 3)))]
    if steps and draw(st.booleans()):
        # lines of a step: each group prints its lines of no step first, then step by step (the table's order)
        codes = [None] + [s["code"] for s in steps]
        order = ["materials", "labour", "equipment", "tools"]
        for lines in (materials, labour, equipment, tools, energy, percent):
            for ln in lines:
                ln["work_step"] = draw(st.sampled_from(codes))
            # percent rows keep the order of their groups, then go step by step within a group
            lines.sort(key=lambda ln: (order.index(ln.get("component", "materials")), codes.index(ln["work_step"])))
    norm = {
        "code": "T.1",
        "name": draw(NAME),
        "unit": "m3",
        "unit_label": "1m3",
        "materials": materials,
        "labour": labour,
        "equipment": equipment,
        "tools": tools,
        "energy": energy,
        "percent_rows": percent,
        "work_steps": steps,
    }
    if n > 1:
        norm["variants"] = [{"key": str(i + 1), "label": f"≤ {10 * (i + 1)}"} for i in range(n)]
        norm["variant_header"] = draw(st.sampled_from(["Chiều cao (m)", "Loại"]))
        if draw(st.booleans()):  # a second header level: "Chiều dày ≤ 60 | > 60" over the height bands
            for i, v in enumerate(norm["variants"]):
                v["group"] = "≤ 60" if i < (n + 1) // 2 else "> 60"
        if draw(st.booleans()):
            norm["show_variant_keys"] = True
            for i, v in enumerate(norm["variants"]):
                v["key"] = str(10 * (i + 1))
                v["code"] = f"T.1{10 * (i + 1)}"  # the construction convention the importer applies
    return norm


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(norm=table_norms())
def test_generated_tables_word_import_round_trip(norm, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rt")
    with using_registry(REG):
        original = dm.NormSet(title="Định mức thử", document_type="Thông tư", norms=[norm])
        write_annex(original, folder / "a.docx")
        back = import_tables(folder / "a.docx", registry=REG)
        assert back.norms[0].model_dump(exclude={"group_rows"}) == original.norms[0].model_dump(exclude={"group_rows"})
        assert norm_grid(back.norms[0]).rows == norm_grid(original.norms[0]).rows
        assert back.title == original.title and back.document_type == "Thông tư"


@st.composite
def component_norms(draw):
    """A TN&MT table of components: tools, equipment or materials, energy last, one or more value columns."""
    kind = draw(st.sampled_from(["tools", "equipment", "materials"]))
    n = draw(st.integers(1, 3))
    power_column = kind == "equipment" and draw(st.booleans())

    def valued(line, field="quantity"):
        if n > 1:
            return {**line, "values": draw(st.lists(cell(), min_size=n, max_size=n))}
        return {**line, field: draw(published_value())}

    lines = []
    for _ in range(draw(st.integers(1, 4))):
        line = {"name": draw(NAME)}
        if kind == "tools":
            life = Decimal(draw(st.integers(1, 120)))
            lines.append(valued({**line, "unit": draw(st.sampled_from(["Cái", "Bộ"])), "life_months": life}))
        elif kind == "equipment":
            power = draw(st.sampled_from([None, Decimal("0.40"), Decimal("2.2")])) if power_column else None
            extra = {"power_kw": power} if power is not None else {}
            lines.append(valued({**line, "unit": "ca", "count_unit": "Cái", **extra}, "loaded"))
        else:
            lines.append(valued({**line, "unit": draw(st.sampled_from(["ram", "kg", "Cái"]))}))
    energy = [valued({"name": "Điện năng", "unit": "kW"})] if draw(st.booleans()) else []
    number = str(draw(st.integers(1, 99)))
    norm = {
        "code": number,
        "name": f"Bảng {number}",
        "unit": "cả nước",
        "table_layout": "components",
        "item_header": {
            "tools": "Danh mục dụng cụ",
            "equipment": "Danh mục thiết bị",
            "materials": "Danh mục vật liệu",
        }[kind],
        "unit_header": "Đơn vị tính",
        "variant_header": "Định mức (Ca/cả nước)",
        kind: lines,
        "energy": energy,
    }
    if power_column:
        norm["power_header"] = "Công suất (kW/h)"
    if n > 1:
        norm["variants"] = [{"key": str(i + 1), "label": f"1/{5000 * (i + 1)}"} for i in range(n)]
    return norm


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(norm=component_norms())
def test_generated_tables_of_components_word_import_round_trip(norm, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtc")
    with using_registry(REG):
        original = dm.NormSet(title="Định mức thử", document_type="Thông tư", norms=[norm])
        write_annex(original, folder / "a.docx")
        back = import_tables(folder / "a.docx", registry=REG)
        assert back.norms[0].model_dump() == original.norms[0].model_dump()
        assert docx_grid(folder / "a.docx")[0] == norm_grid(original.norms[0]).rows


def test_a_project_passes_its_own_units_once_to_the_whole_build(tmp_path):
    """inputs.units in project.yaml: a province's unit (here a service unit m3 beside the bundled ones)."""
    import shutil

    from dinhmuc.project import example_project_path, load_project

    src = example_project_path().parent
    shutil.copytree(src, tmp_path / "p")
    from dinhmuc._resources import data_path

    bundled = data_path("units.yaml").read_text(encoding="utf-8")
    (tmp_path / "p" / "units.yaml").write_text(
        bundled + "  - {code: m3, label: mét khối, kind: service}\n", encoding="utf-8"
    )
    text = (tmp_path / "p" / "project.yaml").read_text(encoding="utf-8")
    (tmp_path / "p" / "project.yaml").write_text(
        text.replace("inputs:\n", "inputs:\n  units: units.yaml\n", 1), encoding="utf-8"
    )
    project = load_project(tmp_path / "p" / "project.yaml")
    reg = project.registry()
    assert reg.units["m3"].kinds == ("material", "service") and "lớp" in reg.units
    r = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "build", str(tmp_path / "p"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # and it is the list the build reads: without the service unit "lớp" the same check fails on it
    (tmp_path / "p" / "units.yaml").write_text(
        "\n".join(l for l in bundled.splitlines() if "{code: lớp," not in l) + "\n", encoding="utf-8"
    )
    r = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "build", str(tmp_path / "p"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 1 and "'lớp'" in r.stdout + r.stderr, r.stdout + r.stderr


def test_build_takes_units_and_grades_flags_over_the_project_lists(tmp_path):
    """`dinhmuc build --units/--grades`: a flag replaces the project's list of its kind and keeps the other.

    The project declares a units list without the service unit "lớp" (its build fails on it); --units
    with a good list builds; --grades alone keeps the project's bad units, so the check fails on "lớp"."""
    import shutil

    from dinhmuc._resources import data_path
    from dinhmuc.project import example_project_path

    shutil.copytree(example_project_path().parent, tmp_path / "p")
    bundled = data_path("units.yaml").read_text(encoding="utf-8")
    (tmp_path / "bad_units.yaml").write_text(
        "\n".join(l for l in bundled.splitlines() if "{code: lớp," not in l) + "\n", encoding="utf-8"
    )
    (tmp_path / "good_units.yaml").write_text(bundled, encoding="utf-8")
    shutil.copy(data_path("grades.yaml"), tmp_path / "grades.yaml")
    text = (tmp_path / "p" / "project.yaml").read_text(encoding="utf-8")
    (tmp_path / "p" / "project.yaml").write_text(
        text.replace("inputs:\n", "inputs:\n  units: ../bad_units.yaml\n", 1), encoding="utf-8"
    )

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "dinhmuc", "build", str(tmp_path / "p"), *map(str, a)],
            capture_output=True,
            text=True,
        )

    r = run("--out", tmp_path / "hs", "--units", tmp_path / "good_units.yaml")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "hs" / "02_dinh_muc_kem_theo.docx").is_file()
    r = run("--check", "--grades", tmp_path / "grades.yaml")
    assert r.returncode == 1 and "'lớp'" in r.stdout + r.stderr, r.stdout + r.stderr


def test_the_published_table_imports_from_excel_too(tmp_path):
    """The same table in a workbook: text lines above it, merged code cells, numbers as number cells whose
    format carries the published places (0,420 typed in a '0.000' cell)."""
    from openpyxl import Workbook

    f = fixture(CASES / "published" / "ae_111_xay_mong.yaml")
    wb = Workbook()
    ws = wb.active
    ws.append([f["heading"]])
    ws.append(["Thành phần công việc:"])
    ws.append([" ".join(f["work_steps"][0].split())])
    ws.append([f["unit_line"]])
    top = ws.max_row + 1
    for r, row in enumerate(f["table"]):
        for c, text in enumerate(row):
            cell = ws.cell(top + r, c + 1)
            if r >= 2 and c >= 4 and text and text != "-" and r < len(f["table"]) - 1:
                places = len(text.partition(",")[2])
                cell.value = float(text.replace(",", "."))
                cell.number_format = "0." + "0" * places if places else "0"
            else:
                cell.value = text or None
    body = top + 2
    ws.merge_cells(start_row=body, start_column=1, end_row=top + len(f["table"]) - 1, end_column=1)
    ws.merge_cells(start_row=body, start_column=2, end_row=top + len(f["table"]) - 1, end_column=2)
    ws.merge_cells(start_row=top, start_column=5, end_row=top, end_column=6)
    wb.save(tmp_path / "t.xlsx")
    norm_set = import_tables(tmp_path / "t.xlsx", registry=REG)
    with using_registry(REG):
        assert norm_grid(norm_set.norms[0]).rows == f["table"]
    assert [str(v) for v in norm_set.norms[0].materials[2].values] == ["0.420", "0.420"]


def test_work_steps_with_their_coefficients_round_trip_through_word(tmp_path):
    steps = [
        {"code": "B1", "name": "Chuẩn bị"},
        {"code": "B2", "name": "Đo vẽ chi tiết"},
        {"code": "B2.1", "name": "Đo góc, cạnh", "parent": "B2", "coefficient": "0.30"},
        {"code": "B2.2", "name": "Vẽ, kiểm tra", "parent": "B2", "coefficient": "0.70"},
    ]
    with using_registry(REG):
        n = dm.Norm(
            code="X.1",
            name="Đo đạc",
            unit="m3",
            unit_label="1m3",
            work_steps=steps,
            labour=[{"role": "Kỹ sư", "quantity": "1.50", "work_step": "B2"}],
        )
        write_annex(dm.NormSet(title="Định mức thử", norms=[n]), tmp_path / "a.docx")
        back = import_tables(tmp_path / "a.docx", registry=REG).norms[0]
    assert [s.model_dump() for s in back.work_steps] == [s.model_dump() for s in n.work_steps]
    assert str(back.work_steps[2].coefficient) == "0.3"  # a coefficient is a number, not a published cell


def test_a_line_keeps_its_work_step_through_word(tmp_path):
    """Each group prints its lines of no step, then a row "B1. Chuẩn bị" and that step's lines; the
    importer gives every line its step back (a row naming a step not listed above is not a step row)."""
    with using_registry(REG):
        n = dm.Norm(
            code="X.2",
            name="Tập huấn",
            unit="lớp",
            unit_label="01 lớp",
            work_steps=[{"code": "B1", "name": "Chuẩn bị"}, {"code": "B2", "name": "Giảng dạy"}],
            materials=[
                {"name": "Giấy A4", "unit": "ram", "quantity": "0.50", "work_step": "B1"},
                {"name": "Bút bi", "unit": "cái", "quantity": "30", "work_step": "B2"},
                {"name": "Phấn", "unit": "bộ", "quantity": "2"},
            ],
            labour=[{"role": "Kỹ sư", "quantity": "1.50", "work_step": "B2"}],
            percent_rows=[{"name": "Vật liệu khác", "component": "materials", "quantity": "5"}],
        )
        grid = norm_grid(n)
        write_annex(dm.NormSet(title="Định mức thử", norms=[n]), tmp_path / "a.docx")
        back = import_tables(tmp_path / "a.docx", registry=REG).norms[0]
    assert [r[2] for r in grid.rows[1:]] == [
        "Vật liệu",
        "Phấn",
        "Vật liệu khác",
        "B1. Chuẩn bị",
        "Giấy A4",
        "B2. Giảng dạy",
        "Bút bi",
        "Nhân công",
        "B2. Giảng dạy",
        "Kỹ sư",
    ]
    assert {m.name: m.work_step for m in back.materials} == {"Phấn": None, "Giấy A4": "B1", "Bút bi": "B2"}
    assert back.labour[0].work_step == "B2" and back.percent_rows[0].work_step is None
    assert docx_grid(tmp_path / "a.docx")[0] == grid.rows
    # a step row that names the step otherwise than the list above the table is reported, not guessed
    doc = Document(str(tmp_path / "a.docx"))
    cell = doc.tables[0].cell(4, 2)
    cell.paragraphs[0].runs[0].text = "B1. Chuẩn bị hội trường"
    doc.save(str(tmp_path / "b.docx"))
    with pytest.raises(InputError) as err:
        import_tables(tmp_path / "b.docx", registry=REG)
    assert any(p.location.row == 5 and "B1" in p.message for p in err.value.problems)


def test_a_document_without_norm_tables_or_not_a_document_is_reported(tmp_path):
    doc = Document()
    doc.add_paragraph("Không có bảng nào.")
    doc.save(str(tmp_path / "empty.docx"))
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    for name, code, words in (
        ("empty.docx", "no_table", "không tìm thấy bảng định mức"),
        ("broken.docx", "not_excel", "không phải tệp .xlsx/.docx hợp lệ"),  # the zip check of core.files comes first
        ("x.pdf", "file_type", "loại tệp '.pdf'"),
    ):
        with pytest.raises(InputError) as err, use_language("vi"):
            import_tables(tmp_path / name, registry=REG)
        (problem,) = err.value.problems
        assert problem.code == code and words in problem.message
    with pytest.raises(InputError) as err, use_language("en"):
        import_tables(tmp_path / "empty.docx", registry=REG)
    assert err.value.problems[0].message == "no norm table found"


def test_cli_import_and_annex_speak_vietnamese_and_english_on_request(tmp_path):
    """Summaries and every problem of `dinhmuc import` in Vietnamese by default, in English with --lang en."""
    doc = Document(str(CASES / "published" / "ae_111_xay_mong.docx"))
    doc.tables[0].cell(4, 4).paragraphs[0].runs[0].text = "0,05x"
    doc.save(str(tmp_path / "bad.docx"))
    env = {**os.environ, "DINHMUC_LANG": "", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "dinhmuc", *map(str, a)], capture_output=True, text=True, cwd=tmp_path, env=env
        )

    vi = run("import", "bad.docx", "--out", "set.yaml", "--units", UNITS)
    text = vi.stdout + vi.stderr
    assert vi.returncode == 1 and "không phải là số viết theo kiểu Việt Nam" in text and "bảng 1" in text
    assert "is not a number" not in text and "accepted" not in text
    en = run("--lang", "en", "import", "bad.docx", "--out", "set.yaml", "--units", UNITS)
    assert en.returncode == 1 and "is not a number in Vietnamese writing" in en.stdout + en.stderr
    ok = run("import", CASES / "published" / "ae_111_xay_mong.docx", "--out", "set.yaml", "--units", UNITS)
    assert ok.returncode == 0 and ok.stdout.startswith("Đạt: ") and "OK" not in ok.stdout
    ok = run("annex", "set.yaml", "--out", "a.docx", "--units", UNITS)
    assert ok.stdout.startswith("Đạt: a.docx — 1 bảng định mức")
    ok = run("--lang", "en", "annex", "set.yaml", "--out", "a.docx", "--units", UNITS)
    assert ok.stdout.startswith("OK: a.docx — 1 norm table(s)")
    # the help of --units/--grades is written when a command is declared, in the language asked for
    assert "A units list of your own" in run("--lang", "en", "build", "--help").stdout
    assert "Danh mục đơn vị tính riêng" in run("import", "--help").stdout


def test_the_dossier_annex_draws_a_published_table_with_the_same_renderer(tmp_path):
    """write_dossier on a set with variant columns: the annex holds the published table, cell for cell."""
    from dinhmuc.core.registry import default_registry
    from dinhmuc.dossier.writer import write_dossier

    f = fixture(CASES / "illustrative" / "tap_huan.yaml")
    # the province's list extends the bundled one (the dossier's forms read the bundled catalogue)
    both = Registry(units={**default_registry().units, **REG.units}, grades=default_registry().grades)
    with using_registry(both):
        norm_set = imported(CASES / "illustrative" / "tap_huan.yaml")
        write_dossier(norm_set, tmp_path / "hs", project={"province": "Quảng Ngãi"}, charts=False)
    tables = docx_grid(tmp_path / "hs" / "02_dinh_muc_kem_theo.docx")
    assert f["table"] in tables
    text = "\n".join(p.text for p in Document(str(tmp_path / "hs" / "02_dinh_muc_kem_theo.docx")).paragraphs)
    # the number 15/2026/QĐ-UBND has the year: a legal normative decision, "Ban hành kèm theo" (NĐ 78/2025)
    assert "Ban hành kèm theo Quyết định số 15/2026/QĐ-UBND" in text


def test_the_dossier_annex_never_rounds_a_stored_value(tmp_path):
    """0,675 công stays 0,675 (it printed 0,68 with the norm's 2 decimals); 0,5 is padded to 0,50, not changed."""
    from dinhmuc.dossier.writer import write_dossier

    n = dm.Norm(
        code="KC01",
        name="Đào tạo nghề",
        unit="lớp",
        labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": "0.675"}],
        materials=[{"name": "Giấy A4", "unit": "ram", "quantity": "0.5"}],
    )
    write_dossier(
        dm.NormSet(title="Thử", norms=[n]),
        tmp_path / "hs",
        project={"province": "Quảng Ngãi"},
        workbook=False,
        charts=False,
    )
    cells = [c for t in docx_grid(tmp_path / "hs" / "02_dinh_muc_kem_theo.docx") for row in t for c in row]
    assert "0,675" in cells and "0,68" not in cells and "0,50" in cells


def test_derived_energy_is_power_times_loaded_hours_times_the_dated_factor():
    norm = imported(CASES / "illustrative" / "tap_huan.yaml").norms[0]
    with using_registry(REG):
        col = norm.variant("1")
        col = dm.Norm.model_validate({**col.model_dump(), "energy": [{"derived": True}]})
        params = dm.default_parameters()
        assert params.get("working_time.hours_per_shift", ON).value == 8
        assert params.get("costing_rules.energy_aux_factor", ON).value == Decimal("1.05")
        prices = price_list_from_records(
            materials=[
                _priced("Giấy A4", "ram", 80000),
                _priced("Bút bi", "cái", 5000),
                _priced("Bàn ghế", "bộ", 1200000),
            ],
            labour=[_priced("Kỹ sư", "công", 400000), _priced("Nhân công 3,5/7", "công", 366000, {"spec": "Nhóm 2"})],
            equipment=[{**_machine("Máy chiếu", 20000000), "energy": "electricity"}],
            energy=[{"kind": "điện", "price": 2500, "vat": "chưa gồm", "source": "x", "date": "2026-06-01"}],
        )
        up = dm.cost_norm(col, prices, ON, {"management_pct": 0, "working_days_per_month": 22})
    energy = {l.id: l for l in up.lines}["DN1"]
    # 0,3 kW (the norm line's power) x 1,00 ca x 8 h x 1,05 = 2,52 kWh; x 2.500 đ
    assert energy.quantity == Decimal("2.52") and energy.exact == Decimal("6300")
    machine = {l.id: l for l in up.lines}["TB1"]
    assert "năng lượng" not in machine.parts  # counted once, on the energy line
    with pytest.raises(Exception, match="không được cả hai"):
        dm.EnergyLine(derived=True, quantity=1)
