"""No ``Any`` in a public signature (issue 15.5): what a public function takes and gives is stated.

A public function is one a user can reach: its name, its class's name and its module's path have no
leading underscore (dunder methods count as public). An argument that really takes anything is ``object``;
``Any`` switches the type checker off for every caller, so it is allowed only where a library's own types
are private (listed below with the reason) or in a package its owner is still cleaning (listed with the owner,
and the entry must go when the package is clean).
"""

from __future__ import annotations

import ast
from pathlib import Path

import dinhmuc

ROOT = Path(dinhmuc.__file__).parent

#: (module, qualified name) -> why ``Any`` stays.
ALLOWED: dict[tuple[str, str], str] = {
    # Typer carries its own copy of click and types Context and Parameter in a private module (typer._click)
    ("dinhmuc.cli.common", "Command.get_params"): "override of Typer's vendored click",
    ("dinhmuc.cli.common", "Group.get_params"): "override of Typer's vendored click",
    ("dinhmuc.cli.common", "Group.list_commands"): "override of Typer's vendored click",
    # speed (new today): write_dossier's keyword arguments, spread with **; to become a TypedDict of them
    ("dinhmuc.pipeline", "dossier_arguments"): "keyword arguments of write_dossier (owner: speed)",
}

#: Modules (prefixes) being cleaned by their owner today; each must still have a finding (remove it when clean).
BEING_CLEANED: dict[str, str] = {
    "dinhmuc.methods.statistical": "reading",
}


def _uses_any(node: ast.expr) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id == "Any":
            return True
        if isinstance(sub, ast.Attribute) and sub.attr == "Any":
            return True
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):  # a quoted annotation
            try:
                quoted = ast.parse(sub.value, mode="eval").body
            except SyntaxError:
                continue
            if _uses_any(quoted):
                return True
    return False


def _annotations(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    a = fn.args
    args = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x is not None)]
    out = [x.annotation for x in args if x.annotation is not None]
    if fn.returns is not None:
        out.append(fn.returns)
    return out


def _public(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def any_in_public_signatures(root: Path = ROOT) -> list[tuple[str, str, int]]:
    """(module, qualified name, line) of every public function with ``Any`` in its signature."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        module = ".".join(p for p in parts if p != "__init__")
        if any(p.startswith("_") and p != "__init__" for p in parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, prefix: str, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef) and _public(child.name):
                    visit(child, f"{prefix}{child.name}.")
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(child.name):
                    if any(_uses_any(x) for x in _annotations(child)):
                        found.append((module, prefix + child.name, child.lineno))

        visit(tree, "")
    return found


def _being_cleaned(module: str) -> str | None:
    return next((p for p in BEING_CLEANED if module == p or module.startswith(p + ".")), None)


def test_no_any_in_public_signatures():
    found = any_in_public_signatures()
    bad = [f"{m}.{q} (line {n})" for m, q, n in found if (m, q) not in ALLOWED and _being_cleaned(m) is None]
    assert bad == [], "Any in a public signature; state the type (object when anything is accepted): " + ", ".join(bad)


def test_the_allowances_are_still_needed():
    found = any_in_public_signatures()
    names = {(m, q) for m, q, _ in found}
    stale = [f"{m}.{q}" for m, q in ALLOWED if (m, q) not in names]
    assert stale == [], f"remove from ALLOWED (no Any any more): {stale}"
    modules = {_being_cleaned(m) for m, _, _ in found}
    clean = [p for p in BEING_CLEANED if p not in modules]
    assert clean == [], f"remove from BEING_CLEANED (clean now): {clean}"


def test_the_check_sees_any(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text(
        "from typing import Any\n"
        "import typing\n"
        "def a(x: Any) -> int: ...\n"
        "def b(x: int) -> dict[str, typing.Any]: ...\n"
        "def q(x: 'list[Any]') -> None: ...\n"
        "def _private(x: Any): ...\n"
        "class C:\n"
        "    def m(self, *args: Any): ...\n"
        "    def __call__(self, x: object) -> object: ...\n"
        "class _Hidden:\n"
        "    def m(self, x: Any): ...\n"
    )
    (pkg / "_inner.py").write_text("from typing import Any\ndef f(x: Any): ...\n")
    found = any_in_public_signatures(pkg)
    assert [(m, q) for m, q, _ in found] == [("pkg.m", "a"), ("pkg.m", "b"), ("pkg.m", "q"), ("pkg.m", "C.m")]
