"""The CSV reader's fast path (pandas' C parser) gives the frame the csv module path gives, or steps aside.

``core.files.read_csv_frame`` reads a CSV without quotes through pandas' C parser; the
csv-module path stays the reference (quotes, located errors). Generated files with
blank lines, short and long rows, whitespace-only cells, Unicode spaces, CRLF line
ends and trailing separators: both paths give the same header, row numbers, cells
and errors.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dinhmuc.core import files

_CELLS = ["a", "1", " ", "", "x y", "1,5", "\t", "\u00a0", "KC01", "Số học viên", " 12 ", "nan", "\u2003", "é"]


def _both(path, blank_as_nan, monkeypatch):
    def run():
        try:
            frame = files.read_csv_frame(path, blank_as_nan=blank_as_nan)
        except files.InputError as exc:
            return ("error", str(exc))
        cells = frame.astype(object).where(frame.notna(), None).values.tolist()
        return ("ok", list(frame.columns), frame.index.tolist(), cells)

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(files, "_fast_csv_frame", lambda text, blank_as_nan: None)
        slow = run()
    return fast, slow


#: Generated CSV files: separator, header cells kept, rows (one cell fewer, as many or one more than the
#: header, from cells with blanks, whitespace, Unicode spaces, decimal commas), line end, a final line end.
_CSV_SHAPES = (
    st.sampled_from([",", ";", "\t"]),
    st.integers(1, 5),
    st.lists(st.tuples(st.integers(-1, 1), st.lists(st.sampled_from(_CELLS), min_size=6, max_size=6)), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)


def _write_csv(folder, header_cells, delim, ncol, rows, eol, final_eol):
    header = delim.join(header_cells[:ncol])
    lines = [header] + [delim.join(cells[: max(0, ncol + extra)]) for extra, cells in rows]
    path = folder / "t.csv"
    path.write_bytes((eol.join(lines) + (eol if final_eol else "")).encode("utf-8"))
    return path


@settings(max_examples=120, deadline=None)
@given(*_CSV_SHAPES, st.booleans())
def test_fast_csv_equals_csv_module(tmp_path_factory, delim, ncol, rows, eol, final_eol, blank_as_nan):
    import pytest

    header = ["service", "Năm", " q ", "line", "", "x"]
    path = _write_csv(tmp_path_factory.mktemp("csv"), header, delim, ncol, rows, eol, final_eol)
    with pytest.MonkeyPatch.context() as mp:
        fast, slow = _both(path, blank_as_nan, mp)
    assert fast == slow


def test_fast_path_is_taken_and_steps_aside(tmp_path):
    plain = tmp_path / "a.csv"
    plain.write_text("service;Năm\nKC01;2024\n\n KC02 ;2025\n", encoding="utf-8")
    assert files._fast_csv_frame(plain.read_text(encoding="utf-8"), True) is not None
    frame = files.read_csv_frame(plain)
    assert frame.index.tolist() == [2, 4] and frame.iloc[1, 0] == " KC02 "  # cells as written, rows as in the file
    quoted = tmp_path / "b.csv"
    quoted.write_text('service;Năm\n"KC;01";2024\n', encoding="utf-8")
    assert files._fast_csv_frame(quoted.read_text(encoding="utf-8"), True) is None  # quotes: the csv module reads it
    assert files.read_csv_frame(quoted).iloc[0, 0] == "KC;01"
    long_row = tmp_path / "c.csv"
    long_row.write_text("a;b\n1;2;3\n", encoding="utf-8")
    assert files._fast_csv_frame(long_row.read_text(encoding="utf-8"), True) is None
    import pytest

    with pytest.raises(files.InputError, match="dòng 2"):
        files.read_csv_frame(long_row)


def test_white_cells_detected():
    w = files._may_have_white_cells
    spaces = (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
    assert all(w(f"a;b{chr(c)}x;c".encode(), ";") for c in spaces)
    assert not w("a;bé ạ đ ư Ú x;c\n1;2;3".encode(), ";")
    assert w(b"a; b", ";") and w(b"a ;b", ";") and w(b"a;b\n c", ";") and w(b"a;b \r\nc", ";")
    assert not w(b"a b;c", ";") and not w(b"a\tb", "\t") and w(b"a\t b", "\t")


# ----------------------------------------------------------------------------
# the byte path (read_csv_cells): the cells of a large evidence file as slices of its bytes
# ----------------------------------------------------------------------------


def _cells_of(result):
    """(header, row numbers, rows of cells: None for an empty cell) of either answer of read_csv_cells."""
    if isinstance(result, files.CsvCells):
        columns = [result.column(j) for j in range(len(result.header))]
        cells = [[c[i] or None for c in columns] for i in range(len(result))]
        return list(result.header), [int(r) for r in result.rows], cells
    cells = result.astype(object).where(result.notna(), None).values.tolist()
    return list(result.columns), result.index.tolist(), cells


@settings(max_examples=150, deadline=None)
@given(*_CSV_SHAPES, st.sampled_from([1, 3, 7, 4 * 2**20]))
def test_byte_cells_equal_the_frame(tmp_path_factory, delim, ncol, rows, eol, final_eol, block):
    """Whatever path read_csv_cells takes, it gives the header, row numbers and cells read_csv_frame gives;
    the same when the bytes are handled in blocks of a few bytes (a large file's blocks, in small)."""
    import pytest

    header = ["service", "Năm", "q", "line", "đơn vị", "x"]
    path = _write_csv(tmp_path_factory.mktemp("csv"), header, delim, ncol, rows, eol, final_eol)
    try:
        expected = ("ok", _cells_of(files.read_csv_frame(path)))
    except files.InputError as exc:
        expected = ("error", str(exc))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files, "_BLOCK_BYTES", block)
        try:
            got = ("ok", _cells_of(files.read_csv_cells(path)))
        except files.InputError as exc:
            got = ("error", str(exc))
    assert got == expected


