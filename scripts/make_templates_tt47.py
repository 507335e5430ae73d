"""Regenerate the Word templates of the TT 47 Art. 9 papers and of the legal-normative decision.

    python scripts/make_templates_tt47.py            # writes templates/<name>.docx for the names below
    python scripts/make_templates_tt47.py --out DIR  # writes elsewhere (the test compares bytes)

The layout is the one ``scripts/make_templates.py`` gives the other papers (its
page set-up, header, signature and token helpers are reused, not copied);
this script only adds the templates of :mod:`dinhmuc.dossier.papers`. Fixed
sentences a clerk may edit are in the templates; the facts come from the
context. The output is byte-reproducible, and tests/test_papers_tt47.py checks
that the committed templates equal a fresh run.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dinhmuc.dossier import blocks, layout  # noqa: E402


def _base():
    """scripts/make_templates.py, loaded as a module: its layout helpers are the one implementation."""
    spec = importlib.util.spec_from_file_location("make_templates", Path(__file__).with_name("make_templates.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


mt = _base()
_new, _header, _signature, _tag, _loop = mt._new, mt._header, mt._signature, mt._tag, mt._loop


# the signature helpers upper-case titles, so the Jinja2 text of a title goes in through a token
TOKENS = {"[[LEFT_TITLE]]": "{{ left_sign.title|upper }}", "[[RIGHT_TITLE]]": "{{ right_sign.title|upper }}"}


def _signatures(doc):
    """Two signature columns whose titles and names come from the context (``left_sign``/``right_sign``)."""
    blocks.add_signature_columns(
        doc, [(["[[LEFT_TITLE]]"], None, "{{ left_sign.name }}"), (["[[RIGHT_TITLE]]"], None, "{{ right_sign.name }}")]
    )


# ============================================================================ route (a): NĐ 78/2025
def quyet_dinh_qppl():
    """Quyết định là văn bản quy phạm pháp luật (NĐ 78/2025/NĐ-CP Phụ lục I, Mẫu số 20: ban hành kèm theo)."""
    doc = _new()
    _header(doc, parent=False)
    # NĐ 78/2025 Mẫu số 19-20: no authority line and no "QUYẾT ĐỊNH:"; the bases, "Theo đề nghị của ...",
    # then the enacting formula "Ủy ban nhân dân tỉnh ban hành Quyết định ..."
    layout.add_legal_bases(doc, ["[[B_FOR]]", "[[B_LINE]]", "[[B_END]]"])
    blocks.para(doc, "{{ enacting_line }}", before=6, after=6)
    layout.add_article(
        doc,
        1,
        "Ban hành kèm theo Quyết định này {{ norm_doc_title }}, gồm {{ norm_count }} định mức tại các Phụ lục sau:",
    )
    _loop(doc, "item", "annex_list")
    layout.add_article(
        doc,
        2,
        "Quyết định này có hiệu lực thi hành kể từ {{ effective_date }}."
        "{% if replaces %} Quyết định này thay thế {{ replaces }}.{% endif %}",
    )
    # Điều 3: the same implementers as the administrative decision (templates/quyet_dinh.docx)
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


def de_nghi_tham_dinh():
    """Công văn đề nghị Sở Tư pháp thẩm định dự thảo (route legal_normative)."""
    doc = _new()
    mt.layout.add_header_block(
        doc,
        issuing_body="[[BODY]]",
        parent_body="[[PARENT]]",
        number="[[NUMBER]]",
        place="[[DATELINE]]",
        doc_type=None,
        subject=mt.SUBJECT_SAMPLE,
    )
    blocks.para(doc, "Kính gửi: {{ addressee }}.", align="c", indent=False, before=12, after=12)
    blocks.para(
        doc,
        "Thực hiện {{ procedure_act }}, {{ drafting_unit }} đã chủ trì xây dựng dự thảo Quyết định "
        "{{ decision_subject }} theo trình tự tại Điều 9 Thông tư số 47/2018/TT-BCT; dự thảo đã được "
        "lấy ý kiến và hoàn thiện sau thẩm định của Hội đồng thẩm định định mức.",
    )
    blocks.para(doc, "Dự thảo gồm {{ norm_count }} định mức kinh tế - kỹ thuật:")
    _loop(doc, "item", "service_items")
    blocks.para(
        doc,
        "{{ drafting_unit }} kính đề nghị {{ addressee }} thẩm định dự thảo Quyết định nêu trên. Hồ sơ gửi kèm gồm:",
    )
    _loop(doc, "item", "attachments")
    blocks.para(doc, "Đầu mối liên hệ: {{ contact }}.")
    _signature(doc)
    return doc


def tong_hop_gop_y():
    """Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo được đăng tải (route legal_normative)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(
        doc,
        "Dự thảo Quyết định {{ decision_subject }} đã được đăng tải để lấy ý kiến trên "
        "{{ channel }} từ {{ start }} đến {{ end }}.",
    )
    blocks.para(doc, "{{ count_text }}")
    _tag(doc, "{{p comments_table }}")
    blocks.para(
        doc, "{{ drafting_unit }} đã nghiên cứu, tiếp thu và giải trình các ý kiến như trên để hoàn thiện dự thảo./."
    )
    _signature(doc)
    return doc


