"""Văn bản của hồ sơ — one function per document, building its template context.

Each function returns a :class:`DocSpec`: the template name, the output file
name, the context (plain strings, lists and dicts — everything already
formatted the Vietnamese way by :mod:`dinhmuc.core.vnformat`) and the
builders of its subdocs (tables whose shape depends on the data).
:func:`dinhmuc.dossier.write_dossier` renders them.

The documents work from a :class:`~dinhmuc.norm.NormSet` alone; costing
results (``costs``: service code -> unit price), the average actual cost of
the preceding years (``history``), evidence observations (``evidence``, a
DataFrame) and the council's ballot tally add their sections when given.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import blocks, layout
from .info import DossierInfo
from ..core.vnformat import amount_in_words, format_date, format_money, format_number

__all__ = [
    "DocSpec",
    "Tally",
    "bind_costs",
    "comment_table",
    "cost_summary",
    "council_papers",
    "draft_decision",
    "explanatory_report",
    "expert_forms",
    "norm_annexes",
    "submission",
    "survey_forms",
]

COMPONENT_VN = {"labour": "Lao động", "materials": "Vật tư", "equipment": "Máy móc, thiết bị",
                "management": "Chi phí quản lý"}

METHOD_VN = {
    "statistical": "Phương pháp thống kê tổng hợp",
    "standard": "Phương pháp tiêu chuẩn",
    "experimental": "Phương pháp phân tích thực nghiệm",
    "comparison": "Phương pháp so sánh (hỗ trợ)",
    "expert": "Phương pháp chuyên gia (hỗ trợ)",
    "manual": "Giá trị nhập trực tiếp",
}
METHOD_WHY = {
    "statistical": ("dịch vụ đã được thực hiện thường xuyên, có số liệu thống kê, báo cáo quyết toán hằng năm "
                    "đáng tin cậy, có giá trị pháp lý của 3 năm liên tục trước thời điểm xây dựng định mức "
                    "(Thông tư 47/2018/TT-BCT, Điều 6 khoản 1)"),
    "standard": ("hao phí lao động được xác định từ tiêu chuẩn, quy định của Nhà nước về chế độ thời gian "
                 "làm việc, nghỉ ngơi cho từng công việc (Thông tư 47/2018/TT-BCT, Điều 6 khoản 2)"),
    "experimental": ("số liệu thống kê không đủ hoặc không đủ tin cậy, nên hao phí được xác định qua khảo sát, "
                     "thực nghiệm từng bước công việc (Thông tư 47/2018/TT-BCT, Điều 6 khoản 3)"),
    "comparison": ("hao phí được đối chiếu với định mức của dịch vụ tương tự đã ban hành, làm đầu vào cho "
                   "phương pháp quy định tại Điều 6 Thông tư 47/2018/TT-BCT"),
    "expert": ("số liệu còn ít, hao phí được tham khảo ý kiến chuyên gia (mức thấp nhất, có khả năng nhất, "
               "cao nhất), làm đầu vào cho phương pháp quy định tại Điều 6 Thông tư 47/2018/TT-BCT"),
    "manual": "giá trị do tổ soạn thảo nhập trực tiếp, cần bổ sung thuyết minh nguồn số liệu",
}
METHOD_SHORT = {"statistical": "Thống kê", "standard": "Tiêu chuẩn", "experimental": "Thực nghiệm",
                "comparison": "So sánh", "expert": "Chuyên gia", "manual": "Nhập trực tiếp"}
STAT_VN = {"n": "số quan sát", "mean": "trung bình", "median": "trung vị", "min": "nhỏ nhất", "max": "lớn nhất",
           "std": "độ lệch chuẩn", "stdev": "độ lệch chuẩn", "cv": "hệ số biến thiên", "spread_pct": "độ dao động (%)",
           "spread": "độ dao động", "progressive_mean": "trung bình tiên tiến", "years": "năm số liệu",
           "k": "hệ số K", "excluded": "số liệu loại"}
LEVELS = (
    ("Mức 1", "Đạt yêu cầu, đề nghị cấp có thẩm quyền ban hành"),
    ("Mức 2", "Đạt yêu cầu nhưng phải chỉnh sửa, hoàn thiện trước khi trình ban hành"),
    ("Mức 3", "Không đạt yêu cầu, phải xây dựng lại"),
)


@dataclass
class DocSpec:
    """A document to render: template, output file, context and subdoc builders."""

    template: str
    filename: str
    title: str
    context: dict[str, Any]
    subdocs: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    charts: dict[str, bytes] = field(default_factory=dict)
    #: called with the rendered python-docx Document before the draft mark is added and the file saved
    finish: Callable[[Any], None] | None = None


# ============================================================================ helpers
def _num(value, decimals: int | None = 2) -> str:
    if value is None or value == "":
        return ""
    return format_number(value, decimals=decimals)


def _nd(norm) -> int:
    return norm.rounding_decimals if norm.rounding_decimals is not None else 2


def _blank_date_line(info: DossierInfo, date) -> str:
    if date is not None:
        return format_date(date, place=info.place_name)
    return f"{info.place_name}, ngày      tháng      năm        "


def _header(info: DossierInfo, *, parent: str | None, body: str, number: str | None, date, doc_type: str,
            subject: str) -> dict:
    return {"parent": parent or "", "body": body, "number": number or "", "date_line": _blank_date_line(info, date),
            "doc_type": doc_type, "subject": subject}


def _number(given: str | None, year: int | None, kind: str, abbrev: str, legal: bool = False) -> str:
    if given:
        return given
    if legal and year:
        return f"       /{year}/{kind}-{abbrev}"
    return f"       /{kind}-{abbrev}"


def _bases(bases: Sequence[str]) -> list[str]:
    """Căn cứ lines as add_legal_bases writes them: "Căn cứ ...;" and the last ending "."."""
    items = [b.strip().rstrip(";.,").rstrip() for b in bases]
    items = [b for b in items if b]
    out = []
    for i, item in enumerate(items):
        if not item.lower().startswith(("căn cứ", "theo", "xét")):
            item = f"Căn cứ {item}"
        out.append(item + ("." if i == len(items) - 1 else ";"))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _decision_ref(norm_set, info: DossierInfo) -> str:
    number = info.decision_number or _number(None, (info.decision_date or _dt.date.today()).year
                                             if info.decision_date else None, "QĐ", "UBND", legal=True).strip()
    if not info.decision_number:
        number = "      /QĐ-UBND"
    date = (f"ngày {info.decision_date.day:02d}/{info.decision_date.month:02d}/{info.decision_date.year}"
            if info.decision_date else "ngày      /      /")
    return f"Kèm theo Quyết định số {number} {date} của {info.issuing}"


def _default_bases(norm_set) -> list[str]:
    bases = list(norm_set.legal_bases)
    defaults = [
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ quy định cơ chế tự chủ tài chính "
        "của đơn vị sự nghiệp công lập",
        "Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công",
        "Thông tư số 47/2018/TT-BCT ngày 15 tháng 11 năm 2018 của Bộ trưởng Bộ Công Thương hướng dẫn xây dựng, "
        "quản lý định mức kinh tế - kỹ thuật áp dụng trong các dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
    ]
    have = " ".join(bases)
    for d in defaults:
        key = d.split(" ngày")[0].replace("Nghị định số ", "").replace("Thông tư số ", "")
        if key not in have:
            bases.append(d)
    return bases


def _norm_method(norm) -> str | None:
    if norm.method is not None:
        return norm.method.value
    seen: dict[str, int] = {}
    for _, line in norm.lines():
        for prov in line.provenance.values():
            m = prov.legal_method or prov.method
            if m is not None:
                seen[m.value] = seen.get(m.value, 0) + 1
    return max(seen, key=seen.get) if seen else None


def _line_label(comp: str, line) -> str:
    if comp == "labour":
        return line.role
    return line.name + (f" ({line.spec})" if getattr(line, "spec", None) else "")


def _line_value(comp: str, line):
    return line.quantity if comp != "equipment" else line.loaded + line.idle


# ============================================================================ costs
def _dec(value) -> Decimal | None:
    if value is None:
        return None
    for attr in ("total", "amount", "value"):
        if not isinstance(value, (int, float, Decimal, str)) and hasattr(value, attr):
            value = getattr(value, attr)
            break
    if isinstance(value, Mapping):
        value = value.get("total", value.get("amount"))
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _get(obj, name):
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def cost_summary(unit_price) -> dict[str, Decimal]:
    """Components of a costing result (``UnitPrice``, a mapping or a number): labour, materials, equipment,
    management and total, as Decimals (a missing component is 0; a bare number is the total)."""
    if isinstance(unit_price, (int, float, Decimal, str)):
        total = Decimal(str(unit_price))
        return {"labour": Decimal(0), "materials": Decimal(0), "equipment": Decimal(0), "management": Decimal(0),
                "total": total}
    comps = _get(unit_price, "components")
    out = {}
    for name, aliases in (("labour", ("labour", "labor")), ("materials", ("materials", "material")),
                          ("equipment", ("equipment",)), ("management", ("management", "overhead"))):
        val = None
        for a in aliases:
            val = _get(unit_price, a)
            if val is None and comps is not None:
                val = _get(comps, a)
            if val is not None:
                break
        out[name] = _dec(val) or Decimal(0)
    total = _dec(_get(unit_price, "total"))
    out["total"] = total if total is not None else sum(out.values(), Decimal(0))
    return out


def bind_costs(norm_set, costs) -> dict[str, dict[str, Decimal]]:
    """``costs`` (mapping code -> UnitPrice, or a sequence of results with ``.norm``/``.code``) as summaries."""
    if costs is None:
        return {}
    if isinstance(costs, Mapping):
        items = costs.items()
    else:
        items = [(_get(c, "norm") or _get(c, "code"), c) for c in costs]
    out = {}
    for code, up in items:
        code = code if isinstance(code, str) else _get(code, "code")
        out[str(code)] = cost_summary(up)
    return {n.code: out[n.code] for n in norm_set if n.code in out}


def _round0(d: Decimal) -> Decimal:
    return d.quantize(Decimal(1), rounding=ROUND_HALF_UP)


# ============================================================================ 1. decision + norm document
def draft_decision(norm_set, info: DossierInfo) -> DocSpec:
    """Quyết định ban hành định mức — "Điều 1. Ban hành kèm theo Quyết định này ..."."""
    year = info.decision_date.year if info.decision_date else None
    title = norm_set.title
    eff = (f"kể từ {format_date(info.effective_from)}" if info.effective_from else "kể từ ngày      tháng      năm")
    implementers = info.implementers or (
        f"Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Công Thương, Tài chính; Giám đốc "
        f"{info.service_provider}; Thủ trưởng các cơ quan, đơn vị và cá nhân có liên quan")
    ctx = {
        "header": _header(info, parent=None, body=info.issuing, number=_number(info.decision_number, year, "QĐ",
                                                                                "UBND", legal=True),
                          date=info.decision_date, doc_type="Quyết định", subject=f"Ban hành {title}"),
        "authority_line": info.issuing,
        "legal_bases": _bases(_default_bases(norm_set) + [f"Theo đề nghị của Giám đốc {info.drafting_unit}"]),
        "norm_doc_title": title,
        "norm_count": format_number(len(norm_set)),
        "annex_list": [f"{i}. Phụ lục {layout.to_roman(i)}: {n.name} (mã hiệu {n.code})"
                       + (";" if i < len(norm_set) else ".") for i, n in enumerate(norm_set, start=1)],
        "effective_text": eff,
        "replaces_text": (f"Quyết định này thay thế {norm_set.replaces}." if norm_set.replaces else ""),
        "implementers": implementers,
        "signature": {"lines": [info.authority_prefix, *info.signer_title], "name": info.signer_name},
        "recipients": layout._recipient_lines(info.decision_recipients),
    }
    return DocSpec("quyet_dinh", "01_quyet_dinh.docx", f"Quyết định ban hành {title}", ctx)


def _annex(sd, norm, index: int, attached: str) -> None:
    d = _nd(norm)
    layout.add_annex_title(sd, index, f"Định mức {_lower_first(norm.name)}", attached)
    blocks.para(sd, f"Mã hiệu: {norm.code}", bold=True, indent=False)
    blocks.heading(sd, "1. Đơn vị tính và quy mô tham chiếu")
    blocks.para(sd, norm.unit_text + ".")
    blocks.heading(sd, "2. Phạm vi và điều kiện áp dụng")
    blocks.para(sd, norm.scope or "Áp dụng cho dịch vụ nêu trên do đơn vị sự nghiệp công thực hiện.")
    if norm.conditions:
        blocks.para(sd, norm.conditions)
    blocks.heading(sd, "3. Thành phần công việc")
    if norm.work_steps:
        for s in norm.work_steps:
            blocks.para(sd, f"- {s.code}. {s.name}" + (f": {s.description}" if s.description else "") + ";")
    else:
        blocks.para(sd, "Theo quy trình thực hiện dịch vụ của đơn vị.")
    blocks.heading(sd, "4. Định mức hao phí")
    blocks.para(sd, f"Tính cho {norm.unit_text}.", italic=True)
    blocks.para(sd, "a) Hao phí lao động", bold=True, keep_next=True, before=6)
    if norm.labour:
        rows = [(str(i), l.role + (" (gián tiếp)" if l.kind == "indirect" else ""), l.grade_text(), l.unit,
                 _num(l.quantity, d)) for i, l in enumerate(norm.labour, start=1)]
        blocks.table(sd, ["TT", "Chức danh", "Hạng, bậc", "Đơn vị tính", "Định mức"], rows, (12, 70, 38, 20, 25),
                     aligns="clccr")
    else:
        blocks.para(sd, "Không có hao phí lao động.")
    if norm.indirect_labour_pct is not None:
        blocks.para(sd, f"Lao động gián tiếp (quản lý, phục vụ): {_num(norm.indirect_labour_pct, None)} % hao phí "
                        "lao động trực tiếp (Thông tư 47/2018/TT-BCT, Điều 7).", before=6)
    blocks.para(sd, "b) Hao phí vật tư", bold=True, keep_next=True, before=6)
    if norm.materials:
        rows = [(str(i), m.name + (f"\n{m.spec}" if m.spec else ""), m.unit, _num(m.quantity, d),
                 _num(m.loss_rate, None), _num(m.recovery_rate, None)) for i, m in enumerate(norm.materials, start=1)]
        blocks.table(sd, ["TT", "Tên, quy cách vật tư", "Đơn vị tính", "Định mức", "Hao hụt (%)", "Thu hồi (%)"],
                     rows, (12, 68, 20, 25, 20, 20), aligns="clcrrr")
    else:
        blocks.para(sd, "Không có hao phí vật tư.")
    if norm.other_materials_pct is not None:
        blocks.para(sd, f"Vật tư khác: {_num(norm.other_materials_pct, None)} % giá trị vật tư chính.", before=6)
    blocks.para(sd, "c) Hao phí máy móc, thiết bị", bold=True, keep_next=True, before=6)
    if norm.equipment:
        rows = []
        for i, e in enumerate(norm.equipment, start=1):
            spec = ", ".join(x for x in (e.spec, f"{_num(e.power_kw, None)} kW" if e.power_kw is not None else None)
                             if x)
            rows.append((str(i), e.name, spec, e.unit, _num(e.loaded, d), _num(e.idle, d), _num(e.loaded + e.idle, d)))
        blocks.table(sd, ["TT", "Tên máy móc, thiết bị", "Thông số kỹ thuật", "Đơn vị tính", "Có tải", "Không tải",
                          "Tổng"], rows, (10, 45, 35, 14, 20, 20, 21), aligns="cllcrrr")
    else:
        blocks.para(sd, "Không có hao phí máy móc, thiết bị.")
    blocks.heading(sd, "5. Hệ số điều chỉnh")
    if norm.adjustments:
        for t in norm.adjustments:
            applies = ", ".join(COMPONENT_VN[c].lower() for c in t.applies_to)
            blocks.para(sd, f"{t.name} (áp dụng cho hao phí {applies})" + (f"; căn cứ: {t.citation}" if t.citation
                                                                         else "") + ":", before=6, keep_next=True)
            rows = [(c.label, c.condition or _range(c), _num(c.factor, None)) for c in t.classes]
            blocks.table(sd, ["Mức", "Điều kiện áp dụng", "Hệ số"], rows, (50, 85, 30), aligns="llc")
    else:
        blocks.para(sd, "Không áp dụng hệ số điều chỉnh.")
    blocks.heading(sd, "6. Ghi chú")
    notes = list(norm.notes) or ["Định mức trên là mức hao phí tối đa; đơn vị thực hiện dịch vụ sử dụng hợp lý, "
                                 "tiết kiệm."]
    for n in notes:
        blocks.para(sd, f"- {n}")


def _range(c) -> str:
    parts = []
    if c.min is not None:
        parts.append(f"từ {_num(c.min, None)}")
    if c.max is not None:
        parts.append(f"dưới {_num(c.max, None)}")
    return " ".join(parts)


def norm_annexes(norm_set, info: DossierInfo) -> DocSpec:
    """The attached norm document: general provisions, then one annex (Phụ lục I, II, ...) per service."""
    attached = _decision_ref(norm_set, info)
    decimals = sorted({_nd(n) for n in norm_set}) or [2]
    dec_text = "; ".join(format_number(d) for d in decimals)
    ctx = {
        "header": _header(info, parent=None, body=info.issuing, number=None, date=None,
                          doc_type="Định mức kinh tế - kỹ thuật",
                          subject=_title_subject(norm_set.title)),
        "attached_line": attached,
        "scope_text": (f"Định mức này quy định mức hao phí lao động, vật tư và máy móc, thiết bị để hoàn thành "
                       f"một đơn vị sản phẩm của {format_number(len(norm_set))} dịch vụ sự nghiệp công sử dụng ngân "
                       f"sách nhà nước lĩnh vực {info.field_name} trên địa bàn tỉnh {info.province}."),
        "subjects_text": (f"Cơ quan quản lý nhà nước, {info.service_provider} và các tổ chức, cá nhân có liên quan "
                          "đến việc cung cấp dịch vụ sự nghiệp công theo phương thức giao nhiệm vụ, đặt hàng "
                          "hoặc đấu thầu."),
        "content_items": [
            "a) Hao phí lao động: thời gian lao động trực tiếp theo chức danh, hạng và bậc, tính bằng công "
            "(01 công = 8 giờ làm việc); lao động gián tiếp tính bằng tỷ lệ % của lao động trực tiếp;",
            "b) Hao phí vật tư: số lượng từng loại vật tư cần thiết, kèm tỷ lệ hao hụt và tỷ lệ thu hồi;",
            "c) Hao phí máy móc, thiết bị: thời gian sử dụng gồm thời gian có tải và không tải, tính bằng ca "
            "(01 ca = 8 giờ) hoặc giờ.",
        ],
        "guidance_items": [
            "a) Định mức tính cho một đơn vị dịch vụ ở quy mô tham chiếu ghi tại mỗi Phụ lục; khi quy mô thực tế "
            "khác, hao phí được tính theo tỷ lệ với đại lượng quy mô tương ứng;",
            "b) Hệ số điều chỉnh chỉ áp dụng khi cấp có thẩm quyền xác định rõ mức áp dụng cho từng nhiệm vụ;",
            f"c) Giá trị định mức được làm tròn đến {dec_text} chữ số thập phân.",
        ],
        "annex_list": [f"- Phụ lục {layout.to_roman(i)}: {n.name};" if i < len(norm_set)
                       else f"- Phụ lục {layout.to_roman(i)}: {n.name}." for i, n in enumerate(norm_set, start=1)],
    }

    # NĐ 30/2020 (phụ lục): each annex starts on a new page and its pages are numbered from 1. Each annex is
    # its own section: a next-page section break before it ends the previous section (the general part keeps
    # the template's section; each earlier annex gets setup_annex_section); the last annex is the document's
    # final section, set up after rendering (_finish_annexes). With "different first page", as in the main
    # part, an annex's first page shows no number and its second page shows "2".
    def build(sd):
        for i, norm in enumerate(norm_set, start=1):
            ended = layout.add_section_break(sd)  # the general part (i = 1) or annex i - 1
            if i > 1:
                layout.setup_annex_section(ended)
            _annex(sd, norm, i, attached)

    return DocSpec("dinh_muc", "02_dinh_muc_kem_theo.docx", norm_set.title, ctx, {"annexes": build},
                   finish=_finish_annexes if len(norm_set) else None)


def _finish_annexes(document) -> None:
    """After rendering: the final section (the last annex) restarts at 1; repeated header references link back."""
    if len(document.sections) > 1:
        layout.setup_annex_section(document.sections[-1])
    layout.link_repeated_headers(document)


def _title_subject(title: str) -> str:
    t = title
    if t.lower().startswith("định mức kinh tế - kỹ thuật"):
        t = t[len("định mức kinh tế - kỹ thuật"):].strip()
    return t[:1].upper() + t[1:] if t else title


# ============================================================================ 2. explanatory report
def _stats_text(prov) -> str:
    parts = []
    n = prov.statistics.get("n")
    if n is None and prov.evidence:
        n = len(prov.evidence)
    if n is not None:
        parts.append(f"n = {_num(n, None)}")
    for k, v in prov.statistics.items():
        if k == "n":
            continue
        label = STAT_VN.get(k, k)
        parts.append(f"{label} = {_num(v, None) if isinstance(v, Decimal) else v}")
    if "spread_pct" not in prov.statistics and "min" in prov.statistics and "max" in prov.statistics:
        lo, hi = prov.statistics["min"], prov.statistics["max"]
        if isinstance(lo, Decimal) and isinstance(hi, Decimal) and lo > 0:
            parts.append(f"độ dao động = {format_number((hi - lo) / lo * 100, 1)} %")
    return "; ".join(parts)


def _explain(norm, line_id: str, fld: str, prov) -> str | None:
    if prov.calculation:
        return prov.calculation
    try:  # the methods package (issue 3) explains a value from its trace when it is installed
        import dinhmuc as dm

        explain = getattr(dm, "explain", None)
        if explain is not None:
            text = explain(norm, line_id, fld)
            return str(text) if text else None
    except Exception:  # noqa: BLE001 - a missing explanation must not stop the dossier
        return None
    return None


def _years_of(evidence, code: str) -> str:
    if evidence is None or "year" not in getattr(evidence, "columns", ()):
        return ""
    ys = sorted({int(y) for y in evidence.loc[evidence["norm"] == code, "year"].dropna()})
    if not ys:
        return ""
    return f"{ys[0]}-{ys[-1]}" if len(ys) > 1 else str(ys[0])


def explanatory_report(norm_set, info: DossierInfo, *, costs=None, history=None, evidence=None,
                       parameters: list[dict] | None = None, charts: Mapping[str, bytes] | None = None) -> DocSpec:
    """Báo cáo thuyết minh xây dựng định mức: bases, methods and why, evidence, calculations, charts,
    trial unit prices against the average actual cost of the preceding years, declared parameters."""
    charts = dict(charts or {})
    summaries = bind_costs(norm_set, costs)
    years = info.years()
    year = info.report_date.year if info.report_date else None
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short,
                          number=_number(info.report_number, year, "BC", info.drafting_abbrev),
                          date=info.report_date, doc_type="Báo cáo",
                          subject=f"Thuyết minh xây dựng {_lower_first(norm_set.title)}"),
        "necessity": [info.necessity or (
            f"Theo Nghị định số 60/2021/NĐ-CP, giá dịch vụ sự nghiệp công sử dụng ngân sách nhà nước được xác "
            f"định trên cơ sở định mức kinh tế - kỹ thuật do cơ quan có thẩm quyền ban hành. Các dịch vụ sự nghiệp "
            f"công lĩnh vực {info.field_name} của tỉnh {info.province} chưa có định mức, nên việc giao nhiệm vụ, "
            f"đặt hàng và thanh quyết toán chưa có căn cứ thống nhất."),
            f"{info.drafting_unit} xây dựng định mức cho {format_number(len(norm_set))} dịch vụ theo trình tự tại "
            f"Điều 9 Thông tư 47/2018/TT-BCT: khảo sát, thu thập số liệu {years[0]}-{years[-1]}, tính toán, lấy ý "
            f"kiến chuyên gia và các cơ quan liên quan."],
        "basis_items": [f"- {b.rstrip(';.')};" for b in _default_bases(norm_set)],
        "scope_text": (f"Định mức áp dụng cho các dịch vụ sự nghiệp công lĩnh vực {info.field_name} do "
                       f"{info.service_provider} thực hiện, gồm:"),
        "parameters_intro": ("Các tham số dưới đây là giá trị có hiệu lực tại thời điểm tính toán, mỗi giá trị "
                             "kèm văn bản trích dẫn; các tham số pháp luật không quy định (như số ngày làm việc "
                             "bình quân một tháng) là lựa chọn khai báo của dự án."),
        "methods_intro": ("Mỗi giá trị định mức được xác định theo một trong ba phương pháp tại Điều 6 Thông tư "
                          "47/2018/TT-BCT; phần dưới trình bày phương pháp chọn cho từng dịch vụ và lý do, tóm tắt "
                          "số liệu (số quan sát, năm, độ dao động, số liệu bị loại và lý do) và cách tính từng "
                          "giá trị."),
        "recommendation": (f"{info.drafting_unit} kính đề nghị Hội đồng thẩm định xem xét, cho ý kiến để hoàn "
                           f"thiện dự thảo, trình Ủy ban nhân dân tỉnh {info.province} ban hành."),
        "signature": {"lines": info.drafting_head_title,
                      "name": info.drafting_head_name},
        "recipients": layout._recipient_lines(info.report_recipients),
    }

    def service_table(sd):
        rows = [(str(i), n.code, n.name, n.unit_text, METHOD_VN.get(_norm_method(n) or "", "—"))
                for i, n in enumerate(norm_set, start=1)]
        blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính", "Phương pháp"], rows, (10, 17, 63, 40, 35),
                     aligns="cclll")

    def parameters_table(sd):
        params = parameters or []
        if not params:
            blocks.para(sd, "Không có tham số khai báo.")
            return
        rows = [(str(i), p["label"], p["value"], p.get("unit") or "", p["citation"])
                for i, p in enumerate(params, start=1)]
        blocks.table(sd, ["TT", "Tham số", "Giá trị", "Đơn vị", "Căn cứ"], rows, (10, 55, 28, 22, 50),
                     aligns="clrcl")

    def methods(sd):
        for i, norm in enumerate(norm_set, start=1):
            d = _nd(norm)
            blocks.heading(sd, f"{i}. {norm.code} – {norm.name}")
            m = _norm_method(norm)
            if m:
                blocks.para(sd, f"a) Phương pháp: {METHOD_VN[m]}, vì {METHOD_WHY[m]}.")
            else:
                blocks.para(sd, "a) Phương pháp: chưa khai báo; tổ soạn thảo cần bổ sung phương pháp và lý do "
                                "lựa chọn (Thông tư 47/2018/TT-BCT, Điều 6).")
            yrs = _years_of(evidence, norm.code)
            blocks.para(sd, "b) Số liệu và kết quả" + (f" (số liệu các năm {yrs})" if yrs else "") + ":",
                        keep_next=True)
            rows, calcs, excluded = [], [], []
            for comp, line in norm.lines():
                value = _num(_line_value(comp, line), d)
                provs = line.provenance
                if not provs:
                    rows.append((line.id, _line_label(comp, line), value, "—", "Chưa có nguồn số liệu"))
                    continue
                for fld, prov in provs.items():
                    meth = (prov.method or prov.legal_method)
                    rows.append((line.id + ("" if fld in ("quantity", "loaded") else f" ({fld})"),
                                 _line_label(comp, line), _num(getattr(line, fld), d) if fld != "loaded" else value,
                                 METHOD_SHORT.get(meth.value, "") if meth else "—", _stats_text(prov)))
                    text = _explain(norm, line.id, fld, prov)
                    if text:
                        calcs.append((f"{line.id} – {_line_label(comp, line)}:", text))
                    elif prov.note:
                        calcs.append((f"{line.id} – {_line_label(comp, line)}:", prov.note))
                    for ex in prov.excluded:
                        excluded.append(f"- {line.id}: loại {ex.ref} — {ex.reason}")
            blocks.table(sd, ["Mã", "Hao phí", "Giá trị", "Phương pháp", "Tóm tắt số liệu"], rows,
                         (14, 50, 20, 35, 46), aligns="clrll")
            if excluded:
                blocks.para(sd, "Số liệu bị loại và lý do:", italic=True, keep_next=True, before=4)
                for e in excluded:
                    blocks.para(sd, e, size=13)
            if calcs:
                blocks.para(sd, "c) Cách tính từng giá trị (từ vết tính toán):", keep_next=True, before=6)
                for head, text in calcs:
                    blocks.para(sd, head, size=13, italic=True, indent=False, keep_next=True, after=0)
                    for ln in str(text).splitlines():
                        if ln.strip():
                            blocks.para(sd, ln.rstrip(), size=12, align="l", indent=False, after=0)
                    blocks.para(sd, "", size=6, after=0)
            key = f"evidence_{norm.code}"
            if key in charts:
                _picture(sd, charts[key], f"Hình {i}. Phân bố số liệu {norm.code} (điểm đỏ: số liệu bị loại)")

    def trial_prices(sd):
        if not summaries:
            blocks.para(sd, "Chưa tính thử đơn giá: hồ sơ chưa có kết quả tính chi phí theo định mức (mô-đun "
                            "costing). Khi có bảng giá, đơn giá tính thử được so sánh với chi phí thực tế bình quân "
                            "các năm trước.")
            return
        blocks.para(sd, "a) Cơ cấu đơn giá tính thử (đồng/đơn vị dịch vụ):", keep_next=True)
        rows, total = [], Decimal(0)
        for i, n in enumerate(norm_set, start=1):
            s = summaries.get(n.code)
            if not s:
                continue
            total += s["total"]
            rows.append((str(i), f"{n.code} – {n.name}", format_money(s["labour"]), format_money(s["materials"]),
                         format_money(s["equipment"]), format_money(s["management"]), format_money(s["total"])))
        blocks.table(sd, ["TT", "Dịch vụ", "Lao động", "Vật tư", "Thiết bị", "Quản lý", "Đơn giá"], rows,
                     (11, 48, 22, 21, 21, 20, 22), aligns="clrrrrr")
        if "cost_structure" in charts:
            _picture(sd, charts["cost_structure"], "Hình. Cơ cấu chi phí của đơn giá tính thử theo dịch vụ")
        hist = {k: _dec(v) for k, v in (history or {}).items()}
        if hist:
            blocks.para(sd, f"b) So sánh với chi phí thực tế bình quân các năm {years[0]}-{years[-1]}:",
                        keep_next=True, before=6)
            rows = []
            for i, n in enumerate(norm_set, start=1):
                s, h = summaries.get(n.code), hist.get(n.code)
                if not s:
                    continue
                if h:
                    diff = s["total"] - h
                    pct = format_number(diff / h * 100, 1) if h else ""
                    rows.append((str(i), f"{n.code} – {n.name}", format_money(s["total"]), format_money(h),
                                 format_money(diff), pct))
                else:
                    rows.append((str(i), f"{n.code} – {n.name}", format_money(s["total"]), "—", "—", "—"))
            blocks.table(sd, ["TT", "Dịch vụ", "Đơn giá tính thử", "Chi phí thực tế bình quân", "Chênh lệch",
                              "Chênh lệch (%)"], rows, (11, 54, 27, 27, 26, 20), aligns="clrrrr")
        blocks.para(sd, f"Tổng đơn giá tính thử của {format_number(len(rows))} dịch vụ (mỗi dịch vụ một đơn vị): "
                        f"{format_money(total, suffix=True)} (bằng chữ: {amount_in_words(total)}).", before=6)

    return DocSpec("thuyet_minh", "03_thuyet_minh.docx", f"Thuyết minh xây dựng {norm_set.title}", ctx,
                   {"service_table": service_table, "parameters_table": parameters_table, "methods": methods,
                    "trial_prices": trial_prices}, charts)


def _picture(sd, png: bytes, caption: str) -> None:
    import io

    from docx.shared import Mm

    p = blocks.para(sd, "", align="c", indent=False, keep_next=True, before=6)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
    blocks.para(sd, caption, italic=True, align="c", indent=False, size=13)


# ============================================================================ 3. submission
def submission(norm_set, info: DossierInfo, *, costs=None) -> DocSpec:
    """Tờ trình đề nghị thẩm định (TTr) with the list of services and, when costed, the trial unit prices."""
    summaries = bind_costs(norm_set, costs)
    year = info.submission_date.year if info.submission_date else None
    title = _lower_first(norm_set.title)
    years = info.years()
    total = sum((s["total"] for s in summaries.values()), Decimal(0))
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short,
                          number=_number(info.submission_number, year, "TTr", info.drafting_abbrev),
                          date=info.submission_date, doc_type="Tờ trình",
                          subject=f"Đề nghị thẩm định dự thảo Quyết định ban hành {title}"),
        "addressee": info.submission_to,
        "legal_bases": _bases(_default_bases(norm_set)),
        "opening": (f"{info.drafting_unit} kính trình {info.submission_to} thẩm định dự thảo Quyết định của Ủy ban "
                    f"nhân dân tỉnh {info.province} ban hành {title}, với các nội dung chính như sau:"),
        "necessity": info.necessity or (
            f"Các dịch vụ sự nghiệp công lĩnh vực {info.field_name} sử dụng ngân sách nhà nước chưa có định mức "
            f"kinh tế - kỹ thuật làm căn cứ xác định giá, giao nhiệm vụ, đặt hàng theo Nghị định số "
            f"60/2021/NĐ-CP."),
        "process_items": [
            f"- Khảo sát, thu thập số liệu thực hiện các dịch vụ các năm {years[0]}-{years[-1]} tại "
            f"{info.service_provider};",
            "- Tính toán định mức theo phương pháp quy định tại Điều 6 Thông tư 47/2018/TT-BCT;",
            "- Lấy ý kiến chuyên gia độc lập và các cơ quan, đơn vị có liên quan; tổng hợp, tiếp thu, giải trình.",
        ],
        "content_text": (f"Dự thảo gồm {format_number(len(norm_set))} định mức, mỗi định mức quy định hao phí lao "
                         "động, vật tư, máy móc thiết bị cho một đơn vị dịch vụ:"),
        "total_text": (f"Đơn giá tính thử theo dự thảo định mức (mỗi dịch vụ một đơn vị) có tổng cộng "
                       f"{format_money(total, suffix=True)} (bằng chữ: {amount_in_words(total)})."
                       if summaries else "Đơn giá tính thử được trình bày tại Báo cáo thuyết minh kèm theo."),
        "attachments": ["- Dự thảo Quyết định và văn bản định mức kèm theo;", "- Báo cáo thuyết minh xây dựng định mức;",
                        "- Bảng tổng hợp tiếp thu, giải trình ý kiến góp ý;",
                        "- Bảng tính định mức, đơn giá (tệp Excel)."],
        "closing": f"{info.drafting_unit} kính trình {info.submission_to} xem xét, thẩm định./.",
        "signature": {"lines": info.drafting_head_title, "name": info.drafting_head_name},
        "recipients": layout._recipient_lines(info.submission_recipients),
    }

    def summary_table(sd):
        if summaries:
            rows = [(str(i), n.code, n.name, n.unit_text,
                     format_money(summaries[n.code]["total"]) if n.code in summaries else "—")
                    for i, n in enumerate(norm_set, start=1)]
            blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính", "Đơn giá tính thử (đồng)"], rows,
                         (10, 17, 68, 40, 30), aligns="ccllr")
        else:
            rows = [(str(i), n.code, n.name, n.unit_text) for i, n in enumerate(norm_set, start=1)]
            blocks.table(sd, ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính"], rows, (10, 20, 85, 50), aligns="ccll")

    return DocSpec("to_trinh", "04_to_trinh.docx", f"Tờ trình thẩm định {norm_set.title}", ctx,
                   {"summary_table": summary_table})


# ============================================================================ 4. survey and expert forms
def _services(norm_set, catalog) -> list[tuple[Any, Any]]:
    """(norm or None, catalogue spec or None) for each service: the norm set's, else the whole catalogue."""
    out = []
    if norm_set is not None and len(norm_set):
        for n in norm_set:
            spec = catalog[n.code] if catalog is not None and n.code in catalog else None
            out.append((n, spec))
    elif catalog is not None:
        out = [(None, s) for s in catalog]
    return out


