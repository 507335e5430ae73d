"""Version differences line by line: moved, renamed, deleted, changed and added lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from appraisal_helpers import CASES

import dinhmuc as dm
from dinhmuc.appraisal.diff import COLUMNS, pair_lines


@pytest.fixture(scope="module")
def diff():
    old = dm.load_norm_set(CASES / "diff_old.yaml")
    new = dm.load_norm_set(CASES / "diff_new.yaml")
    return dm.diff_norm_sets(old, new)


def rows(diff):
    return [(r.norm, r.line, r.status, r.field, r.old, r.new) for r in diff.rows]


def test_frame_columns(diff):
    assert (
        list(diff.to_frame().columns)
        == COLUMNS
        == ["norm", "line", "component", "item", "field", "old", "new", "change_pct", "status", "reason"]
    )


def test_every_difference_line_by_line(diff):
    assert rows(diff) == [
        ("KC01", None, "changed", "indirect_labour_pct", Decimal(10), Decimal(12)),
        ("KC01", "LD1", "changed", "quantity", Decimal(60), Decimal(66)),
        ("KC01", "LD2", "moved", "id", "LD3", "LD2"),
        ("KC01", "LD2", "removed", "quantity", Decimal(15), None),
        ("KC01", "VT1", "renamed", "name", "Tài liệu học tập", "Tài liệu, giáo trình học tập"),
        ("KC01", "VT3", "added", "quantity", None, Decimal(30)),
        ("KC01", "TB1", "changed", "idle", Decimal(2), Decimal("2.5")),
        ("KC02", None, "added", None, None, None),
        ("KC03", None, "removed", None, None, None),
    ]


def test_percentage_change_and_recorded_reason(diff):
    by = {(r.line, r.field): r for r in diff.rows}
    assert by[("LD1", "quantity")].change_pct == Decimal("10.00")
    assert by[("LD1", "quantity")].reason == "Bổ sung số liệu năm 2025 theo ý kiến Hội đồng"
    assert by[(None, "indirect_labour_pct")].change_pct == Decimal("20.00")
    assert by[(None, "indirect_labour_pct")].reason == "Theo ý kiến Hội đồng (kế toán, văn thư)"
    assert by[("TB1", "idle")].change_pct == Decimal("25.00")
    assert by[("VT3", "quantity")].reason == "Bổ sung theo danh mục"


def test_deleted_line_does_not_read_as_a_rename(diff):
    # LD2 "Cán bộ quản lý lớp" was deleted; the old LD3 is now LD2: no "renamed" labour row
    assert not [r for r in diff.rows if r.component == "labour" and r.status == "renamed"]
    removed = [r for r in diff.rows if r.status == "removed" and r.line]
    assert [(r.line, r.item) for r in removed] == [("LD2", "Cán bộ quản lý lớp")]


def test_unchanged_line_has_no_row(diff):
    assert not [r for r in diff.rows if r.item == "Giấy in"]


def test_counts_and_sentences(diff):
    assert diff.counts() == {"added": 2, "removed": 2, "changed": 3, "moved": 1, "renamed": 1}
    text = [diff.describe(r) for r in diff.rows]
    assert text[1] == (
        "KC01/LD1 «Giáo viên dạy nghề»: Số lượng 60 → 66 (+10 %); lý do: Bổ sung số liệu năm 2025 theo ý kiến Hội đồng"
    )
    assert text[3] == "KC01/LD2: loại bỏ dòng «Cán bộ quản lý lớp» (Số lượng: 15)"


def _set(labour):
    return dm.NormSet(title="t", norms=[{"code": "A", "name": "A", "unit": "lớp", "labour": labour}])


def test_swapped_lines_are_moved_not_renamed():
    a = {"role": "Giáo viên", "grade": "III", "quantity": 10}
    b = {"role": "Kế toán", "grade": "III", "quantity": 2}
    d = dm.diff_norm_sets(_set([a, b]), _set([b, a]))
    assert [(r.status, r.old, r.new) for r in d.rows] == [("moved", "LD2", "LD1"), ("moved", "LD1", "LD2")]


def test_renamed_line_keeps_its_id_and_other_changes():
    old = _set([{"role": "Giáo viên", "grade": "III", "quantity": 10}])
    new = _set([{"role": "Giáo viên dạy nghề", "grade": "III", "quantity": 12}])
    d = dm.diff_norm_sets(old, new)
    assert [(r.line, r.status, r.field) for r in d.rows] == [("LD1", "renamed", "role"), ("LD1", "changed", "quantity")]


def test_grade_change_is_a_change_of_the_same_line():
    old = _set([{"role": "Giáo viên", "grade": "III", "quantity": 10}])
    new = _set([{"role": "Giáo viên", "grade": "II", "quantity": 10}])
    assert [(r.status, r.field, r.old, r.new) for r in dm.diff_norm_sets(old, new).rows] == [
        ("changed", "grade", "III", "II")
    ]


def test_moved_line_with_grade_change():
    old = _set(
        [{"role": "Trợ giảng", "grade": "III", "quantity": 1}, {"role": "Giáo viên", "grade": "III", "quantity": 10}]
    )
    new = _set([{"role": "Giáo viên", "grade": "II", "quantity": 10}])
    d = dm.diff_norm_sets(old, new)
    assert [(r.line, r.status, r.field) for r in d.rows] == [
        ("LD1", "moved", "id"),
        ("LD1", "changed", "grade"),
        ("LD1", "removed", "quantity"),
    ]
    assert d.rows[2].item == "Trợ giảng"


def test_explicit_ids_moved_in_the_file_are_not_differences():
    a = {"id": "LD1", "role": "Giáo viên", "grade": "III", "quantity": 10}
    b = {"id": "LD2", "role": "Kế toán", "grade": "III", "quantity": 2}
    assert not dm.diff_norm_sets(_set([a, b]), _set([b, a]))


def test_identical_sets_have_no_difference():
    s = dm.load_norm_set(CASES / "complete.yaml")
    d = dm.diff_norm_sets(s, s)
    assert not d and d.to_frame().empty and list(d.to_frame().columns) == COLUMNS


def test_pair_lines_reports_how_each_pair_was_found():
    old = dm.load_norm_set(CASES / "diff_old.yaml")["KC01"]
    new = dm.load_norm_set(CASES / "diff_new.yaml")["KC01"]
    pairs, removed, added = pair_lines(old, new)
    how = {(o.id, n.id): h for _, o, n, h in pairs}
    assert how[("LD3", "LD2")] == "moved" and how[("VT1", "VT1")] == "renamed" and how[("LD1", "LD1")] == "same"
    assert [l.id for _, l in removed] == ["LD2"] and [l.id for _, l in added] == ["VT3"]
