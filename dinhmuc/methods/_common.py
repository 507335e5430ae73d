"""Helpers shared by the methods: exact numbers, rounding, legal parameters, text."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..core.i18n import tr
from ..norm import canonical_decimal

#: Derived Decimals (quotients of the standard, experimental and aid methods, statistics shown in
#: texts) are kept to this many significant digits (HALF-UP) so that a model can store them.
FLOAT_DIGITS = 12


def dec(x: Any) -> Decimal:
    """The exact Decimal of an evidence figure: a float through its shortest repr (at most 15 significant
    digits, as :func:`dinhmuc.core.numbers.exact` reads it), an int or Decimal as it is; canonical.

    >>> dec(0.1 + 0.2), dec(2.06666666666667), dec(3)
    (Decimal('0.3'), Decimal('2.06666666666667'), Decimal('3'))
    """
    from ..core.numbers import exact

    if isinstance(x, Decimal):
        return canonical_decimal(x)
    if isinstance(x, int):
        return Decimal(x)
    try:
        return canonical_decimal(exact(x))
    except ValueError:
        raise ValueError(tr("common.not_finite", x=x)) from None


def fit(d: Decimal) -> Decimal:
    """A Decimal cut to 12 significant digits (HALF-UP), canonical — what a model can store."""
    d = canonical_decimal(d)
    digits = len(d.as_tuple().digits)
    if digits > FLOAT_DIGITS:
        exp = d.adjusted() - FLOAT_DIGITS + 1
        d = canonical_decimal(d.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP))
    return d


def round_half_up(d: Decimal, places: int) -> Decimal:
    """Round HALF-UP to ``places`` decimals (the published value), canonical.

    >>> round_half_up(Decimal("59.425"), 2), round_half_up(Decimal("2.5"), 0)
    (Decimal('59.43'), Decimal('3'))
    """
    return canonical_decimal(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def fmt(x: Any, decimals: int | None = None) -> str:
    """Vietnamese writing of a number for a calculation: ``1.234,5``; floats via :func:`dec`.

    The same text as :func:`dinhmuc.core.vnformat.format_number` for these
    canonical values, written directly because a build prints thousands of them.

    >>> fmt(1234.5), fmt(Decimal("-0.125"), 2), fmt(Decimal("1E+3"))
    ('1.234,5', '-0,13', '1.000')
    """
    d = x if isinstance(x, Decimal) else dec(x)
    if decimals is not None:
        d = d.quantize(
            _STEP[decimals] if 0 <= decimals < len(_STEP) else Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    # the canonical writing (as canonical_decimal): no trailing zeros, no exponent, no -0
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = whole[:head] + "".join("." + whole[i : i + 3] for i in range(head, len(whole), 3))
    return ("-" if d < 0 else "") + whole + ("," + frac if frac else "")


_STEP = [Decimal(1).scaleb(-p) for p in range(13)]


def fmt_places(d: Decimal, places: int) -> str:
    """A published value with exactly ``places`` decimals: ``59,40``."""
    from ..core.vnformat import format_number

    return format_number(d, decimals=places)


@dataclass
class Legal:
    """Legal parameters used by one build, recorded with their citations."""

    params: Any
    on: _dt.date
    used: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        pv = self.params.get(name, self.on)
        self.used[name] = pv.value
        if isinstance(pv.value, dict):  # cite the source once, the values are recorded key by key
            flag = "" if pv.verified else "; CHƯA KIỂM CHỨNG"
            self.used[f"{name}.citation"] = f"{pv.label} ({pv.citation}; từ {pv.start.isoformat()}{flag})"
        else:
            self.used[f"{name}.citation"] = pv.cite()
        return pv.value

    def number(self, name: str, key: str | None = None) -> Decimal:
        value = self.get(name)
        if key is not None:
            value = value[key]
        return Decimal(value)

    def record(self) -> dict[str, Any]:
        out = {}
        for k, v in self.used.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    out[f"{k}.{kk}"] = vv
            else:
                out[k] = v
        return out


def compress_rows(rows) -> str:
    """Row numbers as ranges: ``2-5, 9, 11-12``.

    >>> compress_rows([5, 2, 3, 4, 9, 11, 12])
    '2-5, 9, 11-12'
    """
    rows = sorted(int(r) for r in rows)
    out, start, prev = [], None, None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = r
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return ", ".join(out)


def default_catalog():
    """The bundled catalogue, loaded once per process (:func:`dinhmuc.catalog.default_catalog`)."""
    from ..catalog import default_catalog as bundled

    return bundled()


def line_specs(spec) -> list[dict[str, Any]]:
    """The catalogue lines of a service: id, component, name, unit, drivers, kind, heavy."""
    out = []
    for s in spec.labour:
        out.append(
            {
                "id": s.id,
                "component": "labour",
                "name": s.role,
                "unit": "công",
                "scales_with": s.scales_with,
                "kind": s.kind,
                "heavy": s.heavy,
                "steps": list(s.steps),
            }
        )
    for s in spec.materials:
        out.append(
            {
                "id": s.id,
                "component": "materials",
                "name": s.name,
                "unit": s.unit,
                "scales_with": s.scales_with,
                "kind": None,
                "heavy": False,
                "steps": [],
            }
        )
    for s in spec.equipment:
        out.append(
            {
                "id": s.id,
                "component": "equipment",
                "name": s.name,
                "unit": s.unit,
                "scales_with": s.scales_with,
                "kind": None,
                "heavy": False,
                "steps": [],
            }
        )
    return out


def lines_with_evidence(
    ev,
    spec,
    opts,
    warnings: list[str],
    problems: list,
    *,
    what: str,
    missing,
    accepted: str,
    skip=None,
    warn_indirect: bool = True,
):
    """The catalogue lines a method builds, each with its evidence rows; missing evidence reported.

    Lines outside ``opts.lines`` or matched by ``skip`` are passed over; indirect labour is left
    out when it is declared as a share of direct labour (TT 47 Art. 7). A line without rows is
    dropped with a warning (``drop_missing_lines``) or reported as a problem whose message is
    ``missing(spec, line)``; ``what`` names the evidence in the warning.
    """
    from ..core.errors import Location, Problem

    rows = ev.frame[ev.frame["service"] == spec.code]
    for line in line_specs(spec):
        lid = line["id"]
        if (skip is not None and skip(line)) or (opts.lines is not None and lid not in opts.lines):
            continue
        if line["kind"] == "indirect" and opts.indirect_labour_pct is not None:
            if warn_indirect:
                warnings.append(
                    tr("common.indirect_as_pct", code=spec.code, lid=lid, indirect_labour_pct=opts.indirect_labour_pct)
                )
            continue
        sub = rows[rows["line"] == lid]
        if sub.empty:
            if opts.drop_missing_lines:
                warnings.append(tr("common.line_dropped", code=spec.code, lid=lid, what=what))
                continue
            problems.append(
                Problem(
                    missing(spec, line), Location(ev.source, ev.sheet, None, "line", "Mã dòng"), "no_evidence", accepted
                )
            )
            continue
        yield line, sub


QUANTITY_FIELD = {"labour": "quantity", "materials": "quantity", "equipment": "loaded"}


@dataclass
class LineResult:
    """What a method found for one norm line, before rounding and assembly."""

    line: dict[str, Any]
    value: Decimal
    evidence: list[str] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)
    statistics: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the per-unit values behind the line (line, value, year, excluded, row), for charts; may be empty
    observations: list[dict[str, Any]] = field(default_factory=list)
    #: the exact value (a Fraction) when the method computed one: the published value is rounded from it
    exact: Any = None
    #: what the workbook's statistics sheet needs to redo the line (statistical method), or None
    stats_sheet: Any = None
    #: an equipment line's idle time when the method knows it (comparison keeps the reference's), with its text
    idle: Any = None
    idle_text: str | None = None
