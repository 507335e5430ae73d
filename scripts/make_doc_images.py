"""Regenerate the pictures of the docs site (docs/img/*.png) from the bundled example.

    python scripts/make_doc_images.py

Builds the example project into a temporary folder (``dinhmuc build``), converts the
papers shown in the officer's guide and two of the example's input workbooks to PDF with
LibreOffice (``soffice --headless --convert-to pdf``), finds the page that holds a given
text (``pdftotext``) and renders it at 60 dpi (``pdftoppm -png -r 60``). Needs LibreOffice
and poppler. The pictures are illustrations: they are looked at, not compared byte for byte
(fonts and LibreOffice versions change pixels).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
EXAMPLE = ROOT / "data" / "examples" / "quang_ngai"

#: picture name -> (file of the built dossier, or "init:" and a file of a fresh ``dinhmuc init`` project,
#: text on the page to show)
PICTURES: dict[str, tuple[str, str]] = {
    "init_quyet_toan": ("init:inputs/quyet_toan.xlsx", "Mã dịch vụ"),
    "init_bang_gia": ("init:inputs/bang_gia.xlsx", "Tên vật tư"),
    "quyet_dinh": ("01_quyet_dinh.docx", "QUYẾT ĐỊNH"),
    "phu_luc_I_KC01": ("02_dinh_muc_kem_theo.docx", "Mã hiệu: KC01"),
    "thuyet_minh": ("03_thuyet_minh.docx", "BÁO CÁO THUYẾT MINH"),
    "thuyet_minh_giai_trinh": ("03_thuyet_minh.docx", "cần giải trình trước Hội đồng thẩm định"),
    "to_trinh": ("04_to_trinh.docx", "TỜ TRÌNH"),
    "phieu_khao_sat": ("05_phieu_khao_sat.docx", "PHIẾU KHẢO SÁT"),
    "phieu_bau": ("09_phieu_bau.docx", "PHIẾU"),
    "bien_ban_hoi_dong": ("10_bien_ban_hop_hoi_dong.docx", "BIÊN BẢN"),
    "bang_tinh": ("11_bang_tinh_dinh_muc_don_gia.xlsx", ""),
    "bao_cao_tham_dinh": ("bao_cao_tham_dinh.docx", "BÁO CÁO"),
}

#: pictures of a sheet that only fills the top of its page: shown cropped (dpi, x, y, width, height in pixels)
#: so that the columns a reader needs stay legible at the page's width
CROPPED = {
    "init_quyet_toan": (110, 40, 60, 1050, 300),
    "init_bang_gia": (110, 40, 60, 800, 210),
    "bang_tinh": (110, 40, 60, 1200, 300),
}


def _page_with(pdf: Path, text: str) -> int:
    """The first page (1-based) whose text holds ``text`` (case ignored); 1 when ``text`` is empty."""
    if not text:
        return 1
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(out.split("\f"), start=1):
        if text.casefold() in " ".join(page.split()).casefold():
            return number
    raise SystemExit(f"'{text}' is on no page of {pdf.name}")


def _dinhmuc(*args: str) -> None:
    """Run the ``dinhmuc`` command of this source tree."""
    subprocess.run(
        [sys.executable, "-c", "from dinhmuc.cli import main; main()", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DINHMUC_LANG": "vi"},
    )


def _fit_to_width(xlsx: Path, folder: Path) -> Path:
    """A copy of a workbook printing landscape, a narrow sheet one page wide, a wide one two (cells untouched)."""
    import openpyxl

    folder.mkdir(exist_ok=True)
    wb = openpyxl.load_workbook(xlsx)
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        # a wide sheet shrunk to one page is unreadable: two pages wide, the first one shown
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = (1 if ws.max_column <= 10 else 2), 0
    wb.save(folder / xlsx.name)
    return folder / xlsx.name


def main() -> int:
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (LibreOffice, poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dossier = work / "ho_so"
        _dinhmuc("build", str(EXAMPLE), "--out", str(dossier))
        fresh = work / "du_an_moi"
        _dinhmuc(
            "init", str(fresh), "--province", "Quảng Ngãi", "--services", "KC01,KC03,KC05", "--method", "KC05=expert"
        )
        sources = {}
        for name, (file, _) in PICTURES.items():
            if file.startswith("init:"):
                sources[name] = _fit_to_width(fresh / file.removeprefix("init:"), work / "sheets")
            else:
                sources[name] = dossier / file
        pdf_dir = work / "pdf"
        files = sorted({str(p) for p in sources.values()})
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{work / 'lo'}", "--headless", "--convert-to", "pdf"]
            + ["--outdir", str(pdf_dir), *files],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        IMG.mkdir(parents=True, exist_ok=True)
        for name, (_, text) in PICTURES.items():
            pdf = pdf_dir / (sources[name].stem + ".pdf")
            page = _page_with(pdf, text)
            # a paper: the whole page at 60 dpi; an input sheet (few rows on a wide page): its top, sharper
            size = ["-r", "60"]
            if name in CROPPED:
                dpi, x, y, width, height = CROPPED[name]
                size = ["-r", str(dpi), "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
            subprocess.run(
                ["pdftoppm", "-png", *size, "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(IMG / name)],
                check=True,
            )
            print(f"docs/img/{name}.png  ({sources[name].name}, page {page})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
