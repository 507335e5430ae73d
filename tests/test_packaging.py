"""A regular install (a built wheel) carries data/ and templates/ and works away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_data_and_templates_and_runs_outside_the_repo(tmp_path):
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheel_dir)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheel_dir.glob("dinhmuc-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "dinhmuc/_data/catalog/khuyen_cong.yaml" in names
    assert "dinhmuc/_data/units.yaml" in names and "dinhmuc/_data/params/working_time.yaml" in names
    # typed package (PEP 561), both message catalogues, the licence
    assert "dinhmuc/py.typed" in names
    assert {f"dinhmuc/locale/{lang}/LC_MESSAGES/dinhmuc.po" for lang in ("vi", "en")} <= set(names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    for tracked in (ROOT / "templates").rglob("*"):
        if tracked.is_file():
            assert f"dinhmuc/_templates/{tracked.relative_to(ROOT / 'templates').as_posix()}" in names
    target = tmp_path / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert inst.returncode == 0, inst.stderr
    code = (
        "import dinhmuc as dm, pathlib; "
        "from dinhmuc._resources import data_dir; "
        "assert pathlib.Path(dm.__file__).is_relative_to(pathlib.Path(r'%s')), dm.__file__; "
        "assert '_data' in str(data_dir()); "
        "from dinhmuc.core.i18n import tr, use_language; "
        "print(len(dm.load_catalog()), dm.load_parameters().value('working_time.hours_per_day', "
        "__import__('datetime').date(2026, 1, 1)), tr('error.problems', n=2).split()[1])" % target
    )
    env = {**os.environ, "PYTHONPATH": str(target), "DINHMUC_LANG": "vi"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["10", "8", "lỗi"]