def _spec_lines(norm, spec):
    """Labour, materials and equipment lines for a form: the catalogue's spec first, else the norm's."""
    src = spec if spec is not None else norm
    return src.labour, src.materials, src.equipment, src.work_steps


def survey_forms(catalog, info: DossierInfo, norm_set=None) -> DocSpec:
    """Phiếu khảo sát — one form per service, pre-filled from the catalogue (roles, materials, equipment)."""
    years = info.years()
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short, number=None, date=None,
                          doc_type="Phiếu khảo sát",
                          subject=f"Số liệu hao phí thực hiện dịch vụ sự nghiệp công lĩnh vực {info.field_name}"),
        "respondent_lines": [
            "Đơn vị cung cấp thông tin: " + "." * 70,
            "Người cung cấp thông tin: " + "." * 38 + " Chức vụ: " + "." * 22,
            "Điện thoại: " + "." * 30 + " Thư điện tử: " + "." * 30,
        ],
        "instructions": (f"Đề nghị đơn vị ghi hao phí thực tế bình quân cho một đơn vị dịch vụ (theo đơn vị tính ghi "
                         f"tại mỗi phần) của từng năm {years[0]}, {years[1]}, {years[2]}, căn cứ hồ sơ thanh quyết "
                         "toán; năm không thực hiện dịch vụ thì để trống. Số liệu phục vụ xây dựng định mức theo "
                         "Thông tư 47/2018/TT-BCT."),
    }
    ycols = [f"Năm {y}" for y in years]

    def build(sd):
        for i, (norm, spec) in enumerate(_services(norm_set, catalog), start=1):
            src = spec if spec is not None else norm
            if i > 1:
                blocks.page_break(sd)
            blocks.heading(sd, f"Phần {i}. {src.code} – {src.name}")
            blocks.para(sd, f"Đơn vị tính: {src.unit_text}. Số đơn vị đã thực hiện: "
                            + "; ".join(f"năm {y}: ......" for y in years) + ".", indent=False)
            labour, materials, equipment, steps = _spec_lines(norm, spec)
            blocks.para(sd, "1. Thành phần công việc", bold=True, indent=False, keep_next=True)
            blocks.table(sd, ["TT", "Bước công việc", "Thời gian (giờ)", "Số người", "Ghi chú"],
                         [(s.code, s.name, "", "", "") for s in steps] or [("", "", "", "", "")],
                         (13, 85, 25, 20, 22), aligns="clccl")
            blocks.para(sd, "2. Hao phí lao động (công/đơn vị)", bold=True, indent=False, keep_next=True, before=6)
            rows = [(l.id, l.role, _grade_text(l), "", "", "") for l in labour]
            blocks.table(sd, ["Mã", "Chức danh", "Hạng, bậc", *ycols], rows or [("", "", "", "", "", "")],
                         (12, 63, 30, 20, 20, 20), aligns="cllccc")
            blocks.para(sd, "3. Hao phí vật tư (số lượng/đơn vị)", bold=True, indent=False, keep_next=True, before=6)
            rows = [(m.id, m.name + (f"\n{m.spec}" if m.spec else ""), m.unit, "", "", "") for m in materials]
            blocks.table(sd, ["Mã", "Tên, quy cách vật tư", "Đơn vị tính", *ycols], rows or [("", "", "", "", "", "")],
                         (12, 73, 20, 20, 20, 20), aligns="clcccc")
            blocks.para(sd, "4. Hao phí máy móc, thiết bị (thời gian sử dụng/đơn vị)", bold=True, indent=False,
                        keep_next=True, before=6)
            rows = [(e.id, e.name + (f" – {_num(e.power_kw, None)} kW" if e.power_kw is not None else ""), e.unit,
                     "", "", "") for e in equipment]
            blocks.table(sd, ["Mã", "Tên máy móc, thiết bị (công suất)", "Đơn vị tính", *ycols],
                         rows or [("", "", "", "", "", "")], (12, 73, 20, 20, 20, 20), aligns="clcccc")
            blocks.para(sd, "5. Ý kiến khác của đơn vị: " + "." * 60, indent=False, before=6)

    return DocSpec("phieu_khao_sat", "05_phieu_khao_sat.docx", "Phiếu khảo sát hao phí", ctx, {"forms": build})


