#!/usr/bin/env python
"""Generate the bundled Quảng Ngãi example project (DỰ THẢO – dữ liệu minh họa).

The example is the khuyến công norm set of Quảng Ngãi province for the area of the
former Kon Tum province: Kon Tum merged into Quảng Ngãi (NQ 202/2025/QH15; the new
province works since 01/07/2025), so a 2026 norm set for the 10 services the former
Kon Tum province listed is issued by UBND tỉnh Quảng Ngãi and drafted by the Sở
Công Thương tỉnh Quảng Ngãi. Settlements of 2023-2025 keep the old district names
(they are records of those years).

Writes ``data/examples/quang_ngai/``: the project file and its inputs — settlement
records 2023-2025, time studies, standards, expert estimates, a reference norm
set of "another province", a price list, the actual costs of the preceding
years, the 2027 plan and the appraisal council. Every figure is SIMULATED with
a fixed seed (``numpy.random.default_rng(2026)``) to illustrate dinhmuc; none
is a real figure of Quảng Ngãi or of the former Kon Tum province. Every file says so.

Usage::

    python scripts/make_example.py            # (re)write the files
    python scripts/make_example.py --check    # compare with the files on disk; exit 1 on a difference
    python scripts/make_example.py --out DIR  # write somewhere else

The output is deterministic: two runs give byte-identical files (fixed seed,
fixed workbook timestamps, zip entries with a fixed date).

Realistic features, on purpose:

* small n: KC03 (4 workshops) and KC04 (4 study tours) in 2023-2025, KC08 (2 contests);
* outliers the IQR rule excludes: KC01/VT1 in 2024 (a dyeing batch spoiled, materials
  bought twice) and KC06/LD2 in 2025 (an installation re-supervised);
* a missing year: the provincial typical-product contest (KC08) is held every
  2 years (2023, 2025); the project declares ``years_override_reason``;
* a price of unknown VAT status (KC03/VT3 banner and backdrop from a household
  business) with the project's declared assumption (``vat_assumptions``);
* a price older than the declared 365 days (KC09/VT4 leaflets, 2025-06-20);
* equipment below the fixed-asset threshold (measuring kit, printer, LED booth lights).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "data" / "examples" / "quang_ngai"
SEED = 2026
SCRIPT = "scripts/make_example.py"
MARK = "DỰ THẢO – dữ liệu minh họa"
MARK_LONG = f"{MARK}: số liệu giả lập để minh họa, không phải số liệu thật"
AS_OF = dt.date(2026, 9, 5)
YEARS = (2023, 2024, 2025)
FIXED_TIME = dt.datetime(2000, 1, 1)

# ----------------------------------------------------------------------------
# Declared choices of the project (written to project.yaml)
# ----------------------------------------------------------------------------

KC08_REASON = (
    "Tỉnh tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh 2 năm một lần "
    "(các kỳ 2023 và 2025; năm 2024 không tổ chức), nên không thể có số liệu 3 năm liên tục; "
    "dùng số liệu quyết toán của 2 kỳ gần nhất, đối chiếu thêm ý kiến chuyên gia (dữ liệu minh họa)"
)

SERVICES: dict[str, dict[str, Any]] = {
    "KC01": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán 16 lớp đào tạo nghề 3 năm liền kề 2023-2025 (TT 47/2018/TT-BCT Điều 6 "
        "khoản 1); vật tư khác (phấn, bút dạ, băng dính) tính 5 % giá trị vật tư chính",
        "options": {
            "indirect_labour_pct": 8,
            "outlier_rule": "iqr",
            "statistic": "progressive_average",
            "other_materials_pct": 5,
        },
    },
    "KC02": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán 13 lớp tập huấn 3 năm liền kề 2023-2025",
        "options": {"indirect_labour_pct": 8, "outlier_rule": "iqr", "statistic": "progressive_average"},
    },
    "KC03": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán 3 năm liền kề nhưng chỉ 4 hội thảo (n < 5): cảnh báo được giữ lại để "
        "Hội đồng thẩm định xem xét",
        "options": {"indirect_labour_pct": 8, "outlier_rule": "iqr", "statistic": "progressive_average"},
    },
    "KC04": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán 3 năm liền kề nhưng chỉ 4 đoàn tham quan (n < 5)",
        "options": {"indirect_labour_pct": 8, "outlier_rule": "iqr", "statistic": "progressive_average"},
    },
    "KC05": {
        "method": "standard",
        "reason": "Mỗi mô hình trình diễn một công nghệ khác nhau, số liệu quyết toán không đồng nhất; thời gian "
        "tác nghiệp theo quy trình kỹ thuật xây dựng mô hình của Trung tâm (phương pháp tiêu chuẩn)",
        "options": {"preparation_pct": 5, "rest_pct": 8, "indirect_labour_pct": 8},
    },
    "KC06": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán hỗ trợ 13 đề án (nhiều cơ sở) 3 năm liền kề 2023-2025",
        "options": {"indirect_labour_pct": 8, "outlier_rule": "iqr", "statistic": "progressive_average"},
    },
    "KC07": {
        "method": "expert",
        "reason": "Dịch vụ tư vấn mới thực hiện từ 2024 (chỉ 2 năm số liệu quyết toán, không đủ 3 năm); dùng ý "
        "kiến 4 chuyên gia (phương pháp hỗ trợ) phục vụ phương pháp thống kê tổng hợp",
        "options": {"legal_method": "statistical", "disagreement_pct": 20, "indirect_labour_pct": 8},
    },
    "KC08": {
        "method": "statistical",
        "reason": "Số liệu quyết toán của các kỳ bình chọn 2023 và 2025 (bình chọn 2 năm một lần); xây dựng "
        "theo lý do dùng số liệu không liên tục đã khai báo trong tùy chọn của dịch vụ",
        "options": {
            "indirect_labour_pct": 8,
            "outlier_rule": "iqr",
            "statistic": "progressive_average",
            "years_override_reason": KC08_REASON,
        },
    },
    "KC09": {
        "method": "statistical",
        "reason": "Có số liệu quyết toán 5 hội chợ 3 năm liền kề 2023-2025",
        "options": {"indirect_labour_pct": 8, "outlier_rule": "iqr", "statistic": "progressive_average"},
    },
    "KC10": {
        "method": "experimental",
        "reason": "Trung tâm tự sản xuất phóng sự từ 2025 (trước đó đặt hàng Đài Phát thanh - Truyền hình), chưa "
        "có số liệu quyết toán; bấm giờ 6 phóng sự năm 2026 (phương pháp phân tích thực nghiệm). Bấm "
        "giờ không đo vật tư: VT1, VT2 theo ý kiến chuyên gia (phương pháp hỗ trợ)",
        "supplements": [
            {
                "method": "expert",
                "lines": ["VT1", "VT2"],
                "reason": "bấm giờ không đo vật tư; số bản tin in và thiết bị lưu trữ cho một chương "
                "trình theo ý kiến 4 chuyên gia",
                "options": {"legal_method": "experimental", "disagreement_pct": 20},
            }
        ],
        "options": {
            "preparation_pct": 5,
            "rest_pct": 8,
            "k": 1,
            "k_source": "survey",
            "accuracy_pct": 5,
            "confidence_pct": 95,
            "volumes": {"B2": 3, "B3": 15},
            "indirect_labour_pct": 5,
        },
    },
}

BUILD = {"rounding_decimals": 2, "idle_pct": {"*": 10}}

COSTING = {
    "management_pct": 2.5,
    "management_scope": "project",
    "working_days_per_month": 22,
    "allowances_pct": 0,
    "max_price_age_days": 365,
    "vat": "as_listed",
    "financing_class": "budget_full",
}

VAT_ASSUMPTIONS = [
    {
        "sheet": "materials",
        "name": "Băng rôn, phông hội trường",
        "vat": "included",
        "reason": "Báo giá của hộ kinh doanh (nộp thuế khoán, không xuất hóa đơn GTGT) không ghi thuế GTGT; dự án coi "
        "giá là giá thanh toán đã gồm thuế, không cộng thêm thuế GTGT (khai báo, dữ liệu minh họa)",
    }
]

# ----------------------------------------------------------------------------
# Settlement model: per service, projects per year, drivers, per-unit values
# (mean at the reference scale, relative s.d., rounding step of the record)
# ----------------------------------------------------------------------------

SETTLEMENTS: dict[str, dict[str, Any]] = {
    "KC01": {
        "years": {2023: 5, 2024: 6, 2025: 5},
        "drivers": {"learners": list(range(22, 36)), "days": [45, 50, 60, 60, 60, 75]},
        "lines": {
            "LD1": (61, 0.03, 0.5),
            "LD2": (20, 0.07, 0.5),
            "LD3": (6, 0.1, 0.5),
            "VT1": (31, 0.04, 1),
            "VT2": (31, 0.03, 1),
            "VT3": (30, 0, 1),
            "VT4": (5, 0.2, 1),
            "VT5": (30, 0, 1),
            "TB1": (30, 0.07, 0.5),
            "TB2": (32, 0.06, 0.5),
            "TB3": (45, 0.06, 0.5),
        },
    },
    "KC02": {
        "years": {2023: 4, 2024: 4, 2025: 5},
        "drivers": {"learners": list(range(40, 61)), "days": [2, 2, 2, 3]},
        "lines": {
            "LD1": (2, 0.0, 0.5),
            "LD2": (6, 0.12, 0.5),
            "VT1": (50, 0.03, 1),
            "VT2": (50, 0, 1),
            "VT3": (49, 0.02, 1),
            "VT4": (2, 0.1, 1),
            "TB1": (2, 0, 0.5),
            "TB2": (2, 0, 0.5),
            "TB3": (2, 0, 0.5),
        },
    },
    "KC03": {
        "years": {2023: 1, 2024: 2, 2025: 1},
        "drivers": {"delegates": list(range(80, 121)), "days": [1]},
        "lines": {
            "LD1": (3, 0, 0.5),
            "LD2": (10, 0.08, 0.5),
            "VT1": (100, 0.03, 1),
            "VT2": (110, 0.04, 1),
            "VT3": (2, 0, 1),
            "VT4": (100, 0.02, 1),
            "TB1": (1, 0, 0.5),
            "TB2": (1, 0, 0.5),
            "TB3": (1.5, 0.1, 0.5),
        },
    },
    "KC04": {
        "years": {2023: 1, 2024: 1, 2025: 2},
        "drivers": {"members": list(range(15, 26)), "days": [4, 5, 5, 6]},
        "lines": {
            "LD1": (6, 0.06, 0.5),
            "LD2": (8, 0.08, 0.5),
            "VT1": (20, 0.04, 1),
            "VT2": (20, 0, 1),
            "VT3": (1, 0, 1),
            "TB1": (5, 0.08, 0.5),
            "TB2": (5, 0.08, 0.5),
        },
    },
    "KC06": {
        "years": {2023: 4, 2024: 5, 2025: 4},
        "drivers": {"establishments": [1, 1, 2, 2, 3]},
        "lines": {
            "LD1": (4, 0.08, 0.5),
            "LD2": (3, 0.15, 0.5),
            "LD3": (2, 0.15, 0.5),
            "VT1": (3, 0, 1),
            "VT2": (1, 0.1, 1),
            "TB1": (3, 0.12, 0.5),
            "TB2": (1.5, 0.2, 0.5),
        },
    },
    "KC07": {
        "years": {2024: 2, 2025: 3},
        "drivers": {"establishments": [1, 1, 2]},
        "lines": {
            "LD1": (12, 0.1, 0.5),
            "LD2": (3, 0.1, 0.5),
            "VT1": (3, 0, 1),
            "VT2": (2, 0.15, 1),
            "TB1": (10, 0.1, 0.5),
            "TB2": (2, 0.15, 0.5),
        },
    },
    "KC08": {
        "years": {2023: 1, 2025: 1},
        "drivers": {"products": list(range(26, 37))},
        "lines": {
            "LD1": (14, 0.05, 0.5),
            "LD2": (12, 0.06, 0.5),
            "VT1": (210, 0.03, 1),
            "VT2": (21, 0.08, 1),
            "VT3": (30, 0, 1),
            "VT4": (4, 0.1, 1),
            "TB1": (10, 0.08, 0.5),
            "TB2": (2, 0, 0.5),
            "TB3": (3, 0.1, 0.5),
        },
    },
    "KC09": {
        "years": {2023: 2, 2024: 2, 2025: 1},
        "drivers": {"booths": list(range(70, 131, 5)), "days": [4, 5, 5, 5, 6]},
        "lines": {
            "LD1": (25, 0.06, 0.5),
            "LD2": (40, 0.08, 0.5),
            "LD3": (30, 0.05, 0.5),
            "VT1": (100, 0, 1),
            "VT2": (100, 0.02, 1),
            "VT3": (2, 0, 1),
            "VT4": (3000, 0.08, 100),
            "TB1": (5, 0, 0.5),
            "TB2": (500, 0.03, 10),
            "TB3": (20, 0.15, 1),
        },
    },
}

#: (service, year, project number within the year, line) -> (factor, note): the outliers.
OUTLIERS = {
    ("KC01", 2024, 3, "VT1"): (1.85, "Lớp dệt thổ cẩm: hỏng mẻ nhuộm, mua bổ sung nguyên liệu (bất thường)"),
    ("KC06", 2025, 2, "LD2"): (2.3, "Thiết bị lắp đặt lỗi, chuyên gia giám sát lại toàn bộ (bất thường)"),
}

PLACES = [
    "Kon Tum",
    "Đắk Hà",
    "Đắk Tô",
    "Ngọc Hồi",
    "Đắk Glei",
    "Kon Plông",
    "Kon Rẫy",
    "Sa Thầy",
    "Tu Mơ Rông",
    "Ia H'Drai",
]
CRAFTS = [
    "Dệt thổ cẩm",
    "Đan lát mây tre",
    "Chế biến cà phê",
    "Chế biến sâm dây",
    "Mộc dân dụng",
    "Rèn",
    "Chế biến mì (sắn)",
    "Sửa chữa máy nông nghiệp",
]


def _round_step(x: float, step: float) -> float:
    v = Decimal(repr(x)) / Decimal(repr(step))
    v = v.quantize(Decimal(1), rounding=ROUND_HALF_UP) * Decimal(repr(step))
    v = max(v, Decimal(repr(step)))
    return int(v) if v == v.to_integral_value() else float(v)


def make_settlements(rng: np.random.Generator, catalog) -> pd.DataFrame:
    from dinhmuc.evidence.schemas import DRIVER_COLUMNS, TABLES

    rows = []
    for code, model in SETTLEMENTS.items():
        spec = catalog[code]
        refs = {d.code: float(d.reference) for d in spec.drivers}
        names = (
            {s.id: s.role for s in spec.labour}
            | {s.id: s.name for s in spec.materials}
            | {s.id: s.name for s in spec.equipment}
        )
        units = (
            {s.id: "công" for s in spec.labour}
            | {s.id: s.unit for s in spec.materials}
            | {s.id: s.unit for s in spec.equipment}
        )
        scales = {s.id: list(s.scales_with) for s in (*spec.labour, *spec.materials, *spec.equipment)}
        for year, count in model["years"].items():
            for i in range(1, count + 1):
                drivers = {d: int(rng.choice(values)) for d, values in model["drivers"].items()}
                if code == "KC08":
                    drivers["products"] = {2023: 28, 2025: 34}[year]
                place = PLACES[int(rng.integers(len(PLACES)))]
                craft = CRAFTS[int(rng.integers(len(CRAFTS)))]
                project = f"DA-{year}-{code}-{i:02d}"
                for lid, (mean, sd, step) in model["lines"].items():
                    scale = 1.0
                    for d in scales[lid]:
                        scale *= drivers[d] / refs[d]
                    noise = float(np.clip(1 + (rng.normal(0, sd) if sd else 0.0), 0.8, 1.2))
                    note = None
                    key = (code, year, i, lid)
                    if key in OUTLIERS:
                        factor, note = OUTLIERS[key]
                        noise *= factor
                    q = _round_step(mean * scale * noise, step)
                    row = {
                        "Mã dịch vụ": code,
                        "Năm": year,
                        "Mã dự án": project,
                        "Mã dòng": lid,
                        "Nội dung hao phí": names[lid],
                        "Đơn vị tính": units[lid],
                        "Số lượng tiêu hao": q,
                    }
                    for d, value in drivers.items():
                        row[DRIVER_COLUMNS[d]] = value
                    row["Ghi chú"] = note or (f"{craft}, {place}" if code == "KC01" else place)
                    rows.append(row)
    columns = [c.label for c in TABLES["settlements"].columns]
    return pd.DataFrame(rows, columns=columns)


# ----------------------------------------------------------------------------
# Time studies (KC10), standards (KC05), expert estimates (KC07, KC08 cross-check)
# ----------------------------------------------------------------------------

#: line -> step -> (observations, mean minutes per unit of output, relative s.d., output choices)
TIME_STUDY = {
    "LD1": {"B1": (6, 700, 0.05, [1]), "B3": (6, 40, 0.05, [2, 3, 4]), "B4": (5, 230, 0.04, [1])},
    "LD2": {"B2": (6, 400, 0.05, [1])},
    "LD3": {"B3": (6, 58, 0.10, [2, 3, 4])},  # the wider spread: more observations are needed
    "TB1": {"B2": (6, 330, 0.05, [1])},
    "TB2": {"B3": (6, 66, 0.05, [2, 3, 4])},
    "TB3": {"B2": (6, 120, 0.06, [1])},
}
ROLES_KC10 = {
    "LD1": "Biên tập viên",
    "LD2": "Phóng viên, quay phim",
    "LD3": "Kỹ thuật viên dựng hình",
    "TB1": "Máy quay phim",
    "TB2": "Máy tính dựng phim",
    "TB3": "Máy ảnh",
}


def make_time_studies(rng: np.random.Generator) -> pd.DataFrame:
    from dinhmuc.evidence.schemas import TABLES

    rows = []
    for lid, steps in TIME_STUDY.items():
        for step, (n, per_unit, sd, outputs) in steps.items():
            for k in range(1, n + 1):
                output = int(rng.choice(outputs))
                rating = int(rng.choice([90, 95, 100, 100, 105, 110]))
                # observed time = normal time / rating: a slower worker (rating < 100) takes longer
                minutes = int(round(per_unit * output * (1 + rng.normal(0, sd)) * 100 / rating))
                start = end = None
                if minutes <= 300:  # a short observation within one session: clock times too
                    begin = int(rng.choice([7 * 60 + 30, 8 * 60, 13 * 60 + 30, 14 * 60]))
                    start = f"{begin // 60:02d}:{begin % 60:02d}"
                    stop = begin + minutes
                    end = f"{stop // 60:02d}:{stop % 60:02d}"
                day = dt.date(2026, 3, 2) + dt.timedelta(days=int(rng.integers(0, 100)))
                rows.append(
                    {
                        "Mã dịch vụ": "KC10",
                        "Mã dòng": lid,
                        "Bước công việc": step,
                        "Lần quan sát": f"{step}-{lid}-{k}",
                        "Chức danh": ROLES_KC10[lid],
                        "Bắt đầu": start,
                        "Kết thúc": end,
                        "Thời gian (phút)": minutes,
                        "Khối lượng sản phẩm": output,
                        "Mức độ thực hiện (%)": rating,
                        "Điều kiện": "Phóng sự 15 phút, quay tại 3 cơ sở" if step == "B2" else "Tại Trung tâm",
                        "Ghi chú": f"Bấm giờ ngày {day.strftime('%d/%m/%Y')}",
                    }
                )
    return pd.DataFrame(rows, columns=[c.label for c in TABLES["time_studies"].columns])


def make_standards() -> pd.DataFrame:
    from dinhmuc.evidence.schemas import TABLES

    proc = "Quy trình kỹ thuật xây dựng mô hình trình diễn của Trung tâm Khuyến công (minh họa)"
    rows = [
        ("LD1", "B1", 24, None, f"{proc}, mục 2.1: khảo sát 3 ngày"),
        ("LD1", "B1", 20, None, f"{proc}, mục 2.2: lập đề án"),
        ("LD2", "B2", 24, None, f"{proc}, mục 3.1: thẩm định thiết bị, công nghệ"),
        ("LD2", "B3", 64, None, f"{proc}, mục 3.2: giám sát lắp đặt 8 ngày"),
        ("LD3", "B4", 32, None, f"{proc}, mục 4.1: hội nghị trình diễn"),
        ("LD3", "B5", 16, None, f"{proc}, mục 4.2: nghiệm thu"),
        ("VT1", "B4", None, 50, f"{proc}, mục 4.1: 50 đại biểu dự hội nghị trình diễn"),
        ("VT2", "B4", None, 1, f"{proc}, mục 4.3: 01 biển mô hình"),
        ("VT3", None, None, 3, f"{proc}, phụ lục 2: hồ sơ đề án, báo cáo"),
        ("TB1", "B1", 24, None, f"{proc}, mục 2.2"),
        ("TB1", "B5", 32, None, f"{proc}, mục 4.2"),
        ("TB2", "B3", 16, None, f"{proc}, mục 3.2: chụp ảnh hiện trường"),
        ("TB3", "B3", 24, None, f"{proc}, mục 3.2: đo kiểm khi vận hành thử"),
    ]
    out = [
        {
            "Mã dịch vụ": "KC05",
            "Mã dòng": lid,
            "Bước công việc": step,
            "Thời gian tác nghiệp (giờ)": hours,
            "Số lượng theo tiêu chuẩn": qty,
            "Căn cứ": src,
            "Ghi chú": "dữ liệu minh họa",
        }
        for lid, step, hours, qty, src in rows
    ]
    return pd.DataFrame(out, columns=[c.label for c in TABLES["standards"].columns])


EXPERTS = [
    ("Chuyên gia A (minh họa)", "Nguyên Phó Giám đốc Trung tâm Khuyến công (minh họa)"),
    ("Chuyên gia B (minh họa)", "Chuyên viên Phòng Quản lý công nghiệp, Sở Công Thương (minh họa)"),
    ("Chuyên gia C (minh họa)", "Giảng viên Trường Cao đẳng cộng đồng (minh họa)"),
    ("Chuyên gia D (minh họa)", "Giám đốc doanh nghiệp tư vấn (minh họa)"),
]
#: (service, line) -> (most likely value, spread of the experts' m)
EXPERT_LINES = {
    ("KC07", "LD1"): (12, 0.08),
    ("KC07", "LD2"): (3, 0.1),
    ("KC07", "VT1"): (3, 0),
    ("KC07", "VT2"): (2, 0.1),
    ("KC07", "TB1"): (10, 0.08),
    ("KC07", "TB2"): (2, 0.1),
    ("KC08", "LD1"): (15, 0.08),
    ("KC08", "LD2"): (12, 0.08),
    ("KC10", "VT1"): (200, 0.1),
    ("KC10", "VT2"): (1, 0),
}


def make_experts(rng: np.random.Generator, catalog) -> pd.DataFrame:
    from dinhmuc.evidence.schemas import TABLES

    rows = []
    for (code, lid), (m0, sd) in EXPERT_LINES.items():
        spec = catalog[code]
        unit = (
            "công" if lid.startswith("LD") else next(s.unit for s in (*spec.materials, *spec.equipment) if s.id == lid)
        )
        for name, function in EXPERTS:
            m = _round_step(m0 * (1 + (rng.normal(0, sd) if sd else 0)), 0.5)
            a = _round_step(m * float(rng.uniform(0.7, 0.9)), 0.5) if m > 1 else m
            b = _round_step(m * float(rng.uniform(1.15, 1.4)), 0.5)
            a, b = min(a, m), max(b, m)
            rows.append(
                {
                    "Mã dịch vụ": code,
                    "Mã dòng": lid,
                    "Họ tên chuyên gia": name,
                    "Chức vụ, đơn vị": function,
                    "Đơn vị tính": unit,
                    "Thấp nhất (a)": a,
                    "Nhiều khả năng nhất (m)": m,
                    "Cao nhất (b)": b,
                    "Ghi chú": "đối chiếu, không dùng để xây dựng" if code == "KC08" else None,
                }
            )
    return pd.DataFrame(rows, columns=[c.label for c in TABLES["expert_estimates"].columns])


# ----------------------------------------------------------------------------
# Price list
# ----------------------------------------------------------------------------


def _q(shop: str) -> str:
    return f"Báo giá {shop} (dữ liệu minh họa)"


MATERIAL_PRICES = [
    # name, spec, unit, price, vat, source, date, note
    (
        "Nguyên vật liệu thực hành theo nghề",
        "Theo chương trình đào tạo của nghề",
        "bộ",
        650000,
        "đã gồm",
        _q("HTX dệt thổ cẩm và cửa hàng vật tư nông nghiệp, TP Kon Tum"),
        "2026-03-12",
        "Bình quân các nghề đào tạo năm 2026",
    ),
    (
        "Tài liệu, giáo trình học tập",
        "Khổ A4, in 2 mặt",
        "bộ",
        45000,
        "đã gồm",
        _q("Công ty in Kon Tum"),
        "2026-02-20",
        None,
    ),
    (
        "Văn phòng phẩm học viên",
        "Vở, bút, túi đựng tài liệu",
        "bộ",
        35000,
        "đã gồm",
        _q("Nhà sách Kon Tum"),
        "2026-02-20",
        None,
    ),
    ("Giấy in", "Giấy A4 định lượng 70 g/m2", "ram", 82000, "đã gồm", _q("Nhà sách Kon Tum"), "2026-02-20", None),
    ("Chứng chỉ nghề", "Phôi chứng chỉ in màu", "tờ", 15000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    ("Tài liệu tập huấn", "Khổ A4, in 2 mặt", "bộ", 40000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Giấy chứng nhận hoàn thành khóa tập huấn",
        "Khổ A4, in màu",
        "tờ",
        8000,
        "đã gồm",
        _q("Công ty in Kon Tum"),
        "2026-02-20",
        None,
    ),
    (
        "Tài liệu hội thảo",
        "Kỷ yếu tham luận khổ A4",
        "bộ",
        60000,
        "đã gồm",
        _q("Công ty in Kon Tum"),
        "2026-02-20",
        None,
    ),
    ("Giấy mời", "In màu, có phong bì", "tờ", 5000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Băng rôn, phông hội trường",
        "Bạt hiflex in màu",
        "cái",
        1800000,
        "không rõ",
        _q("hộ kinh doanh quảng cáo Minh Phát"),
        "2026-04-08",
        "Báo giá không ghi thuế GTGT; xem vat_assumptions trong project.yaml",
    ),
    ("Văn phòng phẩm đại biểu", "Sổ, bút", "bộ", 25000, "đã gồm", _q("Nhà sách Kon Tum"), "2026-02-20", None),
    ("Tài liệu tham quan", "Khổ A4", "bộ", 20000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    ("Văn phòng phẩm", "Sổ, bút", "bộ", 25000, "đã gồm", _q("Nhà sách Kon Tum"), "2026-02-20", None),
    (
        "Băng rôn đoàn",
        "Bạt hiflex in màu, 0,8 m x 3 m",
        "cái",
        450000,
        "đã gồm",
        _q("Công ty quảng cáo Tây Nguyên"),
        "2026-04-10",
        None,
    ),
    ("Tài liệu hướng dẫn kỹ thuật", "Khổ A4", "bộ", 30000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Biển mô hình trình diễn",
        "Biển alu, in màu",
        "cái",
        1500000,
        "đã gồm",
        _q("Công ty quảng cáo Tây Nguyên"),
        "2026-04-10",
        None,
    ),
    ("Hồ sơ, biểu mẫu", "Khổ A4", "bộ", 15000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    ("Báo cáo tư vấn", "Khổ A4, đóng quyển", "quyển", 120000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    ("Phiếu chấm điểm", "Khổ A4", "tờ", 1000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Giấy chứng nhận sản phẩm tiêu biểu",
        "In màu, có khung",
        "bộ",
        250000,
        "đã gồm",
        _q("Công ty in Kon Tum"),
        "2026-02-20",
        None,
    ),
    ("Hồ sơ, biểu mẫu đăng ký", "Khổ A4", "bộ", 15000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Khung gian hàng tiêu chuẩn (thuê)",
        "3 m x 3 m, vách, bàn, ghế",
        "bộ",
        3200000,
        "chưa gồm",
        _q("Công ty TNHH Hội chợ Triển lãm Miền Trung"),
        "2026-05-15",
        "Giá thuê trọn hội chợ 5 ngày; chưa gồm VAT 8 %",
    ),
    (
        "Bảng tên gian hàng",
        "Decal in màu",
        "cái",
        80000,
        "đã gồm",
        _q("Công ty quảng cáo Tây Nguyên"),
        "2026-04-10",
        None,
    ),
    (
        "Cổng chào, pa nô tuyên truyền",
        "Khung sắt, bạt hiflex in màu",
        "cái",
        9500000,
        "đã gồm",
        _q("Công ty quảng cáo Tây Nguyên"),
        "2026-04-10",
        None,
    ),
    (
        "Tờ rơi, ấn phẩm quảng bá",
        "Khổ A4 gấp 3, in màu",
        "tờ",
        2500,
        "đã gồm",
        _q("Công ty in Kon Tum"),
        "2025-06-20",
        "Báo giá cũ, chưa cập nhật năm 2026",
    ),
    ("Bản tin in", "Khổ A4, 8 trang, in màu", "cuốn", 25000, "đã gồm", _q("Công ty in Kon Tum"), "2026-02-20", None),
    (
        "Thiết bị lưu trữ",
        "Thẻ nhớ, ổ đĩa lưu trữ tư liệu",
        "cái",
        1200000,
        "đã gồm",
        _q("Cửa hàng tin học Kon Tum"),
        "2026-03-05",
        None,
    ),
]

DEP = "TT 23/2023/TT-BTC Phụ lục 01 (tỷ lệ minh họa, cần đối chiếu)"
EQUIPMENT_PRICES = [
    # name, spec, original cost, depreciation %, repair %, shifts/year, type, energy, vat, source, date
    (
        "Máy chiếu",
        "Độ sáng 3.500 lumen",
        14500000,
        20,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng tin học Kon Tum"),
        "2026-03-05",
    ),
    (
        "Máy tính xách tay",
        "Cấu hình văn phòng",
        17500000,
        20,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng tin học Kon Tum"),
        "2026-03-05",
    ),
    (
        "Máy móc, thiết bị thực hành theo nghề",
        "Theo nghề đào tạo",
        45000000,
        12.5,
        5,
        250,
        None,
        "điện",
        "đã gồm",
        _q("Công ty thiết bị công nghiệp Tây Nguyên"),
        "2026-03-18",
    ),
    (
        "Hệ thống âm thanh hội trường",
        "Âm ly, loa, micro",
        25000000,
        12.5,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng điện tử Kon Tum"),
        "2026-03-05",
    ),
    (
        "Máy ảnh",
        "Máy ảnh kỹ thuật số",
        18000000,
        20,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng điện tử Kon Tum"),
        "2026-03-05",
    ),
    (
        "Thiết bị đo kiểm kỹ thuật",
        "Đồng hồ đo điện, đo nhiệt",
        8500000,
        20,
        5,
        None,
        "hiện trường",
        "điện",
        "đã gồm",
        _q("Công ty thiết bị công nghiệp Tây Nguyên"),
        "2026-03-18",
    ),
    (
        "Máy in laser",
        "Khổ A4",
        6500000,
        20,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng tin học Kon Tum"),
        "2026-03-05",
    ),
    (
        "Hệ thống âm thanh sân khấu",
        "Âm ly, loa, micro",
        60000000,
        12.5,
        5,
        None,
        "hiện trường",
        "điện",
        "đã gồm",
        _q("Cửa hàng điện tử Kon Tum"),
        "2026-03-05",
    ),
    (
        "Hệ thống chiếu sáng gian hàng",
        "Đèn LED chiếu sáng",
        1200000,
        20,
        5,
        None,
        "hiện trường",
        "điện",
        "đã gồm",
        _q("Cửa hàng điện Kon Tum"),
        "2026-03-05",
    ),
    (
        "Máy phát điện dự phòng",
        "Máy phát điện diesel",
        150000000,
        12.5,
        6,
        250,
        None,
        "không",
        "đã gồm",
        _q("Công ty thiết bị công nghiệp Tây Nguyên"),
        "2026-03-18",
    ),
    (
        "Máy quay phim",
        "Máy quay chuyên dụng Full HD",
        65000000,
        12.5,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng điện tử Kon Tum"),
        "2026-03-05",
    ),
    (
        "Máy tính dựng phim",
        "Máy trạm đồ họa",
        45000000,
        20,
        5,
        None,
        "văn phòng",
        "điện",
        "đã gồm",
        _q("Cửa hàng tin học Kon Tum"),
        "2026-03-05",
    ),
]
ELECTRICITY = (
    "điện",
    "kWh",
    2320,
    "chưa gồm",
    "Biểu giá bán lẻ điện cho đơn vị hành chính sự nghiệp, cấp điện áp dưới 6 kV (giá minh họa, cần đối "
    "chiếu biểu giá hiện hành)",
    "2025-10-01",
)


def make_prices() -> dict[str, pd.DataFrame]:
    mats = pd.DataFrame(
        [
            {
                "Tên vật tư": n,
                "Quy cách": s,
                "Đơn vị tính": u,
                "Đơn giá (đồng)": p,
                "Thuế GTGT": v,
                "Nguồn giá": src,
                "Ngày giá": dt.date.fromisoformat(d),
                "Ghi chú": note,
            }
            for n, s, u, p, v, src, d, note in MATERIAL_PRICES
        ]
    )
    eqs = pd.DataFrame(
        [
            {
                "Tên máy, thiết bị": n,
                "Quy cách": s,
                "Nguyên giá (đồng)": c,
                "Tỷ lệ khấu hao (%/năm)": dep,
                "Nguồn tỷ lệ khấu hao": DEP,
                "Tỷ lệ sửa chữa (%/năm)": rep,
                "Công suất (kW)": None,
                "Số ca/năm": shifts,
                "Loại thiết bị": kind,
                "Năng lượng": en,
                "Thuế GTGT": v,
                "Nguồn giá": src,
                "Ngày giá": dt.date.fromisoformat(d),
                "Ghi chú": ("Nhiên liệu là vật tư (không tính điện)" if en == "không" else None),
            }
            for n, s, c, dep, rep, shifts, kind, en, v, src, d in EQUIPMENT_PRICES
        ]
    )
    kind, unit, price, vat, src, d = ELECTRICITY
    energy = pd.DataFrame(
        [
            {
                "Loại năng lượng": kind,
                "Đơn vị tính": unit,
                "Đơn giá (đồng)": price,
                "Thuế GTGT": vat,
                "Nguồn giá": src,
                "Ngày giá": dt.date.fromisoformat(d),
                "Ghi chú": None,
            }
        ]
    )
    return {"Vật tư": mats, "Thiết bị": eqs, "Năng lượng": energy}


def apply_vat_assumptions(prices, assumptions):
    """The price list with the project's declared VAT statuses (``PriceList.assume_vat``)."""
    return prices.assume_vat(assumptions)


