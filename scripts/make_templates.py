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


def _header(doc, parent: bool, number: bool = True, date: bool = True, doc_type: bool = True, subject: bool = True):
    layout.add_header_block(
        doc,
        issuing_body="[[BODY]]",
        parent_body="[[PARENT]]" if parent else None,
        number="[[NUMBER]]" if number else None,
        place="[[DATELINE]]" if date else None,
        doc_type="[[DOCTYPE]]" if doc_type else None,
        subject=SUBJECT_SAMPLE if subject else None,
    )


def _signature(doc, recipients: bool = True):
    layout.add_signature_block(
        doc,
        title=["[[SIGN_FOR]]", "[[SIGN_LINE]]", "[[SIGN_END]]"],
        signer="[[SIGNER]]",
        recipients=["[[R_FOR]]", "[[R_LINE]]", "Lưu: [[R_END]]"] if recipients else (),
    )


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
    layout.add_article(
        doc,
        1,
        "Ban hành kèm theo Quyết định này {{ norm_doc_title }}, gồm {{ norm_count }} định mức tại các Phụ lục sau:",
    )
    _loop(doc, "item", "annex_list")
    layout.add_article(
        doc,
        2,
        "Quyết định này có hiệu lực kể từ {{ effective_date }}."
        "{% if replaces %} Quyết định này thay thế {{ replaces }}.{% endif %}",
    )
    # Điều 3: the usual implementers of a provincial decision; a project may name its own (dossier.implementers)
    layout.add_article(
        doc,
        3,
        "{% if implementers %}{{ implementers }}{% else %}Chánh Văn phòng Ủy ban nhân dân "
        "tỉnh; Giám đốc các Sở: Công Thương, Tài chính; Giám đốc {{ service_provider }}; Thủ "
        "trưởng các cơ quan, đơn vị và cá nhân có liên quan{% endif %} chịu trách nhiệm thi "
        "hành Quyết định này./.",
    )
    _signature(doc)
    return doc


