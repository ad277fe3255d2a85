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

from evaluation.disclosure import disclosed_count, disclosed_share
from evaluation.vocabulary import ROUNDING_BASE

Z_95 = 1.959964
Z_998 = 3.090232
WELL_BELOW, BELOW, WITHIN, ABOVE, WELL_ABOVE = (
    "well below the expected range", "below the expected range", "within the expected range",
    "above the expected range", "well above the expected range")
END = 0.005  # half a percentage point: proportions and limits are published in whole percentages
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
    95% limit is "above/below the expected range", beyond 99.8% "well above/below"; a limit that reads 100% (or 0%)
    once rounded counts as 100% (0%), so a site at 100% is never "above" it.

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


def funnel_plot(result: FunnelResult, ax=None, title: str | None = None, label_units: str | Iterable = "all",
                x_label: str = "Respondents (n)", y_label: str = "Proportion",
                measure_label: str | None = None) -> FunnelFigure:
    """Draw the funnel as it may be published: sites as points, the target line, 95% limits dashed, 99.8% solid.

    Only disclosed values are drawn (`evaluation.disclosure`): a site sits at its n rounded to the nearest 5 and at
    its proportion only when `disclosed_share` allows it; a site whose proportion would reveal 1 to 7 people (fewer
    than 8 respondents, or 1 to 7 of them answering either way) is no point at all, only a name in the note under
    the chart. The limits are drawn from every site's true counts: they are not counts of anyone.

    Black on white, so it reads in greyscale: the target line is dotted, sites outside the 95% limits are filled,
    the rest hollow. ``label_units`` names the points: "all" (default), "outside" (sites beyond the 95% limits),
    "none", or an iterable of site names. ``measure_label`` says in words what the proportion is, for the title and
    the alt text (default: the table's measure). Returns the figure and alt text naming the sites outside the limits.
    """
    from matplotlib.figure import Figure  # no pyplot: nothing global, works headless like the Agg backend
    from matplotlib.ticker import MultipleLocator, PercentFormatter

    from evaluation.charts.chart import SMALL, TITLE, WIDTH, add_note, wrapped
    from evaluation.charts.labels import label_points

    own = ax is None
    if own:
        figure = Figure(figsize=(WIDTH, 5.2), layout="constrained", facecolor="white")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    table = disclosed_sites(result.table)
    unit = table.columns[0]
    drawn = table[table["drawn"]]
    measure = measure_label or (str(result.table["measure"].iloc[0]) if "measure" in result.table else None)
    top = _axis_end(drawn["shown_n"].max() if len(drawn) else 10 * ROUNDING_BASE)
    curve = result.curve(np.linspace(ROUNDING_BASE / 2, top, 400))
    ax.axhline(result.target, color="black", linewidth=1, linestyle=":", gid="target",
               label=f"Overall {result.target:.0%}")
    for level, style, width, name in (("95", "--", 1, "95% limits"), ("998", "-", 1.2, "99.8% limits")):
        for side in ("lower", "upper"):
            ax.plot(curve["n"], curve[f"{side}_{level}"], color="black", linestyle=style, linewidth=width,
                    gid=f"{side}_{level}", label=name if side == "upper" else "_nolegend_")
    outside = (drawn["band"] != WITHIN).to_numpy()
    for filled, name in ((False, "Site"), (True, "Site outside the 95% limits")):
        chosen = drawn[outside == filled]
        ax.scatter(chosen["shown_n"], chosen["shown_p"], s=30, zorder=3, linewidths=1.2, edgecolors="black",
                   facecolors="black" if filled else "white", label=name, gid="outside" if filled else "within")
    ax.set_xlim(0, top)
    ax.set_ylim(-0.03, 1.03)
    ax.xaxis.set_major_locator(MultipleLocator(_tick_step(top)))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    ax.set_xlabel(f"{x_label}, rounded to the nearest {ROUNDING_BASE}")
    ax.set_ylabel(y_label)
    ax.set_title(wrapped(title or (f"Funnel plot: {measure}" if measure else "Funnel plot"), 80), loc="left",
                 fontsize=TITLE, fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    hidden = table.loc[~table["drawn"], unit].astype(str).tolist()
    if hidden:
        add_note(figure, f"Not shown: {', '.join(hidden)} — {HIDDEN_REASON}.")
    legend = {"title": "Limits widened for over-dispersion" if result.tau2 > 0 else None, "fontsize": SMALL,
              "title_fontsize": SMALL, "frameon": False}
    if own:  # under the axes, as part of them, so the layout keeps it clear of the note
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, **legend)
    else:
        ax.legend(**legend)
    names = drawn[unit].astype(str)
    if isinstance(label_units, str):
        masks = {"outside": outside, "all": np.ones(len(drawn), bool), "none": np.zeros(len(drawn), bool)}
        if label_units not in masks:
            raise ValueError(f"label_units is 'outside', 'all', 'none' or a list of {unit}s; got {label_units!r}")
        labelled = masks[label_units]
    else:
        labelled = names.isin([str(u) for u in label_units]).to_numpy()
    label_points(ax, drawn["shown_n"].to_numpy(float)[labelled], drawn["shown_p"].to_numpy(float)[labelled],
                 names[labelled].tolist())
    return FunnelFigure(figure, _alt_text(result, table, measure))


