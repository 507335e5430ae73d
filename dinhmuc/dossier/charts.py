"""Biểu đồ — charts for the explanatory report, as reproducible PNG bytes (drawn with Pillow).

* :func:`cost_structure_chart` — one stacked horizontal bar per service: the
  share of labour, materials, equipment and management in its trial unit price;
* :func:`evidence_chart` — the observations behind each line of a norm, one
  row per line, kept points in black, excluded points (outliers) as red crosses.

Every number on an axis is in Vietnamese format (``1.000``, ``6,5``:
:func:`~dinhmuc.core.vnformat.format_tick`); labels are Vietnamese and long ones
are shortened at a word (:func:`short_label`).

The two charts are simple enough to draw directly with Pillow (DejaVu Sans,
the font matplotlib ships): about 5 ms a chart, where matplotlib took 50 ms and
half a second to import; the dossier of a national catalogue draws a thousand.
They are drawn at twice their size and reduced, so dots and lines are smooth.
Identical data give identical bytes (no timestamp in the PNG).

Sizes are bounded: a chart shows at most :data:`MAX_ROWS` services or lines;
larger sets are split into parts (:func:`report_charts` names them
``cost_structure``, ``cost_structure_2``, ... and ``evidence_KC01``,
``evidence_KC01_2``, ...), each fitting a page of the report.

Each chart is drawn from a plain, hashable key (:func:`cost_structure_key`,
:func:`evidence_key`) by :func:`draw`, which draws each key once per process.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from ..core.chartfmt import short_label, vn_axis
from ..core.vnformat import format_tick

__all__ = [
    "MAX_ROWS",
    "cost_structure_chart",
    "cost_structure_key",
    "draw",
    "evidence_chart",
    "evidence_key",
    "evidence_keys",
    "report_charts",
    "short_label",
    "texts",
    "vn_axis",
]

DPI = 80
#: At most this many bars (services) or strips (lines) in one image; more are split into parts.
MAX_ROWS = 30
_SCALE = 3  # drawn at twice the size, then reduced by averaging: smooth dots and lines
_COLOURS = {"labour": "#4472c4", "materials": "#ed7d31", "equipment": "#a5a5a5", "management": "#70ad47"}
_LABELS = {"labour": "Lao động", "materials": "Vật tư", "equipment": "Thiết bị", "management": "Quản lý"}
_PARTS = ("labour", "materials", "equipment", "management")
_EVIDENCE_TITLE = "{code}: số liệu quy đổi về 01 đơn vị định mức (chấm: giữ lại; x đỏ: bị loại)"
_EVIDENCE_XLABEL = "% so với trung bình số liệu giữ lại của dòng"
_COST_XLABEL = "Tỷ trọng trong đơn giá (%)"


# --------------------------------------------------------------------------- drawing surface
@functools.cache
def _font_file() -> str | None:
    """DejaVu Sans (Vietnamese glyphs): matplotlib's copy, found without importing matplotlib, or the system's."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    places = [Path(p) / "mpl-data" / "fonts" / "ttf" for p in (spec.submodule_search_locations or [])] if spec else []
    places.append(Path("/usr/share/fonts/truetype/dejavu"))
    return next((str(p / "DejaVuSans.ttf") for p in places if (p / "DejaVuSans.ttf").is_file()), None)


@functools.cache
def _font(points: float):
    from PIL import ImageFont

    size = round(points * DPI / 72 * _SCALE)
    path = _font_file()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


