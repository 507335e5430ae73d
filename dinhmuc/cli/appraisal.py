"""Command line of the appraisal assistant: ``dinhmuc appraise`` and ``dinhmuc diff``.

``register(app)`` adds both commands to the ``dinhmuc`` typer app.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import typer

from ..core.errors import DinhmucError, InputError, Location, Problem
from ..core.i18n import tr
from .common import Command, bad_choice
from .common import console as _console
from .common import fail as _fail
from .common import json_default as _json_default

__all__ = ["register"]


def _load_set(path: Path, catalog=None):
    """A norm set file (.yaml, .xlsx). Project files will be accepted when ``dinhmuc build`` provides the set."""
    from ..io.normio import load_norm_set

    return load_norm_set(path, catalog=catalog)


def _is_project(path: Path) -> bool:
    """A project folder, or a YAML file with a ``services`` key (a norm set has ``norms``)."""
    if path.is_dir():
        return (path / "project.yaml").exists()
    if path.suffix.lower() in (".yaml", ".yml") and path.exists():
        from ..core.yamlio import read_yaml

        data, _ = read_yaml(path)
        return isinstance(data, dict) and "services" in data and "norms" not in data
    return False


_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "green"}


def appraise_command(
    path: Path = typer.Argument(..., help=tr("cli.appraise_path")),
    out: Path | None = typer.Option(None, "--out", "-o", help=tr("cli.appraise_out")),
    catalog_path: Path | None = typer.Option(None, "--catalog", "-c", help=tr("cli.validate_catalog")),
    no_catalog: bool = typer.Option(False, "--no-catalog", help=tr("cli.appraise_no_catalog")),
    reference: Path | None = typer.Option(None, "--reference", "-r", help=tr("cli.appraise_reference")),
    previous: Path | None = typer.Option(None, "--previous", "-p", help=tr("cli.appraise_previous")),
    council: Path | None = typer.Option(None, "--council", help=tr("cli.appraise_council")),
    params: Path | None = typer.Option(None, "--params", help=tr("cli.appraise_params")),
    on: str | None = typer.Option(None, "--on", help=tr("cli.appraise_on")),
    threshold: float | None = typer.Option(None, "--threshold", help=tr("cli.appraise_threshold")),
    fmt: str = typer.Option("table", "--format", "-f", help=tr("cli.appraise_format")),
    show_all: bool = typer.Option(False, "--all", help=tr("cli.appraise_all")),
    no_draft_mark: bool = typer.Option(False, "--no-draft-mark", help=tr("cli.appraise_no_draft_mark")),
) -> None:
    from ..appraisal.assistant import appraise
    from ..appraisal.council import Council
    from ..catalog import load_catalog
    from ..params import load_parameters

    if fmt not in ("table", "csv", "json"):
        bad_choice(fmt, "--format", "table, csv, json")
    try:
        options = _appraisal_options(on, threshold)
        prm = load_parameters(params) if params else None
        prev = _load_set(previous) if previous else None
        if _is_project(path):
            # A project: build its norms and costs as `dinhmuc build` does, then appraise them with the
            # project's own reference norm, actual costs and council (options given here take precedence).
            from ..pipeline import build_project

            # one set of legal parameters for the build and the appraisal: --params, else the project's own
            built = build_project(path, parameters=prm)
            prm = built.project.parameters
            assert built.inputs is not None  # build_project always records what it read
            options.setdefault("on", built.project.as_of)  # the date the norms were built and priced
            result = appraise(
                built.norm_set,
                catalog=None if no_catalog else (load_catalog(catalog_path) if catalog_path else built.inputs.catalog),
                reference=_load_set(reference) if reference else built.inputs.reference,
                costs=list(built.costs.values()),
                history=built.history,
                params=prm,
                options=options,
                council=Council.from_yaml(council) if council else built.inputs.council,
                previous=prev,
            )
            draft = built.project.illustrative and not no_draft_mark
        else:
            cat = None if no_catalog else load_catalog(catalog_path)
            norm_set = _load_set(path)
            ref = _load_set(reference) if reference else None
            cncl = Council.from_yaml(council) if council else None
            result = appraise(
                norm_set, catalog=cat, reference=ref, params=prm, options=options, council=cncl, previous=prev
            )
            draft = not no_draft_mark
        if out is not None:
            result.write_report(out, draft_mark=draft)
    except DinhmucError as exc:
        _fail(exc)
        return
    except ValueError as exc:  # pydantic validation of options or council data
        _console().print(str(exc), markup=False)
        raise typer.Exit(1) from None

    findings = result.findings if show_all else result.flagged()
    if fmt == "json":
        typer.echo(
            json.dumps(
                {
                    "ok": result.ok,
                    "errors": len(result.errors),
                    "warnings": len(result.warnings),
                    "on": result.on.isoformat(),
                    "summary": result.summary_frame().to_dict(orient="records"),
                    "findings": [f.to_dict() for f in findings],
                },
                ensure_ascii=False,
                indent=2,
                default=_json_default,
            )
        )
    elif fmt == "csv":
        df = result.to_frame()
        if not show_all:
            df = df[df["verdict"] != "đạt"]
        typer.echo(df.to_csv(index=False), nl=False)
    else:
        _print_appraisal(result, findings, show_all, out)
    raise typer.Exit(0 if result.ok else 1)


def _appraisal_options(on: str | None, threshold: float | None) -> dict:
    """The appraisal date (15/08/2026 or 2026-08-15) and thresholds given on the command line."""
    options: dict = {}
    if on:
        from ..core.dates import accepted, parse_date

        try:
            options["on"] = parse_date(on)
        except ValueError as exc:
            raise InputError(Problem(str(exc), Location(field="--on"), "invalid_date", accepted())) from None
    if threshold is not None:
        options["reference_threshold_pct"] = Decimal(str(threshold))
        options["evidence_threshold_pct"] = Decimal(str(threshold))
    return options


def _print_appraisal(result, findings, show_all: bool, out: Path | None) -> None:
    """The verdict per norm, then the findings, the council's tally and the summary, as tables."""
    from rich.table import Table

    console = _console()
    summary = Table(title=tr("cli.appraise_title", title=result.norm_set.title))
    for key in (
        "cli.col_norm_code",
        "cli.col_norm_name",
        "cli.col_lines",
        "cli.col_errors",
        "cli.col_warnings",
        "cli.col_verdict",
    ):
        summary.add_column(tr(key))
    for r in result.summary_frame().itertuples():
        style = "red" if r.errors else ("yellow" if r.warnings else "green")
        summary.add_row(r.norm, r.name, str(r.lines), str(r.errors), str(r.warnings), f"[{style}]{r.verdict}[/]")
    console.print(summary)
    detail = Table(title=tr("cli.appraise_flagged") if not show_all else tr("cli.appraise_every_check"))
    for key in ("cli.col_norm", "cli.col_line", "cli.col_check", "cli.col_verdict", "cli.col_reason"):
        detail.add_column(tr(key))
    for f in findings:
        detail.add_row(
            f.norm or tr("cli.general"),
            f.line or "",
            f.check_label,
            f"[{_SEVERITY_STYLE[f.severity]}]{f.verdict}[/]",
            f.reason,
        )
    if findings:
        console.print(detail)
    if result.council is not None:
        console.print(result.council.tally().explanation, markup=False)
    console.print(result.summary_text(), markup=False)
    if out is not None:
        console.print(tr("cli.appraise_report", out=out), markup=False)


