"""Biên bản hội thảo — the record of the workshop on the draft (TT 47/2018/TT-BCT Art. 9, consultation).

Made from ``procedure.workshop``: date, place, who chaired and kept the record,
who took part, each opinion and the drafting team's answer, the conclusion.
Without those facts the record is a form with marked blanks.
"""

from __future__ import annotations

from ...core.vnformat import format_number
from .. import blocks
from .tt47_common import BLANK, DocSpec, Gaps, TT47Inputs, drafting_header, lower_first, note_unit, number

__all__ = ["FILENAME", "workshop_record"]

FILENAME = "14_bien_ban_hoi_thao.docx"


def _person(p, gaps: Gaps, what: str) -> str:
    if p is None:
        return gaps.note(what)
    return ", ".join(x for x in (p.name, p.role, p.unit) if x)


def workshop_record(norm_set, info, tt: TT47Inputs) -> tuple[DocSpec, Gaps]:
    """The workshop record of ``norm_set``."""
    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    w = tt.facts.workshop
    title = lower_first(norm_set.title)
    opinions = list(w.opinions)
    ctx = {
        "header": drafting_header(
            info,
            number=number(None, "BB", info.drafting_abbrev),
            date=w.held_on,
            doc_type="Biên bản",
            subject=f"Hội thảo góp ý dự thảo {title}",
        ),
        "opening_lines": [
            f"Thời gian: {gaps.date(w.held_on, 'ngày tổ chức hội thảo (procedure.workshop.held_on)')}.",
            f"Địa điểm: {gaps.fact(w.place, 'địa điểm hội thảo (procedure.workshop.place)')}.",
        ],
        "presiding_lines": [
            f"Chủ trì: {_person(w.chair, gaps, 'người chủ trì hội thảo (procedure.workshop.chair)')}.",
            f"Thư ký: {_person(w.secretary, gaps, 'thư ký hội thảo (procedure.workshop.secretary)')}.",
        ],
        "participants_intro": (
            f"Đại biểu tham dự: {format_number(len(w.participants))} người:"
            if w.participants
            else "Đại biểu tham dự: " + gaps.note("danh sách đại biểu (procedure.workshop.participants)") + "."
        ),
        "norm_doc_title": title,
        "conclusion": w.conclusion or gaps.note("kết luận của người chủ trì (procedure.workshop.conclusion)"),
        "end_time": gaps.fact(w.ends_at, "giờ kết thúc hội thảo (procedure.workshop.ends_at)"),
        "left_sign": {"title": "Thư ký", "name": w.secretary.name if w.secretary else BLANK},
        "right_sign": {"title": "Chủ trì", "name": w.chair.name if w.chair else BLANK},
    }

    def participants_table(sd):
        if not w.participants:
            return
        rows = [(str(i), p.name, p.role or "", p.unit or "") for i, p in enumerate(w.participants, start=1)]
        blocks.table(sd, ["TT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị"], rows, (10, 45, 45, 65), aligns="clll")

    def opinions_table(sd):
        if opinions:
            rows = [
                (
                    str(i),
                    o.by,
                    o.text,
                    o.response or gaps.note(f"ý kiến tiếp thu, giải trình của tổ soạn thảo (ý kiến {i})"),
                )
                for i, o in enumerate(opinions, start=1)
            ]
        else:
            gaps.note("ý kiến góp ý tại hội thảo (procedure.workshop.opinions)")
            rows = [(str(i), BLANK, BLANK, BLANK) for i in range(1, 4)]
        blocks.table(
            sd, ["TT", "Đại biểu", "Nội dung góp ý", "Tiếp thu, giải trình"], rows, (10, 40, 60, 55), aligns="clll"
        )

    return DocSpec(
        "bien_ban_hoi_thao",
        FILENAME,
        "Biên bản hội thảo",
        ctx,
        {"participants_table": participants_table, "opinions_table": opinions_table},
    ), gaps
