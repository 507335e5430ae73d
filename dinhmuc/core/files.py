"""Reading input files safely (đọc tệp đầu vào an toàn): size limits, encodings, zip bombs.

Every reader of a user's file goes through this module before parsing:

* :func:`check_path` — the file exists, is a file, its path is not absurdly
  long, and it is not larger than the limit for its kind;
* :func:`read_text` — CSV and YAML text in UTF-8 (with or without BOM),
  UTF-16 (with BOM, as Excel's "Unicode text" export writes it, or without BOM
  when the NUL pattern shows it) or Windows-1258 (Excel's "CSV" on a
  Vietnamese Windows, which also reads Windows-1252 Latin text); the text is
  normalised to NFC (Windows-1258 writes tone marks as combining characters)
  and control characters are refused with their line;
* :func:`check_zip` — an .xlsx/.docx is opened only after its members'
  declared sizes (which bound what Python's ``zipfile`` will ever inflate),
  their number, the sheets' declared cell counts and the absence of XML
  ``<!DOCTYPE``/``<!ENTITY`` declarations (entity expansion) are checked.

The limits are generous for real norm inputs and can be raised for a run with
environment variables (``DINHMUC_MAX_CSV_MB``, ``DINHMUC_MAX_YAML_MB``,
``DINHMUC_MAX_XLSX_MB``, ``DINHMUC_MAX_INFLATED_MB``, ``DINHMUC_MAX_CELLS``,
``DINHMUC_MAX_YAML_DEPTH``), see :func:`limit`.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_bytes(b"Ma\\xde,T\\xean\\r\\nKC01,caf\\xe9\\r\\n")   # Windows-1258: "Mã,Tên"
>>> read_text(p).splitlines()
['Mã,Tên', 'KC01,café']
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path

from .errors import InputError, Location, Problem
from .i18n import tr

__all__ = [
    "LIMITS",
    "check_path",
    "check_path_length",
    "check_zip",
    "check_table_file",
    "control_characters",
    "limit",
    "open_workbook",
    "CsvCells",
    "read_csv_cells",
    "read_csv_frame",
    "read_csv_rows",
    "read_text",
    "refuse_control_characters",
    "sheet_rows",
]

#: Default limits: (environment variable, default value, what it bounds). Sizes in MB.
LIMITS: dict[str, tuple[str, float, str]] = {
    "csv_mb": ("DINHMUC_MAX_CSV_MB", 50, "kích thước tệp CSV"),
    "yaml_mb": ("DINHMUC_MAX_YAML_MB", 20, "kích thước tệp YAML"),
    "xlsx_mb": ("DINHMUC_MAX_XLSX_MB", 50, "kích thước tệp .xlsx/.docx"),
    "inflated_mb": ("DINHMUC_MAX_INFLATED_MB", 300, "dung lượng giải nén của tệp .xlsx/.docx"),
    "cells": ("DINHMUC_MAX_CELLS", 5_000_000, "số ô của một trang tính"),
    "members": ("DINHMUC_MAX_ZIP_MEMBERS", 5_000, "số thành phần trong tệp .xlsx/.docx"),
    "yaml_depth": ("DINHMUC_MAX_YAML_DEPTH", 64, "độ sâu lồng nhau của YAML"),
    "path_chars": ("DINHMUC_MAX_PATH_CHARS", 1_024, "độ dài đường dẫn"),
}


def limit(name: str) -> float:
    """The limit ``name`` (a key of :data:`LIMITS`), from its environment variable when set.

    >>> limit("yaml_depth") >= 32
    True
    """
    env, default, _ = LIMITS[name]
    raw = os.environ.get(env)
    if raw:
        try:
            value = float(raw)
            if value > 0:
                return value
        except ValueError:
            pass
    return default


def _mb(name: str) -> int:
    return int(limit(name) * 1024 * 1024)


def _where(path: str | Path) -> str:
    text = str(path)
    return text if len(text) <= 200 else text[:90] + "…" + text[-90:]


def check_path_length(path: str | Path) -> Path:
    """Refuse an absurdly long path before the OS does (``is_dir()`` raises ENAMETOOLONG); return it as a Path."""
    text = str(path)
    if len(text) > limit("path_chars"):
        raise InputError(
            Problem(
                tr("files.path_too_long", n_text=len(text), limit=int(limit("path_chars"))),
                Location(_where(text)),
                "path_too_long",
                tr("files.shorter_path"),
            )
        )
    return Path(path)


def check_path(path: str | Path, max_bytes: int | None = None, *, accepted: str = tr("files.existing_file")) -> Path:
    """Refuse a missing file, a folder, an absurdly long path or a file over ``max_bytes``; return the path."""
    path = check_path_length(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(Problem(tr("files.not_found"), Location(_where(path)), "missing_file", accepted)) from None
    except OSError as exc:
        raise InputError(
            Problem(tr("files.unreadable", value=exc.strerror or exc), Location(_where(path)), "unreadable", accepted)
        ) from None
    if not path.is_file():
        raise InputError(Problem(tr("files.not_a_file"), Location(_where(path)), "not_a_file", accepted))
    if max_bytes is not None and st.st_size > max_bytes:
        raise InputError(
            Problem(
                tr("files.file_too_large", st_size=st.st_size, max_bytes=max_bytes),
                Location(_where(path)),
                "too_large",
                tr("files.file_under_mb", value=max_bytes // (1024 * 1024)),
            )
        )
    if st.st_size == 0:
        raise InputError(Problem(tr("files.empty_file"), Location(_where(path)), "empty_file", accepted))
    return path


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def control_characters(text: str) -> list[str]:
    """The control characters in ``text`` (tab and line breaks are allowed), as ``U+0001`` names."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def refuse_control_characters(value: str, location: Location, problems: list[Problem] | None = None) -> str:
    """Refuse a text value holding control characters (they cannot be written into a Word or Excel file)."""
    bad = control_characters(value)
    if bad:
        problem = Problem(
            tr("files.control_character", bad=", ".join(bad)),
            location,
            "control_character",
            tr("files.no_control_characters"),
        )
        if problems is None:
            raise InputError(problem)
        problems.append(problem)
    return value


