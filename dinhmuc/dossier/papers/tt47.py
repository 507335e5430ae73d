"""Hồ sơ theo Điều 9 Thông tư 47/2018/TT-BCT — every paper Art. 9 asks for, made or declared out of scope.

:data:`ART9` lists the papers of the procedure in its order, each with the
templates that make it; :func:`tt47_specs` builds the papers this package adds
(outline and plan, quality criteria, workshop record, appraisal plan, the
decision forming the council, the council's report, and on the legal-normative
route the request to the Sở Tư pháp and the summary of public comments);
:func:`art9_manifest` is the ``tt47_art9`` section of ``manifest.json``: for
each paper the article that asks for it and the files that hold it, or why it
is not in the dossier.
"""

from __future__ import annotations

from .gaps import Gaps, TT47Inputs
from .route import rules

__all__ = ["ART9", "DOSSIER_SENT", "TT47_TEMPLATES", "art9_manifest", "tt47_specs"]

_TT47 = "Thông tư số 47/2018/TT-BCT, Điều 9"
_LND = "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 (sửa đổi bởi Luật số 87/2025/QH15)"

#: (paper, what asks for it, templates that make it, route it belongs to or None, why not made when no template)
ART9: tuple[tuple[str, str, tuple[str, ...], str | None, str | None], ...] = (
    ("Đề cương tổng quát, đề cương chi tiết và kế hoạch thực hiện", _TT47, ("de_cuong",), None, None),
    ("Phiếu khảo sát tại đơn vị sự nghiệp công, doanh nghiệp", _TT47, ("phieu_khao_sat",), None, None),
    ("Dự thảo định mức và báo cáo thuyết minh", _TT47, ("dinh_muc", "thuyet_minh"), None, None),
    (
        "Tiêu chí, tiêu chuẩn chất lượng; quy trình cung cấp; cơ chế giám sát, đánh giá chất lượng dịch vụ",
        _TT47,
        ("tieu_chi_chat_luong",),
        None,
        None,
    ),
    ("Biên bản hội thảo", _TT47, ("bien_ban_hoi_thao",), None, None),
    ("Ý kiến chuyên gia độc lập", _TT47, ("phieu_chuyen_gia",), None, None),
    ("Tổng hợp tiếp thu, giải trình ý kiến góp ý", _TT47, ("bang_tiep_thu",), None, None),
    ("Tờ trình đề nghị thẩm định", _TT47, ("to_trinh",), None, None),
    ("Kế hoạch thẩm định", _TT47, ("ke_hoach_tham_dinh",), None, None),
    ("Quyết định thành lập Hội đồng thẩm định", _TT47, ("qd_thanh_lap_hoi_dong",), None, None),
    ("Phiếu nhận xét của thành viên Hội đồng", _TT47, ("phieu_nhan_xet",), None, None),
    ("Phiếu đánh giá (bỏ phiếu kín)", _TT47, ("phieu_bau",), None, None),
    ("Biên bản họp Hội đồng thẩm định", _TT47, ("bien_ban",), None, None),
    ("Báo cáo kết quả thẩm định của Hội đồng", _TT47, ("bao_cao_ket_qua_tham_dinh",), None, None),
    (
        "Báo cáo chỉnh sửa, hoàn thiện dự thảo sau thẩm định",
        _TT47,
        (),
        None,
        "Chỉ lập khi Hội đồng kết luận Mức 2, sau phiên họp, từ ý kiến của Hội đồng: tổ soạn thảo viết; dinhmuc "
        "so sánh hai phiên bản định mức bằng lệnh «dinhmuc diff».",
    ),
    ("Đề nghị Sở Tư pháp thẩm định dự thảo Quyết định", _LND, ("de_nghi_tham_dinh",), "legal_normative", None),
    ("Tổng hợp ý kiến góp ý dự thảo được đăng tải", _LND, ("tong_hop_gop_y",), "legal_normative", None),
    ("Quyết định ban hành định mức", _TT47, ("quyet_dinh", "quyet_dinh_qppl"), None, None),
)

