"""Legal parameters and citations (tham số pháp lý, căn cứ trích dẫn).

Values in force still flagged unverified, and citations of documents that a later
value of a parameter, or the dated legal bases, record as replaced.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from decimal import Decimal

from ...core.vnformat import format_number
from ...norm import NormSet, Provenance
from ...params import Parameters
from .findings import Finding, finding
from .options import AppraisalOptions

__all__ = ["check_legal", "doc_number", "show_value", "superseded_documents"]

C = "legal"

DOC_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ]+(?:-[A-ZĐ]+)*", re.UNICODE)


def show_value(value: object) -> str:
    """A parameter value for people: numbers the Vietnamese way, mappings as ``key: value``.

    >>> show_value({"normal": 8, "heavy": 6}), show_value(2340000)
    ('(normal: 8; heavy: 6)', '2.340.000')
    """
    from ...core.labels import value_key_label

    if isinstance(value, dict):  # in Vietnamese words: a reader of the report never sees a Python mapping
        if any(isinstance(v, dict | list) for v in value.values()):
            return f"(bảng {len(value)} giá trị: {', '.join(value_key_label(k) for k in value)})"
        return "(" + "; ".join(f"{value_key_label(k)}: {show_value(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def doc_number(text: str) -> str | None:
    """``13/2021/TT-BXD`` from ``Thông tư 13/2021/TT-BXD``; None when the text has no number.

    >>> doc_number("Thông tư 13/2021/TT-BXD"), doc_number("Luật")
    ('13/2021/TT-BXD', None)
    """
    m = DOC_NUMBER.search(text or "")
    return m.group(0) if m else None


def superseded_documents(
    params: Parameters, on: _dt.date, extra: dict[str, str] | None = None
) -> dict[str, tuple[str, _dt.date | None]]:
    """Documents cited by a parameter value that a later value, in force on ``on``, replaced.

    Returns ``number -> (replacing document, from)``.
    """
    out: dict[str, tuple[str, _dt.date | None]] = {}
    for name in params.names():
        p = params.parameter(name)
        for old, new in zip(p.values, p.values[1:], strict=False):
            if new.start > on:
                break
            a, b = doc_number(old.citation.document), doc_number(new.citation.document)
            if a and b and a != b and a not in out:
                out[a] = (new.citation.document, new.start)
    # Hook (law helper): acts the dated legal bases record as repealed and replaced by then
    from ...law.bases import default_library

    lib = default_library()
    for basis in lib.records.values():
        if basis.repealed_on is not None and basis.repealed_on <= on and basis.replaced_by in lib.records:
            new_b = lib.records[basis.replaced_by]
            out.setdefault(
                doc_number(basis.number) or basis.number,
                (f"{new_b.short()} ({new_b.title})" if new_b.rank == 1 else new_b.short(), basis.repealed_on),
            )
    for k, v in (extra or {}).items():
        out[doc_number(k) or k] = (v, None)
    return out


def _provenance_texts(prov: Provenance) -> list[str]:
    """The note, the calculation and the text parameters of a provenance record (those given)."""
    texts = [prov.note, prov.calculation, *[v for v in prov.parameters.values() if isinstance(v, str)]]
    return [t for t in texts if t]


def _texts(norm_set: NormSet) -> Iterator[tuple[str | None, str | None, str, str]]:
    """(norm, line, field, text) of every citation-bearing text of the set."""
    for t in norm_set.legal_bases + norm_set.notes:
        yield None, None, "legal_bases", t
    for norm in norm_set.norms:
        for t in norm.legal_basis + norm.notes:
            yield norm.code, None, "legal_basis", t
        for fld, prov in norm.provenance.items():
            for t in _provenance_texts(prov):
                yield norm.code, None, fld, t
        for _, line in norm.lines():
            for fld, prov in line.provenance.items():
                for t in _provenance_texts(prov):
                    yield norm.code, line.id, fld, t
            if line.note:
                yield norm.code, line.id, "note", line.note


def check_legal(norm_set: NormSet, params: Parameters, on: _dt.date, opts: AppraisalOptions) -> list[Finding]:
    """Parameter values in force still unverified; citations of superseded documents."""
    out: list[Finding] = []
    unverified = params.unverified(on)
    for v in unverified:
        unit = f" {v.unit}" if v.unit else ""
        out.append(
            finding(
                None,
                None,
                C,
                "warning",
                f"Tham số «{v.label}» = {show_value(v.value)}{unit} theo {v.citation}, "
                f"áp dụng từ {v.start.strftime('%d/%m/%Y')}, còn gắn cờ CHƯA KIỂM CHỨNG với văn bản gốc",
                v.name,
                "unverified",
            )
        )
    if not unverified:
        out.append(
            finding(
                None,
                None,
                C,
                "info",
                f"Mọi tham số pháp lý áp dụng ngày {on.strftime('%d/%m/%Y')} đã được kiểm chứng",
                code="all_verified",
            )
        )
    old_docs = superseded_documents(params, on, opts.superseded)
    seen: set[tuple[str | None, str | None, str]] = set()
    for norm, line, fld, text in _texts(norm_set):
        for number in DOC_NUMBER.findall(text):
            if number in old_docs and (norm, line, number) not in seen:
                seen.add((norm, line, number))
                by, start = old_docs[number]
                since = f" từ {start.strftime('%d/%m/%Y')}" if start else ""
                out.append(
                    finding(
                        norm,
                        line,
                        C,
                        "warning",
                        f"Trích dẫn {number} đã được thay thế bởi {by}{since} — cần cập nhật căn cứ («{text[:80]}»)",
                        fld,
                        "superseded_citation",
                    )
                )
    return out
