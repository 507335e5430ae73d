"""The auditable workbook recalculated by LibreOffice equals the costing to the đồng, half-đồng cases included.

Known answers worked by hand (base salary 2.530.000 đồng from 01/07/2026, employer contributions
17,5 + 3 + 1 + 2 = 23,5 %, 22 working days):

* day rate, group B step 5 (coefficient 2,66): 2.530.000 x 2,66 x 1,235 / 22 = 377.786,5 -> 377.787
  (in binary floating point the old formula evaluated 377.786,49999999994 and ROUND gave 377.786);
* day rate, group A1 step 3 (3,00): 2.530.000 x 3 x 1,235 / 22 = 426.075; 0,5 công -> 213.037,5 -> 213.038;
* material, 2,5 bộ with 2 % loss at 10 đồng: 2,55 x 10 = 25,5 -> 26; 1,5 at 1.001 đồng: 1.501,5 -> 1.502;
* machine, cost 10.001.000 (below the 30 M salvage threshold), wear 10 %/year = 1.000.100, 250 ca/year:
  1,25 ca x 1.000.100 / 250 = 5.000,5 -> 5.001; electricity 0,5 kW x 1,25 ca x 8 h x 1,05 x 2.002 đồng
  = 10.510,5 -> 10.511;
* management 0,5 % of 100.100 đồng = 500,5 -> 501.
"""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import dossier_helpers as h
import pytest
import workbook_helpers as wh
import yaml
from openpyxl import load_workbook

import dinhmuc as dm
from dinhmuc.costing.prices import price_list_from_records
from dinhmuc.dossier.office import convert_many, find_soffice, pdf_text
from dinhmuc.dossier.workbook import CostInputs, ExactnessError, _exact_round, _Int, write_workbook

office = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext not installed",
)

ON = dt.date(2026, 9, 5)
OPTIONS = {"management_pct": 0, "working_days_per_month": 22, "allowances_pct": 0}
SRC = {"vat": "included", "source": "Báo giá thử (dữ liệu minh họa)", "date": "2026-08-01"}


def _half_norms() -> tuple[dm.NormSet, dict]:
    labour = dm.Norm(
        code="H1",
        name="Lao động",
        unit="lớp",
        labour=[
            {"id": "LD1", "role": "Nhân viên", "grade": "NV", "step": 5, "quantity": 1},
            {"id": "LD2", "role": "Giáo viên", "grade": "III", "step": 3, "quantity": 0.5},
        ],
    )
    materials = dm.Norm(
        code="H2",
        name="Vật tư",
        unit="lớp",
        materials=[
            {"id": "VT1", "name": "Tài liệu", "unit": "bộ", "quantity": 2.5, "loss_rate": 2},
            {"id": "VT2", "name": "Túi hồ sơ", "unit": "cái", "quantity": 1.5},
        ],
    )
    machine = dm.Norm(
        code="H3",
        name="Thiết bị",
        unit="lớp",
        equipment=[{"id": "TB1", "name": "Máy chiếu", "unit": "ca", "loaded": 1.25, "idle": 0}],
    )
    manage = dm.Norm(
        code="H4",
        name="Quản lý",
        unit="lớp",
        materials=[{"id": "VT1", "name": "Hội trường", "unit": "cái", "quantity": 1}],
    )
    prices = price_list_from_records(
        materials=[
            {"name": "Tài liệu", "unit": "bộ", "price": 10, **SRC},
            {"name": "Túi hồ sơ", "unit": "cái", "price": 1001, **SRC},
            {"name": "Hội trường", "unit": "cái", "price": 100100, **SRC},
        ],
        equipment=[
            {
                "name": "Máy chiếu",
                "original_cost": 10_001_000,
                "depreciation_rate": 10,
                "depreciation_source": "khai báo thử",
                "repair_rate": 0,
                "power_kw": 0.5,
                "shifts_per_year": 250,
                **SRC,
            }
        ],
        energy=[{"kind": "điện", "price": 2002, **SRC}],
    )
    ns = dm.NormSet(title="Các trường hợp nửa đồng", norms=[labour, materials, machine, manage])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        costs = {
            n.code: dm.cost_norm(n, prices, ON, {**OPTIONS, "management_pct": 0.5 if n.code == "H4" else 0}) for n in ns
        }
    return ns, costs


HAND = {
    ("H1", "LD1"): 377787,
    ("H1", "LD2"): 213038,
    ("H2", "VT1"): 26,
    ("H2", "VT2"): 1502,
    ("H3", "TB1"): 5001 + 10511,
    ("H4", "QL"): 501,
}


