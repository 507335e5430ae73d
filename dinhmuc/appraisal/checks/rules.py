"""The legal numbers the checks rest on (căn cứ pháp lý của ngưỡng), read from the dated parameters.

n ≥ 5 observations, a spread within 20 %, 3 consecutive years, the hours of a working day:
values of ``norm_rules.*`` and ``working_time.*`` in force on the appraisal date, each cited.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal

from ...core.errors import ParameterError
from ...params import Parameters, ParameterValue, as_decimal

__all__ = ["LegalRules", "cite", "ground", "resolve_rules", "working_hours"]


@dataclass(frozen=True)
class LegalRules:
    """The legal numbers of the evidence checks, with their citations, on the appraisal date."""

    min_observations: ParameterValue
    max_spread_pct: ParameterValue
    statistical_years: ParameterValue

    @property
    def n_min(self) -> int:
        """Fewest observations a statistical or experimental value needs."""
        return int(as_decimal(self.min_observations.value))

    @property
    def spread_max(self) -> Decimal:
        """Widest spread (max - min) / min, in %."""
        return as_decimal(self.max_spread_pct.value)

    @property
    def years_min(self) -> int:
        """Consecutive years of statistics needed."""
        return int(as_decimal(self.statistical_years.value))


def cite(v: ParameterValue) -> str:
    """``TT 13/2021/TT-BXD Phụ lục I`` — the short citation of a parameter value."""
    return str(v.citation).replace(", ", " ")


#: acts of other sectors whose norm-setting rules a project borrows by analogy (they do not govern
#: public-service norms of the Industry and Trade sector; TT 47/2018/TT-BCT fixes no such threshold)
BORROWED_ACTS = ("TT-BXD", "TT-BKHCN", "TT-BTNMT", "TT-BVHTTDL")


def ground(v: ParameterValue) -> str:
    """The legal ground of a threshold as a finding states it: the act itself, or — when the act belongs to
    another sector — "ngưỡng dự án áp dụng, vận dụng <act>", so a finding never presents a construction
    circular as the law that makes a public-service norm fail."""
    text = cite(v)
    if any(tag in text for tag in BORROWED_ACTS):
        return f"ngưỡng dự án áp dụng, vận dụng {text}"
    return text


def resolve_rules(params: Parameters, on: _dt.date) -> LegalRules:
    """Read ``norm_rules.min_observations``, ``max_spread_pct``, ``statistical_years`` in force on ``on``."""
    return LegalRules(
        params.get("norm_rules.min_observations", on),
        params.get("norm_rules.max_spread_pct", on),
        params.get("norm_rules.statistical_years", on),
    )


def working_hours(params: Parameters, on: _dt.date) -> dict[str, Decimal]:
    """Hours of one công, normal and heavy work (for labour lines in giờ); a value not in force is left out."""
    out = {}
    for key, name in (("normal", "working_time.hours_per_day"), ("heavy", "working_time.hours_per_day_heavy")):
        try:
            out[key] = as_decimal(params.value(name, on))
        except (ParameterError, Exception):
            pass
    return out
