"""Plan estimates (dự toán kế hoạch): a year's projects costed out from the norms.

A plan is a table of projects (đề án), one per row:

========================  ===============  =============================================
column (English)          Vietnamese       meaning
========================  ===============  =============================================
``service``               Mã dịch vụ       the norm code (KC01...)
``project``               Tên đề án        the project's name
``count``                 Số lượng         how many units (classes, fairs...); default 1
``area``                  Địa bàn          class of the ``dia_ban`` table (thong_thuong, uu_tien)
driver codes              (as in the norm) the project's scale: ``learners``, ``days``...
adjustment-table codes    (as in the norm) another chosen class, e.g. ``do_kho: loai_3``
``note``                  Ghi chú          free text
========================  ===============  =============================================

Each project applies its norm at its own scale with its coefficients
(:meth:`Norm.apply`), is costed as of the plan date (:func:`cost_applied`), and
costs ``count x unit price``. The plan's total is the sum of the projects'
printed totals; every coefficient applied is shown.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..core.errors import DinhmucError, InputError, Location, PriceError, Problem, raise_if
from ..core.i18n import tr
from ..core.registry import Registry
from ..io.frames import is_missing
from ..norm import AdjustmentTable, AppliedNorm, Norm, NormSet, exact_number
from ..params import Parameters
from .options import OptionsInput
from .prices import PriceList
from .unit_price import COST_COMPONENTS, COST_LABELS, UnitPrice, as_options, cost_applied

PLAN_COLUMNS = {
    "service": "Mã dịch vụ",
    "project": "Tên đề án",
    "count": "Số lượng",
    "area": "Địa bàn",
    "note": "Ghi chú",
}
AREA_TABLE = "dia_ban"


@dataclass
class ProjectEstimate:
    """One project of a plan: its quantities (applied norm), unit price and total."""

    row: int | None
    name: str
    service: str
    count: Decimal
    applied: AppliedNorm
    unit_price: UnitPrice

    @property
    def total(self) -> Decimal:
        """count x unit price (the unit price is already in whole đồng)."""
        return self.count * self.unit_price.total

    @property
    def components(self) -> dict[str, Decimal]:
        return {c: self.count * v for c, v in self.unit_price.components.items()}

    @property
    def coefficients_text(self) -> str:
        return "; ".join(f"{a.name}: {a.label} x{a.factor}" for a in self.applied.adjustments) or "không"


@dataclass
class PlanEstimate:
    """The cost of a plan of projects (dự toán kinh phí kế hoạch) as of a date."""

    on: _dt.date
    projects: list[ProjectEstimate]
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """The sum of the projects' totals."""
        return sum((p.total for p in self.projects), Decimal(0))

    @property
    def components(self) -> dict[str, Decimal]:
        return {c: sum((p.components[c] for p in self.projects), Decimal(0)) for c in COST_COMPONENTS}

    def to_frame(self) -> pd.DataFrame:
        """One row per project: scale, coefficients, components of one unit, unit price, count, total."""
        rows = []
        for p in self.projects:
            up = p.unit_price
            rows.append(
                {
                    "row": p.row,
                    "service": p.service,
                    "project": p.name,
                    "drivers": ", ".join(f"{k}={v}" for k, v in p.applied.drivers.items()),
                    "coefficients": p.coefficients_text,
                    **{c: v for c, v in up.components.items()},
                    "unit_price": up.total,
                    "count": p.count,
                    "total": p.total,
                }
            )
        return pd.DataFrame(rows)

    def quantities(self) -> pd.DataFrame:
        """The quantities of every project line (norm quantity x scale x coefficient)."""
        frames = [p.applied.to_frame().assign(row=p.row, project=p.name, service=p.service) for p in self.projects]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def explain(self, trace: bool = False) -> str:
        """The plan printed project by project (``trace=True`` adds each unit price's full trace)."""
        from ..core.vnformat import format_date_short, format_money

        out = [f"DỰ TOÁN KẾ HOẠCH — ngày tính giá {format_date_short(self.on)} — {len(self.projects)} đề án"]
        for i, p in enumerate(self.projects, start=1):
            drivers = ", ".join(f"{k} = {v}" for k, v in p.applied.drivers.items()) or "—"
            out.append(f"{i}. {p.name} ({p.service}); quy mô: {drivers}; hệ số: {p.coefficients_text}")
            comps = "; ".join(f"{COST_LABELS[c]} {format_money(v)}" for c, v in p.unit_price.components.items())
            out.append(
                f"   đơn giá: {comps} → {format_money(p.unit_price.total)} đồng x {p.count} = "
                f"{format_money(p.total)} đồng"
            )
            if trace:
                out.append(p.unit_price.explain())
        out.append(
            f"TỔNG CỘNG = {' + '.join(format_money(p.total) for p in self.projects) or '0'} = "
            f"{format_money(self.total)} đồng"
        )
        for w in self.warnings:
            out.append(f"Cảnh báo: {w}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        return (
            f"<p><b>Dự toán kế hoạch — {self.on.isoformat()} — tổng cộng {self.total:,} đồng</b></p>"
            + self.to_frame().to_html(index=False)
        )


