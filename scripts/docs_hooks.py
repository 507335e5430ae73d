"""MkDocs hooks and a griffe extension for the docs site (``mkdocs.yml`` names this file twice).

- ``on_pre_build``: the legal-parameters page must equal what ``scripts/make_docs_pages.py``
  generates from ``data/params`` and ``data/legal``; a stale page is an error, so
  ``mkdocs build --strict`` (run by ``.ci/run``) fails instead of publishing hand-kept figures.
- ``DoctestFences``: docstrings carry their examples as bare doctest blocks (``>>>``), which
  ``pytest --doctest-modules`` runs; Markdown would read ``>>>`` as nested quotes, so the
  reference shows each block as a ``pycon`` code block instead, and Sphinx roles
  (``:class:`~x.Y```) as code spans. The docstrings themselves are unchanged.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import griffe

ROOT = Path(__file__).resolve().parents[1]


def _pages_module():
    spec = importlib.util.spec_from_file_location("make_docs_pages", ROOT / "scripts" / "make_docs_pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_pre_build(config: Any, **kwargs: Any) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    problems = _pages_module().check()
    if problems:
        from mkdocs.exceptions import PluginError

        raise PluginError("; ".join(problems))


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (from a ``>>>`` line to the next blank line) in a pycon fence.

    >>> print(fence_doctests("Intro.\\n\\n>>> 1 + 1\\n2\\n\\nEnd."))
    Intro.
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    End.
    """
    out: list[str] = []
    in_block = False
    in_fence = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not in_block and stripped.startswith("```"):
            in_fence = not in_fence
        if not in_fence and not in_block and stripped.startswith(">>>"):
            out.append("```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append("```")
            in_block = False
        out.append(line)
    if in_block:
        out.append("```")
    return "\n".join(out)


#: a Sphinx cross-reference role as the docstrings write them: :class:`~dinhmuc.core.errors.InputError`
_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`(~?)([^`]+)`")


def plain_roles(text: str) -> str:
    """Sphinx roles become code spans (``~`` keeps the last name, as Sphinx prints it).

    >>> plain_roles("raises :class:`~dinhmuc.core.errors.InputError` (see :meth:`Norm.apply`)")
    'raises `InputError` (see `Norm.apply`)'
    """
    return _ROLE.sub(lambda m: f"`{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}`", text)


class DoctestFences(griffe.Extension):
    """Show docstring doctests as code blocks, and Sphinx roles as code, in the API reference."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_doctests(obj.docstring.value))
