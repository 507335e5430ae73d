"""Quyết định ban hành định mức (01) — the draft decision."""

from __future__ import annotations


from .. import layout
from ..info import DossierInfo
from ...core.vnformat import format_date, format_number

from .common import DocSpec, _header, _number, _bases, _default_bases


# ============================================================================ 1. decision + norm document
def draft_decision(norm_set, info: DossierInfo) -> DocSpec:
    """Quyết định ban hành định mức — "Điều 1. Ban hành kèm theo Quyết định này ..."."""
    year = info.decision_date.year if info.decision_date else None
    title = norm_set.title
    eff = (f"kể từ {format_date(info.effective_from)}" if info.effective_from else "kể từ ngày      tháng      năm")
    implementers = info.implementers or (
        f"Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; Giám đốc "
        f"{info.service_provider}; Thủ trưởng các cơ quan, đơn vị và cá nhân có liên quan")
    ctx = {
        "header": _header(info, parent=None, body=info.issuing, number=_number(info.decision_number, year, "QĐ",
                                                                                "UBND", legal=True),
                          date=info.decision_date, doc_type="Quyết định", subject=f"Ban hành {title}"),
        "authority_line": info.issuing,
        "legal_bases": _bases(_default_bases(norm_set) + [f"Theo đề nghị của Giám đốc {info.drafting_unit}"]),
        "norm_doc_title": title,
        "norm_count": format_number(len(norm_set)),
        "annex_list": [f"{i}. Phụ lục {layout.to_roman(i)}: {n.name} (mã hiệu {n.code})"
                       + (";" if i < len(norm_set) else ".") for i, n in enumerate(norm_set, start=1)],
        "effective_text": eff,
        "replaces_text": (f"Quyết định này thay thế {norm_set.replaces}." if norm_set.replaces else ""),
        "implementers": implementers,
        "signature": {"lines": [info.authority_prefix, *info.signer_title], "name": info.signer_name},
        "recipients": layout._recipient_lines(info.decision_recipients),
    }
    return DocSpec("quyet_dinh", "01_quyet_dinh.docx", f"Quyết định ban hành {title}", ctx)

