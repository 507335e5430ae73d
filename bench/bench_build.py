"""Benchmark of the main job (issues 6 and 14): `dinhmuc build` on the bundled example, and `import dinhmuc`.

Prints figures; it is not a test. Run:  python bench/bench_build.py [--repeat 3]

* build: `dm.build_project(out=...)` in-process (inputs, norms, costs, plan, appraisal, dossier without
  PDF), best and median of N, with the step timings of the best run; target: at most 5 s;
* CLI: `dinhmuc build --out DIR` as a user runs it (a new Python process each time, its progress
  spinner included);
* import: `import dinhmuc` against `import pandas`, its floor (new processes, best of 7); target: at
  most 0.3 s beyond pandas. `import dinhmuc` loads no submodule (names resolve on first use), so the
  line "every public name" shows what a notebook pays once it has used the whole API.

Every figure is also given in CPU seconds (user + system of the process that did the work), which a
loaded machine disturbs much less than wall time. The package's modules are byte-compiled first, as
`pip install` does (this machine sets PYTHONDONTWRITEBYTECODE, so without it every new process would
compile ~100 modules from source).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; (wall seconds, CPU seconds of the child)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def best_of(cmd: list[str], repeat: int) -> tuple[float, float]:
    runs = [child(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pandas

    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {ram:.1f} GiB, {platform.system()}, load "
        f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, pandas {pandas.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    compileall.compile_dir(str(ROOT / "dinhmuc"), quiet=1)
    py = sys.executable
    pandas_t = best_of([py, "-c", "import pandas"], 7)
    dinhmuc_t = best_of([py, "-c", "import dinhmuc"], 7)
    api_t = best_of([py, "-c", "import dinhmuc as dm; [getattr(dm, n) for n in dm.__all__]"], 7)
    bare = best_of([py, "-c", "pass"], 7)
    cli = [child([py, "-m", "dinhmuc", "build", "--out", tempfile.mkdtemp() + "/ho_so"]) for _ in range(args.repeat)]
    import dinhmuc as dm

    runs = []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp()) / "ho_so"
        t, c = time.perf_counter(), time.process_time()
        result = dm.build_project(out=out)
        runs.append((time.perf_counter() - t, time.process_time() - c, result.timings))
    best = min(runs, key=lambda r: r[0])
    print("| measure | wall | CPU |\n|---|---|---|")
    print(
        f"| build_project, bundled example (best / median of {args.repeat}) | {best[0]:.2f} s / "
        f"{statistics.median(r[0] for r in runs):.2f} s | {min(r[1] for r in runs):.2f} s |"
    )
    for step, secs in best[2].items():
        print(f"| — {step} | {secs:.2f} s | |")
    print(
        f"| `dinhmuc build --out DIR`, new process (best / median of {args.repeat}) | {min(c[0] for c in cli):.2f} s / "
        f"{statistics.median(c[0] for c in cli):.2f} s | {min(c[1] for c in cli):.2f} s |"
    )
    print(f"| python startup (`pass`) | {bare[0]:.3f} s | {bare[1]:.3f} s |")
    print(f"| `import pandas` (the floor) | {pandas_t[0]:.3f} s | {pandas_t[1]:.3f} s |")
    print(f"| `import dinhmuc` | {dinhmuc_t[0]:.3f} s | {dinhmuc_t[1]:.3f} s |")
    print(f"| `import dinhmuc`, then every public name | {api_t[0]:.3f} s | {api_t[1]:.3f} s |")
    print(
        f"| import dinhmuc beyond pandas (target 0.3 s) | {dinhmuc_t[0] - pandas_t[0]:.3f} s | "
        f"{dinhmuc_t[1] - pandas_t[1]:.3f} s |"
    )
    print(f"| every public name beyond pandas | {api_t[0] - pandas_t[0]:.3f} s | {api_t[1] - pandas_t[1]:.3f} s |")
    print(f"\nMachine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
