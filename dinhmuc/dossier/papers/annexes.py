"""Văn bản định mức kèm theo (02) — general provisions and one annex per service."""

from __future__ import annotations

import datetime as _dt

from ...core.vnformat import format_number
from .. import blocks, layout
from ..info import DossierInfo, Missing
from ..norm_table import add_norm_table, uses_published_table
from .common import COMPONENT_VN, DocSpec, _decision_ref, _header, _lower_first, _nd, _num, _qty, hours_of

__all__ = ["norm_annexes"]


def _annex(sd, norm, index: int, attached: str) -> None:
    d = _nd(norm)
    layout.add_annex_title(sd, index, f"Định mức {_lower_first(norm.name)}", attached)
    blocks.para(sd, f"Mã hiệu: {norm.code}", bold=True, indent=False)
    blocks.heading(sd, "1. Đơn vị tính và quy mô tham chiếu")
    blocks.para(sd, norm.unit_text + ".")
    blocks.heading(sd, "2. Phạm vi và điều kiện áp dụng")
    blocks.para(sd, norm.scope or "Áp dụng cho dịch vụ nêu trên do đơn vị sự nghiệp công thực hiện.")
    if norm.conditions:
        blocks.para(sd, norm.conditions)
    blocks.heading(sd, "3. Thành phần công việc")
    if norm.work_steps:
        for s in norm.work_steps:
            blocks.para(sd, f"- {s.code}. {s.name}" + (f": {s.description}" if s.description else "") + ";")
    else:
        blocks.para(sd, "Theo quy trình thực hiện dịch vụ của đơn vị.")
    blocks.heading(sd, "4. Định mức hao phí")
    blocks.para(sd, f"Tính cho {norm.unit_text}.", italic=True)
    if uses_published_table(norm):
        # Variant columns, tools, energy or percent rows: the one published table (same code as `dinhmuc annex`).
        add_norm_table(sd, norm)
        _adjustments(sd, norm)
        return
    blocks.para(sd, "a) Hao phí lao động", bold=True, keep_next=True, before=6)
    if norm.labour:
        rows: list[tuple[str, ...]] = [
            (
                str(i),
                l.role + (" (gián tiếp)" if l.kind == "indirect" else ""),
                l.grade_text(),
                l.unit,
                _qty(l.quantity, d),
            )
            for i, l in enumerate(norm.labour, start=1)
        ]
        blocks.table(
            sd, ["TT", "Chức danh", "Hạng, bậc", "Đơn vị tính", "Định mức"], rows, (12, 70, 38, 20, 25), aligns="clccr"
        )
    else:
        blocks.para(sd, "Không có hao phí lao động.")
    if norm.indirect_labour_pct is not None:
        blocks.para(
            sd,
            f"Lao động gián tiếp (quản lý, phục vụ): {_num(norm.indirect_labour_pct, None)} % hao phí "
            "lao động trực tiếp (Thông tư 47/2018/TT-BCT, Điều 7).",
            before=6,
        )
    blocks.para(sd, "b) Hao phí vật tư", bold=True, keep_next=True, before=6)
    if norm.materials:
        rows = [
            (
                str(i),
                m.name + (f"\n{m.spec}" if m.spec else ""),
                m.unit,
                _qty(m.quantity, d),
                _num(m.loss_rate, None),
                _num(m.recovery_rate, None),
            )
            for i, m in enumerate(norm.materials, start=1)
        ]
        blocks.table(
            sd,
            ["TT", "Tên, quy cách vật tư", "Đơn vị tính", "Định mức", "Hao hụt (%)", "Thu hồi (%)"],
            rows,
            (12, 68, 20, 25, 20, 20),
            aligns="clcrrr",
        )
    else:
        blocks.para(sd, "Không có hao phí vật tư.")
    if norm.other_materials_pct is not None:
        blocks.para(sd, f"Vật tư khác: {_num(norm.other_materials_pct, None)} % giá trị vật tư chính.", before=6)
    blocks.para(sd, "c) Hao phí máy móc, thiết bị", bold=True, keep_next=True, before=6)
    if norm.equipment:
        rows = []
        for i, e in enumerate(norm.equipment, start=1):
            spec = ", ".join(
                x for x in (e.spec, f"{_num(e.power_kw, None)} kW" if e.power_kw is not None else None) if x
            )
            rows.append((str(i), e.name, spec, e.unit, _qty(e.loaded, d), _qty(e.idle, d), _qty(e.loaded + e.idle, d)))
        blocks.table(
            sd,
            ["TT", "Tên máy móc, thiết bị", "Thông số kỹ thuật", "Đơn vị tính", "Có tải", "Không tải", "Tổng"],
            rows,
            (10, 45, 35, 14, 20, 20, 21),
            aligns="cllcrrr",
        )
    else:
        blocks.para(sd, "Không có hao phí máy móc, thiết bị.")
    _adjustments(sd, norm)


