"""Thông tin hồ sơ — the metadata the dossier's papers need and a NormSet does not hold.

Province, issuing body, signers, drafting unit, numbers and dates of each
paper, recipients. No field invents a fact: a person, a unit or a place the
project does not give stays ``None``, the paper prints the marked blank
:data:`BLANK` ("……………") and the build lists every missing fact in one
warning (:meth:`DossierInfo.fact`). The appraisal council (members, roles,
presence, meeting date, time and place, ballots) is not here: it comes from
the council file (:class:`dinhmuc.appraisal.council.Council`), the one
source every paper and the appraisal share. Unknown keys are rejected.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BLANK", "DossierInfo", "Missing", "SIGNER_KEYS"]

#: the marked blank printed where the project gives no value (filled by hand before signing)
BLANK = "……………"

#: keys of the project file's ``signer:`` block that map onto :class:`DossierInfo` fields
SIGNER_KEYS = ("authority_prefix", "signer_title", "signer_name", "drafting_head_title", "drafting_head_name")


T = TypeVar("T")


class Missing:
    """Missing facts of the papers: ``missing(value, label)`` gives the value, or :data:`BLANK` and notes the label.

    >>> m = Missing()
    >>> m("Sở Công Thương", "đơn vị soạn thảo"), m(None, "người ký Tờ trình")
    ('Sở Công Thương', '……………')
    >>> m.items
    ['người ký Tờ trình']
    """

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, value: T | None, label: str) -> T | str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if label not in self.items:
                self.items.append(label)
            return BLANK
        return value


class DossierInfo(BaseModel):
    """Metadata of a dossier (thông tin hồ sơ trình thẩm định)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    province: str | None = None
    place: str | None = (
        None  # địa danh on the date line (NĐ 30/2020): the province or commune; defaults to the province
    )
    issuing_body: str | None = None  # defaults to "Ủy ban nhân dân tỉnh <province>"
    parent_body: str | None = None  # cơ quan chủ quản of the drafting unit; defaults to the issuing body
    authority_prefix: str = "TM. ỦY BAN NHÂN DÂN"  # NĐ 30/2020 Phụ lục I: thẩm quyền ký of a collective body
    signer_title: list[str] = Field(default_factory=lambda: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
    signer_name: str | None = None
    decision_number: str | None = None  # "46/2026/QĐ-UBND"; blank number when None
    decision_date: _dt.date | None = None
    effective_from: _dt.date | None = None
    decision_recipients: list[str] = Field(
        default_factory=lambda: [
            "Như Điều 3",
            "Bộ Công Thương (b/c)",
            "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
            "Sở Tư pháp",
            "Công báo tỉnh",
            "Lưu: VT",
        ]
    )
    implementers: str | None = None  # Điều 3; defaults from the drafting unit and the service provider

    drafting_unit: str | None = None
    drafting_unit_short: str | None = None  # on the header block; defaults to the drafting unit
    drafting_abbrev: str = "SCT"
    drafting_head_title: list[str] = Field(default_factory=lambda: ["GIÁM ĐỐC"])
    drafting_head_name: str | None = None
    service_provider: str | None = None  # đơn vị sự nghiệp công thực hiện dịch vụ
    field_name: str = "khuyến công"

    submission_number: str | None = None  # "     /TTr-SCT" when None
    submission_date: _dt.date | None = None
    submission_to: str = "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    submission_recipients: list[str] = Field(default_factory=lambda: ["Như trên", "Lưu: VT"])
    report_number: str | None = None
    report_date: _dt.date | None = None
    report_recipients: list[str] = Field(default_factory=lambda: ["Hội đồng thẩm định", "Lưu: VT"])

    council_number: str | None = None  # minutes number, "     /BB-HĐTĐ" when None
    #: the decision's route (dinhmuc.procedure): "legal_normative" (NĐ 78/2025, number with the year) or
    #: "administrative" (NĐ 30/2020); dinhmuc.dossier.papers.route holds the layout rules of each (issue 11.2)
    route: Literal["legal_normative", "administrative"] = "legal_normative"
    history_years: list[int] | None = None  # the 3 years before the decision (TT 47 Art. 6.1)
    necessity: str | None = None
    plan_total: Any = None  # kinh phí kế hoạch (Decimal đồng) and its label, set by the build when a plan is given
    plan_label: str | None = None

    @property
    def province_name(self) -> str:
        return self.province or BLANK

    @property
    def issuing(self) -> str:
        if self.issuing_body:
            return self.issuing_body
        return f"Ủy ban nhân dân tỉnh {self.province}" if self.province else BLANK

    @property
    def place_name(self) -> str:
        return self.place or self.province or BLANK

    @property
    def parent(self) -> str:
        return self.parent_body or self.issuing

    @property
    def drafting_short(self) -> str:
        return self.drafting_unit_short or self.drafting_unit or BLANK

    def years(self) -> list[int]:
        if self.history_years:
            return list(self.history_years)
        base = (self.decision_date or self.submission_date or _dt.date(2026, 1, 1)).year
        return [base - 3, base - 2, base - 1]

    @classmethod
    def for_norm_set(cls, norm_set, info: DossierInfo | Mapping[str, object] | None = None) -> DossierInfo:
        """``info`` completed with what the norm set knows (province, body, number, dates)."""
        data = info.model_dump(exclude_unset=True) if isinstance(info, DossierInfo) else dict(info or {})
        if norm_set.province and "province" not in data:
            data["province"] = norm_set.province
        if norm_set.issuing_body and "issuing_body" not in data:
            data["issuing_body"] = norm_set.issuing_body
        if norm_set.decision_number and "decision_number" not in data:
            data["decision_number"] = norm_set.decision_number
        if norm_set.signed_on and "decision_date" not in data:
            data["decision_date"] = norm_set.signed_on
        if norm_set.effective_from and "effective_from" not in data:
            data["effective_from"] = norm_set.effective_from
        if "route" not in data:  # a year in the number means a legal normative document (dinhmuc.procedure)
            from ..procedure import route_of

            number = data.get("decision_number")
            data["route"] = route_of(None, number if isinstance(number, str) else None)
        return cls.model_validate(data)