def _utf16_guess(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit on one side of most byte pairs (UTF-16 without BOM)."""
    sample = raw[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 3 * max(even, 1):
        return "utf-16-le"
    if even > 3 * max(odd, 1):
        return "utf-16-be"
    return None


def decode(raw: bytes, file: str = "<bytes>") -> tuple[str, str]:
    """Decode input bytes; return (text in NFC, the encoding used). Refuses binary content clearly."""
    text, encoding = _decode(raw, file)
    return unicodedata.normalize("NFC", text), encoding


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    """(text as decoded, not yet normalised; the encoding used)."""
    where = Location(_where(file))
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif (guess := _utf16_guess(raw)) is not None:
        candidates = [guess]
    elif raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            Problem(
                tr("files.binary_office"),
                where,
                "file_type",
                tr("files.save_as_xlsx_or_csv"),
            )
        )
    else:
        candidates = ["utf-8", "cp1258"]
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return text, enc
    raise InputError(
        Problem(
            tr("files.unknown_encoding"),
            where,
            "encoding",
            tr("files.encodings_accepted"),
        )
    )


#: Bytes of the control characters of :data:`_CONTROL` in UTF-8 (all ASCII), marked 1 for ``bytes.translate``.
_CONTROL_BYTES = bytes(1 if (b < 32 and b not in (9, 10, 13)) or b == 127 else 0 for b in range(256))


def _utf8_may_have_control(raw: bytes) -> bool:
    """Whether UTF-8 bytes may hold a character :data:`_CONTROL` refuses (then the regex finds and locates it)."""
    if b"\x01" in raw.translate(_CONTROL_BYTES):
        return True
    return b"\xef" in raw and (b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw)  # U+FFFE, U+FFFF


def read_text(path: str | Path, max_bytes: int | None = None, *, kind: str = "csv") -> str:
    """Read a text input (CSV or YAML) in any encoding Excel or an editor writes; refuse NULs and control bytes.

    ``kind`` picks the default size limit (``csv`` or ``yaml``).
    """
    return _read_checked(path, max_bytes, kind)[0]


def _read_checked(path: str | Path, max_bytes: int | None, kind: str) -> tuple[str, bytes]:
    """:func:`read_text`'s text and the same text as UTF-8 bytes (the file's own bytes when they are that)."""
    path, raw = _read_bytes(path, max_bytes, kind)
    return _checked_text(raw, path, kind)


def _read_bytes(path: str | Path, max_bytes: int | None, kind: str) -> tuple[Path, bytes]:
    if max_bytes is None:
        max_bytes = _mb("yaml_mb" if kind == "yaml" else "csv_mb")
    path = check_path(path, max_bytes, accepted=tr("files.existing_kind_file", upper=kind.upper()))
    return path, path.read_bytes()


#: A UTF-8 input is checked in pieces of about this many bytes (cut after a line feed).
_PIECE_BYTES = 4 * 2**20


def _plain_utf8(raw: bytes, scan: _ByteScan | None = None) -> bool:
    """True when the bytes are already what :func:`read_text` would make of them, as UTF-8: UTF-8 without BOM,
    in NFC, with no control character and not blank. Decoded piece by piece (cut after a line feed, which
    never sits inside a character and composes with nothing), so the whole text is never held as ``str``;
    NFC is checked only when a byte could start a character that NFC changes (:class:`_ByteScan`)."""
    scan = scan or _ByteScan(raw)
    if not raw or raw.startswith(b"\xef\xbb\xbf") or scan.has_control:
        return False
    nfc_unsure = scan.nfc_unsure
    pos = 0
    while pos < len(raw):
        cut = raw.find(b"\n", pos + _PIECE_BYTES)
        end = len(raw) if cut < 0 else cut + 1
        try:
            piece = raw[pos:end].decode("utf-8")
        except UnicodeDecodeError:
            return False
        if (nfc_unsure and not unicodedata.is_normalized("NFC", piece)) or (pos == 0 and piece.isspace()):
            return False
        pos = end
    return not nfc_unsure or not _utf8_may_have_control(raw)  # U+FFFE and U+FFFF start with EF: an unsure byte


class _ByteScan:
    """What one pass over a text's UTF-8 bytes finds (``bytes.translate`` to classes, then numpy on the few
    marked positions): control characters, bytes that may start a character NFC changes, quotes, carriage
    returns and the whitespace that could start or end a cell."""

    #: byte classes (bit flags): control, a lead byte NFC may change, E1, space or tab, a Unicode-space lead,
    #: quote, carriage return
    CONTROL, NFC, E1, WHITE, USPACE, QUOTE, CR = 1, 2, 4, 8, 16, 32, 64
    _TABLE: bytes | None = None

    def __init__(self, data: bytes):
        import numpy as np

        if _ByteScan._TABLE is None:
            _ByteScan._TABLE = self._table()
        self.data = data
        self.a = np.frombuffer(data, dtype=np.uint8)
        found, classes = [], []
        for i in range(0, len(data), _BLOCK_BYTES):  # block by block: no temporary of the file's size
            cls = np.frombuffer(data[i : i + _BLOCK_BYTES].translate(_ByteScan._TABLE), dtype=np.uint8)
            at = np.flatnonzero(cls)
            found.append((at + i).astype(_offset_type(len(data))))
            classes.append(cls[at])
        self.found = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        self.cls = np.concatenate(classes) if classes else np.zeros(0, dtype=np.uint8)

    @classmethod
    def _table(cls) -> bytes:
        t = bytearray(256)
        for b in (*range(0, 9), 11, 12, *range(14, 32), 127):
            t[b] = cls.CONTROL
        # NFC leaves U+0000-U+02FF and U+1E00-U+1EFF (Vietnamese letters) as they are; other lead bytes may not
        for b in (*range(0xCC, 0xE1), *range(0xE2, 0xF5)):
            t[b] |= cls.NFC
        t[0xE1] = cls.E1
        for b in (0x20, 0x09):
            t[b] = cls.WHITE
        for b in (0xC2, 0xE2, 0xE3):
            t[b] |= cls.USPACE
        t[0x22] = cls.QUOTE
        t[0x0D] = cls.CR
        return bytes(t)

    def at(self, flag: int):
        """Positions of the bytes of a class."""
        return self.found[(self.cls & flag) != 0]

    @property
    def has_control(self) -> bool:
        return bool((self.cls & self.CONTROL).any())

    @property
    def has_quote(self) -> bool:
        return bool((self.cls & self.QUOTE).any())

    @property
    def nfc_unsure(self) -> bool:
        """Whether some character might change under NFC (then :func:`unicodedata.is_normalized` decides)."""
        import numpy as np

        if (self.cls & self.NFC).any():
            return True
        e1 = self.at(self.E1)
        return bool(
            len(e1) and ((e1[-1] + 1 >= len(self.a)) or not np.isin(self.a[e1 + 1], (0xB8, 0xB9, 0xBA, 0xBB)).all())
        )

    def crlf_only(self) -> bool:
        """Every carriage return ends a line (CRLF)."""
        cr = self.at(self.CR)
        return not len(cr) or (cr[-1] + 1 < len(self.a) and bool((self.a[cr + 1] == 10).all()))

    def may_have_white_cells(self, delim: str) -> bool:
        """False when no cell can start or end with whitespace, so ``str.strip`` would change no cell: no ASCII
        space or tab next to a separator or a line break, and no Unicode space anywhere."""
        import numpy as np

        a, n = self.a, len(self.a)
        white = self.at(self.WHITE)
        white = white[a[white] != ord(delim)]  # a tab separator is no whitespace of a cell
        ends = np.array([ord(delim), 10, 13], dtype=np.uint8)
        if len(white) and (
            white[0] == 0
            or white[-1] == n - 1
            or np.isin(a[white - 1], ends).any()
            or np.isin(a[white + 1], ends).any()
        ):
            return True
        lead = np.concatenate((self.at(self.USPACE), self.at(self.E1)))
        near_end = lead[lead + 2 >= n]  # a character cut by the end of the text: compared as bytes
        if any(self.data[p : p + 3].startswith(_UNICODE_SPACES) for p in near_end.tolist()):
            return True
        lead = lead[lead + 2 < n]
        three = (a[lead].astype(np.int32) << 16) | (a[lead + 1].astype(np.int32) << 8) | a[lead + 2]
        return bool(np.isin(three, _UNICODE_SPACE_CODES).any() or np.isin(three >> 8, _UNICODE_SPACE_CODES).any())


def _checked_text(raw: bytes, path: Path, kind: str) -> tuple[str, bytes]:
    decoded, encoding = _decode(raw, str(path))
    text = unicodedata.normalize("NFC", decoded)  # the same object when the text is NFC already
    if encoding != "utf-8" or text is not decoded:  # recoded or normalised: the file's bytes are not the text's
        raw = text.encode("utf-8")
    del decoded
    bad = None if encoding == "utf-8" and not _utf8_may_have_control(raw) else _CONTROL.search(text)
    if bad is not None:
        row = text.count("\n", 0, bad.start()) + 1
        what = tr("files.nul_binary") if bad.group() == "\x00" else f"U+{ord(bad.group()):04X}"
        raise InputError(
            Problem(
                tr("files.control_character_at", what=what),
                Location(_where(path), row=row),
                "control_character",
                tr("files.plain_text_file", upper=kind.upper()),
            )
        )
    if not text or text.isspace():  # not text.strip(), without copying the text
        raise InputError(
            Problem(
                tr("files.only_blanks"),
                Location(_where(path)),
                "empty_file",
                tr("files.kind_file_with_header", upper=kind.upper()) if kind == "csv" else tr("files.yaml_text"),
            )
        )
    return text, raw


_DIM = re.compile(rb'<dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_zip(path: str | Path, *, max_bytes: int | None = None) -> Path:
    """Check an .xlsx/.docx before any library opens it: file size, inflated size, members, cells, entities.

    Python's ``zipfile`` never inflates a member past its declared size, so
    refusing large declared sizes bounds the memory and time of reading.
    """
    max_bytes = _mb("xlsx_mb") if max_bytes is None else max_bytes
    path = check_path(path, max_bytes, accepted=tr("files.existing_xlsx_docx"))
    where = Location(_where(path))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            Problem(
                tr("files.not_office_file"),
                where,
                "not_excel",
                tr("files.saved_as_xlsx"),
            )
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limit("members"):
            raise InputError(
                Problem(
                    tr("files.too_many_members", n_infos=len(infos), limit=int(limit("members"))),
                    where,
                    "too_large",
                    tr("files.ordinary_workbook_members"),
                )
            )
        inflated = sum(i.file_size for i in infos)
        if inflated > _mb("inflated_mb"):
            big = max(infos, key=lambda i: i.file_size)
            raise InputError(
                Problem(
                    tr(
                        "files.inflates_too_much",
                        inflated=inflated,
                        filename=big.filename,
                        file_size=big.file_size,
                        mb=_mb("inflated_mb"),
                    ),
                    where,
                    "zip_bomb",
                    tr("files.ordinary_workbook_inflated"),
                )
            )
        max_cells = limit("cells")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")) or info.file_size == 0:
                continue
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            # zipfile raises NotImplementedError for a compression method it cannot read: a damaged input too
            except (
                zipfile.BadZipFile,
                OSError,
                ValueError,
                NotImplementedError,
                EOFError,
                zipfile.LargeZipFile,
            ) as exc:
                raise InputError(
                    Problem(
                        tr("files.member_damaged", filename=info.filename, exc=exc),
                        where,
                        "not_excel",
                        tr("files.saved_by_office"),
                    )
                ) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(
                    Problem(
                        tr("files.xml_entities", filename=info.filename),
                        where,
                        "xml_entity",
                        tr("files.saved_by_office"),
                    )
                )
            m = _DIM.search(head)
            if m and m.group(3):
                cells = (int(m.group(4)) - int(m.group(2)) + 1) * (_col(m.group(3)) - _col(m.group(1)) + 1)
                if cells > max_cells:
                    raise InputError(
                        Problem(
                            tr(
                                "files.sheet_declares_cells",
                                filename=info.filename,
                                cells=cells,
                                max_cells=int(max_cells),
                            ),
                            where,
                            "too_many_cells",
                            tr("files.only_data_rows"),
                        )
                    )
    return path


def check_table_file(path: str | Path) -> Path:
    """:func:`check_zip` for .xlsx/.xlsm/.docx, :func:`check_path` with the CSV limit otherwise."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".docx"):
        return check_zip(path)
    return check_path(path, _mb("csv_mb"))


