"""Thẩm định — the appraisal assistant for the council (TT 47/2018/TT-BCT Art. 9-10).

Automated checks with a verdict and a reason per norm and per line
(:mod:`.checks`), comparisons with a reference norm, the evidence and actual
costs (:mod:`.compare`), line-by-line version differences (:mod:`.diff`), the
council's vote (:mod:`.council`) and the appraisal report (:mod:`.report`).
"""

from .assistant import AppraisalResult, appraise
from .checks import AppraisalOptions, Finding
from .council import Ballot, Council, Level, Member, Review, Tally, TallyRules, tally
from .diff import DiffRow, NormSetDiff, diff_norm_sets

__all__ = [
    "AppraisalOptions",
    "AppraisalResult",
    "Ballot",
    "Council",
    "DiffRow",
    "Finding",
    "Level",
    "Member",
    "NormSetDiff",
    "Review",
    "Tally",
    "TallyRules",
    "appraise",
    "diff_norm_sets",
    "tally",
]
