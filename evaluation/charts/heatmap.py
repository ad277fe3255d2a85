"""Theme heatmap: the framework matrix drawn as themes by sites, grouped by category, each cell printed."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize

from evaluation.charts.chart import FONT, SMALL, Chart, checked_columns, counted, new_figure, plain, whole, wrapped
from evaluation.vocabulary import SMALL_NUMBER

CATEGORY_NAMES = {"facilitator": "Facilitators", "value": "Value", "challenge": "Challenges"}
# value column -> (what it is, how a cell prints it, unit in alt text, colour scale limits or None for the data's)
HEATMAP_VALUES = {
    "pct_interviews": ("% of the site's interviews mentioning the theme", whole, "%", (0, 100)),
    "pct_commenters": ("% of the site's survey commenters mentioning the theme", whole, "%", (0, 100)),
    "mean_sentiment": ("Mean sentiment of the theme's segments (VADER, −1 to 1)", "{:+.2f}".format, "", (-1, 1)),
    "segments": ("Segments coded with the theme", whole, " segments", None),
    "interviews_mentioning": ("Interviews mentioning the theme", whole, " interviews", None),
}


def theme_heatmap(matrix: pd.DataFrame, *, value: str = "pct_interviews", site_labels: Mapping[str, str] | None = None,
                  hidden: str | None = None, title: str | None = None) -> Chart:
    """Framework matrix as a heatmap: themes in rows grouped by category, sites in columns, the value in each cell.

    `matrix` is `framework_matrix` output (site_id, theme_id, category, theme_name and `value`, one row per site ×
    theme). Themes keep the matrix's (codebook) order within facilitator, value and challenge blocks, separated by
    lines and named on the right. Darker is higher (the "Greys" scale, fixed at 0–100 for pct_interviews and −1..1
    for mean_sentiment); each cell prints its value, white on dark cells and black on light ones; an empty cell
    (no segments for a mean) shows "–". `hidden` names a boolean column of cells withheld by disclosure control:
    they are left white and print "*". The alt text names the highest and lowest themes averaged over sites.
    """
    what, form, unit, limits = HEATMAP_VALUES.get(value, (value, "{:.3g}".format, "", None))
    data = checked_columns(matrix, ["site_id", "theme_id", "category", "theme_name", value], "theme_heatmap")
    if data.duplicated(["site_id", "theme_id"]).any():
        raise ValueError("theme_heatmap: a site × theme appears twice; pass one framework matrix (one row each)")
    themes = data.drop_duplicates("theme_id")[["theme_id", "theme_name", "category"]]
    category_order = list(dict.fromkeys(themes["category"]))
    themes = themes.sort_values("category", key=lambda c: c.map(category_order.index), kind="stable")
    sites = list(dict.fromkeys(data["site_id"]))
    grid = data.pivot(index="theme_id", columns="site_id", values=value).reindex(index=themes["theme_id"],
                                                                                  columns=sites)
    withheld = (data.pivot(index="theme_id", columns="site_id", values=hidden)
                .reindex(index=themes["theme_id"], columns=sites).fillna(False).to_numpy(bool)
                if hidden else np.zeros(grid.shape, bool))
    grid = grid.mask(withheld)
    values = grid.to_numpy(float)
    norm = Normalize(*(limits or (np.nanmin(values), np.nanmax(values))))
    cmap = matplotlib.colormaps["Greys"].with_extremes(bad="white")

    figure = new_figure(2.4 + 0.24 * len(themes))
    ax = figure.add_subplot()
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, norm=norm, edgecolors="white", linewidth=0.6)
    for (row, column), cell in np.ndenumerate(values):
        shown = "*" if withheld[row, column] else form(cell) if np.isfinite(cell) else "–"
        ax.text(column + 0.5, row + 0.5, shown, ha="center", va="center",
                fontsize=SMALL, color=_text_colour(cmap(norm(cell))[0] if np.isfinite(cell) else 1.0),
                gid=f"{sites[column]}:{themes['theme_id'].iloc[row]}")
    ax.set_ylim(len(themes), 0)
    ax.set_yticks(np.arange(len(themes)) + 0.5, [wrapped(t, 44) for t in themes["theme_name"]])
    ax.set_xticks(np.arange(len(sites)) + 0.5, [(site_labels or {}).get(s, s) for s in sites], rotation=45,
                  ha="left", rotation_mode="anchor")
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    blocks = themes["category"].map(category_order.index).to_numpy()
    edges = np.flatnonzero(np.diff(blocks)) + 1
    for edge in edges:
        ax.axhline(edge, color="black", linewidth=1.5)
    starts, ends = np.r_[0, edges], np.r_[edges, len(themes)]
    categories = ax.secondary_yaxis("right")
    categories.set_yticks((starts + ends) / 2, [CATEGORY_NAMES.get(c, c) for c in category_order], rotation=270,
                          va="center", fontsize=FONT, fontweight="bold")
    categories.tick_params(length=0)
    categories.spines["right"].set_visible(False)
    plain(ax, title or f"Framework matrix: {what[0].lower()}{what[1:]}")
    for spine in ax.spines.values():
        spine.set_visible(False)
    colorbar = figure.colorbar(mesh, ax=ax, location="bottom", shrink=0.5, aspect=35, pad=0.02)
    colorbar.set_label(what, fontsize=FONT)
    colorbar.ax.tick_params(labelsize=SMALL, colors="black")
    alt_text = _heatmap_alt_text(grid.rename(columns=site_labels or {}), themes, what, form, unit, category_order)
    if withheld.any():
        alt_text += (f" {counted(int(withheld.sum()), 'cell')} withheld by disclosure control (shown as *: fewer "
                     f"than {SMALL_NUMBER} people behind the figure).")
    return Chart(figure, alt_text)


def _text_colour(grey: float) -> str:
    """Black or white, whichever contrasts more with a grey background (WCAG relative luminance)."""
    linear = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    return "black" if (linear + 0.05) / 0.05 >= 1.05 / (linear + 0.05) else "white"


def _heatmap_alt_text(grid: pd.DataFrame, themes: pd.DataFrame, what: str, form: Callable, unit: str,
                      category_order: list[str]) -> str:
    blocks = ", ".join(counted(int((themes["category"] == c).sum()), c) for c in category_order)
    words = [f"Heatmap of {what[0].lower()}{what[1:]}: {len(themes)} themes in rows ({blocks}) by "
             f"{counted(grid.shape[1], 'site')} in columns, darker for higher values, each cell printed."]
    average = grid.mean(axis=1)  # over sites, each site counting once
    name = dict(zip(themes["theme_id"], themes["theme_name"]))

    def described(theme):
        row = grid.loc[theme]
        return (f"{name[theme]} (average {form(average[theme])}{unit}; from {form(row.min())}{unit} "
                f"at {row.idxmin()} to {form(row.max())}{unit} at {row.idxmax()})")

    if average.notna().any():
        words.append(f"Highest averaged over sites: {described(average.idxmax())}. Lowest: "
                     f"{described(average.idxmin())}.")
        tops = []
        for category in category_order:
            in_block = average[themes.set_index("theme_id")["category"].reindex(average.index) == category]
            if in_block.notna().any():
                top = in_block.idxmax()
                tops.append(f"{category}: {name[top]} ({form(in_block[top])}{unit})")
        words.append(f"Highest in each category: {'; '.join(tops)}.")
    return " ".join(words)
