"""Reading evidence tables (đọc số liệu): CSV, Excel sheet or DataFrame.

Each reader accepts a CSV path, an ``.xlsx`` path (with ``sheet``; the table's
default sheet title otherwise) or a DataFrame; headers may be Vietnamese or
English. Every problem of the table is collected — missing columns, text in a
number column, values out of range, unknown services or lines, units that differ
from the catalogue's, drivers a line needs left blank — and raised together in
one :class:`~dinhmuc.core.errors.InputError`. Input files are only read, never written.

The result is an :class:`Evidence`: the typed table (index = Excel row number,
i.e. position + 2 for one header row), plus where it came from, so every value
built from it can cite ``file!sheet#row``.

>>> import pandas as pd, dinhmuc as dm
>>> df = pd.DataFrame({"Mã dịch vụ": ["KC01"], "Năm": [2024], "Mã dự án": ["DA1"], "Mã dòng": ["VT2"],
...                    "Đơn vị tính": ["bộ"], "Số lượng tiêu hao": [30], "Số học viên": [30]})
>>> ev = dm.read_settlements(df)
>>> ev.ref(2), len(ev)
('DataFrame#2', 1)
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from ..core.errors import InputError, Location, Problem, raise_if
from ..core.i18n import tr
from ..core.numbers import Utf8Cells
from .schemas import (
    CHECKS,
    DRIVER_COLUMNS,
    FIRST_YEAR,
    ROW_CHECKS,
    ROW_NEEDS,
    ROW_TESTS,
    TABLES,
    VALUE_TESTS,
    EvidenceTable,
)

if TYPE_CHECKING:
    from ..norm import Norm, NormSet

#: Where evidence is read from: a .csv or .xlsx path, or a DataFrame of the same columns.
Source: TypeAlias = "str | os.PathLike[str] | pd.DataFrame"

#: At most this many problems are listed; one more problem then says how many were left out.
MAX_PROBLEMS = 500
#: No quantity, time or price of an evidence table reaches this (a quadrillion); larger values are typing errors.
MAX_ABS_VALUE = 1e15


@dataclass
class Evidence:
    """A validated evidence table and where it came from (nguồn số liệu).

    ``frame`` has the English field names as columns and the Excel row number
    as index; ``source`` is the file name (``DataFrame`` for a frame given in
    memory) and ``sheet`` the sheet name for a workbook.

    >>> import pandas as pd, dinhmuc as dm
    >>> ev = dm.read_settlements(pd.DataFrame([{"service": "KC01", "year": 2025, "project": "DA1", "line": "LD1",
    ...                                         "unit": "công", "quantity": "58", "learners": 30, "days": 60,
    ...                                         "STT": 1}]))
    >>> ev.kind, ev.source, ev.ignored_columns, float(ev.frame.loc[2, "quantity"])  # index = Excel row
    ('settlements', 'DataFrame', ['STT'], 58.0)
    """

    kind: str
    frame: pd.DataFrame
    source: str = "DataFrame"
    sheet: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    #: Excel rows left blank from a form (only service, line, item, unit filled): skipped, named in :attr:`notice`
    blank_rows: list[int] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        """One line naming the form rows left blank and skipped, or None (config hook: blank template rows)."""
        if not self.blank_rows:
            return None
        from ..core.i18n import tr

        rows = self.blank_rows
        span = str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"
        return tr("evidence.blank_rows", n=len(rows), where=self.where, rows=span)

    def ref(self, row: object) -> str:
        """The reference of a row: ``quyet_toan.xlsx!Sheet1#12`` or ``file.csv#12``."""
        where = f"{self.source}!{self.sheet}" if self.sheet else self.source
        return f"{where}#{row}"

    @property
    def where(self) -> str:
        return f"{self.source}!{self.sheet}" if self.sheet else self.source

    def __len__(self) -> int:
        return len(self.frame)

    def _repr_html_(self) -> str:
        head = f"<p><b>{TABLES[self.kind].title}</b> — {self.where}, {len(self)} dòng</p>"
        return head + self.frame.head(20).to_html()


