"""The methods of TT 47/2018/TT-BCT Art. 6 (phương pháp xây dựng định mức) and their aids.

* :mod:`.statistical` — thống kê tổng hợp, from settlement records;
* :mod:`.standard` — tiêu chuẩn, from a working-time regime and step durations;
* :mod:`.experimental` — phân tích thực nghiệm, from time studies;
* :mod:`.aids` — comparison (so sánh) and expert estimates (chuyên gia), aids that feed one of the three;
* :mod:`.build` — :func:`build_norm`, the one notebook verb, and :func:`explain`.
"""

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

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Coefficient",
    "ComparisonOptions",
    "ExperimentalOptions",
    "ExpertOptions",
    "StandardOptions",
    "StatisticalOptions",
    "build_norm",
    "build_norms",
    "explain",
]
