"""Bảng tổng hợp tiếp thu, giải trình (07) — the comment-response table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...core.vnformat import format_number
from .. import blocks
from ..info import DossierInfo, Missing
from .common import DocSpec, _drafting_header, _lower_first


# ============================================================================ 5. comment-response table
def comment_table(norm_set, info: DossierInfo, comments: Sequence[Mapping[str, object]] | None = None) -> DocSpec:
    """Bảng tổng hợp tiếp thu, giải trình ý kiến góp ý.

    ``comments``: dicts with ``by`` (who commented), ``comment``, ``response``
    and optionally ``accepted`` (True: tiếp thu; False: giải trình). Without
    comments the table has empty rows to fill in.
    """
    comments = list(comments or [])
    missing = Missing()
    ctx = {
        "header": _drafting_header(
            info,
            number=None,
            date=info.submission_date,
            doc_type="Bảng tổng hợp",
            subject=f"Tiếp thu, giải trình ý kiến góp ý dự thảo {_lower_first(norm_set.title)}",
        ),
        "intro": (
            f"{missing(info.drafting_unit, 'đơn vị soạn thảo (project.yaml: drafting_unit)')} "
            "đã lấy ý kiến góp ý của các cơ quan, đơn vị, chuyên gia đối với dự thảo; "
            f"kết quả tổng hợp, tiếp thu, giải trình như sau:"
        ),
        "summary": (
            f"Tổng số ý kiến: {format_number(len(comments))}; tiếp thu: "
            f"{format_number(sum(1 for c in comments if c.get('accepted', True)))}; giải trình: "
            f"{format_number(sum(1 for c in comments if not c.get('accepted', True)))}."
            if comments
            else ""
        ),
        "signature": {
            "lines": info.drafting_head_title,
            "name": missing(
                info.drafting_head_name,
                "họ tên người ký Báo cáo thuyết minh, Tờ trình (project.yaml: signer.drafting_head_name)",
            ),
        },
    }

    def build(sd):
        if comments:
            rows = [
                (
                    str(i),
                    str(c.get("by", "")),
                    str(c.get("comment", "")),
                    str(c.get("response", "")),
                    "Tiếp thu" if c.get("accepted", True) else "Giải trình",
                )
                for i, c in enumerate(comments, start=1)
            ]
        else:
            rows = [(str(i), "", "", "", "") for i in range(1, 6)]
        blocks.table(
            sd,
            ["TT", "Cơ quan, đơn vị, chuyên gia góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình", "Kết quả"],
            rows,
            (12, 55, 85, 75, 25),
            aligns="cllll",
        )

    return DocSpec(
        "bang_tiep_thu",
        "07_bang_tiep_thu_giai_trinh.docx",
        "Bảng tổng hợp tiếp thu, giải trình",
        ctx,
        {"comments_table": build},
        missing=missing.items,
    )
