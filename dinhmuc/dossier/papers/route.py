"""Hình thức ban hành — the layout rules of the decision on each of its two routes.

``legal_normative`` — a legal normative document (văn bản quy phạm pháp luật) of the
provincial People's Committee: Luật Ban hành văn bản quy phạm pháp luật
64/2025/QH15 (amended by Luật 87/2025/QH15) governs its procedure and
NĐ 78/2025/NĐ-CP (amended by NĐ 187/2025/NĐ-CP) its form. What the route
changes, as read for the annex of NĐ 78/2025 (Phụ lục I, Mẫu số 19 and 20: a
decision of the provincial People's Committee that lays down rules directly or
issues an attached regulation). Where it was read: notes transcribing that annex
from the official PDF, kept in a public repository and found with the search
tool (``find_string "Ủy ban nhân dân ban hành Quyết định"``; the repository is
not named by the tool), not the Official Gazette itself — confidence B. A
second secondary note puts "QUYẾT ĐỊNH:" after the enacting formula; the
transcription of the annex does not, and that is what this module follows:

* the number carries the year: "Số: 46/2026/QĐ-UBND";
* after the bases and the line "Theo đề nghị của ...", the enacting formula
  "Ủy ban nhân dân tỉnh ban hành Quyết định ..." replaces the line
  "QUYẾT ĐỊNH:" of an administrative decision;
* the attached document is headed "(Ban hành kèm theo Quyết định số
  .../20.../QĐ-UBND ngày ... của Ủy ban nhân dân tỉnh ...)";
* the signature is the collective body's: "TM. ỦY BAN NHÂN DÂN", then
  "CHỦ TỊCH" (or "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH");
* the draft is appraised by the Sở Tư pháp and published for comment, so the
  dossier holds the request for appraisal and the summary of the comments.

``administrative`` — an administrative decision (NĐ 30/2020/NĐ-CP, Phụ lục
III, the sample of a decision that issues an attached document, and Phụ lục I
for the format elements): number without the year ("Số: 15/QĐ-UBND"); the
authority line ("ỦY BAN NHÂN DÂN TỈNH ...") under the subject; bases; the
line "QUYẾT ĐỊNH:"; articles; the same signature; the attached document
headed "(Kèm theo Quyết định số .../QĐ-UBND ngày ... của ...)". No Sở Tư pháp
appraisal and no publication for comment are required.

>>> rules("legal_normative").number(None, 2026), rules("administrative").number(None, 2026)
('……/2026/QĐ-UBND', '……/QĐ-UBND')
>>> rules("legal_normative").attached_line("46/2026/QĐ-UBND", None, "Ủy ban nhân dân tỉnh Quảng Ngãi")
'Ban hành kèm theo Quyết định số 46/2026/QĐ-UBND ngày …… tháng …… năm …… của Ủy ban nhân dân tỉnh Quảng Ngãi'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ...procedure import number_has_year

__all__ = ["RULES", "RouteRules", "rules"]

_DOTS = "……"


@dataclass(frozen=True)
class RouteRules:
    """How the decision is laid out and what it needs on one route."""

    key: str
    label: str
    #: the act that prescribes the form, as cited in the papers
    form_act: str
    #: the act that prescribes the procedure (None: NĐ 30/2020 alone)
    procedure_act: str | None
    #: "Ban hành kèm theo" (NĐ 78/2025) or "Kèm theo" (NĐ 30/2020)
    attached_prefix: str
    #: the year in the number ("…/2026/QĐ-UBND")
    year_in_number: bool
    #: the enacting formula replaces the line "QUYẾT ĐỊNH:"
    enacting_formula: bool
    #: the authority line under the subject (NĐ 30/2020 Phụ lục III)
    authority_line: bool
    #: laws the bases must cite (numbers), in order of legal force
    required_laws: tuple[tuple[str, str], ...]
    #: extra papers this route needs: file name -> the article that asks for it
    papers: tuple[tuple[str, str], ...]
    template: str

    def number(self, given: str | None, year: int | None, symbol: str = "QĐ-UBND") -> str:
        """The printed number: the given one, else a blank number in the route's shape."""
        if given:
            return given
        if self.year_in_number:
            return f"{_DOTS}/{year if year else _DOTS}/{symbol}"
        return f"{_DOTS}/{symbol}"

    def fits(self, number: str | None) -> bool:
        """Whether ``number`` has the route's shape (a blank number always fits)."""
        if not number or "/" not in number:
            return True
        return number_has_year(number) == self.year_in_number

    def attached_line(self, number: str, date: _dt.date | None, issuing: str, document_type: str | None = None) -> str:
        """The line under the title of the attached document (without the parentheses).

        ``document_type`` is the issuing instrument as the norm set declares it ("Quyết định", or
        "Thông tư" for a ministry's norms).
        """
        from ...core.vnformat import format_date

        when = format_date(date) if date else f"ngày {_DOTS} tháng {_DOTS} năm {_DOTS}"
        return f"{self.attached_prefix} {document_type or 'Quyết định'} số {number} {when} của {issuing}"

    def enacting_line(self, issuing: str, subject: str) -> str:
        """ "Ủy ban nhân dân tỉnh ban hành Quyết định ban hành ...": the enacting formula of NĐ 78/2025."""
        body = issuing or "Ủy ban nhân dân"
        for level in ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố"):
            if body.startswith(level):
                body = level  # the sample names the body without the province: "Ủy ban nhân dân tỉnh ban hành"
        return f"{body} ban hành Quyết định {subject[:1].lower() + subject[1:]}."


_LAW_LGO = ("72/2025/QH15", "Luật Tổ chức chính quyền địa phương số 72/2025/QH15")
_LAW_LND = (
    "64/2025/QH15",
    "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15",
)

RULES: dict[str, RouteRules] = {
    "legal_normative": RouteRules(
        key="legal_normative",
        label="Văn bản quy phạm pháp luật",
        form_act="Nghị định số 78/2025/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số 187/2025/NĐ-CP",
        procedure_act="Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi "
        "Luật số 87/2025/QH15",
        attached_prefix="Ban hành kèm theo",
        year_in_number=True,
        enacting_formula=True,
        authority_line=False,
        required_laws=(_LAW_LGO, _LAW_LND),
        papers=(
            (
                "18_de_nghi_tham_dinh_tu_phap.docx",
                "Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15 (thẩm định dự thảo của Sở Tư pháp)",
            ),
            (
                "19_tong_hop_y_kien_gop_y.docx",
                "Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15 (lấy ý kiến dự thảo)",
            ),
        ),
        template="quyet_dinh_qppl",
    ),
    "administrative": RouteRules(
        key="administrative",
        label="Văn bản hành chính",
        form_act="Nghị định số 30/2020/NĐ-CP",
        procedure_act=None,
        attached_prefix="Kèm theo",
        year_in_number=False,
        enacting_formula=False,
        authority_line=True,
        required_laws=(_LAW_LGO,),
        papers=(),
        template="quyet_dinh",
    ),
}


def rules(route: str | None) -> RouteRules:
    """The rules of ``route`` ("legal_normative" or "administrative"; None: normative)."""
    return RULES[route or "legal_normative"]