def _delimiter(header: str) -> str:
    """The field separator of a CSV export: ',' (CSV UTF-8), ';' (Excel with a comma decimal) or tab (UTF-16)."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_rows(path: str | Path, max_bytes: int | None = None) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV input into (header, [(row number, cells)]); every row longer than the header is refused at once.

    Text as :func:`read_text` reads it; the separator is detected from the
    header line; short rows are padded with blanks; blank lines are skipped
    (row numbers stay those of the file, the header being row 1).
    """
    return _csv_rows(read_text(path, max_bytes, kind="csv"), _where(path))


def _first_line(text: str) -> str:
    """``text.splitlines()[0]`` without splitting the whole text."""
    m = _LINE_BREAK.search(text)
    return text if m is None else text[: m.start()]


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _csv_rows(text: str, where: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import csv

    delim = _delimiter(_first_line(text))
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delim, strict=True))
    except csv.Error as exc:
        raise InputError(
            Problem(
                tr("files.csv_unreadable", exc=exc),
                Location(where),
                "csv_syntax",
                tr("files.balanced_quotes"),
            )
        ) from None
    header = [h.strip() for h in records[0]] if records else []
    if not any(header):
        raise InputError(
            Problem(
                tr("files.no_header_row"),
                Location(where, row=1),
                "empty_file",
                tr("files.first_row_column_names"),
            )
        )
    while header and not header[-1]:
        header.pop()
    problems: list[Problem] = []
    rows: list[tuple[int, list[str]]] = []
    for n, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                Problem(
                    tr(
                        "files.too_many_cells",
                        n_cells=len(cells),
                        n_header=len(header),
                        items=", ".join(repr(c) for c in cells[len(header) :] if c.strip())[:120],
                    ),
                    Location(where, row=n),
                    "extra_fields",
                    tr("files.fields_per_row", n_header=len(header)),
                )
            )
            continue
        rows.append((n, (cells + [""] * len(header))[: len(header)]))
    if problems:
        raise InputError(problems[:200], where)
    return header, rows


