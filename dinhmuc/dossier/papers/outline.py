"""Đề cương và kế hoạch — the general and the detailed outline and the implementation plan (TT 47 Art. 9).

The first step of TT 47/2018/TT-BCT Art. 9: the drafting team writes a general
outline, a detailed outline and an implementation plan. Made from the project:
the services (catalogue), the method declared for each and why, the drafting
team, the survey units and the schedule (``procedure``); what is not declared
is a marked blank.
"""

from __future__ import annotations

from ...core.vnformat import format_date_short, format_number
from .. import blocks
from .tt47_common import (
    DocSpec,
    Gaps,
    TT47Inputs,
    drafting_header,
    drafting_signature,
    lower_first,
    note_unit,
    unit_name,
)

__all__ = ["FILENAME", "STEPS", "outline_and_plan"]

FILENAME = "12_de_cuong_ke_hoach.docx"

#: The steps of TT 47/2018 Art. 9 in order, with what each produces; route-only steps are marked.
STEPS = (
    ("outline", "Xây dựng đề cương tổng quát, đề cương chi tiết và kế hoạch thực hiện", "Đề cương, kế hoạch", None),
    ("survey", "Khảo sát, thu thập số liệu tại đơn vị sự nghiệp công và doanh nghiệp", "Phiếu khảo sát, số liệu", None),
    (
        "build",
        "Xây dựng định mức, tiêu chí chất lượng, quy trình cung cấp và cơ chế giám sát chất lượng dịch vụ",
        "Dự thảo định mức, báo cáo thuyết minh",
        None,
    ),
    (
        "consult",
        "Tổ chức hội thảo, lấy ý kiến chuyên gia độc lập, cơ quan, đơn vị liên quan",
        "Biên bản hội thảo, bảng tiếp thu, giải trình",
        None,
    ),
    (
        "publish",
        "Đăng tải dự thảo lấy ý kiến; tổng hợp, tiếp thu, giải trình",
        "Báo cáo tổng hợp ý kiến góp ý",
        "legal_normative",
    ),
    (
        "appraisal",
        "Hoàn thiện dự thảo, trình Hội đồng thẩm định; Hội đồng thẩm định, báo cáo kết quả",
        "Biên bản họp, báo cáo kết quả thẩm định",
        None,
    ),
    (
        "justice",
        "Gửi Sở Tư pháp thẩm định dự thảo Quyết định; tiếp thu, giải trình",
        "Báo cáo thẩm định của Sở Tư pháp",
        "legal_normative",
    ),
    ("issue", "Trình cấp có thẩm quyền ban hành Quyết định", "Tờ trình, dự thảo Quyết định", None),
)


def _period(step, gaps: Gaps, label: str) -> str:
    if step is not None and step.start and step.end:
        return f"{format_date_short(step.start)} - {format_date_short(step.end)}"
    if step is not None and (step.start or step.end):
        return format_date_short(step.start or step.end)
    return gaps.note("thời gian các bước của kế hoạch thực hiện (procedure.schedule)")


