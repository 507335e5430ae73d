"""A national catalogue end to end (issue 14): `dinhmuc build` of a generated N-service project.

    python bench/bench_national.py [--services 1000] [--keep DIR]

The project is generated from the bundled Quảng Ngãi example: service KC01..KC10 of
the catalogue become ``--services`` services (KC0001, KC0002, ... each a copy of
KC01..KC10 in turn, named after its source), and every input follows: the catalogue
(a project catalogue file), the services and explanations of ``project.yaml``, every
evidence row (settlements, time studies, expert estimates, standards), the reference
norm set, the actual costs and the plan rows. Prices and the council are shared.

Each run is ``dinhmuc build --out DIR`` in a new process, as a user runs it; the figures
are its wall time, CPU time and peak resident memory (``ru_maxrss`` of the child), with the
10-service example built the same way in the same run as the floor, so the ratio
T(N) / T(10) says how the build grows (linear growth: about N / 10).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "quang_ngai"
CATALOG = ROOT / "data" / "catalog" / "khuyen_cong.yaml"
SOURCE = re.compile(r"\bKC(0[1-9]|10)\b")


def new_codes(n: int) -> dict[str, list[str]]:
    """Source code (KC01..KC10) -> the generated codes that copy it."""
    out: dict[str, list[str]] = {f"KC{i:02d}": [] for i in range(1, 11)}
    for i in range(n):
        out[f"KC{i % 10 + 1:02d}"].append(f"KC{i + 1:04d}")
    return out


def _swap(value, old: str, new: str):
    if isinstance(value, str):
        return re.sub(rf"\b{old}\b", new, value)
    if isinstance(value, dict):
        return {k: _swap(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, old, new) for v in value]
    return value


def _yaml_load(path: Path):
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _yaml_dump(data, path: Path) -> None:
    import yaml

    path.write_text(
        yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def _copy_rows(path: Path, codes: dict[str, list[str]]) -> None:
    """Every row of every sheet whose cells name a source service, once per generated service."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        keep, made = [], []
        for row in rows:
            src = next((m.group(0) for c in row if isinstance(c, str) for m in [SOURCE.search(c)] if m), None)
            if src is None or not row or not isinstance(row[0], str) or not SOURCE.fullmatch(row[0]):
                keep.append(row)
                continue
            made += [[_swap(c, src, new) for c in row] for new in codes[src]]
        if not made:
            continue
        ws.delete_rows(1, ws.max_row)
        for row in keep + made:
            ws.append(row)
    wb.save(path)


def generate(n: int, folder: Path) -> Path:
    """The example with ``n`` services in ``folder``; returns its project.yaml."""
    shutil.copytree(EXAMPLE, folder)
    codes = new_codes(n)
    catalog = _yaml_load(CATALOG)
    by_code = {s["code"]: s for s in catalog["services"]}
    catalog["services"] = [
        {**_swap(copy.deepcopy(by_code[src]), src, new), "name": f"{by_code[src]['name']} ({new})"}
        for src, news in codes.items()
        for new in news
    ]
    _yaml_dump(catalog, folder / "inputs" / "danh_muc.yaml")
    project = _yaml_load(folder / "project.yaml")
    project["inputs"]["catalog"] = "inputs/danh_muc.yaml"
    project["services"] = {
        new: _swap(copy.deepcopy(project["services"][src]), src, new) for src, news in codes.items() for new in news
    }
    explanations = project["dossier"].get("explanations") or []
    project["dossier"]["explanations"] = [
        _swap(e, e["norm"], new) for e in explanations for new in codes.get(e.get("norm"), [])
    ]
    _yaml_dump(project, folder / "project.yaml")
    ref = _yaml_load(folder / "inputs" / "dinh_muc_tham_chieu.yaml")
    ref["norms"] = [_swap(copy.deepcopy(nm), nm["code"], new) for nm in ref["norms"] for new in codes[nm["code"]]]
    _yaml_dump(ref, folder / "inputs" / "dinh_muc_tham_chieu.yaml")
    for name in ("quyet_toan", "bam_gio", "chuyen_gia", "tieu_chuan", "chi_phi_thuc_te", "ke_hoach_2027"):
        _copy_rows(folder / "inputs" / f"{name}.xlsx", codes)
    return folder / "project.yaml"


def build(project: Path | None, out: Path) -> tuple[float, float, float, str]:
    """`dinhmuc build` in a new process: (wall seconds, CPU seconds, peak RSS in MiB of that process, summary line).

    Its output goes to a file (a national catalogue's summary table is larger than a pipe holds)."""
    cmd = [sys.executable, "-m", "dinhmuc", "build", "--out", str(out)]
    if project is not None:
        cmd.insert(4, str(project))
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - t0
        log.seek(0)
        text = log.read()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"build failed ({os.waitstatus_to_exitcode(status)}):\n{text[-3000:]}")
    last = next((ln for ln in reversed(text.splitlines()) if ln.startswith("Hồ sơ")), "")
    return secs, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, last


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="generate the project into this folder and keep it")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="dinhmuc-national-"))
    try:
        folder = args.keep or work / "du_an"
        t0 = time.perf_counter()
        project = generate(args.services, folder)
        print(f"generated {args.services} services in {time.perf_counter() - t0:.1f} s: {project}")
        floor, floor_cpu, floor_rss, _ = build(None, work / "ho_so_10")
        print(
            f"floor: the 10-service example, dinhmuc build: {floor:.1f} s ({floor_cpu:.1f} s CPU), "
            f"peak RSS {floor_rss:.0f} MiB"
        )
        secs, cpu, rss, last = build(project, work / f"ho_so_{args.services}")
        print(f"{args.services} services, dinhmuc build: {secs:.1f} s ({cpu:.1f} s CPU), peak RSS {rss:.0f} MiB")
        print(
            f"ratio T({args.services}) / T(10) = {secs / floor:.1f} wall, {cpu / floor_cpu:.1f} CPU "
            f"(linear: {args.services / 10:.0f})"
        )
        print(last)
        print(f"machine: nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
