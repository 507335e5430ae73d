"""The workbook's sheet "Thống kê": LibreOffice recalculates every statistically built line of the bundled
example to the published norm (live formulas: per-unit conversion, QUARTILE.INC, fences, AVERAGEIFS, ROUND)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from dinhmuc.dossier.office import convert_many, find_soffice
from dinhmuc.dossier.stats_sheet import SHEET, add_stats_sheet, stats_lines_of
from dinhmuc.dossier.workbook import CostInputs, write_workbook
from dinhmuc.pipeline import build_norms_of, cost_norms_of, load_inputs
from dinhmuc.project import example_project_path, load_project

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed"),
]

CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.fixture(scope="module")
def example():
    project = load_project(example_project_path())
    inputs = load_inputs(project)
    norm_set, results = build_norms_of(project, inputs)
    costs, _ = cost_norms_of(project, norm_set, inputs.prices)
    return norm_set, results, costs


def _recalculated(tmp_path, norm_set, costs, lines):
    path = write_workbook(
        norm_set,
        tmp_path / "b.xlsx",
        CostInputs.from_unit_prices(norm_set, costs),
        extra_sheets=[lambda wb: add_stats_sheet(wb, lines)],
    )
    out = convert_many([path], tmp_path / "csv", CSV_ALL_SHEETS, recalc=True)
    sheet = next(p for p in out if p.stem.endswith(SHEET))
    return list(csv.reader(sheet.open(encoding="utf-8")))


def test_example_statistics_recalculate_to_the_published_norms(tmp_path, example):
    norm_set, results, costs = example
    lines = stats_lines_of(results)
    statistical = {
        (n.code, ln.id)
        for n in norm_set
        for _, ln in n.lines()
        if (ln.provenance.get("quantity") or ln.provenance.get("loaded")).method.value == "statistical"
    }
    assert {(c, lid) for c, lid, *_ in lines} == statistical and len(lines) > 40
    rows = _recalculated(tmp_path, norm_set, costs, lines)
    summary = rows[1 : 1 + len(lines)]
    for (code, lid, _, _, _, published), row in zip(lines, summary, strict=True):
        assert row[:2] == [code, lid]
        assert Decimal(row[5]) == published, (code, lid, row)  # recalculated ROUND(...) = the norm's value
        assert row[7] == "khớp", (code, lid, row)
    assert any(float(r[7]) == 0 for r in rows if len(r) > 7 and r[0].startswith("quyet_toan") and r[7] in ("0", "1"))


def test_declared_rules_recalculate_too(tmp_path, example):
    """The spread rule, QUARTILE.EXC, the inverted-CDF quartiles and the average_with_mean variant."""
    import pandas as pd

    import dinhmuc as dm

    rows = [
        {
            "service": "KC01",
            "year": 2023 + i % 3,
            "project": f"P{i}",
            "line": "LD1",
            "unit": "công",
            "quantity": q,
            "days": d,
        }
        for i, (q, d) in enumerate(
            zip([58, 45, 59, 30, 61, 29, 90, 60, 62, 57], [60, 45, 60, 30, 60, 30, 60, 60, 60, 60], strict=True)
        )
    ]
    ev = dm.read_settlements(pd.DataFrame(rows))
    lines = []
    for opts in (
        {"outlier_rule": "spread20"},
        {"quartile_rule": "exc"},
        {"quartile_rule": "inverted_cdf"},
        {"progressive_variant": "average_with_mean"},
        {"statistic": "mean", "outlier_rule": "none"},
    ):
        res = dm.build_norm("KC01", ev, options={"as_of": "2026-06-30", "lines": ["LD1"], **opts})
        lines += stats_lines_of({"KC01": res})
    # ties: Q1 = Q3 = 60, the fences become [60/1.2; 60 x 1.2] = [50; 72]: 66 kept, 600 screened
    ties = dm.read_settlements(
        pd.DataFrame(
            [
                {
                    "service": "KC01",
                    "year": 2023 + i % 3,
                    "project": f"T{i}",
                    "line": "LD1",
                    "unit": "công",
                    "quantity": q,
                    "days": 60,
                }
                for i, q in enumerate([60] * 5 + [66, 600])
            ]
        )
    )
    res = dm.build_norm("KC01", ties, options={"as_of": "2026-06-30", "lines": ["LD1"]})
    assert res.norm.line("LD1").provenance["quantity"].statistics["n_excluded"] == 1
    lines += stats_lines_of({"KC01": res})
    norm_set, _, costs = example
    got = _recalculated(tmp_path, norm_set, costs, lines)
    for (_, _, _, _, _, published), row in zip(lines, got[1 : 1 + len(lines)], strict=True):
        assert Decimal(row[5]) == published and row[7] == "khớp", row
