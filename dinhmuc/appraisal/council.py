"""The appraisal council (hội đồng thẩm định): members, written reviews, ballots, the tally.

TT 47/2018/TT-BCT Art. 9: the members review the draft in writing, then vote by
secret ballot on three levels — Mức 1: pass, recommend issuing; Mức 2: pass
after revision; Mức 3: fail, rebuild — and the Chair concludes by the opinion
of the majority of the members present. Art. 10: a revision goes through the
same procedure.

TT 47 fixes neither a quorum nor what happens when no level has a majority.
Both are **declared choices** in :class:`TallyRules`, editable per council:

* ``quorum`` (default ``"2/3"``): the meeting is valid when at least two
  thirds of the voting members are present — the usual rule of science and
  technology councils; TT 47 does not fix it, so say in the minutes which rule
  the council adopted.
* ``tie_rule`` (default ``"chair"``): when no level has more than half of the
  votes of the members present (a tie, a split or abstentions), the tally gives
  no conclusion; the Chair decides and the decision is recorded
  (``chair_decision``), marked as the Chair's. The alternative
  ``"more_severe"`` takes the level with the most votes and, among levels
  tied for most, the more severe one (Mức 3 before Mức 2 before Mức 1).

"Majority" is strict: more than half of the voting members present, counting
members present who cast no ballot (an abstention is not a vote for any level).

>>> import dinhmuc as dm
>>> members = [{"id": f"M{i}", "name": f"Thành viên {i}"} for i in range(1, 6)]
>>> t = dm.tally([{"member": "M1", "level": 1}, {"member": "M2", "level": 1}, {"member": "M3", "level": 2},
...               {"member": "M4", "level": 1}], members, present=["M1", "M2", "M3", "M4"])
>>> t.conclusion, t.counts, t.quorum_ok
(<Level.PASS: 1>, {1: 3, 2: 1, 3: 0}, True)
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable
from enum import IntEnum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..core.errors import InputError, Location, Problem
from ..core.i18n import tr

if TYPE_CHECKING:
    import pandas as pd
from ..norm import Code, Model, OptText, Text

__all__ = [
    "Level",
    "Member",
    "Review",
    "Ballot",
    "TallyRules",
    "Tally",
    "Council",
    "tally",
    "LEVEL_LABELS",
    "LEVEL_TEXTS",
]


class Level(IntEnum):
    """The three levels of the vote (TT 47/2018 Art. 9)."""

    PASS = 1
    REVISE = 2
    FAIL = 3

    @property
    def label(self) -> str:
        return LEVEL_LABELS[int(self)]

    @property
    def short(self) -> str:
        return f"Mức {int(self)}"


#: The three levels of the secret ballot, TT 47/2018/TT-BCT Art. 9 — the ONE wording every paper, form and
#: report prints (the ballot, the review form, the minutes, the appraisal report).
LEVEL_TEXTS = {
    1: "Đạt yêu cầu, đề nghị cấp có thẩm quyền ban hành",
    2: "Đạt yêu cầu nhưng phải chỉnh sửa, bổ sung trước khi trình ban hành",
    3: "Không đạt yêu cầu, phải xây dựng lại",
}
LEVEL_LABELS = {k: f"Mức {k}: {text}" for k, text in LEVEL_TEXTS.items()}


def _quorum(v: Any) -> Fraction:
    """A quorum as a fraction: "2/3", or a number read by the one number reader ("0,5", 0.5)."""
    from ..core.numbers import read_number

    text = str(v).strip()
    if "/" in text:
        return Fraction(text)
    return Fraction(read_number(v if not isinstance(v, str) else text, decimal=None))


def _level(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower().replace("mức", "").strip()
        if text.isdigit():
            return int(text)
    return value


class Member(Model):
    """A member of the council (thành viên hội đồng)."""

    id: Code
    name: Text
    position: OptText = None  # chức vụ, đơn vị công tác
    role: Literal["chair", "vice_chair", "member", "secretary"] = "member"
    voting: bool = True

    @property
    def role_label(self) -> str:
        return {
            "chair": "Chủ tịch Hội đồng",
            "vice_chair": "Phó Chủ tịch Hội đồng",
            "member": "Ủy viên",
            "secretary": "Ủy viên thư ký",
        }[self.role]


class Review(Model):
    """A member's written review (phiếu nhận xét bằng văn bản)."""

    member: Code
    submitted_on: _dt.date | None = None
    recommendation: Level | None = None
    text: OptText = None
    points: list[Text] = Field(default_factory=list)

    @field_validator("recommendation", mode="before")
    @classmethod
    def _lvl(cls, v: Any) -> Any:
        return _level(v)


