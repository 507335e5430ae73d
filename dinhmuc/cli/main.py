"""The ``dinhmuc`` command line (dòng lệnh).

``dinhmuc --version``, ``dinhmuc catalog``, ``dinhmuc validate``; later steps of
the pipeline add their own commands here.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .. import __version__
from ..core.errors import DinhmucError, InputError, Location, Problem
from .tables import GRADES_HELP, UNITS_HELP, registry_of
from .tables import register as _register_tables

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
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort,
                click.exceptions.ClickException):
            raise
        except DinhmucError as exc:
            if _debugging():
                raise
            fail(exc)
        except KeyboardInterrupt as exc:
            if _debugging():
                raise
            signum = getattr(exc, "signum", 2)
            _echo_err(f"Đã dừng theo yêu cầu (tín hiệu {signum}); không có hồ sơ dở dang nào được để lại.")
            raise typer.Exit(128 + signum) from None
        except OSError as exc:
            if _debugging():
                raise
            where = exc.filename if exc.filename is not None else ""
            _echo_err(f"Lỗi đọc/ghi tệp{': ' + str(where) if where else ''}: {exc.strerror or exc} "
                      f"(errno {exc.errno}). Kiểm tra quyền ghi, dung lượng trống và đường dẫn.")
            raise typer.Exit(1) from None
        except RecursionError:
            if _debugging():
                raise
            _echo_err("Dữ liệu đầu vào lồng nhau quá sâu, không xử lý được.")
            raise typer.Exit(1) from None
        except MemoryError:
            if _debugging():
                raise
            _echo_err("Không đủ bộ nhớ: một tệp đầu vào quá lớn.")
            raise typer.Exit(1) from None
        except Exception as exc:  # noqa: BLE001 - the CLI never ends in a traceback; --debug shows it
            if _debugging():
                raise
            _echo_err(f"Lỗi nội bộ của dinhmuc ({type(exc).__name__}: {str(exc)[:300]}). Đây là lỗi của chương "
                      "trình, không phải của số liệu: chạy lại với --debug để xem chi tiết và gửi kèm khi báo lỗi.")
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


app = GuardedTyper(
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
    debug: bool = typer.Option(False, "--debug", help="Show the Python traceback of an error (for bug reports)."),
) -> None:
    """dinhmuc: evidence -> norms -> costs -> the appraisal dossier."""
    if debug:
        _DEBUG["on"] = True


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, stderr=stderr)


def location_vi(loc: Location) -> str:
    """A problem's place in Vietnamese: ``tệp.xlsx, trang 'Hao phí', dòng 12, cột 'quantity' (Số lượng)``."""
    parts: list[str] = []
    if loc.file:
        parts.append(str(loc.file))
    if loc.sheet:
        parts.append(f"trang '{loc.sheet}'")
    if loc.row is not None:
        parts.append(f"dòng {loc.row}")
    if loc.field:
        name = f"mục '{loc.field}'"
        if loc.label and loc.label != loc.field:
            name += f" ({loc.label})"
        parts.append(name)
    return ", ".join(parts) if parts else "(đầu vào)"


def problem_vi(p: Problem) -> str:
    """One problem as the command line prints it: place, message, what is accepted."""
    text = f"{location_vi(p.location)}: {p.message}"
    if p.accepted:
        text += f" — chấp nhận: {p.accepted}"
    return text


#: Problems printed in full before the rest are summarised by kind.
MAX_SHOWN = 60


def fail(exc: DinhmucError, code: int = 1) -> None:
    """Print an error with every problem it carries and exit non-zero."""
    console = _console(stderr=True)
    if isinstance(exc, InputError):
        console.print(f"[bold red]{len(exc.problems)} lỗi[/]" + (f" trong {exc.source}" if exc.source else "")
                      + ":")
        shown = exc.problems[:MAX_SHOWN]
        for p in shown:
            console.print("  ✗ " + problem_vi(p), markup=False)
        if len(exc.problems) > len(shown):
            from collections import Counter

            rest = Counter(p.code for p in exc.problems[len(shown):])
            console.print(f"  … và {len(exc.problems) - len(shown)} lỗi nữa: "
                          + ", ".join(f"{n} {code}" for code, n in rest.most_common()), markup=False)
    else:
        console.print(f"Lỗi: {exc}", markup=False)
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
    check: bool = typer.Option(False, "--check", help="Read and check everything the build reads (inputs, council, "
                                                      "plan, history, templates, options, parameters) and render "
                                                      "the papers in a temporary folder; write nothing."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="A folder of your own Word templates "
                                                                       "(same names as the bundled ones)."),
    strict: bool = typer.Option(False, "--strict", help="Exit with code 1 when the dossier is not ready for the "
                                                        "council (an appraisal error left unexplained, or a fact "
                                                        "missing from the papers)."),
) -> None:
    """Build the norms, cost them and write the whole dossier (the main job)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ..pipeline import build_project, check_project
    from ..project import example_project_path, load_project

    console = _console()
    try:
        proj = load_project(project if project is not None else example_project_path())
        if check:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                          transient=True) as bar:
                task = bar.add_task("dinhmuc build --check", total=None)
                checked = check_project(proj, templates=templates,
                                        progress=lambda msg: bar.update(task, description=msg))
            console.print(f"OK: {proj.title} — mọi số liệu đầu vào, hội đồng, kế hoạch, chi phí thực tế, mẫu văn bản "
                          f"và tham số đều đọc và kiểm tra được; bản dựng thử {len(checked.norm_set.norms)} định mức "
                          "không gặp lỗi (không ghi tệp nào).", markup=False)
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
    _print_readiness(console, result)
    if strict and not result.ready:
        raise typer.Exit(code=1)


def _print_readiness(console, result) -> None:
    """Whether the dossier can go to the appraisal council, in plain words (papers helper)."""
    if result.missing:
        console.print(next(w for w in result.warnings if w.startswith("Hồ sơ còn thiếu")), markup=False)
    blocking = result.blocking
    if result.ready:
        errors = len(result.appraisal.errors) if result.appraisal is not None else 0
        done = (f"{errors} lỗi kiểm tra đều có giải trình (Mục VII Báo cáo thuyết minh)" if errors else
                "kiểm tra không còn lỗi")
        console.print(f"Sẵn sàng trình Hội đồng thẩm định: CÓ — {done}, văn bản đủ thông tin.", markup=False)
        return
    why = []
    if blocking:
        codes = sorted({f.norm for f in blocking if f.norm}) or ["chung"]
        why.append(f"{len(blocking)} lỗi kiểm tra chưa có giải trình ({', '.join(codes)}; ghi giải trình vào "
                   "dossier.explanations của project.yaml)")
    if result.missing:
        why.append(f"{len(result.missing)} thông tin còn thiếu trong văn bản")
    console.print("Sẵn sàng trình Hội đồng thẩm định: CHƯA — " + "; ".join(why) + ".", markup=False)


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
        _echo_err(f"Lỗi: {exc}" if isinstance(exc, DinhmucError) else
                  f"Lỗi nội bộ của dinhmuc ({type(exc).__name__}); chạy lại với --debug để xem chi tiết.")
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
