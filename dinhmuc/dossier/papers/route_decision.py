"""Quyết định theo hình thức ban hành — the draft decision laid out for its route.

The decision's content (bases, articles, annex list, signer, recipients) is
built by the decision paper; this module lays it out for the project's route
(:mod:`.route`):

* ``legal_normative`` — the NĐ 78/2025 template ``quyet_dinh_qppl``: the number with
  the year, the enacting formula instead of "QUYẾT ĐỊNH:", no authority line;
  the bases cite Luật Tổ chức chính quyền địa phương 72/2025/QH15 and Luật Ban
  hành văn bản quy phạm pháp luật 64/2025/QH15 (amended by 87/2025/QH15) first;
* ``administrative`` — the NĐ 30/2020 template ``quyet_dinh``: number without
  the year, the authority line and "QUYẾT ĐỊNH:"; no Official Gazette and no
  legal-normative-document review office among the recipients.
"""

from __future__ import annotations

import copy

from .route import rules

__all__ = ["route_decision"]


def _with_laws(bases: list[str], laws) -> list[str]:
    """The bases with each required law present, the missing ones first in order of legal force."""
    missing = [f"Căn cứ {title};" for number, title in laws if not any(number in b for b in bases)]
    return missing + list(bases)


def route_decision(spec, info, *, year: int | None = None):
    """``spec`` (the decision paper's DocSpec) laid out for ``info.route``; returns a new spec."""
    r = rules(info.route)
    out = copy.copy(spec)
    ctx = dict(spec.context)
    ctx["header"] = {**ctx["header"], "number": r.number(info.decision_number, year)}
    ctx["legal_bases"] = _with_laws(list(ctx.get("legal_bases", [])), r.required_laws)
    if r.enacting_formula:
        ctx["enacting_line"] = r.enacting_line(info.issuing, ctx["header"]["subject"])
    else:
        # an administrative decision is neither published in the Official Gazette nor sent to the office that
        # reviews legal normative documents
        ctx["recipients"] = [
            x for x in ctx.get("recipients", []) if "kiểm tra văn bản" not in x.lower() and "công báo" not in x.lower()
        ]
    out.context = ctx
    out.template = r.template
    return out