def _grade_text(line) -> str:
    from ..core.registry import active_registry

    grade = active_registry().grades.get(line.grade)
    return grade.describe(line.step) if grade else line.grade


def expert_forms(catalog, info: DossierInfo, norm_set=None) -> DocSpec:
    """Phiếu xin ý kiến chuyên gia — min (a) / most likely (m) / max (b) per line, with the draft value."""
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short, number=None, date=None,
                          doc_type="Phiếu xin ý kiến chuyên gia",
                          subject=f"Hao phí định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công lĩnh vực "
                                  f"{info.field_name}"),
        "expert_lines": [
            "Họ và tên chuyên gia: " + "." * 45 + " Học hàm, học vị: " + "." * 15,
            "Cơ quan công tác: " + "." * 50 + " Số năm kinh nghiệm: " + "." * 8,
        ],
        "instructions": ("Đề nghị chuyên gia cho ý kiến về hao phí của từng dòng cho một đơn vị dịch vụ: mức thấp "
                         "nhất (a), mức có khả năng xảy ra nhất (m) và mức cao nhất (b). Cột \"Dự thảo\" là giá trị "
                         "tổ soạn thảo đã tính (nếu có) để chuyên gia tham khảo."),
    }

    def build(sd):
        for i, (norm, spec) in enumerate(_services(norm_set, catalog), start=1):
            src = spec if spec is not None else norm
            if i > 1:
                blocks.page_break(sd)
            blocks.heading(sd, f"Phần {i}. {src.code} – {src.name}")
            blocks.para(sd, f"Đơn vị tính: {src.unit_text}.", indent=False)
            labour, materials, equipment, _ = _spec_lines(norm, spec)
            d = _nd(norm) if norm is not None else 2
            draft = {}
            if norm is not None:
                draft = {line.id: _num(_line_value(comp, line), d) for comp, line in norm.lines()}
            rows, bold = [], []
            for title, lines, comp in (("A. Hao phí lao động", labour, "labour"),
                                       ("B. Hao phí vật tư", materials, "materials"),
                                       ("C. Hao phí máy móc, thiết bị", equipment, "equipment")):
                bold.append(len(rows))
                rows.append(("", title, "", "", "", "", ""))
                for line in lines:
                    label = (f"{line.role} ({_grade_text(line)})" if comp == "labour" else line.name)
                    unit = getattr(line, "unit", "công") if comp != "labour" else "công"
                    rows.append((line.id, label, unit, draft.get(line.id, ""), "", "", ""))
            blocks.table(sd, ["Mã", "Nội dung hao phí", "Đơn vị tính", "Dự thảo", "Thấp nhất (a)",
                              "Có khả năng nhất (m)", "Cao nhất (b)"], rows, (12, 61, 16, 19, 19, 20, 18),
                         aligns="clccccc", bold_rows=bold)
            blocks.para(sd, "Ý kiến khác: " + "." * 80, indent=False, before=6)

    return DocSpec("phieu_chuyen_gia", "06_phieu_xin_y_kien_chuyen_gia.docx", "Phiếu xin ý kiến chuyên gia", ctx,
                   {"forms": build})


