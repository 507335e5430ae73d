"""Comparisons for the council (so sánh): reference norm, evidence distribution, actual costs.

* each norm line against the **reference norm** (định mức tham chiếu: the set in
  force, a neighbouring province's, a ministry's) — lines paired as in
  :mod:`dinhmuc.appraisal.diff`; a difference beyond ``reference_threshold_pct``
  (±15 % by default) is flagged;
* each norm line against the **distribution of its evidence**: outside the
  observed range, or beyond ``evidence_threshold_pct`` from the median;
* each **trial unit price** (đơn giá thử) against the average actual cost of
  the preceding years (NĐ 60/2021/NĐ-CP Art. 5: 3 years), beyond
  ``price_threshold_pct``.

Evidence is given as a DataFrame with columns ``norm``, ``line``, ``value``
(optionally ``field``, ``year``, ``excluded``) or as a mapping ``(norm, line)``
or ``(norm, line, field)`` -> list of values. Actual costs as a DataFrame
``norm``, ``year``, ``cost`` or a mapping ``norm -> {year: cost}``.
"""

from __future__ import annotations

import datetime as _dt
import statistics
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from ..core.i18n import tr
from ..core.vnformat import format_money, format_number, format_percent
from ..norm import EquipmentLine, NormSet
from .checks import AppraisalOptions, EvidenceValues, Finding, as_number, finding, line_where, main_field
from .diff import pair_lines

__all__ = ["compare_reference", "compare_distribution", "compare_prices", "evidence_values", "cost_history"]

_COMPARED = {"labour": ("quantity",), "materials": ("quantity",), "equipment": ("loaded", "idle")}


if TYPE_CHECKING:
    import pandas as pd

    from ..costing import UnitPrice
    from ..params import Parameters

#: Evidence values: a table (norm, line, value; optional field, year, excluded) or a mapping
#: ``"KC01/VT1"`` or ``("KC01", "VT1"[, field])`` -> values.
EvidenceInput: TypeAlias = "pd.DataFrame | Mapping[str | tuple[str, ...], Iterable[object]] | None"
#: Actual costs: a table (norm, year, cost) or a mapping norm -> {year: cost}.
HistoryInput: TypeAlias = "pd.DataFrame | Mapping[str, Mapping[int | str, object]] | None"
#: Trial unit prices: norm code -> a number or anything with ``.total``, or unit prices that know their norm.
CostsInput: TypeAlias = "Mapping[str, object] | Iterable[UnitPrice] | None"


def _is_frame(obj: object) -> TypeGuard[pd.DataFrame]:
    return hasattr(obj, "columns") and hasattr(obj, "iterrows")


def evidence_values(evidence: EvidenceInput) -> dict[tuple[str, ...], list[Decimal]]:
    """Normalise evidence to ``{(norm, line) or (norm, line, field): [values]}`` (excluded rows dropped)."""
    if evidence is None:
        return {}
    out: dict[tuple[str, ...], list[Decimal]] = {}
    if _is_frame(evidence):
        cols = set(evidence.columns)
        missing = {"norm", "line", "value"} - cols
        if missing:
            raise ValueError(tr("compare.evidence_columns", items=", ".join(sorted(missing))))
        for _, row in evidence.iterrows():
            if (
                "excluded" in cols
                and bool(row["excluded"])
                and str(row["excluded"]).lower() not in ("false", "0", "nan")
            ):
                continue
            v = as_number(row["value"])
            if v is None:
                continue
            key: tuple[str, ...] = (str(row["norm"]), str(row["line"]))
            if "field" in cols and isinstance(row["field"], str) and row["field"]:
                key = key + (row["field"],)
            out.setdefault(key, []).append(v)
        return out
    for name, values in dict(evidence).items():
        parts = tuple(name.split("/")) if isinstance(name, str) else tuple(name)
        out[parts] = [v for v in (as_number(x) for x in values) if v is not None]
    return out


