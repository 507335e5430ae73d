"""Phiếu khảo sát (05) and phiếu xin ý kiến chuyên gia (06) — the forms."""

from __future__ import annotations

from typing import Any

from .. import blocks
from ..info import DossierInfo
from .common import DocSpec, _drafting_header, _line_value, _nd, _num


# ============================================================================ 4. survey and expert forms
def _services(norm_set, catalog) -> list[tuple[Any, Any]]:
    """(norm or None, catalogue spec or None) for each service: the norm set's, else the whole catalogue."""
    out = []
    if norm_set is not None and len(norm_set):
        for n in norm_set:
            spec = catalog[n.code] if catalog is not None and n.code in catalog else None
            out.append((n, spec))
    elif catalog is not None:
        out = [(None, s) for s in catalog]
    return out


def _spec_lines(norm, spec):
    """Labour, materials and equipment lines for a form: the catalogue's spec first, else the norm's."""
    src = spec if spec is not None else norm
    return src.labour, src.materials, src.equipment, src.work_steps


def survey_forms(catalog, info: DossierInfo, norm_set=None) -> DocSpec:
    """Phiếu khảo sát — one form per service, pre-filled from the catalogue (roles, materials, equipment)."""
    years = info.years()
    on = info.decision_date or info.effective_from or info.submission_date  # grades as named on that date
    ctx = {
        "header": _drafting_header(
            info,
            number=None,
            date=None,
            doc_type="Phiếu khảo sát",
            subject=f"Số liệu hao phí thực hiện dịch vụ sự nghiệp công lĩnh vực {info.field_name}",
        ),
        "respondent_lines": [
            "Đơn vị cung cấp thông tin: " + "." * 70,
            "Người cung cấp thông tin: " + "." * 38 + " Chức vụ: " + "." * 22,
            "Điện thoại: " + "." * 30 + " Thư điện tử: " + "." * 30,
        ],
        "years": [str(y) for y in years],  # the form's wording is in the template (phieu_khao_sat.docx)
    }
    ycols = [f"Năm {y}" for y in years]

    def build(sd):
        for i, (norm, spec) in enumerate(_services(norm_set, catalog), start=1):
            src = spec if spec is not None else norm
            if i > 1:
                blocks.page_break(sd)
            blocks.heading(sd, f"Phần {i}. {src.code} – {src.name}")
            blocks.para(
                sd,
                f"Đơn vị tính: {src.unit_text}. Số đơn vị đã thực hiện: "
                + "; ".join(f"năm {y}: ......" for y in years)
                + ".",
                indent=False,
            )
            labour, materials, equipment, steps = _spec_lines(norm, spec)
            blocks.para(sd, "1. Thành phần công việc", bold=True, indent=False, keep_next=True)
            blocks.table(
                sd,
                ["TT", "Bước công việc", "Thời gian (giờ)", "Số người", "Ghi chú"],
                [(s.code, s.name, "", "", "") for s in steps] or [("", "", "", "", "")],
                (13, 85, 25, 20, 22),
                aligns="clccl",
            )
            blocks.para(sd, "2. Hao phí lao động (công/đơn vị)", bold=True, indent=False, keep_next=True, before=6)
            rows = [(l.id, l.role, _grade_text(l, on), "", "", "") for l in labour]
            blocks.table(
                sd,
                ["Mã", "Chức danh", "Hạng, bậc", *ycols],
                rows or [("", "", "", "", "", "")],
                (12, 63, 30, 20, 20, 20),
                aligns="cllccc",
            )
            blocks.para(sd, "3. Hao phí vật tư (số lượng/đơn vị)", bold=True, indent=False, keep_next=True, before=6)
            rows = [(m.id, m.name + (f"\n{m.spec}" if m.spec else ""), m.unit, "", "", "") for m in materials]
            blocks.table(
                sd,
                ["Mã", "Tên, quy cách vật tư", "Đơn vị tính", *ycols],
                rows or [("", "", "", "", "", "")],
                (12, 73, 20, 20, 20, 20),
                aligns="clcccc",
            )
            blocks.para(
                sd,
                "4. Hao phí máy móc, thiết bị (thời gian sử dụng/đơn vị)",
                bold=True,
                indent=False,
                keep_next=True,
                before=6,
            )
            rows = [
                (
                    e.id,
                    e.name + (f" – {_num(e.power_kw, None)} kW" if e.power_kw is not None else ""),
                    e.unit,
                    "",
                    "",
                    "",
                )
                for e in equipment
            ]
            blocks.table(
                sd,
                ["Mã", "Tên máy móc, thiết bị (công suất)", "Đơn vị tính", *ycols],
                rows or [("", "", "", "", "", "")],
                (12, 73, 20, 20, 20, 20),
                aligns="clcccc",
            )
            blocks.para(sd, "5. Ý kiến khác của đơn vị: " + "." * 60, indent=False, before=6)

    return DocSpec("phieu_khao_sat", "05_phieu_khao_sat.docx", "Phiếu khảo sát hao phí", ctx, {"forms": build})


