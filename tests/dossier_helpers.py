"""Shared fixtures of the dossier tests: a 10-service norm set, costs, history, evidence (dữ liệu minh họa)."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

import dinhmuc as dm
from dinhmuc.core.yamlio import read_yaml_mapping

CASES = Path(__file__).parent / "cases"
ON = dt.date(2025, 6, 1)
OPTIONS = {"management_pct": 2.5}


@lru_cache(maxsize=1)
def norm_set() -> dm.NormSet:
    """The 10 catalogue services with illustrative quantities, a provenance on a few lines."""
    quantities, _ = read_yaml_mapping(CASES / "costing" / "quantities.yaml")
    norms = []
    for spec in dm.load_catalog():
        norm = spec.blank_norm(quantities[spec.code])
        data = norm.model_dump()
        data["other_materials_pct"] = 10
        data["method"] = "statistical"
        data["labour"][0]["provenance"] = {
            "quantity": {
                "method": "statistical",
                "evidence": [f"quyet_toan.csv#{i}" for i in (3, 8, 14, 21, 29)],
                "excluded": [{"ref": "quyet_toan.csv#17", "reason": "ngoại lai: lớn hơn Q3 + 1,5 IQR"}],
                "statistics": {
                    "n": 5,
                    "mean": Decimal(str(quantities[spec.code]["LD1"])) * Decimal("1.05"),
                    "min": Decimal(str(quantities[spec.code]["LD1"])) * Decimal("0.9"),
                    "max": Decimal(str(quantities[spec.code]["LD1"])) * Decimal("1.1"),
                },
                "calculation": "Trung bình tiên tiến của các quan sát không lớn hơn trung bình chung.",
            }
        }
        norms.append(dm.Norm.model_validate(data))
    return dm.NormSet(
        title="Định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực khuyến công (dữ liệu minh họa)",
        legal_bases=[
            "Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
            "Thông tư số 47/2018/TT-BCT ngày 15 tháng 11 năm 2018 của Bộ trưởng Bộ Công Thương",
        ],
        issuing_body="Ủy ban nhân dân tỉnh Kon Tum",
        province="Kon Tum",
        decision_number="46/2026/QĐ-UBND",
        signed_on=dt.date(2026, 9, 5),
        effective_from=dt.date(2026, 9, 15),
        norms=norms,
    )


@lru_cache(maxsize=1)
def costs() -> dict:
    from dinhmuc.costing import load_prices

    prices = load_prices(CASES / "costing" / "prices")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {n.code: dm.cost_norm(n, prices, on=ON, options=OPTIONS) for n in norm_set()}


def history() -> dict:
    """Average actual cost of the preceding years: the trial price +/- a few per cent."""
    return {code: (up.total * Decimal("0.96")).quantize(Decimal(1)) for code, up in costs().items()}


def evidence() -> pd.DataFrame:
    rows = []
    for norm in norm_set():
        line = norm.labour[0]
        q = float(line.quantity)
        for i, f in enumerate((0.9, 0.95, 1.0, 1.05, 1.1, 1.6)):
            rows.append(
                {
                    "norm": norm.code,
                    "line": line.id,
                    "value": round(q * f, 2),
                    "year": 2023 + i % 3,
                    "excluded": f == 1.6,
                }
            )
    return pd.DataFrame(rows)


COMMENTS = [
    {
        "by": "Sở Tài chính",
        "comment": "Đề nghị làm rõ tỷ lệ chi phí quản lý <2,5 %> & căn cứ.",
        "response": "Tiếp thu: bổ sung căn cứ TTLT 26/2014/TTLT-BTC-BCT.",
        "accepted": True,
    },
    {
        "by": "Chuyên gia {{ x }}",
        "comment": "Hao phí giáo viên KC01 cao.",
        "response": "Giải trình: số liệu quyết toán 3 năm 2023-2025.",
        "accepted": False,
    },
]
#: the appraisal council of the tests: 5 members (chair, vice chair, 2 reviewers, secretary), 5 present,
#: ballots Mức 1: 4, Mức 2: 1 -> Mức 1 by the majority of the members present (dữ liệu minh họa)
COUNCIL = {
    "name": "Hội đồng thẩm định định mức kinh tế - kỹ thuật",
    "meeting_on": dt.date(2026, 8, 4),
    "meeting_time": "08 giờ 30",
    "place": "Phòng họp số 2, Sở Công Thương",
    "members": [
        {"id": "CT", "name": "Người thử Một", "position": "Phó Giám đốc Sở Công Thương", "role": "chair"},
        {"id": "PCT", "name": "Người thử Hai", "position": "Phó Giám đốc Sở Tài chính", "role": "vice_chair"},
        {"id": "UV1", "name": "Người thử Ba", "position": "Trưởng phòng, Sở Tư pháp"},
        {"id": "UV2", "name": "Người thử Bốn", "position": "Trưởng phòng, Sở Nội vụ"},
        {"id": "TK", "name": "Người thử Năm", "position": "Chuyên viên, Sở Công Thương", "role": "secretary"},
    ],
    "present": ["CT", "PCT", "UV1", "UV2", "TK"],
    "ballots": [{"member": m, "level": 1} for m in ("CT", "PCT", "UV1", "TK")] + [{"member": "UV2", "level": 2}],
}


def project(**extra) -> dict:
    """Every fact the papers need, so a test dossier has no marked blank."""
    return {
        "submission_date": dt.date(2026, 7, 10),
        "report_date": dt.date(2026, 7, 8),
        "service_provider": "Trung tâm Khuyến công tỉnh Kon Tum (minh họa)",
        "signer_name": "Người ký Thử",
        "drafting_head_name": "Giám đốc Thử",
        "drafting_unit": "Sở Công Thương tỉnh Kon Tum",
        **extra,
    }
