"""Benchmark of the main job (issue 6): `dinhmuc build` on the bundled example, and `import dinhmuc`.

Prints figures; it is not a test. Run:  python bench/bench_build.py [--repeat 3]

* build: `dm.build_project(out=...)` in-process (inputs, norms, costs, plan, appraisal, dossier
  without PDF), best and median of N, with the step timings of the best run;
* CLI: `dinhmuc build --out DIR` as a user runs it (a new Python process each time);
* import: `python -c "import dinhmuc"` against `python -c "import pandas"` (new processes, best of 7).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _proc_time(code: str, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - t)
    return best


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pandas

    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else 0
    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {ram:.1f} GiB, {platform.system()}; Python "
        f"{platform.python_version()}, pandas {pandas.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    import dinhmuc as dm

    runs = []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp()) / "ho_so"
        t = time.perf_counter()
        result = dm.build_project(out=out)
        runs.append((time.perf_counter() - t, result.timings))
    best = min(runs, key=lambda r: r[0])
    cli = []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp()) / "ho_so"
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dinhmuc", "build", "--out", str(out)], check=True, stdout=subprocess.DEVNULL
        )
        cli.append(time.perf_counter() - t)
    pandas_t = _proc_time("import pandas")
    dinhmuc_t = _proc_time("import dinhmuc")
    bare = _proc_time("pass")
    print("| measure | value |\n|---|---|")
    print(
        f"| build_project, bundled example (best / median of {args.repeat}) | "
        f"{best[0]:.2f} s / {statistics.median(r[0] for r in runs):.2f} s |"
    )
    for step, secs in best[1].items():
        print(f"| — {step} | {secs:.2f} s |")
    print(
        f"| `dinhmuc build --out DIR`, new process (best / median) | {min(cli):.2f} s / "
        f"{statistics.median(cli):.2f} s |"
    )
    print(f"| python startup (`pass`) | {bare:.3f} s |")
    print(f"| `import pandas` | {pandas_t:.3f} s |")
    print(f"| `import dinhmuc` | {dinhmuc_t:.3f} s |")
    print(f"| import dinhmuc beyond pandas | {dinhmuc_t - pandas_t:.3f} s |")
    print(f"\nMachine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
