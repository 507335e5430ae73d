"""A fresh `dinhmuc init` project filled as a clerk would fill its workbooks (dữ liệu thử)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl import load_workbook

import dinhmuc as dm


def driver_label(code: str) -> str:
    from dinhmuc.evidence.schemas import DRIVER_COLUMNS

    return DRIVER_COLUMNS[code]


def price_every_row(wb, date: str) -> None:
    """Give every pre-filled row of a scaffold's price workbook a price, a source, a date and a VAT status."""
    for title, fields in (
        ("Vật tư", {"Đơn giá (đồng)": 50000}),
        (
            "Thiết bị",
            {
                "Nguyên giá (đồng)": 15000000,
                "Tỷ lệ khấu hao (%/năm)": 20,
                "Nguồn tỷ lệ khấu hao": "TT 23/2023/TT-BTC (khai báo thử)",
                "Tỷ lệ sửa chữa (%/năm)": 5,
                "Loại thiết bị": "office",
            },
        ),
        ("Năng lượng", {"Đơn giá (đồng)": 2100}),
    ):
        ws = wb[title]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            values = {**fields, "Thuế GTGT": "đã gồm", "Nguồn giá": "Báo giá thử", "Ngày giá": date}
            for cell, h in zip(row, header, strict=True):
                if h in values:
                    cell.value = values[h]


def fill_fresh_project(folder: Path) -> list[Path]:
    """``dm.init_project(folder)`` then settlements 2023-2025 (five projects a year) and a price for every row."""
    files = dm.init_project(folder, province="Quảng Ngãi", today=dm.load_project(dm.example_project_path()).as_of)
    catalog = dm.load_catalog()
    rng = np.random.default_rng(7)
    # settlements: the pre-filled row of each line becomes five projects a year for 2023-2025
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
                        "Số lượng tiêu hao": round(float(rng.uniform(8, 12)), 1),
                    },
                )
                for d in spec.drivers:
                    label = next(h for h in header if h and h == driver_label(d.code))
                    row[label] = float(d.reference)
                ws.append([row.get(h) for h in header])
    wb.save(folder / "inputs" / "quyet_toan.xlsx")
    # prices: every pre-filled row gets a price, a source, a date and a VAT status
    wb = load_workbook(folder / "inputs" / "bang_gia.xlsx")
    price_every_row(wb, "2026-05-01")
    wb.save(folder / "inputs" / "bang_gia.xlsx")
    return files