# ----------------------------------------------------------------------------
# reading raw tables
# ----------------------------------------------------------------------------


@dataclass
class _Raw:
    """A table as read, before typing: its column names, the Excel/CSV row number of each row, and the cells of
    each column (a Series, or :class:`~dinhmuc.core.numbers.Utf8Cells` for a CSV read on its bytes)."""

    columns: list[Any]
    index: np.ndarray
    cells: list[Any]

    @classmethod
    def of_frame(cls, df: pd.DataFrame) -> _Raw:
        return cls(list(df.columns), df.index.to_numpy(), [df.iloc[:, j] for j in range(df.shape[1])])


def _read_raw(source: Any, sheet: str | None, table: EvidenceTable) -> tuple[_Raw, str, str | None]:
    """Read a table as text/object cells; index = Excel row number."""
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.index = np.arange(2, len(df) + 2)
        return _Raw.of_frame(df), "DataFrame", None
    from ..core import files

    path = Path(source)
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # any encoding Excel writes (robust, issue 16); blank cells are NaN, row numbers those of the file;
        # an export as Excel writes it is read on its bytes (issue 14: no Python object per cell)
        read = files.read_csv_cells(path)
        if isinstance(read, files.CsvCells):
            return _Raw(list(read.header), read.rows, [read.column(j) for j in range(len(read.header))]), name, None
        return _Raw.of_frame(read), name, None
    elif suffix in (".xlsx", ".xlsm"):
        wb = files.open_workbook(path)
        titles = {ws.strip().lower(): ws for ws in wb.sheetnames}
        wb.close()
        wanted = sheet or table.title
        real = titles.get(wanted.strip().lower()) or (titles.get(table.key) if sheet is None else None)
        if real is None:
            raise InputError(
                Problem(
                    tr("load.sheet_missing", wanted=wanted),
                    Location(name, wanted),
                    "missing_sheet",
                    tr("evidence.acc_sheet_named", names=", ".join(f"'{t}'" for t in titles.values())),
                )
            )
        df = files.read_excel_frame(path, real)
        sheet = real
    else:
        files.check_path(path, accepted=tr("load.existing_csv_xlsx"))
        raise InputError(
            Problem(tr("load.unknown_file_type", suffix=suffix), Location(name), "file_type", tr("load.file_types"))
        )
    df.index = np.arange(2, len(df) + 2)
    return _Raw.of_frame(df), name, sheet


#: Texts that count as a blank cell once stripped (what a spreadsheet or pandas writes for "nothing").
_BLANK_TEXTS = frozenset({"", "nan", "None", "<NA>"})


def _distinct(s: pd.Series | Utf8Cells) -> tuple[np.ndarray, list[Any], np.ndarray]:
    """(codes, distinct values, blank flag per distinct value and one more, True, for code -1: a missing cell).

    A cell is blank when missing or when its text, stripped, is one of :data:`_BLANK_TEXTS`
    (judged once per distinct value, not once per cell).
    """
    if isinstance(s, Utf8Cells):  # texts as written, none starting or ending with whitespace
        codes, values = s.factorize()
        blank = np.fromiter((v in _BLANK_TEXTS for v in values), dtype=bool, count=len(values))
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        values = uniques.tolist()
        blank = np.fromiter((str(v).strip() in _BLANK_TEXTS for v in values), dtype=bool, count=len(values))
    return codes, values, np.append(blank, True)  # code -1 (missing) reads the last entry: blank


#: Evidence numbers (quantities, drivers, minutes) must stay below this size: a larger figure is a typing
#: slip, and a norm value built from it could not be stored with its 15 significant digits.
MAX_ABS = 10**12


