"""Bản kê hồ sơ — ``manifest.json``: every output with its SHA-256, the inputs' hashes,
the legal parameter files used (with ``last_reviewed``) and the dinhmuc version.

The manifest holds no clock time, so it is as reproducible as the files it lists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["build_manifest", "sha256_bytes", "sha256_file", "write_manifest"]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _param_files(parameters) -> list[dict[str, Any]]:
    if parameters is None:
        return []
    from .._resources import data_path

    bundled = data_path("params").resolve()
    out = []
    for stem, f in sorted(parameters.files.items()):
        path = Path(parameters.paths[stem])
        # config: say whether the project brought this file (project.yaml legal_parameters) or dinhmuc did
        own = not path.resolve().is_relative_to(bundled)
        out.append(
            {
                "file": path.name,
                "title": f.title,
                "last_reviewed": f.last_reviewed.isoformat(),
                "source": "project" if own else "bundled",
                **({"path": str(path)} if own else {}),
                "sha256": sha256_file(path) if path.is_file() else None,
            }
        )
    return out


def build_manifest(
    out_dir,
    files: list[str],
    inputs: Mapping[str, str],
    parameters=None,
    templates: Mapping[str, str] | None = None,
    warnings: list[str] | None = None,
    tt47_art9: list[dict] | None = None,
) -> dict:
    """The manifest as a dict; ``files`` are paths relative to ``out_dir``.

    ``tt47_art9``: each paper TT 47/2018 Art. 9 asks for, with its files or why it is out of scope
    (:func:`dinhmuc.dossier.papers.tt47.art9_manifest`).
    """
    from .._version import __version__

    out_dir = Path(out_dir)
    return {
        "generator": "dinhmuc",
        "dinhmuc_version": __version__,
        "outputs": [
            {"file": f, "sha256": sha256_file(out_dir / f), "bytes": (out_dir / f).stat().st_size}
            for f in sorted(files)
        ],
        "inputs": dict(sorted(inputs.items())),
        "templates": dict(sorted((templates or {}).items())),
        "parameters": _param_files(parameters),
        "warnings": list(warnings or []),
        **({"tt47_art9": list(tt47_art9)} if tt47_art9 is not None else {}),
    }


def write_manifest(out_dir, manifest: dict) -> Path:
    path = Path(out_dir) / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path
