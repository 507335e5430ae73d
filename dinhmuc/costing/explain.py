"""How a costing explains itself (thuyết minh đơn giá): the text, tables and HTML of a unit price.

Display only: everything printed here is read from the records of the costing
(:mod:`.records`, :class:`~dinhmuc.costing.unit_price.UnitPrice`), never recomputed.
Numbers are written by the one Vietnamese formatter, :mod:`dinhmuc.core.vnformat`.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.vnformat import format_date_short, format_money, format_number
from .labels import COST_COMPONENTS, COST_LABELS
from .prices import VAT_LABELS

if TYPE_CHECKING:  # the records call these functions; their types only are needed here
    import pandas as pd

    from .records import CostLine, Declared, PriceRef, Trace
    from .unit_price import UnitPrice

__all__ = [
    "breakdown_frame",
    "cite_declared",
    "cite_price",
    "explain_trace",
    "explain_unit_price",
    "format_value",
    "unit_price_frame",
    "unit_price_header",
    "unit_price_html",
]


def format_value(value: object) -> str:
    """A figure of a trace: exact below 1 and for whole numbers, else at most 4 decimals; other values as text.

    >>> format_value(Decimal("394077.123456")), format_value(Decimal("0.000125")), format_value("included")
    ('394.077,1235', '0,000125', 'included')
    """
    if isinstance(value, Decimal):
        if value != value.to_integral_value() and abs(value) >= 1:
            return format_number(value, 4, trim=True)
        return format_number(value)
    return str(value)


def cite_declared(d: Declared) -> str:
    """``label = value (source)``."""
    return f"{d.label} = {format_value(d.value)} ({d.source})"


def cite_price(p: PriceRef) -> str:
    """A price with what it is, its VAT status, source, date and row."""
    spec = f" ({p.spec})" if p.spec else ""
    what = (
        f"nguyên giá {format_value(p.price)} đồng"
        if p.kind == "equipment"
        else f"{format_value(p.price)} đồng/{p.unit}"
    )
    name = "Điện" if p.kind == "energy" and p.name == "electricity" else p.name
    return (
        f"{name}{spec}: {what}, {VAT_LABELS.get(p.vat, p.vat)}; "
        f"nguồn: {p.source}, ngày {p.date.isoformat()} [{p.origin}]"
    )


def explain_trace(t: Trace, indent: str = "") -> str:
    """A trace as text: line, quantity, formula and its values, prices, parameters, declared values."""
    out = [f"{indent}{t.norm}/{t.line_id} {t.description}"]
    if t.quantity is not None:
        out.append(f"{indent}  khối lượng: {format_value(t.quantity)} {t.unit or ''}".rstrip())
    if t.formula:
        out.append(f"{indent}  công thức: {t.formula}")
    for k, v in t.values.items():
        out.append(f"{indent}    {k} = {format_value(v)}")
    for p in t.prices:
        out.append(f"{indent}  giá: {p.cite()}")
    for pv in t.parameters:
        out.append(f"{indent}  tham số: {pv.cite()}")
    for d in t.declared:
        out.append(f"{indent}  khai báo: {d.cite()}")
    return "\n".join(out)


def unit_price_header(up: UnitPrice) -> list[str]:
    """Title, unit, date, scale and adjustment coefficients of a unit price."""
    head = [
        f"ĐƠN GIÁ {up.norm} — {up.name}",
        f"Đơn vị tính: {up.unit_text}; ngày tính giá: {format_date_short(up.on)}",
    ]
    if up.drivers:
        head.append("Quy mô: " + ", ".join(f"{k} = {format_value(v)}" for k, v in up.drivers.items()))
    adj = "; ".join(
        f"{a.name}: {a.label} (x{format_value(a.factor)}, "
        f"áp dụng cho {', '.join(COST_LABELS[c] for c in a.applies_to)})"
        for a in up.adjustments
    )
    head.append("Hệ số điều chỉnh: " + (adj or "không áp dụng"))
    return head


def _line_text(l: CostLine) -> str:
    """``VT1 Giấy: 30,6 ram x 45.000 = 1.377.000``."""
    if l.parts:
        qty = f"{format_value(l.quantity)} {l.unit}: "
    elif l.quantity is not None and l.unit_cost is not None:
        qty = f"{format_value(l.quantity)} {l.unit or ''} x {format_value(l.unit_cost)} = "
    else:
        qty = ""
    return f"   {l.id} {l.name}: {qty}{format_money(l.amount)}"


def explain_unit_price(up: UnitPrice, trace: bool = True) -> str:
    """The unit price printed line by line, each with its full trace (``trace=False``: figures only)."""
    out = unit_price_header(up)
    comps = up.components
    for i, c in enumerate(COST_COMPONENTS, start=1):
        out.append(f"{i}. {COST_LABELS[c]}: {format_money(comps[c])} đồng")
        for l in (l for l in up.lines if l.component == c):
            out.append(_line_text(l))
            for k, v in l.parts.items():
                out.append(f"      {k}: {format_money(v)}")
            if trace:
                out.append(l.trace.explain("      "))
    out.append(
        f"TỔNG CỘNG (đơn giá) = {' + '.join(format_money(v) for v in comps.values())} = {format_money(up.total)} đồng"
    )
    out.append("Khai báo của dự án: " + "; ".join(d.cite() for d in up.declared))
    unverified = [p for p in up.parameters() if not p.verified]
    if unverified:
        out.append("Tham số chưa kiểm chứng với Công báo: " + "; ".join(p.name for p in unverified))
    for w in up.warnings:
        out.append(f"Cảnh báo: {w}")
    return "\n".join(out)


def unit_price_frame(up: UnitPrice) -> pd.DataFrame:
    """One row per printed line: component, id, name, unit, quantity, unit cost, amount, price source, formula."""
    import pandas as pd

    rows = [
        {
            "component": COST_LABELS[l.component],
            "id": l.id,
            "name": l.name,
            "unit": l.unit,
            "quantity": l.quantity,
            "unit_cost": l.unit_cost,
            "amount": l.amount,
            "source": "; ".join(p.source for p in l.trace.prices) or None,
            "formula": l.trace.formula,
        }
        for l in up.lines
    ]
    return pd.DataFrame(
        rows, columns=["component", "id", "name", "unit", "quantity", "unit_cost", "amount", "source", "formula"]
    )


def breakdown_frame(up: UnitPrice) -> pd.DataFrame:
    """Component sums and the total, as a DataFrame (Vietnamese labels)."""
    import pandas as pd

    rows: list[dict[str, object]] = [
        {"Khoản mục": COST_LABELS[c], "Thành tiền (đồng)": v} for c, v in up.components.items()
    ]
    rows.append({"Khoản mục": "Tổng cộng", "Thành tiền (đồng)": up.total})
    return pd.DataFrame(rows)


def unit_price_html(up: UnitPrice) -> str:
    """The unit price for Jupyter: header, the lines as a table, component sums, warnings."""
    head = "<br>".join(html.escape(h) for h in unit_price_header(up))
    table = unit_price_frame(up).to_html(index=False)
    comps = "".join(f"<li>{COST_LABELS[c]}: {v:,} đồng</li>" for c, v in up.components.items())
    warn = "".join(f"<li>{html.escape(w)}</li>" for w in up.warnings)
    return f"<p><b>{head}</b></p>{table}<ul>{comps}<li><b>Tổng cộng: {up.total:,} đồng</b></li></ul>" + (
        f"<p>Cảnh báo:</p><ul>{warn}</ul>" if warn else ""
    )
