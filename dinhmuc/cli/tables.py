"""Command line of published norm tables: ``dinhmuc import`` and ``dinhmuc annex``.

``register(app, fail)`` adds both commands to the ``dinhmuc`` typer app; ``fail``
is the app's error printer (passed in, so this module never imports the app).
``registry_options`` reads ``--units``/``--grades`` once for every command that
validates norms against a province's own lists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Optional

import typer

from ..core.errors import DinhmucError
from ..core.registry import Registry

__all__ = ["register", "registry_of"]

UNITS_HELP = "A units list of your own (YAML like data/units.yaml): a province's units."
GRADES_HELP = "A grades list of your own (YAML like data/grades.yaml)."


def registry_of(units: Optional[Path], grades: Optional[Path]) -> Registry | None:
    """The registry of ``--units``/``--grades`` (bundled lists for the one not given); None when neither is."""
    if units is None and grades is None:
        return None
    return Registry.from_files(units, grades)


def register(app: typer.Typer, fail: Callable[[DinhmucError], None]) -> None:
    """Add ``import`` and ``annex`` to the ``dinhmuc`` command line."""

    @app.command("import")
    def import_command(
        path: Path = typer.Argument(..., help="A published norm document (.docx or .xlsx)."),
        out: Path = typer.Option(..., "--out", "-o", help="The norm set to write (.yaml or .xlsx)."),
        title: Optional[str] = typer.Option(None, "--title", help="Title of the norm set (default: the annex title)."),
        units: Optional[Path] = typer.Option(None, "--units", help=UNITS_HELP),
        grades: Optional[Path] = typer.Option(None, "--grades", help=GRADES_HELP),
    ) -> None:
        """Read the norm tables of a published document into a norm set (nhập bảng định mức)."""
        from ..core.registry import using_registry
        from ..io.normio import save_norm_set
        from ..tables import import_tables

        try:
            reg = registry_of(units, grades)
            with using_registry(reg):
                norm_set = import_tables(path, registry=reg, title=title)
                save_norm_set(norm_set, out)
        except DinhmucError as exc:
            fail(exc)
        cells = sum(max(1, len(n.variants)) * len(n.all_lines()) for n in norm_set)
        typer.echo(f"OK: {path} -> {out} — {len(norm_set)} norm table(s), {cells} value cell(s).")

    @app.command("annex")
    def annex_command(
        path: Path = typer.Argument(..., help="A norm set (.yaml or .xlsx)."),
        out: Path = typer.Option(..., "--out", "-o", help="The Word document to write (.docx)."),
        units: Optional[Path] = typer.Option(None, "--units", help=UNITS_HELP),
        grades: Optional[Path] = typer.Option(None, "--grades", help=GRADES_HELP),
    ) -> None:
        """Render the annex tables of a norm set in the published layout (phụ lục định mức)."""
        from ..core.registry import using_registry
        from ..dossier.norm_table import write_annex
        from ..io.normio import load_norm_set

        try:
            reg = registry_of(units, grades)
            with using_registry(reg):
                norm_set = load_norm_set(path, context={"registry": reg} if reg else None)
                write_annex(norm_set, out)
        except DinhmucError as exc:
            fail(exc)
        typer.echo(f"OK: {out} — {len(norm_set)} norm table(s).")
