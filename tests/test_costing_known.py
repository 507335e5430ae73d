"""Known-answer costs worked by hand (tests/cases/costing/known_answers.yaml) and the full catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from costing_helpers import CASES, ON, OPTIONS, norm_set, prices

import dinhmuc as dm
from dinhmuc.core.yamlio import read_yaml_mapping
from dinhmuc.costing import cost_norm, price_list_from_records

CASES_DATA, _ = read_yaml_mapping(CASES / "known_answers.yaml")


def _prices(case):
    p = case.get("prices") or {}
    return price_list_from_records(p.get("materials"), p.get("equipment"), p.get("energy"))


@pytest.mark.parametrize("case", CASES_DATA["cases"], ids=lambda c: c["name"])
def test_known_answer(case):
    norm = dm.Norm.model_validate(case["norm"])
    up = cost_norm(norm, _prices(case), case["date"], case["options"])
    exp = case["expected"]
    for line_id, amount in exp["lines"].items():
        assert up.line(line_id).amount == Decimal(amount), (line_id, up.explain())
    for line_id, cost in exp.get("unit_costs", {}).items():
        assert up.line(line_id).unit_cost == Decimal(cost)
    for line_id, parts in exp.get("parts", {}).items():
        assert up.line(line_id).parts == {k: Decimal(v) for k, v in parts.items()}
    if "components" in exp:
        assert up.components == {k: Decimal(v) for k, v in exp["components"].items()}
    assert up.total == Decimal(exp["total"])


def test_every_catalogue_service_costs_and_prints_with_trace():
    for norm in norm_set():
        up = dm.cost_norm(norm, prices(), ON, OPTIONS)
        text = up.explain()
        assert up.total > 0
        # every printed total equals the sum of its printed lines
        for comp, value in up.components.items():
            assert value == sum(l.amount for l in up.lines if l.component == comp)
        assert up.total == sum(up.components.values())
        for l in up.lines:
            if l.parts:
                assert l.amount == sum(l.parts.values())
            assert l.amount == l.amount.to_integral_value()
        # the trace names the base salary with its citation, the prices with their source
        assert "Nghị định 73/2024/NĐ-CP" in text and "nguồn:" in text
        assert up.to_frame()["amount"].sum() == up.total
        assert "<table" in up._repr_html_()
        assert up.breakdown().iloc[-1, 1] == up.total


@pytest.mark.parametrize(
    "on", [dt.date(2021, 8, 15), dt.date(2023, 7, 1), dt.date(2024, 6, 30), dt.date(2026, 7, 1), dt.date(2030, 1, 1)]
)
def test_every_service_on_any_covered_date(on):
    old = prices()

    def redate(rows):
        return [(p.model_copy(update={"date": dt.date(2021, 1, 1)}), r) for p, r in rows]

    pl = dm.PriceList(redate(old.materials), redate(old.equipment), redate(old.energy))
    totals = []
    for norm in norm_set():
        up = dm.cost_norm(norm, pl, on, {**OPTIONS, "max_price_age_days": None})
        assert up.total > 0 and up.on == on
        totals.append(up.total)
    assert len(totals) == 10
    # the unverified 2026 base salary is flagged in the printed trace
    up = dm.cost_norm(norm_set()["KC01"], prices(), dt.date(2026, 7, 1), {**OPTIONS, "max_price_age_days": None})
    assert "Nghị định 161/2026/NĐ-CP" in up.explain() and "CHƯA KIỂM CHỨNG" in up.explain()


def test_price_list_from_excel_with_vietnamese_headers(tmp_path):
    from openpyxl import Workbook

    from dinhmuc.costing.prices import PRICE_SHEETS

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in PRICE_SHEETS.values():
        ws = wb.create_sheet(sheet.title)
        ws.append([c.label for c in sheet.columns])
    wb["Vật tư"].append(
        [
            "Giấy in",
            "Giấy A4 định lượng 70 g/m2",
            "ram",
            75000,
            "đã gồm",
            "Báo giá (minh họa)",
            dt.datetime(2025, 3, 1),
            None,
        ]
    )
    wb["Năng lượng"].append(["điện", "kWh", 2500, "chưa gồm", "Biểu giá (minh họa)", dt.datetime(2025, 5, 10), None])
    path = tmp_path / "prices.xlsx"
    wb.save(path)
    pl = dm.load_prices(path)
    p = pl.material("giấy in", "ram", "Giấy A4 định lượng 70 g/m2", ON)
    assert (p.price, p.vat, p.date) == (Decimal(75000), "included", dt.date(2025, 3, 1))
    assert pl.energy_row(ON)[1].row == 2 and pl.energy_row(ON)[1].sheet == "Năng lượng"


def test_options_recorded_in_trace():
    up = dm.cost_norm(
        norm_set()["KC02"],
        prices(),
        ON,
        {"management_pct": 1.5, "management_scope": "agency", "working_days_per_month": 26, "allowances_pct": 10},
    )
    text = up.explain()
    assert "Số ngày làm việc một tháng = 26 (khai báo của dự án" in text
    assert "Phụ cấp (% lương) = 10" in text
    assert "Chi phí quản lý (%) = 1,5" in text
