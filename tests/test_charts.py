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
from evaluation.charts.likert import likert_bars, likert_styles
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


# A: 100 answers split 10/10/20/30/30 (%); B: 7 answers, too few; C: 130 answers, mostly agree.
SITES = likert({"A": (10, 10, 20, 30, 30), "B": (0, 1, 2, 2, 2), "C": (40, 0, 10, 40, 40)})
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
    "interviews": [8] * 3 + [40] * 3,
    "interviews_mentioning": [5, 0, 8, 8, 16, 5],  # 5 of 8 and 5 of 40 would reveal 5 people (or 3 who did not)
    "pct_interviews": [62.5, 0.0, 100.0, 20.0, 40.0, 12.5],
    "mean_sentiment": [0.25, np.nan, -0.5, 0.1, 0.4, -0.125],
})
CATEGORIES = {"facilitator": "Facilitators", "value": "Value", "challenge": "Challenges"}


def test_bars_are_centred_on_the_neutral_point():
    chart = likert_bars(SITES, labels=SCALE)
    a = {code: bars(chart)[f"A:{SCALE[code]}"] for code in range(1, 6)}
    assert (a[3].get_x(), a[3].get_width()) == pytest.approx((-10, 20))  # neutral 20%: half each side of 0
    assert (a[1].get_x(), a[2].get_x()) == pytest.approx((-30, -20))  # disagree codes to the left
    assert a[4].get_x() == pytest.approx(10) and a[5].get_x() + a[5].get_width() == pytest.approx(70)


def test_a_site_under_eight_answers_gets_no_bar_only_the_words():
    chart = likert_bars(SITES, labels=SCALE)
    assert not [gid for gid in bars(chart) if gid.startswith("B:")]
    words = [t.get_text() for t in texts(chart)]
    assert "not shown: too few answers to show without identifying people" in words and "B" in words
    assert "not shown (too few answers to show without identifying people): B" in chart.alt_text


def test_a_segment_of_one_to_seven_people_merges_each_side_of_the_scale_for_the_whole_chart():
    # D: 2 strongly disagree of 42 would show 2 people; merged, its sides hold 12, 10 and 20
    chart = likert_bars(likert({"A": (10, 10, 20, 30, 30), "D": (2, 10, 10, 10, 10)}), labels=SCALE)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["Disagree or strongly disagree", "Neither agree nor disagree", "Agree or strongly agree"]
    drawn = bars(chart)
    assert drawn["D:Disagree or strongly disagree"].get_width() == pytest.approx(100 * 12 / 42)
    assert drawn["A:Agree or strongly agree"].get_width() == pytest.approx(60)  # A merged too: like with like
    assert "from Disagree or strongly disagree (left) to Agree or strongly agree (right)" in chart.alt_text


def test_a_bar_is_drawn_whole_or_not_at_all_so_no_hidden_segment_can_be_worked_out():
    # E: 3 neutral answers of 23 cannot be shown even merged; hiding only that segment would leave it as 100% - rest
    chart = likert_bars(likert({"A": (10, 10, 20, 30, 30), "E": (0, 0, 3, 10, 10)}), labels=SCALE)
    assert not [gid for gid in bars(chart) if gid.startswith("E:")]
    assert "not shown (too few answers to show without identifying people): E" in chart.alt_text


def test_a_large_site_with_a_few_disagreeing_is_drawn_as_agreeing_against_every_other_answer():
    # F: 5 of 110 disagree (either way) cannot be shown; 85 agreeing and the other 25 together can
    chart = likert_bars(likert({"F": (3, 2, 20, 40, 45), "G": (4, 2, 30, 30, 34)}), labels=SCALE)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["Any other answer (not broken down)", "Agree or strongly agree"]
    drawn = bars(chart)
    assert drawn["F:Agree or strongly agree"].get_width() == pytest.approx(100 * 85 / 110)
    assert drawn["F:Any other answer (not broken down)"].get_x() == pytest.approx(-100 * 25 / 110)
    assert "disagree" not in chart.alt_text  # no share of the small side anywhere
    assert "(77% agree, n≈110)" in chart.alt_text


def test_counts_one_to_seven_are_never_printed_and_n_is_rounded_to_five():
    chart = likert_bars(SITES, labels=SCALE)
    printed = [t.get_text() for t in texts(chart)] + [chart.alt_text]
    assert not [text for text in printed if re.search(r"n\s*[=≈]\s*[1-7]\b", text)]
    assert {"n≈100", "n≈130"} <= set(printed)


def test_likert_alt_text_names_the_highest_and_lowest_agreement():
    chart = likert_bars(SITES, item_label="My views were listened to", labels=SCALE)
    assert "answers to “My views were listened to”, one bar per site" in chart.alt_text
    assert "Highest % agree: C (62% agree, 31% disagree, n≈130)" in chart.alt_text
    assert "Lowest % agree: A (60% agree, 20% disagree, n≈100)" in chart.alt_text


def test_one_sites_items_are_rows_with_their_wording():
    items = likert({"x": (0, 0, 20, 40, 40), "y": (50, 30, 20, 0, 0)}).rename(columns={"site_id": "item_id",
                                                                                 "item_id": "site_id"})
    chart = likert_bars(items, group="item_id", labels=SCALE, row_labels={"x": "I felt heard", "y": "It was hard"})
    assert {"I felt heard:Strongly agree", "It was hard:Strongly disagree"} <= set(bars(chart))
    assert "Highest % agree: I felt heard (80% agree" in chart.alt_text


def test_two_rows_for_one_site_are_refused_with_a_hint():
    with pytest.raises(ValueError, match="one row per site_id.*group='item_id'"):
        likert_bars(pd.concat([SITES, SITES]), labels=SCALE)


