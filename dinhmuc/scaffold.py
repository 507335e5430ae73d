"""``dinhmuc init``: a new project, ready to fill (khởi tạo dự án xây dựng định mức).

Writes a commented ``project.yaml`` and Excel input workbooks with the right
sheets and Vietnamese headers, pre-filled with the catalogue's lines: one
settlement row per service and line to copy for each past project, one expert
row per line, one price row per material and piece of equipment. Nothing that
already exists is overwritten.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from .catalog import Catalog, load_catalog
from .costing.prices import PRICE_SHEETS
from .core.errors import InputError, Location, Problem
from .evidence.schemas import DRIVER_COLUMNS, TABLES
from .io.normio import write_frames_excel
from .core.yamlio import write_text_atomic

INPUT_FILES = {
    "settlements": "inputs/quyet_toan.xlsx",
    "time_studies": "inputs/bam_gio.xlsx",
    "expert_estimates": "inputs/chuyen_gia.xlsx",
    "standards": "inputs/tieu_chuan.xlsx",
    "prices": "inputs/bang_gia.xlsx",
}

PROJECT_TEMPLATE = """\
# Dự án xây dựng định mức kinh tế - kỹ thuật (dinhmuc project file).
# Fill the input workbooks in inputs/, adjust this file, then run:  dinhmuc build {folder}
# Paths are relative to this file. Check it with:  dinhmuc build {folder} --check

title: Xây dựng định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực khuyến công
province: {province}
# true marks every generated document "DỰ THẢO – dữ liệu minh họa"
illustrative: false
issuing_body: Ủy ban nhân dân tỉnh {province}
drafting_unit: Sở Công Thương tỉnh {province}
place: {province}
# The date the norms are built and priced: legal parameters (base salary...) are taken as of it.
as_of: {today}
decision:
  number: null            # e.g. 46/2026/QĐ-UBND once numbered
  signed_on: null
  effective_from: null
  version: "1.0"
# How the decision is issued (dinhmuc.procedure): normative = legal normative document (NĐ 78/2025/NĐ-CP,
# number …/2026/QĐ-UBND, appraised by the Sở Tư pháp, published for comment); administrative = NĐ 30/2020.
route: normative
# Facts of the TT 47/2018 Art. 9 procedure (drafting team, schedule, workshop, appraisal plan, council
# decision, Sở Tư pháp request, public comments): see the README; what is missing prints as "……………".
procedure: {{}}
legal_bases:
  - Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập
  - Thông tư số 47/2018/TT-BCT ngày 15 tháng 11 năm 2018 của Bộ trưởng Bộ Công Thương
  - Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công
inputs:
  settlements: {settlements}
  time_studies: {time_studies}
  expert_estimates: {expert_estimates}
  standards: {standards}
  prices: {prices}
# Choices the law leaves to the project (recorded in the explanatory report).
parameters:
  # Working days per month: no pricing rule fixes it; 22 follows the 5-day week of
  # state bodies (QĐ 188/1999/QĐ-TTg); some norm circulars count 26.
  working_days_per_month: 22
  # Management cost as % of direct cost: no rate is fixed for public-service prices;
  # TTLT 26/2014/TTLT-BTC-BCT capped it at 2.5 % of a khuyến công project.
  management_pct: 2.5
# Choices shared by every build (rounding of published values, as in common practice).
build:
  rounding_decimals: 2
# The method per service (TT 47/2018 Art. 6: statistical, standard, experimental;
# comparison and expert are aids) and why it was chosen.
services:
{services}"""


def _service_block(catalog: Catalog) -> str:
    lines = []
    for s in catalog.services:
        lines.append(f"  {s.code}:  # {s.name}")
        lines.append("    method: statistical")
        lines.append("    reason: Có số liệu quyết toán 3 năm liên tục của các đề án khuyến công đã thực hiện.")
    return "\n".join(lines) + "\n"


def _settlement_rows(catalog: Catalog) -> list[dict]:
    rows = []
    for s in catalog.services:
        drivers = {d.code for d in s.drivers}
        for comp in ("labour", "materials", "equipment"):
            for line in getattr(s, comp):
                name = getattr(line, "role", None) or line.name
                unit = "công" if comp == "labour" else line.unit
                rows.append({"service": s.code, "line": line.id, "item": name, "unit": unit,
                             **{d: None for d in DRIVER_COLUMNS if d in drivers}})
    return rows


def _expert_rows(catalog: Catalog) -> list[dict]:
    rows = []
    for s in catalog.services:
        for comp in ("labour", "materials", "equipment"):
            for line in getattr(s, comp):
                rows.append({"service": s.code, "line": line.id, "unit": "công" if comp == "labour" else line.unit})
    return rows


def _price_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    materials, equipment, seen_m, seen_e = [], [], set(), set()
    for s in catalog.services:
        for m in s.materials:
            key = (m.name, m.spec, m.unit)
            if key not in seen_m:
                seen_m.add(key)
                materials.append({"name": m.name, "spec": m.spec, "unit": m.unit})
        for e in s.equipment:
            key = (e.name, e.spec)
            if key not in seen_e:
                seen_e.add(key)
                equipment.append({"name": e.name, "spec": e.spec, "power_kw": e.power_kw,
                                  "energy": "electricity"})
    energy = [{"kind": "electricity", "unit": "kWh"}]
    return {"materials": pd.DataFrame(materials), "equipment": pd.DataFrame(equipment),
            "energy": pd.DataFrame(energy)}


def init_project(folder: str | Path, catalog: Catalog | str | Path | None = None, province: str = "Kon Tum",
                 today: _dt.date | None = None) -> list[Path]:
    """Scaffold a new project in ``folder`` (which must be absent or empty); return the files written."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(Problem("the folder is not empty; dinhmuc init never overwrites files",
                                 Location(str(folder)), "exists", "a new or empty folder"))
    cat = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    today = today or _dt.date.today()
    written = []
    text = PROJECT_TEMPLATE.format(folder=folder.name or ".", province=province, today=today.isoformat(),
                                   services=_service_block(cat), **INPUT_FILES)
    written.append(write_text_atomic(folder / "project.yaml", text))

    def sheet_of(key: str):
        return {key: TABLES[key]}

    written.append(write_frames_excel({"settlements": pd.DataFrame(_settlement_rows(cat))},
                                      folder / INPUT_FILES["settlements"], sheets=sheet_of("settlements")))
    written.append(write_frames_excel({"expert_estimates": pd.DataFrame(_expert_rows(cat))},
                                      folder / INPUT_FILES["expert_estimates"], sheets=sheet_of("expert_estimates")))
    for key in ("time_studies", "standards"):
        written.append(write_frames_excel({}, folder / INPUT_FILES[key], sheets=sheet_of(key)))
    written.append(write_frames_excel(_price_frames(cat), folder / INPUT_FILES["prices"], sheets=PRICE_SHEETS))
    return written
