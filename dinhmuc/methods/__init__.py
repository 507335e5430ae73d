"""The methods of TT 47/2018/TT-BCT Art. 6 (phương pháp xây dựng định mức) and their aids.

* :mod:`.statistical` — thống kê tổng hợp, from settlement records;
* :mod:`.standard` — tiêu chuẩn, from a working-time regime and step durations;
* :mod:`.experimental` — phân tích thực nghiệm, from time studies;
* :mod:`.aids` — comparison (so sánh) and expert estimates (chuyên gia), aids that feed one of the three;
* :mod:`.build` — :func:`build_norm`, the one notebook verb, and :func:`explain`.
"""

from ..evidence import (
    Evidence,
    read_expert_estimates,
    read_reference_norm,
    read_settlements,
    read_standards,
    read_time_studies,
)
from .build import BuildResult, build_norm, build_norms, explain
from .options import (
    BuildOptions,
    Coefficient,
    ComparisonOptions,
    ExperimentalOptions,
    ExpertOptions,
    StandardOptions,
    StatisticalOptions,
)

__all__ = ["Evidence", "read_expert_estimates", "read_reference_norm", "read_settlements", "read_standards",
           "read_time_studies", "BuildOptions", "BuildResult", "Coefficient", "ComparisonOptions", "ExperimentalOptions", "ExpertOptions",
           "StandardOptions", "StatisticalOptions", "build_norm", "build_norms", "explain"]
