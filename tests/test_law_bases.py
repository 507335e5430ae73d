"""Legal bases as dated records (data/legal/bases.yaml, dinhmuc.law.bases): in force on the decision date,
ordered by legal force then date, added / removed / reordered by the project, errors with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dinhmuc as dm
from dinhmuc.law.bases import (
    DOC_TYPES,
    BasesOverrides,
    bases_for,
    basis_lines,
    competence_clause,
    default_library,
    load_legal_library,
    merged_basis_lines,
)

D = dt.date


def ids(on, **kw):
    return [b.id for b in bases_for(on, **kw)]


def test_local_government_law_switches_on_its_date():
    # Luật 72/2025/QH15 replaces the 2015 law (77/2015/QH13) from 01/07/2025
    assert "luat_tccqdp_2015" in ids(D(2025, 6, 30)) and "luat_tccqdp_2025" not in ids(D(2025, 6, 30))
    assert "luat_tccqdp_2025" in ids(D(2025, 7, 1)) and "luat_tccqdp_2015" not in ids(D(2025, 7, 1))
    assert "luat_tccqdp_2025" in ids(D(2025, 7, 2))


def test_amendments_cited_only_once_in_force():
    nd45 = default_library().records["nd45_2012"]
    assert "235/2025" not in nd45.text(D(2025, 10, 14))  # NĐ 235/2025/NĐ-CP in force 15/10/2025
    assert nd45.text(D(2025, 10, 15)).endswith(
        ", được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27 tháng 8 năm 2025 của Chính phủ"
    )


def test_defaults_on_the_example_date_ordered_by_force_then_date():
    bases = bases_for(D(2026, 9, 5))
    assert [b.number for b in bases] == [
        "72/2025/QH15",
        "45/2012/NĐ-CP",
        "60/2021/NĐ-CP",
        "28/2018/TT-BTC",
        "47/2018/TT-BCT",
    ]
    ranks = [(b.rank, b.signed) for b in bases]
    assert ranks == sorted(ranks)
    assert all(b.in_force(D(2026, 9, 5)) for b in bases)
    lines = basis_lines(D(2026, 9, 5))
    assert lines[0] == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
    # TT 47's exact title, TT 28/2018 as amended by TT 64/2024 instead of TTLT 26/2014
    assert lines[-1] == (
        "Thông tư số 47/2018/TT-BCT ngày 15 tháng 11 năm 2018 của Bộ trưởng Bộ Công Thương quy định "
        "việc xây dựng, thẩm định và ban hành định mức kinh tế - kỹ thuật áp dụng trong các dịch vụ "
        "sự nghiệp công sử dụng ngân sách nhà nước thuộc lĩnh vực quản lý nhà nước của Bộ Công Thương"
    )
    assert "64/2024/TT-BTC" in lines[3] and not any("26/2014" in line for line in lines)
    assert not any("2015" in line and "chính quyền" in line for line in lines)


def test_competence_clause_cites_nd60_art5_as_amended():
    assert competence_clause(D(2026, 9, 5)) == (
        "điểm a khoản 1 Điều 5 Nghị định số 60/2021/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số 111/2025/NĐ-CP)"
    )
    assert competence_clause(D(2025, 1, 1)) == "điểm a khoản 1 Điều 5 Nghị định số 60/2021/NĐ-CP"


def test_add_remove_order_and_route_tags():
    on = D(2026, 9, 5)
    got = ids(on, overrides={"add": ["tt46_2012"], "remove": ["tt28_2018"], "order": ["tt47_2018"]})
    assert got == ["tt47_2018", "luat_tccqdp_2025", "nd45_2012", "nd60_2021", "tt46_2012"]
    assert ids(on, tags=["legal_normative"])[:2] == ["luat_bhvbqppl_2025", "luat_tccqdp_2025"]  # same force: date
    assert "nd78_2025" in ids(on, tags=["legal_normative"]) and "nd30_2020" in ids(on, tags=["administrative"])


def test_a_project_record_of_its_own_is_placed_by_force():
    own = {
        "id": "nq_hdnd",
        "type": "nghi_quyet_hdnd",
        "number": "12/2025/NQ-HĐND",
        "issuer": "Hội đồng nhân dân tỉnh",
        "title": "ban hành danh mục dịch vụ sự nghiệp công (minh họa)",
        "signed": "2025-12-10",
        "effective": "2025-12-20",
        "verified": False,
        "confidence": "C",
        "source": "test",
    }
    bases = bases_for(D(2026, 9, 5), overrides={"add": [own]})
    assert bases[-1].id == "nq_hdnd" and bases[-1].text().startswith(
        "Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh"
    )


def test_not_in_force_is_an_error_with_file_and_line(english, tmp_path):
    src = Path(dm.example_project_path()).read_text(encoding="utf-8")
    src = src.replace("    add: []\n", "    add: [ttlt26_2014, nope]\n", 1)
    assert "ttlt26_2014" in src
    f = tmp_path / "project.yaml"
    f.write_text(src, encoding="utf-8")
    for name in ("inputs",):
        (tmp_path / name).symlink_to(Path(dm.example_project_path()).parent / name)
    line = next(i for i, l in enumerate(src.splitlines(), start=1) if "ttlt26_2014" in l)
    with pytest.raises(dm.InputError) as err:
        dm.load_project(f)
    probs = err.value.problems
    assert {p.code for p in probs} == {"not_in_force", "unknown_reference"}
    bad = next(p for p in probs if p.code == "not_in_force")
    assert bad.location.file == str(f) and bad.location.row == line
    assert "repealed on 2018-05-15" in bad.message and "tt28_2018" in bad.accepted


def test_not_yet_in_force_on_the_decision_date(english):
    with pytest.raises(dm.InputError, match="takes effect on 2025-07-01"):
        bases_for(D(2025, 6, 1), overrides={"add": ["luat_tccqdp_2025"]})
    with pytest.raises(dm.InputError, match="unknown legal basis"):
        bases_for(D(2026, 1, 1), overrides={"remove": ["zzz"]})


def test_bad_library_reports_every_problem_with_its_line(tmp_path):
    f = tmp_path / "bases.yaml"
    f.write_text(
        """title: T
