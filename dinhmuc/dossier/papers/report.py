"""Báo cáo thuyết minh xây dựng định mức (03) — the explanatory report.

Written for an officer, not a programmer: every statistic under a Vietnamese
column header, numbers at the norm's published precision in Vietnamese
format, methods named in Vietnamese, tables and figures numbered in one
sequence with complete captions ("Bảng 3. …" above a table, "Hình 2. …" below
a figure). Build notes and the appraisal's findings (large deviations from
the reference norm or from past actual cost, thin evidence, declared
overrides) are listed as points the drafting unit must explain, each with a
blank for the explanation unless the project declares one. No sum of the
unit prices of different services is printed (they are not additive); the
plan's total, when a plan is given, is.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ...core.vnformat import amount_in_words, format_money, format_number
from .. import blocks, layout
from ..charts import parts as chart_parts
from ..info import BLANK, DossierInfo, Missing
from .common import (
    METHOD_SHORT,
    METHOD_VN,
    METHOD_WHY,
    DocSpec,
    _dec,
    _drafting_header,
    _line_label,
    _line_value,
    _lower_first,
    _nd,
    _norm_method,
    _num,
    _number,
    bind_costs,
    evidence_ref_words,
    legal_bases,
    parameter_labels,
    plain_note,
)

__all__ = ["Numbering", "explained", "explanatory_report", "points_to_explain"]


class Numbering:
    """Số thứ tự bảng, hình — one running sequence of tables and one of figures for the whole report."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self, container, title: str) -> None:
        """The caption above a table: "Bảng N. <title>" (bold, centred, kept with the table)."""
        self.tables += 1
        blocks.para(
            container,
            f"Bảng {self.tables}. {title}",
            bold=True,
            align="c",
            indent=False,
            size=13,
            keep_next=True,
            before=6,
            after=3,
        )

    def figure(self, container, png: bytes, title: str) -> None:
        """A picture and its caption below: "Hình N. <title>" (italic, centred)."""
        from docx.shared import Mm

        self.figures += 1
        p = blocks.para(container, "", align="c", indent=False, keep_next=True, before=6)
        p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
        blocks.para(container, f"Hình {self.figures}. {title}", italic=True, align="c", indent=False, size=13, after=6)


def _pick(stats: Mapping[str, object], *keys):
    for k in keys:
        if k in stats and stats[k] is not None and not isinstance(stats[k], (bool, str)):
            return stats[k]
    return None


def _evidence_row(
    line_id: str, label: str, value: str, method: str, stats: Mapping[str, object], n_ev: int, d: int
) -> tuple:
    """Mã, hao phí (and its method when it is not the service's), định mức, số liệu (dùng/thu thập), nhỏ
    nhất, lớn nhất, trung bình, dao động."""
    n = _pick(stats, "n", "n_experts")
    if n is None and n_ev:
        n = n_ev
    total = _pick(stats, "n_rows")
    count = (
        "—"
        if n is None
        else (f"{format_number(n)}/{format_number(total)}" if total is not None and total != n else format_number(n))
    )
    lo, hi = _pick(stats, "min", "min_estimate"), _pick(stats, "max", "max_estimate")
    mean = _pick(stats, "mean", "mean_estimate")
    spread = _pick(stats, "spread_pct", "disagreement_pct")
    if spread is None and isinstance(lo, Decimal) and isinstance(hi, Decimal) and lo > 0:
        spread = (hi - lo) / lo * 100

    def f(v, dec):
        return "—" if v is None else format_number(v, decimals=dec)

    return (
        line_id,
        label + (f" ({method})" if method else ""),
        value,
        count,
        f(lo, d),
        f(hi, d),
        f(mean, d),
        f(spread, 1),
    )


def _years_of(evidence, code: str) -> str:
    if evidence is None or "year" not in getattr(evidence, "columns", ()):
        return ""
    ys = sorted({int(y) for y in evidence.loc[evidence["norm"] == code, "year"].dropna()})
    if not ys:
        return ""
    return f"{ys[0]}-{ys[-1]}" if len(ys) > 1 else str(ys[0])


