"""Declared choices of a build: the idle share of equipment time, and screens that ignore float noise."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import dinhmuc as dm


def settlements(values, line="TB1", days=60):
    """KC01 projects of 2023-2025 with the given consumption of one line (the class is 60 days long)."""
    rows = []
    for i, v in enumerate(values):
        rows.append(
            {
                "service": "KC01",
                "year": 2023 + i % 3,
                "project": f"P{i}",
                "line": line,
                "unit": "ca",
                "quantity": v,
                "learners": 30,
                "days": days,
            }
        )
    return dm.read_settlements(pd.DataFrame(rows))


def test_a_declared_idle_share_splits_the_time_of_use():
    # time of use 20 ca (every project the same), idle 10 % declared: idle 2, loaded 18 (TT 47 Art. 7)
    ev = settlements([20] * 6)
    built = dm.build_norm("KC01", ev, "statistical", {"as_of": "2026-09-05", "lines": ["TB1"], "idle_pct": {"TB1": 10}})
    line = built.norm.line("TB1")
    assert (line.loaded, line.idle, line.quantity) == (Decimal(18), Decimal(2), Decimal(20))
    assert line.provenance["idle"].parameters["idle_pct"] == Decimal(10)
    assert "10 % × 20 = 2,00" in dm.explain(built.norm, "TB1", "idle")
    assert "có tải = 20 − 2,00 = 18,00" in dm.explain(built.norm, "TB1", "loaded")


def test_without_a_declaration_idle_is_zero_and_says_why():
    built = dm.build_norm("KC01", settlements([20] * 6), "statistical", {"as_of": "2026-09-05", "lines": ["TB1"]})
    line = built.norm.line("TB1")
    assert line.idle == 0 and "chưa khai báo" in line.provenance["idle"].note
    findings = dm.appraise(dm.NormSet(title="t", norms=[built.norm]), catalog=dm.load_catalog()).findings
    idle = [f for f in findings if f.line == "TB1" and f.field == "idle"]
    assert [f.code for f in idle] == ["idle_zero_explained"] and idle[0].severity == "warning"


def test_a_value_on_the_iqr_bound_is_kept_despite_float_noise():
    # 22 ca over a 22-day class is 60 ca per 60-day class: 22 x 60/22 = 60.000000000000004 in floats
    values = [60, 60, 60, 60, 60]
    ev = dm.read_settlements(
        pd.DataFrame(
            [
                {
                    "service": "KC01",
                    "year": 2023 + i % 3,
                    "project": f"P{i}",
                    "line": "TB1",
                    "unit": "ca",
                    "quantity": v,
                    "learners": 30,
                    "days": 60,
                }
                for i, v in enumerate(values)
            ]
            + [
                {
                    "service": "KC01",
                    "year": 2025,
                    "project": "P9",
                    "line": "TB1",
                    "unit": "ca",
                    "quantity": 22,
                    "learners": 30,
                    "days": 22,
                }
            ]
        )
    )
    built = dm.build_norm("KC01", ev, "statistical", {"as_of": "2026-09-05", "lines": ["TB1"]})
    prov = built.norm.line("TB1").provenance["loaded"]
    assert prov.statistics["n_excluded"] == 0 and prov.statistics["n"] == 6
    assert [o["excluded"] for o in built.observations] == [False] * 6


def test_observations_carry_the_per_unit_values_for_charts():
    built = dm.build_norm(
        "KC01", settlements([20, 21, 22, 19, 20, 60]), "statistical", {"as_of": "2026-09-05", "lines": ["TB1"]}
    )
    obs = pd.DataFrame(built.observations)
    assert list(obs.columns) == ["line", "value", "year", "excluded", "row"]
    assert obs.loc[obs["value"] == 60, "excluded"].item() is True and obs["excluded"].sum() == 1


def test_unknown_idle_key_is_refused():
    with pytest.raises(Exception, match="idle_pct"):
        dm.build_norm(
            "KC01",
            settlements([20] * 6),
            "statistical",
            {"as_of": "2026-09-05", "lines": ["TB1"], "idle_pct": {"TB1": 120}},
        )