# ============================================================================ 5. comment-response table
def comment_table(norm_set, info: DossierInfo, comments: Sequence[Mapping[str, Any]] | None = None) -> DocSpec:
    """Bảng tổng hợp tiếp thu, giải trình ý kiến góp ý.

    ``comments``: dicts with ``by`` (who commented), ``comment``, ``response``
    and optionally ``accepted`` (True: tiếp thu; False: giải trình). Without
    comments the table has empty rows to fill in.
    """
    comments = list(comments or [])
    ctx = {
        "header": _header(info, parent=info.parent_body, body=info.drafting_unit_short, number=None,
                          date=info.submission_date, doc_type="Bảng tổng hợp",
                          subject=f"Tiếp thu, giải trình ý kiến góp ý dự thảo {_lower_first(norm_set.title)}"),
        "intro": (f"{info.drafting_unit} đã lấy ý kiến góp ý của các cơ quan, đơn vị, chuyên gia đối với dự thảo; "
                  f"kết quả tổng hợp, tiếp thu, giải trình như sau:"),
        "summary": (f"Tổng số ý kiến: {format_number(len(comments))}; tiếp thu: "
                    f"{format_number(sum(1 for c in comments if c.get('accepted', True)))}; giải trình: "
                    f"{format_number(sum(1 for c in comments if not c.get('accepted', True)))}."
                    if comments else ""),
        "signature": {"lines": info.drafting_head_title, "name": info.drafting_head_name},
    }

    def build(sd):
        if comments:
            rows = [(str(i), str(c.get("by", "")), str(c.get("comment", "")), str(c.get("response", "")),
                     "Tiếp thu" if c.get("accepted", True) else "Giải trình") for i, c in enumerate(comments, start=1)]
        else:
            rows = [(str(i), "", "", "", "") for i in range(1, 6)]
        blocks.table(sd, ["TT", "Cơ quan, đơn vị, chuyên gia góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình",
                          "Kết quả"], rows, (12, 55, 85, 75, 25), aligns="cllll")

    return DocSpec("bang_tiep_thu", "07_bang_tiep_thu_giai_trinh.docx", "Bảng tổng hợp tiếp thu, giải trình", ctx,
                   {"comments_table": build})


