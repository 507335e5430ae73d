"""The khuyến công catalogue after TT 47 Art. 7(1)(b) and NĐ 235/2025: direct labour only, no area coefficient,
the decree's new activities as optional reconstructed entries."""

from __future__ import annotations

import pytest

import dinhmuc as dm
from dinhmuc._resources import data_path


def test_no_indirect_labour_lines_and_no_accountant():
    for spec in dm.load_catalog(include_optional=True):
        assert all(line.kind == "direct" for line in spec.labour), spec.code
        assert not any("Kế toán" in line.role for line in spec.labour), spec.code


def test_no_area_coefficient_from_the_subsidy_cap():
    cat = dm.load_catalog(include_optional=True)
    assert not cat.common_adjustments or all(t.basis != "area" for t in cat.common_adjustments)
    for spec in cat:
        assert all(t.code != "dia_ban" and t.basis != "area" for t in spec.adjustments), spec.code
        for t in spec.adjustments:
            assert all(c.factor != 1.5 for c in t.classes) or t.code == "do_kho", spec.code


def test_every_work_step_still_has_direct_labour():
    for spec in dm.load_catalog(include_optional=True):
        covered = {s for line in spec.labour for s in line.steps}
        assert {s.code for s in spec.work_steps} <= covered, spec.code


def test_nd235_activities_are_optional_reconstructions():
    base, full = dm.load_catalog(), dm.load_catalog(include_optional=True)
    assert len(base) == 10 and base.codes == [f"KC{i:02d}" for i in range(1, 11)]
    extra = [s for s in full if s.code not in base]
    assert [s.code for s in extra] == ["KC11", "KC12", "KC13"]
    for s in extra:
        assert s.optional and "NĐ 235/2025/NĐ-CP" in s.reconstruction
        assert any("235/2025" in a for a in s.legal_anchor)
    names = " ".join(s.name for s in extra).lower()
    assert "nghệ nhân" in names and "bền vững" in names and "chuyển đổi số" in names


def test_an_indirect_line_in_a_catalogue_is_refused_with_its_line(tmp_path):
    src = data_path("catalog", "khuyen_cong.yaml").read_text(encoding="utf-8")
    needle = (
        "      - {id: LD2, role: Cán bộ quản lý lớp, grade: III, step: 3, scales_with: [days], steps: [B2, B3, B4]}\n"
    )
    assert needle in src
    bad = src.replace(needle, needle + "      - {id: LD9, role: Kế toán, grade: III, step: 3, kind: indirect}\n")
    f = tmp_path / "cat.yaml"
    f.write_text(bad, encoding="utf-8")
    line = bad[: bad.index("id: LD9")].count("\n") + 1
    with pytest.raises(dm.InputError) as err:
        dm.load_catalog(f)
    (p,) = err.value.problems
    assert "Điều 7 khoản 1 điểm b" in p.message and "LD9" in p.message and p.location.file == str(f)
    assert p.location.row is not None and p.location.row <= line