def dinh_muc():
    """Văn bản định mức kèm theo quyết định, một phụ lục cho mỗi dịch vụ."""
    doc = _new()
    _header(doc, parent=False, number=False, date=False)
    blocks.para(doc, "({{ attached_line }})", italic=True, align="c", indent=False, after=12)
    blocks.heading(doc, "Phần I. QUY ĐỊNH CHUNG", align="c")
    # Quy định chung: the wording a clerk edits. TT 47/2018 Art. 2 and 7 (content of a norm); the hours of a
    # công and of a ca come from the dated parameters (working_time.yaml), never from this text.
    blocks.heading(doc, "1. Phạm vi điều chỉnh")
    blocks.para(
        doc,
        "Định mức này quy định mức hao phí lao động, vật tư và máy móc, thiết bị để hoàn thành một đơn "
        "vị sản phẩm của {{ service_count }} dịch vụ sự nghiệp công sử dụng ngân sách nhà nước lĩnh vực "
        "{{ field_name }} trên địa bàn tỉnh {{ province }}.",
    )
    blocks.heading(doc, "2. Đối tượng áp dụng")
    blocks.para(
        doc,
        "Cơ quan quản lý nhà nước, {{ service_provider }} và các tổ chức, cá nhân có liên quan đến việc "
        "cung cấp dịch vụ sự nghiệp công theo phương thức giao nhiệm vụ, đặt hàng hoặc đấu thầu.",
    )
    blocks.heading(doc, "3. Nội dung định mức")
    blocks.para(
        doc,
        "a) Hao phí lao động: thời gian lao động trực tiếp theo chức danh, hạng và bậc, tính bằng công "
        "(01 công = {{ hours_per_day }} giờ làm việc); lao động gián tiếp tính bằng tỷ lệ phần trăm "
        "của lao động trực tiếp;",
    )
    blocks.para(doc, "b) Hao phí vật tư: số lượng từng loại vật tư cần thiết, kèm tỷ lệ hao hụt và tỷ lệ thu hồi;")
    blocks.para(
        doc,
        "c) Hao phí máy móc, thiết bị: thời gian sử dụng gồm thời gian có tải và không tải, tính bằng "
        "ca (01 ca = {{ hours_per_shift }} giờ) hoặc giờ.",
    )
    blocks.heading(doc, "4. Hướng dẫn áp dụng")
    blocks.para(
        doc,
        "a) Định mức tính cho một đơn vị dịch vụ ở quy mô tham chiếu ghi tại mỗi Phụ lục; khi quy mô "
        "thực tế khác, hao phí được tính theo tỷ lệ với đại lượng quy mô tương ứng;",
    )
    blocks.para(doc, "b) Hệ số điều chỉnh chỉ áp dụng khi cấp có thẩm quyền xác định rõ mức áp dụng cho từng nhiệm vụ;")
    blocks.para(doc, "c) Giá trị định mức được làm tròn đến {{ decimals_text }} chữ số thập phân.")
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
    _tag(doc, "{%p if necessity %}")
    blocks.para(doc, "{{ necessity }}")
    _tag(doc, "{%p else %}")
    # NĐ 60/2021 Art. 5 (amended by NĐ 111/2025): the price of a budget-funded public service rests on the norms
    blocks.para(
        doc,
        "Giá dịch vụ sự nghiệp công sử dụng ngân sách nhà nước được xác định trên cơ sở định mức kinh "
        "tế - kỹ thuật do cơ quan có thẩm quyền ban hành. Các dịch vụ sự nghiệp công lĩnh vực "
        "{{ field_name }} trên địa bàn tỉnh {{ province }} chưa có định mức, nên việc giao nhiệm vụ, đặt "
        "hàng và thanh toán, quyết toán chưa có căn cứ thống nhất.",
    )
    _tag(doc, "{%p endif %}")
    # TT 47/2018 Art. 9: the steps of building a norm
    blocks.para(
        doc,
        "{{ drafting_unit }} xây dựng định mức cho {{ service_count }} dịch vụ theo trình tự tại Điều 9 "
        "Thông tư số 47/2018/TT-BCT: khảo sát, thu thập số liệu các năm {{ years_text }}, tính toán, lấy "
        "ý kiến chuyên gia và các cơ quan, đơn vị có liên quan.",
    )
    blocks.heading(doc, "II. CĂN CỨ PHÁP LÝ")
    _loop(doc, "item", "basis_items")
    blocks.heading(doc, "III. PHẠM VI, ĐỐI TƯỢNG VÀ DANH MỤC DỊCH VỤ")
    blocks.para(
        doc,
        "Định mức áp dụng cho các dịch vụ sự nghiệp công lĩnh vực {{ field_name }} do "
        "{{ service_provider }} thực hiện, gồm:",
    )
    _tag(doc, "{{p service_table }}")
    blocks.heading(doc, "IV. THAM SỐ TÍNH TOÁN ĐÃ KHAI BÁO")
    blocks.para(
        doc,
        "Các tham số dưới đây là giá trị có hiệu lực tại thời điểm tính toán, mỗi giá trị kèm văn bản "
        "trích dẫn; tham số pháp luật không quy định (như số ngày làm việc bình quân một tháng) là lựa "
        "chọn khai báo của dự án.",
    )
    _tag(doc, "{{p parameters_table }}")
    blocks.heading(doc, "V. PHƯƠNG PHÁP XÂY DỰNG VÀ KẾT QUẢ TÍNH TOÁN")
    # TT 47/2018 Art. 6: the three methods
    blocks.para(
        doc,
        "Mỗi giá trị định mức được xác định theo một trong ba phương pháp tại Điều 6 Thông tư số "
        "47/2018/TT-BCT; phần dưới trình bày phương pháp chọn cho từng dịch vụ và lý do, tóm tắt số liệu "
        "(số liệu dùng, năm, giá trị nhỏ nhất, lớn nhất, trung bình, độ dao động, số liệu bị loại và lý "
        "do) và cách tính từng giá trị.",
    )
    _tag(doc, "{{p methods }}")
    blocks.heading(doc, "VI. TÍNH THỬ ĐƠN GIÁ")
    _tag(doc, "{{p trial_prices }}")
    blocks.heading(doc, "VII. NHỮNG ĐIỂM CẦN GIẢI TRÌNH")
    blocks.para(
        doc,
        "Kiểm tra phục vụ thẩm định nêu {{ points_count }} điểm đơn vị soạn thảo cần giải trình hoặc "
        "hoàn thiện trước khi Hội đồng thẩm định họp; nội dung giải trình ghi vào cột cuối của bảng.",
    )
    _tag(doc, "{{p points_table }}")
    blocks.heading(doc, "VIII. KIẾN NGHỊ")
    blocks.para(
        doc,
        "{{ drafting_unit }} kính đề nghị Hội đồng thẩm định xem xét, cho ý kiến để hoàn thiện dự thảo, "
        "trình Ủy ban nhân dân tỉnh {{ province }} ban hành.",
    )
    _signature(doc)
    return doc


