"""The typed project file: every section checked on load and by `dinhmuc build --check`, each mistake once with
its line; the project's own legal parameters used by the build and the appraisal alike."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import dinhmuc as dm
from dinhmuc.core.i18n import use_language
from dinhmuc.pipeline import build_project

EXAMPLE = Path(dm.example_project_path()).parent


def _copy(tmp_path, edit=None) -> Path:
    dst = tmp_path / "du_an"
    shutil.copytree(EXAMPLE, dst)
    if edit is not None:
        path = dst / "project.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return dst


def _line_of(folder: Path, text: str) -> int:
    lines = (folder / "project.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _problems(folder: Path) -> list[dm.Problem]:
    with pytest.raises(dm.InputError) as err:
        dm.load_project(folder)
    return err.value.problems


def test_the_example_loads_typed():
    project = dm.load_project(dm.example_project_path())
    assert isinstance(project.costing, dm.CostingOptions) and project.costing.management_pct == Decimal("2.5")
    assert project.build.declared() == {"rounding_decimals": 2, "idle_pct": {"*": Decimal(10)}}
    assert project.signer.signer_title == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert project.parameters is dm.default_parameters()  # no files of its own: the bundled set
    opts = project.options_for("KC01")
    assert opts.as_of == project.as_of and opts.idle_pct == {"*": Decimal(10)}


def test_a_typo_in_costing_is_one_error_with_its_line_the_accepted_keys_and_a_suggestion(tmp_path):
    folder = _copy(tmp_path, lambda t: t.replace("  management_pct: 2.5", "  managment_pct: 2.5"))
    problems = _problems(folder)
    typo = [p for p in problems if p.code == "extra_key"]
    assert len(typo) == 1
    (p,) = typo
    assert p.location.row == _line_of(folder, "managment_pct") and p.location.field == "costing.managment_pct"
    assert "management_pct" in p.message  # did you mean
    assert "management_pct" in p.accepted and "working_days_per_month" in p.accepted
    # the required management_pct is now missing: said once, at the costing section
    assert [q.location.field for q in problems if q.code == "missing"] == ["costing.management_pct"]


def test_a_typo_in_build_is_reported_once_not_once_per_service(tmp_path):
    folder = _copy(tmp_path, lambda t: t.replace("  rounding_decimals: 2", "  rounding_decimals: 2\n  iqr_kk: 2"))
    problems = _problems(folder)
    assert len(problems) == 1
    (p,) = problems
    assert p.code == "extra_key" and p.location.field == "build.iqr_kk"
    assert p.location.row == _line_of(folder, "iqr_kk") and "iqr_k" in p.accepted.split(", ")


def test_a_bad_shared_value_is_reported_once_at_build(tmp_path):
    folder = _copy(tmp_path, lambda t: t.replace("  rounding_decimals: 2", "  rounding_decimals: 2\n  iqr_k: -1"))
    problems = _problems(folder)
    assert [(p.location.field, p.location.row) for p in problems] == [("build.iqr_k", _line_of(folder, "iqr_k"))]


def test_a_service_option_its_method_does_not_know_names_the_method_keys(tmp_path):
    folder = _copy(
        tmp_path, lambda t: t.replace("      preparation_pct: 5\n", "      preparation_pct: 5\n      iqr_k: 2\n", 1)
    )
    problems = _problems(folder)
    assert len(problems) == 1
    (p,) = problems
    assert p.location.field == "services.KC05.options.iqr_k" and p.location.row == _line_of(folder, "iqr_k: 2")
    assert "preparation_pct" in p.accepted  # KC05 is built by the standard method


def test_the_old_parameters_key_gets_a_migration_error_and_the_rest_is_still_checked(tmp_path):
    folder = _copy(
        tmp_path, lambda t: t.replace("\ncosting:\n", "\nparameters:\n").replace("\ntitle:", "\ntitel: x\ntitle:", 1)
    )
    with use_language("en"):
        problems = _problems(folder)
    codes = {p.code: p for p in problems}
    assert set(codes) == {"renamed_key", "extra_key"}
    renamed = codes["renamed_key"]
    assert renamed.location.row == _line_of(folder, "parameters:") and "'costing'" in renamed.message
    assert "legal_parameters" in renamed.message
    assert codes["extra_key"].location.field == "titel" and "title" in codes["extra_key"].accepted


def test_dates_in_the_project_accept_the_vietnamese_form(tmp_path):
    folder = _copy(
        tmp_path,
        lambda t: t.replace("as_of: 2026-09-05", "as_of: 05/09/2026").replace(
            "effective_from: 2027-01-01", "effective_from: 31/02/2027"
        ),
    )
    problems = _problems(folder)
    assert len(problems) == 1  # the bad date once, never a second time as "missing"
    assert problems[0].location.field == "decision.effective_from" and "31/02/2027" in problems[0].message
    folder2 = _copy(tmp_path / "b", lambda t: t.replace("as_of: 2026-09-05", "as_of: 05/09/2026"))
    assert dm.load_project(folder2).as_of == dt.date(2026, 9, 5)


def test_a_missing_legal_parameter_file_is_named_with_its_line(tmp_path):
    folder = _copy(tmp_path, lambda t: t + "legal_parameters:\n  files: [tham_so/base_salary.yaml]\n")
    (p,) = _problems(folder)
    assert p.code == "missing_file" and p.location.field == "legal_parameters.files.0"
    assert p.location.row == _line_of(folder, "files: [tham_so")


OWN_BASE_SALARY = """\
# Test data: a province's own base-salary file that stops at the 2024 value (all verified).
title: Mức lương cơ sở (tệp riêng của dự án, dữ liệu kiểm thử)
last_reviewed: 2026-11-01
parameters:
  base_salary:
    label: Mức lương cơ sở
    unit: đồng/tháng
    values:
      - from: 2024-07-01
        value: 2340000
        citation: {document: "Nghị định 73/2024/NĐ-CP", article: "Điều 3 khoản 2"}
        verified: true
