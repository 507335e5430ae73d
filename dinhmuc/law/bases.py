"""Legal bases as dated data (căn cứ pháp lý theo ngày hiệu lực).

A decision issuing norms opens with its bases ("Căn cứ ...;"). Each basis is a
record of ``data/legal/bases.yaml``: number, type, issuer, signing date, exact
title, the date it takes effect, the date it was repealed and what replaced it,
and its amendments with their own dates. :func:`bases_for` gives the bases of a
decision on a date — the default records in force, with the project's additions,
removals and order (``project.yaml``, key ``law.legal_bases``) — ordered by legal
force (laws, decrees, decisions of the Prime Minister, circulars, provincial
documents) then by date. A basis named by the project that is not yet in force on
the decision date, or repealed by then, is an :class:`~dinhmuc.core.errors.InputError`
naming the file and line.

>>> import datetime as dt
>>> [b.number for b in bases_for(dt.date(2026, 9, 5))]
['72/2025/QH15', '45/2012/NĐ-CP', '60/2021/NĐ-CP', '28/2018/TT-BTC', '47/2018/TT-BCT']
>>> [b.number for b in bases_for(dt.date(2025, 6, 30))][:1]
['77/2015/QH13']
>>> bases_for(dt.date(2026, 9, 5))[2].text(dt.date(2026, 9, 5))
'Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập, được sửa đổi, bổ sung bởi Nghị định số 111/2025/NĐ-CP ngày 22 tháng 5 năm 2025 của Chính phủ'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .._resources import data_path
from ..core.errors import Location, Problem, raise_if
from ..core.i18n import tr, tr_template
from ..norm import Model, OptText, Text
from ..params import IsoDate

#: Type of act -> (rank of legal force, the name a căn cứ line starts with).
DOC_TYPES: dict[str, tuple[int, str]] = {
    "hien_phap": (0, "Hiến pháp"),
    "bo_luat": (1, "Bộ luật"),
    "luat": (1, "Luật"),
    "nghi_quyet_qh": (1, "Nghị quyết"),
    "nghi_dinh": (2, "Nghị định"),
    "quyet_dinh_ttg": (3, "Quyết định"),
    "thong_tu": (4, "Thông tư"),
    "thong_tu_lien_tich": (4, "Thông tư liên tịch"),
    "nghi_quyet_hdnd": (5, "Nghị quyết"),
    "quyet_dinh_ubnd": (6, "Quyết định"),
}
DocType = Literal[
    "hien_phap",
    "bo_luat",
    "luat",
    "nghi_quyet_qh",
    "nghi_dinh",
    "quyet_dinh_ttg",
    "thong_tu",
    "thong_tu_lien_tich",
    "nghi_quyet_hdnd",
    "quyet_dinh_ubnd",
]


def _vn_date(d: _dt.date) -> str:
    """``ngày 21 tháng 6 năm 2021``, ``ngày 05 tháng 3 năm 2020`` — the NĐ 30/2020 date rule (one place)."""
    from ..core.vnformat import format_date

    return format_date(d)


class Amendment(Model):
    """An act amending a basis (văn bản sửa đổi, bổ sung); dates left out when not known."""

    number: Text
    type: DocType
    issuer: Text
    signed: IsoDate | None = None
    effective: IsoDate | None = None

    def in_force(self, on: _dt.date) -> bool:
        """An amendment counts from its effective date, or (not recorded) from its signing date, or always."""
        start = self.effective or self.signed
        return start is None or start <= on

    def text(self) -> str:
        name = DOC_TYPES[self.type][1]
        date = f" {_vn_date(self.signed)}" if self.signed else ""
        issuer = "" if self.type in ("luat", "bo_luat") else f" của {self.issuer}"
        return f"{name} số {self.number}{date}{issuer}"


class Provision(Model):
    """A clause of a basis cited for a purpose (e.g. the province's competence)."""

    purpose: Literal["competence"]
    text: Text


class LegalBasis(Model):
    """One act a decision may cite (văn bản làm căn cứ), with its dates and amendments."""

    id: Text
    type: DocType
    number: Text
    issuer: Text
    title: Text
    signed: IsoDate
    effective: IsoDate
    repealed_on: IsoDate | None = None
    replaced_by: OptText = None
    amended_by: list[Amendment] = Field(default_factory=list)
    provision: Provision | None = None
    default: bool = False
    tags: list[Text] = Field(default_factory=list)
    verified: bool
    confidence: Literal["A", "B", "C"]
    source: Text

    @model_validator(mode="after")
    def _dates(self) -> LegalBasis:
        if self.effective < self.signed:
            raise PydanticCustomError(
                "date_order",
                tr_template("bases.effective_before_signed"),
                {"e": self.effective.isoformat(), "s": self.signed.isoformat()},
            )
        if self.repealed_on is not None and self.repealed_on <= self.effective:
            raise PydanticCustomError("date_order", tr_template("bases.repealed_after"))
        if self.verified and self.confidence != "A":
            raise PydanticCustomError("verified", tr_template("bases.verified_needs_a"))
        return self

    @property
    def rank(self) -> int:
        """Legal force: 1 laws, 2 decrees, 3 decisions of the Prime Minister, 4 circulars, 5-6 provincial."""
        return DOC_TYPES[self.type][0]

    def in_force(self, on: _dt.date) -> bool:
        return self.effective <= on and (self.repealed_on is None or on < self.repealed_on)

    def why_not(self, on: _dt.date) -> str | None:
        """Why the basis cannot be cited on ``on`` (None when it can)."""
        if on < self.effective:
            return tr(
                "bases.not_yet", short=self.short(), isoformat=self.effective.isoformat(), isoformat2=on.isoformat()
            )
        if self.repealed_on is not None and on >= self.repealed_on:
            by = tr("bases.replaced_by", id=self.replaced_by) if self.replaced_by else ""
            return tr("bases.repealed", short=self.short(), isoformat=self.repealed_on.isoformat(), by=by)
        return None

    def short(self) -> str:
        return f"{DOC_TYPES[self.type][1]} {self.number}"

    def text(self, on: _dt.date | None = None) -> str:
        """The căn cứ line (without "Căn cứ" and the final punctuation), citing amendments in force on ``on``.

        Laws are cited by name and number; other acts by type, number, date, issuer and title.
        """
        name = DOC_TYPES[self.type][1]
        if self.type in ("luat", "bo_luat", "hien_phap"):
            head = (
                f"{self.title} số {self.number}"
                if self.title.startswith(name)
                else f"{name} {self.title} số {self.number}"
            )
        else:
            head = f"{name} số {self.number} {_vn_date(self.signed)} của {self.issuer} {self.title}"
        amends = [a for a in self.amended_by if on is None or a.in_force(on)]
        if amends:
            head += ", được sửa đổi, bổ sung bởi " + ", ".join(a.text() for a in amends)
        return head

    def competence(self, on: _dt.date | None = None) -> str | None:
        """``điểm a khoản 1 Điều 5 Nghị định số 60/2021/NĐ-CP (được sửa đổi, bổ sung bởi ...)``, if any."""
        if self.provision is None or self.provision.purpose != "competence":
            return None
        amends = [a for a in self.amended_by if on is None or a.in_force(on)]
        tail = (
            f" (được sửa đổi, bổ sung bởi {', '.join(f'{DOC_TYPES[a.type][1]} số {a.number}' for a in amends)})"
            if amends
            else ""
        )
        return f"{self.provision.text} {DOC_TYPES[self.type][1]} số {self.number}{tail}"


class LegalBasesFile(Model):
    """``data/legal/bases.yaml``: the records and the date they were last checked."""

    title: Text
    last_reviewed: IsoDate
    bases: list[LegalBasis]


class BasesOverrides(Model):
    """What a project changes in its decision's bases (``project.yaml``: ``law.legal_bases``).

    ``add``: ids of records (``data/legal/bases.yaml``) or whole records of the
    project's own (a provincial resolution, say); ``remove``: ids of default
    records; ``order``: ids in the order wanted — the listed ones first, in that
    order, the others after them by legal force and date.
    """

    add: list[Text | LegalBasis] = Field(default_factory=list)
    remove: list[Text] = Field(default_factory=list)
    order: list[Text] = Field(default_factory=list)


@dataclass(frozen=True)
class LegalLibrary:
    """The records of a legal-bases file, by id, with the file they come from and each record's line."""

    records: dict[str, LegalBasis]
    path: str
    lines: dict[str, int | None]
    last_reviewed: _dt.date

    def location(self, basis_id: str) -> Location:
        return Location(self.path, row=self.lines.get(basis_id), field=f"bases.{basis_id}")


def load_legal_library(path: str | Path | None = None) -> LegalLibrary:
    """Read a legal-bases file (the bundled ``data/legal/bases.yaml`` by default); problems with their lines."""
    from ..core.yamlio import read_yaml_mapping
    from ..io.normio import load_yaml_model

    path = Path(path) if path else data_path("legal", "bases.yaml")
    data = load_yaml_model(path, LegalBasesFile)
    _, locator = read_yaml_mapping(path)
    problems, records, lines = [], {}, {}
    for i, b in enumerate(data.bases):
        line = locator.line(("bases", i))
        if b.id in records:
            problems.append(
                Problem(tr("bases.id_twice", id=b.id), Location(str(path), row=line, field="id"), "duplicate_code")
            )
        records[b.id] = b
        lines[b.id] = line
    for b in data.bases:
        if b.replaced_by and b.replaced_by not in records:
            problems.append(
                Problem(
                    tr("bases.unknown_replacement", id=b.id, replaced_by=b.replaced_by),
                    Location(str(path), row=lines[b.id], field="replaced_by"),
                    "unknown_reference",
                    ", ".join(records),
                )
            )
    raise_if(problems, str(path))
    return LegalLibrary(records, str(path), lines, data.last_reviewed)


@lru_cache(maxsize=1)
def default_library() -> LegalLibrary:
    """The bundled legal bases (cached)."""
    return load_legal_library()


def _date_of(project_or_date: Any) -> _dt.date:
    if isinstance(project_or_date, _dt.date) and not isinstance(project_or_date, _dt.datetime):
        return project_or_date
    decision_date = getattr(project_or_date, "decision_date", None)
    if callable(decision_date):
        return decision_date()
    raise TypeError(f"a date or a project is expected, got {project_or_date!r}")


def bases_for(
    project_or_date: Any,
    overrides: BasesOverrides | dict | None = None,
    *,
    tags: tuple[str, ...] | list[str] = (),
    library: LegalLibrary | None = None,
    source: str | Path | None = None,
) -> list[LegalBasis]:
    """The legal bases of a decision on a date, ordered by legal force then date.

    ``project_or_date``: a :class:`~dinhmuc.project.Project` (its decision date,
    its ``law.legal_bases`` overrides, its ``law.tags``; errors name its file and
    line) or a date. ``tags`` adds the records of a decision route
    (``legal_normative``, ``administrative``). Raises
    :class:`~dinhmuc.core.errors.InputError` for an unknown id or a basis not in
    force on the date, naming the file and line of the entry.
    """
    on = _date_of(project_or_date)
    project = None if isinstance(project_or_date, _dt.date) else project_or_date
    locate = None
    if project is not None:
        law = getattr(project, "law", None)
        if overrides is None and law is not None:
            overrides = law.legal_bases
        tags = tuple(tags) + tuple(getattr(law, "tags", ()) or ())
        source = source or getattr(project, "file", None)
    lib = library or default_library()
    ov = overrides if isinstance(overrides, BasesOverrides) else BasesOverrides.model_validate(overrides or {})
    if source is not None and Path(source).exists():
        from ..core.yamlio import read_yaml_mapping

        _, locator = read_yaml_mapping(source)
        prefix = ("law", "legal_bases") if project is not None else ()
        locate = lambda *path: Location(
            str(source),
            row=locator.line((*prefix, *path)),  # noqa: E731
            field=".".join(str(p) for p in (*prefix, *path)),
        )
    else:
        locate = lambda *path: Location(
            str(source) if source else None,  # noqa: E731
            field=".".join(str(p) for p in ("law", "legal_bases", *path)),
        )
    problems: list[Problem] = []
    chosen: dict[str, LegalBasis] = {}
    for b in lib.records.values():
        if (b.default or any(t in b.tags for t in tags)) and b.in_force(on):
            chosen[b.id] = b
    for i, item in enumerate(ov.add):
        b = item if isinstance(item, LegalBasis) else lib.records.get(item)
        if b is None:
            problems.append(
                Problem(tr("bases.unknown", item=item), locate("add", i), "unknown_reference", ", ".join(lib.records))
            )
            continue
        why = b.why_not(on)
        if why:
            problems.append(
                Problem(
                    tr("bases.not_in_force", why=why, isoformat=on.isoformat()),
                    locate("add", i),
                    "not_in_force",
                    _successor_hint(b, lib) or tr("bases.acc_in_force"),
                )
            )
            continue
        chosen[b.id] = b
    for i, bid in enumerate(ov.remove):
        if bid not in chosen and bid not in lib.records:
            problems.append(
                Problem(
                    tr("bases.unknown_2", bid=bid), locate("remove", i), "unknown_reference", ", ".join(lib.records)
                )
            )
        chosen.pop(bid, None)
    for i, bid in enumerate(ov.order):
        if bid not in chosen:
            problems.append(
                Problem(
                    tr("bases.order_not_basis", bid=bid),
                    locate("order", i),
                    "unknown_reference",
                    ", ".join(chosen),
                )
            )
    raise_if(problems, str(source) if source else tr("bases.source"))
    ordered = sorted(chosen.values(), key=lambda b: (b.rank, b.signed, b.number))
    first = [chosen[bid] for bid in ov.order if bid in chosen]
    return first + [b for b in ordered if b.id not in ov.order]


def _successor_hint(b: LegalBasis, lib: LegalLibrary) -> str | None:
    if b.replaced_by and b.replaced_by in lib.records:
        return f"'{b.replaced_by}' ({lib.records[b.replaced_by].short()})"
    return None


def basis_lines(project_or_date: Any, overrides: BasesOverrides | dict | None = None, **kwargs) -> list[str]:
    """The căn cứ lines (without "Căn cứ" and punctuation) of :func:`bases_for`, amendments as of the date."""
    on = _date_of(project_or_date)
    return [b.text(on) for b in bases_for(project_or_date, overrides, **kwargs)]


def competence_clause(project_or_date: Any, **kwargs) -> str | None:
    """The clause that gives the province its competence (NĐ 60/2021/NĐ-CP Art. 5(1)(a), as amended), if cited.

    >>> import datetime as dt
    >>> competence_clause(dt.date(2026, 9, 5))
    'điểm a khoản 1 Điều 5 Nghị định số 60/2021/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số 111/2025/NĐ-CP)'
    """
    on = _date_of(project_or_date)
    for b in bases_for(project_or_date, **kwargs):
        clause = b.competence(on)
        if clause:
            return clause
    return None


def route_tags(project) -> tuple[str, ...]:
    """The tags of the project's decision route (``legal_normative``, ``administrative``), if it declares one.

    The route is read from ``project.route`` or ``project.decision.route`` (a text, or an
    object with ``kind``/``value``), so the route's own records (the law on legal normative
    documents and its decree, or the decree on administrative documents) join the bases.
    """
    implied = getattr(project, "decision_route", None)  # route helper: declared, else implied by the number
    if isinstance(implied, str) and implied:
        return (implied,)
    for holder in (project, getattr(project, "decision", None)):
        route = getattr(holder, "route", None)
        if route is None:
            continue
        for attr in ("kind", "value"):
            route = getattr(route, attr, route)
        if isinstance(route, str) and route:
            return (route,)
    return ()


def project_basis_lines(project, tags: tuple[str, ...] | list[str] = ()) -> list[str]:
    """A project's decision bases: the dated records (:func:`bases_for`, with its route's records), then its
    free-text ``legal_bases`` — except those citing an act the dated records already cite."""
    on = _date_of(project)
    records = bases_for(project, tags=(*tags, *route_tags(project)))
    numbers = {b.number for b in records}
    free = [line for line in project.legal_bases if _cited_number(line) not in numbers]
    return [*(b.text(on) for b in records), *free]


def _cited_number(line: str) -> str | None:
    import re

    m = re.search(r"số\s+(\S+/\S+)", line)
    return m.group(1).rstrip(",;.") if m else None


def merged_basis_lines(norm_set, library: LegalLibrary | None = None) -> list[str]:
    """The bases a paper prints for a norm set.

    A norm set built from a project (``dinhmuc build``) already carries its dated
    bases and is printed as it is. One built by hand, with free-text bases or
    none, gets the defaults in force on its decision date (signing date, else
    effective date, else today) that it does not already cite by number, ordered
    by legal force, after its own lines.
    """
    lib = library or default_library()
    own = [b for b in norm_set.legal_bases]
    texts = {b.text(None).split(", được sửa đổi")[0] for b in lib.records.values()}
    if any(line.split(", được sửa đổi")[0] in texts for line in own):
        return own
    on = norm_set.signed_on or norm_set.effective_from or _dt.date.today()
    cited = {_cited_number(line) for line in own} | {line for line in own}
    extra = [
        b.text(on)
        for b in bases_for(on, library=lib)
        if b.number not in cited and not any(b.number in line for line in own)
    ]
    return [*extra, *own] if not own else [*own, *extra]
