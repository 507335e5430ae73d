"""Bad, hostile and interrupted inputs: the fixed corpus of issue 16 as regression tests.

Every case here once ended in a raw Python exception, a hang, a silent
misreading or a left-over folder; each now ends in a typed error (naming file,
sheet, row and field), a correct reading, or a clean state.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook, load_workbook

import dinhmuc as dm
from dinhmuc.core import files
from dinhmuc.core.errors import DinhmucError, InputError, OutputError

sys.path.insert(0, str(Path(__file__).parent))
from fuzzing import EXAMPLE, _to_cp1258  # noqa: E402

SETTLEMENTS = EXAMPLE / "inputs" / "quyet_toan.xlsx"


def cli(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dinhmuc", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def no_traceback(proc) -> bool:
    return "Traceback" not in proc.stdout + proc.stderr


def settlements_csv() -> str:
    """The example's settlements sheet as Excel's CSV export (with Vietnamese text)."""
    wb = load_workbook(SETTLEMENTS, read_only=True)
    ws = wb["Quyết toán"]
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i > 60:
            break
        w.writerow(["" if v is None else v for v in row])
    wb.close()
    return buf.getvalue()


# ----------------------------------------------------------------------------
# the command line: no traceback, exit codes
# ----------------------------------------------------------------------------


def test_cli_bad_input_exit_1_without_traceback_and_debug_shows_it(tmp_path):
    bad = tmp_path / "set.yaml"
    bad.write_text("title: x\nnorms: 5\n", encoding="utf-8")
    out = cli("validate", str(bad))
    assert out.returncode == 1 and no_traceback(out), out.stderr
    assert "norms" in out.stderr and "lỗi" in out.stderr
    usage = cli("validate")
    assert usage.returncode == 2
    long_path = tmp_path / ("a" * 5000 + ".yaml")
    out = cli("validate", str(long_path))
    assert out.returncode == 1 and no_traceback(out) and "đường dẫn dài" in out.stderr


def test_internal_error_is_one_line_and_debug_shows_the_traceback(monkeypatch, capsys):
    """An unexpected exception (a bug) is one Vietnamese line and exit 1; --debug re-raises it."""
    import typer
    from typer.testing import CliRunner

    from dinhmuc.cli.main import _DEBUG, GuardedTyper

    app = GuardedTyper()

    @app.command()
    def boom() -> None:
        raise ZeroDivisionError("x")

    @app.command()
    def other() -> None:
        pass

    res = CliRunner().invoke(app, ["boom"])
    assert res.exit_code == 1 and "Lỗi nội bộ" in res.output and "Traceback" not in res.output
    monkeypatch.setitem(_DEBUG, "on", True)
    res = CliRunner().invoke(app, ["boom"])
    assert isinstance(res.exception, ZeroDivisionError)
    assert isinstance(typer.Typer, type)


# ----------------------------------------------------------------------------
# encodings, empty files, extra fields, sizes
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_csv_in_every_excel_encoding_reads_as_utf8(tmp_path, encoding):
    text = settlements_csv()
    ref = tmp_path / "ref.csv"
    ref.write_bytes(text.encode("utf-8"))
    other = tmp_path / "other.csv"
    other.write_bytes(_to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    a, b = dm.read_settlements(ref).frame, dm.read_settlements(other).frame
    pd.testing.assert_frame_equal(a, b)
    assert any("ậ" in str(v) or "ộ" in str(v) or "ư" in str(v) for v in b["item"].dropna())


def test_csv_separated_by_semicolon_or_tab_is_read(tmp_path):
    text = settlements_csv()
    ref = tmp_path / "ref.csv"
    ref.write_text(text, encoding="utf-8")
    import csv

    rows = list(csv.reader(io.StringIO(text)))
    for delim in (";", "\t"):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delim, lineterminator="\r\n").writerows(rows)
        p = tmp_path / f"x{ord(delim)}.csv"
        p.write_text(buf.getvalue(), encoding="utf-16" if delim == "\t" else "utf-8")
        pd.testing.assert_frame_equal(dm.read_settlements(ref).frame, dm.read_settlements(p).frame)


def test_rows_with_extra_fields_are_all_refused_with_their_rows(tmp_path):
    lines = settlements_csv().split("\r\n")
    lines[3] += ",thừa"
    lines[7] += ",,9"
    p = tmp_path / "x.csv"
    p.write_text("\r\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        dm.read_settlements(p)
    assert [pr.location.row for pr in err.value.problems] == [4, 8]
    assert err.value.codes == {"extra_fields"}


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b"   "])
def test_empty_files_are_refused(tmp_path, content):
    for name in ("x.csv", "x.yaml", "x.xlsx"):
        p = tmp_path / name
        p.write_bytes(content)
        reader = {"x.csv": dm.read_settlements, "x.yaml": dm.load_norm_set, "x.xlsx": dm.read_settlements}[name]
        with pytest.raises(InputError):
            reader(p)


def test_binary_and_control_characters_in_csv_are_refused(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(settlements_csv().replace("Giấy", "Gi\x01ấy", 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        dm.read_settlements(p)
    assert err.value.codes == {"control_character"} and err.value.problems[0].location.row is not None
    p.write_bytes(SETTLEMENTS.read_bytes())  # an xlsx saved as .csv
    with pytest.raises(InputError, match="Excel"):
        dm.read_settlements(p)


def test_csv_size_limit_is_declared_and_overridable(tmp_path, monkeypatch):
    p = tmp_path / "x.csv"
    p.write_text(settlements_csv(), encoding="utf-8")
    monkeypatch.setenv("DINHMUC_MAX_CSV_MB", "0.001")
    with pytest.raises(InputError) as err:
        dm.read_settlements(p)
    assert err.value.codes == {"too_large"}
    monkeypatch.setenv("DINHMUC_MAX_CSV_MB", "1")
    assert len(dm.read_settlements(p)) > 0


# ----------------------------------------------------------------------------
# YAML: depth, control characters, non-finite numbers, shapes
# ----------------------------------------------------------------------------


def test_yaml_nested_3000_levels_is_refused_quickly(tmp_path):
    for text in (
        "a: " + "[" * 3000 + "]" * 3000 + "\n",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(3000)) + "  " * 3000 + "x: 1\n",
    ):
        p = tmp_path / "deep.yaml"
        p.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        with pytest.raises(InputError) as err:
            dm.load_norm_set(p)
        assert err.value.codes <= {"yaml_depth", "yaml_syntax"} and time.perf_counter() - t < 5


def test_yaml_control_character_and_infinity_are_refused_with_lines(tmp_path):
    p = tmp_path / "council.yaml"
    src = (EXAMPLE / "inputs" / "hoi_dong.yaml").read_text(encoding="utf-8")
    p.write_text(src.replace("name: Lê Văn C (minh họa)", 'name: "Lê\\x01Văn C"'), encoding="utf-8")
    with pytest.raises(InputError) as err:
        dm.Council.from_yaml(p) if hasattr(dm, "Council") else __import__(
            "dinhmuc.appraisal.council", fromlist=["Council"]
        ).Council.from_yaml(p)
    assert err.value.codes == {"control_character"}
    line = next(i for i, t in enumerate(src.splitlines(), 1) if "Lê Văn C" in t)
    assert err.value.problems[0].location.row == line


def _council(tmp_path, edit):
    from dinhmuc.appraisal.council import Council

    data = yaml.safe_load((EXAMPLE / "inputs" / "hoi_dong.yaml").read_text(encoding="utf-8"))
    edit(data)
    p = tmp_path / "c.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return lambda: Council.from_yaml(p)


def test_malformed_council_files_are_typed_errors_with_lines(tmp_path):
    load = _council(tmp_path, lambda d: d["ballots"][0].__setitem__("level", 4))
    with pytest.raises(InputError) as err:
        load()
    p = err.value.problems[0]
    assert p.location.row is not None and "ballots.0.level" in p.location.field
    load = _council(tmp_path, lambda d: d["ballots"].append({"member": "XX", "level": 1}))
    with pytest.raises(InputError) as err:
        load()
    assert err.value.codes == {"unknown_member"} and err.value.problems[0].location.row is not None
    for bad in (5, "x", [1], None):
        load = _council(tmp_path, lambda d: d.__setitem__("members", bad))
        with pytest.raises(InputError):
            load()


def test_norms_5_and_non_finite_quantity(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("title: Bộ định mức\nnorms: 5\n", encoding="utf-8")
    with pytest.raises(InputError):
        dm.load_norm_set(p)
    p = tmp_path / "project.yaml"
    src = (EXAMPLE / "project.yaml").read_text(encoding="utf-8")
    shutil.copytree(EXAMPLE / "inputs", tmp_path / "inputs")
    p.write_text(src + "\nbuild:\n  confidence: .inf\n", encoding="utf-8") if "\nbuild:" not in src else p.write_text(
        src.replace("\nbuild:\n", "\nbuild:\n  extra_factor: .inf\n", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        dm.load_project(p)
    assert "not_a_number" in err.value.codes


@pytest.mark.parametrize(
    "value,code",
    [
        (1e30, "too large"),
        ("inf", "not a number"),
        ("-inf", "not a number"),
        ("Infinity", "not a number"),
        ("NaN", "not a number"),
        ("nan", "empty"),
    ],
)  # "nan" text is a blank cell to the evidence reader
def test_non_finite_and_huge_evidence_refused_at_read_time(english, tmp_path, value, code):
    wb = load_workbook(SETTLEMENTS)
    wb["Quyết toán"].cell(3, 7).value = value
    p = tmp_path / "q.xlsx"
    wb.save(p)
    with pytest.raises(InputError) as err:
        dm.read_settlements(p)
    (problem,) = err.value.problems
    assert problem.location.row == 3 and problem.location.field == "quantity" and code in problem.message


# ----------------------------------------------------------------------------
# bombs and entities
# ----------------------------------------------------------------------------


def _with_member(src: Path, name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr(name, data)
    return buf.getvalue()


def test_xlsx_bomb_fails_in_seconds_before_openpyxl(tmp_path):
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(_with_member(SETTLEMENTS, "xl/worksheets/sheet9.xml", b"<a>" + b"0" * (400 * 1024 * 1024) + b"</a>"))
    assert p.stat().st_size < 3 * 1024 * 1024
    t = time.perf_counter()
    for reader in (
        dm.read_settlements,
        dm.load_prices,
        dm.load_norm_set,
        __import__("dinhmuc.pipeline", fromlist=["read_history"]).read_history,
    ):
        with pytest.raises(InputError) as err:
            reader(p)
        assert err.value.codes == {"zip_bomb"}
    assert time.perf_counter() - t < 10


def test_xml_entities_and_declared_huge_sheets_are_refused(tmp_path):
    raw = SETTLEMENTS.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]>' + data
            zout.writestr(info, data)
    p = tmp_path / "ent.xlsx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError) as err:
        dm.read_settlements(p)
    assert err.value.codes == {"xml_entity"}
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["XFD1048576"] = "y"
    q = tmp_path / "cells.xlsx"
    wb.save(q)
    with pytest.raises(InputError) as err:
        files.check_zip(q)
    assert err.value.codes == {"too_many_cells"}


# ----------------------------------------------------------------------------
# templates
# ----------------------------------------------------------------------------


HOSTILE_TEMPLATES = {
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}": "template_timeout",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}": "template_timeout",
    "{{ range(10**9)|length }}": "template_size",
    "{{ 'x' * 50000000 }}": "template_size",
    "{{ '%999999999s' % 'a' }}": "template_size",
    "{{ 'a'|center(1000000000) }}": "template_size",
    "{% include '/etc/passwd' %}": "template_include",
    "{% include '../../etc/passwd' %}": "template_include",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}": "template_limit",
    "{{ ''.__class__.__mro__ }}": "template_unsafe",
}


@pytest.mark.parametrize("text,code", list(HOSTILE_TEMPLATES.items()))
def test_hostile_templates_end_in_seconds_in_a_typed_error_naming_the_tag(tmp_path, monkeypatch, text, code):
    from docx import Document

    from dinhmuc.dossier.templating import render_template

    monkeypatch.setenv("DINHMUC_TEMPLATE_SECONDS", "2")
    d = Document()
    d.add_paragraph(text)
    d.save(tmp_path / "to_trinh.docx")
    t = time.perf_counter()
    with pytest.raises(DinhmucError) as err:
        render_template("to_trinh", {}, tmp_path / "out.docx", templates=tmp_path)
    assert time.perf_counter() - t < 15
    (problem,) = err.value.problems
    assert problem.code == code and "to_trinh" in problem.message
    assert problem.location.field and ("{%" in problem.location.field or "{{" in problem.location.field)


def test_the_time_limit_counts_the_template_not_the_tables_built_for_it(tmp_path, monkeypatch):
    # a national catalogue's annexes take longer to build (python-docx) than a template may take to render
    from docx import Document

    from dinhmuc.dossier.templating import render_template

    monkeypatch.setenv("DINHMUC_TEMPLATE_SECONDS", "1")
    d = Document()
    d.add_paragraph("{% for i in range(1000) %}{% endfor %}")  # enough steps for the limit to be checked
    d.add_paragraph("{{p bang }}")
    d.save(tmp_path / "to_trinh.docx")

    def slow_table(sd):
        time.sleep(1.5)
        sd.add_paragraph("bảng đã dựng")

    doc = render_template("to_trinh", {}, tmp_path / "out.docx", templates=tmp_path, subdocs={"bang": slow_table})
    assert any(p.text == "bảng đã dựng" for p in doc.paragraphs)


def test_the_size_limit_counts_what_the_template_writes_not_its_tables(tmp_path, monkeypatch):
    # the explanatory report of a 1,000-service catalogue is more than 40 MB of tables built by dinhmuc itself
    from docx import Document

    from dinhmuc.dossier.templating import TemplateLimitError, render_template

    monkeypatch.setenv("DINHMUC_TEMPLATE_MAX_MB", "0.05")  # about 52,000 characters per rendered part
    d = Document()
    d.add_paragraph("{{p bang }}")
    d.save(tmp_path / "to_trinh.docx")

    def big_table(sd):
        for i in range(2000):
            sd.add_paragraph(f"dòng {i}: " + "số liệu " * 5)

    doc = render_template("to_trinh", {}, tmp_path / "out.docx", templates=tmp_path, subdocs={"bang": big_table})
    assert sum(p.text.startswith("dòng ") for p in doc.paragraphs) == 2000
    d.add_paragraph("{% for i in range(20000) %}chữ {% endfor %}")  # the template itself still may not
    d.save(tmp_path / "to_trinh.docx")
    with pytest.raises(TemplateLimitError) as err:
        render_template("to_trinh", {}, tmp_path / "out.docx", templates=tmp_path, subdocs={"bang": big_table})
    assert err.value.problems[0].code == "template_size"


def test_huge_context_string_is_refused_not_cut(tmp_path):
    from docx import Document

    from dinhmuc.dossier.templating import TemplateLimitError, render_template

    d = Document()
    d.add_paragraph("{{ title }}")
    d.save(tmp_path / "to_trinh.docx")
    with pytest.raises(TemplateLimitError, match="title"):
        render_template("to_trinh", {"title": "x" * 50_000_000}, tmp_path / "o.docx", templates=tmp_path)


# ----------------------------------------------------------------------------
# outputs: preflight, lock, staging, interruption, overwrite, modes, paths
# ----------------------------------------------------------------------------


def test_output_checks_before_the_work(tmp_path, monkeypatch):
    from dinhmuc.core.outputs import preflight

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="Không tạo được"):
        preflight(blocker / "sub" / "ho_so")
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError, match="chỉ đọc"):
        preflight(tmp_path / "ho_so")
    monkeypatch.undo()
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10, 10, 1024))
    with pytest.raises(OutputError, match="Không đủ chỗ trống"):
        preflight(tmp_path / "ho_so")
    calls = []
    monkeypatch.setattr("dinhmuc.pipeline._build", lambda *a, **k: calls.append(1))
    with pytest.raises(OutputError):
        dm.build_project(out=tmp_path / "ho_so")
    assert not calls  # refused before any computation


def test_a_second_build_to_the_same_folder_is_refused(tmp_path):
    from dinhmuc.core.outputs import OutputLock

    out = tmp_path / "ho_so"
    with OutputLock(out):
        with pytest.raises(OutputError, match="đang ghi hồ sơ"):
            dm.build_project(out=out)
        proc = cli("build", "--out", str(out))
        assert proc.returncode == 1 and no_traceback(proc) and "đang ghi hồ sơ" in proc.stderr
    assert not (tmp_path / ".ho_so.lock").exists()


def test_overwrite_swaps_in_one_step_and_restores_on_failure(tmp_path, monkeypatch):
    from dinhmuc.core import yamlio

    old, new = tmp_path / "ho_so", tmp_path / ".ho_so.x.building"
    for folder, text in ((old, "old"), (new, "new")):
        folder.mkdir()
        (folder / "f").write_text(text)
    yamlio.replace_folder(new, old)
    assert (old / "f").read_text() == "new" and not new.exists()
    # without RENAME_EXCHANGE, a failed second rename puts the old dossier back
    new.mkdir()
    (new / "f").write_text("newer")
    monkeypatch.setattr(yamlio, "_exchange", lambda a, b: False)
    real = os.replace
    calls = []

    def flaky(a, b):
        calls.append((a, b))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(a, b)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError):
        yamlio.replace_folder(new, old)
    assert (old / "f").read_text() == "new"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the example from a copy of its folder, under umask 022, with a stale staging folder beside."""
    base = tmp_path_factory.mktemp("built")
    shutil.copytree(EXAMPLE, base / "du_an")
    stale = base / ".ho_so.k9x.building"
    stale.mkdir()
    (stale / "half.docx").write_text("x")
    old = os.umask(0o022)
    try:
        dm.build_project(base / "du_an", out=base / "ho_so")
    finally:
        os.umask(old)
    return base


