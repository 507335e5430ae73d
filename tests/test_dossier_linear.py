"""The dossier's body appends are linear and write the same XML python-docx writes."""

from __future__ import annotations

from docx import Document
from docx.oxml.document import CT_Body
from docx.oxml.xmlchemy import BaseOxmlElement

import dinhmuc.dossier.layout as layout


def _mixed_document() -> bytes:
    doc = Document()
    for i in range(30):
        doc.add_paragraph(f"Đoạn {i}")
        if i % 7 == 0:
            doc.add_table(rows=2, cols=3)
        if i % 11 == 0:
            layout.add_section_break(doc)
    return doc.element.body.xml.encode()


def test_body_appends_write_what_python_docx_writes(monkeypatch):
    ours = _mixed_document()

    def original(self, element):  # python-docx's own rule: before the first w:sectPr child
        return BaseOxmlElement.insert_element_before(self, element, "w:sectPr")

    monkeypatch.setattr(CT_Body, "_insert_p", original)
    monkeypatch.setattr(CT_Body, "_insert_tbl", original)
    assert _mixed_document() == ours


def test_body_appends_do_not_scan_the_body(monkeypatch):
    calls = []
    real = BaseOxmlElement.first_child_found_in

    def counting(self, *tagnames):
        calls.append(tagnames)
        return real(self, *tagnames)

    monkeypatch.setattr(BaseOxmlElement, "first_child_found_in", counting)
    doc = Document()
    for _ in range(200):
        doc.add_paragraph("x")
        doc.add_table(rows=1, cols=1)
    assert not [c for c in calls if "w:sectPr" in c]
    body = doc.element.body
    assert body[-1].tag.endswith("}sectPr") and len(body.findall(layout.qn("w:p"))) == 200


def _para_through_python_docx(container, text, *, bold, italic, align, size, indent, before, after, keep_next):
    """The paragraph as python-docx's paragraph_format writes it (what blocks.para wrote before it built pPr)."""
    from docx.shared import Cm, Pt

    from dinhmuc.dossier import blocks, layout

    p = container.add_paragraph()
    if text:
        layout._run(p, text, size=size or layout.BODY_SIZE, bold=bold, italic=italic)
    pf = p.paragraph_format
    if align:
        pf.alignment = blocks._ALIGN[align]
    if not indent:
        pf.first_line_indent = Cm(0)
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    return p


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "Điều 1. Ban hành", "x"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, "l", "c", "r", "j"]),
    st.sampled_from([None, 12.0, 13.5]),
    st.booleans(),
    st.sampled_from([None, 0, 3, 6, 7.5]),
    st.sampled_from([None, 0, 4, 12]),
    st.booleans(),
)
def test_a_paragraph_is_what_python_docx_writes(text, bold, italic, align, size, indent, before, after, keep_next):
    """blocks.para writes its paragraph properties directly: the same XML as python-docx's paragraph_format."""
    from docx import Document
    from lxml import etree

    from dinhmuc.dossier import blocks

    options = dict(bold=bold, italic=italic, align=align, size=size, indent=indent, before=before, after=after)
    ours = blocks.para(Document(), text, keep_next=keep_next, **options)
    theirs = _para_through_python_docx(Document(), text, keep_next=keep_next, **options)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
