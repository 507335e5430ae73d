"""write_dossier draws the charts and renders the annexes in a forked child: same files as in one process."""

from __future__ import annotations

import multiprocessing

import pytest

import dossier_helpers as h
from dinhmuc.dossier import charts, write_dossier


def _write(out):
    charts._CACHE.clear()
    return write_dossier(h.norm_set(), out, project=h.project(), costs=h.costs(), history=h.history(),
                         evidence=h.evidence(), comments=h.COMMENTS, council=h.COUNCIL)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_forked_and_single_process_dossiers_are_byte_identical(tmp_path, monkeypatch):
    forked = _write(tmp_path / "forked")
    assert forked.timings.get("parallel") == 1.0
    monkeypatch.setenv("DINHMUC_NO_FORK", "1")
    single = _write(tmp_path / "single")
    assert "parallel" not in single.timings
    assert [p.name for p in forked.files] == [p.name for p in single.files]
    for a, b in zip(forked.files, single.files):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert charts._CACHE  # the charts drawn by the child are kept by the parent