# ----------------------------------------------------------------------------
# Plan 2027, council
# ----------------------------------------------------------------------------

PLAN = [
    # service, name, count, drivers, do_kho, note (no area: the 1.5 x of the funding rules caps money)
    (
        "KC01",
        "Đào tạo nghề dệt thổ cẩm khu vực Kon Rẫy (tỉnh Kon Tum cũ)",
        1,
        {"learners": 30, "days": 60},
        None,
        "Vùng đồng bào dân tộc thiểu số",
    ),
    (
        "KC01",
        "Đào tạo nghề đan lát mây tre khu vực Đắk Hà (tỉnh Kon Tum cũ)",
        1,
        {"learners": 25, "days": 45},
        None,
        None,
    ),
    (
        "KC01",
        "Truyền nghề mộc dân dụng khu vực Tu Mơ Rông (tỉnh Kon Tum cũ)",
        1,
        {"learners": 20, "days": 75},
        None,
        "Vùng cao",
    ),
    (
        "KC02",
        "Tập huấn khởi sự doanh nghiệp cho chủ cơ sở CNNT",
        2,
        {"learners": 50, "days": 2},
        None,
        "02 lớp tại khu vực Kon Tum và Ngọc Hồi",
    ),
    ("KC03", "Hội thảo phát triển sản phẩm OCOP và CNNT tiêu biểu", 1, {"delegates": 120, "days": 1}, None, None),
    ("KC04", "Tham quan học tập kinh nghiệm tại Lâm Đồng", 1, {"members": 20, "days": 5}, None, None),
    (
        "KC05",
        "Mô hình trình diễn máy sấy cà phê năng lượng mặt trời",
        1,
        {},
        "loai_3",
        "Công nghệ phức tạp, khu vực Đắk Glei",
    ),
    ("KC06", "Hỗ trợ ứng dụng máy móc chế biến sâm dây", 1, {"establishments": 4}, "loai_2", None),
    ("KC07", "Tư vấn đánh giá sản xuất sạch hơn", 1, {"establishments": 3}, "loai_1", None),
    (
        "KC08",
        "Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm 2027",
        1,
        {"products": 35},
        None,
        "Kỳ bình chọn 2 năm một lần",
    ),
    ("KC09", "Hội chợ hàng CNNT khu vực Kon Tum (tỉnh Quảng Ngãi) năm 2027", 1, {"booths": 120, "days": 5}, None, None),
    (
        "KC10",
        "Phóng sự khuyến công trên sóng truyền hình tỉnh Quảng Ngãi",
        1,
        {"issues": 12},
        None,
        "12 phóng sự trong năm",
    ),
]


