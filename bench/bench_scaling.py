"""Scaling of the dossier (issue 14): write_dossier for growing norm sets, one process.

    python bench/bench_scaling.py [--services 10,100,1000] [--lines 16,56,206] [--repeat 3]

Norm sets are made from the illustrative 10-service set of the tests
(tests/dossier_helpers.py): ``--services N`` repeats its norms under new codes
(S0001, S0002, ...) with their costs, history and evidence; ``--lines L`` keeps
10 services and pads each norm with material lines up to L lines. Each figure
is the minimum of ``--repeat`` runs; the ratios T(N)/T(10) are what the issue
bounds (<= 12 for 100 services, <= 14 for 200 lines against 16).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
import tracemalloc
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def scaled(n_services: int):
    import dossier_helpers as h
    import pandas as pd

    base, costs, hist, ev = h.norm_set(), h.costs(), h.history(), h.evidence()
    norms, cmap, hmap, frames = [], {}, {}, []
    originals = list(base)
    for i in range(n_services):
        src = originals[i % len(originals)]
        code = f"S{i + 1:04d}"
        norms.append(src.model_copy(update={"code": code, "name": f"{src.name} ({code})"}))
        cmap[code] = dataclasses.replace(costs[src.code], norm=code)
        hmap[code] = hist[src.code]
        f = ev[ev["norm"] == src.code].copy()
        f["norm"] = code
        frames.append(f)
    ns = base.model_copy(update={"norms": norms})
    return ns, cmap, hmap, pd.concat(frames, ignore_index=True)


def padded(lines: int):
    import dossier_helpers as h

    import dinhmuc as dm

    base, costs, hist, ev = h.norm_set(), h.costs(), h.history(), h.evidence()
    norms = []
    for norm in base:
        have = len(norm.labour) + len(norm.materials) + len(norm.equipment)
        extra = [
            dm.MaterialLine(id=f"VTX{k + 1}", name=f"Vật tư bổ sung số {k + 1}", unit="bộ", quantity=Decimal("1.5"))
            for k in range(max(0, lines - have))
        ]
        norms.append(norm.model_copy(update={"materials": list(norm.materials) + extra}))
    return base.model_copy(update={"norms": norms}), costs, hist, ev


def run(ns, costs, hist, ev, repeat: int) -> tuple[float, float]:
    import dossier_helpers as h

    from dinhmuc.dossier import charts, write_dossier

    best, peak = float("inf"), 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            charts._CACHE.clear()
            tracemalloc.start() if i == 0 else None
            t0 = time.perf_counter()
            write_dossier(
                ns,
                Path(tmp) / f"hs{i}",
                project=h.project(),
                costs=costs,
                history=hist,
                evidence=ev,
                comments=h.COMMENTS,
                council=h.COUNCIL,
            )
            best = min(best, time.perf_counter() - t0)
            if i == 0:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
    return best, peak


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", default="10,100")
    ap.add_argument("--lines", default="16,206")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    from bench_dossier import machine

    print(f"machine: {machine()}")
    rows = []
    for n in [int(x) for x in args.services.split(",") if x]:
        t, mem = run(*scaled(n), repeat=args.repeat if n <= 100 else 1)
        rows.append(("services", n, t, mem))
        print(f"services {n:5d}: {t:8.2f} s  (peak traced {mem:7.1f} MiB)", flush=True)
    for n in [int(x) for x in args.lines.split(",") if x]:
        t, mem = run(*padded(n), repeat=args.repeat)
        rows.append(("lines", n, t, mem))
        print(f"10 services x {n:4d} lines: {t:8.2f} s  (peak traced {mem:7.1f} MiB)", flush=True)
    for kind in ("services", "lines"):
        pts = [(n, t) for k, n, t, _ in rows if k == kind]
        if len(pts) > 1:
            (n0, t0) = pts[0]
            print(f"{kind}: " + ", ".join(f"T({n})/T({n0}) = {t / t0:.2f} (size x{n / n0:g})" for n, t in pts[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
