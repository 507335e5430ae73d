"""The generated dossier: NĐ 30/2020 layout of every .docx, draft mark, reproducibility, manifest, atomic writing."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import dossier_helpers as h
import pytest
from docx import Document
from docx.oxml.ns import qn

import dinhmuc as dm
from dinhmuc.core.errors import InputError
from dinhmuc.dossier.layout import DRAFT_MARK
from dinhmuc.dossier.workbook import CostInputs, reference_costs
from dinhmuc.dossier.writer import write_dossier

ALLOWED_SIZES = {11.0, 12.0, 13.0, 14.0, 6.0}  # 6 pt: empty spacer paragraphs only


def _build(out: Path, **kw):
    args = dict(
        project=h.project(plan_total=Decimal("123456789"), plan_label="năm 2027"),
        costs=h.costs(),
        history=h.history(),
        evidence=h.evidence(),
        comments=h.COMMENTS,
        council=h.COUNCIL,
    )
    args.update(kw)
    return write_dossier(h.norm_set(), out, **args)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("dossier") / "hs")


def _docx(result):
    return [p for p in result.files if p.suffix == ".docx"]


def test_every_document_is_written(dossier):
    names = sorted(p.name for p in dossier.files)
    assert len(_docx(dossier)) == 10 + 8  # + the TT 47 Art. 9 papers of the legal-normative route
    assert "11_bang_tinh_dinh_muc_don_gia.xlsx" in names
    # the only warnings: the facts the TT 47 papers leave blank for a person to fill in
    assert dossier.manifest.is_file() and all("còn thiếu" in w for w in dossier.warnings)


def test_page_margins_and_fonts_follow_nd30(dossier):
    for path in _docx(dossier):
        doc = Document(str(path))
        for s in doc.sections:
            w, hgt = round(s.page_width.mm), round(s.page_height.mm)
            assert {w, hgt} == {210, 297}, path.name  # A4 (landscape allowed for wide tables)
            assert (round(s.top_margin.mm), round(s.bottom_margin.mm)) == (20, 20), path.name
            assert (round(s.left_margin.mm), round(s.right_margin.mm)) == (30, 15), path.name
        normal = doc.styles["Normal"]
        assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
        defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
        root = doc.element
        for rfonts in root.iter(qn("w:rFonts")):
            for attr in ("ascii", "hAnsi"):
                v = rfonts.get(qn(f"w:{attr}"))
                assert v in (None, "Times New Roman"), (path.name, v)
        for sz in root.iter(qn("w:sz")):
            assert int(sz.get(qn("w:val"))) / 2 in ALLOWED_SIZES, (path.name, sz.get(qn("w:val")))
        # table text style 13 pt
        assert doc.styles["dinhmuc Table Text"].font.size.pt == 13
        # national title, motto present on the first page (header block)
        first = doc.tables[0]._tc if False else doc.tables[0]
        text = "\n".join(c.text for c in first.rows[0].cells)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text


def test_draft_mark_in_every_header(dossier):
    for path in _docx(dossier):
        doc = Document(str(path))
        for s in doc.sections:
            assert DRAFT_MARK in "\n".join(p.text for p in s.header.paragraphs), path.name
            assert DRAFT_MARK in "\n".join(p.text for p in s.first_page_header.paragraphs), path.name


def test_no_draft_mark_when_not_asked(tmp_path):
    r = write_dossier(
        dm.load_norm_set(Path(__file__).parent / "cases" / "norm_set_small.yaml"), tmp_path / "hs", draft_mark=False
    )
    for path in _docx(r):
        doc = Document(str(path))
        assert DRAFT_MARK not in "".join(p.text for s in doc.sections for p in s.header.paragraphs)


def test_decision_and_annexes_content(dossier):
    out = dossier.out_dir
    qd = "\n".join(p.text for p in Document(str(out / "01_quyet_dinh.docx")).paragraphs)
    assert "Điều 1. Ban hành kèm theo Quyết định này" in qd and "Điều 3." in qd and "./." in qd
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in qd
    annex = Document(str(out / "02_dinh_muc_kem_theo.docx"))
    body = "\n".join(p.text for p in annex.paragraphs)
    for roman in ("I", "II", "V", "IX", "X"):
        assert f"Phụ lục {roman}\n" in body
    # NĐ 78/2025 Mẫu số 20: the attached document of a legal normative decision is "ban hành kèm theo"
    assert (
        "(Ban hành kèm theo Quyết định số 46/2026/QĐ-UBND ngày 05 tháng 9 năm 2026 của Ủy ban nhân dân tỉnh Kon Tum)"
    ) in body
    cells = {c.text for t in annex.tables for row in t.rows for c in row.cells}
    assert "Hạng III bậc 3/9" in cells and "60,00" in cells  # Vietnamese numbers to 2 decimals
    report = Document(str(out / "03_thuyet_minh.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    plan = (
        "123.456.789 đồng (bằng chữ: Một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi "
        "chín đồng)"
    )
    assert "Kinh phí thực hiện kế hoạch năm 2027" in text and plan in text
    assert "Tổng đơn giá" not in text and "tổng cộng" not in text  # unit prices of different services never add up
    assert len(report.inline_shapes) >= 2  # cost structure + evidence charts
    tt = "\n".join(p.text for p in Document(str(out / "04_to_trinh.docx")).paragraphs)
    assert "Kính gửi: Hội đồng thẩm định" in tt and plan in tt and "tổng cộng" not in tt
    bb = "\n".join(p.text for p in Document(str(out / "10_bien_ban_hop_hoi_dong.docx")).paragraphs)
    assert "Hội đồng thẩm định kết luận: Mức 1: Đạt yêu cầu, đề nghị cấp có thẩm quyền ban hành." in bb
    assert "Thời gian: 08 giờ 30, ngày 04 tháng 8 năm 2026." in bb and "Phòng họp số 2" in bb


def test_same_inputs_give_byte_identical_files(dossier, tmp_path):
    again = _build(tmp_path / "hs2")
    a = {p.relative_to(dossier.out_dir): p.read_bytes() for p in dossier.out_dir.rglob("*") if p.is_file()}
    b = {p.relative_to(again.out_dir): p.read_bytes() for p in again.out_dir.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    for k in a:
        assert a[k] == b[k], k


def test_manifest_lists_outputs_inputs_parameters(dossier):
    m = json.loads(dossier.manifest.read_text(encoding="utf-8"))
    from dinhmuc.dossier.manifest import sha256_file

    assert m["dinhmuc_version"] == dm.__version__
    assert {o["file"] for o in m["outputs"]} == {p.name for p in dossier.files}
    for o in m["outputs"]:
        assert o["sha256"] == sha256_file(dossier.out_dir / o["file"])
    assert {"norm_set", "catalog", "costs", "history", "evidence"} <= set(m["inputs"])
    assert any(p["file"] == "base_salary.yaml" and p["last_reviewed"] for p in m["parameters"])
    from dinhmuc.dossier.papers.tt47 import TT47_TEMPLATES

    # the legal-normative route (the default) lays the decision out with quyet_dinh_qppl (NĐ 78/2025)
    assert set(m["templates"]) == {
        "dinh_muc",
        "thuyet_minh",
        "to_trinh",
        "phieu_khao_sat",
        "phieu_chuyen_gia",
        "bang_tiep_thu",
        "phieu_nhan_xet",
        "phieu_bau",
        "bien_ban",
        *TT47_TEMPLATES,
    }


def test_refuses_a_non_empty_folder_unless_overwrite(tmp_path):
    ns = dm.load_norm_set(Path(__file__).parent / "cases" / "norm_set_small.yaml")
    out = tmp_path / "hs"
    out.mkdir()
    (out / "mine.txt").write_text("x")
    with pytest.raises(InputError, match="không trống"):
        write_dossier(ns, out)
    assert (out / "mine.txt").exists()
    r = write_dossier(ns, out, overwrite=True)
    assert not (out / "mine.txt").exists() and r.manifest.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_without_libreoffice_pdf_is_skipped_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("DINHMUC_SOFFICE", "no-such-office-binary")
    ns = dm.load_norm_set(Path(__file__).parent / "cases" / "norm_set_small.yaml")
    r = write_dossier(ns, tmp_path / "hs", pdf=True)
    assert "không tìm thấy LibreOffice: bỏ qua PDF" in r.warnings
    assert len(_docx(r)) == 10 + 8 and not (r.out_dir / "pdf").exists()


def test_workbook_formulas_replay_the_costing(dossier):
    inputs = CostInputs.from_unit_prices(h.norm_set(), h.costs())
    ref = reference_costs(h.norm_set(), inputs)
    for code, up in h.costs().items():
        assert ref[code]["total"] == up.total
        for comp in ("labour", "materials", "equipment", "management"):
            assert ref[code][comp] == up.components[comp], (code, comp)
    with zipfile.ZipFile(dossier.out_dir / "11_bang_tinh_dinh_muc_don_gia.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" in xml and not re.search(rb"</f><v>[^<]", xml)  # no cached values: the office suite computes them


def test_norm_set_alone_is_enough(tmp_path):
    ns = dm.load_norm_set(Path(__file__).parent / "cases" / "norm_set_small.yaml")
    r = write_dossier(ns, tmp_path / "hs")
    assert len(_docx(r)) == 10 + 8
    text = "\n".join(p.text for p in Document(str(r.out_dir / "03_thuyet_minh.docx")).paragraphs)
    assert "Chưa tính thử đơn giá" in text
    assert Decimal(1)  # the workbook is still written, with empty prices
    assert (r.out_dir / "11_bang_tinh_dinh_muc_don_gia.xlsx").is_file()


def _minutes(council, **kw):
    from dinhmuc.dossier.info import DossierInfo
    from dinhmuc.dossier.papers import council_papers

    return council_papers(h.norm_set(), DossierInfo(province="Kon Tum", drafting_unit="Sở Công Thương"), council, **kw)[
        2
    ]


def test_minutes_use_the_one_tally_with_its_quorum():
    """3 of 9 present, all for Mức 1: a plain majority of ballots, but no quorum (2/3 of 9 = 6) -> no conclusion."""
    members = [
        {"id": f"m{i}", "name": f"Thành viên {i}", "role": "chair" if i == 1 else "member"} for i in range(1, 10)
    ]
    council = {
        "members": members,
        "present": ["m1", "m2", "m3"],
        "ballots": [{"member": f"m{i}", "level": 1} for i in (1, 2, 3)],
    }
    minutes = _minutes(council)
    assert minutes.context["conclusion"] == "Chưa có kết luận theo số phiếu."
    assert "không đủ điều kiện biểu quyết" in minutes.context["explanation"]
    t = dm.tally(council["ballots"], members, council["present"])
    assert t.conclusion is None and not t.quorum_ok  # the same verdict as the appraisal's tally
    # with 6 of 9 present and 4 votes for Mức 2 the minutes conclude Mức 2, as dm.tally does
    council = {
        "members": members,
        "present": [f"m{i}" for i in range(1, 7)],
        "ballots": [{"member": f"m{i}", "level": 2 if i <= 4 else 1} for i in range(1, 7)],
    }
    m = _minutes(council)
    assert m.context["conclusion"].startswith("Mức 2: ") and m.context["issued"] == "6"
    assert m.context["present_count"] == "6" and m.context["absent_count"] == "3"


def test_minutes_without_a_council_print_blanks_and_name_what_is_missing():
    from dinhmuc.dossier.info import BLANK

    m = _minutes(None)
    assert m.context["chair"] == BLANK and m.context["member_count"] == BLANK
    assert any("Hội đồng thẩm định" in item for item in m.missing)


def test_an_absent_secretary_does_not_sign_the_minutes():
    from dinhmuc.dossier.info import BLANK

    council = dict(
        h.COUNCIL,
        present=["CT", "PCT", "UV1", "UV2"],
        ballots=[{"member": m, "level": 1} for m in ("CT", "PCT", "UV1", "UV2")],
    )
    m = _minutes(council)
    assert m.context["secretary"] == BLANK and any("người ghi biên bản" in x for x in m.missing)
    m = _minutes(dict(council, recorder="UV2"))
    assert m.context["secretary"] == "Người thử Bốn" and not m.missing