class _Canvas:
    """A white image of ``width`` x ``height`` inches at :data:`DPI`; coordinates in final pixels."""

    def __init__(self, width: float, height: float):
        from PIL import Image, ImageDraw

        self.width, self.height = round(width * DPI), round(height * DPI)
        self.image = Image.new("RGB", (self.width * _SCALE, self.height * _SCALE), "white")
        self.pen = ImageDraw.Draw(self.image)
        #: every text drawn, with its box in final pixels (x0, y0, x1, y1): what the tests read
        self.texts: list[tuple[str, tuple[float, float, float, float]]] = []

    def text(self, x: float, y: float, text: str, points: float = 8, anchor: str = "mm", fill: str = "black"):
        font = _font(points)
        xy = (x * _SCALE, y * _SCALE)
        self.pen.text(xy, text, font=font, fill=fill, anchor=anchor)
        box = self.pen.textbbox(xy, text, font=font, anchor=anchor)
        self.texts.append((text, tuple(v / _SCALE for v in box)))

    def text_width(self, text: str, points: float) -> float:
        return self.pen.textlength(text, font=_font(points)) / _SCALE

    def line(self, x0: float, y0: float, x1: float, y1: float, fill: str = "black", width: float = 1.0):
        s = _SCALE
        self.pen.line([(x0 * s, y0 * s), (x1 * s, y1 * s)], fill=fill, width=max(1, round(width * s)))

    def box(self, x0: float, y0: float, x1: float, y1: float, fill: str):
        s = _SCALE
        self.pen.rectangle([x0 * s, y0 * s, x1 * s - 1, y1 * s - 1], fill=fill)

    def dot(self, x: float, y: float, diameter: float, fill: str = "black"):
        r = diameter * _SCALE / 2
        self.pen.ellipse([x * _SCALE - r, y * _SCALE - r, x * _SCALE + r, y * _SCALE + r], fill=fill)

    def cross(self, x: float, y: float, size: float, fill: str = "red"):
        h = size / 2
        self.line(x - h, y - h, x + h, y + h, fill, 1.5)
        self.line(x - h, y + h, x + h, y - h, fill, 1.5)

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.image.reduce(_SCALE).save(buf, format="PNG")
        return buf.getvalue()


