"""Mutation fuzzing of every kind of input (hồ sơ đầu vào bị hỏng): the harness of tests/test_fuzz.py.

Each case copies one input of the bundled example (project, council, norm set,
catalogue, evidence tables, prices, plan, actual costs), damages it in one
seeded way (a hostile value in a cell or a YAML key, a deleted or renamed key,
an extra column, a truncated file, another text encoding, a deep nesting) and
reads it through its public reader. The outcome is one of:

* ``ok`` — read, and the result is sane (no NaN, infinite or negative value
  where the law wants a quantity or a price);
* ``typed`` — refused with a :class:`dinhmuc.core.errors.DinhmucError`;
* ``raw:<Exception>`` — any other exception (a bug);
* ``silent:<why>`` — read without error into a wrong value (a bug): e.g. a
  CSV in another encoding that reads differently from its UTF-8 original, or
  a non-finite number that got through.

``python tests/fuzzing.py N`` runs N cases per kind and prints the tally.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import math
import random
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "quang_ngai"
CATALOG = ROOT / "data" / "catalog" / "khuyen_cong.yaml"

#: input kind -> (file of the example, reader name)
KINDS = {
    "project": "project.yaml",
    "council": "inputs/hoi_dong.yaml",
    "norm_set": "inputs/dinh_muc_tham_chieu.yaml",
    "catalogue": None,
    "settlements": "inputs/quyet_toan.xlsx",
    "time_studies": "inputs/bam_gio.xlsx",
    "expert_estimates": "inputs/chuyen_gia.xlsx",
    "standards": "inputs/tieu_chuan.xlsx",
    "prices": "inputs/bang_gia.xlsx",
    "plan": "inputs/ke_hoach_2027.xlsx",
    "actual_costs": "inputs/chi_phi_thuc_te.xlsx",
}

HOSTILE_CELLS = [
    None,
    "",
    " ",
    "abc",
    -5,
    0,
    1e30,
    "1e30",
    10**20,
    "inf",
    "-inf",
    "nan",
    "NaN",
    "Infinity",
    "1.500",
    "1,5",
    "1.5",
    "1.234,5",
    "_x0001_tên",
    "x" * 3000,
    True,
    False,
    _dt.datetime(2026, 2, 1),
    "2026-13-01",
    "31/02/2026",
    -0.0,
    "=1+1",
    "#N/A",
    "KC99",
    "VT99",
    "Lê\u0000Văn",
    "Lê\u0001Văn",
    "5",
    3.5,
    -1e-9,
]
HOSTILE_YAML = [
    5,
    -1,
    0,
    "",
    None,
    [],
    {},
    "abc",
    "1e30",
    1e30,
    ".inf",
    "nan",
    "\x01x",
    True,
    4,
    3.7,
    "2026-13-01",
    "31/02/2026",
    [1, 2],
    {"x": 1},
    "x" * 3000,
    "KC99",
    10**30,
    -0.5,
    "Lê\x07Văn",
]


def _to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: base letter (maybe with ^, breve, horn) + a combining tone mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        tone = "".join(c for c in d if c in tones)
        out += base.encode("cp1258", errors="replace") + tone.encode("cp1258", errors="replace")
    return bytes(out)


def _sheet_to_csv(path: Path, rng: random.Random) -> tuple[str, list[list[str]]]:
    """The data sheet of an example workbook as CSV text (and its cells), the way Excel exports it."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = next(w for w in wb.worksheets if w.title != "Ghi chú")
    rows = [
        ["" if v is None else (v.date().isoformat() if isinstance(v, _dt.datetime) else str(v)) for v in r]
        for r in ws.iter_rows(values_only=True)
    ]
    wb.close()
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue(), rows


# ----------------------------------------------------------------------------
# mutations
# ----------------------------------------------------------------------------


def _yaml_paths(data, prefix=()):
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _yaml_paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _yaml_paths(v, prefix + (i,))
    return out


def _set_path(data, path, value, delete=False):
    node = data
    for p in path[:-1]:
        node = node[p]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


