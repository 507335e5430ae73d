"""Messages in Vietnamese or English (ngôn ngữ thông báo): one catalogue, two languages.

Every message the command line prints (help, progress, summaries, the frame of
an error report) and every error, warning and notice of the library are looked
up by a key in a gettext catalogue: ``dinhmuc/locale/<lang>/LC_MESSAGES/dinhmuc.po``. Vietnamese
is the default; English is chosen with ``dinhmuc --lang en``, the environment
variable ``DINHMUC_LANG=en`` or an English locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG`` starting with ``en``); in a notebook, ``dm.set_language("en")``. A
message is put into words when it is raised, in the language in use then; the
frame of an :class:`~dinhmuc.core.errors.InputError` (where, how many, what is
accepted) follows the language in use when it is printed. Placeholders are ``{name}`` fields filled by
:meth:`str.format`.

>>> from dinhmuc.core.i18n import tr, use_language
>>> with use_language("vi"):
...     tr("error.problems_in", n=2, source="project.yaml")
'2 lỗi trong project.yaml'
>>> with use_language("en"):
...     tr("error.problems_in", n=2, source="project.yaml")
'2 problem(s) in project.yaml'
"""

from __future__ import annotations

import ast
import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

#: The languages of the catalogue; the first is the default.
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_current: str | None = None


def catalogue_path(lang: str) -> Path:
    """The .po file of ``lang``."""
    return _LOCALE_DIR / lang / "LC_MESSAGES" / "dinhmuc.po"


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def read_po(path: str | Path) -> dict[str, str]:
    """The ``msgid -> msgstr`` pairs of a gettext .po file (plain entries; comments and headers skipped)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    target: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            if key:
                entries[key] = "".join(msgstr)

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:].strip())], None
            target = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:].strip())]
            target = msgstr
        elif line.startswith('"') and target is not None:
            target.append(_unquote(line))
    flush()
    return entries


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The messages of ``lang`` (read once)."""
    return read_po(catalogue_path(lang))


def _normalise(value: str | None) -> str | None:
    if not value:
        return None
    low = value.strip().lower().replace("-", "_")
    for lang in LANGUAGES:
        if low == lang or low.startswith(lang + "_") or low.startswith(lang + "."):
            return lang
    return None


def detect_language(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: ``--lang`` in ``argv``, then ``DINHMUC_LANG``, then the locale; else Vietnamese.

    >>> detect_language(["build", "--lang", "en"], {})
    'en'
    >>> detect_language([], {"LANG": "en_US.UTF-8"}), detect_language([], {"LANG": "C.UTF-8"})
    ('en', 'vi')
    """
    argv = list(argv or [])
    env = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            found = _normalise(argv[i + 1])
            if found:
                return found
        elif arg.startswith("--lang="):
            found = _normalise(arg.split("=", 1)[1])
            if found:
                return found
    explicit = _normalise(env.get("DINHMUC_LANG"))
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return _normalise(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def language() -> str:
    """The language in use (detected from the environment on first use).

    >>> import dinhmuc as dm
    >>> with dm.use_language("en"):
    ...     dm.language()
    'en'
    """
    global _current
    if _current is None:
        _current = detect_language([], None)
    return _current


def set_language(lang: str) -> str:
    """Use ``lang`` (``vi`` or ``en``) from now on; return it. Errors raised after it speak that language.

    >>> import dinhmuc as dm
    >>> before = dm.language()
    >>> dm.set_language("en_GB.UTF-8")
    'en'
    >>> str(dm.Location("bang_gia.xlsx", "Vật tư", 3))
    "bang_gia.xlsx, sheet 'Vật tư', row 3"
    >>> dm.set_language("vi"), str(dm.Location("bang_gia.xlsx", "Vật tư", 3))
    ('vi', "bang_gia.xlsx, trang 'Vật tư', dòng 3")
    >>> _ = dm.set_language(before)
    """
    global _current
    found = _normalise(lang)
    if found is None:
        raise ValueError(f"unknown language '{lang}'; accepted: {', '.join(LANGUAGES)}")
    _current = found
    return found


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block, then go back.

    >>> import dinhmuc as dm
    >>> with dm.use_language("en"):
    ...     print(dm.InputError(dm.Problem("…", dm.Location("a.csv", row=2))))
    1 problem(s): a.csv, row 2: …
    >>> print(dm.InputError(dm.Problem("…", dm.Location("a.csv", row=2))))
    1 lỗi: a.csv, dòng 2: …
    """
    global _current
    before = _current
    try:
        yield set_language(lang)
    finally:
        _current = before


def tr(key: str, /, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in.

    A key missing from the current language falls back to the other one, then to
    the key itself (the catalogue test makes sure neither happens).
    """
    return tr_template(key).format(**fields)


def tr_template(key: str, /) -> str:
    """The message ``key`` in the current language with its ``{fields}`` left unfilled.

    For pydantic's ``PydanticCustomError``, which fills the fields from its own context.

    >>> with use_language("en"):
    ...     tr_template("validation.msg_ge")
    'must be {ge} or more'
    """
    lang = language()
    text = catalogue(lang).get(key)
    if text is None:
        text = next((catalogue(o)[key] for o in LANGUAGES if key in catalogue(o)), key)
    return text


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "catalogue",
    "catalogue_path",
    "detect_language",
    "language",
    "read_po",
    "set_language",
    "tr",
    "tr_template",
    "use_language",
]
