"""``appraise``: every check and comparison on a norm set, as one :class:`AppraisalResult`.

A blank norm of the catalogue (every quantity still 0) fails:

>>> import dinhmuc as dm, datetime as dt
>>> cat = dm.load_catalog()
>>> s = dm.NormSet(title="Thử", norms=[cat["KC01"].blank_norm()])
>>> r = dm.appraise(s, catalog=cat, options={"on": dt.date(2026, 1, 15)})
>>> r.ok, r.verdict("KC01"), r.line_frame()["verdict"].unique().tolist()
(False, 'không đạt', ['không đạt'])
>>> print(next(f.reason for f in r.findings if f.line == "TB1"))
Máy móc, thiết bị «Máy chiếu»: số lượng bằng 0 — chưa có số liệu (dòng mẫu của danh mục chưa được điền)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.i18n import tr
from ..norm import NormSet
from ..params import Parameters, default_parameters
from .checks import (
    FAIL,
    PASS,
    PASS_EXPLAINED,
    REVIEW,
    SEVERITY_ORDER,
    AppraisalOptions,
    Finding,
    LegalRules,
    check_completeness,
    check_consistency,
    check_evidence,
    check_legal,
    resolve_rules,
    working_hours,
)
from .compare import (
    CostsInput,
    EvidenceInput,
    HistoryInput,
    compare_distribution,
    compare_prices,
    compare_reference,
    evidence_values,
)
from .diff import line_name

if TYPE_CHECKING:
    import pandas as pd

    from ..catalog import Catalog
    from ..dossier.templating import TemplateSet
    from .council import Council
    from .diff import NormSetDiff

__all__ = ["AppraisalResult", "appraise", "VERDICTS"]

#: Verdicts from best to worst.
VERDICTS = (PASS, PASS_EXPLAINED, REVIEW, FAIL)


def _worst(findings: list[Finding]) -> str:
    if not findings:
        return PASS
    return max((f.verdict for f in findings), key=VERDICTS.index)


@dataclass
class AppraisalResult:
    """The checks' findings on one norm set, with the verdict per norm and per line."""

    norm_set: NormSet
    findings: list[Finding]
    options: AppraisalOptions
    on: _dt.date
    rules: LegalRules
    catalog_title: str | None = None
    reference_title: str | None = None
    council: Council | None = None
    previous: NormSetDiff | None = None  # against the previous version, when given
    extra: dict[str, object] = field(default_factory=dict)

    # -- verdicts ----------------------------------------------------------

    @property
    def ok(self) -> bool:
        """True when no check found an error (warnings are for the council to weigh)."""
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def flagged(self) -> list[Finding]:
        """Findings whose verdict is not a plain pass, worst first, in set order."""
        order = {c: i for i, c in enumerate(self.norm_set.codes)}
        return sorted(
            (f for f in self.findings if f.flagged),
            key=lambda f: (order.get(f.norm or "", -1), -SEVERITY_ORDER[f.severity]),
        )

    def verdict(self, norm: str | None = None, line: str | None = None) -> str:
        """The verdict of the set (no argument), a norm, or a line: the worst of its findings."""
        return _worst(
            [f for f in self.findings if (norm is None or f.norm == norm) and (line is None or f.line == line)]
        )

    def verdicts(self) -> dict[str | None, str]:
        """:meth:`verdict` of every norm with findings (code -> verdict; None: the set-level findings), in one pass."""
        by_norm: dict[str | None, list[Finding]] = {}
        for f in self.findings:
            by_norm.setdefault(f.norm, []).append(f)
        return {code: _worst(fs) for code, fs in by_norm.items()}

    # -- tables ------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """Every finding as a DataFrame (norm, line, field, check, severity, verdict, reason, code)."""
        import pandas as pd

        cols = ["norm", "line", "field", "check", "severity", "verdict", "reason", "code"]
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=cols)

    def summary_frame(self) -> pd.DataFrame:
        """One row per norm: lines, errors, warnings, verdict (and a row for the set-level findings)."""
        import pandas as pd

        rows = []
        by_norm: dict[str | None, list[Finding]] = {}  # one pass over the findings (a scan per norm was quadratic)
        for f in self.findings:
            by_norm.setdefault(f.norm, []).append(f)
        for norm in self.norm_set.norms:
            fs = by_norm.get(norm.code, [])
            rows.append(
                {
                    "norm": norm.code,
                    "name": norm.name,
                    "lines": len(norm.lines()),
                    "errors": sum(f.severity == "error" for f in fs),
                    "warnings": sum(f.severity == "warning" for f in fs),
                    "flagged_lines": len({f.line for f in fs if f.line and f.flagged}),
                    "verdict": _worst(fs),
                }
            )
        general = [f for f in self.findings if f.norm is None]
        if general:
            rows.append(
                {
                    "norm": "(chung)",
                    "name": "Tham số pháp lý, căn cứ chung",
                    "lines": 0,
                    "errors": sum(f.severity == "error" for f in general),
                    "warnings": sum(f.severity == "warning" for f in general),
                    "flagged_lines": 0,
                    "verdict": _worst(general),
                }
            )
        return pd.DataFrame(rows, columns=["norm", "name", "lines", "errors", "warnings", "flagged_lines", "verdict"])

    def line_frame(self) -> pd.DataFrame:
        """One row per line of every norm: its verdict and the reasons of its flagged findings."""
        import pandas as pd

        rows = []
        by_line: dict[tuple, list] = {}  # one pass over the findings (a scan per line was quadratic)
        for f in self.findings:
            by_line.setdefault((f.norm, f.line), []).append(f)
        for norm in self.norm_set.norms:
            for comp, line in norm.lines():
                fs = by_line.get((norm.code, line.id), [])
                rows.append(
                    {
                        "norm": norm.code,
                        "line": line.id,
                        "component": comp,
                        "item": line_name(line),
                        "verdict": _worst(fs),
                        "reasons": "; ".join(f.reason for f in fs if f.flagged),
                    }
                )
        return pd.DataFrame(rows, columns=["norm", "line", "component", "item", "verdict", "reasons"])

    def summary_text(self) -> str:
        """Two lines for ``dinhmuc build`` output."""
        return tr(
            "assistant.summary",
            n=len(self.norm_set),
            errors=len(self.errors),
            warnings=len(self.warnings),
            verdict=tr("assistant.passed") if self.ok else tr("assistant.not_passed"),
            on=self.on.isoformat(),
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{self.summary_text()}</b></p>" + self.summary_frame().to_html(index=False)

    # -- report ------------------------------------------------------------

    def write_report(
        self,
        path: str | Path,
        *,
        council: Council | Mapping[str, object] | None = None,
        number: str | None = None,
        date: _dt.date | None = None,
        place: str | None = None,
        recipients: Sequence[str] | None = None,
        draft_mark: bool = True,
        templates: TemplateSet | str | Path | None = None,
    ) -> Path:
        """Write the appraisal report (báo cáo thẩm định) .docx; see :func:`report.write_appraisal_report`."""
        from .report import write_appraisal_report

        return write_appraisal_report(
            self,
            path,
            council=council,
            number=number,
            date=date,
            place=place,
            recipients=recipients,
            draft_mark=draft_mark,
            templates=templates,
        )


def _appraisal_date(norm_set: NormSet, options: AppraisalOptions) -> _dt.date:
    return options.on or norm_set.signed_on or norm_set.effective_from or _dt.date.today()


def appraise(
    norm_set: NormSet | str | Path,
    catalog: Catalog | None = None,
    reference: NormSet | str | Path | None = None,
    evidence: EvidenceInput = None,
    costs: CostsInput = None,
    history: HistoryInput = None,
    params: Parameters | None = None,
    options: AppraisalOptions | Mapping[str, object] | None = None,
    council: Council | Mapping[str, object] | None = None,
    previous: NormSet | str | Path | None = None,
) -> AppraisalResult:
    """Run every check and comparison on ``norm_set`` for the appraisal council.

    ``catalog``: the service catalogue (completeness and consistency against it;
    None skips those parts). ``reference``: a norm set to compare lines with.
    ``evidence``: the evidence values (see :mod:`.compare`). ``costs``: trial
    unit prices by norm code (a number or anything with ``.total``, e.g.
    ``dm.cost_norm`` results). ``history``: actual costs by norm and year.
    ``params``: legal parameters (bundled by default). ``options``:
    :class:`AppraisalOptions`. ``council``: a :class:`~.council.Council`
    (printed in the report). ``previous``: an earlier version of the set; the
    report then lists what changed.

    >>> import dinhmuc as dm
    >>> result = dm.appraise(dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> result.ok, len(result.errors)
    (True, 0)
    >>> result.summary_frame().columns[:4].tolist()
    ['norm', 'name', 'lines', 'errors']
    """
    from ..io.normio import load_norm_set
    from .council import Council
    from .diff import diff_norm_sets

    def as_set(value: NormSet | str | Path) -> NormSet:
        return value if isinstance(value, NormSet) else load_norm_set(value)

    norm_set = as_set(norm_set)
    ref_set = as_set(reference) if reference is not None else None
    previous_set = as_set(previous) if previous is not None else None
    if council is not None and not isinstance(council, Council):
        council = Council.model_validate(council)
    options = options if isinstance(options, AppraisalOptions) else AppraisalOptions.model_validate(options or {})
    params = params or default_parameters()
    on = _appraisal_date(norm_set, options)
    rules = resolve_rules(params, on)
    hours = working_hours(params, on)
    values = evidence_values(evidence)

    findings: list[Finding] = []
    for norm in norm_set.norms:
        spec = None
        if catalog is not None and norm.code in catalog:
            spec = catalog[norm.code]
        findings += check_completeness(norm, spec, options, catalog_given=catalog is not None)
        findings += check_consistency(norm, spec, options, hours)
        findings += check_evidence(norm, rules, values)
    findings += check_legal(norm_set, params, on, options)
    findings += compare_reference(norm_set, ref_set, options)
    findings += compare_distribution(norm_set, values, options)
    findings += compare_prices(costs, history, on, options, params)
    return AppraisalResult(
        norm_set=norm_set,
        findings=findings,
        options=options,
        on=on,
        rules=rules,
        catalog_title=getattr(catalog, "title", None),
        reference_title=getattr(ref_set, "title", None),
        council=council,
        previous=diff_norm_sets(previous_set, norm_set) if previous_set is not None else None,
    )