def read_csv_frame(path: str | Path, max_bytes: int | None = None, *, blank_as_nan: bool = True):
    """A CSV input as a DataFrame of text cells, indexed by the file's row numbers (header = row 1)."""
    return _csv_frame(read_text(path, max_bytes, kind="csv"), _where(path), blank_as_nan)


def read_csv_cells(path: str | Path, max_bytes: int | None = None):
    """A CSV input as :class:`CsvCells` (its cells as slices of its bytes) when its shape allows, else as
    :func:`read_csv_frame` gives it: the same header, row numbers, cells and errors either way.

    For large evidence files: a million rows are read without a Python object per cell. The byte path
    is taken when the text has no quote, no cell starting or ending with whitespace, every carriage
    return part of a CRLF, and every line either blank or with exactly the header's number of cells.
    """
    path, data = _read_bytes(path, max_bytes, "csv")
    scan = _ByteScan(data)
    if not _plain_utf8(data, scan):  # another encoding, a BOM, a control character, a blank file: the text path
        data = _checked_text(data, path, "csv")[1]
        scan = _ByteScan(data)
    cells = _csv_cells(data, scan)
    if cells is None:
        return _csv_frame(data.decode("utf-8"), _where(path), True)
    _refuse_repeated(cells.header, _where(path))
    return cells


