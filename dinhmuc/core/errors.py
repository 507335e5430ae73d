"""Errors (lỗi) raised by dinhmuc.

Every error derives from :class:`DinhmucError`. Errors about bad input also
inherit :class:`ValueError` (a value is wrong) or :class:`KeyError` (a name is
unknown), so ordinary ``except ValueError`` code keeps working.

An input error carries *all* the problems found in one input, each with its
location (file, sheet, row, field and the field's Vietnamese label) and what
would have been accepted, so a clerk can fix a whole file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import tr


@dataclass(frozen=True)
class Location:
    """Where a problem is (vị trí): file, sheet, row, field.

    >>> import dinhmuc as dm
    >>> where = dm.Location(file="quyet_toan.xlsx", sheet="Quyết toán", row=12, field="quantity")
    >>> where.sheet, where.row
    ('Quyết toán', 12)
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    field: str | None = None
    label: str | None = None

    def __str__(self) -> str:
        """Where, in the current language (Vietnamese unless English is chosen)."""
        parts: list[str] = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(tr("error.loc_sheet", sheet=self.sheet))
        if self.row is not None:
            parts.append(tr("error.loc_row", row=self.row))
        if self.field:
            name = tr("error.loc_field", field=self.field)
            if self.label and self.label != self.field:
                name += f" ({self.label})"
            parts.append(name)
        return ", ".join(parts) if parts else tr("error.loc_input")


@dataclass(frozen=True)
class Problem:
    """One problem found in an input (một lỗi dữ liệu).

    ``code`` is a short machine-readable kind such as ``unknown_unit``,
    ``negative``, ``not_a_number``, ``percent_range``, ``duplicate_code``,
    ``missing_sheet``, ``empty_sheet``, ``yaml_syntax``, ``extra_key``,
    ``missing``; ``accepted`` says what would have been accepted.

    >>> import dinhmuc as dm
    >>> where = dm.Location("quyet_toan.xlsx", "Quyết toán", 12, "quantity")
    >>> p = dm.Problem("-3 is negative", where, "negative", "0 or more")
    >>> p.code, p.location.row, p.accepted
    ('negative', 12, '0 or more')
    """

    message: str
    location: Location = field(default_factory=Location)
    code: str = "invalid"
    accepted: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.accepted:
            text += " — " + tr("error.accepted", accepted=self.accepted)
        return text


class DinhmucError(Exception):
    """Base class of every error dinhmuc raises.

    >>> import dinhmuc as dm
    >>> [issubclass(e, dm.DinhmucError) for e in (dm.InputError, dm.ParameterError, dm.PriceError)]
    [True, True, True]
    """


class InputError(DinhmucError, ValueError):
    """Bad input: one or more problems, all reported together.

    >>> import dinhmuc as dm
    >>> try:
    ...     dm.load_catalog("no_such_catalog.yaml")
    ... except dm.InputError as err:
    ...     print(isinstance(err, ValueError), len(err.problems), err.problems[0].location.file)
    True 1 no_such_catalog.yaml
    """

    def __init__(self, problems: Iterable[Problem] | Problem | str, source: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        head = tr("error.problems_in", n=n, source=self.source) if self.source else tr("error.problems", n=n)
        if n == 1:
            return f"{head}: {self.problems[0]}"
        return "\n".join([f"{head}:"] + [f"  - {p}" for p in self.problems])

    def __str__(self) -> str:  # KeyError would otherwise print a repr
        return self._render()

    @property
    def codes(self) -> set[str]:
        """The kinds of problem found, e.g. ``{"unknown_unit", "negative"}``."""
        return {p.code for p in self.problems}


class UnknownReferenceError(InputError, KeyError):
    """A name that is not in its list: unknown unit, grade, service or driver.

    >>> import dinhmuc as dm
    >>> issubclass(dm.UnknownReferenceError, dm.InputError), issubclass(dm.UnknownReferenceError, KeyError)
    (True, True)
    """


class ParameterError(DinhmucError, LookupError):
    """A legal parameter cannot be given for the date asked (before its first value).

    >>> import datetime as dt, dinhmuc as dm
    >>> try:
    ...     dm.load_parameters().get("base_salary.base_salary", dt.date(2010, 1, 1))  # before the first value
    ... except dm.ParameterError as err:
    ...     print(isinstance(err, LookupError))
    True
    """


class OutputError(DinhmucError, OSError):
    """The dossier cannot be written where asked: a read-only or missing folder, a full disk, another build.

    Raised before the work starts when it can be foreseen (``dinhmuc build``
    checks the output folder, its free space and its lock first).
    """

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped by a signal (SIGTERM, SIGHUP) or Ctrl-C; its staging folder has been removed.

    A ``KeyboardInterrupt`` so that no ``except Exception`` on the way swallows it.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class PriceError(DinhmucError, KeyError):
    """A cost would rest on a missing price or an unknown VAT status.

    >>> import datetime as dt, dinhmuc as dm
    >>> norm = dm.Norm(code="KC99", name="Thử", unit="lớp",
    ...                materials=[{"name": "Giấy A4", "unit": "ram", "quantity": 3}])
    >>> prices = dm.load_prices(dm.example_project_path().parent / "inputs" / "bang_gia.xlsx")
    >>> try:
    ...     dm.cost_norm(norm, prices, dt.date(2026, 9, 5), {"management_pct": 2.5})
    ... except dm.PriceError as err:  # never priced at 0 đ
    ...     print(isinstance(err, KeyError))
    True
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else tr("error.price")


def raise_if(problems: list[Problem], source: str | None = None) -> None:
    """Raise one :class:`InputError` carrying every problem, if there is any.

    Raises :class:`UnknownReferenceError` (also a ``KeyError``) when every
    problem is about an unknown name.
    """
    if not problems:
        return
    if all(p.code.startswith("unknown_") for p in problems):
        raise UnknownReferenceError(problems, source)
    raise InputError(problems, source)
