"""Countable units (tờ, bộ, cái…): a built norm in them is a whole number, by a declared, cited rule."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import dinhmuc as dm
from dinhmuc.core.registry import default_registry
from dinhmuc.methods.countable import CountableRounding, is_countable, whole_number

# seven settlements of KC02/VT3 (certificates, tờ) for classes of the reference size (50 learners, 2 days):
# mean 48,714; progressive average = mean of 47, 47, 48 = 47,333 -> published 47,33
ROWS = [
    {
        "service": "KC02",
        "year": y,
        "project": f"DA{y}{i}",
        "line": "VT3",
        "unit": "tờ",
        "quantity": q,
        "learners": 50,
        "days": 2,
    }
    for y, qs in ((2023, [47, 50, 49]), (2024, [47, 50]), (2025, [48, 50]))
    for i, q in enumerate(qs)
]


def _build(**options):
    ev = dm.read_settlements(pd.DataFrame(ROWS))
    return dm.build_norm("KC02", evidence=ev, options={"lines": ["VT3"], "as_of": "2026-03-01", **options})


def test_units_list_declares_what_is_counted_whole():
    reg = default_registry()
    for code in ("tờ", "bộ", "cái", "cuốn", "quyển", "chiếc"):
        assert reg.units[code].countable and is_countable(code), code
    for code in ("ram", "kg", "lít", "công", "ca", "gói"):
        assert not reg.units[code].countable, code


@pytest.mark.parametrize(
    "options,expected",
    [
        ({}, Decimal(48)),  # dated rule: up, per service
        ({"countable_rounding": {"mode": "half_up", "reason": "thử"}}, Decimal(47)),  # 47,33 -> 47
        ({"countable_rounding": {"mode": "up", "per": "driver"}}, Decimal(50)),  # 47,33 / 50 = 0,9466 -> 1 x 50
        ({"countable_rounding": {"mode": "none", "reason": "bán theo trang"}}, Decimal("47.33")),
    ],
)
def test_rule_and_project_choice(options, expected):
    line = _build(**options).norm.line("VT3")
    assert line.quantity == expected
    prov = line.provenance["quantity"]
    assert "Đơn vị đếm được (tờ" in prov.calculation
    assert "47,33" in prov.calculation  # the published decimals are still shown before the whole number
    mode = options.get("countable_rounding", {}).get("mode", "up")
    assert prov.parameters["countable_rounding.mode"] == mode
    source = prov.parameters["countable_rounding.source"]
    if options:
        assert source.startswith("khai báo của dự án")
    else:
        assert "Thông tư 47/2018/TT-BCT" in source and "Điều 4" in source and "01/01/2019" in source


def test_keeping_decimals_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        CountableRounding(mode="none")
    with pytest.raises(dm.InputError):
        _build(countable_rounding={"mode": "sometimes"})


def test_other_units_keep_their_decimals():
    rows = [dict(r, line="VT4", unit="ram") for r in ROWS]
    ev = dm.read_settlements(pd.DataFrame(rows))
    norm = dm.build_norm("KC02", evidence=ev, options={"lines": ["VT4"], "as_of": "2026-03-01"}).norm
    assert norm.line("VT4").quantity == Decimal("47.33")
    assert "countable_rounding.mode" not in norm.line("VT4").provenance["quantity"].parameters


def test_whole_number_modes():
    assert whole_number(Decimal("48.72"), "up") == 49
    assert whole_number(Decimal("1.06"), "up") == 2
    assert whole_number(Decimal("1.5"), "half_up") == 2
    assert whole_number(Decimal("1.49"), "half_up") == 1
    assert whole_number(Decimal("3"), "up") == 3


def test_the_example_publishes_whole_certificates_and_devices():
    from dinhmuc.pipeline import build_project

    out = build_project()
    reg = default_registry()
    for norm in out.norm_set.norms:
        for m in norm.materials:
            if reg.units[m.unit].countable:
                assert m.quantity == m.quantity.to_integral_value(), (norm.code, m.id, m.quantity)
    assert out.norm_set["KC02"].line("VT3").quantity == 49  # Giấy chứng nhận: 48,72 -> 49 tờ
    assert out.norm_set["KC10"].line("VT2").quantity == 2  # Thiết bị lưu trữ: 1,04 -> 2 cái