def _refuse_repeated(header: list[str], where: str) -> None:
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise InputError(
            Problem(
                tr("files.repeated_columns", items=", ".join(repr(d) for d in dup)),
                Location(where, row=1),
                "duplicate_column",
                tr("files.each_column_once"),
            )
        )


class CsvCells:
    """The cells of a CSV file as slices of its UTF-8 bytes (no Python object per cell): ``header``, the file
    row number of each row (``rows``, header = row 1; blank rows skipped) and :meth:`column` for the cells of a
    column, as :class:`~dinhmuc.core.numbers.Utf8Cells`."""

    def __init__(self, header: list[str], rows, data: bytes, line_starts, separators, line_ends):
        self.header, self.rows, self.data = header, rows, data
        self._starts, self._seps, self._ends = line_starts, separators, line_ends

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, j: int):
        """The cells of column ``j`` (an empty cell has no bytes)."""
        from .numbers import Utf8Cells

        start = self._starts if j == 0 else self._seps[j - 1] + 1
        end = self._ends if j == len(self.header) - 1 else self._seps[j]
        return Utf8Cells(self.data, start, end)


def _csv_cells(data: bytes, scan: _ByteScan | None = None) -> CsvCells | None:
    """:class:`CsvCells` of a CSV's UTF-8 bytes, or None when its shape needs the frame path (see
    :func:`read_csv_cells`).

    Lines are split at line feeds (the carriage return of a CRLF dropped), cells at the separator, on the
    bytes with numpy; ``tests/test_csv_fast.py`` compares the cells with :func:`read_csv_frame`'s.
    """
    import numpy as np

    scan = scan or _ByteScan(data)
    # a quote, or a carriage return that is no CRLF (a line break pandas would read): the frame path
    if scan.has_quote or not scan.crlf_only():
        return None
    cut = data.find(b"\n")
    first = (data if cut < 0 else data[:cut]).decode("utf-8").removesuffix("\r")
    delim = _delimiter(first)
    header = [h.strip() for h in first.split(delim)]
    if not first.strip() or not header[-1] or scan.may_have_white_cells(delim):
        return None  # trailing blank header cells: the frame path checks the cells beyond them
    size = len(data)
    a = scan.a
    breaks = _positions(a, 10)
    starts = np.concatenate((np.zeros(1, dtype=breaks.dtype), breaks + 1))
    ends = np.concatenate((breaks, np.full(1, size, dtype=breaks.dtype)))
    if size and a[-1] == 10:
        starts, ends = starts[:-1], ends[:-1]
    ends -= (ends > starts) & (a[np.maximum(ends - 1, 0)] == 13)  # the CR of a CRLF
    if len(ends) and (ends - starts).max() > _CSV_FIELD_LIMIT:
        return None
    filled = np.flatnonzero(ends > starts)  # line 0 is the header
    starts, ends = starts[filled], ends[filled]
    n_sep = len(header) - 1
    by_column = _separators(a, ord(delim), starts, ends, n_sep)
    if by_column is None:
        return None  # a short or a long row: the frame path pads it or reports it
    keep = np.flatnonzero(ends - starts != n_sep)  # a row of separators only: a blank row
    keep = keep[keep > 0]
    if len(keep) == len(filled) - 1:  # no blank row: every line but the header, without a copy
        return CsvCells(header, filled[1:] + 1, data, starts[1:], by_column[:, 1:], ends[1:])
    return CsvCells(header, filled[keep] + 1, data, starts[keep], by_column[:, keep], ends[keep])


