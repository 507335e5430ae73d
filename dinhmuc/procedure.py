"""Trình tự ban hành — the decision's route and the facts of the TT 47 Art. 9 procedure a project declares.

Two keys of ``project.yaml`` belong here:

``route`` — how the norms are issued (hình thức ban hành):

* ``legal_normative`` — a legal normative document (văn bản quy phạm pháp luật) of
  the provincial People's Committee under Luật Ban hành văn bản quy phạm pháp
  luật 64/2025/QH15 (amended by Luật 87/2025/QH15), laid out as NĐ 78/2025/NĐ-CP
  (amended by NĐ 187/2025/NĐ-CP) prescribes: number "…/2026/QĐ-UBND" with the
  year, its draft appraised by the Sở Tư pháp and published for comment;
* ``administrative`` — an administrative decision (văn bản hành chính) laid out
  as NĐ 30/2020/NĐ-CP prescribes: number "…/QĐ-UBND" without the year.

When the key is absent the route follows the decision number (a year in it
means a legal normative document) and is ``legal_normative`` for a blank number,
the form provinces use for norm sets (e.g. Khánh Hòa QĐ 56/2026/QĐ-UBND).

``procedure`` — facts of the drafting procedure of TT 47/2018/TT-BCT Art. 9
that only the project knows (drafting team, schedule, workshop, appraisal
plan, the decision forming the council, the Sở Tư pháp request and the public
comments). Every field is optional: what is not declared is printed as a
marked blank "……………" and listed in the build's missing-facts warning.

>>> ProcedureFacts.model_validate({"workshop": {"held_on": "2026-08-20"}}).workshop.held_on
datetime.date(2026, 8, 20)
>>> route_of(None, "46/2026/QĐ-UBND"), route_of(None, "15/QĐ-UBND"), route_of("administrative", None)
('legal_normative', 'administrative', 'administrative')
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal

from pydantic import Field

from .norm import Model, OptText, Text

__all__ = ["ROUTES", "Route", "ProcedureFacts", "route_of", "number_has_year"]

Route = Literal["legal_normative", "administrative"]
ROUTES: tuple[str, ...] = ("legal_normative", "administrative")

#: "46/2026/QĐ-UBND", "…/2026/QĐ-UBND": a number, a 4-digit year, then the symbol (NĐ 78/2025: số, năm, ký hiệu)
_YEAR_IN_NUMBER = re.compile(r"/(\d{4})/")


def number_has_year(number: str | None) -> bool:
    """Whether a document number carries the year of issue ("46/2026/QĐ-UBND": yes; "15/QĐ-UBND": no)."""
    return bool(number and _YEAR_IN_NUMBER.search(number))


def route_of(declared: str | None, number: str | None) -> str:
    """The route: the declared one, else the one the decision number implies, else ``legal_normative``."""
    if declared:
        return declared
    if number and "/" in number and not number_has_year(number):
        return "administrative"
    return "legal_normative"


class Person(Model):
    """A person named in a paper (họ tên, chức danh, đơn vị)."""

    name: Text
    role: OptText = None
    unit: OptText = None


class Signer(Model):
    """Who signs a paper: title lines (e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]) and name."""

    title: list[Text] = Field(default_factory=list)
    name: OptText = None


StepKey = Literal["outline", "survey", "build", "consult", "justice", "publish", "appraisal", "issue"]


class StepPlan(Model):
    """When and by whom one step of the procedure is done (kế hoạch thực hiện)."""

    start: _dt.date | None = None
    end: _dt.date | None = None
    by: OptText = None
    note: OptText = None


class Opinion(Model):
    """An opinion given at the workshop or in the public comment, and the drafting team's answer."""

    by: Text
    text: Text
    response: OptText = None
    accepted: bool | None = None


class Workshop(Model):
    """The workshop on the draft (hội thảo, TT 47 Art. 9)."""

    held_on: _dt.date | None = None
    place: OptText = None
    chair: Person | None = None
    secretary: Person | None = None
    participants: list[Person] = Field(default_factory=list)
    opinions: list[Opinion] = Field(default_factory=list)
    conclusion: OptText = None
    ends_at: OptText = None  # "11 giờ 30 phút"


class AppraisalPlan(Model):
    """The appraisal plan (kế hoạch thẩm định); the meeting's date and place come from the council file."""

    dossier_sent_on: _dt.date | None = None
    reviews_due: _dt.date | None = None
    report_due: _dt.date | None = None


class CouncilDecision(Model):
    """The decision forming the appraisal council (quyết định thành lập Hội đồng thẩm định)."""

    issuer: OptText = None
    parent: OptText = None
    number: OptText = None
    signed_on: _dt.date | None = None
    signer: Signer = Field(default_factory=Signer)
    proposed_by: OptText = None  # "Trưởng phòng Quản lý công nghiệp"


class JusticeRequest(Model):
    """The request to the Sở Tư pháp to appraise the draft (route ``legal_normative``)."""

    number: OptText = None
    sent_on: _dt.date | None = None
    to: OptText = None
    contact: OptText = None  # the person and telephone to contact


class PublicComment(Model):
    """The publication of the draft for comment and the comments received (route ``legal_normative``)."""

    start: _dt.date | None = None
    end: _dt.date | None = None
    channel: OptText = None
    comments: list[Opinion] = Field(default_factory=list)


class ProcedureFacts(Model):
    """Facts of the TT 47/2018 Art. 9 procedure declared by the project (all optional)."""

    drafting_team: list[Person] = Field(default_factory=list)
    team_decision: OptText = None
    drafting_signer: Signer = Field(default_factory=Signer)
    survey_units: list[Text] = Field(default_factory=list)
    schedule: dict[StepKey, StepPlan] = Field(default_factory=dict)
    workshop: Workshop = Field(default_factory=Workshop)
    appraisal_plan: AppraisalPlan = Field(default_factory=AppraisalPlan)
    council_decision: CouncilDecision = Field(default_factory=CouncilDecision)
    justice_request: JusticeRequest = Field(default_factory=JusticeRequest)
    public_comment: PublicComment = Field(default_factory=PublicComment)
