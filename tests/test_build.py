"""The main job: `dinhmuc build` on the bundled example, `dinhmuc init` then build, and failures that write nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import dinhmuc as dm
from dinhmuc.pipeline import build_project

EXAMPLE = Path(dm.example_project_path()).parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "ho_so"
    return build_project(out=out)


def test_the_whole_dossier_is_written(built):
    names = {p.relative_to(built.out).as_posix() for p in built.files}
    expected = {
        "01_quyet_dinh.docx",
        "02_dinh_muc_kem_theo.docx",
        "03_thuyet_minh.docx",
        "04_to_trinh.docx",
        "05_phieu_khao_sat.docx",
        "06_phieu_xin_y_kien_chuyen_gia.docx",
        "07_bang_tiep_thu_giai_trinh.docx",
        "08_phieu_nhan_xet.docx",
        "09_phieu_bau.docx",
        "10_bien_ban_hop_hoi_dong.docx",
        "11_bang_tinh_dinh_muc_don_gia.xlsx",
        "bao_cao_tham_dinh.docx",
        "norms.json",
        "costs.json",
        "dinh_muc.yaml",
        "dinh_muc.xlsx",
        "du_toan_ke_hoach.xlsx",
        "bao_cao_kiem_tra.csv",
        "manifest.json",
        "bieu_do/co_cau_chi_phi.png",
        "bieu_do/so_lieu_KC01.png",
    }
    assert expected <= names
    assert "bieu_do/tornado_don_gia.png" not in names  # drawn only when asked (--tornado): no paper embeds it
    assert not [p for p in built.out.parent.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_the_workbook_of_the_build_carries_the_statistics_sheet(built):
    # the statistically built lines reach the workbook beside the evidence, not through DataFrame.attrs (pandas
    # deep-copies attrs on every operation: that made the charts' evidence look-ups cost seconds)
    from dinhmuc.dossier.stats_sheet import SHEET, stats_lines_of

    wb = load_workbook(built.out / "11_bang_tinh_dinh_muc_don_gia.xlsx")
    lines = stats_lines_of(built.results)
    assert SHEET in wb.sheetnames and len(lines) > 40
    ids = {(r[0].value, r[1].value) for r in wb[SHEET].iter_rows(min_row=2, max_row=1 + len(lines))}
    assert ids == {(code, lid) for code, lid, *_ in lines}


def test_manifest_lists_every_output_with_its_hash(built):
    manifest = json.loads((built.out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    on_disk = {p.relative_to(built.out).as_posix() for p in built.files if p.name != "manifest.json"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((built.out / name).read_bytes()).hexdigest() == digest
    assert manifest["dinhmuc_version"] == dm.__version__
    assert {"project", "settlements", "prices"} <= set(manifest["inputs"])
    assert any(p["file"].endswith("base_salary.yaml") for p in manifest["parameters"])


def test_norms_json_reloads_as_the_same_norm_set(built):
    data = json.loads((built.out / "norms.json").read_text(encoding="utf-8"))
    assert dm.NormSet.model_validate(data) == built.norm_set
    assert dm.load_norm_set(built.out / "dinh_muc.yaml") == built.norm_set
    assert dm.load_norm_set(built.out / "dinh_muc.xlsx") == built.norm_set


def test_costs_json_totals_equal_the_sum_of_printed_lines(built):
    costs = json.loads((built.out / "costs.json").read_text(encoding="utf-8"))
    assert set(costs) == set(built.norm_set.codes)
    for code, up in costs.items():
        assert Decimal(up["total"]) == sum(Decimal(line["amount"]) for line in up["lines"])
        assert Decimal(up["total"]) == built.costs[code].total
        assert all(line["trace"]["text"] for line in up["lines"])


def test_every_service_follows_its_declared_method_and_is_marked_illustrative(built):
    project = dm.load_project(dm.example_project_path())
    for norm in built.norm_set.norms:
        assert norm.method == project.services[norm.code].method
    assert "DỰ THẢO – dữ liệu minh họa" in built.norm_set.notes
    kc10 = built.norm_set["KC10"]
    assert kc10.line("VT1").provenance["quantity"].method == dm.Method.EXPERT  # the supplement
    assert any("VT1, VT2" in note for note in kc10.notes)


def test_summary_table(built):
    frame = built.summary_frame()
    assert list(frame.columns) == ["service", "unit", "unit_price", "method", "warnings"]
    assert len(frame) == 10 and frame["unit_price"].map(lambda v: v > 0).all()
    assert frame.loc[frame.service == "KC08", "warnings"].item() > 0  # the override is a warning


def test_rebuild_is_byte_identical(built, tmp_path):
    again = build_project(out=tmp_path / "again")
    for path in built.files:
        rel = path.relative_to(built.out)
        assert (again.out / rel).read_bytes() == path.read_bytes(), rel


def test_existing_output_is_never_overwritten_unless_asked(built, tmp_path):
    out = tmp_path / "ho_so"
    out.mkdir()
    (out / "ghi_chu_cua_toi.txt").write_text("không được mất", encoding="utf-8")
    with pytest.raises(dm.InputError) as err:
        build_project(out=out)
    assert err.value.problems[0].code == "exists"
    assert (out / "ghi_chu_cua_toi.txt").read_text(encoding="utf-8") == "không được mất"
    build_project(out=out, overwrite=True)
    assert (out / "manifest.json").exists() and not (out / "ghi_chu_cua_toi.txt").exists()


def _copy_example(tmp_path) -> Path:
    dst = tmp_path / "du_an"
    shutil.copytree(EXAMPLE, dst)
    return dst


def test_bad_inputs_in_several_files_are_reported_together_and_nothing_is_written(tmp_path):
    project = _copy_example(tmp_path)
    wb = load_workbook(project / "inputs" / "quyet_toan.xlsx")
    ws = wb["Quyết toán"]
    ws["B2"] = 1850  # a year out of range
    ws["G3"] = "nhiều"  # text in the quantity column
    wb.save(project / "inputs" / "quyet_toan.xlsx")
    wb = load_workbook(project / "inputs" / "bang_gia.xlsx")
    wb["Vật tư"]["D2"] = -5  # a negative price
    wb.save(project / "inputs" / "bang_gia.xlsx")
    out = tmp_path / "ho_so"
    with pytest.raises(dm.InputError) as err:
        build_project(project, out=out)
    files = {Path(p.location.file or "").name for p in err.value.problems}
    assert {"quyet_toan.xlsx", "bang_gia.xlsx"} <= files
    rows = {(Path(p.location.file).name, p.location.row) for p in err.value.problems if p.location.file}
    assert ("quyet_toan.xlsx", 2) in rows and ("quyet_toan.xlsx", 3) in rows and ("bang_gia.xlsx", 2) in rows
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".ho_so")]


def test_a_failure_while_writing_leaves_no_half_written_dossier(tmp_path, monkeypatch):
    from dinhmuc.appraisal.assistant import AppraisalResult

    def broken(self, path, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(AppraisalResult, "write_report", broken)
    out = tmp_path / "ho_so"
    with pytest.raises(OSError, match="disk full"):
        build_project(out=out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_method_without_its_evidence_is_named(tmp_path):
    project = _copy_example(tmp_path)
    text = (project / "project.yaml").read_text(encoding="utf-8").replace("  time_studies: inputs/bam_gio.xlsx\n", "")
    (project / "project.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(dm.InputError) as err:
        build_project(project)
    (problem,) = [p for p in err.value.problems if p.code == "missing_input"]
    assert problem.location.field == "services.KC10" and "time_studies" in problem.message


def test_cli_build_prints_the_summary_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "ho_so"
    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "dinhmuc", *a], capture_output=True, text=True, encoding="utf-8"
    )
    first = run("build", "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "KC01" in first.stdout and "Thống kê tổng hợp" in first.stdout and "manifest.json" in first.stdout
    assert "Thẩm định tự động" in first.stdout
    second = run("build", "--out", str(out))
    assert second.returncode == 1 and "--overwrite" in second.stderr
    check = run("build", str(EXAMPLE), "--check")
    assert check.returncode == 0 and "không gặp lỗi" in check.stdout


def test_appraise_accepts_a_project_and_flags_every_line_with_its_reason(tmp_path):
    out = tmp_path / "bao_cao_tham_dinh.docx"
    run = subprocess.run(
        [sys.executable, "-m", "dinhmuc", "appraise", str(EXAMPLE), "--out", str(out), "-f", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 1  # the example keeps findings for the council (n < 5)
    data = json.loads(run.stdout)
    assert data["on"] == "2026-09-05" and data["errors"] > 0
    flagged = data["findings"]
    assert flagged and all(f["reason"] for f in flagged)
    codes = {f["code"] for f in flagged}
    assert {"few_observations", "beyond_history", "unverified"} <= codes
    kc09 = [f for f in flagged if f["code"] == "beyond_history"]
    assert kc09[0]["norm"] == "KC09" and "%" in kc09[0]["reason"]
    from docx import Document

    text = "\n".join(p.text for p in Document(out).paragraphs) + "\n".join(
        c.text for t in Document(out).tables for r in t.rows for c in r.cells
    )
    assert "BÁO CÁO" in text.upper() and kc09[0]["reason"][:40] in text


def test_a_province_template_folder_replaces_a_bundled_document(tmp_path):
    from docx import Document

    project = _copy_example(tmp_path)
    mine = project / "mau_cua_tinh"
    mine.mkdir()
    doc = Document()
    doc.add_paragraph("TỜ TRÌNH (mẫu của tỉnh) gửi {{ addressee }}")
    doc.save(str(mine / "to_trinh.docx"))
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace("  council: inputs/hoi_dong.yaml\n", "  council: inputs/hoi_dong.yaml\n  templates: mau_cua_tinh\n")
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    result = build_project(project, out=tmp_path / "ho_so")
    body = "\n".join(p.text for p in Document(str(result.out / "04_to_trinh.docx")).paragraphs)
    assert "TỜ TRÌNH (mẫu của tỉnh) gửi Hội đồng thẩm định" in body
    manifest = json.loads((result.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["templates"]["to_trinh"].startswith("user:")


def test_the_tornado_chart_is_drawn_when_asked(tmp_path):
    from dinhmuc.pipeline import _write_charts

    output = build_project()  # no dossier: the charts alone
    _write_charts(output, tmp_path, tornado=True)
    png = tmp_path / "tornado_don_gia.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "co_cau_chi_phi.png").exists()
