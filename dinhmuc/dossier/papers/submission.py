"""Tờ trình đề nghị thẩm định (04) — the submission."""

from __future__ import annotations

from decimal import Decimal

from .. import blocks, layout
from ..info import DossierInfo
from ...core.vnformat import amount_in_words, format_money, format_number

from .common import DocSpec, _header, _number, _bases, _lower_first, _default_bases, bind_costs


# ============================================================================ 3. submission
def submission(norm_set, info: DossierInfo, *, costs=None) -> DocSpec:
    """Tờ trình đề nghị thẩm định (TTr) with the list of services and, when costed, the trial unit prices."""
    summaries = bind_costs(norm_set, costs)
    year = info.submission_date.year if info.submission_date else None
    title = _lower_first(norm_set.title)
    years = info.years()
    total = sum((s["total"] for s in summaries.values()), Decimal(0))
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short,
                          number=_number(info.submission_number, year, "TTr", info.drafting_abbrev),
                          date=info.submission_date, doc_type="Tờ trình",
                          subject=f"Đề nghị thẩm định dự thảo Quyết định ban hành {title}"),
        "addressee": info.submission_to,
        "legal_bases": _bases(_default_bases(norm_set)),
        "opening": (f"{info.drafting_unit} kính trình {info.submission_to} thẩm định dự thảo Quyết định của Ủy ban "
                    f"nhân dân tỉnh {info.province} ban hành {title}, với các nội dung chính như sau:"),
        "necessity": info.necessity or (
            f"Các dịch vụ sự nghiệp công lĩnh vực {info.field_name} sử dụng ngân sách nhà nước chưa có định mức "
            f"kinh tế - kỹ thuật làm căn cứ xác định giá, giao nhiệm vụ, đặt hàng theo Nghị định số "
            f"60/2021/NĐ-CP."),
        "process_items": [
            f"- Khảo sát, thu thập số liệu thực hiện các dịch vụ các năm {years[0]}-{years[-1]} tại "
            f"{info.service_provider};",
            "- Tính toán định mức theo phương pháp quy định tại Điều 6 Thông tư 47/2018/TT-BCT;",
            "- Lấy ý kiến chuyên gia độc lập và các cơ quan, đơn vị có liên quan; tổng hợp, tiếp thu, giải trình.",
        ],
        "content_text": (f"Dự thảo gồm {format_number(len(norm_set))} định mức, mỗi định mức quy định hao phí lao "
                         "động, vật tư, máy móc thiết bị cho một đơn vị dịch vụ:"),
        "total_text": (f"Đơn giá tính thử theo dự thảo định mức (mỗi dịch vụ một đơn vị) có tổng cộng "
                       f"{format_money(total, suffix=True)} (bằng chữ: {amount_in_words(total)})."
                       if summaries else "Đơn giá tính thử được trình bày tại Báo cáo thuyết minh kèm theo."),
        "attachments": ["- Dự thảo Quyết định và văn bản định mức kèm theo;", "- Báo cáo thuyết minh xây dựng định mức;",
                        "- Bảng tổng hợp tiếp thu, giải trình ý kiến góp ý;",
                        "- Bảng tính định mức, đơn giá (tệp Excel)."],
        "closing": f"{info.drafting_unit} kính trình {info.submission_to} xem xét, thẩm định./.",
        "signature": {"lines": info.drafting_head_title, "name": info.drafting_head_name},
        "recipients": layout._recipient_lines(info.submission_recipients),
    }

    def summary_table(sd):
        if summaries:
            rows = [(str(i), n.code, n.name, n.unit_text,
                     format_money(summaries[n.code]["total"]) if n.code in summaries else "—")
                    for i, n in enumerate(norm_set, start=1)]
            blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính", "Đơn giá tính thử (đồng)"], rows,
                         (10, 17, 68, 40, 30), aligns="ccllr")
        else:
            rows = [(str(i), n.code, n.name, n.unit_text) for i, n in enumerate(norm_set, start=1)]
            blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính"], rows, (10, 20, 85, 50), aligns="ccll")

    return DocSpec("to_trinh", "04_to_trinh.docx", f"Tờ trình thẩm định {norm_set.title}", ctx,
                   {"summary_table": summary_table})