def make_plan() -> pd.DataFrame:
    drivers = ["learners", "days", "delegates", "members", "establishments", "products", "booths", "issues"]
    rows = []
    for code, name, count, drv, do_kho, note in PLAN:
        row = {"Mã dịch vụ": code, "Tên đề án": name, "Số lượng": count}
        row.update({d: drv.get(d) for d in drivers})
        row["do_kho"] = do_kho
        row["Ghi chú"] = note
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------


def _note_lines(what: str, extra: list[str] | None = None) -> list[str]:
    return [
        MARK_LONG,
        f"Nội dung: {what}",
        f"Tạo bởi {SCRIPT} (numpy default_rng({SEED})); chạy lại script để tạo lại tệp, không sửa tay.",
        "Dự án mẫu: data/examples/quang_ngai/project.yaml",
        *(extra or []),
    ]


def workbook_bytes(sheets: dict[str, pd.DataFrame], note: list[str], note_first: bool = True) -> bytes:
    """An .xlsx with a 'Ghi chú' sheet (the illustrative mark) and one sheet per table; byte-stable."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from dinhmuc.io.normio import _stable_zip

    wb = Workbook()
    wb.remove(wb.active)

    def note_sheet():
        ws = wb.create_sheet("Ghi chú")
        for i, line in enumerate(note, start=1):
            c = ws.cell(row=i, column=1, value=line)
            c.data_type = "s"
            if i == 1:
                c.font = Font(bold=True, color="C00000")
        ws.column_dimensions["A"].width = 110

    if note_first:
        note_sheet()
    for title, frame in sheets.items():
        _table_sheet(wb.create_sheet(title), frame)
    if not note_first:
        note_sheet()
    wb.properties.creator = "dinhmuc scripts/make_example.py"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(_fixed_core_times(buf.getvalue()))


def _table_sheet(ws, frame: pd.DataFrame) -> None:
    """One table on its sheet: a shaded header row, typed cells (text, dd/mm/yyyy dates, grouped numbers),
    column widths that fit the text, the header frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    widths = []
    for j, col in enumerate(frame.columns, start=1):
        c = ws.cell(row=1, column=j, value=str(col))
        c.font, c.fill = head_font, head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center")
        widths.append(min(max(len(str(col)) + 3, 8), 40))  # bold header text is wider than its length
    years = {j for j, col in enumerate(frame.columns, start=1) if str(col) in ("Năm", "year")}
    for i, rec in enumerate(frame.itertuples(index=False), start=2):
        for j, value in enumerate(rec, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, (np.integer,)):
                value = int(value)
            elif isinstance(value, (np.floating,)):
                value = float(value)
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                c.data_type = "s"
                widths[j - 1] = min(max(widths[j - 1], len(value) + 2), 60)
            elif isinstance(value, dt.date):
                c.number_format = "dd/mm/yyyy"
                widths[j - 1] = max(widths[j - 1], 12)
            elif j in years:
                c.number_format = "0"  # a year is a label: 2023, never 2.023
            elif isinstance(value, (int, float)):
                c.number_format = "#,##0.##" if isinstance(value, float) else "#,##0"
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"


