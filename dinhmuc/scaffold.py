"""``dinhmuc init``: a new project, ready to fill (khởi tạo dự án xây dựng định mức).

Writes a commented ``project.yaml`` and the Excel input workbooks the chosen
methods need, with the right sheets and Vietnamese headers, for the chosen
services only: one settlement row per service and line (to copy for each past
project), one expert row per line, one standard row per line, one price row per
material and piece of equipment. A form row left blank is skipped with one
notice when the project is read; a price row never used is no error. Nothing
that already exists is overwritten, and no fact is invented: the signer, the
council and each method's reason are left as marked blanks for the project to
fill.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "du_an_moi"
>>> files = init_project(folder, province="Quảng Ngãi", services=["KC01", "KC02"],
...                      methods={"KC02": "expert"})
>>> sorted(f.name for f in files)
['bang_gia.xlsx', 'chuyen_gia.xlsx', 'project.yaml', 'quyet_toan.xlsx']
>>> import dinhmuc as dm
>>> sorted(dm.load_project(folder).services)
['KC01', 'KC02']
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .catalog import Catalog, ServiceSpec, load_catalog
from .core.errors import InputError, Location, Problem, raise_if
from .core.i18n import tr
from .core.labels import METHOD_LABELS
from .core.yamlio import write_text_atomic
from .costing.prices import PRICE_SHEETS
from .evidence.schemas import DRIVER_COLUMNS, TABLES
from .io.normio import write_frames_excel

INPUT_FILES = {
    "settlements": "inputs/quyet_toan.xlsx",
    "time_studies": "inputs/bam_gio.xlsx",
    "expert_estimates": "inputs/chuyen_gia.xlsx",
    "standards": "inputs/tieu_chuan.xlsx",
    "prices": "inputs/bang_gia.xlsx",
}

#: The evidence table each method reads (TT 47 Art. 6 and the two aids).
EVIDENCE_OF = {
    "statistical": "settlements",
    "standard": "standards",
    "experimental": "time_studies",
    "expert": "expert_estimates",
}

#: Methods ``dinhmuc init`` can scaffold.
METHODS = ("statistical", "standard", "experimental", "comparison", "expert")

#: The marked blank a clerk fills (never a made-up fact).
BLANK = "……………"


def build_commands(folder: str | Path) -> dict[str, str]:
    """The commands to check and build the project in ``folder``, exactly as ``dinhmuc init`` prints them.

    >>> build_commands("du_an_moi")["build"]
    'dinhmuc build du_an_moi --out du_an_moi/ho_so'
    """
    name = Path(folder).as_posix()
    return {
        "check": f"dinhmuc build {name} --check",
        "build": f"dinhmuc build {name} --out {(Path(folder) / 'ho_so').as_posix()}",
    }


def _q(text: str) -> str:
    """A YAML scalar (JSON strings are valid YAML and keep Vietnamese letters)."""
    return json.dumps(text, ensure_ascii=False)


def _method_options(method: str) -> list[str]:
    """The options a method cannot do without, commented; values the project must declare stay blank."""
    if method in ("comparison", "expert"):
        return [
            "    options:",
            "      # phương pháp theo Điều 6 Thông tư 47/2018/TT-BCT mà phương pháp hỗ trợ này phục vụ:",
            "      # statistical (thống kê tổng hợp), standard (tiêu chuẩn) hoặc experimental (thực nghiệm)",
            "      legal_method: statistical",
        ]
    if method in ("standard", "experimental"):
        return [
            "    options:",
            "      # % thời gian tác nghiệp cho chuẩn bị - kết thúc và cho nghỉ ngơi, theo tiêu chuẩn hoặc",
            "      # phiếu bấm giờ (bắt buộc khai; pháp luật không quy định giá trị mặc định)",
            "      preparation_pct: null",
            "      rest_pct: null",
        ]
    return []


def _service_block(specs: list[ServiceSpec], methods: Mapping[str, str]) -> str:
    lines = []
    for s in specs:
        method = methods[s.code]
        lines.append(f"  {s.code}:  # {s.name}")
        lines.append(f"    method: {method}  # {METHOD_LABELS[method]}")
        lines.append(f"    # lý do chọn phương pháp (in trong Báo cáo thuyết minh): thay {BLANK}")
        lines.append(f"    reason: {_q(BLANK)}")
        lines += _method_options(method)
    return "\n".join(lines) + "\n"


PROJECT_TEMPLATE = """\
# Dự án xây dựng định mức kinh tế - kỹ thuật (tệp dự án của dinhmuc).
# Điền các bảng tính trong {folder}/inputs/ và các chỗ trống ({blank}) của tệp này, rồi chạy
# tại thư mục đã chạy `dinhmuc init`:
#   {check}        (đọc và kiểm tra mọi số liệu đầu vào; không ghi tệp nào)
#   {build}   (lập hồ sơ)
# Đường dẫn trong tệp này tính từ thư mục chứa nó. Ngày: 15/08/2026 hoặc 2026-08-15.

