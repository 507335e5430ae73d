"""Đơn vị đếm được — whole numbers for items that are counted whole (tờ, bộ, cái, cuốn, chiếc…).

A certificate, a set of course materials or a storage device is handed out
whole: 48,72 certificates for a class of 50 learners cannot be issued. Units
that count whole things carry ``countable: true`` in ``data/units.yaml``. How a
built quantity in such a unit becomes a whole number is a declared choice:

* the dated, cited rule ``norm_rules.countable_rounding`` as of the build date
  (default: round **up**, to a whole number **per unit of service** — TT 47/2018/
  TT-BCT Art. 4 asks the norm to be sufficient, "đủ", for one service);
* or the project's own rule, ``build: countable_rounding: {mode, per, reason}``
  (:class:`CountableRounding`), recorded with its reason.

``mode``: ``up`` (làm tròn lên), ``half_up`` (làm tròn tới số nguyên gần nhất,
nửa lên) or ``none`` (keep the decimals: a declared exception). ``per``:
``service`` (a whole number in one unit of the norm) or ``driver`` (a whole
number for each unit of the scale driver the line scales with — per learner,
per delegate: ``ceil(q / reference) x reference``); a line that scales with no
driver is rounded per unit of service.

The rule used is written into the line's provenance (parameters and the
calculation), so the explanatory report shows it.

>>> from decimal import Decimal
>>> whole_number(Decimal("48.72"), "up"), whole_number(Decimal("1.06"), "half_up"), whole_number(Decimal("3"), "up")
(Decimal('49'), Decimal('1'), Decimal('3'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from ..core.i18n import tr

__all__ = ["CountableRounding", "WholeQuantity", "is_countable", "round_line", "whole_number"]

RULE = "norm_rules.countable_rounding"
_MODES = {
    "up": "làm tròn lên số nguyên",
    "half_up": "làm tròn tới số nguyên gần nhất (nửa lên)",
    "none": "giữ số thập phân (ngoại lệ khai báo)",
}
_PER = {"service": "cho 01 đơn vị định mức", "driver": "cho mỗi đơn vị quy mô"}


class CountableRounding(BaseModel):
    """A project's own rule for quantities in countable units (khai báo làm tròn đơn vị đếm được)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["up", "half_up", "none"] = "up"
    per: Literal["service", "driver"] = "service"
    reason: str | None = None

    @model_validator(mode="after")
    def _reason_for_decimals(self) -> CountableRounding:
        if self.mode == "none" and not (self.reason or "").strip():
            raise ValueError(tr("countable.none_needs_reason"))
        return self


@dataclass(frozen=True)
class WholeQuantity:
    """A quantity made whole, with the calculation step and the parameters for the line's provenance."""

    value: Decimal
    calculation: str
    parameters: dict[str, Any] = field(default_factory=dict)


def whole_number(value: Decimal, mode: str) -> Decimal:
    """``value`` as a whole number by ``mode`` (``up`` or ``half_up``); ``none`` returns it unchanged."""
    if mode == "none":
        return value
    rounding = ROUND_CEILING if mode == "up" else ROUND_HALF_UP
    return value.quantize(Decimal(1), rounding=rounding)


def is_countable(unit: str, registry=None) -> bool:
    """True when ``unit`` is declared ``countable`` in the units list in use (``data/units.yaml``)."""
    from ..core.registry import active_registry

    u = (registry or active_registry()).units.get(unit)
    return bool(u is not None and getattr(u, "countable", False))


def _fmt(value: Decimal) -> str:
    from ..core.vnformat import format_number

    return format_number(value)


def round_line(line: dict, spec, published: Decimal, opts, legal) -> WholeQuantity | None:
    """The whole quantity of a built material line in a countable unit, or None for any other line.

    ``line``: the catalogue line (dict with ``component``, ``unit``,
    ``scales_with``); ``spec``: its service (drivers and their reference
    values); ``published``: the value rounded to the published decimals;
    ``opts``: the build options (``countable_rounding`` declared or None);
    ``legal``: the build's legal parameters (:class:`~dinhmuc.methods._common.Legal`).
    """
    if line.get("component") != "materials" or not is_countable(str(line.get("unit"))):
        return None
    declared = getattr(opts, "countable_rounding", None)
    if declared is not None:
        rule = CountableRounding.model_validate(declared) if not isinstance(declared, CountableRounding) else declared
        source = "khai báo của dự án (countable_rounding)" + (f": {rule.reason}" if rule.reason else "")
    else:
        pv = legal.params.get(RULE, legal.on)
        rule = CountableRounding(mode=pv.value["mode"], per=pv.value.get("per", "service"))
        source = f"{pv.label} ({pv.citation}; từ {_date(pv.start)}{'' if pv.verified else '; chưa kiểm chứng'})"
    unit = line["unit"]
    refs = {d.code: Decimal(d.reference) for d in getattr(spec, "drivers", [])}
    scales = [refs[c] for c in line.get("scales_with") or [] if c in refs]
    if rule.per == "driver" and scales:
        base = Decimal(1)
        for r in scales:
            base *= r
        value = whole_number(published / base, rule.mode) * base
        how = (
            f"{_fmt(published)} / {_fmt(base)} = {_fmt(published / base)} {unit} cho mỗi đơn vị quy mô, "
            f"{_MODES[rule.mode]} rồi nhân {_fmt(base)}"
        )
    else:
        value = whole_number(published, rule.mode)
        how = f"{_fmt(published)} {unit}, {_MODES[rule.mode]} {_PER['service']}"
    from ..norm import canonical_decimal

    value = canonical_decimal(value)
    text = f"Đơn vị đếm được ({unit}: vật phẩm cấp, dùng nguyên chiếc): {how} = {_fmt(value)} {unit} (căn cứ: {source})"
    return WholeQuantity(
        value,
        text,
        {"countable_rounding.mode": rule.mode, "countable_rounding.per": rule.per, "countable_rounding.source": source},
    )


def _date(d) -> str:
    from ..core.vnformat import format_date_short

    return format_date_short(d)
