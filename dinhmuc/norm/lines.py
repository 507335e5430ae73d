"""Norm lines (dòng hao phí): labour, materials, equipment, and the unit and grade types they use."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.i18n import tr_template
from ..core.labels import LABOUR_KIND_LABELS
from ..core.registry import registry_from
from .provenance import Traced
from .types import Cell, Code, OptText, Percent, Published, Text, _required_text

# ----------------------------------------------------------------------------
# Lines
# ----------------------------------------------------------------------------


def _unit_of_kind(value: str, info: ValidationInfo, kinds: tuple[str, ...]) -> str:
    reg = registry_from(info.context)
    unit = reg.units.get(value)
    if unit is None:
        raise PydanticCustomError(
            "unknown_unit", tr_template("lines.unknown_unit"), {"u": value, "a": ", ".join(reg.units_of(*kinds))}
        )
    if not unit.is_of(*kinds):
        raise PydanticCustomError(
            "wrong_unit",
            tr_template("lines.wrong_unit_kind"),
            {"u": value, "k": "/".join(unit.kinds), "a": ", ".join(reg.units_of(*kinds))},
        )
    return value


def grade_known(value: str, info: ValidationInfo) -> str:
    """Check a job-title grade against the registry (data/grades.yaml)."""
    reg = registry_from(info.context)
    if value not in reg.grades:
        raise PydanticCustomError(
            "unknown_grade", tr_template("lines.unknown_grade"), {"g": value, "a": ", ".join(reg.grades)}
        )
    return value


def _unit_type(*kinds: str):
    """A unit (đơn vị tính) that must be in the registry and of one of ``kinds``."""
    return Annotated[
        str, BeforeValidator(_required_text), AfterValidator(lambda value, info: _unit_of_kind(value, info, kinds))
    ]


ServiceUnit = _unit_type("service")
"""The unit of a norm (lớp, hội thảo, ...)."""
MaterialUnit = _unit_type("material", "energy", "time", "driver")
"""The unit of a material line (bộ, ram, kg, ...)."""
MachineUnit = _unit_type("machine_time")
"""The unit of an equipment line: ca or giờ."""
DriverUnit = _unit_type("driver", "time", "service")
"""The unit of a scale driver (người, ngày, gian hàng, ...)."""


class Line(Traced):
    """What every norm line shares: an id, the drivers it scales with, its work step.

    A line holds either one ``quantity`` (a norm of one column) or ``values``,
    one cell per variant column of its norm (``"-"``: not used in that column).
    Values keep the digits they were published with (``0.230``).
    """

    id: Code | None = None
    values: list[Cell] = Field(default_factory=list)
    work_step: Code | None = None
    scales_with: list[Code] = Field(default_factory=list)
    note: OptText = None

    @field_validator("scales_with")
    @classmethod
    def _unique_drivers(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_code", tr_template("lines.driver_twice"))
        return value

    #: The field that holds the line's one value when it has no variant columns.
    value_field: ClassVar[str] = "quantity"

    @model_validator(mode="after")
    def _one_value_or_columns(self) -> Line:
        if self.values and getattr(self, self.value_field) is not None:
            raise PydanticCustomError(
                "invalid",
                tr_template("lines.value_or_values"),
                {"f": self.value_field},
            )
        return self

    def cell(self, index: int | None) -> Decimal | str | None:
        """The value of variant column ``index`` (``None``: the line's one value)."""
        if index is None:
            return getattr(self, self.value_field)
        return self.values[index] if index < len(self.values) else None

    @property
    def label(self) -> str:
        """The item as a table prints it (Thành phần hao phí)."""
        return getattr(self, "name", "")


class LabourLine(Line):
    """A labour line (hao phí lao động): role with a grade, a group (nhóm), or alone; in công.

    Three published forms: a job title with its grade and step (``Giáo viên``,
    hạng III bậc 3), a construction labour group (``Nhân công 3,5/7``, nhóm 2),
    or a role alone (``Kỹ sư``). ``unit`` is ``công``, ``công nhóm`` (a crew-day)
    or ``giờ`` (converted by :meth:`in_cong` with the working day of
    ``data/params/working_time.yaml``: 8 h, or 6 h for heavy or hazardous work).

    >>> import dinhmuc as dm
    >>> line = dm.LabourLine(role="Giáo viên dạy nghề", grade="III", step=3, quantity=60)
    >>> line.unit, line.kind, line.quantity
    ('công', 'direct', Decimal('60'))
    """

    role: Text
    grade: OptText = None
    step: int | None = Field(default=None, ge=1)
    group: OptText = None
    kind: Literal["direct", "indirect"] = "direct"
    unit: Text = "công"
    quantity: Published | None = None
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
    def _grade(cls, value: str | None, info: ValidationInfo) -> str | None:
        return value if value is None else grade_known(value, info)

    @model_validator(mode="after")
    def _step_within_group(self, info: ValidationInfo) -> LabourLine:
        # NĐ 204/2004: each salary group has a fixed number of steps (bậc).
        grade = registry_from(info.context).grades.get(self.grade or "")
        if grade is not None and self.step is not None and self.step > grade.steps:
            raise PydanticCustomError(
                "step_range",
                tr_template("lines.step_beyond"),
                {"s": self.step, "n": grade.steps, "g": grade.label, "grp": grade.salary_group},
            )
        if self.grade is None and self.step is not None:
            raise PydanticCustomError("invalid", tr_template("lines.step_needs_grade"))
        return self

    def grade_text(self, context: Any = None) -> str:
        """``Hạng III bậc 3/9``; ``nhóm 2`` for a group; empty for a role alone."""
        if self.grade is None:
            return self.group or ""
        grade = registry_from(context).grades.get(self.grade)
        return grade.describe(self.step) if grade else self.grade

    @property
    def label(self) -> str:
        return self.role + (f" - {self.group}" if self.group else "")

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

    >>> import dinhmuc as dm
    >>> line = dm.MaterialLine(name="Giấy A4", unit="ram", quantity=2, loss_rate=5)
    >>> line.loss_rate, line.recovery_rate
    (Decimal('5'), Decimal('0'))
    """

    name: Text
    spec: OptText = None
    unit: MaterialUnit
    quantity: Published | None = None
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
    """An equipment line (hao phí máy móc, thiết bị): loaded and idle time, power.

    TT 47 Art. 7: time of use = loaded time + unloaded (idle) time. Energy is
    power x loaded (running) time; TT 21/2021/TT-BTNMT computes electricity the
    same way. A published table gives one time per column: ``values`` (idle 0).

    >>> import dinhmuc as dm
    >>> line = dm.EquipmentLine(name="Máy chiếu", unit="ca", power_kw=0.3, loaded=20, idle=2.5)
    >>> line.loaded + line.idle  # time of use (TT 47 Art. 7)
    Decimal('22.5')
    """

    name: Text
    spec: OptText = None
    power_kw: Published | None = None
    unit: MachineUnit = "ca"
    # The counting unit a table of components prints beside the machine ("Cái", "Bộ"); its time is in ``unit``.
    count_unit: OptText = None
    loaded: Published | None = None
    idle: Published = Decimal(0)

    value_field: ClassVar[str] = "loaded"

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


class ToolLine(Line):
    """A tool line (hao phí dụng cụ): name, unit, time of use (ca) and life in months.

    Tools wear out over their life (thời hạn, tháng); a norm counts the ca of
    use, priced as price / (life x working days a month) per ca.

    >>> import dinhmuc as dm
    >>> dm.ToolLine(name="Kìm điện", unit="cái", life_months=24, quantity=2).life_months
    Decimal('24')
    """

    name: Text
    spec: OptText = None
    unit: MaterialUnit
    life_months: Published | None = None
    quantity: Published | None = None

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"quantity", "life_months"}


class EnergyLine(Line):
    """An energy line (điện năng): typed in kWh, or derived from the machines' power and time.

    Never both: a typed value is what the norm publishes; ``derived: true``
    computes power x loaded hours x the auxiliary factor of
    ``costing_rules.energy_aux_factor`` (dated) when the norm is costed.
    Either way the machines' own energy is then not counted again.

    >>> import dinhmuc as dm
    >>> dm.EnergyLine(name="Điện năng", unit="kWh", derived=True).derived
    True
    """

    name: Text = "Điện năng"
    unit: MaterialUnit = "kWh"
    quantity: Published | None = None
    derived: bool = False

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"quantity"}

    @model_validator(mode="after")
    def _typed_or_derived(self) -> EnergyLine:
        if self.derived and (self.quantity is not None or self.values):
            raise PydanticCustomError(
                "invalid",
                tr_template("lines.energy_both"),
            )
        return self


#: What a percent row may be a share of (cơ sở tính tỷ lệ).
PERCENT_BASES = {
    "materials": "vật liệu chính",
    "equipment": "chi phí máy",
    "tools": "dụng cụ",
    "labour": "nhân công",
}


class PercentLine(Line):
    """A percent row (dòng tỷ lệ %): "Vật liệu khác", "Máy khác", small tools, auxiliary materials.

    Printed as a row of its component with unit ``%``; priced as the percentage
    of the cost of its ``base`` (the other lines of that component).

    >>> import dinhmuc as dm
    >>> row = dm.PercentLine(name="Vật liệu khác", component="materials", quantity=5)
    >>> row.component, row.quantity
    ('materials', Decimal('5'))
    """

    name: Text
    component: Literal["materials", "equipment", "tools", "labour"]
    base: Literal["materials", "equipment", "tools", "labour"] | None = None
    unit: Literal["%"] = "%"
    quantity: Published | None = None

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"quantity"}

    @property
    def base_component(self) -> str:
        """The component whose cost the percentage applies to (its own by default)."""
        return self.base or self.component
