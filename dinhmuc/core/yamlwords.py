"""YAML mistakes in plain words (lỗi YAML bằng lời thường), with the line to look at.

PyYAML says ``expected <block end>, but found '<block mapping start>'``; an
officer editing ``project.yaml`` needs "the indentation of line 12 does not match
the lines above it". :func:`explain` turns a parser error into a message of the
catalogue (Vietnamese by default) and the line where the fix is, and
:func:`duplicate_keys` finds a key written twice in one mapping — which YAML
would otherwise settle silently by keeping the last value.

>>> import yaml
>>> from dinhmuc.core.i18n import use_language
>>> try:
...     yaml.safe_load("a:\\n  b: 1\\n c: 2\\n")
... except yaml.MarkedYAMLError as exc:
...     with use_language("en"):
...         line, message = explain(exc)
>>> line, message.split(":")[0]
(3, 'the indentation of this line does not match the lines above it')
"""

from __future__ import annotations

from typing import Any

import yaml

from .i18n import tr

#: (words in PyYAML's message, catalogue key, use the mark where the construct started)
_RULES: tuple[tuple[str, str, bool], ...] = (
    ("'\\t'", "yaml.tab", False),
    ("quoted scalar", "yaml.quote", True),
    ("expected ',' or ']'", "yaml.flow_list", True),
    ("expected ',' or '}'", "yaml.flow_map", True),
    ("mapping values are not allowed", "yaml.colon", False),
    ("could not find expected ':'", "yaml.missing_colon", False),
    ("expected <block end>", "yaml.indent", False),
    ("did not find expected key", "yaml.indent", False),
    ("did not find expected '-' indicator", "yaml.dash", False),
    ("undefined alias", "yaml.alias", False),
    ("cannot start any token", "yaml.bad_start", False),
    ("expected a single document", "yaml.documents", False),
)


def _char_at(source: str | None, mark: Any) -> str:
    """The character the parser stopped at (libyaml does not name it)."""
    if source is None or mark is None:
        return ""
    lines = source.splitlines()
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def explain(exc: yaml.MarkedYAMLError, source: str | None = None) -> tuple[int | None, str]:
    """The line (1-based) and a plain message for a PyYAML (or libyaml) error on the text ``source``."""
    text = " ".join(str(x) for x in (exc.context, exc.problem) if x)
    if "cannot start any token" in text and _char_at(source, exc.problem_mark) == "\t":
        text += " '\\t'"
    for words, key, at_start in _RULES:
        if words in text:
            mark = (exc.context_mark if at_start else None) or exc.problem_mark or exc.context_mark
            char = ""
            if key == "yaml.bad_start":
                found = (exc.problem or "").split("'")
                char = found[1] if len(found) > 2 else _char_at(source, exc.problem_mark)
            return (mark.line + 1 if mark else None), tr(key, char=char)
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1 if mark else None), tr("yaml.other")


def duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int, int]]:
    """Every key written twice in one mapping: (key, line of the repeat, line of the first), in file order."""
    found: list[tuple[str, int, int]] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in seen and key.value != "<<":
                        found.append((key.value, line, seen[key.value]))
                    seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(found, key=lambda f: f[1])


__all__ = ["duplicate_keys", "explain"]
