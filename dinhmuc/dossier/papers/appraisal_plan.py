"""Kế hoạch thẩm định — the appraisal plan (TT 47/2018/TT-BCT Art. 9).

Made from the council file (members, roles, units, meeting date and place,
the declared quorum and tie rules of :class:`~dinhmuc.appraisal.council.TallyRules`)
and ``procedure.appraisal_plan`` (when the dossier goes out, when the written
reviews and the report are due).
"""

from __future__ import annotations

from ...core.vnformat import format_date_short
from .. import blocks
from .tt47_common import (
    DocSpec,
    Gaps,
    TT47Inputs,
    header,
    lower_first,
    member_rows,
    note_unit,
    number,
    recipients,
    unit_name,
)

__all__ = ["FILENAME", "appraisal_plan"]

FILENAME = "15_ke_hoach_tham_dinh.docx"


def _issuer(info, tt: TT47Inputs) -> str:
    return tt.facts.council_decision.issuer or unit_name(info)


def appraisal_plan(norm_set, info, tt: TT47Inputs, papers: list[str]) -> tuple[DocSpec, Gaps]:
    """The appraisal plan; ``papers`` are the titles of the dossier's papers sent to the members."""
    from .council_decision import signer_of

    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    council = tt.council
    plan = tt.facts.appraisal_plan
    issuer = _issuer(info, tt)
    title = lower_first(norm_set.title)
    members = len(council.members) if council is not None else None
    ctx = {
        "header": header(
            info,
            parent=tt.facts.council_decision.parent or info.parent,
            body=issuer,
            number=number(None, "KH", info.drafting_abbrev),
            date=None,
            doc_type="Kế hoạch",
            subject=f"Thẩm định dự thảo {title}",
        ),
        "norm_doc_title": title,
        "council_intro": (
            f"{council.name} gồm {members} thành viên"
            + (f", thành lập theo {council.established_by}" if council.established_by else "")
            + ":"
            if council is not None
            else "Hội đồng thẩm định: " + gaps.note("tệp Hội đồng thẩm định (inputs.council)") + "."
        ),
        "dossier_items": [f"- {p};" if i < len(papers) - 1 else f"- {p}." for i, p in enumerate(papers)],
        "rules_items": [
            "- Thành viên Hội đồng gửi phiếu nhận xét bằng văn bản trước phiên họp.",
            "- Bỏ phiếu kín theo ba mức; Chủ tịch Hội đồng kết luận theo ý kiến đa số thành viên có mặt.",
            "- "
            + (
                council.rules.describe()
                if council is not None
                else "Số thành viên có mặt tối thiểu và cách xử lý khi không mức nào đạt đa số: "
                + gaps.note("quy tắc kiểm phiếu của Hội đồng (inputs.council: rules)")
                + "."
            ),
        ],
        "signature": signer_of(info, tt, gaps),
        "recipients": recipients(["Thành viên Hội đồng thẩm định", f"{unit_name(info)} (tổ soạn thảo)", "Lưu: VT"]),
    }

    def members_table(sd):
        blocks.table(
            sd,
            ["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ trong Hội đồng"],
            member_rows(council, gaps),
            (10, 42, 75, 38),
            aligns="clll",
        )

    def when(d, what):
        return format_date_short(d) if d else gaps.note(what)

    def schedule_table(sd):
        meeting = council.meeting_on if council is not None else None
        place = council.place if council is not None else None
        rows = [
            (
                "1",
                "Gửi hồ sơ dự thảo đến thành viên Hội đồng",
                when(plan.dossier_sent_on, "ngày gửi hồ sơ (procedure.appraisal_plan.dossier_sent_on)"),
                issuer,
            ),
            (
                "2",
                "Thành viên Hội đồng gửi phiếu nhận xét bằng văn bản",
                when(plan.reviews_due, "hạn gửi phiếu nhận xét (procedure.appraisal_plan.reviews_due)"),
                "Thành viên Hội đồng",
            ),
            (
                "3",
                "Họp Hội đồng thẩm định" + (f" tại {place}" if place else ""),
                when(meeting, "ngày họp Hội đồng (inputs.council: meeting_on)"),
                "Hội đồng, tổ soạn thảo",
            ),
            (
                "4",
                "Báo cáo kết quả thẩm định gửi cơ quan ban hành",
                when(plan.report_due, "hạn báo cáo kết quả (procedure.appraisal_plan.report_due)"),
                "Chủ tịch Hội đồng",
            ),
        ]
        blocks.table(sd, ["TT", "Nội dung", "Thời gian", "Thực hiện"], rows, (10, 85, 28, 42), aligns="clcl")

    return DocSpec(
        "ke_hoach_tham_dinh",
        FILENAME,
        "Kế hoạch thẩm định",
        ctx,
        {"members_table": members_table, "schedule_table": schedule_table},
    ), gaps
