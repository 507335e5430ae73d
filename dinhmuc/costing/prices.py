"""Price lists (bảng giá): material prices, equipment data and energy tariffs.

A price list has three tables, each row with its source, date and VAT status
(``vat``: ``included`` = đã gồm thuế GTGT, ``excluded`` = chưa gồm thuế GTGT,
``unknown`` = không rõ):

* ``materials`` (Vật tư): name, spec, unit, price, vat, source, date, note;
* ``equipment`` (Thiết bị): name, spec, original_cost, depreciation_rate (%/năm),
  depreciation_source, repair_rate (%/năm), power_kw, shifts_per_year or
  equipment_type (field/indoor/office), energy (electricity/none), vat, source,
  date, note;
* ``energy`` (Năng lượng): kind (electricity), unit (kWh), price, vat, source,
  date, note.

It loads from an Excel workbook (one sheet per table, Vietnamese or English
headers), a folder of ``materials.csv``/``equipment.csv``/``energy.csv``, CSV
files or DataFrames. Loading refuses what is wrong in itself (a negative price,
a date that is not a date, an unknown unit); a blank price or an ``unknown`` VAT
status loads, and is refused only when a cost would rest on it, naming the line.

Matching a norm line to a price is explicit: by name (case and spacing ignored),
then by spec when the norm line gives one, then by unit — a unit mismatch is an
error, never a conversion. Among several dated prices the latest one dated on or
before the costing date is used.

>>> import datetime as dt, pandas as pd
>>> prices = load_prices(materials=pd.DataFrame([
...     {"Tên vật tư": "Giấy in", "Đơn vị tính": "ram", "Đơn giá (đồng)": 75000, "Thuế GTGT": "đã gồm",
...      "Nguồn giá": "Báo giá cửa hàng A (dữ liệu minh họa)", "Ngày giá": "2025-03-01"}]))
>>> p = prices.material("Giấy  IN", "ram", None, dt.date(2025, 6, 1))
>>> p.price, p.vat, p.source
(Decimal('75000'), 'included', 'Báo giá cửa hàng A (dữ liệu minh họa)')
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeAlias

import pandas as pd
from pydantic import BaseModel, BeforeValidator, ValidationError, model_validator

from ..core.dates import Date
from ..core.errors import InputError, Location, PriceError, Problem, raise_if
from ..core.i18n import tr, tr_template
from ..core.numbers import read_frame_numbers
from ..io.frames import Column, Sheet, is_missing, read_cell
from ..norm import MaterialUnit, Model, OptText, Percent, Positive, Quantity, Text

Vat = Literal["included", "excluded", "unknown"]
EquipmentType = Literal["field", "indoor", "office"]

VAT_WORDS: dict[str, str] = {
    "included": "included",
    "đã gồm": "included",
    "đã bao gồm": "included",
    "gồm": "included",
    "có": "included",
    "đã gồm vat": "included",
    "incl": "included",
    "excluded": "excluded",
    "chưa gồm": "excluded",
    "chưa bao gồm": "excluded",
    "không gồm": "excluded",
    "chưa gồm vat": "excluded",
    "excl": "excluded",
    "unknown": "unknown",
    "không rõ": "unknown",
    "chưa rõ": "unknown",
    "?": "unknown",
}
VAT_LABELS = {"included": "đã gồm thuế GTGT", "excluded": "chưa gồm thuế GTGT", "unknown": "không rõ thuế GTGT"}
TYPE_WORDS = {
    "field": "field",
    "hiện trường": "field",
    "ngoài trời": "field",
    "indoor": "indoor",
    "trong nhà": "indoor",
    "office": "office",
    "văn phòng": "office",
}
ENERGY_WORDS = {"electricity": "electricity", "điện": "electricity", "none": "none", "không": "none"}


def _vat(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "unknown"  # a blank cell is an unknown status: loads, refused when used
    if isinstance(value, str):
        word = VAT_WORDS.get(" ".join(value.strip().lower().split()))
        if word:
            return word
    return value


def _word(table: dict[str, str]):
    def conv(value: Any) -> Any:
        if isinstance(value, str):
            return table.get(" ".join(value.strip().lower().split()), value)
        return value

    return conv


PriceDate = Date  # the one date reader (core.dates): 15/08/2026 or 2026-08-15
VatStatus = Annotated[Vat, BeforeValidator(_vat)]


class _Priced(Model):
    source: Text
    date: PriceDate
    vat: VatStatus = "unknown"
    note: OptText = None


class MaterialPrice(_Priced):
    """One material price (giá vật tư). ``price`` may be blank: refused when used."""

    name: Text
    spec: OptText = None
    unit: MaterialUnit
    price: Quantity | None = None


class EquipmentPrice(_Priced):
    """Data of one machine (dữ liệu máy, thiết bị) for its cost per ca or giờ.

    ``depreciation_rate`` (%/year) comes from TT 23/2023/TT-BTC Annex 01 (not
    bundled), hence ``depreciation_source``; ``shifts_per_year`` or
    ``equipment_type`` (field/indoor/office, looked up in
    ``costing_rules.shifts_per_year``).
    """

    name: Text
    spec: OptText = None
    original_cost: Quantity | None = None
    depreciation_rate: Percent | None = None
    depreciation_source: OptText = None
    repair_rate: Percent = Decimal(0)
    power_kw: Quantity | None = None
    shifts_per_year: Positive | None = None
    equipment_type: Annotated[EquipmentType | None, BeforeValidator(_word(TYPE_WORDS))] = None
    energy: Annotated[Literal["electricity", "none"], BeforeValidator(_word(ENERGY_WORDS))] = "electricity"

    @model_validator(mode="after")
    def _asset_whole(self) -> EquipmentPrice:
        from pydantic_core import PydanticCustomError

        if self.original_cost is not None and self.original_cost != self.original_cost.to_integral_value():
            raise PydanticCustomError("not_whole", tr_template("prices.whole_dong"), {"v": str(self.original_cost)})
        if self.depreciation_rate is not None and not self.depreciation_source:
            raise PydanticCustomError(
                "missing_source",
                tr_template("prices.depreciation_source"),
            )
        return self


class LabourPrice(_Priced):
    """A published labour day rate (đơn giá nhân công) for a role or labour group, per công or công nhóm.

    Used for labour lines without a job-title grade (construction labour
    ``Nhân công 3,5/7`` of nhóm 2, a role alone): a province publishes these
    rates; a line with no rate is an error, never 0 đ.
    """

    name: Text
    spec: OptText = None
    unit: Text = "công"
    price: Quantity | None = None


class EnergyPrice(_Priced):
    """An energy tariff (giá năng lượng): electricity per kWh."""

    kind: Annotated[Literal["electricity"], BeforeValidator(_word(ENERGY_WORDS))] = "electricity"
    unit: Literal["kWh"] = "kWh"
    price: Quantity | None = None


def norm_name(text: str | None) -> str:
    """Name as matched: Unicode NFC, case-folded, spaces collapsed."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


