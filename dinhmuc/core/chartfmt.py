"""Nhãn biểu đồ — Vietnamese number format and short labels for every chart (matplotlib, imported lazily).

>>> short_label("Giáo viên dạy nghề, nghệ nhân truyền nghề cho lao động nông thôn", 30)
'Giáo viên dạy nghề, nghệ …'
"""

from __future__ import annotations

__all__ = ["short_label", "vn_axis"]


def vn_axis(axis) -> None:
    """Vietnamese tick labels on a numeric matplotlib axis (``ax.xaxis``): 1.000 and 6,5, never 6.5."""
    from matplotlib.ticker import FuncFormatter

    from .vnformat import format_tick

    axis.set_major_formatter(FuncFormatter(lambda x, _pos: format_tick(x)))


def short_label(text: str, width: int = 38) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, "…" marking the cut."""
    import textwrap

    text = " ".join(str(text).split())
    return text if len(text) <= width else textwrap.shorten(text, width=width, placeholder=" …")
