"""Shared pieces of the dossier's papers: the DocSpec, header/number helpers, labels, cost summaries."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..info import DossierInfo
from ...core.vnformat import format_date, format_number


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

