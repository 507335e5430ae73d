"""Declared choices of a build (lựa chọn khi xây dựng định mức).

Choices that are not law — the outlier rule, the progressive-average variant,
allowances, accuracy and confidence, rounding, the indirect-labour and
other-materials percentages — are declared here, recorded in the provenance of
every value built, and never hidden in code. Legal numbers (the 3 years, 5
observations, 20 % spread, the caps of K, the 8-hour day) come from
``data/params`` as of ``as_of``.

>>> from dinhmuc.methods.options import StatisticalOptions
>>> StatisticalOptions().outlier_rule, StatisticalOptions().statistic
('iqr', 'progressive_average')
>>> StatisticalOptions(outlier="iqr")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for StatisticalOptions
...
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..core.i18n import tr
from ..norm import Code, Method, Number, Percent, Positive, Text
from .countable import CountableRounding


class BuildOptions(BaseModel):
    """Choices every method shares.

    * ``as_of`` — the date the norm is built; legal parameters are taken as of it.
    * ``rounding_decimals`` — published values are rounded HALF-UP to this many decimals (2: common practice).
    * ``indirect_labour_pct`` — indirect labour as % of direct labour (TT 47 Art. 7); when given, the
      catalogue's indirect lines are replaced by this share.
    * ``other_materials_pct`` — other materials as % of the value of the main materials.
    * ``loss_rates`` / ``recovery_rates`` — % per material line id; the norm's net consumption is
      quantity x (1 + loss) x (1 - recovery).
    * ``idle_pct`` — % of an equipment line's time of use that is idle (không tải), per line id or ``"*"`` for
      all (TT 47 Art. 7: time of use = loaded + idle). The evidence gives the time of use; the declared share
      splits it. Without a declaration the whole time counts as loaded and the provenance of ``idle`` says so.
    * ``lines`` — build only these line ids (default: every catalogue line).
    * ``drop_missing_lines`` — leave out lines without evidence (with a warning) instead of failing.
    * ``zero_lines`` — line ids whose norm may be 0 (the service truly does not consume them). A line that
      builds (or rounds) to 0 without this declaration is an error: a zero norm is a finding, not a default.
    * ``countable_rounding`` — how a material in a countable unit (tờ, bộ, cái…) becomes a whole number:
      ``{mode: up|half_up|none, per: service|driver, reason: ...}``; by default the dated rule
      ``norm_rules.countable_rounding`` (:mod:`dinhmuc.methods.countable`).
    * ``max_listed_rows`` — evidence rows are listed one by one (and in the calculation) up to this many per line;
      beyond it the provenance names the selection (file, filter, count) and the excluded rows by range.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: _dt.date = Field(default_factory=_dt.date.today)
    rounding_decimals: int = Field(default=2, ge=0, le=6)
    indirect_labour_pct: Percent | None = None
    other_materials_pct: Percent | None = None
    loss_rates: dict[str, Percent] = Field(default_factory=dict)
    idle_pct: dict[str, Percent] = Field(default_factory=dict)
    recovery_rates: dict[str, Percent] = Field(default_factory=dict)
    lines: list[Code] | None = None
    drop_missing_lines: bool = False
    zero_lines: list[Code] = Field(default_factory=list)
    max_listed_rows: int = Field(default=30, ge=0, le=100_000)
    #: the project's rule for countable units (tờ, bộ, cái…); None: norm_rules.countable_rounding (methods/countable.py)
    countable_rounding: CountableRounding | None = None

    def declared(self) -> dict[str, object]:
        """The declared choices as provenance parameters."""
        out: dict[str, object] = {
            "as_of": self.as_of.isoformat(),
            "rounding_decimals": self.rounding_decimals,
            "rounding": "ROUND_HALF_UP",
        }
        return out


