"""Đề nghị thẩm định — the drafting unit's request to the Sở Tư pháp to appraise the draft decision.

Route ``legal_normative`` only: the draft of a legal normative decision of the
provincial People's Committee is appraised by the Sở Tư pháp before it is
submitted (Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15, amended by
Luật 87/2025/QH15). A công văn (NĐ 30/2020: no type name, "V/v" subject under
the number); its number and date from ``procedure.justice_request``.
"""

from __future__ import annotations

from ...core.vnformat import format_number
from .route import rules
from .tt47_common import (
    DocSpec,
    Gaps,
    TT47Inputs,
    drafting_header,
    drafting_signature,
    lower_first,
    note_unit,
    recipients,
    unit_name,
)

__all__ = ["FILENAME", "justice_request"]

FILENAME = "18_de_nghi_tham_dinh_tu_phap.docx"


def justice_request(norm_set, info, tt: TT47Inputs, attachments: list[str]) -> tuple[DocSpec, Gaps]:
    """The request for appraisal; ``attachments`` are the titles of the papers sent with it."""
    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    jr = tt.facts.justice_request
    subject = f"ban hành {lower_first(norm_set.title)}"
    services = [f"- {n.code}: {n.name};" for n in norm_set]
    if services:
        services[-1] = services[-1][:-1] + "."
    ctx = {
        "header": drafting_header(
            info,
            number=jr.number or f"……/{info.drafting_abbrev}",
            date=jr.sent_on,
            doc_type=None,
            subject=f"Đề nghị thẩm định dự thảo Quyết định {subject}",
        ),
        "addressee": jr.to or f"Sở Tư pháp tỉnh {info.province_name}",
        "procedure_act": rules("legal_normative").procedure_act,
        "drafting_unit": unit_name(info),
        "decision_subject": subject,
        "norm_count": format_number(len(norm_set)),
        "service_items": services,
        "attachments": [f"- {a};" if i < len(attachments) - 1 else f"- {a}." for i, a in enumerate(attachments)],
        "contact": gaps.fact(jr.contact, "đầu mối liên hệ (procedure.justice_request.contact)"),
        "signature": drafting_signature(info, tt, gaps),
        "recipients": recipients(["Như trên", "Lưu: VT"]),
    }
    return DocSpec("de_nghi_tham_dinh", FILENAME, "Đề nghị thẩm định dự thảo Quyết định", ctx), gaps
