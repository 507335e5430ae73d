"""Văn bản của hồ sơ — one module per paper of the dossier.

The TT 47/2018/TT-BCT Art. 9 papers and the two routes of the decision:
:mod:`.route` (the layout rules of a legal normative decision under NĐ 78/2025/NĐ-CP
and of an administrative decision under NĐ 30/2020/NĐ-CP), :mod:`.tt47` (which
paper Art. 9 asks for, made or declared out of scope), and one module per paper:
:mod:`.outline`, :mod:`.quality`, :mod:`.workshop`, :mod:`.appraisal_plan`,
:mod:`.council_decision`, :mod:`.council_report`, :mod:`.justice_request`,
:mod:`.public_comments`, :mod:`.normative_decision`.
"""