def diff_command(
    old: Path = typer.Argument(..., help=tr("cli.diff_old")),
    new: Path = typer.Argument(..., help=tr("cli.diff_new")),
    fmt: str = typer.Option("table", "--format", "-f", help=tr("cli.diff_format")),
    out: Path | None = typer.Option(None, "--out", "-o", help=tr("cli.diff_out")),
    no_draft_mark: bool = typer.Option(False, "--no-draft-mark", help=tr("cli.diff_no_draft_mark")),
) -> None:
    from ..appraisal.diff import STATUS_LABELS, diff_norm_sets

    if fmt not in ("table", "csv", "json"):
        bad_choice(fmt, "--format", "table, csv, json")
    try:
        a, b = _load_set(old), _load_set(new)
        d = diff_norm_sets(a, b)
        if out is not None:
            from ..appraisal.report import write_revision_report

            write_revision_report(a, b, out, draft_mark=not no_draft_mark)
    except DinhmucError as exc:
        _fail(exc)
        return
    df = d.to_frame()
    if fmt == "json":
        typer.echo(json.dumps(d.records(), ensure_ascii=False, indent=2, default=_json_default))
        return
    if fmt == "csv":
        typer.echo(df.to_csv(index=False), nl=False)
        return
    from rich.table import Table

    console = _console()
    if not d.rows:
        console.print(tr("cli.diff_none", old=old, new=new), markup=False)
        return
    table = Table(
        title=tr(
            "cli.diff_title", old=f"{a.title} ({a.version or old.name})", new=f"{b.title} ({b.version or new.name})"
        )
    )
    for key in (
        "cli.col_norm",
        "cli.col_line",
        "cli.col_item",
        "cli.col_field",
        "cli.col_old",
        "cli.col_new",
        "cli.col_change",
        "cli.col_status",
        "cli.col_reason",
    ):
        table.add_column(tr(key))
    for r in d.rows:
        change = "" if r.change_pct is None else f"{'+' if r.change_pct > 0 else ''}{r.change_pct} %"
        table.add_row(
            r.norm,
            r.line or "",
            r.item or "",
            r.field_label,
            "" if r.old is None else str(r.old),
            "" if r.new is None else str(r.new),
            change,
            STATUS_LABELS[r.status],
            r.reason or "",
        )
    console.print(table)
    console.print("; ".join(f"{STATUS_LABELS[k]}: {v}" for k, v in d.counts().items() if v), markup=False)
    if out is not None:
        console.print(tr("cli.diff_report", out=out), markup=False)


def register(app: typer.Typer) -> None:
    """Add ``appraise`` and ``diff`` to the ``dinhmuc`` command line."""
    app.command("appraise", cls=Command, help=tr("cli.appraise_help"))(appraise_command)
    app.command("diff", cls=Command, help=tr("cli.diff_help"))(diff_command)
