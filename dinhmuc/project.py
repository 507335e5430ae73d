"""A norm-building project (dự án xây dựng định mức): the file that ties the inputs together.

A project file (``project.yaml``) says which province and body issue the norms,
the decision's number and dates, the legal bases, which evidence files to read,
the method chosen for each service and why, and the parameters the project
declares where the law is silent (working days per month, the management
percentage). Paths inside it are relative to the file.

>>> import dinhmuc as dm
>>> project = dm.load_project(dm.example_project_path())
>>> project.province, project.illustrative, len(project.services)
('Quảng Ngãi', True, 10)
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ._resources import data_path
from .core.errors import Problem, raise_if
from .law.bases import BasesOverrides
from .norm import Code, Method, Model, OptText, Text
from .procedure import ProcedureFacts, Route, number_has_year, route_of

#: The mark every document built from illustrative data carries.
DRAFT_MARK = "DỰ THẢO – dữ liệu minh họa"


class DecisionInfo(Model):
    """The decision (Quyết định) that will issue the norm set."""

    number: OptText = None
    signed_on: _dt.date | None = None
    effective_from: _dt.date | None = None
    replaces: OptText = None
    version: OptText = None


class Inputs(Model):
    """The input files of a project, relative to the project file."""

    catalog: OptText = None
    settlements: OptText = None
    time_studies: OptText = None
    expert_estimates: OptText = None
    standards: OptText = None
    reference_norm: OptText = None
    prices: OptText = None
    actual_costs: OptText = None
    plan: OptText = None
    council: OptText = None
    #: a folder of the province's own Word templates (same file names as the bundled ones; rendered sandboxed)
    templates: OptText = None
    #: the province's own lists of units and of grades or labour groups (YAML like data/units.yaml and
    #: data/grades.yaml); used once for the whole build: loading, validation, methods, costing, documents
    units: OptText = None
    grades: OptText = None
    #: the decimal separator of the text numbers in the input tables: "," (Vietnamese 1.234,5) or "."
    #: (international 1,234.5); it decides columns whose cells read both ways ("1.500"), see dinhmuc.core.numbers
    decimal_separator: Literal[",", "."] | None = None


class VatAssumption(Model):
    """A VAT status the project declares for a price whose list says "unknown" (không rõ thuế GTGT).

    Costing refuses a price of unknown VAT status (``dm.cost_norm`` raises a
    ``PriceError`` naming the row); the project states here, with its reason,
    which status it assumes for that price. ``sheet`` is the price-list table
    (``materials``, ``equipment``, ``energy``); ``name`` and ``spec`` match the
    price row as costing matches a norm line (case and spacing ignored).
    ``PriceList.assume_vat`` applies the assumptions (``dinhmuc build`` does it),
    and the price's source then records the declaration.
    """

    sheet: Literal["materials", "equipment", "energy"] = "materials"
    name: Text
    spec: OptText = None
    vat: Literal["included", "excluded"]
    reason: Text


class Supplement(Model):
    """Lines of a norm built by a second method, with the reason (bổ sung dòng hao phí).

    A time study, for instance, measures labour and machine time but not the
    materials; those lines can come from settlements or experts. The lines named
    here replace or complete the ones the service's main method built, and the
    norm's notes record which lines came from which method and why.
    """

    method: Method
    lines: list[Code]
    reason: Text
    options: dict[str, Any] = Field(default_factory=dict)


class ServicePlan(Model):
    """How one service's norm is built: the method, why, and its declared options."""

    method: Method
    reason: Text
    options: dict[str, Any] = Field(default_factory=dict)
    supplements: list[Supplement] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# Legal settings of a project (law helper; kept apart from the typed configuration)
# ---------------------------------------------------------------------------


class LawSettings(Model):
    """The project's legal choices (``project.yaml`` key ``law``).

    ``legal_bases``: what the decision's bases add to, remove from or reorder in
    the defaults in force on the decision date (``data/legal/bases.yaml``, see
    :func:`dinhmuc.law.bases.bases_for`); ``params_max_age_days``: a legal
    parameter file whose ``last_reviewed`` is older than this is warned about
    (``dinhmuc params``, every build).
    """

    legal_bases: BasesOverrides = Field(default_factory=BasesOverrides)
    params_max_age_days: int = Field(default=365, ge=0)


