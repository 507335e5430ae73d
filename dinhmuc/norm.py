"""The norm model (mô hình định mức kinh tế - kỹ thuật).

A :class:`Norm` is the labour, materials and equipment time that one unit of a
public service consumes (TT 47/2018/TT-BCT Art. 2 and 7); a :class:`NormSet` is
the norms one decision issues. Every model is strict: an unknown key is an error,
quantities are exact :class:`~decimal.Decimal` values, units and grades must be
in their lists (``data/units.yaml``, ``data/grades.yaml``), and any numeric value
can carry its :class:`Provenance`.

>>> import dinhmuc as dm
>>> norm = dm.Norm(
...     code="KC01", name="Đào tạo nghề ngắn hạn", unit="lớp",
...     drivers=[{"code": "learners", "label": "học viên", "unit": "người", "reference": 30},
...              {"code": "days", "label": "ngày học", "unit": "ngày", "reference": 60}],
...     labour=[{"role": "Giáo viên dạy nghề", "grade": "III", "step": 3, "quantity": 60,
...              "scales_with": ["days"]}],
...     materials=[{"name": "Tài liệu học tập", "unit": "bộ", "quantity": 30, "scales_with": ["learners"]}],
... )
>>> norm.unit_text
'01 lớp (30 học viên, 60 ngày học)'
>>> applied = norm.apply({"learners": 25, "days": 45})
>>> [(line.id, str(line.quantity)) for line in applied.lines]
[('LD1', '45'), ('VT1', '25')]
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .core.labels import COMPONENT_LABELS, LABOUR_KIND_LABELS, METHOD_LABELS
from .core.registry import registry_from

#: Excel keeps 15 significant digits; more would not survive a round trip.
MAX_DIGITS = 15

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"


def canonical_decimal(value: Decimal) -> Decimal:
    """The canonical form of a Decimal: no trailing zeros, no exponent above 0, no -0.

    >>> canonical_decimal(Decimal("1.50")), canonical_decimal(Decimal("1E+2")), canonical_decimal(Decimal("-0.0"))
    (Decimal('1.5'), Decimal('100'), Decimal('0'))
    """
    if value == 0:
        return Decimal(0)
    value = value.normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return value


def _to_decimal(value: Any) -> Any:
    value = _parse_decimal(value)
    if not value.is_finite():
        raise PydanticCustomError("not_a_number", "{v} is not a finite number", {"v": str(value)})
    return value


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_number", "expected a number, got a yes/no value")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 0.1, not 0.1000000000000000055
        return Decimal(repr(value))
    if isinstance(value, str):
        # the one number reader (dinhmuc.core.numbers): 1.234,5 or 1,234.5; "1.500" alone is ambiguous
        from .core.numbers import NumberError, read_number

        try:
            return read_number(value)
        except NumberError as exc:
            raise PydanticCustomError(exc.code, "{message}", {"message": exc.message, "text": value}) from None
    raise PydanticCustomError("not_a_number", "expected a number, got {kind}", {"kind": type(value).__name__})


def _finite_canonical(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise PydanticCustomError("not_a_number", "{v} is not a finite number", {"v": str(value)})
    value = canonical_decimal(value)
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise PydanticCustomError("too_precise", "{v} has more than 15 significant digits", {"v": str(value)})
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("negative", "{v} is negative; quantities are 0 or more", {"v": str(value)})
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("not_positive", "{v} must be greater than 0", {"v": str(value)})
    return value


def _percent(value: Decimal) -> Decimal:
    if value < 0 or value > 100:
        raise PydanticCustomError("percent_range", "{v} % is outside 0-100 %", {"v": str(value)})
    return value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise PydanticCustomError("control_character", "text contains a control character")
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)  # a code such as 01 typed as a number in Excel
    return value


def _optional_text(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _required_text(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("missing", "must not be empty")
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_finite_canonical)]
"""An exact finite number (Decimal, at most 15 significant digits)."""
Quantity = Annotated[Number, AfterValidator(_non_negative)]
"""A quantity (số lượng): a number of 0 or more."""
Positive = Annotated[Number, AfterValidator(_positive)]
Percent = Annotated[Number, AfterValidator(_percent)]
"""A percentage from 0 to 100 (tỷ lệ %)."""
Text = Annotated[str, BeforeValidator(_required_text)]
OptText = Annotated[str | None, BeforeValidator(_optional_text)]
Code = Annotated[str, BeforeValidator(_required_text), Field(pattern=CODE_PATTERN, max_length=40)]


class Model(BaseModel):
    """Base of every dinhmuc model: unknown keys are rejected, assignments re-validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False,
                              populate_by_name=True, frozen=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data, without empty optional values (what YAML stores)."""
        return _prune(self.model_dump(mode="python", exclude_defaults=False))


_LAST_KEYS = ("scales_with", "steps", "note", "provenance")


def _ordered(value: dict) -> dict:
    # Reading order in YAML: id first, the line's own fields, then scaling, notes, provenance.
    keys = list(value)
    head = [k for k in keys if k == "id"]
    tail = [k for k in _LAST_KEYS if k in value]
    return {k: value[k] for k in head + [k for k in keys if k not in head and k not in tail] + tail}


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in _ordered(value).items():
            v = _prune(v)
            if v is None or v == [] or v == {}:
                continue
            if isinstance(v, Enum):
                v = v.value
            out[k] = v
        return out
    if isinstance(value, list):
        return [_prune(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


# ----------------------------------------------------------------------------
# Provenance
# ----------------------------------------------------------------------------


class Method(str, Enum):
    """How a value was built (phương pháp xây dựng).

    TT 47/2018 Art. 6 names exactly three legal methods: statistical,
    standard and experimental. ``comparison`` and ``expert`` are aids that feed
    one of them (as other ministries allow); ``manual`` marks a value typed in.
    """

    STATISTICAL = "statistical"
    STANDARD = "standard"
    EXPERIMENTAL = "experimental"
    COMPARISON = "comparison"
    EXPERT = "expert"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.value]

    @property
    def is_legal_method(self) -> bool:
        """True for the three methods of TT 47 Art. 6."""
        return self in (Method.STATISTICAL, Method.STANDARD, Method.EXPERIMENTAL)


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    return _finite_canonical(_to_decimal(value))


Scalar = Annotated[Decimal | bool | str, BeforeValidator(_scalar)]


class Exclusion(Model):
    """An evidence row left out, and why (số liệu bị loại)."""

    ref: Text
    reason: Text


class Provenance(Model):
    """Where a value comes from (nguồn gốc số liệu): method, evidence, statistics, parameters."""

    method: Method | None = None
    legal_method: Method | None = None
    evidence: list[Text] = Field(default_factory=list)
    excluded: list[Exclusion] = Field(default_factory=list)
    statistics: dict[str, Scalar] = Field(default_factory=dict)
    parameters: dict[str, Scalar] = Field(default_factory=dict)
    calculation: OptText = None
    note: OptText = None

    @model_validator(mode="after")
    def _aid_feeds_legal_method(self) -> Provenance:
        if self.legal_method is not None and not self.legal_method.is_legal_method:
            raise PydanticCustomError(
                "invalid", "legal_method must be one of statistical, standard, experimental (TT 47 Art. 6)")
        return self


class Traced(Model):
    """A model whose numeric fields may each carry a provenance record."""

    provenance: dict[str, Provenance] = Field(default_factory=dict)

    @field_validator("provenance")
    @classmethod
    def _drop_empty(cls, value: dict[str, Provenance]) -> dict[str, Provenance]:
        # An empty record says nothing; dropping it keeps saved files canonical.
        return {k: v for k, v in value.items() if v != Provenance()}

    @model_validator(mode="after")
    def _provenance_names_numeric_fields(self) -> Traced:
        allowed = self.traced_fields()
        unknown = sorted(set(self.provenance) - allowed)
        if unknown:
            raise PydanticCustomError(
                "unknown_field", "provenance for unknown field(s) {f}; accepted: {a}",
                {"f": ", ".join(unknown), "a": ", ".join(sorted(allowed))})
        return self

    @classmethod
    def traced_fields(cls) -> set[str]:
        return set()


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


# ----------------------------------------------------------------------------
# Norm
# ----------------------------------------------------------------------------


class Driver(Model):
    """A scale driver (đại lượng quy mô) and its reference value in the norm's unit."""

    code: Code
    label: Text
    unit: DriverUnit
    reference: Positive


