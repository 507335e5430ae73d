"""Scenario analysis (phân tích kịch bản): what drives a unit price, and how uncertain it is.

A scenario multiplies some inputs of the costing by factors (1 = as costed) and
asks what the unit prices become. Each factor acts exactly where a re-costing
would act:

=====================  ===================================================================
``base_salary``        lương cơ sở: every labour line (and the indirect-labour row built on it)
``working_days``       ngày làm việc/tháng: labour lines are divided by it
``materials``          giá vật tư: the price of every material line (and "vật tư khác")
``equipment``          nguyên giá máy, thiết bị: depreciation and repair (the 10 % salvage rule
                       is re-applied when a cost crosses its threshold)
``energy``             giá điện: the electricity of equipment and kWh material lines
``scale``              quy mô: every driver of the norm (learners, days...) times the factor, as
                       ``Norm.apply`` does: a line scales with the drivers it names, fixed lines
                       do not, a line scaling with two drivers scales twice
``coefficient``        hệ số điều chỉnh: a coefficient on labour, materials and equipment, as an
                       adjustment table applying to the three components would
``management``         tỷ lệ chi phí quản lý
``driver:NAME``        one driver (``driver:learners``) through the lines that scale with it
``line:CODE/ID``       the price of one line (``line:KC01/VT2``): its material price, its
                       machine's original cost, or its day rate
``adjustment:TABLE``   the coefficient of an adjustment table chosen when costing, on the
                       components it applies to
=====================  ===================================================================

The model is built from the Decimal unit prices (:func:`~dinhmuc.costing.cost_norm`):
every exact line figure is one term with the factors that multiply it, percent rows
are expanded onto the lines they are a percent of, and management is a percent of
the sum. Scenario figures are floats without the line-by-line rounding of the
official figures; ``tests/test_costing_scenarios.py`` checks them against full
re-costings. **The official figures are the Decimal ones.**
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.i18n import tr
from .unit_price import CostLine, UnitPrice

if TYPE_CHECKING:
    import numpy.typing as npt

    from ..params import Parameters

FACTORS = ("base_salary", "working_days", "materials", "equipment", "energy", "scale", "coefficient", "management")
FACTOR_LABELS = {
    "base_salary": "Lương cơ sở",
    "working_days": "Ngày làm việc/tháng",
    "materials": "Giá vật tư",
    "equipment": "Nguyên giá máy, thiết bị",
    "energy": "Giá điện",
    "scale": "Quy mô",
    "coefficient": "Hệ số điều chỉnh",
    "management": "Tỷ lệ quản lý",
}
#: Default ranges (low, high multipliers) — a declared assumption, to replace with the project's own.
#: base_salary: up to +8 %, the size of the last rise (2,340,000 -> 2,530,000), on whatever value is in force.
DEFAULT_RANGES: dict[str, tuple[float, float]] = {
    "base_salary": (1.0, 1.08),
    "working_days": (22 / 26, 1.0),
    "materials": (0.9, 1.2),
    "equipment": (0.9, 1.2),
    "energy": (0.95, 1.1),
    "scale": (0.8, 1.2),
    "coefficient": (1.0, 1.5),
    "management": (0.6, 1.0),
}


def official_note() -> str:
    """What scenario figures are not (in the current language): the official prices are cost_norm's."""
    return tr("scenarios.official_note")


_COMPONENTS = ("labour", "materials", "equipment")
_CHUNK = 20_000  # scenarios evaluated at a time: bounds memory to about _CHUNK x terms x 8 bytes


@dataclass
class _Term:
    service: int
    amount: Decimal
    factors: dict[str, int]
    label: str
    asset: tuple[Decimal, Decimal, Decimal] | None = None  # (original cost, salvage %, threshold) of a depreciation


