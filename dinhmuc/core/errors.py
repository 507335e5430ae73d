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
    """Where a problem is (vị trí): file, sheet, row, field."""

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
    """Base class of every error dinhmuc raises."""


class InputError(DinhmucError, ValueError):
    """Bad input: one or more problems, all reported together."""

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
    """A name that is not in its list: unknown unit, grade, service or driver."""


class ParameterError(DinhmucError, LookupError):
    """A legal parameter cannot be given for the date asked (before its first value)."""


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
    """A cost would rest on a missing price or an unknown VAT status."""

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
