"""Biểu đồ — charts for the explanatory report, as reproducible PNG bytes (matplotlib, Agg).

* :func:`cost_structure_chart` — one stacked horizontal bar per service: the
  share of labour, materials, equipment and management in its trial unit price;
* :func:`evidence_chart` — the observations behind each line of a norm, one
  row per line, kept points in black, excluded points (outliers) as red crosses.

PNG files carry no "Software" text chunk and no timestamps
(``savefig(metadata={"Software": None})``), so identical inputs give identical
bytes. Figures are small (dpi 80) to keep the dossier fast.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

__all__ = ["cost_structure_chart", "evidence_chart"]

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


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def cost_structure_chart(summaries: Mapping[str, Mapping[str, Decimal]]) -> bytes:
    """Stacked bars of cost shares (%) per service code; ``summaries`` from ``documents.bind_costs``."""
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
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Tỷ trọng trong đơn giá (%)")
    height = 0.35 * len(codes) + 1.2
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, ncol=4, loc="upper center", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.97, top=1 - 0.4 / height, bottom=0.45 / height)
    return _png(fig)


def evidence_chart(frame, code: str) -> bytes | None:
    """Observations of norm ``code`` per line; ``frame`` has columns norm, line, value [, excluded].

    Returns None when the frame holds no observation for the norm.
    """
    rows = frame[frame["norm"] == code]
    if rows.empty:
        return None
    plt = _plt()
    lines = list(dict.fromkeys(rows["line"]))
    fig, axes = plt.subplots(len(lines), 1, figsize=(7.5, 0.55 * len(lines) + 0.6), squeeze=False)
    excluded_col = "excluded" in rows.columns
    for ax, line in zip(axes[:, 0], lines):
        sub = rows[rows["line"] == line]
        mask = sub["excluded"].fillna(False).astype(bool) if excluded_col else sub["value"].map(lambda _: False)
        kept = sub.loc[~mask, "value"].astype(float)
        out = sub.loc[mask, "value"].astype(float)
        ax.scatter(kept, [0] * len(kept), s=14, color="black", zorder=3)
        if len(out):
            ax.scatter(out, [0] * len(out), s=30, color="red", marker="x", zorder=4)
        if len(kept):
            ax.axvline(float(kept.mean()), color="#4472c4", lw=1)
        ax.set_yticks([0])
        ax.set_yticklabels([str(line)])
        ax.tick_params(axis="x", labelsize=7)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    axes[0, 0].set_title(f"{code}: số liệu quan sát (đường xanh: trung bình số liệu giữ lại; x đỏ: bị loại)",
                         fontsize=8)
    height = 0.55 * len(lines) + 0.6
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - 0.3 / height, bottom=0.3 / height + 0.02, hspace=0.8)
    return _png(fig)