def _explain(norm, line_id: str, fld: str, prov) -> str | None:
    if prov.calculation:
        return prov.calculation
    try:  # the methods package explains a value from its trace when it can
        import dinhmuc as dm

        explain = getattr(dm, "explain", None)
        if explain is not None:
            text = explain(norm, line_id, fld)
            return str(text) if text else None
    except Exception:  # noqa: BLE001 - a missing explanation must not stop the dossier
        return None
    return None


def _items(texts: Sequence[str]) -> list[str]:
    """ "- …;" lines, the last ending "."."""
    texts = [t.strip().rstrip(";.") for t in texts]
    return [f"- {t}{'.' if i == len(texts) - 1 else ';'}" for i, t in enumerate(texts)]


def explained(finding, explanations: Sequence[Mapping[str, object]]) -> str | None:
    """The project's declared explanation of an appraisal finding, or None.

    An explanation matches on ``norm`` and, when it gives them, ``line`` and ``code`` (the finding's kind,
    e.g. ``few_observations``); the first match wins.
    """
    for e in explanations or []:
        if e.get("norm") not in (None, finding.norm):
            continue
        if e.get("line") not in (None, finding.line) or e.get("code") not in (None, finding.code):
            continue
        return str(e.get("text", "")).strip() or None
    return None