# ============================================================================ 6. council papers
@dataclass
class Tally:
    """Kết quả kiểm phiếu — ballots per level (TT 47/2018 Art. 9: Mức 1, 2, 3) and invalid ballots."""

    level_1: int = 0
    level_2: int = 0
    level_3: int = 0
    invalid: int = 0
    present: int | None = None  # members present; defaults to the ballots cast
    members: int | None = None

    @classmethod
    def of(cls, obj) -> Tally | None:
        """A tally from a dict ({"Mức 1": 4, ...} or {1: 4, ...}), an object with counts, or None."""
        if obj is None or isinstance(obj, Tally):
            return obj
        if isinstance(obj, Mapping):
            def pick(*keys):
                for k in keys:
                    if k in obj:
                        return int(obj[k])
                return 0
            return cls(level_1=pick("Mức 1", "muc_1", "level_1", 1, "1"),
                       level_2=pick("Mức 2", "muc_2", "level_2", 2, "2"),
                       level_3=pick("Mức 3", "muc_3", "level_3", 3, "3"),
                       invalid=pick("invalid", "không hợp lệ"),
                       present=obj.get("present"), members=obj.get("members"))
        counts = _get(obj, "counts")
        if counts is not None:
            t = cls.of(counts)
        else:
            t = cls(level_1=int(_get(obj, "level_1") or 0), level_2=int(_get(obj, "level_2") or 0),
                    level_3=int(_get(obj, "level_3") or 0), invalid=int(_get(obj, "invalid") or 0))
        t.present = _get(obj, "present") or t.present
        t.members = _get(obj, "members") or t.members
        return t

    @property
    def cast(self) -> int:
        return self.level_1 + self.level_2 + self.level_3 + self.invalid

    def decision(self) -> str | None:
        """The level backed by more than half of the members present, else None."""
        present = self.present if self.present is not None else self.cast
        for name, votes in (("Mức 1", self.level_1), ("Mức 2", self.level_2), ("Mức 3", self.level_3)):
            if votes * 2 > present:
                return name
        return None


