"""Lists a norm refers to (danh mục tham chiếu): units of measure and job-title grades.

Both are data (``data/units.yaml``, ``data/grades.yaml``); a user may pass lists
of their own. Models look them up through pydantic's validation context, so the
same model validates against the bundled lists or a province's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._resources import data_path

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

    def describe(self, step: int | None) -> str:
        """``Hạng III bậc 3/9`` — the way norm tables print a grade."""
        return f"{self.label} bậc {step}/{self.steps}" if step else self.label


@dataclass(frozen=True)
class Registry:
    """The units and grades that models validate against."""

    units: dict[str, Unit] = field(default_factory=dict)
    grades: dict[str, Grade] = field(default_factory=dict)

    def units_of(self, *kinds: str) -> list[str]:
        return [u.code for u in self.units.values() if u.is_of(*kinds)]

    @classmethod
    def from_files(cls, units: str | Path | None = None, grades: str | Path | None = None) -> Registry:
        """Load units and grades from YAML files (the bundled ones by default)."""
        from .yamlio import read_yaml_mapping
        from .errors import Location, Problem, raise_if

        problems: list[Problem] = []
        upath = Path(units) if units else data_path("units.yaml")
        gpath = Path(grades) if grades else data_path("grades.yaml")
        udata, _ = read_yaml_mapping(upath)
        gdata, _ = read_yaml_mapping(gpath)
        unit_map: dict[str, Unit] = {}
        for i, row in enumerate(udata.get("units") or []):
            try:
                u = Unit(code=str(row["code"]), label=str(row.get("label", row["code"])), kind=str(row["kind"]))
            except (KeyError, TypeError):
                problems.append(Problem("each unit needs 'code' and 'kind'", Location(str(upath), row=i + 1, field="units")))
                continue
            if u.kind not in UNIT_KINDS:
                problems.append(Problem(f"unknown unit kind '{u.kind}'", Location(str(upath), row=i + 1, field="kind"),
                                        "invalid", ", ".join(UNIT_KINDS)))
            if u.code in unit_map:
                first = unit_map[u.code]
                if u.kind in first.kinds:
                    problems.append(Problem(f"unit '{u.code}' is listed twice as a {u.kind} unit",
                                            Location(str(upath), row=i + 1, field="code"), "duplicate_code"))
                    continue
                # The same name as a unit of another kind (a service unit and a material unit).
                u = Unit(first.code, first.label, first.kind, first.also + (u.kind,))
            unit_map[u.code] = u
        grade_map: dict[str, Grade] = {}
        for i, row in enumerate(gdata.get("grades") or []):
            try:
                g = Grade(code=str(row["code"]), label=str(row["label"]), salary_group=str(row["salary_group"]),
                          steps=int(row["steps"]))
            except (KeyError, TypeError, ValueError):
                problems.append(Problem("each grade needs code, label, salary_group and steps",
                                        Location(str(gpath), row=i + 1, field="grades")))
                continue
            grade_map[g.code] = g
        raise_if(problems, str(upath))
        return cls(units=unit_map, grades=grade_map)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The bundled units and grades."""
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
