"""The norm (định mức) of one service: drivers, work steps, lines, adjustments, and applying it to a project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..core.errors import InputError, Location, Problem, UnknownReferenceError, raise_if
from ..core.i18n import tr, tr_template
from ..core.labels import COMPONENT_LABELS, TABLE_GROUP_LABELS
from ..core.vnformat import format_number
from .display import norm_html, norm_lines_frame, norm_text
from .lines import (
    DriverUnit,
    EnergyLine,
    EquipmentLine,
    LabourLine,
    Line,
    MaterialLine,
    PercentLine,
    ServiceUnit,
    ToolLine,
)
from .provenance import Method, Traced
from .types import (
    Code,
    Model,
    Number,
    OptText,
    Percent,
    Positive,
    Text,
    _finite_canonical,
    _to_decimal,
    canonical_decimal,
    is_used,
)

# ----------------------------------------------------------------------------
# Norm
# ----------------------------------------------------------------------------


class Driver(Model):
    """A scale driver (đại lượng quy mô) and its reference value in the norm's unit.

    >>> import dinhmuc as dm
    >>> dm.Driver(code="learners", label="học viên", unit="người", reference=30).reference
    Decimal('30')
    """

    code: Code
    label: Text
    unit: DriverUnit
    reference: Positive


class WorkStep(Model):
    """A work step (thành phần công việc / bước công việc).

    A sub-step names its ``parent`` step and may carry its ``coefficient``: the
    share of the parent step's norm it takes (hệ số bước công việc, e.g. 0,30).

    >>> import dinhmuc as dm
    >>> step = dm.WorkStep(code="B1", name="Khảo sát nhu cầu đào tạo")
    >>> step.code, step.parent
    ('B1', None)
    """

    code: Code
    name: Text
    description: OptText = None
    parent: Code | None = None
    coefficient: Number | None = None


class Variant(Model):
    """A value column of a published table (cột biến thể): a class, scale, height or thickness band.

    ``label`` is the column header ("≤ 60", "Loại I"); ``key`` the code printed
    under the column in the table's last row ("10"); ``code`` the full code of the
    column's norm ("AE.11110"; by default the norm code and the key joined by "-").

    >>> import dinhmuc as dm
    >>> norm = dm.Norm(code="KC99", name="Tập huấn", unit="lớp", variant_header="Quy mô",
    ...                variants=[{"key": "1", "label": "≤ 30 học viên"}, {"key": "2", "label": "> 30 học viên"}],
    ...                materials=[{"name": "Giấy A4", "unit": "ram", "values": ["0.230", "-"]}])
    >>> norm.variants[0].label, [line.name for line in norm.variant("1").materials]
    ('≤ 30 học viên', ['Giấy A4'])
    >>> [line.name for line in norm.variant("2").materials]  # "-": not used in that column
    []
    """

    key: Code
    label: Text
    code: Code | None = None
    group: OptText = None
    condition: OptText = None


COMPONENTS = ("labour", "materials", "equipment")
Component = Literal["labour", "materials", "equipment", "tools", "energy"]


class AdjustmentClass(Model):
    """One level of an adjustment table (mức điều chỉnh) and its coefficient.

    >>> import dinhmuc as dm
    >>> dm.AdjustmentClass(key="uu_tien", label="Địa bàn ưu tiên", factor="1.5").factor
    Decimal('1.5')
    """

    key: Code
    label: Text
    factor: Positive
    min: Number | None = None
    max: Number | None = None
    condition: OptText = None


class AdjustmentBand(Model):
    """Compounding by band (hệ số theo khoảng lũy tiến).

    From ``start`` on, each further ``size`` (or part of it) of the driver
    multiplies the previous band's norm by ``factor``: "each further 10 m x 1,2
    of the previous band" is start 10, size 10, factor 1.2, giving
    factor ** bands with bands = ceil((value - start) / size).
    """

    start: Number
    size: Positive
    factor: Positive

    def bands(self, value: Decimal) -> int:
        """How many bands beyond ``start`` the value reaches (a part band counts whole)."""
        if value <= self.start:
            return 0
        q, r = divmod(value - self.start, self.size)
        return int(q) + (1 if r else 0)


class AdjustmentTable(Model):
    """A table of adjustment coefficients (bảng hệ số điều chỉnh).

    By scale (quy mô), difficulty (độ khó) or area (địa bàn). A coefficient is
    applied only when the user chooses a class explicitly, and the choice is
    recorded in the result. For a ``scale`` table with ``driver`` and class
    ranges (``min`` <= value < ``max``), the choice ``"auto"`` picks the class
    whose range holds the project's driver value.

    >>> import dinhmuc as dm
    >>> table = dm.AdjustmentTable(code="dia_ban", name="Hệ số địa bàn", basis="area",
    ...                            classes=[{"key": "thuong", "label": "Địa bàn thường", "factor": 1},
    ...                                     {"key": "uu_tien", "label": "Địa bàn ưu tiên", "factor": "1.5"}])
    >>> norm = dm.Norm(code="KC99", name="Tập huấn", unit="lớp",
    ...                drivers=[{"code": "learners", "label": "học viên", "unit": "người", "reference": 30}],
    ...                labour=[{"id": "LD1", "role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
    ...                materials=[{"id": "VT1", "name": "Tài liệu", "unit": "bộ", "quantity": 30,
    ...                            "scales_with": ["learners"]}],
    ...                adjustments=[table])
    >>> [str(line.quantity) for line in norm.apply({}, adjustments={"dia_ban": "uu_tien"}).lines]
    ['15', '45']
    >>> [str(line.quantity) for line in norm.apply({}).lines]  # no class chosen: no coefficient
    ['10', '30']
    """

    code: Code
    name: Text
    basis: Literal["scale", "difficulty", "area", "other"]
    driver: Code | None = None
    applies_to: list[Component] = Field(default_factory=lambda: list(COMPONENTS))
    lines: list[Code] = Field(default_factory=list)
    steps: list[Code] = Field(default_factory=list)
    band: AdjustmentBand | None = None
    classes: list[AdjustmentClass] = Field(default_factory=list)
    default: Code | None = None
    citation: OptText = None

    @model_validator(mode="after")
    def _consistent(self) -> AdjustmentTable:
        keys = [c.key for c in self.classes]
        if not keys and self.band is None:
            raise PydanticCustomError("missing", tr_template("norm.table_needs_class"))
        if self.band is not None and not self.driver:
            raise PydanticCustomError("missing", tr_template("norm.band_needs_driver"))
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("duplicate_code", tr_template("norm.class_keys_unique"), {"t": self.code})
        if self.default is not None and self.default not in keys:
            raise PydanticCustomError(
                "unknown_class", tr_template("norm.default_not_class"), {"d": self.default, "t": self.code}
            )
        if not self.applies_to:
            raise PydanticCustomError("missing", tr_template("norm.applies_to"))
        return self

    def choose(self, key: str, drivers: dict[str, Decimal] | None = None) -> AdjustmentClass:
        """The class chosen by ``key`` (or by the driver value when ``key`` is ``"auto"``)."""
        if key == "auto":
            if self.basis != "scale" or not self.driver:
                raise InputError(
                    Problem(
                        tr("norm.auto_scale_only", code=self.code, basis=self.basis),
                        Location(field="adjustments"),
                        "invalid",
                        ", ".join(c.key for c in self.classes),
                    )
                )
            value = (drivers or {}).get(self.driver)
            if value is None:
                raise UnknownReferenceError(
                    Problem(
                        tr("norm.table_needs_driver", code=self.code, driver=self.driver),
                        Location(field="drivers"),
                        "unknown_driver",
                    )
                )
            for c in self.classes:
                if (c.min is None or value >= c.min) and (c.max is None or value < c.max):
                    return c
            raise InputError(
                Problem(
                    tr("norm.no_class_for", driver=self.driver, value=value, code=self.code),
                    Location(field="adjustments"),
                    "out_of_range",
                )
            )
        for c in self.classes:
            if c.key == key:
                return c
        raise UnknownReferenceError(
            Problem(
                tr("norm.no_class", code=self.code, key=key),
                Location(field="adjustments"),
                "unknown_class",
                ", ".join(c.key for c in self.classes),
            )
        )


_PREFIX = {"labour": "LD", "materials": "VT", "equipment": "TB", "tools": "DC", "energy": "DN", "percent_rows": "TL"}
#: Every kind of line: the three of TT 47 Art. 7 first, then tools, energy and percent rows.
ALL_COMPONENTS = ("labour", "materials", "equipment", "tools", "energy", "percent_rows")


class Norm(Traced):
    """An economic-technical norm (định mức kinh tế - kỹ thuật) for one service.

    Quantities are for one unit of the service at its reference scale
    (``drivers``), e.g. "01 lớp (30 học viên, 60 ngày)". Each line scales with
    none, one or several drivers when applied to a concrete project.

    >>> import dinhmuc as dm
    >>> table = dm.AdjustmentTable(code="dia_ban", name="Hệ số địa bàn", basis="area",
    ...                            classes=[{"key": "thuong", "label": "Địa bàn thường", "factor": 1},
    ...                                     {"key": "uu_tien", "label": "Địa bàn ưu tiên", "factor": "1.5"}])
    >>> norm = dm.Norm(code="KC99", name="Tập huấn", unit="lớp",
    ...                drivers=[{"code": "learners", "label": "học viên", "unit": "người", "reference": 30}],
    ...                labour=[{"id": "LD1", "role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
    ...                materials=[{"id": "VT1", "name": "Tài liệu", "unit": "bộ", "quantity": 30,
    ...                            "scales_with": ["learners"]}],
    ...                adjustments=[table])
    >>> norm.unit_text
    '01 lớp (30 học viên)'
    >>> norm.line("VT1").quantity
    Decimal('30')
    >>> [(line.id, str(line.quantity)) for line in norm.apply({"learners": 45}).lines]
    [('LD1', '10'), ('VT1', '45')]
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
    tools: list[ToolLine] = Field(default_factory=list)
    energy: list[EnergyLine] = Field(default_factory=list)
    percent_rows: list[PercentLine] = Field(default_factory=list)
    # A published table: one value column per variant (class, scale, height band), see Variant.
    variants: list[Variant] = Field(default_factory=list)
    variant_header: OptText = None
    show_variant_keys: bool = False
    # Group rows the published table prints ("Vật liệu", "Máy thi công"...); None: one per group present.
    group_rows: list[Literal["materials", "labour", "equipment", "tools", "energy"]] | None = None
    # Header of the name column as published ("Tên công tác", "Công tác xây dựng"); None: "Tên công tác".
    name_header: OptText = None
    # The layout of the published table. None: the construction layout (Mã hiệu | Tên công tác | Thành phần hao
    # phí | Đơn vị | one column per variant). "components": a numbered list, as the TN&MT circulars print their
    # tools, equipment and materials tables (STT | Danh mục dụng cụ | Đơn vị tính | [Thời hạn (tháng)] |
    # [Công suất] | Định mức (Ca/cả nước)), captioned by its number ("Bảng 57", the norm's name).
    table_layout: Literal["components"] | None = None
    # Headers of a "components" table as published: the item column, the unit column, the power column.
    item_header: OptText = None
    unit_header: OptText = None
    power_header: OptText = None
    # The unit line exactly as published ("1m3", "100 m", "01 lớp (30 học viên, 60 ngày)").
    unit_label: OptText = None
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
            problems.append(tr("norm.driver_twice"))
        steps = {s.code for s in self.work_steps}
        if len(steps) != len(self.work_steps):
            problems.append(tr("norm.step_twice"))
        ids: set[str] = set()
        n_var = len(self.variants)
        keys = [v.key for v in self.variants]
        if len(set(keys)) != len(keys):
            problems.append(tr("norm.variant_twice"))
        if self.table_layout == "components" and self.percent_rows:
            problems.append(tr("norm.components_no_percent"))
        for comp in ALL_COMPONENTS:
            for line in getattr(self, comp):
                if line.id in ids:
                    problems.append(tr("norm.line_id_twice", id=line.id))
                ids.add(line.id or "")
                if line.work_step is not None and line.work_step not in steps:
                    problems.append(tr("norm.line_unknown_step", comp=comp, id=line.id, work_step=line.work_step))
                if getattr(line, "derived", False):
                    continue
                if n_var:
                    if len(line.values) != n_var:
                        problems.append(
                            tr(
                                "norm.values_per_variant",
                                comp=comp,
                                id=line.id,
                                n_values=len(line.values),
                                n_var=n_var,
                                keys=", ".join(keys),
                            )
                        )
                elif line.values:
                    problems.append(tr("norm.values_no_variants", comp=comp, id=line.id))
                elif line.cell(None) is None:
                    problems.append(tr("norm.line_no_value", comp=comp, id=line.id, value_field=line.value_field))
            for line in getattr(self, comp):
                missing = [d for d in line.scales_with if d not in drivers]
                if missing:
                    problems.append(
                        tr(
                            "norm.line_unknown_drivers",
                            comp=comp,
                            id=line.id,
                            missing=", ".join(missing),
                            value=", ".join(drivers) or "(none)",
                        )
                    )
                if comp == "labour":
                    bad = [s for s in line.steps if s not in steps]
                    if bad:
                        problems.append(tr("norm.labour_unknown_steps", id=line.id, bad=", ".join(bad)))
        if self.indirect_labour_pct is not None and any(line.kind == "indirect" for line in self.labour):
            # TT 47 Art. 7: indirect labour is either listed or a share of direct, never both.
            problems.append(tr("norm.indirect_both"))
        if sum(1 for e in self.energy if e.derived) and any(not e.derived for e in self.energy):
            problems.append(tr("norm.energy_both"))
        for s_ in self.work_steps:
            if s_.parent is not None and s_.parent not in steps:
                problems.append(tr("norm.unknown_parent", code=s_.code, parent=s_.parent))
        for table in self.adjustments:
            if table.driver and table.driver not in drivers:
                problems.append(tr("norm.table_unknown_driver", code=table.code, driver=table.driver))
            bad = [i for i in table.lines if i not in ids]
            if bad:
                problems.append(tr("norm.table_unknown_lines", code=table.code, bad=", ".join(bad)))
            bad = [c for c in table.steps if c not in steps]
            if bad:
                problems.append(tr("norm.table_unknown_steps", code=table.code, bad=", ".join(bad)))
        codes = [t.code for t in self.adjustments]
        if len(set(codes)) != len(codes):
            problems.append(tr("norm.table_twice"))
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
        if self.unit_label:
            return self.unit_label
        scale = ", ".join(f"{format_number(d.reference)} {d.label}" for d in self.drivers)
        # A unit that is itself a count ("100m", "10 m³") is printed as it is, not "01 100m".
        head = self.unit if self.unit[:1].isdigit() else f"01 {self.unit}"
        return head + (f" ({scale})" if scale else "")

    def lines(self) -> list[tuple[str, LabourLine | MaterialLine | EquipmentLine]]:
        """Every labour, material and equipment line with its component name."""
        return [(comp, line) for comp in COMPONENTS for line in getattr(self, comp)]

    def all_lines(self) -> list[tuple[str, Line]]:
        """Every line of every kind (tools, energy and percent rows too), in table order."""
        return [(comp, line) for comp in ALL_COMPONENTS for line in getattr(self, comp)]

    def variant_code(self, variant: Variant) -> str:
        """The code of one column's norm: its own ``code``, else the norm code and key (``KC01-1``)."""
        return variant.code or f"{self.code}-{variant.key}"

    def variant(self, key: str) -> Norm:
        """The norm of one variant column (định mức của một cột), as a norm of its own.

        Lines whose cell is ``"-"`` are left out; every other line takes its
        cell as its quantity, unchanged (published digits kept). The column's
        condition joins the norm's conditions.

        >>> import dinhmuc as dm
        >>> n = dm.Norm(code="KC01", name="Tập huấn", unit="lớp", variants=[
        ...     {"key": "1", "label": "≤ 30 học viên", "code": "KC01.1"}, {"key": "2", "label": "> 30 học viên"}],
        ...     materials=[{"name": "Giấy A4", "unit": "ram", "values": ["0.420", "-"]}])
        >>> v = n.variant("1"); v.code, str(v.materials[0].quantity), len(n.variant("2").materials), v.name
        ('KC01.1', '0.420', 0, 'Tập huấn (≤ 30 học viên)')
        """
        index = next((i for i, v in enumerate(self.variants) if v.key == key), None)
        if index is None:
            raise UnknownReferenceError(
                Problem(
                    tr("norm.no_variant", code=self.code, key=key),
                    Location(field="variant"),
                    "unknown_variant",
                    ", ".join(v.key for v in self.variants) or tr("norm.no_variants"),
                )
            )
        var = self.variants[index]
        data = self.model_dump(mode="python", exclude={"variants", "variant_header", "show_variant_keys"})
        for comp in ALL_COMPONENTS:
            out = []
            for line, raw in zip(getattr(self, comp), data[comp]):
                if getattr(line, "derived", False):
                    out.append(raw)
                    continue
                cell = line.values[index]
                if not is_used(cell):
                    continue
                raw = {**raw, "values": [], line.value_field: cell}
                out.append(raw)
            data[comp] = out
        data["code"] = self.variant_code(var)
        label = f"{self.variant_header}: {var.label}" if self.variant_header else var.label
        data["name"] = f"{self.name} ({label})"
        cond = "; ".join(x for x in (self.conditions, var.condition) if x)
        data["conditions"] = cond or None
        if data.get("unit_label") is None:
            data["unit_label"] = self.unit_text
        return Norm.model_validate(data)

    def variant_norms(self) -> list[Norm]:
        """One norm per variant column (the norm itself when it has no variants)."""
        return [self.variant(v.key) for v in self.variants] if self.variants else [self]

    def line(self, line_id: str) -> LabourLine | MaterialLine | EquipmentLine:
        """The line with this id (``LD1``, ``VT2``...)."""
        for _, line in self.lines():
            if line.id == line_id:
                return line
        raise KeyError(
            tr(
                "norm.no_line",
                code=self.code,
                line_id=line_id,
                lines=", ".join(str(line.id) for _, line in self.lines()),
            )
        )

    def to_frame(self):
        """The norm as one table (a pandas DataFrame), one row per line."""
        return norm_lines_frame(self)

    def _repr_html_(self) -> str:
        return norm_html(self)

    def __str__(self) -> str:
        return norm_text(self)

    # -- applying ------------------------------------------------------------

    def apply(self, drivers: dict[str, Any] | None = None, adjustments: dict[str, str] | None = None) -> AppliedNorm:
        """The quantities of a concrete project (áp dụng định mức cho một dự án).

        ``drivers`` gives the project's values (25 learners, 45 days); each line
        scales by actual / reference for each driver it names; drivers not given
        stay at their reference. ``adjustments`` maps a table code to the class
        chosen; the coefficient multiplies the components the table applies to.
        """
        given = {k: _finite_canonical(_to_decimal(v)) for k, v in (drivers or {}).items()}
        problems = []
        ref = self.reference_scale
        for k, v in given.items():
            if k not in ref:
                problems.append(
                    Problem(
                        tr("norm.no_driver", code=self.code, k=k),
                        Location(field="drivers"),
                        "unknown_driver",
                        ", ".join(ref) or "(none)",
                    )
                )
            elif v < 0:
                problems.append(
                    Problem(
                        tr("norm.driver_negative", k=k, v=v), Location(field=k), "negative", tr("norm.zero_or_more")
                    )
                )
        tables = {t.code: t for t in self.adjustments}
        for k in adjustments or {}:
            if k not in tables:
                problems.append(
                    Problem(
                        tr("norm.no_table", code=self.code, k=k),
                        Location(field="adjustments"),
                        "unknown_table",
                        ", ".join(tables) or "(none)",
                    )
                )
        raise_if(problems)
        values = {**ref, **given}
        if self.variants:
            raise InputError(
                Problem(
                    tr("norm.has_variants", code=self.code, n_variants=len(self.variants)),
                    Location(field="variants"),
                    "variant_needed",
                    ", ".join(v.key for v in self.variants),
                )
            )
        chosen: list[AppliedAdjustment] = []
        for code, key in (adjustments or {}).items():
            table = tables[code]
            if table.band is not None and key in ("auto", "band"):
                value = values.get(table.driver or "")
                if value is None:
                    raise UnknownReferenceError(
                        Problem(
                            tr("norm.table_needs_driver", code=table.code, driver=table.driver),
                            Location(field="drivers"),
                            "unknown_driver",
                        )
                    )
                n = table.band.bands(value)
                factor = canonical_decimal(table.band.factor**n)
                chosen.append(
                    AppliedAdjustment(
                        table=code,
                        name=table.name,
                        basis=table.basis,
                        key=f"{n} khoảng",
                        factor=factor,
                        label=(
                            f"{table.driver} = {format_number(value)}: {n} khoảng {format_number(table.band.size)} "
                            f"từ {format_number(table.band.start)}, x {format_number(table.band.factor)} mỗi khoảng"
                        ),
                        applies_to=list(table.applies_to),
                        lines=list(table.lines),
                        steps=list(table.steps),
                        bands=n,
                    )
                )
                continue
            cls = table.choose(key, values)
            chosen.append(
                AppliedAdjustment(
                    table=code,
                    name=table.name,
                    basis=table.basis,
                    key=cls.key,
                    label=cls.label,
                    factor=cls.factor,
                    applies_to=list(table.applies_to),
                    lines=list(table.lines),
                    steps=list(table.steps),
                )
            )
        out: list[AppliedLine] = []
        for comp, line in self.all_lines():
            if getattr(line, "derived", False):
                continue
            fixed = isinstance(line, PercentLine)  # a percentage does not scale with the project
            scale = Decimal(1)
            factor = Decimal(1)
            applied_codes: list[str] = []
            if not fixed:
                for d in line.scales_with:
                    scale *= values[d] / ref[d]
                for adj in chosen:
                    if adj.targets(comp, line):
                        factor *= adj.factor
                        applied_codes.append(adj.table)
            base = line.quantity  # equipment: loaded + idle (TT 47 Art. 7)
            extra: dict[str, Decimal] = {}
            if isinstance(line, EquipmentLine):
                extra = {"loaded": line.loaded * scale * factor, "idle": line.idle * scale * factor}
            extra = {k: canonical_decimal(v) for k, v in extra.items()}
            out.append(
                AppliedLine(
                    component=comp,
                    id=line.id or "",
                    name=line.label,
                    unit=line.unit,
                    norm_quantity=base,
                    scale=canonical_decimal(scale),
                    factor=factor,
                    quantity=base if fixed else canonical_decimal(base * scale * factor),
                    adjusted_by=applied_codes,
                    **extra,
                )
            )
        return AppliedNorm(norm=self.code, drivers=values, adjustments=chosen, lines=out)


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
    lines: list[str] = []
    steps: list[str] = []
    bands: int | None = None

    def targets(self, component: str, line: Line) -> bool:
        """Whether this coefficient applies to ``line``: named lines or steps first, else its components."""
        if self.lines or self.steps:
            return (line.id in self.lines) or (line.work_step is not None and line.work_step in self.steps)
        return component in self.applies_to


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
    adjusted_by: list[str] = []


class AppliedNorm(BaseModel):
    """A norm applied to a concrete project (khối lượng hao phí của dự án).

    >>> import dinhmuc as dm
    >>> table = dm.AdjustmentTable(code="dia_ban", name="Hệ số địa bàn", basis="area",
    ...                            classes=[{"key": "thuong", "label": "Địa bàn thường", "factor": 1},
    ...                                     {"key": "uu_tien", "label": "Địa bàn ưu tiên", "factor": "1.5"}])
    >>> norm = dm.Norm(code="KC99", name="Tập huấn", unit="lớp",
    ...                drivers=[{"code": "learners", "label": "học viên", "unit": "người", "reference": 30}],
    ...                labour=[{"id": "LD1", "role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}],
    ...                materials=[{"id": "VT1", "name": "Tài liệu", "unit": "bộ", "quantity": 30,
    ...                            "scales_with": ["learners"]}],
    ...                adjustments=[table])
    >>> applied = norm.apply({"learners": 45}, adjustments={"dia_ban": "uu_tien"})
    >>> [(line.id, str(line.quantity)) for line in applied.lines]
    [('LD1', '15'), ('VT1', '67.5')]
    >>> applied.adjustments[0].label, applied.adjustments[0].factor
    ('Địa bàn ưu tiên', Decimal('1.5'))
    """

    model_config = ConfigDict(extra="forbid")
    norm: str
    drivers: dict[str, Decimal]
    adjustments: list[AppliedAdjustment]
    lines: list[AppliedLine]

    def to_frame(self):
        """The project's quantities as a DataFrame."""
        import pandas as pd  # noqa: PLC0415 - pandas loads only when a table is shown

        rows = [
            {
                "component": COMPONENT_LABELS.get(l.component, TABLE_GROUP_LABELS.get(l.component, l.component)),
                **l.model_dump(exclude={"component"}),
            }
            for l in self.lines
        ]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        head = ", ".join(f"{k} = {v}" for k, v in self.drivers.items())
        adj = "; ".join(f"{a.name}: {a.label} (x{a.factor})" for a in self.adjustments) or "không"
        return f"<p><b>{self.norm}</b> — quy mô: {head}; hệ số điều chỉnh: {adj}</p>" + self.to_frame().to_html(
            index=False
        )