def _to_number(
    s: pd.Series | Utf8Cells, index: np.ndarray, decimal: str | None
) -> tuple[np.ndarray, np.ndarray, list[tuple[Any, str, str, str]]]:
    """Float64 values of a column read by the one number reader (:mod:`dinhmuc.core.numbers`), its blank cells
    and its problems.

    The writing (1.234,5 or 1,234.5) is decided for the whole column, or by the
    declared ``decimal`` separator; the column is read at once (:func:`~dinhmuc.core.numbers.read_cells`,
    proven equal to reading it cell by cell). Every value has at most 15 significant digits,
    so the float64 it is stored in gives back the same Decimal through its shortest
    repr (:func:`dinhmuc.core.numbers.exact`): no digit is lost on the way to the methods.
    """
    from ..core.numbers import read_cells

    values: Any
    if isinstance(s, Utf8Cells):  # a CSV read on its bytes: an empty cell is a missing one
        values = s
        missing = s.lengths() == 0
    else:
        values = s.to_numpy(dtype=object)
        missing = pd.isna(values)
        if pd.api.types.is_bool_dtype(s):
            return (
                np.full(len(index), np.nan),
                missing,
                [
                    (k, tr("load.not_number", v=v), tr("numbers.a_number"), "not_a_number")
                    for k, v in zip(index, values, strict=True)
                    if pd.notna(v)
                ],
            )
    pos = np.flatnonzero(~missing)
    if len(pos) == len(missing):  # every cell filled (a required column): no selection
        cells = values
    else:
        cells = values.take(pos) if isinstance(values, Utf8Cells) else values[pos]
    r = read_cells(cells, decimal, max_abs=MAX_ABS)
    blank = missing.copy()
    problems = []
    for i, message, accepted, code in r.problems:
        cell = cells[i]
        if code == "not_a_number" and isinstance(cell, str) and cell.strip() in _BLANK_TEXTS:
            blank[pos[i]] = True  # "nan", "None", spaces: a blank cell, not a bad number
            continue
        problems.append((index[pos[i]], message, accepted, code))
    if len(pos) == len(missing):
        return r.floats, blank, problems
    out = np.full(len(missing), np.nan)
    out[pos] = r.floats
    return out, blank, problems


def _to_minutes(value: Any) -> float | None:
    if isinstance(value, _dt.datetime) or isinstance(value, pd.Timestamp):
        return pd.Timestamp(value).value / 6e10
    if isinstance(value, _dt.time):
        return value.hour * 60 + value.minute + value.second / 60
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        return float(value) * 24 * 60  # an Excel time typed as a fraction of a day
    m = re.fullmatch(r"\s*(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\s*", str(value))
    if m:
        h, mi, se = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if h < 24 and mi < 60 and se < 60:
            return h * 60 + mi + se / 60
    return None


_ACCEPTED_KIND = {  # catalogue keys
    "number": "evidence.acc_number",
    "int": "evidence.acc_int",
    "time": "evidence.acc_time",
    "text": "evidence.acc_text",
}


#: Text columns kept as categories: codes repeated over many rows (services, lines and units, grouped on by the
#: methods; project codes, shared by the lines of a project).
_CATEGORY_FIELDS = {"settlements": ("service", "line", "unit", "project")}


def _typed(
    cols: dict[str, Any], index: np.ndarray, table: EvidenceTable, loc, decimal: str | None = None
) -> tuple[dict[str, Any], dict[str, np.ndarray], list[Problem]]:
    """Each column of ``cols`` (field -> cells) typed by its kind: (typed columns, blank cells per column, problems).

    Every cell is read once, column by column; text cells are stripped (a code typed as a
    number in Excel, 1.0, becomes "1"), blank cells (see :data:`_BLANK_TEXTS`) become NaN.
    ``index`` holds the row number of each cell. The columns of a large table are typed on two
    threads (numpy and pandas release the interpreter while they work); problems keep the column order.
    """
    present = [c for c in table.columns if c.field in cols]
    categories = _CATEGORY_FIELDS.get(table.key, ())

    def one(c):
        return _typed_column(c, cols[c.field], index, loc, decimal, c.field in categories)

    if len(index) * len(present) >= _THREADED_CELLS:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(one, present))
    else:
        results = [one(c) for c in present]
    typed = {c.field: r[0] for c, r in zip(present, results, strict=True)}
    blanks = {c.field: r[1] for c, r in zip(present, results, strict=True)}
    return typed, blanks, [p for r in results for p in r[2]]


#: From this many cells on, the columns of a table are typed on two threads.
_THREADED_CELLS = 2_000_000


