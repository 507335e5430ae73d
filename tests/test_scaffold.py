"""`dinhmuc init`: a first project without trial and error.

A fresh scaffold for three services is filled the way a clerk fills it (rows added
under the form rows, prices typed in), and builds with no error; the form rows
left blank are skipped with one notice each file; the commands the scaffold
prints and writes in project.yaml are the ones that work.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from project_helpers import price_every_row

import dinhmuc as dm
from dinhmuc.evidence.schemas import DRIVER_COLUMNS
from dinhmuc.pipeline import build_project, load_inputs
from dinhmuc.scaffold import BLANK, build_commands, init_project

AS_OF = dm.load_project(dm.example_project_path()).as_of
CHOSEN = ["KC01", "KC03", "KC05"]


def _fill_settlements(folder: Path, rng) -> int:
    """Five projects a year for 2023-2025 under the form rows, which stay blank; returns the form row count."""
    catalog = dm.load_catalog()
    path = folder / "inputs" / "quyet_toan.xlsx"
    wb = load_workbook(path)
    ws = wb["Quyết toán"]
    header = [c.value for c in ws[1]]
    forms = [dict(zip(header, [c.value for c in row], strict=False)) for row in ws.iter_rows(min_row=2)]
    for year in (2023, 2024, 2025):
        for k in range(5):
            for t in forms:
                spec = catalog[t["Mã dịch vụ"]]
                row = dict(
                    t,
                    **{
                        "Năm": year,
                        "Mã dự án": f"{t['Mã dịch vụ']}-{year}-{k}",
                        "Số lượng tiêu hao": round(float(rng.uniform(8, 12)), 1),
                    },
                )
                for d in spec.drivers:
                    row[DRIVER_COLUMNS[d.code]] = float(d.reference)
                ws.append([row.get(h) for h in header])
    wb.save(path)
    return len(forms)


def _fill_experts(folder: Path, rng) -> None:
    """Three experts give a, m, b for every form row; the form rows stay in place, blank."""
    path = folder / "inputs" / "chuyen_gia.xlsx"
    wb = load_workbook(path)
    ws = wb["Chuyên gia"]
    header = [c.value for c in ws[1]]
    forms = [dict(zip(header, [c.value for c in row], strict=False)) for row in ws.iter_rows(min_row=2)]
    for _i, name in enumerate(("Chuyên gia thử 1", "Chuyên gia thử 2", "Chuyên gia thử 3")):
        for t in forms:
            m = round(float(rng.uniform(4, 6)), 1)
            ws.append(
                [
                    {
                        **t,
                        "Họ tên chuyên gia": name,
                        "Chức vụ, đơn vị": "Kiểm thử",
                        "Thấp nhất (a)": m - 1,
                        "Nhiều khả năng nhất (m)": m,
                        "Cao nhất (b)": m + 1,
                    }.get(h)
                    for h in header
                ]
            )
    wb.save(path)


def _fill_prices(folder: Path) -> None:
    """Every form row gets a price, a source, a date (dd/mm/yyyy, as an officer types it) and a VAT status;
    one extra item is left without a price (unused: no error)."""
    path = folder / "inputs" / "bang_gia.xlsx"
    wb = load_workbook(path)
    price_every_row(wb, "01/05/2026")  # dates as a clerk types them
    ws = wb["Vật tư"]
    header = [c.value for c in ws[1]]
    ws.append([{"Tên vật tư": "Vật tư không dùng", "Đơn vị tính": "cái"}.get(h) for h in header])
    wb.save(path)


def _write_reasons(folder: Path, codes: list[str]) -> None:
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    for code in codes:
        text = re.sub(rf"(  {code}:.*\n(?:    .*\n)*?    reason: )\"{BLANK}\"", rf"\1Lý do thử cho {code}", text)
    (folder / "project.yaml").write_text(text, encoding="utf-8")


@pytest.fixture()
def scaffold(tmp_path):
    folder = tmp_path / "moi"
    files = init_project(folder, province="Quảng Ngãi", services=CHOSEN, methods={"KC05": "expert"}, today=AS_OF)
    return folder, files


def test_only_the_chosen_services_and_the_workbooks_their_methods_need(scaffold):
    folder, files = scaffold
    assert {f.name for f in files} == {"project.yaml", "quyet_toan.xlsx", "chuyen_gia.xlsx", "bang_gia.xlsx"}
    project = dm.load_project(folder)
    assert list(project.services) == CHOSEN
    assert project.services["KC05"].method == dm.Method.EXPERT
    assert project.options_for("KC05").legal_method == "statistical"
    services = {
        r[0].value for r in load_workbook(folder / "inputs" / "quyet_toan.xlsx")["Quyết toán"].iter_rows(min_row=2)
    }
    assert services == {"KC01", "KC03"}
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    # no invented facts: the signer is blank, every reason is a marked blank
    assert project.signer.signer_name is None and project.signer.drafting_head_name is None
    assert all(p.reason == BLANK for p in project.services.values())
    assert "signer_name: null" in text and "# council: inputs/hoi_dong.yaml" in text
    assert text.count("\nsigner:") == 1  # each section once (a key written twice is an error)


def test_a_fresh_scaffold_has_no_error_only_one_notice_per_form(scaffold):
    folder, _ = scaffold
    inputs = load_inputs(dm.load_project(folder))  # nothing filled: no error from the blank form rows
    kinds = " ".join(inputs.notices)
    assert "quyet_toan.xlsx" in kinds and "chuyen_gia.xlsx" in kinds and "bang_gia.xlsx" in kinds
    assert sum("quyet_toan.xlsx" in n for n in inputs.notices) == 1


def test_a_filled_scaffold_for_three_services_builds_without_error(scaffold, tmp_path):
    folder, _ = scaffold
    rng = np.random.default_rng(7)
    forms = _fill_settlements(folder, rng)
    _fill_experts(folder, rng)
    _fill_prices(folder)
    _write_reasons(folder, ["KC01", "KC03"])
    result = build_project(folder, out=tmp_path / "ho_so")
    assert result.norm_set.codes == CHOSEN
    assert all(up.total > 0 for up in result.costs.values())
    assert result.norm_set["KC05"].labour[0].provenance["quantity"].method == dm.Method.EXPERT
    assert (tmp_path / "ho_so" / "01_quyet_dinh.docx").exists()
    notices = result.inputs.notices
    blank = [n for n in notices if "quyet_toan.xlsx" in n]
    assert len(blank) == 1 and f" {forms} " in blank[0]  # every form row skipped, said once
    assert any("bang_gia.xlsx" in n and "1" in n for n in notices)  # the unused price row
    assert [n for n in notices if "services.KC05.reason" in n]  # the one reason left blank is named
    assert not [n for n in notices if "services.KC01.reason" in n]


def test_the_printed_commands_are_the_ones_that_work(tmp_path):
    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "dinhmuc", *a], capture_output=True, text=True, encoding="utf-8", cwd=tmp_path
        )

    init = run("init", "moi", "--province", "Quảng Ngãi", "--services", "KC01,KC03,KC05", "--method", "KC05=expert")
    assert init.returncode == 0, init.stdout + init.stderr
    printed = [line.strip() for line in init.stdout.splitlines() if line.strip().startswith("dinhmuc build")]
    assert printed == list(build_commands("moi").values())
    text = (tmp_path / "moi" / "project.yaml").read_text(encoding="utf-8")
    assert all(cmd in text for cmd in printed)  # the comment says the same
    rng = np.random.default_rng(11)
    folder = tmp_path / "moi"
    _fill_settlements(folder, rng)
    _fill_experts(folder, rng)
    _fill_prices(folder)
    # the check is a trial build: it passes once the data are there; the form rows left blank are one notice
    check = run(*shlex.split(printed[0])[1:])
    assert check.returncode == 0, check.stdout + check.stderr
    assert "không gặp lỗi" in check.stdout and check.stdout.count("quyet_toan.xlsx") == 1
    build = run(*shlex.split(printed[1])[1:])
    assert build.returncode == 0, build.stdout
    assert (folder / "ho_so" / "manifest.json").exists()


def test_bad_choices_are_reported_together(tmp_path):
    with pytest.raises(dm.InputError) as err:
        init_project(tmp_path / "x", province="Quảng Ngãi", services=["KC01", "KC99"], methods={"KC01": "guess"})
    assert {p.code for p in err.value.problems} == {"unknown_service", "invalid_choice"}
    assert not (tmp_path / "x").exists()
    with pytest.raises(dm.InputError):
        init_project(tmp_path / "y", province=" ")


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "project.yaml").write_text("# của tôi\n", encoding="utf-8")
    with pytest.raises(dm.InputError, match="không bao giờ ghi đè"):
        init_project(tmp_path, province="Quảng Ngãi")
    assert (tmp_path / "project.yaml").read_text(encoding="utf-8") == "# của tôi\n"


def test_init_without_a_province_and_no_keyboard_says_what_to_give(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "init", "moi"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 1 and "--province" in out.stdout + out.stderr and not (tmp_path / "moi").exists()