def _grade_text(line, on=None) -> str:
    """The grade as the scheme in force on ``on`` names it (bậc nghề nghiệp from 01/07/2026, else hạng).

    The forms list the catalogue's lines, which are written with hạng; the grade is
    mapped the way :func:`dinhmuc.law.grades.regrade` maps the norm set's lines.
    """
    from ...core.registry import active_registry

    reg = active_registry()
    code = line.grade
    scheme = reg.scheme_on(on) if on is not None else None
    if scheme is not None and scheme.from_grades and code in scheme.from_grades:
        code = scheme.from_grades[code]
    grade = reg.grades.get(code)
    return grade.describe(line.step) if grade else code


def expert_forms(catalog, info: DossierInfo, norm_set=None) -> DocSpec:
    """Phiếu xin ý kiến chuyên gia — min (a) / most likely (m) / max (b) per line, with the draft value."""
    on = info.decision_date or info.effective_from or info.submission_date  # grades as named on that date
    ctx = {
        "header": _drafting_header(
            info,
            number=None,
            date=None,
            doc_type="Phiếu xin ý kiến chuyên gia",
            subject=f"Hao phí định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực {info.field_name}",
        ),
        "expert_lines": [
            "Họ và tên chuyên gia: " + "." * 45 + " Học hàm, học vị: " + "." * 15,
            "Cơ quan công tác: " + "." * 50 + " Số năm kinh nghiệm: " + "." * 8,
        ],
    }

    def build(sd):
        for i, (norm, spec) in enumerate(_services(norm_set, catalog), start=1):
            src = spec if spec is not None else norm
            if i > 1:
                blocks.page_break(sd)
            blocks.heading(sd, f"Phần {i}. {src.code} – {src.name}")
            blocks.para(sd, f"Đơn vị tính: {src.unit_text}.", indent=False)
            labour, materials, equipment, _ = _spec_lines(norm, spec)
            d = _nd(norm) if norm is not None else 2
            draft = {}
            if norm is not None:
                draft = {line.id: _num(_line_value(comp, line), d) for comp, line in norm.lines()}
            rows: list[tuple[str, ...]] = []
            bold: list[int] = []
            for title, lines, comp in (
                ("A. Hao phí lao động", labour, "labour"),
                ("B. Hao phí vật tư", materials, "materials"),
                ("C. Hao phí máy móc, thiết bị", equipment, "equipment"),
            ):
                bold.append(len(rows))
                rows.append(("", title, "", "", "", "", ""))
                for line in lines:
                    label = f"{line.role} ({_grade_text(line, on)})" if comp == "labour" else line.name
                    unit = getattr(line, "unit", "công") if comp != "labour" else "công"
                    rows.append((line.id, label, unit, draft.get(line.id, ""), "", "", ""))
            blocks.table(
                sd,
                [
                    "Mã",
                    "Nội dung hao phí",
                    "Đơn vị tính",
                    "Dự thảo",
                    "Thấp nhất (a)",
                    "Có khả năng nhất (m)",
                    "Cao nhất (b)",
                ],
                rows,
                (12, 61, 16, 19, 19, 20, 18),
                aligns="clccccc",
                bold_rows=bold,
            )
            blocks.para(sd, "Ý kiến khác: " + "." * 80, indent=False, before=6)

    return DocSpec(
        "phieu_chuyen_gia", "06_phieu_xin_y_kien_chuyen_gia.docx", "Phiếu xin ý kiến chuyên gia", ctx, {"forms": build}
    )
