"""The appraisal council's papers (08 phiếu nhận xét, 09 phiếu bầu, 10 biên bản)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import blocks
from ..info import DossierInfo
from ...core.vnformat import format_date, format_number

from .common import LEVELS, DocSpec, _header, _number, _lower_first, _get


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
