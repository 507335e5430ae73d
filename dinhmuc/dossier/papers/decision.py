"""Quyết định ban hành định mức (01) — the draft decision.

The articles' wording is in ``templates/quyet_dinh.docx``; this module gives
the values: number, date line, the legal bases (one list, see
:func:`~.common.legal_bases`), the annex list, the effective date, the units
charged with implementing it and the signer.
"""

from __future__ import annotations

from ...core.vnformat import format_date, format_number
from .. import layout
from ..info import DossierInfo, Missing
from .common import DocSpec, _bases, _header, legal_bases
from .route import rules

__all__ = ["draft_decision"]


def draft_decision(norm_set, info: DossierInfo) -> DocSpec:
    """Quyết định ban hành định mức — "Điều 1. Ban hành kèm theo Quyết định này ..."."""
    missing = Missing()
    year = info.decision_date.year if info.decision_date else None
    title = norm_set.title
    ctx = {
        # the number's shape follows the decision's route (papers/route.py, route helper): year only on the
        # legal-normative route (NĐ 78/2025)
        "header": _header(
            info,
            parent=None,
            body=info.issuing,
            number=rules(info.route).number(info.decision_number, year),
            date=info.decision_date,
            doc_type="Quyết định",
            subject=f"Ban hành {title}",
        ),
        "authority_line": info.issuing,
        "legal_bases": _bases(
            legal_bases(norm_set, missing)
            + [
                "Theo đề nghị của Giám đốc "
                + missing(info.drafting_unit, "đơn vị soạn thảo (project.yaml: drafting_unit)")
            ]
        ),
        "norm_doc_title": title,
        "norm_count": format_number(len(norm_set)),
        "annex_list": [
            f"{i}. Phụ lục {layout.to_roman(i)}: {n.name} (mã hiệu {n.code})" + (";" if i < len(norm_set) else ".")
            for i, n in enumerate(norm_set, start=1)
        ],
        "effective_date": (format_date(info.effective_from) if info.effective_from else "ngày      tháng      năm"),
        "replaces": norm_set.replaces or "",
        "implementers": info.implementers or "",
        "drafting_unit": info.drafting_unit or "",
        "service_provider": missing(
            info.service_provider, "đơn vị sự nghiệp thực hiện dịch vụ (project.yaml: dossier.service_provider)"
        ),
        "signature": {
            "lines": [info.authority_prefix, *info.signer_title],
            "name": missing(info.signer_name, "họ tên người ký Quyết định (project.yaml: signer.signer_name)"),
        },
        "recipients": layout._recipient_lines(info.decision_recipients),
    }
    return DocSpec("quyet_dinh", "01_quyet_dinh.docx", f"Quyết định ban hành {title}", ctx, missing=missing.items)
