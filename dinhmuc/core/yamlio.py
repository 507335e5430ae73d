"""YAML reading and writing (đọc, ghi YAML) with exact numbers and line numbers.

Numbers with a decimal point are read as :class:`~decimal.Decimal` straight from
their text (``0.1`` stays exactly 0.1), and every error can be traced back to
the line of the file it came from. Writing is canonical (same object, same
text) and atomic.
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location, Problem
from .i18n import tr

#: Inputs larger than this are refused before parsing (a norm set is kilobytes).
MAX_INPUT_BYTES = 50 * 1024 * 1024


#: libyaml's parser and emitter when PyYAML was built with them (about 10x faster), else pure Python;
#: both give the same data, the same line numbers and the same text.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that reads floats as Decimal."""

    def __init__(self, stream):
        super().__init__(stream)
        self.nonfinite: list[tuple[int, str]] = []


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    low = text.lower()
    if low.lstrip("+-") in (".nan", ".inf"):
        # no input of dinhmuc has an infinite or undefined quantity: the value is kept so that the model reports
        # it with every other problem, and remembered so that it is refused even where the model takes Any
        loader.nonfinite.append((node.start_mark.line + 1, text))
        return Decimal("NaN") if low == ".nan" else Decimal("-Infinity" if low.startswith("-") else "Infinity")
    return Decimal(text)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Safe dumper that writes Decimal as plain numbers and never uses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    # A whole number is written as an integer unless it was written with decimals (2,0 stays 2.0).
    if value == value.to_integral_value() and abs(value) < Decimal(10) ** 15 and value.as_tuple().exponent >= 0:
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


class NodeLocator:
    """Finds the line of a value in the YAML file, given its path of keys and indexes."""

    def __init__(self, root: yaml.Node | None, file: str, nonfinite: list[tuple[int, str]] | None = None):
        self.root = root
        self.file = file
        #: (line, text) of every ``.inf``/``.nan`` read: refused by :meth:`refuse_nonfinite`
        self.nonfinite = list(nonfinite or [])

    def refuse_nonfinite(self) -> None:
        """Raise one error naming every infinite or undefined number of the file (issue 16: refused at read time)."""
        if self.nonfinite:
            raise InputError(
                [
                    Problem(
                        tr("yamlio.not_finite", text=text),
                        Location(self.file, row=row),
                        "not_a_number",
                        tr("yamlio.finite_number"),
                    )
                    for row, text in self.nonfinite
                ],
                self.file,
            )

    def line(self, path: Sequence[Any]) -> int | None:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        node = value
                        line = key.start_mark.line + 1
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def location(self, path: Sequence[Any], label: str | None = None) -> Location:
        return (
            Location(
                file=self.file,
                row=self.line(path),
                field=".".join(str(p) for p in path) or None,
                label=label if label else None,
            )
            if path
            else Location(file=self.file)
        )


def check_size(path: Path) -> None:
    """Refuse a missing file, or one far larger than any norm input (see :mod:`dinhmuc.core.files`)."""
    from .files import check_table_file

    check_table_file(path)


def _max_depth_hint(text: str) -> int:
    """An upper bound of the nesting depth, cheap to compute (brackets and indentation)."""
    indent = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + indent // 2 + 1


