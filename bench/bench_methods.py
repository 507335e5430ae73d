"""Benchmark of the statistical method (issue 3): 10 services from 1,000,000 settlement rows.

Prints figures; not a timed test. Run from the repository root::

    python bench/bench_methods.py            # 1,000,000 rows
    python bench/bench_methods.py --rows 200000 --markdown

Compared with a bare pandas groupby computing the per-line means of the same
frame (``frame.groupby(["service", "line"]).quantity.mean()``), measured in the
same run (best of ``--repeat``). The baseline is the lighter side: it averages
the raw quantity of every row, with no years rule and no conversion per unit of
the norm, so its means are not the norm's (those need the driver scaling); a
pandas computation of the same per-unit means would only take longer, so the
ratio printed is an upper bound. The build covers everything after the evidence
is validated: the years rule, normalisation per unit of the norm, the IQR
screen, mean, median, progressive average, spread and CV per line, the Decimal
conversion, the calculation texts and the 10 validated ``Norm`` objects.
Peak memory: tracemalloc during one extra build (numpy reports its buffers to
tracemalloc) and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

import dinhmuc as dm
from dinhmuc.evidence.schemas import DRIVER_COLUMNS

DRIVERS = list(DRIVER_COLUMNS)


def make_frame(rows: int, seed: int = 2026) -> pd.DataFrame:
    """Settlement rows shaped like a province's, for every line of the 10 services."""
    rng = np.random.default_rng(seed)
    cat = dm.load_catalog()
    specs = list(cat)
    per_service = rows // len(specs)
    parts = []
    for spec in specs:
        lines = (
            [(s.id, "công", s.scales_with) for s in spec.labour]
            + [(s.id, s.unit, s.scales_with) for s in spec.materials]
            + [(s.id, s.unit, s.scales_with) for s in spec.equipment]
        )
        projects = per_service // len(lines) + 1
        year = rng.choice([2022, 2023, 2024, 2025], size=projects, p=[0.1, 0.3, 0.3, 0.3])
        drivers = {
            d.code: np.maximum(1, np.round(float(d.reference) * rng.uniform(0.6, 1.4, projects))) for d in spec.drivers
        }
        for lid, unit, scales in lines:
            base = rng.uniform(1, 60)
            q = base * rng.gamma(20, 1 / 20, projects)
            for d in scales:
                q = q * drivers[d] / float(next(x.reference for x in spec.drivers if x.code == d))
            outliers = rng.random(projects) < 0.01
            q = np.where(outliers, q * 5, q)
            part = pd.DataFrame(
                {
                    "service": spec.code,
                    "year": year,
                    "project": [f"{spec.code}-{i}" for i in range(projects)],
                    "line": lid,
                    "unit": unit,
                    "quantity": np.round(q, 3),
                }
            )
            for d, v in drivers.items():
                part[d] = v
            parts.append(part)
    df = pd.concat(parts, ignore_index=True).iloc[:rows]
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)  # a file is not sorted by line


