"""Benchmark of file → norms (issue 14 item 2): a settlements CSV read, validated and built into the 10 norms.

Prints figures; not a timed test. Run from the repository root::

    python bench/bench_reading.py                      # 10,000 and 1,000,000 rows, 3 repetitions
    python bench/bench_reading.py --rows 10000000 --repeat 3 --markdown

For each size a settlements CSV is written the way a Vietnamese Excel exports it
(``;`` between cells, ``,`` as the decimal mark; rows shaped by
``bench_methods.make_frame``, shuffled). In the same run, alternating, the script times

* the floor: ``pandas.read_csv`` of that file (decimal ``,``) and
  ``groupby(["service", "line"]).quantity.mean()``;
* dinhmuc: ``dm.read_settlements(path)`` (every cell read by the one number reader,
  the column's writing decided, every rule checked, every problem collected) and
  ``dm.build_norms(None, evidence, "statistical")`` (years rule, per-unit values, IQR screen,
  exact statistics, 10 validated norms) — what ``dinhmuc build`` runs for a settlements file.

Each figure is the minimum of ``--repeat`` runs; the ratio is dinhmuc / floor from that run.
Memory: tracemalloc's peak during one more dinhmuc run (numpy and pandas report their
buffers to it), against the deep size of the frame ``pandas.read_csv`` gives for the file.
The CSV size limit (``DINHMUC_MAX_CSV_MB``) is raised for the run when the file is larger.

``--conditions plain,progress,kernel`` measures where users run it: a plain process, inside
the spinner ``dinhmuc build`` shows (a refresh thread beside the reader's two), and inside a
Jupyter kernel (nbclient runs one code cell, as a notebook would).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_methods import DRIVERS, machine, make_frame  # noqa: E402

import dinhmuc as dm  # noqa: E402


def write_csv(rows: int, folder: Path) -> Path:
    """A settlements CSV of ``rows`` rows in Vietnamese writing (``;`` separated, decimal comma)."""
    frame = make_frame(rows)
    for d in DRIVERS:
        if d in frame:
            frame[d] = frame[d].astype("Int64")  # scale drivers are whole numbers (45, not 45,0)
    path = folder / f"quyet_toan_{rows}.csv"
    frame.to_csv(path, sep=";", decimal=",", index=False)
    return path


def floor(path: Path):
    df = pd.read_csv(path, sep=";", decimal=",")
    return df.groupby(["service", "line"])["quantity"].mean()


def dinhmuc_run(path: Path, options):
    ev = dm.read_settlements(path)
    return dm.build_norms(None, ev, "statistical", options)


def timed(fn, *args) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def measure(rows: int, repeat: int, folder: Path) -> dict:
    path = write_csv(rows, folder)
    size_mb = path.stat().st_size / 2**20
    if size_mb > 45:
        os.environ["DINHMUC_MAX_CSV_MB"] = str(int(size_mb * 2) + 1)
    options = dm.StatisticalOptions(as_of="2026-06-30", max_listed_rows=30)
    dinhmuc_run(path, options)  # warm-up: imports, catalogue, Babel data
    t_floor, t_ours, t_read = [], [], []
    for _ in range(repeat):  # alternate, so both sides see the same load
        t_floor.append(timed(floor, path))
        t_ours.append(timed(dinhmuc_run, path, options))
        t_read.append(timed(dm.read_settlements, path))
    frame_bytes = int(pd.read_csv(path, sep=";", decimal=",").memory_usage(deep=True).sum())
    gc.collect()
    tracemalloc.start()
    dinhmuc_run(path, options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    path.unlink()
    return {
        "rows": rows,
        "file_mb": size_mb,
        "floor_s": min(t_floor),
        "dinhmuc_s": min(t_ours),
        "read_s": min(t_read),
        "ratio": min(t_ours) / min(t_floor),
        "frame_mb": frame_bytes / 2**20,
        "peak_mb": peak / 2**20,
        "peak_ratio": peak / frame_bytes,
    }


def under_progress(rows: int, repeat: int, folder: Path) -> dict:
    """:func:`measure` inside the spinner of ``dinhmuc build`` (the CLI's :func:`~dinhmuc.cli.common.spinner`)."""
    from rich.console import Console

    from dinhmuc.cli.common import spinner

    bar, _say = spinner(Console(file=sys.stderr, force_terminal=True), "quyet_toan.csv")
    with bar:
        return measure(rows, repeat, folder)


def in_kernel(rows: int, repeat: int, folder: Path) -> dict:
    """:func:`measure` inside a Jupyter kernel (nbclient runs one code cell, as a notebook would)."""
    import json

    import nbformat
    from nbclient import NotebookClient

    here = Path(__file__).resolve().parent
    code = (
        f"import sys, json; sys.path.insert(0, {str(here)!r})\n"
        "from pathlib import Path\n"
        "import bench_reading\n"
        f"print('RESULT' + json.dumps(bench_reading.measure({rows}, {repeat}, Path({str(folder)!r}))))"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(
        nb, timeout=7200, kernel_name="python3", resources={"metadata": {"path": str(here.parent)}}
    ).execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
    return json.loads(text.split("RESULT", 1)[1])


CONDITIONS = {"plain": measure, "progress": under_progress, "kernel": in_kernel}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="10000,1000000", help="comma-separated row counts")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--conditions", default="plain", help="comma-separated: plain, progress, kernel")
    ap.add_argument("--markdown", action="store_true", help="print a table for bench/RESULTS.md")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows, condition in [(int(r), c) for r in args.rows.split(",") for c in args.conditions.split(",")]:
            r = {**CONDITIONS[condition](rows, args.repeat, Path(tmp)), "condition": condition}
            results.append(r)
            print(
                f"[{condition}] {r['rows']:>10,} rows ({r['file_mb']:.1f} MB): floor {r['floor_s']:.3f} s, dinhmuc "
                f"{r['dinhmuc_s']:.3f} s (read + validate {r['read_s']:.3f} s) -> ratio {r['ratio']:.2f}; "
                f"peak {r['peak_mb']:.0f} MiB = {r['peak_ratio']:.2f} x the pandas frame ({r['frame_mb']:.0f} MiB)",
                flush=True,
            )
    if args.markdown:
        print()
        print(
            "| condition | rows | CSV | pandas read_csv + groupby mean | dinhmuc read + validate + 10 norms "
            "| of which read + validate | ratio | peak memory / pandas frame |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for r in results:
            print(
                f"| {r['condition']} | {r['rows']:,} | {r['file_mb']:.1f} MB | {r['floor_s']:.3f} s | "
                f"{r['dinhmuc_s']:.3f} s | "
                f"{r['read_s']:.3f} s | **{r['ratio']:.2f}** | {r['peak_mb']:.0f} / {r['frame_mb']:.0f} MiB = "
                f"**{r['peak_ratio']:.2f}** |"
            )
        print()
        print("Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()) + f"; {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
