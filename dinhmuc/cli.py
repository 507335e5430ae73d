"""The ``dinhmuc`` command line (dòng lệnh).

``dinhmuc --version``, ``dinhmuc catalog``, ``dinhmuc validate``; later steps of
the pipeline add their own commands here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import DinhmucError, InputError

app = typer.Typer(
    name="dinhmuc",
    help="Build, cost and document Vietnamese economic-technical norms (định mức kinh tế - kỹ thuật).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dinhmuc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """dinhmuc: evidence -> norms -> costs -> the appraisal dossier."""


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def fail(exc: DinhmucError, code: int = 1) -> None:
    """Print an error with every problem it carries and exit non-zero."""
    console = _console()
    if isinstance(exc, InputError):
        console.print(f"[bold red]{len(exc.problems)} problem(s)[/]" + (f" in {exc.source}" if exc.source else ""))
        for p in exc.problems:
            console.print("  ✗ " + str(p), markup=False)
    else:
        console.print(str(exc), markup=False)
    raise typer.Exit(code)


@app.command()
def catalog(
    fmt: str = typer.Option("table", "--format", "-f", help="table (for people) or json (for machines)."),
    path: Optional[Path] = typer.Option(None, "--catalog", "-c", help="A catalogue YAML of your own."),
) -> None:
    """List the services of the catalogue (danh mục dịch vụ)."""
    from .catalog import load_catalog

    try:
        cat = load_catalog(path)
    except DinhmucError as exc:
        fail(exc)
    if fmt == "json":
        typer.echo(json.dumps(cat.summary(), ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        typer.echo(f"unknown format '{fmt}'; accepted: table, json", err=True)
        raise typer.Exit(2)
    from rich.table import Table

    table = Table(title=cat.title + (" (bản tái dựng)" if cat.reconstruction else ""))
    table.add_column("Mã")
    table.add_column("Tên dịch vụ")
    table.add_column("Đơn vị tính")
    for s in cat.services:
        table.add_row(s.code, s.name, s.unit_text)
    _console().print(table)


@app.command()
def validate(
    path: Path = typer.Argument(..., help="A norm set (.yaml or .xlsx)."),
    catalog_path: Optional[Path] = typer.Option(None, "--catalog", "-c",
                                                help="Check against this catalogue (default: the bundled one)."),
    no_catalog: bool = typer.Option(False, "--no-catalog", help="Do not check against a catalogue."),
) -> None:
    """Check a norm set file and print every problem with its location."""
    from .catalog import load_catalog
    from .io.normio import load_norm_set

    try:
        cat = None if no_catalog else load_catalog(catalog_path)
        norm_set = load_norm_set(path, catalog=cat)
    except DinhmucError as exc:
        fail(exc)
    lines = sum(len(n.labour) + len(n.materials) + len(n.equipment) for n in norm_set.norms)
    typer.echo(f"OK: {path} — {len(norm_set.norms)} norm(s), {lines} line(s), no problems found.")

from .appraisal.cli_appraisal import register as _register_appraisal; _register_appraisal(app)


def main() -> None:
    """Entry point of the ``dinhmuc`` script."""
    try:
        app()
    except DinhmucError as exc:  # pragma: no cover - commands catch their own
        typer.echo(str(exc), err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
