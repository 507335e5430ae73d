"""Reading and writing norm sets (đọc, ghi bộ định mức): YAML and Excel.

YAML is the form kept under version control; Excel, with Vietnamese headers, is
the form analysts edit. Both load through the same validation and report every
problem at once with its file, sheet, row and field. Loading never modifies the
input; writing is atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from ..core.errors import InputError, Location, Problem, raise_if
from ..core.labels import FIELD_LABELS
from .frames import SHEETS, FrameReader, norm_set_to_frames
from ..core.yamlio import check_size, dump_yaml, read_yaml_mapping, write_text_atomic

#: What each pydantic error kind means for a clerk, and what is accepted.
_ERROR_KINDS: dict[str, tuple[str, str | None]] = {
    "extra_forbidden": ("extra_key", "only the fields of the dinhmuc norm format (see README, 'Norm file format')"),
    "missing": ("missing", "a value is required here"),
    "decimal_parsing": ("not_a_number", "a number such as 12.5 (or 12,5 in Excel text)"),
    "decimal_type": ("not_a_number", "a number such as 12.5"),
    "int_parsing": ("not_a_number", "a whole number such as 3"),
    "int_type": ("not_a_number", "a whole number such as 3"),
    "int_from_float": ("not_a_number", "a whole number such as 3"),
    "float_parsing": ("not_a_number", "a number such as 12.5"),
    "string_type": ("wrong_type", "text"),
    "list_type": ("wrong_type", "a list"),
    "dict_type": ("wrong_type", "a mapping of key: value"),
    "model_type": ("wrong_type", "a mapping of key: value"),
    "model_attributes_type": ("wrong_type", "a mapping of key: value"),
    "date_from_datetime_parsing": ("invalid_date", "a date such as 2026-09-05"),
    "date_parsing": ("invalid_date", "a date such as 2026-09-05"),
    "date_type": ("invalid_date", "a date such as 2026-09-05"),
    "bool_parsing": ("wrong_type", "true or false"),
    "bool_type": ("wrong_type", "true or false"),
    "literal_error": ("invalid_choice", None),
    "enum": ("invalid_choice", None),
    "string_pattern_mismatch": ("invalid_code", "a code of letters, digits, '.', '_' or '-' such as KC01"),
    "string_too_long": ("invalid_code", "at most 40 characters"),
    "greater_than_equal": ("out_of_range", None),
    "less_than_equal": ("out_of_range", None),
    "not_a_number": ("not_a_number", "a finite number such as 12.5"),
    "negative": ("negative", "0 or more"),
    "not_positive": ("not_positive", "a number greater than 0"),
    "percent_range": ("percent_range", "a percentage from 0 to 100"),
    "too_precise": ("too_precise", "at most 15 significant digits"),
    "control_character": ("invalid_text", "text without control characters"),
}

Locate = Callable[[tuple], Location]


def problem_from_error(error: dict, locate: Locate) -> Problem:
    """A pydantic error as a :class:`Problem` located in the user's file."""
    kind = error.get("type", "invalid")
    code, accepted = _ERROR_KINDS.get(kind, (kind, None))
    loc = tuple(error.get("loc", ()))
    # pydantic adds the tag of a union member or a validator to the path; keep real keys.
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    location = locate(loc)
    msg = error.get("msg", "invalid value")
    if kind == "extra_forbidden":
        msg = f"unknown key '{loc[-1] if loc else ''}'"
    elif kind == "missing":
        msg = "required value is missing"
    value = error.get("input")
    if kind in ("decimal_parsing", "int_parsing", "float_parsing", "literal_error", "enum") and value is not None:
        msg = f"{msg} (got {value!r})"
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected")
        accepted = str(expected) if expected else accepted
    return Problem(msg, location, code, accepted)


def _duplicate_codes(raw: dict, locate: Locate) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    norms = raw.get("norms")
    for i, norm in enumerate(norms if isinstance(norms, list) else []):  # `norms: 5` is the model's to report
        if not isinstance(norm, dict):
            continue
        code = norm.get("code")
        if code is None:
            continue
        if str(code) in seen:
            first = locate(("norms", seen[str(code)], "code"))
            where = (f"sheet '{first.sheet}' " if first.sheet else "") + f"row {first.row}"
            problems.append(Problem(f"norm code '{code}' appears twice (first at {where})",
                                    locate(("norms", i, "code")), "duplicate_code", "each norm code once per set"))
        else:
            seen[str(code)] = i
    return problems


