"""Each annex of the norm document is its own section, numbered from 1 (NĐ 30/2020/NĐ-CP: phụ lục đánh số trang riêng).

The general part keeps the template's section; annex k's section properties sit in the last paragraph before
annex k + 1 (the last annex's in the document's final ``w:sectPr``): next page, A4, NĐ 30 margins,
``w:pgNumType w:start="1"`` and a different first page, so an annex's first page shows no number and its
second page shows "2". The headers (page number field, draft mark) are the general part's, inherited.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import dossier_helpers as h
import pytest
from docx import Document
from docx.oxml.ns import qn

from dinhmuc.dossier import layout
from dinhmuc.dossier.layout import DRAFT_MARK
from dinhmuc.dossier.office import convert_to_pdf, find_soffice
from dinhmuc.dossier.writer import write_dossier

ANNEX_DOC = "02_dinh_muc_kem_theo.docx"


@pytest.fixture(scope="module")
def annex_doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("annex") / "hs"
    write_dossier(h.norm_set(), out, project=h.project(), workbook=False, charts=False)
    return out / ANNEX_DOC


def _start(section) -> str | None:
    pg = section._sectPr.find(qn("w:pgNumType"))
    return None if pg is None else pg.get(qn("w:start"))


def _section_of_each_paragraph(doc):
    """(section index, paragraph text) for every body paragraph, in order."""
    index, out = 0, []
    for p in doc.element.body.iterchildren(qn("w:p")):
        out.append((index, "".join(t.text or "" for t in p.iter(qn("w:t")))))
        if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            index += 1
    return out


def test_one_section_per_annex_plus_the_general_part(annex_doc):
    doc = Document(str(annex_doc))
    n = len(h.norm_set())
    assert len(doc.sections) == n + 1
    titles = {text: i for i, text in _section_of_each_paragraph(doc) if re.fullmatch(r"Phụ lục [IVXLC]+", text)}
    assert titles == {f"Phụ lục {layout.to_roman(k)}": k for k in range(1, n + 1)}  # annex k opens section k
    first_texts = {}
    for i, text in _section_of_each_paragraph(doc):
        if text.strip():
            first_texts.setdefault(i, text)
    for k in range(1, n + 1):
        assert first_texts[k] == f"Phụ lục {layout.to_roman(k)}"  # nothing of the previous annex spills over
    # section breaks, not page breaks
    assert not doc.element.body.xpath('.//w:br[@w:type="page"]')


def test_every_annex_section_restarts_at_1_on_a4_with_nd30_margins(annex_doc):
    doc = Document(str(annex_doc))
    general, *annexes = doc.sections
    assert _start(general) is None  # the general part is numbered from 1 as the document's first section
    assert general.different_first_page_header_footer
    for k, s in enumerate(annexes, start=1):
        assert _start(s) == "1", k
        assert s._sectPr.find(qn("w:type")).get(qn("w:val")) == "nextPage", k
        assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297), k
        assert (round(s.top_margin.mm), round(s.bottom_margin.mm)) == (20, 20), k
        assert (round(s.left_margin.mm), round(s.right_margin.mm)) == (30, 15), k
        assert s.different_first_page_header_footer, k  # first page without number, as the main part
    assert _start(doc.sections[-1]) == "1"  # the final w:body/w:sectPr is the last annex's


def test_annex_sections_inherit_the_page_number_and_draft_mark(annex_doc):
    doc = Document(str(annex_doc))
    general, *annexes = doc.sections
    assert not general.header.is_linked_to_previous
    page_field = general.header.part.element.xpath(".//w:instrText")
    assert [e.text.strip() for e in page_field] == ["PAGE"]
    for s in annexes:
        assert s.header.is_linked_to_previous and s.first_page_header.is_linked_to_previous
        assert DRAFT_MARK in "\n".join(p.text for p in s.header.paragraphs)
        assert DRAFT_MARK in "\n".join(p.text for p in s.first_page_header.paragraphs)


def test_a_one_annex_norm_set_and_no_draft_mark(tmp_path):
    ns = h.norm_set().model_copy(update={"norms": h.norm_set().norms[:1]})
    write_dossier(ns, tmp_path / "hs", project=h.project(), workbook=False, charts=False, draft_mark=False)
    doc = Document(str(tmp_path / "hs" / ANNEX_DOC))
    assert len(doc.sections) == 2 and _start(doc.sections[1]) == "1"
    assert DRAFT_MARK not in "".join(p.text for s in doc.sections for p in s.header.paragraphs)


# ---------------------------------------------------------------------------------------------- layout helpers
def test_add_section_break_uses_the_last_paragraph_or_a_one_point_one():
    doc = layout.setup_page(Document())
    ended = layout.add_section_break(doc)  # empty body: a new 1-pt paragraph carries the sectPr
    spacing = doc.paragraphs[-1]._p.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("20", "exact")
    assert ended._sectPr is doc.paragraphs[-1]._p.pPr.sectPr
    p = doc.add_paragraph("cuối phụ lục")
    layout.setup_annex_section(layout.add_section_break(doc))
    assert len(doc.paragraphs) == 2 and doc.paragraphs[-1]._p.pPr.sectPr is not None  # no extra paragraph
    assert p.text == "cuối phụ lục"
    assert [_start(s) for s in doc.sections] == [None, "1", None]


def test_link_repeated_headers_keeps_only_the_first_reference():
    doc = Document()
    layout.add_page_number_field(doc.sections[0])
    layout.add_section_break(doc)
    layout.add_section_break(doc)
    assert [s.header.is_linked_to_previous for s in doc.sections] == [False, False, False]
    assert layout.link_repeated_headers(doc) == 2
    assert [s.header.is_linked_to_previous for s in doc.sections] == [False, True, True]
    assert all(s.header.paragraphs[0].style.name == layout.STYLE_PAGE_NUMBER for s in doc.sections)


# ---------------------------------------------------------------------------------------------- rendered pages
def _page_text(pdf, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return out.stdout.decode("utf-8")


def _pages(pdf) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, timeout=60).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def _head(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:2]


@pytest.mark.office
@pytest.mark.skipif(
    find_soffice() is None or not all(shutil.which(x) for x in ("pdftotext", "pdfinfo")),
    reason="LibreOffice (soffice) or poppler (pdftotext, pdfinfo) not installed",
)
def test_libreoffice_numbers_each_annex_from_1(annex_doc, tmp_path):
    pdf = convert_to_pdf(annex_doc, tmp_path)  # private -env:UserInstallation per run
    pages = [_page_text(pdf, i) for i in range(1, _pages(pdf) + 1)]
    title_page = {}
    for i, text in enumerate(pages, start=1):
        assert DRAFT_MARK in text, i  # the inherited header: draft mark on every page
        m = re.search(r"^\s*Phụ lục ([IVXLC]+)\s*$", text, re.M)
        if m:
            title_page[m.group(1)] = i
    n = len(h.norm_set())
    assert list(title_page) == [layout.to_roman(k) for k in range(1, n + 1)]
    starts = sorted(title_page.values())
    for k, first in enumerate(starts):
        # an annex's first page: the draft mark, then its title; no page number (different first page)
        assert _head(pages[first - 1]) == [DRAFT_MARK, f"Phụ lục {layout.to_roman(k + 1)}"]
        last = (starts[k + 1] if k + 1 < len(starts) else len(pages) + 1) - 1
        # its next pages are numbered 2, 3, ... in the top margin, above the draft mark
        assert [_head(pages[p - 1]) for p in range(first + 1, last + 1)] == [
            [str(p - first + 1), DRAFT_MARK] for p in range(first + 1, last + 1)
        ]
    # the page carrying "Phụ lục II" has no number; the next page of annex II shows "2"
    ii = title_page["II"]
    assert _head(pages[ii - 1])[0] == DRAFT_MARK and ii + 1 not in title_page.values()
    assert _head(pages[ii]) == ["2", DRAFT_MARK]
    # the general part keeps its own numbering: page 1 unnumbered, then 2, ...
    assert _head(pages[0])[0] == DRAFT_MARK and all(_head(pages[p - 1])[0] == str(p) for p in range(2, starts[0]))
