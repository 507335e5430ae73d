"""The appraisal report (.docx), the revision report, and the ``appraise`` / ``diff`` commands."""

from __future__ import annotations

import json
import re

import pytest
from appraisal_helpers import CASES, CATALOG, ON, VERIFIED, run
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

import dinhmuc as dm
from dinhmuc.appraisal import Council
from dinhmuc.appraisal.report import write_revision_report
from dinhmuc.cli import app

SMALL = CASES.parent / "norm_set_small.yaml"


def text_of(path) -> str:
    doc = Document(str(path))
    parts = [t.text or "" for t in doc.element.body.iter(qn("w:t"))]
    for section in doc.sections:
        for p in section.header.paragraphs:
            parts.append(p.text)
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The small example set, appraised with the council and the previous version."""
    council = Council.from_yaml(CASES / "council.yaml")
    r = dm.appraise(
        SMALL, catalog=CATALOG, params=VERIFIED, council=council, previous=CASES / "diff_old.yaml", options={"on": ON}
    )
    path = r.write_report(tmp_path_factory.mktemp("report") / "bao_cao_tham_dinh.docx")
    return r, path


def test_every_flagged_line_says_why_in_the_report(example):
    r, path = example
    text = text_of(path)
    flagged = r.flagged()
    assert flagged and not r.ok
    for f in flagged:
        assert re.sub(r"\s+", " ", f.reason) in text, f.reason
    for f in flagged:
        assert f.reason.strip() and f.verdict in text


def test_report_sections_tally_and_declared_rules(example):
    _, path = example
    text = text_of(path)
    for heading in (
        "BÁO CÁO",
        "I. THÔNG TIN CHUNG",
        "II. KẾT QUẢ KIỂM TRA TỰ ĐỘNG",
        "III. CÁC NỘI DUNG CẦN LƯU Ý",
        "IV. ĐÁNH GIÁ TỪNG DÒNG HAO PHÍ",
        "V. SO SÁNH VỚI PHIÊN BẢN TRƯỚC",
        "VI. Ý KIẾN VÀ BIỂU QUYẾT CỦA HỘI ĐỒNG",
        "VII. KẾT LUẬN, KIẾN NGHỊ",
    ):
        assert heading in text, heading
    assert "Kết luận của Hội đồng: Mức 2: Đạt yêu cầu nhưng phải chỉnh sửa" in text
    assert "Thông tư 47/2018/TT-BCT không quy định hai nội dung này" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TM. HỘI ĐỒNG THẨM ĐỊNH" in text
    assert "DỰ THẢO – dữ liệu minh họa" in text
    assert "Lê Văn C" in text  # the Chair signs


def test_report_is_byte_reproducible(example, tmp_path):
    r, path = example
    again = r.write_report(tmp_path / "again.docx")
    assert again.read_bytes() == path.read_bytes()


def test_report_without_council_or_previous_version(tmp_path):
    r = run()
    path = r.write_report(tmp_path / "ok.docx", draft_mark=False)
    text = text_of(path)
    assert (
        "Không có nội dung nào cần lưu ý: mọi kiểm tra đều đạt." in text
        and "Kiểm tra tự động không phát hiện lỗi" in text
    )
    assert "DỰ THẢO" not in text and "VI. Ý KIẾN" not in text


def test_revision_report_lists_every_change(tmp_path):
    path = write_revision_report(
        CASES / "diff_old.yaml",
        CASES / "diff_new.yaml",
        tmp_path / "chinh_sua.docx",
        council=Council.from_yaml(CASES / "council.yaml"),
    )
    text = text_of(path)
    assert "II. NỘI DUNG CHỈNH SỬA, BỔ SUNG" in text
    for needle in (
        "Cán bộ quản lý lớp",
        "Loại bỏ",
        "Đổi vị trí (mã dòng)",
        "Đổi tên",
        "Tài liệu, giáo trình học tập",
        "Bổ sung số liệu năm 2025 theo ý kiến Hội đồng",
        "+10 %",
        "+25 %",
        "Mức 2",
    ):
        assert needle in text, needle


def test_summary_for_the_build_pipeline():
    r = run()
    assert r.summary_text().startswith("Thẩm định tự động: 1 định mức, 0 lỗi, 0 cảnh báo — đạt")
    df = r.summary_frame()
    assert list(df.columns) == ["norm", "name", "lines", "errors", "warnings", "flagged_lines", "verdict"]
    assert list(r.to_frame().columns) == ["norm", "line", "field", "check", "severity", "verdict", "reason", "code"]


# --------------------------------------------------------------------------- commands

runner = CliRunner()
PARAMS = str(CASES / "params_verified")


def test_appraise_command_exit_zero_without_errors(tmp_path):
    out = tmp_path / "r.docx"
    res = runner.invoke(
        app, ["appraise", str(CASES / "complete.yaml"), "--params", PARAMS, "--on", "2026-03-01", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "0 lỗi" in res.output and out.is_file()


def test_appraise_command_exit_one_with_errors_and_json():
    res = runner.invoke(app, ["appraise", str(SMALL), "--params", PARAMS, "--on", "2026-03-01", "-f", "json"])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["ok"] is False and data["errors"] > 0
    assert any("n < 5" in f["reason"] for f in data["findings"])


def test_appraise_command_with_council_prints_the_tally():
    res = runner.invoke(
        app,
        [
            "appraise",
            str(SMALL),
            "--params",
            PARAMS,
            "--on",
            "2026-03-01",
            "--council",
            str(CASES / "council.yaml"),
            "--no-catalog",
        ],
    )
    assert "Chủ tịch Hội đồng kết luận theo đa số" in res.output


def test_appraise_command_bad_date():
    res = runner.invoke(app, ["appraise", str(SMALL), "--on", "31/02/2026"])
    assert res.exit_code == 1 and "15/08/2026 hoặc 2026-08-15" in res.output
    ok = runner.invoke(app, ["appraise", str(SMALL), "--on", "01/03/2026", "-f", "json"])  # the Vietnamese form
    assert '"on": "2026-03-01"' in ok.output


def test_diff_command_formats(tmp_path):
    old, new = str(CASES / "diff_old.yaml"), str(CASES / "diff_new.yaml")
    res = runner.invoke(app, ["diff", old, new], env={"COLUMNS": "250"})
    assert res.exit_code == 0 and "Cán bộ quản lý lớp" in res.output and "Đổi vị trí" in res.output
    res = runner.invoke(app, ["diff", old, new, "--format", "csv"])
    assert res.output.splitlines()[0] == "norm,line,component,item,field,old,new,change_pct,status,reason"
    res = runner.invoke(app, ["diff", old, new, "--format", "json", "--out", str(tmp_path / "cs.docx")])
    rows = json.loads(res.output)
    assert rows[1]["change_pct"] == "10.00" and rows[2]["status"] == "moved"
    assert (tmp_path / "cs.docx").is_file()


def test_diff_command_no_difference():
    res = runner.invoke(app, ["diff", str(SMALL), str(SMALL)])
    assert res.exit_code == 0 and "Không có khác biệt" in res.output
