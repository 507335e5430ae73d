"""Lập hồ sơ — :func:`write_dossier`, the one entry point that drafts the whole appraisal dossier.

Writes, into ``out_dir``: the draft decision and the attached norm document,
the explanatory report, the submission, the survey and expert-opinion forms,
the comment-response table, the council's review form, ballot and minutes,
the auditable workbook, ``manifest.json`` and (``pdf=True``, when LibreOffice
is installed) a ``pdf/`` folder. Everything is built in a temporary sibling
folder and renamed into place, so ``out_dir`` is never half-written.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError, Location, Problem
from ..core.i18n import tr
from . import papers as docs
from .info import DossierInfo
from .manifest import build_manifest, sha256_bytes, sha256_file, write_manifest
from .templating import TemplateSet, render_template

__all__ = ["DossierResult", "build_documents", "write_dossier"]

WORKBOOK_NAME = "11_bang_tinh_dinh_muc_don_gia.xlsx"


@dataclass
class DossierResult:
    """What :func:`write_dossier` wrote."""

    out_dir: Path
    files: list[Path]
    manifest: Path
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: facts the papers print as a marked blank (also the first warning)
    missing: list[str] = field(default_factory=list)
    #: the same, per paper (file name -> its missing facts)
    missing_by_paper: dict[str, list[str]] = field(default_factory=dict)
    #: the report's charts (name -> PNG bytes, see :func:`.charts.report_charts`)
    charts: dict[str, bytes] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"DossierResult({self.out_dir}, {len(self.files)} files, warnings={self.warnings})"


def _declared_parameters(parameters, on: _dt.date, inputs=None, costs=None) -> list[dict]:
    """Rows of the report's parameter table: values in force on ``on`` with citations."""
    from ..core.vnformat import format_number

    rows: list[dict] = []
    if parameters is None:
        return rows
    wanted = [
        "base_salary.base_salary",
        "contributions.social_insurance",
        "contributions.health_insurance",
        "contributions.unemployment_insurance",
        "contributions.trade_union_fee",
        "costing_rules.working_days_per_month",
        "working_time.hours_per_day",
        "working_time.hours_per_shift",
        "norm_rules.statistical_years",
        "norm_rules.min_observations",
        "norm_rules.max_spread_pct",
    ]
    names = set(parameters.names())
    for name in wanted:
        if name not in names:
            continue
        try:
            v = parameters.get(name, on)
        except Exception:  # noqa: BLE001 - no value on that date
            continue
        value = v.value
        if isinstance(value, dict) and name.startswith("contributions."):
            # Hook (law helper): a rate by financing class (KPCĐ from 01/07/2025) as the costing applied it
            key = name.split(".", 1)[1]
            if inputs is None or key not in inputs.contributions:
                continue
            value = inputs.contributions[key][1]
        if name == "costing_rules.working_days_per_month" and inputs is not None:
            value = inputs.working_days_per_month
        text = format_number(value) if not isinstance(value, (dict, str, bool)) else str(value)
        cite = str(v.citation) + ("" if v.verified else " (chưa kiểm chứng)")
        rows.append({"label": v.label, "value": text, "unit": v.unit or "", "citation": cite})
    # Hook (law helper): every other value the costing used that is not yet verified is listed too
    from ..core.labels import plain_label
    from ..law.report import unverified_rows

    listed = {r["label"] for r in rows}
    rows += [
        r
        for r in unverified_rows(costs)
        if r["label"] not in listed and not any(r["label"].startswith(lbl) for lbl in listed)
    ]
    for r in rows:  # a table entry's key ("[office]") in words, for the reader
        r["label"] = plain_label(r["label"])
    if inputs is not None:
        rows.append(
            {
                "label": "Chi phí quản lý (% chi phí trực tiếp)",
                "value": format_number(inputs.management_pct),
                "unit": "%",
                "citation": inputs.citations.get("management_pct", "khai báo của dự án"),
            }
        )
    return rows


def _chart_keys(norm_set, costs, evidence) -> dict[str, tuple]:
    """Report chart name -> the plain data it is drawn from (:mod:`.charts` keys), in report order."""
    from . import charts as ch

    return ch.report_charts([n.code for n in norm_set], docs.bind_costs(norm_set, costs), evidence)


def _draw_charts(keys: Mapping[str, tuple]) -> dict[str, bytes]:
    from . import charts as ch

    return {name: ch.draw(key) for name, key in keys.items()}


