"""`dinhmuc build --pdf`: every paper written (.docx) and both workbooks have their PDF, the appraisal report too."""

from __future__ import annotations

import json
import shutil

import pytest

from dinhmuc.dossier.office import find_soffice, pdf_text
from dinhmuc.pipeline import build_project

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(
        find_soffice() is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) or pdftotext not installed",
    ),
]


def test_every_paper_of_the_example_converts(tmp_path):
    out = build_project(out=tmp_path / "ho_so", pdf=True).out
    papers = sorted(p for p in out.iterdir() if p.suffix in (".docx", ".xlsx") and p.name != "dinh_muc.xlsx")
    assert "bao_cao_tham_dinh.docx" in {p.name for p in papers}
    assert "du_toan_ke_hoach.xlsx" in {p.name for p in papers}
    missing = [p.name for p in papers if not (out / "pdf" / f"{p.stem}.pdf").is_file()]
    assert not missing
    report = pdf_text(out / "pdf" / "bao_cao_tham_dinh.pdf")
    assert "KC09" in report
    plan = pdf_text(out / "pdf" / "du_toan_ke_hoach.pdf")
    assert "TỔNG CỘNG" in plan and "Bằng chữ" in plan
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["file"] for o in manifest["outputs"]}
    assert {"pdf/bao_cao_tham_dinh.pdf", "pdf/du_toan_ke_hoach.pdf"} <= listed
