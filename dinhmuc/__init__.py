"""dinhmuc — build, cost and document Vietnamese economic-technical norms.

Định mức kinh tế - kỹ thuật cho dịch vụ sự nghiệp công: từ số liệu đến định mức,
từ định mức đến đơn giá, và hồ sơ trình thẩm định.

The pipeline, module by module::

    evidence -> methods -> norm -> costing -> dossier

One notebook API: ``import dinhmuc as dm``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:  # what each name is, for type checkers and the API reference; loaded on first use below
    from .appraisal import appraise, diff_norm_sets, tally
    from .catalog import Catalog, ServiceSpec, load_catalog
    from .core.errors import (
        DinhmucError,
        InputError,
        Location,
        ParameterError,
        PriceError,
        Problem,
        UnknownReferenceError,
    )
    from .core.i18n import language, set_language, use_language
    from .core.registry import Registry, default_registry, using_registry
    from .costing import (
        CostingOptions,
        PriceList,
        UnitPrice,
        cost_norm,
        estimate_plan,
        load_prices,
        monte_carlo,
        tornado,
    )
    from .dossier.writer import write_dossier
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

#: Where each public name lives. ``import dinhmuc`` loads none of them: pandas, pydantic's models, python-docx,
#: docxtpl, openpyxl and matplotlib load when a name is first used (``dm.build_project`` loads the pipeline).
_HOME = {
    **dict.fromkeys(["appraise", "diff_norm_sets", "tally"], ".appraisal"),
    **dict.fromkeys(["Catalog", "ServiceSpec", "load_catalog"], ".catalog"),
    **dict.fromkeys(
        [
            "DinhmucError",
            "InputError",
            "Location",
            "ParameterError",
            "PriceError",
            "Problem",
            "UnknownReferenceError",
        ],
        ".core.errors",
    ),
    **dict.fromkeys(["language", "set_language", "use_language"], ".core.i18n"),
    **dict.fromkeys(["Registry", "default_registry", "using_registry"], ".core.registry"),
    **dict.fromkeys(
        [
            "CostingOptions",
            "PriceList",
            "UnitPrice",
            "cost_norm",
            "estimate_plan",
            "load_prices",
            "monte_carlo",
            "tornado",
        ],
        ".costing",
    ),
    "write_dossier": ".dossier.writer",
    **dict.fromkeys(
        [
            "Evidence",
            "read_expert_estimates",
            "read_reference_norm",
            "read_settlements",
            "read_standards",
            "read_time_studies",
        ],
        ".evidence",
    ),
    **dict.fromkeys(["load_norm_set", "save_norm_set"], ".io.normio"),
    **dict.fromkeys(["BuildResult", "StatisticalOptions", "build_norm", "build_norms", "explain"], ".methods"),
    **dict.fromkeys(
        [
            "AdjustmentClass",
            "AdjustmentTable",
            "AppliedNorm",
            "Driver",
            "EnergyLine",
            "EquipmentLine",
            "LabourLine",
            "MaterialLine",
            "Method",
            "Norm",
            "NormSet",
            "PercentLine",
            "Provenance",
            "ToolLine",
            "Variant",
            "WorkStep",
        ],
        ".norm",
    ),
    **dict.fromkeys(["Parameters", "default_parameters", "load_parameters"], ".params"),
    **dict.fromkeys(["BuildOutput", "build_project"], ".pipeline"),
    **dict.fromkeys(["Project", "example_project_path", "load_project"], ".project"),
    "init_project": ".scaffold",
    "import_tables": ".tables",
}


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is not None:
        value = getattr(import_module(home, __name__), name)
    elif name in _SUBPACKAGES:  # dm.appraisal, dm.pipeline ...: the submodule, loaded on first use as well
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'dinhmuc' has no attribute {name!r}")
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


_SUBPACKAGES = frozenset(
    {
        "appraisal",
        "catalog",
        "cli",
        "core",
        "costing",
        "dossier",
        "evidence",
        "io",
        "law",
        "methods",
        "norm",
        "params",
        "pipeline",
        "procedure",
        "project",
        "scaffold",
        "tables",
    }
)


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "language",
    "set_language",
    "use_language",
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
]
