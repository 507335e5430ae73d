"""The decision's two routes (NĐ 78/2025 legal normative, NĐ 30/2020 administrative) and the TT 47 Art. 9 papers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import zipfile
from pathlib import Path

import dossier_helpers as h
import pytest
from docx import Document

import dinhmuc as dm
from dinhmuc.appraisal.council import Council
from dinhmuc.core.errors import InputError
from dinhmuc.dossier.info import DossierInfo
from dinhmuc.dossier.office import convert_many, find_soffice
from dinhmuc.dossier.papers.gaps import BLANK, TT47Inputs
from dinhmuc.dossier.papers.tt47 import ART9, TT47_TEMPLATES, art9_manifest
from dinhmuc.dossier.templating import render_template
from dinhmuc.dossier.writer import build_documents
from dinhmuc.procedure import ProcedureFacts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_COUNCIL = dm.example_project_path().parent / "inputs" / "hoi_dong.yaml"
NEW_FILES = {
    "12_de_cuong_ke_hoach.docx",
    "13_tieu_chi_quy_trinh_giam_sat.docx",
    "14_bien_ban_hoi_thao.docx",
    "15_ke_hoach_tham_dinh.docx",
    "16_quyet_dinh_thanh_lap_hoi_dong.docx",
    "17_bao_cao_ket_qua_tham_dinh.docx",
}
ROUTE_FILES = {"18_de_nghi_tham_dinh_tu_phap.docx", "19_tong_hop_y_kien_gop_y.docx"}


def _text(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).replace("&amp;", "&")


def _paragraphs(path) -> list[str]:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return [p for p in out if p.strip()]


def _lint(path) -> None:
    """The dossier's one paper lint (dinhmuc.dossier.lint): leftovers, identifiers, English, ISO dates ..."""
    from dinhmuc.dossier.lint import lint_docx

    problems = lint_docx(path)
    assert not problems, [(p.rule, p.found, p.text[:80]) for p in problems]


def _clean(text: str, name: str) -> None:
    assert "{{" not in text and "{%" not in text and "[[" not in text, name
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), f"{name}: snake_case {re.findall(r'[a-z]+_[a-z_]+', text)}"
    for word in (" the ", " and ", "None", "True", "False", " of "):
        assert word not in text, f"{name}: English {word!r}"


def test_regenerating_tt47_templates_gives_the_committed_bytes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_templates_tt47", ROOT / "scripts" / "make_templates_tt47.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    written = mod.build_all(tmp_path)
    assert sorted(p.stem for p in written) == sorted(TT47_TEMPLATES)
    for p in written:
        assert p.read_bytes() == (ROOT / "templates" / p.name).read_bytes(), (
            f"{p.name} differs: run scripts/make_templates_tt47.py"
        )


# ----------------------------------------------------------------------------- the two routes
def _decision(tmp_path, route: str, number: str | None):
    info = DossierInfo.for_norm_set(
        h.norm_set(),
        {
            **h.project(),
            "route": route,
            "decision_number": number,
            "province": "Quảng Ngãi",
            "issuing_body": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        },
    )
    specs = build_documents(
        h.norm_set(),
        info,
        catalog=dm.load_catalog(),
        charts=False,
        tt47=TT47Inputs(route=route, as_of=dt.date(2026, 9, 5)),
    )
    out = {}
    for spec in specs[:2]:
        render_template(spec.template, spec.context, tmp_path / spec.filename, subdocs=spec.subdocs)
        out[spec.template] = tmp_path / spec.filename
    return specs, out


def _bases(paras: list[str]) -> list[str]:
    return [p for p in paras if p.startswith(("Căn cứ", "Theo đề nghị"))]


