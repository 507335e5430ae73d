"""Version differences (so sánh phiên bản) between two norm sets, line by line.

Old and new may be the set in force and its revision (TT 47/2018/TT-BCT Art. 10),
or the set submitted to the council and the set as revised after the appraisal
(Mức 2). Every difference is one row: a norm or a line added or removed, a line
moved (same line, new id), a line renamed (same id, new name), or a value
changed, with the percentage change and the reason recorded in the new value's
provenance note.

Lines are paired in four passes, each on the lines still unpaired:

1. same id and same key (component, name or role + grade, unit): unchanged place;
2. same key, different id: the line was **moved** (a line above it was removed
   or the lines were reordered, so its positional id changed);
3. same name within the component: the same line with its grade or unit
   **changed** (and moved, if its id differs);
4. same id, different name: the line was **renamed**.

What is still unpaired is **removed** (old) or **added** (new). The id-only pass
comes last so that deleting LD2 does not read as "LD3 renamed to LD2's role"
when ids are assigned by position.

>>> import dinhmuc as dm
>>> old = dm.NormSet(title="v1", norms=[{"code": "A", "name": "A", "unit": "lớp",
...     "labour": [{"role": "Giáo viên", "grade": "III", "quantity": 10}]}])
>>> new = dm.NormSet(title="v2", norms=[{"code": "A", "name": "A", "unit": "lớp",
...     "labour": [{"role": "Giáo viên", "grade": "III", "quantity": 12}]}])
>>> d = dm.diff_norm_sets(old, new)
>>> d.to_frame()[["line", "field", "old", "new", "change_pct", "status"]].values.tolist()
[['LD1', 'quantity', Decimal('10'), Decimal('12'), Decimal('20.00'), 'changed']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from ..core.labels import COMPONENT_LABELS, FIELD_LABELS
from ..norm import COMPONENTS, EquipmentLine, LabourLine, MaterialLine, Norm, NormSet

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DiffRow",
    "NormSetDiff",
    "diff_norm_sets",
    "diff_norms",
    "line_key",
    "pair_lines",
    "STATUS_LABELS",
    "COLUMNS",
]

#: Columns of :meth:`NormSetDiff.to_frame`.
COLUMNS = ["norm", "line", "component", "item", "field", "old", "new", "change_pct", "status", "reason"]

STATUS_LABELS = {
    "added": "Bổ sung",
    "removed": "Loại bỏ",
    "changed": "Thay đổi",
    "moved": "Đổi vị trí (mã dòng)",
    "renamed": "Đổi tên",
}

#: Fields compared for each kind of line, in the order rows are listed.
LINE_FIELDS: dict[str, tuple[str, ...]] = {
    "labour": ("role", "grade", "step", "kind", "unit", "quantity", "heavy", "steps", "scales_with"),
    "materials": ("name", "spec", "unit", "quantity", "loss_rate", "recovery_rate", "scales_with"),
    "equipment": ("name", "spec", "power_kw", "unit", "loaded", "idle", "scales_with"),
}
#: The value an added or removed line is shown with.
MAIN_FIELD = {"labour": "quantity", "materials": "quantity", "equipment": "loaded"}
NORM_FIELDS = ("name", "unit", "drivers", "work_steps", "method", "indirect_labour_pct", "other_materials_pct")

AnyLine = LabourLine | MaterialLine | EquipmentLine


def norm_text(text: str | None) -> str:
    """Text compared as a reader would: spaces collapsed, case ignored."""
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


def line_name(line: AnyLine) -> str:
    """The name a line is known by: the role of a labour line, the name of the others."""
    return line.role if isinstance(line, LabourLine) else line.name


def line_key(component: str, line: AnyLine) -> tuple[str, str, str, str]:
    """(component, name or role, grade, unit) — what identifies a line apart from its id."""
    grade = line.grade if isinstance(line, LabourLine) else ""
    return (component, norm_text(line_name(line)), norm_text(grade), norm_text(line.unit))


def _same(comp: str, o: AnyLine, n: AnyLine) -> bool:
    return o.id == n.id and line_key(comp, o) == line_key(comp, n)


def _moved(comp: str, o: AnyLine, n: AnyLine) -> bool:
    return line_key(comp, o) == line_key(comp, n)


def _moved_changed(comp: str, o: AnyLine, n: AnyLine) -> bool:
    return norm_text(line_name(o)) == norm_text(line_name(n))


def _renamed(comp: str, o: AnyLine, n: AnyLine) -> bool:
    return o.id == n.id


#: How two versions' lines are paired, strictest first (see the module doc).
_MATCHES: tuple[tuple[Callable[[str, AnyLine, AnyLine], bool], str], ...] = (
    (_same, "same"),
    (_moved, "moved"),
    (_moved_changed, "moved_changed"),
    (_renamed, "renamed"),
)


def _take(
    comp: str,
    olds: list[AnyLine | None],
    news: list[AnyLine | None],
    found: list[tuple[int, int, str]],
    match: Callable[[str, AnyLine, AnyLine], bool],
    how: str,
) -> None:
    """Pair each old line still unpaired with the first unpaired new line ``match`` accepts."""
    for i, o in enumerate(olds):
        if o is None:
            continue
        for j, n in enumerate(news):
            if n is not None and match(comp, o, n):
                found.append((i, j, how))
                olds[i] = None
                news[j] = None
                break


def pair_lines(
    old: Norm, new: Norm
) -> tuple[list[tuple[str, AnyLine, AnyLine, str]], list[tuple[str, AnyLine]], list[tuple[str, AnyLine]]]:
    """Pair the lines of two versions of a norm.

    Returns ``(pairs, removed, added)``; each pair is ``(component, old_line,
    new_line, how)`` with ``how`` one of ``same``, ``moved``,
    ``moved_changed`` (same name, grade or unit changed), ``renamed`` (see the module doc).
    """
    pairs: list[tuple[str, AnyLine, AnyLine, str]] = []
    removed: list[tuple[str, AnyLine]] = []
    added: list[tuple[str, AnyLine]] = []
    for comp in COMPONENTS:
        original_old: list[AnyLine] = list(getattr(old, comp))
        original_new: list[AnyLine] = list(getattr(new, comp))
        olds: list[AnyLine | None] = list(original_old)
        news: list[AnyLine | None] = list(original_new)
        found: list[tuple[int, int, str]] = []
        for match, how in _MATCHES:
            _take(comp, olds, news, found, match, how)
        for i, j, how in sorted(found, key=lambda t: t[1]):
            pairs.append((comp, original_old[i], original_new[j], how))
        removed += [(comp, o) for o, left in zip(original_old, olds, strict=True) if left is not None]
        added += [(comp, n) for n, left in zip(original_new, news, strict=True) if left is not None]
    return pairs, removed, added


def _value(v: Any) -> Any:
    """A value as shown in the table: Decimal kept, lists joined, enums by value."""
    if v is None:
        return None
    if hasattr(v, "value") and not isinstance(v, Decimal):
        return v.value
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return v


def change_pct(old: object, new: object) -> Decimal | None:
    """(new - old) / old x 100, to 2 decimals; None when not two numbers or old is 0."""
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if not isinstance(old, Decimal) or not isinstance(new, Decimal) or old == 0:
        return None
    return ((new - old) / old * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _reason(obj: Any, fld: str | None) -> str | None:
    """The reason recorded for a new value: its provenance note, else the line's note."""
    if obj is None:
        return None
    prov = getattr(obj, "provenance", {}) or {}
    if fld and fld in prov and prov[fld].note:
        return prov[fld].note
    if fld and fld in prov and prov[fld].calculation:
        return prov[fld].calculation
    note = getattr(obj, "note", None)
    return note if isinstance(note, str) else None


