"""Thông tin hồ sơ — the metadata the dossier's documents need and a NormSet does not hold.

Province, issuing body, signers, drafting unit, numbers and dates of each
paper, recipients, the appraisal council. Every field has a sensible default
(Kon Tum, Sở Công Thương as drafting unit); :meth:`DossierInfo.for_norm_set`
fills the defaults from the norm set (province, issuing body, decision number
and dates). Unknown keys are rejected.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class CouncilMember(BaseModel):
    """A member of the appraisal council (thành viên Hội đồng thẩm định)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    role: str = "Ủy viên"  # Chủ tịch, Phó Chủ tịch, Ủy viên phản biện, Ủy viên, Thư ký
    unit: str = ""
    present: bool = True


class DossierInfo(BaseModel):
    """Metadata of a dossier (thông tin hồ sơ trình thẩm định)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    province: str = "Kon Tum"
    place: str | None = None  # địa danh on the date line; defaults to the province
    issuing_body: str | None = None  # defaults to "Ủy ban nhân dân tỉnh <province>"
    authority_prefix: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: list[str] = Field(default_factory=lambda: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
    signer_name: str = "Nguyễn Văn A"
    decision_number: str | None = None  # "46/2026/QĐ-UBND"; blank number when None
    decision_date: _dt.date | None = None
    effective_from: _dt.date | None = None
    decision_recipients: list[str] = Field(default_factory=lambda: [
        "Như Điều 3", "Bộ Công Thương (b/c)", "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính - Bộ Tư pháp",
        "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh", "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        "Sở Tư pháp", "Công báo tỉnh", "Lưu: VT, KTTH"])
    implementers: str | None = None  # Điều 3; defaults from the drafting unit and the province

    drafting_unit: str = "Sở Công Thương tỉnh Kon Tum"
    drafting_unit_short: str = "Sở Công Thương"
    drafting_abbrev: str = "SCT"
    drafting_head_title: list[str] = Field(default_factory=lambda: ["GIÁM ĐỐC"])
    drafting_head_name: str = "Trần Thị B"
    service_provider: str = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Kon Tum"
    field_name: str = "khuyến công"

    submission_number: str | None = None  # "     /TTr-SCT" when None
    submission_date: _dt.date | None = None
    submission_to: str = "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    submission_recipients: list[str] = Field(default_factory=lambda: [
        "Như trên", "UBND tỉnh (b/c)", "Giám đốc, các Phó Giám đốc Sở", "Lưu: VT, QLCN"])
    report_number: str | None = None
    report_date: _dt.date | None = None
    report_recipients: list[str] = Field(default_factory=lambda: [
        "Hội đồng thẩm định", "UBND tỉnh (b/c)", "Lưu: VT, QLCN"])

    council_name: str = "Hội đồng thẩm định định mức kinh tế - kỹ thuật"
    council_number: str | None = None  # minutes number, "     /BB-HĐTĐ" when None
    council_date: _dt.date | None = None
    council_place: str = "Hội trường Sở Công Thương tỉnh Kon Tum"
    council_members: list[CouncilMember] = Field(default_factory=lambda: [
        CouncilMember(name="Lê Văn C", role="Chủ tịch Hội đồng", unit="UBND tỉnh"),
        CouncilMember(name="Phạm Thị D", role="Phó Chủ tịch Hội đồng", unit="Sở Tài chính"),
        CouncilMember(name="Hoàng Văn E", role="Ủy viên phản biện", unit="Sở Tư pháp"),
        CouncilMember(name="Vũ Thị G", role="Ủy viên phản biện", unit="Sở Lao động - Thương binh và Xã hội"),
        CouncilMember(name="Đỗ Văn H", role="Ủy viên thư ký", unit="Sở Công Thương"),
    ])
    #: the decision's route (dinhmuc.procedure): "normative" (NĐ 78/2025, number with the year) or
    #: "administrative" (NĐ 30/2020); dinhmuc.dossier.papers.route holds the layout rules of each (issue 11.2)
    route: Literal["normative", "administrative"] = "normative"
    history_years: list[int] | None = None  # the 3 years before the decision (TT 47 Art. 6.1)
    necessity: str | None = None

    @property
    def issuing(self) -> str:
        return self.issuing_body or f"Ủy ban nhân dân tỉnh {self.province}"

    @property
    def place_name(self) -> str:
        return self.place or self.province

    @property
    def parent_body(self) -> str:
        return f"Ủy ban nhân dân tỉnh {self.province}"

    def years(self) -> list[int]:
        if self.history_years:
            return list(self.history_years)
        base = (self.decision_date or self.submission_date or _dt.date(2026, 1, 1)).year
        return [base - 3, base - 2, base - 1]

    @classmethod
    def for_norm_set(cls, norm_set, info: DossierInfo | dict[str, Any] | None = None) -> DossierInfo:
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

            data["route"] = route_of(None, data.get("decision_number"))
        out = cls.model_validate(data)
        if "drafting_unit" not in data and out.province != "Kon Tum":
            out.drafting_unit = f"Sở Công Thương tỉnh {out.province}"
        if "service_provider" not in data and out.province != "Kon Tum":
            out.service_provider = f"Trung tâm Khuyến công tỉnh {out.province}"
        if "council_place" not in data and out.province != "Kon Tum":
            out.council_place = f"Sở Công Thương tỉnh {out.province}"
        return out
