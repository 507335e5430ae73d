"""What a check reports (kết quả kiểm tra): verdicts, :class:`Finding`, and how a finding names a line."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

from ...catalog import EquipmentSpec, LabourSpec, MaterialSpec, ServiceSpec
from ...core.labels import COMPONENT_LABELS
from ...norm import EquipmentLine, LabourLine, MaterialLine
from ..diff import line_name, norm_text

__all__ = [
    "CHECK_LABELS",
    "FAIL",
    "PASS",
    "PASS_EXPLAINED",
    "REVIEW",
    "SEVERITY_ORDER",
    "VERDICT_OF",
    "AnyLine",
    "Finding",
    "Severity",
    "SpecLine",
    "finding",
    "line_where",
    "main_field",
    "match_spec",
    "spec_name",
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

AnyLine = LabourLine | MaterialLine | EquipmentLine
#: A catalogue line (a role, a material, a machine of the service's specification; no quantity).
SpecLine = LabourSpec | MaterialSpec | EquipmentSpec


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
        """The check's name in Vietnamese."""
        return CHECK_LABELS.get(self.check, self.check)

    @property
    def flagged(self) -> bool:
        """True unless the verdict is a plain pass."""
        return self.verdict != PASS

    def to_dict(self) -> dict[str, str | None]:
        """The finding as a plain mapping (for JSON and CSV)."""
        return asdict(self)


def finding(
    norm: str | None,
    line: str | None,
    check: str,
    severity: Severity,
    reason: str,
    fld: str | None = None,
    code: str | None = None,
    verdict: str | None = None,
) -> Finding:
    """A finding with the verdict its severity gives (unless one is given).

    >>> finding("KC01", None, "legal", "warning", "…").verdict
    'cần xem xét'
    """
    return Finding(norm, line, check, severity, verdict or VERDICT_OF[severity], reason, fld, code)


def line_where(comp: str, line: AnyLine) -> str:
    """How a finding names a line: its component and name, e.g. Vật tư «Giấy in»."""
    return f"{COMPONENT_LABELS[comp]} «{line_name(line)}»"


def match_spec(comp: str, line: AnyLine, spec: ServiceSpec | None) -> SpecLine | None:
    """The catalogue line of ``spec`` a norm line stands for: same name first, else same id."""
    if spec is None:
        return None
    specs: list[SpecLine] = getattr(spec, comp)
    name = norm_text(line_name(line))
    names = [(s, norm_text(spec_name(s))) for s in specs]
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


def spec_name(s: SpecLine) -> str:
    """A catalogue line's name: the role of a labour line, else its name."""
    return s.role if isinstance(s, LabourSpec) else s.name


def main_field(comp: str) -> str:
    """The field holding a line's main value: ``loaded`` for equipment, else ``quantity``."""
    return "loaded" if comp == "equipment" else "quantity"
