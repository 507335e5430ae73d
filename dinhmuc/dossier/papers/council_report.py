"""Báo cáo kết quả thẩm định — the council's report of its result to the issuer (TT 47/2018 Art. 9).

Everything about the vote comes from the ONE tally, :func:`dinhmuc.tally`
(:meth:`dinhmuc.appraisal.council.Council.tally`): counts per level, quorum,
majority, conclusion and its explanation; the written reviews and the meeting
from the council file. Without a council file the report is a form.
"""

from __future__ import annotations

from ...core.vnformat import format_date, format_number
from .. import blocks
from .tt47_common import BLANK, DocSpec, Gaps, TT47Inputs, header, lower_first, note_unit, recipients, unit_name

__all__ = ["FILENAME", "council_report"]

FILENAME = "17_bao_cao_ket_qua_tham_dinh.docx"

#: what the council recommends to the issuer for each level (TT 47 Art. 9: Mức 1 issue, Mức 2 revise, Mức 3 rebuild)
RECOMMENDATION = {
    1: "Hội đồng đề nghị {issuing} xem xét, ban hành định mức.",
    2: "Hội đồng đề nghị tổ soạn thảo chỉnh sửa, hoàn thiện dự thảo theo ý kiến của Hội đồng, có báo cáo chỉnh sửa "
    "trước khi trình {issuing} ban hành.",
    3: "Hội đồng đề nghị tổ soạn thảo xây dựng lại dự thảo và trình Hội đồng thẩm định lại.",
}


def council_report(norm_set, info, tt: TT47Inputs, tally=None) -> tuple[DocSpec, Gaps]:
    """The council's report of its result; ``tally`` (a :func:`dinhmuc.tally` result) is used when there is
    no council file (then the members and reviews are blanks)."""
    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    council = tt.council
    result = (
        council.tally()
        if council is not None
        else (tally if hasattr(tally, "counts") and hasattr(tally, "explanation") else None)
    )
    title = lower_first(norm_set.title)
    name = council.name if council is not None else "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    by_id = {m.id: m for m in council.members} if council is not None else {}
    if council is not None:
        assert result is not None  # a council file always gives its tally
        organisation = [
            f"Hội đồng được thành lập theo "
            f"{council.established_by or gaps.note('quyết định thành lập Hội đồng (inputs.council: established_by)')}.",
            f"Phiên họp: {format_date(council.meeting_on) if council.meeting_on else gaps.note('ngày họp')}, tại "
            f"{council.place or gaps.note('địa điểm họp')}.",
            f"Hội đồng có {format_number(result.members)} thành viên ({format_number(result.voting_members)} thành "
            f"viên có quyền biểu quyết); có mặt {format_number(result.present)} thành viên có quyền biểu quyết.",
        ]
        reviews = [
            f"- {by_id[r.member].name if r.member in by_id else r.member}: "
            + ("; ".join(r.points) if r.points else (r.text or "không nêu ý kiến cụ thể"))
            + (f" (đề xuất {r.recommendation.short})" if r.recommendation else "")
            + ";"
            for r in council.reviews
        ]
        if reviews:
            reviews[-1] = reviews[-1][:-1] + "."
        missing = council.missing_reviews()
        if missing:
            reviews.append(
                "Thành viên có mặt chưa gửi nhận xét bằng văn bản: " + ", ".join(m.name for m in missing) + "."
            )
        conclusion = (
            f"Kết luận: {result.conclusion.label}."
            if result.conclusion is not None
            else "Kết luận: " + result.conclusion_label + "."
        )
        recommendation = (
            RECOMMENDATION[int(result.conclusion)].format(issuing=info.issuing)
            if result.conclusion is not None
            else gaps.note("kiến nghị của Hội đồng (chưa có kết luận theo số phiếu)")
        )
        tally_text = result.explanation
        chair = council.chair
        sign = {
            "lines": ["TM. HỘI ĐỒNG", "CHỦ TỊCH"],
            "name": chair.name if chair is not None else gaps.note("Chủ tịch Hội đồng (inputs.council)"),
        }
    else:
        gaps.note("tệp Hội đồng thẩm định: thành viên, phiếu nhận xét, phiếu đánh giá (inputs.council)")
        organisation = [
            f"Hội đồng được thành lập theo {BLANK}.",
            f"Phiên họp: ngày {BLANK}, tại {BLANK}.",
            f"Thành viên có mặt: {BLANK}.",
        ]
        reviews = [BLANK]
        conclusion, recommendation, tally_text = f"Kết luận: {BLANK}", BLANK, f"Số phiếu: {BLANK}."
        if result is not None:  # a tally without the council file: the vote is known, the people are not
            tally_text = result.explanation
            conclusion = f"Kết luận: {result.conclusion_label}."
            if result.conclusion is not None:
                recommendation = RECOMMENDATION[int(result.conclusion)].format(issuing=info.issuing)
        sign = {"lines": ["TM. HỘI ĐỒNG", "CHỦ TỊCH"], "name": BLANK}
    ctx = {
        # the header names the body briefly ("Hội đồng thẩm định"); the full name is in the text and the decision
        "header": header(
            info,
            parent=info.parent,
            body="Hội đồng thẩm định" if name.lower().startswith("hội đồng thẩm định") else name,
            number="……/BC-HĐTĐ",
            date=None,
            doc_type="Báo cáo",
            subject=f"Kết quả thẩm định dự thảo {title}",
        ),
        "addressee": info.issuing,
        "organisation_lines": organisation,
        "review_lines": reviews or ["Không có phiếu nhận xét."],
        "tally_text": tally_text,
        "conclusion": conclusion,
        "recommendation": recommendation,
        "signature": sign,
        "recipients": recipients([f"{info.issuing} (b/c)", unit_name(info), "Thành viên Hội đồng", "Lưu: VT"]),
    }

    def tally_table(sd):
        from ...appraisal.council import LEVEL_LABELS

        rows = [
            (
                f"Mức {k}",
                LEVEL_LABELS[k].split(": ", 1)[1],
                format_number(result.counts[k]) if result is not None else BLANK,
            )
            for k in (1, 2, 3)
        ]
        rows.append(("", "Tổng số phiếu", format_number(result.ballots) if result is not None else BLANK))
        blocks.table(sd, ["Mức", "Nội dung", "Số phiếu"], rows, (25, 110, 30), aligns="clc", bold_rows=[3])

    return DocSpec(
        "bao_cao_ket_qua_tham_dinh", FILENAME, "Báo cáo kết quả thẩm định", ctx, {"tally_table": tally_table}
    ), gaps