def _adjustments(sd, norm) -> None:
    blocks.heading(sd, "5. Hệ số điều chỉnh")
    if norm.adjustments:
        for t in norm.adjustments:
            if t.lines or t.steps:
                applies = "các dòng " + ", ".join(t.lines + t.steps)
            else:
                applies = "hao phí " + ", ".join(COMPONENT_VN.get(c, c).lower() for c in t.applies_to)
            blocks.para(
                sd,
                f"{t.name} (áp dụng cho {applies})" + (f"; căn cứ: {t.citation}" if t.citation else "") + ":",
                before=6,
                keep_next=True,
            )
            if t.band is not None:
                blocks.para(
                    sd,
                    f"Từ {_num(t.band.start, None)}, mỗi {_num(t.band.size, None)} tiếp theo nhân "
                    f"hệ số {_num(t.band.factor, None)} so với khoảng liền trước.",
                )
            if t.classes:
                rows = [(c.label, c.condition or _range(c), _num(c.factor, None)) for c in t.classes]
                blocks.table(sd, ["Mức", "Điều kiện áp dụng", "Hệ số"], rows, (50, 85, 30), aligns="llc")
    else:
        blocks.para(sd, "Không áp dụng hệ số điều chỉnh.")


def _range(c) -> str:
    parts = []
    if c.min is not None:
        parts.append(f"từ {_num(c.min, None)}")
    if c.max is not None:
        parts.append(f"dưới {_num(c.max, None)}")
    return " ".join(parts)


def norm_annexes(norm_set, info: DossierInfo, parameters=None, on: _dt.date | None = None) -> DocSpec:
    """The attached norm document: general provisions, then one annex (Phụ lục I, II, ...) per service.

    It carries only what is issued (TT 47/2018 Art. 7 content of a norm): unit and scale, scope, work steps,
    the tables and the adjustment coefficients. How each value was built (methods, warnings, rounding,
    declared overrides) is in the explanatory report. The general rules are sentences of the template
    ``dinh_muc.docx``; "01 công = … giờ" and "01 ca = … giờ" come from the dated parameters
    ``working_time.hours_per_day`` / ``hours_per_shift`` in force on ``on`` (the effective date).
    """
    missing = Missing()
    attached = _decision_ref(norm_set, info)
    decimals = sorted({_nd(n) for n in norm_set}) or [2]
    on = on or info.effective_from or info.decision_date or _dt.date.today()
    ctx = {
        "header": _header(
            info,
            parent=None,
            body=info.issuing,
            number=None,
            date=None,
            doc_type="Định mức kinh tế - kỹ thuật",
            subject=_title_subject(norm_set.title),
        ),
        "attached_line": attached,
        "service_count": format_number(len(norm_set)),
        "field_name": info.field_name,
        "province": missing(info.province, "tên tỉnh (project.yaml: province)"),
        "service_provider": missing(
            info.service_provider, "đơn vị sự nghiệp thực hiện dịch vụ (project.yaml: dossier.service_provider)"
        ),
        "decimals_text": "; ".join(format_number(d) for d in decimals),
        **hours_of(parameters, on),
        "annex_list": [
            f"- Phụ lục {layout.to_roman(i)}: {n.name};"
            if i < len(norm_set)
            else f"- Phụ lục {layout.to_roman(i)}: {n.name}."
            for i, n in enumerate(norm_set, start=1)
        ],
    }

    # NĐ 30/2020 (phụ lục): each annex starts on a new page and its pages are numbered from 1. Each annex is
    # its own section: a next-page section break before it ends the previous section (the general part keeps
    # the template's section; each earlier annex gets setup_annex_section); the last annex is the document's
    # final section, set up after rendering (_finish_annexes). With "different first page", as in the main
    # part, an annex's first page shows no number and its second page shows "2".
    def build(sd):
        for i, norm in enumerate(norm_set, start=1):
            ended = layout.add_section_break(sd)  # the general part (i = 1) or annex i - 1
            if i > 1:
                layout.setup_annex_section(ended)
            _annex(sd, norm, i, attached)

    return DocSpec(
        "dinh_muc",
        "02_dinh_muc_kem_theo.docx",
        norm_set.title,
        ctx,
        {"annexes": build},
        finish=_finish_annexes if len(norm_set) else None,
        missing=missing.items,
    )


def _finish_annexes(document) -> None:
    """After rendering: the final section (the last annex) restarts at 1; repeated header references link back."""
    if len(document.sections) > 1:
        layout.setup_annex_section(document.sections[-1])
    layout.link_repeated_headers(document)


def _title_subject(title: str) -> str:
    t = title
    if t.lower().startswith("định mức kinh tế - kỹ thuật"):
        t = t[len("định mức kinh tế - kỹ thuật") :].strip()
    return t[:1].upper() + t[1:] if t else title
