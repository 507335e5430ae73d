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
