"""Tờ trình đề nghị thẩm định (04) — the submission.

The sentences are in ``templates/to_trinh.docx``; this module gives the
values: the legal bases (the same list as the decision's), the services with
their trial unit prices (each for its own unit: they are never added up) and,
when the project has a plan, the plan's total with the amount in words.
"""

from __future__ import annotations

from ...core.vnformat import amount_in_words, format_money, format_number
from .. import blocks, layout
from ..info import DossierInfo, Missing
from .common import DocSpec, _bases, _dec, _drafting_header, _lower_first, _number, bind_costs, legal_bases

__all__ = ["submission"]


def submission(norm_set, info: DossierInfo, *, costs=None) -> DocSpec:
    """Tờ trình đề nghị thẩm định (TTr) with the list of services and, when costed, the trial unit prices."""
    missing = Missing()
    summaries = bind_costs(norm_set, costs)
    year = info.submission_date.year if info.submission_date else None
    title = _lower_first(norm_set.title)
    years = info.years()
    plan_total = _dec(info.plan_total) if info.plan_total is not None else None
    ctx = {
        "header": _drafting_header(
            info,
            number=_number(info.submission_number, year, "TTr", info.drafting_abbrev),
            date=info.submission_date,
            doc_type="Tờ trình",
            subject=f"Đề nghị thẩm định dự thảo Quyết định ban hành {title}",
        ),
        "addressee": info.submission_to,
        "legal_bases": _bases(legal_bases(norm_set, missing)),
        "drafting_unit": missing(info.drafting_unit, "đơn vị soạn thảo (project.yaml: drafting_unit)"),
        "issuing": info.issuing,
        "title": title,
        "necessity": info.necessity or "",
        "field_name": info.field_name,
        "years_text": f"{years[0]}-{years[-1]}",
        "service_provider": missing(
            info.service_provider, "đơn vị sự nghiệp thực hiện dịch vụ (project.yaml: dossier.service_provider)"
        ),
        "service_count": format_number(len(norm_set)),
        "costed": bool(summaries),
        "plan_text": (
            f"{format_money(plan_total, suffix=True)} (bằng chữ: {amount_in_words(plan_total)})"
            if plan_total is not None
            else ""
        ),
        "plan_label": info.plan_label or "",
        "signature": {
            "lines": info.drafting_head_title,
            "name": missing(
                info.drafting_head_name,
                "họ tên người ký Báo cáo thuyết minh, Tờ trình (project.yaml: signer.drafting_head_name)",
            ),
        },
        "recipients": layout._recipient_lines(info.submission_recipients),
    }

    def summary_table(sd):
        if summaries:
            rows: list[tuple[str, ...]] = [
                (
                    str(i),
                    n.code,
                    n.name,
                    n.unit_text,
                    format_money(summaries[n.code]["total"]) if n.code in summaries else "—",
                )
                for i, n in enumerate(norm_set, start=1)
            ]
            blocks.table(
                sd,
                ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính", "Đơn giá tính thử (đồng)"],
                rows,
                (10, 17, 63, 43, 32),
                aligns="ccllr",
            )
        else:
            rows = [(str(i), n.code, n.name, n.unit_text) for i, n in enumerate(norm_set, start=1)]
            blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính"], rows, (10, 20, 85, 50), aligns="ccll")

    return DocSpec(
        "to_trinh",
        "04_to_trinh.docx",
        f"Tờ trình thẩm định {norm_set.title}",
        ctx,
        {"summary_table": summary_table},
        missing=missing.items,
    )
