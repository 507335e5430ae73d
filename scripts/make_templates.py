"""Regenerate the dossier's Word templates in ``templates/`` (python-docx + the NĐ 30 layout primitives).

    python scripts/make_templates.py            # writes templates/*.docx
    python scripts/make_templates.py --out DIR  # writes elsewhere (the test compares bytes)

Each template is laid out with ``dinhmuc.dossier.layout`` (page, margins,
fonts, header block, signature block, page number) and carries Jinja2 tags
for docxtpl. The layout helpers upper-case some of their input (agency names,
signer titles), so the builders pass ``[[TOKENS]]`` and this script replaces
every run holding a token by its Jinja2 text afterwards. The output is
byte-reproducible (fixed core properties and zip timestamps): running the
script twice gives identical files, and tests/test_dossier_templates.py checks
that the committed templates equal a fresh run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dinhmuc.dossier import blocks, layout  # noqa: E402

# token -> the whole text of the run that holds it
TOKENS = {
    "[[PARENT]]": "{{ header.parent|upper }}",
    "[[BODY]]": "{{ header.body|upper }}",
    "[[NUMBER]]": "Số: {{ header.number }}",
    "[[DATELINE]]": "{{ header.date_line }}",
    "[[DOCTYPE]]": "{{ header.doc_type|upper }}",
    "[[SIGN_FOR]]": "{%p for line in signature.lines %}",
    "[[SIGN_LINE]]": "{{ line|upper }}",
    "[[SIGN_END]]": "{%p endfor %}",
    "[[SIGNER]]": "{{ signature.name }}",
    "[[R_FOR]]": "{%p for r in recipients %}",
    "[[R_LINE]]": "{{ r }}",
    "[[R_END]]": "{%p endfor %}",
    "[[B_FOR]]": "{%p for b in legal_bases %}",
    "[[B_LINE]]": "{{ b }}",
    "[[B_END]]": "{%p endfor %}",
}
# the subject is passed as a sample of typical length so the rule under it is sized right
SUBJECT_SAMPLE = "Ban hành Định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực khuyến công"
TOKENS[SUBJECT_SAMPLE] = "{{ header.subject }}"


def _new(landscape: bool = False):
    doc = Document()
    layout.setup_page(doc, landscape=landscape)
    layout.apply_base_styles(doc)
    layout.add_page_number_field(doc.sections[0])
    return doc


def _replace_tokens(doc) -> None:
    def paragraphs():
        yield from doc.paragraphs
        for t in doc.tables:
            for row in t.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        for s in doc.sections:
            for h in (s.header, s.first_page_header):
                yield from h.paragraphs

    for p in paragraphs():
        for run in p.runs:
            for token, text in TOKENS.items():
                if token in run.text:
                    run.text = text
                    break


def _header(doc, parent: bool, number: bool = True, date: bool = True, doc_type: bool = True,
            subject: bool = True):
    layout.add_header_block(
        doc, issuing_body="[[BODY]]", parent_body="[[PARENT]]" if parent else None,
        number="[[NUMBER]]" if number else None, place="[[DATELINE]]" if date else None,
        doc_type="[[DOCTYPE]]" if doc_type else None, subject=SUBJECT_SAMPLE if subject else None)


def _signature(doc, recipients: bool = True):
    layout.add_signature_block(
        doc, title=["[[SIGN_FOR]]", "[[SIGN_LINE]]", "[[SIGN_END]]"], signer="[[SIGNER]]",
        recipients=["[[R_FOR]]", "[[R_LINE]]", "Lưu: [[R_END]]"] if recipients else ())


def _tag(doc, text: str):
    """A paragraph holding only a Jinja2 block tag or a ``{{p subdoc }}``."""
    return blocks.para(doc, text, indent=False)


def _loop(doc, var: str, seq: str, *, italic: bool = False, indent: bool = True):
    _tag(doc, f"{{%p for {var} in {seq} %}}")
    blocks.para(doc, f"{{{{ {var} }}}}", italic=italic, indent=indent)
    _tag(doc, "{%p endfor %}")


# ============================================================================ templates
def quyet_dinh():
    """Quyết định ban hành định mức (draft decision)."""
    doc = _new()
    _header(doc, parent=False)
    blocks.para(doc, "{{ authority_line|upper }}", bold=True, align="c", indent=False, before=12, after=12)
    layout.add_legal_bases(doc, ["[[B_FOR]]", "[[B_LINE]]", "[[B_END]]"])
    blocks.para(doc, "QUYẾT ĐỊNH:", bold=True, align="c", indent=False, before=6, after=6)
    layout.add_article(doc, 1, "Ban hành kèm theo Quyết định này {{ norm_doc_title }}, gồm {{ norm_count }} "
                               "định mức tại các Phụ lục sau:")
    _loop(doc, "item", "annex_list")
    layout.add_article(doc, 2, "Quyết định này có hiệu lực {{ effective_text }}.")
    _tag(doc, "{%p if replaces_text %}")
    blocks.para(doc, "{{ replaces_text }}")
    _tag(doc, "{%p endif %}")
    layout.add_article(doc, 3, "{{ implementers }} chịu trách nhiệm thi hành Quyết định này./.")
    _signature(doc)
    return doc


def dinh_muc():
    """Văn bản định mức kèm theo quyết định, một phụ lục cho mỗi dịch vụ."""
    doc = _new()
    _header(doc, parent=False, number=False, date=False)
    blocks.para(doc, "({{ attached_line }})", italic=True, align="c", indent=False, after=12)
    blocks.heading(doc, "Phần I. QUY ĐỊNH CHUNG", align="c")
    blocks.heading(doc, "1. Phạm vi điều chỉnh")
    blocks.para(doc, "{{ scope_text }}")
    blocks.heading(doc, "2. Đối tượng áp dụng")
    blocks.para(doc, "{{ subjects_text }}")
    blocks.heading(doc, "3. Nội dung định mức")
    _loop(doc, "item", "content_items")
    blocks.heading(doc, "4. Hướng dẫn áp dụng")
    _loop(doc, "item", "guidance_items")
    blocks.heading(doc, "Phần II. ĐỊNH MỨC KINH TẾ - KỸ THUẬT", align="c")
    blocks.para(doc, "Định mức của từng dịch vụ được quy định tại các Phụ lục sau:")
    _loop(doc, "item", "annex_list")
    _tag(doc, "{{p annexes }}")
    return doc


def thuyet_minh():
    """Báo cáo thuyết minh xây dựng định mức (explanatory report)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.heading(doc, "I. SỰ CẦN THIẾT XÂY DỰNG ĐỊNH MỨC")
    _loop(doc, "item", "necessity")
    blocks.heading(doc, "II. CĂN CỨ PHÁP LÝ")
    _loop(doc, "item", "basis_items")
    blocks.heading(doc, "III. PHẠM VI, ĐỐI TƯỢNG VÀ DANH MỤC DỊCH VỤ")
    blocks.para(doc, "{{ scope_text }}")
    _tag(doc, "{{p service_table }}")
    blocks.heading(doc, "IV. THAM SỐ TÍNH TOÁN ĐÃ KHAI BÁO")
    blocks.para(doc, "{{ parameters_intro }}")
    _tag(doc, "{{p parameters_table }}")
    blocks.heading(doc, "V. PHƯƠNG PHÁP XÂY DỰNG VÀ KẾT QUẢ TÍNH TOÁN")
    blocks.para(doc, "{{ methods_intro }}")
    _tag(doc, "{{p methods }}")
    blocks.heading(doc, "VI. TÍNH THỬ ĐƠN GIÁ")
    _tag(doc, "{{p trial_prices }}")
    blocks.heading(doc, "VII. KIẾN NGHỊ")
    blocks.para(doc, "{{ recommendation }}")
    _signature(doc)
    return doc


