"""Shared helpers of the appraisal tests: the complete norm set and one-change variants."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml

import dinhmuc as dm

CASES = Path(__file__).parent / "cases" / "appraisal"
ON = dt.date(2026, 3, 1)  # before TT 37/2026/TT-BXD (2026-07-01)
VERIFIED = dm.load_parameters(CASES / "params_verified")
CATALOG = dm.load_catalog()


def raw() -> dict:
    """The complete set as plain data, to change one thing at a time."""
    return yaml.safe_load((CASES / "complete.yaml").read_text(encoding="utf-8"))


def norm_set(change=None) -> dm.NormSet:
    """The complete set, after ``change(norm_dict)`` was applied to its KC01 norm."""
    data = copy.deepcopy(raw())
    if change is not None:
        change(data["norms"][0])
    return dm.NormSet.model_validate(data)


def run(s: dm.NormSet | None = None, **kw):
    kw.setdefault("catalog", CATALOG)
    kw.setdefault("params", VERIFIED)
    opts = {"on": ON, **kw.pop("options", {})}
    return dm.appraise(s if s is not None else norm_set(), options=opts, **kw)


def codes(result, severity: str | None = None) -> set[str]:
    return {f.code for f in result.findings if severity is None or f.severity == severity}


def find(result, code: str):
    hits = [f for f in result.findings if f.code == code]
    assert hits, f"no finding {code}; found: {sorted(codes(result))}"
    return hits