class WorkStep(Model):
    """A work step (thành phần công việc / bước công việc)."""

    code: Code
    name: Text
    description: OptText = None


COMPONENTS = ("labour", "materials", "equipment")
Component = Literal["labour", "materials", "equipment"]


class AdjustmentClass(Model):
    """One level of an adjustment table (mức điều chỉnh) and its coefficient."""

    key: Code
    label: Text
    factor: Positive
    min: Number | None = None
    max: Number | None = None
    condition: OptText = None


class AdjustmentTable(Model):
    """A table of adjustment coefficients (bảng hệ số điều chỉnh).

    By scale (quy mô), difficulty (độ khó) or area (địa bàn). A coefficient is
    applied only when the user chooses a class explicitly, and the choice is
    recorded in the result. For a ``scale`` table with ``driver`` and class
    ranges (``min`` <= value < ``max``), the choice ``"auto"`` picks the class
    whose range holds the project's driver value.
    """

    code: Code
    name: Text
    basis: Literal["scale", "difficulty", "area", "other"]
    driver: Code | None = None
    applies_to: list[Component] = Field(default_factory=lambda: list(COMPONENTS))
    classes: list[AdjustmentClass]
    default: Code | None = None
    citation: OptText = None

    @model_validator(mode="after")
    def _consistent(self) -> AdjustmentTable:
        keys = [c.key for c in self.classes]
        if not keys:
            raise PydanticCustomError("missing", "an adjustment table needs at least one class")
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("duplicate_code", "class keys must be unique in table {t}", {"t": self.code})
        if self.default is not None and self.default not in keys:
            raise PydanticCustomError("unknown_class", "default '{d}' is not a class of table {t}",
                                      {"d": self.default, "t": self.code})
        if not self.applies_to:
            raise PydanticCustomError("missing", "applies_to must name labour, materials or equipment")
        return self

    def choose(self, key: str, drivers: dict[str, Decimal] | None = None) -> AdjustmentClass:
        """The class chosen by ``key`` (or by the driver value when ``key`` is ``"auto"``)."""
        from .core.errors import Location, Problem, UnknownReferenceError, InputError

        if key == "auto":
            if self.basis != "scale" or not self.driver:
                raise InputError(Problem(f"'auto' works only for scale tables with a driver; "
                                         f"table {self.code} is by {self.basis}",
                                         Location(field="adjustments"), "invalid",
                                         ", ".join(c.key for c in self.classes)))
            value = (drivers or {}).get(self.driver)
            if value is None:
                raise UnknownReferenceError(Problem(f"table {self.code} needs driver '{self.driver}'",
                                                    Location(field="drivers"), "unknown_driver"))
            for c in self.classes:
                if (c.min is None or value >= c.min) and (c.max is None or value < c.max):
                    return c
            raise InputError(Problem(f"{self.driver} = {value} falls in no class of table {self.code}",
                                     Location(field="adjustments"), "out_of_range"))
        for c in self.classes:
            if c.key == key:
                return c
        raise UnknownReferenceError(Problem(f"table {self.code} has no class '{key}'", Location(field="adjustments"),
                                            "unknown_class", ", ".join(c.key for c in self.classes)))