def _specs(
    norm_set,
    info: DossierInfo,
    *,
    costs,
    history,
    evidence,
    catalog,
    comments,
    tally,
    parameters,
    inputs,
    chart_png: Mapping[str, bytes] | None,
    council=None,
    appraisal=None,
    explanations=None,
    tt47=None,
    published=None,
) -> list[docs.DocSpec]:
    """The documents' specs in dossier order, the TT 47 Art. 9 papers of :mod:`.papers` last."""
    from .papers.gaps import TT47Inputs
    from .papers.route_decision import route_decision

    on = info.decision_date or info.submission_date or _dt.date.today()
    effective = info.effective_from or on
    published = published if published is not None else norm_set
    tt = tt47 if tt47 is not None else TT47Inputs(route=info.route)
    if tt.council is None and council is not None:
        from .papers.council import as_council

        tt.council = as_council(council)
    year = (info.decision_date or tt.as_of or on).year
    if not info.decision_number:  # one blank number in the route's shape for the decision, annexes and papers
        from .papers.route import rules

        info.decision_number = rules(info.route).number(None, year)
    makers = [
        lambda: route_decision(docs.draft_decision(norm_set, info), info, year=year),
        lambda: docs.norm_annexes(published, info, parameters, effective),
        lambda: docs.explanatory_report(
            norm_set,
            info,
            costs=costs,
            history=history,
            evidence=evidence,
            parameters=_declared_parameters(parameters, on, inputs, costs),
            charts=chart_png,
            appraisal=appraisal,
            explanations=explanations,
        ),
        lambda: docs.submission(norm_set, info, costs=costs),
        lambda: docs.survey_forms(catalog, info, norm_set),
        lambda: docs.expert_forms(catalog, info, norm_set),
        lambda: docs.comment_table(norm_set, info, comments),
        lambda: docs.council_papers(norm_set, info, council, tally),
    ]
    specs: list = []
    for i, make in enumerate(makers):
        if i == len(makers) - 1:
            specs.extend(make())
        else:
            specs.append(make())
    specs.extend(_tt47_specs(norm_set, info, tt, catalog, specs[0], tally))
    return specs


def _tt47_specs(norm_set, info: DossierInfo, tt, catalog, decision, tally=None) -> list[docs.DocSpec]:
    """The TT 47 Art. 9 papers of :mod:`.papers`; the facts each leaves blank join its ``missing`` (the list is
    shared, so what the tables note while they are rendered is counted too)."""
    from .papers.tt47 import DOSSIER_SENT, tt47_specs

    bases = [
        b
        for b in (decision.context.get("legal_bases", []) if decision is not None else [])
        if not b.lower().startswith(("theo ", "xét "))
    ]
    made, gaps = tt47_specs(
        norm_set, info, tt, catalog=catalog, bases=bases, dossier_titles=list(DOSSIER_SENT), tally=tally
    )
    for spec, g in zip(made, gaps, strict=True):
        spec.missing = g.missing
    return made


def missing_facts(specs) -> list[str]:
    """Every fact the papers print as a marked blank, once each, in dossier order."""
    out: list[str] = []
    for spec in specs:
        for item in spec.missing if spec is not None else ():
            if item not in out:
                out.append(item)
    return out


def missing_warning(items: Sequence[str]) -> str | None:
    """ONE warning listing every missing fact (None when nothing is missing)."""
    if not items:
        return None
    from .info import BLANK

    head = tr("writer.missing_head", n=len(items))
    return tr("writer.missing_facts", head=head, blank=BLANK, items="; ".join(items))


def build_documents(
    norm_set,
    info: DossierInfo,
    *,
    costs=None,
    history=None,
    evidence=None,
    catalog=None,
    comments=None,
    tally=None,
    parameters=None,
    inputs=None,
    charts: bool = True,
    timings: dict | None = None,
    council=None,
    appraisal=None,
    explanations=None,
    tt47=None,
    published=None,
    chart_png: Mapping[str, bytes] | None = None,
) -> list[docs.DocSpec]:
    """Every document's :class:`~dinhmuc.dossier.papers.DocSpec`, in dossier order.

    The charts are drawn here unless ``chart_png`` gives them already drawn (``timings["charts"]`` gets the
    seconds they took); ``published`` is the norm set the annexes print (``norm_set`` when None).
    """
    if chart_png is None:
        chart_png = _timed_charts(norm_set, costs, evidence, charts, timings if timings is not None else {})
    return _specs(
        norm_set,
        info,
        costs=costs,
        history=history,
        evidence=evidence,
        catalog=catalog,
        comments=comments,
        tally=tally,
        parameters=parameters,
        inputs=inputs,
        chart_png=chart_png,
        council=council,
        appraisal=appraisal,
        explanations=explanations,
        tt47=tt47,
        published=published,
    )


