"""A norm-building project (dự án xây dựng định mức): the file that ties the inputs together.

A project file (``project.yaml``) says which province and body issue the norms,
the decision's number and dates, the legal bases, which evidence files to read,
the method chosen for each service and why, the project's costing options
(``costing``: the management percentage, working days per month ... where the law
is silent), the build options every method shares (``build``) and, when the
project uses its own, its legal parameter files (``legal_parameters``). Paths
inside it are relative to the file.

Every section is typed and checked when the file is loaded (and by
``dinhmuc build --check``): an unknown key anywhere is one error naming the
file, the line and the keys accepted there; the options of every service are
checked against its method once, so a mistake in ``build`` is reported once, not
once per service.

>>> import dinhmuc as dm
>>> project = dm.load_project(dm.example_project_path())
>>> project.province, project.illustrative, len(project.services)
('Quảng Ngãi', True, 10)
>>> project.costing.management_pct, project.build.rounding_decimals
(Decimal('2.5'), 2)
"""

from __future__ import annotations

import datetime as _dt
import difflib
import typing
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictStr, ValidationError, model_validator

from ._resources import data_path
from .core.dates import Date
from .core.errors import InputError, Location, Problem, raise_if
from .core.i18n import tr
from .costing.unit_price import CostingOptions
from .law.bases import BasesOverrides
from .methods.options import OPTIONS as _OPTIONS
from .methods.options import BuildOptions
from .norm import Code, Method, Model, OptText, Text
from .procedure import ProcedureFacts, Route, number_has_year, route_of

#: The options model of each method (typed for the checker).
OPTIONS: dict[Method, type[BuildOptions]] = {m: typing.cast(type[BuildOptions], c) for m, c in _OPTIONS.items()}

#: The mark every document built from illustrative data carries.
DRAFT_MARK = "DỰ THẢO – dữ liệu minh họa"

#: Keys of earlier versions of the project file, and what replaced them (a clear error, never a silent ignore).
RENAMED_KEYS: dict[tuple[str, ...], str] = {
    ("parameters",): "project.renamed_parameters",
}


class DecisionInfo(Model):
    """The decision (Quyết định) that will issue the norm set."""

    number: OptText = None
    signed_on: Date | None = None
    effective_from: Date | None = None
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


class LegalParameterFiles(Model):
    """The project's own legal parameter files (tham số pháp lý riêng của dự án).

    ``files``: parameter files (same format as ``data/params``) each replacing the
    bundled file of the same name — e.g. a ``working_time.yaml`` of the province.
    ``folder``: a whole folder replacing the bundled ``data/params``. Paths are
    relative to the project file. The build, the costing, the workbook, the
    dossier and the appraisal of the project all use the same set, and the
    manifest lists every file used with its hash.
    """

    folder: OptText = None
    files: list[Text] = Field(default_factory=list)


class Signer(Model):
    """Who signs the decision (khối chữ ký): the words above the signature, the title(s), the name.

    Left out, the papers print a marked blank and the build warns; dinhmuc never invents a name.
    """

    authority_prefix: OptText = None
    #: one line or a list of lines (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH); a number here is a mistake, not a title
    signer_title: StrictStr | list[StrictStr] | None = None
    signer_name: OptText = None
    #: who signs the submission and the report for the drafting unit (thủ trưởng cơ quan chủ trì soạn thảo)
    drafting_head_title: OptText = None
    drafting_head_name: OptText = None


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


def _option_fields() -> dict[str, Any]:
    """Every option any method accepts, with the field of its first declaration."""
    fields: dict[str, Any] = {}
    for cls in OPTIONS.values():
        for name, info in cls.model_fields.items():
            fields.setdefault(name, info)
    return fields


def build_option_keys() -> list[str]:
    """The keys the ``build`` section accepts: every method's options but ``as_of`` and ``lines``."""
    return [k for k in _option_fields() if k not in ("as_of", "lines")]


class _BuildDefaultsBase(Model):
    """Build options shared by every service (lựa chọn chung khi xây dựng định mức).

    The keys are those of :class:`~dinhmuc.methods.options.BuildOptions` (rounding,
    idle share, loss rates ...) and of the methods' own options (``iqr_k``,
    ``preparation_pct`` ...), each typed as there and checked once here; a
    method-specific key applies to the services built by a method that knows
    it. ``as_of`` and ``lines`` are not accepted: the project's ``as_of`` and each
    supplement's ``lines`` set them.
    """

    def declared(self) -> dict[str, Any]:
        """The keys the project wrote, with their values."""
        return {k: getattr(self, k) for k in self.model_fields_set}

    def for_method(self, method: Method) -> dict[str, Any]:
        """The declared keys that ``method``'s options accept."""
        fields = OPTIONS[method].model_fields
        return {k: v for k, v in self.declared().items() if k in fields}


