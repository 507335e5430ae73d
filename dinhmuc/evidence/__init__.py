"""Evidence (số liệu) for building norms: schemas and readers.

See :mod:`dinhmuc.evidence.schemas` for the tables and their columns and
:mod:`dinhmuc.evidence.load` for the readers.
"""

from .load import (
    Evidence,
    read_expert_estimates,
    read_reference_norm,
    read_settlements,
    read_standards,
    read_time_studies,
)
from .schemas import DRIVER_COLUMNS, TABLES, EvidenceColumn, EvidenceTable

__all__ = [
    "DRIVER_COLUMNS",
    "TABLES",
    "Evidence",
    "EvidenceColumn",
    "EvidenceTable",
    "read_expert_estimates",
    "read_reference_norm",
    "read_settlements",
    "read_standards",
    "read_time_studies",
]