# ============================================================================ TT 47 Art. 9 papers
def de_cuong():
    """Đề cương tổng quát, đề cương chi tiết và kế hoạch thực hiện (TT 47 Điều 9)."""
    doc = _new()
    _header(doc, parent=True, number=False)
    blocks.heading(doc, "Phần I. ĐỀ CƯƠNG TỔNG QUÁT", align="c")
    blocks.heading(doc, "1. Mục tiêu")
    blocks.para(
        doc,
        "Xây dựng định mức kinh tế - kỹ thuật cho {{ norm_count }} dịch vụ sự nghiệp công sử dụng ngân "
        "sách nhà nước lĩnh vực {{ field_name }} trên địa bàn tỉnh {{ province }}, làm cơ sở xác định "
        "giá dịch vụ, lập dự toán, giao nhiệm vụ, đặt hàng và quản lý chất lượng dịch vụ (Thông tư số "
        "47/2018/TT-BCT, Điều 3).",
    )
    blocks.heading(doc, "2. Phạm vi và đối tượng")
    blocks.para(doc, "Các dịch vụ do {{ service_provider }} thực hiện:")
    _loop(doc, "item", "service_items")
    blocks.heading(doc, "3. Căn cứ xây dựng")
    _loop(doc, "item", "basis_items")
    blocks.heading(doc, "4. Phương pháp xây dựng")
    blocks.para(
        doc,
        "Định mức được xác định theo phương pháp thống kê tổng hợp, phương pháp tiêu chuẩn hoặc phương "
        "pháp phân tích thực nghiệm (Thông tư số 47/2018/TT-BCT, Điều 6); phương pháp của từng dịch vụ "
        "và lý do lựa chọn nêu tại Phần II.",
    )
    blocks.heading(doc, "5. Sản phẩm")
    _loop(doc, "item", "products")
    blocks.heading(doc, "6. Tổ chức thực hiện")
    blocks.para(doc, "{{ team_intro }}")
    _tag(doc, "{{p team_table }}")
    blocks.heading(doc, "Phần II. ĐỀ CƯƠNG CHI TIẾT", align="c")
    blocks.para(doc, "Nội dung khảo sát, thu thập số liệu và phương pháp xây dựng định mức của từng dịch vụ:")
    _tag(doc, "{{p detail }}")
    blocks.heading(doc, "Phần III. KẾ HOẠCH THỰC HIỆN", align="c")
    _tag(doc, "{{p plan_table }}")
    blocks.para(doc, "", after=6)
    blocks.add_signature_columns(doc, [(["[[SIGN_FOR]]", "[[SIGN_LINE]]", "[[SIGN_END]]"], None, "[[SIGNER]]")])
    return doc


def tieu_chi_chat_luong():
    """Tiêu chí, tiêu chuẩn chất lượng; quy trình cung cấp; cơ chế giám sát, đánh giá chất lượng (TT 47 Điều 9)."""
    doc = _new()
    _header(doc, parent=True, number=False)
    blocks.para(
        doc,
        "Kèm theo dự thảo {{ norm_doc_title }}. Với mỗi dịch vụ: tiêu chí, tiêu chuẩn chất lượng; "
        "quy trình cung cấp dịch vụ; cơ chế giám sát, đánh giá chất lượng (Thông tư số "
        "47/2018/TT-BCT, Điều 9). Nội dung lấy từ danh mục dịch vụ (đơn vị tính, quy mô, bước công "
        "việc, nhân lực, vật tư, thiết bị); ô «{{ blank }}» do tổ soạn thảo điền.",
        italic=True,
    )
    _tag(doc, "{{p services }}")
    blocks.para(doc, "", after=6)
    blocks.add_signature_columns(doc, [(["[[SIGN_FOR]]", "[[SIGN_LINE]]", "[[SIGN_END]]"], None, "[[SIGNER]]")])
    return doc


def bien_ban_hoi_thao():
    """Biên bản hội thảo góp ý dự thảo định mức (TT 47 Điều 9)."""
    doc = _new()
    _header(doc, parent=True)
    _loop(doc, "item", "opening_lines")
    blocks.heading(doc, "I. THÀNH PHẦN THAM DỰ")
    _loop(doc, "item", "presiding_lines")
    blocks.para(doc, "{{ participants_intro }}")
    _tag(doc, "{{p participants_table }}")
    blocks.heading(doc, "II. NỘI DUNG")
    blocks.para(
        doc, "1. Đại diện tổ soạn thảo trình bày dự thảo {{ norm_doc_title }} và báo cáo thuyết minh xây dựng định mức."
    )
    blocks.para(doc, "2. Các đại biểu góp ý kiến; tổ soạn thảo tiếp thu, giải trình như sau:")
    _tag(doc, "{{p opinions_table }}")
    blocks.heading(doc, "III. KẾT LUẬN")
    blocks.para(doc, "{{ conclusion }}")
    blocks.para(
        doc, "Hội thảo kết thúc vào {{ end_time }}; biên bản đã được đọc lại cho những người tham dự cùng nghe./."
    )
    _signatures(doc)
    return doc


