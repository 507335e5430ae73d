"""Dossier templates: reproducible generation, strict rendering, escaping and the sandbox."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import dossier_helpers as h
import pytest
from docx import Document
from jinja2.sandbox import SecurityError

from dinhmuc.core.errors import InputError
from dinhmuc.dossier.info import DossierInfo
from dinhmuc.dossier.papers.tt47 import TT47_TEMPLATES
from dinhmuc.dossier.templating import TEMPLATE_NAMES, TemplateSet, render_template, template_variables
from dinhmuc.dossier.writer import build_documents

ROOT = Path(__file__).resolve().parent.parent


def _make_templates_module():
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _all_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def specs():
    info = DossierInfo.for_norm_set(h.norm_set(), h.project())
    import dinhmuc as dm

    return build_documents(
        h.norm_set(),
        info,
        costs=h.costs(),
        history=h.history(),
        evidence=h.evidence(),
        catalog=dm.load_catalog(),
        comments=h.COMMENTS,
        council=h.COUNCIL,
        charts=False,
    )


def test_regenerating_templates_gives_the_committed_bytes(tmp_path):
    mod = _make_templates_module()
    written = mod.build_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.docx" for n in TEMPLATE_NAMES)
    for p in written:
        assert p.read_bytes() == (ROOT / "templates" / p.name).read_bytes(), (
            f"{p.name} differs: run scripts/make_templates.py"
        )


def test_every_template_renders_with_no_variable_left(specs, tmp_path):
    # the decision's route picks its template (legal normative by default: quyet_dinh_qppl, NĐ 78/2025)
    assert {s.template for s in specs} == (set(TEMPLATE_NAMES) | set(TT47_TEMPLATES)) - {"quyet_dinh"}
    for spec in specs:
        used = template_variables(spec.template)
        missing = used - set(spec.context) - set(spec.subdocs)
        assert not missing, f"{spec.template}: context lacks {missing}"
        out = tmp_path / spec.filename
        render_template(spec.template, spec.context, out, subdocs=spec.subdocs)
        text = _all_text(out).replace("Chuyên gia {{ x }}", "")  # a user's comment, kept as text
        assert "{{" not in text and "{%" not in text and "[[" not in text, spec.template
        assert text.strip()


def test_a_missing_variable_is_an_error_naming_it(specs, tmp_path):
    spec = next(s for s in specs if s.template in ("quyet_dinh", "quyet_dinh_qppl"))
    ctx = {k: v for k, v in spec.context.items() if k != "implementers"}
    with pytest.raises(InputError, match="implementers"):
        render_template(spec.template, ctx, tmp_path / "x.docx")


def test_user_text_is_escaped_and_never_executed(specs, tmp_path):
    spec = next(s for s in specs if s.template == "bang_tiep_thu")
    ctx = dict(spec.context)
    ctx["intro"] = "A & B <C> {{ 7*7 }} {% if true %}x{% endif %}"
    out = tmp_path / "c.docx"
    render_template("bang_tiep_thu", ctx, out, subdocs=spec.subdocs)
    text = _all_text(out).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert "A & B <C> {{ 7*7 }} {% if true %}x{% endif %}" in text
    assert "<2,5 %> & căn cứ" in text  # a comment of the table (subdoc, python-docx)
    assert "Chuyên gia {{ x }}" in text
    Document(str(out))  # still a valid document


def _user_template(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    d = Document()
    d.add_paragraph(text)
    d.save(str(folder / f"{name}.docx"))
    return folder


def test_sandbox_blocks_private_attributes(specs, tmp_path):
    folder = _user_template(tmp_path / "mine", "quyet_dinh", "{{ ''.__class__.__mro__ }}")
    spec = next(s for s in specs if s.template in ("quyet_dinh", "quyet_dinh_qppl"))
    with pytest.raises(SecurityError):
        render_template("quyet_dinh", spec.context, tmp_path / "x.docx", templates=folder)


def test_user_template_replaces_the_bundled_one(specs, tmp_path):
    folder = _user_template(tmp_path / "mine", "to_trinh", "Tờ trình của {{ header.body }}: {{ addressee }}")
    tset = TemplateSet(folder)
    assert tset.is_user("to_trinh") and not tset.is_user("quyet_dinh")
    spec = next(s for s in specs if s.template == "to_trinh")
    out = tmp_path / "t.docx"
    render_template("to_trinh", spec.context, out, templates=tset)
    assert "Tờ trình của Sở Công Thương tỉnh Kon Tum: Hội đồng thẩm định" in _all_text(out)


def test_missing_template_folder_is_reported(tmp_path):
    with pytest.raises(InputError, match="không tồn tại"):
        TemplateSet(tmp_path / "nope")


def test_a_clerk_edits_a_template_by_hand_and_the_paper_follows(tmp_path):
    """The annex's general rules are template text: edit a sentence in Word (python-docx on a copy) and the
    rendered paper says the new sentence, with the values still filled in."""
    import shutil

    from dinhmuc.dossier.writer import write_dossier

    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copy(TemplateSet().path("dinh_muc"), folder / "dinh_muc.docx")
    doc = Document(str(folder / "dinh_muc.docx"))
    edited = 0
    for p in doc.paragraphs:
        for run in p.runs:
            if "Hao phí vật tư: số lượng từng loại vật tư cần thiết" in run.text:
                run.text = run.text.replace(
                    "Hao phí vật tư: số lượng từng loại vật tư cần thiết", "Hao phí vật tư (sửa tay): số lượng vật tư"
                )
                edited += 1
    assert edited == 1
    doc.save(str(folder / "dinh_muc.docx"))
    r = write_dossier(
        h.norm_set(), tmp_path / "hs", project=h.project(), templates=folder, workbook=False, charts=False
    )
    text = _all_text(r.out_dir / "02_dinh_muc_kem_theo.docx")
    assert "b) Hao phí vật tư (sửa tay): số lượng vật tư, kèm tỷ lệ hao hụt" in text
    assert "01 công = 8 giờ làm việc" in text and "{{" not in text
    bundled = _all_text(r.out_dir / "01_quyet_dinh.docx")  # the other papers keep the bundled templates
    assert "Ban hành kèm theo Quyết định này" in bundled


def test_hours_of_a_cong_come_from_the_dated_parameters(tmp_path):
    """ "01 công = … giờ" is the parameter working_time.hours_per_day in force, not a sentence of the code."""
    import shutil

    from dinhmuc._resources import data_path
    from dinhmuc.dossier.papers import norm_annexes
    from dinhmuc.params import load_parameters

    folder = tmp_path / "params"
    shutil.copytree(data_path("params"), folder)
    path = folder / "working_time.yaml"
    text = path.read_text(encoding="utf-8")
    # a later dated value of hours_per_day (illustrative: a province declaring a 7-hour công from 2026)
    text = text.replace(
        """        value: 8
        citation: {document: Bộ luật Lao động 2019 (Luật số 45/2019/QH14), article: Điều 105 khoản 1}
        verified: true
""",
        """        value: 8
        citation: {document: Bộ luật Lao động 2019 (Luật số 45/2019/QH14), article: Điều 105 khoản 1}
        verified: true
      - from: 2026-01-01
        value: 7
        citation: {document: Khai báo thử}
        verified: false
""",
        1,
    )
    path.write_text(text, encoding="utf-8")
    params = load_parameters(folder)
    import datetime as dt

    info = DossierInfo.for_norm_set(h.norm_set(), h.project())
    assert norm_annexes(h.norm_set(), info, params, dt.date(2025, 12, 31)).context["hours_per_day"] == "8"
    assert norm_annexes(h.norm_set(), info, params, dt.date(2026, 9, 15)).context["hours_per_day"] == "7"