title: Xây dựng định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực khuyến công
province: {province}
# true: mọi văn bản được lập mang dấu "DỰ THẢO – dữ liệu minh họa"
illustrative: false
issuing_body: {issuing_body}
drafting_unit: {drafting_unit}
place: {province}
# Ngày xây dựng và tính giá định mức: các tham số pháp lý (lương cơ sở...) lấy theo ngày này.
as_of: {today}
decision:
  number: null            # ví dụ 46/2026/QĐ-UBND khi đã có số
  signed_on: null
  effective_from: null
  version: "1.0"
# Người ký (NĐ 30/2020: thẩm quyền, chức vụ, họ tên). Để null thì văn bản in chỗ trống "……………"
# và lệnh build liệt kê mọi thông tin còn thiếu trong một cảnh báo; không thông tin nào được tự đặt ra.
signer:
  authority_prefix: TM. ỦY BAN NHÂN DÂN
  signer_title: [KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]
  signer_name: null          # người ký Quyết định
  drafting_head_title: null  # chức vụ người ký Tờ trình, ví dụ GIÁM ĐỐC
  drafting_head_name: null   # Giám đốc Sở: ký Tờ trình và Báo cáo thuyết minh
# Các thông tin khác của văn bản, và giải trình của cơ quan chủ trì về các điểm thẩm định (in trong
# Báo cáo thuyết minh; một lỗi kiểm tra chưa được giải trình thì hồ sơ còn "chưa sẵn sàng").
dossier:
  service_provider: null     # đơn vị sự nghiệp thực hiện dịch vụ, ví dụ Trung tâm Khuyến công tỉnh ...
  explanations: []           # - {{norm: KC03, code: few_observations, text: "..."}}
# Hình thức ban hành Quyết định: legal_normative = văn bản quy phạm pháp luật (NĐ 78/2025/NĐ-CP,
# số …/2026/QĐ-UBND, Sở Tư pháp thẩm định, lấy ý kiến công khai); administrative = văn bản hành chính (NĐ 30/2020).
route: legal_normative
# Thông tin của trình tự Điều 9 Thông tư 47/2018 (tổ soạn thảo, kế hoạch, hội thảo, kế hoạch thẩm định,
# quyết định thành lập Hội đồng, đề nghị Sở Tư pháp, ý kiến góp ý): xem docs/dossier.md; thiếu thì in "……………".
procedure: {{}}
# Lựa chọn pháp lý. Căn cứ của Quyết định là các bản ghi có ngày hiệu lực (data/legal/bases.yaml):
# viện dẫn các căn cứ còn hiệu lực vào ngày ký, theo thứ tự hiệu lực pháp lý. Ngày {today} gồm:
{bases_comment}
# Thêm (theo id, hoặc cả bản ghi văn bản của tỉnh), bỏ hoặc sắp xếp lại tại đây; căn cứ hết hiệu lực
# vào ngày ký là lỗi. `dinhmuc params --on NGÀY` liệt kê các giá trị pháp lý (lương, các khoản đóng...)
# đang có hiệu lực cùng nguồn của chúng.
law:
  legal_bases:
    add: []
    remove: []
    order: []
  # cảnh báo khi tệp tham số pháp lý được rà soát lần cuối quá số ngày này
  params_max_age_days: 365
inputs:
{inputs}  # Hội đồng thẩm định (thành viên, người có mặt, ngày và giờ họp, phòng họp, thư ký,
  # phiếu biểu quyết — dùng cho các văn bản của Hội đồng), một tệp YAML:
  # council: inputs/hoi_dong.yaml
  # Bộ định mức tham chiếu (cho phương pháp so sánh và phần so sánh khi thẩm định):
  # reference_norm: inputs/dinh_muc_tham_chieu.yaml