_PREFIX = {"labour": "LD", "materials": "VT", "equipment": "TB"}


class Norm(Traced):
    """An economic-technical norm (định mức kinh tế - kỹ thuật) for one service.

    Quantities are for one unit of the service at its reference scale
    (``drivers``), e.g. "01 lớp (30 học viên, 60 ngày)". Each line scales with
    none, one or several drivers when applied to a concrete project.
    """

    code: Code
    name: Text
    unit: ServiceUnit
    drivers: list[Driver] = Field(default_factory=list)
    scope: OptText = None
    conditions: OptText = None
    work_steps: list[WorkStep] = Field(default_factory=list)
    legal_basis: list[Text] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    method: Method | None = None
    labour: list[LabourLine] = Field(default_factory=list)
    materials: list[MaterialLine] = Field(default_factory=list)
    equipment: list[EquipmentLine] = Field(default_factory=list)
    # TT 47 Art. 7: indirect labour is a share of direct labour; TT 47 fixes no percentage.
    indirect_labour_pct: Percent | None = None
    # "Other materials" as a share of the value of the main materials (common practice, e.g. 10 %).
    other_materials_pct: Percent | None = None
    rounding_decimals: int | None = Field(default=None, ge=0, le=6)
    adjustments: list[AdjustmentTable] = Field(default_factory=list)

    @classmethod
    def traced_fields(cls) -> set[str]:
        return {"indirect_labour_pct", "other_materials_pct"}


    @model_validator(mode="before")
    @classmethod
    def _number_lines(cls, data: Any) -> Any:
        # Lines without an id get LD1, VT1, TB1... by position, so provenance and
        # costs can refer to them and a saved file keeps the same ids.
        if isinstance(data, dict):
            data = dict(data)
            for comp, prefix in _PREFIX.items():
                lines = data.get(comp)
                if isinstance(lines, list):
                    new = []
                    for i, line in enumerate(lines):
                        if isinstance(line, dict) and not line.get("id"):
                            line = {**line, "id": f"{prefix}{i + 1}"}
                        new.append(line)
                    data[comp] = new
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Norm:
        problems: list[str] = []
        drivers = [d.code for d in self.drivers]
        if len(set(drivers)) != len(drivers):
            problems.append("a driver code is listed twice")
        steps = {s.code for s in self.work_steps}
        if len(steps) != len(self.work_steps):
            problems.append("a work-step code is listed twice")
        ids: set[str] = set()
        for comp in COMPONENTS:
            for line in getattr(self, comp):
                if line.id in ids:
                    problems.append(f"line id '{line.id}' is used twice")
                ids.add(line.id or "")
                missing = [d for d in line.scales_with if d not in drivers]
                if missing:
                    problems.append(f"{comp} line {line.id} scales with unknown driver(s) {', '.join(missing)}; "
                                    f"the norm's drivers are: {', '.join(drivers) or '(none)'}")
                if comp == "labour":
                    bad = [s for s in line.steps if s not in steps]
                    if bad:
                        problems.append(f"labour line {line.id} names unknown work step(s) {', '.join(bad)}")
        if self.indirect_labour_pct is not None and any(line.kind == "indirect" for line in self.labour):
            # TT 47 Art. 7: indirect labour is either listed or a share of direct, never both.
            problems.append("indirect labour is given both as lines and as indirect_labour_pct; keep one")
        for table in self.adjustments:
            if table.driver and table.driver not in drivers:
                problems.append(f"adjustment table {table.code} refers to unknown driver {table.driver}")
        codes = [t.code for t in self.adjustments]
        if len(set(codes)) != len(codes):
            problems.append("an adjustment table code is listed twice")
        if problems:
            raise PydanticCustomError("inconsistent", "; ".join(problems))
        return self

    # -- reading -------------------------------------------------------------

    @property
    def reference_scale(self) -> dict[str, Decimal]:
        """Driver code -> reference value of one unit of the norm."""
        return {d.code: d.reference for d in self.drivers}

    @property
    def unit_text(self) -> str:
        """The unit with its reference scale, as norm tables print it: ``01 lớp (30 học viên, 60 ngày)``."""
        from .core.vnformat import format_number

        scale = ", ".join(f"{format_number(d.reference)} {d.label}" for d in self.drivers)
        return f"01 {self.unit}" + (f" ({scale})" if scale else "")

    def lines(self) -> list[tuple[str, LabourLine | MaterialLine | EquipmentLine]]:
        """Every line with its component name."""
        return [(comp, line) for comp in COMPONENTS for line in getattr(self, comp)]

    def line(self, line_id: str) -> LabourLine | MaterialLine | EquipmentLine:
        """The line with this id (``LD1``, ``VT2``...)."""
        for _, line in self.lines():
            if line.id == line_id:
                return line
        raise KeyError(f"norm {self.code} has no line '{line_id}'; lines: "
                       + ", ".join(str(line.id) for _, line in self.lines()))

    def to_frame(self):
        """The norm as one table (a pandas DataFrame), one row per line."""
        from .io.frames import norm_lines_frame

        return norm_lines_frame(self)

    def _repr_html_(self) -> str:
        from .io.frames import norm_html

        return norm_html(self)

    def __str__(self) -> str:
        from .io.frames import norm_text

        return norm_text(self)

    # -- applying ------------------------------------------------------------

    def apply(self, drivers: dict[str, Any] | None = None, adjustments: dict[str, str] | None = None) -> AppliedNorm:
        """The quantities of a concrete project (áp dụng định mức cho một dự án).

        ``drivers`` gives the project's values (25 learners, 45 days); each line
        scales by actual / reference for each driver it names; drivers not given
        stay at their reference. ``adjustments`` maps a table code to the class
        chosen; the coefficient multiplies the components the table applies to.
        """
        from .core.errors import Location, Problem, raise_if

        given = {k: _finite_canonical(_to_decimal(v)) for k, v in (drivers or {}).items()}
        problems = []
        ref = self.reference_scale
        for k, v in given.items():
            if k not in ref:
                problems.append(Problem(f"norm {self.code} has no driver '{k}'", Location(field="drivers"),
                                        "unknown_driver", ", ".join(ref) or "(none)"))
            elif v < 0:
                problems.append(Problem(f"driver {k} = {v} is negative", Location(field=k), "negative", "0 or more"))
        tables = {t.code: t for t in self.adjustments}
        for k in (adjustments or {}):
            if k not in tables:
                problems.append(Problem(f"norm {self.code} has no adjustment table '{k}'", Location(field="adjustments"),
                                        "unknown_table", ", ".join(tables) or "(none)"))
        raise_if(problems)
        values = {**ref, **given}
        chosen: list[AppliedAdjustment] = []
        for code, key in (adjustments or {}).items():
            table = tables[code]
            cls = table.choose(key, values)
            chosen.append(AppliedAdjustment(table=code, name=table.name, basis=table.basis, key=cls.key,
                                            label=cls.label, factor=cls.factor, applies_to=list(table.applies_to)))
        out: list[AppliedLine] = []
        for comp, line in self.lines():
            scale = Decimal(1)
            for d in line.scales_with:
                scale *= values[d] / ref[d]
            factor = Decimal(1)
            for adj in chosen:
                if comp in adj.applies_to:
                    factor *= adj.factor
            base = line.quantity
            extra: dict[str, Decimal] = {}
            if isinstance(line, EquipmentLine):
                extra = {"loaded": line.loaded * scale * factor, "idle": line.idle * scale * factor}
            extra = {k: canonical_decimal(v) for k, v in extra.items()}
            out.append(AppliedLine(component=comp, id=line.id or "", name=_line_name(line), unit=line.unit,
                                   norm_quantity=base, scale=canonical_decimal(scale), factor=factor,
                                   quantity=canonical_decimal(base * scale * factor), **extra))
        return AppliedNorm(norm=self.code, drivers=values, adjustments=chosen, lines=out)