def read_projects(path: str | Path) -> pd.DataFrame:
    """Read a plan from ``.csv`` or ``.xlsx`` (first sheet); index = the file's row numbers."""
    from ..core import files

    path = Path(path)
    files.check_table_file(path)
    # any encoding Excel writes, size- and cell-limited (dinhmuc.core.files, issue 16)
    if path.suffix.lower() == ".csv":
        df = files.read_csv_frame(path, blank_as_nan=False).reset_index(drop=True)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        df = files.read_excel_frame(path).reset_index(drop=True)
    else:
        raise InputError(
            Problem(tr("plan.unknown_type", suffix=path.suffix), Location(str(path)), "file_type", tr("plan.acc_type"))
        )
    df.index = range(2, 2 + len(df))
    df.attrs["source"] = str(path)
    return df


#: The norms a plan is costed from: a norm set, a list of norms or a mapping code -> norm.
NormsInput = NormSet | Sequence[Norm] | Mapping[str, Norm]


def _norms(norm_set: NormsInput) -> dict[str, Norm]:
    if isinstance(norm_set, NormSet):
        return {n.code: n for n in norm_set.norms}
    if isinstance(norm_set, Mapping):
        return dict(norm_set)
    return {n.code: n for n in norm_set}


def _class_key(table: AdjustmentTable, value: object) -> str | None:
    text = " ".join(str(value).split()).casefold()
    for c in table.classes:
        if text in (c.key.casefold(), " ".join(c.label.split()).casefold()):
            return c.key
    return None


def _row_no(idx: Hashable) -> int | None:
    """The file row of a plan row (the frame's index), when it is one."""
    return int(str(idx)) if str(idx).isdigit() else None


@dataclass
class _PlanRow:
    """A plan row read and checked: the project, its norm, count, drivers and chosen classes."""

    idx: Hashable
    name: str
    code: str
    count: Decimal
    norm: Norm
    drivers: dict[str, object]
    adjustments: dict[str, str]


