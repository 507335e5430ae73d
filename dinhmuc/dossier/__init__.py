"""Hồ sơ ban hành — drafting the administrative dossier (.docx, .xlsx) for a set of norms.

``write_dossier(norm_set, out_dir, ...)`` writes the draft decision and its norm
annexes, the explanatory report, the submission, survey and expert forms, the
comment-response table, the council's papers, the auditable workbook and a
manifest; see docs/dossier.md.
"""

from .info import CouncilMember, DossierInfo
from .writer import DossierResult, write_dossier

__all__ = ["CouncilMember", "DossierInfo", "DossierResult", "write_dossier"]
