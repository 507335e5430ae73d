"""Charts speak Vietnamese: 66,74 triệu đồng, ticks 6,5 and 1.000, no label cut or overlapping a title."""

from __future__ import annotations

import re

import dossier_helpers as h
import pandas as pd
import pytest

from dinhmuc.dossier import charts

DECIMAL_DOT = re.compile(r"\d\.\d{1,2}(?!\d)")  # 6.5 or 66.74, not the thousands group of 1.000


def _capture(monkeypatch) -> list:
    figs = []
    real = charts._png

    def keep(fig):
        figs.append(fig)
        return real(fig)

    monkeypatch.setattr(charts, "_png", keep)
    charts._CACHE.clear()
    return figs


def _texts(fig) -> list[str]:
    fig.canvas.draw()
    out = [t.get_text() for t in fig.texts]
    out += [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    return [t for t in out if t]


def _inside(fig) -> None:
    """Every text of the figure lies inside the image and no axes title meets the figure title."""
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    texts = list(fig.texts) + [t for leg in fig.legends for t in leg.get_texts()]
    for ax in fig.axes:
        lo, hi = sorted(ax.get_xlim())
        # drawn ticks only
        shown = [t for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True) if lo <= x <= hi]
        texts += [ax.title, ax.xaxis.label, *shown, *ax.get_yticklabels()]
    for t in texts:
        if not t.get_text() or not t.get_visible():
            continue
        b = t.get_window_extent(renderer)
        assert b.x0 >= box.x0 - 0.5 and b.x1 <= box.x1 + 0.5 and b.y0 >= box.y0 - 0.5 and b.y1 <= box.y1 + 0.5, (
            t.get_text()
        )
    for sup in fig.texts:
        s = sup.get_window_extent(renderer)
        for ax in fig.axes:
            if ax.get_title():
                assert not s.overlaps(ax.title.get_window_extent(renderer)), ax.get_title()


def test_evidence_chart_ticks_in_vietnamese_format(monkeypatch):
    figs = _capture(monkeypatch)
    frame = pd.DataFrame(
        {"norm": "KC01", "line": ["LD1"] * 4 + ["VT1"] * 3, "value": [10.0, 10.02, 9.98, 10.05, 3.0, 3.01, 2.995]}
    )
    assert charts.evidence_chart(frame, "KC01")
    labels = [t.get_text() for t in figs[0].axes[0].get_xticklabels()]
    assert any("," in t for t in labels), labels  # close values: decimal ticks, with a comma
    assert not [t for t in _texts(figs[0]) if DECIMAL_DOT.search(t)]
    _inside(figs[0])


def test_cost_structure_chart_is_vietnamese_and_fits(monkeypatch):
    from dinhmuc.dossier.documents import bind_costs

    figs = _capture(monkeypatch)
    charts.cost_structure_chart(bind_costs(h.norm_set(), h.costs()))
    texts = _texts(figs[0])
    assert {"Lao động", "Vật tư", "Thiết bị", "Quản lý"} <= set(texts)
    assert "Tỷ trọng trong đơn giá (%)" in texts
    assert not [t for t in texts if DECIMAL_DOT.search(t)]
    _inside(figs[0])


def test_tornado_titles_print_the_official_price_in_vietnamese(monkeypatch, tmp_path):
    from matplotlib.figure import Figure

    from dinhmuc.costing import tornado

    figs = []
    real = Figure.savefig

    def keep(self, *args, **kwargs):
        figs.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    costs = h.costs()
    tornado(list(costs.values()), path=tmp_path / "t.png")
    fig = figs[0]
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    for code, up in costs.items():
        millions = (up.total / 10**6).quantize(__import__("decimal").Decimal("0.01"))
        whole, frac = str(millions).split(".")
        assert f"{code}: {whole},{frac} triệu đồng" in titles  # e.g. 66,74 triệu đồng
    texts = _texts(fig)
    assert not [t for t in texts if DECIMAL_DOT.search(t)]
    assert not [t for t in texts if "Decimal" in t or "float" in t]
    _inside(fig)


@pytest.mark.parametrize(
    "text,width,expected",
    [
        ("Giá vật tư", 40, "Giá vật tư"),
        ("LD1 Giáo viên dạy nghề, nghệ nhân truyền nghề", 30, "LD1 Giáo viên dạy nghề, nghệ …"),  # 30 characters
    ],
)
def test_short_labels_cut_at_a_word(text, width, expected):
    from dinhmuc.core.chartfmt import short_label

    assert short_label(text, width) == expected
    assert len(short_label(text, width)) <= width
