"""The main job (quy trình chính): a project file in, the whole dossier out.

``dinhmuc build`` and :func:`build_project` run every step of the pipeline on a
project: read and check every input (all problems reported at once), build each
norm by the method the project declares, cost every service as of the project
date, estimate the plan, run the appraisal checks, and write the dossier —
documents, workbook, charts, ``norms.json``, ``costs.json``, the appraisal
report and the manifest — into a folder that appears only when complete.

>>> import dinhmuc as dm, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "dossier"
>>> result = dm.build_project(out=out)                          # the bundled Quảng Ngãi example
>>> result.summary_frame()[["service", "method"]].head(2).to_string(index=False)
'service          method\\n   KC01 Thống kê tổng hợp\\n   KC02 Thống kê tổng hợp'
>>> (out / "norms.json").exists() and (out / "manifest.json").exists()
True
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import tempfile
import time
import warnings as _warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import Catalog, load_catalog
from .core.errors import DinhmucError, InputError, Location, Problem, raise_if
from .core.i18n import tr
from .core.labels import METHOD_LABELS
from .law.bases import project_basis_lines
from .norm import COMPONENTS, Method, Norm, NormSet
from .project import Project, example_project_path, load_project

#: Which evidence table feeds each method (TT 47 Art. 6 and the aids).
EVIDENCE_OF = {
    Method.STATISTICAL: "settlements",
    Method.STANDARD: "standards",
    Method.EXPERIMENTAL: "time_studies",
    Method.EXPERT: "expert_estimates",
    Method.COMPARISON: "reference_norm",
}

Progress = Callable[[str], None]


@dataclass
class ProjectInputs:
    """Everything a project reads, checked: catalogue, evidence, prices, reference, history, plan, council."""

    catalog: Catalog
    evidence: dict[str, Any] = field(default_factory=dict)
    prices: Any = None
    reference: NormSet | None = None
    history: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    council: Any = None
    #: one line per input with form rows left blank (skipped), for the build's warnings and ``--check``
    notices: list[str] = field(default_factory=list)


def _attempt(problems: list[Problem], fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except InputError as exc:
        problems.extend(exc.problems)
    except DinhmucError as exc:
        problems.append(Problem(str(exc), Location(), "invalid"))
    return None


def read_history(path: Path, decimal: str | None = None) -> pd.DataFrame:
    """Actual average cost per unit of each service by year (chi phí thực tế), for NĐ 60/2021 Art. 5.

    An .xlsx (sheet "Chi phí thực tế" or "history", else the first) or a CSV
    with columns ``norm``, ``year``, ``cost``; every bad row is reported at
    once (a blank or non-numeric cost, a year that is not a year, an unknown
    service is left to the appraisal).
    """
    from .core import files

    path = Path(path)
    sheet = None
    if path.suffix.lower() == ".csv":
        frame = files.read_csv_frame(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        wb = files.open_workbook(path)
        try:
            names = wb.sheetnames
        finally:
            wb.close()
        sheet = next((n for n in names if n.strip().lower() in ("chi phí thực tế", "history")), names[0])
        frame = files.read_excel_frame(path, sheet)
    else:
        files.check_path(path)
        raise InputError(
            Problem(
                tr("pipeline.unknown_type", suffix=path.suffix),
                Location(str(path)),
                "file_type",
                tr("pipeline.acc_type"),
            )
        )
    if frame.empty and not len(frame.columns):
        raise InputError(
            Problem(tr("pipeline.no_header"), Location(str(path), sheet), "empty_sheet", tr("pipeline.acc_columns"))
        )
    missing = [c for c in ("norm", "year", "cost") if c not in frame.columns]
    if missing:
        raise InputError(
            Problem(
                tr("pipeline.missing_columns", missing=", ".join(missing)),
                Location(str(path), sheet, 1),
                "missing_column",
                tr("pipeline.acc_columns"),
            )
        )
    frame = frame.dropna(how="all")
    # costs and years through the one number reader (dinhmuc.core.numbers): one writing per column
    from .core.numbers import read_frame_numbers

    bad = read_frame_numbers(frame, ["year", "cost"], decimal, max_abs=10**15)
    raise_if(
        [
            Problem(message, Location(str(path), sheet, int(row), fld), code, accepted)
            for row, fld, message, accepted, code in bad
        ],
        str(path),
    )
    return _typed_history(frame, str(path), sheet)


def _typed_history(frame: pd.DataFrame, source: str, sheet: str | None) -> pd.DataFrame:
    """Check every row of the actual costs (numbers already read): a service code, a year, a cost of 0 or more.

    A row with a code but a blank cost is refused here, when the inputs are read (``--check``), not when the
    appraisal first averages it.
    """
    from .core.files import control_characters

    problems: list[Problem] = []
    keep = []
    for idx, row in frame.iterrows():
        code, year, cost = row.get("norm"), row.get("year"), row.get("cost")
        if all(_blank_cell(v) for v in (code, year, cost)):
            keep.append(False)
            continue
        keep.append(True)
        if not isinstance(code, str) or not code.strip() or control_characters(code):
            problems.append(
                Problem(
                    tr("pipeline.bad_code", code=code),
                    Location(source, sheet, idx, "norm"),
                    "invalid",
                    tr("pipeline.acc_code"),
                )
            )
        if not isinstance(year, Decimal) or year != year.to_integral_value() or not 1900 <= year <= 2200:
            problems.append(
                Problem(
                    tr("pipeline.bad_year", year=year),
                    Location(source, sheet, idx, "year"),
                    "invalid",
                    tr("pipeline.acc_year"),
                )
            )
        if not isinstance(cost, Decimal) or cost < 0:
            problems.append(
                Problem(
                    tr("pipeline.bad_cost", value=tr("pipeline.blank_cell") if _blank_cell(cost) else repr(cost)),
                    Location(source, sheet, idx, "cost"),
                    "not_a_number",
                    tr("pipeline.acc_cost"),
                )
            )
    raise_if(problems, source)
    return frame[keep] if len(keep) == len(frame) else frame


def _blank_cell(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def load_inputs(project: Project) -> ProjectInputs:
    """Read every input of the project; raise one error listing every problem in every file."""
    from . import evidence as ev
    from .appraisal.council import Council
    from .costing import load_prices
    from .costing.plan import read_projects
    from .io.normio import load_norm_set

    problems: list[Problem] = []
    catalog = _attempt(problems, load_catalog, project.path("catalog"))
    if catalog is None:
        raise_if(problems, tr("pipeline.inputs"))
    readers = {
        "settlements": ev.read_settlements,
        "standards": ev.read_standards,
        "time_studies": ev.read_time_studies,
        "expert_estimates": ev.read_expert_estimates,
    }
    # Only the tables a declared method uses are read: a blank form left from `dinhmuc init` is no error.
    needed = {
        EVIDENCE_OF.get(m)
        for plan_ in project.services.values()
        for m in [plan_.method, *[s.method for s in plan_.supplements]]
    }
    evidence: dict[str, Any] = {}
    for name, reader in readers.items():
        path = project.path(name)
        if path is not None and name in needed:
            evidence[name] = _attempt(problems, reader, path, catalog=catalog, decimal=project.inputs.decimal_separator)
    reference = None
    if project.path("reference_norm") is not None:
        reference = _attempt(problems, load_norm_set, project.path("reference_norm"))
        evidence["reference_norm"] = reference
    prices = None
    if project.path("prices") is not None:
        prices = _attempt(problems, load_prices, project.path("prices"), decimal=project.inputs.decimal_separator)
        if prices is not None and project.vat_assumptions:
            prices = _attempt(problems, prices.assume_vat, project.vat_assumptions)
    history = (
        _attempt(problems, read_history, project.path("actual_costs"), project.inputs.decimal_separator)
        if project.path("actual_costs")
        else None
    )
    plan = _attempt(problems, read_projects, project.path("plan")) if project.path("plan") else None
    council = _attempt(problems, Council.from_yaml, project.path("council")) if project.path("council") else None
    problems += _dossier_info_problems(project)
    # The project itself: every service known, every method with its evidence.
    for code, plan_ in project.services.items():
        where = Location(str(project.root / "project.yaml") if project.root else None, None, None, f"services.{code}")
        if code not in catalog:
            problems.append(
                Problem(tr("project.unknown_service", code=code), where, "unknown_service", ", ".join(catalog.codes))
            )
        for method in [plan_.method, *[s.method for s in plan_.supplements]]:
            need = EVIDENCE_OF.get(method)
            if need and project.path(need) is None:
                problems.append(
                    Problem(
                        tr("project.method_needs_input", method=method.value, need=need),
                        where,
                        "missing_input",
                        tr("project.input_path_hint", need=need),
                    )
                )
    if prices is None and not problems:
        problems.append(
            Problem(
                tr("project.no_prices"),
                Location(str(project.root) if project.root else None, None, None, "inputs.prices"),
                "missing_input",
                tr("project.no_prices_hint"),
            )
        )
    raise_if(problems, tr("pipeline.inputs"))
    notices = [n for n in (getattr(x, "notice", None) for x in [*evidence.values(), prices]) if n]
    for code, plan_ in project.services.items():
        if plan_.reason.strip(" .…") == "":  # the scaffold's marked blank, still unfilled
            notices.append(tr("project.reason_blank", code=code))
    return ProjectInputs(catalog, evidence, prices, reference, history, plan, council, notices)


def _dossier_info_problems(project: Project) -> list[Problem]:
    """The project's facts for the papers (signer, place…) checked as the dossier will read them, with their lines.

    ``signer`` is free-form in the project file; ``signer_title: 5`` must be refused when the inputs are read
    (``--check``), not when the first paper is written.
    """
    from pydantic import ValidationError

    from .dossier.info import DossierInfo

    try:
        DossierInfo.model_validate(_dossier_info(project))
        return []
    except ValidationError as exc:
        errors = exc.errors()
    except (TypeError, ValueError) as exc:
        return [Problem(tr("pipeline.bad_facts", exc=exc), Location(_project_file(project)), "invalid")]
    from .core.yamlio import read_yaml_mapping
    from .io.normio import problem_from_error, yaml_locate

    file = _project_file(project)
    locator = None
    if file and Path(file).is_file():
        try:
            locator = read_yaml_mapping(file)[1]
        except DinhmucError:
            locator = None
    problems = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        key = loc[0] if loc else None
        path = ("signer", *loc) if key in project.signer else loc
        locate = (
            yaml_locate(file, locator)
            if locator is not None
            else (lambda p: Location(file, None, None, ".".join(map(str, p))))
        )
        problems.append(problem_from_error({**err, "loc": path}, locate))
    return problems


def _project_file(project: Project) -> str | None:
    return str(project.root / "project.yaml") if project.root is not None else None


def _merge(norm: Norm, extra: Norm, spec, note: str) -> Norm:
    """``norm`` with the lines of ``extra`` added or replaced, in catalogue order."""
    order = {line.id: i for i, line in enumerate([*spec.labour, *spec.materials, *spec.equipment])}
    update: dict[str, Any] = {}
    for comp in COMPONENTS:
        lines = {line.id: line for line in getattr(norm, comp)}
        lines.update({line.id: line for line in getattr(extra, comp)})
        update[comp] = sorted(lines.values(), key=lambda l: order.get(l.id, len(order)))
    update["notes"] = [*norm.notes, note]
    return Norm.model_validate(
        {
            **norm.model_dump(),
            **{k: [x.model_dump() for x in v] for k, v in update.items() if k != "notes"},
            "notes": update["notes"],
        }
    )


def build_norms_of(project: Project, inputs: ProjectInputs) -> tuple[NormSet, dict[str, Any]]:
    """Build every service's norm by its declared method; every failure reported together."""
    from .methods import build_norm

    problems: list[Problem] = []
    results: dict[str, Any] = {}
    params = project.parameters
    for code, plan in project.services.items():
        # options were checked once when the project was loaded (load_project): a mistake is reported there,
        # with its line, not once per service here
        result = _attempt(
            problems,
            build_norm,
            code,
            inputs.evidence.get(EVIDENCE_OF.get(plan.method, "")),
            plan.method,
            project.options_for(code),
            catalog=inputs.catalog,
            parameters=params,
        )
        if result is None:
            continue
        for sup in plan.supplements:
            extra = _attempt(
                problems,
                build_norm,
                code,
                inputs.evidence.get(EVIDENCE_OF.get(sup.method, "")),
                sup.method,
                project.options_for(code, sup),
                catalog=inputs.catalog,
                parameters=params,
            )
            if extra is not None:
                note = (
                    f"Các dòng {', '.join(sup.lines)} xây dựng bằng phương pháp "
                    f"{METHOD_LABELS[sup.method.value].lower()}: {sup.reason}"
                )
                result.norm = _merge(result.norm, extra.norm, inputs.catalog[code], note)
                result.warnings += extra.warnings
                result.report_rows += extra.report_rows
        results[code] = result
    raise_if(problems, tr("pipeline.building_norms"))
    d = project.decision
    norm_set = NormSet(
        title=project.title,
        issuing_body=project.issuing_body,
        province=project.province,
        decision_number=d.number,
        signed_on=d.signed_on,
        effective_from=d.effective_from,
        legal_bases=project_basis_lines(project),
        version=d.version,
        replaces=d.replaces,
        notes=[*project.notes, *(["DỰ THẢO – dữ liệu minh họa"] if project.illustrative else [])],
        norms=[r.norm for r in results.values()],
    )
    # Hook (law helper): from 01/07/2026 the set names bậc nghề nghiệp instead of hạng (Luật 129/2025/QH15)
    from .law.grades import regrade

    norm_set = regrade(norm_set, project.decision_date())
    return norm_set, results