def test_normative_route_follows_nd78(tmp_path):
    specs, files = _decision(tmp_path, "legal_normative", None)
    assert specs[0].template == "quyet_dinh_qppl"
    paras = _paragraphs(files["quyet_dinh_qppl"])
    # the number carries the year (NĐ 78/2025): "Số: ……/2026/QĐ-UBND"
    assert any(re.fullmatch(r"Số: …+/2026/QĐ-UBND", p) for p in paras)
    bases = _bases(paras)
    # laws first (legal force; between laws, by date: data/legal, dinhmuc.law.bases): the law on legal normative
    # documents as amended, and Luật Tổ chức chính quyền địa phương 2025
    first = " ".join(bases[:2])
    assert "72/2025/QH15" in first and "64/2025/QH15" in first and "87/2025/QH15" in first
    assert all(b.startswith("Căn cứ Luật") for b in bases[:2])
    assert all(b.endswith(";") for b in bases[:-1]) and bases[-1].endswith(".")
    assert bases[-1].startswith("Theo đề nghị của")
    # the enacting formula follows the bases; no "QUYẾT ĐỊNH:" line
    i = paras.index(bases[-1])
    assert paras[i + 1].startswith("Ủy ban nhân dân tỉnh ban hành Quyết định ban hành")
    assert "QUYẾT ĐỊNH:" not in paras
    articles = [p[:8] for p in paras if re.match(r"Điều \d+\.", p)]
    assert articles == ["Điều 1. ", "Điều 2. ", "Điều 3. "]
    assert "TM. ỦY BAN NHÂN DÂN" in paras and "Nơi nhận:" in paras
    assert [p for p in paras if p.startswith("- ")][-1].startswith("- Lưu: VT")
    annex = _text(files["dinh_muc"])
    assert (
        "(Ban hành kèm theo Quyết định số ……/2026/QĐ-UBND ngày 05 tháng 9 năm 2026 của Ủy ban nhân dân tỉnh "
        "Quảng Ngãi)" in annex
    )  # NĐ 78/2025 Mẫu số 20 (the helper's norm set is signed on 05/9/2026)
    names = {s.filename for s in specs}
    assert NEW_FILES | ROUTE_FILES <= names


def test_administrative_route_follows_nd30(tmp_path):
    specs, files = _decision(tmp_path, "administrative", "15/QĐ-UBND")
    assert specs[0].template == "quyet_dinh"
    paras = _paragraphs(files["quyet_dinh"])
    assert "Số: 15/QĐ-UBND" in paras and not any(re.search(r"/\d{4}/QĐ", p) for p in paras)
    assert "QUYẾT ĐỊNH:" in paras and "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" in paras  # the authority line
    assert not any(p.startswith("Ủy ban nhân dân tỉnh ban hành Quyết định") for p in paras)
    bases = _bases(paras)
    assert "72/2025/QH15" in bases[0] and not any("64/2025/QH15" in b for b in bases)
    assert not any("77/2015/QH13" in b for b in bases)  # the 2015 law, repealed on 01/07/2025, is not cited
    assert all(b.endswith(";") for b in bases[:-1]) and bases[-1].endswith(".")
    assert "TM. ỦY BAN NHÂN DÂN" in paras
    assert not any("Công báo" in p or "Kiểm tra văn bản" in p for p in paras)
    assert "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 9 năm 2026 của Ủy ban nhân dân tỉnh Quảng Ngãi)" in _text(
        files["dinh_muc"]
    )
    names = {s.filename for s in specs}
    assert NEW_FILES <= names and not (ROUTE_FILES & names)
    manifest = art9_manifest("administrative", {s.template: s.filename for s in specs})
    out = [e for e in manifest if "out_of_scope" in e]
    assert {e["paper"] for e in out} >= {
        "Đề nghị Sở Tư pháp thẩm định dự thảo Quyết định",
        "Tổng hợp ý kiến góp ý dự thảo được đăng tải",
    }
    assert all(e["article"] and (e.get("files") or e.get("out_of_scope")) for e in manifest)


def test_a_number_that_contradicts_the_route_is_an_error_with_its_line(tmp_path):
    text = dm.example_project_path().read_text(encoding="utf-8")
    text = text.replace("number: …/2026/QĐ-UBND", "number: 15/QĐ-UBND")
    assert re.search(r"^route: legal_normative$", text, flags=re.M)  # the example declares its route
    (tmp_path / "inputs").symlink_to(dm.example_project_path().parent / "inputs")
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        dm.load_project(tmp_path / "project.yaml")
    problem = next(p for p in err.value.problems if p.code == "route_number")
    assert "15/QĐ-UBND" in str(problem) and problem.location.row is not None  # the line of decision.number
    assert dm.load_project(dm.example_project_path()).decision_route == "legal_normative"