def outline_and_plan(
    norm_set, info, tt: TT47Inputs, catalog=None, bases: list[str] | None = None
) -> tuple[DocSpec, Gaps]:
    """The outline and plan paper of ``norm_set``; returns the spec and its missing facts."""
    from .common import METHOD_VN, _norm_method

    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    facts = tt.facts
    title = norm_set.title
    services = [f"- {n.code}: {n.name}, đơn vị tính {n.unit_text};" for n in norm_set]
    if services:
        services[-1] = services[-1][:-1] + "."
    team = facts.drafting_team
    ctx = {
        "header": drafting_header(
            info,
            number=None,
            date=None,
            doc_type="Đề cương",
            subject=f"Xây dựng {lower_first(title)}",
        ),
        "norm_count": format_number(len(norm_set)),
        "field_name": info.field_name,
        "province": info.province_name,
        "service_provider": gaps.fact(
            info.service_provider, "đơn vị sự nghiệp thực hiện dịch vụ (project.yaml: dossier.service_provider)"
        ),
        "service_items": services or [gaps.note("danh mục dịch vụ")],
        "basis_items": [f"- {b.rstrip(';.')};" for b in (bases or [])] or [gaps.note("căn cứ pháp lý")],
        "products": [
            "- Dự thảo Quyết định ban hành định mức và văn bản định mức kèm theo;",
            "- Tiêu chí, tiêu chuẩn chất lượng, quy trình cung cấp và cơ chế giám sát, đánh giá chất lượng từng "
            "dịch vụ;",
            "- Báo cáo thuyết minh xây dựng định mức, bảng tính định mức và đơn giá;",
            "- Hồ sơ lấy ý kiến, hội thảo và hồ sơ trình thẩm định.",
        ],
        "team_intro": (
            f"{unit_name(info)} chủ trì, thành lập tổ soạn thảo"
            + (f" ({facts.team_decision})" if facts.team_decision else "")
            + (
                f" gồm {format_number(len(team))} thành viên:"
                if team
                else ": " + gaps.note("thành phần tổ soạn thảo (procedure.drafting_team)")
            )
        ),
        "signature": drafting_signature(info, tt, gaps),
    }

    def team_table(sd):
        if not team:
            return
        rows = [
            (
                str(i),
                p.name,
                p.role or gaps.note(f"nhiệm vụ của {p.name} trong tổ soạn thảo"),
                p.unit or gaps.note(f"đơn vị công tác của {p.name}"),
            )
            for i, p in enumerate(team, start=1)
        ]
        blocks.table(sd, ["TT", "Họ và tên", "Nhiệm vụ", "Đơn vị công tác"], rows, (10, 45, 45, 65), aligns="clll")

    spec_of = {s.code: s for s in catalog.services} if catalog is not None else {}
    survey = "; ".join(facts.survey_units) if facts.survey_units else None

    def detail(sd):
        for i, norm in enumerate(norm_set, start=1):
            spec = spec_of.get(norm.code)
            blocks.heading(sd, f"{i}. {norm.code} – {norm.name}")
            method, reason = tt.plans.get(norm.code, (None, None))
            if method is None:
                m = _norm_method(norm)
                method = METHOD_VN.get(m) if m else None
            blocks.para(
                sd,
                f"a) Phương pháp: {method or gaps.note(f'{norm.code}: phương pháp xây dựng')}; lý do: "
                f"{(reason or gaps.note(f'{norm.code}: lý do chọn phương pháp')).rstrip('.')}.",
            )
            steps = spec.work_steps if spec is not None else norm.work_steps
            step_text = "; ".join(f"{s.code}. {s.name}" for s in steps) or gaps.note(f"{norm.code}: bước công việc")
            blocks.para(sd, f"b) Thành phần công việc cần khảo sát: {step_text}.")
            src = spec if spec is not None else norm
            roles = ", ".join(l.role for l in src.labour) or "không có"
            mats = ", ".join(m.name for m in src.materials) or "không có"
            eqs = ", ".join(e.name for e in src.equipment) or "không có"
            blocks.para(
                sd, f"c) Hao phí cần thu thập số liệu — lao động: {roles}; vật tư: {mats}; máy móc, thiết bị: {eqs}."
            )
            blocks.para(sd, f"d) Đơn vị khảo sát: {survey or gaps.note('đơn vị khảo sát (procedure.survey_units)')}.")

    def plan_table(sd):
        rows = []
        n = 0
        for key, text, product, route in STEPS:
            if route is not None and route != tt.route:
                continue
            n += 1
            step = facts.schedule.get(key)
            by = (
                step.by
                if step is not None and step.by
                else gaps.note("đơn vị thực hiện các bước của kế hoạch (procedure.schedule)")
            )
            rows.append((str(n), text, _period(step, gaps, lower_first(text)), by, product))
        blocks.table(
            sd,
            ["TT", "Nội dung công việc", "Thời gian", "Đơn vị thực hiện", "Sản phẩm"],
            rows,
            (10, 62, 28, 32, 33),
            aligns="clcll",
        )

    spec = DocSpec(
        "de_cuong",
        FILENAME,
        "Đề cương và kế hoạch xây dựng định mức",
        ctx,
        {"team_table": team_table, "detail": detail, "plan_table": plan_table},
    )
    return spec, gaps
