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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import DinhmucError, InputError, Location, PriceError, Problem, raise_if
from ..io.frames import is_missing
from ..norm import AppliedNorm, Norm, NormSet, exact_number
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
            Problem(f"unknown plan file type '{path.suffix}'", Location(str(path)), "file_type", ".csv or .xlsx")
        )
    df.index = range(2, 2 + len(df))
    df.attrs["source"] = str(path)
    return df


def _norms(norm_set: Any) -> dict[str, Norm]:
    if isinstance(norm_set, NormSet):
        return {n.code: n for n in norm_set.norms}
    if isinstance(norm_set, dict):
        return dict(norm_set)
    return {n.code: n for n in norm_set}


def _class_key(table, value: str) -> str | None:
    text = " ".join(str(value).split()).casefold()
    for c in table.classes:
        if text in (c.key.casefold(), " ".join(c.label.split()).casefold()):
            return c.key
    return None


def estimate_plan(
    projects: pd.DataFrame | list[dict] | str | Path,
    norm_set: Any,
    prices: PriceList,
    on: _dt.date,
    options: Any = None,
    *,
    parameters=None,
    registry=None,
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
    if isinstance(projects, (str, Path)):
        src = str(projects)
        projects = read_projects(projects)
    elif isinstance(projects, list):
        projects = pd.DataFrame(projects, index=range(1, len(projects) + 1))
    src = src or projects.attrs.get("source")
    norms = _norms(norm_set)
    header = {k: k for k in PLAN_COLUMNS} | {v.casefold(): k for k, v in PLAN_COLUMNS.items()}
    problems: list[Problem] = []
    # count and driver columns through the one number reader: one writing per column (dinhmuc.core.numbers)
    from ..core.numbers import read_frame_numbers

    number_fields = {"count"} | {d.code for n in norms.values() for d in n.drivers}
    projects = projects.copy()
    for idx, col, message, accepted, code in read_frame_numbers(
        projects,
        [c for c in projects.columns if header.get(str(c).strip().casefold(), str(c).strip()) in number_fields],
        decimal,
    ):
        key = header.get(str(col).strip().casefold(), str(col).strip())
        problems.append(
            Problem(
                message,
                Location(src, None, int(idx) if str(idx).isdigit() else None, key, PLAN_COLUMNS.get(key)),
                code,
                accepted,
            )
        )
        projects.at[idx, col] = None
    rows: list[tuple[Any, dict]] = []
    for idx, rec in zip(projects.index, projects.to_dict("records")):
        row: dict[str, Any] = {}
        for col, value in rec.items():
            if is_missing(value):
                continue
            key = header.get(str(col).strip().casefold(), str(col).strip())
            row[key] = value
        if row:
            rows.append((idx, row))
    estimates: list[ProjectEstimate] = []
    pending: list[tuple[Any, str, str, Decimal, Norm, dict, dict]] = []
    for idx, row in rows:
        loc = lambda f: Location(src, None, int(idx) if str(idx).isdigit() else None, f, PLAN_COLUMNS.get(f))
        code = str(row.pop("service", "")).strip()
        name = str(row.pop("project", f"{code} (dòng {idx})"))
        row.pop("note", None)
        if code not in norms:
            problems.append(
                Problem(f"no norm '{code}' for project '{name}'", loc("service"), "unknown_service", ", ".join(norms))
            )
            continue
        norm = norms[code]
        try:
            count = exact_number(row.pop("count", 1))
            if count < 0:
                raise ValueError
        except Exception:
            problems.append(
                Problem(
                    f"count of project '{name}' is not a number of 0 or more",
                    loc("count"),
                    "not_a_number",
                    "a number such as 2",
                )
            )
            continue
        tables = {t.code: t for t in norm.adjustments}
        adjustments: dict[str, str] = {}
        drivers: dict[str, Any] = {}
        area = row.pop("area", None)
        if area is not None:
            table = tables.get(AREA_TABLE)
            key = _class_key(table, area) if table else None
            if key is None:
                problems.append(
                    Problem(
                        f"area '{area}' of project '{name}' is not a class of the norm's '{AREA_TABLE}' table",
                        loc("area"),
                        "unknown_class",
                        ", ".join(c.key for c in table.classes) if table else f"(norm {code} has no area table)",
                    )
                )
                continue
            adjustments[AREA_TABLE] = key
        refs = {d.code for d in norm.drivers}
        bad = False
        for col, value in row.items():
            if col in refs:
                drivers[col] = value
            elif col in tables:
                key = _class_key(tables[col], value) or (str(value) if str(value) == "auto" else None)
                if key is None:
                    problems.append(
                        Problem(
                            f"'{value}' is not a class of table {col}",
                            loc(col),
                            "unknown_class",
                            ", ".join(c.key for c in tables[col].classes),
                        )
                    )
                    bad = True
                adjustments[col] = key or ""
            else:
                problems.append(
                    Problem(
                        f"column '{col}' is neither a driver nor an adjustment table of {code}",
                        loc(col),
                        "extra_key",
                        ", ".join(list(PLAN_COLUMNS) + sorted(refs) + sorted(tables)),
                    )
                )
                bad = True
        if not bad:
            pending.append((idx, name, code, count, norm, drivers, adjustments))
    applied_rows = []
    for idx, name, code, count, norm, drivers, adjustments in pending:
        try:
            applied_rows.append((idx, name, code, count, norm, norm.apply(drivers, adjustments)))
        except InputError as exc:
            for p in exc.problems:
                problems.append(
                    Problem(
                        f"project '{name}': {p.message}",
                        Location(src, None, int(idx) if str(idx).isdigit() else None, p.location.field),
                        p.code,
                        p.accepted,
                    )
                )
        except (ValueError, TypeError, ArithmeticError) as exc:  # e.g. text in a driver column (robust, issue 16)
            problems.append(
                Problem(
                    f"project '{name}': {str(exc)[:200]}",
                    Location(src, None, int(idx) if str(idx).isdigit() else None, None),
                    "not_a_number",
                    "numbers in the driver columns, e.g. 30",
                )
            )
    raise_if(problems, src)
    warnings: list[str] = []
    for idx, name, code, count, norm, applied in applied_rows:
        try:
            up = cost_applied(norm, applied, prices, on, opts, parameters=parameters, registry=registry)
        except PriceError as exc:
            raise PriceError(f"project '{name}' (row {idx}): {exc}") from None
        except DinhmucError as exc:
            raise type(exc)(f"project '{name}' (row {idx}): {exc}") if not isinstance(exc, InputError) else exc
        warnings += [f"{name}: {w}" for w in up.warnings]
        estimates.append(ProjectEstimate(int(idx) if str(idx).isdigit() else None, name, code, count, applied, up))
    return PlanEstimate(on, estimates, list(dict.fromkeys(warnings)))
