"""Thể thức văn bản — Nghị định 30/2020/NĐ-CP layout primitives on python-docx.

Small helpers used by the dossier generators, both on documents made from
scratch and on documents rendered from docxtpl templates. Every helper sets the
font of the runs it creates explicitly (Times New Roman, all four ``w:rFonts``
slots), so the result does not depend on the template's own styles.

Sizes chosen inside the ranges of NĐ 30/2020, Phụ lục I:

=============================  ==========================  =========
element                        style                       size (pt)
=============================  ==========================  =========
body text (Normal)             justified, indent 1,27 cm   14
cơ quan chủ quản               uppercase                   13
cơ quan ban hành               uppercase bold + rule       13
số, ký hiệu                    "Số: 15/QĐ-UBND"            13
quốc hiệu                      uppercase bold              13
tiêu ngữ                       bold, underlined            14
địa danh, ngày tháng           italic                      14
tên loại / trích yếu           uppercase bold / bold       14
"Nơi nhận:" / entries          bold italic / regular       12 / 11
chức vụ, họ tên người ký       uppercase bold / bold       14
số trang                       header, centred             14
=============================  ==========================  =========

Deterministic output: :func:`make_deterministic` then
:func:`save_docx_deterministic` give byte-identical files for identical content.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.text.run import Run

from ..core.i18n import tr
from ..core.vnformat import format_date


def _insert_before_final_sectpr(body, element):
    """Put ``element`` at the end of ``w:body``, before its closing ``w:sectPr`` if any.

    python-docx looks for the ``w:sectPr`` with a scan of every child of the
    body on each ``add_paragraph``/``add_table``, so a document of n blocks costs
    O(n²) (a 1,000-service annex took minutes). The ``w:sectPr`` of a body is its
    last child by the schema, so looking at the last child is enough: the same
    XML in O(1) per block.
    """
    try:
        last = body[-1]  # lxml walks backwards from the end: O(1)
    except IndexError:
        last = None
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        body.append(element)
    return element


def _use_linear_body_appends() -> None:
    from docx.document import Document
    from docx.oxml.document import CT_Body
    from docx.section import Section

    original_width = Document._block_width

    def block_width(self):
        # python-docx lists every section of the document (an XPath over the whole body) on each add_table to
        # read the last one; the last section is the body's own w:sectPr when it has one.
        sect_pr = self._element.body.sectPr
        if sect_pr is None:
            # python-docx types _block_width as a method; read on the class it is the property object
            return original_width.fget(self)  # type: ignore[attr-defined]
        return Emu(_section_text_width(Section(sect_pr, self._part)))

    CT_Body._insert_p = _insert_before_final_sectpr
    CT_Body._insert_tbl = _insert_before_final_sectpr  # type: ignore[assignment]
    Document._block_width = property(block_width)  # type: ignore[method-assign, assignment]


_SECT_PR = qn("w:sectPr")
_use_linear_body_appends()

__all__ = [
    "BODY_SIZE",
    "DRAFT_MARK",
    "FONT_NAME",
    "add_annex_title",
    "add_article",
    "add_draft_mark",
    "add_header_block",
    "add_legal_bases",
    "add_page_number_field",
    "add_section_break",
    "add_signature_block",
    "apply_base_styles",
    "docx_bytes_deterministic",
    "link_repeated_headers",
    "make_deterministic",
    "restart_page_numbering",
    "rom",
    "save_docx_deterministic",
    "setup_annex_section",
    "setup_page",
    "to_roman",
]

FONT_NAME = "Times New Roman"  # NĐ 30/2020 Phụ lục I, phông chữ: Times New Roman, bộ mã Unicode (TCVN 6909:2001)
BODY_SIZE = 14  # NĐ 30/2020 Phụ lục I: nội dung cỡ chữ 13-14
LINE_SPACING = 1.15  # NĐ 30/2020 Phụ lục I: khoảng cách dòng từ dòng đơn (single) đến 1,5 lines
DRAFT_MARK = "DỰ THẢO – dữ liệu minh họa"

# A4 and margins — NĐ 30/2020 Phụ lục I, khổ giấy và định lề trang: A4 (210 x 297 mm); lề trên, lề dưới 20-25 mm,
# lề trái 30-35 mm, lề phải 15-20 mm.
PAGE_SHORT = Mm(210)
PAGE_LONG = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)

STYLE_PAGE_NUMBER = "dinhmuc Page Number"
STYLE_DRAFT_MARK = "dinhmuc Draft Mark"
STYLE_TABLE_TEXT = "dinhmuc Table Text"
TABLE_TEXT_SIZE = 13  # tables: 12-13 pt keeps wide norm tables on the page

_BLACK = RGBColor(0, 0, 0)
_DEFAULT_CREATED = _dt.datetime(2000, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# =========================================================================== low level
def _set_fonts(rpr, name: str = FONT_NAME) -> None:
    """Set w:rFonts ascii/hAnsi/cs/eastAsia and drop theme fonts (which would win)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{attr}"), name)


