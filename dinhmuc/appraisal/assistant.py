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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from .compare import compare_distribution, compare_prices, compare_reference, evidence_values
from .diff import line_name

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
    council: Any = None  # council.Council
    previous: Any = None  # diff.NormSetDiff against the previous version, when given
    extra: dict[str, Any] = field(default_factory=dict)

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
            (f for f in self.findings if f.flagged), key=lambda f: (order.get(f.norm, -1), -SEVERITY_ORDER[f.severity])
        )

    def verdict(self, norm: str | None = None, line: str | None = None) -> str:
        """The verdict of the set (no argument), a norm, or a line: the worst of its findings."""
        return _worst(
            [f for f in self.findings if (norm is None or f.norm == norm) and (line is None or f.line == line)]
        )

    # -- tables ------------------------------------------------------------

    def to_frame(self):
        """Every finding as a DataFrame (norm, line, field, check, severity, verdict, reason, code)."""
        import pandas as pd

        cols = ["norm", "line", "field", "check", "severity", "verdict", "reason", "code"]
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=cols)

    def summary_frame(self):
        """One row per norm: lines, errors, warnings, verdict (and a row for the set-level findings)."""
        import pandas as pd

        rows = []
        for norm in self.norm_set.norms:
            fs = [f for f in self.findings if f.norm == norm.code]
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

    def line_frame(self):
        """One row per line of every norm: its verdict and the reasons of its flagged findings."""
        import pandas as pd

        rows = []
        for norm in self.norm_set.norms:
            for comp, line in norm.lines():
                fs = [f for f in self.findings if f.norm == norm.code and f.line == line.id]
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
        return (
            f"Thẩm định tự động: {len(self.norm_set)} định mức, {len(self.errors)} lỗi, {len(self.warnings)} "
            f"cảnh báo — {'đạt' if self.ok else 'chưa đạt'} (ngày áp dụng tham số {self.on.isoformat()})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{self.summary_text()}</b></p>" + self.summary_frame().to_html(index=False)

    # -- report ------------------------------------------------------------

    def write_report(self, path: str | Path, **kwargs) -> Path:
        """Write the appraisal report (báo cáo thẩm định) .docx; see :func:`report.write_appraisal_report`."""
        from .report import write_appraisal_report

        return write_appraisal_report(self, path, **kwargs)


def _appraisal_date(norm_set: NormSet, options: AppraisalOptions) -> _dt.date:
    return options.on or norm_set.signed_on or norm_set.effective_from or _dt.date.today()


def appraise(
    norm_set: NormSet | str | Path,
    catalog=None,
    reference: NormSet | str | Path | None = None,
    evidence: Any = None,
    costs: Any = None,
    history: Any = None,
    params: Parameters | None = None,
    options: AppraisalOptions | dict | None = None,
    council=None,
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

    if not isinstance(norm_set, NormSet):
        norm_set = load_norm_set(norm_set)
    if reference is not None and not isinstance(reference, NormSet):
        reference = load_norm_set(reference)
    if previous is not None and not isinstance(previous, NormSet):
        previous = load_norm_set(previous)
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
    findings += compare_reference(norm_set, reference, options)
    findings += compare_distribution(norm_set, values, options)
    findings += compare_prices(costs, history, on, options, params)
    return AppraisalResult(
        norm_set=norm_set,
        findings=findings,
        options=options,
        on=on,
        rules=rules,
        catalog_title=getattr(catalog, "title", None),
        reference_title=getattr(reference, "title", None),
        council=council,
        previous=diff_norm_sets(previous, norm_set) if previous is not None else None,
    )
