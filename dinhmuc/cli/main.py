"""The ``dinhmuc`` command line (dòng lệnh): the Typer application and its main commands.

``dinhmuc catalog``, ``validate``, ``build``, ``init`` live here; ``appraise``
and ``diff`` come from :mod:`dinhmuc.cli.appraisal`. Help, progress and summaries
are in Vietnamese by default and in English with ``--lang en`` (or
``DINHMUC_LANG=en``, or an English locale); every text is a key of the message
catalogue (:mod:`dinhmuc.core.i18n`).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Literal

import typer

from .._version import __version__
from ..core.errors import DinhmucError
from ..core.i18n import LANGUAGES, detect_language, set_language, tr
from .common import (
    Command,
    Group,
    bad_choice,
    console,
    fail,
    format_location,
    format_problem,
    localise_help_panels,
    spinner,
)
from .tables import grades_help, registry_of, units_help
from .tables import register as _register_tables

# The language is fixed before the help texts below are built: `--lang` is read from the command line here,
# and the root option below sets it again for the messages printed while a command runs.
set_language(detect_language(sys.argv[1:]))
localise_help_panels()

#: ``--debug`` (or DINHMUC_DEBUG=1): show the Python traceback of an error instead of the plain message.
_DEBUG = {"on": bool(os.environ.get("DINHMUC_DEBUG"))}


def _debugging() -> bool:
    return _DEBUG["on"]


def _echo_err(text: str) -> None:
    _console(stderr=True).print(text, markup=False)


def guarded(fn):
    """Run a command so that no error ends in a traceback: the shared wrapper of every ``dinhmuc`` command.

    Bad input (:class:`~dinhmuc.core.errors.DinhmucError`) prints every
    problem with its place and exits 1; a file-system error (read-only or full
    disk, missing folder) names the file and exits 1; Ctrl-C exits 130; any
    other error is a bug of dinhmuc: one line saying so, exit 1. Usage errors
    stay Typer's (exit 2). With ``--debug`` the traceback is shown.
    """
    import click

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (
            typer.Exit,
            typer.Abort,
            click.exceptions.Exit,
            click.exceptions.Abort,
            click.exceptions.ClickException,
        ):
            raise
        except DinhmucError as exc:
            if _debugging():
                raise
            fail(exc)
        except KeyboardInterrupt as exc:
            if _debugging():
                raise
            signum = getattr(exc, "signum", 2)
            _echo_err(tr("cli.stopped", signum=signum))
            raise typer.Exit(128 + signum) from None
        except OSError as exc:
            if _debugging():
                raise
            where = exc.filename if exc.filename is not None else ""
            _echo_err(
                tr(
                    "cli.os_error",
                    where=": " + str(where) if where else "",
                    reason=exc.strerror or exc,
                    errno=exc.errno,
                )
            )
            raise typer.Exit(1) from None
        except RecursionError:
            if _debugging():
                raise
            _echo_err(tr("cli.too_deep"))
            raise typer.Exit(1) from None
        except MemoryError:
            if _debugging():
                raise
            _echo_err(tr("cli.no_memory"))
            raise typer.Exit(1) from None
        except Exception as exc:  # noqa: BLE001 - the CLI never ends in a traceback; --debug shows it
            if _debugging():
                raise
            _echo_err(tr("cli.internal", kind=type(exc).__name__, text=str(exc)[:300]))
            raise typer.Exit(1) from None

    return wrapper


class GuardedTyper(typer.Typer):
    """A Typer app whose every command runs inside :func:`guarded` (commands other modules add included)."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(fn):
            register(guarded(fn))
            return fn

        return decorator


#: The place and the text of a problem as printed (robust's names; one implementation in cli.common)
location_vi = format_location
problem_vi = format_problem


def _console(stderr: bool = False):
    return console(stderr=stderr)


app = GuardedTyper(
    name="dinhmuc",
    cls=Group,
    help=tr("cli.app_help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dinhmuc {__version__}")
        raise typer.Exit()


def _lang(value: str | None) -> str | None:
    if value is not None:
        if value.strip().lower() not in LANGUAGES:
            bad_choice(value, "--lang", ", ".join(LANGUAGES))
        set_language(value)
        localise_help_panels()
    return value


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=tr("cli.version_help")),
    lang: str | None = typer.Option(
        None, "--lang", callback=_lang, is_eager=True, metavar="vi|en", help=tr("cli.lang_help")
    ),
    debug: bool = typer.Option(False, "--debug", help=tr("cli.debug_help")),
) -> None:
    """dinhmuc: evidence -> norms -> costs -> the appraisal dossier."""
    if debug:
        _DEBUG["on"] = True