@dataclass(frozen=True)
class Row:
    """Where a price came from: file, sheet and row (for traces and errors)."""

    file: str | None
    sheet: str | None
    row: int | None

    def __str__(self) -> str:
        return str(Location(self.file, self.sheet, self.row))


#: A factor prices are multiplied by (exact: read through its text).
Factor = Decimal | int | float | str

#: One price table given by keyword: a DataFrame or a CSV path.
PriceTable: TypeAlias = "pd.DataFrame | str | Path | None"


class PriceList:
    """Material prices, equipment data and energy tariffs, each with its origin.

    >>> import pandas as pd, dinhmuc as dm
    >>> prices = dm.load_prices(materials=pd.DataFrame([{"name": "Tài liệu", "unit": "bộ", "price": 45000,
    ...                                                  "vat": "included", "source": "Báo giá",
    ...                                                  "date": "2026-08-01"}]))
    >>> prices.to_frames()["materials"].loc[0, ["name", "price"]].tolist()
    ['Tài liệu', Decimal('45000')]
    """

    def __init__(
        self,
        materials: list[tuple[MaterialPrice, Row]] | None = None,
        equipment: list[tuple[EquipmentPrice, Row]] | None = None,
        energy: list[tuple[EnergyPrice, Row]] | None = None,
        source: str | None = None,
        labour: list[tuple[LabourPrice, Row]] | None = None,
    ) -> None:
        self.materials = list(materials or [])
        self.equipment = list(equipment or [])
        self.energy = list(energy or [])
        self.labour = list(labour or [])
        self.source = source

    #: form rows with no price ("Vật tư#5"): skipped when loading; a line that needs one is refused when costed
    blank_rows: list[str] = []

    @property
    def notice(self) -> str | None:
        """One line naming the price rows left blank and skipped, or None."""
        if not self.blank_rows:
            return None
        from ..core.i18n import tr

        return tr(
            "prices.blank_rows",
            n=len(self.blank_rows),
            where=self.source or "",
            rows=", ".join(self.blank_rows[:5]) + (" …" if len(self.blank_rows) > 5 else ""),
        )

    def __repr__(self) -> str:
        return (
            f"PriceList({len(self.materials)} materials, {len(self.equipment)} equipment, "
            f"{len(self.energy)} energy tariffs{', ' + self.source if self.source else ''})"
        )

    # -- declared assumptions -----------------------------------------------

    def assume_vat(self, assumptions: Iterable[Mapping[str, str] | BaseModel] | None) -> PriceList:
        """A copy where each declared VAT status replaces an ``unknown`` one (giả định thuế GTGT).

        Costing refuses a price of unknown VAT status; a project may declare, with
        its reason, which status it assumes (``Project.vat_assumptions``: sheet,
        name, spec, vat, reason). The price's source then records the declaration,
        so the trace shows it. An assumption that matches no ``unknown`` row is an
        error: a declaration must not silently do nothing.
        """
        materials, equipment, energy = list(self.materials), list(self.equipment), list(self.energy)
        tables: dict[str, list[tuple[Any, Row]]] = {"materials": materials, "equipment": equipment, "energy": energy}
        problems = []
        for i, item in enumerate(assumptions or []):
            a = item if isinstance(item, Mapping) else item.model_dump()
            rows = tables[a.get("sheet", "materials")]
            hits = 0
            for j, (price, row) in enumerate(rows):
                name = getattr(price, "name", getattr(price, "kind", None))
                if norm_name(name) != norm_name(a["name"]) or price.vat != "unknown":
                    continue
                if a.get("spec") and norm_name(getattr(price, "spec", None)) != norm_name(a["spec"]):
                    continue
                note = f"thuế GTGT giả định '{VAT_LABELS[a['vat']]}' do dự án khai báo — {a['reason']}"
                rows[j] = (price.model_copy(update={"vat": a["vat"], "source": f"{price.source}; {note}"}), row)
                hits += 1
            if not hits:
                problems.append(
                    Problem(
                        tr("prices.vat_assumption_unused", a=a["name"]),
                        Location(self.source, None, i + 1, "vat_assumptions"),
                        "unmatched",
                        tr("prices.acc_vat_assumption"),
                    )
                )
        raise_if(problems, self.source)
        return PriceList(materials, equipment, energy, self.source, self.labour)

    # -- lookups -------------------------------------------------------------

    @staticmethod
    def _latest(cands: list, on: _dt.date, what: str):
        dated = [c for c in cands if c[0].date <= on]
        if not dated:
            first = min(c[0].date for c in cands)
            raise PriceError(tr("prices.all_later", what=what, isoformat=on.isoformat(), isoformat2=first.isoformat()))
        return max(dated, key=lambda c: c[0].date)

    def _match(self, rows: list, name: str, spec: str | None, what: str) -> list:
        key = norm_name(name)
        cands = [c for c in rows if norm_name(c[0].name) == key]
        if not cands:
            raise PriceError(tr("prices.no_price", what=what, name=name))
        if spec:
            exact = [c for c in cands if norm_name(c[0].spec) == norm_name(spec)]
            if exact:
                return exact
            generic = [c for c in cands if not c[0].spec]
            if generic:
                return generic
            specs = ", ".join(sorted({str(c[0].spec) for c in cands}))
            raise PriceError(tr("prices.spec_mismatch", what=what, name=name, specs=specs, spec=spec))
        return cands

    def material_row(
        self, name: str, unit: str, spec: str | None, on: _dt.date, what: str = "material"
    ) -> tuple[MaterialPrice, Row]:
        """The price row for a material line, checked for unit (never converted)."""
        cands = self._match(self.materials, name, spec, what)
        same = [c for c in cands if c[0].unit == unit]
        if not same:
            units = ", ".join(sorted({c[0].unit for c in cands}))
            raise PriceError(tr("prices.unit_mismatch", what=what, name=name, units=units, unit=unit))
        return self._latest(same, on, f"{what} '{name}'")

    def material(self, name: str, unit: str, spec: str | None, on: _dt.date) -> MaterialPrice:
        """The price of a material (see :meth:`material_row`)."""
        return self.material_row(name, unit, spec, on)[0]

    def labour_row(
        self, role: str, group: str | None, unit: str, on: _dt.date, what: str = "labour"
    ) -> tuple[LabourPrice, Row]:
        """The day rate of a role or labour group (name = role, spec = group), in ``unit``; never converted."""
        if not self.labour:
            raise PriceError(tr("prices.no_labour_rate", what=what, role=role, group=f" {group}" if group else ""))
        cands = self._match(self.labour, role, group, what)
        if group:
            cands = [c for c in cands if norm_name(c[0].spec) == norm_name(group)]
            if not cands:
                raise PriceError(tr("prices.no_group_rate", what=what, role=role, group=group))
        same = [c for c in cands if c[0].unit == unit]
        if not same:
            units = ", ".join(sorted({c[0].unit for c in cands}))
            raise PriceError(tr("prices.labour_unit_mismatch", what=what, role=role, units=units, unit=unit))
        return self._latest(same, on, f"{what} '{role}'")

    def equipment_row(
        self, name: str, spec: str | None, on: _dt.date, what: str = "equipment"
    ) -> tuple[EquipmentPrice, Row]:
        cands = self._match(self.equipment, name, spec, what)
        return self._latest(cands, on, f"{what} '{name}'")

    def energy_row(self, on: _dt.date, kind: str = "electricity", what: str = "energy") -> tuple[EnergyPrice, Row]:
        cands = [c for c in self.energy if c[0].kind == kind]
        if not cands:
            raise PriceError(tr("prices.no_tariff", what=what, kind=kind))
        return self._latest(cands, on, f"{what} tariff")

    # -- transformation (scenarios, tests) ----------------------------------

    def scaled(self, materials: Factor = 1, equipment: Factor = 1, energy: Factor = 1) -> PriceList:
        """A copy with every material price, original cost and tariff multiplied (exact)."""
        m, e, n = Decimal(str(materials)), Decimal(str(equipment)), Decimal(str(energy))
        mats = [
            (p.model_copy(update={"price": None if p.price is None else p.price * m}), r) for p, r in self.materials
        ]
        eqs = [
            (p.model_copy(update={"original_cost": None if p.original_cost is None else p.original_cost * e}), r)
            for p, r in self.equipment
        ]
        ens = [(p.model_copy(update={"price": None if p.price is None else p.price * n}), r) for p, r in self.energy]
        return PriceList(mats, eqs, ens, self.source, self.labour)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The three tables as DataFrames (English field names)."""
        out = {}
        for key, rows in (
            ("materials", self.materials),
            ("equipment", self.equipment),
            ("energy", self.energy),
            ("labour", self.labour),
        ):
            out[key] = pd.DataFrame(
                [{**p.model_dump(), "origin": str(r)} for p, r in rows],
                columns=[c.field for c in PRICE_SHEETS[key].columns] + ["origin"],
            )
        return out

    def stale(self, on: _dt.date, max_age_days: int) -> list[str]:
        """Rows older than ``max_age_days`` on ``on``."""
        out = []
        for key, rows in (
            ("materials", self.materials),
            ("equipment", self.equipment),
            ("energy", self.energy),
            ("labour", self.labour),
        ):
            for p, r in rows:
                age = (on - p.date).days
                if age > max_age_days:
                    out.append(
                        tr(
                            "prices.old",
                            key=key,
                            getattr=getattr(p, "name", p.kind if hasattr(p, "kind") else ""),
                            r=r,
                            isoformat=p.date.isoformat(),
                            age=age,
                        )
                    )
        return out


# ----------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceColumn(Column):
    """A column with its own Vietnamese header (the shared label table is not touched)."""

    vn: str = ""

    @property
    def label(self) -> str:
        return self.vn or self.field


def _pc(field: str, kind: str, vn: str) -> PriceColumn:
    return PriceColumn(field, kind, vn)


_COMMON = (
    _pc("vat", "text", "Thuế GTGT"),
    _pc("source", "text", "Nguồn giá"),
    _pc("date", "date", "Ngày giá"),
    _pc("note", "text", "Ghi chú"),
)

PRICE_SHEETS: dict[str, Sheet] = {
    "materials": Sheet(
        "materials",
        "Vật tư",
        (
            _pc("name", "text", "Tên vật tư"),
            _pc("spec", "text", "Quy cách"),
            _pc("unit", "text", "Đơn vị tính"),
            _pc("price", "number", "Đơn giá (đồng)"),
        )
        + _COMMON,
    ),
    "equipment": Sheet(
        "equipment",
        "Thiết bị",
        (
            _pc("name", "text", "Tên máy, thiết bị"),
            _pc("spec", "text", "Quy cách"),
            _pc("original_cost", "number", "Nguyên giá (đồng)"),
            _pc("depreciation_rate", "number", "Tỷ lệ khấu hao (%/năm)"),
            _pc("depreciation_source", "text", "Nguồn tỷ lệ khấu hao"),
            _pc("repair_rate", "number", "Tỷ lệ sửa chữa (%/năm)"),
            _pc("power_kw", "number", "Công suất (kW)"),
            _pc("shifts_per_year", "number", "Số ca/năm"),
            _pc("equipment_type", "text", "Loại thiết bị"),
            _pc("energy", "text", "Năng lượng"),
        )
        + _COMMON,
    ),
    "energy": Sheet(
        "energy",
        "Năng lượng",
        (
            _pc("kind", "text", "Loại năng lượng"),
            _pc("unit", "text", "Đơn vị tính"),
            _pc("price", "number", "Đơn giá (đồng)"),
        )
        + _COMMON,
    ),
    "labour": Sheet(
        "labour",
        "Nhân công",
        (
            _pc("name", "text", "Chức danh, nhân công"),
            _pc("spec", "text", "Nhóm"),
            _pc("unit", "text", "Đơn vị tính"),
            _pc("price", "number", "Đơn giá ngày công (đồng)"),
        )
        + _COMMON,
    ),
}
_MODELS: dict[str, type[_Priced]] = {
    "materials": MaterialPrice,
    "equipment": EquipmentPrice,
    "energy": EnergyPrice,
    "labour": LabourPrice,
}
#: Each column's header by (sheet title, field): ``price`` is "Đơn giá (đồng)" on 'Vật tư' but
#: "Đơn giá ngày công (đồng)" on the labour sheet, so a field alone does not name its column.
_LABELS = {(s.title, c.field): c.label for s in PRICE_SHEETS.values() for c in s.columns}


def _header_map(sheet: Sheet) -> dict[str, str]:
    names: dict[str, str] = {}
    for c in sheet.columns:
        names[c.label.strip().lower()] = c.field
        names[c.field.lower()] = c.field
    return names


def _frame_fields(
    frame: pd.DataFrame, sheet: Sheet, src: str | None, first_row: int | None, problems: list[Problem]
) -> pd.DataFrame:
    """Rename headers to fields; report unknown headers; index = source row numbers."""
    names = _header_map(sheet)
    renamed = {}
    for h in frame.columns:
        field = names.get(str(h).strip().lower())
        if field is None:
            problems.append(
                Problem(
                    tr("prices.unknown_column", h=h),
                    Location(src, sheet.title, 1, str(h)),
                    "extra_key",
                    ", ".join(c.label for c in sheet.columns),
                )
            )
            continue
        renamed[h] = field
    out = frame[list(renamed)].rename(columns=renamed)
    if first_row is not None:
        out.index = range(first_row, first_row + len(out))
    return out


#: What a price form pre-fills (the item, not its price): a row with only these was left blank.
_FORM_FIELDS = frozenset({"name", "spec", "unit", "power_kw", "energy", "kind"})


def _rows(
    frame: pd.DataFrame,
    key: str,
    src: str | None,
    problems: list[Problem],
    decimal: str | None = None,
    blank: list | None = None,
) -> list[tuple[Any, Row]]:
    sheet = PRICE_SHEETS[key]
    kinds = {c.field: c.kind for c in sheet.columns}
    model = _MODELS[key]
    out = []
    # number columns through the one number reader: one writing per column (dinhmuc.core.numbers)
    frame = frame.copy()
    bad = set()
    for idx, field, message, accepted, code in read_frame_numbers(
        frame, [f for f, k in kinds.items() if k == "number"], decimal
    ):
        problems.append(
            Problem(
                message,
                Location(src, sheet.title, _rownum(idx), field, _LABELS.get((sheet.title, field))),
                code,
                accepted,
            )
        )
        bad.add((idx, field))
    for idx, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        raw: dict[str, Any] = {}
        # fields already reported (a bad number or date): not reported a second time as "missing"
        reported: set[str] = {f for i, f in bad if i == idx}
        for field, value in rec.items():
            if field not in kinds or is_missing(value) or (idx, field) in bad:
                continue
            kind = kinds[field]
            if kind == "number":
                pass  # an exact Decimal already
            elif kind in ("date", "text"):
                value, problem = read_cell(value, kind)
                if problem:
                    problems.append(
                        Problem(
                            problem,
                            Location(src, sheet.title, _rownum(idx), field, _LABELS.get((sheet.title, field))),
                            "invalid_date",
                        )
                    )
                    reported.add(field)
                    continue
            raw[field] = value
        if not raw:
            continue
        if not reported and set(raw) <= _FORM_FIELDS:  # a form row (dinhmuc init) with no price: unused, not an error
            if blank is not None:
                blank.append(_rownum(idx))
            continue
        try:
            out.append((model.model_validate(raw), Row(src, sheet.title, _rownum(idx))))
        except ValidationError as exc:
            problems += _row_problems(exc, kinds, reported, Location(src, sheet.title, _rownum(idx)))
    return out


def _row_problems(exc: ValidationError, kinds: dict[str, str], reported: set[str], row: Location) -> list[Problem]:
    """The model's complaints about one price row, each located at its field; none twice for one field."""
    from ..core.validation import problem_from_error

    out: list[Problem] = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        fld = next((p for p in loc if isinstance(p, str) and p in kinds), None)
        if fld in reported and err.get("type") == "missing":
            continue
        where = Location(row.file, row.sheet, row.row, fld, _LABELS.get((row.sheet or "", fld or "")))

        def locate(_loc: tuple[object, ...], where: Location = where) -> Location:
            return where

        p = problem_from_error(err, locate)
        if p.code == "literal_error" or p.code == "invalid_choice":
            p = Problem(p.message, p.location, p.code, _accepted(fld) or p.accepted)
        out.append(p)
    return out


