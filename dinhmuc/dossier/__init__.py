"""Hồ sơ ban hành — drafting the administrative dossier (.docx, .xlsx) for a set of norms.

``write_dossier(norm_set, out_dir, ...)`` writes the draft decision and its norm
annexes, the explanatory report, the submission, survey and expert forms, the
comment-response table, the council's papers, the auditable workbook and a
manifest; see docs/dossier.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DossierInfo", "DossierResult", "write_dossier"]

# The document libraries (python-docx, docxtpl, matplotlib) load only when a
# document is written, so `import dinhmuc` stays quick in a notebook.
_LAZY = {"DossierInfo": ".info", "DossierResult": ".writer", "write_dossier": ".writer"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
