"""Tests for dinhmuc.dossier.layout (NĐ 30/2020 layout primitives) and dinhmuc.dossier.office."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import time
import types
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from dinhmuc.dossier import layout, office
from dinhmuc.dossier.layout import (
    DRAFT_MARK,
    add_annex_title,
    add_article,
    add_draft_mark,
    add_header_block,
    add_legal_bases,
    add_page_number_field,
    add_signature_block,
    apply_base_styles,
    make_deterministic,
    rom,
    save_docx_deterministic,
    setup_page,
    to_roman,
)

DATE = dt.date(2023, 9, 5)
DATE_LINE = "Kon Tum, ngày 05 tháng 9 năm 2023"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def build_decision(body_repeat: int = 6) -> Document:
    """A Quyết định using every primitive, with an annex in a landscape section."""
    doc = Document()
    setup_page(doc)
    apply_base_styles(doc)
    add_header_block(
        doc,
        "Ủy ban nhân dân tỉnh Kon Tum",
        parent_body=None,
        number="15/QĐ-UBND",
        place="Kon Tum",
        date=DATE,
        doc_type="Quyết định",
        subject="Ban hành định mức kinh tế - kỹ thuật dịch vụ khuyến công",
    )
    add_legal_bases(
        doc,
        [
            "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công.",
            "Theo đề nghị của Giám đốc Sở Công Thương",
        ],
    )
    for i in range(1, 4):
        add_article(doc, i, "Ban hành kèm theo Quyết định này định mức kinh tế - kỹ thuật. " * body_repeat)
    add_signature_block(
        doc,
        authority_prefix="TM. Ủy ban nhân dân",
        title="KT. Chủ tịch\nPhó Chủ tịch",
        signer="Nguyễn Văn A",
        recipients=["Như Điều 3", "- Bộ Công Thương;", "Lưu: VT, KTTH"],
    )
    annex = doc.add_section()
    add_annex_title(
        doc, 1, "Định mức lao động", "Kèm theo Quyết định số 15/QĐ-UBND ngày 05/9/2023 của UBND tỉnh Kon Tum"
    )
    setup_page(doc)  # portrait everywhere ...
    annex.orientation = WD_ORIENT.LANDSCAPE  # ... then the annex section wide
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    add_page_number_field(doc.sections[0])
    add_draft_mark(doc)
    make_deterministic(doc, title="Quyết định ban hành định mức")
    return doc


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "quyet_dinh.docx"
    save_docx_deterministic(build_decision(), path)
    return path


@pytest.fixture(scope="module")
def reopened(saved):
    return Document(str(saved))


def _runs_with(doc_or_cell, text):
    return [r for p in doc_or_cell.paragraphs for r in p.runs if text in r.text]


def _paragraph(container, text):
    matches = [p for p in container.paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r} in {[p.text for p in container.paragraphs]}"
    return matches[0]


def _rfonts(run):
    rf = run._r.rPr.rFonts
    return {a: rf.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")}


# ----------------------------------------------------------------- page
def test_page_is_a4_with_nd30_margins(reopened):
    s = reopened.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert s.orientation == WD_ORIENT.PORTRAIT
    # NĐ 30/2020: top/bottom 20-25, left 30-35, right 15-20 mm
    for section in reopened.sections:
        assert 20 <= round(section.top_margin.mm, 1) <= 25
        assert 20 <= round(section.bottom_margin.mm, 1) <= 25
        assert 30 <= round(section.left_margin.mm, 1) <= 35
        assert 15 <= round(section.right_margin.mm, 1) <= 20


def test_landscape_swaps_sizes_on_every_section():
    doc = Document()
    doc.add_section()
    setup_page(doc, landscape=True)
    for s in doc.sections:
        assert s.orientation == WD_ORIENT.LANDSCAPE
        assert (round(s.page_width.mm), round(s.page_height.mm)) == (297, 210)
        assert round(s.left_margin.mm) == 30 and round(s.top_margin.mm) == 20


def test_annex_section_is_landscape(reopened):
    annex = reopened.sections[1]
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)


# ----------------------------------------------------------------- styles
def test_normal_style(reopened):
    normal = reopened.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    rf = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert rf.get(qn(f"w:{attr}")) == "Times New Roman"
    assert rf.get(qn("w:asciiTheme")) is None
    pf = normal.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent.cm - 1.27) < 0.01
    assert pf.space_after.pt == 6
    assert 1.0 <= pf.line_spacing <= 1.5
    assert str(normal.font.color.rgb) == "000000"
    assert 12 <= reopened.styles[layout.STYLE_TABLE_TEXT].font.size.pt <= 13


def test_every_run_is_times_new_roman(reopened):
    runs = [r for p in reopened.paragraphs for r in p.runs if r.text.strip()]
    for table in reopened.tables:
        runs += [r for c in table._cells for p in c.paragraphs for r in p.runs if r.text.strip()]
    assert len(runs) > 20
    for run in runs:
        assert run.font.name == "Times New Roman", run.text
        assert set(_rfonts(run).values()) == {"Times New Roman"}, run.text


# ----------------------------------------------------------------- header block
def test_header_block(reopened):
    table = reopened.tables[0]
    left, right = table.rows[0].cells
    assert left.width < right.width
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}

    issuing = _paragraph(left, "ỦY BAN NHÂN DÂN TỈNH KON TUM").runs[0]
    assert issuing.bold and 12 <= issuing.font.size.pt <= 13
    rule = left.paragraphs[1]._p.pPr.find(qn("w:pBdr"))
    assert rule is not None and rule.find(qn("w:bottom")) is not None
    number = _paragraph(left, "Số: 15/QĐ-UBND").runs[0]
    assert number.font.size.pt == 13 and not number.bold

    title = _paragraph(right, NATIONAL_TITLE).runs[0]
    assert title.bold and 12 <= title.font.size.pt <= 13
    motto = _paragraph(right, MOTTO).runs[0]
    assert motto.bold and motto.underline and 13 <= motto.font.size.pt <= 14
    date = _paragraph(right, DATE_LINE).runs[0]
    assert date.italic and 13 <= date.font.size.pt <= 14

    doc_type = _paragraph(reopened, "QUYẾT ĐỊNH")
    assert doc_type.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc_type.runs[0].bold and doc_type.runs[0].font.size.pt == 14
    subject = _paragraph(reopened, "Ban hành định mức kinh tế - kỹ thuật dịch vụ khuyến công")
    assert subject.runs[0].bold and subject.runs[0].font.size.pt == 14


def test_header_block_parent_body_and_official_letter():
    doc = Document()
    setup_page(doc)
    apply_base_styles(doc)
    table = add_header_block(
        doc,
        "Sở Công Thương",
        parent_body="UBND tỉnh Kon Tum",
        number="     /SCT-QLCN",
        place="Kon Tum",
        subject="góp ý dự thảo định mức",
    )
    left, right = table.rows[0].cells
    parent = _paragraph(left, "UBND TỈNH KON TUM").runs[0]
    assert not parent.bold and 12 <= parent.font.size.pt <= 13
    assert _paragraph(left, "SỞ CÔNG THƯƠNG").runs[0].bold
    assert _paragraph(left, "V/v góp ý dự thảo định mức").runs[0].font.size.pt == 12
    assert right.paragraphs[-1].text.startswith("Kon Tum, ngày ")
    assert not any(p.text == "QUYẾT ĐỊNH" for p in doc.paragraphs)


# ----------------------------------------------------------------- body
def test_legal_bases_punctuation(reopened):
    texts = [p.text for p in reopened.paragraphs if p.runs and p.runs[0].italic]
    assert texts[:3] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công;",
        "Theo đề nghị của Giám đốc Sở Công Thương.",
    ]


def test_articles(reopened):
    articles = [p for p in reopened.paragraphs if p.text.startswith("Điều ")]
    assert [p.runs[0].text for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    for p in articles:
        assert p.runs[0].bold and not p.runs[1].bold
        assert p.runs[1].font.size.pt == 14


def test_signature_block(reopened):
    left, right = reopened.tables[1].rows[0].cells
    head = left.paragraphs[0].runs[0]
    assert head.text == "Nơi nhận:" and head.bold and head.italic and head.font.size.pt == 12
    entries = [p.text for p in left.paragraphs[1:]]
    assert entries == ["- Như Điều 3;", "- Bộ Công Thương;", "- Lưu: VT, KTTH."]
    assert all(p.runs[0].font.size.pt == 11 for p in left.paragraphs[1:])
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]
    for p in right.paragraphs:
        for r in p.runs:
            assert r.bold and 13 <= r.font.size.pt <= 14
    assert len(right.paragraphs) - len(lines) >= 3, "room for the signature"


def test_signature_adds_luu_when_missing():
    doc = Document()
    add_signature_block(doc, title="Giám đốc", signer="Trần Thị B", recipients=["UBND tỉnh;"])
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs[1:]] == ["- UBND tỉnh;", "- Lưu: VT."]
    assert right.paragraphs[0].text == "GIÁM ĐỐC"


def test_annex_title(reopened):
    texts = [p.text for p in reopened.paragraphs]
    i = texts.index("Phụ lục I")
    assert texts[i + 1] == "ĐỊNH MỨC LAO ĐỘNG"
    assert texts[i + 2] == "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05/9/2023 của UBND tỉnh Kon Tum)"
    assert reopened.paragraphs[i].runs[0].bold and reopened.paragraphs[i].runs[0].font.size.pt == 14
    assert reopened.paragraphs[i + 2].runs[0].italic


# ----------------------------------------------------------------- headers
def _has_page_field(header) -> bool:
    instr = " ".join(t.text or "" for t in header._element.iter(qn("w:instrText")))
    simple = [f.get(qn("w:instr")) or "" for f in header._element.iter(qn("w:fldSimple"))]
    return "PAGE" in instr or any("PAGE" in s for s in simple)


def test_page_number_not_on_first_page(reopened):
    s = reopened.sections[0]
    assert s.different_first_page_header_footer
    assert s.header.is_linked_to_previous is False
    assert _has_page_field(s.header)
    assert not _has_page_field(s.first_page_header)
    number_par = next(p for p in s.header.paragraphs if p.style.name == layout.STYLE_PAGE_NUMBER)
    assert (
        number_par.alignment == WD_ALIGN_PARAGRAPH.CENTER
        or number_par.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    # the annex section inherits the numbered header and has no title page of its own
    assert not reopened.sections[1].different_first_page_header_footer


def test_draft_mark_on_every_page(reopened):
    s = reopened.sections[0]
    for header in (s.header, s.first_page_header):
        assert DRAFT_MARK in [p.text for p in header.paragraphs]
    # section 2 inherits (linked) the marked header
    assert reopened.sections[1].header.is_linked_to_previous


def test_header_helpers_are_idempotent():
    doc = Document()
    setup_page(doc)
    for _ in range(2):
        add_page_number_field(doc.sections[0])
        add_draft_mark(doc)
    header = doc.sections[0].header
    assert [p.text for p in header.paragraphs].count(DRAFT_MARK) == 1
    assert sum(1 for _ in header._element.iter(qn("w:instrText"))) == 1
    add_draft_mark(doc, text="DỰ THẢO lần 2")
    assert "DỰ THẢO lần 2" in [p.text for p in header.paragraphs]
    assert DRAFT_MARK not in [p.text for p in header.paragraphs]


def test_helpers_leave_normal_style_alone_without_apply_base_styles():
    doc = Document()
    before = doc.styles["Normal"].font.size
    add_header_block(doc, "Sở Tài chính", number="1/STC")
    add_page_number_field(doc.sections[0])
    add_draft_mark(doc)
    assert doc.styles["Normal"].font.size == before
    title = _paragraph(doc.tables[0].rows[0].cells[1], NATIONAL_TITLE).runs[0]
    assert title.font.name == "Times New Roman" and title.font.size.pt == 13


# ----------------------------------------------------------------- roman numerals
ROMAN_1_50 = (
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX "
    "XXI XXII XXIII XXIV XXV XXVI XXVII XXVIII XXIX XXX XXXI XXXII XXXIII XXXIV XXXV "
    "XXXVI XXXVII XXXVIII XXXIX XL XLI XLII XLIII XLIV XLV XLVI XLVII XLVIII XLIX L"
).split()


def test_roman_numerals():
    assert [to_roman(n) for n in range(1, 51)] == ROMAN_1_50
    assert [rom(n) for n in range(1, 51)] == ROMAN_1_50
    assert to_roman(3999) == "MMMCMXCIX"
    for bad in (0, -1, 4000):
        with pytest.raises(ValueError):
            to_roman(bad)
    with pytest.raises(TypeError):
        to_roman("5")


# ----------------------------------------------------------------- determinism
def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_saves_are_byte_identical(tmp_path, monkeypatch):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    save_docx_deterministic(build_decision(), a)
    # an hour later: plain python-docx saves would differ (zip member timestamps) ...
    later = types.SimpleNamespace(time=lambda: time.time() + 3600, localtime=time.localtime)
    monkeypatch.setattr(zipfile, "time", later)
    plain_a, plain_b = io.BytesIO(), io.BytesIO()
    build_decision().save(plain_a)
    monkeypatch.undo()
    build_decision().save(plain_b)
    assert plain_a.getvalue() != plain_b.getvalue()
    # ... deterministic saves do not
    monkeypatch.setattr(zipfile, "time", later)
    save_docx_deterministic(build_decision(), b)
    monkeypatch.undo()
    assert _sha(a) == _sha(b)
    c = tmp_path / "c.docx"
    save_docx_deterministic(build_decision(body_repeat=7), c)
    assert _sha(c) != _sha(a)
    props = Document(str(a)).core_properties
    assert props.author == "dinhmuc" and props.revision == 1
    assert props.created == props.modified == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    with zipfile.ZipFile(a) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])


def test_save_is_atomic_and_overwrites(tmp_path, monkeypatch):
    path = tmp_path / "out.docx"
    path.write_bytes(b"old content")
    doc = make_deterministic(Document())
    save_docx_deterministic(doc, path)
    assert Document(str(path)) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]

    # a failure while writing leaves the old file intact and no temp file behind
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(layout.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        save_docx_deterministic(doc, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_primitives_work_on_a_docxtpl_render(tmp_path):
    from docxtpl import DocxTemplate

    src = Document()
    src.add_paragraph("Kính gửi: {{ recipient }}")
    template_path = tmp_path / "template.docx"
    src.save(str(template_path))
    tpl = DocxTemplate(str(template_path))
    tpl.render({"recipient": "Ủy ban nhân dân tỉnh Kon Tum"})
    doc = tpl.docx
    setup_page(doc)
    apply_base_styles(doc)
    add_header_block(
        doc,
        "Sở Công Thương",
        number="12/TTr-SCT",
        place="Kon Tum",
        date=DATE,
        doc_type="Tờ trình",
        subject="Về việc ban hành định mức",
    )
    add_draft_mark(doc)
    make_deterministic(doc)
    out = save_docx_deterministic(doc, tmp_path / "rendered.docx")
    again = Document(str(out))
    assert "Kính gửi: Ủy ban nhân dân tỉnh Kon Tum" in [p.text for p in again.paragraphs]
    assert "TỜ TRÌNH" in [p.text for p in again.paragraphs]


# ----------------------------------------------------------------- office
def test_office_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("DINHMUC_SOFFICE", raising=False)
    docx_path = tmp_path / "x.docx"
    Document().save(str(docx_path))
    with pytest.raises(office.OfficeUnavailable, match="soffice"):
        office.convert_to_pdf(docx_path, tmp_path / "out")
    with pytest.raises(office.OfficeUnavailable, match="poppler-utils"):
        office.pdf_text(tmp_path / "x.pdf")
    assert issubclass(office.OfficeUnavailable, RuntimeError)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_pdf_rendering(saved, tmp_path):
    pdf = office.convert_to_pdf(saved, tmp_path / "pdf", timeout=120)
    assert pdf == tmp_path / "pdf" / "quyet_dinh.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["quyet_dinh.pdf"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (Debian package poppler-utils)")
    text = _normalise(office.pdf_text(pdf))
    assert NATIONAL_TITLE in text
    assert DATE_LINE in text
    assert MOTTO in text
    assert DRAFT_MARK in text
    assert "Số: 15/QĐ-UBND" in text
    assert "Phụ lục I" in text
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
