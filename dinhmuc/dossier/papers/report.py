"""Báo cáo thuyết minh xây dựng định mức (03) — the explanatory report."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .. import blocks, layout
from ..info import DossierInfo
from ...core.vnformat import amount_in_words, format_money, format_number

from .common import (
    METHOD_VN,
    METHOD_WHY,
    METHOD_SHORT,
    STAT_VN,
    DocSpec,
    _num,
    _nd,
    _header,
    _number,
    _lower_first,
    _default_bases,
    _norm_method,
    _line_label,
    _line_value,
    _dec,
    bind_costs,
)


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

