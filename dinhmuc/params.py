"""Legal parameters as dated data (tham số pháp lý theo ngày hiệu lực).

Every number the law sets — base salary, salary coefficients, contribution
rates, hours of a working day, the caps of the norm-setting guidance — lives in a
YAML file under ``data/params/``, one value per effective date, each with its
citation (document and article) and a ``verified`` flag. Asking for a value on a
date before its first value is an error, never a zero (the OpenFisca rule).

File format::

    title: Mức lương cơ sở
    last_reviewed: 2026-11-26
    parameters:
      base_salary:
        label: Mức lương cơ sở
        unit: đồng/tháng
        values:
          - from: 2019-07-01
            value: 1490000
            citation: {document: NĐ 38/2019/NĐ-CP, article: Điều 3}
            verified: true

>>> import datetime as dt, dinhmuc as dm
>>> p = dm.load_parameters()
>>> p.value("working_time.hours_per_day", dt.date(2026, 1, 1))
Decimal('8')
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ._resources import data_path
from .core.errors import InputError, ParameterError, Problem, raise_if
from .core.i18n import tr, tr_template
from .norm import Model, OptText, Text, exact_number


def _iso_date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        raise PydanticCustomError("invalid_date", tr_template("params.time_given"), {"v": str(value)})
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("invalid_date", tr_template("params.not_iso"), {"v": str(value)})


IsoDate = Annotated[_dt.date, BeforeValidator(_iso_date)]


def _exact(value: Any) -> Any:
    """Numbers exact (Decimal), mappings and lists walked; text and booleans kept."""
    if isinstance(value, dict):
        return {str(k): _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    if isinstance(value, (bool, str)) or value is None:
        return value
    return exact_number(value)


class Citation(Model):
    """Where a value comes from in the law (trích dẫn văn bản)."""

    document: Text
    article: OptText = None
    url: OptText = None

    def __str__(self) -> str:
        return self.document + (f", {self.article}" if self.article else "")


class DatedValue(Model):
    """One value of a parameter, in force from a date (giá trị theo ngày hiệu lực)."""

    start: IsoDate = Field(alias="from")
    value: Annotated[Any, BeforeValidator(_exact)]
    citation: Citation
    verified: bool
    note: OptText = None

    @field_validator("value")
    @classmethod
    def _present(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("missing", tr_template("params.required"))
        return value


class Parameter(Model):
    """A legal parameter and its dated values."""

    label: Text
    unit: OptText = None
    #: law = a rule of an act; convention = a convention of norm-setting practice the project adopts;
    #: practice = a declared default of estimate-making (no act fixes it)
    kind: Literal["law", "convention", "practice"] = "law"
    description: OptText = None
    values: list[DatedValue]

    @model_validator(mode="after")
    def _dates(self) -> Parameter:
        if not self.values:
            raise PydanticCustomError("missing", tr_template("params.no_values"))
        dates = [v.start for v in self.values]
        if len(set(dates)) != len(dates):
            dup = sorted({str(d) for d in dates if dates.count(d) > 1})
            raise PydanticCustomError("duplicate_date", tr_template("params.date_twice"), {"d": ", ".join(dup)})
        if dates != sorted(dates):
            raise PydanticCustomError("unsorted_dates", tr_template("params.order"))
        return self

    def at(self, on: _dt.date) -> DatedValue:
        """The value in force on ``on``: the last one whose date is not after it."""
        found = None
        for v in self.values:
            if v.start <= on:
                found = v
        if found is None:
            raise ParameterError(
                tr(
                    "params.before_first",
                    label=self.label,
                    isoformat=self.values[0].start.isoformat(),
                    isoformat2=on.isoformat(),
                )
            )
        return found


class ParameterFile(Model):
    """One YAML file of parameters, with the date it was last checked against the law."""

    title: Text
    last_reviewed: IsoDate
    parameters: dict[str, Parameter]


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value on a date, with everything needed to cite it."""

    name: str
    label: str
    value: Any
    unit: str | None
    start: _dt.date
    citation: Citation
    verified: bool
    note: str | None
    file: str
    kind: str = "law"

    def cite(self) -> str:
        """``Mức lương cơ sở = 2340000 đồng/tháng (NĐ 73/2024/NĐ-CP, Điều 3; từ 2024-07-01)``."""
        flag = "" if self.verified else "; CHƯA KIỂM CHỨNG"
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} = {self.value}{unit} ({self.citation}; từ {self.start.isoformat()}{flag})"