def _typed_column(
    c, s: Any, index: np.ndarray, loc, decimal: str | None, as_category: bool = True
) -> tuple[Any, np.ndarray, list[Problem]]:
    """One column typed by its kind: (typed column, blank cells, problems). A text column is a Categorical when
    ``as_category`` (codes grouped on), an object array otherwise."""
    problems: list[Problem] = []
    if c.kind == "time" and isinstance(s, Utf8Cells):  # times (time studies, small files): read as text cells
        s = pd.Series([t or np.nan for t in s], index=index, dtype=object)
    if c.kind in ("number", "int"):
        num, blank, bad_cells = _to_number(s, index, decimal)
        for row, message, accepted, code in bad_cells[:MAX_PROBLEMS]:
            problems.append(Problem(message, loc(row, c.field), code, accepted))
        if c.kind == "int":
            with np.errstate(invalid="ignore"):
                frac = ~np.isnan(num) & (num != np.floor(num))
            for i in np.flatnonzero(frac)[:MAX_PROBLEMS]:
                row = index[i]
                problems.append(
                    Problem(
                        tr("load.not_whole", s=s[int(i)] if isinstance(s, Utf8Cells) else s.iloc[i]),
                        loc(row, c.field),
                        "not_a_number",
                        tr(_ACCEPTED_KIND[c.kind]),
                    )
                )
            num = np.where(frac, np.nan, num)
        return num, blank, problems
    codes, values, blank_u = _distinct(s)
    # a column with no filled cell has no distinct value: every cell is missing, hence blank
    blank = (codes < 0) | (blank_u[codes] if len(blank_u) else False)
    if c.kind == "time":
        cells = s.where(~blank)
        mins = cells.map(lambda v: np.nan if pd.isna(v) else _to_minutes(v)).astype("float64")
        bad = mins.isna() & cells.notna()
        for row in bad[bad].index[:MAX_PROBLEMS]:
            problems.append(
                Problem(tr("load.not_time", s=s[row]), loc(row, c.field), "invalid_time", tr(_ACCEPTED_KIND["time"]))
            )
        return mins, blank, problems
    # text, stripped; a code typed as a number in Excel: 1.0 -> "1" (a CSV read on its bytes has neither)
    texts = (
        values
        if isinstance(s, Utf8Cells)
        else [
            str(int(v)) if isinstance(v, (float, int)) and not isinstance(v, str) and v == int(v) else str(v).strip()
            for v in values
        ]
    )
    if not as_category:  # plain text (items, notes): one object per cell, NaN for a blank one
        lut = np.empty(len(texts) + 1, dtype=object)
        lut[:-1] = texts
        lut[blank_u] = np.nan
        return lut[codes], blank, problems
    # categories in code-point order (numpy's sort of text is Python's); one code per distinct stripped text
    filled = np.flatnonzero(~blank_u[:-1])
    kept = [texts[i] for i in filled]
    lut = np.full(len(texts) + 1, -1, dtype=np.int64)
    if "\x00" in "".join(kept):  # numpy's text would drop a trailing NUL: sorted by Python instead
        categories = sorted(set(kept))
        where = {t: i for i, t in enumerate(categories)}
        lut[filled] = [where[t] for t in kept]
    else:
        unique, lut[filled] = np.unique(np.array(kept, dtype=str), return_inverse=True)
        categories = unique.tolist()
    return pd.Categorical.from_codes(lut[codes], categories), blank, problems


