"""Theme heatmap: the framework matrix drawn as themes by sites, grouped by category, each cell printed.

Only disclosed values are drawn or written (`evaluation.disclosure`): a share of interviews or commenters is shown
as `disclosed_share` allows it, a count as `disclosed_count` gives it, a mean only when at least 8 people are behind
it. A hidden cell is white and prints "*"; a site with no cell to show is no column, only a name in the note.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize

from evaluation.charts.chart import (FONT, SMALL, Chart, add_note, checked_columns, new_figure, plain,
                                     whole, wrapped)
from evaluation.prose import counted, joined
from evaluation.disclosure import disclosed_count, disclosed_share
from evaluation.vocabulary import SMALL_NUMBER, SUPPRESSED


def percent(value: float) -> str:
    return f"{whole(value)}%"


@dataclass(frozen=True)
class HeatmapValue:
    """How one framework-matrix column is drawn and disclosed."""
    what: str  # what a cell is, for the colour bar and the alt text
    form: Callable[[float], str]  # how a cell prints it
    limits: tuple[float, float] | None  # colour scale; None: the shown values' range
    rule: str  # share (numerator of base, as disclosed_share allows) | count | statistic (on base people)
    numerator: str | None = None
    base: str | None = None
    people: str = "people"  # who the base counts, for the note


HEATMAP_VALUES = {
    "pct_interviews": HeatmapValue("% of the site's interviews mentioning the theme", percent, (0, 100), "share",
                                   "interviews_mentioning", "interviews", "interviews"),
    "pct_commenters": HeatmapValue("% of the site's survey commenters mentioning the theme", percent, (0, 100),
                                   "share", "commenters_mentioning", "commenters", "comments"),
    "mean_sentiment": HeatmapValue("Mean sentiment of the theme's segments (VADER, −1 to 1)", "{:+.2f}".format,
                                   (-1, 1), "statistic", base="interviews_mentioning", people="interviews"),
    "segments": HeatmapValue("Segments coded with the theme", whole, None, "count"),
    "interviews_mentioning": HeatmapValue("Interviews mentioning the theme", whole, None, "count"),
}


def theme_heatmap(matrix: pd.DataFrame, *, value: str = "pct_interviews", site_labels: Mapping[str, str] | None = None,
                  category_labels: Mapping[str, str] | None = None, hidden: str | None = None,
                  title: str | None = None) -> Chart:
    """Framework matrix as a heatmap: themes in rows grouped by category, sites in columns, the value in each cell.

    `matrix` is `framework_matrix` output (site_id, theme_id, category, theme_name, `value` and the counts its
    disclosure needs, one row per site × theme). Themes keep the matrix's (codebook) order within category blocks,
    separated by lines and named on the right (`category_labels`: category id -> the codebook's name). Site names
    (`site_labels`) are written horizontally above their columns, in two staggered rows when they are too long
    for one. Darker is higher (the "Greys" scale); each cell prints its disclosed value, white on dark cells and
    black on light ones; an empty cell (no segments for a mean) shows "–". `hidden` names a boolean column of cells
    the published table withholds (secondary suppression): they are hidden here too.
    """
    if value not in HEATMAP_VALUES:
        raise ValueError(f"theme_heatmap draws {sorted(HEATMAP_VALUES)}, whose disclosure it knows; not {value!r}")
    spec = HEATMAP_VALUES[value]
    needed = [c for c in (value, spec.numerator, spec.base) if c]
    data = checked_columns(matrix, ["site_id", "theme_id", "category", "theme_name", *needed], "theme_heatmap")
    if data.duplicated(["site_id", "theme_id"]).any():
        raise ValueError("theme_heatmap: a site × theme appears twice; pass one framework matrix (one row each)")
    shown_values = disclosed_cells(data, spec, value)
    withheld_cells = shown_values.isna() & (data[value].notna() if spec.rule == "statistic" else True)
    if hidden:
        withheld_cells |= data[hidden].fillna(True).astype(bool)
        shown_values = shown_values.mask(withheld_cells)
    data = data.assign(shown=shown_values, withheld=withheld_cells)
    themes = data.drop_duplicates("theme_id")[["theme_id", "theme_name", "category"]]
    category_order = list(dict.fromkeys(themes["category"]))
    themes = themes.sort_values("category", key=lambda c: c.map(category_order.index), kind="stable")
    all_sites = list(dict.fromkeys(data["site_id"]))
    empty = set(data.groupby("site_id")["withheld"].all().loc[lambda s: s].index)
    sites = [s for s in all_sites if s not in empty]
    site_name = {s: (site_labels or {}).get(s, s) for s in all_sites}
    grid = data.pivot(index="theme_id", columns="site_id", values="shown").reindex(index=themes["theme_id"],
                                                                                   columns=sites)
    withheld = (data.pivot(index="theme_id", columns="site_id", values="withheld")
                .reindex(index=themes["theme_id"], columns=sites).fillna(True).to_numpy(bool))
    values = grid.to_numpy(float)
    finite = values[np.isfinite(values)]
    norm = Normalize(*(spec.limits or ((finite.min(), finite.max()) if finite.size else (0, 1))))
    cmap = matplotlib.colormaps["Greys"].with_extremes(bad="white")

    figure = new_figure(2.6 + 0.26 * len(themes))
    ax = figure.add_subplot()
    if sites:
        ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, norm=norm, edgecolors="#d9d9d9", linewidth=0.6)
    for (row, column), cell in np.ndenumerate(values):
        shown = SUPPRESSED if withheld[row, column] else spec.form(cell) if np.isfinite(cell) else "–"
        ax.text(column + 0.5, row + 0.5, shown, ha="center", va="center",
                fontsize=SMALL, color=_text_colour(cmap(norm(cell))[0] if np.isfinite(cell) else 1.0),
                gid=f"{sites[column]}:{themes['theme_id'].iloc[row]}")
    ax.set_ylim(len(themes), 0)
    ax.set_xlim(0, max(len(sites), 1))
    ax.set_yticks(np.arange(len(themes)) + 0.5, [wrapped(t, 30) for t in themes["theme_name"]], fontsize=SMALL)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    _category_blocks(ax, themes, category_order, category_labels or {})
    plain(ax, title or f"Framework matrix: {spec.what[0].lower()}{spec.what[1:]}")
    ax.tick_params(axis="y", labelsize=SMALL)
    for spine in ax.spines.values():
        spine.set_visible(False)
    note = []
    if withheld.any():
        note.append(f"{SUPPRESSED} = not shown: the figure would reveal 1 to {SMALL_NUMBER - 1} people.")
    if empty:
        note.append(f"Not shown: {', '.join(site_name[s] for s in all_sites if s in empty)} — too few "
                    f"{spec.people} to show without identifying people.")
    if note:
        add_note(figure, " ".join(note))
    colorbar = figure.colorbar(matplotlib.cm.ScalarMappable(norm, cmap), ax=ax, location="bottom", shrink=0.5, aspect=35, pad=0.02)
    colorbar.set_label(spec.what, fontsize=FONT)
    colorbar.ax.tick_params(labelsize=SMALL, colors="black")
    _site_header(ax, [site_name[s] for s in sites])
    alt_text = _heatmap_alt_text(grid.rename(columns=site_name), themes, spec, category_order, category_labels or {})
    if withheld.any():
        alt_text += (f" {counted(int(withheld.sum()), 'cell')} not shown (printed {SUPPRESSED}): the figure would "
                     f"reveal 1 to {SMALL_NUMBER - 1} people.")
    if empty:
        alt_text += (f" Not shown (too few {spec.people} to show without identifying people): "
                     f"{joined([site_name[s] for s in all_sites if s in empty])}.")
    return Chart(figure, alt_text)


def disclosed_cells(data: pd.DataFrame, spec: HeatmapValue, value: str) -> pd.Series:
    """Each cell's value as it may be published, NaN where hidden (or where there is none, e.g. a mean of nothing)."""
    if spec.rule == "share":
        shares = [disclosed_share(x, n) for x, n in zip(data[spec.numerator], data[spec.base])]
        return pd.Series([np.nan if s is None else 100 * s for s in shares], index=data.index, dtype=float)
    if spec.rule == "count":
        counts = [disclosed_count(k) for k in data[value]]
        return pd.Series([np.nan if k is None else k for k in counts], index=data.index, dtype=float)
    return data[value].astype(float).where(data[spec.base] >= SMALL_NUMBER)


def _category_blocks(ax, themes: pd.DataFrame, category_order: list[str], names: Mapping[str, str]) -> None:
    blocks = themes["category"].map(category_order.index).to_numpy()
    edges = np.flatnonzero(np.diff(blocks)) + 1
    for edge in edges:
        ax.axhline(edge, color="black", linewidth=1.5)
    starts, ends = np.r_[0, edges], np.r_[edges, len(themes)]
    categories = ax.secondary_yaxis("right")
    categories.set_yticks((starts + ends) / 2, [names.get(c, c) for c in category_order], rotation=270,
                          va="center", fontsize=FONT, fontweight="bold")
    categories.tick_params(length=0)
    categories.spines["right"].set_visible(False)


def _site_header(ax, names: list[str]) -> None:
    """Site names written horizontally above their columns: wrapped to the column's width, or, when a word is too
    long for that, in two staggered rows (every other name raised) with twice the width each."""
    figure = ax.figure
    figure.draw_without_rendering()
    column = ax.get_window_extent().width / max(len(names), 1) * 72 / figure.dpi  # points
    fitted = [_wrapped_to(figure, name, column - 3) for name in names]
    staggered = any(width > column - 3 for _, width in fitted)
    if staggered:
        fitted = [_wrapped_to(figure, name, 1.9 * column - 3) for name in names]
    ax.set_xticks(np.arange(len(names)) + 0.5, [text for text, _ in fitted], fontsize=SMALL, ha="center")
    if staggered:
        probe = [figure.text(0, 0, text, fontsize=SMALL) for text, _ in fitted[::2]]
        lower = max(p.get_window_extent().height for p in probe) * 72 / figure.dpi
        for p in probe:
            p.remove()
        for tick in ax.xaxis.get_major_ticks()[1::2]:
            tick.set_pad(lower + 6)


def _wrapped_to(figure, text: str, width: float) -> tuple[str, float]:
    """`text` wrapped to the most characters a line whose drawn width (points, at SMALL) fits `width`; and the
    widest line's width (over `width` only when a single word is wider)."""
    for chars in range(max(len(text), 1), 0, -1):
        lines = textwrap.fill(text, chars, break_long_words=False)
        probe = figure.text(0, 0, lines, fontsize=SMALL)
        drawn = probe.get_window_extent().width * 72 / figure.dpi
        probe.remove()
        if drawn <= width or chars == 1:
            return lines, drawn
    return text, 0.0


def _text_colour(grey: float) -> str:
    """Black or white, whichever contrasts more with a grey background (WCAG relative luminance)."""
    linear = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    return "black" if (linear + 0.05) / 0.05 >= 1.05 / (linear + 0.05) else "white"


def _heatmap_alt_text(grid: pd.DataFrame, themes: pd.DataFrame, spec: HeatmapValue, category_order: list[str],
                      names: Mapping[str, str]) -> str:
    blocks = "; ".join(f"{names.get(c, c)}: {int((themes['category'] == c).sum())}" for c in category_order)
    what = f"{spec.what[0].lower()}{spec.what[1:]}"
    words = [f"Heatmap of {what}: {len(themes)} themes in rows ({blocks}) by {counted(grid.shape[1], 'site')} in "
             f"columns, darker for higher values, each cell printed."]
    theme_name = dict(zip(themes["theme_id"], themes["theme_name"]))
    cells = grid.stack().dropna()
    if not cells.empty:
        top = cells.sort_values(ascending=False, kind="stable").head(3)
        words.append("Highest values shown: " + "; ".join(f"{theme_name[t]} at {s} ({spec.form(v)})"
                                                           for (t, s), v in top.items()) + ".")
    return " ".join(words)
