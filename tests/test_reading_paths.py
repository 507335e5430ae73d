"""A settlements CSV gives the same evidence, the same problems and the same norms on every reading path.

A CSV as Excel exports it is read on its bytes (``core.files.read_csv_cells``); any other goes through
pandas' C parser or the ``csv`` module. Large tables are typed on two threads and their statistical lines
built on two threads. Whatever the path, a province's officer must get the same frame, the same errors
(file, row, field, message, in the same order) and the same norms: generated settlement files, good and
bad, are read each way here and compared.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dinhmuc as dm
from dinhmuc.core import files
from dinhmuc.evidence import load
from dinhmuc.methods import statistical

HEADER = ["Mã dịch vụ", "Năm", "Mã dự án", "Mã dòng", "Đơn vị tính", "Số lượng tiêu hao", "Số học viên", "Số ngày"]
#: KC01's lines with their units (LD1 scales with days, VT2 with learners)
LINES = [("LD1", "công"), ("LD3", "công"), ("VT2", "bộ"), ("VT4", "ram")]

_quantity = st.one_of(
    st.decimals(min_value=0, max_value=5000, places=3).map(lambda d: f"{d:f}".replace(".", ",")),
    st.sampled_from(["", "1.500", "12.5", "abc", "-3", "1e5", "nan", "0", "2.000,5"]),
)
_driver = st.one_of(st.integers(1, 90).map(str), st.sampled_from(["", "0", "x", "45,5"]))
_row = st.tuples(
    st.sampled_from(["KC01", "KC01", "KC01", "KC99"]),
    st.sampled_from(["2022", "2023", "2024", "2024", "1890", "năm"]),
    st.integers(1, 40).map(lambda i: f"DA{i:02d}"),
    st.sampled_from([*range(len(LINES)), -1]),
    _quantity,
    _driver,
    _driver,
)


def _csv(rows, delim: str = ";") -> bytes:
    lines = [delim.join(HEADER)]
    for svc, year, project, li, q, learners, days in rows:
        line, unit = LINES[li] if li >= 0 else ("LD9", "công")
        lines.append(delim.join([svc, year, project, line, unit, q, learners, days]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _read(path, *, on_bytes: bool, threads: bool):
    """(frame, None) or (None, problems as tuples) for one reading path."""
    with pytest.MonkeyPatch.context() as mp:
        if not on_bytes:
            mp.setattr(files, "_csv_cells", lambda data, scan=None: None)
        mp.setattr(load, "_THREADED_CELLS", 0 if threads else 10**12)
        try:
            ev = dm.read_settlements(path)
        except dm.InputError as exc:
            return None, [(p.code, p.location.row, p.location.field, p.message) for p in exc.problems]
    return ev, None


@settings(max_examples=60, deadline=None)
@given(st.lists(_row, min_size=1, max_size=40), st.sampled_from([";", ","]))
def test_every_reading_path_gives_the_same_evidence_and_problems(tmp_path_factory, rows, delim):
    path = tmp_path_factory.mktemp("qt") / "quyet_toan.csv"
    path.write_bytes(_csv(rows, delim))
    if delim == ";":  # an Excel export: the byte path is taken (a "," file with "12,5" cells has long rows)
        assert isinstance(files.read_csv_cells(path), files.CsvCells)
    reference, ref_problems = _read(path, on_bytes=False, threads=False)
    for on_bytes, threads in ((True, False), (True, True), (False, True)):
        ev, problems = _read(path, on_bytes=on_bytes, threads=threads)
        assert problems == ref_problems
        if reference is not None:
            import pandas.testing as pdt

            pdt.assert_frame_equal(ev.frame, reference.frame)
            assert ev.blank_rows == reference.blank_rows and ev.ignored_columns == reference.ignored_columns


def test_a_bad_file_read_on_bytes_names_each_cell():
    """The byte path's errors, read by hand: each bad cell with its row and field, all at once."""
    rows = [
        ("KC01", "2023", "DA01", 0, "12,5", "", "60"),
        ("KC01", "2023", "DA02", 0, "abc", "", "60"),  # row 3: not a number
        ("KC01", "1890", "DA03", 2, "3", "30", ""),  # row 4: year out of range
        ("KC99", "2024", "DA04", 0, "1", "", "60"),  # row 5: unknown service
    ]
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "quyet_toan.csv"
    path.write_bytes(_csv(rows))
    assert isinstance(files.read_csv_cells(path), files.CsvCells)
    _, problems = _read(path, on_bytes=True, threads=True)
    found = {(code, row, field) for code, row, field, _ in problems}
    assert ("not_a_number", 3, "quantity") in found
    assert ("out_of_range", 4, "year") in found
    assert ("unknown_service", 5, "service") in found
    assert ("missing", 4, "learners") not in found  # VT2 scales with learners: 30 is there


def _records(n_projects: int) -> bytes:
    """Clean KC01 settlements over three years: every line, every project."""
    import random

    rnd = random.Random(7)
    rows = []
    for p in range(n_projects):
        year = str(2022 + p % 3)
        learners, days = str(rnd.randint(20, 40)), str(rnd.randint(30, 90))
        for li in range(len(LINES)):
            q = f"{rnd.uniform(1, 60):.2f}".replace(".", ",")  # 12,35: Vietnamese only (12,350 would be ambiguous)
            rows.append(("KC01", year, f"DA{p:03d}", li, q, learners, days))
    return _csv(rows)


def test_statistical_lines_on_two_threads_give_the_same_norms(tmp_path):
    path = tmp_path / "quyet_toan.csv"
    path.write_bytes(_records(60))
    ev = dm.read_settlements(path)
    options = {"as_of": "2025-06-30", "drop_missing_lines": True}
    results = {}
    for threaded in (False, True):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(statistical, "_THREADED_ROWS", 0 if threaded else 10**12)
            built = dm.build_norms(["KC01"], ev, "statistical", options)
        results[threaded] = {code: r.norm.model_dump() for code, r in built.items()}
    assert results[True] == results[False]
    kc01 = results[True]["KC01"]
    assert [line["id"] for line in kc01["labour"] + kc01["materials"]] == ["LD1", "LD3", "VT2", "VT4"]


def test_clean_records_read_the_same_on_every_path(tmp_path):
    """A clean export (every cell good) gives one frame whatever the path: categories, floats, row numbers."""
    import pandas.testing as pdt

    path = tmp_path / "quyet_toan.csv"
    path.write_bytes(_records(50))
    reference, problems = _read(path, on_bytes=False, threads=False)
    assert problems is None and len(reference.frame) == 200
    for on_bytes, threads in ((True, False), (True, True), (False, True)):
        ev, _ = _read(path, on_bytes=on_bytes, threads=threads)
        pdt.assert_frame_equal(ev.frame, reference.frame)
    assert str(reference.frame["project"].dtype) == "category" and reference.frame.index[0] == 2
