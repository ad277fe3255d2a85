"""Change plot: a forest plot of change from baseline to follow-up, one row per site, rank-biserial r with its CI."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from evaluation.charts.chart import (FONT, NOUNS, SMALL, Chart, new_figure, one_row_per, only_value,
                                     plain)
from evaluation.prose import counted, joined
from evaluation.disclosure import disclosed_count
from evaluation.vocabulary import SMALL_NUMBER


def change_plot(table: pd.DataFrame, *, group: str = "site_id", measure: str | None = None,
                confidence: float = 0.95, min_n: int = SMALL_NUMBER, title: str | None = None) -> Chart:
    """Forest plot of change from baseline to follow-up: one row per `group` (site), rank-biserial r with its CI.

    `table` is `change_by_site` output for one item or dimension (one row per site). Each row is a point at
    effect_size (positive = higher at follow-up) with its interval as a line, a solid line at 0. Paired tests
    (Wilcoxon signed-rank) are filled circles, unpaired (Mann–Whitney U) hollow. A row whose test used fewer than
    `min_n` respondents (pairs, or answers at either wave) is not drawn and says "fewer than 8 respondents"; a row
    whose r could not be computed shows change_by_site's reason. n beside each point is rounded to the nearest 5.
    `confidence` is the level change_by_site used, for the labels.
    """
    columns = ["test", "n_baseline", "n_follow_up", "n_pairs", "effect_size", "ci_low", "ci_high", "note"]
    data = one_row_per(table, group, columns, "change_plot").reset_index(drop=True)
    measure = measure or only_value(data, "item_id") or only_value(data, "dimension")
    names = data[group].astype(str).tolist()
    paired = (data["test"] == "wilcoxon_signed_rank").to_numpy()
    counts = np.where(paired[:, None], data[["n_pairs", "n_pairs"]].to_numpy(float),
                      data[["n_baseline", "n_follow_up"]].to_numpy(float))
    too_few = ((counts > 0) & (counts < min_n)).any(axis=1)
    r, low, high = data[["effect_size", "ci_low", "ci_high"]].to_numpy(float).T
    drawn = ~too_few & np.isfinite(r)
    level = f"{confidence:.0%} CI"

    figure = new_figure(1.7 + 0.32 * len(data))
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
        size = f"n≈{disclosed_count(counts[row, 0])} pairs" if paired[row] else \
            f"n≈{disclosed_count(counts[row, 0])} → {disclosed_count(counts[row, 1])}"
        ax.text(1.01, row, size, transform=ax.get_yaxis_transform(), va="center", fontsize=SMALL)
    ax.set_yticks(range(len(data)), names)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks(np.linspace(-1, 1, 9))
    ax.set_xlabel("Lower at follow-up ← rank-biserial r → Higher at follow-up", fontsize=FONT)
    ax.xaxis.grid(True, color="#bfbfbf", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    plain(ax, title or f"Change from baseline to follow-up{f': {measure}' if measure else ''}")
    marker = {"marker": "o", "linestyle": "none", "markersize": 6, "markeredgecolor": "black"}
    figure.legend(handles=[Line2D([], [], markerfacecolor="black", label="Paired (Wilcoxon signed-rank), n pairs",
                                  **marker),
                           Line2D([], [], markerfacecolor="white", label="Unpaired (Mann–Whitney U), n baseline → "
                                                                         "follow-up", **marker),
                           Line2D([], [], color="black", linewidth=1.2, label=level)],
                  loc="outside lower center", ncols=3, fontsize=SMALL, frameon=False)
    return Chart(figure, _change_alt_text(data["note"], names, measure, NOUNS.get(group, group), (r, low, high),
                                          drawn, too_few, paired, min_n, level))


def _reason(note) -> str:
    return str(note).split(";")[0] if isinstance(note, str) and note else "not computable"


def _change_alt_text(notes, names, measure, noun, estimates, drawn, too_few, paired, min_n, level) -> str:
    r, low, high = estimates
    what = f" in {measure}" if measure else ""
    words = [f"Forest plot of change from baseline to follow-up{what} at {counted(len(names), noun)}: rank-biserial "
             f"r with its {level} per {noun}, positive when answers were higher at follow-up."]
    words.append(f"Drawn for {counted(int(drawn.sum()), noun)} ({int((drawn & paired).sum())} paired, "
                 f"{int((drawn & ~paired).sum())} unpaired).")
    if too_few.any():
        words.append(f"Not drawn, fewer than {min_n} respondents: {joined([s for s, f in zip(names, too_few) if f])}.")
    other = [f"{names[i]} ({_reason(notes.iat[i])})" for i in np.flatnonzero(~drawn & ~too_few)]
    if other:
        words.append(f"Not drawn, r not computable: {joined(other)}.")
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
    words.append(f"Intervals excluding 0: {joined(clear)}." if clear else f"No {noun}'s interval excludes 0.")
    return " ".join(words)
