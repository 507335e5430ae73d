"""Command line of the appraisal assistant: ``dinhmuc appraise`` and ``dinhmuc diff``.

``register(app)`` adds both commands to the ``dinhmuc`` typer app.
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Optional

import typer

from ..core.errors import DinhmucError, InputError, Location, Problem

__all__ = ["register"]


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _fail(exc: DinhmucError) -> None:
    from .main import fail

    fail(exc)


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


def _json_default(v):
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (_dt.date,)):
        return v.isoformat()
    return str(v)


_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "green"}


def appraise_command(
    path: Path = typer.Argument(..., help="A project (folder or project.yaml: its norms are built first) or a "
                                          "norm set (.yaml or .xlsx)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the appraisal report (.docx) here."),
    catalog_path: Optional[Path] = typer.Option(None, "--catalog", "-c",
                                                help="Check against this catalogue (default: the bundled one)."),
    no_catalog: bool = typer.Option(False, "--no-catalog", help="Skip the checks against a catalogue."),
    reference: Optional[Path] = typer.Option(None, "--reference", "-r", help="A reference norm set to compare with."),
    previous: Optional[Path] = typer.Option(None, "--previous", "-p",
                                            help="The previous version: the report lists what changed."),
    council: Optional[Path] = typer.Option(None, "--council", help="The council's data (YAML: members, present, "
                                                                     "reviews, ballots, rules)."),
    params: Optional[Path] = typer.Option(None, "--params", help="A folder of legal parameter files."),
    on: Optional[str] = typer.Option(None, "--on", help="Appraisal date YYYY-MM-DD (which legal values apply)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="± % for the reference and evidence "
                                                                        "comparisons (default 15)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (the findings)."),
    show_all: bool = typer.Option(False, "--all", help="List passing checks too."),
    no_draft_mark: bool = typer.Option(False, "--no-draft-mark",
                                       help="Leave out the 'DỰ THẢO – dữ liệu minh họa' mark (real data only)."),
) -> None:
    """Appraise a norm set: checks, comparisons, verdict per norm and line; exit 1 if an error is found."""
    from ..catalog import load_catalog
    from ..params import load_parameters
    from ..appraisal.assistant import appraise
    from ..appraisal.council import Council

    if fmt not in ("table", "csv", "json"):
        typer.echo(f"unknown format '{fmt}'; accepted: table, csv, json", err=True)
        raise typer.Exit(2)
    try:
        options: dict = {}
        if on:
            try:
                options["on"] = _dt.date.fromisoformat(on)
            except ValueError:
                raise InputError(Problem(f"'{on}' is not a date", Location(field="--on"), "invalid_date",
                                         "YYYY-MM-DD")) from None
        if threshold is not None:
            options["reference_threshold_pct"] = Decimal(str(threshold))
            options["evidence_threshold_pct"] = Decimal(str(threshold))
        prm = load_parameters(params) if params else None
        prev = _load_set(previous) if previous else None
        if _is_project(path):
            # A project: build its norms and costs as `dinhmuc build` does, then appraise them with the
            # project's own reference norm, actual costs and council (options given here take precedence).
            from ..pipeline import build_project

            built = build_project(path)
            options.setdefault("on", built.project.as_of)  # the date the norms were built and priced
            result = appraise(built.norm_set,
                              catalog=None if no_catalog else (load_catalog(catalog_path) if catalog_path
                                                               else built.inputs.catalog),
                              reference=_load_set(reference) if reference else built.inputs.reference,
                              costs=list(built.costs.values()), history=built.history, params=prm,
                              options=options,
                              council=Council.from_yaml(council) if council else built.inputs.council,
                              previous=prev)
            draft = built.project.illustrative and not no_draft_mark
        else:
            cat = None if no_catalog else load_catalog(catalog_path)
            norm_set = _load_set(path)
            ref = _load_set(reference) if reference else None
            cncl = Council.from_yaml(council) if council else None
            result = appraise(norm_set, catalog=cat, reference=ref, params=prm, options=options, council=cncl,
                              previous=prev)
            draft = not no_draft_mark
        if out is not None:
            result.write_report(out, draft_mark=draft)
    except DinhmucError as exc:
        _fail(exc)
        return
    except ValueError as exc:  # pydantic validation of options or council data
        _console().print(str(exc), markup=False)
        raise typer.Exit(1)

    findings = result.findings if show_all else result.flagged()
    if fmt == "json":
        typer.echo(json.dumps({"ok": result.ok, "errors": len(result.errors), "warnings": len(result.warnings),
                               "on": result.on.isoformat(),
                               "summary": result.summary_frame().to_dict(orient="records"),
                               "findings": [f.to_dict() for f in findings]},
                              ensure_ascii=False, indent=2, default=_json_default))
    elif fmt == "csv":
        df = result.to_frame()
        if not show_all:
            df = df[df["verdict"] != "đạt"]
        typer.echo(df.to_csv(index=False), nl=False)
    else:
        from rich.table import Table

        console = _console()
        summary = Table(title=f"Thẩm định: {result.norm_set.title}")
        for col in ("Mã hiệu", "Tên định mức", "Dòng", "Lỗi", "Cảnh báo", "Đánh giá"):
            summary.add_column(col)
        for r in result.summary_frame().itertuples():
            style = "red" if r.errors else ("yellow" if r.warnings else "green")
            summary.add_row(r.norm, r.name, str(r.lines), str(r.errors), str(r.warnings), f"[{style}]{r.verdict}[/]")
        console.print(summary)
        detail = Table(title="Nội dung cần lưu ý" if not show_all else "Mọi kiểm tra")
        for col in ("Định mức", "Dòng", "Kiểm tra", "Đánh giá", "Lý do"):
            detail.add_column(col)
        for f in findings:
            detail.add_row(f.norm or "(chung)", f.line or "", f.check_label,
                           f"[{_SEVERITY_STYLE[f.severity]}]{f.verdict}[/]", f.reason)
        if findings:
            console.print(detail)
        if result.council is not None:
            console.print(result.council.tally().explanation, markup=False)
        console.print(result.summary_text(), markup=False)
        if out is not None:
            console.print(f"Báo cáo thẩm định: {out}", markup=False)
    raise typer.Exit(0 if result.ok else 1)


def diff_command(
    old: Path = typer.Argument(..., help="The old (or submitted) norm set."),
    new: Path = typer.Argument(..., help="The new (or appraised, revised) norm set."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Also write the revision report (báo cáo chỉnh sửa, .docx) here."),
    no_draft_mark: bool = typer.Option(False, "--no-draft-mark", help="Leave out the draft mark (real data only)."),
) -> None:
    """Compare two norm sets line by line: added, removed, moved, renamed and changed values."""
    from ..appraisal.diff import STATUS_LABELS, diff_norm_sets

    if fmt not in ("table", "csv", "json"):
        typer.echo(f"unknown format '{fmt}'; accepted: table, csv, json", err=True)
        raise typer.Exit(2)
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
        console.print(f"Không có khác biệt giữa {old} và {new}.", markup=False)
        return
    table = Table(title=f"So sánh: {a.title} ({a.version or old.name}) → {b.title} ({b.version or new.name})")
    for col in ("Định mức", "Dòng", "Hạng mục", "Nội dung", "Cũ", "Mới", "Thay đổi", "Tình trạng", "Lý do"):
        table.add_column(col)
    for r in d.rows:
        change = "" if r.change_pct is None else f"{'+' if r.change_pct > 0 else ''}{r.change_pct} %"
        table.add_row(r.norm, r.line or "", r.item or "", r.field_label, "" if r.old is None else str(r.old),
                      "" if r.new is None else str(r.new), change, STATUS_LABELS[r.status], r.reason or "")
    console.print(table)
    console.print("; ".join(f"{STATUS_LABELS[k]}: {v}" for k, v in d.counts().items() if v), markup=False)
    if out is not None:
        console.print(f"Báo cáo chỉnh sửa: {out}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``appraise`` and ``diff`` to the ``dinhmuc`` command line."""
    app.command("appraise")(appraise_command)
    app.command("diff")(diff_command)
