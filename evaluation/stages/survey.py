"""Surveys across sites: the analysts' statistics, then the tables and figures commissioners receive."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evaluation.figures import report_figures, write_figures
from evaluation.publish import PublishedTable, published_tables
from evaluation.stages.project import Project
from evaluation.survey.analysis import SurveyAnalysis, analyse_surveys


def survey_statistics(project: Project, responses: pd.DataFrame) -> SurveyAnalysis:
    """Scale scores, reliability, descriptives, change, ordinal models, differences between sites and funnel limits,
    from every site's survey_responses (exact values: for analysts)."""
    return analyse_surveys(responses, project.instrument)


def commissioner_tables(project: Project, analysis: SurveyAnalysis, responses: pd.DataFrame,
                        framework: pd.DataFrame, sites: pd.DataFrame) -> list[PublishedTable]:
    """Every table commissioners receive, each through disclosure control, sites shown by their display names."""
    return published_tables(analysis, responses, project.instrument, framework, site_names(sites))


def commissioner_figures(project: Project, analysis: SurveyAnalysis, framework: pd.DataFrame,
                         tables: Sequence[PublishedTable], sites: pd.DataFrame) -> pd.DataFrame:
    """Draw the commissioners' charts into the layout's figures folder; the listing of what was drawn."""
    themes = next(t.table for t in tables if t.name == "theme_prevalence")
    figures = report_figures(analysis, project.instrument, framework, themes, site_names(sites),
                             category_names={c.id: c.name for c in project.codebook.categories})
    return write_figures(figures, project.layout.figures)


def site_names(sites: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sites["site_id"], sites["display_name"]))
