"""Completeness against the catalogue (tính đầy đủ so với danh mục).

Every work step has labour (labour lines name the steps they perform in
``steps``); every equipment line has loaded and idle time; every material has a
unit and a specification; no line is left at 0; catalogue lines missing from the norm.
"""

from __future__ import annotations

from ...catalog import ServiceSpec
from ...core.labels import COMPONENT_LABELS
from ...core.vnformat import format_number
from ...norm import Norm
from .findings import Finding, Severity, finding, line_where, main_field, match_spec, spec_name
from .options import AppraisalOptions

__all__ = ["check_completeness"]

C = "completeness"


def _work_steps(norm: Norm, spec: ServiceSpec | None) -> list[Finding]:
    """Catalogue steps missing from the norm, steps no labour line performs, labour lines naming no step."""
    out: list[Finding] = []
    code = norm.code
    steps = {s.code: s.name for s in norm.work_steps}
    missing = []
    if spec is not None:
        for s in spec.work_steps:
            if s.code not in steps:
                missing.append(s.code)
                out.append(
                    finding(
                        code,
                        None,
                        C,
                        "error",
                        f"Bước công việc {s.code} «{s.name}» của danh mục không có "
                        "trong định mức, không có lao động thực hiện",
                        code="step_missing",
                    )
                )
        all_steps = {**{s.code: s.name for s in spec.work_steps}, **steps}
    else:
        all_steps = steps
    if not all_steps:
        out.append(
            finding(
                code,
                None,
                C,
                "warning",
                "Định mức chưa liệt kê thành phần công việc (bước công việc): "
                "không kiểm tra được lao động theo từng bước",
                code="no_steps",
            )
        )
    else:
        uncovered = list(missing)
        for s_code, name in all_steps.items():
            if s_code not in missing and not any(s_code in line.steps for line in norm.labour):
                uncovered.append(s_code)
                out.append(
                    finding(
                        code,
                        None,
                        C,
                        "error",
                        f"Bước công việc {s_code} «{name}» chưa có lao động thực hiện "
                        "(không dòng lao động nào ghi bước này trong «Bước công việc»)",
                        code="step_uncovered",
                    )
                )
        if not uncovered:
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "info",
                    f"Cả {len(all_steps)} bước công việc ({', '.join(all_steps)}) đều có lao động thực hiện",
                    code="steps_covered",
                )
            )
    for line in norm.labour:
        if all_steps and not line.steps:
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "warning",
                    f"{line_where('labour', line)} không ghi bước công việc thực "
                    "hiện — không đối chiếu được với thành phần công việc",
                    "steps",
                    "line_no_steps",
                )
            )
    return out


def _zero_lines(norm: Norm) -> list[Finding]:
    """Lines left at 0: a catalogue template row not filled in."""
    out: list[Finding] = []
    for comp, line in norm.lines():
        fld = main_field(comp)
        if getattr(line, fld) == 0:
            out.append(
                finding(
                    norm.code,
                    line.id,
                    C,
                    "error",
                    f"{line_where(comp, line)}: số lượng bằng 0 — chưa có số liệu "
                    "(dòng mẫu của danh mục chưa được điền)",
                    fld,
                    "zero_quantity",
                )
            )
    return out


def _equipment_times(norm: Norm) -> list[Finding]:
    """Loaded and idle time of each machine (TT 47/2018/TT-BCT Art. 7: time of use = loaded + idle)."""
    out: list[Finding] = []
    code = norm.code
    for line in norm.equipment:
        if line.loaded is None or line.loaded == 0:
            continue  # 0 is reported as a zero line; None: times per variant column
        # Declared means a non-zero idle time, or a provenance record saying how it was set (a zero
        # typed without a word cannot be told from a forgotten field once saved, so it is flagged).
        explained = line.provenance.get("idle")
        typed = "idle" in line.model_fields_set  # written in the file, even as 0
        where, loaded = line_where("equipment", line), format_number(line.loaded)
        sev: Severity
        if line.idle == 0 and explained is None and typed:
            # README: an idle time left out is an error, an explicit 0 passes (TT 47 Art. 7 asks for it declared).
            sev, text, kind = (
                "info",
                f"{where}: có tải {loaded} {line.unit}, không tải 0 {line.unit} (đã khai báo)",
                "times_declared",
            )
        elif line.idle == 0 and explained is None:
            sev, kind = "error", "idle_missing"
            text = (
                f"{where}: có tải {loaded} {line.unit} nhưng chưa khai báo thời gian không tải "
                "(TT 47/2018/TT-BCT Điều 7: thời gian sử dụng = có tải + không tải)"
            )
        elif line.idle == 0 and explained is not None:
            why = explained.note or explained.calculation or "có giải trình"
            sev, text, kind = "warning", f"{where}: không tải = 0 {line.unit} — {why}", "idle_zero_explained"
        else:
            sev, kind = "info", "times_declared"
            text = f"{where}: có tải {loaded} {line.unit}, không tải {format_number(line.idle)} {line.unit}"
        out.append(finding(code, line.id, C, sev, text, "idle", kind))
    return out


def _material_specs(norm: Norm, opts: AppraisalOptions) -> list[Finding]:
    """Each material's unit and specification (without one its price cannot be found)."""
    out: list[Finding] = []
    for line in norm.materials:
        where = line_where("materials", line)
        if not line.spec:
            sev: Severity = "error" if opts.require_material_spec else "warning"
            text = f"{where} ({line.unit}) chưa ghi quy cách, thông số kỹ thuật — không xác định được giá vật tư"
            out.append(finding(norm.code, line.id, C, sev, text, "spec", "spec_missing"))
        else:
            text = f"{where}: đơn vị {line.unit}, quy cách «{line.spec}»"
            out.append(finding(norm.code, line.id, C, "info", text, "spec", "spec_given"))
    return out


def _catalogue_lines_missing(norm: Norm, spec: ServiceSpec) -> list[Finding]:
    """Catalogue roles, materials and machines the norm leaves out (to be explained if not used)."""
    out: list[Finding] = []
    for comp in ("labour", "materials", "equipment"):
        present = {id(match_spec(comp, line, spec)) for line in getattr(norm, comp)}
        for s in getattr(spec, comp):
            if id(s) not in present:
                out.append(
                    finding(
                        norm.code,
                        None,
                        C,
                        "warning",
                        f"{COMPONENT_LABELS[comp]} «{spec_name(s)}» ({s.id}) của danh "
                        "mục không có trong định mức — cần giải trình nếu không sử dụng",
                        code="catalogue_line_missing",
                    )
                )
    return out


def check_completeness(
    norm: Norm, spec: ServiceSpec | None, opts: AppraisalOptions, catalog_given: bool = True
) -> list[Finding]:
    """Work steps covered by labour, equipment times declared, materials specified, no zero lines."""
    out: list[Finding] = []
    if catalog_given and spec is None:
        out.append(
            finding(
                norm.code,
                None,
                C,
                "error",
                f"Định mức {norm.code} không có trong danh mục dịch vụ — không đối chiếu "
                "được thành phần công việc, chức danh, vật tư, thiết bị",
                code="not_in_catalogue",
            )
        )
    out += _work_steps(norm, spec)
    out += _zero_lines(norm)
    out += _equipment_times(norm)
    out += _material_specs(norm, opts)
    if spec is not None and opts.catalogue_lines:
        out += _catalogue_lines_missing(norm, spec)
    return out
