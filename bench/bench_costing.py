"""Benchmark of issue 4: 100,000 cost scenarios over all 10 khuyến công services in under 1 second.

Run from the repository root::

    python bench/bench_costing.py

It costs the 10 catalogue services exactly (Decimal) with the illustrative quantities and prices of
``tests/cases/costing`` (dữ liệu minh họa), then times :func:`dinhmuc.monte_carlo` — 100,000 random
scenarios of base salary, working days, material prices, equipment costs, energy price, scale,
adjustment coefficient and management rate, all services at once (numpy, float64). The scenario
figures are floats; the official figures are the Decimal unit prices.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import numpy as np  # noqa: E402
from costing_helpers import ON, OPTIONS, norm_set, prices  # noqa: E402

import dinhmuc as dm  # noqa: E402

N = 100_000
REPEAT = 7


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    ram = ""
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    import pandas as pd

    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, RAM {ram}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, pandas {pd.__version__}, dinhmuc {dm.__version__}, {platform.system()}"
    )


def main() -> None:
    t0 = time.perf_counter()
    ups = [dm.cost_norm(n, prices(), ON, OPTIONS) for n in norm_set()]
    t_decimal = time.perf_counter() - t0
    dm.monte_carlo(ups, n=1000)  # warm-up
    times = []
    for seed in range(REPEAT):
        t = time.perf_counter()
        r = dm.monte_carlo(ups, n=N, seed=seed)
        times.append(time.perf_counter() - t)
    assert r.samples.shape == (N, len(ups))
    t = time.perf_counter()
    model = dm.costing.CostModel.from_unit_prices(ups)
    for seed in range(REPEAT):
        dm.monte_carlo(model, n=N, seed=seed)
    t_model = (time.perf_counter() - t) / REPEAT
    print(f"machine: {machine()}")
    print(
        f"exact (Decimal) unit prices of {len(ups)} services incl. loading norms and prices: "
        f"{t_decimal * 1000:.1f} ms (first call)"
    )
    print(
        f"monte_carlo {N:,} scenarios x {len(ups)} services from the unit prices: best {min(times) * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms over {REPEAT} runs"
    )
    print(f"monte_carlo from a prepared CostModel: mean {t_model * 1000:.1f} ms")
    # every cost line with its own price factor as well (each line's own uncertainty)
    per_line = {k: (0.9, 1.2) for k in model.exponents if k.startswith("line:")}
    lt = []
    for seed in range(REPEAT):
        t = time.perf_counter()
        dm.monte_carlo(model, n=N, seed=seed, ranges=per_line)
        lt.append(time.perf_counter() - t)
    print(f"monte_carlo with the 8 factors and {len(per_line)} per-line price factors: best {min(lt) * 1000:.1f} ms")
    print(f"target < 1000 ms: {'met' if max(times) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
