"""The law in force on a date (pháp luật áp dụng theo ngày): legal bases of a decision as dated records.

Legal parameters (rates, coefficients) are in :mod:`dinhmuc.params`; the grading
scheme in force on a date is in :mod:`dinhmuc.core.registry`.
"""

from .bases import BasesOverrides, LegalBasis, bases_for, basis_lines, competence_clause, load_legal_library

__all__ = ["BasesOverrides", "LegalBasis", "basis_lines", "bases_for", "competence_clause", "load_legal_library"]
