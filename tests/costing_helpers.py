"""Shared fixtures of the costing tests: illustrative norms and prices (dữ liệu minh họa)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import dinhmuc as dm
from dinhmuc.core.yamlio import read_yaml_mapping

CASES = Path(__file__).parent / "cases" / "costing"
ON = dt.date(2025, 6, 1)
OPTIONS = {"management_pct": 2.5}


@lru_cache(maxsize=1)
def prices():
    from dinhmuc.costing import load_prices

    return load_prices(CASES / "prices")


@lru_cache(maxsize=1)
def norm_set() -> dm.NormSet:
    """The 10 catalogue services with the illustrative quantities of quantities.yaml."""
    quantities, _ = read_yaml_mapping(CASES / "quantities.yaml")
    cat = dm.load_catalog()
    norms = []
    for spec in cat:
        norm = spec.blank_norm(quantities[spec.code])
        norms.append(norm.model_copy(update={"other_materials_pct": 10}))
    return dm.NormSet(title="Định mức minh họa (dữ liệu minh họa)", norms=norms)
