"""Scenario analysis (phân tích kịch bản): what drives a unit price, and how uncertain it is.

A unit price is linear in each of its drivers once the norm is applied: labour
in the base salary (and inversely in the working days per month), materials in
their prices, equipment depreciation and repair in the original costs,
electricity in the tariff, everything in the scale and the adjustment
coefficient, and the management cost is a % of the direct cost. This module
takes the *exact* component figures of Decimal unit prices, turns them into
float arrays and evaluates many scenarios at once with numpy.

The scenario figures are floats, without the line-by-line rounding and with the
salvage rule held at its base case: **the official figures are the Decimal ones**
of :func:`~dinhmuc.costing.unit_price.cost_norm`.

A factor is a multiplier of its base value (1 = as costed):

================  =================================================================
``base_salary``   lương cơ sở (e.g. 2 530 000 / 2 340 000 = 1.0812 for the 2026 value)
``working_days``  ngày làm việc/tháng (labour is divided by it)
``materials``     giá vật tư
``equipment``     nguyên giá máy, thiết bị (depreciation and repair)
``energy``        giá điện
``scale``         quy mô (every quantity)
``coefficient``   hệ số điều chỉnh (e.g. 1.5 for a priority area)
``management``    tỷ lệ chi phí quản lý
================  =================================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .unit_price import UnitPrice

FACTORS = ("base_salary", "working_days", "materials", "equipment", "energy", "scale", "coefficient", "management")
FACTOR_LABELS = {"base_salary": "Lương cơ sở", "working_days": "Ngày làm việc/tháng", "materials": "Giá vật tư",
                 "equipment": "Nguyên giá máy, thiết bị", "energy": "Giá điện", "scale": "Quy mô",
                 "coefficient": "Hệ số điều chỉnh", "management": "Tỷ lệ quản lý"}
#: Default ranges (low, high multipliers) — a declared assumption, to replace with the project's own.
#: base_salary: up to +8 %, the size of the last rise (2,340,000 -> 2,530,000), on whatever value is in force.
DEFAULT_RANGES: dict[str, tuple[float, float]] = {
    "base_salary": (1.0, 1.08), "working_days": (22 / 26, 1.0), "materials": (0.9, 1.2),
    "equipment": (0.9, 1.2), "energy": (0.95, 1.1), "scale": (0.8, 1.2), "coefficient": (1.0, 1.5),
    "management": (0.6, 1.0)}
OFFICIAL_NOTE = ("Scenario figures are floats (numpy) without line rounding; the official figures are the "
                 "Decimal unit prices of cost_norm.")


@dataclass
class CostModel:
    """The linear structure of several unit prices: one column per service (floats)."""

    services: list[str]
    labour: np.ndarray
    materials: np.ndarray
    equipment: np.ndarray
    energy: np.ndarray
    management_pct: np.ndarray
    official: list[Decimal]
    lines: list[list[tuple[str, str, float]]] = field(default_factory=list)

    @classmethod
    def from_unit_prices(cls, unit_prices: UnitPrice | Sequence[UnitPrice]) -> CostModel:
        ups = [unit_prices] if isinstance(unit_prices, UnitPrice) else list(unit_prices)
        lab, mat, eq, en, mg, lines = [], [], [], [], [], []
        for up in ups:
            ex = up.exact_components
            energy = sum((l.exact_parts.get("năng lượng", Decimal(0)) for l in up.lines if l.component == "equipment"),
                         Decimal(0))
            lab.append(float(ex["labour"]))
            mat.append(float(ex["materials"]))
            eq.append(float(ex["equipment"] - energy))
            en.append(float(energy))
            mg.append(float(up.options.management_pct))
            kinds = {"labour": "base_salary", "materials": "materials", "equipment": "equipment"}
            lines.append([(f"{l.id} {l.name}", kinds[l.component], float(l.exact)) for l in up.lines
                          if l.component in kinds])
        arr = lambda v: np.asarray(v, dtype=np.float64)
        return cls([up.norm for up in ups], arr(lab), arr(mat), arr(eq), arr(en), arr(mg),
                   [up.total for up in ups], lines)

    def evaluate(self, **factors: Any) -> np.ndarray:
        """Unit prices for factor arrays (each broadcastable to ``(n, 1)``); returns ``(n, services)``.

        >>> m = CostModel(["A"], np.array([100.0]), np.array([50.0]), np.array([10.0]), np.array([0.0]),
        ...               np.array([10.0]), [Decimal(176)])
        >>> m.evaluate(base_salary=np.array([[1.0], [2.0]])).round(2).tolist()
        [[176.0], [286.0]]
        """
        f = {k: np.asarray(factors.get(k, 1.0), dtype=np.float64) for k in FACTORS}
        unknown = set(factors) - set(FACTORS)
        if unknown:
            raise KeyError(f"unknown factor(s) {', '.join(sorted(unknown))}; known: {', '.join(FACTORS)}")
        f = {k: (v.reshape(-1, 1) if v.ndim == 1 else v) for k, v in f.items()}
        direct = (self.labour * f["base_salary"] / f["working_days"] + self.materials * f["materials"]
                  + self.equipment * f["equipment"] + self.energy * f["energy"]) * f["scale"] * f["coefficient"]
        out = direct * (1.0 + self.management_pct * f["management"] / 100.0)
        return out.reshape(1, -1) if out.ndim == 1 else out


# ----------------------------------------------------------------------------
# Tornado
# ----------------------------------------------------------------------------


def tornado(unit_prices: UnitPrice | Sequence[UnitPrice], ranges: dict[str, tuple[float, float]] | None = None,
            path: str | os.PathLike | None = None, top_lines: int = 3) -> pd.DataFrame:
    """What drives each unit price: one factor at a time from its low to its high value.

    Returns a DataFrame (service, factor, label, low, high, price_low, price_high,
    swing), sorted by swing within each service. With ``path``, draws a tornado
    chart (one panel per service, matplotlib Agg) and saves it as PNG. The
    ``top_lines`` largest lines of each service are varied on their own with the
    range of their component (e.g. one material's price).

    >>> import datetime as dt, tempfile, pathlib, dinhmuc as dm
    >>> from dinhmuc.costing import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
    ...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}])
    >>> up = dm.cost_norm(norm, price_list_from_records(), dt.date(2025, 1, 15), {"management_pct": 2})
    >>> png = pathlib.Path(tempfile.mkdtemp()) / "tornado.png"
    >>> df = tornado(up, path=png)
    >>> df.iloc[0].factor in ("base_salary", "coefficient"), png.exists()
    (True, True)
    """
    model = CostModel.from_unit_prices(unit_prices)
    rng = {**DEFAULT_RANGES, **(ranges or {})}
    unknown = set(rng) - set(FACTORS)
    if unknown:
        raise KeyError(f"unknown factor(s) {', '.join(sorted(unknown))}; known: {', '.join(FACTORS)}")
    rows = []
    for j, svc in enumerate(model.services):
        sub = CostModel([svc], model.labour[j:j + 1], model.materials[j:j + 1], model.equipment[j:j + 1],
                        model.energy[j:j + 1], model.management_pct[j:j + 1], [model.official[j]])
        base = float(sub.evaluate()[0, 0])
        for name in FACTORS:
            lo, hi = rng[name]
            p_lo = float(sub.evaluate(**{name: lo})[0, 0])
            p_hi = float(sub.evaluate(**{name: hi})[0, 0])
            rows.append({"service": svc, "factor": name, "label": FACTOR_LABELS[name], "low": lo, "high": hi,
                         "base": base, "price_low": p_lo, "price_high": p_hi, "swing": abs(p_hi - p_lo)})
        mg = 1 + float(model.management_pct[j]) / 100
        for label, kind, amount in sorted(model.lines[j], key=lambda t: -abs(t[2]))[:top_lines]:
            lo, hi = rng[kind]
            rows.append({"service": svc, "factor": f"line:{label.split()[0]}", "label": label, "low": lo, "high": hi,
                         "base": base, "price_low": base + amount * (lo - 1) * mg,
                         "price_high": base + amount * (hi - 1) * mg, "swing": abs(amount * (hi - lo) * mg)})
    df = pd.DataFrame(rows).sort_values(["service", "swing"], ascending=[True, False], ignore_index=True)
    df.attrs["note"] = OFFICIAL_NOTE
    if path is not None:
        _draw_tornado(df, model, path)
    return df


def _draw_tornado(df: pd.DataFrame, model: CostModel, path) -> None:
    # A private Figure on an Agg canvas: the global pyplot backend (a notebook's inline one) is left alone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    services = model.services
    ncols = 2 if len(services) > 1 else 1
    nrows = (len(services) + ncols - 1) // ncols
    from ..core.vnformat import format_number
    from ..core.chartfmt import short_label, vn_axis

    height = 3.2 * nrows + 0.5
    fig = Figure(figsize=(7 * ncols, height))
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for j, (ax, svc) in enumerate(zip(axes.flat, services)):
        d = df[df.service == svc].sort_values("swing")
        base = float(d.base.iloc[0])
        y = np.arange(len(d))
        lo = d[["price_low", "price_high"]].min(axis=1).to_numpy() / 1e6
        hi = d[["price_low", "price_high"]].max(axis=1).to_numpy() / 1e6
        ax.barh(y, hi - base / 1e6, left=base / 1e6, color="#c0504d", height=0.6)
        ax.barh(y, lo - base / 1e6, left=base / 1e6, color="#4f81bd", height=0.6)
        ax.set_yticks(y, [short_label(l, 40) for l in d.label], fontsize=7)
        ax.axvline(base / 1e6, color="black", linewidth=0.8)
        # the panel names the official unit price (Decimal, whole đồng), in Vietnamese format: 66,74 triệu đồng
        ax.set_title(f"{svc}: {format_number(Decimal(model.official[j]) / 10 ** 6, 2)} triệu đồng", fontsize=9)
        ax.set_xlabel("triệu đồng", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
        vn_axis(ax.xaxis)
    for ax in list(axes.flat)[len(services):]:
        ax.axis("off")
    fig.suptitle("Các yếu tố ảnh hưởng đến đơn giá (ước tính nhanh, không làm tròn từng dòng; "
                 "đơn giá chính thức ở tiêu đề mỗi ô)", fontsize=9)
    fig.tight_layout(pad=1.2, rect=(0, 0, 1, 1 - 0.45 / height))  # keep the title clear of the first panels
    fig.savefig(path, dpi=110, metadata={"Software": None})


# ----------------------------------------------------------------------------
# Monte Carlo
# ----------------------------------------------------------------------------


@dataclass
class MonteCarloResult:
    """Simulated unit prices: ``samples[i, j]`` is scenario i of service j (floats)."""

    services: list[str]
    samples: np.ndarray
    factors: dict[str, np.ndarray]
    official: list[Decimal]
    note: str = OFFICIAL_NOTE

    def summary(self) -> pd.DataFrame:
        """Per service: the official Decimal price, mean, std and the 5/50/95 % quantiles of the scenarios."""
        q = np.percentile(self.samples, [5, 50, 95], axis=0)
        df = pd.DataFrame({"service": self.services, "official": self.official,
                           "mean": self.samples.mean(axis=0), "std": self.samples.std(axis=0),
                           "p5": q[0], "p50": q[1], "p95": q[2]})
        df.attrs["note"] = self.note
        return df

    def __repr__(self) -> str:
        return f"MonteCarloResult({self.samples.shape[0]} scenarios x {len(self.services)} services; {self.note})"


def monte_carlo(unit_prices: UnitPrice | Sequence[UnitPrice] | CostModel, n: int = 10_000,
                ranges: dict[str, tuple[float, float]] | None = None, seed: int | None = 0,
                distribution: str = "uniform") -> MonteCarloResult:
    """Unit prices under ``n`` random scenarios of the factors, drawn over declared ranges.

    ``ranges`` maps a factor to (low, high) multipliers (default
    :data:`DEFAULT_RANGES`; a factor absent stays at 1 only if given as (1, 1)).
    ``distribution``: ``uniform`` or ``triangular`` (mode 1 when inside the
    range, else the midpoint). Vectorised: all scenarios and services at once.

    >>> m = CostModel(["A"], np.array([100.0]), np.array([0.0]), np.array([0.0]), np.array([0.0]),
    ...               np.array([0.0]), [Decimal(100)])
    >>> r = monte_carlo(m, n=1000, ranges={k: (1, 1) for k in FACTORS} | {"base_salary": (1, 2)})
    >>> bool(100 <= r.samples.min() and r.samples.max() <= 200)
    True
    """
    model = unit_prices if isinstance(unit_prices, CostModel) else CostModel.from_unit_prices(unit_prices)
    rng_ = {**DEFAULT_RANGES, **(ranges or {})}
    unknown = set(rng_) - set(FACTORS)
    if unknown:
        raise KeyError(f"unknown factor(s) {', '.join(sorted(unknown))}; known: {', '.join(FACTORS)}")
    if n <= 0:
        raise ValueError("n must be a positive number of scenarios")
    gen = np.random.default_rng(seed)
    draws: dict[str, np.ndarray] = {}
    for name in FACTORS:
        lo, hi = (float(x) for x in rng_[name])
        if hi < lo:
            raise ValueError(f"range of {name} has high {hi} < low {lo}")
        if hi == lo:
            draws[name] = np.full(n, lo)
        elif distribution == "uniform":
            draws[name] = gen.uniform(lo, hi, n)
        elif distribution == "triangular":
            mode = 1.0 if lo <= 1.0 <= hi else (lo + hi) / 2
            draws[name] = gen.triangular(lo, mode, hi, n)
        else:
            raise ValueError(f"unknown distribution '{distribution}'; accepted: uniform, triangular")
    samples = model.evaluate(**{k: v[:, None] for k, v in draws.items()})
    return MonteCarloResult(model.services, samples, draws, model.official)