class _PlanReader:
    """Reads the rows of a plan against the norms, collecting every problem (file, row, column)."""

    def __init__(self, src: str | None, norms: dict[str, Norm]):
        self.src, self.norms = src, norms
        self.header = {k: k for k in PLAN_COLUMNS} | {v.casefold(): k for k, v in PLAN_COLUMNS.items()}
        self.problems: list[Problem] = []

    def key(self, col: object) -> str:
        """The plan column a header names (English key or Vietnamese label)."""
        return self.header.get(str(col).strip().casefold(), str(col).strip())

    def problem(self, message: str, idx: Hashable, fld: str | None, code: str, accepted: str | None) -> None:
        loc = Location(self.src, None, _row_no(idx), fld, PLAN_COLUMNS.get(fld) if fld else None)
        self.problems.append(Problem(message, loc, code, accepted))

    def read_numbers(self, projects: pd.DataFrame, decimal: str | None) -> None:
        """Count and driver columns through the one number reader: one writing per column (dinhmuc.core.numbers)."""
        from ..core.numbers import read_frame_numbers

        number_fields = {"count"} | {d.code for n in self.norms.values() for d in n.drivers}
        columns = [c for c in projects.columns if self.key(c) in number_fields]
        for idx, col, message, accepted, code in read_frame_numbers(projects, columns, decimal):
            self.problem(message, idx, self.key(col), code, accepted)
            projects.at[idx, col] = None

    def records(self, projects: pd.DataFrame) -> list[tuple[Hashable, dict[str, object]]]:
        """Each non-blank row as ``{plan column: value}`` (blank cells left out)."""
        rows: list[tuple[Hashable, dict[str, object]]] = []
        for idx, rec in zip(projects.index, projects.to_dict("records"), strict=True):
            row = {self.key(col): value for col, value in rec.items() if not is_missing(value)}
            if row:
                rows.append((idx, row))
        return rows

    def _count(self, idx: Hashable, name: str, value: object) -> Decimal | None:
        try:
            count = exact_number(value)
            if count < 0:
                raise ValueError
        except Exception:
            self.problem(
                tr("plan.bad_count", name=name),
                idx,
                "count",
                "not_a_number",
                tr("plan.acc_count"),
            )
            return None
        return count

    def _area(
        self, idx: Hashable, name: str, norm: Norm, tables: dict[str, AdjustmentTable], area: object
    ) -> str | None:
        """The class of the area table (địa bàn) the project names; None (and a problem) when it has none."""
        table = tables.get(AREA_TABLE)
        key = _class_key(table, area) if table else None
        if key is None:
            self.problem(
                tr("plan.area_not_class", area=area, name=name, AREA_TABLE=AREA_TABLE),
                idx,
                "area",
                "unknown_class",
                ", ".join(c.key for c in table.classes) if table else tr("plan.no_area_table", code=norm.code),
            )
        return key

    def row(self, idx: Hashable, row: dict[str, object]) -> _PlanRow | None:
        """One plan row checked against its norm; None when it has a problem (recorded)."""
        code = str(row.pop("service", "")).strip()
        name = str(row.pop("project", f"{code} (dòng {idx})"))
        row.pop("note", None)
        if code not in self.norms:
            self.problem(
                tr("plan.no_norm", code=code, name=name), idx, "service", "unknown_service", ", ".join(self.norms)
            )
            return None
        norm = self.norms[code]
        count = self._count(idx, name, row.pop("count", 1))
        if count is None:
            return None
        tables = {t.code: t for t in norm.adjustments}
        adjustments: dict[str, str] = {}
        drivers: dict[str, object] = {}
        area = row.pop("area", None)
        if area is not None:
            key = self._area(idx, name, norm, tables, area)
            if key is None:
                return None
            adjustments[AREA_TABLE] = key
        refs = {d.code for d in norm.drivers}
        bad = False
        for col, value in row.items():
            if col in refs:
                drivers[col] = value
            elif col in tables:
                key = _class_key(tables[col], value) or (str(value) if str(value) == "auto" else None)
                if key is None:
                    accepted = ", ".join(c.key for c in tables[col].classes)
                    self.problem(tr("plan.not_class", value=value, col=col), idx, col, "unknown_class", accepted)
                    bad = True
                adjustments[col] = key or ""
            else:
                self.problem(
                    tr("plan.bad_column", col=col, code=code),
                    idx,
                    col,
                    "extra_key",
                    ", ".join(list(PLAN_COLUMNS) + sorted(refs) + sorted(tables)),
                )
                bad = True
        return None if bad else _PlanRow(idx, name, code, count, norm, drivers, adjustments)

    def apply(self, r: _PlanRow) -> AppliedNorm | None:
        """The project's quantities (Norm.apply); None when its scale or classes are refused (recorded)."""
        try:
            return r.norm.apply(r.drivers, r.adjustments)
        except InputError as exc:
            for p in exc.problems:
                loc = Location(self.src, None, _row_no(r.idx), p.location.field)
                self.problems.append(
                    Problem(tr("plan.in_project", name=r.name, message=p.message), loc, p.code, p.accepted)
                )
        except (ValueError, TypeError, ArithmeticError) as exc:  # e.g. text in a driver column (robust, issue 16)
            loc = Location(self.src, None, _row_no(r.idx), None)
            self.problems.append(
                Problem(
                    tr("plan.in_project", name=r.name, message=str(exc)[:200]),
                    loc,
                    "not_a_number",
                    tr("plan.acc_drivers"),
                )
            )
        return None