class Ballot(Model):
    """One secret ballot (phiếu đánh giá): the level a member chose; no name is printed."""

    member: Code
    level: Level

    @field_validator("level", mode="before")
    @classmethod
    def _lvl(cls, v: Any) -> Any:
        return _level(v)


class TallyRules(Model):
    """Declared rules the law leaves open (see the module doc): quorum and ties."""

    quorum: str = Field(
        "2/3", description="Share of voting members that must be present; TT 47/2018 does not fix it (declared choice)."
    )
    tie_rule: Literal["chair", "more_severe"] = Field(
        "chair",
        description="When no level has a majority of the members present: 'chair' = no conclusion by "
        "count, the Chair's decision is recorded; 'more_severe' = most votes, ties to the "
        "more severe level. TT 47/2018 is silent (declared choice).",
    )

    @field_validator("quorum")
    @classmethod
    def _fraction(cls, v: str) -> str:
        try:
            f = _quorum(v)
        except (ValueError, ZeroDivisionError):
            raise ValueError(tr("council.quorum_fraction", v=v)) from None
        if not 0 < f <= 1:
            raise ValueError(tr("council.quorum_range", v=v))
        return str(v).strip()

    @property
    def quorum_fraction(self) -> Fraction:
        return _quorum(self.quorum)

    def describe(self) -> str:
        """The rules in Vietnamese, as printed in the report."""
        tie = (
            "không có kết luận theo số phiếu; ghi nhận quyết định của Chủ tịch Hội đồng"
            if self.tie_rule == "chair"
            else "lấy mức có nhiều phiếu nhất; nếu bằng nhau, lấy mức nghiêm hơn"
        )
        return (
            f"Số thành viên có mặt tối thiểu: {self.quorum.replace('.', ',')} số thành viên có quyền biểu quyết; "
            f"khi không mức nào được quá nửa số thành viên có mặt: {tie}. "
            "Thông tư 47/2018/TT-BCT không quy định hai nội dung này; đây là lựa chọn do Hội đồng công bố."
        )


class Tally(BaseModel):
    """The result of the vote (kết quả kiểm phiếu)."""

    model_config = ConfigDict(extra="forbid")

    members: int
    voting_members: int
    present: int
    quorum_needed: int
    quorum_ok: bool
    ballots: int
    abstained: list[str]
    counts: dict[int, int]
    majority_needed: int
    conclusion: Level | None
    decided_by: Literal["majority", "more_severe", "chair", "none", "no_quorum"]
    explanation: str
    rules: TallyRules

    @property
    def conclusion_label(self) -> str:
        return self.conclusion.label if self.conclusion else "Chưa có kết luận"

    def to_frame(self) -> pd.DataFrame:
        """Votes per level as a DataFrame."""
        import pandas as pd

        return pd.DataFrame([{"level": k, "label": LEVEL_LABELS[k], "votes": v} for k, v in self.counts.items()])


def _models(items: Iterable[Any], cls: type[Model]) -> list:
    return [i if isinstance(i, cls) else cls.model_validate(i) for i in items]


