"""Import published norm tables (nhập bảng định mức đã công bố) from Word or Excel.

Reads the usual layout of a published norm document::

    AE.111 XÂY MÓNG                                  <- code and name (optional)
    Thành phần công việc:                            <- work steps, one "- ..." line each
    - Chuẩn bị, ...
    Đơn vị tính: 1m3                                 <- the unit line as published
    Mã hiệu | Tên công tác | Thành phần hao phí | Đơn vị | [Thời hạn (tháng)] | one column per variant
            |              | Vật liệu (group row)                              (header rows above: the
            |              | Vữa        | m3 |  | 0,420 | 0,420                  variant header and labels)
            |              | ...                                      | 10    | 20   <- codes of the columns

Group rows (Vật liệu, Nhân công, Máy thi công, Dụng cụ, Điện năng) set the kind of
the rows below them; rows in % are percent rows of their group; "-" marks an item
not used in a column; numbers are read in Vietnamese writing ("0,420", "1.234,5")
and keep their digits. The "(Kèm theo Quyết định / Thông tư số ...)" line gives
the issuing document. Whatever cannot be read is reported with its table, row and
cell and nothing is guessed: :func:`import_tables` raises one
:class:`~dinhmuc.core.errors.InputError` listing every problem.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.errors import InputError, Location, Problem, raise_if
from ..core.i18n import tr
from ..core.numbers import NumberError, read_number
from ..core.registry import Registry, active_registry, using_registry
from ..core.validation import problem_from_error
from ..dossier.norm_table import FIXED_HEADERS, LIFE_HEADER, NAME_HEADERS, STT_HEADER, VALUE_HEADER
from ..norm import NOT_USED, NormSet
from ..norm.types import DASHES

#: Group rows as tables print them (lower case, accents kept) -> line kind.
GROUP_WORDS = {
    "vật liệu": "materials",
    "vật tư": "materials",
    "nguyên vật liệu": "materials",
    "nhân công": "labour",
    "lao động": "labour",
    "máy thi công": "equipment",
    "máy móc, thiết bị": "equipment",
    "máy móc thiết bị": "equipment",
    "thiết bị": "equipment",
    "máy": "equipment",
    "dụng cụ": "tools",
    "điện năng": "energy",
    "năng lượng": "energy",
}
_ATTACHED = re.compile(
    r"^\(?\s*Kèm theo (?P<type>[^\d…]+?) số (?P<number>\S+)(?: ngày (?P<date>\S+))?"
    r"(?: của (?P<body>.+?))?\s*\)?$"
)
_UNIT = re.compile(r"^Đơn vị tính\s*:\s*(?P<unit>.+?)\.?$")
_STEPS = re.compile(r"^Thành phần công việc\s*:?\s*$", re.IGNORECASE)
_STEP = re.compile(r"^[-–•+]\s*(?:(?P<code>[A-Za-z0-9][A-Za-z0-9._]{0,9})\.\s+)?(?P<name>.+?)(?::\s*(?P<desc>.+))?;?$")
_COEF = re.compile(r"\s*\(hệ số (?P<k>[\d.,]+)(?: của (?P<parent>[A-Za-z0-9._-]+))?\)\s*;?$")
_CAPTION = re.compile(r"^Bảng\s+(?P<no>[0-9][0-9A-Za-z.]*)\.?$")
#: The value header of a table of components: "Định mức (Ca/cả nước)" -> time "Ca", per unit "cả nước".
_PER_UNIT = re.compile(r"(?P<time>[^\s/()]+)\s*/\s*(?P<unit>[^()/]+?)\s*\)?\s*$")
#: The item column of a table of components names the component it lists.
_ITEM_KINDS = (("dụng cụ", "tools"), ("thiết bị", "equipment"), ("máy", "equipment"), ("vật liệu", "materials"))
_STEP_ROW = re.compile(r"^(?P<code>[A-Za-z0-9][A-Za-z0-9._]{0,9})\.\s+(?P<name>.+)$")
_NOTE = re.compile(r"^Ghi chú\s*:\s*(?P<text>.+)$")
_POWER = re.compile(r"^(?P<name>.+?)\s*\((?P<kw>[\d.,]+)\s*kW\)$")
_SPEC = re.compile(r"^(?P<name>.+?)\s*\((?P<spec>[^()]+)\)$")
_LEADING_COUNT = re.compile(r"^0*1\s*(?=\D)")


@dataclass
class _Block:
    """What the text above a table said about the norm it holds."""

    steps: list[dict] = field(default_factory=list)
    unit_label: str | None = None
    in_steps: bool = False
    caption: str | None = None  # "Bảng 57": the number of a table of components


@dataclass
class _Columns:
    """Where things are in a construction-layout table (column indexes, 0-based)."""

    col: dict[str, int]
    name_header: str | None
    comp: int  # "Thành phần hao phí"
    n_head: int  # header rows
    values: list[int]  # value columns
    multi: bool  # variant columns (several, or a header over one)


@dataclass
class _Reader:
    source: str
    registry: Registry
    problems: list[Problem] = field(default_factory=list)
    norms: list[dict] = field(default_factory=list)
    set_fields: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    table_no: int = 0

    def where(self, row: int | None = None, col: int | None = None, what: str | None = None) -> Location:
        return Location(self.source, f"bảng {self.table_no}", row, what or (f"cột {col}" if col else None))

    def problem(self, message: str, loc: Location, code: str = "invalid", accepted: str | None = None) -> None:
        self.problems.append(Problem(message, loc, code, accepted))

    # -- text between tables ---------------------------------------------------

    def paragraph(self, text: str, block: _Block) -> None:
        text = " ".join(text.split())
        if not text:
            return
        m = _ATTACHED.match(text)
        if m and "Kèm theo" in text:
            self.attached(m)
            return
        if self.title is None and text.lower().startswith("phụ lục"):
            self.title = ""
            return
        if self.title == "":
            self.title = text[:1] + text[1:].lower() if text.isupper() else text
            return
        if _CAPTION.match(text):
            block.caption = text
            block.in_steps = False
            return
        if _STEPS.match(text):
            block.in_steps = True
            return
        m = _UNIT.match(text)
        if m:
            block.unit_label = m.group("unit").strip()
            block.in_steps = False
            return
        if block.in_steps:
            block.steps.append(self.step(text, len(block.steps) + 1))
            return
        m = _NOTE.match(text)
        if m and self.norms:
            self.norms[-1].setdefault("notes", []).append(m.group("text").strip())

    def attached(self, m: re.Match) -> None:
        """The "(Kèm theo Quyết định số ... ngày ... của ...)" line: the issuing document; blanks stay blank."""
        self.set_fields["document_type"] = m.group("type").strip()
        if "…" not in m.group("number"):
            self.set_fields["decision_number"] = m.group("number")
        date = m.group("date")
        if date and "…" not in date:
            try:
                d, mo, y = (int(x) for x in date.split("/"))
                self.set_fields["signed_on"] = _dt.date(y, mo, d)
            except ValueError:
                self.problem(
                    tr("tables.bad_date", date=date),
                    Location(self.source, None, None, "signed_on"),
                    "invalid_date",
                    "05/9/2023",
                )
        body = (m.group("body") or "").strip()
        if body and "…" not in body:
            self.set_fields["issuing_body"] = body

    def step(self, text: str, number: int) -> dict[str, Any]:
        """One work step under "Thành phần công việc:" ("- B2.1. Đo góc (hệ số 0,30 của B2)"), or the work
        written as one paragraph."""
        coef = _COEF.search(text)
        if coef:
            text = text[: coef.start()]
        m = _STEP.match(text)
        if not m:
            return {"code": f"B{number}", "name": text}
        step: dict[str, Any] = {"code": m.group("code") or f"B{number}", "name": m.group("name").strip()}
        if coef:
            step["coefficient"] = self.number(coef.group("k"), None, None)
            if coef.group("parent"):
                step["parent"] = coef.group("parent")
        if m.group("desc"):
            step["description"] = m.group("desc").strip().rstrip(";")
        return step

    # -- a table -----------------------------------------------------------------

    def table(self, grid: list[list[str]], block: _Block) -> None:
        self.table_no += 1
        grid = [[" ".join((c or "").split()) for c in row] for row in grid]
        if not grid:
            return
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]  # a ragged row reads as blank cells
        head = [c.lower() for c in grid[0]]
        if STT_HEADER.lower() in head and any(h.startswith("danh mục") for h in head):
            self.component_table(grid, block)
            return
        cols = self.columns(grid)
        if cols is None:
            return
        norm = self.value_header(grid, cols)
        lines, groups, keys = self.body(grid, cols, block, norm)
        self.finish(norm, cols, lines, groups, keys, block)

    def columns(self, grid: list[list[str]]) -> _Columns | None:
        """Where the fixed columns, the header rows and the value columns of a construction-layout table are."""
        head = [c.lower() for c in grid[0]]
        col = {h: head.index(h.lower()) for h in FIXED_HEADERS + (LIFE_HEADER,) if h.lower() in head}
        name_header = next((h for h in NAME_HEADERS if h.lower() in head), None)
        if name_header is not None:
            col["Tên công tác"] = head.index(name_header.lower())
        if "Thành phần hao phí" not in col or "Đơn vị" not in col:
            self.problem(
                tr("tables.not_a_norm_table"),
                self.where(1),
                "not_a_norm_table",
                tr("tables.not_a_norm_table_ok", header=" | ".join(FIXED_HEADERS)),
            )
            return None
        comp_c = col["Thành phần hao phí"]
        n_head = 0
        while n_head < len(grid) and grid[n_head][comp_c].lower() == "thành phần hao phí":
            n_head += 1
        values_c = list(range(max(col.values()) + 1, len(grid[0])))
        if not values_c:
            self.problem(tr("tables.no_value_column"), self.where(1), "not_a_norm_table")
            return None
        multi = len(values_c) > 1 or n_head > 1
        return _Columns(col, name_header, comp_c, n_head, values_c, multi)

    def value_header(self, grid: list[list[str]], cols: _Columns) -> dict[str, Any]:
        """The norm's header fields: its name column's header, its variant columns and their header."""
        heads = [[grid[r][c] for c in cols.values] for r in range(cols.n_head)]
        top = heads[0][0] if heads else VALUE_HEADER
        norm: dict[str, Any] = {}
        if cols.name_header is not None and cols.name_header != FIXED_HEADERS[1]:
            norm["name_header"] = grid[0][cols.col["Tên công tác"]]
        if not cols.multi:
            if top != VALUE_HEADER:
                norm["variant_header"] = top
            return norm
        labels = heads[-1]
        norm["variants"] = [{"key": str(i + 1), "label": lab} for i, lab in enumerate(labels)]
        if cols.n_head > 1 and top != VALUE_HEADER:
            norm["variant_header"] = top
        if cols.n_head > 2:
            for v, g in zip(norm["variants"], heads[1], strict=True):
                if g:
                    v["group"] = g
        for i, lab in enumerate(labels):
            if not lab:
                self.problem(
                    tr("tables.no_column_header"),
                    self.where(cols.n_head, cols.values[i] + 1),
                    "missing",
                    tr("tables.no_column_header_ok"),
                )
        return norm

    def body(
        self, grid: list[list[str]], cols: _Columns, block: _Block, norm: dict[str, Any]
    ) -> tuple[dict[str, list[dict]], list[str], list[str] | None]:
        """The lines of the table by kind, the group rows it prints, and the column codes of its last row."""
        code_c, name_c = cols.col.get("Mã hiệu"), cols.col.get("Tên công tác")
        group: str | None = None
        step: str | None = None  # the work step opened by a step row ("B1. Chuẩn bị") inside a group
        step_codes = {s["code"]: s["name"] for s in block.steps}
        groups: list[str] = []
        lines: dict[str, list[dict]] = {}
        keys: list[str] | None = None
        for r in range(cols.n_head, len(grid)):
            row = grid[r]
            for key, c in (("code", code_c), ("name", name_c)):
                if c is not None and row[c] and key not in norm:
                    norm[key] = row[c]
            item, unit = row[cols.comp], row[cols.col["Đơn vị"]]
            cells = [row[c] for c in cols.values]
            if not item and not unit:
                keys = cells if any(cells) else keys
                continue
            kind = GROUP_WORDS.get(item.lower())
            if kind and not unit and not any(cells):
                group, step = kind, None
                groups.append(kind)
                continue
            m = _STEP_ROW.match(item)
            if m and not unit and not any(cells) and m.group("code") in step_codes:
                step = m.group("code")
                if m.group("name") != step_codes[step]:
                    self.problem(
                        tr("tables.step_row", item=item, step=step, name=step_codes[step]),
                        self.where(r + 1, cols.comp + 1),
                        "invalid",
                        tr("tables.step_row_ok", step=step, name=step_codes[step]),
                    )
                continue
            parsed = self.line(row, r + 1, cols, group, step)
            if parsed is not None:
                lines.setdefault(parsed[0], []).append(parsed[1])
        return lines, groups, keys

    def line(
        self, row: list[str], rownum: int, cols: _Columns, group: str | None, step: str | None
    ) -> tuple[str, dict[str, Any]] | None:
        """One line of a construction-layout table: its kind and its fields (None when it cannot be read)."""
        item, unit = row[cols.comp], row[cols.col["Đơn vị"]]
        values = [self.number(row[c], rownum, c + 1) for c in cols.values]
        life_c = cols.col.get(LIFE_HEADER)
        kind = self.kind_of(item, unit, group)
        if kind == "percent_rows":
            line: dict[str, Any] = {"name": item, "component": group or "materials"}
        elif kind == "labour":
            line = {**self.labour(item, rownum), "unit": unit}
        elif kind == "energy":
            line = {"name": item, "unit": unit}
        else:
            line = {**self.named(item, power=kind == "equipment"), "unit": unit}
            if kind == "tools" and life_c is not None and row[life_c]:
                line["life_months"] = self.number(row[life_c], rownum, life_c + 1)
        if step is not None:
            line["work_step"] = step
        if cols.multi:
            line["values"] = values
        elif values[0] == NOT_USED:
            self.problem(
                tr("tables.dash_in_one_column", item=item),
                self.where(rownum, cols.values[0] + 1),
                "invalid",
                tr("tables.dash_in_one_column_ok"),
            )
            return None
        else:
            line["loaded" if kind == "equipment" else "quantity"] = values[0]
        return kind, line

    def finish(
        self,
        norm: dict[str, Any],
        cols: _Columns,
        lines: dict[str, list[dict]],
        groups: list[str],
        keys: list[str] | None,
        block: _Block,
    ) -> None:
        """Code, name, column codes, group rows and unit of a construction-layout norm; then keep it."""
        code_c, name_c = cols.col.get("Mã hiệu"), cols.col.get("Tên công tác")
        if "code" not in norm:
            self.problem(
                tr("tables.no_code"), self.where(cols.n_head + 1, (code_c or 0) + 1), "missing", tr("tables.no_code_ok")
            )
            norm["code"] = f"BANG{self.table_no}"
        if "name" not in norm:
            self.problem(
                tr("tables.no_name"), self.where(cols.n_head + 1, (name_c or 1) + 1), "missing", tr("tables.no_name_ok")
            )
        if keys is not None and cols.multi:
            norm["show_variant_keys"] = True
            for v, key in zip(norm["variants"], keys, strict=True):
                v["key"] = key
                if norm["code"][-1:].isdigit() and key.isdigit():
                    # Construction-norm convention: the column's code is the table code followed by its key.
                    v["code"] = norm["code"] + key
        present = [
            g
            for g in ("materials", "labour", "equipment", "tools", "energy")
            if lines.get(g) or any(p["component"] == g for p in lines.get("percent_rows", []))
        ]
        if groups != present:
            norm["group_rows"] = groups
        norm.update(lines)
        norm["unit_label"] = block.unit_label
        if block.unit_label is None:
            self.problem(tr("tables.no_unit_line"), self.where(None), "missing", tr("tables.no_unit_line_ok"))
        else:
            norm["unit"] = self.service_unit(block.unit_label)
        if block.steps:
            norm["work_steps"] = block.steps
        norm["_table"] = self.table_no
        self.norms.append(norm)

    def component_table(self, grid: list[list[str]], block: _Block) -> None:
        """A table of components (TN&MT layout): STT | Danh mục ... | Đơn vị tính | [Thời hạn (tháng)] |
        [Công suất] | Định mức (Ca/cả nước), captioned "Bảng N" above it."""
        head = grid[0]
        low = [h.lower() for h in head]
        stt_c = low.index(STT_HEADER.lower())
        item_c = next(i for i, h in enumerate(low) if h.startswith("danh mục"))
        unit_c = next((i for i, h in enumerate(low) if h.startswith("đơn vị")), None)
        life_c = low.index(LIFE_HEADER.lower()) if LIFE_HEADER.lower() in low else None
        power_c = next((i for i, h in enumerate(low) if h.startswith("công suất")), None)
        value_cs = [i for i in range(len(head)) if i not in (stt_c, item_c, unit_c, life_c, power_c)]
        default = next((k for word, k in _ITEM_KINDS if word in low[item_c]), None)
        # header rows repeat "STT" (a merged cell): the last one holds the variant columns' labels
        n_head = 1
        while n_head < len(grid) and grid[n_head][stt_c].lower() == STT_HEADER.lower():
            n_head += 1
        per = _PER_UNIT.search(head[value_cs[0]]) if value_cs else None
        if unit_c is None or per is None or default is None or (len(value_cs) > 1 and n_head == 1):
            self.problem(
                tr("tables.components_columns"),
                self.where(1),
                "not_a_norm_table",
                "STT | Danh mục dụng cụ | Đơn vị tính | [Thời hạn (tháng)] | [Công suất] | Định mức (Ca/cả nước)",
            )
            return
        time_unit = per.group("time").lower()
        norm: dict[str, Any] = {
            "table_layout": "components",
            "item_header": head[item_c],
            "unit_header": head[unit_c],
            "variant_header": head[value_cs[0]],
        }
        multi = n_head > 1
        if multi:
            labels = [grid[n_head - 1][c] for c in value_cs]
            norm["variants"] = [{"key": str(i + 1), "label": lab} for i, lab in enumerate(labels)]
            if n_head > 2:
                for v, c in zip(norm["variants"], value_cs, strict=True):
                    if grid[1][c]:
                        v["group"] = grid[1][c]
        if power_c is not None:
            norm["power_header"] = head[power_c]
        if block.caption is None:
            self.problem(
                tr("tables.no_caption"),
                self.where(None),
                "missing",
                tr("tables.no_caption_ok"),
            )
        else:
            caption = _CAPTION.match(block.caption)
            assert caption is not None  # block.caption is only set from a match
            norm["code"] = caption.group("no").rstrip(".")
            norm["name"] = block.caption
        group: str | None = None
        groups: list[str] = []
        lines: dict[str, list[dict]] = {}
        cols = {"item": item_c, "unit": unit_c, "life": life_c, "power": power_c, "values": value_cs, "time": time_unit}
        for r in range(n_head, len(grid)):
            row, rownum = grid[r], r + 1
            item, unit = row[item_c], row[unit_c]
            if GROUP_WORDS.get(item.lower()) and not unit and not any(row[c] for c in value_cs):
                group = GROUP_WORDS[item.lower()]
                groups.append(group)
                continue
            expected = str(sum(len(v) for v in lines.values()) + 1)
            if row[stt_c] != expected:
                self.problem(
                    tr("tables.stt", value=row[stt_c]),
                    self.where(rownum, stt_c + 1),
                    "invalid",
                    expected,
                )
            kind, line = self.component_line(row, rownum, cols, group or default, multi)
            lines.setdefault(kind, []).append(line)
        if groups:
            norm["group_rows"] = groups
        norm.update(lines)
        norm["unit"] = self.service_unit(per.group("unit"))
        if block.steps:
            norm["work_steps"] = block.steps
        norm["_table"] = self.table_no
        self.norms.append(norm)

    def component_line(
        self, row: list[str], rownum: int, cols: dict[str, Any], kind: str, multi: bool
    ) -> tuple[str, dict[str, Any]]:
        """One row of a table of components: its kind (the table's, or energy) and its fields."""
        item, unit = row[cols["item"]], row[cols["unit"]]
        life_c, power_c = cols["life"], cols["power"]
        values = [self.number(row[c], rownum, c + 1) for c in cols["values"]]
        kind = "energy" if item.lower() == "điện năng" else kind
        value_field = "quantity"
        if kind == "energy":
            line: dict[str, Any] = {"name": item, "unit": unit}
        elif kind == "equipment":
            line = {**self.named(item, power=power_c is None), "unit": cols["time"], "count_unit": unit}
            value_field = "loaded"
            if power_c is not None and row[power_c]:
                line["power_kw"] = self.number(row[power_c], rownum, power_c + 1)
        else:
            line = {**self.named(item), "unit": unit}
            if kind == "tools" and life_c is not None and row[life_c]:
                line["life_months"] = self.number(row[life_c], rownum, life_c + 1)
        if multi:
            line["values"] = values
        else:
            line[value_field] = values[0]
        return kind, line

    def kind_of(self, item: str, unit: str, group: str | None) -> str:
        if unit == "%":
            return "percent_rows"
        if unit in ("công", "công nhóm") or (group is None and item.lower().startswith("nhân công")):
            return "labour"
        if group == "energy" or (unit == "kWh" and item.lower().startswith("điện")):
            return "energy"
        if group in ("equipment", "tools", "materials"):
            return group
        if group == "labour":
            return "labour"
        if unit in ("ca", "giờ"):
            return "equipment"
        return "materials"

    def number(self, text: str, row: int | None, col: int | None):
        if text in DASHES:
            return NOT_USED
        if not text:
            self.problem(
                tr("tables.empty_cell"),
                self.where(row, col),
                "missing",
                tr("tables.empty_cell_ok"),
            )
            return NOT_USED
        try:  # the one number reader; a published Vietnamese table is declared Vietnamese writing
            return read_number(text, decimal=",")
        except NumberError:
            self.problem(
                tr("tables.not_a_number", text=text),
                self.where(row, col),
                "not_a_number",
                tr("tables.not_a_number_ok"),
            )
            return NOT_USED

    def named(self, item: str, power: bool = False) -> dict:
        out: dict[str, Any] = {}
        if power:
            m = _POWER.match(item)
            if m:
                try:
                    out["power_kw"] = read_number(m.group("kw"), decimal=",")
                    item = m.group("name")
                except NumberError:
                    pass
        m = _SPEC.match(item)
        if m:
            out["spec"] = m.group("spec").strip()
            item = m.group("name")
        out["name"] = item.strip()
        return out

    def labour(self, item: str, row: int) -> dict:
        out: dict[str, Any] = {}
        m = _SPEC.match(item)
        if m:
            grade_text = m.group("spec").strip()
            found = self.grade(grade_text)
            if found:
                out.update(found)
                item = m.group("name")
        if " - " in item:
            role, _, grp = item.rpartition(" - ")
            if grp.lower().startswith("nhóm"):
                out["group"] = grp.strip()
                item = role
        out["role"] = item.strip()
        return out

    def grade(self, text: str) -> dict | None:
        m = re.match(r"^(?P<label>.+?)(?: bậc (?P<step>\d+)/(?P<steps>\d+))?$", text)
        if not m:
            return None
        for g in self.registry.grades.values():
            if g.label.lower() == m.group("label").lower():
                out: dict[str, Any] = {"grade": g.code}
                if m.group("step"):
                    out["step"] = int(m.group("step"))
                return out
        return None

    def service_unit(self, label: str) -> str:
        units = self.registry.units_of("service")
        head = label.split("(")[0].strip()
        for cand in (head, _LEADING_COUNT.sub("", head).strip(), head.replace(" ", "")):
            if cand in units:
                return cand
        stripped = _LEADING_COUNT.sub("", head).strip()
        self.problem(
            tr("tables.unknown_unit", unit=stripped or head, label=label),
            self.where(None, None, "unit"),
            "unknown_unit",
            tr("tables.unknown_unit_ok", units=", ".join(units)),
        )
        return stripped or head


# ---------------------------------------------------------------------------- sources


def _docx_items(path: Path):
    """Paragraphs and tables of a .docx in reading order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "p", Paragraph(child, document).text
        elif tag == "tbl":
            table = Table(child, document)
            yield "t", [[cell.text for cell in row.cells] for row in table.rows]


def _xlsx_items(path: Path):
    """Rows of every sheet as paragraphs (one text) or tables (from a 'Mã hiệu'/'Thành phần hao phí' header)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    try:
        for ws in wb.worksheets:
            merged = {}
            for rng in ws.merged_cells.ranges:
                top = ws.cell(rng.min_row, rng.min_col).value
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        merged[(r, c)] = top
            table: list[list[str]] | None = None
            for r in range(1, ws.max_row + 1):
                vals = []
                for c in range(1, ws.max_column + 1):
                    v = merged.get((r, c), ws.cell(r, c).value)
                    vals.append(_xl_text(ws.cell(r, c), v))
                texts = [v for v in vals if v]
                if table is not None:
                    if not texts:
                        yield "t", table
                        table = None
                    else:
                        table.append(vals)
                    continue
                low = [v.lower() for v in vals]
                if "thành phần hao phí" in low:
                    table = [vals]
                elif texts:
                    yield "p", " ".join(texts)
            if table is not None:
                yield "t", table
    finally:
        wb.close()


def _xl_text(cell, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        from ..core.vnformat import format_published
        from ..io.excel import fixed_places

        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        places = fixed_places(cell.number_format)
        if places is not None:
            d = d.quantize(Decimal(1).scaleb(-places))
        return format_published(d)
    return str(value)


def _check_size(path: Path) -> None:
    try:
        from ..core.yamlio import check_size
    except ImportError:  # pragma: no cover
        return
    check_size(path)


def import_tables(path: str | Path, registry: Registry | None = None, title: str | None = None) -> NormSet:
    """Read the norm tables of a published ``.docx`` or ``.xlsx`` into a :class:`NormSet`.

    ``registry`` holds the units and grades the tables use (a province's own, or
    the registry in use). Every problem — an unreadable cell, a missing unit
    line, a unit not in the registry — is reported at once with table, row and
    cell; nothing is guessed.

    >>> import pathlib, tempfile, dinhmuc as dm
    >>> from dinhmuc.dossier.norm_table import write_annex
    >>> norm_set = dm.load_norm_set(dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> docx = write_annex(norm_set.model_copy(update={"norms": norm_set.norms[:1]}),
    ...                    pathlib.Path(tempfile.mkdtemp()) / "phu_luc.docx")  # the published layout
    >>> back = dm.import_tables(docx)
    >>> back.codes, back["KC01"].line("LD1").quantity
    (['KC01'], Decimal('55.93'))
    """
    path = Path(path)
    src = str(path)
    if not path.is_file():
        raise InputError(Problem(tr("tables.not_found"), Location(src), "not_found", tr("tables.not_found_ok")))
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        items = _docx_items
    elif suffix in (".xlsx", ".xlsm"):
        items = _xlsx_items
    else:
        raise InputError(
            Problem(tr("tables.file_type", suffix=suffix), Location(src), "file_type", tr("tables.file_type_ok"))
        )
    reg = registry or active_registry()
    reader = _Reader(src, reg)
    block = _Block()
    try:
        for kind, content in items(path):
            if kind == "p":
                reader.paragraph(content, block)
            else:
                reader.table(content, block)
                block = _Block()
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the Word/Excel readers is an unreadable file
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        raise InputError(
            Problem(
                tr("tables.not_readable", suffix=suffix, error=type(exc).__name__),
                Location(src),
                "not_readable",
                tr("tables.not_readable_ok"),
            )
        ) from None
    if not reader.norms and not reader.problems:
        reader.problem(
            tr("tables.no_table"),
            Location(src),
            "no_table",
            tr("tables.no_table_ok", header=" | ".join(FIXED_HEADERS)),
        )
    raise_if(reader.problems, src)
    tables = [n.pop("_table") for n in reader.norms]
    data = {"title": title or reader.title or path.stem, **reader.set_fields, "norms": reader.norms}
    with using_registry(reg):
        try:
            return NormSet.model_validate(data, context={"registry": reg})
        except ValidationError as exc:

            def locate(loc: tuple) -> Location:
                if len(loc) >= 2 and loc[0] == "norms" and isinstance(loc[1], int) and loc[1] < len(tables):
                    field_ = next((p for p in reversed(loc) if isinstance(p, str)), None)
                    return Location(src, f"bảng {tables[loc[1]]}", None, field_)
                return Location(src, None, None, ".".join(map(str, loc)) or None)

            raise_if([problem_from_error(e, locate) for e in exc.errors()], src)
            raise  # pragma: no cover