def estimate_plan(
    projects: pd.DataFrame | list[dict[str, object]] | str | Path,
    norm_set: NormsInput,
    prices: PriceList,
    on: _dt.date,
    options: OptionsInput = None,
    *,
    parameters: Parameters | None = None,
    registry: Registry | None = None,
    decimal: str | None = None,
) -> PlanEstimate:
    """Cost a plan of projects as of ``on`` (ước tính kinh phí kế hoạch khuyến công).

    ``projects``: a DataFrame, a list of records or a ``.csv``/``.xlsx`` path with
    the columns of this module's table (numbers written as text are read by
    :mod:`dinhmuc.core.numbers`, one writing per column, ``decimal`` deciding
    "1.500"); ``norm_set``: a :class:`NormSet`, a list of
    norms or a mapping code -> norm. Every problem of every row is reported at once
    (file, row, column); a missing price stops with the project named.

    >>> import datetime as dt, dinhmuc as dm
    >>> from dinhmuc.costing.prices import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Lớp", unit="lớp",
    ...     drivers=[{"code": "days", "label": "ngày", "unit": "ngày", "reference": 10}],
    ...     labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10, "scales_with": ["days"]}],
    ...     adjustments=[{"code": "dia_ban", "name": "Địa bàn", "basis": "area", "classes": [
    ...         {"key": "thong_thuong", "label": "Thông thường", "factor": 1},
    ...         {"key": "uu_tien", "label": "Ưu tiên", "factor": 1.5}]}])
    >>> plan = estimate_plan([{"service": "X", "project": "Lớp A", "days": 5, "area": "uu_tien", "count": 2}],
    ...                      [norm], price_list_from_records(), dt.date(2025, 1, 15), {"management_pct": 0})
    >>> p = plan.projects[0]
    >>> p.applied.lines[0].quantity, p.unit_price.total, plan.total     # 10 x 5/10 x 1.5 = 7.5 công x 394 077
    (Decimal('7.5'), Decimal('2955578'), Decimal('5911156'))
    """
    opts = as_options(options)
    src = None
    if isinstance(projects, str | Path):
        src = str(projects)
        frame = read_projects(projects)
    elif isinstance(projects, list):
        frame = pd.DataFrame(projects, index=range(1, len(projects) + 1))
    else:
        frame = projects
    src = src or frame.attrs.get("source")
    reader = _PlanReader(src, _norms(norm_set))
    frame = frame.copy()
    reader.read_numbers(frame, decimal)
    checked = [r for r in (reader.row(idx, row) for idx, row in reader.records(frame)) if r is not None]
    applied_rows = [(r, a) for r in checked if (a := reader.apply(r)) is not None]
    raise_if(reader.problems, src)
    warnings: list[str] = []
    estimates: list[ProjectEstimate] = []
    for r, applied in applied_rows:
        try:
            up = cost_applied(r.norm, applied, prices, on, opts, parameters=parameters, registry=registry)
        except PriceError as exc:
            raise PriceError(tr("plan.project_row", name=r.name, idx=r.idx, exc=exc)) from None
        except InputError:
            raise
        except DinhmucError as exc:
            raise type(exc)(tr("plan.project_row", name=r.name, idx=r.idx, exc=exc)) from exc
        warnings += [f"{r.name}: {w}" for w in up.warnings]
        estimates.append(ProjectEstimate(_row_no(r.idx), r.name, r.code, r.count, applied, up))
    return PlanEstimate(on, estimates, list(dict.fromkeys(warnings)))