def _fixed_core_times(data: bytes) -> bytes:
    """openpyxl stamps dcterms:modified with the time of saving whatever the properties say: fix it."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            dst.writestr(info, body)
    return out.getvalue()


def _yaml(data: Any, indent: int = 0) -> str:
    from dinhmuc.core.yamlio import dump_yaml

    text = dump_yaml(data)
    pad = " " * indent
    return "".join(pad + line + "\n" if line else "\n" for line in text.splitlines())


def project_yaml() -> str:
    """The project file, with a comment on every field."""
    out = [
        f"# {MARK}",
        "# Số liệu giả lập để minh họa dinhmuc, không phải số liệu thật của tỉnh Quảng Ngãi hay tỉnh Kon Tum cũ.",
        "# Tỉnh Kon Tum đã hợp nhất vào tỉnh Quảng Ngãi (NQ 202/2025/QH15, tỉnh mới hoạt động từ 01/7/2025): bộ",
        "# định mức năm 2026 cho 10 dịch vụ khuyến công của địa bàn tỉnh Kon Tum cũ do UBND tỉnh Quảng Ngãi ban",
        "# hành, Sở Công Thương tỉnh Quảng Ngãi chủ trì soạn thảo.",
        f"# Tạo bởi {SCRIPT} (numpy default_rng({SEED})); chạy lại script thay vì sửa tay.",
        "#",
        "# Tệp dự án xây dựng định mức (dm.load_project): ai ban hành, căn cứ, số liệu nào, phương pháp nào",
        "# cho từng dịch vụ và vì sao, các tham số dự án tự khai báo. Đường dẫn tính từ thư mục của tệp này.",
        "",
        "# Tên bộ định mức (trích yếu của Quyết định)",
        _yaml(
            {
                "title": "Định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công sử dụng ngân sách nhà nước lĩnh vực "
                "khuyến công trên địa bàn tỉnh Quảng Ngãi (khu vực tỉnh Kon Tum cũ)"
            }
        ).rstrip(),
        "# Tỉnh; illustrative: true = dữ liệu minh họa — mọi văn bản in dấu «DỰ THẢO – dữ liệu minh họa»",
        _yaml({"province": "Quảng Ngãi", "illustrative": True}).rstrip(),
        "# Cơ quan ban hành (UBND tỉnh, TT 47/2018/TT-BCT Điều 4) và cơ quan chủ trì soạn thảo",
        _yaml(
            {
                "issuing_body": "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "drafting_unit": "Sở Công Thương tỉnh Quảng Ngãi",
                "place": "Quảng Ngãi",
            }
        ).rstrip(),
        "# Ngày xây dựng: tham số pháp lý lấy theo ngày này (lương cơ sở 2.530.000 đồng từ 01/7/2026 —",
        "# NĐ 161/2026/NĐ-CP, còn gắn cờ CHƯA KIỂM CHỨNG) và giá tính đến ngày này",
        _yaml({"as_of": AS_OF}).rstrip(),
        "# Quyết định ban hành: dự thảo nên để trống số; ngày ký điền khi ký; hiệu lực dự kiến",
        _yaml(
            {
                "decision": {
                    "number": "…/2026/QĐ-UBND",
                    "signed_on": None,
                    "effective_from": dt.date(2027, 1, 1),
                    "version": "Dự thảo lần 1",
                }
            }
        ).rstrip(),
        "# Căn cứ pháp lý: các văn bản có hiệu lực vào ngày của Quyết định lấy từ dữ liệu có ngày hiệu lực",
        "# (data/legal/bases.yaml: Luật 72/2025/QH15, NĐ 45/2012 và NĐ 60/2021 như được sửa đổi, TT 28/2018/TT-BTC",
        "# như được sửa đổi, TT 47/2018/TT-BCT), xếp theo hiệu lực pháp lý rồi ngày ban hành; law.legal_bases thêm",
        "# (add: mã văn bản hoặc bản ghi đầy đủ), bỏ (remove) hoặc xếp lại (order). Văn bản chưa có hiệu lực hoặc",
        "# đã hết hiệu lực vào ngày Quyết định là lỗi. params_max_age_days: cảnh báo tệp tham số pháp lý quá hạn",
        "# rà soát.",
        _yaml({"law": {"legal_bases": {"add": [], "remove": [], "order": []}, "params_max_age_days": 365}}).rstrip(),
        "# Người ký (khối chữ ký của Quyết định)",
        _yaml(
            {
                "signer": {
                    "authority_prefix": "TM. ỦY BAN NHÂN DÂN",
                    "signer_title": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                    "signer_name": "Nguyễn Văn A (minh họa)",
                    "drafting_head_name": "Phan Minh Tuấn (minh họa)",
                }
            }
        ).rstrip(),
        "# Thông tin khác của hồ sơ: đơn vị thực hiện dịch vụ; giải trình của đơn vị soạn thảo cho từng điểm",
        "# kiểm tra thẩm định còn «không đạt» (in ở Mục VII Báo cáo thuyết minh; khớp theo norm, line, code)",
        _yaml({"dossier": DOSSIER}).rstrip(),
        "# Hình thức ban hành (dinhmuc.procedure): legal_normative = văn bản quy phạm pháp luật (NĐ 78/2025/NĐ-CP,",
        "# số …/2026/QĐ-UBND, Sở Tư pháp thẩm định, đăng tải lấy ý kiến); administrative = NĐ 30/2020/NĐ-CP.",
        _yaml({"route": "legal_normative"}).rstrip(),
        "# Trình tự TT 47/2018/TT-BCT Điều 9 (đề cương, kế hoạch, hội thảo, kế hoạch thẩm định, quyết định thành",
        "# lập Hội đồng) và của văn bản quy phạm pháp luật (Sở Tư pháp, lấy ý kiến): dữ liệu minh họa",
        _yaml({"procedure": PROCEDURE}).rstrip(),
        "# Tệp đầu vào (đường dẫn tương đối); catalog để trống = danh mục dịch vụ đi kèm dinhmuc",
        _yaml(
            {
                "inputs": {
                    "settlements": "inputs/quyet_toan.xlsx",
                    "time_studies": "inputs/bam_gio.xlsx",
                    "expert_estimates": "inputs/chuyen_gia.xlsx",
                    "standards": "inputs/tieu_chuan.xlsx",
                    "reference_norm": "inputs/dinh_muc_tham_chieu.yaml",
                    "prices": "inputs/bang_gia.xlsx",
                    "actual_costs": "inputs/chi_phi_thuc_te.xlsx",
                    "plan": "inputs/ke_hoach_2027.xlsx",
                    "council": "inputs/hoi_dong.yaml",
                }
            }
        ).rstrip(),
        "# Lựa chọn tính giá dự án tự khai báo — mục costing (đúng dạng dm.CostingOptions; tham số pháp lý riêng,",
        "# nếu có, khai báo ở legal_parameters):",
        "# - management_pct 2,5 %: chi phí quản lý của đơn vị thực hiện (management_scope: project); không văn",
        "#   bản nào ấn định tỷ lệ này cho giá dịch vụ sự nghiệp công (TTLT 26/2014/TTLT-BTC-BCT từng giới hạn",
        "#   2,5 % kinh phí đề án; mức trần của TT 28/2018/TT-BTC sửa đổi bởi TT 64/2024/TT-BTC chưa được đối",
        "#   chiếu nên không khai báo management_cap_pct)",
        "# - financing_class budget_full: Trung tâm Khuyến công được ngân sách bảo đảm toàn bộ quỹ lương (giả",
        "#   định minh họa) nên từ 01/7/2025 không đóng kinh phí công đoàn 2 % (Luật 97/2025/QH15): đóng góp",
        "#   theo lương 21,5 % thay vì 23,5 %",
        "# - working_days_per_month 22: tuần làm việc 5 ngày (QĐ 188/1999/QĐ-TTg), 52 x 5 / 12 trừ ngày lễ;",
        "#   không dùng quy ước 26 ngày (312 ngày/năm) của TT 21/2021/TT-BTNMT",
        "# - allowances_pct 0: không tính phụ cấp trong đơn giá ngày công (viên chức Trung tâm không hưởng",
        "#   phụ cấp theo lương trong các đề án này — giả định minh họa)",
        "# - max_price_age_days 365: giá cũ hơn 1 năm bị cảnh báo; vat as_listed: dùng giá theo tình trạng",
        "#   thuế GTGT ghi trong bảng giá (giá không rõ thuế phải được khai báo, xem vat_assumptions)",
        _yaml({"costing": {**COSTING, "note": "Khai báo của dự án (dữ liệu minh họa)"}}).rstrip(),
        "# Lựa chọn chung khi xây dựng mọi định mức (as_of lấy theo as_of của dự án)",
        "# idle_pct 10 %: khảo sát minh họa — máy chiếu, âm thanh, máy tính chờ giữa các phiên khoảng 10 %",
        "# thời gian sử dụng (TT 47/2018/TT-BCT Điều 7: thời gian sử dụng = có tải + không tải)",
        _yaml({"build": BUILD}).rstrip(),
        "# Phương pháp cho từng dịch vụ (TT 47/2018/TT-BCT Điều 6: thống kê tổng hợp, tiêu chuẩn, phân tích",
        "# thực nghiệm; so sánh, chuyên gia là phương pháp hỗ trợ), lý do và các lựa chọn khai báo",
        "# (dạng options của dm.build_norm cho phương pháp đó).",
        "services:",
    ]
    for code, plan in SERVICES.items():
        out.append(_yaml({code: plan}, 2).rstrip())
    out += [
        "# Giá có tình trạng thuế GTGT «không rõ»: tình trạng dự án khai báo, có lý do. Phần tính giá của",
        "# dinhmuc từ chối giá «không rõ thuế»; khai báo này phải được áp vào bảng giá trước khi tính.",
        _yaml({"vat_assumptions": VAT_ASSUMPTIONS}).rstrip(),
        "# Ghi chú",
        _yaml(
            {
                "notes": [
                    f"{MARK}: mọi số liệu trong dự án mẫu là giả lập.",
                    "Dự án mẫu giữ nguyên các điểm cần Hội đồng xem xét: KC03, KC04, KC08 có ít số liệu (n < 5); "
                    "KC08 thiếu năm 2024; vật tư KC10 theo ý kiến chuyên gia; một giá không rõ thuế GTGT; "
                    "một báo giá quá 365 ngày.",
                ]
            }
        ).rstrip(),
    ]
    return "\n".join(out) + "\n"


#: the TT 47 Art. 9 procedure of the example (dates consistent with the council file: formed 01/10, met 20/10)
PROCEDURE = {
    "drafting_team": [
        {"name": "Phan Minh Tuấn (minh họa)", "role": "Tổ trưởng", "unit": "Sở Công Thương tỉnh Quảng Ngãi"},
        {"name": "Đỗ Văn H (minh họa)", "role": "Tổ phó", "unit": "Phòng Quản lý công nghiệp, Sở Công Thương"},
        {
            "name": "Ngô Thị K (minh họa)",
            "role": "Thành viên",
            "unit": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Quảng Ngãi",
        },
    ],
    "team_decision": "Quyết định số …/QĐ-SCT ngày 02/3/2026 của Giám đốc Sở Công Thương (minh họa)",
    "survey_units": [
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Quảng Ngãi (minh họa)",
        "Các cơ sở công nghiệp nông thôn được hỗ trợ 2023-2025 (minh họa)",
    ],
    "schedule": {
        "outline": {"start": "2026-03-02", "end": "2026-03-31", "by": "Tổ soạn thảo"},
        "survey": {"start": "2026-04-01", "end": "2026-06-30", "by": "Tổ soạn thảo, Trung tâm Khuyến công"},
        "build": {"start": "2026-07-01", "end": "2026-08-10", "by": "Tổ soạn thảo"},
        "consult": {"start": "2026-08-11", "end": "2026-08-31", "by": "Sở Công Thương"},
        "publish": {"start": "2026-09-10", "end": "2026-10-10", "by": "Sở Công Thương"},
        "appraisal": {"start": "2026-10-01", "end": "2026-10-30", "by": "Hội đồng thẩm định"},
        "justice": {"start": "2026-11-02", "end": "2026-11-20", "by": "Sở Công Thương, Sở Tư pháp"},
        "issue": {"start": "2026-11-23", "end": "2026-12-15", "by": "Sở Công Thương"},
    },
    "workshop": {
        "held_on": "2026-08-20",
        "place": "Hội trường Sở Công Thương tỉnh Quảng Ngãi",
        "ends_at": "11 giờ 30 phút",
        "chair": {"name": "Phan Minh Tuấn (minh họa)", "role": "Giám đốc Sở Công Thương"},
        "secretary": {"name": "Trịnh Văn L (minh họa)", "role": "Chuyên viên Phòng Quản lý công nghiệp"},
        "participants": [
            {"name": "Phạm Thị D (minh họa)", "role": "Phó Giám đốc", "unit": "Sở Tài chính"},
            {"name": "Vũ Thị G (minh họa)", "role": "Phó Trưởng phòng", "unit": "Sở Tư pháp"},
            {
                "name": "Ngô Thị K (minh họa)",
                "role": "Giám đốc",
                "unit": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Quảng Ngãi",
            },
        ],
        "opinions": [
            {
                "by": "Phạm Thị D (minh họa)",
                "text": "Làm rõ tình trạng thuế GTGT của các báo giá",
                "response": "Tiếp thu: khai báo tình trạng thuế trong dự án",
                "accepted": True,
            },
            {
                "by": "Vũ Thị G (minh họa)",
                "text": "Bổ sung căn cứ Luật Ban hành văn bản quy phạm pháp luật",
                "response": "Tiếp thu: bổ sung vào căn cứ của dự thảo Quyết định",
                "accepted": True,
            },
        ],
        "conclusion": "Hội thảo thống nhất với dự thảo; tổ soạn thảo tiếp thu các ý kiến và hoàn thiện (minh họa).",
    },
    "appraisal_plan": {"dossier_sent_on": "2026-10-05", "reviews_due": "2026-10-15", "report_due": "2026-10-30"},
    "council_decision": {
        "issuer": "Sở Công Thương tỉnh Quảng Ngãi",
        "signed_on": "2026-10-01",
        "proposed_by": "Trưởng phòng Quản lý công nghiệp (minh họa)",
        "signer": {"title": ["GIÁM ĐỐC"], "name": "Phan Minh Tuấn (minh họa)"},
    },
    "justice_request": {"sent_on": "2026-11-02", "contact": "Phòng Quản lý công nghiệp, Sở Công Thương (minh họa)"},
    "public_comment": {
        "start": "2026-09-10",
        "end": "2026-10-10",
        "channel": "Cổng thông tin điện tử tỉnh Quảng Ngãi",
        "comments": [
            {
                "by": "Một cơ sở công nghiệp nông thôn (minh họa)",
                "text": "Đề nghị giữ quy mô lớp đào tạo 30 học viên",
                "response": "Giải trình: quy mô tham chiếu đã là 30 học viên",
                "accepted": False,
            }
        ],
    },
}

#: the papers' other facts and the drafting unit's answers to the points the example is built to demonstrate
DOSSIER = {
    "service_provider": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Quảng Ngãi (minh họa)",
    "explanations": [
        {
            "norm": "KC03",
            "text": "Ba năm 2023-2025 Trung tâm chỉ tổ chức 4 hội thảo "
            "chuyên đề; đã dùng toàn bộ số liệu quyết toán và đối chiếu định mức tham chiếu (dữ liệu minh họa).",
        },
        {
            "norm": "KC03",
            "code": "few_years",
            "text": "Tài liệu hội thảo năm 2025 bị loại là giá trị ngoại lai theo "
            "quy tắc IQR, nên dòng này chỉ còn số liệu 2023-2024; đã đối chiếu định mức tham chiếu (dữ liệu minh họa).",
        },
        {
            "norm": "KC04",
            "text": "Ba năm 2023-2025 chỉ có 4 đoàn tham quan, khảo sát (máy ảnh chỉ thuê từ 2024); "
            "đã dùng toàn bộ số liệu quyết toán và đối chiếu định mức tham chiếu (dữ liệu minh họa).",
        },
        {
            "norm": "KC07",
            "code": "few_observations",
            "text": "Dịch vụ mới thực hiện từ 2024; hao phí theo ý kiến "
            "4 chuyên gia độc lập, là số chuyên gia Trung tâm mời được (dữ liệu minh họa).",
        },
        {
            "norm": "KC08",
            "text": "Bình chọn sản phẩm tiêu biểu cấp tỉnh 2 năm một lần (2023, 2025): chỉ có số liệu "
            "2 kỳ; đối chiếu thêm ý kiến chuyên gia (dữ liệu minh họa).",
        },
        {
            "norm": "KC09",
            "line": "LD3",
            "text": "Bảo vệ, vệ sinh chỉ thuê riêng ở 3 hội chợ năm 2023-2024; năm "
            "2025 đơn vị cho thuê mặt bằng đảm nhận (dữ liệu minh họa).",
        },
        {
            "norm": "KC09",
            "line": "VT4",
            "text": "Tờ rơi chỉ in riêng ở 4 hội chợ; hội chợ còn lại dùng ấn phẩm chung của Sở (dữ liệu minh họa).",
        },
        {
            "norm": "KC09",
            "line": "VT2",
            "text": "Bảng tên gian hàng chỉ làm mới ở 4 hội chợ; hội chợ còn lại dùng "
            "lại bảng của kỳ trước (dữ liệu minh họa).",
        },
        {
            "norm": "KC10",
            "code": "few_observations",
            "text": "Vật tư phóng sự theo ý kiến 4 chuyên gia (phương "
            "pháp hỗ trợ) vì bấm giờ không đo vật tư (dữ liệu minh họa).",
        },
    ],
}


def make_council() -> str:
    members = [
        {"id": "CT", "name": "Lê Văn C (minh họa)", "position": "Phó Giám đốc Sở Công Thương", "role": "chair"},
        {"id": "PCT", "name": "Phạm Thị D (minh họa)", "position": "Phó Giám đốc Sở Tài chính", "role": "vice_chair"},
        {"id": "UV1", "name": "Hoàng Văn E (minh họa)", "position": "Trưởng phòng Quản lý giá, Sở Tài chính"},
        {
            "id": "UV2",
            "name": "Vũ Thị G (minh họa)",
            "position": "Phó Trưởng phòng Xây dựng và Kiểm tra văn bản, Sở Tư pháp",
        },
        {"id": "UV3", "name": "Đỗ Văn H (minh họa)", "position": "Trưởng phòng Quản lý công nghiệp, Sở Công Thương"},
        {"id": "UV4", "name": "Ngô Thị K (minh họa)", "position": "Giám đốc Trung tâm Khuyến công (đơn vị thực hiện)"},
        {
            "id": "TK",
            "name": "Trịnh Văn L (minh họa)",
            "position": "Chuyên viên Phòng Quản lý công nghiệp, Sở Công Thương",
            "role": "secretary",
        },
    ]
    reviews = [
        {
            "member": "CT",
            "submitted_on": dt.date(2026, 10, 12),
            "recommendation": 2,
            "points": [
                "Xem xét định mức vật tư KC10 xây dựng theo ý kiến chuyên gia (phương pháp hỗ trợ)",
                "Giải trình KC08 dùng số liệu 2 kỳ bình chọn (không đủ 3 năm liên tục)",
            ],
        },
        {
            "member": "PCT",
            "submitted_on": dt.date(2026, 10, 13),
            "recommendation": 2,
            "points": [
                "Xác định tình trạng thuế GTGT của báo giá băng rôn, phông hội trường",
                "Cập nhật báo giá tờ rơi (quá 365 ngày)",
            ],
        },
        {
            "member": "UV1",
            "submitted_on": dt.date(2026, 10, 13),
            "recommendation": 2,
            "points": ["Đơn giá thử KC09 cao hơn chi phí thực tế bình quân 3 năm quá 15 %: cần giải trình"],
        },
        {
            "member": "UV2",
            "submitted_on": dt.date(2026, 10, 14),
            "recommendation": 1,
            "points": ["Căn cứ pháp lý đầy đủ; lưu ý lương cơ sở 2026 chưa kiểm chứng với Công báo"],
        },
        {
            "member": "UV3",
            "submitted_on": dt.date(2026, 10, 14),
            "recommendation": 2,
            "points": ["KC03, KC04 có ít hơn 5 số liệu: bổ sung số liệu hoặc đối chiếu định mức tham chiếu"],
        },
        {
            "member": "UV4",
            "submitted_on": dt.date(2026, 10, 15),
            "recommendation": 1,
            "points": ["Định mức phù hợp thực tế tổ chức tại Trung tâm"],
        },
        {
            "member": "TK",
            "submitted_on": dt.date(2026, 10, 15),
            "recommendation": 2,
            "points": ["Hoàn thiện thuyết minh phương pháp cho KC05, KC07, KC10"],
        },
    ]
    ballots = [
        {"member": m, "level": lv} for m, lv in (("CT", 2), ("PCT", 2), ("UV1", 2), ("UV2", 1), ("UV3", 2), ("UV4", 1))
    ]
    data = {
        "name": "Hội đồng thẩm định định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực khuyến công",
        "established_by": "Quyết định số …/QĐ-SCT ngày 01/10/2026 của Giám đốc Sở Công Thương (minh họa)",
        "meeting_on": dt.date(2026, 10, 20),
        "meeting_time": "08 giờ 00",
        "place": "Hội trường Sở Công Thương tỉnh Quảng Ngãi",
        "recorder": "UV3",
        "members": members,
        "present": ["CT", "PCT", "UV1", "UV2", "UV3", "UV4"],
        "reviews": reviews,
        "ballots": ballots,
        "rules": {"quorum": "2/3", "tie_rule": "chair"},
    }
    head = [
        f"# {MARK}",
        "# Hội đồng thẩm định (TT 47/2018/TT-BCT Điều 9): thành viên, nhận xét bằng văn bản, phiếu đánh giá.",
        "# Tên người là giả lập. Đọc bằng dinhmuc.appraisal.council.Council.from_yaml.",
        f"# Tạo bởi {SCRIPT}. 7 thành viên, 6 có mặt (TK vắng, có nhận xét bằng văn bản; UV3 ghi biên bản);",
        "# phiếu: Mức 2: 4, Mức 1: 2 → kết luận Mức 2 (quá nửa 6 thành viên có mặt).",
        "",
    ]
    return "\n".join(head) + _yaml(data)


# ----------------------------------------------------------------------------
# Build (in memory) to derive the reference set and the cost history
# ----------------------------------------------------------------------------

#: (service, line) -> factor of the "other province" on our built value: beyond ±15 % on purpose.
REFERENCE_BEYOND = {
    ("KC01", "LD2"): Decimal("1.25"),
    ("KC09", "TB3"): Decimal("0.78"),
    ("KC02", "VT1"): Decimal("1.2"),
    ("KC06", "LD1"): Decimal("0.82"),
}
#: history factors on the trial unit price per year (earlier years: lower base salary and prices)
HISTORY = {2023: 0.85, 2024: 0.93, 2025: 0.97}
HISTORY_SPECIAL = {
    "KC09": {2023: 0.72, 2024: 0.76, 2025: 0.80},  # fairs were smaller: beyond ±15 %
    "KC08": {2023: 0.86, 2025: 0.96},  # no contest in 2024
    "KC10": {2025: 0.95},
}  # produced in-house from 2025 only


def build_all(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Build every norm as the project declares, from the in-memory evidence (as the tests do from files)."""
    import dinhmuc as dm
    from dinhmuc.evidence.load import read_expert_estimates, read_settlements, read_standards, read_time_studies

    ev = {
        "statistical": read_settlements(frames["settlements"]),
        "standard": read_standards(frames["standards"]),
        "experimental": read_time_studies(frames["time_studies"]),
        "expert": read_expert_estimates(frames["expert_estimates"]),
    }
    out = {}
    for code, plan in SERVICES.items():
        options = {"as_of": AS_OF, **BUILD, **plan["options"]}
        out[code] = dm.build_norm(code, ev[plan["method"]], plan["method"], options)
    return out