# ----------------------------------------------------------------------------- the papers
@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("route") / "hs"
    dm.build_project(out=out)
    return out


def test_every_art9_paper_is_in_the_example_dossier_or_declared_out_of_scope(example):
    m = json.loads((example / "manifest.json").read_text(encoding="utf-8"))
    entries = m["tt47_art9"]
    assert [e["paper"] for e in entries] == [a[0] for a in ART9]
    outputs = {o["file"] for o in m["outputs"]}
    for e in entries:
        assert e["article"]
        assert e.get("files") or e.get("out_of_scope"), e
        assert set(e.get("files", [])) <= outputs
    assert NEW_FILES | ROUTE_FILES <= outputs
    # the example declares its procedure facts (procedure: in project.yaml): no paper leaves a fact blank
    assert not [w for w in m["warnings"] if "còn thiếu" in w]


def test_example_papers_state_the_project_facts_and_nothing_left(example):
    council = Council.from_yaml(EXAMPLE_COUNCIL)
    tally = council.tally()
    texts = {f: _text(example / f) for f in NEW_FILES | ROUTE_FILES}
    project = dm.load_project(dm.example_project_path())
    for name, text in texts.items():
        _clean(text, name)
        _lint(example / name)
    for m in council.members:  # members, positions and roles from the council file
        assert m.name in texts["16_quyet_dinh_thanh_lap_hoi_dong.docx"]
        assert m.name in texts["15_ke_hoach_tham_dinh.docx"]
    assert "Phó Giám đốc Sở Tài chính" in texts["16_quyet_dinh_thanh_lap_hoi_dong.docx"]
    report = texts["17_bao_cao_ket_qua_tham_dinh.docx"]
    assert tally.explanation in report  # the ONE tally (dm.tally), not a second count
    assert tally.conclusion.label in report
    assert council.chair.name in report
    quality = texts["13_tieu_chi_quy_trinh_giam_sat.docx"]
    spec = dm.load_catalog()["KC01"]
    assert all(s.name in quality for s in spec.work_steps) and spec.unit_text in quality and BLANK in quality
    facts = project.procedure  # the declared procedure facts are printed where they belong
    assert facts.workshop.chair.name in texts["14_bien_ban_hoi_thao.docx"]
    assert "ngày 20 tháng 8 năm 2026" in texts["14_bien_ban_hoi_thao.docx"]
    assert facts.public_comment.channel in texts["19_tong_hop_y_kien_gop_y.docx"]
    assert facts.drafting_team[1].name in texts["12_de_cuong_ke_hoach.docx"]
    outline = texts["12_de_cuong_ke_hoach.docx"]
    assert all(code in outline for code in project.services)
    assert project.services["KC10"].reason.rstrip(".") in outline


def test_declared_facts_fill_the_blanks(tmp_path):
    facts = ProcedureFacts.model_validate(
        {
            "workshop": {
                "held_on": "2026-08-20",
                "place": "Hội trường Sở Công Thương tỉnh Quảng Ngãi",
                "chair": {"name": "Người chủ trì X", "role": "Phó Giám đốc"},
                "secretary": {"name": "Thư ký Y"},
                "participants": [{"name": "Đại biểu Z", "unit": "Sở Tài chính"}],
                "opinions": [
                    {"by": "Đại biểu Z", "text": "Bổ sung định mức giấy in", "response": "Tiếp thu", "accepted": True}
                ],
                "conclusion": "Hội thảo thống nhất dự thảo.",
            }
        }
    )
    info = DossierInfo.for_norm_set(h.norm_set(), h.project())
    bare = build_documents(
        h.norm_set(), info, catalog=dm.load_catalog(), charts=False, tt47=TT47Inputs(route="legal_normative")
    )
    full = build_documents(
        h.norm_set(),
        info,
        catalog=dm.load_catalog(),
        charts=False,
        tt47=TT47Inputs(route="legal_normative", facts=facts),
    )
    texts, warns = {}, {}
    for label, specs in (("bare", bare), ("full", full)):
        spec = next(s for s in specs if s.filename == "14_bien_ban_hoi_thao.docx")
        render_template(spec.template, spec.context, tmp_path / f"{label}.docx", subdocs=spec.subdocs)
        texts[label], warns[label] = _text(tmp_path / f"{label}.docx"), "; ".join(spec.missing)
    assert "ngày 20 tháng 8 năm 2026" in texts["full"] and "Người chủ trì X" in texts["full"]
    assert "Bổ sung định mức giấy in" in texts["full"] and "Hội thảo thống nhất dự thảo." in texts["full"]
    assert "ngày tổ chức hội thảo" in warns["bare"] and "ngày tổ chức hội thảo" not in warns["full"]
    assert texts["bare"].count(BLANK) > texts["full"].count(BLANK)


