"""The council's tally (TT 47/2018/TT-BCT Art. 9): majority of members present, quorum, ties, absences."""

from __future__ import annotations

import pytest
from appraisal_helpers import CASES

import dinhmuc as dm
from dinhmuc.appraisal import Council, Level, TallyRules
from dinhmuc.core.errors import InputError

MEMBERS = [{"id": f"M{i}", "name": f"Thành viên {i}"} for i in range(1, 8)]  # 7 voting members
SEVEN = [m["id"] for m in MEMBERS]


def votes(*levels, who=None):
    who = who or SEVEN
    return [{"member": m, "level": lv} for m, lv in zip(who, levels, strict=False)]  # fewer votes: the rest abstain


def test_clear_majority_concludes_at_that_level():
    t = dm.tally(votes(1, 1, 1, 1, 2, 2, 3), MEMBERS, SEVEN)
    assert t.quorum_ok and t.conclusion == Level.PASS and t.decided_by == "majority"
    assert t.counts == {1: 4, 2: 2, 3: 1} and t.majority_needed == 4
    assert "Mức 1 được 4/7 thành viên có mặt" in t.explanation


def test_majority_is_of_members_present_not_of_ballots():
    # 6 present, 5 vote: 3 votes for Mức 1 is half of those present, not more than half
    present = SEVEN[:6]
    t = dm.tally(votes(1, 1, 1, 2, 2, who=present), MEMBERS, present)
    assert t.abstained == ["M6"] and t.majority_needed == 4
    assert t.conclusion is None and t.decided_by == "none"
    assert "không bỏ phiếu" in t.explanation


def test_absent_members_do_not_count_towards_the_majority():
    present = SEVEN[:5]  # 5 of 7 >= ceil(2/3 x 7) = 5
    t = dm.tally(votes(2, 2, 2, 1, 3, who=present), MEMBERS, present)
    assert t.quorum_needed == 5 and t.quorum_ok
    assert t.conclusion == Level.REVISE and t.majority_needed == 3


def test_attendance_below_quorum_gives_no_conclusion():
    present = SEVEN[:4]  # 4 < 5
    t = dm.tally(votes(1, 1, 1, 1, who=present), MEMBERS, present)
    assert not t.quorum_ok and t.conclusion is None and t.decided_by == "no_quorum"
    assert "Không đủ số thành viên có mặt (4 < 5)" in t.explanation


def test_quorum_is_a_declared_parameter():
    present = SEVEN[:4]
    t = dm.tally(votes(1, 1, 1, 1, who=present), MEMBERS, present, rules={"quorum": "1/2"})
    assert t.quorum_needed == 4 and t.quorum_ok and t.conclusion == Level.PASS
    assert "Thông tư 47/2018/TT-BCT không quy định" in t.rules.describe()


def test_tie_default_rule_records_no_conclusion_then_the_chairs_decision():
    present = SEVEN[:6]
    tie = votes(1, 1, 1, 2, 2, 2, who=present)
    t = dm.tally(tie, MEMBERS, present)
    assert t.conclusion is None and t.decided_by == "none" and t.rules.tie_rule == "chair"
    assert "Chủ tịch Hội đồng quyết định" in t.explanation
    t = dm.tally(tie, MEMBERS, present, chair_decision=2)
    assert t.conclusion == Level.REVISE and t.decided_by == "chair"
    assert "quyết định của Chủ tịch Hội đồng" in t.explanation


def test_tie_more_severe_rule():
    present = SEVEN[:6]
    t = dm.tally(votes(1, 1, 1, 2, 2, 2, who=present), MEMBERS, present, rules={"tie_rule": "more_severe"})
    assert t.conclusion == Level.REVISE and t.decided_by == "more_severe"
    t = dm.tally(votes(1, 1, 2, 2, 3, 3, who=present), MEMBERS, present, rules={"tie_rule": "more_severe"})
    assert t.conclusion == Level.FAIL


def test_three_way_split_without_majority():
    present = SEVEN[:6]
    t = dm.tally(votes(1, 1, 2, 2, 3, 3, who=present), MEMBERS, present)
    assert t.conclusion is None and t.counts == {1: 2, 2: 2, 3: 2}


def test_chair_decision_ignored_when_a_majority_exists():
    t = dm.tally(votes(3, 3, 3, 3, 1, 1, 1), MEMBERS, SEVEN, chair_decision=1)
    assert t.conclusion == Level.FAIL and t.decided_by == "majority"


def test_non_voting_member_is_outside_quorum_and_majority():
    members = MEMBERS + [{"id": "TK", "name": "Thư ký", "role": "secretary", "voting": False}]
    t = dm.tally(votes(2, 2, 2, 2, 2), members, SEVEN[:5] + ["TK"])
    assert t.voting_members == 7 and t.present == 5 and t.conclusion == Level.REVISE
    with pytest.raises(InputError) as err:
        dm.tally(votes(2, who=["TK"]), members, SEVEN[:5] + ["TK"])
    assert "not_voting" in err.value.codes


def test_invalid_ballots_are_all_reported():
    with pytest.raises(InputError) as err:
        dm.tally(
            [
                {"member": "M7", "level": 1},
                {"member": "X", "level": 1},
                {"member": "M1", "level": 1},
                {"member": "M1", "level": 2},
            ],
            MEMBERS,
            SEVEN[:5],
        )
    assert err.value.codes == {"absent_voter", "unknown_member", "duplicate_ballot"}


def test_level_accepts_the_words_of_a_ballot():
    t = dm.tally([{"member": "M1", "level": "Mức 3"}], MEMBERS[:1], ["M1"])
    assert t.conclusion == Level.FAIL


def test_rules_reject_bad_quorum_and_unknown_keys():
    for bad in ("0", "3/2", "two thirds"):
        with pytest.raises(ValueError):
            TallyRules(quorum=bad)
    with pytest.raises(ValueError):
        TallyRules(tie="chair")


def test_council_file_tally_and_missing_reviews():
    c = Council.from_yaml(CASES / "council.yaml")
    t = c.tally()
    assert t.present == 6 and t.conclusion == Level.REVISE and t.counts == {1: 1, 2: 5, 3: 0}
    assert [m.id for m in c.missing_reviews()] == ["CT"]
    assert c.chair.name == "Lê Văn C"