class Parameters:
    """All legal parameters, looked up by dotted name and date.

    Names are ``<file stem>.<parameter>``, e.g. ``base_salary.base_salary`` or
    ``working_time.hours_per_day``.

    >>> import datetime as dt, dinhmuc as dm
    >>> params = dm.load_parameters()
    >>> params.value("base_salary.base_salary", dt.date(2026, 9, 5))
    Decimal('2530000')
    >>> params.get("base_salary.base_salary", dt.date(2026, 9, 5)).verified
    False
    """

    def __init__(self, files: dict[str, ParameterFile], paths: dict[str, str]):
        self.files = files
        self.paths = paths

    def names(self) -> list[str]:
        return [f"{stem}.{name}" for stem, f in self.files.items() for name in f.parameters]

    def parameter(self, name: str) -> Parameter:
        stem, _, key = name.partition(".")
        f = self.files.get(stem)
        if f is None or key not in f.parameters:
            raise ParameterError(tr("params.unknown", name=name, items=", ".join(self.names())))
        return f.parameters[key]

    def get(self, name: str, on: _dt.date) -> ParameterValue:
        """The value of ``name`` in force on ``on``, with its citation."""
        p = self.parameter(name)
        v = p.at(on)
        stem = name.partition(".")[0]
        return ParameterValue(
            name, p.label, v.value, p.unit, v.start, v.citation, v.verified, v.note, self.paths[stem], p.kind
        )

    def value(self, name: str, on: _dt.date) -> Any:
        """Just the value of ``name`` on ``on``."""
        return self.get(name, on).value

    def last_reviewed(self, stem: str) -> _dt.date:
        return self.files[stem].last_reviewed

    def unverified(self, on: _dt.date) -> list[ParameterValue]:
        """Values in force on ``on`` still flagged as not verified against the gazette."""
        out = []
        for name in self.names():
            try:
                v = self.get(name, on)
            except ParameterError:
                continue
            if not v.verified:
                out.append(v)
        return out

    def in_force(self, on: _dt.date) -> list[ParameterValue]:
        """Every value in force on ``on`` (parameters with no value yet on that date are left out).

        >>> import datetime as dt
        >>> [v.name for v in default_parameters().in_force(dt.date(2026, 9, 5))][:2]
        ['base_salary.base_salary', 'contributions.social_insurance']
        """
        out = []
        for name in self.names():
            try:
                out.append(self.get(name, on))
            except ParameterError:
                continue
        return out

    def diff(self, before: _dt.date, after: _dt.date) -> list[tuple[str, ParameterValue | None, ParameterValue | None]]:
        """What changed between two dates: (name, value on ``before``, value on ``after``) for each
        parameter whose dated entry differs (a new act restating the same figure counts: its
        citation changed).

        >>> import datetime as dt
        >>> [n for n, _, _ in default_parameters().diff(dt.date(2026, 6, 30), dt.date(2026, 7, 1))][:1]
        ['base_salary.base_salary']
        """
        out = []
        for name in self.names():
            vals = []
            for on in (before, after):
                try:
                    vals.append(self.get(name, on))
                except ParameterError:
                    vals.append(None)
            a, b = vals
            if (a is None) != (b is None) or (a is not None and b is not None and a.start != b.start):
                out.append((name, a, b))
        return out

    def stale(self, max_age_days: int, today: _dt.date) -> list[tuple[str, str, _dt.date]]:
        """Files whose ``last_reviewed`` is more than ``max_age_days`` before ``today``: (stem, path, date)."""
        return [
            (stem, self.paths[stem], f.last_reviewed)
            for stem, f in self.files.items()
            if (today - f.last_reviewed).days > max_age_days
        ]

    def to_frame(self):
        """Every dated value as a DataFrame (name, from, value, citation, verified)."""
        import pandas as pd

        rows = []
        for stem, f in self.files.items():
            for key, p in f.parameters.items():
                for v in p.values:
                    rows.append(
                        {
                            "name": f"{stem}.{key}",
                            "label": p.label,
                            "from": v.start,
                            "value": v.value,
                            "unit": p.unit,
                            "citation": str(v.citation),
                            "verified": v.verified,
                        }
                    )
        return pd.DataFrame(rows)


def read_parameter_file(path: str | Path) -> ParameterFile:
    """Load one parameter file; every problem is reported with its line."""
    from .io.normio import load_yaml_model

    return load_yaml_model(path, ParameterFile)


def load_parameters(folder: str | Path | None = None, extra: list[str | Path] | None = None) -> Parameters:
    """Load every ``*.yaml`` in ``folder`` (bundled ``data/params`` by default), plus ``extra`` files.

    A file given in ``extra`` replaces the bundled file of the same name, so a
    project can declare its own working days per month or management rate.

    >>> import datetime as dt, dinhmuc as dm
    >>> dm.load_parameters().value("working_time.hours_per_day", dt.date(2026, 9, 5))
    Decimal('8')
    """
    folder = Path(folder) if folder else data_path("params")
    paths = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    for p in extra or []:
        paths[Path(p).stem] = Path(p)
    files: dict[str, ParameterFile] = {}
    problems: list[Problem] = []
    for stem, path in paths.items():
        try:
            files[stem] = read_parameter_file(path)
        except InputError as exc:
            problems += exc.problems
    raise_if(problems, str(folder))
    return Parameters(files, {k: str(v) for k, v in paths.items()})


@lru_cache(maxsize=1)
def default_parameters() -> Parameters:
    """The bundled parameters (cached).

    >>> import dinhmuc as dm
    >>> dm.default_parameters() is dm.default_parameters()
    True
    """
    return load_parameters()


def as_decimal(value: Any) -> Decimal:
    """A parameter value known to be a number."""
    if not isinstance(value, Decimal):
        raise ParameterError(tr("params.not_number", value=value))
    return value
