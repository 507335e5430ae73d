"""Bảng dự toán kế hoạch — the plan estimate as a workbook with live formulas (du_toan_ke_hoach.xlsx).

Two sheets:

==================  ==========================================================
``Dự toán``         one block per service: a heading row, one row per project
                    (scale, the coefficients as numbers, the unit price's
                    components, unit price ``=SUM``, count, amount
                    ``= count x unit price``), a subtotal row ``SUBTOTAL(9, …)``;
                    the grand total ``SUBTOTAL(9, …)`` over every project and
                    the total in words
``Chi tiết``        every costed line of every project: quantity after scale
                    and coefficients, unit cost, amount (the costing's rounded
                    figures); the components of ``Dự toán`` are ``SUMIFS`` of it
==================  ==========================================================

The figures are those of :func:`dinhmuc.costing.estimate_plan`: each project's
unit price is its norm applied at the project's scale and coefficients and
costed line by line (rounded per line, as the costing rounds), so the workbook
sums those lines instead of re-multiplying coefficients. Recalculated, the grand
total equals :attr:`PlanEstimate.total <dinhmuc.costing.plan.PlanEstimate.total>`
(see :func:`plan_figures` for the total and its amount in words, as the papers
print them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .workbook import MONEY, QTY, _d, _save, _Sheet

__all__ = ["PLAN_WORKBOOK_NAME", "PlanFigures", "plan_figures", "write_plan_workbook"]

PLAN_WORKBOOK_NAME = "du_toan_ke_hoach.xlsx"
_COMPONENTS = (("labour", "Lao động"), ("materials", "Vật tư"), ("equipment", "Thiết bị"), ("management", "Quản lý"))


@dataclass(frozen=True)
class PlanFigures:
    """The plan's figures as the papers print them (tổng dự toán kế hoạch).

    ``total``: the sum of the projects' amounts (đồng, exact); ``words``: the
    amount in words ("Một triệu … đồng"); ``projects``: number of projects;
    ``by_service``: service code -> sum of its projects' amounts.
    """

    on: Any
    total: Decimal
    words: str
    projects: int
    by_service: dict[str, Decimal]


def plan_figures(plan) -> PlanFigures:
    """The total of a plan estimate (``dm.estimate_plan``), in figures and in words, and per service.

    >>> import datetime as dt, dinhmuc as dm
    >>> from dinhmuc.costing.prices import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Lớp", unit="lớp",
    ...     labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 2}])
    >>> plan = dm.estimate_plan([{"service": "X", "project": "Lớp A", "count": 3}], [norm],
    ...                         price_list_from_records(), dt.date(2025, 1, 15), {"management_pct": 0})
    >>> f = plan_figures(plan)
    >>> f.total, f.words     # 3 x 2 công x 394.077
    (Decimal('2364462'), 'Hai triệu ba trăm sáu mươi tư nghìn bốn trăm sáu mươi hai đồng')
    """
    from ..core.vnformat import amount_in_words

    by: dict[str, Decimal] = {}
    for p in plan.projects:
        by[p.service] = by.get(p.service, Decimal(0)) + p.total
    return PlanFigures(plan.on, plan.total, amount_in_words(plan.total), len(plan.projects), by)


def _scale_text(norm, drivers: dict[str, Decimal]) -> str:
    from ..core.vnformat import decimal_places, format_number

    labels = {d.code: d.label for d in norm.drivers} if norm is not None else {}
    out = []
    for code, value in drivers.items():
        v = _d(value)
        out.append(f"{format_number(v, decimal_places(v.normalize()))} {labels.get(code, code)}")
    return "; ".join(out)


def write_plan_workbook(plan, path, norms=None) -> Path:
    """Write the plan estimate workbook to ``path`` (atomically, byte-reproducibly); returns the path.

    ``norms``: the norm set (or a mapping code -> norm) for the services' names and driver labels.
    """
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from ..core.vnformat import amount_in_words, format_date_short, format_number

    if norms is None:
        by_code: dict[str, Any] = {}
    elif isinstance(norms, dict):
        by_code = dict(norms)
    else:
        by_code = {n.code: n for n in norms}
    wb = Workbook()
    wb.remove(wb.active)
    # -- Chi tiết (written first: the main sheet's SUMIFS point at it) ------------------------------------------
    tables: dict[str, str] = {}  # adjustment table code -> its name, in order of first use
    for p in plan.projects:
        for a in p.applied.adjustments:
            tables.setdefault(a.table, a.name)
    headers = (
        ["STT", "Mã dịch vụ", "Tên đề án", "Quy mô, phân loại"]
        + list(tables.values())
        + [label + " (đồng/đơn vị)" for _, label in _COMPONENTS]
        + ["Đơn giá (đồng)", "Số lượng", "Thành tiền (đồng)"]
    )
    main = _Sheet(wb, "Dự toán", headers, wrap=(3, 4, *range(5, 5 + len(tables))))
    detail = _Sheet(
        wb,
        "Chi tiết",
        [
            "STT đề án",
            "Mã dịch vụ",
            "Thành phần",
            "Mã dòng",
            "Nội dung",
            "Đơn vị tính",
            "Khối lượng",
            "Đơn giá (đồng)",
            "Thành tiền (đồng)",
        ],
        wrap=(5,),
    )
    comp_label = dict(_COMPONENTS)
    for i, p in enumerate(plan.projects, start=1):
        for l in p.unit_price.lines:
            detail.add(
                [i, p.service, comp_label[l.component], l.id, l.name, l.unit or "", l.quantity, l.unit_cost, l.amount],
                {7: QTY, 8: MONEY, 9: MONEY},
            )
    detail.done()

    # -- Dự toán ----------------------------------------------------------------------------------------------
    n_t = len(tables)
    c_comp = 5 + n_t  # first component column
    c_price, c_count, c_total = c_comp + 4, c_comp + 5, c_comp + 6
    from openpyxl.utils import get_column_letter as L

    whole = all(_d(p.count) == _d(p.count).to_integral_value() for p in plan.projects)
    money = (
        {c: MONEY for c in range(c_comp, c_total + 1)}
        | {c_count: MONEY if whole else QTY}
        | {c: QTY for c in range(5, 5 + n_t)}
    )
    ref = "'Chi tiết'"
    order: list[str] = []
    for p in plan.projects:
        if p.service not in order:
            order.append(p.service)
    first_row = main.row + 1
    stt = 0
    for code in order:
        norm = by_code.get(code)
        main.add([None, code, norm.name if norm is not None else code], bold=True)
        start = main.row + 1
        for i, p in enumerate(plan.projects, start=1):
            if p.service != code:
                continue
            stt += 1
            r = main.row + 1
            classes = "; ".join(a.label for a in p.applied.adjustments)
            scale = "; ".join(x for x in (_scale_text(norm, p.applied.drivers), classes) if x)
            factors = {a.table: a.factor for a in p.applied.adjustments}
            comps = [f'=SUMIFS({ref}!$I:$I,{ref}!$A:$A,{i},{ref}!$C:$C,"{label}")' for _, label in _COMPONENTS]
            main.add(
                [
                    stt,
                    code,
                    p.name,
                    scale,
                    *[factors.get(t) for t in tables],
                    *comps,
                    f"=SUM({L(c_comp)}{r}:{L(c_comp + 3)}{r})",
                    p.count,
                    f"={L(c_count)}{r}*{L(c_price)}{r}",
                ],
                money,
            )
        end = main.row
        main.add(
            [
                None,
                None,
                f"Cộng {code}",
                *[None] * (n_t + 1 + 4),
                None,
                None,
                f"=SUBTOTAL(9,{L(c_total)}{start}:{L(c_total)}{end})",
            ],
            {c_total: MONEY},
            bold=True,
        )
    last = main.row
    r_total = main.add(
        [
            None,
            None,
            "TỔNG CỘNG",
            *[None] * (n_t + 1 + 4),
            None,
            None,
            f"=SUBTOTAL(9,{L(c_total)}{first_row}:{L(c_total)}{last})",
        ],
        {c_total: MONEY},
        bold=True,
    )
    main.add([None, None, f"Bằng chữ: {amount_in_words(plan.total)}"])
    main.add(
        [
            None,
            None,
            f"Ngày tính giá: {format_date_short(plan.on)}; tổng dự toán khi lập: {format_number(plan.total)} đồng",
        ]
    )
    main.widths[3] = max(main.widths.get(3, 0), 30)
    main.done()
    wb.defined_names["TongDuToan"] = DefinedName("TongDuToan", attr_text=f"'Dự toán'!${L(c_total)}${r_total}")
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    return _save(wb, path)
