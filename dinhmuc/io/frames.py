"""Norm sets as pandas DataFrames (bảng dữ liệu) — the one tabular form.

A norm set becomes ten tables, one per sheet of the Excel form: the set's
fields, the norms, their drivers, work steps, labour, material and equipment
lines, adjustment coefficients, text lists and provenance. The Excel reader and
writer go through these tables, so a DataFrame edited in a notebook and a
workbook edited in Excel load the same way, with the same errors.

Numbers stay exact (:class:`~decimal.Decimal`, object columns); list fields
that hold codes are written comma-separated (``learners, days``); provenance
details are JSON.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core.errors import Location, Problem
from ..core.i18n import tr
from ..core.labels import FIELD_LABELS
from ..core.numbers import read_frame_numbers

# kinds of column: text, number, int, bool, date, codes (comma list), json


@dataclass(frozen=True)
class Column:
    field: str
    kind: str = "text"

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]


def _cols(*spec: str) -> tuple[Column, ...]:
    out = []
    for s in spec:
        name, _, kind = s.partition(":")
        out.append(Column(name, kind or "text"))
    return tuple(out)


SET_FIELDS = {
    "title": "text",
    "document_type": "text",
    "issuing_body": "text",
    "province": "text",
    "decision_number": "text",
    "signed_on": "date",
    "effective_from": "date",
    "version": "text",
    "replaces": "text",
}

SHEETS: dict[str, Sheet] = {
    s.key: s
    for s in (
        Sheet("set", "Bộ định mức", _cols("field", "text")),
        Sheet(
            "norms",
            "Định mức",
            _cols(
                "norm",
                "name",
                "unit",
                "scope",
                "conditions",
                "method",
                "indirect_labour_pct:number",
                "other_materials_pct:number",
                "rounding_decimals:int",
                "unit_label",
                "variant_header",
                "show_variant_keys:bool",
                "group_rows:codes",
                "name_header",
                "table_layout",
                "item_header",
                "unit_header",
                "power_header",
            ),
        ),
        Sheet("variants", "Cột biến thể", _cols("norm", "key", "label", "code", "group", "condition")),
        Sheet("drivers", "Quy mô tham chiếu", _cols("norm", "code", "label", "unit", "reference:number")),
        Sheet(
            "work_steps",
            "Thành phần công việc",
            _cols("norm", "code", "name", "description", "parent", "coefficient:number"),
        ),
        Sheet(
            "labour",
            "Hao phí lao động",
            _cols(
                "norm",
                "id",
                "role",
                "grade",
                "step:int",
                "kind",
                "unit",
                "quantity:number",
                "heavy:bool",
                "scales_with:codes",
                "steps:codes",
                "note",
                "group",
                "values:cells",
                "work_step",
            ),
        ),
        Sheet(
            "materials",
            "Hao phí vật tư",
            _cols(
                "norm",
                "id",
                "name",
                "spec",
                "unit",
                "quantity:number",
                "loss_rate:number",
                "recovery_rate:number",
                "scales_with:codes",
                "note",
                "values:cells",
                "work_step",
            ),
        ),
        Sheet(
            "equipment",
            "Hao phí thiết bị",
            _cols(
                "norm",
                "id",
                "name",
                "spec",
                "power_kw:number",
                "unit",
                "count_unit",
                "loaded:number",
                "idle:number",
                "scales_with:codes",
                "note",
                "values:cells",
                "work_step",
            ),
        ),
        Sheet(
            "tools",
            "Hao phí dụng cụ",
            _cols(
                "norm",
                "id",
                "name",
                "spec",
                "unit",
                "life_months:number",
                "quantity:number",
                "values:cells",
                "work_step",
                "scales_with:codes",
                "note",
            ),
        ),
        Sheet(
            "energy",
            "Điện năng",
            _cols(
                "norm",
                "id",
                "name",
                "unit",
                "quantity:number",
                "values:cells",
                "derived:bool",
                "work_step",
                "scales_with:codes",
                "note",
            ),
        ),
        Sheet(
            "percent_rows",
            "Dòng tỷ lệ",
            _cols(
                "norm",
                "id",
                "name",
                "component",
                "base",
                "unit",
                "quantity:number",
                "values:cells",
                "work_step",
                "note",
            ),
        ),
        Sheet(
            "adjustments",
            "Hệ số điều chỉnh",
            _cols(
                "norm",
                "table",
                "table_name",
                "basis",
                "driver",
                "applies_to:codes",
                "default",
                "citation",
                "class",
                "label",
                "factor:number",
                "min:number",
                "max:number",
                "condition",
                "lines:codes",
                "steps:codes",
                "band_start:number",
                "band_size:number",
                "band_factor:number",
            ),
        ),
        Sheet("lists", "Danh mục văn bản", _cols("norm", "list", "text")),
        Sheet(
            "provenance",
            "Nguồn gốc số liệu",
            _cols(
                "norm",
                "line",
                "field",
                "method",
                "legal_method",
                "evidence:json",
                "excluded:json",
                "statistics:json",
                "parameters:json",
                "calculation",
                "note",
            ),
        ),
    )
}
#: Sheets of line kinds, in the order a norm set workbook lists them.
LINE_SHEETS = ("labour", "materials", "equipment", "tools", "energy", "percent_rows")
FIELD_LABELS.setdefault("condition", "Điều kiện")
LIST_FIELDS_OF_SET = ("legal_bases", "notes")
LIST_FIELDS_OF_NORM = ("legal_basis", "notes")


# ----------------------------------------------------------------------------
# cell helpers
# ----------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """True for an empty cell: None, NaN, NA, NaT or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, dict, Decimal)) else False
    except (TypeError, ValueError):
        return False


