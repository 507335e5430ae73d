"""The service catalogue (danh mục dịch vụ sự nghiệp công) a norm set is built for.

The bundled catalogue (``data/catalog/khuyen_cong.yaml``) holds the 10
industrial-promotion (khuyến công) services, reconstructed from NĐ 45/2012/NĐ-CP
Art. 4 and TT 46/2012/TT-BCT; a province loads its own list the same way, with
more or fewer services. For each service it gives the unit of the norm and its
reference scale, the scale drivers, the work steps, the labour roles with their
grades and the typical material and equipment lines — names, units and
specifications only: quantities come from evidence, never from the catalogue.

>>> import dinhmuc as dm
>>> cat = dm.load_catalog()
>>> len(cat), cat["KC01"].unit_text
(10, '01 lớp (30 học viên, 60 ngày)')
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ._resources import data_path
from .core.errors import Location, Problem, UnknownReferenceError
from .core.i18n import tr, tr_template
from .norm import (
    AdjustmentTable,
    Code,
    Driver,
    MachineUnit,
    MaterialUnit,
    Model,
    Norm,
    OptText,
    Quantity,
    ServiceUnit,
    Text,
    WorkStep,
    grade_known,
)


class LabourSpec(Model):
    """A labour role the service needs (chức danh), with its grade — no quantity."""

    id: Code
    role: Text
    grade: Text
    step: int | None = Field(default=None, ge=1)
    kind: Literal["direct", "indirect"] = "direct"
    heavy: bool = False
    scales_with: list[Code] = Field(default_factory=list)
    steps: list[Code] = Field(default_factory=list)

    @field_validator("grade")
    @classmethod
    def _grade(cls, value: str, info: ValidationInfo) -> str:
        return grade_known(value, info)


class MaterialSpec(Model):
    """A typical material line (vật tư) — name, specification, unit; no quantity."""

    id: Code
    name: Text
    spec: OptText = None
    unit: MaterialUnit
    scales_with: list[Code] = Field(default_factory=list)


class EquipmentSpec(Model):
    """A typical equipment line (máy móc, thiết bị) with its technical parameters."""

    id: Code
    name: Text
    spec: OptText = None
    power_kw: Quantity | None = None
    unit: MachineUnit = "ca"
    scales_with: list[Code] = Field(default_factory=list)


class ServiceSpec(Model):
    """One public service of the catalogue (dịch vụ sự nghiệp công).

    ``optional``: left out of the catalogue unless asked for
    (``load_catalog(include_optional=True)``), e.g. the activities NĐ 235/2025/NĐ-CP
    added; ``reconstruction`` says how a service was reconstructed when no
    provincial text lists it.

    >>> import dinhmuc as dm
    >>> service = dm.load_catalog()["KC01"]
    >>> service.unit, service.unit_text
    ('lớp', '01 lớp (30 học viên, 60 ngày)')
    """

    code: Code
    name: Text
    optional: bool = False
    reconstruction: OptText = None
    legal_anchor: list[Text] = Field(default_factory=list)
    unit: ServiceUnit
    drivers: list[Driver] = Field(default_factory=list)
    scope: OptText = None
    work_steps: list[WorkStep] = Field(default_factory=list)
    labour: list[LabourSpec] = Field(default_factory=list)
    materials: list[MaterialSpec] = Field(default_factory=list)
    equipment: list[EquipmentSpec] = Field(default_factory=list)
    adjustments: list[AdjustmentTable] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ServiceSpec:
        # TT 47/2018/TT-BCT Art. 7(1)(b): indirect labour is a declared % of direct labour, never lines.
        indirect = [s.id for s in self.labour if s.kind == "indirect"]
        if indirect:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError(
                "indirect_line",
                tr_template("catalog.indirect_lines"),
                {"ids": ", ".join(indirect)},
            )
        # The same rules as a norm: a blank norm built from this spec must validate, against the
        # registry the catalogue itself is validated with (a province's own units and grades).
        self.blank_norm(context=info.context)
        return self

    @property
    def unit_text(self) -> str:
        return self.blank_norm().unit_text

    def blank_norm(self, quantities: dict[str, Any] | None = None, context: dict | None = None) -> Norm:
        """A norm with this service's structure; quantities from ``quantities`` (line id -> value) or 0.

        The zeros are placeholders for evidence, not values: a blank norm is a
        form to fill, as ``dinhmuc init`` writes it.
        """
        q = quantities or {}
        labour = [{**s.model_dump(exclude_none=True), "quantity": q.get(s.id, 0)} for s in self.labour]
        materials = [{**s.model_dump(exclude_none=True), "quantity": q.get(s.id, 0)} for s in self.materials]
        equipment = [{**s.model_dump(exclude_none=True), "loaded": q.get(s.id, 0)} for s in self.equipment]
        return Norm.model_validate(
            {
                "code": self.code,
                "name": self.name,
                "unit": self.unit,
                "drivers": [d.model_dump() for d in self.drivers],
                "scope": self.scope,
                "work_steps": [s.model_dump(exclude_none=True) for s in self.work_steps],
                "legal_basis": list(self.legal_anchor),
                "labour": labour,
                "materials": materials,
                "equipment": equipment,
                "adjustments": [a.model_dump(exclude_none=True) for a in self.adjustments],
            },
            context=context,
        )


class Catalog(Model):
    """A list of services to norm (danh mục dịch vụ), e.g. a province's khuyến công services.

    >>> import dinhmuc as dm
    >>> catalog = dm.load_catalog()
    >>> catalog.codes[:3], "KC01" in catalog.codes
    (['KC01', 'KC02', 'KC03'], True)
    """

    title: Text
    province: OptText = None
    reconstruction: bool = False
    source: OptText = None
    last_reviewed: _dt.date | None = None
    common_adjustments: list[AdjustmentTable] = Field(default_factory=list)
    services: list[ServiceSpec]

    @model_validator(mode="before")
    @classmethod
    def _resolve_shared_tables(cls, data: Any) -> Any:
        # A service may name a shared adjustment table by its code instead of repeating it.
        if not isinstance(data, dict):
            return data
        shared = {t.get("code"): t for t in data.get("common_adjustments") or [] if isinstance(t, dict)}
        services = []
        for svc in data.get("services") or []:
            if isinstance(svc, dict) and isinstance(svc.get("adjustments"), list):
                svc = {
                    **svc,
                    "adjustments": [shared.get(a, a) if isinstance(a, str) else a for a in svc["adjustments"]],
                }
            services.append(svc)
        return {**data, "services": services}

    @field_validator("services")
    @classmethod
    def _unique(cls, value: list[ServiceSpec]) -> list[ServiceSpec]:
        codes = [s.code for s in value]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("duplicate_code", tr_template("catalog.code_twice"), {"d": ", ".join(dup)})
        return value

    def __getitem__(self, code: str) -> ServiceSpec:
        for s in self.services:
            if s.code == code:
                return s
        raise UnknownReferenceError(
            Problem(
                tr("catalog.no_service", code=code),
                Location(field="code"),
                "unknown_service",
                ", ".join(self.codes),
            )
        )

    def __contains__(self, code: object) -> bool:
        return any(s.code == code for s in self.services)

    def __iter__(self):  # type: ignore[override]
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.services]

    def summary(self) -> list[dict[str, Any]]:
        """Code, name, unit and reference scale of each service (what ``dinhmuc catalog`` prints)."""
        return [
            {
                "code": s.code,
                "name": s.name,
                "unit": s.unit,
                "unit_text": s.unit_text,
                "drivers": {d.code: str(d.reference) for d in s.drivers},
                "legal_anchor": list(s.legal_anchor),
            }
            for s in self.services
        ]

    def to_frame(self):
        """The catalogue as a DataFrame, one row per service."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "Mã": s.code,
                    "Tên dịch vụ": s.name,
                    "Đơn vị tính": s.unit_text,
                    "Căn cứ": "; ".join(s.legal_anchor),
                    "Bước công việc": len(s.work_steps),
                    "Lao động": len(s.labour),
                    "Vật tư": len(s.materials),
                    "Thiết bị": len(s.equipment),
                }
                for s in self.services
            ]
        )

    def _repr_html_(self) -> str:
        note = " (tái dựng, cần thay bằng danh mục của tỉnh)" if self.reconstruction else ""
        return f"<p><b>{self.title}</b>{note}</p>" + self.to_frame().to_html(index=False)

    def check(self, norm_set, locate=None) -> list[Problem]:
        """Problems of a norm set against this catalogue: unknown services, unit or scale mismatches."""
        locate = locate or (lambda loc: Location(field=".".join(str(p) for p in loc)))
        problems = []
        for i, norm in enumerate(norm_set.norms):
            if norm.code not in self:
                problems.append(
                    Problem(
                        tr("catalog.not_a_service", code=norm.code, title=self.title),
                        locate(("norms", i, "code")),
                        "unknown_service",
                        ", ".join(self.codes),
                    )
                )
                continue
            spec = self[norm.code]
            if norm.unit != spec.unit:
                # Never converted silently: a norm per 'lớp' cannot stand for a service per 'hội thảo'.
                problems.append(
                    Problem(
                        tr("catalog.unit_mismatch", code=norm.code, unit=norm.unit, unit2=spec.unit),
                        locate(("norms", i, "unit")),
                        "unit_mismatch",
                        f"'{spec.unit}'",
                    )
                )
            want = {d.code: (d.unit, d.reference) for d in spec.drivers}
            have = {d.code: (d.unit, d.reference) for d in norm.drivers}
            if want != have:
                fmt = lambda m: ", ".join(f"{k}={v[1]} {v[0]}" for k, v in m.items()) or "(none)"
                problems.append(
                    Problem(
                        tr("catalog.scale_mismatch", code=norm.code, have=fmt(have), want=fmt(want)),
                        locate(("norms", i, "drivers")),
                        "unit_mismatch",
                        fmt(want),
                    )
                )
        return problems


def load_catalog(
    path: str | Path | None = None, context: dict | None = None, *, include_optional: bool = False
) -> Catalog:
    """Load a service catalogue from YAML (the bundled khuyến công catalogue by default).

    Services marked ``optional`` (the bundled KC11-KC13, reconstructions of the
    activities NĐ 235/2025/NĐ-CP added) are included only with ``include_optional``.

    >>> len(load_catalog()), len(load_catalog(include_optional=True))
    (10, 13)
    """
    from .core.registry import using_registry
    from .io.normio import load_yaml_model

    reg = (context or {}).get("registry")
    with using_registry(reg):  # the whole catalogue, its blank norms included, sees the one registry
        cat = load_yaml_model(Path(path) if path else data_path("catalog", "khuyen_cong.yaml"), Catalog, context)
    if not include_optional and any(s.optional for s in cat.services):
        cat = cat.model_copy(update={"services": [s for s in cat.services if not s.optional]})
    return cat


_DEFAULT: list[Catalog] = []


def default_catalog() -> Catalog:
    """The bundled catalogue, loaded once per process (reading its YAML takes a fraction of a second)."""
    if not _DEFAULT:
        _DEFAULT.append(load_catalog())
    return _DEFAULT[0]