#: the papers sent with the appraisal plan and with the request to the Sở Tư pháp (all in this dossier)
DOSSIER_SENT = (
    "Tờ trình đề nghị thẩm định",
    "Dự thảo Quyết định ban hành định mức và văn bản định mức kèm theo",
    "Báo cáo thuyết minh xây dựng định mức và bảng tính định mức, đơn giá",
    "Tiêu chí, tiêu chuẩn chất lượng, quy trình cung cấp và cơ chế giám sát, đánh giá chất lượng dịch vụ",
    "Biên bản hội thảo và bảng tổng hợp tiếp thu, giải trình ý kiến góp ý",
)

#: the templates this package adds (made by scripts/make_templates_tt47.py)
TT47_TEMPLATES = (
    "quyet_dinh_qppl",
    "de_nghi_tham_dinh",
    "tong_hop_gop_y",
    "de_cuong",
    "tieu_chi_chat_luong",
    "bien_ban_hoi_thao",
    "ke_hoach_tham_dinh",
    "qd_thanh_lap_hoi_dong",
    "bao_cao_ket_qua_tham_dinh",
)


def tt47_specs(
    norm_set,
    info,
    tt: TT47Inputs,
    *,
    catalog=None,
    bases: list[str] | None = None,
    dossier_titles: list[str] | None = None,
    tally=None,
) -> tuple[list, list[Gaps]]:
    """The specs of the papers this package adds, in dossier order, and the missing facts of each.

    ``bases``: the decision's bases (for the outline); ``dossier_titles``: the
    titles of the dossier's other papers (sent with the appraisal plan and the
    request to the Sở Tư pháp); ``tally``: the vote when there is no council file.
    """
    from .appraisal_plan import appraisal_plan
    from .council_decision import council_decision
    from .council_report import council_report
    from .justice_request import justice_request
    from .outline import outline_and_plan
    from .public_comments import public_comments
    from .quality import quality_papers
    from .workshop import workshop_record

    titles = list(dossier_titles or [])
    tt47_basis = [b for b in (bases or []) if "47/2018" in b] or [
        "Thông tư số 47/2018/TT-BCT ngày 15 tháng 11 năm 2018 của Bộ trưởng Bộ Công Thương"
    ]
    made = [
        outline_and_plan(norm_set, info, tt, catalog, bases),
        quality_papers(norm_set, info, tt, catalog),
        workshop_record(norm_set, info, tt),
        appraisal_plan(norm_set, info, tt, titles),
        council_decision(norm_set, info, tt, [_basis(b) for b in tt47_basis]),
        council_report(norm_set, info, tt, tally),
    ]
    if tt.route == "legal_normative":
        made.append(justice_request(norm_set, info, tt, titles))
        made.append(public_comments(norm_set, info, tt))
    return [m[0] for m in made], [m[1] for m in made]


def _basis(line: str) -> str:
    text = line.strip().rstrip(";.").strip()
    if text.lower().startswith("căn cứ "):
        text = text[len("căn cứ ") :]
    return text


def art9_manifest(route: str, files_by_template: dict[str, str]) -> list[dict]:
    """For each Art. 9 paper: the article asking for it and its files, or ``out_of_scope`` with the reason."""
    r = rules(route)
    out = []
    for paper, article, templates, only_route, why_not in ART9:
        entry: dict[str, object] = {"paper": paper, "article": article}
        if only_route is not None and only_route != route:
            entry["out_of_scope"] = (
                f"Không áp dụng: Quyết định ban hành theo hình thức {r.label.lower()} ({r.form_act})."
            )
        elif not templates:
            entry["out_of_scope"] = why_not
        else:
            files = [files_by_template[t] for t in templates if t in files_by_template]
            if files:
                entry["files"] = files
            else:
                entry["out_of_scope"] = "Không có trong lần lập hồ sơ này."
        out.append(entry)
    return out
