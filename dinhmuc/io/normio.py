"""Reading and writing norm sets (đọc, ghi bộ định mức): YAML and Excel.

YAML is the form kept under version control; Excel, with Vietnamese headers, is
the form analysts edit. Both load through the same validation and report every
problem at once with its file, sheet, row and field. Loading never modifies the
input; writing is atomic (a temporary file, then a rename).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..core.errors import InputError, Location, Problem, raise_if
from ..core.i18n import tr
from ..core.labels import FIELD_LABELS
from ..core.validation import Locate, problem_from_error
from ..core.yamlio import read_yaml_mapping, without_gc
from ..norm.normset import YAML_HEADER, norm_set_to_yaml, validate_raw
from .excel import REQUIRED_SHEETS, _stable_zip, read_excel_frames, write_frames_excel
from .frames import FrameReader, norm_set_to_frames

__all__ = [
    "REQUIRED_SHEETS",
    "YAML_HEADER",
    "Locate",
    "load_norm_set",
    "load_yaml_model",
    "norm_set_to_excel",
    "norm_set_to_frames",
    "norm_set_to_yaml",
    "problem_from_error",
    "read_excel_frames",
    "read_norm_set_excel",
    "read_norm_set_yaml",
    "save_norm_set",
    "validate_raw",
    "write_frames_excel",
    "yaml_locate",
    "_stable_zip",
]


def yaml_locate(path: str | Path, locator) -> Locate:
    """A function giving the file, line and field (with its Vietnamese label) of a model error path."""

    def locate(loc: tuple) -> Location:
        field = next((p for p in reversed(loc) if isinstance(p, str)), None)
        return Location(
            str(path),
            None,
            locator.line(loc),
            ".".join(str(p) for p in loc) or None,
            FIELD_LABELS.get(field or "", None),
        )

    return locate


def load_yaml_model(path: str | Path, model, context: dict | None = None):
    """Read a YAML file into a pydantic ``model``; every problem is reported with its line."""
    raw, locator = read_yaml_mapping(path)
    try:
        with without_gc():  # a national catalogue validates tens of thousands of small models
            result = model.model_validate(raw, context=context)
    except ValidationError as exc:
        locate = yaml_locate(path, locator)
        raise_if([problem_from_error(e, locate) for e in exc.errors()], str(path))
        raise  # pragma: no cover - raise_if always raises on a non-empty list
    locator.refuse_nonfinite()  # .inf/.nan where the model takes any value (robust, issue 16)
    return result


def read_norm_set_yaml(path: str | Path, context: dict | None = None, catalog=None):
    """Load a norm set from YAML, reporting every problem with its line."""
    raw, locator = read_yaml_mapping(path)
    result = validate_raw(raw, yaml_locate(path, locator), [], str(path), context, catalog)
    locator.refuse_nonfinite()  # .inf/.nan in free-form fields (robust, issue 16)
    return result


def norm_set_to_excel(norm_set, path: str | Path) -> Path:
    """Write a norm set to an Excel workbook (one sheet per table, Vietnamese headers)."""
    return write_frames_excel(norm_set_to_frames(norm_set), path)


def read_norm_set_excel(path: str | Path, context: dict | None = None, catalog=None):
    """Load a norm set from an Excel workbook, reporting every problem with sheet and row."""
    frames, problems = read_excel_frames(path)
    reader = FrameReader(frames, str(path))
    raw = reader.build()
    return validate_raw(raw, reader.locate, problems + reader.problems, str(path), context, catalog)


def load_norm_set(path: str | Path, catalog=None, context: dict | None = None):
    """Load a norm set from ``.yaml``/``.yml`` or ``.xlsx``; validate it (against ``catalog`` if given).

    >>> import dinhmuc as dm
    >>> folder = dm.example_project_path().parent
    >>> reference = dm.load_norm_set(folder / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> reference.codes[:3], reference["KC01"].line("LD1").quantity
    (['KC01', 'KC02', 'KC03'], Decimal('55.93'))
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_norm_set_yaml(path, context, catalog)
    if suffix in (".xlsx", ".xlsm"):
        return read_norm_set_excel(path, context, catalog)
    raise InputError(
        Problem(
            tr("normio.unknown_file_type", suffix=suffix), Location(str(path)), "file_type", tr("normio.yaml_yml_xlsx")
        )
    )


def save_norm_set(norm_set, path: str | Path) -> Path:
    """Save a norm set as YAML or Excel, by the file's extension; atomically.

    >>> import pathlib, tempfile, dinhmuc as dm
    >>> norm_set = dm.load_norm_set(dm.example_project_path().parent / "inputs" / "dinh_muc_tham_chieu.yaml")
    >>> path = dm.save_norm_set(norm_set, pathlib.Path(tempfile.mkdtemp()) / "dinh_muc.xlsx")
    >>> dm.load_norm_set(path) == norm_set  # lossless round trip
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        norm_set_to_yaml(norm_set, path)
        return path
    if suffix == ".xlsx":
        return norm_set_to_excel(norm_set, path)
    raise InputError(
        Problem(tr("normio.unknown_file_type", suffix=suffix), Location(str(path)), "file_type", tr("normio.yaml_xlsx"))
    )
