"""Fuzzing every kind of input (Hypothesis, seeded): only typed errors or sane readings, and --check tells the truth.

The default run is short (a few cases per kind, well under a minute on one
core). ``DINHMUC_FUZZ_LONG=1`` runs 200 cases per kind and 10 whole projects;
``python tests/fuzzing.py N`` runs N cases per kind outside pytest and prints
the tally (the issue's corpus: 910 per kind = 10,010 inputs).
"""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from fuzzing import EXAMPLE, KINDS, make_case, run_case  # noqa: E402

LONG = bool(os.environ.get("DINHMUC_FUZZ_LONG"))
PER_KIND = 200 if LONG else 4
PROJECTS = 10 if LONG else 1

FUZZ = settings(
    max_examples=PER_KIND,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("kind", list(KINDS))
@FUZZ
@given(seed=st.integers(0, 2**31))
def test_every_damaged_input_is_a_typed_error_or_a_sane_reading(tmp_path_factory, kind, seed):
    folder = tmp_path_factory.mktemp(f"fuzz_{kind}")
    if kind == "project":
        shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
    outcome = run_case(kind, seed, folder)
    assert outcome in ("ok", "typed"), f"{kind} seed={seed}: {outcome}"


def _sane_costs(output) -> None:
    """No NaN, infinite or negative figure in norms and costs; each total is the sum of its lines' amounts."""
    for norm in output.norm_set.norms:
        for comp in ("labour", "materials", "equipment"):
            for line in getattr(norm, comp):
                q = Decimal(str(line.quantity))
                assert q.is_finite() and q >= 0, (norm.code, line.id, q)
    for code, up in output.costs.items():
        assert up.total.is_finite() and up.total >= 0, (code, up.total)
        for line in up.lines:
            assert Decimal(str(line.amount)).is_finite() and line.amount >= 0, (code, line.id, line.amount)
        assert sum((line.amount for line in up.lines), Decimal(0)) == up.total, (code, up.total)
    if output.plan is not None:
        total = output.plan.total() if callable(output.plan.total) else output.plan.total
        parts = [e.total() if callable(e.total) else e.total for e in output.plan.projects]
        assert total.is_finite() and total >= 0 and sum(parts, Decimal(0)) == total


@settings(
    max_examples=PROJECTS,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(kind=st.sampled_from([k for k in KINDS if k not in ("catalogue",)]), seed=st.integers(0, 2**31))
def test_check_ok_implies_the_build_succeeds(tmp_path_factory, kind, seed):
    """A whole project with one damaged input: ``check_project`` refuses it with a typed error, or the build works."""
    from dinhmuc.core.errors import DinhmucError
    from dinhmuc.pipeline import build_project, check_project

    base = tmp_path_factory.mktemp("proj")
    shutil.copytree(EXAMPLE, base / "p")
    path, _ = make_case(kind, seed, base / "p")
    if path.suffix == ".csv":  # point the project at the CSV export
        import yaml

        pf = base / "p" / "project.yaml"
        data = yaml.safe_load(pf.read_text(encoding="utf-8"))
        for key, value in data.get("inputs", {}).items():
            if value and Path(value).stem == path.stem:
                data["inputs"][key] = str(path.relative_to(base / "p"))
        pf.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        output = check_project(base / "p")
    except DinhmucError:
        return
    _sane_costs(output)
    built = build_project(base / "p", out=base / "ho_so")
    assert (base / "ho_so" / "manifest.json").exists()
    _sane_costs(built)
