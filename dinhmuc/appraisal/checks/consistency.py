"""Consistency (tính thống nhất): units and scale against the catalogue, the indirect-labour share.

The norm's unit and reference scale, each line's unit and drivers against the
catalogue, and the indirect-labour share within the declared bounds
(:class:`~.options.AppraisalOptions`; TT 47/2018/TT-BCT Art. 7(1)(b) fixes no share).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from ...catalog import LabourSpec, ServiceSpec
from ...core.vnformat import format_number, format_percent
from ...norm import LabourLine, Norm
from .findings import Finding, finding, line_where, match_spec
from .options import AppraisalOptions

__all__ = ["check_consistency", "labour_cong"]

C = "consistency"


def labour_cong(line: LabourLine, hours: Mapping[str, Decimal]) -> Decimal | None:
    """A labour line in công: giờ divided by the hours of a working day (None when that is not known)."""
    if line.unit == "giờ":
        h = hours.get("heavy" if line.heavy else "normal")
        return None if h is None or line.quantity is None else line.quantity / h
    return line.quantity


def _scale_text(drivers: Mapping[str, tuple[str, Decimal]]) -> str:
    """``hoc_vien = 25 người, ngay = 45 ngày`` — a reference scale, or ``(không có)``."""
    return ", ".join(f"{k} = {format_number(v[1])} {v[0]}" for k, v in drivers.items()) or "(không có)"


def _drivers_text(codes: Iterable[str]) -> str:
    """The drivers a line scales with, or ``(không theo đại lượng nào)``."""
    return ", ".join(codes) or "(không theo đại lượng nào)"


def _against_catalogue(norm: Norm, spec: ServiceSpec) -> list[Finding]:
    """The norm's unit and reference scale, each line's unit and drivers, as the catalogue gives them."""
    out: list[Finding] = []
    code = norm.code
    if norm.unit != spec.unit:
        out.append(
            finding(
                code,
                None,
                C,
                "error",
                f"Đơn vị tính của định mức là «{norm.unit}», danh mục là «{spec.unit}» — không quy đổi được",
                "unit",
                "unit_mismatch",
            )
        )
    want = {d.code: (d.unit, d.reference) for d in spec.drivers}
    have = {d.code: (d.unit, d.reference) for d in norm.drivers}
    if want != have:
        text = f"Quy mô tham chiếu {_scale_text(have)} khác danh mục ({_scale_text(want)})"
        out.append(finding(code, None, C, "error", text, "drivers", "drivers_mismatch"))
    elif want:
        text = f"Đơn vị tính và quy mô tham chiếu khớp danh mục: {norm.unit_text}"
        out.append(finding(code, None, C, "info", text, "drivers", "drivers_match"))
    for comp, line in norm.lines():
        s = match_spec(comp, line, spec)
        if s is None:
            continue
        # labour specs carry no unit: công, or giờ converted by the working day
        if not isinstance(s, LabourSpec) and line.unit != s.unit:
            text = f"{line_where(comp, line)}: đơn vị «{line.unit}» khác danh mục «{s.unit}» ({s.id})"
            out.append(finding(code, line.id, C, "error", text, "unit", "line_unit_mismatch"))
        if sorted(line.scales_with) != sorted(s.scales_with):
            text = (
                f"{line_where(comp, line)}: tính theo {_drivers_text(line.scales_with)}, "
                f"danh mục: {_drivers_text(s.scales_with)} ({s.id})"
            )
            out.append(finding(code, line.id, C, "warning", text, "scales_with", "driver_mismatch"))
    return out


def _indirect_share(norm: Norm, opts: AppraisalOptions, hours: Mapping[str, Decimal]) -> list[Finding]:
    """The indirect-labour share, declared (% of direct) or listed as lines, within the declared bounds."""
    out: list[Finding] = []
    code = norm.code
    lo, hi = opts.indirect_labour_min_pct, opts.indirect_labour_max_pct
    bounds = f"{format_percent(lo)} - {format_percent(hi)}"
    if norm.indirect_labour_pct is not None:
        v = norm.indirect_labour_pct
        if v < lo or v > hi:
            text = (
                f"Lao động gián tiếp {format_percent(v)} lao động trực tiếp, ngoài khoảng "
                f"{bounds} đã công bố (thông lệ: Bộ VHTTDL 15 %, TT 09/2022/TT-BKHCN tối đa 10 %)"
            )
            out.append(finding(code, None, C, "error", text, "indirect_labour_pct", "indirect_out_of_bounds"))
        else:
            text = f"Lao động gián tiếp {format_percent(v)} lao động trực tiếp, trong khoảng {bounds}"
            out.append(finding(code, None, C, "info", text, "indirect_labour_pct", "indirect_within_bounds"))
    indirect = [l for l in norm.labour if l.kind == "indirect"]
    if not indirect:
        return out
    d = [labour_cong(l, hours) for l in norm.labour if l.kind == "direct"]
    i = [labour_cong(l, hours) for l in indirect]
    d_known = [x for x in d if x is not None]
    i_known = [x for x in i if x is not None]
    if len(d_known) < len(d) or len(i_known) < len(i) or sum(d_known) == 0:
        text = "Không tính được tỷ lệ lao động gián tiếp (thiếu lao động trực tiếp hoặc số giờ một ngày công)"
        out.append(finding(code, None, C, "warning", text, "labour", "indirect_unknown"))
        return out
    direct_cong, indirect_cong = sum(d_known, Decimal(0)), sum(i_known, Decimal(0))
    share = indirect_cong / direct_cong * 100
    text = (
        f"Lao động gián tiếp {format_number(indirect_cong, 2, trim=True)} công = {format_percent(share)} "
        f"lao động trực tiếp ({format_number(direct_cong, 2, trim=True)} công)"
    )
    if share < lo or share > hi:
        out.append(
            finding(
                code, None, C, "error", f"{text}, ngoài khoảng {bounds} đã công bố", "labour", "indirect_out_of_bounds"
            )
        )
    else:
        out.append(finding(code, None, C, "info", f"{text}, trong khoảng {bounds}", "labour", "indirect_within_bounds"))
    return out


def check_consistency(
    norm: Norm, spec: ServiceSpec | None, opts: AppraisalOptions, hours: Mapping[str, Decimal] | None = None
) -> list[Finding]:
    """Units and drivers against the catalogue; the indirect-labour share within the declared bounds."""
    out: list[Finding] = []
    hours = hours or {}
    if spec is not None:
        out += _against_catalogue(norm, spec)
    for line in norm.labour:
        if line.unit == "giờ":
            out.append(
                finding(
                    norm.code,
                    line.id,
                    C,
                    "info",
                    f"{line_where('labour', line)} tính bằng giờ; quy đổi ra công theo "
                    "số giờ một ngày công (tham số working_time)",
                    "unit",
                    "hours",
                )
            )
    out += _indirect_share(norm, opts, hours)
    return out