_RPR_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _set_cs_size(rpr, size_pt: float) -> None:
    """w:szCs: the size for complex-script text (Word uses it for some Vietnamese runs)."""
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        rpr.insert_element_before(szcs, *_RPR_AFTER_SZCS)
    szcs.set(qn("w:val"), str(int(round(size_pt * 2))))


def _set_lang(rpr, lang: str = "vi-VN") -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.insert_element_before(el, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    el.set(qn("w:val"), lang)


def _style_font(font, element, size: float | None = None, bold: bool | None = None) -> None:
    font.name = FONT_NAME
    font.color.rgb = _BLACK
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = element.get_or_add_rPr()
    _set_fonts(rpr)
    if size is not None:
        _set_cs_size(rpr, size)


_RUN_PROPERTIES: dict[tuple, object] = {}


def _run_properties(size: float, bold: bool, italic: bool, underline: bool):
    """The ``w:rPr`` of a run with these properties, made once through python-docx and then copied.

    Setting six properties through python-docx costs about 2 ms a run (each looks
    for its place among the successors); a copy of the finished element is the
    same XML at a fraction of the cost.
    """
    key = (size, bold, italic, underline)
    rpr = _RUN_PROPERTIES.get(key)
    if rpr is None:
        from docx.text.run import Run

        run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
        run.font.name = FONT_NAME
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.underline = underline
        run.font.color.rgb = _BLACK
        rpr = run._r.get_or_add_rPr()
        _set_fonts(rpr)
        _set_cs_size(rpr, size)
        _RUN_PROPERTIES[key] = rpr
    return rpr


def _run(
    paragraph, text: str, size: float = BODY_SIZE, bold: bool = False, italic: bool = False, underline: bool = False
):
    """Add a run with explicit font, size and emphasis."""
    r = paragraph._p.add_r()
    r.append(copy.deepcopy(_run_properties(size, bold, italic, underline)))
    run = Run(r, paragraph)
    if text and ("\t" in text or "\n" in text or "\r" in text):
        run.text = text  # python-docx turns tabs and line breaks into w:tab / w:br
    elif text:
        r.add_t(text)  # the same single w:t python-docx writes (xml:space="preserve" when needed), without its
        # per-character state machine and the XPath of clearing a new run
    return run


def _format(
    paragraph,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    indent: bool = False,
):
    """Paragraph format for layout blocks: no first-line indent unless asked."""
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    pf.first_line_indent = None if indent else Cm(0)
    pf.left_indent = Cm(0)
    pf.right_indent = Cm(0)
    return paragraph


def _new_paragraph(container, first_empty: list | None = None):
    """Next paragraph of a cell/document; reuses the cell's initial empty paragraph once."""
    if first_empty:
        return first_empty.pop()
    return container.add_paragraph()


def _text_width(text: str, size: float, bold: bool = False) -> int:
    """Rough rendered width in EMU for Times New Roman (good to ~10 %)."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch.isupper():
            em += 0.70 if bold else 0.67
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.47 if bold else 0.44
    return int(Pt(em * size))


def _add_rule(container, line_text: str, size: float, avail: int, bold: bool = True, first=None):
    """Đường kẻ ngang — a short centred solid rule, 40 % of the line above (1/3 to 1/2).

    NĐ 30/2020 Phụ lục I (tên cơ quan ban hành; trích yếu): "đường kẻ ngang, nét liền, có độ dài
    bằng từ 1/3 đến 1/2 độ dài dòng chữ, đặt cân đối so với dòng chữ". Drawn as the
    bottom border of an empty 1-pt paragraph with symmetric indents.
    """
    line_width = min(_text_width(line_text, size, bold), avail)
    length = max(int(line_width * 0.4), int(Mm(10)))
    side = max((avail - length) // 2, 0)
    p = _format(_new_paragraph(container, first), after=2)
    p.paragraph_format.left_indent = Emu(side)
    p.paragraph_format.right_indent = Emu(side)
    p.paragraph_format.line_spacing = Pt(2)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = p._p.get_or_add_pPr()
    ppr.insert_element_before(_border("w:pBdr", ("bottom",), sz=6), *_PPR_AFTER_PBDR)
    return p


_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _border(tag: str, sides: Iterable[str], val: str = "single", sz: int = 6, space: int = 1):
    el = OxmlElement(tag)
    for side in sides:
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), val)
        if val not in ("nil", "none"):
            b.set(qn("w:sz"), str(sz))
            b.set(qn("w:space"), str(space))
            b.set(qn("w:color"), "000000")
        el.append(b)
    return el


def _text_width_of(document) -> int:
    """Usable text width (EMU) of the last section."""
    from docx.section import Section

    # the last section is the body's own w:sectPr; document.sections[-1] would list every section (O(n))
    return _section_text_width(Section(document.element.body.get_or_add_sectPr(), document.part))


def _section_text_width(section) -> int:
    """Page width less the left and right margins (EMU); Word's defaults (Letter, 1 inch) where the section
    states none, as python-docx's own block width does."""
    from docx.shared import Inches

    return int(
        (section.page_width or Inches(8.5)) - (section.left_margin or Inches(1)) - (section.right_margin or Inches(1))
    )


def _layout_table(document, widths: Sequence[int]):
    """A borderless fixed-layout table with the given column widths (EMU)."""
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    tblpr.insert_element_before(
        _border("w:tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"), val="nil"),
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    )
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Emu(width)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Emu(width)
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))  # keep the block on one page
    return table


