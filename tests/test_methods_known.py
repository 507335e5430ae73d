"""Known-answer cases of every method, worked by hand in tests/cases/methods/*.yaml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import dinhmuc as dm

CASES = Path(__file__).parent / "cases" / "methods"


def _cases():
    return sorted(CASES.glob("*.yaml"))


def _build(case: dict, folder: Path):
    options = dict(case["options"])
    evidence = folder / case["evidence"]
    if case["method"] == "comparison":
        evidence = dm.load_norm_set(evidence)
    return dm.build_norm(case["service"], evidence=evidence, method=case["method"], options=options)


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_known_answers(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = _build(case, path.parent)
    norm = result.norm
    assert norm.method.value == case["method"]
    for lid, want in case["lines"].items():
        line = norm.line(lid)
        field = "loaded" if lid.startswith("TB") else "quantity"
        assert getattr(line, field) == Decimal(str(want["value"])), lid
        prov = line.provenance[field]
        assert prov.method.value == case["method"]
        assert prov.legal_method is not None and prov.legal_method.is_legal_method
        for key, value in (want.get("statistics") or {}).items():
            got = prov.statistics[key]
            if isinstance(value, bool):
                assert got is value, (lid, key)
            else:
                assert got == Decimal(str(value)), (lid, key, got)
        if "excluded" in want:
            assert sorted(e.ref for e in prov.excluded) == sorted(want["excluded"])
        if "warning" in want:
            assert any(want["warning"] in w and lid in w for w in result.warnings), result.warnings
            assert want["warning"] in (prov.note or "")
        # the calculation a reader redoes by hand ends on the published value
        text = dm.explain(norm, lid)
        assert f"= {dm.core.vnformat.format_number(getattr(line, field), decimals=norm.rounding_decimals)}" in text
        assert prov.parameters["rounding"] == "ROUND_HALF_UP"
    assert {ln.id for _, ln in norm.lines()} == set(case["lines"])


def test_statistical_case_text_and_years():
    case = yaml.safe_load((CASES / "statistical_kc01.yaml").read_text(encoding="utf-8"))
    result = _build(case, CASES)
    text = result.explain("LD1")
    assert "(58 + 60 + 59 + 60 + 61 + 58)/6 ≈ 59,3333" in text
    assert "(58 + 59 + 58)/3 ≈ 58,3333" in text
    # the unrounded value, then rounding as its own step
    assert "trung bình tiên tiến ≈ 58,3333333333" in text
    assert "≈ 58,3333333333 → giá trị công bố = 58,33" in text
    assert "năm 2023-2025" in text
    assert "#4 (2023, DA03): 45 × 60/45 = 60" in text
    prov = result.norm.line("LD1").provenance["quantity"]
    reasons = {e.ref: e.reason for e in prov.excluded}
    assert "2022" in reasons["statistical_kc01.csv#2"] and "IQR" in reasons["statistical_kc01.csv#9"]
    assert prov.parameters["norm_rules.statistical_years"] == 3
    assert "Thông tư 47/2018/TT-BCT" in prov.parameters["norm_rules.statistical_years.citation"]
    assert len(prov.evidence) == 6 and prov.evidence[0] == "statistical_kc01.csv#3"
    assert result.report.set_index("line").loc["LD1", "n"] == 6


def test_built_norm_survives_save_and_load(tmp_path):
    case = yaml.safe_load((CASES / "statistical_kc01.yaml").read_text(encoding="utf-8"))
    result = _build(case, CASES)
    ns = dm.NormSet(title="Thử", norms=[result.norm])
    for name in ("set.yaml", "set.xlsx"):
        dm.save_norm_set(ns, tmp_path / name)
        back = dm.load_norm_set(tmp_path / name)["KC01"]
        assert back.line("LD1").quantity == Decimal("58.33")
        assert dm.explain(back, "LD1") == dm.explain(result.norm, "LD1")
        assert any("n = 4" in n for n in back.notes)  # the warning survives
