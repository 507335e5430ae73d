"""What a build used of the law (tham số pháp lý đã dùng): every value, and those not yet verified.

A value is ``verified`` only when the text of the act itself was read (see each
parameter file's header). Every build prints the unverified values it used
(``dinhmuc build``), and the explanatory report (thuyết minh) lists them in its
parameter table: :func:`unverified_rows` gives the rows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ..params import ParameterValue


def used_parameters(costs: Mapping[str, object] | None) -> list[ParameterValue]:
    """Every parameter value the unit prices used, once (by name and start date), in first-use order."""
    seen: set[tuple[str, _dt.date]] = set()
    out: list[ParameterValue] = []
    for up in (costs or {}).values():
        for pv in getattr(up, "parameters", lambda: [])():
            key = (pv.name, pv.start)
            if key not in seen:
                seen.add(key)
                out.append(pv)
    return out


def unverified_used(costs: Mapping[str, object] | None) -> list[ParameterValue]:
    """The values used that are still flagged ``verified: false``."""
    return [pv for pv in used_parameters(costs) if not pv.verified]


def unverified_lines(costs: Mapping[str, object] | None) -> list[str]:
    """One Vietnamese line per unverified value used: label, value, citation, start date.

    >>> import datetime as dt, dinhmuc as dm
    >>> from dinhmuc.costing.prices import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
    ...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 1}])
    >>> up = dm.cost_norm(norm, price_list_from_records(), dt.date(2026, 9, 5),
    ...                   {"management_pct": 0, "financing_class": "budget_full"})
    >>> print(unverified_lines({"X": up})[0])
    Mức lương cơ sở = 2.530.000 đồng/tháng — Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2 (áp dụng từ 01/07/2026)
    """
    return [_line(pv) for pv in unverified_used(costs)]


def _value_text(pv: ParameterValue) -> str:
    from ..core.labels import value_key_label
    from ..core.vnformat import format_number

    v = pv.value
    if isinstance(v, dict) and not v:
        return "không có giá trị đi kèm (dự án khai báo)"
    if isinstance(v, dict):
        return "; ".join(
            f"{value_key_label(k)}: {format_number(x) if not isinstance(x, (dict, str)) else x}" for k, x in v.items()
        )
    if isinstance(v, (str, bool)):
        return str(v)
    return format_number(v)


def _line(pv: ParameterValue) -> str:
    unit = f" {pv.unit}" if pv.unit and pv.value != {} else ""
    return f"{pv.label} = {_value_text(pv)}{unit} — {pv.citation} (áp dụng từ {pv.start.strftime('%d/%m/%Y')})"


def unverified_rows(costs: Mapping[str, object] | None) -> list[dict]:
    """Rows for the explanatory report's parameter table (label, value, unit, citation marked unverified)."""
    return [
        {
            "label": pv.label,
            "value": _value_text(pv),
            "unit": (pv.unit or "") if pv.value != {} else "",
            "citation": f"{pv.citation} (chưa kiểm chứng)",
        }
        for pv in unverified_used(costs)
    ]
