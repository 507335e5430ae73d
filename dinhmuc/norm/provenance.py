"""Provenance (nguồn gốc số liệu): how a value was built, from which evidence and parameters."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.i18n import tr_template
from ..core.labels import METHOD_LABELS
from .types import Model, OptText, Text, _finite_canonical, _to_decimal

# ----------------------------------------------------------------------------
# Provenance
# ----------------------------------------------------------------------------


class Method(str, Enum):
    """How a value was built (phương pháp xây dựng).

    TT 47/2018 Art. 6 names exactly three legal methods: statistical,
    standard and experimental. ``comparison`` and ``expert`` are aids that feed
    one of them (as other ministries allow); ``manual`` marks a value typed in.

    >>> import dinhmuc as dm
    >>> dm.Method("statistical") is dm.Method.STATISTICAL
    True
    >>> [m.value for m in dm.Method][:3]  # the three methods of TT 47/2018 Art. 6
    ['statistical', 'standard', 'experimental']
    """

    STATISTICAL = "statistical"
    STANDARD = "standard"
    EXPERIMENTAL = "experimental"
    COMPARISON = "comparison"
    EXPERT = "expert"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.value]

    @property
    def is_legal_method(self) -> bool:
        """True for the three methods of TT 47 Art. 6."""
        return self in (Method.STATISTICAL, Method.STANDARD, Method.EXPERIMENTAL)


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    return _finite_canonical(_to_decimal(value))


Scalar = Annotated[Decimal | bool | str, BeforeValidator(_scalar)]


class Exclusion(Model):
    """An evidence row left out, and why (số liệu bị loại)."""

    ref: Text
    reason: Text


class Provenance(Model):
    """Where a value comes from (nguồn gốc số liệu): method, evidence, statistics, parameters.

    >>> import dinhmuc as dm
    >>> p = dm.Provenance(method="statistical", evidence=["quyet_toan.xlsx#12"], note="n = 6")
    >>> p.method, p.evidence
    (<Method.STATISTICAL: 'statistical'>, ['quyet_toan.xlsx#12'])
    """

    method: Method | None = None
    legal_method: Method | None = None
    evidence: list[Text] = Field(default_factory=list)
    excluded: list[Exclusion] = Field(default_factory=list)
    statistics: dict[str, Scalar] = Field(default_factory=dict)
    parameters: dict[str, Scalar] = Field(default_factory=dict)
    calculation: OptText = None
    note: OptText = None

    @model_validator(mode="after")
    def _aid_feeds_legal_method(self) -> Provenance:
        if self.legal_method is not None and not self.legal_method.is_legal_method:
            raise PydanticCustomError("invalid", tr_template("provenance.legal_method"))
        return self


class Traced(Model):
    """A model whose numeric fields may each carry a provenance record."""

    provenance: dict[str, Provenance] = Field(default_factory=dict)

    @field_validator("provenance")
    @classmethod
    def _drop_empty(cls, value: dict[str, Provenance]) -> dict[str, Provenance]:
        # An empty record says nothing; dropping it keeps saved files canonical.
        return {k: v for k, v in value.items() if v != Provenance()}

    @model_validator(mode="after")
    def _provenance_names_numeric_fields(self) -> Traced:
        allowed = self.traced_fields()
        unknown = sorted(set(self.provenance) - allowed)
        if unknown:
            raise PydanticCustomError(
                "unknown_field",
                tr_template("provenance.unknown_fields"),
                {"f": ", ".join(unknown), "a": ", ".join(sorted(allowed))},
            )
        return self

    @classmethod
    def traced_fields(cls) -> set[str]:
        return set()
