"""The appraisal report (báo cáo thẩm định) and the revision report (báo cáo chỉnh sửa), .docx in NĐ 30 layout.

The body — general information, the checks' summary, every flagged finding
with its reason, the verdict of each line, the version differences, the
council's vote and the conclusion — is built with python-docx blocks.

If a Word template named ``bao_cao_tham_dinh.docx`` (or
``bao_cao_chinh_sua.docx``) is found in ``templates=`` or among the bundled
templates, the report is rendered through it (:mod:`dinhmuc.dossier.templating`):
the template lays out the header and signature with the context variables
listed in :data:`CONTEXT_VARIABLES` and places the body with ``{{p noi_dung }}``.
Otherwise the whole document is built with the NĐ 30/2020 layout primitives
(:mod:`dinhmuc.dossier.layout`). Either way the file is byte-reproducible.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document

from ..core.labels import COMPONENT_LABELS
from ..core.vnformat import format_date, format_date_short, format_number, format_percent
from ..dossier import blocks, layout
from .checks import CHECK_LABELS, PASS, ground
from .council import LEVEL_LABELS, Council, Level, Tally
from .diff import STATUS_LABELS, NormSetDiff, diff_norm_sets

if TYPE_CHECKING:  # the result calls this module to write itself: no import at run time, no cycle
    from ..dossier.templating import TemplateSet
    from ..norm import NormSet
    from .assistant import AppraisalResult

__all__ = ["CONTEXT_VARIABLES", "write_appraisal_report", "write_revision_report", "diff_table"]

#: Variables a template ``bao_cao_tham_dinh`` / ``bao_cao_chinh_sua`` may use.
CONTEXT_VARIABLES = (
    "co_quan_chu_quan",
    "co_quan",
    "so_van_ban",
    "dia_danh_ngay",
    "ten_loai",
    "trich_yeu",
    "chuc_vu",
    "nguoi_ky",
    "noi_nhan",
    "noi_dung",
)

_TEXT_WIDTH_MM = 165  # A4 portrait less NĐ 30 margins (30 + 15 mm)


def _n(v: Any) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, Decimal):
        return format_number(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(v)
    return str(v)


def _numbered(items: list[str]) -> list[str]:
    return [f"{i + 1}" for i in range(len(items))]


# ----------------------------------------------------------------------------
# Body blocks (work on a Document or a docxtpl subdoc)
# ----------------------------------------------------------------------------


def _general(c, result: AppraisalResult, council: Council | None) -> None:
    s = result.norm_set
    lines = sum(len(n.lines()) for n in s.norms)
    blocks.heading(c, "I. THÔNG TIN CHUNG")
    blocks.para(c, f"Hồ sơ thẩm định: {s.title}" + (f" (phiên bản {s.version})" if s.version else "") + ".")
    if s.issuing_body:
        blocks.para(
            c,
            f"Cơ quan ban hành: {s.issuing_body}"
            + (f"; số hiệu dự kiến: {s.decision_number}" if s.decision_number else "")
            + ".",
        )
    blocks.para(c, f"Quy mô: {len(s.norms)} định mức, {lines} dòng hao phí (lao động, vật tư, máy móc thiết bị).")
    blocks.para(
        c,
        f"Tham số áp dụng tại ngày {format_date_short(result.on)}: số liệu tối thiểu "
        f"n ≥ {result.rules.n_min} ({ground(result.rules.min_observations)}); độ dao động tối đa "
        f"{format_percent(result.rules.spread_max)} ({ground(result.rules.max_spread_pct)}); số liệu thống kê "
        f"{result.rules.years_min} năm liên tục ({ground(result.rules.statistical_years)}).",
    )
    o = result.options
    blocks.para(
        c,
        f"Ngưỡng kiểm tra do Hội đồng công bố (không phải quy định pháp luật): chênh lệch so với định "
        f"mức tham chiếu ±{format_percent(o.reference_threshold_pct)}, so với trung vị số liệu "
        f"±{format_percent(o.evidence_threshold_pct)}, đơn giá so với chi phí thực tế "
        f"±{format_percent(o.price_threshold_pct)}; lao động gián tiếp "
        f"{format_percent(o.indirect_labour_min_pct)} - {format_percent(o.indirect_labour_max_pct)} lao "
        "động trực tiếp.",
    )
    blocks.para(
        c,
        "Đối chiếu với danh mục: "
        + (result.catalog_title or "không có danh mục (bỏ qua kiểm tra đối chiếu danh mục)")
        + ".",
    )
    if result.reference_title:
        blocks.para(c, f"Định mức tham chiếu: {result.reference_title}.")
    if council is not None:
        where = f" tại {council.place}" if council.place else ""
        when = f" ngày {format_date_short(council.meeting_on)}" if council.meeting_on else ""
        blocks.para(
            c,
            f"{council.name}"
            + (f" thành lập theo {council.established_by}" if council.established_by else "")
            + f"; họp{when}{where}.",
        )
    blocks.para(
        c,
        "Căn cứ: Thông tư số 47/2018/TT-BCT Điều 9 (Hội đồng thẩm định xem xét bằng văn bản, biểu quyết "
        "bỏ phiếu kín theo 3 mức) và Điều 10 (sửa đổi định mức theo trình tự như xây dựng mới).",
    )


def _summary(c, result: AppraisalResult) -> None:
    blocks.heading(c, "II. KẾT QUẢ KIỂM TRA TỰ ĐỘNG")
    blocks.para(
        c,
        "Đánh giá mỗi định mức, mỗi dòng là mức nặng nhất trong các kiểm tra: «đạt»; «đạt (có giải "
        "trình)» — chưa đạt ngưỡng nhưng hồ sơ có giải trình; «cần xem xét» — Hội đồng cân nhắc; «không "
        "đạt» — phải sửa trước khi ban hành. Kiểm tra gồm: "
        + "; ".join(v.lower() for v in CHECK_LABELS.values())
        + ".",
    )
    df = result.summary_frame()
    rows = [
        [str(i + 1), r.norm, r.name, str(r.lines), str(r.errors), str(r.warnings), r.verdict]
        for i, r in enumerate(df.itertuples())
    ]
    blocks.table(
        c,
        ["TT", "Mã hiệu", "Tên định mức", "Số dòng", "Lỗi", "Cảnh báo", "Đánh giá"],
        rows,
        [10, 20, 67, 16, 14, 18, 20],
        aligns="cllrrrc",
    )
    blocks.para(
        c,
        f"Tổng cộng: {len(result.errors)} lỗi, {len(result.warnings)} cảnh báo. "
        + ("Không có lỗi." if result.ok else "Hồ sơ còn lỗi phải khắc phục."),
        before=6,
    )


def _findings_table(c, findings) -> None:
    rows = []
    for i, f in enumerate(findings):
        rows.append([str(i + 1), f.line or "—", f.check_label, f.verdict, f.reason])
    blocks.table(
        c, ["TT", "Dòng", "Nội dung kiểm tra", "Đánh giá", "Lý do"], rows, [10, 15, 32, 22, 86], aligns="cclcl"
    )


def _flagged(c, result: AppraisalResult) -> None:
    blocks.heading(c, "III. CÁC NỘI DUNG CẦN LƯU Ý (theo từng định mức, từng dòng)")
    flagged = result.flagged()
    if not flagged:
        blocks.para(c, "Không có nội dung nào cần lưu ý: mọi kiểm tra đều đạt.")
        return
    k = 0
    by_norm: dict = {}  # one pass over the findings (a scan per norm was quadratic in the catalogue)
    for f in flagged:
        by_norm.setdefault(f.norm, []).append(f)
    verdicts = result.verdicts()
    for norm in result.norm_set.norms:
        fs = by_norm.get(norm.code, [])
        k += 1
        blocks.heading(c, f"{k}. {norm.code} — {norm.name}: {verdicts.get(norm.code, PASS)}", size=14)
        if not fs:
            blocks.para(c, "Mọi kiểm tra đều đạt.")
            continue
        _findings_table(c, fs)
    general = [f for f in flagged if f.norm is None]
    if general:
        k += 1
        blocks.heading(c, f"{k}. Tham số pháp lý và căn cứ chung", size=14)
        _findings_table(c, general)


def _lines(c, result: AppraisalResult) -> None:
    blocks.heading(c, "IV. ĐÁNH GIÁ TỪNG DÒNG HAO PHÍ")
    df = result.line_frame()
    rows = [
        [str(i + 1), r.norm, r.line, COMPONENT_LABELS[r.component], r.item, r.verdict]
        for i, r in enumerate(df.itertuples())
    ]
    blocks.table(
        c,
        ["TT", "Mã hiệu", "Dòng", "Thành phần", "Hạng mục", "Đánh giá"],
        rows,
        [10, 20, 15, 30, 65, 25],
        aligns="ccclll",
    )


def diff_table(c: object, diff: NormSetDiff) -> None:
    """The version differences as a table (in the report and the revision report)."""
    if not diff.rows:
        blocks.para(c, "Hai phiên bản không có khác biệt.")
        return
    counts = diff.counts()
    blocks.para(c, "Tổng hợp: " + "; ".join(f"{STATUS_LABELS[k].lower()}: {v}" for k, v in counts.items() if v) + ".")
    rows = []
    for i, r in enumerate(diff.rows):
        where = r.norm + (f"/{r.line}" if r.line else "")
        change = ""
        if r.change_pct is not None:
            change = ("+" if r.change_pct > 0 else "") + format_number(r.change_pct) + " %"
        rows.append(
            [
                str(i + 1),
                where,
                r.item or "",
                r.field_label,
                _n(r.old),
                _n(r.new),
                change,
                r.status_label,
                r.reason or "",
            ]
        )
    blocks.table(
        c,
        ["TT", "Định mức/ dòng", "Hạng mục", "Nội dung", "Cũ", "Mới", "Thay đổi", "Tình trạng", "Lý do"],
        rows,
        [9, 19, 28, 20, 17, 17, 15, 18, 22],
        aligns="clllrrrcl",
    )


def _versions(c, diff: NormSetDiff, number: str) -> None:
    blocks.heading(c, f"{number}. SO SÁNH VỚI PHIÊN BẢN TRƯỚC")
    blocks.para(
        c,
        f"Phiên bản trước: {diff.old_title}"
        + (f" ({diff.old_version})" if diff.old_version else "")
        + f"; phiên bản thẩm định: {diff.new_title}"
        + (f" ({diff.new_version})" if diff.new_version else "")
        + ". Các dòng được ghép theo mã dòng, sau đó theo (thành phần, tên/chức danh và hạng, đơn vị tính).",
    )
    diff_table(c, diff)


def _council(c, council: Council, t: Tally, number: str) -> None:
    blocks.heading(c, f"{number}. Ý KIẾN VÀ BIỂU QUYẾT CỦA HỘI ĐỒNG")
    present = set(council.present)
    rows = [
        [str(i + 1), m.name, m.role_label, m.position or "", "Có mặt" if m.id in present else "Vắng"]
        for i, m in enumerate(council.members)
    ]
    blocks.table(
        c,
        ["TT", "Họ và tên", "Chức danh trong Hội đồng", "Chức vụ, đơn vị", "Tham dự"],
        rows,
        [10, 40, 40, 50, 25],
        aligns="cllll",
    )
    blocks.para(c, "Nhận xét bằng văn bản (TT 47/2018/TT-BCT Điều 9):", before=6)
    by_id = {m.id: m for m in council.members}
    for r in council.reviews:
        who = by_id[r.member].name if r.member in by_id else r.member
        rec = f" — đề xuất {Level(r.recommendation).short}" if r.recommendation else ""
        blocks.para(c, f"- {who}{rec}: {r.text or ''}".rstrip(": "))
        for p in r.points:
            blocks.para(c, f"  + {p}")
    missing = council.missing_reviews()
    if missing:
        blocks.para(c, "Thành viên có mặt chưa nộp nhận xét bằng văn bản: " + ", ".join(m.name for m in missing) + ".")
    blocks.para(c, "Kết quả bỏ phiếu kín:", before=6)
    rows = [[LEVEL_LABELS[k], str(v)] for k, v in t.counts.items()]
    blocks.table(c, ["Mức đánh giá", "Số phiếu"], rows, [125, 40], aligns="lr")
    blocks.para(c, t.explanation, before=6)
    blocks.para(c, "Quy tắc đã công bố: " + t.rules.describe(), italic=True)


def _conclusion(c, result: AppraisalResult, t: Tally | None, number: str) -> None:
    blocks.heading(c, f"{number}. KẾT LUẬN, KIẾN NGHỊ")
    if t is not None:
        blocks.para(c, f"Kết luận của Hội đồng: {t.conclusion_label}.", bold=True)
        if t.conclusion == Level.REVISE:
            blocks.para(
                c,
                "Cơ quan xây dựng định mức chỉnh sửa, bổ sung theo ý kiến Hội đồng và lập báo cáo chỉnh "
                "sửa, liệt kê các thay đổi giữa bộ định mức đã thẩm định và bộ định mức đã chỉnh sửa.",
            )
        elif t.conclusion == Level.FAIL:
            blocks.para(c, "Cơ quan xây dựng định mức xây dựng lại và trình thẩm định lại theo TT 47/2018/TT-BCT.")
    errors = len(result.errors)
    if errors:
        norms = sorted({f.norm for f in result.errors if f.norm}, key=result.norm_set.codes.index)
        blocks.para(
            c,
            f"Kiểm tra tự động còn {errors} lỗi ở định mức {', '.join(norms) or '(chung)'}: đề nghị "
            "khắc phục trước khi trình ban hành (chi tiết tại Mục III).",
        )
    else:
        blocks.para(
            c,
            "Kiểm tra tự động không phát hiện lỗi"
            + (f"; {len(result.warnings)} cảnh báo để Hội đồng xem xét (Mục III)." if result.warnings else "."),
        )


def _body(c, result: AppraisalResult, council: Council | None, t: Tally | None) -> None:
    _general(c, result, council)
    _summary(c, result)
    _flagged(c, result)
    _lines(c, result)
    k = 5
    if result.previous is not None:
        _versions(c, result.previous, layout.to_roman(k))
        k += 1
    if council is not None and t is not None:
        _council(c, council, t, layout.to_roman(k))
        k += 1
    _conclusion(c, result, t, layout.to_roman(k))


# ----------------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------------


def _template(name: str, templates) -> Path | None:
    from ..core.errors import InputError
    from ..dossier.templating import template_path

    try:
        return template_path(name, templates)
    except InputError:
        return None


def _write(path, build, *, template: str, templates, context: dict[str, Any], draft_mark: bool, title: str) -> Path:
    path = Path(path)
    if _template(template, templates) is not None:
        from ..dossier.templating import render_template

        render_template(
            template,
            context,
            path,
            templates=templates,
            subdocs={"noi_dung": build},
            draft_mark=draft_mark,
            title=title,
        )
        return path
    doc = Document()
    layout.setup_page(doc)
    layout.apply_base_styles(doc)
    layout.add_header_block(
        doc,
        context["co_quan"],
        parent_body=context["co_quan_chu_quan"] or None,
        number=context["so_van_ban"],
        place=context["dia_danh"],
        date=context["ngay"],
        doc_type=context["ten_loai"],
        subject=context["trich_yeu"],
    )
    build(doc)
    layout.add_signature_block(
        doc,
        authority_prefix=context["tm"],
        title=context["chuc_vu"],
        signer=context["nguoi_ky"],
        recipients=context["noi_nhan"],
    )
    layout.add_page_number_field(doc.sections[0])
    if draft_mark:
        layout.add_draft_mark(doc)
    layout.make_deterministic(doc, title=title)
    return layout.save_docx_deterministic(doc, path)


def _context(
    result_set,
    council: Council | None,
    *,
    subject: str,
    number: str | None,
    date: _dt.date | None,
    place: str | None,
    recipients,
    body: str | None = None,
    signer: str | None = None,
    signer_title=None,
) -> dict[str, Any]:
    chair = council.chair if council is not None else None
    council_name = council.name if council is not None else "Hội đồng thẩm định"
    # NĐ 30/2020 Phụ lục I: the date line names the administrative unit (the province), never the meeting room
    place = place or result_set.province
    ctx = {
        "co_quan_chu_quan": (result_set.issuing_body or "").upper(),
        "co_quan": (body or council_name).upper(),
        "so_van_ban": number if number is not None else "     /BC-HĐTĐ",
        "dia_danh": place,
        "ngay": date,
        "dia_danh_ngay": format_date(date, place=place)
        if date
        else f"{place + ', ' if place else ''}ngày      tháng      năm      ",
        "ten_loai": "BÁO CÁO",
        "trich_yeu": subject,
        "tm": None if body else f"TM. {council_name.upper()}",
        "chuc_vu": list(signer_title or (["THỦ TRƯỞNG CƠ QUAN"] if body else ["CHỦ TỊCH"])),
        "nguoi_ky": signer or (None if body else (chair.name if chair else None)),
        "noi_nhan": list(recipients or ["Cơ quan xây dựng định mức", "Thành viên Hội đồng", "Lưu: VT, HĐTĐ"]),
    }
    return ctx


def write_appraisal_report(
    result: AppraisalResult,
    path: str | Path,
    *,
    council: Council | Mapping[str, object] | None = None,
    number: str | None = None,
    date: _dt.date | None = None,
    place: str | None = None,
    recipients: Sequence[str] | None = None,
    draft_mark: bool = True,
    templates: TemplateSet | str | Path | None = None,
) -> Path:
    """Write the appraisal report (báo cáo thẩm định) of ``result`` to ``path`` (.docx).

    ``council`` (or ``result.council``) adds the members, written reviews,
    the tally and the conclusion. ``draft_mark`` (default True) puts the
    "DỰ THẢO – dữ liệu minh họa" mark on every page: turn it off only for a
    report on real data.
    """
    council = council if council is None or isinstance(council, Council) else Council.model_validate(council)
    council = council or result.council
    t = council.tally() if council is not None else None
    date = date or (council.meeting_on if council is not None else None)
    subject = f"Kết quả thẩm định {result.norm_set.title[0].lower()}{result.norm_set.title[1:]}"
    ctx = _context(
        result.norm_set, council, subject=subject, number=number, date=date, place=place, recipients=recipients
    )
    return _write(
        path,
        lambda c: _body(c, result, council, t),
        template="bao_cao_tham_dinh",
        templates=templates,
        context=ctx,
        draft_mark=draft_mark,
        title="Báo cáo thẩm định",
    )


def write_revision_report(
    appraised: NormSet | str | Path,
    revised: NormSet | str | Path,
    path: str | Path,
    *,
    council: Council | Mapping[str, object] | None = None,
    number: str | None = None,
    date: _dt.date | None = None,
    place: str | None = None,
    recipients: Sequence[str] | None = None,
    draft_mark: bool = True,
    templates: TemplateSet | str | Path | None = None,
    body: str | None = None,
    signer: str | None = None,
    signer_title: Sequence[str] | None = None,
) -> Path:
    """After Mức 2: the revision report listing what changed between the appraised and the revised set.

    Written by the body that drafted the norms (``body``, default the set's
    issuing body), signed by ``signer`` with ``signer_title``.
    """
    from ..io.normio import load_norm_set
    from ..norm import NormSet

    appraised = appraised if isinstance(appraised, NormSet) else load_norm_set(appraised)
    revised = revised if isinstance(revised, NormSet) else load_norm_set(revised)
    council = council if council is None or isinstance(council, Council) else Council.model_validate(council)
    diff = diff_norm_sets(appraised, revised)
    t = council.tally() if council is not None else None

    def build(c: object) -> None:
        blocks.heading(c, "I. CĂN CỨ")
        if t is not None and council is not None:
            blocks.para(c, f"Kết luận của {council.name}: {t.conclusion_label}. {t.explanation}")
        blocks.para(c, "Thông tư số 47/2018/TT-BCT Điều 9 (Mức 2: thông qua, có chỉnh sửa) và Điều 10.")
        blocks.heading(c, "II. NỘI DUNG CHỈNH SỬA, BỔ SUNG")
        blocks.para(
            c,
            f"Bộ định mức đã thẩm định: {appraised.title}"
            + (f" ({appraised.version})" if appraised.version else "")
            + f"; bộ định mức đã chỉnh sửa: {revised.title}"
            + (f" ({revised.version})" if revised.version else "")
            + ".",
        )
        diff_table(c, diff)

    subject = "Chỉnh sửa, bổ sung định mức theo kết luận của Hội đồng thẩm định"
    ctx = _context(
        revised,
        council,
        subject=subject,
        number=number if number is not None else "     /BC",
        date=date,
        place=place,
        recipients=recipients,
        body=body or revised.issuing_body or "Cơ quan xây dựng định mức",
        signer=signer,
        signer_title=signer_title,
    )
    return _write(
        path,
        build,
        template="bao_cao_chinh_sua",
        templates=templates,
        context=ctx,
        draft_mark=draft_mark,
        title="Báo cáo chỉnh sửa",
    )