# =========================================================================== page & styles
def setup_page(document, landscape: bool = False):
    """Khổ giấy, lề — A4 and NĐ 30 margins on every section.

    Portrait 210 x 297 mm; ``landscape=True`` swaps width and height for wide
    tables and keeps the same margin values (top/bottom 20, left 30, right
    15 mm), so the binding margin stays on the left edge of the sheet.

    >>> from docx import Document
    >>> s = setup_page(Document()).sections[0]
    >>> (round(s.page_width.mm), round(s.page_height.mm), round(s.left_margin.mm))
    (210, 297, 30)
    """
    for section in document.sections:
        _setup_section(section, landscape)
    return document


def _setup_section(section, landscape: bool = False) -> None:
    # NĐ 30/2020 Phụ lục I: khổ A4, định lề trang
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = PAGE_LONG if landscape else PAGE_SHORT
    section.page_height = PAGE_SHORT if landscape else PAGE_LONG
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Mm(10)  # page number sits inside the 20 mm top margin
    section.footer_distance = Mm(10)


# =========================================================================== sections
_SECTPR_AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def restart_page_numbering(section, start: int | None = 1):
    """Đánh số trang lại — the section's pages are numbered from ``start`` (``w:pgNumType w:start``).

    ``start=None`` removes the restart (numbering continues from the previous
    section). Other ``w:pgNumType`` attributes (number format) are kept.

    >>> from docx import Document
    >>> s = restart_page_numbering(Document().sections[0], 1)
    >>> s._sectPr.find(qn("w:pgNumType")).get(qn("w:start"))
    '1'
    """
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if start is None:
        if pg is not None:
            pg.attrib.pop(qn("w:start"), None)
            if not len(pg.attrib):
                sect_pr.remove(pg)
        return section
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect_pr.insert_element_before(pg, *_SECTPR_AFTER_PGNUMTYPE)
    pg.set(qn("w:start"), str(int(start)))
    return section


def setup_annex_section(section, landscape: bool = False):
    """Phần của một phụ lục — the section holding one annex (NĐ 30/2020: phụ lục đánh số trang riêng).

    Starts on a new page (``w:type nextPage``), A4 with the NĐ 30 margins of
    :func:`setup_page`, its pages numbered from 1 (``w:pgNumType w:start="1"``)
    and, like the main document, a different first page (``w:titlePg``): the
    annex's first page shows no number, its second page shows "2". Headers are
    left as they are (a section without header references inherits the
    previous section's, page-number field and draft mark included).
    """
    section.start_type = WD_SECTION.NEW_PAGE  # python-docx drops w:type (its default): write it explicitly
    section._sectPr.get_or_add_type().set(qn("w:val"), "nextPage")
    _setup_section(section, landscape)
    section.different_first_page_header_footer = True
    restart_page_numbering(section, 1)
    return section


def add_section_break(document):
    """Ngắt phần, sang trang mới — end the current section here; what follows starts a new section.

    Section properties live in the *last* paragraph of a section: the ended
    section's ``w:sectPr`` goes into the body's last paragraph when that is an
    ordinary paragraph (no extra line), else into a new empty paragraph one
    point high (exact line spacing, no space before/after). The ended section
    gets a copy of the document's final section properties, header/footer
    references included — as Word's "Break > Next page" does; use
    :func:`link_repeated_headers` on the finished document to turn repeated
    references back into "same as previous". Returns the ended section (a
    python-docx ``Section``), e.g. for :func:`setup_annex_section`.
    """
    from docx.section import Section

    body = document.element.body
    final = body.get_or_add_sectPr()
    last = final.getprevious()  # the body's w:sectPr is its last child: the block before it ends the section
    if last is not None and last.tag == qn("w:p") and last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is None:
        p = last
    else:
        p = body.add_p()
        pf = p.get_or_add_pPr()
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "20")  # 1 pt, exactly
        spacing.set(qn("w:lineRule"), "exact")
        # w:pPr's children in schema order after w:spacing (the same order the borders use)
        pf.insert_element_before(spacing, *_PPR_AFTER_PBDR[_PPR_AFTER_PBDR.index("w:spacing") + 1 :])
    sect_pr = final.clone()
    p.set_sectPr(sect_pr)
    return Section(sect_pr, document.part)


