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
``outline``        Đề cương tổng quát, chi tiết, kế hoạch thực hiện 12
``quality``        Tiêu chí chất lượng, quy trình, giám sát        13
``workshop``       Biên bản hội thảo                               14
``appraisal_plan`` Kế hoạch thẩm định                              15
``council_decision`` Quyết định thành lập Hội đồng thẩm định       16
``council_report`` Báo cáo kết quả thẩm định                       17
``justice_request`` Đề nghị Sở Tư pháp thẩm định (route QPPL)      18
``public_comments`` Tổng hợp ý kiến góp ý (route QPPL)             19
``route``          layout rules of the two routes of the decision
``route_decision`` the decision laid out for its route (01)
``tt47``           every TT 47 Art. 9 paper, made or out of scope
``gaps``           marked blanks of the TT 47 papers (missing facts)
=================  ==============================================  ===========

The TT 47 Art. 9 papers (12-19) and the route's decision template are made by
``scripts/make_templates_tt47.py``.
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
