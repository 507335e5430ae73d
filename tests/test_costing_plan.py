"""Plan estimates: projects -> quantities and cost, with coefficients applied and shown."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from costing_helpers import CASES, ON, OPTIONS, norm_set, prices

import dinhmuc as dm

#: An area table a province declares with its own basis. The bundled catalogue has none since the 1.5 x of the
#: khuyến công funding rules caps money, not quantities; the plan mechanism is tested with a declared table.
AREA = {
    "code": "dia_ban",
    "name": "Hệ số điều chỉnh theo địa bàn",
    "basis": "area",
    "applies_to": ["labour", "materials", "equipment"],
    "default": "thong_thuong",
    "citation": "Khai báo của tỉnh, căn cứ riêng của tỉnh (dữ liệu kiểm thử)",
    "classes": [
        {"key": "thong_thuong", "label": "Địa bàn thông thường", "factor": 1},
        {"key": "uu_tien", "label": "Địa bàn ưu tiên", "factor": 1.5},
    ],
}


def with_area(ns):
    return ns.model_copy(
        update={
            "norms": [
                n.model_copy(update={"adjustments": [dm.AdjustmentTable.model_validate(AREA), *n.adjustments]})
                for n in ns.norms
            ]
        }
    )


def test_plan_from_csv():
    plan = dm.estimate_plan(CASES / "plan.csv", with_area(norm_set()), prices(), ON, OPTIONS)
    assert len(plan.projects) == 5
    assert plan.total == sum(p.total for p in plan.projects)
    assert plan.total == sum(plan.components.values())
    kc01 = plan.projects[0]
    assert kc01.service == "KC01" and kc01.count == 2 and kc01.row == 2
    assert kc01.total == 2 * kc01.unit_price.total
    # area coefficient 1.5 recorded and applied to every component's quantities
    adj = {a.table: a for a in kc01.applied.adjustments}
    assert adj["dia_ban"].key == "uu_tien" and adj["dia_ban"].factor == Decimal("1.5")
    ld1 = next(l for l in kc01.applied.lines if l.id == "LD1")
    assert ld1.quantity == Decimal(60) * Decimal(45) / Decimal(60) * Decimal("1.5")
    # difficulty coefficient for KC05 applies to labour and equipment, not materials
    kc05 = plan.projects[3]
    factors = {l.component: l.factor for l in kc05.applied.lines}
    assert factors["labour"] == Decimal("1.725") and factors["materials"] == Decimal("1.5")
    # a label is accepted for the area
    assert plan.projects[2].applied.adjustments[0].key == "thong_thuong"
    text = plan.explain()
    assert "Địa bàn ưu tiên" in text and "x1.5" in text and "Loại 3" in text and "TỔNG CỘNG" in text
    df = plan.to_frame()
    assert df["total"].sum() == plan.total and set(df.service) == {"KC01", "KC02", "KC03", "KC05", "KC09"}
    q = plan.quantities()
    assert {"project", "service", "quantity", "factor"} <= set(q.columns)
    assert "<table" in plan._repr_html_()


def test_plan_matches_unit_prices_at_project_scale():
    plan = dm.estimate_plan(
        [{"service": "KC02", "project": "A", "learners": 50, "days": 2}], norm_set(), prices(), ON, OPTIONS
    )
    ref = dm.cost_norm(norm_set()["KC02"], prices(), ON, OPTIONS)
    assert plan.total == ref.total  # at reference scale, no coefficient


def test_plan_from_excel(tmp_path):
    df = pd.read_csv(CASES / "plan.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "plan.xlsx"
    df.to_excel(path, index=False)
    a = dm.estimate_plan(path, with_area(norm_set()), prices(), ON, OPTIONS)
    b = dm.estimate_plan(CASES / "plan.csv", with_area(norm_set()), prices(), ON, OPTIONS)
    assert a.total == b.total


def test_plan_errors_all_at_once():
    rows = [
        {"service": "KC99", "project": "X"},
        {"service": "KC01", "project": "Y", "area": "sao hỏa"},
        {"service": "KC01", "project": "Z", "colour": "red"},
        {"service": "KC01", "project": "W", "learners": -3},
        {"service": "KC01", "project": "V", "count": "nhiều"},
    ]
    with pytest.raises(dm.InputError) as exc:
        dm.estimate_plan(rows, norm_set(), prices(), ON, OPTIONS)
    text = str(exc.value)
    assert "5 lỗi" in text
    assert "không có định mức 'KC99'" in text and "sao hỏa" in text and "colour" in text and "là số âm" in text
    assert "dòng 2" in text and "dòng 5" in text


def test_plan_price_error_names_project():
    empty = dm.PriceList()
    with pytest.raises(dm.PriceError, match="đề án 'Y' \\(dòng 1\\)"):
        dm.estimate_plan([{"service": "KC01", "project": "Y"}], norm_set(), empty, ON, OPTIONS)
