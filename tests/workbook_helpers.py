"""Helpers of the workbook tests: recalculate an .xlsx in LibreOffice, read every sheet back, fill a fresh project."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import numpy as np
from openpyxl import load_workbook

import dinhmuc as dm
from dinhmuc.dossier.office import convert_many

#: every sheet as its own UTF-8 csv, numbers unformatted (LibreOffice filter options)
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def recalculated(xlsx: Path, tmp: Path) -> dict[str, list[dict[str, str]]]:
    """Sheet title -> rows (header row = keys) after LibreOffice recalculated every formula."""
    out = convert_many([xlsx], tmp / f"csv_{xlsx.stem}", CSV_ALL_SHEETS, recalc=True)
    return {p.stem.split("-", 1)[1]: list(csv.DictReader(p.open(encoding="utf-8"))) for p in out}


def assert_workbook_equals_costs(sheets: dict, costs: dict) -> int:
    """Every line amount, component and unit price of the workbook equals the costing's; returns lines checked."""
    summary = {row["Mã định mức"]: row for row in sheets["Tổng hợp"]}
    assert set(summary) == set(costs)
    for code, up in costs.items():
        row = summary[code]
        assert Decimal(row["Đơn giá (đồng)"]) == up.total, (code, row["Đơn giá (đồng)"], up.total)
        assert Decimal(row["Lao động"]) == up.components["labour"], code
        assert Decimal(row["Vật tư"]) == up.components["materials"], code
        assert Decimal(row["Thiết bị"]) == up.components["equipment"], code
        assert Decimal(row["Chi phí quản lý"]) == up.components["management"], code
    checked = 0
    for row in sheets["Chi phí"]:
        line = costs[row["Mã định mức"]].line(row["Mã dòng"])
        assert Decimal(row["Thành tiền (đồng)"]) == line.amount, (
            row["Mã định mức"],
            row["Mã dòng"],
            row["Thành tiền (đồng)"],
            line.amount,
        )
        checked += 1
    return checked


def _driver_label(code: str) -> str:
    from dinhmuc.evidence.schemas import DRIVER_COLUMNS

    return DRIVER_COLUMNS[code]


def fill_fresh_project(folder: Path, *, material_price=12345, equipment_cost=35_000_000, tariff=2103) -> None:
    """Fill a `dinhmuc init` project as a clerk would: five settlements a year for 2023-2025, every price.

    The equipment cost is above the salvage threshold (30 M đồng) so the salvage rule is exercised.
    """
    catalog = dm.load_catalog()
    rng = np.random.default_rng(11)
    wb = load_workbook(folder / "inputs" / "quyet_toan.xlsx")
    ws = wb["Quyết toán"]
    header = [c.value for c in ws[1]]
    template = [dict(zip(header, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=2)]
    ws.delete_rows(2, ws.max_row)
    for year in (2023, 2024, 2025):
        for k in range(5):
            for t in template:
                spec = catalog[t["Mã dịch vụ"]]
                row = dict(
                    t,
                    **{
                        "Năm": year,
                        "Mã dự án": f"{t['Mã dịch vụ']}-{year}-{k}",
                        "Số lượng tiêu hao": round(float(rng.uniform(8, 12)), 2),
                    },
                )
                for d in spec.drivers:
                    row[_driver_label(d.code)] = float(d.reference)
                ws.append([row.get(h) for h in header])
    wb.save(folder / "inputs" / "quyet_toan.xlsx")
    wb = load_workbook(folder / "inputs" / "bang_gia.xlsx")
    for title, fields in (
        ("Vật tư", {"Đơn giá (đồng)": material_price}),
        (
            "Thiết bị",
            {
                "Nguyên giá (đồng)": equipment_cost,
                "Tỷ lệ khấu hao (%/năm)": 12.5,
                "Nguồn tỷ lệ khấu hao": "TT 23/2023/TT-BTC (khai báo thử)",
                "Tỷ lệ sửa chữa (%/năm)": 5,
                "Loại thiết bị": "office",
            },
        ),
        ("Năng lượng", {"Đơn giá (đồng)": tariff}),
    ):
        ws = wb[title]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            values = {**fields, "Thuế GTGT": "đã gồm", "Nguồn giá": "Báo giá thử", "Ngày giá": "2026-05-01"}
            for cell, h in zip(row, header, strict=True):
                if h in values:
                    cell.value = values[h]
    wb.save(folder / "inputs" / "bang_gia.xlsx")
