"""Shared pieces of the TT 47 Art. 9 papers: header, signers, the drafting unit's and the council's facts."""

from __future__ import annotations

from ..info import DossierInfo
from ..layout import _recipient_lines as recipients  # "- X;" lines, the last "- Lưu: VT." (NĐ 30/2020 Phụ lục I)
from .common import DocSpec, _drafting_header, _header, _lower_first  # noqa: F401 - the dossier's one header builder
from .gaps import BLANK, Gaps, TT47Inputs

__all__ = [
    "BLANK",
    "DocSpec",
    "Gaps",
    "TT47Inputs",
    "drafting_header",
    "drafting_signature",
    "header",
    "lower_first",
    "member_rows",
    "note_unit",
    "number",
    "recipients",
    "unit_name",
]

#: the same label the decision paper gives this missing fact, so the build lists it once
UNIT_LABEL = "đơn vị soạn thảo (project.yaml: drafting_unit)"


def unit_name(info: DossierInfo) -> str:
    """The drafting unit, or the marked blank."""
    return info.drafting_unit or BLANK


def note_unit(info: DossierInfo, gaps: Gaps) -> None:
    """Record the drafting unit as missing when the project does not name it."""
    gaps.fact(info.drafting_unit, UNIT_LABEL)


lower_first = _lower_first


def header(
    info: DossierInfo, *, parent: str | None, body: str, number: str | None, date, doc_type: str | None, subject: str
) -> dict:
    """The header context every template reads (:func:`dinhmuc.dossier.documents._header`)."""
    return _header(info, parent=parent, body=body, number=number, date=date, doc_type=doc_type or "", subject=subject)


def drafting_header(info: DossierInfo, *, number: str | None, date, doc_type: str | None, subject: str) -> dict:
    """:func:`header` of a paper the drafting unit issues (under its parent body, if any)."""
    return _drafting_header(info, number=number, date=date, doc_type=doc_type or "", subject=subject)


def number(given: str | None, kind: str, abbrev: str) -> str:
    """A document number: the given one, or a blank one in the NĐ 30/2020 shape "……/KH-SCT"."""
    return given or f"……/{kind}-{abbrev}"


def drafting_signature(info: DossierInfo, tt: TT47Inputs, gaps: Gaps) -> dict:
    """The drafting unit's signature: declared in ``procedure.drafting_signer``, else the dossier info's
    title and a blank name (a name is never guessed)."""
    signer = tt.facts.drafting_signer
    lines = list(signer.title) or list(info.drafting_head_title)
    name = signer.name or info.drafting_head_name
    return {
        "lines": lines,
        "name": gaps.fact(
            name,
            "họ tên người ký của cơ quan chủ trì soạn thảo (project.yaml: "
            "signer.drafting_head_name hoặc procedure.drafting_signer)",
        ),
    }


def member_rows(council, gaps: Gaps) -> list[tuple[str, str, str, str]]:
    """(TT, name, position and unit, role in the council) of every member of the council file."""
    if council is None or not council.members:
        gaps.note("danh sách thành viên Hội đồng thẩm định (inputs.council)")
        return [(str(i), BLANK, BLANK, BLANK) for i in range(1, 6)]
    return [
        (str(i), m.name, m.position or gaps.note(f"chức vụ, đơn vị của {m.name}"), m.role_label)
        for i, m in enumerate(council.members, start=1)
    ]