_HDRFTR_REFS = (qn("w:headerReference"), qn("w:footerReference"))


def link_repeated_headers(document) -> int:
    """Nối đầu trang với phần trước — drop header/footer references that repeat the previous section's.

    A section whose every header/footer reference points to the part already
    in effect for that slot (its own or inherited) loses them and inherits
    instead, as Word's "Link to Previous" stores it; the pages look the same.
    Returns how many sections were linked.
    """
    effective: dict[tuple[str, str], str] = {}
    linked = 0
    for i, section in enumerate(document.sections):
        refs = [el for el in section._sectPr if el.tag in _HDRFTR_REFS]
        own = {(el.tag, el.get(qn("w:type"))): el.get(qn("r:id")) for el in refs}
        if i > 0 and refs and all(effective.get(k) == v for k, v in own.items()):
            for el in refs:
                section._sectPr.remove(el)
            linked += 1
        effective.update(own)
    return linked


def _paragraph_style(document, name: str):
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        return style


def apply_base_styles(document):
    """Kiểu chữ cơ bản — Normal: Times New Roman 14 pt, black, justified, indent 1,27 cm.

    Also sets the document defaults (``w:docDefaults``) to Times New Roman, line
    spacing 1.15 (inside single-1.5), space after 6 pt, Vietnamese language,
    and creates helper styles: "dinhmuc Table Text" (13 pt, no indent, single
    spacing — apply it to cells of data tables), "dinhmuc Page Number" and
    "dinhmuc Draft Mark". The "Table Grid" table style, if present, gets 13 pt.

    >>> from docx import Document
    >>> d = apply_base_styles(Document())
    >>> (d.styles["Normal"].font.name, d.styles["Normal"].font.size.pt)
    ('Times New Roman', 14.0)
    """
    styles = document.styles
    # document defaults: fonts everywhere, including styles that do not inherit Normal
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr)
            _set_lang(rpr)

    normal = styles["Normal"]
    _style_font(normal.font, normal.element, size=BODY_SIZE, bold=False)  # NĐ 30/2020 Phụ lục I: cỡ chữ 13-14
    _set_lang(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # NĐ 30/2020 Phụ lục I: căn đều hai lề
    pf.first_line_indent = Cm(1.27)  # NĐ 30/2020 Phụ lục I: lùi đầu dòng 1 cm hoặc 1,27 cm
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)  # NĐ 30/2020 Phụ lục I: cách đoạn tối thiểu 6 pt
    pf.line_spacing = LINE_SPACING

    _ensure_styles(document)

    try:
        grid = styles["Table Grid"]
    except KeyError:
        grid = None
    if grid is not None:
        _style_font(grid.font, grid.element, size=TABLE_TEXT_SIZE)
    return document


