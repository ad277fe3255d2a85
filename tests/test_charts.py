"""Charts for reports: bar geometry, small-number rules, greyscale, alt text and deterministic files."""

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from evaluation.charts.change import change_plot
from evaluation.charts.chart import Chart, save_chart
from evaluation.charts.heatmap import theme_heatmap
from evaluation.charts.likert import likert_bars
from evaluation.survey.funnel import FunnelFigure, funnel_limits, funnel_plot

SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree"}


def likert(rows):
    """{site: (n_1, ..., n_5)} -> a likert_descriptives-like table for one item."""
    table = pd.DataFrame([{"site_id": site, **{f"n_{c}": k for c, k in zip(range(1, 6), counts)}}
                          for site, counts in rows.items()])
    table.insert(1, "item_id", "listened_to")
    table.insert(2, "n_answered", table[[f"n_{c}" for c in range(1, 6)]].sum(axis=1))
    return table


def bars(chart):
    return {patch.get_gid(): patch for patch in chart.figure.axes[0].patches}


def texts(chart):
    chart.figure.draw_without_rendering()  # tick labels are filled in at draw time
    return [t for t in chart.figure.findobj(Text) if t.get_text() and t.get_visible()]


def change_rows(rows):
    columns = ["site_id", "test", "n_baseline", "n_follow_up", "n_pairs", "effect_size", "ci_low", "ci_high",
               "note"]
    return pd.DataFrame(rows, columns=columns)


# A: 10 answers split 1,1,2,3,3 (10%, 10%, 20%, 30%, 30%); B: 7 answers, too few; C: 13 answers, mostly agree.
SITES = likert({"A": (1, 1, 2, 3, 3), "B": (0, 1, 2, 2, 2), "C": (4, 0, 1, 4, 4)})
CHANGE = change_rows([
    ("north", "wilcoxon_signed_rank", 40, 40, 40, 0.45, 0.10, 0.70, ""),
    ("south", "mann_whitney_u", 22, 18, 3, -0.20, -0.55, 0.20, "unpaired: 3 respondents answered both waves"),
    ("east", "wilcoxon_signed_rank", 6, 6, 6, 0.80, -0.10, 0.97, ""),
    ("west", None, 30, 0, 0, np.nan, np.nan, np.nan, "not computable: no answers at follow_up"),
])
MATRIX = pd.DataFrame({
    "site_id": ["s1"] * 3 + ["s2"] * 3,
    "theme_id": ["training", "listened_to", "time"] * 2,
    "category": ["facilitator", "value", "challenge"] * 2,
    "theme_name": ["Training in co-production", "Being listened to", "Resource and time constraints"] * 2,
    "pct_interviews": [62.5, 0.0, 100.0, 20.0, 40.0, 12.5],
    "mean_sentiment": [0.25, np.nan, -0.5, 0.1, 0.4, -0.125],
})


def test_bars_are_centred_on_the_neutral_point():
    chart = likert_bars(SITES, labels=SCALE)
    a = {code: bars(chart)[f"A:{code}"] for code in range(1, 6)}
    assert (a[3].get_x(), a[3].get_width()) == pytest.approx((-10, 20))  # neutral 20%: half each side of 0
    assert (a[1].get_x(), a[2].get_x()) == pytest.approx((-30, -20))  # disagree codes to the left
    assert a[4].get_x() == pytest.approx(10) and a[5].get_x() + a[5].get_width() == pytest.approx(70)


def test_a_site_under_eight_answers_gets_no_bar_only_the_words():
    chart = likert_bars(SITES, labels=SCALE)
    assert not [gid for gid in bars(chart) if gid.startswith("B:")]
    words = [t.get_text() for t in texts(chart)]
    assert "fewer than 8 answers" in words and "B" in words
    assert "not drawn (fewer than 8 answers): B" in chart.alt_text


