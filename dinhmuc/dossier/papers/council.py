"""The appraisal council's papers (08 phiếu nhận xét, 09 phiếu bầu, 10 biên bản).

One source of truth: members, roles, units, chair, secretary, presence and
the meeting's date, time and place come from the council file
(:class:`dinhmuc.appraisal.council.Council`); the count and the conclusion
come from :func:`dinhmuc.appraisal.council.tally` (quorum and tie rule
applied) and the level wording from ``LEVEL_TEXTS`` — the same objects the
appraisal report prints. Without a council file the papers keep marked blanks
and the build names what is missing. The sentences are in the templates
(``phieu_nhan_xet``, ``phieu_bau``, ``bien_ban``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ...core.i18n import tr
from ...core.vnformat import format_date, format_number
from .. import blocks
from ..info import BLANK, DossierInfo, Missing
from .common import DocSpec, _header, _lower_first, _number

if TYPE_CHECKING:
    from ...appraisal.council import Council

__all__ = ["council_papers", "level_items"]


def level_items() -> list[dict[str, str]]:
    """The three levels of TT 47/2018 Art. 9 as ``{"code": "Mức 1", "text": ...}`` (the one wording)."""
    from ...appraisal.council import LEVEL_TEXTS

    return [{"code": f"Mức {k}", "text": text} for k, text in LEVEL_TEXTS.items()]


def as_council(council: Council | Mapping[str, object] | None) -> Council | None:
    """The council as a :class:`~dinhmuc.appraisal.council.Council` (from its dict), or None."""
    if council is None:
        return None
    from ...appraisal.council import Council

    return council if isinstance(council, Council) else Council.model_validate(council)


def council_papers(norm_set, info: DossierInfo, council=None, tally=None) -> list[DocSpec]:
    """The appraisal council's papers: member review form, ballot and minutes (with tally and conclusion).

    ``council`` is a :class:`~dinhmuc.appraisal.council.Council` (or its dict); ``tally`` a result of
    :func:`dinhmuc.tally` — by default ``council.tally()`` when the council file holds ballots. Without a
    council the minutes print marked blanks.
    """
    from ...appraisal.council import LEVEL_TEXTS, Tally

    council = as_council(council)
    if tally is not None and not isinstance(tally, Tally):
        from ...core.errors import InputError, Location, Problem

        raise InputError(
            Problem(
                tr("council.tally_needed"),
                Location(field="tally"),
                "type",
                tr("council.acc_tally"),
            )
        )
    t = tally if tally is not None else (council.tally() if council is not None and council.ballots else None)
    missing = Missing()
    title = _lower_first(norm_set.title)
    body = council.name if council is not None else "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    date = council.meeting_on if council is not None else None
    levels = level_items()
    review = DocSpec(
        "phieu_nhan_xet",
        "08_phieu_nhan_xet.docx",
        "Phiếu nhận xét",
        {
            "header": _header(
                info,
                parent=info.parent,
                body=body,
                number=None,
                date=date,
                doc_type="Phiếu nhận xét",
                subject=f"Dự thảo {title}",
            ),
            "levels": [f"{lv['code']}: {lv['text']}." for lv in levels],
        },
    )
    ballot = DocSpec(
        "phieu_bau",
        "09_phieu_bau.docx",
        "Phiếu bầu",
        {
            "header": _header(
                info,
                parent=info.parent,
                body=body,
                number=None,
                date=date,
                doc_type="Phiếu bầu",
                subject=f"Đánh giá dự thảo {title}",
            ),
            "levels": levels,
        },
    )

    if council is None:
        missing(None, "Hội đồng thẩm định: thành viên, có mặt, phiếu (project.yaml: inputs.council)")
    members = list(council.members) if council is not None else []
    present = set(council.present) if council is not None else set()

    def members_table(sd):
        rows = [
            (str(i), m.name, m.role_label, m.position or BLANK, "Có mặt" if m.id in present else "Vắng")
            for i, m in enumerate(members, start=1)
        ] or [("1", BLANK, BLANK, BLANK, BLANK)]
        blocks.table(
            sd,
            ["TT", "Họ và tên", "Chức danh trong Hội đồng", "Chức vụ, đơn vị công tác", "Tham dự"],
            rows,
            (10, 42, 38, 55, 20),
            aligns="cllll",
        )

    def tally_table(sd):
        def v(x):
            return format_number(x) if t is not None else BLANK

        rows = [(f"Mức {k}", text, v(t.counts.get(k, 0) if t else 0)) for k, text in LEVEL_TEXTS.items()]
        rows.append(("", "Thành viên có mặt không bỏ phiếu", v(len(t.abstained) if t else 0)))
        rows.append(("", "Tổng số phiếu thu về", v(t.ballots if t else 0)))
        blocks.table(sd, ["Mức", "Nội dung", "Số phiếu"], rows, (25, 110, 30), aligns="clc", bold_rows=[4])

    when = BLANK
    if council is not None and council.meeting_on is not None:
        when = format_date(council.meeting_on)
    time_text = missing(
        council.meeting_time if council is not None else None, "giờ họp Hội đồng (hoi_dong.yaml: meeting_time)"
    )
    place = missing(council.place if council is not None else None, "địa điểm họp Hội đồng (hoi_dong.yaml: place)")
    if council is not None and council.meeting_on is None:
        missing(None, "ngày họp Hội đồng (hoi_dong.yaml: meeting_on)")
    chair = council.chair if council is not None else None
    taker = council.minutes_taker if council is not None else None
    if council is not None and taker is None:
        missing(None, "người ghi biên bản: thư ký Hội đồng vắng mặt (hoi_dong.yaml: recorder)")
    if council is not None and chair is None:
        missing(None, "Chủ tịch Hội đồng (hoi_dong.yaml: members, role: chair)")
    if t is None:
        conclusion = ""
    elif t.conclusion is not None:
        conclusion = f"{t.conclusion.short}: {LEVEL_TEXTS[int(t.conclusion)]}."
    else:
        conclusion = "Chưa có kết luận theo số phiếu."
    minutes = DocSpec(
        "bien_ban",
        "10_bien_ban_hop_hoi_dong.docx",
        "Biên bản họp Hội đồng thẩm định",
        {
            "header": _header(
                info,
                parent=info.parent,
                body=body,
                number=_number(info.council_number, None, "BB", "HĐTĐ"),
                date=date,
                doc_type="Biên bản",
                subject=f"Họp Hội đồng thẩm định dự thảo {title}",
            ),
            "meeting_time": time_text,
            "meeting_day": when,
            "meeting_place": place,
            "established_by": (council.established_by if council is not None and council.established_by else ""),
            "member_count": format_number(len(members)) if council is not None else BLANK,
            "present_count": format_number(len(present)) if council is not None else BLANK,
            "absent_count": format_number(len(members) - len(present)) if council is not None else BLANK,
            "drafting_unit": missing(info.drafting_unit, "đơn vị soạn thảo (project.yaml: drafting_unit)"),
            "title": title,
            "issued": format_number(t.present) if t is not None else BLANK,
            "received": format_number(t.ballots) if t is not None else BLANK,
            "conclusion": conclusion,
            "explanation": t.explanation if t is not None else "",
            "rules": t.rules.describe() if t is not None else "",
            "secretary": taker.name if taker is not None else BLANK,
            "chair": chair.name if chair is not None else BLANK,
        },
        missing=missing.items,
    )
    minutes.subdocs = {"members_table": members_table, "tally_table": tally_table}
    return [review, ballot, minutes]