def test_the_half_dong_cases_are_what_the_costing_computes():
    ns, costs = _half_norms()
    for (code, line), amount in HAND.items():
        assert costs[code].line(line).amount == amount, (code, line)
    assert costs["H1"].line("LD1").unit_cost == 377787
    assert costs["H3"].line("TB1").parts == {"khấu hao": 5001, "sửa chữa": 0, "năng lượng": 10511}
    # the trap the workbook avoids: the old formula's order of operations in binary floating point
    # (base x (coef + position) x (1 + allowances/100 + contributions/100) / days) is just below the half
    assert 2530000 * (2.66 + 0) * (1 + 0 / 100 + 23.5 / 100) / 22 < 377786.5


@office
def test_half_dong_cases_recalculate_exactly_in_libreoffice(tmp_path):
    ns, costs = _half_norms()
    path = write_workbook(ns, tmp_path / "nua_dong.xlsx", CostInputs.from_unit_prices(ns, costs))
    sheets = wh.recalculated(path, tmp_path)
    assert wh.assert_workbook_equals_costs(sheets, costs) == 6
    lines = {(r["Mã định mức"], r["Mã dòng"]): Decimal(r["Thành tiền (đồng)"]) for r in sheets["Chi phí"]}
    for key, amount in HAND.items():
        if key[1] != "QL":
            assert lines[key] == amount, key
    rates = {r["Khóa"]: Decimal(r["Đơn giá ngày công (đồng)"]) for r in sheets["Hệ số lương"]}
    assert rates == {"NV/5": 377787, "III/3": 426075}
    summary = {r["Mã định mức"]: r for r in sheets["Tổng hợp"]}
    assert Decimal(summary["H4"]["Chi phí quản lý"]) == 501


@office
@pytest.mark.parametrize(
    "mode,step,expected",
    [
        # exact values: 377786.5 | 213037.5 ; half_even -> 377786, 213038; down -> 377786, 213037; up -> 377787, 213038
        ("half_even", 1, {"NV/5": 377786, "LD2": 213038}),
        ("down", 1, {"NV/5": 377786, "LD2": 213037}),
        ("up", 1, {"NV/5": 377787, "LD2": 213038}),
        # step 1000, half-up: 377786.5 -> 378000; 0.5 x 426000 = 213000
        ("half_up", 1000, {"NV/5": 378000, "LD2": 213000}),
    ],
)
def test_other_rounding_rules_of_the_parameters_are_reproduced(tmp_path, mode, step, expected):
    ns, costs = _half_norms()
    inputs = CostInputs.from_unit_prices(ns, costs)
    inputs.rounding = {k: {"step": Decimal(step), "mode": mode} for k in ("daily_wage", "line", "management", "asset")}
    path = write_workbook(ns, tmp_path / f"{mode}.xlsx", inputs)
    sheets = wh.recalculated(path, tmp_path)
    rates = {r["Khóa"]: Decimal(r["Đơn giá ngày công (đồng)"]) for r in sheets["Hệ số lương"]}
    lines = {(r["Mã định mức"], r["Mã dòng"]): Decimal(r["Thành tiền (đồng)"]) for r in sheets["Chi phí"]}
    assert rates["NV/5"] == expected["NV/5"]
    assert lines[("H1", "LD2")] == expected["LD2"]
    from dinhmuc.dossier.workbook import reference_costs

    ref = reference_costs(ns, inputs)  # Decimal, the costing's round_step: an independent implementation
    for (code, line), amount in lines.items():
        assert amount == ref[code]["lines"][line], (mode, step, code, line)


def test_exact_formula_refuses_figures_beyond_the_integer_bound():
    big = _Int("A1", 10**9)
    with pytest.raises(ExactnessError, match="quá lớn"):
        _exact_round(big, _Int("B1", 10**9), _Int("C1", 10**7), {"step": 1, "mode": "half_up"}, "thử")
    assert _exact_round(_Int("A1", 5), _Int("B1", 3), _Int("1", 1), {"step": 1, "mode": "half_up"}, "x") == "A1*B1"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    from dinhmuc.pipeline import build_project

    return build_project(out=tmp_path_factory.mktemp("vd") / "ho_so")