#: Bytes of a file handled at once when it is split into lines and cells (temporaries stay this small).
_BLOCK_BYTES = 4 * 2**20


def _positions(a, byte: int):
    """Positions of ``byte`` in the byte array ``a``, found block by block (int32 below 2 GB)."""
    import numpy as np

    kind = _offset_type(len(a))
    parts = [(np.flatnonzero(a[i : i + _BLOCK_BYTES] == byte) + i).astype(kind) for i in range(0, len(a), _BLOCK_BYTES)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=kind)


def _offset_type(size: int):
    """The integer type of byte offsets in a buffer of ``size`` bytes: int32 below 2 GB (half the memory)."""
    import numpy as np

    return np.int32 if size < 2**31 - 1 else np.int64


def _separators(a, sep: int, starts, ends, n_sep: int):
    """The separators of each line by column: row ``j`` holds the position of separator ``j`` of every line
    (lines ``starts[i]..ends[i]``, blank lines left out), or None when a line has more or fewer than ``n_sep``.

    Found block by block of lines, written into one int32 (int64 for a file over 2 GB) array: no temporary
    of the file's size. Each block must hold ``n_sep`` separators per line in all, each line's share inside
    it (its first after its start, its last before its end): then every line has exactly ``n_sep``.
    """
    import numpy as np

    n = len(starts)
    out = np.empty((n_sep, n), dtype=_offset_type(len(a)))
    if not n:
        return out
    if not n_sep:  # one column: no separator anywhere
        return out if not (a[starts[0] : ends[-1]] == sep).any() else None
    per_block = max(1, _BLOCK_BYTES * n // max(int(ends[-1] - starts[0]), 1))
    for i in range(0, n, per_block):
        j = min(i + per_block, n)
        # cast before the transposed copy below (a cast inside a strided copy is three times slower)
        found = (np.flatnonzero(a[starts[i] : ends[j - 1]] == sep) + starts[i]).astype(out.dtype)
        if len(found) != n_sep * (j - i):
            return None
        lines = found.reshape(j - i, n_sep)
        if ((lines[:, 0] < starts[i:j]) | (lines[:, -1] >= ends[i:j])).any():
            return None
        out[:, i:j] = lines.T
    return out


def _csv_frame(text: str, where: str, blank_as_nan: bool):
    import numpy as np
    import pandas as pd

    fast = _fast_csv_frame(text, blank_as_nan)
    if fast is not None:
        header, frame = fast
    else:
        header, rows = _csv_rows(text, where)
        frame = None
    _refuse_repeated(header, where)
    if frame is not None:
        return frame
    frame = pd.DataFrame([cells for _, cells in rows], columns=header, index=[n for n, _ in rows], dtype=object)
    if blank_as_nan:
        frame = frame.where(frame.map(lambda v: isinstance(v, str) and v.strip() != ""), np.nan)
    return frame


#: The characters ``str.strip`` removes beyond ASCII space, tab, line breaks and the control characters a CSV
#: may not hold, as UTF-8: U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
_UNICODE_SPACES = tuple(
    chr(c).encode("utf-8") for c in (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
)
#: The same as integers of their two or three bytes (big-endian), for a vectorised look-up.
_UNICODE_SPACE_CODES = sorted(int.from_bytes(sp, "big") for sp in _UNICODE_SPACES)


def _may_have_white_cells(data: bytes, delim: str) -> bool:
    """False when no cell can start or end with whitespace (see :meth:`_ByteScan.may_have_white_cells`)."""
    return bool(data) and _ByteScan(data).may_have_white_cells(delim)


_CSV_FIELD_LIMIT = 131072


def _fast_csv_frame(text: str, blank_as_nan: bool):
    """:func:`read_csv_frame` through pandas' C parser when the text needs nothing else: (header, frame) or None.

    Taken only when the csv module would read the same records: no quote character, every carriage return
    part of a CRLF, the header line not blank, no line longer than the csv module's field limit, no row
    with more cells than the header line (those take the csv path and its located errors). The frame is then
    the same: text cells as written, rows numbered as in the file (blank rows skipped), blank cells NaN when
    ``blank_as_nan`` ("" otherwise). ``tests/test_files.py`` compares both paths on generated files.
    """
    import numpy as np
    import pandas as pd

    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    first = _first_line(text)
    if not first.strip():
        return None
    data = text.encode("utf-8")
    if len(data) > _CSV_FIELD_LIMIT:
        breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        if np.diff(breaks, prepend=-1, append=len(data)).max() > _CSV_FIELD_LIMIT:
            return None  # a line longer than the csv module's field limit (in bytes, so at least as long in characters)
    delim = _delimiter(first)
    header = [h.strip() for h in first.split(delim)]
    while header and not header[-1]:
        header.pop()
    if not header:
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=delim,
            header=None,  # the header line is row 0: it fixes the number of fields, longer rows are an error
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            quoting=3,  # csv.QUOTE_NONE: there is no quote in the text
            engine="c",
            encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError):
        return None
    frame = frame.iloc[1:]
    frame.index = np.arange(2, len(frame) + 2)
    white = _may_have_white_cells(data, delim)
    blank = [_blank_cells(frame[c], white) for c in frame.columns]
    if any(not b.all() for b in blank[len(header) :]):
        return None  # a filled cell beyond the header: the csv path reports it
    frame = frame.iloc[:, : len(header)]
    blank = blank[: len(header)]
    frame.columns = header
    kept = ~np.logical_and.reduce(blank) if blank else np.ones(len(frame), dtype=bool)
    if not kept.all():
        frame = frame.loc[kept]
    if not blank_as_nan:
        return header, frame.fillna("")
    if white:
        for i, b in enumerate(blank):
            frame.isetitem(i, frame.iloc[:, i].mask(b[kept], np.nan))
    return header, frame


def _blank_cells(col, white: bool):
    """Blank cells of a column: NaN (an empty or missing field), or only whitespace when the text has such a cell."""
    b = col.isna().to_numpy()
    if white:
        b = b | col.fillna("").str.strip().eq("").to_numpy()
    return b


def open_workbook(path: str | Path, *, read_only: bool = True, data_only: bool = True):
    """Open an .xlsx input with openpyxl after :func:`check_zip`; a damaged file is a typed error."""
    path = check_zip(path)
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=data_only)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InputError(
            Problem(
                tr("files.workbook_unopenable", name=type(exc).__name__, exc=str(exc)[:160]),
                Location(_where(path)),
                "not_excel",
                tr("files.saved_as_xlsx"),
            )
        ) from None


