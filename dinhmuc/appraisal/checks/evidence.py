"""Sufficiency of the evidence (tính đủ của số liệu) behind every value built from it.

The statistical method needs consecutive years, enough observations (or a recorded
override) and a spread within the limit (otherwise flagged); the numbers come from the
legal parameters ``norm_rules.statistical_years``, ``norm_rules.min_observations`` and
``norm_rules.max_spread_pct`` (:mod:`.rules`), never from this code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ...core.vnformat import format_number, format_percent
from ...norm import Method, Norm, Provenance
from .findings import PASS_EXPLAINED, AnyLine, Finding, Severity, finding, line_where, main_field
from .rules import LegalRules, cite, ground

__all__ = ["EvidenceValues", "as_number", "check_evidence", "parse_years", "spread_of"]

C = "evidence"

#: Observed values by (norm, line, field) or (norm, line),
#: as :func:`~dinhmuc.appraisal.compare.evidence_values` reads them.
EvidenceValues = Mapping[tuple[str, ...], Sequence[Decimal]]

#: Keys of a provenance record that carry the reason for accepting a value below a legal threshold.
OVERRIDE_KEYS = {
    "years": ("years_override_reason",),
    "n": ("n_override_reason", "min_observations_override_reason", "observations_override_reason"),
    "spread": ("spread_override_reason",),
}


def override_reason(prov: Provenance, kind: str) -> str | None:
    """The recorded reason for accepting ``kind`` (years, n, spread) below its threshold, if any."""
    for key in OVERRIDE_KEYS[kind]:
        v = prov.parameters.get(key) or prov.statistics.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def parse_years(value: object) -> tuple[list[int] | None, int | None]:
    """Years of evidence from ``statistics["years"]``: ``(list of years, count)``.

    A number is a count (the years themselves unknown); text lists years
    (``"2023, 2024, 2025"``) or ranges (``"2023-2025"``).

    >>> parse_years("2023-2025"), parse_years("2021, 2023"), parse_years(Decimal(3))
    (([2023, 2024, 2025], 3), ([2021, 2023], 2), (None, 3))
    """
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int | Decimal):
        return None, int(value)
    years: set[int] = set()
    for a, b in re.findall(r"((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?", str(value)):
        a_ = int(a)
        b_ = int(b) if b else a_
        years.update(range(min(a_, b_), max(a_, b_) + 1))
    if not years:
        return None, None
    ys = sorted(years)
    return ys, len(ys)


def _consecutive(years: list[int]) -> bool:
    return years == list(range(years[0], years[0] + len(years)))


def as_number(v: object) -> Decimal | None:
    """A recorded figure as a Decimal through the one number reader (dinhmuc.core.numbers); None when it is none.

    >>> as_number("12,5"), as_number(True), as_number("n/a")
    (Decimal('12.5'), None, None)
    """
    from ...core.numbers import read_number

    if isinstance(v, bool) or v is None:
        return None
    try:
        return read_number(v)
    except ValueError:
        return None


def spread_of(values: list[Decimal]) -> Decimal | None:
    """(max - min) / min x 100 — the spread of TT 13/2021/TT-BXD Phụ lục I; None if min is 0.

    >>> spread_of([Decimal(10), Decimal(12)])
    Decimal('20.0')
    """
    if len(values) < 2 or min(values) <= 0:
        return None
    return (max(values) - min(values)) / min(values) * 100


@dataclass(frozen=True)
class _Field:
    """One value of a line under check: where it is, its provenance and the evidence read for it."""

    code: str
    line_id: str | None
    where: str
    fld: str
    prov: Provenance
    values: list[Decimal]

    def add(self, out: list[Finding], severity: Severity, text: str, kind: str, verdict: str | None = None) -> None:
        out.append(finding(self.code, self.line_id, C, severity, f"{self.where}: {text}", self.fld, kind, verdict))


def _method_findings(f: _Field, method: Method | None, out: list[Finding]) -> bool:
    """A value without a method, or built by a method that is not one of TT 47's three: True when flagged."""
    if method is None:
        f.add(
            out,
            "warning",
            "không ghi phương pháp xây dựng (TT 47/2018/TT-BCT Điều 6: thống kê, tiêu chuẩn, thực nghiệm)",
            "no_method",
        )
        return True
    if not method.is_legal_method:
        f.add(
            out,
            "warning",
            f"phương pháp «{method.label}» không phải một trong ba phương pháp của TT 47/2018/TT-BCT Điều 6 và "
            "không ghi phương pháp pháp lý mà nó hỗ trợ",
            "not_legal_method",
        )
        return True
    return False


