"""The evidence tables (bảng số liệu) and their schemas.

Four tables feed the methods of TT 47/2018/TT-BCT Art. 6; each is a CSV file, an
Excel sheet or a DataFrame with one header row, in Vietnamese or English:

* ``settlements`` (*Quyết toán*): one row per past project and catalogue line —
  what the project actually consumed and its actual scale (learners, days...).
* ``time_studies`` (*Bấm giờ, khảo sát*): one row per observation of a work step.
* ``expert_estimates`` (*Ý kiến chuyên gia*): one row per expert and line, with
  the minimum, most likely and maximum quantity.
* ``standards`` (*Tiêu chuẩn, thiết kế*): the operating time (or quantity) a
  standard, a design or a technical process fixes for a line and work step.

Every column has an English field name and a Vietnamese header; either is
accepted (case and surrounding spaces do not matter). Types are checked column
by column and the value rules (:data:`VALUE_TESTS`, :data:`ROW_TESTS`; also stated as a pandera
``DataFrameSchema``, :func:`pandera_schema`) are evaluated over whole columns, so every bad cell
of a table is reported at once, each as a
:class:`~dinhmuc.core.errors.Problem` naming file, sheet, Excel row (index + 2 for a
table with one header row), field and Vietnamese label, and what is accepted.

>>> from dinhmuc.evidence.schemas import TABLES
>>> [c.label for c in TABLES["settlements"].columns][:4]
['Mã dịch vụ', 'Năm', 'Mã dự án', 'Mã dòng']
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..core.i18n import tr

#: Scale drivers a settlement row may carry, one column each (a service uses
#: only its own drivers; the others stay blank). Codes as in the catalogue.
DRIVER_COLUMNS: dict[str, str] = {
    "learners": "Số học viên",
    "days": "Số ngày",
    "delegates": "Số đại biểu",
    "members": "Số thành viên đoàn",
    "establishments": "Số cơ sở",
    "products": "Số sản phẩm",
    "booths": "Số gian hàng",
    "issues": "Số kỳ phát hành",
}

#: Years accepted in evidence: from this year to the current year.
FIRST_YEAR = 1990


@dataclass(frozen=True)
class EvidenceColumn:
    """One column of an evidence table.

    ``kind`` is ``text``, ``number`` (float64 after reading), ``int``, ``time``
    (a clock time or date-time) ; ``check`` names a value rule of
    :data:`CHECKS` (tested by :data:`VALUE_TESTS`).
    """

    field: str
    label: str
    kind: str = "text"
    required: bool = True
    check: str | None = None
    description: str = ""


@dataclass(frozen=True)
class EvidenceTable:
    """An evidence table: key, default sheet title, columns, row rules."""

    key: str
    title: str
    columns: tuple[EvidenceColumn, ...]
    row_checks: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]

    def column(self, name: str) -> EvidenceColumn:
        for c in self.columns:
            if c.field == name:
                return c
        raise KeyError(name)

    def header_map(self) -> dict[str, str]:
        """Accepted header (lower case) -> field."""
        out = {}
        for c in self.columns:
            out[c.label.strip().lower()] = c.field
            out[c.field.lower()] = c.field
        return out

    def to_frame(self):
        """The schema as a table (for the documentation)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "field": c.field,
                    "Vietnamese header": c.label,
                    "type": c.kind,
                    "required": c.required,
                    "rule": tr(CHECKS[c.check][1], first_year=FIRST_YEAR) if c.check else "",
                    "meaning": c.description,
                }
                for c in self.columns
            ]
        )


C = EvidenceColumn

_SERVICE = C("service", "Mã dịch vụ", description="service code of the catalogue (KC01...)")
_LINE = C("line", "Mã dòng", description="catalogue line id (LD1, VT2, TB1...)")
_UNIT = C("unit", "Đơn vị tính", description="unit of the quantity; must be the catalogue line's unit")
_NOTE = C("note", "Ghi chú", required=False)

