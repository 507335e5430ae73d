"""Charts speak Vietnamese: 66,74 triệu đồng, ticks 6,5 and 1.000, no label cut or overlapping a title."""

from __future__ import annotations

import re

import dossier_helpers as h
import pandas as pd
import pytest

from dinhmuc.dossier import charts

DECIMAL_DOT = re.compile(r"\d\.\d{1,2}(?!\d)")  # 6.5 or 66.74, not the thousands group of 1.000


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
        shown = [t for t, x in zip(ax.get_xticklabels(), ax.get_xticks()) if lo <= x <= hi]  # drawn ticks only
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


def _laid_out(key) -> list[str]:
    """The texts of a report chart; each lies inside the image and no two texts overlap."""
    (width, height), texts = charts.texts(key)
    for text, (x0, y0, x1, y1) in texts:
        assert -0.5 <= x0 and x1 <= width + 0.5 and -0.5 <= y0 and y1 <= height + 0.5, text
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(texts):
        for b, (bx0, by0, bx1, by1) in texts[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
    return [t for t, _ in texts]


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text))


def test_evidence_chart_ticks_in_vietnamese_format():
    frame = pd.DataFrame(
        {"norm": "KC01", "line": ["LD1"] * 4 + ["VT1"] * 3, "value": [10.0, 10.02, 9.98, 10.05, 3.0, 3.01, 2.995]}
    )
    png = charts.evidence_chart(frame, "KC01")
    assert png.startswith(b"\x89PNG")
    texts = _laid_out(charts.evidence_key(frame, "KC01"))
    ticks = [t for t in texts if _is_number(t)]
    assert len(ticks) >= 3 and any("," in t for t in ticks), texts  # close values: decimal ticks, with a comma
    assert not [t for t in texts if DECIMAL_DOT.search(t)]
    assert {"LD1", "VT1"} <= set(texts) and any(t.startswith("KC01: số liệu quy đổi") for t in texts)


def test_evidence_ticks_of_large_values_group_thousands():
    frame = pd.DataFrame({"norm": "KC01", "line": ["LD1"] * 21, "value": [1.0] * 20 + [500.0]})
    ticks = [t for t in _laid_out(charts.evidence_key(frame, "KC01")) if _is_number(t)]
    assert "1.000" in ticks and "2.000" in ticks, ticks  # 500 is 2.019 % of the mean of the 21 values


def test_cost_structure_chart_is_vietnamese_and_fits():
    from dinhmuc.dossier.documents import bind_costs

    summaries = bind_costs(h.norm_set(), h.costs())
    assert charts.cost_structure_chart(summaries).startswith(b"\x89PNG")
    texts = _laid_out(charts.cost_structure_key(summaries))
    assert {"Lao động", "Vật tư", "Thiết bị", "Quản lý"} <= set(texts)
    assert "Tỷ trọng trong đơn giá (%)" in texts
    assert set(summaries) <= set(texts)  # one bar per service, named by its code
    assert [t for t in texts if _is_number(t)] == ["0", "20", "40", "60", "80", "100"]
    assert not [t for t in texts if DECIMAL_DOT.search(t)]


def test_charts_are_reproducible_bytes():
    from dinhmuc.dossier.documents import bind_costs

    key = charts.cost_structure_key(bind_costs(h.norm_set(), h.costs()))
    charts._CACHE.clear()
    first = charts.draw(key)
    charts._CACHE.clear()
    assert charts.draw(key) == first


def _old_evidence_key(frame, code):
    """The per-norm, per-line pandas computation the one-pass :func:`charts.evidence_keys` replaced."""
    rows = frame[frame["norm"] == code]
    strips = []
    for line in dict.fromkeys(rows["line"]):
        sub = rows[rows["line"] == line]
        mask = sub["excluded"].fillna(False).astype(bool)
        kept, out = sub.loc[~mask, "value"].astype(float), sub.loc[mask, "value"].astype(float)
        base = float(kept.mean()) if len(kept) and kept.mean() else (float(out.mean()) if len(out) else 1.0) or 1.0
        strips.append((str(line), [v / base * 100 for v in kept], [v / base * 100 for v in out]))
    return strips


def test_evidence_keys_in_one_pass_equal_the_per_norm_computation():
    ev = h.evidence()
    ev = pd.concat([ev, ev.assign(line="VT9", value=ev["value"] * 3, excluded=None)]).sample(frac=1, random_state=1)
    keys = charts.evidence_keys(ev)
    assert list(keys) == list(dict.fromkeys(ev["norm"]))
    for code, key in keys.items():
        old = _old_evidence_key(ev, code)
        assert [s[0] for s in key[2]] == [s[0] for s in old]
        for (_, kept, out), (_, okept, oout) in zip(key[2], old, strict=True):
            assert kept == pytest.approx(okept, abs=2e-6) and out == pytest.approx(oout, abs=2e-6)


def test_large_sets_are_split_into_bounded_images():
    from dinhmuc.dossier.documents import bind_costs

    one = bind_costs(h.norm_set(), h.costs())
    code, summary = next(iter(one.items()))
    summaries = {f"S{i:04d}": summary for i in range(2 * charts.MAX_ROWS + 5)}
    frame = pd.DataFrame({"norm": "S0001", "line": [f"VT{i}" for i in range(75)], "value": 1.0})
    keys = charts.report_charts(list(summaries), summaries, frame)
    assert list(keys) == [
        "cost_structure",
        "cost_structure_2",
        "cost_structure_3",
        "evidence_S0001",
        "evidence_S0001_2",
        "evidence_S0001_3",
    ]
    assert [len(k[1]) for n, k in keys.items() if n.startswith("cost")] == [charts.MAX_ROWS, charts.MAX_ROWS, 5]
    assert [len(k[2]) for n, k in keys.items() if n.startswith("evidence")] == [30, 30, 15]
    tallest = max(charts.texts(k)[0][1] for k in keys.values())
    assert tallest <= 0.35 * charts.MAX_ROWS * charts.DPI + 1.2 * charts.DPI + 1  # about 11.7 inches at most
    pngs = {n: charts.draw(k) for n, k in keys.items()}
    assert len(charts.parts(pngs, "cost_structure")) == 3 and len(charts.parts(pngs, "evidence_S0001")) == 3
    assert charts.file_name("cost_structure_2") == "co_cau_chi_phi_2.png"
    assert charts.file_name("evidence_S0001") == "so_lieu_S0001.png"


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