def test_counts_one_to_seven_are_never_printed_and_n_is_rounded_to_five():
    chart = likert_bars(SITES, labels=SCALE)
    printed = [t.get_text() for t in texts(chart)] + [chart.alt_text]
    assert not [text for text in printed if re.search(r"n\s*[=≈]\s*[1-7]\b", text)]
    assert {"n≈10", "n≈15"} <= set(printed)  # A has 10 answers, C has 13


def test_likert_alt_text_names_the_highest_and_lowest_agreement():
    chart = likert_bars(SITES, item_label="My views were listened to", labels=SCALE)
    assert "answers to “My views were listened to”, one bar per site" in chart.alt_text
    assert "Highest % agree: C (62% agree, 31% disagree, n≈15)" in chart.alt_text
    assert "Lowest % agree: A (60% agree, 20% disagree, n≈10)" in chart.alt_text


def test_one_sites_items_are_rows_with_their_wording():
    items = likert({"x": (0, 0, 2, 4, 4), "y": (5, 3, 2, 0, 0)}).rename(columns={"site_id": "item_id",
                                                                             "item_id": "site_id"})
    chart = likert_bars(items, group="item_id", labels=SCALE, row_labels={"x": "I felt heard", "y": "It was hard"})
    assert {"I felt heard:5", "It was hard:1"} <= set(bars(chart))
    assert "Highest % agree: I felt heard (80% agree" in chart.alt_text


def test_two_rows_for_one_site_are_refused_with_a_hint():
    with pytest.raises(ValueError, match="one row per site_id.*group='item_id'"):
        likert_bars(pd.concat([SITES, SITES]), labels=SCALE)


def test_likert_categories_differ_in_grey_and_hatching():
    chart = likert_bars(SITES, labels=SCALE)
    styles = {(to_rgb(p.get_facecolor()), p.get_hatch()) for p in bars(chart).values()}
    assert len(styles) == 5
    assert all(r == g == b for (r, g, b), _ in styles)
    hatches = {code: bars(chart)[f"A:{code}"].get_hatch() for code in range(1, 6)}
    assert hatches[3] is None and hatches[1] == hatches[2] != hatches[4] == hatches[5]


def test_the_legend_names_every_point_of_the_scale_even_when_no_bar_is_drawn():
    chart = likert_bars(likert({"B": (0, 1, 2, 2, 2)}), labels=SCALE)
    assert not bars(chart)
    legend = chart.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == list(SCALE.values())
    assert [h.get_hatch() for h in legend.legend_handles] == ["\\\\", "\\\\", None, "//", "//"]
    assert "No site had 8 or more answers, so no bars are drawn." in chart.alt_text


def test_change_plot_draws_paired_filled_and_unpaired_hollow_with_their_intervals():
    chart = change_plot(CHANGE)
    lines = {line.get_gid(): line for line in chart.figure.axes[0].get_lines() if line.get_gid()}
    assert lines["north:r"].get_markerfacecolor() == "black" and lines["south:r"].get_markerfacecolor() == "white"
    assert list(lines["north:ci"].get_xdata()) == [0.10, 0.70] and list(lines["north:r"].get_xdata()) == [0.45]
    assert chart.figure.axes[0].get_xlabel() == "Lower at follow-up ← rank-biserial r → Higher at follow-up"
    assert chart.figure.axes[0].get_xlim() == pytest.approx((-1.05, 1.05))


def test_change_plot_lists_small_and_not_computable_sites_instead_of_a_point():
    chart = change_plot(CHANGE)
    drawn = {gid.split(":")[0] for gid in (line.get_gid() for line in chart.figure.axes[0].get_lines()) if gid}
    assert drawn == {"north", "south"}
    words = [t.get_text() for t in texts(chart)]
    assert "fewer than 8 respondents" in words  # east: 6 pairs
    assert "not computable: no answers at follow_up" in words
    assert {"n≈40 pairs", "n≈20 → 20"} <= set(words)
    assert not [w for w in words + [chart.alt_text] if re.search(r"n\s*[=≈]\s*[1-7]\b", w)]


