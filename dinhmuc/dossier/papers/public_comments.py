"""Tổng hợp ý kiến góp ý — the summary of the public comments on the draft and the responses.

Route ``legal_normative`` only: the draft of a legal normative decision is published
for comment (Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15, amended by
Luật 87/2025/QH15). Made from ``procedure.public_comment``: where and when it
was published, each comment, whether it was taken in and the answer.
"""

from __future__ import annotations

from ...core.vnformat import format_date_short, format_number
from .. import blocks
from .tt47_common import (
    BLANK,
    DocSpec,
    Gaps,
    TT47Inputs,
    drafting_header,
    drafting_signature,
    lower_first,
    note_unit,
    number,
    recipients,
    unit_name,
)

__all__ = ["FILENAME", "public_comments"]

FILENAME = "19_tong_hop_y_kien_gop_y.docx"


def public_comments(norm_set, info, tt: TT47Inputs) -> tuple[DocSpec, Gaps]:
    """The summary of the public comments."""
    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    pc = tt.facts.public_comment
    comments = list(pc.comments)
    subject = f"ban hành {lower_first(norm_set.title)}"
    if comments:
        taken = sum(1 for c in comments if c.accepted)
        explained = sum(1 for c in comments if c.accepted is False)
        count = (
            f"Tổng số ý kiến nhận được: {format_number(len(comments))}; tiếp thu: {format_number(taken)}; "
            f"giải trình: {format_number(explained)}"
            + (
                f"; chưa xử lý: {format_number(len(comments) - taken - explained)}"
                if len(comments) - taken - explained
                else ""
            )
            + "."
        )
    else:
        count = "Tổng số ý kiến nhận được: " + gaps.note("các ý kiến góp ý (procedure.public_comment.comments)") + "."
    ctx = {
        "header": drafting_header(
            info,
            number=number(None, "BC", info.drafting_abbrev),
            date=None,
            doc_type="Báo cáo",
            subject=f"Tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo Quyết định {subject}",
        ),
        "decision_subject": subject,
        "channel": gaps.fact(pc.channel, "nơi đăng tải dự thảo (procedure.public_comment.channel)"),
        "start": format_date_short(pc.start) if pc.start else gaps.note("ngày bắt đầu lấy ý kiến"),
        "end": format_date_short(pc.end) if pc.end else gaps.note("ngày kết thúc lấy ý kiến"),
        "count_text": count,
        "drafting_unit": unit_name(info),
        "signature": drafting_signature(info, tt, gaps),
        "recipients": recipients([f"{info.issuing} (b/c)", f"Sở Tư pháp tỉnh {info.province_name}", "Lưu: VT"]),
    }

    def comments_table(sd):
        if comments:
            rows = [
                (
                    str(i),
                    c.by,
                    c.text,
                    c.response or gaps.note(f"ý kiến tiếp thu, giải trình (ý kiến {i})"),
                    "Tiếp thu" if c.accepted else ("Giải trình" if c.accepted is False else BLANK),
                )
                for i, c in enumerate(comments, start=1)
            ]
        else:
            rows = [(str(i), BLANK, BLANK, BLANK, BLANK) for i in range(1, 4)]
        blocks.table(
            sd,
            ["TT", "Cơ quan, tổ chức, cá nhân", "Nội dung góp ý", "Tiếp thu, giải trình", "Kết quả"],
            rows,
            (10, 36, 48, 45, 26),
            aligns="cllll",
        )

    return DocSpec(
        "tong_hop_gop_y", FILENAME, "Tổng hợp ý kiến góp ý dự thảo", ctx, {"comments_table": comments_table}
    ), gaps