def test_fresh_init_project_papers_render_and_open_in_libreoffice(tmp_path):
    folder = tmp_path / "moi"
    dm.init_project(folder, province="Quảng Ngãi", today=dt.date(2026, 9, 5))
    project = dm.load_project(folder / "project.yaml")
    catalog = dm.load_catalog()
    norm_set = dm.NormSet(
        title=project.title,
        issuing_body=project.issuing_body,
        province=project.province,
        norms=[s.blank_norm() for s in catalog],
    )
    info = DossierInfo.for_norm_set(
        norm_set,
        {"province": project.province, "drafting_unit": project.drafting_unit, "route": project.decision_route},
    )
    from dinhmuc.core.labels import METHOD_LABELS

    plans = {c: (METHOD_LABELS[p.method.value], p.reason) for c, p in project.services.items()}
    specs = build_documents(
        norm_set,
        info,
        catalog=catalog,
        charts=False,
        tt47=TT47Inputs(route=project.decision_route, facts=project.procedure, plans=plans, as_of=project.as_of),
    )
    paths = []
    for spec in specs:
        if spec.filename in NEW_FILES | ROUTE_FILES | {"01_quyet_dinh.docx"}:
            render_template(spec.template, spec.context, tmp_path / spec.filename, subdocs=spec.subdocs)
            paths.append(tmp_path / spec.filename)
            text = _text(paths[-1])
            _clean(text, spec.filename)
            _lint(paths[-1])
            assert "Quảng Ngãi" in text, spec.filename
    assert len(paths) == 1 + len(NEW_FILES | ROUTE_FILES)
    assert "……/2026/QĐ-UBND" in _text(tmp_path / "01_quyet_dinh.docx")
    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    pdfs = convert_many(paths, tmp_path / "pdf", "pdf")
    assert len(pdfs) == len(paths) and all(p.stat().st_size > 1000 for p in pdfs)


def test_council_report_without_council_file_uses_the_given_tally(tmp_path):
    members = [{"id": f"M{i}", "name": f"Thành viên {i}"} for i in range(1, 6)]
    t = dm.tally(
        [
            {"member": "M1", "level": 1},
            {"member": "M2", "level": 1},
            {"member": "M3", "level": 1},
            {"member": "M4", "level": 2},
        ],
        members,
        present=["M1", "M2", "M3", "M4"],
    )
    info = DossierInfo.for_norm_set(h.norm_set(), h.project())
    specs = build_documents(
        h.norm_set(), info, catalog=dm.load_catalog(), charts=False, tally=t, tt47=TT47Inputs(route="legal_normative")
    )
    spec = next(s for s in specs if s.filename == "17_bao_cao_ket_qua_tham_dinh.docx")
    render_template(spec.template, spec.context, tmp_path / "r.docx", subdocs=spec.subdocs)
    text = _text(tmp_path / "r.docx")
    assert t.explanation in text and t.conclusion.label in text  # the vote of dm.tally, counted once
    assert "Mức 1: 3" in t.explanation
    assert any("tệp Hội đồng thẩm định" in m for m in spec.missing)  # the people are still missing
