"""``dinhmuc params``: the law in force on a date, what changed between two dates, and stale files.

``dinhmuc params --on 2026-09-05`` lists every legal value in force (salary,
contributions, working time, costing and norm-setting rules) with its citation,
the date it applies from and its ``verified`` flag, then the grading scheme and
the legal bases a decision of that date cites. ``--diff 2026-06-30 2026-07-01``
lists what changed. Every run warns about parameter files whose ``last_reviewed``
is older than the declared age (``--max-age``, or the project's
``law.params_max_age_days``). Dates: ``YYYY-MM-DD`` or ``dd/mm/yyyy``.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

import typer

from ..core.errors import DinhmucError, InputError, Location, Problem

__all__ = ["register", "parse_date"]


def parse_date(text: str, what: str = "date") -> _dt.date:
    """A date typed on the command line: ``2026-09-05`` or ``05/09/2026`` (the one reader, core.dates)."""
    from ..core.dates import accepted
    from ..core.dates import parse_date as read_date

    try:
        return read_date(text)
    except ValueError as exc:
        raise InputError(Problem(str(exc), Location(field=what), "invalid_date", accepted())) from None


def _value_text(value: Any) -> str:
    from ..core.vnformat import format_number

    if isinstance(value, dict):
        from ..core.labels import value_key_label

        return "; ".join(f"{value_key_label(k)}: {_value_text(v)}" for k, v in value.items()) or "(không có)"
    if isinstance(value, (str, bool)) or value is None:
        return str(value)
    return format_number(value)


def _row(pv) -> dict[str, Any]:
    return {
        "name": pv.name,
        "label": pv.label,
        "value": _value_text(pv.value),
        "unit": pv.unit or "",
        "from": pv.start.isoformat(),
        "citation": str(pv.citation),
        "verified": pv.verified,
        "kind": pv.kind,
        "note": pv.note or "",
    }


def in_force_report(on: _dt.date, parameters=None, registry=None, project=None) -> dict[str, Any]:
    """Everything :command:`dinhmuc params --on` prints, as plain data (values, grades, legal bases)."""
    from ..core.registry import active_registry
    from ..law.bases import bases_for
    from ..params import default_parameters

    params = parameters or default_parameters()
    reg = registry or active_registry()
    scheme = reg.scheme_on(on)
    grades = {
        "scheme": scheme.label if scheme else "Hạng chức danh nghề nghiệp",
        "citation": scheme.citation if scheme else "data/grades.yaml",
        "verified": scheme.verified if scheme else False,
        "confidence": scheme.confidence if scheme else "",
        "grades": [
            {"code": code, "label": reg.grade_on(code, on).label, "salary_group": reg.grade_on(code, on).salary_group}
            for code, g in reg.grades.items()
            if g.scheme is None
        ],
    }
    bases = bases_for(project if project is not None else on)
    return {
        "on": on.isoformat(),
        "values": [_row(pv) for pv in params.in_force(on)],
        "grades": grades,
        "legal_bases": [
            {"id": b.id, "text": b.text(on), "verified": b.verified, "confidence": b.confidence} for b in bases
        ],
    }


def diff_report(before: _dt.date, after: _dt.date, parameters=None, registry=None) -> dict[str, Any]:
    """What changed between two dates: values (old, new), grading scheme, legal bases."""
    from ..core.registry import active_registry
    from ..law.bases import bases_for
    from ..params import default_parameters

    params = parameters or default_parameters()
    reg = registry or active_registry()
    changes = []
    for name, a, b in params.diff(before, after):
        changes.append(
            {
                "name": name,
                "label": (b or a).label,
                "before": _row(a) if a is not None else None,
                "after": _row(b) if b is not None else None,
            }
        )
    s1, s2 = reg.scheme_on(before), reg.scheme_on(after)
    grades = None
    if s1 != s2:
        grades = {
            "before": s1.label if s1 else "Hạng chức danh nghề nghiệp",
            "after": s2.label if s2 else "Hạng chức danh nghề nghiệp",
            "citation": (s2 or s1).citation,
        }
    b1 = {b.id: b.text(before) for b in bases_for(before)}
    b2 = {b.id: b.text(after) for b in bases_for(after)}
    bases = {
        "removed": [b1[k] for k in b1 if k not in b2],
        "added": [b2[k] for k in b2 if k not in b1],
        "amended": [b2[k] for k in b2 if k in b1 and b1[k] != b2[k]],
    }
    return {
        "before": before.isoformat(),
        "after": after.isoformat(),
        "values": changes,
        "grades": grades,
        "legal_bases": bases,
    }


def stale_warnings(max_age_days: int, today: _dt.date, parameters=None) -> list[str]:
    """A warning per parameter file (and the grades and legal-bases files) last reviewed too long ago."""
    from .._resources import data_path
    from ..core.yamlio import read_yaml_mapping
    from ..law.bases import default_library
    from ..params import default_parameters

    params = parameters or default_parameters()
    out = [
        f"{path}: last_reviewed {d.isoformat()} is {(today - d).days} days ago, more than {max_age_days}; "
        f"check its values against the law"
        for _, path, d in params.stale(max_age_days, today)
    ]
    lib = default_library()
    others = [(lib.path, lib.last_reviewed)]
    gdata, _ = read_yaml_mapping(data_path("grades.yaml"))
    g = gdata.get("last_reviewed")
    if isinstance(g, _dt.date):
        others.append((str(data_path("grades.yaml")), g))
    for path, d in others:
        if (today - d).days > max_age_days:
            out.append(
                f"{path}: last_reviewed {d.isoformat()} is {(today - d).days} days ago, more than "
                f"{max_age_days}; check it against the law"
            )
    return out


def register(app: typer.Typer) -> None:
    """Add ``dinhmuc params`` to the app."""

    from ..core.i18n import tr
    from .common import Command

    @app.command(cls=Command, help=tr("cli.params_help"))
    def params(
        on: str | None = typer.Option(None, "--on", help=tr("cli.params_on")),
        diff: tuple[str, str] | None = typer.Option(None, "--diff", help=tr("cli.params_diff")),
        project: Path | None = typer.Option(None, "--project", "-p", help=tr("cli.params_project")),
        max_age: int | None = typer.Option(None, "--max-age", min=0, help=tr("cli.params_max_age")),
        extra: list[Path] = typer.Option([], "--params-file", help=tr("cli.params_file")),
        fmt: str = typer.Option("table", "--format", "-f", help=tr("cli.catalog_format")),
    ) -> None:
        from ..params import load_parameters
        from .common import console as _console  # not .main: no cycle (config)
        from .common import fail

        console = _console()
        try:
            if fmt not in ("table", "json"):
                raise InputError(
                    Problem(
                        tr("params.unknown_format", fmt=fmt),
                        Location(field="--format"),
                        "invalid",
                        tr("params.acc_format"),
                    )
                )
            proj = None
            if project is not None:
                from ..project import load_project

                proj = load_project(project)
            parameters = load_parameters(extra=list(extra)) if extra else None
            age = max_age if max_age is not None else (proj.law.params_max_age_days if proj else 365)
            warnings = stale_warnings(age, _dt.date.today(), parameters)
            if diff:
                report = diff_report(parse_date(diff[0], "--diff"), parse_date(diff[1], "--diff"), parameters)
            else:
                date = parse_date(on, "--on") if on else (proj.decision_date() if proj else _dt.date.today())
                report = in_force_report(date, parameters, project=proj if (proj and not on) else None)
        except DinhmucError as exc:
            fail(exc)
            return
        report["warnings"] = warnings
        if fmt == "json":
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return
        if diff:
            _print_diff(console, report)
        else:
            _print_on(console, report)
        for w in warnings:
            console.print(tr("cli.warning", text=w), markup=False)

    return None


def _fmt_date(iso: str) -> str:
    return _dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _value_line(r: dict[str, Any]) -> str:
    flag = "đã kiểm chứng" if r["verified"] else "CHƯA KIỂM CHỨNG"
    kind = {"convention": "; quy ước", "practice": "; thông lệ"}.get(r["kind"], "")
    value = (
        f"{r['value']} (đơn vị: {r['unit']})"
        if ": " in r["value"] and r["unit"]
        else f"{r['value']} {r['unit']}".strip()
    )
    return value + f", từ {_fmt_date(r['from'])} — {r['citation']} [{flag}{kind}]"


def _print_on(console, report: dict[str, Any]) -> None:
    """One block per value (readable at any terminal width)."""
    out = [f"THAM SỐ PHÁP LÝ CÓ HIỆU LỰC NGÀY {_fmt_date(report['on'])}"]
    for r in report["values"]:
        out += [f"{r['name']} — {r['label']}", f"    {_value_line(r)}"]
    g = report["grades"]
    out.append(
        f"Hạng/bậc: {g['scheme']} ({g['citation']}; {'đã kiểm chứng' if g['verified'] else 'CHƯA KIỂM CHỨNG'}"
        + (f"; độ tin cậy {g['confidence']}" if g["confidence"] else "")
        + ")"
    )
    out += [f"    {x['code']} → {x['label']} (nhóm {x['salary_group']})" for x in g["grades"]]
    out.append("Căn cứ pháp lý của Quyết định ban hành vào ngày này:")
    for b in report["legal_bases"]:
        flag = "" if b["verified"] else f" [CHƯA KIỂM CHỨNG, độ tin cậy {b['confidence']}]"
        out.append(f"    - {b['text']}{flag}")
    unverified = sum(1 for r in report["values"] if not r["verified"])
    out.append(f"{len(report['values'])} giá trị; {unverified} chưa kiểm chứng với văn bản gốc.")
    console.print("\n".join(out), markup=False)


def _print_diff(console, report: dict[str, Any]) -> None:
    d1, d2 = _fmt_date(report["before"]), _fmt_date(report["after"])
    out = [f"THAY ĐỔI THAM SỐ PHÁP LÝ TỪ NGÀY {d1} ĐẾN NGÀY {d2}"]
    for c in report["values"]:
        out.append(f"{c['name']} — {c['label']}")
        out.append(f"    {d1}: " + (_value_line(c["before"]) if c["before"] else "(chưa có giá trị)"))
        out.append(f"    {d2}: " + (_value_line(c["after"]) if c["after"] else "(không còn giá trị)"))
    if not report["values"]:
        out.append(f"Không có tham số nào thay đổi giữa {d1} và {d2}.")
    if report["grades"]:
        g = report["grades"]
        out.append(f"Hạng/bậc: {g['before']} → {g['after']} ({g['citation']})")
    b = report["legal_bases"]
    for key, label in (("removed", "Căn cứ hết hiệu lực"), ("added", "Căn cứ mới"), ("amended", "Căn cứ sửa đổi")):
        out += [f"{label}: {text}" for text in b[key]]
    console.print("\n".join(out), markup=False)
