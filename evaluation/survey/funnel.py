"""Funnel plots for proportions: is a site's % agree outside what chance allows for a site of its size?

Small sites scatter widely by chance and large ones hardly at all, so each site is judged against control limits
that narrow as its number of respondents n grows. When sites differ by more than sampling error alone explains
(over-dispersion, usual with real organisations), the limits are widened by a between-site variance τ² so that
ordinary variation between sites is not reported as "above" or "below".

The method is Spiegelhalter's, as NHS-R FunnelPlotR implements it for proportions (``data_type = "PR"``):

* on the arcsine scale  yᵢ = asin(√pᵢ),  sᵢ = 1 / (2√nᵢ),  target θ = asin(√p₀) with p₀ = Σx / Σn (or given);
* zᵢ = (yᵢ − θ) / sᵢ, Winsorised at the 10th and 90th percentiles (R's default quantile, numpy's "linear");
* φ = (1/k) Σ z_w²; over-dispersed when φ > 1;
* then τ² = max(0, (kφ − (k − 1)) / (Σwᵢ − Σwᵢ² / Σwᵢ)) with wᵢ = 1/sᵢ² (DerSimonian–Laird), else τ² = 0;
* limits at n: sin²(θ ± z_α √(1/(4n) + τ²)), z_α = 1.959964 (95%) and 3.090232 (99.8%), kept within [0, 1];
* adjusted zᵢ = (yᵢ − θ) / √(sᵢ² + τ²).

References: Spiegelhalter DJ (2005) Funnel plots for comparing institutional performance. Stat Med 24:1185–1202;
Spiegelhalter DJ, Sherlaw-Johnson C, Bardsley M et al (2012) Statistical methods for healthcare regulation:
rating, screening and surveillance. J R Stat Soc A 175:1–47; Mainey C et al, FunnelPlotR (NHS-R Community).
Checked against FunnelPlotR's source (transformed_zscore, winsorisation, phi_func, tau_func, calculate_limits) and
against datasets worked by hand in tests/test_funnel.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

Z_95 = 1.959964
Z_998 = 3.090232
WELL_BELOW, BELOW, WITHIN, ABOVE, WELL_ABOVE = (
    "well below the expected range", "below the expected range", "within the expected range",
    "above the expected range", "well above the expected range")
LIMIT_COLUMNS = ("lower_95", "upper_95", "lower_998", "upper_998")


@dataclass(frozen=True)
class FunnelResult:
    """Per-site limits and bands (``table``) plus the over-dispersion estimates behind them.

    ``target`` is the centre line as a proportion; ``tau2`` is the τ² the limits use (0 when they are unadjusted);
    ``note`` says in words whether and why the limits were widened.
    """

    table: pd.DataFrame
    target: float
    phi: float
    tau2: float
    k: int
    dispersed: bool
    note: str

    def curve(self, n_grid: Iterable[float] | None = None) -> pd.DataFrame:
        """Limits along a grid of n, for drawing the funnel (by default from half the smallest n to the largest)."""
        if n_grid is None:
            sizes = self.table["n"]
            n_grid = np.linspace(max(1.0, sizes.min() / 2), sizes.max() * 1.05, 400)
        n = np.asarray(list(n_grid), dtype=float)
        if n.size and not (n > 0).all():
            raise ValueError("curve: every n in n_grid must be positive")
        limits = _limits(np.arcsin(np.sqrt(self.target)), np.sqrt(1 / (4 * n) + self.tau2))
        return pd.DataFrame({"n": n, "target": self.target, **limits})


class FunnelFigure(NamedTuple):
    figure: object  # matplotlib.figure.Figure; matplotlib is imported only when a plot is drawn
    alt_text: str


def funnel_limits(table: pd.DataFrame, unit: str = "site_id", numerator: str = "numerator",
                  denominator: str = "n", target: float | None = None, winsorise: float = 0.1,
                  random_effects: bool = True, measure: str | None = None) -> FunnelResult:
    """Funnel-plot limits for a proportion per site, with Spiegelhalter's over-dispersion adjustment.

    One row per site: ``numerator`` respondents out of ``denominator`` (n) said yes / agreed. The formulas are in
    the module docstring. ``target`` defaults to the pooled proportion Σx / Σn. With fewer than 3 sites φ is not
    estimated (NaN) and the limits are unadjusted; ``random_effects=False`` also keeps them unadjusted. ``measure``
    is a label copied into the table. Bands compare the proportion with the limits at the site's own n: beyond a
    95% limit is "above/below the expected range", beyond 99.8% "well above/below".

    Reference: Spiegelhalter (2005) Stat Med 24:1185; Spiegelhalter et al (2012) JRSS A 175:1; NHS-R FunnelPlotR.
    Checked against FunnelPlotR's source and hand-worked examples (φ, τ², limits, bands) in tests/test_funnel.py.

    >>> sites = pd.DataFrame({"site_id": ["A", "B", "C", "D", "E"], "numerator": [12, 70, 95, 200, 260],
    ...                       "n": [20, 100, 200, 300, 400]})
    >>> result = funnel_limits(sites, measure="agree")
    >>> round(result.target, 4), round(result.phi, 3), round(result.tau2, 5), result.dispersed
    (0.6245, 2.599, 0.0031, True)
    >>> result.table[["site_id", "n", "proportion", "lower_95", "upper_95", "band"]].round(3)
      site_id    n  proportion  lower_95  upper_95                       band
    0       A   20       0.600     0.382     0.838  within the expected range
    1       B  100       0.700     0.479     0.759  within the expected range
    2       C  200       0.475     0.497     0.744   below the expected range
    3       D  300       0.667     0.503     0.739  within the expected range
    4       E  400       0.650     0.506     0.736  within the expected range
    """
    if not 0 <= winsorise < 0.5:
        raise ValueError(f"winsorise is the share trimmed at each end, from 0 up to (not including) 0.5; "
                         f"got {winsorise}")
    data = _checked_sites(table, unit, numerator, denominator)
    x, n = data[numerator].to_numpy(float), data[denominator].to_numpy(float)
    p = x / n
    if target is None:
        target = x.sum() / n.sum()
    elif not 0 <= target <= 1:
        raise ValueError(f"target is a proportion between 0 and 1; got {target}")
    theta = np.arcsin(np.sqrt(target))
    s = 1 / (2 * np.sqrt(n))
    z = (np.arcsin(np.sqrt(p)) - theta) / s
    k = len(z)

    phi, tau2, dispersed = float("nan"), 0.0, False
    if k < 3:
        note = f"only {k} site(s): over-dispersion not estimated (needs at least 3); limits are unadjusted"
    else:
        lowest, highest = np.percentile(z, [100 * winsorise, 100 * (1 - winsorise)])
        phi = float(np.mean(np.clip(z, lowest, highest) ** 2))
        dispersed = phi > 1  # FunnelPlotR draws unadjusted limits when φ ≤ 1
        if not dispersed:
            note = f"not over-dispersed (φ = {phi:.2f} ≤ 1): limits are unadjusted"
        elif not random_effects:
            note = f"over-dispersed (φ = {phi:.2f}) but random_effects=False: limits are unadjusted"
        else:
            w = 1 / s**2
            tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
            note = f"over-dispersed (φ = {phi:.2f}): limits widened by τ² = {tau2:.3g} (additive random effects)"

    sigma = np.sqrt(s**2 + tau2)
    limits = _limits(theta, sigma)
    out = pd.DataFrame({unit: data[unit].to_numpy()})
    if measure is not None:
        out["measure"] = measure
    out = out.assign(n=data[denominator].to_numpy(), numerator=data[numerator].to_numpy(), proportion=p,
                     target=float(target), **limits)
    out["band"] = _bands(p, limits)
    out["z"] = (np.arcsin(np.sqrt(p)) - theta) / sigma
    return FunnelResult(out, float(target), phi, float(tau2), k, dispersed, note)


def funnel_plot(result: FunnelResult, ax=None, title: str | None = None, label_units: str | Iterable = "outside",
                x_label: str = "Respondents (n)", y_label: str = "Proportion") -> FunnelFigure:
    """Draw the funnel: sites as points, the target line, 95% limits dashed and 99.8% limits solid.

    Everything is black on white, so it reads in greyscale: the target line is dotted, sites outside the 95%
    limits are filled and the rest hollow. ``label_units`` is "outside" (label sites beyond 95%), "all", "none",
    or an iterable of site ids. Returns the figure and alt text saying how many sites fall in each band.
    """
    from matplotlib.figure import Figure  # no pyplot: nothing global, works headless like the Agg backend
    from matplotlib.ticker import PercentFormatter

    if ax is None:
        figure = Figure(figsize=(7, 4.5))
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    table = result.table
    unit = table.columns[0]
    curve = result.curve()
    ax.axhline(result.target, color="black", linewidth=1, linestyle=":", gid="target",
               label=f"Overall {result.target:.0%}")
    for level, style, width, name in (("95", "--", 1, "95% limits"), ("998", "-", 1.2, "99.8% limits")):
        for side in ("lower", "upper"):
            ax.plot(curve["n"], curve[f"{side}_{level}"], color="black", linestyle=style, linewidth=width,
                    gid=f"{side}_{level}", label=name if side == "upper" else "_nolegend_")
    outside = (table["band"] != WITHIN).to_numpy()
    ax.scatter(table["n"][~outside], table["proportion"][~outside], facecolors="white", edgecolors="black",
               zorder=3, label="Site")
    ax.scatter(table["n"][outside], table["proportion"][outside], color="black", zorder=3,
               label="Site outside 95% limits")

    if isinstance(label_units, str):
        labelled = {"outside": outside, "all": np.ones(len(table), bool), "none": np.zeros(len(table), bool)}
        if label_units not in labelled:
            raise ValueError(f"label_units is 'outside', 'all', 'none' or a list of {unit}s; got {label_units!r}")
        mask = labelled[label_units]
    else:
        mask = table[unit].isin(list(label_units)).to_numpy()
    for row in table[mask].itertuples(index=False):
        ax.annotate(str(getattr(row, unit)), (row.n, row.proportion), xytext=(4, 4), textcoords="offset points",
                    fontsize=8)

    measure = table["measure"].iloc[0] if "measure" in table else None
    ax.set_title(title or (f"Funnel plot: {measure}" if measure else "Funnel plot"))
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlim(left=0)
    ax.legend(fontsize=8, frameon=False, title="Limits adjusted for over-dispersion" if result.tau2 > 0 else None,
              title_fontsize=8)
    return FunnelFigure(figure, _alt_text(result, measure))


def _checked_sites(table: pd.DataFrame, unit: str, numerator: str, denominator: str) -> pd.DataFrame:
    missing = [c for c in (unit, numerator, denominator) if c not in table.columns]
    if missing:
        raise ValueError(f"funnel_limits: column(s) {missing} not in the table; it has {list(table.columns)}")
    if table.empty:
        raise ValueError("funnel_limits: the table has no sites")
    repeated = table[unit][table[unit].duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"funnel_limits: {unit} {repeated} appear more than once; give one row per {unit} "
                         f"(sum the numerators and denominators first)")
    data = table[[unit, numerator, denominator]].copy()
    for column in (numerator, denominator):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    for row in data.itertuples(index=False):
        name, x, n = row
        if pd.isna(x) or pd.isna(n):
            raise ValueError(f"{unit} {name!r}: {numerator} or {denominator} is missing or not a number")
        if n <= 0:
            raise ValueError(f"{unit} {name!r}: {denominator} = {n:g}; a site needs at least one respondent "
                             f"to be placed on a funnel (drop it or fix {denominator})")
        if not 0 <= x <= n:
            raise ValueError(f"{unit} {name!r}: {numerator} = {x:g} is outside 0..{denominator} ({n:g})")
    return data


def _limits(theta: float, sigma: np.ndarray) -> dict[str, np.ndarray]:
    # Clipping on the arcsine scale keeps the limits in [0, 1]: past 0 or π/2, sin² would fold back inwards.
    def back(angle):
        return np.sin(np.clip(angle, 0, np.pi / 2)) ** 2

    return {"lower_95": back(theta - Z_95 * sigma), "upper_95": back(theta + Z_95 * sigma),
            "lower_998": back(theta - Z_998 * sigma), "upper_998": back(theta + Z_998 * sigma)}


def _bands(p: np.ndarray, limits: dict[str, np.ndarray]) -> np.ndarray:
    return np.select(
        [p > limits["upper_998"], p > limits["upper_95"], p < limits["lower_998"], p < limits["lower_95"]],
        [WELL_ABOVE, ABOVE, WELL_BELOW, BELOW], default=WITHIN).astype(object)


def _alt_text(result: FunnelResult, measure: str | None) -> str:
    bands = result.table["band"].value_counts()
    above, well_above = bands.get(ABOVE, 0) + bands.get(WELL_ABOVE, 0), bands.get(WELL_ABOVE, 0)
    below, well_below = bands.get(BELOW, 0) + bands.get(WELL_BELOW, 0), bands.get(WELL_BELOW, 0)
    within = bands.get(WITHIN, 0)

    def sites(count):
        return f"{count} site{'' if count == 1 else 's'}"

    what = f" of {measure}" if measure else ""
    adjusted = " (widened for over-dispersion between sites)" if result.tau2 > 0 else ""
    return (f"Funnel plot{what} for {sites(result.k)}: each site's proportion against its number of respondents, "
            f"with the overall proportion ({result.target:.1%}) and 95% and 99.8% limits{adjusted}. "
            f"Above the expected range: {sites(above)} ({well_above} well above, beyond the 99.8% limit). "
            f"Below the expected range: {sites(below)} ({well_below} well below). "
            f"Within the expected range: {sites(within)}.")
