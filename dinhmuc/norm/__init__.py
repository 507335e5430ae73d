"""The norm model (mô hình định mức kinh tế - kỹ thuật).

Modules: :mod:`.types` (exact numbers, texts, codes), :mod:`.provenance`,
:mod:`.lines` (labour, materials, equipment), :mod:`.norm` (one norm, applying
it), :mod:`.normset` (the set one decision issues, its YAML/Excel forms),
:mod:`.display`. Everything is importable from ``dinhmuc.norm``.

A :class:`Norm` is the labour, materials and equipment time that one unit of a
public service consumes (TT 47/2018/TT-BCT Art. 2 and 7); a :class:`NormSet` is
the norms one decision issues. Every model is strict: an unknown key is an error,
quantities are exact :class:`~decimal.Decimal` values, units and grades must be
in their lists (``data/units.yaml``, ``data/grades.yaml``), and any numeric value
can carry its :class:`Provenance`.

>>> import dinhmuc as dm
>>> norm = dm.Norm(
...     code="KC01", name="Đào tạo nghề ngắn hạn", unit="lớp",
...     drivers=[{"code": "learners", "label": "học viên", "unit": "người", "reference": 30},
...              {"code": "days", "label": "ngày học", "unit": "ngày", "reference": 60}],
...     labour=[{"role": "Giáo viên dạy nghề", "grade": "III", "step": 3, "quantity": 60,
...              "scales_with": ["days"]}],
...     materials=[{"name": "Tài liệu học tập", "unit": "bộ", "quantity": 30, "scales_with": ["learners"]}],
... )
>>> norm.unit_text
'01 lớp (30 học viên, 60 ngày học)'
>>> applied = norm.apply({"learners": 25, "days": 45})
>>> [(line.id, str(line.quantity)) for line in applied.lines]
[('LD1', '45'), ('VT1', '25')]
"""

from __future__ import annotations

from .display import norm_html, norm_lines_frame, norm_text
from .lines import (
    PERCENT_BASES,
    DriverUnit,
    EnergyLine,
    EquipmentLine,
    LabourLine,
    Line,
    MachineUnit,
    MaterialLine,
    MaterialUnit,
    PercentLine,
    ServiceUnit,
    ToolLine,
    grade_known,
)
from .norm import (
    ALL_COMPONENTS,
    COMPONENTS,
    AdjustmentBand,
    AdjustmentClass,
    AdjustmentTable,
    AppliedAdjustment,
    AppliedLine,
    AppliedNorm,
    Component,
    Driver,
    Norm,
    Variant,
    WorkStep,
)
from .normset import YAML_HEADER, NormSet, norm_set_from_frames, norm_set_to_yaml, validate_raw
from .provenance import Exclusion, Method, Provenance, Scalar, Traced
from .types import (
    CODE_PATTERN,
    MAX_DIGITS,
    NOT_USED,
    Cell,
    Code,
    Model,
    Number,
    OptText,
    Percent,
    Positive,
    Published,
    Quantity,
    Text,
    canonical_decimal,
    exact_number,
    is_used,
)

__all__ = [
    "exact_number",
    "ALL_COMPONENTS",
    "AdjustmentBand",
    "Cell",
    "EnergyLine",
    "NOT_USED",
    "PERCENT_BASES",
    "PercentLine",
    "Published",
    "ToolLine",
    "Variant",
    "is_used",
    "AdjustmentClass",
    "AdjustmentTable",
    "AppliedAdjustment",
    "AppliedLine",
    "AppliedNorm",
    "CODE_PATTERN",
    "COMPONENTS",
    "Code",
    "Component",
    "Driver",
    "DriverUnit",
    "EquipmentLine",
    "Exclusion",
    "LabourLine",
    "Line",
    "MAX_DIGITS",
    "MachineUnit",
    "MaterialLine",
    "MaterialUnit",
    "Method",
    "Model",
    "Norm",
    "NormSet",
    "Number",
    "OptText",
    "Percent",
    "Positive",
    "Provenance",
    "Quantity",
    "Scalar",
    "ServiceUnit",
    "Text",
    "Traced",
    "WorkStep",
    "YAML_HEADER",
    "canonical_decimal",
    "grade_known",
    "norm_html",
    "norm_lines_frame",
    "norm_set_from_frames",
    "norm_set_to_yaml",
    "norm_text",
    "validate_raw",
]
