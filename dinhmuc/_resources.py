"""Where the bundled ``data/`` and ``templates/`` folders are.

In a regular install (wheel) they travel inside the package as ``_data`` and
``_templates``; in a source checkout or editable install they sit at the top of
the repository, beside the package. Nothing else in dinhmuc hard-codes a path.
"""

from __future__ import annotations

from pathlib import Path

from .core.i18n import tr

_PACKAGE = Path(__file__).resolve().parent


def _locate(installed: str, source: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / source
    if beside.is_dir():
        return beside
    raise FileNotFoundError(tr("resources.missing_folder", source=source, inside=inside, beside=beside))


def data_dir() -> Path:
    """The folder of bundled data (units, grades, catalogue, legal parameters)."""
    return _locate("_data", "data")


def templates_dir() -> Path:
    """The folder of bundled document templates."""
    return _locate("_templates", "templates")


def data_path(*parts: str) -> Path:
    """A path inside the bundled data folder."""
    return data_dir().joinpath(*parts)