def _standard(f: _Field, out: list[Finding]) -> None:
    """The standard method needs its calculation or the standard applied."""
    prov = f.prov
    if prov.calculation or prov.evidence:
        text = "phương pháp tiêu chuẩn, có cách tính" + (f": {prov.calculation}" if prov.calculation else "")
        f.add(out, "info", text, "standard_ok")
    else:
        f.add(
            out,
            "warning",
            "phương pháp tiêu chuẩn nhưng không ghi cách tính hay tiêu chuẩn áp dụng",
            "standard_no_calculation",
        )


def _observations(f: _Field, rules: LegalRules, out: list[Finding]) -> Decimal | None:
    """The number of observations against ``norm_rules.min_observations``; returns n (None if unknown)."""
    n = as_number(f.prov.statistics.get("n"))
    if n is None and f.values:
        n = Decimal(len(f.values))
    if n is None and f.prov.evidence:
        n = Decimal(len(f.prov.evidence))
    n_cite = ground(rules.min_observations)
    if n is None:
        f.add(out, "warning", "không ghi số lượng số liệu (n)", "n_unknown")
    elif n < rules.n_min:
        reason = override_reason(f.prov, "n")
        shown = format_number(n)
        if reason:
            text = f"chỉ có {shown} số liệu (n < {rules.n_min}, {n_cite}); có giải trình: {reason}"
            f.add(out, "info", text, "few_observations_explained", PASS_EXPLAINED)
        else:
            f.add(out, "error", f"chỉ có {shown} số liệu (n < {rules.n_min}) — chưa đủ ({n_cite})", "few_observations")
    else:
        f.add(out, "info", f"{format_number(n)} số liệu (n ≥ {rules.n_min}, {n_cite})", "enough_observations")
    return n


def _years(f: _Field, rules: LegalRules, out: list[Finding]) -> None:
    """Years of the statistics: enough and consecutive (``norm_rules.statistical_years``)."""
    stats = f.prov.statistics
    y_cite = cite(rules.statistical_years)
    years, count = parse_years(stats.get("years"))
    if years is None and stats.get("year_from") is not None and stats.get("year_to") is not None:
        years, count = parse_years(f"{stats['year_from']}-{stats['year_to']}")
    sev: Severity
    if count is None:
        sev, text, kind = "warning", "không ghi các năm của số liệu thống kê", "years_unknown"
    elif count < rules.years_min:
        shown = ", ".join(map(str, years)) if years else f"{count} năm"
        sev, kind = "error", "few_years"
        text = f"số liệu chỉ có {count} năm ({shown}), cần {rules.years_min} năm liên tục ({y_cite})"
    elif years is not None and not _consecutive(years):
        sev, kind = "error", "years_not_consecutive"
        text = f"các năm {', '.join(map(str, years))} không liên tục ({y_cite}: {rules.years_min} năm liên tục)"
    else:
        shown = f"{years[0]}-{years[-1]}" if years else f"{count} năm"
        sev, text, kind = "info", f"số liệu {shown} (≥ {rules.years_min} năm liên tục, {y_cite})", "enough_years"
    reason = override_reason(f.prov, "years")
    if sev != "info" and reason:
        f.add(out, "info", f"{text}; có giải trình: {reason}", kind + "_explained", PASS_EXPLAINED)
    else:
        f.add(out, sev, text, kind)


