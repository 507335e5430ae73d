"""The ``dinhmuc`` command line (dòng lệnh): every command lives in this package.

``main`` builds the Typer application; ``appraisal`` adds ``appraise`` and ``diff``.
"""

from __future__ import annotations

from .main import app, main

__all__ = ["app", "main"]
