"""Published norm tables (bảng định mức đã công bố): import from Word/Excel; the annex renderer lives in
:mod:`dinhmuc.dossier.norm_table`."""

from .importer import import_tables

__all__ = ["import_tables"]
