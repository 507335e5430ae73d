"""Automated checks for the appraisal council (kiểm tra tự động phục vụ thẩm định).

Each check gives a :class:`Finding` per norm or per line with a verdict and the
reason in Vietnamese, with the figures it rests on. Four families:

* **completeness** (tính đầy đủ) against the catalogue: every work step has
  labour (labour lines name the steps they perform in ``steps``); every
  equipment line has loaded and idle time; every material has a unit and a
  specification; no line is left at 0; catalogue lines missing from the norm;
* **consistency** (tính thống nhất): the norm's unit and reference scale, each
  line's unit and drivers against the catalogue, the indirect-labour share
  within the declared bounds (:class:`AppraisalOptions`);
* **evidence** (tính đủ của số liệu): the statistical method needs 3
  consecutive years, at least 5 observations (or a recorded override) and a
  spread within 20 % (otherwise flagged) — the numbers come from the legal
  parameters ``norm_rules.statistical_years``, ``norm_rules.min_observations``
  and ``norm_rules.max_spread_pct``, never from this code;
* **legal** (tham số pháp lý): values in force still flagged unverified and
  citations of documents superseded by a later value of a parameter.

Thresholds that are practice, not law (±15 %, indirect labour 0-15 %), are
declared in :class:`AppraisalOptions`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..core.errors import ParameterError
from ..core.labels import COMPONENT_LABELS
from ..core.vnformat import format_number
from ..norm import EquipmentLine, LabourLine, MaterialLine, Method, Norm, NormSet
from ..params import Parameters, ParameterValue, as_decimal
from .diff import line_name, norm_text

__all__ = [
    "AppraisalOptions",
    "Finding",
    "LegalRules",
    "PASS",
    "PASS_EXPLAINED",
    "REVIEW",
    "FAIL",
    "SEVERITY_ORDER",
    "check_completeness",
    "check_consistency",
    "check_evidence",
    "check_legal",
    "fmt",
    "pct",
    "parse_years",
    "resolve_rules",
]

Severity = Literal["error", "warning", "info"]
PASS = "đạt"
PASS_EXPLAINED = "đạt (có giải trình)"
REVIEW = "cần xem xét"
FAIL = "không đạt"
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}
VERDICT_OF = {"error": FAIL, "warning": REVIEW, "info": PASS}

CHECK_LABELS = {
    "completeness": "Tính đầy đủ so với danh mục",
    "consistency": "Tính thống nhất (đơn vị, quy mô, tỷ lệ)",
    "evidence": "Tính đủ của số liệu",
    "legal": "Tham số pháp lý, căn cứ trích dẫn",
    "reference": "So sánh với định mức tham chiếu",
    "distribution": "So sánh với phân bố số liệu",
    "price": "So sánh đơn giá với chi phí thực tế",
}


class AppraisalOptions(BaseModel):
    """Thresholds and switches of the checks — practice, declared and editable (not law).

    Legal numbers (n >= 5, 20 % spread, 3 years) are not here: they are read
    from the legal parameters (``norm_rules.*``) on the appraisal date.
    """

    model_config = ConfigDict(extra="forbid")

    on: _dt.date | None = Field(
        None,
        description="Appraisal date: which legal values apply. Default: the set's "
        "signed_on, else effective_from, else today.",
    )
    reference_threshold_pct: Decimal = Field(
        Decimal(15), gt=0, description="Flag a line differing from the reference norm by more than this share (±%)."
    )
    evidence_threshold_pct: Decimal = Field(
        Decimal(15),
        gt=0,
        description="Flag a line differing from the median of its evidence by more than this share (±%).",
    )
    price_threshold_pct: Decimal = Field(
        Decimal(15),
        gt=0,
        description="Flag a trial unit price differing from "
        "the average actual cost of the preceding years by more than this (±%).",
    )
    price_history_years: int | None = Field(
        None,
        ge=1,
        description="Years of actual cost averaged; default: "
        "norm_rules.price_history_years (NĐ 60/2021/NĐ-CP Art. 5) on the "
        "appraisal date.",
    )
    indirect_labour_min_pct: Decimal = Field(Decimal(0), ge=0, le=100)
    indirect_labour_max_pct: Decimal = Field(
        Decimal(15),
        ge=0,
        le=100,
        description=(
            "TT 47/2018 fixes no share. Practice: the culture ministry's norms use 15 %, TT 09/2022/TT-BKHCN at most "
            "10 %; default bounds 0-15 %."
        ),
    )
    require_material_spec: bool = Field(
        True, description="A material without a specification is an error (False: a warning)."
    )
    catalogue_lines: bool = Field(True, description="Warn about catalogue lines the norm leaves out.")
    superseded: dict[str, str] = Field(
        default_factory=dict,
        description="Extra documents declared superseded: "
        "number -> the document replacing it, e.g. {'13/2021/TT-BXD': "
        "'37/2026/TT-BXD'}.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> AppraisalOptions:
        if self.indirect_labour_min_pct > self.indirect_labour_max_pct:
            raise ValueError("indirect_labour_min_pct is above indirect_labour_max_pct")
        return self


@dataclass(frozen=True)
class Finding:
    """One result of a check: where (norm, line, field), which check, how serious, the verdict and why."""

    norm: str | None
    line: str | None
    check: str
    severity: Severity
    verdict: str
    reason: str
    field: str | None = None
    code: str | None = None  # a short machine-readable kind, e.g. "few_observations"

    @property
    def check_label(self) -> str:
        return CHECK_LABELS.get(self.check, self.check)

    @property
    def flagged(self) -> bool:
        """True unless the verdict is a plain pass."""
        return self.verdict != PASS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding(norm, line, check, severity, reason, fld=None, code=None, verdict=None) -> Finding:
    """A finding with the verdict its severity gives (unless one is given)."""
    return Finding(norm, line, check, severity, verdict or VERDICT_OF[severity], reason, fld, code)


def fmt(value: Any, decimals: int | None = None) -> str:
    """A number the Vietnamese way (1.234,5); other values as text."""
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        if decimals is not None:
            return format_number(
                Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP).normalize()
                if Decimal(str(value)) != 0
                else Decimal(0)
            )
        return format_number(value)
    return str(value)


def show_value(value: Any) -> str:
    """A parameter value for people: numbers the Vietnamese way, mappings as ``key: value``."""
    from ..core.labels import value_key_label

    if isinstance(value, dict):  # in Vietnamese words: a reader of the report never sees a Python mapping
        if any(isinstance(v, (dict, list)) for v in value.values()):
            return f"(bảng {len(value)} giá trị: {', '.join(value_key_label(k) for k in value)})"
        return "(" + "; ".join(f"{value_key_label(k)}: {show_value(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    return fmt(value)


def pct(value: Decimal) -> str:
    """A percentage to at most 1 decimal: ``12,5 %``."""
    return f"{fmt(value, 1)} %"


# ----------------------------------------------------------------------------
# Legal rules read from the parameters
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalRules:
    """The legal numbers of the evidence checks, with their citations, on the appraisal date."""

    min_observations: ParameterValue
    max_spread_pct: ParameterValue
    statistical_years: ParameterValue

    @property
    def n_min(self) -> int:
        return int(as_decimal(self.min_observations.value))

    @property
    def spread_max(self) -> Decimal:
        return as_decimal(self.max_spread_pct.value)

    @property
    def years_min(self) -> int:
        return int(as_decimal(self.statistical_years.value))


def cite(v: ParameterValue) -> str:
    """``TT 13/2021/TT-BXD Phụ lục I`` — the short citation of a parameter value."""
    return str(v.citation).replace(", ", " ")


#: acts of other sectors whose norm-setting rules a project borrows by analogy (they do not govern
#: public-service norms of the Industry and Trade sector; TT 47/2018/TT-BCT fixes no such threshold)
_BORROWED = ("TT-BXD", "TT-BKHCN", "TT-BTNMT", "TT-BVHTTDL")


def ground(v: ParameterValue) -> str:
    """The legal ground of a threshold as a finding states it: the act itself, or — when the act belongs to
    another sector — "ngưỡng dự án áp dụng, vận dụng <act>", so a finding never presents a construction
    circular as the law that makes a public-service norm fail."""
    text = cite(v)
    if any(tag in text for tag in _BORROWED):
        return f"ngưỡng dự án áp dụng, vận dụng {text}"
    return text


def resolve_rules(params: Parameters, on: _dt.date) -> LegalRules:
    """Read ``norm_rules.min_observations``, ``max_spread_pct``, ``statistical_years`` in force on ``on``."""
    return LegalRules(
        params.get("norm_rules.min_observations", on),
        params.get("norm_rules.max_spread_pct", on),
        params.get("norm_rules.statistical_years", on),
    )


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

AnyLine = LabourLine | MaterialLine | EquipmentLine
_CATALOG_COMPONENT = {"labour": "labour", "materials": "materials", "equipment": "equipment"}


def line_where(comp: str, line: AnyLine) -> str:
    """How a finding names a line: its component and name, e.g. Vật tư «Giấy in»."""
    return f"{COMPONENT_LABELS[comp]} «{line_name(line)}»"


def match_spec(comp: str, line: AnyLine, spec) -> Any:
    """The catalogue line of ``spec`` a norm line stands for: same name first, else same id."""
    if spec is None:
        return None
    specs = getattr(spec, comp)
    name = norm_text(line_name(line))
    names = [(s, norm_text(s.role if comp == "labour" else s.name)) for s in specs]
    for s, n in names:
        if n == name:
            return s
    for s, n in names:  # "Giáo viên dạy nghề" for "Giáo viên dạy nghề, nghệ nhân truyền nghề"
        if n.startswith(name) or name.startswith(n):
            return s
    words = set(re.findall(r"\w+", name))
    for s, n in names:  # same id and mostly the same words
        other = set(re.findall(r"\w+", n))
        if s.id == line.id and words and len(words & other) * 2 >= max(len(words), len(other)):
            return s
    return None


def main_field(comp: str) -> str:
    return "loaded" if comp == "equipment" else "quantity"


# ----------------------------------------------------------------------------
# Completeness
# ----------------------------------------------------------------------------


def check_completeness(norm: Norm, spec, opts: AppraisalOptions, catalog_given: bool = True) -> list[Finding]:
    """Work steps covered by labour, equipment times declared, materials specified, no zero lines."""
    out: list[Finding] = []
    code = norm.code
    C = "completeness"
    if catalog_given and spec is None:
        out.append(
            finding(
                code,
                None,
                C,
                "error",
                f"Định mức {code} không có trong danh mục dịch vụ — không đối chiếu "
                "được thành phần công việc, chức danh, vật tư, thiết bị",
                code="not_in_catalogue",
            )
        )
    # work steps
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
        for s, name in all_steps.items():
            if s not in missing and not any(s in line.steps for line in norm.labour):
                uncovered.append(s)
                out.append(
                    finding(
                        code,
                        None,
                        C,
                        "error",
                        f"Bước công việc {s} «{name}» chưa có lao động thực hiện "
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
    # zero quantities
    for comp, line in norm.lines():
        fld = main_field(comp)
        if getattr(line, fld) == 0:
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "error",
                    f"{line_where(comp, line)}: số lượng bằng 0 — chưa có số liệu "
                    "(dòng mẫu của danh mục chưa được điền)",
                    fld,
                    "zero_quantity",
                )
            )
    # equipment: loaded and idle time
    for line in norm.equipment:
        if line.loaded == 0:
            continue  # already reported as zero
        # Declared means a non-zero idle time, or a provenance record saying how it was set (a zero
        # typed without a word cannot be told from a forgotten field once saved, so it is flagged).
        explained = line.provenance.get("idle")
        typed = "idle" in line.model_fields_set  # written in the file, even as 0
        if line.idle == 0 and explained is None and typed:
            # README: an idle time left out is an error, an explicit 0 passes (TT 47 Art. 7 asks for it declared).
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "info",
                    f"{line_where('equipment', line)}: có tải {fmt(line.loaded)} "
                    f"{line.unit}, không tải 0 {line.unit} (đã khai báo)",
                    "idle",
                    "times_declared",
                )
            )
        elif line.idle == 0 and explained is None:
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "error",
                    f"{line_where('equipment', line)}: có tải {fmt(line.loaded)} "
                    f"{line.unit} nhưng chưa khai báo thời gian không tải (TT 47/2018/TT-BCT Điều 7: thời "
                    "gian sử dụng = có tải + không tải)",
                    "idle",
                    "idle_missing",
                )
            )
        elif line.idle == 0:
            why = explained.note or explained.calculation or "có giải trình"
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "warning",
                    f"{line_where('equipment', line)}: không tải = 0 {line.unit} — {why}",
                    "idle",
                    "idle_zero_explained",
                )
            )
        else:
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "info",
                    f"{line_where('equipment', line)}: có tải {fmt(line.loaded)} "
                    f"{line.unit}, không tải {fmt(line.idle)} {line.unit}",
                    "idle",
                    "times_declared",
                )
            )
    # materials: unit and specification
    for line in norm.materials:
        if not line.spec:
            sev = "error" if opts.require_material_spec else "warning"
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    sev,
                    f"{line_where('materials', line)} ({line.unit}) chưa ghi quy cách, "
                    "thông số kỹ thuật — không xác định được giá vật tư",
                    "spec",
                    "spec_missing",
                )
            )
        else:
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "info",
                    f"{line_where('materials', line)}: đơn vị {line.unit}, quy cách «{line.spec}»",
                    "spec",
                    "spec_given",
                )
            )
    # catalogue lines absent from the norm
    if spec is not None and opts.catalogue_lines:
        for comp in ("labour", "materials", "equipment"):
            present = {id(match_spec(comp, line, spec)) for line in getattr(norm, comp)}
            for s in getattr(spec, comp):
                if id(s) not in present:
                    name = s.role if comp == "labour" else s.name
                    out.append(
                        finding(
                            code,
                            None,
                            C,
                            "warning",
                            f"{COMPONENT_LABELS[comp]} «{name}» ({s.id}) của danh "
                            "mục không có trong định mức — cần giải trình nếu không sử dụng",
                            code="catalogue_line_missing",
                        )
                    )
    return out


# ----------------------------------------------------------------------------
# Consistency
# ----------------------------------------------------------------------------


def _labour_cong(line: LabourLine, hours: dict[str, Decimal]) -> Decimal | None:
    if line.unit == "giờ":
        h = hours.get("heavy" if line.heavy else "normal")
        return None if h is None else line.quantity / h
    return line.quantity


def check_consistency(
    norm: Norm, spec, opts: AppraisalOptions, hours: dict[str, Decimal] | None = None
) -> list[Finding]:
    """Units and drivers against the catalogue; the indirect-labour share within the declared bounds."""
    out: list[Finding] = []
    code = norm.code
    C = "consistency"
    hours = hours or {}
    if spec is not None:
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
            show = lambda m: ", ".join(f"{k} = {fmt(v[1])} {v[0]}" for k, v in m.items()) or "(không có)"
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "error",
                    f"Quy mô tham chiếu {show(have)} khác danh mục ({show(want)})",
                    "drivers",
                    "drivers_mismatch",
                )
            )
        elif want:
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "info",
                    f"Đơn vị tính và quy mô tham chiếu khớp danh mục: {norm.unit_text}",
                    "drivers",
                    "drivers_match",
                )
            )
        for comp, line in norm.lines():
            s = match_spec(comp, line, spec)
            if s is None:
                continue
            # labour specs carry no unit: công, or giờ converted by the working day
            units_ok = comp == "labour" or line.unit == s.unit
            if not units_ok:
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "error",
                        f"{line_where(comp, line)}: đơn vị «{line.unit}» khác danh mục «{s.unit}» ({s.id})",
                        "unit",
                        "line_unit_mismatch",
                    )
                )
            if sorted(line.scales_with) != sorted(s.scales_with):
                show = lambda v: ", ".join(v) or "(không theo đại lượng nào)"
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "warning",
                        f"{line_where(comp, line)}: tính theo {show(line.scales_with)}, "
                        f"danh mục: {show(s.scales_with)} ({s.id})",
                        "scales_with",
                        "driver_mismatch",
                    )
                )
    for line in norm.labour:
        if line.unit == "giờ":
            out.append(
                finding(
                    code,
                    line.id,
                    C,
                    "info",
                    f"{line_where('labour', line)} tính bằng giờ; quy đổi ra công theo "
                    "số giờ một ngày công (tham số working_time)",
                    "unit",
                    "hours",
                )
            )
    # indirect labour
    lo, hi = opts.indirect_labour_min_pct, opts.indirect_labour_max_pct
    bounds = f"{pct(lo)} - {pct(hi)}"
    if norm.indirect_labour_pct is not None:
        v = norm.indirect_labour_pct
        if v < lo or v > hi:
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "error",
                    f"Lao động gián tiếp {pct(v)} lao động trực tiếp, ngoài khoảng "
                    f"{bounds} đã công bố (thông lệ: Bộ VHTTDL 15 %, TT 09/2022/TT-BKHCN tối đa 10 %)",
                    "indirect_labour_pct",
                    "indirect_out_of_bounds",
                )
            )
        else:
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "info",
                    f"Lao động gián tiếp {pct(v)} lao động trực tiếp, trong khoảng {bounds}",
                    "indirect_labour_pct",
                    "indirect_within_bounds",
                )
            )
    indirect = [l for l in norm.labour if l.kind == "indirect"]
    if indirect:
        direct = [l for l in norm.labour if l.kind == "direct"]
        d = [_labour_cong(l, hours) for l in direct]
        i = [_labour_cong(l, hours) for l in indirect]
        if None in d or None in i or sum(d) == 0:
            out.append(
                finding(
                    code,
                    None,
                    C,
                    "warning",
                    "Không tính được tỷ lệ lao động gián tiếp (thiếu lao động trực tiếp hoặc số giờ một ngày công)",
                    "labour",
                    "indirect_unknown",
                )
            )
        else:
            share = sum(i) / sum(d) * 100
            text = f"Lao động gián tiếp {fmt(sum(i), 2)} công = {pct(share)} lao động trực tiếp ({fmt(sum(d), 2)} công)"
            if share < lo or share > hi:
                out.append(
                    finding(
                        code,
                        None,
                        C,
                        "error",
                        f"{text}, ngoài khoảng {bounds} đã công bố",
                        "labour",
                        "indirect_out_of_bounds",
                    )
                )
            else:
                out.append(
                    finding(code, None, C, "info", f"{text}, trong khoảng {bounds}", "labour", "indirect_within_bounds")
                )
    return out


# ----------------------------------------------------------------------------
# Evidence sufficiency
# ----------------------------------------------------------------------------

_OVERRIDES = {
    "years": ("years_override_reason",),
    "n": ("n_override_reason", "min_observations_override_reason", "observations_override_reason"),
    "spread": ("spread_override_reason",),
}


def _override(prov, kind: str) -> str | None:
    for key in _OVERRIDES[kind]:
        v = prov.parameters.get(key) or prov.statistics.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def parse_years(value: Any) -> tuple[list[int] | None, int | None]:
    """Years of evidence from ``statistics["years"]``: ``(list of years, count)``.

    A number is a count (the years themselves unknown); text lists years
    (``"2023, 2024, 2025"``) or ranges (``"2023-2025"``).

    >>> parse_years("2023-2025"), parse_years("2021, 2023"), parse_years(Decimal(3))
    (([2023, 2024, 2025], 3), ([2021, 2023], 2), (None, 3))
    """
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, (int, Decimal)):
        return None, int(value)
    years: set[int] = set()
    for a, b in re.findall(r"((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?", str(value)):
        a_ = int(a)
        b_ = int(b) if b else a_
        years.update(range(min(a_, b_), max(a_, b_) + 1))
    if not years:
        return None, None
    ys = sorted(years)
    return ys, len(ys)


def _consecutive(years: list[int]) -> bool:
    return years == list(range(years[0], years[0] + len(years)))


def as_number(v: Any) -> Decimal | None:
    """A recorded figure as a Decimal through the one number reader (dinhmuc.core.numbers); None when it is none."""
    from ..core.numbers import read_number

    if isinstance(v, bool) or v is None:
        return None
    try:
        return read_number(v)
    except ValueError:
        return None


def spread_of(values: list[Decimal]) -> Decimal | None:
    """(max - min) / min x 100 — the spread of TT 13/2021/TT-BXD Phụ lục I; None if min is 0."""
    if len(values) < 2 or min(values) <= 0:
        return None
    return (max(values) - min(values)) / min(values) * 100


def check_evidence(norm: Norm, rules: LegalRules, evidence: dict | None = None) -> list[Finding]:
    """For every line value built from evidence: years, observations and spread (per method)."""
    out: list[Finding] = []
    code = norm.code
    C = "evidence"
    evidence = evidence or {}
    n_cite = ground(rules.min_observations)
    s_cite = ground(rules.max_spread_pct)
    y_cite = cite(rules.statistical_years)
    for comp, line in norm.lines():
        fields = [main_field(comp)] + sorted(f for f in line.provenance if f != main_field(comp))
        for fld in fields:
            prov = line.provenance.get(fld)
            where = line_where(comp, line)
            if prov is None:
                if getattr(line, fld) != 0:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "warning",
                            f"{where}: không có nguồn gốc số liệu (phương pháp, "
                            "số liệu, thống kê) — Hội đồng không kiểm tra được",
                            fld,
                            "no_provenance",
                        )
                    )
                continue
            if prov.method == Method.MANUAL and fld != main_field(comp):
                continue  # a declared value (idle share, rates): checked with the declarations, not as evidence
            method = prov.legal_method or prov.method or norm.method
            if method is None:
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "warning",
                        f"{where}: không ghi phương pháp xây dựng (TT 47/2018/"
                        "TT-BCT Điều 6: thống kê, tiêu chuẩn, thực nghiệm)",
                        fld,
                        "no_method",
                    )
                )
                continue
            if not method.is_legal_method:
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "warning",
                        f"{where}: phương pháp «{method.label}» không phải một "
                        "trong ba phương pháp của TT 47/2018/TT-BCT Điều 6 và không ghi phương pháp pháp lý "
                        "mà nó hỗ trợ",
                        fld,
                        "not_legal_method",
                    )
                )
                continue
            values = [v for v in (evidence.get((code, line.id, fld)) or evidence.get((code, line.id)) or [])]
            stats = prov.statistics
            if method == Method.STANDARD:
                if prov.calculation or prov.evidence:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "info",
                            f"{where}: phương pháp tiêu chuẩn, có cách tính"
                            + (f": {prov.calculation}" if prov.calculation else ""),
                            fld,
                            "standard_ok",
                        )
                    )
                else:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "warning",
                            f"{where}: phương pháp tiêu chuẩn nhưng không ghi cách tính hay tiêu chuẩn áp dụng",
                            fld,
                            "standard_no_calculation",
                        )
                    )
                continue
            # n (statistical and experimental)
            n = as_number(stats.get("n"))
            if n is None and values:
                n = Decimal(len(values))
            if n is None and prov.evidence:
                n = Decimal(len(prov.evidence))
            if n is None:
                out.append(
                    finding(code, line.id, C, "warning", f"{where}: không ghi số lượng số liệu (n)", fld, "n_unknown")
                )
            elif n < rules.n_min:
                reason = _override(prov, "n")
                if reason:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "info",
                            f"{where}: chỉ có {fmt(n)} số liệu (n < {rules.n_min}, {n_cite}); có giải trình: {reason}",
                            fld,
                            "few_observations_explained",
                            PASS_EXPLAINED,
                        )
                    )
                else:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "error",
                            f"{where}: chỉ có {fmt(n)} số liệu (n < {rules.n_min}) — chưa đủ ({n_cite})",
                            fld,
                            "few_observations",
                        )
                    )
            else:
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "info",
                        f"{where}: {fmt(n)} số liệu (n ≥ {rules.n_min}, {n_cite})",
                        fld,
                        "enough_observations",
                    )
                )
            # years (statistical)
            if method == Method.STATISTICAL:
                years, count = parse_years(stats.get("years"))
                if years is None and stats.get("year_from") is not None and stats.get("year_to") is not None:
                    years, count = parse_years(f"{stats['year_from']}-{stats['year_to']}")
                reason = _override(prov, "years")
                if count is None:
                    sev, text, kind = "warning", "không ghi các năm của số liệu thống kê", "years_unknown"
                elif count < rules.years_min:
                    shown = ", ".join(map(str, years)) if years else f"{count} năm"
                    sev, text, kind = (
                        "error",
                        (f"số liệu chỉ có {count} năm ({shown}), cần {rules.years_min} năm liên tục ({y_cite})"),
                        "few_years",
                    )
                elif years is not None and not _consecutive(years):
                    sev, text, kind = (
                        "error",
                        (
                            f"các năm {', '.join(map(str, years))} không liên tục ({y_cite}: "
                            f"{rules.years_min} năm liên tục)"
                        ),
                        "years_not_consecutive",
                    )
                else:
                    shown = f"{years[0]}-{years[-1]}" if years else f"{count} năm"
                    sev, text, kind = (
                        "info",
                        f"số liệu {shown} (≥ {rules.years_min} năm liên tục, {y_cite})",
                        "enough_years",
                    )
                if sev != "info" and reason:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "info",
                            f"{where}: {text}; có giải trình: {reason}",
                            fld,
                            kind + "_explained",
                            PASS_EXPLAINED,
                        )
                    )
                else:
                    out.append(finding(code, line.id, C, sev, f"{where}: {text}", fld, kind))
            # spread
            spread = as_number(stats.get("spread_pct"))
            if spread is None and values:
                spread = spread_of([Decimal(str(v)) for v in values])
            if spread is None and as_number(stats.get("min")) and as_number(stats.get("max")) is not None:
                spread = spread_of([as_number(stats["min"]), as_number(stats["max"])])
            if spread is None:
                if n is not None and n >= 2:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "warning",
                            f"{where}: không ghi độ dao động của số liệu (max - min)/min",
                            fld,
                            "spread_unknown",
                        )
                    )
            elif spread > rules.spread_max:
                reason = _override(prov, "spread")
                cv = as_number(stats.get("cv_pct"))
                extra = f", hệ số biến thiên {pct(cv)}" if cv is not None else ""
                if reason:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "info",
                            f"{where}: độ dao động {pct(spread)} > "
                            f"{pct(rules.spread_max)} ({s_cite}){extra}; có giải trình: {reason}",
                            fld,
                            "wide_spread_explained",
                            PASS_EXPLAINED,
                        )
                    )
                else:
                    out.append(
                        finding(
                            code,
                            line.id,
                            C,
                            "warning",
                            f"{where}: độ dao động {pct(spread)} vượt "
                            f"{pct(rules.spread_max)} ({s_cite}){extra} — cần xem lại hoặc loại số liệu bất "
                            "thường",
                            fld,
                            "wide_spread",
                        )
                    )
            else:
                out.append(
                    finding(
                        code,
                        line.id,
                        C,
                        "info",
                        f"{where}: độ dao động {pct(spread)} ≤ {pct(rules.spread_max)} ({s_cite})",
                        fld,
                        "spread_ok",
                    )
                )
    return out


# ----------------------------------------------------------------------------
# Legal parameters
# ----------------------------------------------------------------------------

_DOC_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ]+(?:-[A-ZĐ]+)*", re.UNICODE)


def doc_number(text: str) -> str | None:
    """``13/2021/TT-BXD`` from ``Thông tư 13/2021/TT-BXD``; None when the text has no number."""
    m = _DOC_NUMBER.search(text or "")
    return m.group(0) if m else None


def superseded_documents(
    params: Parameters, on: _dt.date, extra: dict[str, str] | None = None
) -> dict[str, tuple[str, _dt.date | None]]:
    """Documents cited by a parameter value that a later value, in force on ``on``, replaced.

    Returns ``number -> (replacing document, from)``.
    """
    out: dict[str, tuple[str, _dt.date | None]] = {}
    for name in params.names():
        p = params.parameter(name)
        for old, new in zip(p.values, p.values[1:]):
            if new.start > on:
                break
            a, b = doc_number(old.citation.document), doc_number(new.citation.document)
            if a and b and a != b and a not in out:
                out[a] = (new.citation.document, new.start)
    # Hook (law helper): acts the dated legal bases record as repealed and replaced by then
    from ..law.bases import default_library

    lib = default_library()
    for b in lib.records.values():
        if b.repealed_on is not None and b.repealed_on <= on and b.replaced_by in lib.records:
            new_b = lib.records[b.replaced_by]
            out.setdefault(
                doc_number(b.number) or b.number,
                (f"{new_b.short()} ({new_b.title})" if new_b.rank == 1 else new_b.short(), b.repealed_on),
            )
    for k, v in (extra or {}).items():
        out[doc_number(k) or k] = (v, None)
    return out


def _texts(norm_set: NormSet):
    """(norm, line, field, text) of every citation-bearing text of the set."""
    for t in norm_set.legal_bases + norm_set.notes:
        yield None, None, "legal_bases", t
    for norm in norm_set.norms:
        for t in norm.legal_basis + norm.notes:
            yield norm.code, None, "legal_basis", t
        for fld, prov in norm.provenance.items():
            for t in (prov.note, prov.calculation, *[v for v in prov.parameters.values() if isinstance(v, str)]):
                if t:
                    yield norm.code, None, fld, t
        for _, line in norm.lines():
            for fld, prov in line.provenance.items():
                for t in (prov.note, prov.calculation, *[v for v in prov.parameters.values() if isinstance(v, str)]):
                    if t:
                        yield norm.code, line.id, fld, t
            if line.note:
                yield norm.code, line.id, "note", line.note


def check_legal(norm_set: NormSet, params: Parameters, on: _dt.date, opts: AppraisalOptions) -> list[Finding]:
    """Parameter values in force still unverified; citations of superseded documents."""
    out: list[Finding] = []
    C = "legal"
    unverified = params.unverified(on)
    for v in unverified:
        unit = f" {v.unit}" if v.unit else ""
        value = show_value(v.value)
        out.append(
            finding(
                None,
                None,
                C,
                "warning",
                f"Tham số «{v.label}» = {value}{unit} theo {v.citation}, "
                f"áp dụng từ {v.start.strftime('%d/%m/%Y')}, còn gắn cờ CHƯA KIỂM CHỨNG với văn bản gốc",
                v.name,
                "unverified",
            )
        )
    if not unverified:
        out.append(
            finding(
                None,
                None,
                C,
                "info",
                f"Mọi tham số pháp lý áp dụng ngày {on.strftime('%d/%m/%Y')} đã được kiểm chứng",
                code="all_verified",
            )
        )
    old_docs = superseded_documents(params, on, opts.superseded)
    seen: set[tuple] = set()
    for norm, line, fld, text in _texts(norm_set):
        for number in _DOC_NUMBER.findall(text):
            if number in old_docs and (norm, line, number) not in seen:
                seen.add((norm, line, number))
                by, start = old_docs[number]
                since = f" từ {start.strftime('%d/%m/%Y')}" if start else ""
                out.append(
                    finding(
                        norm,
                        line,
                        C,
                        "warning",
                        f"Trích dẫn {number} đã được thay thế bởi {by}{since} — cần cập nhật căn cứ («{text[:80]}»)",
                        fld,
                        "superseded_citation",
                    )
                )
    return out


def working_hours(params: Parameters, on: _dt.date) -> dict[str, Decimal]:
    """Hours of one công, normal and heavy work (for labour lines in giờ)."""
    out = {}
    for key, name in (("normal", "working_time.hours_per_day"), ("heavy", "working_time.hours_per_day_heavy")):
        try:
            out[key] = as_decimal(params.value(name, on))
        except (ParameterError, Exception):
            pass
    return out
