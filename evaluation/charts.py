"""Charts for commissioner reports: Likert answers by site, change since baseline, and the theme framework matrix.

Every chart is drawn on its own ``matplotlib.figure.Figure`` (no pyplot, nothing global, so charts can be drawn from
tests, notebooks and parallel pipeline runs) in black, white and greys: categories differ by grey level *and* by
hatching or marker fill, so a chart printed in black and white says what it said on screen. Each chart function
returns a `Chart` (the figure and its alt text, which says what is drawn and the main finding in numbers); the funnel
plot's `evaluation.survey.funnel.FunnelFigure` has the same shape, and `save_chart` writes either.

Small numbers follow the NHS rule the published tables use (`evaluation.disclosure`): nothing is drawn for a group of
fewer than 8 respondents, and an n printed beside a bar or point is rounded to the nearest 5, so a count from 1 to 7
never appears.
"""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from evaluation.disclosure import round_count


MIN_N = 8  # the smallest group a percentage or effect size is shown for (counts 1–7 are suppressed)
WIDTH = 7.5  # inches: an A4 page (8.27 in) inside 2 cm margins
DPI = 200
FONT = 9  # tick and axis labels
SMALL = 8  # annotations and legends: the smallest text on any chart
TITLE = 10
NOUNS = {"site_id": "site", "item_id": "item", "dimension": "dimension", "role": "role", "wave": "wave",
         "theme_id": "theme"}
CATEGORY_NAMES = {"facilitator": "Facilitators", "value": "Value", "challenge": "Challenges"}


def _whole(value: float) -> str:
    return f"{math.floor(value + 0.5):.0f}"  # halves up, as readers round (Python's format rounds 62.5 to 62)


# value column -> (what it is, how a cell prints it, unit in alt text, colour scale limits or None for the data's)
HEATMAP_VALUES = {
    "pct_interviews": ("% of the site's interviews mentioning the theme", _whole, "%", (0, 100)),
    "pct_commenters": ("% of the site's survey commenters mentioning the theme", _whole, "%", (0, 100)),
    "mean_sentiment": ("Mean sentiment of the theme's segments (VADER, −1 to 1)", "{:+.2f}".format, "", (-1, 1)),
    "segments": ("Segments coded with the theme", _whole, " segments", None),
    "interviews_mentioning": ("Interviews mentioning the theme", _whole, " interviews", None),
}


class Chart(NamedTuple):
    """A drawn chart and the alt text to publish beside it (the same shape as funnel.FunnelFigure)."""

    figure: Figure
    alt_text: str


class SavedChart(NamedTuple):
    image: Path
    alt_text: Path