def _make_build_defaults() -> type[_BuildDefaultsBase]:
    from pydantic import create_model

    fields: dict[str, Any] = {}
    for name, info in _option_fields().items():
        if name in ("as_of", "lines"):
            continue
        annotated = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[name] = (annotated | None, Field(default=None, description=info.description))
    model = create_model("BuildDefaults", __base__=_BuildDefaultsBase, __module__=__name__, **fields)
    model.__doc__ = _BuildDefaultsBase.__doc__
    return model


if TYPE_CHECKING:
    BuildDefaults = _BuildDefaultsBase
else:
    BuildDefaults = _make_build_defaults()


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
    """A project file: who issues, what to build from which evidence, with which declared choices.

    Sections: ``decision``, ``legal_bases``, ``law``, ``signer``, ``dossier``, ``inputs``, ``costing``
    (:class:`~dinhmuc.costing.CostingOptions`), ``build`` (:class:`BuildDefaults`),
    ``legal_parameters`` (:class:`LegalParameterFiles`), ``services``,
    ``vat_assumptions``, ``notes``. Other parts of dinhmuc add their own typed
    sections here; every section rejects unknown keys.

    >>> import dinhmuc as dm
    >>> project = dm.load_project(dm.example_project_path())
    >>> project.province, project.costing.management_pct, project.services["KC05"].method.value
    ('Quảng Ngãi', Decimal('2.5'), 'standard')
    """

    title: Text
    province: Text
    illustrative: bool = False
    issuing_body: Text
    parent_body: OptText = None
    drafting_unit: Text
    place: OptText = None
    as_of: Date
    decision: DecisionInfo = Field(default_factory=DecisionInfo)
    #: free-text bases printed after the dated ones (unchecked; prefer law.legal_bases.add)
    legal_bases: list[Text] = Field(default_factory=list)
    law: LawSettings = Field(default_factory=LawSettings)
    signer: Signer = Field(default_factory=Signer)
    #: the papers' other facts (dinhmuc.dossier.DossierInfo keys: service_provider, recipients, numbers ...) and
    #: ``explanations``: the drafting unit's answers to the appraisal's points (norm, line, code, text)
    dossier: dict[str, Any] = Field(default_factory=dict)
    inputs: Inputs = Field(default_factory=Inputs)
    costing: CostingOptions | None = None
    build: BuildDefaults = Field(default_factory=BuildDefaults)
    legal_parameters: LegalParameterFiles = Field(default_factory=LegalParameterFiles)
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

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for (key,), message in RENAMED_KEYS.items():
                if key in data:
                    from pydantic_core import PydanticCustomError

                    raise PydanticCustomError("renamed_key", "{msg}", {"msg": tr(message)})
        return data

    def _resolve(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() or self.root is None else self.root / p

    def decision_date(self) -> _dt.date:
        """The date the decision's bases must be in force on: its signing date, else the project date."""
        return self.decision.signed_on or self.as_of

    def path(self, name: str) -> Path | None:
        """The absolute path of an input (``settlements``, ``prices`` ...), or None when not given."""
        value = getattr(self.inputs, name)
        return None if value is None else self._resolve(value)

    def legal_parameter_paths(self) -> tuple[Path | None, list[Path]]:
        """The project's own parameter folder (or None) and files, as absolute paths."""
        lp = self.legal_parameters
        return (self._resolve(lp.folder) if lp.folder else None), [self._resolve(f) for f in lp.files]

    @property
    def uses_own_parameters(self) -> bool:
        """True when the project declares legal parameter files of its own."""
        return bool(self.legal_parameters.folder or self.legal_parameters.files)

    @cached_property
    def parameters(self):
        """The legal parameters this project uses (its own files over the bundled ones), loaded once.

        >>> import dinhmuc as dm, datetime as dt
        >>> dm.load_project(dm.example_project_path()).parameters.value("working_time.hours_per_day",
        ...                                                              dt.date(2026, 9, 5))
        Decimal('8')
        """
        from .params import default_parameters, load_parameters

        if not self.uses_own_parameters:
            return default_parameters()
        folder, files = self.legal_parameter_paths()
        return load_parameters(folder, list(files))

    def with_parameters(self, parameters: Any) -> Project:
        """This project using ``parameters`` (a :class:`~dinhmuc.params.Parameters`) as its legal parameters."""
        copy = self.model_copy()
        copy.__dict__["parameters"] = parameters
        return copy

    def options_for(self, code: str, supplement: Supplement | None = None) -> BuildOptions:
        """The validated build options of service ``code`` (or of one of its supplements).

        ``as_of`` is the project's; the ``build`` keys the method accepts come first, then the service's own.
        """
        plan = self.services[code]
        method = supplement.method if supplement is not None else plan.method
        own = supplement.options if supplement is not None else plan.options
        extra = {"lines": supplement.lines} if supplement is not None else {}
        return OPTIONS[method].model_validate({"as_of": self.as_of, **self.build.for_method(method), **own, **extra})

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
    """The bundled Quảng Ngãi example project file (the former Kon Tum province area).

    >>> import dinhmuc as dm
    >>> path = dm.example_project_path()
    >>> path.name, path.parent.name
    ('project.yaml', 'quang_ngai')
    """
    return data_path("examples", "quang_ngai", "project.yaml")


# ----------------------------------------------------------------------------
# Checking
# ----------------------------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    """The model or container inside ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, Model)]
            tp = models[0] if models else args[0]
            continue
        return tp


def accepted_keys(loc: tuple) -> list[str]:
    """The keys accepted at ``loc`` (a path of keys into the project file), for an unknown-key error."""
    tp: Any = Project
    for part in loc:
        tp = _unwrap(tp)
        if tp is BuildDefaults:
            return build_option_keys()
        if isinstance(tp, type) and issubclass(tp, Model):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) in (dict, list):
            tp = typing.get_args(tp)[-1]
        else:
            return []
    tp = _unwrap(tp)
    if tp is BuildDefaults:
        return build_option_keys()
    if isinstance(tp, type) and issubclass(tp, Model):
        return [n for n, f in tp.model_fields.items() if n not in ("root", "file")]
    return []