def sheet_rows(ws, path: str | Path) -> list[tuple]:
    """The rows of a worksheet as value tuples, refusing more cells than the limit (a sheet without dimension)."""
    max_cells = limit("cells")
    rows: list[tuple] = []
    cells = 0
    try:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
            if cells > max_cells:
                raise InputError(
                    Problem(
                        tr("files.sheet_too_many_cells", title=ws.title, max_cells=int(max_cells)),
                        Location(_where(path), ws.title),
                        "too_many_cells",
                        tr("files.only_data_rows"),
                    )
                )
            rows.append(row)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet (bad XML, a control byte) fails while it is read
        raise InputError(
            Problem(
                tr("files.sheet_damaged", title=ws.title, name=type(exc).__name__, exc=str(exc)[:160]),
                Location(_where(path), ws.title, len(rows) + 1),
                "not_excel",
                tr("files.saved_as_xlsx"),
            )
        ) from None
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    return rows


def read_excel_frame(path: str | Path, sheet: str | None = None):
    """One sheet of an .xlsx input as a DataFrame (first row = header), indexed by Excel row numbers.

    Like ``pandas.read_excel(dtype=object)`` (blank headers become
    ``Unnamed: i``, repeated ones ``name.1``) but bounded: the workbook is
    checked by :func:`check_zip`, opened read-only, and at most the cell limit
    is read. ``sheet`` None: the first sheet.
    """
    import pandas as pd

    wb = open_workbook(path)
    try:
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        ws_title = ws.title
        rows = sheet_rows(ws, path)
    finally:
        wb.close()
    if not rows:
        return pd.DataFrame()
    header: list[str] = []
    for i, h in enumerate(rows[0]):
        name = f"Unnamed: {i}" if h is None or (isinstance(h, str) and not h.strip()) else str(h).strip()
        base, k = name, 0
        while name in header:
            k += 1
            name = f"{base}.{k}"
        header.append(name)
    width = len(header)
    body = [(list(r) + [None] * width)[:width] for r in rows[1:]]
    # control characters (Excel keeps them as _x0001_) cannot go into a Word paper: refused with their cell
    problems: list[Problem] = []
    for n, r in enumerate([rows[0], *body], start=1):
        for j, v in enumerate(r):
            if isinstance(v, str) and _CONTROL.search(v):
                refuse_control_characters(
                    v, Location(_where(path), ws_title, n, header[j] if j < width else None), problems
                )
    if problems:
        raise InputError(problems[:200], _where(path))
    return pd.DataFrame(body, columns=header, index=range(2, 2 + len(body)), dtype=object)


