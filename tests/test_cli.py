"""The dinhmuc command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dinhmuc as dm

SMALL = Path(__file__).parent / "cases" / "norm_set_small.yaml"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "dinhmuc", *args], capture_output=True, text=True, cwd=cwd, encoding="utf-8"
    )


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"dinhmuc {dm.__version__}"


def test_catalog_json_lists_the_ten_services():
    out = run("catalog", "--format", "json")
    assert out.returncode == 0, out.stderr
    services = json.loads(out.stdout)
    assert [s["code"] for s in services] == [f"KC{i:02d}" for i in range(1, 11)]
    assert all({"code", "name", "unit"} <= set(s) for s in services)
    assert services[0]["unit"] == "lớp" and services[0]["unit_text"] == "01 lớp (30 học viên, 60 ngày)"


def test_catalog_table_and_bad_format():
    out = run("catalog")
    assert out.returncode == 0 and "KC10" in out.stdout
    bad = run("catalog", "--format", "xml")
    assert bad.returncode == 2 and "chấp nhận: table, json" in bad.stderr


def test_validate_ok_and_failing(tmp_path):
    ok = run("validate", str(SMALL))
    assert ok.returncode == 0 and "không có lỗi" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SMALL.read_text(encoding="utf-8").replace("quantity: 60", "quantity: -60").replace("grade: II,", "grade: XX,"),
        encoding="utf-8",
    )
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert "2 lỗi" in out.stderr and "dòng 28" in out.stderr
    assert "hạng chức danh 'XX' không có trong danh mục" in out.stderr


def test_validate_excel_against_own_catalogue(tmp_path):
    path = tmp_path / "set.xlsx"
    dm.load_norm_set(SMALL).to_excel(path)
    assert run("validate", str(path)).returncode == 0
    assert run("validate", str(path), "--no-catalog").returncode == 0