def to_trinh():
    """Tờ trình đề nghị thẩm định (submission)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(doc, "Kính gửi: {{ addressee }}.", align="c", indent=False, before=6, after=12)
    _loop(doc, "b", "legal_bases", italic=True)
    blocks.para(
        doc,
        "{{ drafting_unit }} kính trình {{ addressee }} thẩm định dự thảo Quyết định của {{ issuing }} "
        "ban hành {{ title }}, với các nội dung chính như sau:",
    )
    blocks.heading(doc, "1. Sự cần thiết")
    _tag(doc, "{%p if necessity %}")
    blocks.para(doc, "{{ necessity }}")
    _tag(doc, "{%p else %}")
    blocks.para(
        doc,
        "Các dịch vụ sự nghiệp công lĩnh vực {{ field_name }} sử dụng ngân sách nhà nước chưa có định "
        "mức kinh tế - kỹ thuật làm căn cứ xác định giá, giao nhiệm vụ, đặt hàng theo Nghị định số "
        "60/2021/NĐ-CP.",
    )
    _tag(doc, "{%p endif %}")
    blocks.heading(doc, "2. Quá trình xây dựng dự thảo")
    # TT 47/2018 Art. 9: survey, build by the Art. 6 methods, consult experts and the bodies concerned
    blocks.para(
        doc, "- Khảo sát, thu thập số liệu thực hiện các dịch vụ các năm {{ years_text }} tại {{ service_provider }};"
    )
    blocks.para(doc, "- Tính toán định mức theo phương pháp quy định tại Điều 6 Thông tư số 47/2018/TT-BCT;")
    blocks.para(
        doc, "- Lấy ý kiến chuyên gia độc lập và các cơ quan, đơn vị có liên quan; tổng hợp, tiếp thu, giải trình."
    )
    blocks.heading(doc, "3. Nội dung chính của dự thảo")
    blocks.para(
        doc,
        "Dự thảo gồm {{ service_count }} định mức, mỗi định mức quy định hao phí lao động, vật tư, máy "
        "móc thiết bị cho một đơn vị dịch vụ{% if costed %}; đơn giá tính thử của mỗi dịch vụ tính cho "
        "một đơn vị dịch vụ đó{% endif %}:",
    )
    _tag(doc, "{{p summary_table }}")
    _tag(doc, "{%p if plan_text %}")
    blocks.para(doc, "Kinh phí thực hiện kế hoạch {{ plan_label }} tính theo dự thảo định mức: {{ plan_text }}.")
    _tag(doc, "{%p endif %}")
    blocks.para(doc, "Cách tính, số liệu và những điểm cần giải trình được trình bày tại Báo cáo thuyết minh kèm theo.")
    blocks.heading(doc, "4. Hồ sơ gửi kèm theo")
    for item in (
        "- Dự thảo Quyết định và văn bản định mức kèm theo;",
        "- Báo cáo thuyết minh xây dựng định mức;",
        "- Bảng tổng hợp tiếp thu, giải trình ý kiến góp ý;",
        "- Bảng tính định mức, đơn giá (tệp Excel).",
    ):
        blocks.para(doc, item)
    blocks.para(doc, "{{ drafting_unit }} kính trình {{ addressee }} xem xét, thẩm định./.")
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
    blocks.para(
        doc,
        "Đề nghị đơn vị ghi hao phí thực tế bình quân cho một đơn vị dịch vụ (theo đơn vị tính ghi tại "
        "mỗi phần) của từng năm {{ years | join(', ') }}, căn cứ hồ sơ thanh quyết toán; năm không thực "
        "hiện dịch vụ thì để trống. Số liệu phục vụ xây dựng định mức theo Thông tư 47/2018/TT-BCT.",
        italic=True,
    )
    _tag(doc, "{{p forms }}")
    blocks.add_signature_columns(
        doc,
        [
            (["NGƯỜI CUNG CẤP THÔNG TIN"], "(Ký, ghi rõ họ tên)", None),
            (["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký tên, đóng dấu)", None),
        ],
    )
    return doc


def phieu_chuyen_gia():
    """Phiếu xin ý kiến chuyên gia (min / most likely / max per line)."""
    doc = _new()
    _header(doc, parent=True, number=False, date=False)
    _form_header_lines(doc, "expert_lines")
    blocks.para(
        doc,
        "Đề nghị chuyên gia cho ý kiến về hao phí của từng dòng cho một đơn vị dịch vụ: mức thấp nhất "
        '(a), mức có khả năng xảy ra nhất (m) và mức cao nhất (b). Cột "Dự thảo" là giá trị tổ soạn '
        "thảo đã tính (nếu có) để chuyên gia tham khảo.",
        italic=True,
    )
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
    """Phiếu nhận xét của thành viên Hội đồng thẩm định (TT 47/2018 Art. 9: written review before the meeting)."""
    doc = _new()
    _header(doc, parent=True, number=False, date=True)
    blocks.para(doc, "Họ và tên thành viên Hội đồng: " + "." * 50, indent=False, after=3)
    blocks.para(doc, "Chức vụ, đơn vị công tác: " + "." * 56, indent=False, after=3)
    for q in (
        "1. Sự phù hợp của căn cứ pháp lý, phương pháp xây dựng định mức (Thông tư số 47/2018/TT-BCT, Điều 6):",
        "2. Tính đúng, đủ và hợp lý của hao phí lao động, vật tư, máy móc thiết bị của từng dịch vụ:",
        "3. Độ tin cậy của số liệu khảo sát, thống kê và thuyết minh tính toán:",
        "4. Những nội dung cần chỉnh sửa, bổ sung:",
    ):
        blocks.para(doc, q, bold=True, indent=False, before=6, keep_next=True)
        blocks.dotted_lines(doc, 3)
    blocks.para(doc, "5. Đề xuất đánh giá (đánh dấu X vào một ô):", bold=True, indent=False, before=6)
    _tag(doc, "{%p for level in levels %}")
    blocks.checkbox_line(doc, "{{ level }}")
    _tag(doc, "{%p endfor %}")
    blocks.add_signature_columns(doc, [(["NGƯỜI NHẬN XÉT"], "(Ký, ghi rõ họ tên)", None)])
    return doc


def phieu_bau():
    """Phiếu bầu (secret ballot, TT 47/2018 Điều 9: Mức 1, 2, 3)."""
    doc = _new()
    _header(doc, parent=True, number=False, date=True)
    blocks.para(
        doc,
        "Thành viên Hội đồng đánh dấu (X) vào một ô tương ứng với mức đánh giá của mình (bỏ phiếu kín, "
        "Thông tư số 47/2018/TT-BCT, Điều 9).",
    )
    rows = [
        ("{{ levels[0].code }}", "{{ levels[0].text }}", ""),
        ("{{ levels[1].code }}", "{{ levels[1].text }}", ""),
        ("{{ levels[2].code }}", "{{ levels[2].text }}", ""),
    ]
    blocks.table(doc, ["Mức", "Nội dung đánh giá", "Đánh dấu (X)"], rows, (25, 110, 30), aligns="clc")
    blocks.para(doc, "")
    blocks.para(doc, "Phiếu đánh dấu nhiều hơn một ô hoặc không đánh dấu ô nào là phiếu không hợp lệ.", italic=True)
    blocks.para(doc, "Phiếu bầu không ghi tên người bỏ phiếu.", italic=True)
    return doc


def bien_ban():
    """Biên bản họp Hội đồng thẩm định (minutes with the ballot tally; TT 47/2018 Art. 9)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(doc, "Thời gian: {{ meeting_time }}, {{ meeting_day }}.", indent=False)
    blocks.para(doc, "Địa điểm: {{ meeting_place }}.", indent=False)
    _tag(doc, "{%p if established_by %}")
    blocks.para(doc, "Hội đồng được thành lập theo {{ established_by }}.", indent=False)
    _tag(doc, "{%p endif %}")
    blocks.heading(doc, "I. THÀNH PHẦN")
    blocks.para(
        doc,
        "Hội đồng có {{ member_count }} thành viên; có mặt {{ present_count }} thành viên, vắng "
        "{{ absent_count }} thành viên:",
    )
    _tag(doc, "{{p members_table }}")
    blocks.heading(doc, "II. NỘI DUNG")
    blocks.para(
        doc, "1. Đại diện {{ drafting_unit }} (tổ soạn thảo) trình bày dự thảo {{ title }} và báo cáo thuyết minh."
    )
    blocks.para(doc, "2. Các ủy viên phản biện, thành viên Hội đồng đọc phiếu nhận xét; tổ soạn thảo giải trình.")
    blocks.para(doc, "3. Hội đồng thảo luận, bầu Ban kiểm phiếu và bỏ phiếu kín đánh giá dự thảo theo ba mức.")
    blocks.heading(doc, "III. KẾT QUẢ BỎ PHIẾU")
    blocks.para(doc, "Số phiếu phát ra: {{ issued }}; số phiếu thu về: {{ received }}; kết quả như sau:")
    _tag(doc, "{{p tally_table }}")
    _tag(doc, "{%p if rules %}")
    blocks.para(doc, "{{ rules }}", italic=True)
    _tag(doc, "{%p endif %}")
    blocks.heading(doc, "IV. KẾT LUẬN CỦA HỘI ĐỒNG")
    _tag(doc, "{%p if conclusion %}")
    blocks.para(doc, "{{ explanation }}")
    blocks.para(doc, "Hội đồng thẩm định kết luận: {{ conclusion }}", bold=True)
    _tag(doc, "{%p else %}")
    blocks.para(doc, "Hội đồng kết luận: " + "." * 70)
    _tag(doc, "{%p endif %}")
    blocks.para(
        doc,
        "Biên bản được lập thành 03 bản, đã được đọc lại cho các thành viên Hội đồng có mặt cùng nghe và thống nhất./.",
    )
    blocks.add_signature_columns(
        doc, [(["THƯ KÝ HỘI ĐỒNG"], None, "{{ secretary }}"), (["CHỦ TỊCH HỘI ĐỒNG"], None, "{{ chair }}")]
    )
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


def build_all(out: Path, builders: dict | None = None, tokens: dict | None = None) -> list[Path]:
    """Write every template of ``builders`` (this script's by default) into ``out``; returns the paths.

    ``tokens``: more placeholder tokens to replace (scripts/make_templates_tt47.py adds its own).
    """
    out.mkdir(parents=True, exist_ok=True)
    if tokens:
        TOKENS.update(tokens)
    written = []
    for name, build in (builders or BUILDERS).items():
        doc = build()
        _replace_tokens(doc)
        layout.make_deterministic(doc, title=f"dinhmuc template {name}")
        written.append(layout.save_docx_deterministic(doc, out / f"{name}.docx"))
    return written


def main(argv: list[str] | None = None, build=None, doc: str | None = None) -> int:
    """The command line of a template script: ``--out FOLDER`` (the bundled templates/ by default)."""
    ap = argparse.ArgumentParser(description=(doc or __doc__).splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "templates")
    args = ap.parse_args(argv)
    for path in (build or build_all)(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
