"""Make Word documents of the published norm tables kept as test fixtures.

Each fixture (tests/cases/tables/published/*.yaml) holds a norm table as its
issuer published it, cell by cell, with its source: the construction layout
(Mã hiệu | Tên công tác | Thành phần hao phí | Đơn vị | values) or a TN&MT table
of components (STT | Danh mục dụng cụ | Đơn vị tính | ... | Định mức (Ca/cả nước)). This script writes it as a
Word document in the published layout — heading, "Thành phần công việc", the
unit line, then the table with its merged header and code cells — using
python-docx directly (not dinhmuc's renderer, so the tests compare two
independent writings). Regenerate with::

    python scripts/make_published_tables.py [OUT_DIR]

(default: next to each fixture, same name, .docx).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
#: Published tables, and illustrative ones (marked published: false) that cover the other row kinds.
FIXTURE_DIRS = [ROOT / "tests" / "cases" / "tables" / d for d in ("published", "illustrative")]
FIXED = 4  # Mã hiệu, name, Thành phần hao phí, Đơn vị


def _merges(table: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Merged areas of a published table: repeated header cells, and the code and name cells of the body.

    A table of components (TN&MT layout, first header "STT") merges its header cells only."""
    components = table[0][0] == "STT"
    head_col = 0 if components else 2
    head_text = "STT" if components else "Thành phần hao phí"
    n_head = 0
    while n_head < len(table) and table[n_head][head_col] == head_text:
        n_head += 1
    width = len(table[0])
    fixed = FIXED
    if components:  # the columns before the values: their header is the same on every header row
        fixed = next(c for c in range(width) if table[0][c] != table[n_head - 1][c] or c == width - 1)
        if n_head == 1:
            return []
    out = []
    if n_head > 1:
        for c in range(width):
            r = 0
            while r < n_head:
                end = r
                while end + 1 < n_head and table[end + 1][c] == table[r][c]:
                    end += 1
                if end > r:
                    out.append((r, c, end, c))
                r = end + 1
    for r in range(n_head):
        c = fixed
        while c < width:
            end = c
            while end + 1 < width and table[r][end + 1] == table[r][c]:
                end += 1
            if end > c and not any(m[0] <= r <= m[2] and m[1] <= c <= m[3] for m in out):
                out.append((r, c, r, end))
            c = end + 1
    if len(table) > n_head and not components:
        out.append((n_head, 0, len(table) - 1, 0))
        out.append((n_head, 1, len(table) - 1, 1))
    return out


def write_fixture(fixture: Path, out: Path) -> Path:
    """Write one fixture as a .docx; returns the path."""
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    if data.get("attached_line"):
        doc.add_paragraph("Phụ lục").alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(data.get("title", "").upper()).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(data["attached_line"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(data["heading"]).runs[0].bold = True
    steps = data.get("work_steps") or []
    if steps:
        doc.add_paragraph("Thành phần công việc:")
        for step in steps:
            doc.add_paragraph(step if len(steps) == 1 else f"- {step}")
    if data.get("unit_line"):  # a table of components gives its unit in its value header
        doc.add_paragraph(data["unit_line"])
    table = data["table"]
    t = doc.add_table(rows=len(table), cols=len(table[0]))
    t.style = "Table Grid"
    merges = _merges(table)
    covered = {
        (r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)
    }
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            if (r, c) not in covered and text:
                t.cell(r, c).paragraphs[0].add_run(str(text))
    for r0, c0, r1, c1 in merges:
        t.cell(r0, c0).merge(t.cell(r1, c1))
    for note in data.get("notes") or []:
        doc.add_paragraph(f"Ghi chú: {note}")
    import datetime as _dt

    doc.core_properties.author = "dinhmuc test fixtures"
    doc.core_properties.created = doc.core_properties.modified = _dt.datetime(2000, 1, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else None
    for fixture in sorted(f for d in FIXTURE_DIRS for f in d.glob("*.yaml")):
        target = (out_dir or fixture.parent) / (fixture.stem + ".docx")
        print(write_fixture(fixture, target))


if __name__ == "__main__":
    main(sys.argv)