@office
def test_example_workbook_equals_costs_json_for_every_service(example, tmp_path):
    """The bundled example: every line, component and unit price (KC09 and KC10 used to be off by 68 and 1 đồng)."""
    import json

    sheets = wh.recalculated(example.out / "11_bang_tinh_dinh_muc_don_gia.xlsx", tmp_path)
    checked = wh.assert_workbook_equals_costs(sheets, example.costs)
    assert checked == sum(len(n.lines()) for n in example.norm_set.norms)  # every norm line
    data = json.loads((example.out / "costs.json").read_text(encoding="utf-8"))
    summary = {r["Mã định mức"]: Decimal(r["Đơn giá (đồng)"]) for r in sheets["Tổng hợp"]}
    assert summary == {code: Decimal(v["total"]) for code, v in data.items()}
    # each labour amount LibreOffice computed is công x day rate rounded half-up, redone here in Decimal
    from decimal import ROUND_HALF_UP

    for r in sheets["Chi phí"]:
        if r["Thành phần"] == "Lao động":
            exact = _num(r["Lượng"]) * _num(r["Đơn giá (đồng)"])
            assert _num(r["Thành tiền (đồng)"]) == exact.quantize(Decimal(1), ROUND_HALF_UP), r


@office
def test_fresh_init_project_workbook_equals_costs(tmp_path):
    from dinhmuc.pipeline import build_project

    folder = tmp_path / "moi"
    dm.init_project(folder, province="Quảng Ngãi", today=ON)
    wh.fill_fresh_project(folder)
    result = build_project(folder, out=tmp_path / "ho_so")
    assert not [w for w in result.warnings if "workbook" in w]
    sheets = wh.recalculated(result.out / "11_bang_tinh_dinh_muc_don_gia.xlsx", tmp_path)
    assert wh.assert_workbook_equals_costs(sheets, result.costs) == sum(len(n.lines()) for n in result.norm_set.norms)
    equipment = {r["Tên thiết bị"]: r for r in sheets["Thiết bị"]}
    # 35.000.000 ≥ 30.000.000: salvage 10 % = 3.500.000; wear (35.000.000 - 3.500.000) x 12,5 % = 3.937.500
    assert all(Decimal(r["Giá trị thu hồi"]) == 3_500_000 for r in equipment.values())
    assert all(Decimal(r["Khấu hao năm"]) == 3_937_500 for r in equipment.values())


def _own_parameters(tmp_path: Path) -> dm.Parameters:
    """The bundled parameters with a project's own salvage rule (5 % from 20 M đồng, dated, cited)."""
    from dinhmuc._resources import data_path

    rules = yaml.safe_load(data_path("params", "costing_rules.yaml").read_text(encoding="utf-8"))
    values = rules["parameters"]["salvage"]["values"]
    values.append(
        {
            "from": "2026-09-01",
            "value": {"pct": 5, "min_cost": 20000000},
            "citation": {"document": "Quy định của tỉnh (khai báo thử)", "article": "Điều 1"},
            "verified": False,
        }
    )
    values.sort(key=lambda v: str(v["from"]))
    assert str(values[-1]["from"]) == "2026-09-01"  # in force on ON (2026-09-05)
    path = tmp_path / "costing_rules.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dm.load_parameters(extra=[path])


@office
def test_workbook_uses_the_parameters_the_costing_used(tmp_path):
    from dinhmuc.costing import load_prices

    params = _own_parameters(tmp_path)
    prices = load_prices(h.CASES / "costing" / "prices")
    ns = h.norm_set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        costs = {n.code: dm.cost_norm(n, prices, on=ON, options=h.OPTIONS, parameters=params) for n in ns}
    with pytest.raises(ValueError, match="không phải tham số phép tính giá đã dùng"):
        CostInputs.from_unit_prices(ns, costs)  # the bundled rule is not the one the costing used
    inputs = CostInputs.from_unit_prices(ns, costs, params)
    assert (inputs.salvage_pct, inputs.salvage_min_cost) == (5, 20000000)
    assert not inputs.mismatches(ns, costs)
    path = write_workbook(ns, tmp_path / "rieng.xlsx", inputs)
    sheets = wh.recalculated(path, tmp_path)
    wh.assert_workbook_equals_costs(sheets, costs)
    params_rows = {r["Tên ô (dùng trong công thức)"]: r for r in sheets["Tham số"]}
    assert Decimal(params_rows["TyLeThuHoi"]["Giá trị"]) == 5
    assert Decimal(params_rows["NguyenGiaThuHoi"]["Giá trị"]) == 20000000


def test_every_sheet_prints_landscape_fitted_with_repeated_headers(example):
    wb = load_workbook(example.out / "11_bang_tinh_dinh_muc_don_gia.xlsx")
    assert wb.sheetnames[0] == "Tổng hợp"
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title
        assert ws.print_area, ws.title
        assert "&P" in ws.oddFooter.center.text
    with zipfile.ZipFile(example.out / "11_bang_tinh_dinh_muc_don_gia.xlsx") as z:
        styles = z.read("xl/styles.xml").decode()
    assert "[$-42A]#,##0" in styles  # Vietnamese digit grouping (1.234.567)