TABLES: dict[str, EvidenceTable] = {
    t.key: t
    for t in (
        EvidenceTable(
            "settlements",
            "Quyết toán",
            (
                _SERVICE,
                C("year", "Năm", "int", check="year", description="year the project was settled"),
                C("project", "Mã dự án", description="project (đề án) identifier"),
                _LINE,
                C("item", "Nội dung hao phí", required=False, description="role, material or equipment, for reading"),
                _UNIT,
                C(
                    "quantity",
                    "Số lượng tiêu hao",
                    "number",
                    check="non_negative",
                    description="quantity the project consumed (whole project)",
                ),
                *(
                    C(
                        code,
                        label,
                        "number",
                        required=False,
                        check="positive",
                        description=f"actual scale driver '{code}' of the project; blank when the service does not use it",
                    )
                    for code, label in DRIVER_COLUMNS.items()
                ),
                _NOTE,
            ),
            description="settlement records of past projects (quyết toán), one row per project and line",
        ),
        EvidenceTable(
            "time_studies",
            "Bấm giờ",
            (
                _SERVICE,
                _LINE,
                C("step", "Bước công việc", description="work step code of the catalogue (B1...)"),
                C("observation", "Lần quan sát", description="observation number or id"),
                C("role", "Chức danh", required=False),
                C("start", "Bắt đầu", "time", required=False, description="clock time, e.g. 08:15"),
                C("end", "Kết thúc", "time", required=False, description="clock time, e.g. 09:40"),
                C(
                    "duration_min",
                    "Thời gian (phút)",
                    "number",
                    required=False,
                    check="non_negative",
                    description="observed duration in minutes; or give start and end",
                ),
                C(
                    "output",
                    "Khối lượng sản phẩm",
                    "number",
                    check="positive",
                    description="output of the observation, in units of the step's product",
                ),
                C(
                    "rating_pct",
                    "Mức độ thực hiện (%)",
                    "number",
                    check="rating",
                    description="performance rating; 100 = normal pace",
                ),
                C("conditions", "Điều kiện", required=False),
                _NOTE,
            ),
            row_checks=("duration_given", "end_after_start"),
            description="time-study and survey sheets (bấm giờ, khảo sát), one row per observation",
        ),
        EvidenceTable(
            "expert_estimates",
            "Chuyên gia",
            (
                _SERVICE,
                _LINE,
                C("expert", "Họ tên chuyên gia"),
                C("function", "Chức vụ, đơn vị"),
                _UNIT,
                C("low", "Thấp nhất (a)", "number", check="non_negative", description="minimum quantity"),
                C("likely", "Nhiều khả năng nhất (m)", "number", check="non_negative", description="most likely"),
                C("high", "Cao nhất (b)", "number", check="non_negative", description="maximum quantity"),
                _NOTE,
            ),
            row_checks=("low_likely_high",),
            description="expert estimates (ý kiến chuyên gia), one row per expert and line",
        ),
        EvidenceTable(
            "standards",
            "Tiêu chuẩn",
            (
                _SERVICE,
                _LINE,
                C("step", "Bước công việc", required=False),
                C(
                    "hours",
                    "Thời gian tác nghiệp (giờ)",
                    "number",
                    required=False,
                    check="non_negative",
                    description="operating time per unit of the norm (labour, equipment)",
                ),
                C(
                    "quantity",
                    "Số lượng theo tiêu chuẩn",
                    "number",
                    required=False,
                    check="non_negative",
                    description="quantity per unit of the norm (materials)",
                ),
                C("source", "Căn cứ", description="the standard, design or process that fixes the figure"),
                _NOTE,
            ),
            row_checks=("hours_or_quantity",),
            description="standards and designs (tiêu chuẩn, định mức thiết kế) for the standard method",
        ),
    )
}


def _this_year() -> int:
    return _dt.date.today().year


#: Value rules: name -> (problem code, catalogue keys of what is accepted and of the message).
CHECKS: dict[str, tuple[str, str, str]] = {
    "non_negative": ("negative", "evidence.acc_non_negative", "evidence.negative"),
    "positive": ("not_positive", "evidence.acc_positive", "evidence.not_positive"),
    "year": ("out_of_range", "evidence.acc_year", "evidence.year_range"),
    "rating": ("out_of_range", "evidence.acc_rating", "evidence.rating_range"),
}

#: Row rules: name -> (problem code, field blamed, catalogue keys of the message and of what is accepted).
ROW_CHECKS: dict[str, tuple[str, str, str, str]] = {
    "duration_given": (
        "missing",
        "duration_min",
        "evidence.no_duration",
        "evidence.acc_duration",
    ),
    "end_after_start": (
        "negative",
        "end",
        "evidence.end_before_start",
        "evidence.acc_end_after_start",
    ),
    "low_likely_high": (
        "invalid_order",
        "likely",
        "evidence.estimates_order",
        "evidence.acc_estimates_order",
    ),
    "hours_or_quantity": (
        "missing",
        "hours",
        "evidence.no_hours_or_quantity",
        "evidence.acc_hours_or_quantity",
    ),
}


#: The value rules as column tests (True where the value passes); blanks are not tested.
VALUE_TESTS = {
    "non_negative": lambda s: s >= 0,
    "positive": lambda s: s > 0,
    "year": lambda s: (s >= FIRST_YEAR) & (s <= _this_year()),
    "rating": lambda s: (s >= 50) & (s <= 150),
}
#: The row rules as frame tests (True where the row passes), and the columns each needs.
ROW_TESTS = {
    "duration_given": lambda d: d["duration_min"].notna() | (d["start"].notna() & d["end"].notna()),
    "end_after_start": lambda d: ~(d["end"] < d["start"]).fillna(False).astype(bool),
    "low_likely_high": lambda d: ~((d["low"] > d["likely"]) | (d["likely"] > d["high"])).fillna(False),
    "hours_or_quantity": lambda d: d["hours"].notna() | d["quantity"].notna(),
}
ROW_NEEDS = {
    "duration_given": ("duration_min", "start", "end"),
    "end_after_start": ("start", "end"),
    "low_likely_high": ("low", "likely", "high"),
    "hours_or_quantity": ("hours", "quantity"),
}


def pandera_schema(table: EvidenceTable, present: list[str]):
    """The pandera schema of ``table`` over the columns ``present`` (already typed).

    The readers evaluate the same rules (:data:`VALUE_TESTS`, :data:`ROW_TESTS`) as masks over
    the typed columns, without the copies pandera makes; this schema states them for pandera
    users, and ``tests/test_evidence_checks.py`` checks that both report the same cells.
    """
    import pandera.pandas as pa

    columns = {}
    for c in table.columns:
        if c.field not in present:
            continue
        checks = [pa.Check(VALUE_TESTS[c.check], name=c.check, ignore_na=True)] if c.check else []
        columns[c.field] = pa.Column(nullable=not c.required, checks=checks, coerce=False)
    row_checks = [
        pa.Check(ROW_TESTS[name], name=name) for name in table.row_checks if all(f in present for f in ROW_NEEDS[name])
    ]
    return pa.DataFrameSchema(columns, checks=row_checks, strict=False, coerce=False)