def unknown_key_problem(key: str, accepted: list[str], where: Location) -> Problem:
    """One unknown-key error: the key, a close match if there is one, and the keys accepted there."""
    close = difflib.get_close_matches(key, accepted, n=1, cutoff=0.75)
    message = tr("project.unknown_key", key=key)
    if close:
        message += " " + tr("project.did_you_mean", key=close[0])
    return Problem(message, where, "extra_key", ", ".join(accepted) if accepted else None)


class _Checker:
    """Turns validation errors into located problems, each reported once."""

    def __init__(self, path: Path, locator: Any):
        from .io.normio import yaml_locate

        self.path = path
        self.locate = yaml_locate(path, locator)
        self.problems: list[Problem] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, problem: Problem) -> None:
        key = (str(problem.location), problem.message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(problem)

    def error(self, error: Any, prefix: tuple = ()) -> None:
        from .io.normio import problem_from_error

        loc = prefix + tuple(
            p for p in error.get("loc", ()) if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        )
        if error.get("type") == "extra_forbidden":
            key = str(loc[-1]) if loc else str((error.get("ctx") or {}).get("key", ""))
            self.add(unknown_key_problem(key, accepted_keys(loc[:-1]), self.locate(loc)))
            return
        self.add(problem_from_error({**error, "loc": loc}, self.locate))


def check_project(project: Project, path: Path, locator: Any) -> list[Problem]:
    """Every problem of a loaded project that its models alone cannot see: options per method, papers, files."""
    check = _Checker(path, locator)
    _check_options(check, project)
    _check_dossier(check, project)
    _check_route(check, project)
    _check_files(check, project)
    return check.problems


def _check_options(check: _Checker, project: Project) -> None:
    """Each service's options (and its supplements') against its method, the shared ``build`` keys once."""
    build = project.build.declared()
    for code, plan in project.services.items():
        targets: list[tuple[Method, dict, tuple, dict]] = [
            (plan.method, plan.options, ("services", code, "options"), {})
        ]
        for i, sup in enumerate(plan.supplements):
            targets.append(
                (sup.method, sup.options, ("services", code, "supplements", i, "options"), {"lines": sup.lines})
            )
        for method, own, prefix, extra in targets:
            if method == Method.MANUAL:
                check.add(
                    Problem(
                        tr("project.manual_method"),
                        check.locate(prefix[:-1] + ("method",)),
                        "invalid_choice",
                        tr("project.acc_methods"),
                    )
                )
                continue
            cls = OPTIONS[method]
            from_build = {k: v for k, v in build.items() if k in cls.model_fields}
            data = {"as_of": project.as_of, **from_build, **own, **extra}
            own_keys = set(own) | set(extra)
            try:
                cls.model_validate(data)
            except ValidationError as exc:
                for e in exc.errors():
                    loc = tuple(e.get("loc", ()))
                    head = str(loc[0]) if loc else ""
                    if e.get("type") == "extra_forbidden":
                        check.add(
                            unknown_key_problem(
                                head, [k for k in cls.model_fields if k != "as_of"], check.locate(prefix + (head,))
                            )
                        )
                    elif head in from_build and head not in own_keys:
                        check.error(e, ("build",))
                    elif e.get("type") == "missing":
                        check.add(
                            Problem(
                                tr("project.missing_option", key=head, method=method.value),
                                check.locate(prefix),
                                "missing",
                                f"{'.'.join(map(str, prefix))}.{head}: ...",
                            )
                        )
                    else:
                        check.error(e, prefix)


def _check_dossier(check: _Checker, project: Project) -> None:
    """The papers' facts (papers helper's ``dossier:`` section) are DossierInfo fields: checked on load, with
    their lines, instead of failing when the dossier is written."""
    if project.dossier:
        from .dossier.info import DossierInfo

        facts = {k: v for k, v in project.dossier.items() if k != "explanations"}
        try:
            DossierInfo.model_validate(facts)
        except ValidationError as exc:
            for e in exc.errors():
                loc = ("dossier", *e.get("loc", ()))
                if e.get("type") == "extra_forbidden":
                    keys = [*DossierInfo.model_fields, "explanations"]
                    check.add(unknown_key_problem(str(loc[-1]), keys, check.locate(loc)))
                else:
                    check.error(e, ("dossier",))


def _check_route(check: _Checker, project: Project) -> None:
    """The decision number fits the declared route (route helper's rule, checked with the other keys).

    NĐ 78/2025 numbers a legal normative document with its year ("46/2026/QĐ-UBND"); NĐ 30/2020 numbers an
    administrative decision without it ("15/QĐ-UBND"): a number that contradicts the declared route is an error.
    """
    number = project.decision.number
    if project.route is not None and number and "/" in number:
        if number_has_year(number) != (project.route == "legal_normative"):
            want = tr(
                "project.route_number_with_year"
                if project.route == "legal_normative"
                else "project.route_number_without_year"
            )
            check.add(
                Problem(
                    tr("project.route_number", number=number, route=project.route),
                    check.locate(("decision", "number")),
                    "route_number",
                    want,
                )
            )


def _check_files(check: _Checker, project: Project) -> None:
    """Every file and folder the project names exists."""
    for name in Inputs.model_fields:
        p = project.path(name)
        if p is not None and not p.exists():
            check.add(
                Problem(
                    tr("project.file_not_found", path=p),
                    check.locate(("inputs", name)),
                    "missing_file",
                    tr("project.relative_path"),
                )
            )
    folder, files = project.legal_parameter_paths()
    if folder is not None and not folder.is_dir():
        check.add(
            Problem(
                tr("project.folder_not_found", path=folder),
                check.locate(("legal_parameters", "folder")),
                "missing_file",
                tr("project.relative_path"),
            )
        )
    for i, f in enumerate(files):
        if not f.is_file():
            check.add(
                Problem(
                    tr("project.file_not_found", path=f),
                    check.locate(("legal_parameters", "files", i)),
                    "missing_file",
                    tr("project.relative_path"),
                )
            )


def load_project(path: str | Path) -> Project:
    """Load and check a project file (or the ``project.yaml`` in a folder); every problem at once, with its line.

    Unknown keys in any section, options a service's method does not accept,
    renamed keys of earlier versions (``parameters`` is now ``costing``), missing
    files and unreadable legal parameter files are all reported together, each
    once.

    >>> import dinhmuc as dm
    >>> project = dm.load_project(dm.example_project_path())  # a folder or its project.yaml
    >>> sorted(project.services)[:3]
    ['KC01', 'KC02', 'KC03']
    """
    from .core.files import check_path_length
    from .core.yamlio import read_yaml_mapping

    path = check_path_length(path)  # a 5,000-character path: a typed error, not ENAMETOOLONG (robust)
    if path.is_dir():
        path = path / "project.yaml"
    raw, locator = read_yaml_mapping(path)
    check = _Checker(path, locator)
    for (old,), message in RENAMED_KEYS.items():
        if old in raw:  # reported with its line, and the rest of the file still checked
            check.add(Problem(tr(message), check.locate((old,)), "renamed_key", None))
            raw = {k: v for k, v in raw.items() if k != old}
    try:
        project = Project.model_validate(raw)
    except ValidationError as exc:
        for e in exc.errors():
            check.error(e)
    try:  # .inf/.nan anywhere, even where a section takes free values (robust, issue 16), with the other problems
        locator.refuse_nonfinite()
    except InputError as exc:
        for p in exc.problems:
            check.add(p)
    raise_if(check.problems, str(path))
    project = project.model_copy(update={"root": path.resolve().parent, "file": path})
    problems = check_project(project, path, locator)
    if not problems and project.uses_own_parameters:
        try:
            project.parameters  # noqa: B018 - load once, so a broken parameter file fails the check
        except InputError as exc:
            problems += exc.problems
    raise_if(problems, str(path))
    # the decision's legal bases must be in force on its date (law helper; errors name this file and line)
    from .law.bases import bases_for

    bases_for(project)
    return project