def compare_reference(norm_set: NormSet, reference: NormSet | None, opts: AppraisalOptions) -> list[Finding]:
    """Each line against the same line of the reference set; beyond ±threshold is flagged."""
    if reference is None:
        return []
    out: list[Finding] = []
    C = "reference"
    thr = opts.reference_threshold_pct
    ref_title = reference.title + (f" ({reference.decision_number})" if reference.decision_number else "")
    refs = {n.code: n for n in reference.norms}
    for norm in norm_set.norms:
        ref = refs.get(norm.code)
        if ref is None:
            out.append(
                finding(
                    norm.code,
                    None,
                    C,
                    "info",
                    f"Định mức tham chiếu «{ref_title}» không có {norm.code}",
                    code="no_reference_norm",
                )
            )
            continue
        pairs, _, added = pair_lines(ref, norm)
        for comp, r, n, _how in pairs:
            for fld in _COMPARED[comp]:
                old, new = getattr(r, fld), getattr(n, fld)
                where = line_where(comp, n)
                if r.unit != n.unit:
                    out.append(
                        finding(
                            norm.code,
                            n.id,
                            C,
                            "warning",
                            f"{where}: đơn vị «{n.unit}» khác định mức tham chiếu «{r.unit}» — không so sánh được",
                            fld,
                            "reference_unit",
                        )
                    )
                    break
                if old == 0:
                    if new != 0:
                        out.append(
                            finding(
                                norm.code,
                                n.id,
                                C,
                                "warning",
                                f"{where}: {format_number(new)} {n.unit}, định mức tham chiếu bằng 0",
                                fld,
                                "reference_zero",
                            )
                        )
                    continue
                d = (new - old) / old * 100
                text = (
                    f"{where}: {format_number(new)} {n.unit} so với {format_number(old)} {n.unit} "
                    "của định mức tham chiếu "
                    f"({'+' if d > 0 else ''}{format_percent(d)}; ngưỡng ±{format_percent(thr)})"
                )
                if abs(d) > thr:
                    out.append(
                        finding(
                            norm.code,
                            n.id,
                            C,
                            "warning",
                            text + " — vượt ngưỡng, cần giải trình",
                            fld,
                            "beyond_reference",
                        )
                    )
                else:
                    out.append(finding(norm.code, n.id, C, "info", text, fld, "within_reference"))
        for comp, n in added:
            out.append(
                finding(
                    norm.code,
                    n.id,
                    C,
                    "info",
                    f"{line_where(comp, n)}: không có dòng tương ứng trong định mức tham chiếu",
                    main_field(comp),
                    "no_reference_line",
                )
            )
    return out


def compare_distribution(norm_set: NormSet, evidence: EvidenceValues, opts: AppraisalOptions) -> list[Finding]:
    """Each line against its evidence: outside [min, max] or beyond ±threshold from the median."""
    out: list[Finding] = []
    C = "distribution"
    thr = opts.evidence_threshold_pct
    for norm in norm_set.norms:
        for comp, line in norm.lines():
            for fld in _COMPARED[comp]:
                values = evidence.get((norm.code, line.id or "", fld))
                if values is None and fld == main_field(comp):
                    values = evidence.get((norm.code, line.id or ""))
                prov = line.provenance.get(fld)
                stats = prov.statistics if prov else {}
                lo: Decimal | None = None
                hi: Decimal | None = None
                med: Decimal | None = None
                n: Decimal | int | None = None
                if values:
                    lo, hi, med, n = min(values), max(values), Decimal(str(statistics.median(values))), len(values)
                else:
                    lo, hi, med = (
                        as_number(stats.get("min")),
                        as_number(stats.get("max")),
                        as_number(stats.get("median")),
                    )
                    n = as_number(stats.get("n"))
                if med is None and lo is None:
                    continue
                value = getattr(line, fld)
                idle_prov = line.provenance.get("idle") if comp == "equipment" and fld == "loaded" else None
                if isinstance(line, EquipmentLine) and idle_prov is not None and "time_of_use" in idle_prov.statistics:
                    # the evidence measured the time of use (loaded + idle), which a declared idle share then split
                    value = line.quantity
                where = line_where(comp, line)
                parts = []
                if lo is not None and hi is not None:
                    parts.append(
                        f"khoảng số liệu {format_number(lo, 4, trim=True)} - {format_number(hi, 4, trim=True)}"
                    )
                if med is not None:
                    parts.append(f"trung vị {format_number(med, 4, trim=True)}")
                if n is not None:
                    parts.append(f"n = {format_number(n)}")
                basis = ", ".join(parts)
                problems = []
                # the published value is rounded: half a unit of its last decimal is not "outside the evidence"
                d = norm.rounding_decimals if norm.rounding_decimals is not None else 2
                tol = Decimal(5).scaleb(-(d + 1))
                if lo is not None and hi is not None and not (lo - tol <= value <= hi + tol):
                    problems.append("nằm ngoài khoảng số liệu")
                if med is not None and med != 0:
                    d = (value - med) / med * 100
                    sign = "+" if d > 0 else ""
                    basis += f"; lệch {sign}{format_percent(d)} so với trung vị (ngưỡng ±{format_percent(thr)})"
                    if abs(d) > thr:
                        problems.append("lệch trung vị quá ngưỡng")
                text = f"{where}: {format_number(value)} {line.unit} ({basis})"
                if problems:
                    out.append(
                        finding(
                            norm.code, line.id, C, "warning", f"{text} — {', '.join(problems)}", fld, "beyond_evidence"
                        )
                    )
                else:
                    out.append(finding(norm.code, line.id, C, "info", text, fld, "within_evidence"))
    return out


