"""figures.csv carries every text drawn on each chart, so a scanner can check chart text as it checks tables."""

import re

import pandas as pd
from matplotlib.figure import Figure

from evaluation.charts.chart import Chart
from evaluation.charts.likert import likert_bars
from evaluation.figures import FIGURE_COLUMNS, ReportFigure, chart_text, write_figures

SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree"}


def test_chart_text_is_what_is_drawn_and_leaves_out_ticks_outside_the_view():
    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([0, 10], [0, 1])
    ax.set_xlim(2, 5)
    ax.set_title("A title")
    ax.annotate("a note", (3, 0.5))
    words = chart_text(figure)
    assert {"A title", "a note", "2.0", "5.0", "0.0", "1.0"} <= set(words)
    assert not {"−0.2", "1.2"} & set(words)  # ticks the locator made just outside the view (0 - 5%, 1 + 5%)


def test_figures_csv_lists_every_label_of_each_chart(tmp_path):
    answers = pd.DataFrame([{"site_id": "North ICS", "item_id": "x", "n_1": 10, "n_2": 10, "n_3": 20, "n_4": 30,
                             "n_5": 30},
                            {"site_id": "South CA", "item_id": "x", "n_1": 0, "n_2": 1, "n_3": 2, "n_4": 2,
                             "n_5": 2}])
    chart = likert_bars(answers, labels=SCALE, title="An item")
    listing = write_figures(iter([ReportFigure("likert_x", "likert", "An item", chart)]), tmp_path)
    assert list(listing.columns) == list(FIGURE_COLUMNS)
    saved = pd.read_csv(tmp_path / "figures.csv", keep_default_na=False)
    labels = saved.loc[0, "labels"].split(" | ")
    assert {"An item", "North ICS", "South CA", "n≈100", "Strongly agree"} <= set(labels)
    assert not [w for w in labels if re.search(r"n\s*[=≈]\s*[1-7]\b", w)]


def test_a_chart_without_text_has_an_empty_labels_cell(tmp_path):
    listing = write_figures(iter([ReportFigure("blank", "likert", "", Chart(Figure(), "nothing"))]), tmp_path)
    assert listing.loc[0, "labels"] == ""
