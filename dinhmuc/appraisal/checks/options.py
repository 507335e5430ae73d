"""Thresholds and switches of the checks (ngưỡng, lựa chọn): practice, declared and editable, not law."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...core.i18n import tr

__all__ = ["AppraisalOptions"]


class AppraisalOptions(BaseModel):
    """Thresholds and switches of the checks — practice, declared and editable (not law).

    Legal numbers (n >= 5, 20 % spread, 3 years) are not here: they are read
    from the legal parameters (``norm_rules.*``) on the appraisal date.
    """

    model_config = ConfigDict(extra="forbid")

    on: _dt.date | None = Field(
        None,
        description="Appraisal date: which legal values apply. Default: the set's "
        "signed_on, else effective_from, else today.",
    )
    reference_threshold_pct: Decimal = Field(
        Decimal(15), gt=0, description="Flag a line differing from the reference norm by more than this share (±%)."
    )
    evidence_threshold_pct: Decimal = Field(
        Decimal(15),
        gt=0,
        description="Flag a line differing from the median of its evidence by more than this share (±%).",
    )
    price_threshold_pct: Decimal = Field(
        Decimal(15),
        gt=0,
        description="Flag a trial unit price differing from "
        "the average actual cost of the preceding years by more than this (±%).",
    )
    price_history_years: int | None = Field(
        None,
        ge=1,
        description="Years of actual cost averaged; default: "
        "norm_rules.price_history_years (NĐ 60/2021/NĐ-CP Art. 5) on the "
        "appraisal date.",
    )
    indirect_labour_min_pct: Decimal = Field(Decimal(0), ge=0, le=100)
    indirect_labour_max_pct: Decimal = Field(
        Decimal(15),
        ge=0,
        le=100,
        description=(
            "TT 47/2018 fixes no share. Practice: the culture ministry's norms use 15 %, TT 09/2022/TT-BKHCN at most "
            "10 %; default bounds 0-15 %."
        ),
    )
    require_material_spec: bool = Field(
        True, description="A material without a specification is an error (False: a warning)."
    )
    catalogue_lines: bool = Field(True, description="Warn about catalogue lines the norm leaves out.")
    superseded: dict[str, str] = Field(
        default_factory=dict,
        description="Extra documents declared superseded: "
        "number -> the document replacing it, e.g. {'13/2021/TT-BXD': "
        "'37/2026/TT-BXD'}.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> AppraisalOptions:
        if self.indirect_labour_min_pct > self.indirect_labour_max_pct:
            raise ValueError(tr("options.indirect_min_max"))
        return self
