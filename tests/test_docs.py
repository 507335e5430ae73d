"""The docs site: every public name documented with an example, generated pages current, the site builds.

The pages' own examples (README.md, docs/*.md) run as doctests through pyproject's
``--doctest-glob``; this file checks what holds the site together.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import dinhmuc as dm

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _resolve(path: str):
    """The object a ``::: dotted.path`` line of a page documents."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def _nav_files(nav) -> list[str]:
    out = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out += _nav_files(value) if isinstance(value, list) else [value]
    return out


def test_reference_page_documents_every_public_name_once():
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    documented = [_resolve(p) for p in re.findall(r"^::: ([\w.]+)$", text, flags=re.M)]
    public = [n for n in dm.__all__ if n != "__version__"]
    missing = [n for n in public if not any(obj is getattr(dm, n) for obj in documented)]
    assert missing == []
    assert len(documented) == len(public), "a name is documented twice, or a non-public one is listed"


def test_legal_parameters_page_is_the_generated_one(tmp_path):
    pages = _script("make_docs_pages")
    assert pages.check() == [], "run: python scripts/make_docs_pages.py"
    text = pages.params_page()
    # every parameter of the data is on the page, with each of its dates
    params = dm.load_parameters()
    for stem, f in params.files.items():
        for key, p in f.parameters.items():
            section = text.split(f"### `{stem}.{key}`", 1)[1].split("\n### ", 1)[0]
            for v in p.values:
                assert f"| {v.start.strftime('%d/%m/%Y')} |" in section, (stem, key, v.start)
    # a value changed in the data changes the page: nothing on it is copied by hand
    folder = tmp_path / "params"
    shutil.copytree(ROOT / "data" / "params", folder)
    salary = folder / "base_salary.yaml"
    salary.write_text(salary.read_text(encoding="utf-8").replace("value: 2530000", "value: 2610000"), encoding="utf-8")
    changed = pages.params_page(dm.load_parameters(folder))
    assert "| 01/07/2026 | 2.530.000 |" in text and "| 01/07/2026 | 2.530.000 |" not in changed
    assert "| 01/07/2026 | 2.610.000 |" in changed


def test_every_docs_page_is_in_the_nav_and_every_nav_entry_exists():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    nav = _nav_files(config["nav"])
    assert sorted(nav) == sorted(p.name for p in DOCS.glob("*.md"))


def test_readme_is_the_front_door_and_its_links_resolve():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 320
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (ROOT / target).exists(), target
    # the README links every page of the site
    for page in DOCS.glob("*.md"):
        assert f"docs/{page.name}" in text or page.name == "index.md", page.name


def test_doctest_blocks_become_code_blocks_in_the_reference():
    hooks = _script("docs_hooks")
    text = "Intro.\n\n>>> 1 + 1\n2\n>>> print('a')\na\n\nEnd.\n\n```yaml\n>>> not a doctest\n```"
    assert hooks.fence_doctests(text) == (
        "Intro.\n\n```pycon\n>>> 1 + 1\n2\n>>> print('a')\na\n```\n\nEnd.\n\n```yaml\n>>> not a doctest\n```"
    )
    assert hooks.fence_doctests(">>> x\n1") == "```pycon\n>>> x\n1\n```"
    assert hooks.plain_roles("a :class:`~dinhmuc.core.errors.InputError`, :mod:`dinhmuc.core.numbers`") == (
        "a `InputError`, `dinhmuc.core.numbers`"
    )


@pytest.mark.slow
def test_site_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    assert 'id="dinhmuc.build_norm"' in reference
    assert '<span class="gp">&gt;&gt;&gt; </span>' in reference  # doctests shown as code
    assert "<blockquote>\n<blockquote>" not in reference  # never as nested quotes
    assert ":class:<code>" not in reference and ":meth:<code>" not in reference  # Sphinx roles shown as code


def test_every_public_name_has_a_docstring_with_a_runnable_example():
    # the examples run with --doctest-modules; here: none is missing (python-stdnum's rule)
    missing = []
    for name in dm.__all__:
        if name == "__version__":  # a string: it has no docstring of its own
            continue
        doc = getattr(dm, name).__doc__ or ""
        if ">>>" not in doc:
            missing.append(name)
    assert missing == []


def test_every_picture_is_made_by_the_script_and_shown():
    pictures = _script("make_doc_images").PICTURES
    on_disk = {p.stem for p in (DOCS / "img").glob("*.png")}
    assert on_disk == set(pictures), "run: python scripts/make_doc_images.py"
    pages = "".join(p.read_text(encoding="utf-8") for p in [*DOCS.glob("*.md"), ROOT / "README.md"])
    assert [name for name in sorted(on_disk) if f"img/{name}.png" not in pages] == []


def test_every_dinhmuc_name_the_pages_mention_exists():
    # a module split or a rename must not leave the guides pointing at nothing
    pages = [*DOCS.glob("*.md"), ROOT / "README.md"]
    names = {
        m.rstrip(".") for p in pages for m in re.findall(r"(?<![/\w])dinhmuc\.[A-Za-z_][\w.]*", p.read_text("utf-8"))
    }
    broken = []
    for name in sorted(names):
        try:
            _resolve(name)
        except (ImportError, AttributeError):
            broken.append(name)
    assert broken == []


def test_every_dm_name_the_pages_use_exists():
    # `import dinhmuc as dm` loads names lazily: dm.appraisal.Council or dm.check_project in a guide fail
    pages = [*DOCS.glob("*.md"), ROOT / "README.md"]
    broken = []
    for page in pages:
        for dotted in re.findall(r"\bdm\.([A-Za-z_][\w.]*)", page.read_text("utf-8")):
            obj = dm
            try:
                for attr in dotted.rstrip(".").split("."):
                    obj = getattr(obj, attr)
            except AttributeError:
                broken.append(f"{page.name}: dm.{dotted}")
    assert broken == []