HIDDEN_REASON = "too few responses to show without identifying people"


def disclosed_sites(table: pd.DataFrame) -> pd.DataFrame:
    """The funnel table with what may be published of each site: shown_n (n rounded), shown_p (the proportion, NaN
    where `disclosed_share` hides it) and drawn (whether the site can be a point)."""
    unit = table.columns[0]
    shown_n = [disclosed_count(n) for n in table["n"]]
    shares = [disclosed_share(x, n) for x, n in zip(table["numerator"], table["n"])]
    return pd.DataFrame({unit: table[unit].to_numpy(), "shown_n": [np.nan if v is None else v for v in shown_n],
                         "shown_p": [np.nan if v is None else v for v in shares], "band": table["band"].to_numpy(),
                         "drawn": [v is not None for v in shares]})


def _axis_end(largest: float) -> float:
    """Where the n axis ends: past the largest drawn n, on a tick."""
    step = _tick_step(largest * 1.08)
    return float(np.ceil(largest * 1.08 / step) * step)


def _tick_step(span: float) -> float:
    """A step of 10, 20, 25, 50, 100, ... giving at most 7 ticks: never a tick at 1 to 7, which could read as a
    count of people."""
    steps = sorted(b * 10**k for k in range(1, 8) for b in (1, 2, 2.5, 5))
    return next(step for step in steps if span / step <= 7)


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
    """Where each proportion falls against its limits. A limit within half a percentage point of 0% or 100% is
    published as that end of the scale, so it counts as the end itself: a reader shown a site at 100% and an upper
    limit of 100% (99.6%, say) must not read that the site is above it."""
    ends = {name: np.where(value >= 1 - END, 1.0, np.where(value <= END, 0.0, value))
            for name, value in limits.items()}
    return np.select(
        [p > ends["upper_998"], p > ends["upper_95"], p < ends["lower_998"], p < ends["lower_95"]],
        [WELL_ABOVE, ABOVE, WELL_BELOW, BELOW], default=WITHIN).astype(object)


def _alt_text(result: FunnelResult, table: pd.DataFrame, measure: str | None) -> str:
    """What the chart shows, from disclosed values only: sites outside the limits by name and proportion, how many
    sit within them, and the sites not shown by name alone."""
    unit = table.columns[0]
    drawn = table[table["drawn"]]

    def sites(count):
        return f"{count} site{'' if count == 1 else 's'}"

    def described(bands, far):
        chosen = drawn[drawn["band"].isin(bands)]
        if chosen.empty:
            return "none"
        return "; ".join(f"{row[unit]} ({row['shown_p']:.0%}, n≈{row['shown_n']:.0f}"
                         f"{', ' + far if row['band'] == bands[0] else ''})" for _, row in chosen.iterrows())

    what = f" of {measure}" if measure else ""
    adjusted = " (widened for over-dispersion between sites)" if result.tau2 > 0 else ""
    words = [f"Funnel plot{what} for {sites(result.k)}: each site's proportion against its number of respondents "
             f"(rounded to the nearest {ROUNDING_BASE}), with the overall proportion ({result.target:.0%}) and 95% "
             f"and 99.8% limits{adjusted}."]
    if drawn.empty:
        words.append("No site can be drawn without identifying people.")
    else:
        words += [f"Above the expected range: {described((WELL_ABOVE, ABOVE), 'beyond the 99.8% limit')}.",
                  f"Below the expected range: {described((WELL_BELOW, BELOW), 'beyond the 99.8% limit')}.",
                  f"Within the expected range: {sites(int((drawn['band'] == WITHIN).sum()))}."]
    hidden = table.loc[~table["drawn"], unit].astype(str).tolist()
    if hidden:
        words.append(f"Not shown ({HIDDEN_REASON}): {', '.join(hidden)}.")
    return " ".join(words)