def points_to_explain(
    appraisal=None, explanations: Sequence[Mapping[str, object]] | None = None, labels: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Điểm cần giải trình — the appraisal's warnings and errors, in plain Vietnamese, each with its explanation.

    ``explanations`` are the project's declared answers (``norm``, optional ``line`` and ``code``, ``text``);
    a point without one gets the blank the drafting unit fills in. Findings of the same service, kind,
    severity and declared explanation make one point (their lines listed, one reason a line), so an answer
    is written once. Returns dicts ``where``, ``what``, ``explanation``, ``severity``, ``explained`` and
    ``count`` (findings in the point).
    """
    if appraisal is None:
        return []
    labels = labels if labels is not None else parameter_labels()
    given = list(explanations or [])
    out: list[dict] = []
    index: dict[tuple, dict] = {}
    for f in appraisal.findings:
        if f.severity not in ("error", "warning"):
            continue
        text = explained(f, given)
        key = (f.norm, f.code, f.severity, text)
        what = plain_note(f.reason, labels)
        point = index.get(key) if f.norm else None
        if point is None:
            point = {
                "norm": f.norm,
                "lines": [],
                "reasons": [],
                "explanation": text or BLANK,
                "severity": "Cần xử lý" if f.severity == "error" else "Lưu ý",
                "explained": text is not None,
                "count": 0,
            }
            index[key] = point
            out.append(point)
        if f.line and f.line not in point["lines"]:
            point["lines"].append(f.line)
        if what not in point["reasons"]:
            point["reasons"].append(what)
        point["count"] += 1
    for p in out:
        p["where"] = (p["norm"] or "Chung") + (f" ({', '.join(p['lines'])})" if p["lines"] else "")
        p["what"] = "\n".join(f"- {r}" if len(p["reasons"]) > 1 else r for r in p["reasons"])
    return out


def explanatory_report(
    norm_set,
    info: DossierInfo,
    *,
    costs=None,
    history=None,
    evidence=None,
    parameters: list[dict] | None = None,
    charts: Mapping[str, bytes] | None = None,
    appraisal=None,
    explanations: Sequence[Mapping[str, object]] | None = None,
) -> DocSpec:
    """Báo cáo thuyết minh xây dựng định mức: bases, methods and why, evidence, calculations, charts,
    trial unit prices against the average actual cost of the preceding years, declared parameters, the
    points to explain and the plan's total."""
    missing = Missing()
    charts = dict(charts or {})
    summaries = bind_costs(norm_set, costs)
    years = info.years()
    year = info.report_date.year if info.report_date else None
    labels = parameter_labels()
    points = points_to_explain(appraisal, explanations, labels)
    drafting = missing(info.drafting_unit, "đơn vị soạn thảo (project.yaml: drafting_unit)")
    ctx = {
        "header": _drafting_header(
            info,
            number=_number(info.report_number, year, "BC", info.drafting_abbrev),
            date=info.report_date,
            doc_type="Báo cáo",
            subject=f"Thuyết minh xây dựng {_lower_first(norm_set.title)}",
        ),
        "necessity": info.necessity or "",
        "field_name": info.field_name,
        "province": missing(info.province, "tên tỉnh (project.yaml: province)"),
        "drafting_unit": drafting,
        "service_provider": missing(
            info.service_provider, "đơn vị sự nghiệp thực hiện dịch vụ (project.yaml: dossier.service_provider)"
        ),
        "service_count": format_number(len(norm_set)),
        "years_text": f"{years[0]}-{years[-1]}",
        "basis_items": _items(legal_bases(norm_set, missing)),
        "points_count": format_number(len(points)),
        "signature": {
            "lines": info.drafting_head_title,
            "name": missing(
                info.drafting_head_name,
                "họ tên người ký Báo cáo thuyết minh, Tờ trình (project.yaml: signer.drafting_head_name)",
            ),
        },
        "recipients": layout._recipient_lines(info.report_recipients),
    }
    num = Numbering()
    return DocSpec(
        "thuyet_minh",
        "03_thuyet_minh.docx",
        f"Thuyết minh xây dựng {norm_set.title}",
        ctx,
        {
            "service_table": lambda sd: _service_table(sd, num, norm_set),
            "parameters_table": lambda sd: _parameters_table(sd, num, parameters or []),
            "methods": lambda sd: _methods(sd, num, norm_set, evidence, labels, charts),
            "trial_prices": lambda sd: _trial_prices(sd, num, norm_set, info, summaries, history, charts),
            "points_table": lambda sd: _points_table(sd, num, points),
        },
        charts,
        missing=missing.items,
    )


def _service_table(sd, num: Numbering, norm_set) -> None:
    """Bảng 1: the services and the method of each."""
    num.table(sd, "Danh mục dịch vụ và phương pháp xây dựng định mức")
    rows = [
        (str(i), n.code, n.name, n.unit_text, METHOD_VN.get(_norm_method(n) or "", "—"))
        for i, n in enumerate(norm_set, start=1)
    ]
    blocks.table(
        sd,
        ["TT", "Mã hiệu", "Tên dịch vụ", "Đơn vị tính", "Phương pháp"],
        rows,
        (10, 17, 63, 40, 35),
        aligns="cclll",
    )


def _parameters_table(sd, num: Numbering, params: list[dict]) -> None:
    """The declared parameters with their citations."""
    if not params:
        blocks.para(sd, "Không có tham số khai báo.")
        return
    num.table(sd, "Tham số tính toán và căn cứ")
    rows = [(str(i), p["label"], p["value"], p.get("unit") or "", p["citation"]) for i, p in enumerate(params, start=1)]
    blocks.table(sd, ["TT", "Tham số", "Giá trị", "Đơn vị", "Căn cứ"], rows, (10, 55, 28, 22, 50), aligns="clrcl")


def _methods(sd, num: Numbering, norm_set, evidence, labels: Mapping[str, str], charts: Mapping[str, bytes]) -> None:
    """For each service: the method and why, the evidence table, how each value was computed, notes, chart."""
    for i, norm in enumerate(norm_set, start=1):
        d = _nd(norm)
        blocks.heading(sd, f"{i}. {norm.code} – {norm.name}")
        m = _norm_method(norm)
        if m:
            blocks.para(sd, f"a) Phương pháp: {METHOD_VN[m]}, vì {METHOD_WHY[m]}.")
        else:
            blocks.para(
                sd,
                "a) Phương pháp: chưa khai báo; tổ soạn thảo cần bổ sung phương pháp và lý do "
                "lựa chọn (Thông tư 47/2018/TT-BCT, Điều 6).",
            )
        yrs = _years_of(evidence, norm.code)
        blocks.para(
            sd,
            "b) Số liệu và kết quả"
            + (f" (số liệu các năm {yrs})" if yrs else "")
            + f"; định mức làm tròn đến {format_number(d)} chữ số thập phân:",
            keep_next=True,
        )
        rows, calcs, excluded = _method_rows(norm, m, d, labels)
        num.table(sd, f"Số liệu và kết quả tính định mức {norm.code} – {norm.name}")
        blocks.table(
            sd,
            ["Mã", "Hao phí", "Định mức", "Số liệu", "Nhỏ nhất", "Lớn nhất", "Trung bình", "Dao động (%)"],
            rows,
            (11, 50, 19, 17, 17, 17, 18, 16),
            aligns="clrcrrrr",
        )
        blocks.para(
            sd,
            "Ghi chú: «Số liệu» là số giá trị dùng để tính trên số giá trị thu thập (khi có giá "
            "trị bị loại); với phương pháp chuyên gia là số chuyên gia và các cột là ước lượng của "
            "chuyên gia; «Dao động» là (lớn nhất - nhỏ nhất)/nhỏ nhất; phương pháp ghi trong ngoặc "
            "khi dòng được xây dựng bằng phương pháp khác phương pháp của dịch vụ.",
            italic=True,
            size=13,
        )
        if excluded:
            blocks.para(sd, "Số liệu bị loại và lý do:", italic=True, keep_next=True, before=4)
            for e in excluded:
                blocks.para(sd, e, size=13)
        if calcs:
            blocks.para(sd, "c) Cách tính từng giá trị:", keep_next=True, before=6)
            for head, text in calcs:
                blocks.para(sd, head, size=13, italic=True, keep_next=True, after=0)
                for ln in str(text).splitlines():
                    if ln.strip():
                        blocks.para(sd, plain_note(ln.strip(), labels), size=13, after=0)
        notes = [plain_note(n, labels) for n in norm.notes]
        if notes:
            blocks.para(sd, "d) Ghi chú khi xây dựng định mức:", keep_next=True, before=6)
            for n in notes:
                blocks.para(sd, f"- {n}", size=13)
        images = chart_parts(charts, f"evidence_{norm.code}")
        for i, png in enumerate(images, start=1):
            part = f", phần {i}/{len(images)}" if len(images) > 1 else ""
            num.figure(
                sd, png, f"Phân bố số liệu của định mức {norm.code} – {norm.name} (điểm đỏ: số liệu bị loại{part})"
            )


def _method_rows(
    norm, m: str | None, d: int, labels: Mapping[str, str]
) -> tuple[list[tuple[str, ...]], list[tuple[str, str]], list[str]]:
    """A service's evidence table rows, the calculation of each value and the excluded data with reasons."""
    rows: list[tuple[str, ...]] = []
    calcs: list[tuple[str, str]] = []
    excluded: list[str] = []
    for comp, line in norm.lines():
        value = _num(_line_value(comp, line), d)
        provs = line.provenance
        if not provs:
            rows.append((line.id, _line_label(comp, line), value, "—", "—", "—", "—", "—"))
            continue
        for fld, prov in provs.items():
            if fld not in ("quantity", "loaded"):
                continue  # idle time and rates are explained in the calculation below
            meth = prov.method or prov.legal_method
            other = meth is not None and meth.value != m  # a line built by another (supporting) method
            rows.append(
                _evidence_row(
                    line.id,
                    _line_label(comp, line),
                    value,
                    METHOD_SHORT.get(meth.value, "").lower() if other else "",
                    prov.statistics,
                    len(prov.evidence),
                    d,
                )
            )
        for fld, prov in provs.items():
            text = _explain(norm, line.id, fld, prov)
            if text:
                calcs.append((f"{line.id} – {_line_label(comp, line)}:", text))
            elif prov.note:
                calcs.append((f"{line.id} – {_line_label(comp, line)}:", plain_note(prov.note, labels)))
            for ex in prov.excluded:
                excluded.append(f"- {line.id}: loại {evidence_ref_words(ex.ref)} — {plain_note(ex.reason, labels)}")
    return rows, calcs, excluded


def _trial_prices(
    sd, num: Numbering, norm_set, info: DossierInfo, summaries: dict, history, charts: Mapping[str, bytes]
) -> None:
    """Trial unit prices by component, against the average actual cost of the preceding years; the plan total."""
    years = info.years()
    if not summaries:
        blocks.para(sd, "Chưa tính thử đơn giá: hồ sơ chưa có kết quả tính chi phí theo định mức.")
    else:
        blocks.para(
            sd,
            "a) Cơ cấu đơn giá tính thử, đồng cho một đơn vị của từng dịch vụ (đơn vị tính tại Bảng "
            "1); đơn giá của các dịch vụ khác nhau không cộng với nhau:",
            keep_next=True,
        )
        num.table(sd, "Cơ cấu đơn giá tính thử theo dự thảo định mức")
        rows: list[tuple[str, ...]] = []
        for i, n in enumerate(norm_set, start=1):
            s = summaries.get(n.code)
            if not s:
                continue
            rows.append(
                (
                    str(i),
                    n.code,
                    format_money(s["labour"]),
                    format_money(s["materials"]),
                    format_money(s["equipment"]),
                    format_money(s["management"]),
                    format_money(s["total"]),
                )
            )
        blocks.table(
            sd,
            ["TT", "Mã hiệu", "Lao động", "Vật tư", "Thiết bị", "Quản lý", "Đơn giá"],
            rows,
            (10, 20, 27, 27, 27, 27, 27),
            aligns="ccrrrrr",
        )
        images = chart_parts(charts, "cost_structure")
        for i, png in enumerate(images, start=1):
            part = f" (phần {i}/{len(images)})" if len(images) > 1 else ""
            num.figure(
                sd,
                png,
                f"Cơ cấu chi phí (lao động, vật tư, thiết bị, quản lý) của đơn giá tính thử theo dịch vụ{part}",
            )
        hist = {k: _dec(v) for k, v in (history or {}).items()}
        if hist:
            blocks.para(
                sd,
                f"b) So sánh với chi phí thực tế bình quân các năm {years[0]}-{years[-1]} (Nghị "
                "định số 60/2021/NĐ-CP, Điều 5); chênh lệch lớn được nêu tại Mục VII để đơn vị soạn "
                "thảo giải trình:",
                keep_next=True,
                before=6,
            )
            num.table(sd, "So sánh đơn giá tính thử với chi phí thực tế bình quân")
            rows = []
            for i, n in enumerate(norm_set, start=1):
                s, h = summaries.get(n.code), hist.get(n.code)
                if not s:
                    continue
                if h:
                    diff = s["total"] - h
                    rows.append(
                        (
                            str(i),
                            f"{n.code} – {n.name}",
                            format_money(s["total"]),
                            format_money(h),
                            format_money(diff),
                            format_number(diff / h * 100, 1),
                        )
                    )
                else:
                    rows.append((str(i), f"{n.code} – {n.name}", format_money(s["total"]), "—", "—", "—"))
            blocks.table(
                sd,
                [
                    "TT",
                    "Dịch vụ",
                    "Đơn giá tính thử (đồng)",
                    "Chi phí thực tế bình quân (đồng)",
                    "Chênh lệch (đồng)",
                    "Chênh lệch (%)",
                ],
                rows,
                (10, 55, 26, 27, 27, 20),
                aligns="clrrrr",
            )
    if info.plan_total is not None:
        total = _dec(info.plan_total)
        label = f" {info.plan_label}" if info.plan_label else ""
        blocks.para(
            sd,
            f"Kinh phí thực hiện kế hoạch{label} tính theo dự thảo định mức: "
            f"{format_money(total, suffix=True)} (bằng chữ: {amount_in_words(total)}); chi tiết tại "
            "bảng dự toán kế hoạch kèm theo.",
            before=6,
        )


def _points_table(sd, num: Numbering, points: list[dict]) -> None:
    """The points the drafting unit explains before the council."""
    if not points:
        blocks.para(sd, "Kiểm tra phục vụ thẩm định không phát hiện nội dung cần giải trình.")
        return
    num.table(sd, "Những điểm đơn vị soạn thảo cần giải trình trước Hội đồng thẩm định")
    rows = [(str(i), p["where"], p["severity"], p["what"], p["explanation"]) for i, p in enumerate(points, 1)]
    blocks.table(
        sd,
        ["TT", "Dịch vụ, dòng", "Mức độ", "Nội dung cần giải trình", "Giải trình của đơn vị soạn thảo"],
        rows,
        (10, 22, 18, 65, 50),
        aligns="cllll",
    )