def grey(colour) -> float:
    """Grey level 0-255 as PIL's convert("L") makes it (ITU-R 601-2 luma)."""
    r, g, b = (255 * c for c in to_rgb(colour))
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("sides", [[-1, -1, 0, 1, 1], [-1, 0, 1]])
def test_likert_colours_stay_apart_in_greyscale_and_the_low_side_is_hatched(sides):
    styles = likert_styles(np.array(sides))
    levels = [grey(style["facecolor"]) for style in styles]
    assert all(abs(a - b) >= 40 for a, b in zip(levels, levels[1:]))  # neighbours clearly apart
    assert abs(levels[0] - levels[-1]) >= 30  # strongly disagree is not strongly agree's grey
    assert len({tuple(to_rgb(style["facecolor"])) for style in styles}) == len(sides)  # and they differ in colour
    assert [style["hatch"] is not None for style in styles] == [s < 0 for s in sides]


def test_the_drawn_bars_use_those_styles_and_the_legend_names_every_point_of_the_scale():
    chart = likert_bars(SITES, labels=SCALE)
    colours = [to_rgb(bars(chart)[f"A:{label}"].get_facecolor()) for label in SCALE.values()]
    assert colours == [to_rgb(style["facecolor"]) for style in likert_styles(np.array([-1, -1, 0, 1, 1]))]
    empty = likert_bars(likert({"B": (0, 1, 2, 2, 2)}), labels=SCALE)
    assert not bars(empty)
    assert [t.get_text() for t in empty.figure.legends[0].get_texts()] == list(SCALE.values())
    assert "No site can be drawn without identifying people, so no bars are drawn." in empty.alt_text


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


def test_heatmap_cells_print_only_disclosed_shares():
    cells = heatmap_cells(theme_heatmap(MATRIX, category_labels=CATEGORIES))
    printed = {gid: t.get_text() for gid, t in cells.items()}
    assert printed == {"s1:training": "*", "s1:listened_to": "0%", "s1:time": "100%",
                       "s2:training": "20%", "s2:listened_to": "40%", "s2:time": "*"}
    assert cells["s1:time"].get_color() == "white" and cells["s1:listened_to"].get_color() == "black"


def test_a_cell_the_published_table_withholds_is_withheld_and_a_site_with_nothing_to_show_is_named_in_a_note():
    matrix = MATRIX.assign(withheld=[False] * 3 + [False, True, False])
    chart = theme_heatmap(matrix, hidden="withheld", site_labels={"s1": "North", "s2": "South"})
    assert heatmap_cells(chart)["s2:listened_to"].get_text() == "*"
    small = MATRIX.assign(interviews=[6] * 3 + [40] * 3, interviews_mentioning=[0, 0, 6, 8, 16, 5])
    chart = theme_heatmap(small, site_labels={"s1": "North", "s2": "South"})
    assert {gid.split(":")[0] for gid in heatmap_cells(chart)} == {"s2"}
    words = " ".join(t.get_text() for t in texts(chart))
    assert "Not shown: North — too few interviews to show without identifying people." in words.replace("\n", " ")
    assert "Not shown (too few interviews to show without identifying people): North." in chart.alt_text


def test_heatmap_groups_themes_by_category_and_shows_a_missing_mean_as_a_dash():
    shuffled = MATRIX.iloc[[2, 1, 0, 5, 4, 3]]  # challenge first: the order of first appearance is kept
    chart = theme_heatmap(shuffled, value="mean_sentiment", category_labels=CATEGORIES)
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Resource and time constraints", "Being listened to",
                                                          "Training in co-production"]
    cells = heatmap_cells(chart)
    assert cells["s1:listened_to"].get_text() == "–" and cells["s2:listened_to"].get_text() == "+0.40"
    assert cells["s1:training"].get_text() == "*"  # a mean over 5 interviews
    assert "3 themes in rows (Challenges: 1; Value: 1; Facilitators: 1) by 2 sites" in chart.alt_text


def test_site_names_are_written_horizontally_above_their_columns():
    names = {"s1": "Brackenfield Health and Social Care Partnership", "s2": "Harbourside Integrated Care System"}
    chart = theme_heatmap(MATRIX, site_labels=names)
    chart.figure.draw_without_rendering()
    labels = chart.figure.axes[0].get_xticklabels()
    assert [t.get_text().replace("\n", " ") for t in labels] == list(names.values())
    assert {t.get_rotation() for t in labels} == {0.0}


def test_heatmap_alt_text_names_the_highest_shown_values():
    alt_text = theme_heatmap(MATRIX, site_labels={"s1": "North", "s2": "South"}).alt_text
    assert "Highest values shown: Resource and time constraints at North (100%); Being listened to at South " \
           "(40%); Training in co-production at South (20%)." in alt_text
    assert "2 cells not shown (printed *)" in alt_text


def test_a_value_the_heatmap_cannot_disclose_is_refused():
    with pytest.raises(ValueError, match="whose disclosure it knows"):
        theme_heatmap(MATRIX.assign(words=1.0), value="words")


def test_every_chart_has_text_of_eight_points_or_more_and_only_the_likert_bars_are_coloured():
    for chart in (likert_bars(SITES, labels=SCALE), change_plot(CHANGE), theme_heatmap(MATRIX)):
        assert min(t.get_fontsize() for t in texts(chart)) >= 8
    for chart in (change_plot(CHANGE), theme_heatmap(MATRIX)):
        faces = [to_rgb(p.get_facecolor()) for ax in chart.figure.axes for p in ax.patches]
        assert all(r == g == b for r, g, b in faces)


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
