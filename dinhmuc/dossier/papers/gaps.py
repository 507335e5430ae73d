"""Chỗ trống cần điền — the marked blank of a paper and the list of facts still missing.

A paper states only what the project's data say. Where a fact is missing (a
name, a date, a number) or where only a person can write (a conclusion, a
quality standard), the paper prints the marked blank ``BLANK`` ("……………") and
records what is missing; the build turns the records into one warning per paper.

>>> gaps = Gaps("13_bien_ban_hoi_thao.docx")
>>> gaps.fact(None, "ngày tổ chức hội thảo"), gaps.fact("Hội trường Sở", "địa điểm")
('……………', 'Hội trường Sở')
>>> gaps.missing
['ngày tổ chức hội thảo']
>>> gaps.warning()
'13_bien_ban_hoi_thao.docx: còn thiếu 1 thông tin, để trống «……………» cần điền: ngày tổ chức hội thảo'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from ...core.i18n import tr
from ...core.vnformat import format_date
from ..info import BLANK  # the dossier's one marked blank ("……………")

__all__ = ["BLANK", "Gaps", "TT47Inputs", "date_text"]


@dataclass
class Gaps:
    """The missing facts of one paper, in the order they were met (each named once)."""

    paper: str
    missing: list[str] = field(default_factory=list)

    def note(self, what: str) -> str:
        """Record ``what`` as missing; return the marked blank."""
        if what not in self.missing:
            self.missing.append(what)
        return BLANK

    def fact(self, value: Any, what: str) -> str:
        """``value`` as text, or the marked blank (and ``what`` recorded) when it is missing."""
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            return self.note(what)
        if isinstance(value, _dt.date):
            return date_text(value)
        return str(value)

    def date(self, value: _dt.date | None, what: str) -> str:
        """ "ngày 05 tháng 9 năm 2026", or "ngày …… tháng …… năm ……" with ``what`` recorded."""
        if value is None:
            self.note(what)
            return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
        return date_text(value)

    def warning(self) -> str | None:
        """One line for the build's warnings, or None when nothing is missing."""
        if not self.missing:
            return None
        return tr("gaps.missing", paper=self.paper, n=len(self.missing), blank=BLANK, items="; ".join(self.missing))


def date_text(value: _dt.date) -> str:
    """ "ngày 05 tháng 9 năm 2026" (NĐ 30/2020: leading zero for days below 10 and months 1-2)."""
    return format_date(value)


@dataclass
class TT47Inputs:
    """What the TT 47 Art. 9 papers are made from, besides the norm set and the dossier info.

    ``route``: "legal_normative" or "administrative" (:mod:`dinhmuc.procedure`);
    ``facts``: the project's :class:`~dinhmuc.procedure.ProcedureFacts`;
    ``council``: the council file (:class:`~dinhmuc.appraisal.council.Council`) or None;
    ``plans``: service code -> (method label, reason) as the project declares them;
    ``as_of``: the project's date (the year of a blank legal-normative number).
    """

    route: str = "legal_normative"
    facts: Any = None
    council: Any = None
    plans: dict[str, tuple[str, str]] = field(default_factory=dict)
    as_of: _dt.date | None = None

    def __post_init__(self) -> None:
        if self.facts is None:
            from ...procedure import ProcedureFacts

            self.facts = ProcedureFacts()