def _json_ready(o: Any) -> Any:
    # Values carry at most 15 significant digits (see norm.MAX_DIGITS), so a float's
    # shortest repr gives back exactly the Decimal's digits when read with parse_float=Decimal.
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, dict):
        return {k: _json_ready(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_json_ready(v) for v in o]
    return o


def dumps_json(value: Any, indent: int | None = None) -> str:
    """JSON text; Decimals become numbers written with their own digits (``0.230``), read back exactly by
    :func:`loads_json`.

    >>> dumps_json({"q": Decimal("0.230"), "n": [Decimal("12"), "x"]})
    '{"q": 0.230, "n": [12, "x"]}'
    """
    marks: list[str] = []

    def mark(o: Any) -> Any:
        if isinstance(o, Decimal):
            marks.append(format(o, "f") if o.is_finite() else str(o))
            return f"\x00{len(marks) - 1}\x00"
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [mark(v) for v in o]
        return o

    text = json.dumps(mark(value), ensure_ascii=False, default=str, indent=indent)
    # one pass over the text (a replace per number was quadratic in the size of the norm set)
    return _MARK.sub(lambda m: marks[int(m.group(1))], text)


_MARK = re.compile(r'"\\u0000(\d+)\\u0000"')


def loads_json(text: str) -> Any:
    """Parse JSON with every number as an exact Decimal."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def _codes(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]


_TRUE = {"true", "có", "co", "x", "yes", "1", "đúng"}
_FALSE = {"false", "không", "khong", "no", "0", "sai"}


def _cells(value: Any) -> list[str]:
    # Published values per variant column, written "0.230 | - | 1.5": text, so trailing zeros survive.
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value]
    return [part.strip() for part in str(value).split("|")]


def read_cell(value: Any, kind: str) -> tuple[Any, str | None]:
    """Convert a cell of a sheet column of ``kind`` (codes, cells, json, bool, number...) to the model's input.

    Returns ``(value, problem text or None)``; the price and norm sheet readers share it.

    >>> read_cell("a; b", "codes"), read_cell("có", "bool")[0]
    ((['a', 'b'], None), True)
    """
    if kind == "codes":
        return _codes(value), None
    if kind == "cells":
        return _cells(value), None
    if kind == "json":
        if isinstance(value, (list, dict)):
            return value, None
        try:
            return loads_json(str(value)), None
        except json.JSONDecodeError as exc:
            return None, tr("frames.bad_json", msg=exc.msg, pos=exc.pos)
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        return None, tr("frames.not_yes_no", value=value)
    if kind == "int":
        if isinstance(value, bool):
            return None, tr("frames.whole_expected")
        if isinstance(value, (int,)):
            return value, None
        if isinstance(value, (float, Decimal)) and value == int(value):
            return int(value), None
        try:
            return int(str(value).strip()), None
        except ValueError:
            return None, tr("frames.not_whole", value=value)
    if kind == "date":  # the one date reader (core.dates, config hook): 15/08/2026, 2026-09-05 or a date cell
        from ..core.dates import parse_date

        try:
            return parse_date(value), None
        except ValueError as exc:
            return None, str(exc)
    if kind == "text" and isinstance(value, float) and value == int(value):
        return str(int(value)), None
    return value, None


def _write_cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "codes":
        return ", ".join(value) if value else None
    if kind == "cells":
        return " | ".join(str(v) for v in value) if value else None
    if kind == "json":
        return dumps_json(value) if value not in ([], {}) else None
    return value


# ----------------------------------------------------------------------------
# NormSet -> frames
# ----------------------------------------------------------------------------


def norm_set_to_frames(norm_set) -> dict[str, pd.DataFrame]:
    """A norm set as one DataFrame per sheet (keys as in :data:`SHEETS`)."""
    data = norm_set.to_dict()
    rows: dict[str, list[dict]] = {k: [] for k in SHEETS}
    for f in SET_FIELDS:
        if data.get(f) is not None:
            rows["set"].append({"field": f, "text": data[f]})
    for f in LIST_FIELDS_OF_SET:
        for text in data.get(f, []):
            rows["lists"].append({"norm": None, "list": f, "text": text})
    for norm in data.get("norms", []):
        code = norm["code"]
        rows["norms"].append({"norm": code, **{c.field: norm.get(c.field) for c in SHEETS["norms"].columns[1:]}})
        for v in norm.get("variants", []):
            rows["variants"].append({"norm": code, **v})
        for d in norm.get("drivers", []):
            rows["drivers"].append({"norm": code, **d})
        for s in norm.get("work_steps", []):
            rows["work_steps"].append({"norm": code, **s})
        for f in LIST_FIELDS_OF_NORM:
            for text in norm.get(f, []):
                rows["lists"].append({"norm": code, "list": f, "text": text})
        for field, prov in norm.get("provenance", {}).items():
            rows["provenance"].append({"norm": code, "line": None, "field": field, **prov})
        for comp in LINE_SHEETS:
            for line in norm.get(comp, []):
                prov = line.pop("provenance", {})
                rows[comp].append({"norm": code, **line})
                for field, p in prov.items():
                    rows["provenance"].append({"norm": code, "line": line["id"], "field": field, **p})
        for table in norm.get("adjustments", []):
            band = table.get("band") or {}
            head = {
                "norm": code,
                "table": table["code"],
                "table_name": table["name"],
                "basis": table["basis"],
                "driver": table.get("driver"),
                "applies_to": table.get("applies_to"),
                "lines": table.get("lines"),
                "steps": table.get("steps"),
                "band_start": band.get("start"),
                "band_size": band.get("size"),
                "band_factor": band.get("factor"),
                "default": table.get("default"),
                "citation": table.get("citation"),
            }
            if not table.get("classes"):
                rows["adjustments"].append(head)
            for cls in table.get("classes", []):
                rows["adjustments"].append(
                    {
                        **head,
                        "class": cls["key"],
                        "label": cls["label"],
                        "factor": cls["factor"],
                        "min": cls.get("min"),
                        "max": cls.get("max"),
                        "condition": cls.get("condition"),
                    }
                )
    frames = {}
    for key, sheet in SHEETS.items():
        body = [{c.field: _write_cell(r.get(c.field), c.kind) for c in sheet.columns} for r in rows[key]]
        frames[key] = pd.DataFrame(body, columns=sheet.fields, dtype=object)
    return frames


# ----------------------------------------------------------------------------
# frames -> NormSet
# ----------------------------------------------------------------------------


@dataclass
class Origin:
    sheet: str
    row: Any


class FrameReader:
    """Turns sheet tables into the model's input, remembering where each piece came from."""

    def __init__(self, frames: dict[str, pd.DataFrame], source: str | None, decimal: str | None = None):
        self.frames = frames
        self.source = source
        self.decimal = decimal
        self.problems: list[Problem] = []
        self.origins: dict[tuple, Origin] = {}

    def loc(self, sheet: Sheet, row: Any, field: str | None = None) -> Location:
        return Location(self.source, sheet.title, row, field, FIELD_LABELS.get(field or "", None))

    def records(self, key: str) -> list[tuple[Any, dict]]:
        sheet = SHEETS[key]
        frame = self.frames.get(key)
        if frame is None:
            return []
        out = []
        # number columns through the one number reader: one writing per column (dinhmuc.core.numbers)
        frame = frame.copy()
        bad = set()
        for idx, fld, message, accepted, code in read_frame_numbers(
            frame, [c.field for c in sheet.columns if c.kind == "number"], self.decimal
        ):
            self.problems.append(Problem(message, self.loc(sheet, idx, fld), code, accepted))
            bad.add((idx, fld))
        for idx, rec in zip(frame.index, frame.to_dict("records")):
            row: dict[str, Any] = {}
            for col in sheet.columns:
                if (idx, col.field) in bad:
                    continue
                value = rec.get(col.field)
                if is_missing(value):
                    continue
                value, problem = read_cell(value, col.kind)
                if problem:
                    self.problems.append(Problem(problem, self.loc(sheet, idx, col.field), "invalid"))
                    continue
                row[col.field] = value
            if row:
                out.append((idx, row))
        return out

    def build(self) -> dict:
        raw: dict[str, Any] = {}
        set_sheet = SHEETS["set"]
        for idx, rec in self.records("set"):
            field = rec.get("field")
            if field not in SET_FIELDS:
                self.problems.append(
                    Problem(
                        tr("frames.unknown_field", field=field),
                        self.loc(set_sheet, idx, "field"),
                        "extra_key",
                        ", ".join(SET_FIELDS),
                    )
                )
                continue
            value, problem = read_cell(rec.get("text"), SET_FIELDS[field]) if "text" in rec else (None, None)
            if problem:
                self.problems.append(Problem(problem, self.loc(set_sheet, idx, field), "invalid"))
                continue
            raw[field] = value
            self.origins[(field,)] = Origin(set_sheet.title, idx)
        norms: list[dict] = []
        index: dict[str, int] = {}
        nsheet = SHEETS["norms"]
        for idx, rec in self.records("norms"):
            code = rec.pop("norm", None)
            if code is None:
                self.problems.append(Problem(tr("frames.needs_code"), self.loc(nsheet, idx, "norm"), "missing"))
                continue
            code = str(code)
            norm = {"code": code, **rec}
            if code in index:
                # keep both, so the model reports the duplicate with its rows
                pass
            index.setdefault(code, len(norms))
            self.origins[("norms", len(norms))] = Origin(nsheet.title, idx)
            norms.append(norm)

        def target(key: str, idx: Any, rec: dict) -> tuple[int, dict] | None:
            code = rec.pop("norm", None)
            if code is None or str(code) not in index:
                self.problems.append(
                    Problem(
                        tr("frames.code_not_on_sheet", code=code, title=nsheet.title)
                        if code is not None
                        else tr("frames.code_missing"),
                        self.loc(SHEETS[key], idx, "norm"),
                        "unknown_norm",
                        ", ".join(index) or tr("frames.no_norms"),
                    )
                )
                return None
            i = index[str(code)]
            return i, norms[i]

        for key in ("variants", "drivers", "work_steps") + LINE_SHEETS:
            for idx, rec in self.records(key):
                hit = target(key, idx, rec)
                if hit is None:
                    continue
                i, norm = hit
                items = norm.setdefault(key, [])
                self.origins[("norms", i, key, len(items))] = Origin(SHEETS[key].title, idx)
                items.append(rec)
        for idx, rec in self.records("adjustments"):
            hit = target("adjustments", idx, rec)
            if hit is None:
                continue
            i, norm = hit
            tables = norm.setdefault("adjustments", [])
            code = rec.get("table")
            table = next((t for t in tables if t.get("code") == code), None)
            if table is None:
                table = {"code": code, "name": rec.get("table_name"), "basis": rec.get("basis"), "classes": []}
                for f in ("driver", "applies_to", "lines", "steps", "default", "citation"):
                    if f in rec:
                        table[f] = rec[f]
                band = {k: rec[f"band_{k}"] for k in ("start", "size", "factor") if f"band_{k}" in rec}
                if band:
                    table["band"] = band
                self.origins[("norms", i, "adjustments", len(tables))] = Origin(SHEETS["adjustments"].title, idx)
                tables.append(table)
            t_i = tables.index(table)
            if "class" not in rec and "label" not in rec and "factor" not in rec:
                continue  # a band rule's own row
            cls = {"key": rec.get("class"), "label": rec.get("label"), "factor": rec.get("factor")}
            for f in ("min", "max", "condition"):
                if f in rec:
                    cls[f] = rec[f]
            self.origins[("norms", i, "adjustments", t_i, "classes", len(table["classes"]))] = Origin(
                SHEETS["adjustments"].title, idx
            )
            table["classes"].append({k: v for k, v in cls.items() if v is not None})
        lsheet = SHEETS["lists"]
        for idx, rec in self.records("lists"):
            name = rec.get("list")
            if "norm" not in rec:
                if name not in LIST_FIELDS_OF_SET:
                    self.problems.append(
                        Problem(
                            tr("frames.unknown_list_set", name=name),
                            self.loc(lsheet, idx, "list"),
                            "extra_key",
                            ", ".join(LIST_FIELDS_OF_SET),
                        )
                    )
                    continue
                items = raw.setdefault(name, [])
                self.origins[(name, len(items))] = Origin(lsheet.title, idx)
                items.append(rec.get("text", ""))
                continue
            if name not in LIST_FIELDS_OF_NORM:
                self.problems.append(
                    Problem(
                        tr("frames.unknown_list_norm", name=name),
                        self.loc(lsheet, idx, "list"),
                        "extra_key",
                        ", ".join(LIST_FIELDS_OF_NORM),
                    )
                )
                continue
            hit = target("lists", idx, rec)
            if hit is None:
                continue
            i, norm = hit
            items = norm.setdefault(name, [])
            self.origins[("norms", i, name, len(items))] = Origin(lsheet.title, idx)
            items.append(rec.get("text", ""))
        psheet = SHEETS["provenance"]
        for idx, rec in self.records("provenance"):
            hit = target("provenance", idx, rec)
            if hit is None:
                continue
            i, norm = hit
            line_id = rec.pop("line", None)
            field = rec.pop("field", None)
            if field is None:
                self.problems.append(
                    Problem(tr("frames.provenance_field_missing"), self.loc(psheet, idx, "field"), "missing")
                )
                continue
            if line_id is None:
                norm.setdefault("provenance", {})[field] = rec
                self.origins[("norms", i, "provenance", field)] = Origin(psheet.title, idx)
                continue
            for comp in LINE_SHEETS:
                found = False
                for j, line in enumerate(norm.get(comp, [])):
                    if str(line.get("id")) == str(line_id):
                        line.setdefault("provenance", {})[field] = rec
                        self.origins[("norms", i, comp, j, "provenance", field)] = Origin(psheet.title, idx)
                        found = True
                        break
                if found:
                    break
            else:
                self.problems.append(
                    Problem(
                        tr("frames.no_line", norm=norm["code"], line_id=line_id),
                        self.loc(psheet, idx, "line"),
                        "unknown_line",
                    )
                )
        raw["norms"] = norms
        return raw

    def locate(self, loc: tuple) -> Location:
        """The sheet and row of a model error path."""
        for n in range(len(loc), 0, -1):
            origin = self.origins.get(tuple(loc[:n]))
            if origin is not None:
                rest = [p for p in loc[n:] if isinstance(p, str)]
                field = rest[-1] if rest else (loc[n - 1] if isinstance(loc[n - 1], str) else None)
                return Location(self.source, origin.sheet, origin.row, field, FIELD_LABELS.get(field or "", None))
        field = next((p for p in reversed(loc) if isinstance(p, str)), None)
        return Location(self.source, None, None, field, FIELD_LABELS.get(field or "", None))
