"""Khối nội dung — fast python-docx building blocks for the dossier's variable parts.

Used on docxtpl subdocs (whose style lookups go to the template's own
styles) and by ``scripts/make_templates.py``. Tables are written row by row
with ``table.add_row().cells`` and text set on fresh runs (python-docx's
``table.cell(r, c)`` is O(n) and would make large norm tables slow).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt
from docx.text.run import Run

from . import layout

__all__ = ["add_signature_columns", "heading", "page_break", "para", "table"]

TABLE_STYLE_ID = "dinhmucTableText"  # style id of layout.STYLE_TABLE_TEXT
_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT,
          "j": WD_ALIGN_PARAGRAPH.JUSTIFY}


def para(container, text: str = "", *, bold: bool = False, italic: bool = False, align: str | None = None,
         size: float | None = None, indent: bool = True, before: float | None = None, after: float | None = None,
         keep_next: bool = False):
    """A body paragraph (Normal style: Times New Roman 14, justified, first-line indent 1,27 cm)."""
    p = container.add_paragraph()
    if text:
        layout._run(p, text, size=size or layout.BODY_SIZE, bold=bold, italic=italic)
    pf = p.paragraph_format
    if align:
        pf.alignment = _ALIGN[align]
    if not indent:
        pf.first_line_indent = Cm(0)
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    return p


def heading(container, text: str, *, align: str = "l", size: float = 14, upper: bool = False):
    """A bold section heading ("I. CĂN CỨ PHÁP LÝ", "1. Hao phí lao động"), kept with the next paragraph."""
    return para(container, text.upper() if upper else text, bold=True, align=align, size=size, indent=align != "c",
                before=6, after=4, keep_next=True)


def page_break(container):
    p = container.add_paragraph()
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def _cell_text(cell, text: str, align: str, bold: bool = False, italic: bool = False):
    """Header cells (few): through python-docx."""
    p = cell.paragraphs[0]
    ppr = p._p.get_or_add_pPr()
    ppr.style = TABLE_STYLE_ID
    if align != "l":
        ppr.jc_val = _ALIGN[align]
    if text:
        for i, line in enumerate(str(text).split("\n")):
            r = p._p.add_r()
            if i:
                r.add_br()
            r.add_t(line)
            if bold or italic:
                run = Run(r, p)
                if bold:
                    run.bold = True
                if italic:
                    run.italic = True


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


_W = {name: qn(f"w:{name}") for name in ("tr", "tc", "tcPr", "tcW", "p", "pPr", "pStyle", "jc", "r", "rPr", "b", "i",
                                         "t", "br", "w", "type", "val")}
_JC = {"c": "center", "r": "right", "j": "both"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _fast_row(tbl, values: Sequence, aligns: str, widths_twips: Sequence[int], bold: bool = False,
              italic: bool = False) -> None:
    """One body row written straight as WordprocessingML (python-docx's proxies are ~50x slower)."""
    from lxml import etree

    sub = etree.SubElement
    w = _W
    tr = sub(tbl, w["tr"])
    for text, a, width in zip(values, aligns, widths_twips):
        tc = sub(tr, w["tc"])
        tcpr = sub(tc, w["tcPr"])
        tcw = sub(tcpr, w["tcW"])
        tcw.set(w["w"], str(width))
        tcw.set(w["type"], "dxa")
        p = sub(tc, w["p"])
        ppr = sub(p, w["pPr"])
        sub(ppr, w["pStyle"]).set(w["val"], TABLE_STYLE_ID)
        if a in _JC:
            sub(ppr, w["jc"]).set(w["val"], _JC[a])
        if not text:
            continue
        r = sub(p, w["r"])
        if bold or italic:
            rpr = sub(r, w["rPr"])
            if bold:
                sub(rpr, w["b"])
            if italic:
                sub(rpr, w["i"])
        for i, line in enumerate(str(text).split("\n")):
            if i:
                sub(r, w["br"])
            t = sub(r, w["t"])
            t.text = line
            if line[:1].isspace() or line[-1:].isspace():
                t.set(_XML_SPACE, "preserve")


def table(container, headers: Sequence[str], rows: Iterable[Sequence], widths_mm: Sequence[float],
          aligns: str | None = None, bold_rows: Iterable[int] = (), header_rows: Sequence[Sequence[str]] = ()):
    """A bordered data table ("Table Grid", 13 pt text): bold centred header repeated on each page.

    ``rows`` hold strings (already formatted: numbers in Vietnamese style);
    ``aligns`` is one letter per column (l, c, r). Rows listed in
    ``bold_rows`` (0-based) are bold (totals). Returns the table.
    """
    n = len(headers)
    aligns = aligns or "l" * n
    bold_rows = set(bold_rows)
    t = container.add_table(rows=1, cols=n)
    t._tbl.tblPr.style = "TableGrid"  # by id: a look-up by name costs a scan of every style
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Mm(w) for w in widths_mm]
    for col, w in zip(t.columns, widths):
        col.width = w
    head_cells = t.rows[0].cells
    for cell, text, w in zip(head_cells, headers, widths):
        cell.width = w
        _cell_text(cell, text, "c", bold=True)
    _repeat_header(t.rows[0])
    twips = [int(w.twips) for w in widths]
    for extra in header_rows:
        _fast_row(t._tbl, extra, "c" * n, twips, italic=True)
    for i, row in enumerate(rows):
        _fast_row(t._tbl, ["" if v is None else str(v) for v in row], aligns, twips, bold=i in bold_rows)
    return t


def add_signature_columns(document, columns: Sequence[tuple[Sequence[str], str | None, str | None]],
                          signature_space: int = 4):
    """Chữ ký không có nơi nhận — signature block(s) side by side, without "Nơi nhận".

    Each column is ``(title_lines, note, name)``: title lines uppercase bold
    14 pt (NĐ 30/2020 Phụ lục I, chức vụ người ký), an italic note such as
    "(Ký, ghi rõ họ tên)", empty lines for the signature and the name in bold.
    A single column sits on the right half, as the signature of a document does.
    """
    layout._ensure_styles(document)
    width = layout._text_width_of(document)
    cols = list(columns)
    if len(cols) == 1:
        widths = (int(width * 0.45), width - int(width * 0.45))
        cols = [((), None, None)] + cols
    else:
        each = width // len(cols)
        widths = tuple([each] * (len(cols) - 1) + [width - each * (len(cols) - 1)])
    tbl = layout._layout_table(document, widths)
    for cell, (titles, note, name) in zip(tbl.rows[0].cells, cols):
        first = [cell.paragraphs[0]]
        for i, line in enumerate(titles):
            layout._run(layout._format(layout._new_paragraph(cell, first), before=6 if i == 0 else 0), line.upper(),
                        size=14, bold=True)
        if note:
            layout._run(layout._format(layout._new_paragraph(cell, first)), note, size=14, italic=True)
        if titles or note or name:
            for _ in range(signature_space):
                layout._format(layout._new_paragraph(cell, first))
        if name:
            layout._run(layout._format(layout._new_paragraph(cell, first)), name, size=14, bold=True)
    return tbl


def dotted_lines(container, count: int = 2, width_chars: int = 95):
    """Dòng chấm để điền — lines of dots for handwritten answers."""
    for _ in range(count):
        para(container, "." * width_chars, indent=False, after=2, size=13)


def checkbox_line(container, text: str):
    """☐ followed by the text (a box to tick on a printed form)."""
    return para(container, "\u2610  " + text, indent=False, after=3)


def set_cell_width(cell, mm: float) -> None:
    cell.width = Emu(int(Mm(mm)))