def best(fn, repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def machine() -> dict[str, str]:
    import os

    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--markdown", action="store_true", help="print a section for bench/RESULTS.md")
    args = ap.parse_args()

    t0 = time.perf_counter()
    raw = make_frame(args.rows)
    t_make = time.perf_counter() - t0
    t0 = time.perf_counter()
    ev = dm.read_settlements(raw)  # validation: pandera + catalogue checks, every row
    t_load = time.perf_counter() - t0
    frame = ev.frame
    codes = dm.load_catalog().codes
    options = dm.StatisticalOptions(as_of="2026-06-30", max_listed_rows=30)

    def baseline():
        return frame.groupby(["service", "line"], observed=True)["quantity"].mean()

    # The same per-line means with pandas alone: each row converted to one unit of the norm (quantity x
    # reference / actual for every driver the line scales with), the years window of the statistical
    # method (the 3 years before as_of), then groupby mean — the norm's per-line mean before screening.
    cat = dm.load_catalog()
    scale_rows, ref_rows = [], []
    for spec in cat:
        for line in [*spec.labour, *spec.materials, *spec.equipment]:
            scale_rows.append(
                {"service": spec.code, "line": line.id, **{f"s_{d}": d in line.scales_with for d in DRIVERS}}
            )
        ref_rows.append({"service": spec.code, **{f"r_{d.code}": float(d.reference) for d in spec.drivers}})
    scales = pd.DataFrame(scale_rows).set_index(["service", "line"])
    refs = pd.DataFrame(ref_rows).set_index("service")
    y_hi = options.as_of.year - 1
    y_lo = y_hi - 2

    def same_means():
        grouped = frame.groupby(["service", "line"], observed=True, sort=False)
        gid = grouped.ngroup().to_numpy()
        keys = list(grouped.groups)  # (service, line) of each group id, in ngroup order
        flags = scales.reindex(pd.MultiIndex.from_tuples(keys)).to_numpy(dtype=bool)[gid]
        refs_of = refs.reindex([k[0] for k in keys]).to_numpy(dtype=float)[gid]
        per_unit = frame["quantity"].to_numpy(dtype=float)
        for j, d in enumerate(DRIVERS):
            col = f"r_{d}"
            if col in refs.columns and d in frame.columns:
                ratio = refs_of[:, list(refs.columns).index(col)] / frame[d].to_numpy(dtype=float)
                per_unit = np.where(flags[:, j], per_unit * ratio, per_unit)
        years = frame["year"].to_numpy()
        keep = (years >= y_lo) & (years <= y_hi)
        return pd.Series(per_unit[keep]).groupby(gid[keep]).mean()

    def build():
        return dm.build_norms(codes, evidence=ev, options=options)

    def pandas_stats():  # context: what pandas alone takes for mean, median and quartiles per line (no screen)
        g = frame.groupby(["service", "line"], observed=True)["quantity"]
        return g.mean(), g.median(), g.quantile([0.25, 0.75])

    from dinhmuc.methods._common import Legal, default_catalog
    from dinhmuc.methods.statistical import build_lines
    from dinhmuc.params import default_parameters

    specs = [default_catalog()[c] for c in codes]

    def core():  # the statistical core only: years rule, per-unit values, screen, statistics, texts
        return build_lines(ev, specs, options, Legal(default_parameters(), options.as_of))

    results = build()  # warm-up; also the figures below
    t_base = best(baseline, args.repeat)
    t_same = best(same_means, args.repeat)
    t_build = best(build, args.repeat)
    t_core = best(core, args.repeat)
    t_pandas = best(pandas_stats, args.repeat)
    tracemalloc.start()
    build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    lines = sum(len(r.norm.lines()) for r in results.values())
    excluded = sum(int(r.report["n_excluded"].sum()) for r in results.values())
    m = machine()
    figures = {
        "rows": f"{len(frame):,}",
        "services": str(len(results)),
        "lines built": str(lines),
        "rows excluded by the IQR screen": f"{excluded:,}",
        "generate frame (s)": f"{t_make:.2f}",
        "read_settlements: validate 1 frame (s)": f"{t_load:.2f}",
        f"bare groupby mean (ms, best of {args.repeat})": f"{t_base * 1000:.1f}",
        f"build_norms, 10 services (ms, best of {args.repeat})": f"{t_build * 1000:.1f}",
        "ratio build / groupby": f"{t_build / t_base:.2f}",
        "pandas groupby of the same per-unit means (conversion + years window) (ms)": f"{t_same * 1000:.1f}",
        "ratio build / same-means groupby": f"{t_build / t_same:.2f}",
        "of which statistical core, lines of 10 services (ms)": f"{t_core * 1000:.1f}",
        "of which Norm assembly and validation (ms, difference)": f"{(t_build - t_core) * 1000:.1f}",
        "context: pandas groupby mean + median + quartiles, no screen (ms)": f"{t_pandas * 1000:.1f}",
        "peak traced memory during build (MiB)": f"{peak / 2**20:.1f}",
        "max RSS of the process (MiB)": f"{rss:.0f}",
    }
    if args.markdown:
        print("## Methods (issue 3)\n")
        print(f"`python bench/bench_methods.py --rows {args.rows}` — {time.strftime('%Y-%m-%d')}\n")
        print("| figure | value |\n|---|---|")
        for k, v in {**figures, **{f"machine: {k}": v for k, v in m.items()}}.items():
            print(f"| {k} | {v} |")
    else:
        for k, v in {**figures, **m}.items():
            print(f"{k:66s} {v}")


if __name__ == "__main__":
    main()