def test_change_alt_text_gives_the_largest_change_and_intervals_clear_of_zero():
    alt_text = change_plot(CHANGE, measure="listened_to").alt_text
    assert "Drawn for 2 sites (1 paired, 1 unpaired)" in alt_text
    assert "Not drawn, fewer than 8 respondents: east" in alt_text
    assert "Not drawn, r not computable: west (not computable: no answers at follow_up)" in alt_text
    assert "Highest r: north (r = 0.45, 95% CI 0.10 to 0.70); lowest r: south (r = -0.20" in alt_text
    assert "Intervals excluding 0: north (higher)" in alt_text


def heatmap_cells(chart):
    return {t.get_gid(): t for t in chart.figure.axes[0].texts}


def test_heatmap_cells_print_their_values_rounded_half_up():
    cells = heatmap_cells(theme_heatmap(MATRIX))
    printed = {gid: t.get_text() for gid, t in cells.items()}
    assert printed == {"s1:training": "63", "s1:listened_to": "0", "s1:time": "100",
                       "s2:training": "20", "s2:listened_to": "40", "s2:time": "13"}
    assert cells["s1:time"].get_color() == "white" and cells["s1:listened_to"].get_color() == "black"


def test_heatmap_groups_themes_by_category_and_shows_a_missing_mean_as_a_dash():
    shuffled = MATRIX.iloc[[2, 1, 0, 5, 4, 3]]  # challenge first: the order of first appearance is kept
    chart = theme_heatmap(shuffled, value="mean_sentiment")
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Resource and time constraints", "Being listened to",
                                                          "Training in co-production"]
    assert heatmap_cells(chart)["s1:listened_to"].get_text() == "–"
    assert heatmap_cells(chart)["s2:time"].get_text() == "-0.12"
    assert len(chart.figure.axes) >= 2  # the colour bar
    assert "3 themes in rows (1 challenge, 1 value, 1 facilitator) by 2 sites" in chart.alt_text


def test_heatmap_alt_text_names_the_highest_and_lowest_theme():
    alt_text = theme_heatmap(MATRIX).alt_text
    assert "Highest averaged over sites: Resource and time constraints (average 56%; from 13% at s2 to 100% at " \
           "s1)" in alt_text
    assert "Lowest: Being listened to (average 20%" in alt_text


def test_every_chart_is_grey_with_text_of_eight_points_or_more():
    for chart in (likert_bars(SITES, labels=SCALE), change_plot(CHANGE), theme_heatmap(MATRIX)):
        faces = [to_rgb(p.get_facecolor()) for ax in chart.figure.axes for p in ax.patches]
        assert all(r == g == b for r, g, b in faces)
        assert min(t.get_fontsize() for t in texts(chart)) >= 8


def test_saved_png_is_byte_identical_and_the_alt_text_sits_beside_it(tmp_path):
    chart = likert_bars(SITES, labels=SCALE)
    first = save_chart(chart, tmp_path / "listened.png")
    once = first.image.read_bytes()
    again = save_chart(likert_bars(SITES, labels=SCALE), tmp_path / "again" / "listened.png")
    assert once[:8] == b"\x89PNG\r\n\x1a\n" and once == again.image.read_bytes()
    assert first.alt_text == tmp_path / "listened.alt.txt"
    assert first.alt_text.read_text(encoding="utf-8") == chart.alt_text + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "listened.alt.txt", "listened.png"]


def test_a_funnel_figure_saves_the_same_way(tmp_path):
    assert FunnelFigure._fields == Chart._fields
    sites = pd.DataFrame({"site_id": list("ABCDE"), "numerator": [12, 70, 95, 200, 260],
                          "n": [20, 100, 200, 300, 400]})
    saved = save_chart(funnel_plot(funnel_limits(sites)), tmp_path / "funnel.png")
    assert saved.image.stat().st_size > 0 and "Funnel plot" in saved.alt_text.read_text(encoding="utf-8")


def test_only_png_is_written(tmp_path):
    with pytest.raises(ValueError, match="ending .png"):
        save_chart(likert_bars(SITES, labels=SCALE), tmp_path / "chart.svg")