def test_byte_path_taken_for_an_excel_export(tmp_path):
    """A Vietnamese Excel export (';', CRLF, blank cells, a blank line, a row of separators): the byte path."""
    path = tmp_path / "quyet_toan.csv"
    path.write_bytes("Mã dịch vụ;Năm;Số lượng\r\nKC01;2024;1.234,5\r\n\r\n;;\r\nKC02;;7\r\n".encode())
    cells = files.read_csv_cells(path)
    assert isinstance(cells, files.CsvCells)
    assert cells.header == ["Mã dịch vụ", "Năm", "Số lượng"] and cells.rows.tolist() == [2, 5]
    assert [cells.column(2)[i] for i in range(2)] == ["1.234,5", "7"] and cells.column(1)[1] == ""
    short = tmp_path / "short.csv"
    short.write_text("a;b\n1\n", encoding="utf-8")
    assert not isinstance(files.read_csv_cells(short), files.CsvCells)  # a short row: the frame pads it
    twice = tmp_path / "twice.csv"
    twice.write_text("a;a\n1;2\n", encoding="utf-8")
    import pytest

    with pytest.raises(files.InputError, match="'a'"):
        files.read_csv_cells(twice)


_SPACE_CHARS = [chr(c) for c in (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "1", " ", "\t", ";", ",", "\n", "\r\n", "é", "ộ", "Ớ", "–", "“", *_SPACE_CHARS])),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from([1, 2, 5, 4 * 2**20]),
)
def test_white_cells_equal_a_strip_of_every_cell(chars, delim, block):
    """The byte-class check answers what stripping every cell of every line would: True exactly when some
    cell starts or ends with whitespace, or a Unicode space occurs anywhere (bytes classed in blocks of any
    size)."""
    import pytest

    text = "".join(chars)
    cells = [c for line in text.replace("\r\n", "\n").split("\n") for c in line.split(delim)]
    expected = any(c != c.strip(" \t") for c in cells) or any(sp in text for sp in _SPACE_CHARS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files, "_BLOCK_BYTES", block)
        assert files._may_have_white_cells(text.encode("utf-8"), delim) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "1",
                " ",
                "\n",
                "\r\n",
                ";",
                "công",
                "bộ",
                "Ước",
                "ỹ",
                "é",
                "e\u0301",  # e + combining acute: NFC composes it
                "\u1f71",  # Greek alpha with oxia: NFC maps it to U+03AC
                "\u212a",  # Kelvin sign: NFC maps it to K
                "\u1161",  # Hangul jamo
                "\u2000",  # en quad: NFC maps it to U+2002
                "\u00a0",
                "\u1680",
                "\t",
                "\x07",
                "\ufffe",
                "\ufeff",
                "\u0300",
                "漢",
                "😀",
            ]
        ),
        max_size=12,
    )
)
def test_plain_utf8_is_what_read_text_gives(parts):
    """The byte check says "plain" exactly when read_text would give back the very bytes (UTF-8, NFC, no
    control character, not blank): the file's bytes are then used as they are."""
    import unicodedata

    text = "".join(parts)
    raw = text.encode("utf-8")
    expected = (
        bool(text)
        and not text.startswith("\ufeff")
        and not files._CONTROL.search(text)
        and not text.isspace()
        and unicodedata.normalize("NFC", text) == text
    )
    assert files._plain_utf8(raw) == expected
    if expected:
        path = _tmp_csv(raw)
        assert files.read_text(path).encode("utf-8") == raw


def _tmp_csv(raw: bytes):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "t.csv"
    path.write_bytes(raw)
    return path
