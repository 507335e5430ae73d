"""What every command shares (phần dùng chung của dòng lệnh): console, error report, flags, language.

Commands import from here, never from one another, so the ``cli`` package has no
import cycle. Every text goes through the message catalogue
(:mod:`dinhmuc.core.i18n`): Vietnamese by default, English with ``--lang en``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from ..core.errors import DinhmucError, InputError, Location, Problem
from ..core.i18n import tr

if TYPE_CHECKING:  # rich loads only when a command draws
    from rich.console import Console
    from rich.progress import Progress

#: Problems printed in full before the rest are summarised by kind.
MAX_SHOWN = 60


def console(stderr: bool = False):
    """A Rich console that prints the user's text as it is (no markup guessing, no highlighting)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, stderr=stderr)


#: How often the spinner of a long command redraws. rich's default (10 a second) takes the GIL from the build
#: often enough to cost about 8 % of a dossier on two cores (bench/bench_dossier.py, "progress"); 4 still moves.
SPINNER_REFRESH_PER_SECOND = 4


def spinner(out: Console, description: str) -> tuple[Progress, Callable[[str], None]]:
    """The transient spinner of ``dinhmuc build`` (rich Progress) and a ``progress(msg)`` callback for it.

    Use it as ``with bar: ...`` around the work; the callback sets the text shown beside the spinner."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=out,
        transient=True,
        refresh_per_second=SPINNER_REFRESH_PER_SECOND,
    )
    task = bar.add_task(description, total=None)

    def say(msg: str) -> None:
        bar.update(task, description=msg)

    return bar, say


def format_location(loc: Location) -> str:
    """Where a problem is, in the current language: file, sheet, row, field (with its Vietnamese label)."""
    return str(loc)


def format_problem(p: Problem) -> str:
    """One problem as the command line prints it: where, what, and what is accepted."""
    return str(p)


def fail(exc: DinhmucError, code: int = 1) -> NoReturn:
    """Print an error, with every problem it carries (each once), on stderr and exit non-zero."""
    out = console(stderr=True)
    if isinstance(exc, InputError):
        problems = list(dict.fromkeys(exc.problems))  # the same problem found twice is printed once
        head = (
            tr("error.problems_in", n=len(problems), source=exc.source)
            if exc.source
            else tr("error.problems", n=len(problems))
        )
        out.print(f"[bold red]{head}[/]")
        shown = problems[:MAX_SHOWN]
        for p in shown:
            out.print("  ✗ " + format_problem(p), markup=False)
        if len(problems) > len(shown):
            rest = Counter(p.code for p in problems[len(shown) :])
            out.print(
                "  "
                + tr(
                    "cli.and_more",
                    n=len(problems) - len(shown),
                    kinds=", ".join(f"{n} {code}" for code, n in rest.most_common()),
                ),
                markup=False,
            )
    else:
        out.print(tr("cli.error", text=exc), markup=False)
    raise typer.Exit(code)


def bad_choice(value: str, option: str, accepted: str) -> NoReturn:
    """Refuse an option value not among the accepted ones (exit 2, like any usage error)."""
    typer.echo(tr("cli.bad_choice", value=value, option=option, accepted=accepted), err=True)
    raise typer.Exit(2)


def _flags(params: list[Any]) -> list[Any]:
    """Flags show as flags (``--pdf``), not ``--pdf <bool>``; the help option speaks the current language.

    (Typer carries its own copy of click, so parameters are recognised by what they have, not their class.)
    """
    for p in params:
        if getattr(p, "is_flag", False) and not getattr(p, "count", False):
            p.metavar = ""
            if "--help" in p.opts:
                p.help = tr("cli.help_option")
    return params


class Command(TyperCommand):
    """A Typer command whose flags display without a type."""

    # Typer's vendored click types its context and parameters in a private module: these overrides keep Any
    def get_params(self, ctx: Any) -> list[Any]:
        return _flags(super().get_params(ctx))


class Group(TyperGroup):
    """The ``dinhmuc`` group: flags without a type, commands in the order they were added."""

    def get_params(self, ctx: Any) -> list[Any]:  # Typer's vendored click: see Command.get_params
        return _flags(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


def localise_help_panels() -> None:
    """Titles of Typer's help panels in the current language."""
    import typer.rich_utils as ru

    ru.ARGUMENTS_PANEL_TITLE = tr("cli.panel_arguments")
    ru.OPTIONS_PANEL_TITLE = tr("cli.panel_options")
    ru.COMMANDS_PANEL_TITLE = tr("cli.panel_commands")
    ru.DEFAULT_STRING = tr("cli.default_string")
    ru.REQUIRED_LONG_STRING = tr("cli.required_string")


def json_default(value: object) -> str:
    """JSON for what ``json.dumps`` does not know: Decimal and dates as text."""
    import datetime as _dt
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


__all__ = [
    "Command",
    "Group",
    "MAX_SHOWN",
    "bad_choice",
    "console",
    "fail",
    "format_location",
    "format_problem",
    "json_default",
    "localise_help_panels",
]