class Project(Model):
    """A project file: who issues, what to build from which evidence, with which declared choices."""

    title: Text
    province: Text
    illustrative: bool = False
    issuing_body: Text
    parent_body: OptText = None
    drafting_unit: Text
    place: OptText = None
    as_of: _dt.date
    decision: DecisionInfo = Field(default_factory=DecisionInfo)
    #: free-text bases printed after the dated ones (unchecked; prefer law.legal_bases.add)
    legal_bases: list[Text] = Field(default_factory=list)
    law: LawSettings = Field(default_factory=LawSettings)
    signer: dict[str, Any] = Field(default_factory=dict)
    #: the papers' other facts (dinhmuc.dossier.DossierInfo keys: service_provider, recipients, numbers ...) and
    #: ``explanations``: the drafting unit's answers to the appraisal's points (norm, line, code, text)
    dossier: dict[str, Any] = Field(default_factory=dict)
    inputs: Inputs = Field(default_factory=Inputs)
    parameters: dict[str, Any] = Field(default_factory=dict)
    build: dict[str, Any] = Field(default_factory=dict)
    services: dict[Code, ServicePlan]
    vat_assumptions: list[VatAssumption] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    # -- the decision's route and the TT 47 Art. 9 procedure facts (dinhmuc.procedure; issue 11 items 2-3)
    #: "legal_normative" (văn bản QPPL, NĐ 78/2025) or "administrative" (NĐ 30/2020); None: from the decision number
    route: Route | None = None
    procedure: ProcedureFacts = Field(default_factory=ProcedureFacts)

    #: the folder the project file is in (set by :func:`load_project`)
    root: Path | None = Field(default=None, exclude=True)
    #: the project file itself (set by :func:`load_project`; errors name it)
    file: Path | None = Field(default=None, exclude=True)

    def decision_date(self) -> _dt.date:
        """The date the decision's bases must be in force on: its signing date, else the project date."""
        return self.decision.signed_on or self.as_of

    def path(self, name: str) -> Path | None:
        """The absolute path of an input (``settlements``, ``prices`` ...), or None when not given."""
        value = getattr(self.inputs, name)
        if value is None:
            return None
        p = Path(value)
        return p if p.is_absolute() or self.root is None else self.root / p

    def registry(self):
        """The project's registry (its ``inputs.units``/``inputs.grades``), or None for the bundled lists."""
        from .core.registry import Registry

        units, grades = self.path("units"), self.path("grades")
        return Registry.from_files(units, grades) if (units or grades) else None

    @property
    def decision_route(self) -> str:
        """The route of the decision: declared, else implied by its number (:func:`dinhmuc.procedure.route_of`)."""
        return route_of(self.route, self.decision.number)

    @property
    def draft_mark(self) -> str | None:
        return DRAFT_MARK if self.illustrative else None


def example_project_path() -> Path:
    """The bundled Quảng Ngãi example project file (the former Kon Tum province area)."""
    return data_path("examples", "quang_ngai", "project.yaml")


def load_project(path: str | Path) -> Project:
    """Load and check a project file; every problem is reported with its line."""
    from .io.normio import load_yaml_model, yaml_locate
    from .core.yamlio import read_yaml_mapping

    from .core.files import check_path_length

    path = check_path_length(path)  # a 5,000-character path: a typed error, not ENAMETOOLONG (robust)
    if path.is_dir():
        path = path / "project.yaml"
    project = load_yaml_model(path, Project)
    project = project.model_copy(update={"root": path.resolve().parent, "file": path})
    missing = []
    for name in Inputs.model_fields:
        p = project.path(name)
        if p is not None and not p.exists():
            locate = yaml_locate(path, read_yaml_mapping(path)[1])
            where = locate(("inputs", name))
            missing.append(Problem(f"input file not found: {p}", where, "missing_file",
                                   "a path relative to the project file"))
    # NĐ 78/2025 numbers a legal normative document with its year ("46/2026/QĐ-UBND"); NĐ 30/2020 numbers an
    # administrative decision without it ("15/QĐ-UBND"): a number that contradicts the declared route is an error
    number = project.decision.number
    if project.route is not None and number and "/" in number:
        if number_has_year(number) != (project.route == "legal_normative"):
            locate = yaml_locate(path, read_yaml_mapping(path)[1])
            want = ("a number with the year, e.g. 46/2026/QĐ-UBND" if project.route == "legal_normative"
                    else "a number without the year, e.g. 15/QĐ-UBND")
            missing.append(Problem(f"decision number '{number}' does not fit route '{project.route}'",
                                   locate(("decision", "number")), "route_number", want))
    raise_if(missing, str(path))
    # the decision's legal bases must be in force on its date (errors name this file and line)
    from .law.bases import bases_for

    bases_for(project)
    return project
