"""dinhmuc — build, cost and document Vietnamese economic-technical norms.

Định mức kinh tế - kỹ thuật cho dịch vụ sự nghiệp công: từ số liệu đến định mức,
từ định mức đến đơn giá, và hồ sơ trình thẩm định.

The pipeline, module by module::

    evidence -> methods -> norm -> costing -> dossier

One notebook API: ``import dinhmuc as dm``.
"""

from __future__ import annotations

from ._version import __version__
from .appraisal import appraise, diff_norm_sets, tally
from .catalog import Catalog, ServiceSpec, load_catalog
from .core.errors import DinhmucError, InputError, Location, ParameterError, PriceError, Problem, UnknownReferenceError
from .core.i18n import language, set_language, use_language
from .core.registry import Registry, default_registry, using_registry
from .costing import CostingOptions, PriceList, UnitPrice, cost_norm, estimate_plan, load_prices, monte_carlo, tornado
from .evidence import (
    Evidence,
    read_expert_estimates,
    read_reference_norm,
    read_settlements,
    read_standards,
    read_time_studies,
)
from .io.normio import load_norm_set, save_norm_set
from .methods import BuildResult, StatisticalOptions, build_norm, build_norms, explain
from .norm import (
    AdjustmentClass,
    AdjustmentTable,
    AppliedNorm,
    Driver,
    EnergyLine,
    EquipmentLine,
    LabourLine,
    MaterialLine,
    Method,
    Norm,
    NormSet,
    PercentLine,
    Provenance,
    ToolLine,
    Variant,
    WorkStep,
)
from .params import Parameters, default_parameters, load_parameters
from .pipeline import BuildOutput, build_project
from .project import Project, example_project_path, load_project
from .scaffold import init_project
from .tables import import_tables


def __getattr__(name: str):
    # write_dossier pulls in python-docx, docxtpl and matplotlib: load them on first use.
    if name == "write_dossier":
        from .dossier.writer import write_dossier

        return write_dossier
    raise AttributeError(f"module 'dinhmuc' has no attribute {name!r}")


__all__ = [
    "AdjustmentClass",
    "AdjustmentTable",
    "AppliedNorm",
    "Catalog",
    "DinhmucError",
    "Driver",
    "EquipmentLine",
    "InputError",
    "LabourLine",
    "Location",
    "MaterialLine",
    "Method",
    "Norm",
    "NormSet",
    "ParameterError",
    "PriceError",
    "Problem",
    "Provenance",
    "Registry",
    "ServiceSpec",
    "UnknownReferenceError",
    "WorkStep",
    "default_registry",
    "using_registry",
    "import_tables",
    "EnergyLine",
    "PercentLine",
    "ToolLine",
    "Variant",
    "default_parameters",
    "load_parameters",
    "Parameters",
    "load_catalog",
    "load_norm_set",
    "save_norm_set",
    "__version__",
    "CostingOptions",
    "PriceList",
    "UnitPrice",
    "cost_norm",
    "estimate_plan",
    "load_prices",
    "monte_carlo",
    "tornado",
    "BuildResult",
    "Evidence",
    "StatisticalOptions",
    "build_norm",
    "build_norms",
    "explain",
    "read_expert_estimates",
    "read_reference_norm",
    "read_settlements",
    "read_standards",
    "read_time_studies",
    "appraise",
    "diff_norm_sets",
    "tally",
    "write_dossier",
    "BuildOutput",
    "Project",
    "build_project",
    "example_project_path",
    "init_project",
    "load_project",
    "language",
    "set_language",
    "use_language",
]
