"""Benchmark of the dossier (issues 5 and 14): the whole dossier, charts included, against its floor.

    python bench/bench_dossier.py [--data example|tests] [--repeat 3] [--conditions plain,progress,kernel]

What is timed: ``write_dossier`` as ``dinhmuc build`` calls it (``pipeline.dossier_arguments``): every
paper (.docx), the charts of the explanatory report (the chart and compiled-template caches are cleared
before every run, so each run draws and compiles as one `dinhmuc build` does), the workbook with its statistics
sheet, the manifest; no PDF. ``--data example``
(default) is the bundled Quảng Ngãi example (its inputs read, norms built, costed and appraised once,
outside the timing); ``--data tests`` is the illustrative 10-service set of the tests.

The floor, measured in the same run and the same conditions: python-docx alone writing the same table
cells into pre-sized tables (for every .docx the dossier holds: ``add_table(rows, cols)``, then
``cell.text`` through each row's cells, then saved). Every figure is the minimum of ``--repeat`` runs,
dossier and floor alternating; the ratio is total / floor (target: at most 2).

Conditions users run it in:
* ``plain``: this process, no other thread;
* ``progress``: inside the spinner ``dinhmuc build`` shows (rich ``Progress``, a refresh thread);
* ``kernel``: inside a Jupyter kernel (nbclient + ipykernel, as a notebook runs it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 1024 / 1024
    from importlib.metadata import version

    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {mem:.0f} GiB, load {os.getloadavg()[0]:.1f}, Python "
        f"{platform.python_version()}, python-docx {version('python-docx')}, docxtpl {version('docxtpl')}, "
        f"openpyxl {version('openpyxl')}, Pillow {version('pillow')}"
    )


def example_case():
    """The bundled example as ``dinhmuc build`` hands it to ``write_dossier``: (norm set, keyword arguments)."""
    import dinhmuc as dm
    from dinhmuc.pipeline import dossier_arguments

    output = dm.build_project()  # inputs, norms, costs, plan, appraisal; no dossier
    return output.norm_set, dossier_arguments(
        output.project, output.inputs, output, templates=output.project.path("templates")
    )


def tests_case():
    """The illustrative 10-service set of the tests, with costs, history, evidence, comments and council."""
    import dossier_helpers as h

    return h.norm_set(), {
        "project": h.project(),
        "costs": h.costs(),
        "history": h.history(),
        "evidence": h.evidence(),
        "comments": h.COMMENTS,
        "council": h.COUNCIL,
    }


CASES = {"example": example_case, "tests": tests_case}


def floor(tables: list[list[list[str]]]) -> float:
    """python-docx alone: the same table cells into pre-sized tables, one document per source document, saved."""
    from docx import Document

    t0 = time.perf_counter()
    for doc_tables in tables:
        doc = Document()
        for rows in doc_tables:
            t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            t.style = "Table Grid"
            for row, r in zip(t.rows, rows, strict=True):
                for c, text in zip(row.cells, r, strict=False):  # ragged rows: short rows leave cells blank
                    c.text = text
        doc.save(io.BytesIO())
    return time.perf_counter() - t0


def measure(data: str = "example", repeat: int = 3, say=None) -> dict:
    """Minimum over ``repeat`` runs of each part of the dossier and of the floor, in this process."""
    import warnings

    from docx import Document

    from dinhmuc.dossier import charts, templating, write_dossier

    warnings.simplefilter("ignore")
    norm_set, kwargs = CASES[data]()
    runs, floors, tables = [], [], None
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat + 1):
            if say:
                say(f"dossier {i}/{repeat}")
            # charts and compiled templates are memoised within a process: every timed run draws and compiles
            # afresh, as one `dinhmuc build` does (a notebook's later builds reuse them and are faster)
            charts._CACHE.clear()
            templating._COMPILED.clear()
            t0 = time.perf_counter()
            result = write_dossier(norm_set, Path(tmp) / f"hs{i}", **kwargs)
            wall = time.perf_counter() - t0
            if tables is None:  # warm-up run (first imports, fonts): gives the cells of the floor, not timed
                tables = [
                    [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(p)).tables]
                    for p in result.files
                    if p.suffix == ".docx"
                ]
                tables = [d for d in tables if d]
                continue
            runs.append({**result.timings, "wall": wall})
            floors.append(floor(tables))
    best = {k: min(r.get(k, 0.0) for r in runs) for k in runs[0]}
    return {
        "data": data,
        "documents_count": len(tables),
        "cells": sum(len(row) for d in tables for t in d for row in t),
        "charts": len(result.charts),
        "timings": best,
        "floor": min(floors),
    }


def under_progress(data: str, repeat: int) -> dict:
    """:func:`measure` inside the spinner of ``dinhmuc build`` (the CLI's :func:`~dinhmuc.cli.common.spinner`)."""
    from rich.console import Console

    from dinhmuc.cli.common import spinner

    bar, say = spinner(Console(file=sys.stderr, force_terminal=True), "dossier")
    with bar:
        return measure(data, repeat, say=say)


def in_kernel(data: str, repeat: int) -> dict:
    """:func:`measure` inside a Jupyter kernel (nbclient runs one code cell, as a notebook would)."""
    import nbformat
    from nbclient import NotebookClient

    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
        "import bench_dossier\n"
        f"print('RESULT' + json.dumps(bench_dossier.measure({data!r}, {repeat})))"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
    return json.loads(text.split("RESULT", 1)[1])


CONDITIONS = {"plain": measure, "progress": under_progress, "kernel": in_kernel}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", choices=sorted(CASES), default="example")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--conditions", default="plain,progress,kernel")
    args = ap.parse_args(argv)
    print(f"machine: {machine()}")
    print("| condition | charts | documents | workbook | total | floor | documents / floor | total / floor |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.conditions.split(","):
        r = CONDITIONS[name](args.data, args.repeat)
        t, f = r["timings"], r["floor"]
        print(
            f"| {name} | {t['charts']:.3f} s | {t['documents']:.3f} s | {t.get('workbook', 0):.3f} s | "
            f"{t['total']:.3f} s | {f:.3f} s | {t['documents'] / f:.2f} | **{t['total'] / f:.2f}** |",
            flush=True,
        )
    print(
        f"\ndata: {r['data']}, {r['documents_count']} .docx with tables ({r['cells']} table cells), "
        f"{r['charts']} charts, 1 workbook; min of {args.repeat} runs each"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