# Các lựa chọn tính giá mà pháp luật để dự án tự quyết định (ghi trong Báo cáo thuyết minh).
costing:
  # Chi phí quản lý, % chi phí trực tiếp: giá dịch vụ sự nghiệp công không có tỷ lệ cố định;
  # TTLT 26/2014/TTLT-BTC-BCT giới hạn 2,5 % kinh phí đề án khuyến công đến năm 2018; mức trần của
  # TT 28/2018/TT-BTC (sửa đổi bởi TT 64/2024/TT-BTC) không kèm sẵn: khai mức trần áp dụng
  # (management_cap_pct) cùng căn cứ (management_cap_basis) để giá trị được kiểm tra.
  management_pct: 2.5
  # Số ngày làm việc trong tháng: không quy định tính giá nào ấn định; 22 theo tuần làm việc 5 ngày
  # của cơ quan nhà nước (QĐ 188/1999/QĐ-TTg); một số thông tư định mức tính 26.
  working_days_per_month: 22
  # Loại hình tự chủ tài chính của đơn vị (Luật 97/2025/QH15: không đóng kinh phí công đoàn khi ngân sách
  # bảo đảm toàn bộ quỹ lương): budget_full = ngân sách bảo đảm toàn bộ quỹ lương; other = mọi đơn vị khác.
  financing_class: null
# Tùy chọn xây dựng chung cho mọi dịch vụ (làm tròn giá trị công bố, theo thông lệ).
build:
  rounding_decimals: 2
# Tệp tham số pháp lý riêng của dự án (cùng định dạng data/params của dinhmuc), mỗi tệp thay tệp
# cùng tên kèm sẵn; lệnh build, tính giá, hồ sơ và thẩm định đều dùng chúng và manifest liệt kê chúng.
# Để trống: dùng tham số kèm sẵn.
legal_parameters:
  files: []
