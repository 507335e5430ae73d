"""The norm set (bộ định mức): the norms one decision issues, and its YAML, Excel and DataFrame forms."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.errors import Problem, raise_if
from ..core.i18n import tr, tr_template
from ..core.validation import Locate, problem_from_error
from ..core.yamlio import dump_yaml, write_text_atomic
from ..io.excel import write_frames_excel
from ..io.frames import FrameReader, norm_set_to_frames
from .norm import Norm
from .types import Model, OptText, Text

# ----------------------------------------------------------------------------
# Norm set
# ----------------------------------------------------------------------------


class NormSet(Model):
    """A norm set (bộ định mức): the norms one decision (Quyết định) issues.

    >>> import dinhmuc as dm
    >>> norm = dm.Norm(code="KC99", name="Tập huấn", unit="lớp",
    ...                labour=[{"id": "LD1", "role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}])
    >>> norm_set = dm.NormSet(title="Định mức thử", norms=[norm])
    >>> norm_set.codes, norm_set["KC99"].name
    (['KC99'], 'Tập huấn')
    """

    title: Text
    # The issuing instrument as the annex line names it: "Kèm theo Quyết định số ..." or "Thông tư số ...".
    document_type: Text = "Quyết định"
    issuing_body: OptText = None
    province: OptText = None
    decision_number: OptText = None
    signed_on: _dt.date | None = None
    effective_from: _dt.date | None = None
    legal_bases: list[Text] = Field(default_factory=list)
    version: OptText = None
    replaces: OptText = None
    notes: list[Text] = Field(default_factory=list)
    norms: list[Norm] = Field(default_factory=list)

    @field_validator("norms")
    @classmethod
    def _unique_codes(cls, value: list[Norm]) -> list[Norm]:
        seen: set[str] = set()
        for norm in value:
            if norm.code in seen:
                raise PydanticCustomError("duplicate_code", tr_template("normset.code_twice"), {"c": norm.code})
            seen.add(norm.code)
        return value

    @model_validator(mode="after")
    def _dates(self) -> NormSet:
        if self.signed_on and self.effective_from and self.effective_from < self.signed_on:
            raise PydanticCustomError(
                "invalid",
                tr_template("normset.effective_before_signed"),
                {"e": str(self.effective_from), "s": str(self.signed_on)},
            )
        return self

    def __getitem__(self, code: str) -> Norm:
        for norm in self.norms:
            if norm.code == code:
                return norm
        raise KeyError(tr("normset.no_norm", code=code, items=", ".join(n.code for n in self.norms)))

    def __iter__(self):  # type: ignore[override]
        return iter(self.norms)

    def __len__(self) -> int:
        return len(self.norms)

    @property
    def codes(self) -> list[str]:
        return [n.code for n in self.norms]

    # -- I/O shortcuts ------------------------------------------------------

    def to_yaml(self, path=None) -> str:
        """YAML text of the set; written atomically to ``path`` when given."""
        return norm_set_to_yaml(self, path)

    def to_excel(self, path) -> None:
        """Write the set to an Excel workbook with Vietnamese headers."""
        write_frames_excel(norm_set_to_frames(self), path)

    def to_frames(self):
        """The set as a dict of DataFrames (one per sheet of the Excel form)."""
        return norm_set_to_frames(self)

    @classmethod
    def from_frames(cls, frames, source: str | None = None) -> NormSet:
        """Rebuild a set from :meth:`to_frames` output (or edited DataFrames)."""
        return norm_set_from_frames(frames, source=source)

    def to_frame(self):
        """Every line of every norm in one DataFrame."""
        frames = [n.to_frame().assign(norm=n.code) for n in self.norms]
        if not frames:
            return pd.DataFrame()
        df = pd.concat(frames, ignore_index=True)
        return df[["norm"] + [c for c in df.columns if c != "norm"]]

    def _repr_html_(self) -> str:
        rows = [
            {
                "Mã hiệu": n.code,
                "Tên định mức": n.name,
                "Đơn vị tính": n.unit_text,
                "Lao động": len(n.labour),
                "Vật tư": len(n.materials),
                "Thiết bị": len(n.equipment),
            }
            for n in self.norms
        ]
        head = f"<p><b>{self.title}</b>" + (f" — {self.decision_number}" if self.decision_number else "") + "</p>"
        return head + pd.DataFrame(rows).to_html(index=False)


# ----------------------------------------------------------------------------
# Validation and YAML
# ----------------------------------------------------------------------------


def _duplicate_codes(raw: dict, locate: Locate) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    norms = raw.get("norms")
    for i, norm in enumerate(norms if isinstance(norms, list) else []):  # `norms: 5`: the model reports it (robust)
        if not isinstance(norm, dict):
            continue
        code = norm.get("code")
        if code is None:
            continue
        if str(code) in seen:
            first = locate(("norms", seen[str(code)], "code"))
            where = (f"sheet '{first.sheet}' " if first.sheet else "") + f"row {first.row}"
            problems.append(
                Problem(
                    tr("normset.code_twice_at", code=code, where=where),
                    locate(("norms", i, "code")),
                    "duplicate_code",
                    tr("normset.code_once"),
                )
            )
        else:
            seen[str(code)] = i
    return problems


def validate_raw(
    raw: Any,
    locate: Locate,
    problems: list[Problem] | None = None,
    source: str | None = None,
    context: dict | None = None,
    catalog=None,
):
    """Validate plain data as a NormSet; raise one error with every problem."""
    problems = list(problems or [])
    norm_set = None
    if not isinstance(raw, dict):
        problems.append(Problem(tr("normset.not_mapping"), locate(()), "yaml_shape"))
    else:
        problems += _duplicate_codes(raw, locate)
        try:
            norm_set = NormSet.model_validate(raw, context=context)
        except ValidationError as exc:
            for err in exc.errors():
                p = problem_from_error(err, locate)
                if p.code == "duplicate_code" and any(q.code == "duplicate_code" for q in problems):
                    continue
                problems.append(p)
    if norm_set is not None and catalog is not None:
        problems += catalog.check(norm_set, locate)
    # Report in reading order: sheet by sheet, row by row.
    problems.sort(key=lambda p: (p.location.sheet or "", p.location.row or 0))
    raise_if(problems, source)
    return norm_set


YAML_HEADER = (
    "Bộ định mức kinh tế - kỹ thuật (dinhmuc norm-set file).\nEdit freely; check with `dinhmuc validate FILE`."
)


def norm_set_to_yaml(norm_set: NormSet, path: str | Path | None = None) -> str:
    """The set as canonical YAML; written atomically to ``path`` when given."""
    text = dump_yaml(norm_set.to_dict(), header=YAML_HEADER)
    if path is not None:
        write_text_atomic(path, text)
    return text


def norm_set_from_frames(
    frames: dict[str, pd.DataFrame], source: str | None = None, context: dict | None = None
) -> NormSet:
    """Build a :class:`NormSet` from sheet tables; raise one error listing every problem."""
    reader = FrameReader(frames, source)
    raw = reader.build()
    return validate_raw(raw, reader.locate, reader.problems, source, context)