def _check_depth(text: str, file: str) -> None:
    """Refuse YAML nested deeper than the limit before composing it (a 3,000-level file exhausts the stack)."""
    from .files import limit

    max_depth = int(limit("yaml_depth"))
    if _max_depth_hint(text) <= max_depth:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):  # libyaml's events: a pure-Python scan cost 10x
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    row = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError(
                        Problem(
                            tr("yamlio.deeper_than", max_depth=max_depth),
                            Location(file, row=row),
                            "yaml_depth",
                            tr("yamlio.at_most_levels", max_depth=max_depth),
                        )
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the parser below reports the syntax error with its line


def _control_problems(node: yaml.Node | None, file: str) -> list[Problem]:
    """Text values holding control characters (escaped as "\\x01" in the file), with their lines."""
    from .files import control_characters

    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            bad = control_characters(n.value) if isinstance(n.value, str) else []
            if bad:
                problems.append(
                    Problem(
                        tr("files.control_character", bad=", ".join(bad)),
                        Location(file, row=n.start_mark.line + 1),
                        "control_character",
                        tr("files.no_control_characters"),
                    )
                )
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
    return problems


@contextlib.contextmanager
def without_gc():
    """Run a block that makes many small objects with the cyclic garbage collector paused.

    A YAML document of n nodes keeps every node (and its two marks) alive until it
    is built; the collector then walks them again and again, and composing a
    1,000-service catalogue took 10x longer than reading 100 services 10 times
    (measured in bench/bench_scaling.py). Nothing made here forms a cycle that
    needs the collector; it is switched back on (if it was on) at the end.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_yaml(text: str, file: str = "<text>") -> tuple[Any, NodeLocator]:
    """Parse YAML text; return the data and a locator for error lines.

    Refuses text nested deeper than the limit, control characters and
    non-finite numbers (``.inf``, ``.nan``), each with its line.
    """
    _check_depth(text, file)
    loader = _Loader(text)
    try:
        with without_gc():
            node = loader.get_single_node()
            problems = _control_problems(node, file)
            if problems:
                raise InputError(problems, file)
            data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        from .i18n import tr
        from .yamlwords import explain  # the parser's jargon in plain words, at the line to fix (config)

        row, reason = explain(exc, text)
        raise InputError(Problem(reason, Location(file, row=row), "yaml_syntax", tr("yaml.accepted"))) from None
    except InputError:
        raise
    except (yaml.YAMLError, ValueError, ArithmeticError) as exc:
        raise InputError(Problem(tr("yamlio.not_valid_yaml", exc=exc), Location(file), "yaml_syntax")) from None
    except RecursionError:
        raise InputError(
            Problem(tr("yamlio.too_deep"), Location(file), "yaml_depth", tr("yamlio.fewer_levels"))
        ) from None
    finally:
        loader.dispose()
    from .yamlwords import duplicate_keys

    twice = duplicate_keys(node)
    if twice:  # YAML keeps the last value silently; a value the user wrote would be lost
        from .i18n import tr

        raise InputError(
            [
                Problem(
                    tr("yaml.duplicate", key=key, first=first),
                    Location(file, row=line, field=key),
                    "duplicate_key",
                    tr("yaml.duplicate_hint"),
                )
                for key, line, first in twice
            ]
        )
    return data, NodeLocator(node, file, loader.nonfinite)


def read_yaml(path: str | Path) -> tuple[Any, NodeLocator]:
    """Read a YAML file (never modifying it); return the data and a locator."""
    from .files import read_text

    path = Path(path)
    text = read_text(path, kind="yaml")
    return parse_yaml(text, str(path))


def read_yaml_mapping(path: str | Path) -> tuple[dict, NodeLocator]:
    """Read a YAML file whose top level must be a mapping."""
    data, locator = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            Problem(
                tr("yamlio.top_not_mapping"),
                Location(str(path), row=1),
                "yaml_shape",
                tr("yamlio.key_value_lines"),
            )
        )
    return data, locator


def dump_yaml(data: Any, header: str | None = None) -> str:
    """Canonical YAML text: key order kept, Unicode as is, Decimals exact."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text


def write_text_atomic(path: str | Path, text: str | bytes) -> Path:
    """Write a file atomically: a temporary file beside it, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        from .files import file_mode

        os.fchmod(fd, file_mode())  # mkstemp makes 0600; an output honours the umask like open() (issue 10.8)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def replace_folder(finished: str | Path, target: str | Path) -> Path:
    """Put a finished folder in place of ``target``; a dossier is at ``target`` at every instant.

    A new ``target`` is one rename. An existing one is swapped with the
    finished folder in one atomic exchange (Linux), then the old one — now at
    the finished folder's path — is removed. Where the exchange is not
    available, the old folder is renamed aside, the new one renamed in, and
    the old one put back if that second rename fails.
    """
    import shutil

    finished, target = Path(finished), Path(target)
    if not target.exists():
        os.replace(finished, target)
        return target
    if _exchange(finished, target):
        shutil.rmtree(finished, ignore_errors=True)
        return target
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(finished, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target
