"""Shared pieces of the dossier's papers: the DocSpec, header/number helpers, blanks, labels, cost summaries.

Labels here are for tables and headings (Vietnamese names of methods and
statistics); sentences a clerk would edit live in the templates.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...core.vnformat import format_date, format_number
from ..info import BLANK, DossierInfo, Missing

COMPONENT_VN = {
    "labour": "Lao động",
    "materials": "Vật tư",
    "equipment": "Máy móc, thiết bị",
    "management": "Chi phí quản lý",
}


def _method_wording() -> dict[str, dict[str, str]]:
    """The papers' wording of each method (data/legal/methods.yaml): label, short label, reason with its provision."""
    from ..._resources import data_path
    from ...core.yamlio import read_yaml_mapping

    data, _ = read_yaml_mapping(data_path("legal", "methods.yaml"))
    return {code: {k: " ".join(str(v).split()) for k, v in entry.items()} for code, entry in data["methods"].items()}


_METHODS = _method_wording()
#: method -> the name printed in the papers; the reason the report gives for it; the short column label
METHOD_VN = {code: m["label"] for code, m in _METHODS.items()}
METHOD_WHY = {code: m["why"] for code, m in _METHODS.items()}
METHOD_SHORT = {code: m["short"] for code, m in _METHODS.items()}
#: Vietnamese labels of the statistics a method records (provenance ``statistics`` keys), for evidence tables
STAT_VN = {
    "n": "Số liệu dùng",
    "n_rows": "Số liệu thu thập",
    "n_excluded": "Số liệu loại",
    "mean": "Trung bình",
    "median": "Trung vị",
    "min": "Nhỏ nhất",
    "max": "Lớn nhất",
    "std": "Độ lệch chuẩn",
    "cv_pct": "Hệ số biến thiên (%)",
    "spread_pct": "Độ dao động (%)",
    "progressive_average": "Trung bình tiên tiến",
    "years": "Năm số liệu",
    "n_experts": "Số chuyên gia",
    "min_estimate": "Ước lượng thấp nhất",
    "max_estimate": "Ước lượng cao nhất",
    "mean_estimate": "Ước lượng bình quân",
    "disagreement_pct": "Chênh lệch giữa chuyên gia (%)",
}


@dataclass
class DocSpec:
    """A document to render: template, output file, context and subdoc builders.

    ``missing`` lists the facts the project does not give (printed as the
    marked blank :data:`~dinhmuc.dossier.info.BLANK`); the build gathers them
    from every paper into one warning.
    """

    template: str
    filename: str
    title: str
    context: dict[str, Any]
    subdocs: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    charts: dict[str, bytes] = field(default_factory=dict)
    #: called with the rendered python-docx Document before the draft mark is added and the file saved
    finish: Callable[[Any], None] | None = None
    missing: list[str] = field(default_factory=list)


# ============================================================================ helpers
def _num(value, decimals: int | None = 2) -> str:
    if value is None or value == "":
        return ""
    return format_number(value, decimals=decimals)


def _qty(value, decimals: int | None = 2) -> str:
    """A norm quantity: its stored digits padded to ``decimals`` places, never rounded (published precision)."""
    if value is None or value == "":
        return ""
    from ..norm_table import norm_value_text

    return norm_value_text(value, decimals)


def _nd(norm) -> int:
    return norm.rounding_decimals if norm.rounding_decimals is not None else 2


def _blank_date_line(info: DossierInfo, date) -> str:
    # NĐ 30/2020 Phụ lục I: địa danh is the administrative unit where the issuing body sits (province/commune)
    if date is not None:
        return format_date(date, place=info.place_name)
    return f"{info.place_name}, ngày      tháng      năm        "


def _header(
    info: DossierInfo, *, parent: str | None, body: str, number: str | None, date, doc_type: str, subject: str
) -> dict:
    return {
        "parent": parent or "",
        "body": body,
        "number": number or "",
        "date_line": _blank_date_line(info, date),
        "doc_type": doc_type,
        "subject": subject,
    }


