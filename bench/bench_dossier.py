"""Benchmark of the dossier (issue 5): the whole dossier of a 10-service norm set, without PDF.

    python bench/bench_dossier.py [--repeat 5]

Prints the time of each part (charts, documents, workbook, total) as the
minimum of the repeats, all in one process (as users run it: the CLI, a
notebook), and the floor measured in the same run: python-docx alone writing
the same table cells into pre-sized tables (every table of every generated
.docx, ``add_table(rows, cols)`` then ``cell.text`` through each row's cells,
then saved), also the minimum of the repeats. Data: the
illustrative 10-service norm set of the tests (tests/dossier_helpers.py),
with costs, history, evidence, comments and a tally.
"""

from __future__ import annotations

import argparse
import io
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def machine() -> str:
    import os

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 1024 / 1024
    from importlib.metadata import version

    import docxtpl  # noqa: F401
    import matplotlib
    import openpyxl

    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {mem:.0f} GiB, Python {platform.python_version()}, "
        f"python-docx {version('python-docx')}, docxtpl {version('docxtpl')}, openpyxl {openpyxl.__version__}, "
        f"matplotlib {matplotlib.__version__}"
    )


def baseline(tables: list[list[list[str]]]) -> float:
    """python-docx alone: write the same table cells into one document per source document, and save."""
    from docx import Document

    t0 = time.perf_counter()
    for doc_tables in tables:
        doc = Document()
        for rows in doc_tables:
            ncols = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncols)
            t.style = "Table Grid"
            for row, r in zip(t.rows, rows, strict=True):
                for c, text in zip(row.cells, r, strict=False):  # ragged rows: short rows leave cells blank
                    c.text = text
        doc.save(io.BytesIO())
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import warnings

    warnings.simplefilter("ignore")
    import dossier_helpers as h
    from docx import Document

    from dinhmuc.dossier import write_dossier

    ns, costs, hist, ev = h.norm_set(), h.costs(), h.history(), h.evidence()
    runs, base = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat + 1):
            out = Path(tmp) / f"hs{i}"
            from dinhmuc.dossier import charts

            charts._CACHE.clear()  # charts are memoised within a process: every timed run draws them afresh
            t0 = time.perf_counter()
            r = write_dossier(
                ns,
                out,
                project=h.project(),
                costs=costs,
                history=hist,
                evidence=ev,
                comments=h.COMMENTS,
                council=h.COUNCIL,
            )
            wall = time.perf_counter() - t0
            if i == 0:  # warm-up (imports, matplotlib font cache)
                tables = [
                    [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(p)).tables]
                    for p in r.files
                    if p.suffix == ".docx"
                ]
                continue
            runs.append({**r.timings, "wall": wall})
            base.append(baseline(tables))
    med = {k: min(run.get(k, 0.0) for run in runs) for k in runs[0]}
    b = min(base)
    cells = sum(len(row) for d in tables for t in d for row in t)
    no_charts = med["documents"] + med.get("workbook", 0)
    print(f"machine: {machine()}")
    print(
        f"dossier: {len(ns)} services, {len(tables)} .docx + 1 .xlsx, {cells} table cells, "
        f"min of {args.repeat} runs, one process"
    )
    print(f"  charts (matplotlib): {med['charts']:.3f} s")
    print(f"  documents (docxtpl + python-docx subdocs): {med['documents']:.3f} s")
    print(f"  workbook (openpyxl): {med.get('workbook', 0):.3f} s")
    print(f"  total write_dossier: {med['total']:.3f} s (wall {med['wall']:.3f} s)")
    print(f"floor: python-docx alone, same table cells in pre-sized tables: {b:.3f} s")
    print(
        f"ratio documents / baseline: {med['documents'] / b:.2f}; "
        f"(documents + workbook) / baseline: {no_charts / b:.2f}; total / baseline: {med['total'] / b:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
