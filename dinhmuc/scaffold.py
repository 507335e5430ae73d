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
# Who signs (NĐ 30/2020: thẩm quyền, chức vụ, họ tên). Left null, the papers print the marked blank
# "……………" and the build lists every missing fact in one warning; nothing is invented.
signer:
  authority_prefix: TM. ỦY BAN NHÂN DÂN
  signer_title: [KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]
  signer_name: null          # người ký Quyết định
  drafting_head_name: null   # Giám đốc Sở: ký Tờ trình và Báo cáo thuyết minh
# Other facts of the papers, and the drafting unit's answers to the appraisal's points (printed in the
# explanatory report; an error of the checks left unexplained keeps the dossier "not ready").
dossier:
  service_provider: null     # đơn vị sự nghiệp thực hiện dịch vụ, e.g. Trung tâm Khuyến công tỉnh ...
  explanations: []           # - {{norm: KC03, code: few_observations, text: "..."}}
# How the decision is issued (dinhmuc.procedure): legal_normative = legal normative document (NĐ 78/2025/NĐ-CP,
# number …/2026/QĐ-UBND, appraised by the Sở Tư pháp, published for comment); administrative = NĐ 30/2020.
route: legal_normative
# Facts of the TT 47/2018 Art. 9 procedure (drafting team, schedule, workshop, appraisal plan, council
# decision, Sở Tư pháp request, public comments): see the README; what is missing prints as "……………".
procedure: {{}}
# Legal choices (law). The decision's bases are dated records (data/legal/bases.yaml):
# those in force on the decision date are cited, ordered by legal force. On {today} they are:
{bases_comment}
# Add (by id, or a whole record of the province's own act), remove or reorder them here;
# a basis not in force on the decision date is an error. `dinhmuc params --on DATE` lists
# the legal values (salary, contributions...) in force with their sources.
law:
  legal_bases:
    add: []
    remove: []
    order: []
  # warn when a legal parameter file was last reviewed more than this many days ago
  params_max_age_days: 365
inputs:
  settlements: {settlements}
  time_studies: {time_studies}
  expert_estimates: {expert_estimates}
  standards: {standards}
  prices: {prices}
  # council: inputs/hoi_dong.yaml   # Hội đồng thẩm định: members, present, meeting_on, meeting_time,
  #                                 # place (the room), recorder, ballots — read for the council's papers
# Choices the law leaves to the project (recorded in the explanatory report).
parameters:
  # Working days per month: no pricing rule fixes it; 22 follows the 5-day week of
  # state bodies (QĐ 188/1999/QĐ-TTg); some norm circulars count 26.
  working_days_per_month: 22
  # Management cost as % of direct cost: no rate is fixed for public-service prices;
  # TTLT 26/2014/TTLT-BTC-BCT capped it at 2.5 % of a khuyến công project until 2018; the caps of
  # TT 28/2018/TT-BTC (amended by TT 64/2024/TT-BTC) are not bundled: declare the cap you apply
  # (management_cap_pct) with its basis (management_cap_basis) to have the figure checked.
  management_pct: 2.5
  # Financing class of the unit (Luật 97/2025/QH15: no trade-union fee where the state budget
  # pays all salaries): budget_full = ngân sách bảo đảm toàn bộ quỹ lương; other = mọi đơn vị khác.
  financing_class: null
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


def init_project(folder: str | Path, catalog: Catalog | str | Path | None = None, province: str = "Quảng Ngãi",
                 today: _dt.date | None = None) -> list[Path]:
    """Scaffold a new project in ``folder`` (which must be absent or empty); return the files written."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(Problem("the folder is not empty; dinhmuc init never overwrites files",
                                 Location(str(folder)), "exists", "a new or empty folder"))
    cat = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    today = today or _dt.date.today()
    written = []
    from .law.bases import bases_for

    bases_comment = "\n".join(f"#   {b.id}: {b.text(today)}" for b in bases_for(today))
    text = PROJECT_TEMPLATE.format(folder=folder.name or ".", province=province, today=today.isoformat(),
                                   services=_service_block(cat), bases_comment=bases_comment, **INPUT_FILES)
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