def cost_history(history: HistoryInput) -> dict[str, dict[int, Decimal]]:
    """Normalise actual costs to ``{norm: {year: cost}}``."""
    if history is None:
        return {}
    out: dict[str, dict[int, Decimal]] = {}
    if _is_frame(history):
        missing = {"norm", "year", "cost"} - set(history.columns)
        if missing:
            raise ValueError(tr("compare.history_columns", items=", ".join(sorted(missing))))
        for _, row in history.iterrows():
            v = as_number(row["cost"])
            if v is not None:
                out.setdefault(str(row["norm"]), {})[int(row["year"])] = v
        return out
    for norm, years in dict(history).items():
        out[str(norm)] = {int(y): v for y, v in ((y, as_number(c)) for y, c in dict(years).items()) if v is not None}
    return out


def _total(price: object) -> Decimal | None:
    total = getattr(price, "total", price)
    if callable(total):
        total = total()
    return as_number(total)


def _by_norm(costs: Mapping[str, object] | Iterable[UnitPrice]) -> dict[str, object]:
    """Trial prices by norm code: a mapping, or a list of unit prices that know their norm (``.norm``)."""
    if isinstance(costs, Mapping):
        return {str(k): v for k, v in costs.items()}
    return {str(p.norm): p for p in costs}


def compare_prices(
    costs: CostsInput, history: HistoryInput, on: _dt.date, opts: AppraisalOptions, params: Parameters | None = None
) -> list[Finding]:
    """Each trial unit price against the average actual cost of the preceding years (NĐ 60/2021 Art. 5)."""
    if not costs:
        return []
    out: list[Finding] = []
    C = "price"
    hist = cost_history(history)
    k = opts.price_history_years
    if k is None:
        from ..params import default_parameters

        k = int((params or default_parameters()).value("norm_rules.price_history_years", on))
    years = list(range(on.year - k, on.year))
    thr = opts.price_threshold_pct
    for norm, price in _by_norm(costs).items():
        total = _total(price)
        if total is None:
            out.append(finding(norm, None, C, "warning", "Không đọc được đơn giá thử", code="no_price"))
            continue
        have = hist.get(norm, {})
        known = [y for y in years if y in have]
        basis = f"NĐ 60/2021/NĐ-CP Điều 5: bình quân chi phí thực tế {k} năm trước liền kề ({years[0]}-{years[-1]})"
        if not known:
            out.append(
                finding(
                    norm,
                    None,
                    C,
                    "warning",
                    f"Đơn giá thử {format_money(total)} đồng: không có chi phí thực tế các "
                    f"năm {years[0]}-{years[-1]} để so sánh ({basis})",
                    code="no_history",
                )
            )
            continue
        avg = sum((have[y] for y in known), Decimal(0)) / len(known)
        d = (total - avg) / avg * 100 if avg else None
        shown = "; ".join(f"{y}: {format_money(have[y])}" for y in known)
        text = (
            f"Đơn giá thử {format_money(total)} đồng so với chi phí thực tế bình quân "
            f"{format_money(avg)} đồng ({shown})"
            + (f": {'+' if d > 0 else ''}{format_percent(d)}, ngưỡng ±{format_percent(thr)}" if d is not None else "")
        )
        if len(known) < k:
            missing = [y for y in years if y not in have]
            out.append(
                finding(
                    norm,
                    None,
                    C,
                    "warning",
                    f"{text}; thiếu số liệu năm {', '.join(map(str, missing))} ({basis})",
                    code="partial_history",
                )
            )
        elif d is not None and abs(d) > thr:
            out.append(
                finding(
                    norm, None, C, "warning", f"{text} — vượt ngưỡng, cần giải trình ({basis})", code="beyond_history"
                )
            )
        else:
            out.append(finding(norm, None, C, "info", f"{text} ({basis})", code="within_history"))
    return out