"""


@pytest.fixture(scope="module")
def own_parameters(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("own")
    folder = _copy(tmp, lambda t: t + "legal_parameters:\n  files: [tham_so/base_salary.yaml]\n")
    (folder / "tham_so").mkdir()
    (folder / "tham_so" / "base_salary.yaml").write_text(OWN_BASE_SALARY, encoding="utf-8")
    return folder


def test_the_projects_own_parameters_price_the_build_and_are_in_the_manifest(own_parameters, tmp_path):
    project = dm.load_project(own_parameters)
    assert project.uses_own_parameters
    assert project.parameters.value("base_salary.base_salary", project.as_of) == Decimal(2340000)
    own = build_project(project, out=tmp_path / "ho_so")
    bundled = build_project()
    # labour is priced on the project's base salary: every service with labour costs less than with the bundled one
    assert all(own.costs[c].total < bundled.costs[c].total for c in own.costs)
    used = {
        p.document
        for up in own.costs.values()
        for p in up.parameters()
        if p.name == "base_salary.base_salary"
        for p in [p.citation]
    }
    assert used == {"Nghị định 73/2024/NĐ-CP"}
    manifest = json.loads((tmp_path / "ho_so" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["parameters"] if p["file"] == "base_salary.yaml")
    assert entry["source"] == "project" and entry["path"].endswith("tham_so/base_salary.yaml")
    assert {p["source"] for p in manifest["parameters"] if p["file"] != "base_salary.yaml"} == {"bundled"}
    import hashlib

    assert entry["sha256"] == hashlib.sha256((own_parameters / "tham_so" / "base_salary.yaml").read_bytes()).hexdigest()
    # the appraisal of the build checked the same parameters: the bundled 2026 value is not flagged
    flagged = {f.field for f in own.appraisal.findings if f.code == "unverified"}
    assert "base_salary.base_salary" not in flagged
    assert "base_salary.base_salary" in {f.field for f in bundled.appraisal.findings if f.code == "unverified"}


def test_dinhmuc_appraise_of_a_project_uses_its_own_parameters(own_parameters):
    run = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "appraise", str(own_parameters), "-f", "json", "--all"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    data = json.loads(run.stdout)
    unverified = {f["field"] for f in data["findings"] if f["code"] == "unverified"}
    assert unverified and "base_salary.base_salary" not in unverified


def test_check_reports_a_typo_once_with_its_line(tmp_path):
    folder = _copy(tmp_path, lambda t: t.replace("  rounding_decimals: 2", "  rounding_decimals: 2\n  iqr_kk: 2"))
    run = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "build", str(folder), "--check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 1
    text = run.stdout + run.stderr
    assert text.count("✗") == 1 and f"dòng {_line_of(folder, 'iqr_kk')}" in text
    assert "1 lỗi" in text and "chấp nhận:" in text


def test_a_typo_in_the_papers_facts_is_found_on_load(tmp_path):
    folder = _copy(tmp_path, lambda t: t.replace("\ndossier:\n", "\ndossier:\n  recipent: x\n", 1))
    (p,) = _problems(folder)
    assert (
        p.code == "extra_key"
        and p.location.field == "dossier.recipent"
        and p.location.row == _line_of(folder, "recipent")
    )
    assert "explanations" in p.accepted


def test_every_signer_key_the_papers_read_is_typed():
    from dinhmuc.dossier.info import SIGNER_KEYS
    from dinhmuc.project import Signer

    assert set(SIGNER_KEYS) <= set(Signer.model_fields)
