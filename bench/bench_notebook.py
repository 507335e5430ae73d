"""The example build in a Jupyter kernel (issue 14): `dm.build_project` as a notebook runs it.

    python bench/bench_notebook.py [--repeat 3]

A notebook with the cells an analyst would run (``import dinhmuc as dm``, then ``dm.build_project(out=...)``
``--repeat`` times) is executed by nbclient in a ``python3`` kernel (ipykernel: its own threads for the
heartbeat, the IOPub channel and the control channel). Its floor, measured in the same run: the same
calls in a plain Python process. Both print the time of each call; the figures are the first call
(imports and first loads included, what a notebook user waits for once) and the best of the later ones,
and the ratio kernel / plain process of each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CELLS = [
    "import time, tempfile, json\nt0 = time.perf_counter()\nimport dinhmuc as dm\nimport_s = time.perf_counter() - t0",
    "times, cpu = [], []\nfor _ in range({repeat}):\n"
    "    t, c = time.perf_counter(), time.process_time()\n"
    "    out = dm.build_project(out=tempfile.mkdtemp() + '/ho_so')\n"
    "    times.append(time.perf_counter() - t)\n"
    "    cpu.append(time.process_time() - c)",
    "print('RESULT' + json.dumps({{'import': import_s, 'builds': times, 'cpu': cpu}}))",
]


def in_kernel(repeat: int) -> dict:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.format(repeat=repeat)) for c in CELLS])
    NotebookClient(nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text.split("RESULT", 1)[1])


def in_process(repeat: int) -> dict:
    code = "\n".join(c.format(repeat=repeat) for c in CELLS)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.split("RESULT", 1)[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    kernel, plain = in_kernel(args.repeat), in_process(args.repeat)
    print("| measure | Jupyter kernel | plain process (floor) | kernel / floor |\n|---|---|---|---|")
    print(
        f"| `import dinhmuc as dm` | {kernel['import']:.3f} s | {plain['import']:.3f} s | "
        f"{kernel['import'] / plain['import']:.2f} |"
    )
    for what in ("builds", "cpu"):
        unit = "wall" if what == "builds" else "CPU of the kernel / the process"
        k1, p1 = kernel[what][0], plain[what][0]
        print(f"| first `dm.build_project(out=...)`, {unit} | {k1:.2f} s | {p1:.2f} s | {k1 / p1:.2f} |")
        if args.repeat > 1:
            kb, pb = min(kernel[what][1:]), min(plain[what][1:])
            print(f"| later builds, best of {args.repeat - 1}, {unit} | {kb:.2f} s | {pb:.2f} s | **{kb / pb:.2f}** |")
    print(f"\nmachine: nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