def _timed_charts(norm_set, costs, evidence, charts: bool, timings: dict) -> dict[str, bytes]:
    """The dossier's charts (none when ``charts`` is False); ``timings["charts"]`` gets the seconds they took."""
    t0 = time.perf_counter()
    chart_png = _draw_charts(_chart_keys(norm_set, costs, evidence)) if charts else {}
    timings["charts"] = time.perf_counter() - t0
    return chart_png


def _hash_inputs(norm_set, catalog, costs, history, evidence, comments, tally, inputs, council=None) -> dict[str, str]:
    import json

    out = {"norm_set": sha256_bytes(norm_set.model_dump_json().encode("utf-8"))}
    if catalog is not None:
        out["catalog"] = sha256_bytes(catalog.model_dump_json().encode("utf-8"))
    if costs is not None:
        summaries = docs.bind_costs(norm_set, costs)
        out["costs"] = sha256_bytes(
            json.dumps({k: {c: str(v) for c, v in s.items()} for k, s in summaries.items()}, sort_keys=True).encode()
        )
    if history:
        out["history"] = sha256_bytes(json.dumps({k: str(v) for k, v in history.items()}, sort_keys=True).encode())
    if evidence is not None:
        out["evidence"] = sha256_bytes(evidence.to_csv(index=False).encode("utf-8"))
    if comments:
        out["comments"] = sha256_bytes(json.dumps(list(comments), sort_keys=True, default=str).encode())
    if tally is not None:
        out["tally"] = sha256_bytes(tally.model_dump_json().encode("utf-8"))
    if council is not None:
        out["council"] = sha256_bytes(council.model_dump_json().encode("utf-8"))
    if inputs is not None:
        out["cost_inputs"] = sha256_bytes(repr(inputs).encode())
    return out


def _art9(info: DossierInfo, specs) -> list[dict]:
    from .papers.tt47 import art9_manifest

    return art9_manifest(info.route, {s.template: s.filename for s in specs if s is not None})


def _refuse_filled(out_dir: Path) -> None:
    """A dossier is written into an empty or new folder unless overwriting was asked for."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise InputError(
            Problem(
                tr("writer.not_empty", out_dir=out_dir),
                Location(str(out_dir)),
                "exists",
                tr("writer.acc_empty"),
            )
        )


def _pdf_copies(tmp: Path, files: list[str], warnings: list[str]) -> list[str]:
    """PDF copies of ``files`` (in ``pdf/``) through LibreOffice; none, with a warning, when it fails."""
    from .office import OfficeConversionError, OfficeUnavailable, convert_many

    try:
        made = convert_many([tmp / f for f in files], tmp / "pdf", "pdf")
        return [f"pdf/{p.name}" for p in made]
    except OfficeUnavailable:
        warnings.append(tr("writer.no_libreoffice"))
    except OfficeConversionError as exc:
        warnings.append(tr("writer.pdf_failed", exc=exc))
    shutil.rmtree(tmp / "pdf", ignore_errors=True)
    return []


def _one_norm_per_column(norm_set):
    """The norm set with each norm of variant columns as one norm per column (norm.variant_norms())."""
    if any(n.variants for n in norm_set):
        return norm_set.model_copy(update={"norms": [v for n in norm_set for v in n.variant_norms()]})
    return norm_set


def _used_templates(specs, tset: TemplateSet) -> dict[str, str]:
    """Each template used, bundled or the user's, with its SHA-256 (for the manifest)."""
    return {
        spec.template: ("user:" if tset.is_user(spec.template) else "bundled:") + sha256_file(tset.path(spec.template))
        for spec in specs
    }


