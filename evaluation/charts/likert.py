"""Likert bars: the % of answers at each point of the scale, one diverging stacked bar per site (or per item)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from evaluation.charts.chart import (FONT, NOUNS, SMALL, Chart, new_figure, one_row_per, only_value,
                                     plain, whole, wrapped)
from evaluation.prose import counted, joined
from evaluation.disclosure import disclosed_count, disclosed_share
from evaluation.vocabulary import SMALL_NUMBER

# ColorBrewer PuOr (Brewer, colorbrewer2.org; colour-blind safe), orange for the low end of the scale, purple for
# the high end. Its lightness runs dark - light - lightest - light - dark, so in greyscale the two extremes differ
# (orange is lighter than purple) and every neighbour differs clearly; the low side is also hatched. Two or three
# columns (one side, or sides and middle, merged) use the five-class extremes and middle, for the most contrast.
PUOR = {2: ("#e66101", "#5e3c99"), 3: ("#e66101", "#f7f7f7", "#5e3c99"),
        4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"), 5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
        6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
        7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788")}
LOW_SIDE_HATCH = "\\\\"
EDGE = "#595959"
REST = "#d9d9d9"  # the answers not broken down, beside the agreeing side
NOT_SHOWN = "too few answers to show without identifying people"
NOT_BROKEN_DOWN = "any other answer (not broken down)"


def likert_bars(table: pd.DataFrame, *, labels: Mapping[int, str], group: str = "site_id",
                item_label: str | None = None, row_labels: Mapping[str, str] | None = None,
                min_n: int = SMALL_NUMBER, title: str | None = None) -> Chart:
    """Diverging stacked bars: one horizontal bar per `group` (site), the % of answers at each point of the scale.

    `table` has one row per group, as `likert_descriptives` gives for one item (filter it to one item, wave and
    role first), with counts n_1..n_k for the codes of `labels` (code -> label, the instrument's scale); n is their
    sum. Bars are centred on the neutral point: lower codes to the left of 0, higher to the right, the middle
    code's share split half each side. For several items at one site pass ``group="item_id"`` and `row_labels`
    (item id -> wording).

    Only disclosed shares are drawn (`evaluation.disclosure.disclosed_share`): a bar is drawn when its group has at
    least `min_n` answers and no segment holds, or leaves out, 1 to 7 people. When some group passes that test only
    with each side of the scale merged (strongly disagree with disagree, agree with strongly agree), the whole chart
    shows merged sides; when more groups pass with only the agreeing side shown against every other answer taken
    together (a small number disagreeing is common in a large site), the chart shows that. Whatever the level, it is
    the same for every bar, so bars compare like with like. A group that fails at that level gets no bar, only the
    words "not shown: too few answers ...": no segment of a bar is ever hidden alone, so none can be worked out
    from the others summing to 100%. n beside each bar is rounded to the nearest 5.
    """
    labels = dict(labels)
    codes = np.array(sorted(labels))
    data = one_row_per(table, group, [f"n_{c}" for c in codes], "likert_bars")
    counts = data[[f"n_{c}" for c in codes]].to_numpy(int)
    n = counts.sum(axis=1)
    middle = (codes[0] + codes[-1]) / 2
    side = np.sign(codes - middle).astype(int)
    merged = np.column_stack([counts[:, side == s].sum(axis=1) for s in (-1, 0, 1) if (side == s).any()])
    agreeing = np.column_stack([counts[:, side <= 0].sum(axis=1), counts[:, side > 0].sum(axis=1)])
    by_code, by_side, by_agreeing = (_disclosable(columns, n, min_n) for columns in (counts, merged, agreeing))
    level = max(range(3), key=lambda i: ((by_code, by_side, by_agreeing)[i].sum(), -i))  # the finest that shows most
    if level == 0:
        shown, columns, column_side = by_code, counts, side
        names = [labels[c] for c in codes]
    elif level == 1:
        shown, columns, column_side = by_side, merged, np.array([s for s in (-1, 0, 1) if (side == s).any()])
        names = [_merged_label([labels[c] for c in codes[side == s]], s) for s in column_side]
    else:
        shown, columns, column_side = by_agreeing, agreeing, np.array([-1, 1])
        names = [NOT_BROKEN_DOWN.capitalize(), _merged_label([labels[c] for c in codes[side > 0]], 1)]
    pct = 100 * columns / np.where(n > 0, n, 1)[:, None]
    start = -(pct[:, column_side < 0].sum(axis=1) + pct[:, column_side == 0].sum(axis=1) / 2)
    lefts = start[:, None] + np.cumsum(pct, axis=1) - pct
    rows_named = [(row_labels or {}).get(name, name) for name in data[group].astype(str)]
    item_label = item_label or only_value(data, "item_id")
    title = title or item_label or f"Answers by {NOUNS.get(group, group)}"

    figure = new_figure(1.6 + 0.32 * len(data))
    ax = figure.add_subplot()
    rows = np.arange(len(data))
    styles = likert_styles(column_side)
    if level == 2:
        styles[0] = {"facecolor": REST, "edgecolor": EDGE, "linewidth": 0.5}
    for j, (name, style) in enumerate(zip(names, styles)):
        bars = ax.barh(rows[shown], pct[shown, j], left=lefts[shown, j], height=0.7, **style)
        for bar, row_name in zip(bars, np.array(rows_named)[shown]):
            bar.set_gid(f"{row_name}:{name}")
    for row, size, drawn in zip(rows, n, shown):
        if drawn:
            ax.text(1.01, row, f"n≈{disclosed_count(size)}", transform=ax.get_yaxis_transform(), va="center",
                    fontsize=SMALL)
        else:
            ax.text(0, row, f"not shown: {NOT_SHOWN}", ha="center", va="center", fontsize=SMALL, style="italic",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(rows, [wrapped(name, 40) for name in rows_named])
    ax.set_ylim(len(data) - 0.5, -0.5)  # first row at the top
    ax.set_xlim(-100, 100)
    ax.set_xticks(np.arange(-100, 101, 25))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):.0f}%" if x else "0"))
    left_word, right_word = labels[codes[side < 0][-1]], labels[codes[side > 0][0]]
    if level == 2:
        left_word = "Any other answer"
    ax.set_xlabel(f"← {left_word}          % of answers          {right_word} →", fontsize=FONT)
    ax.xaxis.grid(True, color="#bfbfbf", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    plain(ax, title)
    figure.legend(handles=[Patch(label=name, **style) for name, style in zip(names, styles)],
                  loc="outside lower center", ncols=len(names), fontsize=SMALL, frameon=False, handlelength=2.2,
                  handleheight=1.4, columnspacing=1.2)
    agree = pct[:, column_side > 0].sum(axis=1)
    disagree = pct[:, column_side < 0].sum(axis=1) if level < 2 else None
    centre = f"the middle answer ({labels[middle]})" if middle in labels else f"0, between {left_word} and " \
        f"{right_word}"
    scale = {"lowest": names[0], "highest": names[-1], "centre": centre,
             "agree": _side_word([labels[c] for c in codes[side > 0]]),
             "disagree": _side_word([labels[c] for c in codes[side < 0][::-1]])}
    return Chart(figure, _likert_alt_text(item_label, NOUNS.get(group, group), rows_named, n, agree, disagree,
                                          shown, scale))


def likert_styles(column_side: np.ndarray) -> list[dict]:
    """Bar style per column (side -1, 0 or 1 of the scale): PuOr colour, hatching on the low side, grey edges."""
    colours = PUOR[len(column_side)]
    return [{"facecolor": colour, "edgecolor": EDGE, "linewidth": 0.5,
             "hatch": LOW_SIDE_HATCH if s < 0 else None, "hatchcolor": "white" if _lightness(colour) < 150 else EDGE}
            for colour, s in zip(colours, column_side)]


def _lightness(colour: str) -> float:
    """Grey level 0–255 as PIL's convert("L") gives it (ITU-R 601-2 luma)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _disclosable(columns: np.ndarray, n: np.ndarray, min_n: int) -> np.ndarray:
    """Per row: at least `min_n` answers, and every column's share may be published."""
    return np.array([total >= min_n and all(disclosed_share(k, total) is not None for k in row)
                     for row, total in zip(columns, n)], dtype=bool)


def _merged_label(side_labels: list[str], side: int) -> str:
    """"Disagree or strongly disagree" for one side of the scale merged; the middle keeps its label."""
    if len(side_labels) == 1:
        return side_labels[0]
    nearest_first = side_labels[::-1] if side < 0 else side_labels
    return f"{nearest_first[0]} or {', '.join(label.lower() for label in nearest_first[1:])}"


def _side_word(side: list[str]) -> str:
    """What answers on one side of the middle are called, given their labels nearest first: "agree" for Agree and
    Strongly agree, "often or always" for Often and Always."""
    side = [label.lower() for label in side]
    if all(label.endswith(side[0]) for label in side):
        return side[0]
    return f"{', '.join(side[:-1])} or {side[-1]}"


def _likert_alt_text(item, noun, names, n, agree, disagree, shown, scale) -> str:
    what = f"answers to “{item}”" if item else "answers"
    if disagree is None:
        words = [f"Bar chart of {what}, one bar per {noun}: the % who answered {scale['agree']} (right of 0) beside "
                 "every other answer taken together (left), not broken down, so that no small group can be "
                 "identified."]
    else:
        words = [f"Diverging stacked bar chart of {what}, one bar per {noun}: the % of answers at each point of the "
                 f"scale from {scale['lowest']} (left) to {scale['highest']} (right), centred on {scale['centre']}."]
    hidden = [name for name, drawn in zip(names, shown) if not drawn]
    if hidden:
        words.append(f"{sum(shown)} of {counted(len(names), noun)} drawn; not shown ({NOT_SHOWN}): "
                     f"{joined(hidden)}.")
    index = np.flatnonzero(shown)
    if index.size == 0:
        return " ".join([*words, f"No {noun} can be drawn without identifying people, so no bars are drawn."])

    agreeing, disagreeing = scale["agree"], scale["disagree"]

    def described(i):
        against = f", {whole(disagree[i])}% {disagreeing}" if disagree is not None else ""
        return f"{names[i]} ({whole(agree[i])}% {agreeing}{against}, n≈{disclosed_count(n[i])})"

    if index.size == 1:
        return " ".join([*words, f"The one {noun} drawn: {described(index[0])}."])
    best, worst = index[np.argmax(agree[index])], index[np.argmin(agree[index])]
    words.append(f"Highest % {agreeing}: {described(best)}. Lowest % {agreeing}: {described(worst)}.")
    if disagree is None:
        return " ".join(words)
    most_disagree = index[np.argmax(disagree[index])]
    if most_disagree != worst:
        words.append(f"Highest % {disagreeing}: {names[most_disagree]} ({whole(disagree[most_disagree])}%).")
    return " ".join(words)