def _drafting_header(info: DossierInfo, *, number: str | None, date, doc_type: str, subject: str) -> dict:
    """The header of a paper the drafting unit issues (under its parent body, if any)."""
    return _header(
        info, parent=info.parent, body=info.drafting_short, number=number, date=date, doc_type=doc_type, subject=subject
    )


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
    # the route's rules (issue 11.2): NĐ 78/2025 "Ban hành kèm theo Quyết định số …/2026/QĐ-UBND ngày …";
    # NĐ 30/2020 "Kèm theo Quyết định số …/QĐ-UBND ngày …"; the instrument is data (NormSet.document_type)
    from .route import rules

    r = rules(info.route)
    year = info.decision_date.year if info.decision_date else None
    return r.attached_line(
        r.number(info.decision_number, year), info.decision_date, info.issuing, getattr(norm_set, "document_type", None)
    )


def legal_bases(norm_set, missing: Missing | None = None) -> list[str]:
    """The legal bases of the decision as ONE list (căn cứ ban hành), in the order the project gives them.

    They come from the norm set (a project's build already carries its dated bases,
    :mod:`dinhmuc.law.bases`); a norm set made by hand gets the dated defaults of
    ``data/legal/`` in force on its decision date. None at all: one marked blank and
    a missing fact.
    """
    from ...law.bases import merged_basis_lines

    bases = [b for b in merged_basis_lines(norm_set) if str(b).strip()]
    if not bases:
        if missing is not None:
            missing(None, "căn cứ pháp lý của Quyết định (project.yaml: legal_bases)")
        return [BLANK]
    return list(bases)


def _norm_method(norm) -> str | None:
    if norm.method is not None:
        return norm.method.value
    seen: dict[str, int] = {}
    for _, line in norm.lines():
        for prov in line.provenance.values():
            m = prov.legal_method or prov.method
            if m is not None:
                seen[m.value] = seen.get(m.value, 0) + 1
    return max(seen, key=lambda m: seen[m]) if seen else None


def _line_label(comp: str, line) -> str:
    if comp == "labour":
        return line.role
    return line.name + (f" ({line.spec})" if getattr(line, "spec", None) else "")


def _line_value(comp: str, line):
    return line.quantity if comp != "equipment" else line.loaded + line.idle


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PARAM_NAME = re.compile(r"\b([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\b")
_LONG_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+),(\d{5,})(?![\d,])")
#: English method names a trace may carry, as the report names them (TT 47/2018 Art. 6)
_METHOD_WORDS = {
    "statistical": "thống kê tổng hợp",
    "standard": "tiêu chuẩn",
    "experimental": "phân tích thực nghiệm",
    "comparison": "so sánh",
    "expert": "chuyên gia",
}


def round_long_decimals(text: str, decimals: int = 4) -> str:
    """Intermediate values of a calculation shown to ``decimals`` places (half-up), Vietnamese format.

    >>> round_long_decimals("Giá trị công bố = 60,137037037 làm tròn = 60,14; tổng 1.734,41534167 phút")
    'Giá trị công bố = 60,1370 làm tròn = 60,14; tổng 1.734,4153 phút'
    """

    def fix(m: re.Match) -> str:
        value = Decimal(m.group(1).replace(".", "") + "." + m.group(2))
        return format_number(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), decimals=decimals)

    return _LONG_DECIMAL.sub(fix, text)


_EVIDENCE_REF = re.compile(r"\b[\w.-]+\.(?:xlsx|xlsm|xls)!([^#;,().—\n]+)(?:#(\d+))?")


def evidence_ref_words(text: str) -> str:
    """Evidence references as a reader says them: ``quyet_toan.xlsx!Quyết toán#49`` → ``bảng «Quyết toán», dòng 49``.

    The sheet title names the evidence table (the file's name is the drafter's own and is
    listed in the manifest); a reference without a row names the table alone.

    >>> evidence_ref_words("loại quyet_toan.xlsx!Quyết toán#49 — ngoài khoảng; bấm giờ bam_gio.xlsx!Bấm giờ.")
    'loại bảng «Quyết toán», dòng 49 — ngoài khoảng; bấm giờ bảng «Bấm giờ».'
    """
    return _EVIDENCE_REF.sub(
        lambda m: f"bảng «{m.group(1).strip()}»" + (f", dòng {m.group(2)}" if m.group(2) else ""), text
    )