def _line_name(line: LabourLine | MaterialLine | EquipmentLine) -> str:
    return line.role if isinstance(line, LabourLine) else line.name


class AppliedAdjustment(BaseModel):
    """An adjustment coefficient applied to a project, as recorded in the result."""

    model_config = ConfigDict(extra="forbid")
    table: str
    name: str
    basis: str
    key: str
    label: str
    factor: Decimal
    applies_to: list[str]


class AppliedLine(BaseModel):
    """One line of a norm applied to a project: norm quantity x scale x coefficient."""

    model_config = ConfigDict(extra="forbid")
    component: str
    id: str
    name: str
    unit: str
    norm_quantity: Decimal
    scale: Decimal
    factor: Decimal
    quantity: Decimal
    loaded: Decimal | None = None
    idle: Decimal | None = None


class AppliedNorm(BaseModel):
    """A norm applied to a concrete project (khối lượng hao phí của dự án)."""

    model_config = ConfigDict(extra="forbid")
    norm: str
    drivers: dict[str, Decimal]
    adjustments: list[AppliedAdjustment]
    lines: list[AppliedLine]

    def to_frame(self):
        """The project's quantities as a DataFrame."""
        import pandas as pd

        rows = [{"component": COMPONENT_LABELS[l.component], **l.model_dump(exclude={"component"})}
                for l in self.lines]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        head = ", ".join(f"{k} = {v}" for k, v in self.drivers.items())
        adj = "; ".join(f"{a.name}: {a.label} (x{a.factor})" for a in self.adjustments) or "không"
        return (f"<p><b>{self.norm}</b> — quy mô: {head}; hệ số điều chỉnh: {adj}</p>"
                + self.to_frame().to_html(index=False))


