"""Norm lines (dòng hao phí): labour, materials, equipment, and the unit and grade types they use."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.labels import LABOUR_KIND_LABELS
from ..core.registry import registry_from
from .provenance import Traced
from .types import Code, OptText, Percent, Quantity, Text, _required_text

# ----------------------------------------------------------------------------
# Lines
# ----------------------------------------------------------------------------


def _unit_of_kind(value: str, info: ValidationInfo, kinds: tuple[str, ...]) -> str:
    reg = registry_from(info.context)
    unit = reg.units.get(value)
    if unit is None:
        raise PydanticCustomError("unknown_unit", "unknown unit '{u}'; accepted: {a}",
                                  {"u": value, "a": ", ".join(reg.units_of(*kinds))})
    if unit.kind not in kinds:
        raise PydanticCustomError("wrong_unit", "unit '{u}' is a {k} unit; accepted here: {a}",
                                  {"u": value, "k": unit.kind, "a": ", ".join(reg.units_of(*kinds))})
    return value


def grade_known(value: str, info: ValidationInfo) -> str:
    """Check a job-title grade against the registry (data/grades.yaml)."""
    reg = registry_from(info.context)
    if value not in reg.grades:
        raise PydanticCustomError("unknown_grade", "unknown job-title grade '{g}'; accepted: {a}",
                                  {"g": value, "a": ", ".join(reg.grades)})
    return value


def _unit_type(*kinds: str):
    """A unit (đơn vị tính) that must be in the registry and of one of ``kinds``."""
    return Annotated[str, BeforeValidator(_required_text),
                     AfterValidator(lambda value, info: _unit_of_kind(value, info, kinds))]


ServiceUnit = _unit_type("service")
"""The unit of a norm (lớp, hội thảo, ...)."""
MaterialUnit = _unit_type("material", "energy", "time", "driver")
"""The unit of a material line (bộ, ram, kg, ...)."""
MachineUnit = _unit_type("machine_time")
"""The unit of an equipment line: ca or giờ."""
DriverUnit = _unit_type("driver", "time", "service")
"""The unit of a scale driver (người, ngày, gian hàng, ...)."""


class Line(Traced):
    """What every norm line shares: an id and the drivers it scales with."""

    id: Code | None = None
    scales_with: list[Code] = Field(default_factory=list)
    note: OptText = None

    @field_validator("scales_with")
    @classmethod
    def _unique_drivers(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_code", "a driver is listed twice")
        return value


class LabourLine(Line):
    """A labour line (hao phí lao động): role, job-title grade, công.

    ``unit`` is ``công``; a line may be entered in ``giờ`` and is then
    converted by :meth:`in_cong` with the working day of
    ``data/params/working_time.yaml`` (8 h, or 6 h for heavy or hazardous work,
    Labour Code 2019 Art. 105).
    """

    role: Text
    grade: Text
    step: int | None = Field(default=None, ge=1)
    kind: Literal["direct", "indirect"] = "direct"
    unit: Text = "công"
    quantity: Quantity
    heavy: bool = False
    steps: list[Code] = Field(default_factory=list)

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"quantity"}

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str, info: ValidationInfo) -> str:
        if value == "giờ":
            return value
        return _unit_of_kind(value, info, ("labour",))

    @field_validator("grade")
    @classmethod
    def _grade(cls, value: str, info: ValidationInfo) -> str:
        return grade_known(value, info)

    @model_validator(mode="after")
    def _step_within_group(self, info: ValidationInfo) -> LabourLine:
        # NĐ 204/2004: each salary group has a fixed number of steps (bậc).
        grade = registry_from(info.context).grades.get(self.grade)
        if grade is not None and self.step is not None and self.step > grade.steps:
            raise PydanticCustomError("step_range", "step {s} is beyond the {n} steps of {g} (group {grp})",
                                      {"s": self.step, "n": grade.steps, "g": grade.label, "grp": grade.salary_group})
        return self

    def grade_text(self, context: Any = None) -> str:
        """``Hạng III bậc 3/9``."""
        grade = registry_from(context).grades.get(self.grade)
        return grade.describe(self.step) if grade else self.grade

    def in_cong(self, hours_per_cong: Decimal | int) -> Decimal:
        """The quantity in công: hours divided by the hours of one working day."""
        if self.unit == "giờ":
            return self.quantity / Decimal(hours_per_cong)
        return self.quantity

    @property
    def kind_label(self) -> str:
        return LABOUR_KIND_LABELS[self.kind]


class MaterialLine(Line):
    """A material line (hao phí vật tư): name, specification, unit, quantity, loss and recovery.

    TT 47 Art. 7: materials carry a recovery rate; the net consumption is
    ``quantity x (1 + loss) x (1 - recovery)``.
    """

    name: Text
    spec: OptText = None
    unit: MaterialUnit
    quantity: Quantity
    loss_rate: Percent = Decimal(0)
    recovery_rate: Percent = Decimal(0)

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"quantity", "loss_rate", "recovery_rate"}

    @property
    def net_quantity(self) -> Decimal:
        """Consumption net of loss and recovery: Q x (1 + hao hụt) x (1 - thu hồi)."""
        return self.quantity * (1 + self.loss_rate / 100) * (1 - self.recovery_rate / 100)


class EquipmentLine(Line):
    """An equipment line (hao phí máy móc, thiết bị): loaded and idle time.

    TT 47 Art. 7: time of use = loaded time + unloaded (idle) time. Energy is
    power x loaded (running) time; TT 21/2021/TT-BTNMT computes electricity the
    same way.
    """

    name: Text
    spec: OptText = None
    power_kw: Quantity | None = None
    unit: MachineUnit = "ca"
    loaded: Quantity
    idle: Quantity = Decimal(0)

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"loaded", "idle", "power_kw"}

    @property
    def quantity(self) -> Decimal:
        """Total time of use: loaded + idle (TT 47 Art. 7)."""
        return self.loaded + self.idle

    def running_hours(self, hours_per_shift: Decimal | int) -> Decimal:
        """Loaded time in hours (a ca is one working day of the machine)."""
        return self.loaded * Decimal(hours_per_shift) if self.unit == "ca" else self.loaded

    def energy_kwh(self, hours_per_shift: Decimal | int) -> Decimal:
        """Electricity: power (kW) x running hours; 0 without a stated power."""
        if self.power_kw is None:
            return Decimal(0)
        return self.power_kw * self.running_hours(hours_per_shift)


