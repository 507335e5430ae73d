"""`import dinhmuc` is cheap: no submodule, pandas, pydantic, python-docx or matplotlib until a name is used;
then every public name and every subpackage resolves (``dm.build_project``, ``dm.appraisal.Council``)."""

from __future__ import annotations

import json
import subprocess
import sys

import dinhmuc

HEAVY = ("pandas", "pydantic", "docx", "docxtpl", "openpyxl", "matplotlib", "PIL", "yaml", "babel", "pandera")


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_import_dinhmuc_loads_nothing_heavy():
    loaded = _run(
        "import sys, json, dinhmuc\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith('dinhmuc.'))))"
    )
    assert [m for m in loaded if m not in ("dinhmuc._version",)] == []


def test_every_public_name_and_subpackage_resolves():
    got = _run(
        "import json, dinhmuc as dm\n"
        "names = {n: type(getattr(dm, n)).__name__ for n in dm.__all__}\n"
        "subs = {n: getattr(dm, n).__name__ for n in sorted(dm._SUBPACKAGES)}\n"
        "print(json.dumps({'names': names, 'subs': subs, 'dir': sorted(set(dm.__all__) - set(dir(dm)))}))"
    )
    assert set(got["names"]) == set(dinhmuc.__all__) and got["dir"] == []
    assert got["subs"] == {n: f"dinhmuc.{n}" for n in dinhmuc._SUBPACKAGES}
    assert got["names"]["build_project"] == "function" and got["names"]["Norm"] == "ModelMetaclass"


def test_an_unknown_name_is_an_attribute_error():
    try:
        dinhmuc.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("dinhmuc.no_such_name resolved")