class StatisticalOptions(BuildOptions):
    """Statistical aggregation (phương pháp thống kê tổng hợp).

    * ``outlier_rule`` — ``iqr``: keep values within [Q1 - k IQR, Q3 + k IQR], quartiles by ``quartile_rule``;
      when the IQR is below one rounding step (ties such as 5, 5, 5, 5, 5.5) nothing is screened;
      ``spread20``: keep the largest group of values whose spread (max - min)/min stays within the
      maximum (20 %, ``norm_rules.max_spread_pct``), ties to the group nearest the median; ``none``.
    * ``iqr_k`` — the IQR multiplier (1.5: Tukey).
    * ``quartile_rule`` — ``inc`` (default: Excel's QUARTILE.INC, linear interpolation at (n-1)p, so an
      appraiser can redo it in Excel), ``exc`` (QUARTILE.EXC, at (n+1)p) or ``inverted_cdf`` (the smallest
      value with at least p of the values at or below it). No legal text prescribes one.
    * ``statistic`` — the published value: ``progressive_average`` (trung bình tiên tiến), ``mean``, ``median``.
    * ``progressive_variant`` — ``below_mean``: the mean of the values on the better side of the mean;
      ``average_with_mean``: the average of that and the mean.
    * ``direction`` — ``consumption`` (lower is better: the better side is at or below the mean) or
      ``output`` (productivity; higher is better: at or above the mean).
    * ``years_override_reason`` — proceed although a line's records do not cover the N consecutive years
      before ``as_of``: one reason for every line, or a mapping line id (``"LD1"``, ``"KC01/LD1"``, ``"*"``)
      -> reason; the reason is recorded on each line it is used for, with a warning.

    * ``settlement_loss_rule`` — settlements record what projects really consumed, losses included, so a
      ``loss_rates`` entry on a line built from them counts losses twice: ``warn`` (default: the build warns
      and the loss rate's provenance says so) or ``refuse`` (an error).

    The source (or the absence of one) of every choice is recorded in each line's provenance
    (:data:`METHOD_SOURCES`).

    >>> import dinhmuc as dm
    >>> options = dm.StatisticalOptions(as_of="2026-06-30", outlier_rule="spread20")
    >>> options.statistic, options.quartile_rule, options.iqr_k
    ('progressive_average', 'inc', Decimal('1.5'))
    """

    outlier_rule: Literal["iqr", "spread20", "none"] = "iqr"
    iqr_k: Positive = Decimal("1.5")
    quartile_rule: Literal["inc", "exc", "inverted_cdf"] = "inc"
    statistic: Literal["progressive_average", "mean", "median"] = "progressive_average"
    progressive_variant: Literal["below_mean", "average_with_mean"] = "below_mean"
    direction: Literal["consumption", "output"] = "consumption"
    years_override_reason: Text | dict[str, Text] | None = None
    settlement_loss_rule: Literal["warn", "refuse"] = "warn"


#: Where each declared choice of the statistical method comes from — or that no legal text fixes it.
#: Recorded in the provenance of every line built with it (``<choice>.source``).
METHOD_SOURCES: dict[str, dict[str, str]] = {
    "progressive_variant": {
        "below_mean": "TT 47/2018/TT-BCT Điều 4 yêu cầu định mức trung bình tiên tiến nhưng không quy định công thức; "
        "trung bình của các giá trị tốt hơn hoặc bằng trung bình chung (≤ với hao phí) là cách tính "
        "thông dụng trong thực hành định mức lao động; không văn bản pháp luật nào quy định (lựa chọn "
        "khai báo)",
        "average_with_mean": "TT 47/2018/TT-BCT Điều 4 không quy định công thức; biến thể lấy trung bình của trung "
        "bình các giá trị tốt hơn và trung bình chung, gặp trong tài liệu định mức lao động; không "
        "văn bản pháp luật nào quy định (lựa chọn khai báo)",
    },
    "quartile_rule": {
        "inc": "không văn bản nào quy định cách tính tứ phân vị; QUARTILE.INC của Excel (Hyndman & Fan 1996, "
        "loại 7) để thẩm định viên tính lại được trên Excel (lựa chọn khai báo)",
        "exc": "không văn bản nào quy định cách tính tứ phân vị; QUARTILE.EXC của Excel (Hyndman & Fan 1996, "
        "loại 6) (lựa chọn khai báo)",
        "inverted_cdf": "không văn bản nào quy định cách tính tứ phân vị; hàm phân phối thực nghiệm nghịch đảo "
        "(Hyndman & Fan 1996, loại 1) (lựa chọn khai báo)",
    },
    "outlier_rule": {
        "iqr": "quy tắc hàng rào Q1 − k·IQR, Q3 + k·IQR (Tukey 1977, Exploratory Data Analysis); TT 47/2018/TT-BCT "
        "không quy định cách loại giá trị bất thường (lựa chọn khai báo)",
        "spread20": "độ dao động (lớn nhất − nhỏ nhất)/nhỏ nhất ≤ norm_rules.max_spread_pct, theo hướng dẫn xây dựng "
        "định mức của Bộ Xây dựng (TT 13/2021/TT-BXD, thay bằng TT 37/2026/TT-BXD, Phụ lục I) áp dụng "
        "tương tự; TT 47/2018/TT-BCT không quy định (lựa chọn khai báo)",
        "none": "không loại giá trị (lựa chọn khai báo)",
    },
}


