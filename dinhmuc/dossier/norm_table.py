"""Norm tables in the published layout (bảng định mức theo mẫu công bố).

One table per norm, as ministries and provinces print them::

    Mã hiệu | Tên công tác | Thành phần hao phí | Đơn vị | [Thời hạn] | value column per variant
    AE.111  | Xây móng     | Vật liệu           |        |           |
            |              | Vữa                | m3     |           | 0,420 | 0,420
            |              | Nhân công 3,5/7    | công   |           | 1,81  | 1,74
            |              | ...                                      | 10    | 20     <- codes of the columns

Group rows (Vật liệu, Nhân công, Máy thi công, Dụng cụ, Điện năng), percent rows
("Vật liệu khác", %) at the end of their group, "-" where an item is not used in
a column, and every value printed with exactly its published digits (never
rounded). :func:`norm_grid` gives the table as text cells (what tests compare
and the importer reads back); :func:`add_norm_table` draws it in a Word
document; :func:`annex_document` is the annex of a whole norm set
(``dinhmuc annex``). The dossier's annex uses the same :func:`add_norm_table`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.labels import TABLE_GROUP_LABELS
from ..core.registry import registry_from
from ..core.vnformat import decimal_places, format_published
from ..norm import EquipmentLine, LabourLine, Line, Norm, NormSet
from ..norm.lines import AnyLine

#: Print order of the groups of a published table.
GROUP_ORDER = ("materials", "labour", "equipment", "tools", "energy")
FIXED_HEADERS = ("Mã hiệu", "Tên công tác", "Thành phần hao phí", "Đơn vị")
#: Other headers published tables give the name column.
NAME_HEADERS = ("Tên công tác", "Công tác xây dựng", "Tên công việc", "Nội dung công việc", "Tên định mức")
LIFE_HEADER = "Thời hạn (tháng)"
VALUE_HEADER = "Định mức"
#: Headers of a table of components (TN&MT layout): the number column, and the unit column by default.
STT_HEADER = "STT"
UNIT_HEADER = "Đơn vị tính"
#: The item column of a table of components, by the component it lists (when the norm does not say).
ITEM_HEADERS = {
    "tools": "Danh mục dụng cụ",
    "equipment": "Danh mục thiết bị",
    "materials": "Danh mục vật liệu",
    "labour": "Danh mục lao động",
    "energy": "Danh mục",
}
BLANK = "……………"


@dataclass
class Grid:
    """A table as rows of text cells, with its merged areas (row0, col0, row1, col1 inclusive)."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1
    group_rows: set[int] = field(default_factory=set)
    step_rows: set[int] = field(default_factory=set)


def cell_text(value) -> str:
    """A value cell: ``-`` for an item not used, else the published digits (``0,230``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_published(value)


def norm_value_text(value, decimals: int | None = None) -> str:
    """A norm value with at least ``decimals`` places (zeros added), never rounded: a value stored with
    more digits prints them all (a document never rounds a stored value).

    >>> from decimal import Decimal
    >>> norm_value_text(Decimal("0.5"), 2), norm_value_text(Decimal("0.675"), 2), norm_value_text(Decimal("0.230"))
    ('0,50', '0,675', '0,230')
    """
    from decimal import Decimal

    d = Decimal(value) if not isinstance(value, Decimal) else value
    places = decimal_places(d)
    if decimals is not None and places < decimals:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    return format_published(d)


def uses_published_table(norm: Norm) -> bool:
    """True when a norm holds what only the published single table shows: variant columns, tools, energy,
    percent rows, labour by group or role alone."""
    return bool(
        norm.variants or norm.tools or norm.energy or norm.percent_rows or any(l.grade is None for l in norm.labour)
    )


def line_label(line: Line, context=None, power: bool = True) -> str:
    """The item as the "Thành phần hao phí" column prints it (a machine's power in it unless ``power`` is False:
    a table with a power column prints it there)."""
    if isinstance(line, LabourLine):
        grade = line.grade_text(context) if line.grade else ""
        return line.label + (f" ({grade})" if grade else "")
    text = line.label
    spec = getattr(line, "spec", None)
    if spec:
        text += f" ({spec})"
    if power and isinstance(line, EquipmentLine) and line.power_kw is not None:
        text += f" ({format_published(line.power_kw)} kW)"
    return text


def _groups(norm: Norm) -> list[tuple[str, list[AnyLine]]]:
    out = []
    for group in GROUP_ORDER:
        lines: list[AnyLine] = [l for l in getattr(norm, group) if not getattr(l, "derived", False)]
        lines += [p for p in norm.percent_rows if p.component == group]
        if lines:
            out.append((group, lines))
    return out


def step_row_text(step) -> str:
    """The row that opens a work step's lines inside a group: ``B1. Chuẩn bị tài liệu``."""
    return f"{step.code}. {step.name}"


