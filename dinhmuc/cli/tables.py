"""Command line of published norm tables: ``dinhmuc import`` and ``dinhmuc annex``.

``register(app, fail)`` adds both commands to the ``dinhmuc`` typer app; ``fail``
is the app's error printer (passed in, so this module never imports the app).
``registry_options`` reads ``--units``/``--grades`` once for every command that
validates norms against a province's own lists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from ..core.errors import DinhmucError
from ..core.i18n import tr
from ..core.registry import Registry

__all__ = ["grades_help", "register", "registry_of", "units_help"]


def units_help() -> str:
    """Help of ``--units``, in the language of the command line (read when a command is declared, after
    ``--lang`` is known: a text built when this module is imported would keep the language of the import)."""
    return tr("cli.units_help")


def grades_help() -> str:
    """Help of ``--grades`` (see :func:`units_help`)."""
    return tr("cli.grades_help")


def registry_of(units: Path | None, grades: Path | None, project=None) -> Registry | None:
    """The registry of ``--units``/``--grades``; None when neither is given (nor declared by ``project``).

    A list not given on the command line is the ``project``'s own (``inputs.units``/``inputs.grades``
    of project.yaml) when there is one, else the bundled one: a flag replaces the project's list of
    its kind and keeps the other, so one registry serves the whole command.
    """
    if project is not None:
        units = units if units is not None else project.path("units")
        grades = grades if grades is not None else project.path("grades")
    if units is None and grades is None:
        return None
    return Registry.from_files(units, grades)


def register(app: typer.Typer, fail: Callable[[DinhmucError], None]) -> None:
    """Add ``import`` and ``annex`` to the ``dinhmuc`` command line."""

    from .common import Command

    @app.command("import", cls=Command, help=tr("cli.import_help"))
    def import_command(
        path: Path = typer.Argument(..., help=tr("cli.import_path")),
        out: Path = typer.Option(..., "--out", "-o", help=tr("cli.import_out")),
        title: str | None = typer.Option(None, "--title", help=tr("cli.import_title")),
        units: Path | None = typer.Option(None, "--units", help=units_help()),
        grades: Path | None = typer.Option(None, "--grades", help=grades_help()),
    ) -> None:
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
        typer.echo(tr("cli.import_ok", path=path, out=out, n=len(norm_set), cells=cells))

    @app.command("annex", cls=Command, help=tr("cli.annex_help"))
    def annex_command(
        path: Path = typer.Argument(..., help=tr("cli.validate_path")),
        out: Path = typer.Option(..., "--out", "-o", help=tr("cli.annex_out")),
        units: Path | None = typer.Option(None, "--units", help=units_help()),
        grades: Path | None = typer.Option(None, "--grades", help=grades_help()),
    ) -> None:
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
        typer.echo(tr("cli.annex_ok", out=out, n=len(norm_set)))