def cost_norms_of(project: Project, norm_set: NormSet, prices) -> tuple[dict[str, Any], list[str]]:
    """The unit price of every service as of the project date; price problems reported together."""
    from .costing import cost_norm

    problems: list[Problem] = []
    costs: dict[str, Any] = {}
    notes: list[str] = []
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        for norm in norm_set.norms:
            try:
                costs[norm.code] = cost_norm(
                    norm, prices, project.as_of, project.costing, parameters=project.parameters
                )
            except InputError as exc:
                problems.extend(exc.problems)
            except DinhmucError as exc:
                problems.append(Problem(f"{norm.code}: {exc}", Location(field=norm.code), "price"))
    notes += sorted({str(w.message) for w in caught})
    raise_if(problems, tr("pipeline.costing"))
    return costs, notes


@dataclass
class BuildOutput:
    """What ``dinhmuc build`` made: the norms, their costs, the checks and the files written.

    >>> import dinhmuc as dm
    >>> project = dm.load_project(dm.example_project_path())
    >>> kc05 = project.model_copy(update={"services": {"KC05": project.services["KC05"]},
    ...                                   "inputs": project.inputs.model_copy(update={"plan": None})})
    >>> output = dm.build_project(kc05)  # in memory: nothing written
    >>> output.summary_frame().loc[0, ["service", "unit_price", "method"]].tolist()
    ['KC05', Decimal('19326230'), 'Tiêu chuẩn']
    >>> output.ready, output.costs["KC05"].total
    (True, Decimal('19326230'))
    """

    project: Project
    norm_set: NormSet
    results: dict[str, Any]
    costs: dict[str, Any]
    appraisal: Any = None
    plan: Any = None
    out: Path | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    inputs: ProjectInputs | None = None
    #: facts the papers print as a marked blank (set when the dossier is written)
    missing: list[str] = field(default_factory=list)
    missing_by_paper: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """Whether the dossier can go to the council: no error of the appraisal's checks left unexplained by the
        project (``dossier.explanations``) and no fact missing from the papers."""
        return not self.blocking and not self.missing

    @property
    def blocking(self) -> list[Any]:
        """The appraisal's errors the project does not explain."""
        if self.appraisal is None:
            return []
        from .dossier.papers.report import explained

        given = self.project.dossier.get("explanations") or []
        return [f for f in self.appraisal.errors if not explained(f, given)]

    @property
    def history(self) -> pd.DataFrame | None:
        """Actual costs of past years (norm, year, cost), as the appraisal compares them."""
        h = self.inputs.history if self.inputs is not None else None
        return h[["norm", "year", "cost"]] if h is not None else None

    def summary_frame(self) -> pd.DataFrame:
        """Service, unit, unit price, method, warnings: the table ``dinhmuc build`` prints."""
        rows = []
        for norm in self.norm_set.norms:
            up = self.costs.get(norm.code)
            method = self.project.services[norm.code].method.value
            warn = len(self.results[norm.code].warnings) + (len(up.warnings) if up is not None else 0)
            rows.append(
                {
                    "service": norm.code,
                    "unit": norm.unit_text,
                    "unit_price": up.total if up else None,
                    "method": METHOD_LABELS[method],
                    "warnings": warn,
                }
            )
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        return self.summary_frame().to_html(index=False)