def likert_bars(table: pd.DataFrame, *, group: str = "site_id", item_label: str | None = None,
                labels: Mapping[int, str] | None = None, row_labels: Mapping[str, str] | None = None,
                min_n: int = MIN_N, title: str | None = None) -> Chart:
    """Diverging stacked bars: one horizontal bar per `group` (site), the % of answers at each point of the scale.

    `table` has one row per group, as `likert_descriptives` gives for one item (filter it to one item, wave and
    role first), with counts n_1..n_5; n is their sum. Bars are centred on the neutral point: disagree codes to the
    left of 0, agree codes to the right, the middle code's share split half each side (on an even scale the
    split falls between the two middle codes). For several items at one site pass ``group="item_id"`` and
    `row_labels` (item id -> wording). `labels` names the codes (default: the packaged instrument's scale).

    Grey level shows strength (darkest at the extremes, light at neutral) and hatching shows the side (\\\\ disagree,
    // agree). A group with fewer than `min_n` answers gets no bar, only the words "fewer than 8 answers"; the
    others are labelled n≈ rounded to the nearest 5. The alt text names the highest and lowest % agree.
    """
    if labels is None:
        from evaluation.survey.instrument import load_instrument  # its cleaning imports take a second; only here

        labels = load_instrument().scale
    labels = dict(labels)
    codes = np.array(sorted(labels))
    data = _one_row_per(table, group, [f"n_{c}" for c in codes], "likert_bars")
    counts = data[[f"n_{c}" for c in codes]].to_numpy(float)
    n = counts.sum(axis=1)
    shown = n >= min_n
    pct = 100 * counts / np.where(n > 0, n, 1)[:, None]
    middle = (codes[0] + codes[-1]) / 2
    below, above = codes < middle, codes > middle
    start = -(pct[:, below].sum(axis=1) + pct[:, codes == middle].sum(axis=1) / 2)
    lefts = start[:, None] + np.cumsum(pct, axis=1) - pct
    names = [(row_labels or {}).get(name, name) for name in data[group].astype(str)]
    item_label = item_label or _only_value(data, "item_id")
    title = title or item_label or f"Answers by {NOUNS.get(group, group)}"

    figure = _new_figure(1.5 + 0.32 * len(data))
    ax = figure.add_subplot()
    rows = np.arange(len(data))
    styles = [{"facecolor": grey, "hatch": hatch, "edgecolor": "white", "linewidth": 0.6}
              for grey, hatch in _likert_styles(codes)]
    for j, (code, style) in enumerate(zip(codes, styles)):
        bars = ax.barh(rows[shown], pct[shown, j], left=lefts[shown, j], height=0.7, **style)
        for bar, name in zip(bars, np.array(names)[shown]):
            bar.set_gid(f"{name}:{code}")
    for row, size, drawn in zip(rows, n, shown):
        if drawn:
            ax.text(1.01, row, f"n≈{round_count(size)}", transform=ax.get_yaxis_transform(), va="center",
                    fontsize=SMALL)
        else:
            ax.text(0, row, f"fewer than {min_n} answers", ha="center", va="center", fontsize=SMALL,
                    style="italic", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(rows, [_wrapped(name, 40) for name in names])
    ax.set_ylim(len(data) - 0.5, -0.5)  # first row at the top
    ax.set_xlim(-100, 100)
    ax.set_xticks(np.arange(-100, 101, 25))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):.0f}%" if x else "0"))
    left_word, right_word = labels[codes[below][-1]], labels[codes[above][0]]
    ax.set_xlabel(f"← {left_word}          % of answers          {right_word} →", fontsize=FONT)
    ax.xaxis.grid(True, color="#bfbfbf", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _plain(ax, title)
    figure.legend(handles=[Patch(label=labels[code], **style) for code, style in zip(codes, styles)],
                  loc="outside lower center", ncols=len(codes), fontsize=SMALL, frameon=False, handlelength=2.2,
                  handleheight=1.4, columnspacing=1.2)
    agree, disagree = pct[:, above].sum(axis=1), pct[:, below].sum(axis=1)
    centre = f"the middle answer ({labels[middle]})" if middle in labels else f"0, between {left_word} and " \
        f"{right_word}"
    scale = {"lowest": labels[codes[0]], "highest": labels[codes[-1]], "centre": centre,
             "agree": _side_word([labels[c] for c in codes[above]]),
             "disagree": _side_word([labels[c] for c in codes[below][::-1]])}
    return Chart(figure, _likert_alt_text(item_label, NOUNS.get(group, group), names, n, agree, disagree, shown,
                                          min_n, scale))


def change_plot(table: pd.DataFrame, *, group: str = "site_id", measure: str | None = None,
                confidence: float = 0.95, min_n: int = MIN_N, title: str | None = None) -> Chart:
    """Forest plot of change from baseline to follow-up: one row per `group` (site), rank-biserial r with its CI.

    `table` is `change_by_site` output for one item or dimension (one row per site). Each row is a point at
    effect_size (positive = higher at follow-up) with its interval as a line, a solid line at 0. Paired tests
    (Wilcoxon signed-rank) are filled circles, unpaired (Mann–Whitney U) hollow. A row whose test used fewer than
    `min_n` respondents (pairs, or answers at either wave) is not drawn and says "fewer than 8 respondents"; a row
    whose r could not be computed shows change_by_site's reason. n beside each point is rounded to the nearest 5.
    `confidence` is the level change_by_site used, for the labels.
    """
    columns = ["test", "n_baseline", "n_follow_up", "n_pairs", "effect_size", "ci_low", "ci_high", "note"]
    data = _one_row_per(table, group, columns, "change_plot").reset_index(drop=True)
    measure = measure or _only_value(data, "item_id") or _only_value(data, "dimension")
    names = data[group].astype(str).tolist()
    paired = (data["test"] == "wilcoxon_signed_rank").to_numpy()
    counts = np.where(paired[:, None], data[["n_pairs", "n_pairs"]].to_numpy(float),
                      data[["n_baseline", "n_follow_up"]].to_numpy(float))
    too_few = ((counts > 0) & (counts < min_n)).any(axis=1)
    r, low, high = data[["effect_size", "ci_low", "ci_high"]].to_numpy(float).T
    drawn = ~too_few & np.isfinite(r)
    level = f"{confidence:.0%} CI"

    figure = _new_figure(1.7 + 0.32 * len(data))
    ax = figure.add_subplot()
    ax.axvline(0, color="black", linewidth=0.8)
    for row in range(len(data)):
        if not drawn[row]:
            reason = f"fewer than {min_n} respondents" if too_few[row] else _reason(data["note"].iat[row])
            ax.text(0, row, reason, ha="center", va="center", fontsize=SMALL, style="italic",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            continue
        if np.isfinite([low[row], high[row]]).all():
            ax.plot([low[row], high[row]], [row, row], color="black", linewidth=1.2, gid=f"{names[row]}:ci")
        else:
            ax.annotate("no CI (|r| = 1)", (r[row], row), xytext=(-8 if r[row] > 0 else 8, 0),
                        textcoords="offset points", ha="right" if r[row] > 0 else "left", va="center",
                        fontsize=SMALL)
        ax.plot(r[row], row, "o", markersize=6, markeredgecolor="black", markeredgewidth=1.2,
                markerfacecolor="black" if paired[row] else "white", gid=f"{names[row]}:r", zorder=3)
        size = f"n≈{round_count(counts[row, 0])} pairs" if paired[row] else \
            f"n≈{round_count(counts[row, 0])} → {round_count(counts[row, 1])}"
        ax.text(1.01, row, size, transform=ax.get_yaxis_transform(), va="center", fontsize=SMALL)
    ax.set_yticks(range(len(data)), names)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks(np.linspace(-1, 1, 9))
    ax.set_xlabel("Lower at follow-up ← rank-biserial r → Higher at follow-up", fontsize=FONT)
    ax.xaxis.grid(True, color="#bfbfbf", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    _plain(ax, title or f"Change from baseline to follow-up{f': {measure}' if measure else ''}")
    marker = {"marker": "o", "linestyle": "none", "markersize": 6, "markeredgecolor": "black"}
    figure.legend(handles=[Line2D([], [], markerfacecolor="black", label="Paired (Wilcoxon signed-rank), n pairs",
                                  **marker),
                           Line2D([], [], markerfacecolor="white", label="Unpaired (Mann–Whitney U), n baseline → "
                                                                         "follow-up", **marker),
                           Line2D([], [], color="black", linewidth=1.2, label=level)],
                  loc="outside lower center", ncols=3, fontsize=SMALL, frameon=False)
    return Chart(figure, _change_alt_text(data["note"], names, measure, NOUNS.get(group, group), (r, low, high),
                                          drawn, too_few, paired, min_n, level))


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
    data = _checked_columns(matrix, ["site_id", "theme_id", "category", "theme_name", value], "theme_heatmap")
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

    figure = _new_figure(2.4 + 0.24 * len(themes))
    ax = figure.add_subplot()
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, norm=norm, edgecolors="white", linewidth=0.6)
    for (row, column), cell in np.ndenumerate(values):
        shown = "*" if withheld[row, column] else form(cell) if np.isfinite(cell) else "–"
        ax.text(column + 0.5, row + 0.5, shown, ha="center", va="center",
                fontsize=SMALL, color=_text_colour(cmap(norm(cell))[0] if np.isfinite(cell) else 1.0),
                gid=f"{sites[column]}:{themes['theme_id'].iloc[row]}")
    ax.set_ylim(len(themes), 0)
    ax.set_yticks(np.arange(len(themes)) + 0.5, [_wrapped(t, 44) for t in themes["theme_name"]])
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
    _plain(ax, title or f"Framework matrix: {what[0].lower()}{what[1:]}")
    for spine in ax.spines.values():
        spine.set_visible(False)
    colorbar = figure.colorbar(mesh, ax=ax, location="bottom", shrink=0.5, aspect=35, pad=0.02)
    colorbar.set_label(what, fontsize=FONT)
    colorbar.ax.tick_params(labelsize=SMALL, colors="black")
    alt_text = _heatmap_alt_text(grid.rename(columns=site_labels or {}), themes, what, form, unit, category_order)
    if withheld.any():
        alt_text += (f" {_count(int(withheld.sum()), 'cell')} withheld by disclosure control (shown as *: fewer "
                     f"than {MIN_N} people behind the figure).")
    return Chart(figure, alt_text)


def save_chart(chart: tuple, path: str | Path, *, dpi: int = DPI) -> SavedChart:
    """Write a chart (a `Chart` or funnel.FunnelFigure) as PNG, and its alt text beside it as ``<name>.alt.txt``.

    Deterministic (the same chart gives a byte-identical file: no software or date stamp, fixed dpi) and atomic
    (each file is written to a temporary name, then renamed). The alt text is also the PNG's Description.
    """
    figure, alt_text = chart
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"save_chart writes PNG; give a path ending .png, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    alt_path = path.with_suffix(".alt.txt")
    _write_atomically(path, lambda file: figure.savefig(
        file, format="png", dpi=dpi, facecolor="white", metadata={"Software": None, "Description": alt_text}))
    _write_atomically(alt_path, lambda file: file.write(f"{alt_text}\n".encode("utf-8")))
    return SavedChart(path, alt_path)


def _new_figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH, height), layout="constrained", facecolor="white")