@dataclass(frozen=True)
class DiffRow:
    """One difference: a norm or line added or removed, a line moved or renamed, a value changed."""

    norm: str
    line: str | None
    component: str
    item: str | None
    field: str | None
    old: Any
    new: Any
    change_pct: Decimal | None
    status: str
    reason: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def component_label(self) -> str:
        return COMPONENT_LABELS.get(self.component, "Định mức")

    @property
    def field_label(self) -> str:
        if self.field is None:
            return ""
        if self.field == "id":
            return FIELD_LABELS["id"]
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class NormSetDiff:
    """The differences between two norm sets; ``rows`` in reading order."""

    old_title: str
    new_title: str
    old_version: str | None = None
    new_version: str | None = None
    rows: list[DiffRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[DiffRow]:
        return iter(self.rows)

    def counts(self) -> dict[str, int]:
        """Number of rows by status."""
        out = {k: 0 for k in STATUS_LABELS}
        for r in self.rows:
            out[r.status] += 1
        return out

    def to_frame(self) -> pd.DataFrame:
        """The differences as a DataFrame with :data:`COLUMNS`."""
        import pandas as pd

        # object columns keep Decimal values exact and missing values as None
        return pd.DataFrame([asdict(r) for r in self.rows], columns=COLUMNS, dtype=object)

    def records(self) -> list[dict[str, object]]:
        """The rows as plain dicts (for JSON)."""
        return [asdict(r) for r in self.rows]

    def _repr_html_(self) -> str:
        head = f"<p><b>So sánh phiên bản</b>: {self.old_title} → {self.new_title}</p>"
        return head + self.to_frame().to_html(index=False)

    def describe(self, row: DiffRow) -> str:
        """One row as a Vietnamese sentence (for the report and the console)."""

        def fmt(v: Any) -> str:
            from ..core.vnformat import format_number

            if isinstance(v, Decimal):
                return format_number(v)
            return "—" if v is None or v == "" else str(v)

        where = row.norm + (f"/{row.line}" if row.line else "")
        if row.status in ("added", "removed"):
            what = "định mức" if row.line is None else "dòng"
            text = f"{where}: {STATUS_LABELS[row.status].lower()} {what} «{row.item}»"
            if row.field:
                text += f" ({row.field_label}: {fmt(row.new if row.status == 'added' else row.old)})"
        else:
            text = f"{where} «{row.item}»: {row.field_label} {fmt(row.old)} → {fmt(row.new)}"
            if row.change_pct is not None:
                sign = "+" if row.change_pct > 0 else ""
                text += f" ({sign}{fmt(row.change_pct)} %)"
        if row.reason:
            text += f"; lý do: {row.reason}"
        return text


def _line_rows(norm: str, comp: str, o: AnyLine, n: AnyLine, how: str) -> list[DiffRow]:
    rows: list[DiffRow] = []
    item = line_name(n)
    if how in ("moved", "moved_changed") and o.id != n.id:
        rows.append(DiffRow(norm, n.id, comp, item, "id", o.id, n.id, None, "moved", n.note))
    name_field = "role" if comp == "labour" else "name"
    for fld in LINE_FIELDS[comp]:
        ov, nv = _value(getattr(o, fld)), _value(getattr(n, fld))
        if ov == nv:
            continue
        status = "renamed" if fld == name_field else "changed"
        rows.append(DiffRow(norm, n.id, comp, item, fld, ov, nv, change_pct(ov, nv), status, _reason(n, fld)))
    return rows


def _norm_field(norm: Norm, fld: str) -> Any:
    if fld == "drivers":
        return ", ".join(f"{d.code}={d.reference} {d.unit}" for d in norm.drivers)
    if fld == "work_steps":
        return ", ".join(f"{s.code} {s.name}" for s in norm.work_steps)
    return _value(getattr(norm, fld))


def diff_norms(old: Norm, new: Norm) -> list[DiffRow]:
    """The differences between two versions of one norm."""
    rows: list[DiffRow] = []
    for fld in NORM_FIELDS:
        ov, nv = _norm_field(old, fld), _norm_field(new, fld)
        if ov != nv:
            rows.append(
                DiffRow(
                    new.code,
                    None,
                    "norm",
                    new.name,
                    fld,
                    ov,
                    nv,
                    change_pct(ov, nv),
                    "changed",
                    _reason(new, fld) if fld in new.traced_fields() else None,
                )
            )
    pairs, removed, added = pair_lines(old, new)
    for comp, o in removed:
        main = MAIN_FIELD[comp]
        rows.append(DiffRow(new.code, o.id, comp, line_name(o), main, getattr(o, main), None, None, "removed", None))
    for comp, o, n, how in pairs:
        rows += _line_rows(new.code, comp, o, n, how)
    for comp, n in added:
        main = MAIN_FIELD[comp]
        rows.append(
            DiffRow(new.code, n.id, comp, line_name(n), main, None, getattr(n, main), None, "added", _reason(n, main))
        )
    order = {c: i for i, c in enumerate(("norm",) + COMPONENTS)}
    ids: dict[tuple[str, str, str | None], float] = {
        ("line", comp, line.id): k for k, (comp, line) in enumerate(new.lines())
    }
    ids.update({("old", comp, line.id): k + 0.5 for k, (comp, line) in enumerate(old.lines())})

    def sort_key(r: DiffRow) -> tuple:
        if r.line is None:
            return (0, 0, 0)
        pos = ids.get(("line" if r.status != "removed" else "old", r.component, r.line), 10**6)
        return (1, order[r.component], pos)

    return sorted(rows, key=sort_key)


def diff_norm_sets(old: NormSet, new: NormSet) -> NormSetDiff:
    """Compare two norm sets line by line (see the module doc for how lines are paired).

    Norms are paired by code. The result lists, in the new set's order, norms
    added and removed, then for each norm its changed fields and its lines
    removed, moved, renamed, changed and added.

    >>> import dinhmuc as dm
    >>> old = dm.load_norm_set(dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> kc01 = old["KC01"]
    >>> more = kc01.labour[0].model_copy(update={"quantity": kc01.labour[0].quantity + 2})
    >>> new = old.model_copy(update={"norms": [kc01.model_copy(update={"labour": [more, *kc01.labour[1:]]}),
    ...                                        *old.norms[1:]]})
    >>> [(r.norm, r.line, r.old, r.new, r.change_pct) for r in dm.diff_norm_sets(old, new).rows]
    [('KC01', 'LD1', Decimal('55.93'), Decimal('57.93'), Decimal('3.58'))]
    """
    out = NormSetDiff(old.title, new.title, old.version, new.version)
    old_codes = {n.code: n for n in old.norms}
    new_codes = {n.code for n in new.norms}
    for norm in new.norms:
        if norm.code not in old_codes:
            out.rows.append(
                DiffRow(
                    norm.code,
                    None,
                    "norm",
                    norm.name,
                    None,
                    None,
                    None,
                    None,
                    "added",
                    norm.notes[0] if norm.notes else None,
                )
            )
        else:
            out.rows += diff_norms(old_codes[norm.code], norm)
    for norm in old.norms:
        if norm.code not in new_codes:
            out.rows.append(DiffRow(norm.code, None, "norm", norm.name, None, None, None, None, "removed", None))
    return out