def _line_terms(j: int, up: UnitPrice, cl: CostLine, salvage: dict | None) -> list[_Term]:
    """The terms of one priced line: its exact figure split by what multiplies each part."""
    key = f"line:{up.norm}/{cl.id}"
    common: dict[str, int] = {"coefficient": 1}
    for d in cl.scales_with:
        common[f"driver:{d}"] = common.get(f"driver:{d}", 0) + 1
        common["scale"] = common.get("scale", 0) + 1
    for adj in up.adjustments:
        if cl.component in adj.applies_to:
            common[f"adjustment:{adj.table}"] = common.get(f"adjustment:{adj.table}", 0) + 1
    label = f"{up.norm}/{cl.id} {cl.name}"
    if cl.component == "labour":
        return [_Term(j, cl.exact, {**common, "base_salary": 1, "working_days": -1, key: 1}, label)]
    if cl.component == "materials":
        energy = any(p.kind == "energy" for p in cl.trace.prices)
        return [_Term(j, cl.exact, {**common, "energy" if energy else "materials": 1, key: 1}, label)]
    if cl.component == "equipment":
        terms = []
        for part, amount in cl.exact_parts.items():
            if part == "năng lượng":
                terms.append(_Term(j, amount, {**common, "energy": 1}, f"{label} ({part})"))
                continue
            asset = None
            if part == "khấu hao" and salvage is not None:
                cost = cl.trace.values.get("nguyên giá")
                pct, threshold = Decimal(str(salvage["pct"])), Decimal(str(salvage["min_cost"]))
                if cost is not None:
                    # the term is the depreciation before salvage; the salvage share is taken off per scenario
                    if cost >= threshold:
                        amount = amount / (1 - pct / 100) if pct != 100 else Decimal(0)
                    asset = (cost, pct, threshold)
            terms.append(_Term(j, amount, {**common, "equipment": 1, key: 1}, f"{label} ({part})", asset))
        return terms
    raise ValueError(tr("scenarios.no_rule", norm=up.norm, id=cl.id, component=cl.component))


