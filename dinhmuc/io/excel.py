"""Excel forms (biểu mẫu Excel): sheet tables written with Vietnamese headers and read back by header.

Generic over the :class:`~dinhmuc.io.frames.Sheet` descriptions, so norm sets,
price lists and the scaffolded input forms share one writer and one reader.
Writing is atomic and byte-stable (fixed zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import InputError, Location, Problem
from ..core.i18n import tr
from ..core.vnformat import decimal_places
from ..core.yamlio import check_size, write_text_atomic
from .frames import SHEETS

#: Sheets a norm-set workbook must have; the others may be left out.
REQUIRED_SHEETS = ("set", "norms", "labour", "materials", "equipment")
_FIXED_TIME = _dt.datetime(2000, 1, 1)


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    return value


def _places(value: Any) -> int:
    """Decimal places a Decimal was written with (0 for anything else)."""
    if isinstance(value, Decimal) and value.is_finite():
        return decimal_places(value)
    return 0


_FIXED_PLACES = re.compile(r"^[#,]*0\.(0+)$")


def fixed_places(number_format: str | None) -> int | None:
    """The decimal places a cell's number format fixes (``0.000`` -> 3, ``#,##0.00`` -> 2), else None.

    >>> fixed_places("0.000"), fixed_places("#,##0.00"), fixed_places("General")
    (3, 2, None)
    """
    m = _FIXED_PLACES.match(str(number_format or ""))
    return len(m.group(1)) if m else None


def _cell_value(cell: Any) -> Any:
    # A number whose cell format fixes its decimal places ("0.000") is read as the Decimal with
    # those places, so 0,230 written by dinhmuc (or typed with that format) stays 0,230.
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        places = fixed_places(getattr(cell, "number_format", ""))
        if places is not None:
            exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            quantized = exact.quantize(Decimal(1).scaleb(-places))
            if quantized == exact:
                return quantized
    return value


def write_frames_excel(frames: dict[str, pd.DataFrame], path: str | Path, sheets=None) -> Path:
    """Write sheet tables to an .xlsx with Vietnamese headers, frozen header, fitted widths; atomically."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheets = sheets or SHEETS
    wb = Workbook()
    wb.remove(wb.active)
    formats: dict[str, object] = {}

    def number_format(cell, fmt: str) -> None:
        # the first cell of a format sets it; the others copy its style indices (the same file, a third faster)
        style = formats.get(fmt)
        if style is None:
            cell.number_format = fmt
            formats[fmt] = copy(cell._style)
        else:
            cell._style = copy(style)

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
            widths.append(min(max(len(col.label) + 3, 8), 40))  # bold header text is wider than its length
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
                    number_format(cell, "dd/mm/yyyy")
                    widths[j - 1] = max(widths[j - 1], 12)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    if getattr(col, "check", None) == "year":
                        number_format(cell, "0")  # a year is a label: 2023, never 2.023
                        continue
                    places = _places(rec.get(col.field))
                    # The number format carries the published digits (0,230: three places), so a value
                    # read back keeps them; Excel shows exactly what was published.
                    number_format(
                        cell,
                        ("#,##0." + "0" * places)
                        if places
                        else ("#,##0.######" if isinstance(value, float) else "#,##0"),
                    )
                    widths[j - 1] = max(widths[j - 1], min(len(repr(value)) + 3, 20))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.freeze_panes = "A2"
    wb.properties.creator = "dinhmuc"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:  # deflated once, by _stable_zip
        ExcelWriter(wb, archive).save()
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


def read_excel_frames(
    path: str | Path, sheets=None, required=REQUIRED_SHEETS
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
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
        raise InputError(
            Problem(
                tr("excel.not_readable", name=type(exc).__name__),
                Location(src),
                "not_excel",
                tr("excel.saved_xlsx"),
            )
        ) from None
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    try:
        by_title = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        for key, sheet in sheets.items():
            ws = by_title.get(sheet.title.lower()) or by_title.get(key.lower())
            if ws is None:
                if key in required:
                    problems.append(
                        Problem(
                            tr("excel.sheet_missing", title=sheet.title),
                            Location(src, sheet.title),
                            "missing_sheet",
                            tr("evidence.acc_sheet_named", names=", ".join(f"'{sheets[k].title}'" for k in required)),
                        )
                    )
                continue
            rows = (tuple(_cell_value(c) for c in r) for r in ws.iter_rows())
            header = next(rows, None)
            if header is None or all(h is None for h in header):
                problems.append(
                    Problem(
                        tr("excel.sheet_empty", title=sheet.title),
                        Location(src, sheet.title),
                        "empty_sheet",
                        tr("excel.acc_header", labels=", ".join(c.label for c in sheet.columns)),
                    )
                )
                continue
            names = {}
            for c in sheet.columns:
                names[c.label.strip().lower()] = c.field
                names[c.field.lower()] = c.field
            cols: list[str | None] = []
            for h in header:
                if h is None:
                    cols.append(None)
                    continue
                field = names.get(str(h).strip().lower())
                if field is None:
                    problems.append(
                        Problem(
                            tr("excel.unknown_column", h=h),
                            Location(src, sheet.title, 1, str(h)),
                            "extra_key",
                            ", ".join(c.label for c in sheet.columns),
                        )
                    )
                cols.append(field)
            records, index = [], []
            for r, values in enumerate(rows, start=2):
                if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                # read-only sheets without a <dimension> give rows of their own length: a short row's
                # trailing cells are blank
                rec = {f: v for f, v in zip(cols, values, strict=False) if f is not None}
                records.append(rec)
                index.append(r)
            frames[key] = pd.DataFrame(records, index=index, columns=sheet.fields, dtype=object)
            if key == "norms" and not records:
                problems.append(
                    Problem(
                        tr("excel.no_norms", title=sheet.title),
                        Location(src, sheet.title, 2),
                        "empty_sheet",
                        tr("excel.one_row_per_norm"),
                    )
                )
    finally:
        wb.close()
    return frames, problems