last_reviewed: 2026-11-29
bases:
  - {id: a, type: luat, number: 1/2020/QH14, issuer: Quốc hội, title: Luật A, signed: 2020-01-01,
     effective: 2019-01-01, verified: false, confidence: B, source: x}
  - {id: b, type: decree, number: 2/2020/NĐ-CP, issuer: Chính phủ, title: t, signed: 2020-01-01,
     effective: 2020-02-01, verified: true, confidence: B, source: x}
""",
        encoding="utf-8",
    )
    with pytest.raises(dm.InputError) as err:
        load_legal_library(f)
    rows = sorted(p.location.row for p in err.value.problems)
    assert len(rows) == 2 and rows[0] == 4 and rows[1] >= 6


def test_every_record_is_well_formed():
    lib = default_library()
    for b in lib.records.values():
        assert b.type in DOC_TYPES and b.source and b.confidence in "ABC"
        assert not b.verified  # no act's text was read: see the file header
        if b.replaced_by:
            assert lib.records[b.replaced_by].effective == b.repealed_on


def test_hand_built_norm_set_gets_the_defaults_a_project_set_keeps_its_own():
    ns = dm.NormSet(title="T", issuing_body="UBND", province="X", signed_on=D(2026, 9, 5), norms=[])
    assert merged_basis_lines(ns) == basis_lines(D(2026, 9, 5))
    ns = ns.model_copy(update={"legal_bases": ["Nghị quyết số 9/2025/NQ-HĐND của HĐND tỉnh X"]})
    assert merged_basis_lines(ns)[0].startswith("Nghị quyết số 9/2025") and len(merged_basis_lines(ns)) == 6
    chosen = basis_lines(D(2026, 9, 5), BasesOverrides(remove=["tt28_2018"]))
    ns = ns.model_copy(update={"legal_bases": chosen})
    assert merged_basis_lines(ns) == chosen  # a removal made by the project is not undone


def test_example_decision_cites_only_acts_in_force_in_order():
    project = dm.load_project(dm.example_project_path())
    from dinhmuc.law.bases import project_basis_lines

    lines = project_basis_lines(project)
    # the example's number "…/2026/QĐ-UBND" makes it a legal normative document (route helper): its records join
    assert project.decision_route == "legal_normative"
    assert lines == basis_lines(project.decision_date(), tags=("legal_normative",))


def test_appraisal_flags_a_free_text_basis_the_records_say_was_replaced():
    from dinhmuc.appraisal.checks import AppraisalOptions, check_legal

    ns = dm.NormSet(
        title="T",
        issuing_body="UBND",
        province="X",
        norms=[],
        legal_bases=[
            "Thông tư liên tịch số 26/2014/TTLT-BTC-BCT hướng dẫn kinh phí khuyến công",
            "Luật Tổ chức chính quyền địa phương số 77/2015/QH13",
        ],
    )
    found = {
        f.reason
        for f in check_legal(ns, dm.load_parameters(), D(2026, 9, 5), AppraisalOptions())
        if f.code == "superseded_citation"
    }
    assert any("26/2014/TTLT-BTC-BCT đã được thay thế bởi Thông tư 28/2018/TT-BTC" in r for r in found)
    # a law: the number as the check reads it ("77/2015/QH"), replaced by the 2025 law from 01/07/2025
    assert any(
        "77/2015/QH đã được thay thế bởi Luật 72/2025/QH15 (Luật Tổ chức chính quyền địa phương) từ 01/07/2025" in r
        for r in found
    )


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

_ON = D(2026, 9, 5)
_EXTRA = sorted(b.id for b in default_library().records.values() if not b.default and b.in_force(_ON))


@settings(max_examples=40, deadline=None)
@given(st.permutations(_EXTRA).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, len(p)))))
def test_order_of_additions_does_not_matter_and_force_then_date_holds(perm_k):
    perm, k = perm_k
    added = list(perm[:k])
    got = bases_for(_ON, overrides={"add": added})
    again = bases_for(_ON, overrides={"add": list(reversed(added))})
    assert [b.id for b in got] == [b.id for b in again]
    assert [(b.rank, b.signed) for b in got] == sorted((b.rank, b.signed) for b in got)
    assert {b.id for b in got} == {b.id for b in bases_for(_ON)} | set(added)


def test_project_free_text_bases_follow_the_dated_ones_without_duplicates():
    from types import SimpleNamespace

    from dinhmuc.law.bases import project_basis_lines

    project = dm.load_project(dm.example_project_path())
    free = ["Thông tư số 47/2018/TT-BCT (bản cũ, trùng)", "Nghị quyết số 12/2025/NQ-HĐND của HĐND tỉnh (minh họa)"]
    project = project.model_copy(update={"legal_bases": free})
    lines = project_basis_lines(project)
    assert lines == [*basis_lines(project.decision_date(), tags=("legal_normative",)), free[1]]
    # a declared decision route brings its own records (the route helper's project key)
    routed = SimpleNamespace(
        **{k: getattr(project, k) for k in ("law", "legal_bases", "decision", "file")},
        decision_date=project.decision_date,
        route="legal_normative",
    )
    assert any(
        "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15" in line for line in project_basis_lines(routed)
    )