def _evidence_frame(results: dict[str, Any]) -> pd.DataFrame | None:
    """Observations per line (norm, line, value, year, excluded) for the report's charts."""
    rows = []
    for code, result in results.items():
        for obs in getattr(result, "observations", None) or []:
            rows.append({"norm": code, **obs})
    if not rows:
        return None
    return pd.DataFrame(rows)


def _history_map(history: pd.DataFrame | None, as_of: _dt.date, parameters: Any = None) -> dict[str, Decimal] | None:
    """Average actual unit cost of the preceding years (NĐ 60/2021 Art. 5), per service, in whole đồng.

    The same years as the appraisal's comparison: ``norm_rules.price_history_years`` before ``as_of``.
    """
    from decimal import ROUND_HALF_UP

    from .appraisal.compare import cost_history
    from .params import default_parameters

    if history is None or history.empty:
        return None
    k = int((parameters or default_parameters()).value("norm_rules.price_history_years", as_of))
    years = range(as_of.year - k, as_of.year)
    out = {}
    for code, by_year in cost_history(history).items():
        values = [v for y, v in by_year.items() if y in years]
        if values:
            out[code] = (sum(values) / len(values)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return out


def _dossier_info(project: Project, plan=None) -> dict[str, Any]:
    """The papers' metadata from the project file (papers helper hook): province, bodies, signers (``signer:``
    keys), the ``dossier:`` block (service provider, recipients, numbers ...) and the plan's total."""
    import re

    from .dossier.info import SIGNER_KEYS

    info: dict[str, Any] = {
        "province": project.province,
        "issuing_body": project.issuing_body,
        "drafting_unit": project.drafting_unit,
        "route": project.decision_route,
    }
    if project.place:
        info["place"] = project.place
    if project.parent_body:
        info["parent_body"] = project.parent_body
    for key in SIGNER_KEYS:
        value = getattr(project.signer, key, None)
        if value is not None:
            info[key] = value
    from .dossier.info import DossierInfo

    known = set(DossierInfo.model_fields) - {"plan_total", "plan_label"}
    where = str(project.root / "project.yaml") if project.root is not None else "project.yaml"
    problems = [
        Problem(
            tr("pipeline.not_a_fact", k=k),
            Location(where, field=f"dossier.{k}"),
            "unknown_key",
            "explanations, " + ", ".join(sorted(known)),
        )
        for k in project.dossier
        if k != "explanations" and k not in known
    ]
    for i, e in enumerate(project.dossier.get("explanations") or []):
        if not isinstance(e, dict) or not str(e.get("text") or "").strip() or set(e) - {"norm", "line", "code", "text"}:
            problems.append(
                Problem(
                    tr("pipeline.explanation"),
                    Location(where, field=f"dossier.explanations[{i}]"),
                    "invalid",
                    "{norm: KC03, code: few_observations, text: ...}",
                )
            )
    if problems:
        raise InputError(problems, "project.yaml")
    info.update({k: v for k, v in project.dossier.items() if k != "explanations"})
    if plan is not None:
        info["plan_total"] = plan.total
        name = project.path("plan").name if project.path("plan") is not None else ""
        year = re.search(r"(19|20)\d\d", name)
        info["plan_label"] = f"năm {year.group(0)}" if year else None
    return info


def _tt47_inputs(project: Project, inputs: ProjectInputs):
    """What the TT 47 Art. 9 papers need from the project: route, procedure facts, council, declared methods."""
    from .dossier.papers.gaps import TT47Inputs

    plans = {code: (METHOD_LABELS[plan.method.value], plan.reason) for code, plan in project.services.items()}
    return TT47Inputs(
        route=project.decision_route, facts=project.procedure, council=inputs.council, plans=plans, as_of=project.as_of
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def norms_json(norm_set: NormSet) -> str:
    """The norm set with every line's provenance, as JSON; numbers stay numbers (exact to 15 digits)."""
    from .io.frames import dumps_json

    # published digits kept (0.230 stays 0.230), read back exactly by dinhmuc.io.frames.loads_json
    return dumps_json(norm_set.to_dict(), indent=2) + "\n"


def costs_json(costs: dict[str, Any], roots: list[Path] | None = None) -> str:
    """Unit prices with every line and its trace, as JSON (amounts as exact decimal strings).

    Paths of the price lists under ``roots`` (the project folder) are written relative to it.
    """
    from .core.files import relative_paths

    out = {}
    for code, up in costs.items():
        out[code] = {
            "name": up.name,
            "unit": up.unit_text,
            "on": up.on.isoformat(),
            "total": up.total,
            "components": up.components,
            "warnings": up.warnings,
            "declared": [d.cite() for d in up.declared],
            "lines": [
                {
                    "component": l.component,
                    "id": l.id,
                    "name": l.name,
                    "unit": l.unit,
                    "quantity": l.quantity,
                    "unit_cost": l.unit_cost,
                    "amount": l.amount,
                    "parts": l.parts,
                    "trace": {
                        "formula": l.trace.formula,
                        "values": l.trace.values,
                        "prices": [p.cite() for p in l.trace.prices],
                        "parameters": [p.cite() for p in l.trace.parameters],
                        "declared": [d.cite() for d in l.trace.declared],
                        "text": l.trace.explain(),
                    },
                }
                for l in up.lines
            ],
        }
    out = relative_paths(out, roots or [])
    return json.dumps(out, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _write_charts(output: BuildOutput, folder: Path, *, tornado: bool = False, charts=None) -> None:
    """The report's charts as PNG files beside the documents that embed them; the tornado chart only when asked.

    ``charts`` (name -> PNG, from the dossier just written) are written as they are; without them the
    same charts are drawn (:func:`~dinhmuc.dossier.charts.report_charts`). No paper embeds the tornado
    (one panel per service does not scale to a national catalogue); ``dm.tornado`` or
    ``dinhmuc build --tornado`` draws it.
    """
    from .core.yamlio import write_text_atomic
    from .dossier import charts as ch

    if charts is None:
        from .dossier.papers import bind_costs

        keys = ch.report_charts(
            [n.code for n in output.norm_set],
            bind_costs(output.norm_set, output.costs),
            _evidence_frame(output.results),
        )
        charts = {name: ch.draw(key) for name, key in keys.items()}
    folder.mkdir(parents=True, exist_ok=True)
    for name, png in charts.items():
        write_text_atomic(folder / ch.file_name(name), png)
    if tornado:
        from .costing import tornado as draw_tornado

        draw_tornado(list(output.costs.values()), path=folder / "tornado_don_gia.png")


def _stage_dir(out: Path) -> Path:
    """A hidden staging folder beside ``out`` (``.ho_so.<random>.building``), swept by the next build if left behind."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".building", dir=out.parent))


def _output_error(exc: OSError, out: Path) -> DinhmucError:
    """A file-system failure while writing the dossier, said plainly (disk full, read-only, permission)."""
    import errno

    from .core.errors import OutputError

    reason = {
        errno.ENOSPC: tr("pipeline.disk_full"),
        errno.EROFS: tr("pipeline.read_only"),
        errno.EACCES: tr("pipeline.no_permission"),
        errno.EPERM: tr("pipeline.no_permission"),
        errno.EDQUOT: tr("pipeline.quota"),
    }.get(exc.errno, exc.strerror or str(exc))
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(tr("pipeline.not_written", out=out, reason=reason, where=where), str(out))


def build_project(
    project: str | Path | Project | None = None,
    out: str | Path | None = None,
    *,
    overwrite: bool = False,
    pdf: bool = False,
    progress: Progress | None = None,
    templates: str | Path | None = None,
    parameters: Any = None,
    registry=None,
    tornado: bool = False,
) -> BuildOutput:
    """Run the whole pipeline on a project (the bundled Quảng Ngãi example when ``project`` is None).

    ``tornado`` also draws the tornado chart of what drives each unit price (no paper embeds it).

    ``registry`` (or the project's ``inputs.units``/``inputs.grades``) is the
    province's own units and grades, used by every step of the build.

    With ``out``, the dossier is written there; an existing folder is refused
    unless ``overwrite``; the folder appears only complete (built beside it,
    then renamed), so a failure leaves no half-written dossier. ``templates``
    (or the project's ``inputs.templates``) is a folder of the user's own Word
    templates, rendered in a sandbox. ``parameters`` replaces the project's
    legal parameters (its ``legal_parameters`` files, or the bundled ones) for
    every step: build, costing, plan, appraisal, workbook, dossier and manifest.

    >>> import dinhmuc as dm
    >>> project = dm.load_project(dm.example_project_path())
    >>> kc05 = project.model_copy(update={"services": {"KC05": project.services["KC05"]},
    ...                                   "inputs": project.inputs.model_copy(update={"plan": None})})
    >>> output = dm.build_project(kc05)  # with out="ho_so": the dossier is written there
    >>> output.norm_set.codes, output.costs["KC05"].total
    (['KC05'], Decimal('19326230'))
    """
    from .core.outputs import OutputLock, interruptible, preflight, sweep_stale

    if not isinstance(project, Project):
        project = load_project(project if project is not None else example_project_path())
    if parameters is not None:
        project = project.with_parameters(parameters)
    out_path = Path(out) if out is not None else None
    if out_path is None:
        with interruptible():
            return _build(
                project,
                None,
                overwrite=overwrite,
                pdf=pdf,
                progress=progress,
                templates=templates,
                registry=registry,
                tornado=tornado,
            )
    # Checked before any work: the folder can be written, has room, and no other build writes there.
    preflight(out_path, overwrite=overwrite)
    with OutputLock(out_path), interruptible():
        preflight(out_path, overwrite=overwrite)  # again, under the lock: another build may just have finished
        sweep_stale(out_path)  # staging folders of builds that were killed (-9) before they could clean up
        return _build(
            project,
            out_path,
            overwrite=overwrite,
            pdf=pdf,
            progress=progress,
            templates=templates,
            registry=registry,
            tornado=tornado,
        )


def check_project(
    project: str | Path | Project | None = None,
    *,
    templates: str | Path | None = None,
    progress: Progress | None = None,
    registry=None,
) -> BuildOutput:
    """Everything ``dinhmuc build`` reads and checks, without leaving a file (``dinhmuc build --check``).

    Reads every input, builds and costs every norm, estimates the plan, runs
    the appraisal and renders every paper (templates included) into a
    temporary folder that is then deleted — the same code as the build, so
    a project this accepts builds without an input error. Only PDF conversion
    and the final rename into the output folder are left out. ``registry`` is as for
    :func:`build_project`.
    """
    import tempfile as _tempfile

    from .core.outputs import interruptible

    if not isinstance(project, Project):
        project = load_project(project if project is not None else example_project_path())
    scratch = Path(_tempfile.mkdtemp(prefix="dinhmuc-check-"))
    try:
        with interruptible():
            output = _build(
                project,
                scratch / "ho_so",
                overwrite=False,
                pdf=False,
                progress=progress,
                templates=templates,
                registry=registry,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    output.out, output.files = None, []
    return output


def _build(
    project: Project,
    out_path: Path | None,
    *,
    overwrite: bool,
    pdf: bool,
    progress: Progress | None,
    templates: str | Path | None,
    registry=None,
    tornado: bool = False,
) -> BuildOutput:
    from .core.registry import using_registry

    # the province's own units and grades (inputs.units/grades) for every step of the build
    with using_registry(registry if registry is not None else project.registry()):
        return _build_steps(
            project, out_path, overwrite=overwrite, pdf=pdf, progress=progress, templates=templates, tornado=tornado
        )


def _build_steps(
    project: Project,
    out_path: Path | None,
    *,
    overwrite: bool,
    pdf: bool,
    progress: Progress | None,
    templates: str | Path | None,
    tornado: bool = False,
) -> BuildOutput:
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    say(tr("progress.inputs"))
    inputs = load_inputs(project)
    timings["inputs"] = time.perf_counter() - t0
    say(tr("progress.norms"))
    t = time.perf_counter()
    norm_set, results = build_norms_of(project, inputs)
    timings["norms"] = time.perf_counter() - t
    say(tr("progress.costs"))
    t = time.perf_counter()
    costs, notes = cost_norms_of(project, norm_set, inputs.prices)
    timings["costs"] = time.perf_counter() - t
    output = BuildOutput(
        project, norm_set, results, costs, warnings=[*inputs.notices, *notes], timings=timings, inputs=inputs
    )
    for code, result in results.items():
        output.warnings += [f"{code}: {w}" for w in result.warnings]
    if inputs.plan is not None:
        say(tr("progress.plan"))
        from .costing import estimate_plan

        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")  # the same price-age warnings were collected while costing
            output.plan = estimate_plan(
                inputs.plan,
                norm_set,
                inputs.prices,
                project.as_of,
                project.costing,
                parameters=project.parameters,
                decimal=project.inputs.decimal_separator,
            )
    say(tr("progress.appraisal"))
    t = time.perf_counter()
    from .appraisal import appraise

    output.appraisal = appraise(
        norm_set,
        catalog=inputs.catalog,
        reference=inputs.reference,
        costs=list(costs.values()),
        history=output.history,
        council=inputs.council,
        params=project.parameters,
        options={"on": project.as_of},
    )
    timings["appraisal"] = time.perf_counter() - t
    if out_path is not None:
        say(tr("progress.dossier"))
        t = time.perf_counter()
        user_templates = Path(templates) if templates is not None else project.path("templates")
        output.out, output.files = _write(
            project, inputs, output, out_path, overwrite=overwrite, pdf=pdf, tornado=tornado, templates=user_templates
        )
        timings["dossier"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return output


def dossier_arguments(
    project: Project, inputs: ProjectInputs, output: BuildOutput, *, templates: Path | None = None, pdf: bool = False
) -> dict[str, Any]:
    """The keyword arguments :func:`~dinhmuc.dossier.write_dossier` gets from a build (``write_dossier(
    output.norm_set, folder, **dossier_arguments(...))``): the papers' facts, costs, evidence, history, council,
    appraisal, templates, parameters, TT 47 inputs and the statistics sheet's lines."""
    from .dossier.stats_sheet import stats_lines_of

    return {
        "project": _dossier_info(project, output.plan),
        "costs": output.costs,
        "evidence": _evidence_frame(output.results),
        "catalog": inputs.catalog,
        "history": _history_map(inputs.history, project.as_of, project.parameters),
        "council": inputs.council,
        "appraisal": output.appraisal,
        "explanations": project.dossier.get("explanations"),
        "pdf": pdf,
        "draft_mark": project.illustrative,
        "templates": templates,
        "parameters": project.parameters,
        "tt47": _tt47_inputs(project, inputs),
        "stats_lines": stats_lines_of(output.results),
    }


def _write(
    project: Project,
    inputs: ProjectInputs,
    output: BuildOutput,
    out: Path,
    *,
    overwrite: bool,
    pdf: bool,
    templates: Path | None = None,
    tornado: bool = False,
) -> tuple[Path, list[Path]]:
    from .core.files import apply_umask, relative_paths
    from .core.yamlio import write_text_atomic
    from .dossier import write_dossier
    from .dossier.manifest import build_manifest, sha256_file, write_manifest
    from .io.normio import norm_set_to_excel, norm_set_to_yaml

    try:
        stage = _stage_dir(out)
    except OSError as exc:
        raise _output_error(exc, out) from None
    # every path an output states is relative to the project folder (issue 10.8): no machine path leaks
    roots = [project.root, Path.cwd()]
    try:
        folder = stage / "dossier"
        result = write_dossier(
            output.norm_set, folder, **dossier_arguments(project, inputs, output, templates=templates, pdf=pdf)
        )
        output.missing = result.missing
        output.missing_by_paper = result.missing_by_paper
        output.warnings += result.warnings
        output.warnings = relative_paths(output.warnings, roots)
        extra = {
            "norms.json": norms_json(output.norm_set),
            "costs.json": costs_json(output.costs, roots),
            "dinh_muc.yaml": norm_set_to_yaml(output.norm_set),
            "bao_cao_kiem_tra.csv": output.appraisal.to_frame().to_csv(index=False),
        }
        for name, text in extra.items():
            write_text_atomic(folder / name, text)
        norm_set_to_excel(output.norm_set, folder / "dinh_muc.xlsx")
        _write_charts(output, folder / "bieu_do", tornado=tornado, charts=result.charts)
        output.appraisal.write_report(folder / "bao_cao_tham_dinh.docx", draft_mark=project.illustrative)
        later = [folder / "bao_cao_tham_dinh.docx"]
        if output.plan is not None:
            from .dossier.plan_workbook import PLAN_WORKBOOK_NAME, write_plan_workbook

            later.append(write_plan_workbook(output.plan, folder / PLAN_WORKBOOK_NAME, output.norm_set))
        if pdf and (folder / "pdf").is_dir():  # the papers written after the dossier get their PDF too
            from .dossier.office import OfficeConversionError, convert_many

            try:
                convert_many(later, folder / "pdf", "pdf", recalc=True)
            except OfficeConversionError as exc:
                output.warnings.append(tr("pipeline.pdf_failed", exc=exc))
        files = sorted(
            p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"
        )
        inputs_hash = {
            name: sha256_file(project.path(name))
            for name in type(project.inputs).model_fields
            if project.path(name) is not None and project.path(name).is_file()
        }
        if project.root is not None and (project.root / "project.yaml").exists():
            inputs_hash["project"] = sha256_file(project.root / "project.yaml")
        # the dossier's own manifest knows which templates (bundled or the user's) rendered each document
        dossier_manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        templates_used = dossier_manifest.get("templates", {})
        write_manifest(
            folder,
            build_manifest(
                folder,
                files,
                inputs_hash,
                parameters=project.parameters,
                templates=templates_used,
                warnings=output.warnings,
                tt47_art9=dossier_manifest.get("tt47_art9"),
            ),
        )
        from .core.yamlio import replace_folder

        apply_umask(folder)  # temporary files are 0600: the dossier's modes follow the umask like any file
        replace_folder(folder, out)
    except OSError as exc:
        raise _output_error(exc, out) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out, sorted(p for p in out.rglob("*") if p.is_file())
