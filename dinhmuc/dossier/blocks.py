"""Khối nội dung — fast python-docx building blocks for the dossier's variable parts.

Used on docxtpl subdocs (whose style lookups go to the template's own
styles) and by ``scripts/make_templates.py``. Tables are written row by row
with ``table.add_row().cells`` and text set on fresh runs (python-docx's
``table.cell(r, c)`` is O(n) and would make large norm tables slow).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_TwipsMeasure
from docx.shared import Cm, Emu, Mm, Pt

from . import layout

__all__ = ["add_signature_columns", "heading", "page_break", "para", "table"]

TABLE_STYLE_ID = "dinhmucTableText"  # style id of layout.STYLE_TABLE_TEXT
_ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def para(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align: str | None = None,
    size: float | None = None,
    indent: bool = True,
    before: float | None = None,
    after: float | None = None,
    keep_next: bool = False,
):
    """A body paragraph (Normal style: Times New Roman 14, justified, first-line indent 1,27 cm).

    Its properties are written as python-docx's ``paragraph_format`` writes them (the same elements in schema
    order, the same attributes in the same order: ``tests/test_blocks.py`` compares them), without its
    look-ups: a report has some two thousand paragraphs.
    """
    p = container.add_paragraph()
    if text:
        layout._run(p, text, size=size or layout.BODY_SIZE, bold=bold, italic=italic)
    if align or not indent or before is not None or after is not None or keep_next:
        ppr = p._p.get_or_add_pPr()
        if keep_next:
            ppr.append(OxmlElement("w:keepNext"))
        if before is not None or after is not None:
            spacing = OxmlElement("w:spacing")
            if before is not None:
                spacing.set(qn("w:before"), ST_TwipsMeasure.convert_to_xml(Pt(before)))
            if after is not None:
                spacing.set(qn("w:after"), ST_TwipsMeasure.convert_to_xml(Pt(after)))
            ppr.append(spacing)
        if not indent:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:firstLine"), "0")
            ppr.append(ind)
        if align:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), _JC[align])
            ppr.append(jc)
    return p


#: w:jc values of the alignments (what python-docx writes for WD_ALIGN_PARAGRAPH)
_JC = {"l": "left", "c": "center", "r": "right", "j": "both"}


def heading(container, text: str, *, align: str = "l", size: float = 14, upper: bool = False):
    """A bold section heading ("I. CĂN CỨ PHÁP LÝ", "1. Hao phí lao động"), kept with the next paragraph."""
    return para(
        container,
        text.upper() if upper else text,
        bold=True,
        align=align,
        size=size,
        indent=align != "c",
        before=6,
        after=4,
        keep_next=True,
    )


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
    if len(ppr):
        ppr.style = TABLE_STYLE_ID
        if align != "l":
            ppr.jc_val = _ALIGN[align]
    else:  # a new cell's paragraph: the same elements, appended in schema order without python-docx's look-ups
        style = OxmlElement("w:pStyle")
        style.val = TABLE_STYLE_ID
        ppr.append(style)
        if align != "l":
            jc = OxmlElement("w:jc")
            jc.val = _ALIGN[align]
            ppr.append(jc)
    if text:
        for i, line in enumerate(str(text).split("\n")):
            r = p._p.add_r()
            if i:
                r.add_br()
            r.add_t(line)
            if bold or italic:  # <w:rPr><w:b/><w:i/></w:rPr>, as Run.bold / Run.italic write it
                rpr = OxmlElement("w:rPr")
                if bold:
                    rpr.append(OxmlElement("w:b"))
                if italic:
                    rpr.append(OxmlElement("w:i"))
                r.insert(0, rpr)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


_NUMERIC = re.compile(r"^[-+−]?[\d.,]+\s*%?$|^—$")
_CELL_PAD_MM = 3.8  # Table Grid cell margins: 1,9 mm left and right


_NARROW = {".": 0.25, ",": 0.25, "-": 0.33, "−": 0.56, "%": 0.83, " ": 0.25, "—": 1.0}


@functools.lru_cache(maxsize=65536)  # the same words and numbers recur in every table of a dossier
def _token_mm(text: str, size: float, bold: bool = False) -> float:
    """Printed width of one unbreakable piece in mm (Times New Roman: digits 1/2 em, "." and "," 1/4 em)."""
    if text and all(c.isdigit() or c in _NARROW for c in text):
        em = sum(0.5 if c.isdigit() else _NARROW[c] for c in text)
        width = em * size * 25.4 / 72
    else:
        extra = sum(0.56 for c in text if c == "%")  # "%" is a full em, the estimate counts half
        width = (layout._text_width(text, size, bold) / 36000 + extra * size * 25.4 / 72) * (1.2 if bold else 1.0)
    return width * 1.1 + _CELL_PAD_MM


def _needed_mm(text: str, numeric: bool, size: float, bold: bool = False) -> float:
    """The narrowest column that shows ``text`` without breaking a number or inside a word."""
    widest = 0.0
    for line in str(text).split("\n"):
        tokens = [line] if numeric and _NUMERIC.match(line.strip()) else line.replace("\u00a0", "\u0000").split()
        for tok in tokens:
            widest = max(widest, _token_mm(tok.replace("\u0000", " "), size, bold))
    return widest


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence],
    widths_mm: Sequence[float],
    aligns: str,
    size: float = layout.TABLE_TEXT_SIZE,
) -> list[float]:
    """Column widths from content: every column is at least as wide as its longest number (numbers never
    break, "401.633.860" stays on one line) and its longest word (header words in bold); the width a narrow
    column needs is taken from the columns with room to spare, so the table keeps its total width.

    >>> w = fit_widths(["TT", "Dịch vụ", "Đơn giá"], [["1", "Hội chợ", "401.633.860"]], [10, 60, 12], "clr")
    >>> w[2] > 12, round(sum(w), 6)
    (True, 82.0)
    """
    widths = [float(w) for w in widths_mm]
    need = [0.0] * len(widths)
    for j, h in enumerate(headers):
        need[j] = _needed_mm(h, False, size, bold=True)
    for row in rows:
        for j, v in enumerate(row):
            if j < len(need) and v:
                need[j] = max(need[j], _needed_mm(str(v), aligns[j] in "rc", size))
    total = sum(widths)
    if sum(need) > total:
        # not everything fits: numbers and short centred cells first (they must not break); the text columns
        # share what is left in proportion to their declared widths and wrap between words
        fixed = [need[j] if aligns[j] != "l" else 0.0 for j in range(len(widths))]
        rest = total - sum(fixed)
        others = sum(w for j, w in enumerate(widths) if aligns[j] == "l")
        if rest <= 0 or others <= 0:
            return widths
        return [fixed[j] if aligns[j] != "l" else w * rest / others for j, w in enumerate(widths)]
    deficit = sum(max(n - w, 0) for n, w in zip(need, widths, strict=True))
    if deficit <= 0:
        return widths
    slack = [max(w - n, 0) for n, w in zip(need, widths, strict=True)]
    room = sum(slack)
    return [max(n, w) if n > w else w - deficit * s / room for n, w, s in zip(need, widths, slack, strict=True)]


def _no_orphan(text: str) -> str:
    """A header of three words or more keeps its last two words together (no word alone on the last line)."""
    words = str(text).split(" ")
    if len(words) >= 3 and "\n" not in text:
        return " ".join(words[:-1]) + "\u00a0" + words[-1]
    return text


_W = {
    name: qn(f"w:{name}")
    for name in (
        "tr",
        "tc",
        "tcPr",
        "tcW",
        "p",
        "pPr",
        "pStyle",
        "jc",
        "r",
        "rPr",
        "b",
        "i",
        "t",
        "br",
        "w",
        "type",
        "val",
        "trPr",
        "cantSplit",
    )
}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _fast_row(
    tbl, values: Sequence, aligns: str, widths_twips: Sequence[int], bold: bool = False, italic: bool = False
) -> None:
    """One body row written straight as WordprocessingML (python-docx's proxies are ~50x slower)."""
    from lxml import etree

    sub = etree.SubElement
    w = _W
    tr = sub(tbl, w["tr"])
    sub(sub(tr, w["trPr"]), w["cantSplit"])  # a row never splits across pages
    for text, a, width in zip(values, aligns, widths_twips, strict=True):
        tc = sub(tr, w["tc"])
        tcpr = sub(tc, w["tcPr"])
        tcw = sub(tcpr, w["tcW"])
        tcw.set(w["w"], str(width))
        tcw.set(w["type"], "dxa")
        p = sub(tc, w["p"])
        ppr = sub(p, w["pPr"])
        sub(ppr, w["pStyle"]).set(w["val"], TABLE_STYLE_ID)
        if a != "l" and a in _JC:  # a cell left-aligned by its style: no w:jc
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


def table(
    container,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths_mm: Sequence[float],
    aligns: str | None = None,
    bold_rows: Iterable[int] = (),
    header_rows: Sequence[Sequence[str]] = (),
):
    """A bordered data table ("Table Grid", 13 pt text): bold centred header repeated on each page.

    ``rows`` hold strings (already formatted: numbers in Vietnamese style);
    ``aligns`` is one letter per column (l, c, r). Rows listed in
    ``bold_rows`` (0-based) are bold (totals). Widths are fitted to the content (:func:`fit_widths`): no
    number breaks across lines; no row splits across pages; a header keeps its last two words together.
    Returns the table.
    """
    n = len(headers)
    aligns = aligns or "l" * n
    bold_rows = set(bold_rows)
    rows = [list(r) for r in rows]
    widths_mm = fit_widths(headers, rows, widths_mm, aligns)
    # a header keeps its last two words together where the pair fits the column (else it may break anywhere)
    headers = [
        j if _needed_mm(j, False, layout.TABLE_TEXT_SIZE, bold=True) <= w else h
        for h, j, w in ((h, _no_orphan(h), w) for h, w in zip(headers, widths_mm, strict=True))
    ]
    t = container.add_table(rows=1, cols=n)
    t._tbl.tblPr.style = "TableGrid"  # by id: a look-up by name costs a scan of every style
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Mm(w) for w in widths_mm]
    for col, w in zip(t.columns, widths, strict=True):
        col.width = w
    head_cells = t.rows[0].cells
    for cell, text, w in zip(head_cells, headers, widths, strict=True):
        cell.width = w
        _cell_text(cell, text, "c", bold=True)
    _repeat_header(t.rows[0])
    twips = [int(w.twips) for w in widths]
    for extra in header_rows:
        _fast_row(t._tbl, extra, "c" * n, twips, italic=True)
    for i, row in enumerate(rows):
        _fast_row(t._tbl, ["" if v is None else str(v) for v in row], aligns, twips, bold=i in bold_rows)
    return t


def add_signature_columns(
    document, columns: Sequence[tuple[Sequence[str], str | None, str | None]], signature_space: int = 4
):
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
        widths: tuple[int, ...] = (int(width * 0.45), width - int(width * 0.45))
        cols = [((), None, None)] + cols
    else:
        each = width // len(cols)
        widths = tuple([each] * (len(cols) - 1) + [width - each * (len(cols) - 1)])
    tbl = layout._layout_table(document, widths)
    for cell, (titles, note, name) in zip(tbl.rows[0].cells, cols, strict=True):
        first = [cell.paragraphs[0]]
        for i, line in enumerate(titles):
            layout._run(
                layout._format(layout._new_paragraph(cell, first), before=6 if i == 0 else 0),
                line.upper(),
                size=14,
                bold=True,
            )
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