def to_trinh():
    """Tờ trình đề nghị thẩm định (submission)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(doc, "Kính gửi: {{ addressee }}.", align="c", indent=False, before=6, after=12)
    _loop(doc, "b", "legal_bases")
    blocks.para(doc, "{{ opening }}")
    blocks.heading(doc, "1. Sự cần thiết")
    blocks.para(doc, "{{ necessity }}")
    blocks.heading(doc, "2. Quá trình xây dựng dự thảo")
    _loop(doc, "item", "process_items")
    blocks.heading(doc, "3. Nội dung chính của dự thảo")
    blocks.para(doc, "{{ content_text }}")
    _tag(doc, "{{p summary_table }}")
    blocks.para(doc, "{{ total_text }}")
    blocks.heading(doc, "4. Hồ sơ gửi kèm theo")
    _loop(doc, "item", "attachments")
    blocks.para(doc, "{{ closing }}")
    _signature(doc)
    return doc


def _form_header_lines(doc, lines_var: str):
    _tag(doc, f"{{%p for item in {lines_var} %}}")
    blocks.para(doc, "{{ item }}", indent=False, after=3)
    _tag(doc, "{%p endfor %}")


def phieu_khao_sat():
    """Phiếu khảo sát hao phí (survey forms), pre-filled from the catalogue."""
    doc = _new()
    _header(doc, parent=True, number=False, date=False)
    _form_header_lines(doc, "respondent_lines")
    blocks.para(doc, "{{ instructions }}", italic=True)
    _tag(doc, "{{p forms }}")
    blocks.add_signature_columns(doc, [(["NGƯỜI CUNG CẤP THÔNG TIN"], "(Ký, ghi rõ họ tên)", None),
                                       (["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký tên, đóng dấu)", None)])
    return doc


def phieu_chuyen_gia():
    """Phiếu xin ý kiến chuyên gia (min / most likely / max per line)."""
    doc = _new()
    _header(doc, parent=True, number=False, date=False)
    _form_header_lines(doc, "expert_lines")
    blocks.para(doc, "{{ instructions }}", italic=True)
    _tag(doc, "{{p forms }}")
    blocks.add_signature_columns(doc, [(["CHUYÊN GIA"], "(Ký, ghi rõ họ tên)", None)])
    return doc


def bang_tiep_thu():
    """Bảng tổng hợp tiếp thu, giải trình ý kiến (landscape)."""
    doc = _new(landscape=True)
    _header(doc, parent=True, number=False, date=True)
    blocks.para(doc, "{{ intro }}")
    _tag(doc, "{{p comments_table }}")
    _tag(doc, "{%p if summary %}")
    blocks.para(doc, "{{ summary }}")
    _tag(doc, "{%p endif %}")
    blocks.add_signature_columns(doc, [(["[[SIGN_FOR]]", "[[SIGN_LINE]]", "[[SIGN_END]]"], None, "[[SIGNER]]")])
    return doc


def phieu_nhan_xet():
    """Phiếu nhận xét của thành viên Hội đồng thẩm định."""
    doc = _new()
    _header(doc, parent=True, number=False, date=True)
    _form_header_lines(doc, "member_lines")
    _tag(doc, "{%p for q in questions %}")
    blocks.para(doc, "{{ q }}", bold=True, indent=False, before=6, keep_next=True)
    blocks.dotted_lines(doc, 3)
    _tag(doc, "{%p endfor %}")
    blocks.para(doc, "{{ levels_intro }}", bold=True, indent=False, before=6)
    _tag(doc, "{%p for level in levels %}")
    blocks.checkbox_line(doc, "{{ level }}")
    _tag(doc, "{%p endfor %}")
    blocks.add_signature_columns(doc, [(["NGƯỜI NHẬN XÉT"], "(Ký, ghi rõ họ tên)", None)])
    return doc


def phieu_bau():
    """Phiếu bầu (secret ballot, TT 47/2018 Điều 9: Mức 1, 2, 3)."""
    doc = _new()
    _header(doc, parent=True, number=False, date=True)
    blocks.para(doc, "{{ intro }}")
    rows = [("{{ levels[0].code }}", "{{ levels[0].text }}", ""),
            ("{{ levels[1].code }}", "{{ levels[1].text }}", ""),
            ("{{ levels[2].code }}", "{{ levels[2].text }}", "")]
    blocks.table(doc, ["Mức", "Nội dung đánh giá", "Đánh dấu (X)"], rows, (25, 110, 30), aligns="clc")
    blocks.para(doc, "")
    _loop(doc, "item", "rules", italic=True)
    return doc


def bien_ban():
    """Biên bản họp Hội đồng thẩm định (minutes with the ballot tally)."""
    doc = _new()
    _header(doc, parent=True)
    _loop(doc, "item", "opening_lines")
    blocks.heading(doc, "I. THÀNH PHẦN")
    _loop(doc, "item", "attendance_lines")
    _tag(doc, "{{p members_table }}")
    blocks.heading(doc, "II. NỘI DUNG")
    _loop(doc, "item", "proceedings")
    blocks.heading(doc, "III. KẾT QUẢ BỎ PHIẾU")
    blocks.para(doc, "{{ tally_intro }}")
    _tag(doc, "{{p tally_table }}")
    blocks.heading(doc, "IV. KẾT LUẬN CỦA HỘI ĐỒNG")
    blocks.para(doc, "{{ conclusion }}", bold=True)
    _loop(doc, "item", "closing_lines")
    blocks.add_signature_columns(doc, [(["THƯ KÝ HỘI ĐỒNG"], None, "{{ secretary }}"),
                                       (["CHỦ TỊCH HỘI ĐỒNG"], None, "{{ chair }}")])
    return doc


BUILDERS = {
    "quyet_dinh": quyet_dinh,
    "dinh_muc": dinh_muc,
    "thuyet_minh": thuyet_minh,
    "to_trinh": to_trinh,
    "phieu_khao_sat": phieu_khao_sat,
    "phieu_chuyen_gia": phieu_chuyen_gia,
    "bang_tiep_thu": bang_tiep_thu,
    "phieu_nhan_xet": phieu_nhan_xet,
    "phieu_bau": phieu_bau,
    "bien_ban": bien_ban,
}


def build_all(out: Path) -> list[Path]:
    """Write every template into ``out``; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        doc = build()
        _replace_tokens(doc)
        layout.make_deterministic(doc, title=f"dinhmuc template {name}")
        written.append(layout.save_docx_deterministic(doc, out / f"{name}.docx"))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "templates")
    args = ap.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
