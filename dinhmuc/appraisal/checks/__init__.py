"""Automated checks for the appraisal council (kiểm tra tự động phục vụ thẩm định).

Each check gives a :class:`Finding` per norm or per line with a verdict and the
reason in Vietnamese, with the figures it rests on. Four families, one module each:

* :mod:`.completeness` (tính đầy đủ) against the catalogue: every work step has
  labour (labour lines name the steps they perform in ``steps``); every
  equipment line has loaded and idle time; every material has a unit and a
  specification; no line is left at 0; catalogue lines missing from the norm;
* :mod:`.consistency` (tính thống nhất): the norm's unit and reference scale, each
  line's unit and drivers against the catalogue, the indirect-labour share
  within the declared bounds (:class:`AppraisalOptions`);
* :mod:`.evidence` (tính đủ của số liệu): the statistical method needs 3
  consecutive years, at least 5 observations (or a recorded override) and a
  spread within 20 % (otherwise flagged) — the numbers come from the legal
  parameters ``norm_rules.statistical_years``, ``norm_rules.min_observations``
  and ``norm_rules.max_spread_pct`` (:mod:`.rules`), never from this code;
* :mod:`.legal` (tham số pháp lý): values in force still flagged unverified and
  citations of documents superseded by a later value of a parameter.

What a check reports is in :mod:`.findings`; the thresholds that are practice, not
law (±15 %, indirect labour 0-15 %), are declared in :class:`AppraisalOptions`
(:mod:`.options`). Numbers are written by :mod:`dinhmuc.core.vnformat`.
"""

from __future__ import annotations

from .completeness import check_completeness
from .consistency import check_consistency, labour_cong
from .evidence import EvidenceValues, as_number, check_evidence, parse_years, spread_of
from .findings import (
    CHECK_LABELS,
    FAIL,
    PASS,
    PASS_EXPLAINED,
    REVIEW,
    SEVERITY_ORDER,
    VERDICT_OF,
    AnyLine,
    Finding,
    Severity,
    SpecLine,
    finding,
    line_where,
    main_field,
    match_spec,
)
from .legal import check_legal, doc_number, show_value, superseded_documents
from .options import AppraisalOptions
from .rules import LegalRules, cite, ground, resolve_rules, working_hours

__all__ = [
    "AppraisalOptions",
    "AnyLine",
    "CHECK_LABELS",
    "EvidenceValues",
    "FAIL",
    "Finding",
    "LegalRules",
    "PASS",
    "PASS_EXPLAINED",
    "REVIEW",
    "SEVERITY_ORDER",
    "Severity",
    "SpecLine",
    "VERDICT_OF",
    "as_number",
    "check_completeness",
    "check_consistency",
    "check_evidence",
    "check_legal",
    "cite",
    "doc_number",
    "finding",
    "ground",
    "labour_cong",
    "line_where",
    "main_field",
    "match_spec",
    "parse_years",
    "resolve_rules",
    "show_value",
    "spread_of",
    "superseded_documents",
    "working_hours",
]
