"""Vietnamese first: the message catalogue, the command line's languages, dates and YAML mistakes in plain words."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dinhmuc
from dinhmuc.core.dates import parse_date
from dinhmuc.core.errors import InputError
from dinhmuc.core.i18n import LANGUAGES, catalogue, detect_language, read_po, tr, use_language
from dinhmuc.core.yamlio import parse_yaml

PACKAGE = Path(dinhmuc.__file__).parent


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    vi, en = catalogue("vi"), catalogue("en")
    assert set(vi) == set(en) and len(vi) > 100
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        assert _fields(vi[key]) == _fields(en[key]), key


def _literals() -> tuple[set[str], set[str]]:
    """String literals passed straight to tr(...), and every string literal of the package."""
    called, every = set(), set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                every.add(node.value)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                called.add(node.args[0].value)
    return called, every


def test_every_key_the_code_asks_for_is_in_the_catalogue_and_every_entry_is_used():
    called, every = _literals()
    keys = set(catalogue("vi"))
    assert called - keys == set()
    assert keys - every == set()  # no entry left behind when a message goes away


def test_the_po_files_are_plain_gettext():
    for lang in LANGUAGES:
        text = (PACKAGE / "locale" / lang / "LC_MESSAGES" / "dinhmuc.po").read_text(encoding="utf-8")
        assert f'"Language: {lang}\\n"' in text
        assert read_po(PACKAGE / "locale" / lang / "LC_MESSAGES" / "dinhmuc.po") == dict(catalogue(lang))


def test_language_choice():
    assert detect_language(["--lang", "en"], {"LANG": "vi_VN.UTF-8"}) == "en"
    assert detect_language(["--lang=vi"], {"DINHMUC_LANG": "en"}) == "vi"
    assert detect_language([], {"DINHMUC_LANG": "en", "LANG": "vi_VN"}) == "en"
    assert detect_language([], {"LC_ALL": "en_GB.UTF-8"}) == "en"
    assert detect_language([], {"LANG": "C.UTF-8"}) == "vi" and detect_language([], {}) == "vi"
    with use_language("en"):
        assert tr("error.problems", n=3) == "3 problem(s)"
    assert tr("error.problems", n=3) == "3 lỗi"


def _run(*args, env=None, cwd=None):
    full = {k: v for k, v in os.environ.items() if k not in ("DINHMUC_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    full.update({"COLUMNS": "160", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "dinhmuc", *args], capture_output=True, text=True, encoding="utf-8", env=full, cwd=cwd
    )


def test_help_is_vietnamese_by_default_english_on_request_and_flags_show_as_flags():
    vi = _run("build", "--help")
    assert vi.returncode == 0 and "Đọc và kiểm tra mọi thứ bản dựng đọc" in vi.stdout and "Tùy chọn" in vi.stdout
    assert "<bool>" not in vi.stdout and "Xem hướng dẫn này rồi thoát" in vi.stdout
    en = _run("--lang", "en", "build", "--help")
    assert (
        "Read and check everything the build reads" in en.stdout
        and "Options" in en.stdout
        and "<bool>" not in en.stdout
    )
    assert "Read and check everything" in _run("build", "--help", env={"LANG": "en_US.UTF-8"}).stdout
    assert "Read and check everything" in _run("build", "--help", env={"DINHMUC_LANG": "en"}).stdout
    for command in ("catalog", "validate", "init", "appraise", "diff"):
        assert "<bool>" not in _run(command, "--help").stdout, command


def test_errors_are_framed_in_the_chosen_language(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n  norms: []\n", encoding="utf-8")
    vi = _run("validate", str(bad))
    said = vi.stdout + vi.stderr
    assert vi.returncode == 1 and "1 lỗi" in said and "dòng 2" in said
    assert "expected" not in said and "block" not in said
    en = _run("--lang", "en", "validate", str(bad))
    said = en.stdout + en.stderr
    assert "1 problem(s)" in said and "row 2" in said and "colon" in said
    assert _run("--lang", "fr", "catalog").returncode == 2


# -- dates --------------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_reads_the_same_in_both_forms(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(dt.datetime(day.year, day.month, day.day)) == day


@pytest.mark.parametrize(
    "bad",
    ["31/02/2026", "2026-13-01", "15/08/26", "08/15/2026", "hôm nay", "", 20260815, dt.datetime(2026, 8, 15, 9, 30)],
)
def test_what_is_not_a_date_is_refused_with_what_is_accepted(bad):
    with pytest.raises(ValueError, match="15/08/2026 hoặc 2026-08-15"):
        parse_date(bad)


def test_a_bad_date_cell_is_reported_once(tmp_path):
    import pandas as pd

    from dinhmuc.costing.prices import load_prices

    frame = pd.DataFrame(
        [
            {
                "Tên vật tư": "Giấy in",
                "Đơn vị tính": "ram",
                "Đơn giá (đồng)": 75000,
                "Thuế GTGT": "đã gồm",
                "Nguồn giá": "Báo giá",
                "Ngày giá": "32/01/2026",
            },
            {
                "Tên vật tư": "Bút",
                "Đơn vị tính": "cái",
                "Đơn giá (đồng)": 5000,
                "Thuế GTGT": "đã gồm",
                "Nguồn giá": "Báo giá",
                "Ngày giá": "15/01/2026",
            },
        ]
    )
    with pytest.raises(InputError) as err:
        load_prices(materials=frame)
    assert [(p.location.row, p.location.field, p.code) for p in err.value.problems] == [(1, "date", "invalid_date")]
    ok = load_prices(materials=frame.iloc[1:])
    assert ok.material("Bút", "cái", None, dt.date(2026, 2, 1)).date == dt.date(2026, 1, 15)


# -- YAML mistakes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, row, words",
    [
        ("a:\n  b: 1\n c: 2\n", 3, "thụt lề"),
        ("title: Quyết định: số 5\n", 1, "dấu nháy kép"),
        ("a:\n\tb: 1\n", 2, "Tab"),
        ('a: "abc\nb: 1\n', 1, "dấu nháy mở"),
        ("a: [1, 2\nb: 3\n", 1, "']'"),
        ("a: 1\nb\nc: 2\n", 3, "thiếu dấu hai chấm"),
        ("a: @x\n", 1, "'@'"),
        ("a: 1\n---\nb: 2\n", 2, "một tài liệu"),
    ],
)
def test_yaml_mistakes_in_plain_words_with_their_line(text, row, words):
    with pytest.raises(InputError) as err:
        parse_yaml(text, "project.yaml")
    (p,) = err.value.problems
    assert p.code == "yaml_syntax" and p.location.row == row and words in p.message
    assert "expected" not in p.message and "<block" not in p.message and "scanning" not in p.message


def test_a_key_written_twice_is_an_error_not_a_silent_loss():
    with pytest.raises(InputError) as err:
        parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 2\n", "project.yaml")
    assert [(p.location.row, p.location.field, p.code) for p in err.value.problems] == [
        (4, "c", "duplicate_key"),
        (5, "a", "duplicate_key"),
    ]
    assert "dòng 3" in err.value.problems[0].message


# -- every user-facing message goes through the catalogue ---------------------------------------------------

#: Calls whose text a user reads: the library's errors, located problems, warnings.
_SINKS = {
    "Problem",
    "InputError",
    "UnknownReferenceError",
    "ParameterError",
    "PriceError",
    "OutputError",
    "NumberError",
    "ExactnessError",
    "OfficeConversionError",
    "OfficeUnavailable",
    "PydanticCustomError",
    "ValueError",
    "KeyError",
    "LookupError",
    "FileNotFoundError",
    "warn",
    "problem",  # the readers' own Problem helpers (tables, plan)
    "_echo_err",  # the command line's last-resort messages
    "echo",
}
#: Lists whose items are printed to the user as warnings or notices (``warnings.append(...)``).
_LISTS = ("warnings", "notices", "notes")
#: Texts that are values, not sentences (an example the user types, a code); same in every language.
_NOT_PROSE = {
    '--province "Quảng Ngãi"',
    "{norm: KC03, code: few_observations, text: ...}",
    "datetime.date(2026, 1, 1)",
    "dinhmuc init",
}


def _prose(node: ast.AST) -> str | None:
    """The words of a string literal or f-string that reads as a sentence (two words or more)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    elif isinstance(node, ast.BinOp):
        return _prose(node.left) or _prose(node.right)
    elif isinstance(node, ast.IfExp):
        return _prose(node.body) or _prose(node.orelse)
    else:
        return None
    words = re.findall(r"[^\W\d_]{2,}", text)
    code = re.fullmatch(r"[\w./-]+", text)  # a code or a file name, e.g. 'invalid_choice', 'project.yaml'
    layout = " | " in text  # the column headers of a published table, written as the user writes them
    return text if len(words) >= 2 and not code and not layout and text not in _NOT_PROSE else None