def ke_hoach_tham_dinh():
    """Kế hoạch thẩm định dự thảo định mức (TT 47 Điều 9)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    blocks.para(
        doc,
        "Thẩm định dự thảo {{ norm_doc_title }} theo Điều 9 Thông tư số 47/2018/TT-BCT: các thành viên "
        "Hội đồng nghiên cứu dự thảo và có ý kiến nhận xét bằng văn bản; tại phiên họp, tổ soạn thảo "
        "trình bày và giải trình; thành viên Hội đồng bỏ phiếu kín theo ba mức; Chủ tịch Hội đồng kết "
        "luận theo ý kiến đa số thành viên có mặt.",
    )
    blocks.heading(doc, "II. THÀNH PHẦN HỘI ĐỒNG THẨM ĐỊNH")
    blocks.para(doc, "{{ council_intro }}")
    _tag(doc, "{{p members_table }}")
    blocks.heading(doc, "III. HỒ SƠ THẨM ĐỊNH")
    _loop(doc, "item", "dossier_items")
    blocks.heading(doc, "IV. TIẾN ĐỘ THỰC HIỆN")
    _tag(doc, "{{p schedule_table }}")
    blocks.heading(doc, "V. CÁCH THỨC ĐÁNH GIÁ")
    _loop(doc, "item", "rules_items")
    _signature(doc)
    return doc


def qd_thanh_lap_hoi_dong():
    """Quyết định thành lập Hội đồng thẩm định (văn bản hành chính, NĐ 30/2020/NĐ-CP)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(doc, "{{ authority_line|upper }}", bold=True, align="c", indent=False, before=12, after=12)
    layout.add_legal_bases(doc, ["[[B_FOR]]", "[[B_LINE]]", "[[B_END]]"])
    blocks.para(doc, "QUYẾT ĐỊNH:", bold=True, align="c", indent=False, before=6, after=6)
    layout.add_article(
        doc,
        1,
        "Thành lập {{ council_name }} để thẩm định dự thảo {{ norm_doc_title }}, gồm {{ member_count }} thành viên:",
    )
    _tag(doc, "{{p members_table }}")
    layout.add_article(
        doc,
        2,
        "Hội đồng có nhiệm vụ nghiên cứu dự thảo và có ý kiến nhận xét bằng văn bản; họp "
        "nghe tổ soạn thảo trình bày, giải trình; bỏ phiếu kín đánh giá dự thảo theo ba mức "
        "({{ levels_text }}); Chủ tịch Hội đồng kết "
        "luận theo ý kiến đa số thành viên có mặt và báo cáo kết quả thẩm định về "
        "{{ report_to }} (Thông tư số 47/2018/TT-BCT, Điều 9).",
    )
    layout.add_article(doc, 3, "Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.")
    layout.add_article(
        doc,
        4,
        "Quyết định này có hiệu lực kể từ ngày ký. {{ implementers }} và các thành viên có "
        "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    _signature(doc)
    return doc


def bao_cao_ket_qua_tham_dinh():
    """Báo cáo kết quả thẩm định của Hội đồng gửi cơ quan ban hành (TT 47 Điều 9)."""
    doc = _new()
    _header(doc, parent=True)
    blocks.para(doc, "Kính gửi: {{ addressee }}.", align="c", indent=False, before=6, after=12)
    blocks.heading(doc, "1. Tổ chức thẩm định")
    _loop(doc, "item", "organisation_lines")
    blocks.heading(doc, "2. Ý kiến nhận xét của thành viên Hội đồng")
    _loop(doc, "item", "review_lines")
    blocks.heading(doc, "3. Kết quả bỏ phiếu")
    blocks.para(doc, "{{ tally_text }}")
    _tag(doc, "{{p tally_table }}")
    blocks.heading(doc, "4. Kết luận và kiến nghị")
    blocks.para(doc, "{{ conclusion }}", bold=True)
    blocks.para(doc, "{{ recommendation }}")
    _signature(doc)
    return doc


BUILDERS = {
    "quyet_dinh_qppl": quyet_dinh_qppl,
    "de_nghi_tham_dinh": de_nghi_tham_dinh,
    "tong_hop_gop_y": tong_hop_gop_y,
    "de_cuong": de_cuong,
    "tieu_chi_chat_luong": tieu_chi_chat_luong,
    "bien_ban_hoi_thao": bien_ban_hoi_thao,
    "ke_hoach_tham_dinh": ke_hoach_tham_dinh,
    "qd_thanh_lap_hoi_dong": qd_thanh_lap_hoi_dong,
    "bao_cao_ket_qua_tham_dinh": bao_cao_ket_qua_tham_dinh,
}


def build_all(out: Path) -> list[Path]:
    """Write every template of this script into ``out``; returns the paths."""
    return mt.build_all(out, BUILDERS, TOKENS)


def main(argv: list[str] | None = None) -> int:
    return mt.main(argv, build_all, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