class StandardOptions(BuildOptions):
    """Standard method (phương pháp tiêu chuẩn): working-time regime and declared allowances.

    Labour = operating hours x (1 + (preparation_pct + rest_pct)/100) / hours of a working day
    (8 h, or 6 h for heavy work — legal parameters). Equipment = operating hours / hours of a ca.
    Materials = the quantity the standard fixes.
    """

    preparation_pct: Percent = Field(description="chuẩn bị và kết thúc, % of operating time")
    rest_pct: Percent = Field(description="nghỉ ngơi và nhu cầu cá nhân, % of operating time")


class ExperimentalOptions(StandardOptions):
    """Experimental analysis (phương pháp phân tích thực nghiệm): time-study processing.

    * normal time per unit of output = observed time / output x rating/100;
    * standard time = mean normal time x (1 + (preparation_pct + rest_pct)/100);
    * line time per norm unit = sum over its steps of standard time x ``volumes[step]`` (units of the
      step's product in one unit of the norm; 1 when not declared);
    * quantity = time / (60 x hours of a day or a ca) x ``k`` — the conversion coefficient K, at most the
      legal cap for ``k_source`` (``norm_rules.k_cap_labour`` / ``k_cap_machine``);
    * sample size n = (z s / (a x̄))² for ``accuracy_pct`` (a) and ``confidence_pct`` (z).
    """

    k: Positive = Decimal(1)
    k_source: Literal["design", "statistics", "survey"] = "survey"
    accuracy_pct: Positive = Decimal(5)
    confidence_pct: Positive = Decimal(95)
    volumes: dict[str, Positive] = Field(default_factory=dict)

    @field_validator("confidence_pct")
    @classmethod
    def _conf(cls, v: Decimal) -> Decimal:
        if not Decimal(50) <= v < Decimal(100):
            raise ValueError(tr("options.confidence"))
        return v


class Coefficient(BaseModel):
    """A coefficient that adapts a reference norm (hệ số điều chỉnh khi so sánh), with its reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    factor: Positive
    reason: Text
    applies_to: list[str] = Field(default_factory=list, description="components or line ids; empty = all")


class ComparisonOptions(BuildOptions):
    """Comparison (so sánh, an aid): adapt a reference norm by coefficients, each with a stated reason.

    ``legal_method`` says which legal method of TT 47 Art. 6 the aid feeds; ``reference_code`` picks the
    norm of a reference set (default: the service code); ``line_map`` maps our line ids to the reference's.
    """

    legal_method: Literal["statistical", "standard", "experimental"]
    reference_code: Code | None = None
    coefficients: list[Coefficient] = Field(default_factory=list)
    line_map: dict[str, str] = Field(default_factory=dict)


class ExpertOptions(BuildOptions):
    """Expert aggregation (chuyên gia, an aid): (a + 4m + b)/6 per expert, averaged over experts.

    ``disagreement_pct`` flags a line whose experts' estimates spread more than this
    ((max - min)/mean x 100); ``legal_method`` names the legal method the aid feeds.
    """

    legal_method: Literal["statistical", "standard", "experimental"]
    disagreement_pct: Positive = Decimal(20)


OPTIONS = {
    Method.STATISTICAL: StatisticalOptions,
    Method.STANDARD: StandardOptions,
    Method.EXPERIMENTAL: ExperimentalOptions,
    Method.COMPARISON: ComparisonOptions,
    Method.EXPERT: ExpertOptions,
}

__all__ = [
    "BuildOptions",
    "Coefficient",
    "ComparisonOptions",
    "ExperimentalOptions",
    "ExpertOptions",
    "Number",
    "METHOD_SOURCES",
    "OPTIONS",
    "StandardOptions",
    "StatisticalOptions",
]