def _centre_style(style) -> None:
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.first_line_indent = Cm(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _ensure_styles(document) -> None:
    """Create the helper paragraph styles if missing; never touches Normal."""
    styles = document.styles
    # one look at the style names (``name in styles`` walks every style, three times per document)
    have = set(styles.element.xpath("w:style/w:name/@w:val"))
    if {STYLE_TABLE_TEXT, STYLE_PAGE_NUMBER, STYLE_DRAFT_MARK} <= have:
        return
    table_text = _paragraph_style(document, STYLE_TABLE_TEXT)
    _style_font(table_text.font, table_text.element, size=TABLE_TEXT_SIZE)
    tpf = table_text.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    tpf.first_line_indent = Cm(0)
    tpf.space_before = Pt(2)
    tpf.space_after = Pt(2)
    tpf.line_spacing = 1.0

    page_number = _paragraph_style(document, STYLE_PAGE_NUMBER)
    _style_font(page_number.font, page_number.element, size=14)  # NĐ 30/2020 Phụ lục I: số trang 13-14
    _centre_style(page_number)

    draft = _paragraph_style(document, STYLE_DRAFT_MARK)
    _style_font(draft.font, draft.element, size=12, bold=True)
    _centre_style(draft)
    draft.paragraph_format.space_after = Pt(4)
    ppr = draft.element.get_or_add_pPr()
    if ppr.find(qn("w:pBdr")) is None:
        ppr.insert_element_before(
            _border("w:pBdr", ("top", "left", "bottom", "right"), sz=8, space=2), *_PPR_AFTER_PBDR
        )


# =========================================================================== blocks
def add_header_block(
    document,
    issuing_body: str,
    parent_body: str | None = None,
    number: str | None = None,
    place: str | None = None,
    date=None,
    doc_type: str | None = None,
    subject: str | None = None,
):
    """Phần đầu văn bản — agency, number, national title, motto, date, type and subject.

    A borderless two-column table (NĐ 30/2020 Phụ lục I: the
    sketch of positions of the format elements): left — parent body (uppercase, 13 pt,
    not bold), issuing body (uppercase bold 13 pt) with a short rule, then
    "Số: <number>" (13 pt; omitted when ``number`` is None, e.g. pass
    ``"     /TTr-SCT"`` to leave the number blank); right — "CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT NAM" (uppercase bold 13 pt), "Độc lập - Tự do - Hạnh phúc"
    (bold 14 pt, underlined run = a rule as long as the line), and "<place>,
    ngày ... tháng ... năm ..." (italic 14 pt; blank day/month when ``date`` is
    None). Below, centred: ``doc_type`` (uppercase bold 14 pt) and ``subject``
    (bold 14 pt) with a short rule. Without ``doc_type`` (công văn) the
    subject goes under the number as "V/v ..." (12 pt). Returns the table.
    """
    _ensure_styles(document)
    width = _text_width_of(document)
    left_w = int(Mm(60))
    right_w = width - left_w
    table = _layout_table(document, (left_w, right_w))
    left, right = table.rows[0].cells
    avail_left = left_w - int(Cm(0.38))  # default cell margins 0,19 cm each side

    first = [left.paragraphs[0]]
    if parent_body:
        # NĐ 30/2020 Phụ lục I: tên cơ quan chủ quản — in hoa, cỡ 12-13, đứng (not bold)
        _run(_format(_new_paragraph(left, first)), parent_body.upper(), size=13)
    # NĐ 30/2020 Phụ lục I: tên cơ quan ban hành — in hoa, cỡ 12-13, đứng, đậm
    issuing = issuing_body.upper()
    _run(_format(_new_paragraph(left, first)), issuing, size=13, bold=True)
    _add_rule(left, issuing, 13, avail_left, first=first)
    if number is not None:
        # NĐ 30/2020 Phụ lục I: "Số" in thường, cỡ 13, đứng; sau có dấu hai chấm
        _run(_format(_new_paragraph(left, first), before=4), f"Số: {number}", size=13)
    if subject and not doc_type:
        # NĐ 30/2020 Phụ lục I: trích yếu sau "V/v", cỡ 12-13, đứng
        text = subject if subject.startswith("V/v") else f"V/v {subject}"
        _run(_format(_new_paragraph(left, first), before=4), text, size=12)

    first = [right.paragraphs[0]]
    # NĐ 30/2020 Phụ lục I: quốc hiệu in hoa, cỡ 12-13, đứng, đậm
    _run(_format(_new_paragraph(right, first)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    # NĐ 30/2020 Phụ lục I: tiêu ngữ in thường, cỡ 13-14, đứng, đậm; đường kẻ dài bằng dòng chữ
    _run(_format(_new_paragraph(right, first)), "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True)
    if place or date:
        if date is not None:
            line = format_date(date, place=place)
        else:
            line = f"{place + ', ' if place else ''}ngày      tháng      năm      "
        # NĐ 30/2020 Phụ lục I: địa danh và thời gian — in thường, cỡ 13-14, nghiêng
        _run(_format(_new_paragraph(right, first), before=10), line, size=14, italic=True)

    if doc_type:
        # NĐ 30/2020 Phụ lục I: tên loại văn bản in hoa, cỡ 13-14, đứng, đậm
        _run(_format(document.add_paragraph(), before=18), doc_type.upper(), size=14, bold=True)
        if subject:
            # trích yếu: in thường, cỡ 14, đứng, đậm; dưới có đường kẻ 1/3-1/2 dòng chữ
            _run(_format(document.add_paragraph()), subject, size=14, bold=True)
            _add_rule(document, subject, 14, width)
    return table


def _title_lines(title) -> list[str]:
    if title is None:
        return []
    if isinstance(title, str):
        return [t.strip() for t in title.splitlines() if t.strip()]
    return [t.strip() for t in title if t and t.strip()]


def _recipient_lines(recipients: Iterable[str]) -> list[str]:
    items = [r.strip().lstrip("-").strip().rstrip(";.,").rstrip() for r in recipients]
    items = [r for r in items if r]
    if not items or not items[-1].lower().startswith("lưu"):
        items = [r for r in items if not r.lower().startswith("lưu")]
        items.append("Lưu: VT")  # NĐ 30/2020 Phụ lục I: dòng cuối "Lưu: VT, ..." is mandatory
    return [f"- {r}{'.' if i == len(items) - 1 else ';'}" for i, r in enumerate(items)]


def add_signature_block(
    document,
    authority_prefix: str | None = None,
    title=None,
    signer: str | None = None,
    recipients: Iterable[str] = (),
    signature_space: int = 4,
):
    """Nơi nhận và chữ ký — recipients (left) and signature block (right).

    Left: "Nơi nhận:" (bold italic 12 pt) and one entry per line, 11 pt,
    each "- ...;" and the last "- ....". The caller's entries may carry their
    own dash/punctuation (it is normalised); if the last entry is not a
    "Lưu: ..." entry, "Lưu: VT" is appended (NĐ 30/2020 Phụ lục I, nơi nhận).
    Right: ``authority_prefix`` (e.g. "TM. ỦY BAN NHÂN DÂN") and ``title``
    (str with newlines or a list, e.g. ``["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]``),
    uppercase bold 14 pt, one per line; ``signature_space`` empty lines; then
    the signer's name, bold 14 pt. Returns the table.
    """
    _ensure_styles(document)
    width = _text_width_of(document)
    left_w = int(width * 0.45)
    table = _layout_table(document, (left_w, width - left_w))
    left, right = table.rows[0].cells

    first = [left.paragraphs[0]]
    # NĐ 30/2020 Phụ lục I: "Nơi nhận" in thường, cỡ 12, nghiêng, đậm; các dòng cỡ 11, đứng
    _run(
        _format(_new_paragraph(left, first), align=WD_ALIGN_PARAGRAPH.LEFT, before=6),
        "Nơi nhận:",
        size=12,
        bold=True,
        italic=True,
    )
    for line in _recipient_lines(recipients):
        _run(_format(_new_paragraph(left, first), align=WD_ALIGN_PARAGRAPH.LEFT), line, size=11)

    first = [right.paragraphs[0]]
    # NĐ 30/2020 Phụ lục I: quyền hạn, chức vụ người ký in hoa, cỡ 13-14, đứng, đậm
    lines = _title_lines(authority_prefix) + _title_lines(title)
    for i, line in enumerate(lines):
        _run(_format(_new_paragraph(right, first), before=6 if i == 0 else 0), line.upper(), size=14, bold=True)
    for _ in range(signature_space):
        _format(_new_paragraph(right, first))
    if signer:
        # NĐ 30/2020 Phụ lục I: họ tên người ký in thường, cỡ 13-14, đứng, đậm
        _run(_format(_new_paragraph(right, first)), signer, size=14, bold=True)
    return table


def add_article(document, number, text: str):
    """Điều — "Điều 1." in bold followed by the article text (body style).

    >>> from docx import Document
    >>> p = add_article(Document(), 1, "Ban hành kèm theo Quyết định này ...")
    >>> p.text
    'Điều 1. Ban hành kèm theo Quyết định này ...'
    >>> [r.bold for r in p.runs]
    [True, False]
    """
    p = document.add_paragraph()
    # NĐ 30/2020 Phụ lục I: "Điều", số thứ tự — đứng, đậm
    _run(p, f"Điều {number}.", bold=True)
    _run(p, f" {text}")
    return p


_BASIS_OPENERS = ("căn cứ", "theo", "xét")


def add_legal_bases(document, bases: Iterable[str]):
    """Căn cứ ban hành — italic paragraphs, each ending ";" and the last ".".

    "Căn cứ " is prepended unless the line already starts with "Căn cứ",
    "Theo" or "Xét" (e.g. "Theo đề nghị của Giám đốc Sở ..."). Trailing
    punctuation given by the caller is replaced. Returns the paragraphs.

    >>> from docx import Document
    >>> ps = add_legal_bases(Document(), ["Luật Tổ chức chính quyền địa phương;", "Nghị định 32/2019/NĐ-CP"])
    >>> [p.text for p in ps]
    ['Căn cứ Luật Tổ chức chính quyền địa phương;', 'Căn cứ Nghị định 32/2019/NĐ-CP.']
    """
    items = [b.strip().rstrip(";.,").rstrip() for b in bases]
    items = [b for b in items if b]
    paragraphs = []
    for i, item in enumerate(items):
        if not item.lower().startswith(_BASIS_OPENERS):
            item = f"Căn cứ {item}"
        end = "." if i == len(items) - 1 else ";"
        # NĐ 30/2020 Phụ lục I: căn cứ — in thường, nghiêng, cỡ 14; ";" cuối dòng, "." dòng cuối
        p = document.add_paragraph()
        _run(p, item + end, italic=True)
        paragraphs.append(p)
    return paragraphs


def add_annex_title(document, roman, title: str, attached_line: str, new_page: bool = False):
    """Phụ lục — "Phụ lục I", the title in uppercase, and the italic "(Kèm theo ...)" line.

    ``roman`` may be an int (converted with :func:`to_roman`) or a string.
    ``attached_line`` is wrapped in parentheses unless it already is.
    ``new_page=True`` starts the annex on a new page. Returns the paragraphs.

    >>> from docx import Document
    >>> ps = add_annex_title(Document(), 2, "Định mức lao động",
    ...                      "Kèm theo Quyết định số 15/QĐ-UBND ngày 05/9/2023 của UBND tỉnh")
    >>> [p.text for p in ps]
    ['Phụ lục II', 'ĐỊNH MỨC LAO ĐỘNG', '(Kèm theo Quyết định số 15/QĐ-UBND ngày 05/9/2023 của UBND tỉnh)']
    """
    label = to_roman(roman) if isinstance(roman, int) else str(roman)
    paragraphs = []
    p = _format(document.add_paragraph())
    if new_page:
        p.add_run().add_break(WD_BREAK.PAGE)
    # NĐ 30/2020 Phụ lục I: "Phụ lục" và số La Mã — canh giữa, cỡ 14, đứng, đậm
    _run(p, f"Phụ lục {label}", size=14, bold=True)
    paragraphs.append(p)
    # tên phụ lục: in hoa, cỡ 13-14, đứng, đậm
    paragraphs.append(_format(document.add_paragraph()))
    _run(paragraphs[-1], title.upper(), size=14, bold=True)
    line = attached_line.strip()
    if not (line.startswith("(") and line.endswith(")")):
        line = f"({line})"
    paragraphs.append(_format(document.add_paragraph(), after=12))
    _run(paragraphs[-1], line, size=14, italic=True)
    return paragraphs


# =========================================================================== headers
def _is_blank(paragraph) -> bool:
    return not paragraph.text and not paragraph._p.xpath("./w:r | ./w:fldSimple | ./w:hyperlink")


def _set_style(paragraph, name: str, styles) -> None:
    """``paragraph.style = name`` for one of the helper styles, found by one XPath (python-docx walks every
    style of the document, twice, for each assignment by name)."""
    ids = styles.element.xpath(f'w:style[@w:type="paragraph"][w:name/@w:val="{name}"]/@w:styleId')
    if len(ids) == 1 and styles.element.xpath(f'w:style[@w:styleId="{ids[0]}"]/@w:default') != ["1"]:
        paragraph._p.get_or_add_pPr().style = ids[0]
    else:  # absent, ambiguous or the default style: python-docx's own rule (and its error)
        paragraph.style = name


def _style_name(paragraph) -> str | None:
    try:
        return paragraph.style.name
    except (KeyError, AttributeError):
        return None


def _page_field_runs(paragraph) -> None:
    """PAGE as a complex field (begin / instrText / separate / result / end)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("result", "2"), ("end", None)):
        run = _run(paragraph, "", size=14)
        if kind == "result":
            run.text = text
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


def add_page_number_field(section):
    """Số trang — centred PAGE field in the header, no number on the first page.

    NĐ 30/2020 Phụ lục I, số trang: số trang bằng chữ số Ả Rập, cỡ 13-14, đứng,
    canh giữa trong lề trên, không hiển thị số trang thứ nhất. Sets the
    "different first page" flag (``w:titlePg``) and gives the first page an
    empty header of its own. Idempotent. Call :func:`add_draft_mark` after
    this (unlinking headers creates fresh, empty ones).
    """
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False  # an explicit, empty first-page header
    header = section.header
    header.is_linked_to_previous = False
    document_styles = header.part.package.main_document_part.document
    _ensure_styles(document_styles)
    paragraph = next((p for p in header.paragraphs if _style_name(p) == STYLE_PAGE_NUMBER), None)
    if paragraph is None:
        paras = header.paragraphs
        if len(paras) == 1 and _is_blank(paras[0]):
            paragraph = paras[0]
        elif paras:
            paragraph = paras[0].insert_paragraph_before()
        else:
            paragraph = header.add_paragraph()
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    _set_style(paragraph, STYLE_PAGE_NUMBER, document_styles.styles)
    _page_field_runs(paragraph)
    return paragraph


def add_draft_mark(document, text: str = DRAFT_MARK):
    """Dấu dự thảo — a boxed bold black mark in the header of every page.

    Documents generated from illustrative data must carry it. It is added to
    the primary and the first-page header of each section that has its own
    header (linked headers inherit it). Idempotent: an existing mark's text
    is replaced. Call it after :func:`add_page_number_field`. Returns the
    paragraphs written.
    """
    _ensure_styles(document)
    written = []
    for i, section in enumerate(document.sections):
        for header in (section.header, section.first_page_header):
            if i > 0 and header.is_linked_to_previous:
                continue  # inherits the previous section's header, mark included
            header.is_linked_to_previous = False
            paragraph = next((p for p in header.paragraphs if _style_name(p) == STYLE_DRAFT_MARK), None)
            if paragraph is None:
                paras = header.paragraphs
                if paras and _is_blank(paras[-1]):
                    paragraph = paras[-1]
                else:
                    paragraph = header.add_paragraph()
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)
            _set_style(paragraph, STYLE_DRAFT_MARK, document.styles)
            _run(paragraph, text, size=12, bold=True)
            written.append(paragraph)
    return written


# =========================================================================== numerals
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(n: int) -> str:
    """Số La Mã — Roman numeral for 1..3999 (annex and part numbering).

    >>> [to_roman(n) for n in (1, 4, 9, 14, 40, 49, 50, 2026)]
    ['I', 'IV', 'IX', 'XIV', 'XL', 'XLIX', 'L', 'MMXXVI']
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected int, got {type(n).__name__}")
    if not 1 <= n <= 3999:
        raise ValueError(tr("layout.roman", n=n))
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def rom(n: int) -> str:
    """Số La Mã (short alias of :func:`to_roman`).

    >>> rom(12)
    'XII'
    """
    return to_roman(n)


# =========================================================================== determinism
def make_deterministic(document, created: _dt.datetime = _DEFAULT_CREATED, title: str | None = None):
    """Thuộc tính tài liệu cố định — fixed core properties for reproducible files.

    author / last_modified_by "dinhmuc", created = modified = last_printed =
    ``created``, revision 1, and ``title`` when given. Use with
    :func:`save_docx_deterministic`.

    >>> from docx import Document
    >>> cp = make_deterministic(Document(), title="Quyết định").core_properties
    >>> (cp.author, cp.revision, cp.created.year, cp.title)
    ('dinhmuc', 1, 2000, 'Quyết định')
    """
    cp = document.core_properties
    cp.author = "dinhmuc"
    cp.last_modified_by = "dinhmuc"
    cp.created = created
    cp.modified = created
    cp.last_printed = created
    cp.revision = 1
    if title is not None:
        cp.title = title
    return document


def docx_bytes_deterministic(document) -> bytes:
    """The .docx as bytes with a normalised zip: fixed timestamps and member order.

    "[Content_Types].xml" first, then members sorted by name, each dated
    1980-01-01 00:00:00, deflated at level 6 with fixed attributes.
    """
    members = _package_members(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, members[name], compresslevel=6)
    return out.getvalue()


class _Members:
    """A python-docx physical package writer that keeps each member's bytes (name -> bytes) instead of zipping."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def _package_members(document) -> dict[str, bytes]:
    """The bytes of every member python-docx's ``save`` would zip, without compressing them twice.

    ``Document.save`` deflates every part, and the deterministic zip then had to inflate and deflate them all
    again (a third of the time of saving). This runs the same steps as ``OpcPackage.save`` into a dict.
    """
    package = document.part.package
    try:
        from docx.opc.pkgwriter import PackageWriter

        write_types = PackageWriter._write_content_types_stream
        write_rels = PackageWriter._write_pkg_rels
        write_parts = PackageWriter._write_parts
    except (ImportError, AttributeError):  # another python-docx: the public, slower path
        raw = io.BytesIO()
        document.save(raw)
        with zipfile.ZipFile(raw) as src:
            return {name: src.read(name) for name in src.namelist()}
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    sink = _Members()
    write_types(sink, parts)
    write_rels(sink, package.rels)
    # python-docx types this writer as its zip writer (PhysPkgWriter); it only calls write(), which _Members has
    write_parts(sink, parts)  # type: ignore[arg-type]
    return sink.members


def save_docx_deterministic(document, path) -> Path:
    """Ghi tệp ổn định — save byte-reproducibly and atomically; returns the path.

    Writes :func:`docx_bytes_deterministic` to a temporary file in the target
    folder, fsyncs it and ``os.replace``-s it over ``path``, so readers never
    see a half-written file. Call :func:`make_deterministic` first so the core
    properties carry no clock time.
    """
    path = Path(path)
    data = docx_bytes_deterministic(document)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