# Phương pháp của từng dịch vụ (Điều 6 Thông tư 47/2018: statistical = thống kê tổng hợp, standard =
# tiêu chuẩn, experimental = thực nghiệm; comparison = so sánh và expert = chuyên gia là phương pháp
# hỗ trợ) và lý do lựa chọn.
services:
{services}"""


def _settlement_rows(specs: list[ServiceSpec]) -> list[dict]:
    rows = []
    for s in specs:
        drivers = {d.code for d in s.drivers}
        for comp in ("labour", "materials", "equipment"):
            for line in getattr(s, comp):
                name = getattr(line, "role", None) or line.name
                unit = "công" if comp == "labour" else line.unit
                rows.append(
                    {
                        "service": s.code,
                        "line": line.id,
                        "item": name,
                        "unit": unit,
                        **{d: None for d in DRIVER_COLUMNS if d in drivers},
                    }
                )
    return rows


def _line_rows(specs: list[ServiceSpec], with_unit: bool) -> list[dict]:
    rows = []
    for s in specs:
        for comp in ("labour", "materials", "equipment"):
            for line in getattr(s, comp):
                row = {"service": s.code, "line": line.id}
                if with_unit:
                    row["unit"] = "công" if comp == "labour" else line.unit
                rows.append(row)
    return rows


def _price_frames(specs: list[ServiceSpec]) -> dict[str, pd.DataFrame]:
    materials: list[dict] = []
    equipment: list[dict] = []
    seen_m: set[tuple] = set()
    seen_e: set[tuple] = set()
    for s in specs:
        for m in s.materials:
            material = (m.name, m.spec, m.unit)
            if material not in seen_m:
                seen_m.add(material)
                materials.append({"name": m.name, "spec": m.spec, "unit": m.unit})
        for e in s.equipment:
            key = (e.name, e.spec)
            if key not in seen_e:
                seen_e.add(key)
                equipment.append({"name": e.name, "spec": e.spec, "power_kw": e.power_kw, "energy": "electricity"})
    energy = [{"kind": "electricity", "unit": "kWh"}]
    return {"materials": pd.DataFrame(materials), "equipment": pd.DataFrame(equipment), "energy": pd.DataFrame(energy)}


def _choices(
    cat: Catalog, services: Iterable[str] | None, methods: str | Mapping[str, str] | None
) -> tuple[list[ServiceSpec], dict[str, str]]:
    """The services chosen (catalogue order) and the method of each; every bad choice reported together."""
    problems: list[Problem] = []
    codes = list(dict.fromkeys(str(c).strip().upper() for c in services)) if services else list(cat.codes)
    for code in codes:
        if code not in cat:
            problems.append(
                Problem(
                    tr("init.unknown_service", code=code),
                    Location(field="services"),
                    "unknown_service",
                    ", ".join(cat.codes),
                )
            )
    default = methods if isinstance(methods, str) else "statistical"
    per = dict(methods) if isinstance(methods, Mapping) else {}
    chosen: dict[str, str] = {}
    for code in codes:
        value = str(per.get(code, default)).strip().lower()
        if value not in METHODS:
            problems.append(
                Problem(
                    tr("init.unknown_method", method=value, code=code),
                    Location(field="methods"),
                    "invalid_choice",
                    ", ".join(METHODS),
                )
            )
        chosen[code] = value
    for code in per:
        if code not in codes:
            problems.append(
                Problem(
                    tr("init.method_for_unchosen", code=code),
                    Location(field="methods"),
                    "invalid_choice",
                    ", ".join(codes),
                )
            )
    raise_if(problems, "dinhmuc init")
    return [cat[c] for c in cat.codes if c in codes], chosen


def init_project(
    folder: str | Path,
    catalog: Catalog | str | Path | None = None,
    *,
    province: str,
    services: Iterable[str] | None = None,
    methods: str | Mapping[str, str] | None = None,
    today: _dt.date | None = None,
) -> list[Path]:
    """Scaffold a new project in ``folder`` (which must be absent or empty); return the files written.

    ``services``: catalogue codes to norm (all by default). ``methods``: one method
    for every service, or a mapping code -> method (``statistical`` by default):
    statistical, standard, experimental, or the aids comparison and expert.
    Only the workbooks those methods read are written, plus the price list.

    >>> import pathlib, tempfile, dinhmuc as dm
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "du_an_moi"
    >>> files = dm.init_project(folder, province="Quảng Ngãi", services=["KC01", "KC03"])
    >>> [path.relative_to(folder).as_posix() for path in files]
    ['project.yaml', 'inputs/quyet_toan.xlsx', 'inputs/bang_gia.xlsx']
    """
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(Problem(tr("init.not_empty"), Location(str(folder)), "exists", tr("init.not_empty_hint")))
    if not str(province or "").strip():
        raise InputError(
            Problem(tr("init.no_province"), Location(field="province"), "missing", '--province "Quảng Ngãi"')
        )
    cat = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    specs, chosen = _choices(cat, services, methods)
    today = today or _dt.date.today()
    tables = sorted({EVIDENCE_OF[m] for m in chosen.values() if m in EVIDENCE_OF}, key=list(INPUT_FILES).index)
    inputs = "".join(f"  {t}: {INPUT_FILES[t]}\n" for t in (*tables, "prices"))
    if catalog is not None and not isinstance(catalog, Catalog):
        inputs = f"  catalog: {Path(catalog).resolve().as_posix()}\n" + inputs
    if any(m == "comparison" for m in chosen.values()):
        inputs += "  reference_norm: null  # bắt buộc với phương pháp so sánh: một bộ định mức (.yaml hoặc .xlsx)\n"
    commands = build_commands(folder)
    from .law.bases import bases_for

    bases_comment = "\n".join(f"#   {b.id}: {b.text(today)}" for b in bases_for(today))
    name = province.strip()
    text = PROJECT_TEMPLATE.format(
        folder=folder.as_posix(),
        blank=BLANK,
        province=_q(name),
        issuing_body=_q(f"Ủy ban nhân dân tỉnh {name}"),
        drafting_unit=_q(f"Sở Công Thương tỉnh {name}"),
        today=today.isoformat(),
        services=_service_block(specs, chosen),
        inputs=inputs,
        bases_comment=bases_comment,
        **commands,
    )
    written = [write_text_atomic(folder / "project.yaml", text)]

    def of(table: str) -> list[ServiceSpec]:  # a form holds the services whose method reads it
        return [s for s in specs if EVIDENCE_OF.get(chosen[s.code]) == table]

    frames = {
        "settlements": pd.DataFrame(_settlement_rows(of("settlements"))),
        "expert_estimates": pd.DataFrame(_line_rows(of("expert_estimates"), with_unit=True)),
        "standards": pd.DataFrame(_line_rows(of("standards"), with_unit=False)),
        "time_studies": pd.DataFrame(),
    }
    for key in tables:
        frame = frames[key]
        written.append(
            write_frames_excel({key: frame} if len(frame) else {}, folder / INPUT_FILES[key], sheets={key: TABLES[key]})
        )
    written.append(write_frames_excel(_price_frames(specs), folder / INPUT_FILES["prices"], sheets=PRICE_SHEETS))
    return written


__all__ = ["BLANK", "INPUT_FILES", "METHODS", "build_commands", "init_project"]