def _by_step(norm: Norm, lines: list[AnyLine]) -> list[AnyLine]:
    """A group's lines as the table prints them when lines name work steps: the lines of no step first,
    then each step's lines in the order of the norm's work steps (each part keeps its own order)."""
    order = {s.code: i for i, s in enumerate(norm.work_steps)}
    return sorted(lines, key=lambda l: -1 if l.work_step is None else order.get(l.work_step, len(order)))


def _header(norm: Norm, fixed: list[str]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The header rows of a table: the ``fixed`` columns, then the value header over one column per variant
    (a second level for variant groups, then the columns' labels), with the merged areas."""
    variants = norm.variants
    n_val = max(1, len(variants))
    nf, width = len(fixed), len(fixed) + n_val
    top = norm.variant_header or VALUE_HEADER
    levels = [[top] * n_val]
    if variants:
        if any(v.group for v in variants):
            levels.append([v.group or "" for v in variants])
        levels.append([v.label for v in variants])
    rows = [fixed + level for level in levels]
    merges: list[tuple[int, int, int, int]] = []
    if len(rows) > 1:
        merges += [(0, c, len(rows) - 1, c) for c in range(nf)]
        # a header cell spans the columns that share its text (the top one spans them all)
        for r in range(len(rows) - 1):
            c = nf
            while c < width:
                end = c
                while end + 1 < width and rows[r][end + 1] == rows[r][c]:
                    end += 1
                if end > c:
                    merges.append((r, c, r, end))
                c = end + 1
    return rows, merges


def component_grid(norm: Norm, context=None) -> Grid:
    """A table of components (``table_layout: components``) as text cells: one numbered row per line.

    ``STT | Danh mục dụng cụ | Đơn vị tính | [Thời hạn (tháng)] | [Công suất] | Định mức (Ca/cả nước)``,
    the value header spanning one column per variant ("1/5000 | 1/10000 | 1/25000") when the norm has
    variants; the energy line (Điện năng) last, group rows only where the norm lists them (``group_rows``).
    """
    groups = _groups(norm)
    has_tools = bool(norm.tools)
    power = norm.power_header
    first = groups[0][0] if groups else "materials"
    fixed = [STT_HEADER, norm.item_header or ITEM_HEADERS[first], norm.unit_header or UNIT_HEADER]
    fixed += ([LIFE_HEADER] if has_tools else []) + ([power] if power else [])
    rows, merges = _header(norm, fixed)
    header_rows = len(rows)
    group_rows: set[int] = set()
    printed = set(norm.group_rows or ())
    blank = [""] * (len(rows[0]) - 2)
    number = 0
    for group, lines in groups:
        if group in printed:
            group_rows.add(len(rows))
            rows.append(["", TABLE_GROUP_LABELS[group]] + blank)
        for line in lines:
            number += 1
            extra = [cell_text(getattr(line, "life_months", None))] if has_tools else []
            extra += [cell_text(getattr(line, "power_kw", None))] if power else []
            unit = str(getattr(line, "count_unit", None) or getattr(line, "unit", ""))
            label = line_label(line, context, power=not power)
            cells = [cell_text(v) for v in line.values] if norm.variants else [cell_text(line.cell(None))]
            rows.append([str(number), label, unit] + extra + cells)
    return Grid(rows, merges, header_rows, group_rows)


def norm_grid(norm: Norm, context=None) -> Grid:
    """The published table of ``norm`` as text cells and merges.

    When lines name their work step, each group prints the lines of no step
    first, then one row per step (:func:`step_row_text`, e.g. "B1. Chuẩn bị")
    followed by that step's lines; the importer reads the step back from it.
    A norm published as a table of components is drawn by :func:`component_grid`.
    """
    if norm.table_layout == "components":
        return component_grid(norm, context)
    variants = norm.variants
    n_val = max(1, len(variants))
    has_tools = bool(norm.tools)
    fixed = list(FIXED_HEADERS) + ([LIFE_HEADER] if has_tools else [])
    if norm.name_header:
        fixed[1] = norm.name_header
    rows, merges = _header(norm, fixed)
    header_rows = len(rows)
    printed = set(norm.group_rows) if norm.group_rows is not None else None
    body_start = len(rows)
    group_rows: set[int] = set()
    step_rows: set[int] = set()
    groups = _groups(norm)
    by_step = any(l.work_step is not None for _, lines in groups for l in lines)
    steps = {s.code: s for s in norm.work_steps}
    blank = ([""] if has_tools else []) + [""] * n_val
    for group, lines in groups:
        if printed is None or group in printed:
            group_rows.add(len(rows))
            rows.append([norm.code, norm.name, TABLE_GROUP_LABELS[group], ""] + blank)
        current = None
        for line in _by_step(norm, lines) if by_step else lines:
            if line.work_step is not None and line.work_step != current:
                current = line.work_step
                step_rows.add(len(rows))
                step = steps.get(current)
                rows.append([norm.code, norm.name, step_row_text(step) if step else f"{current}.", ""] + blank)
            life = ""
            if has_tools:
                life = cell_text(getattr(line, "life_months", None))
            cells = [cell_text(v) for v in line.values] if variants else [cell_text(line.cell(None))]
            rows.append(
                [norm.code, norm.name, line_label(line, context), getattr(line, "unit", "")]
                + ([life] if has_tools else [])
                + cells
            )
    if norm.show_variant_keys and variants:
        rows.append([norm.code, norm.name, "", ""] + ([""] if has_tools else []) + [v.key for v in variants])
    if len(rows) > body_start:
        merges.append((body_start, 0, len(rows) - 1, 0))
        merges.append((body_start, 1, len(rows) - 1, 1))
    return Grid(rows, merges, header_rows, group_rows, step_rows)


def attached_line(norm_set: NormSet) -> str:
    """``(Kèm theo Quyết định số 46/2023/QĐ-UBND ngày 05/9/2023 của UBND tỉnh Kon Tum)``; blanks marked."""
    number = norm_set.decision_number or BLANK
    d = norm_set.signed_on
    date = f"ngày {d.day:02d}/{d.month:02d}/{d.year}" if d else f"ngày {BLANK}"
    body = norm_set.issuing_body or BLANK
    return f"(Kèm theo {norm_set.document_type} số {number} {date} của {body})"


def unit_line(norm: Norm) -> str:
    return f"Đơn vị tính: {norm.unit_text}"


# ---------------------------------------------------------------------------- Word


def add_norm_table(document, norm: Norm, context=None):
    """Draw the published table of ``norm`` at the end of ``document`` (python-docx); returns the table."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    from . import layout

    grid = norm_grid(norm, context)
    n_cols = len(grid.rows[0])
    try:
        avail_mm = layout._text_width_of(document) / 36000  # EMU -> mm
    except (AttributeError, IndexError):  # a container without sections (a sub-document): A4 portrait text width
        avail_mm = 165.0
    components = norm.table_layout == "components"
    item_c = 1 if components else 2  # the item column: takes the width left over
    left = (1,) if components else (1, 2)
    fixed_mm: list[float]
    if components:
        n_val = max(1, len(norm.variants))
        fixed_mm = [12.0, 0.0, 22.0] + [22.0] * (n_cols - 3 - n_val)
        value_mm = 30.0 if n_val == 1 else 22.0
    else:
        n_val = n_cols - (5 if norm.tools else 4)
        fixed_mm = [20.0, 34.0, 0.0, 16.0] + ([18.0] if norm.tools else [])
        value_mm = max(14.0, min(24.0, (avail_mm - sum(fixed_mm) - 50) / max(1, n_val)))
    fixed_mm[item_c] = max(40.0, avail_mm - sum(fixed_mm) - value_mm * n_val - 2)
    widths = fixed_mm + [value_mm] * n_val
    table = document.add_table(rows=len(grid.rows), cols=n_cols)
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    for r, row in enumerate(grid.rows):
        cells = table.rows[r].cells
        for c, text in enumerate(row):
            cell = cells[c]
            cell.width = Mm(widths[c])
            if (r, c) in covered:
                continue
            head = r < grid.header_rows
            group = r in grid.group_rows and c == item_c
            align = "l" if c in left and not head else "c"  # names and items left; numbers, codes, units centred
            _write(cell, text, align, bold=head or group, italic=r in grid.step_rows and c == item_c)
    for r0, c0, r1, c1 in grid.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for r in range(grid.header_rows):
        _repeat_header(table.rows[r])
    return table


def _write(cell, text: str, align: str, bold: bool, italic: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from . import layout

    p = cell.paragraphs[0]
    layout._format(
        p,
        {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT}[align],
        before=2,
        after=2,
    )
    if text:
        layout._run(p, text, size=12, bold=bold, italic=italic)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def add_norm(document, norm: Norm, context=None) -> None:
    """One norm as published: code and name, work steps, unit line, table, notes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from . import layout

    def para(text: str, bold: bool = False, italic: bool = False, before: float = 6):
        p = layout._format(document.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, before=before, after=3)
        layout._run(p, text, size=13, bold=bold, italic=italic)
        return p

    if norm.table_layout == "components":  # a numbered table of its circular: its caption ("Bảng 57")
        para(norm.name, bold=True, before=12)
    else:
        para(f"{norm.code} {norm.name.upper()}", bold=True, before=12)
    if norm.work_steps:
        para("Thành phần công việc:", bold=True)
        single = len(norm.work_steps) == 1 and norm.work_steps[0].code == "B1"
        for i, step in enumerate(norm.work_steps, start=1):
            head = "" if step.code == f"B{i}" else f"{step.code}. "
            text = f"{head}{step.name}" + (f": {step.description}" if step.description else "")
            if step.coefficient is not None:  # a sub-step's share of its parent step's norm
                text += (
                    f" (hệ số {format_published(step.coefficient)}"
                    + (f" của {step.parent}" if step.parent else "")
                    + ")"
                )
            para(text if single else f"- {text}", before=0)  # one step is printed as a paragraph
    if norm.table_layout != "components" or norm.unit_label:  # a table of components gives its unit in its header
        para(unit_line(norm), italic=True)
    add_norm_table(document, norm, context)
    for note in norm.notes:
        para(f"Ghi chú: {note}", italic=True)


def annex_document(norm_set: NormSet, context=None, title: str | None = None):
    """A Word document holding the annex tables of a whole norm set, in the published layout."""
    from docx import Document

    from . import layout

    document = Document()
    layout.apply_base_styles(document)
    wide = any(len(n.variants) > 3 or (n.tools and len(n.variants) > 2) for n in norm_set)
    layout.setup_page(document, landscape=wide)
    layout.add_annex_title(document, "", title or norm_set.title, attached_line(norm_set))
    for norm in norm_set:
        add_norm(document, norm, context)
    return document


def write_annex(norm_set: NormSet, path: str | Path, context=None) -> Path:
    """Write the annex of ``norm_set`` to ``path`` (.docx), byte-stable and atomically."""
    from . import layout

    reg_ctx = context if context is not None else {"registry": registry_from(None)}
    document = annex_document(norm_set, reg_ctx)
    return layout.save_docx_deterministic(document, path)
