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

#: Inputs larger than this are refused before parsing (a norm set is kilobytes).
MAX_INPUT_BYTES = 50 * 1024 * 1024


#: libyaml's parser and emitter when PyYAML was built with them (about 10x faster), else pure Python;
#: both give the same data, the same line numbers and the same text.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader that reads floats as Decimal."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    low = text.lower()
    if low in (".nan",):
        return Decimal("NaN")
    if low in (".inf", "+.inf"):
        return Decimal("Infinity")
    if low == "-.inf":
        return Decimal("-Infinity")
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

    def __init__(self, root: yaml.Node | None, file: str):
        self.root = root
        self.file = file

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
        return Location(file=self.file, row=self.line(path), field=".".join(str(p) for p in path) or None,
                        label=label if label else None) if path else Location(file=self.file)


def check_size(path: Path) -> None:
    """Refuse a missing file, or one far larger than any norm input."""
    if not path.exists():
        raise InputError(Problem("file not found", Location(str(path)), "missing_file",
                                 "a path to an existing .yaml, .yml or .xlsx file"))
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(Problem(f"file is {size:,} bytes, larger than the {MAX_INPUT_BYTES:,} accepted",
                                 Location(str(path)), "too_large", "a norm input under 50 MB"))


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
    """Parse YAML text; return the data and a locator for error lines."""
    loader = _Loader(text)
    try:
        with without_gc():
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + 1 if mark else None
        reason = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise InputError(Problem(f"not valid YAML: {reason}", Location(file, row=row), "yaml_syntax",
                                 "YAML as written by `dinhmuc` (key: value, lists with '- ')")) from None
    except (yaml.YAMLError, ValueError, ArithmeticError) as exc:
        raise InputError(Problem(f"not valid YAML: {exc}", Location(file), "yaml_syntax")) from None
    finally:
        loader.dispose()
    return data, NodeLocator(node, file)


def read_yaml(path: str | Path) -> tuple[Any, NodeLocator]:
    """Read a YAML file (never modifying it); return the data and a locator."""
    path = Path(path)
    check_size(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text (byte {exc.start})", Location(str(path)), "encoding",
                                 "a UTF-8 YAML file")) from None
    if "\x00" in text:
        raise InputError(Problem("binary content (NUL bytes), not a YAML file", Location(str(path)), "yaml_syntax",
                                 "a UTF-8 YAML file"))
    return parse_yaml(text, str(path))


def read_yaml_mapping(path: str | Path) -> tuple[dict, NodeLocator]:
    """Read a YAML file whose top level must be a mapping."""
    data, locator = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(Problem("the top level must be a mapping of keys to values", Location(str(path), row=1),
                                 "yaml_shape", "key: value lines at the top of the file"))
    return data, locator


def dump_yaml(data: Any, header: str | None = None) -> str:
    """Canonical YAML text: key order kept, Unicode as is, Decimals exact."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
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
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def replace_folder(finished: str | Path, target: str | Path) -> Path:
    """Put a finished folder in place of ``target`` in one rename (the old one, if any, is removed after).

    A reader sees the old folder or the new one, never a half-written one.
    """
    import shutil

    finished, target = Path(finished), Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(finished, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target