@office
def test_workbook_pdf_is_readable(example, tmp_path):
    """Whole columns on each page: every page of a sheet repeats its header; money printed 401.642.880."""
    pdf = convert_many([example.out / "11_bang_tinh_dinh_muc_don_gia.xlsx"], tmp_path, "pdf", recalc=True)[0]
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    costing = [p for p in pages if not p.lstrip().startswith("Thống kê")]  # the statistics sheet has its own pages
    assert len(costing) <= 15  # the costing sheets were 45 pages of column fragments
    for page in pages:
        assert "Trang" in page
    kc09 = f"{int(example.costs['KC09'].total):,}".replace(",", ".")  # e.g. 401.642.880, Vietnamese grouping
    assert any(kc09 in p for p in pages)
    costs_pages = [p for p in pages if "Thành tiền (đồng)" in p]
    assert len(costs_pages) >= 2  # the costs sheet runs over pages, its header on each


def _num(text: str) -> Decimal:
    """A number of LibreOffice's csv export (decimal comma under the vi-VN number format)."""
    return Decimal(text.replace(",", "."))


@office
def test_plan_workbook_recalculates_to_the_plan_estimate(example, tmp_path):
    from dinhmuc.dossier.plan_workbook import plan_figures

    plan = example.plan
    path = example.out / "du_toan_ke_hoach.xlsx"
    wb = load_workbook(path)
    ws = wb["Dự toán"]
    header = [c.value for c in ws[1]]
    assert not {"row", "service", "project", "coefficients", "unit_price", "count", "total"} & set(header)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if "x1." in t or t.startswith("x")]  # coefficients are numbers, not "x1.5"
    formulas = [t for t in texts if t.startswith("=")]
    assert any(t.startswith("=SUBTOTAL(9,") for t in formulas) and any("SUMIFS(" in t for t in formulas)
    sheets = wh.recalculated(path, tmp_path)
    rows = sheets["Dự toán"]
    projects = [r for r in rows if r["STT"].strip()]
    assert len(projects) == len(plan.projects)
    by_name = {p.name: p for p in plan.projects}
    for r in projects:
        p = by_name[r["Tên đề án"]]
        assert _num(r["Thành tiền (đồng)"]) == p.total, p.name
        assert _num(r["Đơn giá (đồng)"]) == p.unit_price.total, p.name
        assert _num(r["Lao động (đồng/đơn vị)"]) == p.unit_price.components["labour"], p.name
        assert _num(r["Quản lý (đồng/đơn vị)"]) == p.unit_price.components["management"], p.name
        for a in p.applied.adjustments:
            assert _num(r[a.name]) == a.factor, (p.name, a.name)
    sub = {
        r["Tên đề án"].removeprefix("Cộng "): _num(r["Thành tiền (đồng)"])
        for r in rows
        if r["Tên đề án"].startswith("Cộng ")
    }
    figures = plan_figures(plan)
    assert sub == figures.by_service
    grand = next(r for r in rows if r["Tên đề án"] == "TỔNG CỘNG")
    assert _num(grand["Thành tiền (đồng)"]) == plan.total == figures.total
    assert sum(p.count * p.unit_price.total for p in plan.projects) == plan.total  # worked independently
    assert any(r["Tên đề án"] == f"Bằng chữ: {figures.words}" for r in rows)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_plan_figures_add_up_by_service():
    import datetime as dt

    from dinhmuc.dossier.plan_workbook import plan_figures

    ns, _ = _half_norms()
    prices = price_list_from_records(
        materials=[
            {"name": "Tài liệu", "unit": "bộ", "price": 10, **SRC},
            {"name": "Túi hồ sơ", "unit": "cái", "price": 1001, **SRC},
        ]
    )
    plan = dm.estimate_plan(
        [
            {"service": "H2", "project": "A", "count": 2},
            {"service": "H1", "project": "B"},
            {"service": "H2", "project": "C", "count": 3},
        ],
        ns,
        prices,
        ON,
        OPTIONS,
    )
    f = plan_figures(plan)
    # H2 unit price 26 + 1.502 = 1.528 (5 units: 7.640); H1 377.787 + 213.038 = 590.825; total 598.465
    assert f.by_service == {"H2": 5 * 1528, "H1": 590825}
    assert f.total == 5 * 1528 + 590825 and f.projects == 3
    assert f.words == "Năm trăm chín mươi tám nghìn bốn trăm sáu mươi lăm đồng"
    assert f.on == dt.date(2026, 9, 5)