def tally(
    ballots: Iterable[Ballot | dict],
    members: Iterable[Member | dict],
    present: Iterable[str | Member],
    rules: TallyRules | dict | None = None,
    chair_decision: Level | int | None = None,
) -> Tally:
    """Count the ballots and conclude by TT 47/2018 Art. 9 and the declared :class:`TallyRules`.

    ``present`` lists the members present (ids or :class:`Member`); a ballot
    from a member not present, an unknown member, a non-voting member or a
    second ballot of the same member is an error (every problem reported).
    ``chair_decision`` is used only when the count gives no majority and the
    tie rule is ``"chair"``.

    >>> import dinhmuc as dm
    >>> members = [{"id": "CT", "name": "Chủ tịch (minh họa)", "role": "chair"},
    ...            {"id": "UV1", "name": "Ủy viên 1 (minh họa)"}, {"id": "UV2", "name": "Ủy viên 2 (minh họa)"}]
    >>> result = dm.tally([{"member": "CT", "level": 1}, {"member": "UV1", "level": 1}, {"member": "UV2", "level": 2}],
    ...                   members, present=["CT", "UV1", "UV2"])
    >>> result.conclusion, result.counts, result.majority_needed
    (<Level.PASS: 1>, {1: 2, 2: 1, 3: 0}, 2)
    """
    ballots = _models(ballots, Ballot)
    members = _models(members, Member)
    rules = rules if isinstance(rules, TallyRules) else TallyRules.model_validate(rules or {})
    by_id = {m.id: m for m in members}
    present_ids = [p.id if isinstance(p, Member) else str(p) for p in present]
    problems: list[Problem] = []
    for p in present_ids:
        if p not in by_id:
            problems.append(
                Problem(
                    tr("council.present_unknown", p=p),
                    Location(field="present"),
                    "unknown_member",
                    ", ".join(by_id),
                )
            )
    if len(set(present_ids)) != len(present_ids):
        problems.append(Problem(tr("council.present_twice"), Location(field="present"), "duplicate_code"))
    seen: set[str] = set()
    for b in ballots:
        if b.member not in by_id:
            problems.append(
                Problem(
                    tr("council.ballot_unknown", member=b.member),
                    Location(field="ballots"),
                    "unknown_member",
                    ", ".join(by_id),
                )
            )
        elif b.member not in present_ids:
            problems.append(
                Problem(
                    tr("council.ballot_absent", member=b.member),
                    Location(field="ballots"),
                    "absent_voter",
                    ", ".join(present_ids),
                )
            )
        elif not by_id[b.member].voting:
            problems.append(Problem(tr("council.no_vote", member=b.member), Location(field="ballots"), "not_voting"))
        if b.member in seen:
            problems.append(
                Problem(tr("council.two_ballots", member=b.member), Location(field="ballots"), "duplicate_ballot")
            )
        seen.add(b.member)
    if problems:
        raise InputError(problems, tr("council.tally"))

    voting = [m for m in members if m.voting]
    present_voting = [p for p in present_ids if by_id[p].voting]
    quorum_needed = math.ceil(rules.quorum_fraction * len(voting))
    quorum_ok = len(present_voting) >= quorum_needed and len(present_voting) > 0
    counts = {int(lv): 0 for lv in Level}
    for b in ballots:
        counts[int(b.level)] += 1
    voted = {b.member for b in ballots}
    abstained = [p for p in present_voting if p not in voted]
    majority_needed = len(present_voting) // 2 + 1
    n_present = len(present_voting)
    head = (
        f"Có mặt {n_present}/{len(voting)} thành viên có quyền biểu quyết (tối thiểu {quorum_needed} theo quy "
        f"tắc {rules.quorum} đã công bố); {len(ballots)} phiếu: Mức 1: {counts[1]}, Mức 2: {counts[2]}, "
        f"Mức 3: {counts[3]}" + (f"; {len(abstained)} thành viên có mặt không bỏ phiếu" if abstained else "") + "."
    )
    conclusion: Level | None = None
    if not quorum_ok:
        decided_by = "no_quorum"
        text = (
            f"{head} Không đủ số thành viên có mặt ({n_present} < {quorum_needed}): phiên họp không đủ điều kiện "
            "biểu quyết, không có kết luận."
        )
    else:
        winners = [lv for lv in Level if counts[int(lv)] >= majority_needed]
        if winners:
            conclusion = winners[0]
            decided_by = "majority"
            text = (
                f"{head} {conclusion.short} được {counts[int(conclusion)]}/{n_present} thành viên có mặt (quá "
                f"nửa, tối thiểu {majority_needed}) — Chủ tịch Hội đồng kết luận theo đa số (TT 47/2018/TT-BCT "
                f"Điều 9): {conclusion.label}."
            )
        elif rules.tie_rule == "more_severe" and any(counts.values()):
            top = max(counts.values())
            conclusion = max(lv for lv in Level if counts[int(lv)] == top)
            decided_by = "more_severe"
            text = (
                f"{head} Không mức nào được quá nửa số thành viên có mặt (cần {majority_needed}); theo quy tắc "
                f"đã công bố (mức nhiều phiếu nhất, bằng nhau thì lấy mức nghiêm hơn): {conclusion.label}."
            )
        elif rules.tie_rule == "chair" and chair_decision is not None:
            conclusion = Level(int(chair_decision))
            decided_by = "chair"
            text = (
                f"{head} Không mức nào được quá nửa số thành viên có mặt (cần {majority_needed}); theo quy tắc "
                f"đã công bố, ghi nhận quyết định của Chủ tịch Hội đồng: {conclusion.label}."
            )
        else:
            decided_by = "none"
            text = (
                f"{head} Không mức nào được quá nửa số thành viên có mặt (cần {majority_needed}): chưa có kết "
                "luận theo số phiếu; theo quy tắc đã công bố, Chủ tịch Hội đồng quyết định và ghi vào biên bản."
            )
    return Tally(
        members=len(members),
        voting_members=len(voting),
        present=n_present,
        quorum_needed=quorum_needed,
        quorum_ok=quorum_ok,
        ballots=len(ballots),
        abstained=abstained,
        counts=counts,
        majority_needed=majority_needed,
        conclusion=conclusion,
        decided_by=decided_by,
        explanation=text,
        rules=rules,
    )


