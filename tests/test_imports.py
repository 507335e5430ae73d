"""The layers a newcomer can see: no import cycle, no upward import, no reaching into private names.

Every import of every module is read from its source — including imports inside
functions, which Python runs later and which hid three cycles — except those under
``if TYPE_CHECKING:`` (never run). Importing ``a.b.c`` runs ``a`` and ``a.b`` too, so
those are edges as well (but not a module's own parent packages, already running).

The layers, lowest first (a module may import its own layer or a lower one):

====  ========================================================================
0     ``core`` (errors, labels, registry, formatting, dates, YAML, messages), ``_resources``, ``_version``
1     ``norm``, ``io``, ``catalog``, ``params``, ``law``, ``procedure``, ``evidence``, ``methods``
2     ``costing``
3     ``dossier``, ``appraisal``, ``tables`` (reads published norm tables back with the dossier's headers)
4     ``project``, ``pipeline``, ``scaffold``
5     ``cli``, the package itself (``import dinhmuc as dm``), ``__main__``
====  ========================================================================

A new top-level module must be given its layer in :data:`LAYERS` (the test says so).
"""

from __future__ import annotations

import ast
from pathlib import Path

import dinhmuc

ROOT = Path(dinhmuc.__file__).parent

LAYERS: dict[str, int] = {
    "dinhmuc.core": 0,
    "dinhmuc._resources": 0,
    "dinhmuc._version": 0,
    "dinhmuc.norm": 1,
    "dinhmuc.io": 1,
    "dinhmuc.catalog": 1,
    "dinhmuc.params": 1,
    "dinhmuc.law": 1,
    "dinhmuc.procedure": 1,
    "dinhmuc.evidence": 1,
    "dinhmuc.methods": 1,
    "dinhmuc.costing": 2,
    "dinhmuc.dossier": 3,
    "dinhmuc.tables": 3,
    "dinhmuc.appraisal": 3,
    "dinhmuc.project": 4,
    "dinhmuc.pipeline": 4,
    "dinhmuc.scaffold": 4,
    "dinhmuc.cli": 5,
    "dinhmuc": 5,
    "dinhmuc.__main__": 5,
}

#: Known cycles being broken by their owners; each entry must still exist (remove it when fixed).
ALLOWED_CYCLES: list[frozenset[str]] = []

#: Known upward imports (importer prefix, imported module), with the owner who removes them (must still exist).
ALLOWED_UPWARD: set[tuple[str, str]] = {
    # papers (issue 10): the explanatory report asks the package for `explain`; methods.explain is below dossier
    ("dinhmuc.dossier", "dinhmuc"),
}

#: Known imports of another module's private name, with the owner who removes them (must still exist).
ALLOWED_PRIVATE: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()
PACKAGES = {m for m, p in MODULES.items() if p.name == "__init__.py"}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports(module: str) -> list[tuple[str, list[str], int]]:
    """(target module, names imported from it, line) for every import in ``module`` that runs."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    base = module if module in PACKAGES else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                target = anchor + ("." + node.module if node.module else "")
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            attributes = [n for n in names if f"{target}.{n}" not in MODULES]
            if attributes or not (module == target or module.startswith(target + ".")):
                # names taken from the package itself; `from . import evidence` only runs a submodule
                out.append((target, attributes, node.lineno))
            out += [(f"{target}.{n}", [], node.lineno) for n in names if f"{target}.{n}" in MODULES]
    return [(t, n, line) for t, n, line in out if t == "dinhmuc" or t.startswith("dinhmuc.")]


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for m in MODULES:
        for target, _, _ in _imports(m):
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                q = ".".join(parts[:i])
                if q in MODULES and not (m == q or m.startswith(q + ".")):
                    edges[m].add(q)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = set()
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.add(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    found.append(frozenset(comp))
    return found


def layer_of(module: str) -> int | None:
    """The declared layer of ``module`` (by its longest declared prefix), or None."""
    parts = module.split(".")
    for i in range(len(parts), 1, -1):
        prefix = ".".join(parts[:i])
        if prefix in LAYERS:
            return LAYERS[prefix]
    return LAYERS["dinhmuc"] if module == "dinhmuc" else None


def test_the_walk_sees_function_level_imports():
    # pipeline imports the methods inside a function (build_norm); a walk of module-level code would miss it
    assert "dinhmuc.methods" in _graph()["dinhmuc.pipeline"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]


def test_no_import_cycle():
    cycles = _cycles(_graph())
    unexpected = [sorted(c) for c in cycles if c not in ALLOWED_CYCLES]
    assert unexpected == [], f"import cycles: {unexpected}"
    fixed = [sorted(c) for c in ALLOWED_CYCLES if c not in cycles]
    assert fixed == [], f"these cycles are gone: remove them from ALLOWED_CYCLES: {fixed}"


def test_every_module_has_a_layer_and_imports_nothing_above_it():
    undeclared = sorted(m for m in MODULES if layer_of(m) is None)
    assert undeclared == [], f"declare the layer of {undeclared} in LAYERS (tests/test_imports.py)"
    upward, allowed = [], set()
    for m in MODULES:
        for target, _, line in _imports(m):
            t = layer_of(target)
            if t is not None and t > layer_of(m):
                known = {(p, x) for p, x in ALLOWED_UPWARD if x == target and (m == p or m.startswith(p + "."))}
                if known:
                    allowed |= known
                    continue
                upward.append(
                    f"{MODULES[m].relative_to(ROOT.parent)}:{line} {m} (layer {layer_of(m)}) imports "
                    f"{target} (layer {t})"
                )
    assert upward == [], "\n".join(upward)
    assert ALLOWED_UPWARD - allowed == set(), f"fixed: remove from ALLOWED_UPWARD: {ALLOWED_UPWARD - allowed}"


def test_no_import_of_another_modules_private_names():
    found = set()
    for m in MODULES:
        for target, names, _ in _imports(m):
            for n in names:
                # a package may share private helpers among its own modules (papers.common._header)
                owner = target.rpartition(".")[0] if target not in PACKAGES else target
                inside = m == owner or m.startswith(owner + ".")
                if n.startswith("_") and not n.startswith("__") and target != m and not inside:
                    found.add((m, f"{target}.{n}"))
            # a private module (``_common``) is for its own package only
            private = [
                i for i, part in enumerate(target.split(".")) if part.startswith("_") and not part.startswith("__")
            ]
            if private:
                owner = ".".join(target.split(".")[: private[0]])
                if not (m == owner or m.startswith(owner + ".")):
                    found.add((m, target))
    assert found - ALLOWED_PRIVATE == set(), f"private names imported: {sorted(found - ALLOWED_PRIVATE)}"
    stale = ALLOWED_PRIVATE - found
    assert stale == set(), f"fixed: remove from ALLOWED_PRIVATE: {sorted(stale)}"