def _write_workbook(norm_set, path: Path, inputs, stats_lines: Sequence[tuple] | None, warnings: list[str]) -> bool:
    """Write the workbook (with the sheet "Thống kê" when lines were built statistically); False, with a
    warning, when its integer formulas cannot be exact (the documents are written anyway)."""
    from .stats_sheet import add_stats_sheet
    from .workbook import ExactnessError, write_workbook

    try:
        write_workbook(
            norm_set,
            path,
            inputs,
            extra_sheets=[lambda wb: add_stats_sheet(wb, list(stats_lines))] if stats_lines else None,
        )
    except ExactnessError as exc:
        warnings.append(tr("writer.workbook_skipped", exc=exc))
        return False
    return True


def _workbook_inputs(norm_set, costs, prices, parameters, on: _dt.date, warnings: list[str]):
    """The workbook's inputs: read back from the costing results (which the workbook then replays), else from
    the parameters in force on ``on``; None, with a warning, when they are unavailable."""
    from .workbook import CostInputs

    try:
        if (
            costs is not None
            and isinstance(costs, Mapping)
            and costs
            and all(hasattr(up, "lines") and hasattr(up, "options") for up in costs.values())
        ):
            # the workbook replays dinhmuc.costing with the parameters the costing was given
            inputs = CostInputs.from_unit_prices(norm_set, costs, parameters)
            warnings += [tr("writer.no_replay", m=m) for m in inputs.mismatches(norm_set, costs)]
            return inputs
        return CostInputs.from_parameters(norm_set, on, prices=prices, parameters=parameters)
    except Exception as exc:  # noqa: BLE001 - the documents do not need the workbook
        warnings.append(tr("writer.workbook_skipped_params", isoformat=on.isoformat(), exc=exc))
        return None