def _check_problems(
    frame: pd.DataFrame, table: EvidenceTable, present: list[str], loc, skip: set[tuple[int | None, str | None]]
) -> list[Problem]:
    """Every cell and row that breaks a rule of ``table``: empty required cells, value rules, row rules.

    The rules of :mod:`~dinhmuc.evidence.schemas` evaluated as masks over the typed columns (what the
    pandera schema states, without its copies of the frame); a cell already reported by the typing
    (``skip``) is not reported again.
    """
    problems: list[Problem] = []
    rows = frame.index.to_numpy()
    for c in table.columns:
        if c.field not in present:
            continue
        s = frame[c.field]
        empty = s.isna().to_numpy()
        if c.required:
            for r in rows[empty]:
                if (int(r), c.field) not in skip:
                    problems.append(Problem(tr("evidence.empty"), loc(int(r), c.field), "missing", tr("load.required")))
        if c.check:
            code, accepted_key, message_key = CHECKS[c.check]
            accepted = tr(accepted_key, first_year=FIRST_YEAR)
            bad = ~empty & ~np.asarray(VALUE_TESTS[c.check](s), dtype=bool)
            values = s.to_numpy()
            for i in np.flatnonzero(bad):
                if (int(rows[i]), c.field) not in skip:
                    problems.append(
                        Problem(tr(message_key, v=_show(values[i])), loc(int(rows[i]), c.field), code, accepted)
                    )
    for name in table.row_checks:
        if not all(f in present for f in ROW_NEEDS[name]):
            continue
        code, fld, message_key, accepted_key = ROW_CHECKS[name]
        message, accepted = tr(message_key), tr(accepted_key)
        bad = ~np.asarray(ROW_TESTS[name](frame), dtype=bool)
        for r in rows[bad]:
            if (int(r), fld) not in skip:
                problems.append(Problem(message, loc(int(r), fld), code, accepted))
    return problems


def _show(value: Any) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


#: Columns a form pre-fills (which service, which line): a row with nothing else is a row left blank.
_FORM_FIELDS = frozenset({"service", "line", "item", "unit", "role"})


def _any_filled(blanks: list[np.ndarray], n: int) -> np.ndarray:
    """Rows with at least one filled cell among the columns whose blank cells are ``blanks``."""
    out = np.zeros(n, dtype=bool)
    for b in blanks:
        out |= ~b
    return out


def _read(source: Any, sheet: str | None, kind: str, decimal: str | None = None) -> tuple[Evidence, list[Problem]]:
    table = TABLES[kind]
    raw, name, sheet_name = _read_raw(source, sheet, table)
    sheet_label = sheet_name if sheet_name else (None if name != "DataFrame" else None)

    def loc(row: Any, fld: str | None) -> Location:
        label = table.column(fld).label if fld in table.fields else None
        return Location(name, sheet_label, row, fld, label)

    headers = table.header_map()
    problems: list[Problem] = []
    cols: dict[str, Any] = {}
    ignored: list[str] = []
    for col, cells in zip(raw.columns, raw.cells, strict=True):
        fld = headers.get(str(col).strip().lower())
        if fld is None:
            ignored.append(str(col))
        elif fld in cols:
            problems.append(
                Problem(
                    tr("load.column_repeats", col=col, fld=fld),
                    loc(1, fld),
                    "duplicate_column",
                    tr("load.each_column_once"),
                )
            )
        else:
            cols[fld] = cells
    try:
        from ..core.numbers import writing_of

        writing_of(decimal)
    except ValueError as exc:
        raise InputError(
            Problem(
                str(exc),
                Location(name, sheet_label, None, "decimal"),
                "invalid_choice",
                "',' (1.234,5) or '.' (1,234.5)",
            )
        ) from None
    typed, blanks, typed_problems = _typed(cols, raw.index, table, loc, decimal)
    keep = _any_filled([blanks[f] for f in cols], len(raw.index))
    # A row of a form (dinhmuc init) that names only the service and line is a row left blank, not an error.
    template = [f for f in cols if f in _FORM_FIELDS]
    blank_rows: list[int] = []
    if keep.any() and template and len(template) < len(cols):
        measured = _any_filled([blanks[f] for f in cols if f not in _FORM_FIELDS], len(raw.index))
        blank_rows = [int(r) for r in raw.index[keep & ~measured]]
        keep &= measured
    missing = [c for c in table.columns if c.required and c.field not in cols]
    for c in missing:
        problems.append(
            Problem(
                tr("load.column_missing", label=c.label, field=c.field),
                loc(1, c.field),
                "missing_column",
                tr("evidence.acc_header_with", labels=", ".join(x.label for x in table.columns if x.required)),
            )
        )
    if not keep.any() and not missing and not blank_rows:
        problems.append(
            Problem(
                tr("load.no_rows"),
                loc(2, None),
                "empty_sheet",
                tr("evidence.acc_rows", what=table.title),
            )
        )
    every = bool(keep.all())
    index = pd.Index(raw.index if every else raw.index[keep])
    data: dict[str, Any] = {}
    for c in table.columns:
        col = typed.get(c.field)
        if col is None:  # an absent column: blank (a Series of the kind's dtype: pandas infers nothing)
            data[c.field] = pd.Series(np.nan, index=index, dtype=object if c.kind == "text" else np.float64)
            continue
        if isinstance(col, pd.Series):
            col = col.to_numpy()
        data[c.field] = col if every else col[keep]  # text: categories where the table keeps them
    frame = pd.DataFrame(data, index=index, copy=False)
    problems += typed_problems
    present = [c.field for c in table.columns if c.field not in {m.field for m in missing}]
    skip = {(p.location.row, p.location.field) for p in typed_problems}
    problems += _check_problems(frame, table, present, loc, skip)
    return Evidence(kind, frame, name, sheet_label, ignored, blank_rows), problems


