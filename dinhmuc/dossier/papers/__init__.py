"""Văn bản của hồ sơ — one module per paper, each building its template context.

Each function returns a :class:`DocSpec`: the template name, the output file
name, the context (plain strings, lists and dicts — everything already
formatted the Vietnamese way by :mod:`dinhmuc.core.vnformat`) and the
builders of its subdocs (tables whose shape depends on the data).
:func:`dinhmuc.dossier.write_dossier` renders them. Sentences a clerk would
edit live in the Word templates (``templates/``, made by
``scripts/make_templates.py``); the modules here assemble values and tables.

=================  ==============================================  ===========
module             paper                                           file
=================  ==============================================  ===========
``decision``       Quyết định ban hành                             01
``annexes``        Định mức kèm theo (quy định chung, phụ lục)     02
``report``         Báo cáo thuyết minh                             03
``submission``     Tờ trình đề nghị thẩm định                      04
``forms``          Phiếu khảo sát, phiếu xin ý kiến chuyên gia     05, 06
``comments``       Bảng tiếp thu, giải trình                       07
``council``        Phiếu nhận xét, phiếu bầu, biên bản họp         08-10
``common``         shared: DocSpec, header, blanks, labels, costs
=================  ==============================================  ===========
"""

from __future__ import annotations

from .annexes import norm_annexes
from .comments import comment_table
from .common import DocSpec, bind_costs, cost_summary
from .council import council_papers
from .decision import draft_decision
from .forms import expert_forms, survey_forms
from .report import explanatory_report
from .submission import submission

__all__ = [
    "DocSpec",
    "bind_costs",
    "comment_table",
    "cost_summary",
    "council_papers",
    "draft_decision",
    "explanatory_report",
    "expert_forms",
    "norm_annexes",
    "submission",
    "survey_forms",
]