def write_dossier(
    norm_set,
    out_dir,
    *,
    project: DossierInfo | Mapping[str, object] | None = None,
    costs=None,
    evidence=None,
    catalog=None,
    templates=None,
    pdf: bool = False,
    draft_mark: bool = True,
    history: Mapping[str, object] | None = None,
    comments: Sequence[Mapping[str, object]] | None = None,
    tally=None,
    prices: Mapping[str, object] | None = None,
    cost_inputs=None,
    parameters=None,
    workbook: bool = True,
    charts: bool = True,
    overwrite: bool = False,
    council=None,
    appraisal=None,
    explanations: Sequence[Mapping[str, object]] | None = None,
    tt47=None,
    stats_lines: Sequence[tuple] | None = None,
) -> DossierResult:
    """Draft the appraisal dossier of ``norm_set`` into ``out_dir`` (hồ sơ trình thẩm định).

    ``project``: a :class:`DossierInfo` (or dict) with the metadata a norm set
    lacks; ``costs``: service code -> costing result (``dm.cost_norm``) for the
    trial unit prices; ``history``: code -> average actual cost of the
    preceding years; ``evidence``: a DataFrame of observations (columns
    ``norm``, ``line``, ``value`` and optionally ``year``, ``excluded``);
    ``catalog``: the service catalogue the forms are pre-filled from (the
    bundled one by default); ``templates``: a folder of the user's own
    templates (sandboxed); ``comments``: the comment-response rows; ``tally``:
    a result of ``dm.tally`` (by default the council's own count); ``council``: the appraisal council
    (:class:`~dinhmuc.appraisal.council.Council` or its dict) — members, presence, meeting, ballots;
    ``appraisal``: the checks' result, whose warnings and errors the explanatory report lists as points to
    explain; ``explanations``: the project's declared answers to those points; ``prices``: material/equipment
    name -> price for the workbook. ``draft_mark`` prints "DỰ THẢO – dữ liệu minh họa" in
    every header. Refuses a non-empty ``out_dir`` unless ``overwrite=True``.
    ``tt47``: a :class:`~dinhmuc.dossier.papers.gaps.TT47Inputs` (route, procedure facts, council file,
    declared methods) for the TT 47 Art. 9 papers; by default the route of ``project``, the ``council`` and
    no procedure facts (the papers are forms with marked blanks, listed in the one missing-facts warning).
    ``stats_lines``: the statistically built lines (:func:`~dinhmuc.dossier.stats_sheet.stats_lines_of`) for
    the workbook's sheet "Thống kê" with live formulas; none, no sheet.

    >>> import pathlib, tempfile, dinhmuc as dm
    >>> norm_set = dm.load_norm_set(dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> one = norm_set.model_copy(update={"norms": norm_set.norms[:1]})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ho_so"
    >>> result = dm.write_dossier(one, out, workbook=False, charts=False)
    >>> sorted(path.name for path in result.files)[:3]
    ['01_quyet_dinh.docx', '02_dinh_muc_kem_theo.docx', '03_thuyet_minh.docx']
    """
    from ..params import default_parameters

    t_start = time.perf_counter()
    # tables hook: the annex prints a norm with variant columns as its one published table; every other paper,
    # the workbook and the charts read line by line, so they see one norm per column (norm.variant_norms()).
    published = norm_set
    norm_set = _one_norm_per_column(norm_set)
    out_dir = Path(out_dir)
    if not overwrite:
        _refuse_filled(out_dir)
    info = DossierInfo.for_norm_set(norm_set, project)
    if tt47 is not None:
        info.route = tt47.route  # one route for the decision, its annexes and the route's papers
    if council is not None:
        from .papers.council import as_council

        council = as_council(council)
    if parameters is None:
        parameters = default_parameters()
    tset = TemplateSet(templates)
    warnings: list[str] = []
    timings: dict[str, float] = {"charts": 0.0, "documents": 0.0}

    def render(spec) -> float:
        t0 = time.perf_counter()
        render_template(
            spec.template,
            spec.context,
            tmp / spec.filename,
            templates=tset,
            subdocs=spec.subdocs,
            draft_mark=draft_mark,
            title=spec.title,
            finish=spec.finish,
        )
        return time.perf_counter() - t0

    from ..core.files import apply_umask
    from ..core.outputs import interruptible

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # a hidden sibling (.NAME.<random>.tmp): removed on any failure or SIGTERM/SIGHUP, swept by the next build after -9
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    signals = interruptible()
    signals.__enter__()
    try:
        # One process, in dossier order: the charts of the report are drawn first (each once per process, see
        # charts.draw), then every document is rendered, then the workbook.
        chart_png = _timed_charts(norm_set, costs, evidence, charts, timings)
        if catalog is None:
            from ..catalog import load_catalog

            catalog = load_catalog()
        on = info.decision_date or info.submission_date or _dt.date.today()
        inputs = cost_inputs
        if inputs is None and workbook:
            inputs = _workbook_inputs(norm_set, costs, prices, parameters, on, warnings)
        specs = build_documents(
            norm_set,
            info,
            costs=costs,
            history=history,
            evidence=evidence,
            catalog=catalog,
            comments=comments,
            tally=tally,
            parameters=parameters,
            inputs=inputs,
            council=council,
            appraisal=appraisal,
            explanations=explanations,
            tt47=tt47,
            published=published,
            chart_png=chart_png,
        )
        for spec in specs:
            timings["documents"] += render(spec)
        if inputs is not None:
            t0 = time.perf_counter()
            if not _write_workbook(norm_set, tmp / WORKBOOK_NAME, inputs, stats_lines, warnings):
                inputs = None
            timings["workbook"] = time.perf_counter() - t0
        files = [spec.filename for spec in specs] + ([WORKBOOK_NAME] if inputs is not None else [])
        used_templates = _used_templates(specs, tset)
        if pdf:
            t0 = time.perf_counter()
            files += _pdf_copies(tmp, files, warnings)
            timings["pdf"] = time.perf_counter() - t0
        facts = missing_facts(specs)
        facts_warning = missing_warning(facts)
        if facts_warning is not None:
            warnings.insert(0, facts_warning)
        manifest = build_manifest(
            tmp,
            files,
            _hash_inputs(norm_set, catalog, costs, history, evidence, comments, tally, inputs, council),
            parameters=parameters,
            templates=used_templates,
            warnings=warnings,
            tt47_art9=_art9(info, specs),
        )
        write_manifest(tmp, manifest)
        # atomic swap: the finished folder replaces out_dir in one rename
        from ..core.yamlio import replace_folder

        apply_umask(tmp)  # mkdtemp/mkstemp make 0700/0600: the dossier's modes follow the umask (issue 10.8)
        replace_folder(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        signals.__exit__(None, None, None)
    timings["total"] = time.perf_counter() - t_start
    return DossierResult(
        out_dir,
        [out_dir / f for f in files],
        out_dir / "manifest.json",
        warnings,
        timings,
        facts,
        {spec.filename: list(spec.missing) for spec in specs if spec.missing},
        chart_png,
    )