def _r2(d: Decimal) -> Decimal:
    from dinhmuc.norm import canonical_decimal

    return canonical_decimal(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def make_reference(rng: np.random.Generator, built: dict[str, Any], catalog) -> str:
    from dinhmuc.core.yamlio import dump_yaml
    from dinhmuc.norm import NormSet

    norms = []
    for code in catalog.codes:
        spec = catalog[code]
        ours = built[code].norm
        model = SETTLEMENTS.get(code, {}).get("lines", {})
        q, factors = {}, {}
        for line in (*spec.labour, *spec.materials, *spec.equipment):
            try:
                base = ours.line(line.id)
                value = base.loaded if line.id.startswith("TB") else base.quantity
            except KeyError:  # lines our build has not (indirect by %, KC10 materials): a plausible figure
                value = Decimal(str(model.get(line.id, (None,))[0] or {"VT1": 1, "VT2": 1}.get(line.id, 1)))
                if code in ("KC05", "KC07", "KC10") and line.id in ("LD3", "LD4"):
                    direct = sum((ln.quantity for ln in ours.labour), Decimal(0))
                    value = direct * Decimal("0.07")
            factor = REFERENCE_BEYOND.get((code, line.id)) or Decimal(str(round(float(rng.uniform(0.92, 1.08)), 2)))
            q[line.id] = max(_r2(value * factor), Decimal("0.01"))
            factors[line.id] = factor
        norm = spec.blank_norm(q)
        # the other province splits its equipment time into loaded and idle time the same way
        norm = norm.model_copy(
            update={
                "equipment": [
                    ln.model_copy(update={"idle": _r2(ours.line(ln.id).idle * factors[ln.id])})
                    if any(x.id == ln.id for x in ours.equipment)
                    else ln
                    for ln in norm.equipment
                ]
            }
        )
        norms.append(norm.model_copy(update={"notes": [f"{MARK}: định mức tham chiếu giả lập"]}))
    ns = NormSet(
        title="Định mức kinh tế - kỹ thuật dịch vụ khuyến công của tỉnh tham chiếu (minh họa)",
        issuing_body="Ủy ban nhân dân tỉnh X (giả định)",
        province="Tỉnh X (giả định)",
        decision_number="00/2024/QĐ-UBND (giả định)",
        signed_on=dt.date(2024, 6, 1),
        effective_from=dt.date(2024, 7, 1),
        notes=[
            f"{MARK}: bộ định mức «của tỉnh khác» giả lập để minh họa so sánh khi thẩm định; không phải văn bản thật."
        ],
        norms=norms,
    )
    header = (
        f"{MARK}\nBộ định mức tham chiếu giả lập («tỉnh X»), dùng để so sánh khi thẩm định (dm.appraise"
        f"(reference=...)).\nKhông phải văn bản thật. Tạo bởi {SCRIPT}; đọc bằng dm.load_norm_set."
    )
    return dump_yaml(ns.to_dict(), header=header)


def make_history(rng: np.random.Generator, built: dict[str, Any], prices) -> pd.DataFrame:
    import warnings

    import dinhmuc as dm

    rows = []
    for code, res in built.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            up = dm.cost_norm(res.norm, prices, AS_OF, COSTING)
        for year, f in HISTORY_SPECIAL.get(code, HISTORY).items():
            cost = int(round(float(up.total) * f * (1 + rng.normal(0, 0.02)), -3))
            rows.append(
                {
                    "norm": code,
                    "year": year,
                    "cost": cost,
                    "Số đề án": SETTLEMENTS.get(code, {}).get("years", {}).get(year, 1),
                    "Ghi chú": "Chi phí thực tế bình quân một đơn vị dịch vụ theo quyết toán (minh họa)",
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------
# Everything
# ----------------------------------------------------------------------------


def generate() -> dict[str, bytes]:
    """Every file of the example, relative path -> bytes (nothing is written)."""
    import dinhmuc as dm
    from dinhmuc.costing.prices import load_prices

    rng = np.random.default_rng(SEED)
    catalog = dm.load_catalog()
    frames = {
        "settlements": make_settlements(rng, catalog),
        "time_studies": make_time_studies(rng),
        "standards": make_standards(),
        "expert_estimates": make_experts(rng, catalog),
    }
    files: dict[str, bytes] = {}
    files["project.yaml"] = project_yaml().encode()
    files["inputs/quyet_toan.xlsx"] = workbook_bytes(
        {"Quyết toán": frames["settlements"]},
        _note_lines(
            "số liệu quyết toán các đề án khuyến công 2023-2025 (sheet «Quyết toán»)",
            [
                "KC08: bình chọn 2 năm một lần, chỉ có các năm 2023 và 2025.",
                "Các dòng «bất thường» ở cột Ghi chú là giá trị ngoại lai cố ý (quy tắc IQR loại).",
            ],
        ),
    )
    files["inputs/bam_gio.xlsx"] = workbook_bytes(
        {"Bấm giờ": frames["time_studies"]},
        _note_lines("phiếu bấm giờ sản xuất phóng sự khuyến công KC10 năm 2026 (sheet «Bấm giờ»)"),
    )
    files["inputs/tieu_chuan.xlsx"] = workbook_bytes(
        {"Tiêu chuẩn": frames["standards"]},
        _note_lines(
            "thời gian tác nghiệp, số lượng theo quy trình kỹ thuật xây dựng mô hình KC05 (sheet «Tiêu chuẩn»)"
        ),
    )
    files["inputs/chuyen_gia.xlsx"] = workbook_bytes(
        {"Chuyên gia": frames["expert_estimates"]},
        _note_lines("ý kiến 4 chuyên gia (a, m, b) cho KC07 và đối chiếu lao động KC08 (sheet «Chuyên gia»)"),
    )
    price_frames = make_prices()
    price_note = _note_lines(
        "bảng giá vật tư, thiết bị, năng lượng (sheets «Vật tư», «Thiết bị», «Năng lượng»)",
        [
            "Thuế GTGT: đã gồm / chưa gồm / không rõ. «Băng rôn, phông hội trường» không rõ thuế: "
            "xem vat_assumptions trong project.yaml.",
            "«Tờ rơi, ấn phẩm quảng bá»: báo giá ngày 20/06/2025, quá 365 ngày tại ngày tính giá.",
        ],
    )
    files["inputs/bang_gia.xlsx"] = workbook_bytes(price_frames, price_note)
    files["inputs/ke_hoach_2027.xlsx"] = workbook_bytes(
        {"Kế hoạch 2027": make_plan()},
        _note_lines(
            "kế hoạch khuyến công năm 2027 (dm.estimate_plan)",
            [
                "Sheet kế hoạch là sheet đầu tiên: dm.estimate_plan đọc sheet đầu tiên của tệp.",
                "Cột quy mô dùng mã: learners, days, delegates, members, establishments, products, booths, "
                "issues; do_kho: hệ số độ phức tạp (loai_1, loai_2, loai_3).",
            ],
        ),
        note_first=False,
    )
    files["inputs/hoi_dong.yaml"] = make_council().encode()

    built = build_all(frames)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bang_gia.xlsx"
        path.write_bytes(files["inputs/bang_gia.xlsx"])
        prices = apply_vat_assumptions(load_prices(path), VAT_ASSUMPTIONS)
    files["inputs/dinh_muc_tham_chieu.yaml"] = make_reference(rng, built, catalog).encode()
    files["inputs/chi_phi_thuc_te.xlsx"] = workbook_bytes(
        {"Chi phí thực tế": make_history(rng, built, prices)},
        _note_lines(
            "chi phí thực tế bình quân một đơn vị dịch vụ các năm 2023-2025 (NĐ 60/2021/NĐ-CP Điều 5)",
            [
                "Cột norm (mã dịch vụ), year (năm), cost (đồng/đơn vị): dạng dm.appraise(history=...) nhận, "
                "đọc bằng pandas.read_excel(..., sheet_name='Chi phí thực tế').",
                "KC08 không có năm 2024 (không tổ chức bình chọn); KC10 chỉ có năm 2025.",
            ],
        ),
    )
    return files


def write(files: dict[str, bytes], out: Path) -> None:
    from dinhmuc.core.yamlio import write_text_atomic

    for rel, data in files.items():
        write_text_atomic(out / rel, data)


def check(files: dict[str, bytes], out: Path) -> list[str]:
    """Files that differ from (or are missing in) ``out``."""
    bad = []
    for rel, data in files.items():
        p = out / rel
        if not p.exists() or p.read_bytes() != data:
            bad.append(rel)
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        bad = check(files, args.out)
        for rel in bad:
            print(f"differs: {rel}", file=sys.stderr)
        if not bad:
            print(f"{len(files)} files up to date in {args.out}")
        return 1 if bad else 0
    write(files, args.out)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
