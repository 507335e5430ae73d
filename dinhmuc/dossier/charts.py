"""Biểu đồ — charts for the explanatory report, as reproducible PNG bytes (matplotlib, Agg).

* :func:`cost_structure_chart` — one stacked horizontal bar per service: the
  share of labour, materials, equipment and management in its trial unit price;
* :func:`evidence_chart` — the observations behind each line of a norm, one
  row per line, kept points in black, excluded points (outliers) as red crosses.

Every number on an axis or in a label is in Vietnamese format (``1.000``,
``66,74 triệu đồng``: :func:`vn_axis`, :func:`~dinhmuc.core.vnformat.format_tick`);
labels are Vietnamese and long ones are shortened at a word (:func:`short_label`).

PNG files carry no "Software" text chunk and no timestamps
(``savefig(metadata={"Software": None})``), so identical inputs give identical
bytes. Figures are small (dpi 80) to keep the dossier fast.

Each chart is drawn from a plain, picklable key (:func:`cost_structure_key`,
:func:`evidence_key`) by :func:`draw`, so :func:`~dinhmuc.dossier.write_dossier`
can compute the keys, draw in a forked worker and keep the results here
(:func:`remember`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

from ..core.chartfmt import short_label, vn_axis

__all__ = [
    "cost_structure_chart",
    "cost_structure_key",
    "draw",
    "evidence_chart",
    "evidence_key",
    "short_label",
    "vn_axis",
]

DPI = 80
_COLOURS = {"labour": "#4472c4", "materials": "#ed7d31", "equipment": "#a5a5a5", "management": "#70ad47"}
_LABELS = {"labour": "Lao động", "materials": "Vật tư", "equipment": "Thiết bị", "management": "Quản lý"}


class _Plt:
    """The two pyplot calls used, on a bare Figure + Agg canvas (no pyplot state, faster)."""

    @staticmethod
    def subplots(nrows=1, ncols=1, figsize=None, squeeze=True):
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        matplotlib.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "path.simplify": True})
        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=squeeze)
        return fig, axes


def _plt():
    return _Plt


def prepare() -> None:
    """Import matplotlib and load the chart font, once per process (a forked drawing process inherits them)."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401

    matplotlib.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "path.simplify": True})
    font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def cost_structure_chart(summaries: Mapping[str, Mapping[str, Decimal]]) -> bytes:
    """Stacked bars of cost shares (%) per service code; ``summaries`` from ``documents.bind_costs``."""
    return draw(cost_structure_key(summaries))


def cost_structure_key(summaries: Mapping[str, Mapping[str, Decimal]]) -> tuple:
    """The plain (picklable, hashable) data :func:`draw` needs for the cost-structure chart."""
    return ("cost", tuple((c, tuple(sorted((k, str(v)) for k, v in s.items()))) for c, s in summaries.items()))


def _draw_cost_structure(key: tuple) -> bytes:
    summaries = {c: {k: Decimal(v) for k, v in items} for c, items in key[1]}
    plt = _plt()
    codes = list(summaries)
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(codes) + 1.2))
    left = [0.0] * len(codes)
    for comp in ("labour", "materials", "equipment", "management"):
        shares = []
        for c in codes:
            s = summaries[c]
            parts = sum((s[k] for k in ("labour", "materials", "equipment", "management")), Decimal(0))
            shares.append(float(s[comp] / parts * 100) if parts else 0.0)
        ax.barh(codes, shares, left=left, color=_COLOURS[comp], label=_LABELS[comp], height=0.6)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    vn_axis(ax.xaxis)
    ax.set_xlabel("Tỷ trọng trong đơn giá (%)")
    height = 0.35 * len(codes) + 1.2
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, ncol=4, loc="upper center", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.97, top=1 - 0.4 / height, bottom=0.45 / height)
    return _png(fig)


_CACHE: dict[tuple, bytes] = {}


def cached(key: tuple) -> bytes | None:
    """The PNG already drawn in this process for ``key``, if any."""
    return _CACHE.get(key)


def remember(key: tuple, png: bytes) -> None:
    """Keep ``png`` (drawn from ``key``, possibly in another process) for later calls in this process."""
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = png


def draw(key: tuple) -> bytes:
    """The chart of ``key`` (from :func:`cost_structure_key` or :func:`evidence_key`) as PNG bytes.

    Charts are pure functions of their data: the same data draws once per process.
    """
    png = _CACHE.get(key)
    if png is None:
        png = _draw_cost_structure(key) if key[0] == "cost" else _draw_strips(key[1], key[2])
        remember(key, png)
    return png


def evidence_chart(frame, code: str) -> bytes | None:
    """Observations of norm ``code`` per line; ``frame`` has columns norm, line, value [, excluded].

    One strip per line on a common scale: each observation as a percentage of the
    mean of the values kept for its line (lines have different units), kept values
    as dots, excluded ones as red crosses. Returns None when the frame holds no
    observation for the norm.
    """
    key = evidence_key(frame, code)
    return None if key is None else draw(key)


def evidence_key(frame, code: str) -> tuple | None:
    """The plain (picklable, hashable) data :func:`draw` needs for :func:`evidence_chart`, or None."""
    rows = frame[frame["norm"] == code]
    if rows.empty:
        return None
    excluded_col = "excluded" in rows.columns
    lines = list(dict.fromkeys(rows["line"]))
    strips = []
    for line in lines:
        sub = rows[rows["line"] == line]
        mask = sub["excluded"].fillna(False).astype(bool) if excluded_col else sub["value"].map(lambda _: False)
        kept = sub.loc[~mask, "value"].astype(float)
        out = sub.loc[mask, "value"].astype(float)
        base = float(kept.mean()) if len(kept) and kept.mean() else (float(out.mean()) if len(out) else 1.0) or 1.0
        strips.append(
            (str(line), tuple(round(v / base * 100, 6) for v in kept), tuple(round(v / base * 100, 6) for v in out))
        )
    return ("evidence", code, tuple(strips))


def _draw_strips(code: str, strips: list) -> bytes:
    plt = _plt()
    height = 0.28 * len(strips) + 0.9
    fig, ax = plt.subplots(figsize=(7.5, height))
    for i, (_line, kept, out) in enumerate(strips):
        ax.scatter(kept, [i] * len(kept), s=14, color="black", zorder=3)
        if out:
            ax.scatter(out, [i] * len(out), s=30, color="red", marker="x", zorder=4)
    ax.axvline(100, color="#4472c4", lw=1)
    ax.set_yticks(range(len(strips)))
    ax.set_yticklabels([s[0] for s in strips])
    ax.invert_yaxis()
    vn_axis(ax.xaxis)
    ax.set_xlabel("% so với trung bình số liệu giữ lại của dòng", fontsize=7)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{code}: số liệu quy đổi về 01 đơn vị định mức (chấm: giữ lại; x đỏ: bị loại)", fontsize=8)
    fig.subplots_adjust(left=0.08, right=0.97, top=1 - 0.35 / height, bottom=0.45 / height)
    return _png(fig)