def _accepted(field: str | None) -> str | None:
    return {
        "vat": "included/đã gồm, excluded/chưa gồm, unknown/không rõ",
        "equipment_type": "field/hiện trường, indoor/trong nhà, office/văn phòng",
        "energy": "electricity/điện, none/không",
        "kind": "electricity/điện",
        "unit": "kWh",
    }.get(field or "")


def _rownum(idx: Any) -> int | None:
    try:
        return int(idx)
    except (TypeError, ValueError):
        return None


def _read_csv(path: Path) -> pd.DataFrame:
    from ..core.files import read_csv_frame

    # any encoding Excel writes, size-limited, extra fields refused (dinhmuc.core.files, issue 16)
    return read_csv_frame(path, blank_as_nan=False).reset_index(drop=True)


def _table(value: PriceTable, key: str, problems: list[Problem]) -> tuple[pd.DataFrame | None, str | None, int | None]:
    """A table given as a DataFrame or a CSV path -> (frame, source, first data row number)."""
    if value is None:
        return None, None, None
    if isinstance(value, pd.DataFrame):
        return value, None, 1
    path = Path(value)
    if not path.exists():
        problems.append(
            Problem(tr("prices.not_found"), Location(str(path)), "missing_file", tr("prices.acc_csv", key=key))
        )
        return None, str(path), None
    return _read_csv(path), str(path), 2


