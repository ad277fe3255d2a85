"""Likert bars: the % of answers at each point of the scale, one diverging stacked bar per site (or per item)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from evaluation.charts.chart import (FONT, NOUNS, SMALL, Chart, counted, joined, new_figure, one_row_per, only_value,
                                     plain, whole, wrapped)
from evaluation.disclosure import round_count
from evaluation.vocabulary import SMALL_NUMBER


def likert_bars(table: pd.DataFrame, *, group: str = "site_id", item_label: str | None = None,
                labels: Mapping[int, str] | None = None, row_labels: Mapping[str, str] | None = None,
                min_n: int = SMALL_NUMBER, title: str | None = None) -> Chart:
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
    data = one_row_per(table, group, [f"n_{c}" for c in codes], "likert_bars")
    counts = data[[f"n_{c}" for c in codes]].to_numpy(float)
    n = counts.sum(axis=1)
    shown = n >= min_n
    pct = 100 * counts / np.where(n > 0, n, 1)[:, None]
    middle = (codes[0] + codes[-1]) / 2
    below, above = codes < middle, codes > middle
    start = -(pct[:, below].sum(axis=1) + pct[:, codes == middle].sum(axis=1) / 2)
    lefts = start[:, None] + np.cumsum(pct, axis=1) - pct
    names = [(row_labels or {}).get(name, name) for name in data[group].astype(str)]
    item_label = item_label or only_value(data, "item_id")
    title = title or item_label or f"Answers by {NOUNS.get(group, group)}"

    figure = new_figure(1.5 + 0.32 * len(data))
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
    ax.set_yticks(rows, [wrapped(name, 40) for name in names])
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
    plain(ax, title)
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


def _likert_alt_text(item, noun, names, n, agree, disagree, shown, min_n, scale) -> str:
    what = f"answers to “{item}”" if item else "answers"
    words = [f"Diverging stacked bar chart of {what}, one bar per {noun}: the % of answers at each point of the "
             f"scale from {scale['lowest']} (left) to {scale['highest']} (right), centred on {scale['centre']}."]
    hidden = [name for name, drawn in zip(names, shown) if not drawn]
    if hidden:
        words.append(f"{sum(shown)} of {counted(len(names), noun)} drawn; not drawn (fewer than {min_n} answers): "
                     f"{joined(hidden)}.")
    index = np.flatnonzero(shown)
    if index.size == 0:
        return " ".join([*words, f"No {noun} had {min_n} or more answers, so no bars are drawn."])

    agreeing, disagreeing = scale["agree"], scale["disagree"]

    def described(i):
        return (f"{names[i]} ({whole(agree[i])}% {agreeing}, {whole(disagree[i])}% {disagreeing}, "
                f"n≈{round_count(n[i])})")

    if index.size == 1:
        return " ".join([*words, f"The one {noun} drawn: {described(index[0])}."])
    best, worst = index[np.argmax(agree[index])], index[np.argmin(agree[index])]
    words.append(f"Highest % {agreeing}: {described(best)}. Lowest % {agreeing}: {described(worst)}.")
    most_disagree = index[np.argmax(disagree[index])]
    if most_disagree != worst:
        words.append(f"Highest % {disagreeing}: {names[most_disagree]} ({whole(disagree[most_disagree])}%).")
    return " ".join(words)