# ----------------------------------------------------------------------------
# outputs: file modes from the umask, paths relative to the project folder
# ----------------------------------------------------------------------------


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (``/proc/self/status``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it back at once
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new output file gets: 0o666 less the umask (0o644 under umask 022), as ``open()`` gives."""
    return 0o666 & ~current_umask()


def dir_mode() -> int:
    """The mode a new output folder gets: 0o777 less the umask."""
    return 0o777 & ~current_umask()


def apply_umask(folder: str | Path) -> None:
    """Give every file and folder under ``folder`` (itself included) the modes the umask asks for.

    Temporary files and folders (``mkstemp``/``mkdtemp``) are created 0600/0700
    whatever the umask; an output is chmod-ed before it is put in place.
    """
    fmode, dmode = file_mode(), dir_mode()
    folder = Path(folder)
    os.chmod(folder, dmode)
    for root, dirs, names in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), dmode)
        for n in names:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                os.chmod(p, fmode)


def relative_paths(value, roots):
    """``value`` (str, list, dict, nested) with every absolute path under one of ``roots`` made relative.

    An output states where a figure came from as ``inputs/bang_gia.xlsx``, not
    as the machine's ``/home/…/inputs/bang_gia.xlsx``: builds from different
    folders give the same files and no local folder name leaks.
    """
    prefixes = []
    for root in roots:
        if root is None:
            continue
        text = str(root).rstrip("/\\")
        if text:
            prefixes += [text + os.sep, text + "/"]
    prefixes = sorted(set(prefixes), key=len, reverse=True)

    def fix(v):
        if isinstance(v, str):
            for p in prefixes:
                if p in v:
                    v = v.replace(p, "")
            return v
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return type(v)(fix(x) for x in v)
        return v

    return fix(value)