def _plain(ax, title: str) -> None:
    """Black text at 8 pt or more, no top or right frame, the title wrapped and left-aligned across the figure."""
    ax.tick_params(colors="black", labelsize=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.figure.suptitle(_wrapped(title, 90), x=0.01, ha="left", fontsize=TITLE, fontweight="bold", color="black")


def _text_colour(grey: float) -> str:
    """Black or white, whichever contrasts more with a grey background (WCAG relative luminance)."""
    linear = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    return "black" if (linear + 0.05) / 0.05 >= 1.05 / (linear + 0.05) else "white"


def _likert_styles(codes: np.ndarray) -> list[tuple[str, str | None]]:
    """(grey, hatch) per code: light grey at the middle, darker further from it; \\\\ below it, // above it."""
    middle = (codes[0] + codes[-1]) / 2
    distance = np.abs(codes - middle)
    steps = sorted(set(distance[distance > 0]), reverse=True)
    # Sides stop at 55% grey so the white hatching shows; the middle (no hatching) is lighter still.
    greys = dict(zip(steps, np.linspace(0.2, 0.55, len(steps)) if len(steps) > 1 else [0.35]))
    return [(matplotlib.colors.to_hex([greys.get(d, 0.8)] * 3),
             "\\\\" if c < middle else "//" if c > middle else None) for c, d in zip(codes, distance)]


def _side_word(side: list[str]) -> str:
    """What answers on one side of the middle are called, given their labels nearest first: "agree" for Agree and
    Strongly agree, "often or always" for Often and Always."""
    side = [label.lower() for label in side]
    if all(label.endswith(side[0]) for label in side):
        return side[0]
    return f"{', '.join(side[:-1])} or {side[-1]}"


def _wrapped(text: str, width: int) -> str:
    return textwrap.fill(str(text), width)


def _reason(note) -> str:
    return str(note).split(";")[0] if isinstance(note, str) and note else "not computable"


def _only_value(data: pd.DataFrame, column: str) -> str | None:
    if column in data and data[column].nunique() == 1:
        return str(data[column].iloc[0])
    return None


def _checked_columns(table: pd.DataFrame, columns: Sequence[str], caller: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{caller}: column(s) {missing} not in the table; it has {list(table.columns)}")
    if table.empty:
        raise ValueError(f"{caller}: the table has no rows")
    return table


def _one_row_per(table: pd.DataFrame, group: str, columns: Sequence[str], caller: str) -> pd.DataFrame:
    data = _checked_columns(table, [group, *columns], caller)
    repeated = data[group][data[group].duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"{caller} draws one row per {group}; {repeated} appear more than once. Filter the table to "
                         f"one item (and one wave and role), or pass group='item_id' for one site's items")
    return data


def _write_atomically(path: Path, write: Callable) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report's charts are for others to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _names(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _count(k: int, noun: str) -> str:
    return f"{k} {noun}{'' if k == 1 else 's'}"


def _likert_alt_text(item, noun, names, n, agree, disagree, shown, min_n, scale) -> str:
    what = f"answers to “{item}”" if item else "answers"
    words = [f"Diverging stacked bar chart of {what}, one bar per {noun}: the % of answers at each point of the "
             f"scale from {scale['lowest']} (left) to {scale['highest']} (right), centred on {scale['centre']}."]
    hidden = [name for name, drawn in zip(names, shown) if not drawn]
    if hidden:
        words.append(f"{sum(shown)} of {_count(len(names), noun)} drawn; not drawn (fewer than {min_n} answers): "
                     f"{_names(hidden)}.")
    index = np.flatnonzero(shown)
    if index.size == 0:
        return " ".join([*words, f"No {noun} had {min_n} or more answers, so no bars are drawn."])

    agreeing, disagreeing = scale["agree"], scale["disagree"]

    def described(i):
        return (f"{names[i]} ({_whole(agree[i])}% {agreeing}, {_whole(disagree[i])}% {disagreeing}, "
                f"n≈{round_count(n[i])})")

    if index.size == 1:
        return " ".join([*words, f"The one {noun} drawn: {described(index[0])}."])
    best, worst = index[np.argmax(agree[index])], index[np.argmin(agree[index])]
    words.append(f"Highest % {agreeing}: {described(best)}. Lowest % {agreeing}: {described(worst)}.")
    most_disagree = index[np.argmax(disagree[index])]
    if most_disagree != worst:
        words.append(f"Highest % {disagreeing}: {names[most_disagree]} ({_whole(disagree[most_disagree])}%).")
    return " ".join(words)


def _change_alt_text(notes, names, measure, noun, estimates, drawn, too_few, paired, min_n, level) -> str:
    r, low, high = estimates
    what = f" in {measure}" if measure else ""
    words = [f"Forest plot of change from baseline to follow-up{what} at {_count(len(names), noun)}: rank-biserial "
             f"r with its {level} per {noun}, positive when answers were higher at follow-up."]
    words.append(f"Drawn for {_count(int(drawn.sum()), noun)} ({int((drawn & paired).sum())} paired, "
                 f"{int((drawn & ~paired).sum())} unpaired).")
    if too_few.any():
        words.append(f"Not drawn, fewer than {min_n} respondents: {_names([s for s, f in zip(names, too_few) if f])}.")
    other = [f"{names[i]} ({_reason(notes.iat[i])})" for i in np.flatnonzero(~drawn & ~too_few)]
    if other:
        words.append(f"Not drawn, r not computable: {_names(other)}.")
    index = np.flatnonzero(drawn)
    if index.size == 0:
        return " ".join(words)

    def described(i):
        interval = f"{level} {low[i]:.2f} to {high[i]:.2f}" if np.isfinite([low[i], high[i]]).all() else "no CI"
        return f"{names[i]} (r = {r[i]:.2f}, {interval})"

    highest, lowest = index[np.argmax(r[index])], index[np.argmin(r[index])]
    words.append(f"Highest r: {described(highest)}." if highest == lowest else
                 f"Highest r: {described(highest)}; lowest r: {described(lowest)}.")
    clear = [f"{names[i]} ({'higher' if low[i] > 0 else 'lower'})" for i in index if low[i] > 0 or high[i] < 0]
    words.append(f"Intervals excluding 0: {_names(clear)}." if clear else f"No {noun}'s interval excludes 0.")
    return " ".join(words)


def _heatmap_alt_text(grid: pd.DataFrame, themes: pd.DataFrame, what: str, form: Callable, unit: str,
                      category_order: list[str]) -> str:
    blocks = ", ".join(_count(int((themes["category"] == c).sum()), c) for c in category_order)
    words = [f"Heatmap of {what[0].lower()}{what[1:]}: {len(themes)} themes in rows ({blocks}) by "
             f"{_count(grid.shape[1], 'site')} in columns, darker for higher values, each cell printed."]
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