@dataclass
class CostModel:
    """The cost structure of several unit prices, for many scenarios at once (floats).

    ``terms`` are the exact line figures split by what multiplies them;
    ``exponents[name]`` says, per term, how many times factor ``name`` multiplies it
    (``working_days`` divides: -1).
    """

    services: list[str]
    official: list[Decimal]
    amount: np.ndarray
    service_of: np.ndarray
    exponents: dict[str, np.ndarray]
    management_pct: np.ndarray
    labels: list[str] = field(default_factory=list)
    asset_cost: np.ndarray | None = None
    salvage_pct: np.ndarray | None = None
    salvage_min: np.ndarray | None = None
    lines: list[list[tuple[str, str, float]]] = field(default_factory=list)

    @classmethod
    def from_unit_prices(
        cls, unit_prices: UnitPrice | Sequence[UnitPrice], parameters: Parameters | None = None
    ) -> CostModel:
        """The model of Decimal unit prices (``dm.cost_norm``); ``parameters``: those the costing used.

        Every line's terms add up exactly (Decimal) to the line's exact figure; a
        line the model cannot split is an error, never a silent approximation.
        """
        from ..params import default_parameters

        ups = [unit_prices] if isinstance(unit_prices, UnitPrice) else list(unit_prices)
        params = parameters or default_parameters()
        terms: list[_Term] = []
        mg, lines = [], []
        for j, up in enumerate(ups):
            try:
                salvage = params.value("costing_rules.salvage", up.on)
            except Exception:  # noqa: BLE001 - no salvage rule on that date: depreciation is held as costed
                salvage = None
            by_id: dict[str, list[_Term]] = {}
            for cl in up.lines:
                if cl.component == "management":
                    continue
                if cl.percent is not None:
                    made = [
                        _Term(j, t.amount * cl.percent / 100, dict(t.factors), f"{up.norm}/{cl.id} {cl.name}", t.asset)
                        for b in cl.percent_of
                        for t in by_id.get(b, [])
                    ]
                else:
                    made = _line_terms(j, up, cl, salvage)
                exact = sum((_asset_free(t) for t in made), Decimal(0))
                if abs(exact - cl.exact) > abs(cl.exact) * Decimal("1e-20") + Decimal("1e-12"):
                    raise ValueError(tr("scenarios.not_covered", norm=up.norm, id=cl.id, exact=exact, exact2=cl.exact))
                by_id[cl.id] = made
                terms += made
            mg.append(float(up.options.management_pct))
            kinds = {"labour": "base_salary", "materials": "materials", "equipment": "equipment"}
            lines.append(
                [
                    (f"{l.id} {l.name}", kinds[l.component], float(l.exact))
                    for l in up.lines
                    if l.component in kinds and l.percent is None
                ]
            )
        names = sorted({n for t in terms for n in t.factors} | set(FACTORS))
        exps = {n: np.array([t.factors.get(n, 0) for t in terms], dtype=np.int8) for n in names}
        has_asset = any(t.asset for t in terms)
        asset = lambda i: np.array([float(t.asset[i]) if t.asset else np.nan for t in terms])  # noqa: E731
        return cls(
            [up.norm for up in ups],
            [up.total for up in ups],
            np.array([float(t.amount) for t in terms]),
            np.array([t.service for t in terms], dtype=np.int64),
            exps,
            np.asarray(mg, dtype=np.float64),
            [t.label for t in terms],
            asset(0) if has_asset else None,
            asset(1) if has_asset else None,
            asset(2) if has_asset else None,
            lines,
        )

    @property
    def factor_names(self) -> list[str]:
        """Every factor a scenario may set for these services."""
        return list(FACTORS) + sorted(n for n in self.exponents if n not in FACTORS)

    def evaluate(self, **factors: npt.ArrayLike) -> np.ndarray:
        """Unit prices for factor arrays (each broadcastable to ``(n,)`` or ``(n, 1)``); returns ``(n, services)``.

        Factor names other than Python identifiers go through a dict:
        ``m.evaluate(**{"line:KC01/VT2": 1.1})``.

        >>> import datetime as dt, dinhmuc as dm
        >>> from dinhmuc.costing import price_list_from_records
        >>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
        ...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}])
        >>> up = dm.cost_norm(norm, price_list_from_records(), dt.date(2025, 1, 15), {"management_pct": 0})
        >>> m = CostModel.from_unit_prices(up)
        >>> bool(abs(m.evaluate(base_salary=[1.0, 2.0])[1, 0] - 2 * float(up.exact_total)) < 1e-6)
        True
        """
        unknown = set(factors) - set(self.exponents)
        if unknown:
            raise KeyError(
                tr(
                    "scenarios.unknown_factor_2",
                    items=", ".join(sorted(unknown)),
                    factor_names=", ".join(self.factor_names),
                )
            )
        arrays = {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in factors.items()}
        n = max((a.size for a in arrays.values()), default=1)
        for k, a in arrays.items():
            if a.size not in (1, n):
                raise ValueError(tr("scenarios.factor_size", k=k, size=a.size, n=n))
        for k, a in arrays.items():
            if not np.all(a > 0):
                raise ValueError(tr("scenarios.factor_positive", k=k))
        names = tuple(arrays)
        merged, assets = self._collapsed(names)
        out = np.zeros((n, len(self.services)))
        for lo in range(0, n, _CHUNK):
            hi = min(n, lo + _CHUNK)
            logf = (
                np.column_stack(
                    [np.broadcast_to(np.log(a if a.size == 1 else a[lo:hi]), (hi - lo,)) for a in arrays.values()]
                )
                if names
                else np.zeros((hi - lo, 0))
            )
            # log-space: a term's multiplier is exp(sum over factors of exponent x log factor): one matrix product
            direct = (np.exp(logf @ merged["expo"]) * merged["amount"]) @ merged["onehot"]
            if assets["amount"].size:  # depreciation terms, one by one: the salvage threshold is judged per scenario
                terms = np.exp(logf @ assets["expo"]) * assets["amount"]
                cost = assets["cost"] * np.exp(logf @ assets["cost_expo"])
                # the rule compares the original cost with its threshold (exact in the Decimal costing); a cost
                # within float noise of the threshold is judged on its value rounded to 1e-6 đồng
                terms *= 1.0 - np.where(np.round(cost, 6) >= assets["min"], assets["pct"] / 100.0, 0.0)
                direct += terms @ assets["onehot"]
            mg = arrays.get("management", np.ones(1))
            mg = mg if mg.size == 1 else mg[lo:hi, None]
            out[lo:hi] = direct * (1.0 + self.management_pct * mg / 100.0)
        return out

    def _collapsed(self, names: tuple[str, ...]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """The terms for these factors: depreciation terms one by one, the others merged where the factors act
        alike (same service, same exponents), so that a scenario evaluates a few dozen columns, not every line."""
        cache = self.__dict__.setdefault("_collapse_cache", {})
        if names in cache:
            return cache[names]
        T, S = self.amount.size, len(self.services)
        expo = np.array([self.exponents[k] for k in names], dtype=np.float64).reshape(len(names), T)
        is_asset = ~np.isnan(self.asset_cost) if self.asset_cost is not None else np.zeros(T, dtype=bool)
        groups: dict[tuple, int] = {}
        amount: list[float] = []
        cols: list[np.ndarray] = []
        service: list[int] = []
        for i in np.flatnonzero(~is_asset):
            key = (int(self.service_of[i]), expo[:, i].tobytes())
            k = groups.setdefault(key, len(amount))
            if k == len(amount):
                amount.append(0.0)
                cols.append(expo[:, i])
                service.append(int(self.service_of[i]))
            amount[k] += self.amount[i]

        def onehot(of) -> np.ndarray:
            m = np.zeros((len(of), S))
            m[np.arange(len(of)), np.asarray(of, dtype=np.int64)] = 1.0
            return m

        merged = {
            "amount": np.asarray(amount),
            "expo": np.array(cols).T.reshape(len(names), len(amount)) if amount else np.zeros((len(names), 0)),
            "onehot": onehot(service),
        }
        a = np.flatnonzero(is_asset)
        assets = {
            "amount": self.amount[a],
            "expo": expo[:, a],
            "onehot": onehot(self.service_of[a]),
            "cost": self.asset_cost[a] if a.size and self.asset_cost is not None else np.zeros(0),
            "min": self.salvage_min[a] if a.size and self.salvage_min is not None else np.zeros(0),
            "pct": self.salvage_pct[a] if a.size and self.salvage_pct is not None else np.zeros(0),
            # the original cost moves with the equipment factor and its own line factor only
            "cost_expo": np.array(
                [
                    expo[j, a] if (k == "equipment" or k.startswith("line:")) else np.zeros(a.size)
                    for j, k in enumerate(names)
                ]
            ).reshape(len(names), a.size),
        }
        cache[names] = (merged, assets)
        return merged, assets


def _asset_free(term: _Term) -> Decimal:
    """A term's figure as costed (depreciation terms carry the salvage share off)."""
    if term.asset is None:
        return term.amount
    cost, pct, threshold = term.asset
    return term.amount * (1 - pct / 100) if cost >= threshold else term.amount


# ----------------------------------------------------------------------------
# Tornado
# ----------------------------------------------------------------------------


def tornado(
    unit_prices: UnitPrice | Sequence[UnitPrice],
    ranges: dict[str, tuple[float, float]] | None = None,
    path: str | os.PathLike | None = None,
    top_lines: int = 3,
) -> pd.DataFrame:
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
    model = unit_prices if isinstance(unit_prices, CostModel) else CostModel.from_unit_prices(unit_prices)
    rng = {**DEFAULT_RANGES, **(ranges or {})}
    unknown = set(rng) - set(FACTORS)
    if unknown:
        raise KeyError(tr("scenarios.unknown_factor", items=", ".join(sorted(unknown)), FACTORS=", ".join(FACTORS)))
    base = model.evaluate()[0]
    rows = []
    for name in FACTORS:
        lo, hi = rng[name]
        p_lo, p_hi = model.evaluate(**{name: [lo, hi]})
        for j, svc in enumerate(model.services):
            rows.append(
                {
                    "service": svc,
                    "factor": name,
                    "label": FACTOR_LABELS[name],
                    "low": lo,
                    "high": hi,
                    "base": base[j],
                    "price_low": p_lo[j],
                    "price_high": p_hi[j],
                    "swing": abs(p_hi[j] - p_lo[j]),
                }
            )
    for j, svc in enumerate(model.services):
        for label, kind, _amount in sorted(model.lines[j], key=lambda t: -abs(t[2]))[:top_lines]:
            key = f"line:{svc}/{label.split()[0]}"
            if key not in model.exponents:
                continue
            lo, hi = rng[kind]
            p_lo, p_hi = model.evaluate(**{key: [lo, hi]})[:, j]
            rows.append(
                {
                    "service": svc,
                    "factor": key,
                    "label": label,
                    "low": lo,
                    "high": hi,
                    "base": base[j],
                    "price_low": p_lo,
                    "price_high": p_hi,
                    "swing": abs(p_hi - p_lo),
                }
            )
    df = pd.DataFrame(rows).sort_values(["service", "swing"], ascending=[True, False], ignore_index=True)
    df.attrs["note"] = official_note()
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
    from ..core.chartfmt import short_label, vn_axis
    from ..core.vnformat import format_number

    height = 3.2 * nrows + 0.5
    fig = Figure(figsize=(7 * ncols, height))
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for j, (ax, svc) in enumerate(zip(axes.flat, services, strict=False)):
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
        ax.set_title(f"{svc}: {format_number(Decimal(model.official[j]) / 10**6, 2)} triệu đồng", fontsize=9)
        ax.set_xlabel("triệu đồng", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
        vn_axis(ax.xaxis)
    for ax in list(axes.flat)[len(services) :]:
        ax.axis("off")
    fig.suptitle(
        "Các yếu tố ảnh hưởng đến đơn giá (ước tính nhanh, không làm tròn từng dòng; "
        "đơn giá chính thức ở tiêu đề mỗi ô)",
        fontsize=9,
    )
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
    note: str = field(default_factory=official_note)

    def summary(self) -> pd.DataFrame:
        """Per service: the official Decimal price, mean, std and the 5/50/95 % quantiles of the scenarios."""
        q = np.percentile(self.samples, [5, 50, 95], axis=0)
        df = pd.DataFrame(
            {
                "service": self.services,
                "official": self.official,
                "mean": self.samples.mean(axis=0),
                "std": self.samples.std(axis=0),
                "p5": q[0],
                "p50": q[1],
                "p95": q[2],
            }
        )
        df.attrs["note"] = self.note
        return df

    def __repr__(self) -> str:
        return f"MonteCarloResult({self.samples.shape[0]} scenarios x {len(self.services)} services; {self.note})"


def monte_carlo(
    unit_prices: UnitPrice | Sequence[UnitPrice] | CostModel,
    n: int = 10_000,
    ranges: dict[str, tuple[float, float]] | None = None,
    seed: int | None = 0,
    distribution: str = "uniform",
) -> MonteCarloResult:
    """Unit prices under ``n`` random scenarios of the factors, drawn over declared ranges.

    ``ranges`` maps a factor to (low, high) multipliers (default
    :data:`DEFAULT_RANGES`; a factor absent stays at 1 only if given as (1, 1)).
    ``distribution``: ``uniform`` or ``triangular`` (mode 1 when inside the
    range, else the midpoint). Vectorised: all scenarios and services at once.

    >>> import datetime as dt, dinhmuc as dm
    >>> from dinhmuc.costing import price_list_from_records
    >>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
    ...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 10}])
    >>> up = dm.cost_norm(norm, price_list_from_records(), dt.date(2025, 1, 15), {"management_pct": 0})
    >>> r = monte_carlo(up, n=1000, ranges={k: (1, 1) for k in FACTORS} | {"base_salary": (1, 2)})
    >>> p = float(up.exact_total)
    >>> bool(p - 1e-6 <= r.samples.min() and r.samples.max() <= 2 * p + 1e-6)
    True
    """
    model = unit_prices if isinstance(unit_prices, CostModel) else CostModel.from_unit_prices(unit_prices)
    rng_ = {**DEFAULT_RANGES, **(ranges or {})}
    unknown = set(rng_) - set(model.exponents)
    if unknown:
        raise KeyError(
            tr(
                "scenarios.unknown_factor_2",
                items=", ".join(sorted(unknown)),
                factor_names=", ".join(model.factor_names),
            )
        )
    if n <= 0:
        raise ValueError(tr("scenarios.n_positive"))
    gen = np.random.default_rng(seed)
    draws: dict[str, np.ndarray] = {}
    for name in rng_:
        lo, hi = (float(x) for x in rng_[name])
        if hi < lo:
            raise ValueError(tr("scenarios.range", name=name, hi=hi, lo=lo))
        if hi == lo:
            draws[name] = np.full(n, lo)
        elif distribution == "uniform":
            draws[name] = gen.uniform(lo, hi, n)
        elif distribution == "triangular":
            mode = 1.0 if lo <= 1.0 <= hi else (lo + hi) / 2
            draws[name] = gen.triangular(lo, mode, hi, n)
        else:
            raise ValueError(tr("scenarios.distribution", distribution=distribution))
    samples = model.evaluate(**draws)
    return MonteCarloResult(model.services, samples, draws, model.official)