def validate_raw(raw: Any, locate: Locate, problems: list[Problem] | None = None, source: str | None = None,
                 context: dict | None = None, catalog=None):
    """Validate plain data as a NormSet; raise one error with every problem."""
    from ..norm import NormSet

    problems = list(problems or [])
    norm_set = None
    if not isinstance(raw, dict):
        problems.append(Problem("a norm set must be a mapping with 'title' and 'norms'", locate(()), "yaml_shape"))
    else:
        problems += _duplicate_codes(raw, locate)
        try:
            norm_set = NormSet.model_validate(raw, context=context)
        except ValidationError as exc:
            for err in exc.errors():
                p = problem_from_error(err, locate)
                if p.code == "duplicate_code" and any(q.code == "duplicate_code" for q in problems):
                    continue
                problems.append(p)
    if norm_set is not None and catalog is not None:
        problems += catalog.check(norm_set, locate)
    # Report in reading order: sheet by sheet, row by row.
    problems.sort(key=lambda p: (p.location.sheet or "", p.location.row or 0))
    raise_if(problems, source)
    return norm_set


# ----------------------------------------------------------------------------
# YAML
# ----------------------------------------------------------------------------

YAML_HEADER = ("Bộ định mức kinh tế - kỹ thuật (dinhmuc norm-set file).\n"
               "Edit freely; check with `dinhmuc validate FILE`.")


def norm_set_to_yaml(norm_set, path: str | Path | None = None) -> str:
    """The set as canonical YAML; written atomically to ``path`` when given."""
    text = dump_yaml(norm_set.to_dict(), header=YAML_HEADER)
    if path is not None:
        write_text_atomic(path, text)
    return text


def yaml_locate(path: str | Path, locator) -> Locate:
    """A function giving the file, line and field (with its Vietnamese label) of a model error path."""

    def locate(loc: tuple) -> Location:
        field = next((p for p in reversed(loc) if isinstance(p, str)), None)
        return Location(str(path), None, locator.line(loc), ".".join(str(p) for p in loc) or None,
                        FIELD_LABELS.get(field or "", None))

    return locate


def load_yaml_model(path: str | Path, model, context: dict | None = None):
    """Read a YAML file into a pydantic ``model``; every problem is reported with its line."""
    raw, locator = read_yaml_mapping(path)
    try:
        result = model.model_validate(raw, context=context)
    except ValidationError as exc:
        locate = yaml_locate(path, locator)
        raise_if([problem_from_error(e, locate) for e in exc.errors()], str(path))
        raise  # pragma: no cover - raise_if always raises on a non-empty list
    locator.refuse_nonfinite()  # .inf/.nan where the model takes any value (robust, issue 16)
    return result


def read_norm_set_yaml(path: str | Path, context: dict | None = None, catalog=None):
    """Load a norm set from YAML, reporting every problem with its line."""
    raw, locator = read_yaml_mapping(path)
    result = validate_raw(raw, yaml_locate(path, locator), [], str(path), context, catalog)
    locator.refuse_nonfinite()  # .inf/.nan in free-form fields (robust, issue 16)
    return result


# ----------------------------------------------------------------------------
# Excel
# ----------------------------------------------------------------------------

#: Sheets a norm-set workbook must have; the others may be left out.
REQUIRED_SHEETS = ("set", "norms", "labour", "materials", "equipment")
_FIXED_TIME = _dt.datetime(2000, 1, 1)


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    return value


