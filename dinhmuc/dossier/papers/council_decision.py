"""Quyết định thành lập Hội đồng thẩm định — the decision forming the appraisal council (TT 47 Art. 9).

An administrative decision (NĐ 30/2020/NĐ-CP: number without the year, the
authority line, the bases, "QUYẾT ĐỊNH:", articles, signature, Nơi nhận),
whatever the route of the norm decision. The members, their positions and
their roles come from the council file; the issuer, number, date and signer
from ``procedure.council_decision`` (the issuer defaults to the drafting unit,
and the build says so).
"""

from __future__ import annotations

from ...core.vnformat import format_number
from .. import blocks
from .tt47_common import (
    DocSpec,
    Gaps,
    TT47Inputs,
    drafting_signature,
    header,
    lower_first,
    member_rows,
    note_unit,
    number,
    recipients,
    unit_name,
)

__all__ = ["FILENAME", "council_decision", "signer_of"]

FILENAME = "16_quyet_dinh_thanh_lap_hoi_dong.docx"


def signer_of(info, tt: TT47Inputs, gaps: Gaps) -> dict:
    """The signature of the council's issuer: declared in ``procedure.council_decision.signer``, else the
    drafting unit's signer."""
    s = tt.facts.council_decision.signer
    if s.title or s.name:
        return {
            "lines": list(s.title) or [gaps.note("chức vụ người ký quyết định thành lập Hội đồng")],
            "name": gaps.fact(s.name, "họ tên người ký quyết định thành lập Hội đồng"),
        }
    return drafting_signature(info, tt, gaps)


def _authority(issuer: str) -> str:
    # NĐ 30/2020 Phụ lục III: the authority line names who decides — the head of a department (Giám đốc Sở ...)
    # or the People's Committee itself
    if issuer.lower().startswith("sở "):
        return f"Giám đốc {issuer}"
    return issuer


def council_decision(norm_set, info, tt: TT47Inputs, bases: list[str]) -> tuple[DocSpec, Gaps]:
    """The decision forming the council; ``bases`` are its căn cứ lines (TT 47/2018 first)."""
    from ...appraisal.council import LEVEL_LABELS
    from .common import _bases  # "Căn cứ ...;" lines, the last ending "." (NĐ 30/2020)

    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    cd = tt.facts.council_decision
    council = tt.council
    if not cd.issuer:
        gaps.note(
            f"cơ quan ra quyết định thành lập Hội đồng (procedure.council_decision.issuer; "
            f"bản dự thảo ghi {unit_name(info)})"
        )
    issuer = cd.issuer or unit_name(info)
    name = council.name if council is not None else "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    title = lower_first(norm_set.title)
    ctx = {
        "header": header(
            info,
            parent=cd.parent or info.parent,
            body=issuer,
            number=number(cd.number, "QĐ", info.drafting_abbrev),
            date=cd.signed_on,
            doc_type="Quyết định",
            subject=f"Thành lập {name}",
        ),
        "authority_line": _authority(issuer),
        "legal_bases": _bases(
            [
                *bases,
                "Theo đề nghị của "
                + gaps.fact(
                    cd.proposed_by, "đơn vị đề nghị thành lập Hội đồng (procedure.council_decision.proposed_by)"
                ),
            ]
        ),
        "council_name": name,
        "norm_doc_title": title,
        "member_count": format_number(len(council.members)) if council is not None else gaps.note("số thành viên"),
        "report_to": info.issuing,
        "levels_text": "; ".join(LEVEL_LABELS.values()),
        "implementers": f"Thủ trưởng các cơ quan, đơn vị có liên quan, {unit_name(info)}",
        "signature": signer_of(info, tt, gaps),
        "recipients": recipients(["Như Điều 4", f"{info.issuing} (b/c)", "Lưu: VT"]),
    }

    def members_table(sd):
        blocks.table(
            sd,
            ["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ trong Hội đồng"],
            member_rows(council, gaps),
            (10, 42, 75, 38),
            aligns="clll",
        )

    return DocSpec(
        "qd_thanh_lap_hoi_dong",
        FILENAME,
        "Quyết định thành lập Hội đồng thẩm định",
        ctx,
        {"members_table": members_table},
    ), gaps
