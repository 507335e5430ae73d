"""Tiêu chí chất lượng, quy trình, giám sát — per service, the quality criteria and standards, the delivery
process and the quality-monitoring mechanism (TT 47/2018/TT-BCT Art. 9, with the norms).

Pre-filled from the catalogue: the unit and reference scale, the scope, the
work steps and who does each (the labour roles listed for the step), the
materials and equipment with their specifications and the catalogue's notes.
A standard, an output of a step or who monitors it is written by a person:
those cells are marked blanks, counted in the build's missing-facts warning.
"""

from __future__ import annotations

from ...core.vnformat import format_number
from .. import blocks
from .tt47_common import BLANK, DocSpec, Gaps, TT47Inputs, drafting_header, drafting_signature, note_unit

__all__ = ["FILENAME", "quality_papers"]

FILENAME = "13_tieu_chi_quy_trinh_giam_sat.docx"


def _spec_or_norm(norm, catalog):
    if catalog is not None and norm.code in catalog:
        return catalog[norm.code]
    return norm


def quality_papers(norm_set, info, tt: TT47Inputs, catalog=None) -> tuple[DocSpec, Gaps]:
    """Quality criteria, delivery process and monitoring of every service of ``norm_set``."""
    gaps = Gaps(FILENAME)
    note_unit(info, gaps)
    ctx = {
        "header": drafting_header(
            info,
            number=None,
            date=None,
            doc_type="Tiêu chí, tiêu chuẩn chất lượng",
            subject=f"Quy trình cung cấp và cơ chế giám sát, đánh giá chất lượng dịch vụ sự nghiệp "
            f"công lĩnh vực {info.field_name}",
        ),
        "norm_doc_title": norm_set.title,
        "blank": BLANK,
        "signature": drafting_signature(info, tt, gaps),
    }

    def services(sd):
        for i, norm in enumerate(norm_set, start=1):
            src = _spec_or_norm(norm, catalog)
            code = norm.code
            if i > 1:
                blocks.page_break(sd)
            blocks.heading(sd, f"Phần {i}. {code} – {norm.name}")
            blocks.para(sd, "1. Tiêu chí, tiêu chuẩn chất lượng", bold=True, indent=False, keep_next=True)
            scale = "; ".join(f"{d.label}: {format_number(d.reference)} {d.unit}" for d in norm.drivers)
            grade = {l.id: l.grade_text() for l in norm.labour}
            staff = "; ".join(
                f"{l.role} ({grade.get(l.id, l.grade)})" for l in src.labour if getattr(l, "kind", "direct") == "direct"
            )
            mats = "; ".join(m.name + (f" ({m.spec})" if m.spec else "") for m in src.materials)
            eqs = "; ".join(e.name + (f" ({e.spec})" if e.spec else "") for e in src.equipment)
            rows = [
                ("1", "Đơn vị tính, quy mô", norm.unit_text + (f" — {scale}" if scale else ""), "Danh mục dịch vụ"),
                (
                    "2",
                    "Phạm vi, đối tượng thụ hưởng",
                    getattr(src, "scope", None) or gaps.note(f"{code}: phạm vi"),
                    "Danh mục dịch vụ",
                ),
                ("3", "Nhân lực thực hiện", staff or "Không có", "Danh mục dịch vụ, định mức lao động"),
                ("4", "Vật tư, tài liệu", mats or "Không có", "Danh mục dịch vụ, định mức vật tư"),
                ("5", "Máy móc, thiết bị", eqs or "Không có", "Danh mục dịch vụ, định mức thiết bị"),
                ("6", "Kết quả, sản phẩm đầu ra", BLANK, BLANK),
                ("7", "Mức độ hài lòng của đối tượng thụ hưởng", BLANK, BLANK),
            ]
            blocks.table(sd, ["TT", "Tiêu chí", "Yêu cầu, tiêu chuẩn", "Nguồn"], rows, (10, 40, 80, 35), aligns="clll")
            for note in getattr(src, "notes", None) or []:
                blocks.para(sd, f"Ghi chú: {note}", italic=True)
            blocks.para(sd, "2. Quy trình cung cấp dịch vụ", bold=True, indent=False, keep_next=True, before=6)
            steps = list(src.work_steps)
            if steps:
                by_step: dict[str, list[str]] = {}
                for line in src.labour:
                    for s in getattr(line, "steps", None) or []:
                        by_step.setdefault(s, []).append(line.role)
                rows = [
                    (
                        s.code,
                        s.name + (f": {s.description}" if s.description else ""),
                        ", ".join(by_step.get(s.code, [])) or gaps.note(f"{code}: người thực hiện bước {s.code}"),
                        BLANK,
                    )
                    for s in steps
                ]
            else:
                rows = [("", gaps.note(f"{code}: các bước công việc"), BLANK, BLANK)]
            blocks.table(
                sd,
                ["Bước", "Nội dung công việc", "Người thực hiện", "Kết quả của bước"],
                rows,
                (14, 76, 40, 35),
                aligns="clll",
            )
            blocks.para(
                sd, "3. Cơ chế giám sát, đánh giá chất lượng", bold=True, indent=False, keep_next=True, before=6
            )
            rows = [(s.code, f"Thực hiện bước {s.code}: {s.name}", BLANK, BLANK) for s in steps]
            rows.append(
                (str(len(steps) + 1) if steps else "1", "Kết quả dịch vụ so với tiêu chí tại mục 1", BLANK, BLANK)
            )
            blocks.table(
                sd,
                ["TT", "Nội dung giám sát, đánh giá", "Chủ thể", "Phương thức, thời điểm"],
                rows,
                (12, 78, 37, 38),
                aligns="clll",
            )

    return DocSpec(
        "tieu_chi_chat_luong",
        FILENAME,
        "Tiêu chí chất lượng, quy trình và cơ chế giám sát",
        ctx,
        {"services": services},
    ), gaps
