"""How a norm shows itself (hiển thị định mức): a DataFrame, plain text for ``print``, HTML for Jupyter."""

from __future__ import annotations

from html import escape

import pandas as pd

from ..core.labels import COMPONENT_LABELS, LABOUR_KIND_LABELS, METHOD_LABELS


def norm_lines_frame(norm) -> pd.DataFrame:
    """One row per line: component, id, item, grade or spec, unit, quantity, scaling."""
    rows = []
    for line in norm.labour:
        rows.append(
            {
                "Thành phần": COMPONENT_LABELS["labour"],
                "Mã dòng": line.id,
                "Nội dung": line.role,
                "Hạng/quy cách": line.grade_text(),
                "Loại": LABOUR_KIND_LABELS[line.kind],
                "Đơn vị": line.unit,
                "Số lượng": line.quantity,
                "Tính theo": ", ".join(line.scales_with) or "định mức",
            }
        )
    for line in norm.materials:
        rows.append(
            {
                "Thành phần": COMPONENT_LABELS["materials"],
                "Mã dòng": line.id,
                "Nội dung": line.name,
                "Hạng/quy cách": line.spec or "",
                "Loại": "",
                "Đơn vị": line.unit,
                "Số lượng": line.quantity,
                "Tính theo": ", ".join(line.scales_with) or "định mức",
            }
        )
    for line in norm.equipment:
        spec = ", ".join(x for x in (line.spec or "", f"{line.power_kw} kW" if line.power_kw is not None else "") if x)
        rows.append(
            {
                "Thành phần": COMPONENT_LABELS["equipment"],
                "Mã dòng": line.id,
                "Nội dung": line.name,
                "Hạng/quy cách": spec,
                "Loại": f"có tải {line.loaded}, không tải {line.idle}",
                "Đơn vị": line.unit,
                "Số lượng": line.quantity,
                "Tính theo": ", ".join(line.scales_with) or "định mức",
            }
        )
    return pd.DataFrame(
        rows, columns=["Thành phần", "Mã dòng", "Nội dung", "Hạng/quy cách", "Loại", "Đơn vị", "Số lượng", "Tính theo"]
    )


def _header_lines(norm) -> list[str]:
    lines = [f"{norm.code} — {norm.name}", f"Đơn vị tính: {norm.unit_text}"]
    if norm.method:
        lines.append(f"Phương pháp: {METHOD_LABELS[norm.method.value]}")
    if norm.indirect_labour_pct is not None:
        lines.append(f"Lao động gián tiếp: {norm.indirect_labour_pct} % lao động trực tiếp")
    if norm.other_materials_pct is not None:
        lines.append(f"Vật tư khác: {norm.other_materials_pct} % giá trị vật tư chính")
    return lines


def norm_text(norm) -> str:
    """Plain-text table of a norm (for ``print``)."""
    frame = norm_lines_frame(norm)
    body = frame.to_string(index=False) if len(frame) else "(chưa có dòng hao phí)"
    return "\n".join(_header_lines(norm)) + "\n" + body


def norm_html(norm) -> str:
    """HTML table of a norm (for Jupyter)."""
    head = "<br>".join(escape(x) for x in _header_lines(norm))
    return f"<div><p><b>{head}</b></p>{norm_lines_frame(norm).to_html(index=False)}</div>"