# ----------------------------------------------------------------------------
# catalogue checks
# ----------------------------------------------------------------------------


def _catalogue_lines(catalog) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(service, line) -> (unit, drivers the line scales with), for every line of the catalogue."""
    lines: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for svc in catalog:
        for s in svc.labour:
            lines[(svc.code, s.id)] = ("công", list(s.scales_with))
        for s in [*svc.materials, *svc.equipment]:
            lines[(svc.code, s.id)] = (s.unit, list(s.scales_with))
    return lines


def _catalogue_problems(ev: Evidence, catalog, check_unit: bool, check_drivers: bool) -> list[Problem]:
    """Unknown services and lines, units that differ from the catalogue, missing drivers.

    One pass per (service, line) group over column arrays (no copy of the group's rows).
    """
    table = TABLES[ev.kind]
    f = ev.frame
    problems: list[Problem] = []

    def loc(row, fld):
        return Location(ev.source, ev.sheet, row, fld, table.column(fld).label)

    lines = _catalogue_lines(catalog)
    if f.empty or "service" not in f or "line" not in f:
        return problems
    index = f.index.to_numpy()
    units = _codes(f["unit"]) if check_unit and "unit" in f else None
    driver_blank = {d: f[d].isna().to_numpy() for d in DRIVER_COLUMNS if check_drivers and d in f}
    groups = f.groupby(["service", "line"], sort=False, dropna=True, observed=True).indices
    for (svc, line), pos in groups.items():
        if not isinstance(svc, str) or not isinstance(line, str):
            continue
        rows = index[pos]
        if svc not in catalog:
            for r in rows[:MAX_PROBLEMS]:
                problems.append(
                    Problem(
                        tr("load.unknown_service", svc=svc),
                        loc(r, "service"),
                        "unknown_service",
                        ", ".join(catalog.codes),
                    )
                )
            continue
        spec = lines.get((svc, line))
        if spec is None:
            known = [k[1] for k in lines if k[0] == svc]
            for r in rows[:MAX_PROBLEMS]:
                problems.append(
                    Problem(tr("load.no_line", svc=svc, line=line), loc(r, "line"), "unknown_line", ", ".join(known))
                )
            continue
        problems += _line_problems(svc, line, spec, pos, index, units, driver_blank, loc)
    return problems


def _codes(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """(code of each cell, the distinct values): -1 for a blank cell; a Categorical's own codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), list(column.cat.categories)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes, list(uniques)


def _line_problems(svc, line, spec, pos, index, units, driver_blank, loc) -> list[Problem]:
    """Units that differ from the catalogue line's and blank drivers the line scales with, in the rows ``pos``."""
    problems: list[Problem] = []
    unit, drivers = spec
    if units is not None:
        codes, names = units
        u = codes[pos]
        bad = (u >= 0) & (u != (names.index(unit) if unit in names else -2))
        for i in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            problems.append(
                Problem(
                    tr("load.unit_mismatch_at", svc=svc, line=line, unit=unit, u=names[u[i]]),
                    loc(index[pos[i]], "unit"),
                    "unit_mismatch",
                    f"'{unit}'",
                )
            )
    for d in drivers:
        if d not in driver_blank:
            continue
        for i in np.flatnonzero(driver_blank[d][pos])[:MAX_PROBLEMS]:
            problems.append(
                Problem(
                    tr("load.driver_blank", svc=svc, line=line, d=d, lower=DRIVER_COLUMNS.get(d, d).lower()),
                    loc(index[pos[i]], d),
                    "missing",
                    tr("load.driver_actual"),
                )
            )
    return problems


def _finish(ev: Evidence, problems: list[Problem]) -> Evidence:
    problems = sorted(problems, key=lambda p: (p.location.row or 0, p.location.field or ""))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [
            Problem(tr("load.more_not_listed", more=more), Location(ev.source, ev.sheet), "more_problems")
        ]
    raise_if(problems, ev.where)
    return ev


def _categories(ev: Evidence, columns: tuple[str, ...]) -> None:
    for c in columns:
        if c in ev.frame:
            ev.frame[c] = ev.frame[c].astype("category")


def read_settlements(source: Source, sheet: str | None = None, catalog=None, decimal: str | None = None) -> Evidence:
    """Read settlement records (số liệu quyết toán) of past projects.

    One row per project and catalogue line (``service`` + ``line``), with the
    quantity the project consumed, its unit (the catalogue line's unit — never
    converted) and the project's actual scale drivers (one column per driver;
    the drivers a line scales with must be filled and greater than 0).

    >>> import pandas as pd, dinhmuc as dm
    >>> rows = [{"service": "KC01", "year": y, "project": p, "line": "LD1", "unit": "công", "quantity": q,
    ...          "learners": 30, "days": d}
    ...         for y, p, q, d in [(2023, "DA1", 58, 60), (2023, "DA2", 45, 45), (2024, "DA3", 59, 60),
    ...                            (2024, "DA4", 60, 60), (2025, "DA5", 61, 60), (2025, "DA6", 58, 60)]]
    >>> ev = dm.read_settlements(pd.DataFrame(rows))  # or a .csv / .xlsx path (sheet "Quyết toán")
    >>> len(ev.frame), ev.frame["year"].tolist()[:2]
    (6, [2023, 2023])
    """
    ev, problems = _read(source, sheet, "settlements", decimal)
    problems += _catalogue_problems(ev, catalog or _default_catalog(), check_unit=True, check_drivers=True)
    _finish(ev, problems)
    ev.frame["year"] = ev.frame["year"].astype("int64")
    _categories(ev, ("service", "line", "unit"))
    return ev


def read_time_studies(source: Source, sheet: str | None = None, catalog=None, decimal: str | None = None) -> Evidence:
    """Read time-study and survey observations (số liệu bấm giờ, khảo sát).

    One row per observation of a work step of a labour or equipment line: the
    duration (minutes, or start and end times), the output of the observation,
    the performance rating (%; 100 = normal pace) and the conditions. The
    duration is completed from start and end when only those are given.

    >>> import pandas as pd, dinhmuc as dm
    >>> ev = dm.read_time_studies(pd.DataFrame([{"service": "KC10", "line": "LD1", "step": "B1", "observation": 1,
    ...                                          "start": "08:15", "end": "09:40", "output": 1, "rating_pct": 100}]))
    >>> ev.kind, float(ev.frame.loc[2, "duration_min"])  # from start and end
    ('time_studies', 85.0)
    """
    ev, problems = _read(source, sheet, "time_studies", decimal)
    problems += _catalogue_problems(ev, catalog or _default_catalog(), check_unit=False, check_drivers=False)
    f = ev.frame
    both = f["duration_min"].notna() & f["start"].notna() & f["end"].notna()
    off = both & ((f["end"] - f["start"]) - f["duration_min"]).abs().gt(1)
    for r in f.index[off][:MAX_PROBLEMS]:
        problems.append(
            Problem(
                tr(
                    "load.duration_mismatch",
                    show=_show(f.at[r, "duration_min"]),
                    show2=_show(round(f.at[r, "end"] - f.at[r, "start"], 2)),
                ),
                Location(ev.source, ev.sheet, r, "duration_min", "Thời gian (phút)"),
                "inconsistent",
                tr("load.duration_equal"),
            )
        )
    # a timed observation of 0 minutes measured nothing: it cannot be averaged into a time norm
    duration = f["duration_min"].fillna(f["end"] - f["start"])
    for r in f.index[duration.eq(0)][:MAX_PROBLEMS]:
        problems.append(
            Problem(
                tr("load.duration_zero"),
                Location(ev.source, ev.sheet, r, "duration_min", "Thời gian (phút)"),
                "not_positive",
                tr("load.duration_positive"),
            )
        )
    _finish(ev, problems)
    f["duration_min"] = duration
    return ev


def read_expert_estimates(
    source: Source, sheet: str | None = None, catalog=None, decimal: str | None = None
) -> Evidence:
    """Read expert estimates (ý kiến chuyên gia): per expert and line, a <= m <= b.

    >>> import pandas as pd, dinhmuc as dm
    >>> ev = dm.read_expert_estimates(pd.DataFrame([{"service": "KC05", "line": "VT1",
    ...                                              "expert": "Chuyên gia 1 (minh họa)",
    ...                                              "function": "Trung tâm Khuyến công", "unit": "bộ",
    ...                                              "low": 8, "likely": 10, "high": 15}]))
    >>> ev.kind, [float(v) for v in ev.frame.loc[2, ["low", "likely", "high"]]]
    ('expert_estimates', [8.0, 10.0, 15.0])
    """
    ev, problems = _read(source, sheet, "expert_estimates", decimal)
    problems += _catalogue_problems(ev, catalog or _default_catalog(), check_unit=True, check_drivers=False)
    return _finish(ev, problems)


def read_standards(source: Source, sheet: str | None = None, catalog=None, decimal: str | None = None) -> Evidence:
    """Read the operating times and quantities fixed by standards or designs (số liệu tiêu chuẩn).

    >>> import pandas as pd, dinhmuc as dm
    >>> ev = dm.read_standards(pd.DataFrame([{"service": "KC05", "line": "LD1", "hours": 40,
    ...                                        "source": "Quy trình kỹ thuật"}]))
    >>> ev.kind, float(ev.frame.loc[2, "hours"])
    ('standards', 40.0)
    """
    ev, problems = _read(source, sheet, "standards", decimal)
    problems += _catalogue_problems(ev, catalog or _default_catalog(), check_unit=False, check_drivers=False)
    return _finish(ev, problems)


def read_reference_norm(source: Norm | NormSet | str | Path, code: str | None = None) -> Norm | NormSet:
    """A reference norm to adapt (định mức tham chiếu): another province's, or an earlier version.

    ``source`` is a norm-set file (YAML or xlsx, read with :func:`dinhmuc.load_norm_set`),
    a :class:`~dinhmuc.NormSet` or a :class:`~dinhmuc.Norm`; ``code`` picks one norm of a set.
    Returns the norm set (when ``code`` is None) or the norm.

    >>> import dinhmuc as dm
    >>> path = dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml"
    >>> dm.read_reference_norm(path, code="KC01").line("LD1").quantity
    Decimal('55.93')
    """
    from ..io.normio import load_norm_set
    from ..norm import Norm, NormSet

    if isinstance(source, Norm):
        return source
    norm_set = source if isinstance(source, NormSet) else load_norm_set(source)
    if code is None:
        return norm_set
    try:
        return norm_set[code]
    except KeyError:
        from ..core.errors import UnknownReferenceError

        raise UnknownReferenceError(
            Problem(
                tr("load.reference_no_norm", code=code),
                Location(str(source)),
                "unknown_norm",
                ", ".join(norm_set.codes),
            )
        ) from None


def _default_catalog():
    from ..catalog import default_catalog  # not methods': evidence sits below the methods (config)

    return default_catalog()


READERS = {
    "settlements": read_settlements,
    "time_studies": read_time_studies,
    "expert_estimates": read_expert_estimates,
    "standards": read_standards,
}