def load_prices(
    path: str | Path | None = None,
    *,
    materials: PriceTable = None,
    equipment: PriceTable = None,
    energy: PriceTable = None,
    labour: PriceTable = None,
    decimal: str | None = None,
) -> PriceList:
    """Load a price list: an ``.xlsx`` workbook, a folder of CSVs, or tables by keyword.

    ``path`` may be a workbook with sheets ``Vật tư``/``materials``, ``Thiết
    bị``/``equipment``, ``Năng lượng``/``energy`` (any may be absent), or a folder
    holding ``materials.csv``, ``equipment.csv``, ``energy.csv``. The keywords
    take a CSV path or a DataFrame for each table. Every problem of every table
    is reported at once with file, sheet, row and field. Numbers written as text are
    read by :mod:`dinhmuc.core.numbers` (one writing per column; ``decimal`` = "," or "."
    decides a column whose cells read both ways, such as "1.500").

    >>> import dinhmuc as dm
    >>> prices = dm.load_prices(dm.example_project_path().parent / "inputs" / "bang_gia.xlsx")
    >>> sorted(prices.to_frames())
    ['energy', 'equipment', 'labour', 'materials']
    """
    problems: list[Problem] = []
    tables: dict[str, tuple[pd.DataFrame | None, str | None, int | None]] = {}
    src = str(path) if path is not None else None
    if path is not None:
        from ..core.files import check_path_length

        p = check_path_length(path)  # a 5,000-character path: a typed error, not ENAMETOOLONG (robust)
        if p.is_dir():
            for key in PRICE_SHEETS:
                f = p / f"{key}.csv"
                if f.exists():
                    tables[key] = (_read_csv(f), str(f), 2)
        elif p.suffix.lower() in (".xlsx", ".xlsm"):
            from ..io.normio import read_excel_frames

            frames, probs = read_excel_frames(p, PRICE_SHEETS, required=())
            # read_excel_frames maps the labels of each column; add the aliases.
            problems += probs
            for key, frame in frames.items():
                tables[key] = (frame, str(p), None)
            if not frames:
                problems.append(
                    Problem(
                        tr("prices.no_sheet"),
                        Location(str(p)),
                        "missing_sheet",
                        tr("prices.acc_sheets", names=", ".join(f"'{s.title}'" for s in PRICE_SHEETS.values())),
                    )
                )
        elif p.suffix.lower() == ".csv":
            raise InputError(
                Problem(
                    tr("prices.one_csv"),
                    Location(str(p)),
                    "file_type",
                    tr("prices.acc_csvs"),
                )
            )
        else:
            raise InputError(
                Problem(
                    tr("prices.unknown_type", value=p.suffix or p.name),
                    Location(str(p)),
                    "file_type",
                    tr("prices.acc_type"),
                )
            )
    for key, value in (("materials", materials), ("equipment", equipment), ("energy", energy), ("labour", labour)):
        if value is not None:
            tables[key] = _table(value, key, problems)
    loaded: dict[str, list] = {k: [] for k in PRICE_SHEETS}
    blank: list[str] = []
    for key, (frame, fsrc, first) in tables.items():
        if frame is None:
            continue
        frame = _frame_fields(frame, PRICE_SHEETS[key], fsrc, first, problems) if first is not None else frame
        rows: list = []
        loaded[key] = _rows(frame, key, fsrc, problems, decimal, rows)
        blank += [f"{PRICE_SHEETS[key].title}#{r}" for r in rows]
    raise_if(problems, src)
    out = PriceList(loaded["materials"], loaded["equipment"], loaded["energy"], src, loaded["labour"])
    out.blank_rows = blank
    return out


def price_list_from_records(
    materials: list[dict[str, object]] | None = None,
    equipment: list[dict[str, object]] | None = None,
    energy: list[dict[str, object]] | None = None,
    labour: list[dict[str, object]] | None = None,
) -> PriceList:
    """A price list from plain records with English keys (tests, notebooks).

    >>> pl = price_list_from_records(energy=[{"kind": "điện", "price": 2500, "vat": "chưa gồm",
    ...                                       "source": "Biểu giá (dữ liệu minh họa)", "date": "2025-05-10"}])
    >>> pl.energy_row(_dt.date(2025, 6, 1))[0].price
    Decimal('2500')
    """
    return load_prices(
        materials=pd.DataFrame(materials) if materials else None,
        equipment=pd.DataFrame(equipment) if equipment else None,
        energy=pd.DataFrame(energy) if energy else None,
        labour=pd.DataFrame(labour) if labour else None,
    )