@app.command(cls=Command, help=tr("cli.catalog_help"))
def catalog(
    fmt: str = typer.Option("table", "--format", "-f", help=tr("cli.catalog_format")),
    path: Path | None = typer.Option(None, "--catalog", "-c", help=tr("cli.catalog_path")),
) -> None:
    from ..catalog import load_catalog

    if fmt not in ("table", "json"):
        bad_choice(fmt, "--format", "table, json")
    try:
        cat = load_catalog(path)
    except DinhmucError as exc:
        fail(exc)
    if fmt == "json":
        typer.echo(json.dumps(cat.summary(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=cat.title + (tr("cli.catalog_reconstruction") if cat.reconstruction else ""))
    table.add_column(tr("cli.col_code"))
    table.add_column(tr("cli.col_service"))
    table.add_column(tr("cli.col_unit"))
    for s in cat.services:
        table.add_row(s.code, s.name, s.unit_text)
    console().print(table)


@app.command(cls=Command, help=tr("cli.validate_help"))
def validate(
    path: Path = typer.Argument(..., help=tr("cli.validate_path")),
    catalog_path: Path | None = typer.Option(None, "--catalog", "-c", help=tr("cli.validate_catalog")),
    no_catalog: bool = typer.Option(False, "--no-catalog", help=tr("cli.validate_no_catalog")),
    units: Path | None = typer.Option(None, "--units", help=units_help()),
    grades: Path | None = typer.Option(None, "--grades", help=grades_help()),
) -> None:
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
    typer.echo(tr("cli.validate_ok", path=path, norms=len(norm_set.norms), lines=lines))


@app.command(cls=Command, help=tr("cli.build_help"))
def build(
    project: Path | None = typer.Argument(None, help=tr("cli.build_project")),
    out: Path = typer.Option(Path("dossier"), "--out", "-o", help=tr("cli.build_out")),
    overwrite: bool = typer.Option(False, "--overwrite", help=tr("cli.build_overwrite")),
    pdf: bool = typer.Option(False, "--pdf", help=tr("cli.build_pdf")),
    check: bool = typer.Option(False, "--check", help=tr("cli.build_check")),
    templates: Path | None = typer.Option(None, "--templates", help=tr("cli.build_templates")),
    strict: bool = typer.Option(False, "--strict", help=tr("cli.build_strict")),
    tornado: bool = typer.Option(False, "--tornado", help=tr("cli.build_tornado")),
    units: Path | None = typer.Option(None, "--units", help=units_help()),
    grades: Path | None = typer.Option(None, "--grades", help=grades_help()),
) -> None:
    from rich.table import Table

    from ..pipeline import build_project, check_project
    from ..project import example_project_path, load_project

    out_console = console()
    try:
        proj = load_project(project if project is not None else example_project_path())
        # --units/--grades replace the project's inputs.units/grades; the one not given stays the project's
        reg = registry_of(units, grades, proj)
        if check:
            bar, say = spinner(out_console, "dinhmuc build --check")
            with bar:
                checked = check_project(proj, templates=templates, progress=say, registry=reg)
            for notice in checked.inputs.notices if checked.inputs is not None else []:
                out_console.print("  ! " + notice, markup=False)
            out_console.print(tr("cli.check_ok", title=proj.title, n=len(checked.norm_set.norms)), markup=False)
            return
        bar, say = spinner(out_console, "dinhmuc build")
        with bar:
            result = build_project(
                proj,
                out,
                overwrite=overwrite,
                pdf=pdf,
                templates=templates,
                progress=say,
                tornado=tornado,
                registry=reg,
            )
    except DinhmucError as exc:
        fail(exc)
    from ..core.vnformat import format_money

    table = Table(title=tr("cli.build_table_title", title=proj.title, date=proj.as_of.strftime("%d/%m/%Y")))
    columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
        ("cli.col_service", "left"),
        ("cli.col_unit", "left"),
        ("cli.col_unit_price", "right"),
        ("cli.col_method", "left"),
        ("cli.col_warnings", "right"),
    )
    for key, justify in columns:
        table.add_column(tr(key), justify=justify)
    for row in result.summary_frame().itertuples():
        table.add_row(
            row.service,
            row.unit,
            format_money(row.unit_price) if row.unit_price is not None else "—",
            row.method,
            str(row.warnings),
        )
    out_console.print(table)
    for notice in result.inputs.notices if result.inputs is not None else []:
        out_console.print("  ! " + notice, markup=False)
    # Hook (law helper): the unverified legal values this build used, and stale parameter files
    import datetime as _dt

    from ..law.report import unverified_lines
    from .params import stale_warnings

    unverified = unverified_lines(getattr(result, "costs", None))
    if unverified:
        out_console.print(tr("cli.build_unverified", n=len(unverified)), markup=False)
        for line in unverified:
            out_console.print(f"  - {line}", markup=False)
    for w in stale_warnings(proj.law.params_max_age_days, _dt.date.today()):
        out_console.print(tr("cli.warning", text=w), markup=False)
    if result.appraisal is not None:
        out_console.print(tr("cli.build_appraisal", summary=result.appraisal.summary_text()), markup=False)
    seconds = f"{result.timings['total']:.1f}"
    written = result.out or out
    out_console.print(
        tr("cli.build_done", out=written, n=len(result.files), seconds=seconds, manifest=written / "manifest.json"),
        markup=False,
    )
    if tr("writer.no_libreoffice") in result.warnings:
        out_console.print(tr("cli.build_no_pdf"), markup=False)
    _print_readiness(out_console, result)
    if strict and not result.ready:
        raise typer.Exit(code=1)


def _print_readiness(console, result) -> None:
    """Whether the dossier can go to the appraisal council, in plain words (papers helper)."""
    if result.missing:
        head = tr("writer.missing_head", n=len(result.missing))
        console.print(next((w for w in result.warnings if w.startswith(head)), head), markup=False)
    blocking = result.blocking
    if result.ready:
        errors = len(result.appraisal.errors) if result.appraisal is not None else 0
        done = tr("cli.ready_explained", n=errors) if errors else tr("cli.ready_no_errors")
        console.print(tr("cli.ready_yes", done=done), markup=False)
        return
    why = []
    if blocking:
        codes = sorted({f.norm for f in blocking if f.norm}) or [tr("cli.ready_general")]
        why.append(tr("cli.ready_unexplained", n=len(blocking), codes=", ".join(codes)))
    if result.missing:
        why.append(tr("cli.ready_missing", n=len(result.missing)))
    console.print(tr("cli.ready_no", why="; ".join(why)), markup=False)


def _ask(value: str | None, question: str, default: str | None = None) -> str | None:
    """A value from its option, or asked when a person is at the keyboard."""
    if value is not None or not sys.stdin.isatty():
        return value
    return typer.prompt(question, default=default) if default is not None else typer.prompt(question)


@app.command(cls=Command, help=tr("cli.init_help"))
def init(
    folder: Path = typer.Argument(..., help=tr("cli.init_folder")),
    province: str | None = typer.Option(None, "--province", help=tr("cli.init_province")),
    services: str | None = typer.Option(None, "--services", "-s", help=tr("cli.init_services")),
    method: str | None = typer.Option(None, "--method", "-m", help=tr("cli.init_method")),
    catalog_path: Path | None = typer.Option(None, "--catalog", "-c", help=tr("cli.init_catalog")),
) -> None:
    from ..catalog import load_catalog
    from ..scaffold import build_commands, init_project

    try:
        cat = load_catalog(catalog_path)
        province = _ask(province, tr("cli.init_ask_province"))
        if province is None:
            from ..core.errors import InputError, Location, Problem

            raise InputError(
                Problem(tr("init.no_province"), Location(field="--province"), "missing", '--province "Quảng Ngãi"')
            )
        if services is None and sys.stdin.isatty():
            for s in cat.services:
                typer.echo(f"  {s.code}  {s.name}")
        services = _ask(services, tr("cli.init_ask_services"), default=",".join(cat.codes))
        method = _ask(method, tr("cli.init_ask_method"), default="statistical")
        codes = [c.strip() for c in services.split(",") if c.strip()] if services else None
        methods = _parse_methods(method)
        files = init_project(folder, cat, province=province, services=codes, methods=methods)
    except DinhmucError as exc:
        fail(exc)
    for f in files:
        typer.echo(f"  {f}")
    commands = build_commands(folder)
    typer.echo(tr("cli.init_next", inputs=folder / "inputs", project=folder / "project.yaml"))
    typer.echo(f"  {commands['check']}")
    typer.echo(f"  {commands['build']}")


def _parse_methods(text: str | None):
    """``statistical`` (every service) or ``KC01=standard,KC02=expert`` (the rest statistical)."""
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1 and "=" not in parts[0]:
        return parts[0]
    out = {}
    for p in parts:
        code, _, m = p.partition("=")
        out[code.strip().upper()] = m.strip() or "statistical"
    return out


from .appraisal import register as _register_appraisal  # noqa: E402 - the commands above come first in help

_register_appraisal(app)
_register_tables(app, fail)
from .params import register as _register_params  # noqa: E402 - law helper: dinhmuc params

_register_params(app)


def main() -> None:
    """Entry point of the ``dinhmuc`` script: every error ends in a message and an exit code, never a traceback."""
    if "--debug" in sys.argv[1:]:  # accepted anywhere: `dinhmuc build x --debug` as well as `dinhmuc --debug build x`
        sys.argv.remove("--debug")
        _DEBUG["on"] = True
    try:
        app()
    except SystemExit:
        raise
    except BaseException as exc:  # pragma: no cover - the commands' wrapper catches nearly everything
        if _debugging():
            raise
        _echo_err(
            tr("cli.error", text=exc)
            if isinstance(exc, DinhmucError)
            else tr("cli.internal_short", kind=type(exc).__name__)
        )
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