def plain_note(text: str, labels: Mapping[str, str] | None = None) -> str:
    """A build note or trace line rewritten for a reader: parameter code names become their Vietnamese
    labels (or go, after the label they repeat), ISO dates dd/mm/yyyy, rounding modes and method names words,
    no "Cảnh báo:" prefix, intermediate values to 4 decimals.

    >>> plain_note("Cảnh báo: KC03/LD1: chỉ có n = 4 giá trị (< 5 theo norm_rules.min_observations)",
    ...            {"norm_rules.min_observations": "Số số liệu tối thiểu"})
    'KC03/LD1: chỉ có n = 4 giá trị (< 5 theo số số liệu tối thiểu)'
    >>> plain_note("xây dựng ngày 2026-09-05; làm tròn (HALF-UP), phục vụ phương pháp statistical")
    'xây dựng ngày 05/09/2026; làm tròn (làm tròn nửa lên), phục vụ phương pháp thống kê tổng hợp'
    """
    labels = labels or {}
    out = re.sub(r"^\s*Cảnh báo:\s*", "", str(text))
    out = evidence_ref_words(out)
    out = _ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", out)
    out = out.replace("HALF-UP", "làm tròn nửa lên").replace("HALF_UP", "làm tròn nửa lên")
    out = out.replace("HALF-EVEN", "làm tròn về số chẵn")
    out = re.sub(
        r"phương pháp (statistical|standard|experimental|comparison|expert)\b",
        lambda m: "phương pháp " + _METHOD_WORDS[m.group(1)],
        out,
    )

    def label(m: re.Match) -> str:
        name = m.group(1)
        if name.rsplit(".", 1)[-1] in ("xlsx", "xls", "csv", "yaml", "yml", "json", "docx"):
            return name  # the user's own input file, named as they named it
        if name in labels:
            return _lower_first(labels[name])
        return name if "_" not in name else "ngưỡng do dự án khai báo"

    out = _PARAM_NAME.sub(label, out)
    out = re.sub(r"\byears_override_reason\b", "lý do khai báo", out)
    return round_long_decimals(out.strip())


def parameter_labels(parameters=None) -> dict[str, str]:
    """Dotted parameter name -> its Vietnamese label (for :func:`plain_note`)."""
    if parameters is None:
        from ...params import default_parameters

        parameters = default_parameters()
    return {name: parameters.parameter(name).label for name in parameters.names()}


def hours_of(parameters, on: _dt.date) -> dict[str, str]:
    """ "01 công = … giờ", "01 ca = … giờ": the dated working-time parameters in force on ``on``, formatted.

    A missing value is left to the caller (KeyError/ParameterError): the paper cannot state it otherwise.
    """
    if parameters is None:
        from ...params import default_parameters

        parameters = default_parameters()
    return {
        "hours_per_day": format_number(parameters.value("working_time.hours_per_day", on)),
        "hours_per_shift": format_number(parameters.value("working_time.hours_per_shift", on)),
    }


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
        return {
            "labour": Decimal(0),
            "materials": Decimal(0),
            "equipment": Decimal(0),
            "management": Decimal(0),
            "total": total,
        }
    comps = _get(unit_price, "components")
    out = {}
    for name, aliases in (
        ("labour", ("labour", "labor")),
        ("materials", ("materials", "material")),
        ("equipment", ("equipment",)),
        ("management", ("management", "overhead")),
    ):
        val = None
        for a in aliases:
            val = _get(unit_price, a)
            if val is None and comps is not None:
                val = _get(comps, a)
            if val is not None:
                break
        out[name] = _dec(val) or Decimal(0)
    printed_total = _dec(_get(unit_price, "total"))
    out["total"] = printed_total if printed_total is not None else sum(out.values(), Decimal(0))
    return out


def bind_costs(norm_set, costs) -> dict[str, dict[str, Decimal]]:
    """``costs`` (mapping code -> UnitPrice, or a sequence of results with ``.norm``/``.code``) as summaries."""
    if costs is None:
        return {}
    items: Iterable[tuple[Any, Any]]
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
