"""Lists a norm refers to (danh mục tham chiếu): units of measure and job-title grades.

Grades are dated: from 01/07/2026 the professional levels (bậc nghề nghiệp, Luật Viên
chức 129/2025/QH15, NĐ 232/2026/NĐ-CP) replace the job-title grades (hạng); on a date a
scheme is in force, :meth:`Registry.grade_on` gives the level a hạng maps to, so labels
and salary groups follow the costing date (``data/grades.yaml`` says how sure the
mapping is).

Both are data (``data/units.yaml``, ``data/grades.yaml``); a user may pass lists
of their own. Models look them up through pydantic's validation context, so the
same model validates against the bundled lists or a province's.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._resources import data_path
from .i18n import tr

UNIT_KINDS = ("labour", "machine_time", "service", "driver", "material", "energy", "time")


@dataclass(frozen=True)
class Unit:
    """A unit of measure (đơn vị tính).

    One name may serve several kinds: "m³" is the unit of a norm (1 m³ of
    masonry) and of a material (0,420 m³ of mortar). ``kind`` is the first kind
    listed, ``kinds`` all of them.
    """

    code: str
    label: str
    kind: str
    also: tuple[str, ...] = ()
    #: counts whole things (tờ, bộ, cái…): a built norm in it is made whole (dinhmuc.methods.countable)
    countable: bool = False

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.also)

    def is_of(self, *kinds: str) -> bool:
        """True when the unit serves one of ``kinds``."""
        return any(k in kinds for k in self.kinds)


@dataclass(frozen=True)
class Grade:
    """A job-title grade (hạng chức danh nghề nghiệp) and its salary-coefficient group."""

    code: str
    label: str
    salary_group: str
    steps: int
    #: the scheme a level belongs to (``bac_nghe_nghiep``); None for the hạng grades
    scheme: str | None = None
    #: first date the grade may be used (a level of a scheme: the scheme's date)
    valid_from: _dt.date | None = None

    def describe(self, step: int | None) -> str:
        """``Hạng III bậc 3/9`` or ``Bậc nghề nghiệp 3, bậc lương 3/9`` — as norm tables print a grade."""
        if not step:
            return self.label
        if self.scheme:
            return f"{self.label}, bậc lương {step}/{self.steps}"
        return f"{self.label} bậc {step}/{self.steps}"


@dataclass(frozen=True)
class GradeScheme:
    """A grading scheme in force from a date (e.g. bậc nghề nghiệp from 01/07/2026), with its source."""

    code: str
    start: _dt.date
    label: str
    citation: str
    verified: bool
    confidence: str
    levels: dict[str, Grade]
    from_grades: dict[str, str]


@dataclass(frozen=True)
class Registry:
    """The units and grades that models validate against.

    >>> import datetime as dt, dinhmuc as dm
    >>> registry = dm.default_registry()
    >>> "công" in registry.units_of("labour")
    True
    >>> registry.describe("III", 3, dt.date(2026, 6, 30)), registry.describe("III", 3, dt.date(2026, 9, 5))
    ('Hạng III bậc 3/9', 'Bậc nghề nghiệp 3, bậc lương 3/9')
    """

    units: dict[str, Unit] = field(default_factory=dict)
    grades: dict[str, Grade] = field(default_factory=dict)
    schemes: list[GradeScheme] = field(default_factory=list)

    def units_of(self, *kinds: str) -> list[str]:
        return [u.code for u in self.units.values() if u.is_of(*kinds)]

    def scheme_on(self, on: _dt.date | None) -> GradeScheme | None:
        """The latest grading scheme in force on ``on`` (None: the hạng grades as listed)."""
        found = None
        if on is not None:
            for s in self.schemes:
                if s.start <= on and (found is None or s.start >= found.start):
                    found = s
        return found

    def grade_on(self, code: str, on: _dt.date | None) -> Grade:
        """The grade a line naming ``code`` is printed and paid as on ``on``.

        A hạng maps to its bậc nghề nghiệp once that scheme is in force; a level
        of a scheme cannot be used before the scheme's date (KeyError, as for an
        unknown code).

        >>> import datetime as dt
        >>> reg = default_registry()
        >>> reg.grade_on("III", dt.date(2026, 6, 30)).describe(3), reg.grade_on("III", dt.date(2026, 7, 1)).describe(3)
        ('Hạng III bậc 3/9', 'Bậc nghề nghiệp 3, bậc lương 3/9')
        """
        grade = self.grades.get(code)
        if grade is None:
            raise KeyError(code)
        if grade.valid_from is not None and (on is None or on < grade.valid_from):
            raise KeyError(
                tr("registry.grade_from", code=code, label=grade.label, isoformat=grade.valid_from.isoformat())
            )
        scheme = self.scheme_on(on)
        if scheme is not None and code in scheme.from_grades:
            return scheme.levels[scheme.from_grades[code]]
        return grade

    def describe(self, code: str, step: int | None, on: _dt.date | None = None) -> str:
        """How a grade prints on ``on`` (the code itself when unknown)."""
        try:
            return self.grade_on(code, on).describe(step)
        except KeyError:
            return code

    @classmethod
    def from_files(cls, units: str | Path | None = None, grades: str | Path | None = None) -> Registry:
        """Load units and grades from YAML files (the bundled ones by default)."""
        from .errors import Location, Problem, raise_if
        from .yamlio import read_yaml_mapping

        problems: list[Problem] = []
        upath = Path(units) if units else data_path("units.yaml")
        gpath = Path(grades) if grades else data_path("grades.yaml")
        udata, _ = read_yaml_mapping(upath)
        gdata, _ = read_yaml_mapping(gpath)
        unit_map: dict[str, Unit] = {}
        for i, row in enumerate(udata.get("units") or []):
            try:
                u = Unit(
                    code=str(row["code"]),
                    label=str(row.get("label", row["code"])),
                    kind=str(row["kind"]),
                    countable=row.get("countable", False),
                )
            except (KeyError, TypeError, AttributeError):
                problems.append(Problem(tr("registry.unit_needs"), Location(str(upath), row=i + 1, field="units")))
                continue
            if not isinstance(u.countable, bool):
                problems.append(
                    Problem(
                        tr("registry.countable_bool", code=u.code, countable=u.countable),
                        Location(str(upath), row=i + 1, field="countable"),
                        "invalid",
                        tr("registry.true_false"),
                    )
                )
                continue
            if u.kind not in UNIT_KINDS:
                problems.append(
                    Problem(
                        tr("registry.unknown_kind", kind=u.kind),
                        Location(str(upath), row=i + 1, field="kind"),
                        "invalid",
                        ", ".join(UNIT_KINDS),
                    )
                )
            if u.code in unit_map:
                first = unit_map[u.code]
                if u.kind in first.kinds:
                    problems.append(
                        Problem(
                            tr("registry.unit_twice", code=u.code, kind=u.kind),
                            Location(str(upath), row=i + 1, field="code"),
                            "duplicate_code",
                        )
                    )
                    continue
                # The same name as a unit of another kind (a service unit and a material unit).
                u = Unit(first.code, first.label, first.kind, first.also + (u.kind,), first.countable or u.countable)
            unit_map[u.code] = u
        grade_map: dict[str, Grade] = {}
        for i, row in enumerate(gdata.get("grades") or []):
            try:
                g = Grade(
                    code=str(row["code"]),
                    label=str(row["label"]),
                    salary_group=str(row["salary_group"]),
                    steps=int(row["steps"]),
                )
            except (KeyError, TypeError, ValueError):
                problems.append(
                    Problem(
                        tr("registry.grade_needs"),
                        Location(str(gpath), row=i + 1, field="grades"),
                    )
                )
                continue
            grade_map[g.code] = g
        schemes: list[GradeScheme] = []
        for i, row in enumerate(gdata.get("schemes") or []):
            try:
                start = row["from"]
                start = start if isinstance(start, _dt.date) else _dt.date.fromisoformat(str(start))
                levels = {
                    str(l["code"]): Grade(
                        code=str(l["code"]),
                        label=str(l["label"]),
                        salary_group=str(l["salary_group"]),
                        steps=int(l["steps"]),
                        scheme=str(row["code"]),
                        valid_from=start,
                    )
                    for l in row["levels"]
                }
                mapping = {str(k): str(v) for k, v in (row.get("from_grades") or {}).items()}
                scheme = GradeScheme(
                    str(row["code"]),
                    start,
                    str(row["label"]),
                    str(row.get("citation", "")),
                    bool(row.get("verified", False)),
                    str(row.get("confidence", "")),
                    levels,
                    mapping,
                )
            except (KeyError, TypeError, ValueError):
                problems.append(
                    Problem(
                        tr("registry.scheme_needs"),
                        Location(str(gpath), row=i + 1, field="schemes"),
                    )
                )
                continue
            bad = [f"{k} -> {v}" for k, v in scheme.from_grades.items() if k not in grade_map or v not in levels]
            if bad:
                problems.append(
                    Problem(
                        tr("registry.scheme_unknown", code=scheme.code, bad=", ".join(bad)),
                        Location(str(gpath), row=i + 1, field="from_grades"),
                        "unknown_grade",
                        ", ".join([*grade_map, *levels]),
                    )
                )
            for code, lvl in levels.items():
                if code in grade_map:
                    problems.append(
                        Problem(
                            tr("registry.level_is_grade", code=code),
                            Location(str(gpath), row=i + 1, field="levels"),
                            "duplicate_code",
                        )
                    )
                grade_map.setdefault(code, lvl)
            schemes.append(scheme)
        raise_if(problems, str(upath))
        return cls(units=unit_map, grades=grade_map, schemes=schemes)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The bundled units and grades.

    >>> import dinhmuc as dm
    >>> dm.default_registry() is dm.default_registry()  # loaded once
    True
    >>> "ram" in dm.default_registry().units_of("material")
    True
    """
    return Registry.from_files()


_ACTIVE: ContextVar[Registry | None] = ContextVar("dinhmuc_registry", default=None)


@contextmanager
def using_registry(registry: Registry | None) -> Iterator[Registry]:
    """Use ``registry`` (a province's units and grades) for everything inside the block.

    A command passes its registry once (project file, ``--units``/``--grades``)
    and loading, validation, methods, costing and documents all see it.
    ``None`` keeps the registry already in use.

    >>> reg = Registry(units={"m3": Unit("m3", "mét khối", "service", ("material",))})
    >>> with using_registry(reg):
    ...     active_registry().units_of("material")
    ['m3']
    """
    token = _ACTIVE.set(registry if registry is not None else _ACTIVE.get())
    try:
        yield active_registry()
    finally:
        _ACTIVE.reset(token)


def active_registry() -> Registry:
    """The registry in use: the one set by :func:`using_registry`, else the bundled one."""
    return _ACTIVE.get() or default_registry()


def registry_from(context: Any) -> Registry:
    """The registry in a pydantic validation context, else the one in use (:func:`active_registry`)."""
    if isinstance(context, dict) and isinstance(context.get("registry"), Registry):
        return context["registry"]
    return active_registry()