def write_frames_excel(frames: dict[str, pd.DataFrame], path: str | Path, sheets=None) -> Path:
    """Write sheet tables to an .xlsx with Vietnamese headers, frozen header, fitted widths; atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheets = sheets or SHEETS
    wb = Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for key, sheet in sheets.items():
        ws = wb.create_sheet(sheet.title)
        frame = frames.get(key, pd.DataFrame(columns=sheet.fields))
        widths = []
        for j, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=j, value=col.label)
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            widths.append(min(max(len(col.label), 8), 40))
        for i, rec in enumerate(frame.to_dict("records"), start=2):
            for j, col in enumerate(sheet.columns, start=1):
                value = rec.get(col.field)
                if value is None or (isinstance(value, float) and value != value):
                    continue
                value = _excel_value(value)
                cell = ws.cell(row=i, column=j, value=value)
                if isinstance(value, str):
                    # Text stays text: a note starting with '=' is not a formula.
                    cell.data_type = "s"
                    widths[j - 1] = min(max(widths[j - 1], max(len(x) for x in value.split("\n")) + 2), 60)
                elif isinstance(value, _dt.date):
                    cell.number_format = "dd/mm/yyyy"
                    widths[j - 1] = max(widths[j - 1], 12)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.number_format = "#,##0.######" if isinstance(value, float) else "#,##0"
                    widths[j - 1] = max(widths[j - 1], min(len(repr(value)) + 3, 20))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.freeze_panes = "A2"
    wb.properties.creator = "dinhmuc"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return write_text_atomic(path, _stable_zip(buf.getvalue()))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so equal content gives equal bytes.

    openpyxl stamps the save time into docProps/core.xml whatever the properties
    say; it is pinned here too.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def norm_set_to_excel(norm_set, path: str | Path) -> Path:
    """Write a norm set to an Excel workbook (one sheet per table, Vietnamese headers)."""
    return write_frames_excel(norm_set_to_frames(norm_set), path)


def read_excel_frames(path: str | Path, sheets=None, required=REQUIRED_SHEETS) -> tuple[dict[str, pd.DataFrame],
                                                                                     list[Problem]]:
    """Read the sheets of a workbook into tables indexed by Excel row number.

    Headers may be the Vietnamese labels or the English field names. Returns
    the tables and the problems found (missing or empty sheets, unknown headers).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    sheets = sheets or SHEETS
    path = Path(path)
    check_size(path)
    src = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(Problem(f"not a readable Excel workbook ({type(exc).__name__})", Location(src),
                                 "not_excel", "an .xlsx file saved by Excel or LibreOffice")) from None
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    try:
        by_title = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        for key, sheet in sheets.items():
            ws = by_title.get(sheet.title.lower()) or by_title.get(key.lower())
            if ws is None:
                if key in required:
                    problems.append(Problem(f"sheet '{sheet.title}' is missing", Location(src, sheet.title),
                                            "missing_sheet", "a sheet named " + ", ".join(
                                                f"'{sheets[k].title}'" for k in required)))
                continue
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or all(h is None for h in header):
                problems.append(Problem(f"sheet '{sheet.title}' is empty (no header row)", Location(src, sheet.title),
                                        "empty_sheet", "the header row written by dinhmuc: "
                                        + ", ".join(c.label for c in sheet.columns)))
                continue
            names = {}
            for c in sheet.columns:
                names[c.label.strip().lower()] = c.field
                names[c.field.lower()] = c.field
            cols: list[str | None] = []
            for j, h in enumerate(header, start=1):
                if h is None:
                    cols.append(None)
                    continue
                field = names.get(str(h).strip().lower())
                if field is None:
                    problems.append(Problem(f"unknown column '{h}'", Location(src, sheet.title, 1, str(h)),
                                            "extra_key", ", ".join(c.label for c in sheet.columns)))
                cols.append(field)
            records, index = [], []
            for r, values in enumerate(rows, start=2):
                if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                rec = {f: v for f, v in zip(cols, values) if f is not None}
                records.append(rec)
                index.append(r)
            frames[key] = pd.DataFrame(records, index=index, columns=sheet.fields, dtype=object)
            if key == "norms" and not records:
                problems.append(Problem(f"sheet '{sheet.title}' has no norms", Location(src, sheet.title, 2),
                                        "empty_sheet", "one row per norm with its code, name and unit"))
    finally:
        wb.close()
    return frames, problems


def read_norm_set_excel(path: str | Path, context: dict | None = None, catalog=None):
    """Load a norm set from an Excel workbook, reporting every problem with sheet and row."""
    frames, problems = read_excel_frames(path)
    reader = FrameReader(frames, str(path))
    raw = reader.build()
    return validate_raw(raw, reader.locate, problems + reader.problems, str(path), context, catalog)


def load_norm_set(path: str | Path, catalog=None, context: dict | None = None):
    """Load a norm set from ``.yaml``/``.yml`` or ``.xlsx``; validate it (against ``catalog`` if given)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_norm_set_yaml(path, context, catalog)
    if suffix in (".xlsx", ".xlsm"):
        return read_norm_set_excel(path, context, catalog)
    raise InputError(Problem(f"unknown file type '{suffix}'", Location(str(path)), "file_type",
                             ".yaml, .yml or .xlsx"))


def save_norm_set(norm_set, path: str | Path) -> Path:
    """Save a norm set as YAML or Excel, by the file's extension; atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        norm_set_to_yaml(norm_set, path)
        return path
    if suffix == ".xlsx":
        return norm_set_to_excel(norm_set, path)
    raise InputError(Problem(f"unknown file type '{suffix}'", Location(str(path)), "file_type", ".yaml or .xlsx"))
