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

from .. import __version__
from ..core.errors import DinhmucError, InputError
from .tables import GRADES_HELP, UNITS_HELP, registry_of
from .tables import register as _register_tables

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


#: Problems printed in full before the rest are summarised by kind.
MAX_SHOWN = 60


def fail(exc: DinhmucError, code: int = 1) -> None:
    """Print an error with every problem it carries and exit non-zero."""
    console = _console()
    if isinstance(exc, InputError):
        console.print(f"[bold red]{len(exc.problems)} problem(s)[/]" + (f" in {exc.source}" if exc.source else ""))
        shown = exc.problems[:MAX_SHOWN]
        for p in shown:
            console.print("  ✗ " + str(p), markup=False)
        if len(exc.problems) > len(shown):
            from collections import Counter

            rest = Counter(p.code for p in exc.problems[len(shown):])
            console.print(f"  … and {len(exc.problems) - len(shown)} more: "
                          + ", ".join(f"{n} {code}" for code, n in rest.most_common()), markup=False)
    else:
        console.print(str(exc), markup=False)
    raise typer.Exit(code)


@app.command()
def catalog(
    fmt: str = typer.Option("table", "--format", "-f", help="table (for people) or json (for machines)."),
    path: Optional[Path] = typer.Option(None, "--catalog", "-c", help="A catalogue YAML of your own."),
) -> None:
    """List the services of the catalogue (danh mục dịch vụ)."""
    from ..catalog import load_catalog

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
    units: Optional[Path] = typer.Option(None, "--units", help=UNITS_HELP),
    grades: Optional[Path] = typer.Option(None, "--grades", help=GRADES_HELP),
) -> None:
    """Check a norm set file and print every problem with its location."""
    from ..catalog import load_catalog
    from ..core.registry import using_registry
    from ..io.normio import load_norm_set

    try:
        reg = registry_of(units, grades)
        ctx = {"registry": reg} if reg else None
        with using_registry(reg):
            cat = None if no_catalog else load_catalog(catalog_path, context=ctx)
            norm_set = load_norm_set(path, catalog=cat, context=ctx)
    except DinhmucError as exc:
        fail(exc)
    lines = sum(len(n.all_lines()) for n in norm_set.norms)
    typer.echo(f"OK: {path} — {len(norm_set.norms)} norm(s), {lines} line(s), no problems found.")

@app.command()
def build(
    project: Optional[Path] = typer.Argument(None, help="A project file or folder (default: the bundled Quảng Ngãi "
                                                        "example)."),
    out: Path = typer.Option(Path("dossier"), "--out", "-o", help="The output folder (must not exist)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output folder."),
    pdf: bool = typer.Option(False, "--pdf", help="Also convert every document to PDF (needs LibreOffice)."),
    check: bool = typer.Option(False, "--check", help="Only read and check the inputs; write nothing."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="A folder of your own Word templates "
                                                                       "(same names as the bundled ones)."),
) -> None:
    """Build the norms, cost them and write the whole dossier (the main job)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ..pipeline import build_project, load_inputs
    from ..project import example_project_path, load_project

    console = _console()
    try:
        proj = load_project(project if project is not None else example_project_path())
        if check:
            load_inputs(proj)
            console.print(f"OK: {proj.title} — every input reads and checks without problems.", markup=False)
            return
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
            task = bar.add_task("dinhmuc build", total=None)
            result = build_project(proj, out, overwrite=overwrite, pdf=pdf, templates=templates,
                                   progress=lambda msg: bar.update(task, description=msg))
    except DinhmucError as exc:
        fail(exc)
    from ..core.vnformat import format_money

    table = Table(title=f"{proj.title} — đơn giá tại ngày {proj.as_of.strftime('%d/%m/%Y')}")
    for col, justify in (("Dịch vụ", "left"), ("Đơn vị tính", "left"), ("Đơn giá (đồng)", "right"),
                         ("Phương pháp", "left"), ("Cảnh báo", "right")):
        table.add_column(col, justify=justify)
    for row in result.summary_frame().itertuples():
        table.add_row(row.service, row.unit, format_money(row.unit_price) if row.unit_price is not None else "—",
                      row.method, str(row.warnings))
    console.print(table)
    # Hook (law helper): the unverified legal values this build used, and stale parameter files
    import datetime as _dt

    from ..law.report import unverified_lines
    from .params import stale_warnings

    unverified = unverified_lines(result.costs)
    if unverified:
        console.print(f"Tham số pháp lý CHƯA KIỂM CHỨNG đã dùng ({len(unverified)}; liệt kê trong báo cáo thuyết "
                      f"minh):", markup=False)
        for line in unverified:
            console.print(f"  - {line}", markup=False)
    for w in stale_warnings(proj.law.params_max_age_days, _dt.date.today()):
        console.print(f"Cảnh báo: {w}", markup=False)
    appraisal = result.appraisal
    if appraisal is not None:
        console.print("Thẩm định: " + appraisal.summary_text(), markup=False)
    console.print(f"Hồ sơ: {result.out} ({len(result.files)} tệp, {result.timings['total']:.1f} s); "
                  f"manifest: {result.out / 'manifest.json'}", markup=False)
    if any("PDF skipped" in w for w in result.warnings):
        console.print("LibreOffice not found: PDF skipped (everything else was written).", markup=False)


@app.command()
def init(
    folder: Path = typer.Argument(..., help="A new (or empty) folder for the project."),
    province: str = typer.Option("Quảng Ngãi", "--province", help="The province name."),
    catalog_path: Optional[Path] = typer.Option(None, "--catalog", "-c", help="A catalogue of your own."),
) -> None:
    """Create a new project: project.yaml with comments and input workbooks to fill."""
    from ..scaffold import init_project

    try:
        files = init_project(folder, catalog_path, province=province)
    except DinhmucError as exc:
        fail(exc)
    for f in files:
        typer.echo(f"  {f}")
    typer.echo(f"Fill the workbooks in {folder / 'inputs'}, then run: dinhmuc build {folder} --out {folder / 'ho_so'}")


from .appraisal import register as _register_appraisal; _register_appraisal(app)
_register_tables(app, fail)
from .params import register as _register_params; _register_params(app)  # law helper: dinhmuc params


def main() -> None:
    """Entry point of the ``dinhmuc`` script."""
    try:
        app()
    except DinhmucError as exc:  # pragma: no cover - commands catch their own
        typer.echo(str(exc), err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