class Council(Model):
    """The council's data: members, who attended, written reviews, ballots, declared rules."""

    name: Text = "Hội đồng thẩm định"
    established_by: OptText = None  # quyết định thành lập
    meeting_on: _dt.date | None = None
    meeting_time: OptText = None  # "08 giờ 00"; printed on the minutes
    place: OptText = None  # the meeting room, on the minutes' "Địa điểm" line (never the date line)
    recorder: Code | None = None  # who takes the minutes (người ghi biên bản); default the secretary
    members: list[Member]
    present: list[Code] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    ballots: list[Ballot] = Field(default_factory=list)
    rules: TallyRules = Field(default_factory=TallyRules)
    chair_decision: Level | None = None

    @field_validator("chair_decision", mode="before")
    @classmethod
    def _lvl(cls, v: Any) -> Any:
        return _level(v)

    def tally(self) -> Tally:
        return tally(self.ballots, self.members, self.present, self.rules, self.chair_decision)

    @property
    def chair(self) -> Member | None:
        return next((m for m in self.members if m.role == "chair"), None)

    @property
    def secretary(self) -> Member | None:
        return next((m for m in self.members if m.role == "secretary"), None)

    @property
    def minutes_taker(self) -> Member | None:
        """Who signs the minutes as secretary: the declared ``recorder``, else the secretary when present."""
        by_id = {m.id: m for m in self.members}
        if self.recorder is not None:
            return by_id.get(self.recorder)
        sec = self.secretary
        return sec if sec is not None and sec.id in self.present else None

    def missing_reviews(self) -> list[Member]:
        """Voting members present who handed in no written review (Art. 9 asks for one)."""
        written = {r.member for r in self.reviews}
        by_id = {m.id: m for m in self.members}
        return [by_id[p] for p in self.present if p in by_id and by_id[p].voting and p not in written]

    @classmethod
    def from_yaml(cls, path: str | Path) -> Council:
        """Load the council's data from a YAML file; every problem is reported at once with its line.

        Besides the shape of each entry (a ballot's ``level`` is 1, 2 or 3, a
        date is a date), the file is checked as a whole when it is read: each
        member present, each review and each ballot names a member of the
        list, and the ballots can be tallied (no absent or non-voting voter, no
        second ballot) — so ``dinhmuc build --check`` finds what the tally
        would refuse.
        """
        from ..core.yamlio import read_yaml_mapping
        from ..io.normio import load_yaml_model, yaml_locate

        council = load_yaml_model(path, cls)
        _, locator = read_yaml_mapping(path)
        locate = yaml_locate(path, locator)
        ids = [m.id for m in council.members]
        problems: list[Problem] = []
        seen: set[str] = set()
        for i, m in enumerate(council.members):
            if m.id in seen:
                problems.append(
                    Problem(
                        tr("council.member_repeated", id=m.id),
                        locate(("members", i, "id")),
                        "duplicate_code",
                        tr("council.member_once"),
                    )
                )
            seen.add(m.id)
        for i, r in enumerate(council.reviews):
            if r.member not in ids:
                problems.append(
                    Problem(
                        tr("council.review_unknown", member=r.member),
                        locate(("reviews", i, "member")),
                        "unknown_member",
                        ", ".join(ids),
                    )
                )
        try:
            council.tally()
        except InputError as exc:
            for p in exc.problems:
                key = p.location.field or "ballots"
                index = None
                for j, b in enumerate(council.ballots if key == "ballots" else []):
                    if f"'{b.member}'" in p.message:
                        index = j
                        break
                for j, q in enumerate(council.present if key == "present" else []):
                    if f"'{q}'" in p.message:
                        index = j
                        break
                loc = locate((key, index) if index is not None else (key,))
                problems.append(Problem(p.message, loc, p.code, p.accepted))
        if problems:
            raise InputError(problems, str(path))
        return council