def _council_conclusion(tally: Tally | None, appraisal_result=None) -> str:
    if appraisal_result is not None:
        level = appraisal_result.conclusion
        label = getattr(appraisal_result, "conclusion_label", "")
        why = getattr(appraisal_result, "explanation", "")
        if level is None:
            return f"{label}. {why}".strip()
        return f"Dự thảo được đánh giá {label} (theo đa số thành viên Hội đồng có mặt). {why}".strip()
    if tally is None:
        return "Hội đồng kết luận: " + "." * 70
    level = tally.decision()
    if level is None:
        return ("Không có mức đánh giá nào được quá nửa số thành viên có mặt tán thành; Chủ tịch Hội đồng kết "
                "luận dự thảo chưa được thông qua, tổ soạn thảo hoàn thiện và trình Hội đồng họp lại.")
    text = dict(LEVELS)[level]
    return f"Dự thảo được đánh giá {level}: {_lower_first(text)} (theo đa số thành viên Hội đồng có mặt)."


def council_papers(norm_set, info: DossierInfo, tally=None) -> list[DocSpec]:
    """The appraisal council's papers: member review form, ballot and minutes (with tally and conclusion).

    ``tally`` is a :class:`Tally`, a dict such as ``{"Mức 1": 4, "Mức 2": 1,
    "Mức 3": 0, "invalid": 0, "present": 5}`` or a result object of the
    appraisal package; without it the minutes leave the counts blank.
    """
    # a tally of the appraisal package (dm.tally -> dinhmuc.appraisal.council.Tally) carries its own conclusion
    result = tally if (tally is not None and hasattr(tally, "counts") and hasattr(tally, "conclusion")) else None
    t = Tally.of(tally)
    title = _lower_first(norm_set.title)
    members = info.council_members
    present = [m for m in members if m.present]
    if t is not None and t.present is None:
        t.present = len(present)
    if t is not None and t.members is None:
        t.members = len(members)
    date = info.council_date
    review = DocSpec("phieu_nhan_xet", "08_phieu_nhan_xet.docx", "Phiếu nhận xét", {
        "header": _header(info, parent=info.parent_body, body=info.council_name, number=None, date=date,
                          doc_type="Phiếu nhận xét", subject=f"Dự thảo {title}"),
        "member_lines": ["Họ và tên thành viên Hội đồng: " + "." * 50,
                         "Chức vụ, đơn vị công tác: " + "." * 56],
        "questions": [
            "1. Sự phù hợp của căn cứ pháp lý, phương pháp xây dựng định mức (Thông tư 47/2018/TT-BCT, Điều 6):",
            "2. Tính đúng, đủ và hợp lý của hao phí lao động, vật tư, máy móc thiết bị của từng dịch vụ:",
            "3. Độ tin cậy của số liệu khảo sát, thống kê và thuyết minh tính toán:",
            "4. Những nội dung cần chỉnh sửa, bổ sung:",
        ],
        "levels_intro": "5. Đề xuất đánh giá (đánh dấu X vào một ô):",
        "levels": [f"{code}: {text}." for code, text in LEVELS],
    })
    ballot = DocSpec("phieu_bau", "09_phieu_bau.docx", "Phiếu bầu", {
        "header": _header(info, parent=info.parent_body, body=info.council_name, number=None, date=date,
                          doc_type="Phiếu bầu", subject=f"Đánh giá dự thảo {title}"),
        "intro": ("Thành viên Hội đồng đánh dấu (X) vào một ô tương ứng với mức đánh giá của mình "
                  "(bỏ phiếu kín, Thông tư 47/2018/TT-BCT, Điều 9)."),
        "levels": [{"code": c, "text": t} for c, t in LEVELS],
        "rules": ["Phiếu đánh dấu nhiều hơn một ô hoặc không đánh dấu ô nào là phiếu không hợp lệ.",
                  "Phiếu bầu không ghi tên người bỏ phiếu."],
    })

    def members_table(sd):
        rows = [(str(i), m.name, m.role, m.unit, "Có mặt" if m.present else "Vắng")
                for i, m in enumerate(members, start=1)]
        blocks.table(sd, ["TT", "Họ và tên", "Chức danh trong Hội đồng", "Đơn vị công tác", "Tham dự"], rows,
                     (10, 40, 45, 45, 25), aligns="cllll")

    def tally_table(sd):
        def v(x):
            return format_number(x) if t is not None else ""
        rows = [(c, txt, v(getattr(t, f"level_{i}") if t else 0)) for i, (c, txt) in enumerate(LEVELS, start=1)]
        rows.append(("", "Phiếu không hợp lệ", v(t.invalid if t else 0)))
        rows.append(("", "Tổng số phiếu", v(t.cast if t else 0)))
        blocks.table(sd, ["Mức", "Nội dung", "Số phiếu"], rows, (25, 110, 30), aligns="clc", bold_rows=[4])

    chair = next((m.name for m in members if "chủ tịch" in m.role.lower() and "phó" not in m.role.lower()), "")
    secretary = next((m.name for m in members if "thư ký" in m.role.lower()), "")
    minutes = DocSpec("bien_ban", "10_bien_ban_hop_hoi_dong.docx", "Biên bản họp Hội đồng thẩm định", {
        "header": _header(info, parent=info.parent_body, body=info.council_name,
                          number=_number(info.council_number, None, "BB", "HĐTĐ"), date=date,
                          doc_type="Biên bản", subject=f"Họp Hội đồng thẩm định dự thảo {title}"),
        "opening_lines": [
            "Thời gian: " + (format_date(date)[0].upper() + format_date(date)[1:] if date else
                             "..... giờ ....., ngày ..... tháng ..... năm ......") + ".",
            f"Địa điểm: {info.council_place}.",
        ],
        "attendance_lines": [f"Hội đồng có {format_number(len(members))} thành viên; có mặt "
                             f"{format_number(len(present))} thành viên, vắng "
                             f"{format_number(len(members) - len(present))} thành viên:"],
        "members_table": None,
        "proceedings": [
            f"1. Đại diện {info.drafting_unit} (tổ soạn thảo) trình bày dự thảo {title} và báo cáo thuyết minh.",
            "2. Các ủy viên phản biện, thành viên Hội đồng đọc phiếu nhận xét; tổ soạn thảo giải trình.",
            "3. Hội đồng thảo luận, bầu Ban kiểm phiếu và bỏ phiếu kín đánh giá dự thảo theo ba mức.",
        ],
        "tally_intro": (f"Số phiếu phát ra: {format_number(t.present)}; số phiếu thu về: {format_number(t.cast)}; "
                        f"kết quả như sau:" if t is not None else
                        "Số phiếu phát ra: .....; số phiếu thu về: .....; kết quả như sau:"),
        "conclusion": _council_conclusion(t, result),
        "closing_lines": ["Biên bản được lập thành 03 bản, đã được đọc lại cho các thành viên Hội đồng có mặt "
                          "cùng nghe và thống nhất./."],
        "secretary": secretary,
        "chair": chair,
    })
    del minutes.context["members_table"]
    minutes.subdocs = {"members_table": members_table, "tally_table": tally_table}
    return [review, ballot, minutes]
