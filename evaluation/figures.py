"""The figures commissioners see: drawn from the analysis, with disclosure control, each with its alt text.

`report_figures` yields every figure of the cross-site report and the per-site case studies; `write_figures` saves
them as PNG with `<name>.alt.txt` beside each, plus `figures.csv` listing them (name, section, site, measure, title,
files, alt text, and `labels`: every text drawn on the chart, joined by " | ", for a scanner to check) so reports
embed them without drawing anything twice.

Disclosure in figures: every chart draws and writes only disclosed values (`evaluation.disclosure`): counts 1–7
never appear, n is rounded to the nearest 5, and a share is drawn only where `disclosed_share` allows it. A funnel
site whose share is hidden is named in a note, not drawn; a Likert bar is drawn whole or not at all; the theme
heatmap also withholds the cells the published theme table withholds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.text import Text

from evaluation.charts.change import change_plot
from evaluation.charts.chart import Chart, save_chart
from evaluation.charts.heatmap import theme_heatmap
from evaluation.charts.likert import likert_bars
from evaluation.disclosure import SUPPRESSED
from evaluation.safe_cells import neutralise_frame
from evaluation.survey.analysis import SurveyAnalysis, multi_item_dimensions
from evaluation.survey.funnel import funnel_plot
from evaluation.survey.instrument import Instrument
from evaluation.vocabulary import ALL_ROLES, ALL_SITES, LATEST_WAVE

FIGURE_COLUMNS = ("name", "section", "site_id", "measure", "title", "image", "alt_text_file", "alt_text", "labels")
LABEL_SEPARATOR = " | "


@dataclass(frozen=True)
class ReportFigure:
    name: str  # file stem, unique
    section: str  # likert | funnel | change | themes | site_items
    title: str
    chart: Chart
    site_id: str = ""
    measure: str = ""


def report_figures(analysis: SurveyAnalysis, instrument: Instrument, framework: pd.DataFrame | None = None,
                   theme_table: pd.DataFrame | None = None, site_names: Mapping[str, str] | None = None,
                   category_names: Mapping[str, str] | None = None) -> Iterator[ReportFigure]:
    """Every figure, drawn one at a time (each is saved and closed before the next is drawn). Words on the charts
    are display names: items' wording and dimensions' names from the instrument, funnel measures' labels, theme
    names from the framework matrix, `category_names` (category id -> the codebook's name) and `site_names`."""
    names = dict(site_names or {})
    named = (lambda frame: frame.assign(site_id=frame["site_id"].map(lambda s: names.get(s, s))))
    items = analysis.tables["item_descriptives"]
    latest = items[(items["role"] == ALL_ROLES) & (items["wave"] == LATEST_WAVE)]
    for item in instrument.items:
        title = f"“{item.wording}”: {LATEST_WAVE.replace('_', '-')}, by site"
        chart = likert_bars(named(latest[latest["item_id"] == item.id]), labels=instrument.scale,
                            item_label=item.wording, title=title)
        yield ReportFigure(f"likert_{item.id}", "likert", title, chart, measure=item.id)
    for measure_id, result in analysis.funnels.items():
        label = analysis.measures[measure_id].label
        drawn = dataclasses.replace(result, table=named(result.table))
        yield ReportFigure(f"funnel_{measure_id}", "funnel", label,
                           funnel_plot(drawn, title=label, measure_label=label), measure=measure_id)
    change = analysis.tables["survey_change"]
    for dimension in multi_item_dimensions(instrument):
        rows = change[(change["measure_type"] == "dimension") & (change["measure"] == dimension)
                      & (change["site_id"] != ALL_SITES)]
        dimension_name = instrument.dimensions[dimension].name
        title = f"Change from baseline to follow-up: {dimension_name}"
        yield ReportFigure(f"change_{dimension}", "change", title,
                           change_plot(named(rows), measure=dimension_name, title=title), measure=dimension)
    if framework is not None and theme_table is not None:
        sources = {"pct_interviews": ("themes_interviews", "Themes: % of each site's interviews mentioning them"),
                   "pct_commenters": ("themes_comments", "Themes: % of each site's survey respondents who wrote "
                                                         "comments mentioning them")}
        for value, (name, title) in sources.items():
            if value in framework.columns and value in theme_table.columns:
                yield ReportFigure(name, "themes", title, theme_heatmap(
                    _withheld(framework, theme_table, value), value=value, hidden="withheld", site_labels=names,
                    category_labels=category_names, title=title), measure=value)
    wording = {item.id: item.wording for item in instrument.items}
    for site_id in sorted(latest["site_id"].unique()):
        title = f"{names.get(site_id, site_id)}: answers at {LATEST_WAVE.replace('_', '-')}, item by item"
        yield ReportFigure(f"site_{site_id}_items", "site_items", title,
                           likert_bars(latest[latest["site_id"] == site_id], labels=instrument.scale,
                                       group="item_id", row_labels=wording, title=title), site_id=site_id)


def write_figures(figures: Iterator[ReportFigure], folder: Path) -> pd.DataFrame:
    """Save each figure (PNG + alt text) into `folder`, close it, and write folder/figures.csv listing them all."""
    folder = Path(folder)
    rows = []
    for figure in figures:
        saved = save_chart(figure.chart, folder / f"{figure.name}.png")
        labels = LABEL_SEPARATOR.join(chart_text(figure.chart.figure))
        figure.chart.figure.clear()  # the next figure need not wait for the garbage collector
        rows.append({"name": figure.name, "section": figure.section, "site_id": figure.site_id,
                     "measure": figure.measure, "title": figure.title, "image": saved.image.name,
                     "alt_text_file": saved.alt_text.name, "alt_text": figure.chart.alt_text, "labels": labels})
    listing = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    neutralise_frame(listing).to_csv(folder / "figures.csv", index=False, lineterminator="\n")
    return listing


def chart_text(figure: Figure) -> list[str]:
    """Every text drawn on a figure (title, axis and tick labels, annotations, legends, notes), each once, in the
    order found: what a scanner reads to check that no chart says more than the published tables. Tick labels of
    ticks outside an axis' view are not drawn, so they are left out."""
    figure.draw_without_rendering()
    undrawn = set()
    for axis in figure.findobj(Axis):
        low, high = sorted(axis.get_view_interval())
        span = (high - low) * 1e-9
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
            if not low - span <= tick.get_loc() <= high + span:
                undrawn.update({id(tick.label1), id(tick.label2)})
    texts = [t.get_text().replace("\n", " ") for t in figure.findobj(Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in undrawn]
    return list(dict.fromkeys(texts))


def _withheld(framework: pd.DataFrame, theme_table: pd.DataFrame, value: str) -> pd.DataFrame:
    """The framework matrix with a `withheld` flag where the published theme table shows '*' for `value`."""
    hidden = theme_table.set_index(["site_id", "theme_id"])[value].eq(SUPPRESSED).rename("withheld")
    return framework.join(hidden, on=["site_id", "theme_id"]).fillna({"withheld": True})