# ----------------------------------------------------------------------------
# Norm set
# ----------------------------------------------------------------------------


class NormSet(Model):
    """A norm set (bộ định mức): the norms one decision (Quyết định) issues."""

    title: Text
    issuing_body: OptText = None
    province: OptText = None
    decision_number: OptText = None
    signed_on: _dt.date | None = None
    effective_from: _dt.date | None = None
    legal_bases: list[Text] = Field(default_factory=list)
    version: OptText = None
    replaces: OptText = None
    notes: list[Text] = Field(default_factory=list)
    norms: list[Norm] = Field(default_factory=list)

    @field_validator("norms")
    @classmethod
    def _unique_codes(cls, value: list[Norm]) -> list[Norm]:
        seen: set[str] = set()
        for norm in value:
            if norm.code in seen:
                raise PydanticCustomError("duplicate_code", "norm code '{c}' appears twice", {"c": norm.code})
            seen.add(norm.code)
        return value

    @model_validator(mode="after")
    def _dates(self) -> NormSet:
        if self.signed_on and self.effective_from and self.effective_from < self.signed_on:
            raise PydanticCustomError("invalid", "effective_from {e} is before signed_on {s}",
                                      {"e": str(self.effective_from), "s": str(self.signed_on)})
        return self

    def __getitem__(self, code: str) -> Norm:
        for norm in self.norms:
            if norm.code == code:
                return norm
        raise KeyError(f"no norm '{code}' in this set; codes: {', '.join(n.code for n in self.norms)}")

    def __iter__(self):  # type: ignore[override]
        return iter(self.norms)

    def __len__(self) -> int:
        return len(self.norms)

    @property
    def codes(self) -> list[str]:
        return [n.code for n in self.norms]

    # -- I/O shortcuts ------------------------------------------------------

    def to_yaml(self, path=None) -> str:
        """YAML text of the set; written atomically to ``path`` when given."""
        from .io.normio import norm_set_to_yaml

        return norm_set_to_yaml(self, path)

    def to_excel(self, path) -> None:
        """Write the set to an Excel workbook with Vietnamese headers."""
        from .io.normio import norm_set_to_excel

        norm_set_to_excel(self, path)

    def to_frames(self):
        """The set as a dict of DataFrames (one per sheet of the Excel form)."""
        from .io.frames import norm_set_to_frames

        return norm_set_to_frames(self)

    @classmethod
    def from_frames(cls, frames, source: str | None = None) -> NormSet:
        """Rebuild a set from :meth:`to_frames` output (or edited DataFrames)."""
        from .io.frames import norm_set_from_frames

        return norm_set_from_frames(frames, source=source)

    def to_frame(self):
        """Every line of every norm in one DataFrame."""
        import pandas as pd

        frames = [n.to_frame().assign(norm=n.code) for n in self.norms]
        if not frames:
            return pd.DataFrame()
        df = pd.concat(frames, ignore_index=True)
        return df[["norm"] + [c for c in df.columns if c != "norm"]]

    def _repr_html_(self) -> str:
        import pandas as pd

        rows = [{"Mã hiệu": n.code, "Tên định mức": n.name, "Đơn vị tính": n.unit_text,
                 "Lao động": len(n.labour), "Vật tư": len(n.materials), "Thiết bị": len(n.equipment)}
                for n in self.norms]
        head = f"<p><b>{self.title}</b>" + (f" — {self.decision_number}" if self.decision_number else "") + "</p>"
        return head + pd.DataFrame(rows).to_html(index=False)