def test_stale_staging_is_swept_and_nothing_else_is_left(built):
    assert sorted(p.name for p in built.iterdir()) == ["du_an", "ho_so"]


def test_output_modes_follow_the_umask(built):
    for p in (built / "ho_so").rglob("*"):
        mode = p.stat().st_mode & 0o777
        assert mode == (0o755 if p.is_dir() else 0o644), (p, oct(mode))
    assert (built / "ho_so").stat().st_mode & 0o777 == 0o755


def test_no_absolute_path_of_the_machine_in_any_output(built):
    root = str(built)
    for p in (built / "ho_so").rglob("*"):
        if p.suffix in (".json", ".yaml", ".csv"):
            assert root not in p.read_text(encoding="utf-8"), p
        elif p.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(p) as z:
                for name in z.namelist():
                    assert root.encode() not in z.read(name), (p, name)
    text = (built / "ho_so" / "costs.json").read_text(encoding="utf-8")
    assert "inputs/bang_gia.xlsx, trang 'Vật tư'" in text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_leave_no_staging_folder(tmp_path, sig):
    out = tmp_path / "ho_so"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dinhmuc", "build", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "DINHMUC_NO_FORK": "1"},
    )
    deadline = time.time() + 300
    while time.time() < deadline and not list(tmp_path.glob(".ho_so.*.building")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".ho_so.*.building")), "the build never started writing"
    time.sleep(0.3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------
# --check tells the truth
# ----------------------------------------------------------------------------


def _project_copy(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "p")
    return tmp_path / "p"


def _set_cell(p: Path, file: str, sheet: str, row: int, col: int, value) -> None:
    wb = load_workbook(p / "inputs" / file)
    wb[sheet].cell(row, col).value = value
    wb.save(p / "inputs" / file)


def _set_yaml(p: Path, file: str, edit) -> None:
    f = p / file
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    edit(data)
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


CHECK_CASES = {
    "blank cell in the actual costs": (
        lambda p: _set_cell(p, "chi_phi_thuc_te.xlsx", "Chi phí thực tế", 3, 3, None),
        "chi_phi_thuc_te.xlsx",
    ),
    "signer_title: 5": (
        lambda p: _set_yaml(p, "project.yaml", lambda d: d.setdefault("signer", {}).__setitem__("signer_title", 5)),
        "signer.signer_title",
    ),
    "control character in an expert's name": (lambda p: _csv_expert_with_control(p), "control_character"),
    "text in a plan driver column": (
        lambda p: _set_cell(p, "ke_hoach_2027.xlsx", "Kế hoạch 2027", 2, 5, "ba mươi"),
        "ba mươi",
    ),
}


def _csv_expert_with_control(p: Path) -> None:
    wb = load_workbook(p / "inputs" / "chuyen_gia.xlsx", read_only=True)
    rows = [["" if v is None else v for v in r] for r in wb["Chuyên gia"].iter_rows(values_only=True)]
    wb.close()
    rows[1][2] = "Nguyễn\x01Văn A"
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (p / "inputs" / "chuyen_gia.csv").write_text(buf.getvalue(), encoding="utf-8")
    _set_yaml(p, "project.yaml", lambda d: d["inputs"].__setitem__("expert_estimates", "inputs/chuyen_gia.csv"))


@pytest.mark.parametrize("name", list(CHECK_CASES))
def test_check_refuses_what_the_build_would_fail_on(tmp_path, name):
    edit, expected = CHECK_CASES[name]
    p = _project_copy(tmp_path)
    edit(p)
    with pytest.raises(InputError) as err:
        dm.check_project(p) if hasattr(dm, "check_project") else __import__(
            "dinhmuc.pipeline", fromlist=["check_project"]
        ).check_project(p)
    assert expected in str(err.value) or expected in err.value.codes
    proc = cli("build", str(p), "--check")
    assert proc.returncode == 1 and no_traceback(proc)


def test_check_ok_on_the_example_writes_nothing(tmp_path):
    proc = cli("build", "--check", cwd=tmp_path)
    assert proc.returncode == 0 and "không gặp lỗi" in proc.stdout
    assert list(tmp_path.iterdir()) == []


def test_damaged_or_bomb_user_template_is_a_typed_error(tmp_path):
    from dinhmuc.dossier.templating import render_template

    (tmp_path / "to_trinh.docx").write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(InputError):
        render_template("to_trinh", {}, tmp_path / "o.docx", templates=tmp_path)
    from dinhmuc._resources import templates_dir

    (tmp_path / "to_trinh.docx").write_bytes(
        _with_member(templates_dir() / "to_trinh.docx", "word/bomb.xml", b"0" * (400 * 1024 * 1024))
    )
    t = time.perf_counter()
    with pytest.raises(InputError) as err:
        render_template("to_trinh", {}, tmp_path / "o.docx", templates=tmp_path)
    assert err.value.codes == {"zip_bomb"} and time.perf_counter() - t < 10


@pytest.mark.parametrize("value", ["1000000000000000000000000000000", "1e30", "1.0e+30"])
def test_quantity_1e30_in_a_norm_set_is_a_typed_error(tmp_path, value):
    src = (EXAMPLE / "inputs" / "dinh_muc_tham_chieu.yaml").read_text(encoding="utf-8")
    import re

    text, n = re.subn(r"(\n\s+quantity: )[0-9.]+", lambda m: m.group(1) + value, src, count=1)
    assert n == 1
    p = tmp_path / "s.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        dm.load_norm_set(p)
    assert err.value.problems[0].location.row is not None


def test_a_5000_character_path_is_a_typed_error_for_every_reader(tmp_path):
    from dinhmuc.appraisal.council import Council
    from dinhmuc.costing.plan import read_projects
    from dinhmuc.pipeline import read_history

    for reader in (
        dm.load_project,
        dm.read_settlements,
        dm.load_prices,
        dm.load_norm_set,
        dm.load_catalog,
        read_history,
        read_projects,
        Council.from_yaml,
    ):
        for suffix in (".yaml", ".xlsx", ".csv"):
            with pytest.raises(InputError):
                reader(str(tmp_path / ("a" * 5000 + suffix)))