def _ticks(lo: float, hi: float, most: int = 8) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^k apart) inside [lo, hi], at most ``most`` + 1 of them."""
    span = hi - lo
    magnitude = 10 ** math.floor(math.log10(span / most))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10, 20) if span / (m * magnitude) <= most)
    first = math.ceil(lo / step - 1e-9)
    return [round((first + i) * step, 10) for i in range(int((hi - lo) / step + 1e-9) + 2) if (first + i) * step <= hi]


def _x_axis(c: _Canvas, left: float, right: float, bottom: float, lo: float, hi: float, ticks, points: float):
    """The bottom spine with its ticks and Vietnamese labels; returns the x of a value."""

    def x_of(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    c.line(left, bottom, right, bottom, width=0.8)
    for t in ticks:
        x = x_of(t)
        c.line(x, bottom, x, bottom + 4, width=0.8)
        c.text(x, bottom + 6, format_tick(t), points, anchor="mt")
    return x_of


def _y_labels(c: _Canvas, left: float, top: float, row: float, labels: list[str], points: float) -> None:
    c.line(left, top, left, top + row * len(labels), width=0.8)
    for i, label in enumerate(labels):
        y = top + (i + 0.5) * row
        c.line(left - 4, y, left, y, width=0.8)
        c.text(left - 6, y, label, points, anchor="rm")


def _margin(c: _Canvas, labels: Iterable[str], points: float) -> float:
    """The left margin: 8 % of the width, or more when a label is wider."""
    return max(0.08 * c.width, max((c.text_width(s, points) for s in labels), default=0) + 12)


# --------------------------------------------------------------------------- cost structure
def cost_structure_chart(summaries: Mapping[str, Mapping[str, Decimal]]) -> bytes:
    """Stacked bars of cost shares (%) per service code; ``summaries`` from ``documents.bind_costs``.

    At most :data:`MAX_ROWS` services (the first ones); :func:`report_charts` splits larger sets.
    """
    return draw(cost_structure_key(dict(list(summaries.items())[:MAX_ROWS])))


def cost_structure_key(summaries: Mapping[str, Mapping[str, Decimal]]) -> tuple:
    """The plain (hashable) data :func:`draw` needs for the cost-structure chart."""
    return ("cost", tuple((c, tuple(sorted((k, str(v)) for k, v in s.items()))) for c, s in summaries.items()))


def _draw_cost_structure(key: tuple) -> _Canvas:
    summaries = {c: {k: Decimal(v) for k, v in items} for c, items in key[1]}
    codes = list(summaries)
    height = 0.35 * len(codes) + 1.2
    c = _Canvas(7.5, height)
    left = _margin(c, codes, 8)
    right, top, bottom = 0.97 * c.width, 0.4 * DPI, c.height - 0.45 * DPI
    row = (bottom - top) / len(codes)
    x_of = _x_axis(c, left, right, bottom, 0, 100, range(0, 101, 20), 8)
    for i, code in enumerate(codes):
        s = summaries[code]
        whole = sum((s[k] for k in _PARTS), Decimal(0))
        at = 0.0
        y = top + (i + 0.5) * row
        for part in _PARTS:
            share = float(s[part] / whole * 100) if whole else 0.0
            c.box(x_of(at), y - 0.3 * row, x_of(at + share), y + 0.3 * row, _COLOURS[part])
            at += share
    _y_labels(c, left, top, row, codes, 8)
    c.text((left + right) / 2, c.height - 4, _COST_XLABEL, 8, anchor="md")
    # the legend, one row above the bars
    widths = [c.text_width(_LABELS[p], 8) + 36 for p in _PARTS]
    x = (c.width - sum(widths)) / 2
    for part, w in zip(_PARTS, widths, strict=True):
        c.box(x, 9, x + 14, 16, _COLOURS[part])
        c.text(x + 18, 12.5, _LABELS[part], 8, anchor="lm")
        x += w
    return c


# --------------------------------------------------------------------------- evidence strips
def evidence_chart(frame, code: str) -> bytes | None:
    """Observations of norm ``code`` per line; ``frame`` has columns norm, line, value [, excluded].

    One strip per line on a common scale: each observation as a percentage of the
    mean of the values kept for its line (lines have different units), kept values
    as dots, excluded ones as red crosses. Returns None when the frame holds no
    observation for the norm. At most :data:`MAX_ROWS` lines (the first ones).
    """
    key = evidence_key(frame, code)
    return None if key is None else draw(key[:2] + (key[2][:MAX_ROWS],))


def evidence_key(frame, code: str) -> tuple | None:
    """The plain (hashable) data :func:`draw` needs for :func:`evidence_chart`, or None."""
    return evidence_keys(frame[frame["norm"] == code]).get(code)


def evidence_keys(frame) -> dict[str, tuple]:
    """:func:`evidence_key` of every norm of ``frame``, in one pass over its rows (norm code -> key)."""
    if frame is None or not len(frame):
        return {}
    out_flags = frame["excluded"].fillna(False).astype(bool).tolist() if "excluded" in frame.columns else None
    groups: dict[str, dict[str, tuple[list[float], list[float]]]] = {}
    values = frame["value"].astype(float).tolist()
    for i, (code, line) in enumerate(zip(frame["norm"].tolist(), frame["line"].tolist(), strict=True)):
        kept_out = groups.setdefault(code, {}).setdefault(line, ([], []))
        kept_out[1 if out_flags is not None and out_flags[i] else 0].append(values[i])
    keys = {}
    for code, lines in groups.items():
        strips = []
        for line, (kept, out) in lines.items():
            mean_kept = math.fsum(kept) / len(kept) if kept else 0.0
            base = mean_kept or (math.fsum(out) / len(out) if out else 1.0) or 1.0
            strips.append(
                (str(line), tuple(round(v / base * 100, 6) for v in kept), tuple(round(v / base * 100, 6) for v in out))
            )
        keys[code] = ("evidence", code, tuple(strips))
    return keys


def _draw_strips(code: str, strips: tuple) -> _Canvas:
    height = 0.28 * len(strips) + 0.9
    c = _Canvas(7.5, height)
    labels = [s[0] for s in strips]
    left = _margin(c, labels, 7)
    right, top, bottom = 0.97 * c.width, 0.35 * DPI, c.height - 0.45 * DPI
    row = (bottom - top) / len(strips)
    every = [v for _, kept, out in strips for v in (*kept, *out)] + [100.0]
    lo, hi = min(every), max(every)
    pad = (hi - lo) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    x_of = _x_axis(c, left, right, bottom, lo, hi, _ticks(lo, hi), 7)
    c.line(x_of(100), top, x_of(100), bottom, fill=_COLOURS["labour"], width=1)
    for i, (_line, kept, out) in enumerate(strips):
        y = top + (i + 0.5) * row
        for v in kept:
            c.dot(x_of(v), y, 4.2)
        for v in out:
            c.cross(x_of(v), y, 6)
    _y_labels(c, left, top, row, labels, 7)
    c.text((left + right) / 2, c.height - 4, _EVIDENCE_XLABEL, 7, anchor="md")
    c.text(c.width / 2, 0.35 * DPI / 2, _EVIDENCE_TITLE.format(code=code), 8, anchor="mm")
    return c


# --------------------------------------------------------------------------- keys, cache, names
def _canvas(key: tuple) -> _Canvas:
    return _draw_cost_structure(key) if key[0] == "cost" else _draw_strips(key[1], key[2])


_CACHE: dict[tuple, bytes] = {}


def draw(key: tuple) -> bytes:
    """The chart of ``key`` (from :func:`cost_structure_key` or :func:`evidence_key`) as PNG bytes.

    Charts are pure functions of their data: the same data draws once per process.
    """
    png = _CACHE.get(key)
    if png is None:
        png = _canvas(key).png()
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[key] = png
    return png


def texts(key: tuple) -> tuple[tuple[int, int], list[tuple[str, tuple[float, float, float, float]]]]:
    """The image size and every text of the chart of ``key`` with its box in pixels (to check the layout)."""
    c = _canvas(key)
    return (c.width, c.height), c.texts


def _split(items: list, size: int = MAX_ROWS) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def report_charts(codes: Iterable[str], summaries: Mapping[str, Mapping[str, Decimal]], evidence) -> dict[str, tuple]:
    """Chart name -> key of every chart the explanatory report shows, in report order, each at most
    :data:`MAX_ROWS` rows: ``evidence_<code>`` (then ``evidence_<code>_2`` ...) per norm with observations,
    and ``cost_structure`` (then ``cost_structure_2`` ...)."""
    keys: dict[str, tuple] = {}
    if summaries:
        for i, part in enumerate(_split(list(summaries.items()))):
            keys["cost_structure" + (f"_{i + 1}" if i else "")] = cost_structure_key(dict(part))
    by_code = evidence_keys(evidence)
    for code in codes:
        key = by_code.get(code)
        if key is None:
            continue
        for i, part in enumerate(_split(list(key[2]))):
            keys[f"evidence_{code}" + (f"_{i + 1}" if i else "")] = ("evidence", code, tuple(part))
    return keys


def parts(charts: Mapping[str, bytes], name: str) -> list[bytes]:
    """The images of chart ``name`` in order (``name``, ``name_2``, ...): one unless the set was split."""
    out, i = [], 1
    while (png := charts.get(name + (f"_{i}" if i > 1 else ""))) is not None:
        out.append(png)
        i += 1
    return out


#: Chart name prefix -> file name prefix in the dossier's ``bieu_do`` folder.
FILE_NAMES = {"cost_structure": "co_cau_chi_phi", "evidence_": "so_lieu_"}


def file_name(name: str) -> str:
    """The PNG file of chart ``name``: ``cost_structure_2`` -> ``co_cau_chi_phi_2.png``."""
    for prefix, stem in FILE_NAMES.items():
        if name.startswith(prefix):
            return stem + name[len(prefix) :] + ".png"
    return name + ".png"