def _messages(tree: ast.AST) -> list[tuple[int, str]]:
    """The literal sentences passed to a message sink in ``tree`` (line, text)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        receiver = f.value if isinstance(f, ast.Attribute) else None
        listed = (
            name in ("append", "extend")
            and isinstance(receiver, (ast.Name, ast.Attribute))
            and (receiver.id if isinstance(receiver, ast.Name) else receiver.attr).endswith(_LISTS)
        )
        if not (name in _SINKS or name == "raise_if" or listed):
            continue
        args = list(node.args)  # a problem's code is an identifier, not a sentence: _prose skips it
        args += [k.value for k in node.keywords if k.arg in ("message", "accepted", "msg", "source")]
        if name == "raise_if":
            args = args[1:2]  # the source named in the error's heading
        for arg in args:
            text = _prose(arg)
            if text is not None:
                found.append((arg.lineno, text))
    return found


def _untranslated() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "core/i18n.py":
            continue
        for line, text in _messages(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{rel}:{line}: {text[:70]!r}")
    return found


def test_no_user_facing_message_bypasses_the_catalogue():
    """Errors, problems and warnings are written with tr(...): a new English or Vietnamese literal fails here."""
    assert _untranslated() == []


def test_the_scan_catches_a_literal_message():
    """The scan is not vacuous: a literal in a Problem, a raised error or a warnings list is found."""
    tree = ast.parse(
        "Problem(f'unit {u} is unknown', loc, 'unknown_unit', 'a unit such as kg')\n"
        "warnings.append('cột này bị bỏ qua')\n"
        "raise ParameterError('no value before the date')\n"
        "raise_if(problems, 'project inputs')\n"
        "Problem(tr('x.y'), loc, 'missing_value', tr('x.z'))\n"
        "Problem(tr('x.y'), loc, 'unknown_unit', '--province \"Quảng Ngãi\"')\n"
    )
    assert [text for _, text in sorted(_messages(tree))] == [
        "a unit such as kg",
        "unit   is unknown",
        "cột này bị bỏ qua",
        "no value before the date",
        "project inputs",
    ]


@pytest.mark.parametrize(
    "call, vi, en",
    [
        (lambda tmp: dinhmuc.load_norm_set(tmp / "set.csv"), "loại tệp '.csv' không được hỗ trợ", "unknown file type"),
        (lambda tmp: dinhmuc.read_settlements(tmp / "none.xlsx"), "không tìm thấy tệp", "file not found"),
        (
            lambda tmp: dinhmuc.default_parameters().get("base_salary.base_salary", dt.date(1990, 1, 1)),
            "không có giá trị trước",
            "has no value before",
        ),
        (
            lambda tmp: dinhmuc.Norm(
                code="X", name="Thử", unit="lớp", labour=[{"role": "A", "grade": "ZZ", "quantity": 1}]
            ),
            "không có trong danh mục",
            "unknown job-title grade",
        ),
    ],
)
def test_library_errors_are_vietnamese_by_default_and_english_on_request(tmp_path, call, vi, en):
    """Errors raised by the library (not only the CLI) follow the language: the default, then dm.set_language."""
    with pytest.raises(Exception) as err:
        call(tmp_path)
    assert vi in str(err.value)
    with use_language("en"), pytest.raises(Exception) as err:
        call(tmp_path)
    assert en in str(err.value) and vi not in str(err.value)