def mutate_yaml(text: str, rng: random.Random) -> bytes:
    """One damaged version of a YAML input."""
    op = rng.choice(
        [
            "value",
            "value",
            "value",
            "delete",
            "extra",
            "truncate",
            "deep",
            "control",
            "encoding",
            "empty",
            "garbage",
            "top",
        ]
    )
    if op == "truncate":
        return text.encode("utf-8")[: rng.randrange(0, max(1, len(text.encode("utf-8"))))]
    if op == "deep":
        n = rng.choice([100, 3000, 20000])
        return (
            ("a: " + "[" * n + "]" * n + "\n").encode()
            if rng.random() < 0.5
            else "".join(f"{'  ' * i}k{i}:\n" for i in range(n // 10)).encode() + b"  " * (n // 10) + b"x: 1\n"
        )
    if op == "control":
        i = rng.randrange(len(text))
        return (text[:i] + rng.choice(["\x01", "\x00", "\x1b", "\ufffe"]) + text[i:]).encode("utf-8", "surrogatepass")
    if op == "encoding":
        return rng.choice(
            [_to_cp1258(text), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16-le")]
        )
    if op == "empty":
        return rng.choice([b"", b"   \n", b"---\n", b"~\n"])
    if op == "garbage":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    data = yaml.safe_load(text)
    if op == "top":
        return yaml.safe_dump(rng.choice([5, [1, 2], "text", None]), allow_unicode=True).encode()
    paths = _yaml_paths(data)
    path = rng.choice(paths)
    if op == "delete":
        _set_path(data, path, None, delete=True)
    elif op == "extra":
        node = data
        for p in path[:-1]:
            node = node[p]
        if isinstance(node, dict):
            node[rng.choice(["unknown_key", "Ten", "levels"])] = rng.choice(HOSTILE_YAML)
        else:
            _set_path(data, path, rng.choice(HOSTILE_YAML))
    else:
        _set_path(data, path, copy.deepcopy(rng.choice(HOSTILE_YAML)))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


_BOMBS: dict[Path, bytes] = {}


def mutate_xlsx(path: Path, rng: random.Random) -> bytes:
    """One damaged version of an input workbook."""
    from openpyxl import load_workbook

    op = rng.choice(
        [
            "cell",
            "cell",
            "cell",
            "cell",
            "blank_row",
            "drop_row",
            "header",
            "extra_col",
            "rename",
            "drop_sheet",
            "truncate",
            "empty",
            "bomb",
            "entity",
            "many",
        ]
    )
    raw = path.read_bytes()
    if op == "truncate":
        return raw[: rng.randrange(0, len(raw))]
    if op == "empty":
        return b""
    if op == "bomb":
        if path in _BOMBS:
            return _BOMBS[path]
        buf = io.BytesIO()
        with zipfile.ZipFile(raw and io.BytesIO(raw)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
            dst.writestr("xl/worksheets/sheet99.xml", b"<a>" + b" " * (400 * 1024 * 1024) + b"</a>")
        _BOMBS[path] = buf.getvalue()
        return _BOMBS[path]
    if op == "entity":
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.endswith("sheet2.xml"):
                    data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + data
                dst.writestr(info, data)
        return buf.getvalue()
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = load_workbook(io.BytesIO(raw))
    try:
        _edit_workbook(wb, op, rng)
    except IllegalCharacterError:
        return raw
    buf = io.BytesIO()
    try:
        wb.save(buf)
    except Exception:  # noqa: BLE001 - openpyxl refuses some values itself: keep the original then
        return raw
    return buf.getvalue()


def _edit_workbook(wb, op: str, rng: random.Random) -> None:
    sheets = [ws for ws in wb.worksheets if ws.title != "Ghi chú"] or wb.worksheets
    ws = rng.choice(sheets)
    max_row, max_col = max(ws.max_row, 1), max(ws.max_column, 1)
    if op == "cell":
        for _ in range(rng.choice([1, 1, 1, 3])):
            r = rng.randrange(2, max_row + 1) if max_row >= 2 else 1
            c = rng.randrange(1, max_col + 1)
            ws.cell(r, c).value = rng.choice(HOSTILE_CELLS)
    elif op == "blank_row":
        r = rng.randrange(2, max_row + 2)
        ws.insert_rows(r)
    elif op == "drop_row":
        ws.delete_rows(rng.randrange(1, max_row + 1))
    elif op == "header":
        ws.cell(1, rng.randrange(1, max_col + 1)).value = rng.choice([None, "", "Cột lạ", "Mã dịch vụ"])
    elif op == "extra_col":
        for r in range(1, max_row + 1):
            ws.cell(r, max_col + 1).value = rng.choice(HOSTILE_CELLS)
    elif op == "rename":
        ws.title = rng.choice(["Sheet1", "Trang 2", "x"])
    elif op == "drop_sheet":
        wb.remove(ws)
        if not wb.worksheets:
            wb.create_sheet("Trống")
    elif op == "many":
        for r in range(max_row + 1, max_row + rng.choice([10, 200])):
            for c in range(1, max_col + 1):
                ws.cell(r, c).value = ws.cell(rng.randrange(2, max_row + 1) if max_row >= 2 else 1, c).value


def mutate_csv(path: Path, rng: random.Random) -> tuple[bytes, str | None]:
    """The data sheet of ``path`` as a damaged or re-encoded CSV; returns (bytes, original text or None).

    The original text is given when only the encoding changed: then the reader must read the same table.
    """
    text, rows = _sheet_to_csv(path, rng)
    op = rng.choice(
        [
            "encoding",
            "encoding",
            "encoding",
            "extra_fields",
            "short_row",
            "cell",
            "empty",
            "header_only",
            "semicolon",
            "quote",
        ]
    )
    if op == "encoding":
        enc = rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp1258", "utf-16-le"])
        data = _to_cp1258(text) if enc == "cp1258" else text.encode(enc)
        return data, text
    if op == "extra_fields":
        lines = text.split("\r\n")
        i = rng.randrange(1, max(2, len(lines) - 1))
        lines[i] += ",thừa,9"
        return "\r\n".join(lines).encode(), None
    if op == "short_row":
        lines = text.split("\r\n")
        i = rng.randrange(1, max(2, len(lines) - 1))
        lines[i] = lines[i].split(",")[0]
        return "\r\n".join(lines).encode(), None
    if op == "cell":
        import csv

        r = rng.randrange(1, max(2, len(rows)))
        c = rng.randrange(0, max(1, len(rows[r]) if r < len(rows) else 1))
        if r < len(rows) and c < len(rows[r]):
            v = rng.choice(HOSTILE_CELLS)
            rows[r][c] = "" if v is None else str(v)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        return buf.getvalue().encode(), None
    if op == "empty":
        return rng.choice([b"", b"\r\n", b"\xef\xbb\xbf"]), None
    if op == "header_only":
        return text.split("\r\n")[0].encode() + b"\r\n", None
    if op == "semicolon":
        return text.replace(",", ";").encode(), None
    return text.replace(",", '"', 1).encode(), None


# ----------------------------------------------------------------------------
# readers and sanity of what they read
# ----------------------------------------------------------------------------


def _finite_nonneg(values, what: str) -> str | None:
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
            continue
        try:
            f = float(v)
        except (OverflowError, ValueError):
            return f"{what}: {v!r}"
        if isinstance(v, Decimal) and not v.is_finite():
            return f"{what} not finite: {v!r}"
        if not math.isfinite(f):
            return f"{what} not finite: {v!r}"
    return None


def _frame_sane(frame, what: str) -> str | None:
    import pandas as pd

    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            vals = s.dropna().tolist()
            bad = _finite_nonneg(vals, f"{what}.{col}")
            if bad:
                return bad
        elif s.dtype == object:
            # a blank text cell is NaN in an object column; an infinite value is never a blank
            bad = _finite_nonneg([v for v in s.tolist() if isinstance(v, (float, Decimal)) and v == v], f"{what}.{col}")
            if bad:
                return bad
    return None


def read(kind: str, path: Path):
    """Read ``path`` with the public reader of ``kind``; return a sanity complaint or None."""
    import dinhmuc as dm
    from dinhmuc.appraisal.council import Council
    from dinhmuc.catalog import load_catalog
    from dinhmuc.costing.plan import read_projects
    from dinhmuc.io.normio import load_norm_set
    from dinhmuc.pipeline import read_history
    from dinhmuc.project import load_project

    if kind == "project":
        load_project(path)
        return None
    if kind == "council":
        c = Council.from_yaml(path)
        c.tally()
        return None
    if kind == "norm_set":
        ns = load_norm_set(path)
        for n in ns.norms:
            for comp in ("labour", "materials", "equipment"):
                bad = _finite_nonneg([line.quantity for line in getattr(n, comp)], f"{n.code}.{comp}")
                if bad:
                    return bad
        return None
    if kind == "catalogue":
        load_catalog(path)
        return None
    if kind in ("settlements", "time_studies", "expert_estimates", "standards"):
        reader = getattr(dm, f"read_{kind}")
        ev = reader(path)
        return _frame_sane(ev.frame, kind)
    if kind == "prices":
        prices = dm.load_prices(path)
        for name, frame in prices.to_frames().items():
            bad = _frame_sane(frame, f"prices.{name}")
            if bad:
                return bad
        return None
    if kind == "plan":
        read_projects(path)
        return None
    if kind == "actual_costs":
        h = read_history(path)
        return _frame_sane(h, "actual_costs")
    raise ValueError(kind)


def _original(kind: str) -> Path:
    return CATALOG if kind == "catalogue" else EXAMPLE / KINDS[kind]


def make_case(kind: str, seed: int, folder: Path) -> tuple[Path, str | None]:
    """Write the damaged input of ``kind`` for ``seed`` into ``folder`` (a copy of the example)."""
    rng = random.Random(f"{kind}:{seed}")
    orig = _original(kind)
    if orig.suffix == ".yaml":
        target = folder / ("catalog.yaml" if kind == "catalogue" else KINDS[kind])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(mutate_yaml(orig.read_text(encoding="utf-8"), rng))
        return target, None
    if kind != "prices" and rng.random() < 0.3:  # as a CSV export of the data sheet
        data, same_as = mutate_csv(orig, rng)
        target = folder / KINDS[kind].replace(".xlsx", ".csv")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target, same_as
    target = folder / KINDS[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(mutate_xlsx(orig, rng))
    return target, None


def run_case(kind: str, seed: int, folder: Path | None = None) -> str:
    """The outcome of one case (see the module docstring)."""
    from dinhmuc.core.errors import DinhmucError

    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="dm_fuzz_")) if own else folder
    try:
        if kind == "project" and not (folder / "inputs").exists():
            shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
        path, same_as = make_case(kind, seed, folder)
        try:
            complaint = read(kind, path)
        except DinhmucError:
            return "typed"
        except Exception as exc:  # noqa: BLE001 - what the fuzzing looks for
            return f"raw:{type(exc).__name__}:{str(exc)[:120]}"
        if complaint:
            return f"silent:{complaint}"
        if same_as is not None:
            complaint = _same_as_utf8(kind, path, same_as, folder)
            if complaint:
                return f"silent:{complaint}"
        return "ok"
    finally:
        if own:
            shutil.rmtree(folder, ignore_errors=True)


def _same_as_utf8(kind: str, path: Path, text: str, folder: Path) -> str | None:
    """A re-encoded CSV must read as the UTF-8 original does."""
    ref = folder / "ref_utf8.csv"
    ref.write_bytes(text.encode("utf-8"))
    try:
        import dinhmuc as dm
        from dinhmuc.costing.plan import read_projects
        from dinhmuc.pipeline import read_history

        if kind in ("settlements", "time_studies", "expert_estimates", "standards"):
            reader = getattr(dm, f"read_{kind}")
            a, b = reader(path).frame, reader(ref).frame
        elif kind == "plan":
            a, b = read_projects(path), read_projects(ref)
        else:
            a, b = read_history(path), read_history(ref)
        a, b = a.reset_index(drop=True), b.reset_index(drop=True)
        return None if a.astype(str).equals(b.astype(str)) else f"{kind}: re-encoded CSV reads differently"
    except Exception as exc:  # noqa: BLE001
        return f"{kind}: UTF-8 original fails too ({type(exc).__name__})"
    finally:
        ref.unlink(missing_ok=True)


def main(n: int, kinds: list[str] | None = None, start: int = 0) -> None:
    import collections
    import time

    t0 = time.time()
    tally: collections.Counter = collections.Counter()
    examples: dict[str, list] = collections.defaultdict(list)
    folder = Path(tempfile.mkdtemp(prefix="dm_fuzz_"))
    shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
    total = 0
    for kind in kinds or KINDS:
        for seed in range(start, n):
            case = folder / f"{kind}_{seed}"
            case.mkdir()
            if kind == "project":
                (case / "inputs").symlink_to(folder / "inputs")
            outcome = run_case(kind, seed, case)
            shutil.rmtree(case, ignore_errors=True)
            key = outcome.split(":")[0]
            tally[key] += 1
            total += 1
            if key in ("raw", "silent") and len(examples[outcome[:60]]) < 2:
                examples[outcome[:60]].append((kind, seed, outcome))
                print(f"  {kind} seed={seed}: {outcome}", flush=True)
            if total % 100 == 0:
                print(f"... {total} cases, {time.time() - t0:.0f} s: {dict(tally)}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{total} cases in {time.time() - t0:.0f} s: {dict(tally)}")
    for _, cases in sorted(examples.items()):
        for kind, seed, outcome in cases:
            print(f"  {kind} seed={seed}: {outcome}")


def main_projects(n: int, kinds: list[str] | None = None) -> None:
    """Whole projects with one damaged input: --check must refuse (typed) or the build must succeed."""
    import collections
    import time

    from dinhmuc.core.errors import DinhmucError
    from dinhmuc.pipeline import build_project, check_project

    t0 = time.time()
    tally: collections.Counter = collections.Counter()
    kinds = kinds or [k for k in KINDS if k != "catalogue"]
    for seed in range(n):
        kind = kinds[seed % len(kinds)]
        base = Path(tempfile.mkdtemp(prefix="dm_proj_"))
        try:
            shutil.copytree(EXAMPLE, base / "p")
            path, _ = make_case(kind, seed, base / "p")
            if path.suffix == ".csv":
                pf = base / "p" / "project.yaml"
                data = yaml.safe_load(pf.read_text(encoding="utf-8"))
                for key, value in data.get("inputs", {}).items():
                    if value and Path(value).stem == path.stem:
                        data["inputs"][key] = str(path.relative_to(base / "p"))
                pf.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            try:
                check_project(base / "p")
            except DinhmucError:
                tally["check_typed"] += 1
                continue
            except Exception as exc:  # noqa: BLE001
                tally["check_raw"] += 1
                print(f"  {kind} seed={seed}: check raw {type(exc).__name__}: {str(exc)[:150]}", flush=True)
                continue
            try:
                build_project(base / "p", out=base / "ho_so")
                tally["check_ok_build_ok"] += 1
            except Exception as exc:  # noqa: BLE001
                tally["check_ok_build_failed"] += 1
                print(
                    f"  {kind} seed={seed}: build failed after check OK: {type(exc).__name__}: {str(exc)[:150]}",
                    flush=True,
                )
        finally:
            shutil.rmtree(base, ignore_errors=True)
        print(f"... {seed + 1} projects, {time.time() - t0:.0f} s: {dict(tally)}", flush=True)
    print(f"{n} projects in {time.time() - t0:.0f} s: {dict(tally)}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "projects":
        main_projects(int(sys.argv[2]), sys.argv[3].split(",") if len(sys.argv) > 3 else None)
        sys.exit(0)
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20,
        sys.argv[2].split(",") if len(sys.argv) > 2 else None,
        int(sys.argv[3]) if len(sys.argv) > 3 else 0,
    )