def _spread_value(f: _Field) -> Decimal | None:
    """The spread as recorded, else from the evidence values, else from the recorded min and max."""
    stats = f.prov.statistics
    spread = as_number(stats.get("spread_pct"))
    if spread is None and f.values:
        spread = spread_of([Decimal(str(v)) for v in f.values])
    lo, hi = as_number(stats.get("min")), as_number(stats.get("max"))
    if spread is None and lo and hi is not None:
        spread = spread_of([lo, hi])
    return spread


def _spread(f: _Field, rules: LegalRules, n: Decimal | None, out: list[Finding]) -> None:
    """The spread (max - min) / min against ``norm_rules.max_spread_pct``."""
    spread = _spread_value(f)
    s_cite = ground(rules.max_spread_pct)
    limit = format_percent(rules.spread_max)
    if spread is None:
        if n is not None and n >= 2:
            f.add(out, "warning", "không ghi độ dao động của số liệu (max - min)/min", "spread_unknown")
    elif spread > rules.spread_max:
        reason = override_reason(f.prov, "spread")
        cv = as_number(f.prov.statistics.get("cv_pct"))
        extra = f", hệ số biến thiên {format_percent(cv)}" if cv is not None else ""
        if reason:
            text = f"độ dao động {format_percent(spread)} > {limit} ({s_cite}){extra}; có giải trình: {reason}"
            f.add(out, "info", text, "wide_spread_explained", PASS_EXPLAINED)
        else:
            text = (
                f"độ dao động {format_percent(spread)} vượt {limit} ({s_cite}){extra} — cần xem lại hoặc loại "
                "số liệu bất thường"
            )
            f.add(out, "warning", text, "wide_spread")
    else:
        f.add(out, "info", f"độ dao động {format_percent(spread)} ≤ {limit} ({s_cite})", "spread_ok")


def _field_findings(
    norm: Norm, comp: str, line: AnyLine, fld: str, rules: LegalRules, evidence: EvidenceValues
) -> list[Finding]:
    """Every finding on one value of a line: its provenance, method, observations, years, spread."""
    out: list[Finding] = []
    prov = line.provenance.get(fld)
    where = line_where(comp, line)
    if prov is None:
        if getattr(line, fld) != 0:
            text = (
                f"{where}: không có nguồn gốc số liệu (phương pháp, số liệu, thống kê) — Hội đồng không kiểm tra được"
            )
            out.append(finding(norm.code, line.id, C, "warning", text, fld, "no_provenance"))
        return out
    if prov.method == Method.MANUAL and fld != main_field(comp):
        return out  # a declared value (idle share, rates): checked with the declarations, not as evidence
    line_id = line.id or ""  # an evidence key names a line by its id (text)
    values = list(evidence.get((norm.code, line_id, fld)) or evidence.get((norm.code, line_id)) or [])
    f = _Field(norm.code, line.id, where, fld, prov, values)
    method = prov.legal_method or prov.method or norm.method
    if _method_findings(f, method, out):
        return out
    if method == Method.STANDARD:
        _standard(f, out)
        return out
    n = _observations(f, rules, out)  # statistical and experimental
    if method == Method.STATISTICAL:
        _years(f, rules, out)
    _spread(f, rules, n, out)
    return out


def check_evidence(norm: Norm, rules: LegalRules, evidence: EvidenceValues | None = None) -> list[Finding]:
    """For every line value built from evidence: years, observations and spread (per method)."""
    out: list[Finding] = []
    evidence = evidence or {}
    for comp, line in norm.lines():
        fields = [main_field(comp)] + sorted(f for f in line.provenance if f != main_field(comp))
        for fld in fields:
            out += _field_findings(norm, comp, line, fld, rules, evidence)
    return out
