"""Soát văn bản — a document lint for every paper the build writes (.docx).

A council member must find nothing a programmer left behind. :func:`lint_docx`
reads every paragraph of a Word file (body, table cells, headers, footers)
and reports, with the paragraph's text:

=====================  ==========================================================
rule                   what it catches
=====================  ==========================================================
``template``           a leftover Jinja tag ``{{``, ``}}``, ``{%``, ``%}``
``brace``              any other ``{`` or ``}`` (a Python mapping printed)
``python_repr``        ``True``/``False``/``None``, ``nan``, ``Decimal(``, ``['``
``identifier``         a snake_case identifier (``value_unrounded``); a file name
                       of the user's inputs (``quyet_toan.xlsx``) is allowed
``english``            a word of :data:`DENY_WORDS` (``statistical``, ``HALF-UP``…)
``iso_date``           an ISO date ``2026-09-05`` (papers write 05/9/2026 or words)
``decimals``           a number with more decimals than the paper declares
``placeholder``        a made-up name "Nguyễn Văn A" not marked "(minh họa)"
=====================  ==========================================================

It is reusable by every paper module: ``lint_docx(path)`` or
``lint_folder(out_dir)`` (every .docx the build wrote); the test suite runs it on
the bundled example and on a fresh ``dinhmuc init`` project.

>>> [p.rule for p in lint_text("Giá trị = 61,3833333333 (value_unrounded), True", max_decimals=2)]
['python_repr', 'identifier', 'english', 'decimals']
>>> lint_text("Định mức 60,14 công; tệp quyet_toan.xlsx; ngày 05/9/2026.", max_decimals=2)
[]
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DECIMALS", "DENY_WORDS", "LintProblem", "lint_docx", "lint_folder", "lint_text", "paragraphs"]

#: English words (and code words) that never belong in a Vietnamese paper; matched as whole ASCII words
DENY_WORDS = frozenset(
    """
statistical standard experimental comparison expert manual progressive average median mean value values total
warning warnings error errors field indoor office override overrides reason daily wage unrounded rows excluded
line lines unit price prices cost costs norm norms method methods count label labels note notes true false none
null nan todo fixme half_up half-up half-even tbd lorem ipsum the and of for with from
""".split()
)

#: declared decimals per paper (file-name prefix -> most decimals a number may show): published norm
#: values carry the set's rounding (2), equipment power specs 3 (watts in kW); the explanatory report and
#: the appraisal report show intermediate values of calculations to 4
DECIMALS = {"03_": 4, "bao_cao_tham_dinh": 4}
DEFAULT_DECIMALS = 3

_FILE_EXT = r"(?:xlsx|xls|csv|yaml|yml|json|docx|pdf|png)"
_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")
_BRACE = re.compile(r"[{}]")
_REPR = re.compile(r"\b(?:True|False|None|NaN|nan)\b|Decimal\(|\['|<[\w.]+ object")
_IDENT = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9])(?![\w])(?!\." + _FILE_EXT + r"\b)")
_WORD = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z-]*[A-Za-z])(?![\w-])")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})*,(\d+)(?![\d,])|(?<![\w.,])\d+,(\d+)(?![\d,])")
_PLACEHOLDER = re.compile(
    r"\b(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trịnh) "
    r"(?:Văn|Thị) [A-ZĐ]\b(?! \(minh họa\))"
)


@dataclass(frozen=True)
class LintProblem:
    """One finding of the lint: the file, the rule, the offending piece and the paragraph it is in."""

    rule: str
    found: str
    text: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}[{self.rule}] «{self.found}» in: {self.text[:160]}"


def lint_text(text: str, max_decimals: int = DEFAULT_DECIMALS, file: str = "") -> list[LintProblem]:
    """Every lint problem of one paragraph's text (see the module table)."""
    out: list[LintProblem] = []

    def add(rule: str, found: str) -> None:
        out.append(LintProblem(rule, found, text, file))

    for m in _TEMPLATE.finditer(text):
        add("template", m.group(0))
    if not _TEMPLATE.search(text):
        for m in _BRACE.finditer(text):
            add("brace", m.group(0))
    for m in _REPR.finditer(text):
        add("python_repr", m.group(0))
    for m in _IDENT.finditer(text):
        add("identifier", m.group(1))
    for m in _WORD.finditer(text):
        if m.group(1).lower() in DENY_WORDS:
            add("english", m.group(1))
    for m in _ISO.finditer(text):
        add("iso_date", m.group(0))
    for m in _NUMBER.finditer(text):
        decimals = m.group(1) or m.group(2)
        if len(decimals) > max_decimals:
            add("decimals", m.group(0))
    for m in _PLACEHOLDER.finditer(text):
        add("placeholder", m.group(0))
    return out


def paragraphs(path: str | Path) -> list[str]:
    """The text of every paragraph of a .docx: body (table cells included), headers and footers."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        xml = [z.read(n).decode("utf-8") for n in names]
    out = []
    for part in xml:
        for p in re.findall(r"<w:p[ >].*?</w:p>", part, re.S):
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            text = (
                text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", '"')
                .replace("&apos;", "'")
                .replace("&amp;", "&")
            )
            if text.strip():
                out.append(text)
    return out


def declared_decimals(name: str) -> int:
    """The most decimals a number may show in the paper called ``name`` (see :data:`DECIMALS`)."""
    return next((d for prefix, d in DECIMALS.items() if name.startswith(prefix)), DEFAULT_DECIMALS)


def lint_docx(path: str | Path, max_decimals: int | None = None) -> list[LintProblem]:
    """Lint one Word file; ``max_decimals`` defaults to what the paper declares (:func:`declared_decimals`)."""
    path = Path(path)
    d = declared_decimals(path.name) if max_decimals is None else max_decimals
    out: list[LintProblem] = []
    for text in paragraphs(path):
        out += lint_text(text, d, path.name)
    return out


def lint_folder(folder: str | Path) -> list[LintProblem]:
    """Lint every .docx under ``folder`` (what a build wrote, new papers of other modules included)."""
    out: list[LintProblem] = []
    for path in sorted(Path(folder).rglob("*.docx")):
        out += lint_docx(path)
    return out
