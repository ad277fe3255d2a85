"""Survey stage: the statistics across sites (analysts' tables), then the commissioner tables they publish."""

import dagster as dg
import pandas as pd

from evaluation.disclosure import check_disclosed
from evaluation.publish import PublishedTable
from evaluation.stages import survey as stage
from evaluation.survey.analysis import SurveyAnalysis
from evaluation.survey.funnel import WITHIN
from pipelines.defs.metadata import counts_markdown, markdown_preview
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE

GROUP = "survey"


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=CROSS_SITE)
def survey_statistics(project: EvaluationProject, survey_responses: pd.DataFrame) -> dg.Output:
    """Analysts' survey tables (exact values): scale scores, Cronbach's alpha, item missingness, descriptives per
    site × wave × role, baseline → follow-up change, the proportional-odds model and its assumption check,
    differences between sites, survey_notes (what could not be computed and why), and one funnel table per measure
    (site_id, measure, n, numerator, proportion, target, 95% and 99.8% limits, band: Spiegelhalter's funnel limits
    with over-dispersion)."""
    analysis = stage.survey_statistics(project.project, survey_responses)
    funnels = pd.concat([analysis.tables[f"funnel/{m}"] for m in analysis.funnels], ignore_index=True)
    outside = funnels[funnels["band"] != WITHIN]
    return dg.Output(analysis, metadata={
        "tables": dg.MetadataValue.md(counts_markdown(pd.Series({name: len(t) for name, t in analysis.tables.items()
                                                                 }), "table")),
        "instrument": project.project.instrument.label,
        "notes": dg.MetadataValue.md(markdown_preview(analysis.tables["survey_notes"], rows=20)),
        "ordinal models": dg.MetadataValue.md(markdown_preview(
            analysis.tables["ordinal_models"][["item_id", "n", "assumption_holds"]], rows=20)),
        "funnel measures": len(analysis.funnels),
        "sites outside the expected range": dg.MetadataValue.md(markdown_preview(
            outside[["measure", "site_id", "n", "proportion", "band"]], rows=20)),
        "over-dispersion": dg.MetadataValue.md(markdown_preview(
            analysis.tables["funnel_measures"][["measure", "phi", "tau2", "note"]], rows=30)),
    })


@dg.asset(group_name=GROUP, kinds={"csv"}, tags=CROSS_SITE,
          check_specs=[dg.AssetCheckSpec("no_small_counts", asset="commissioner_tables", blocking=True,
                                         description="No published count from 1 to 7, every count rounded to 5.")])
def commissioner_tables(project: EvaluationProject, survey_statistics: SurveyAnalysis,
                        survey_responses: pd.DataFrame, framework_matrix: pd.DataFrame, site_registry: pd.DataFrame):
    """The tables commissioners receive (CSV, with a README of footnotes): each one built from the analysts' tables
    and passed through disclosure control (counts 1–7 shown as *, other counts rounded to the nearest 5, statistics
    on fewer than 8 respondents hidden, secondary suppression)."""
    tables = stage.commissioner_tables(project.project, survey_statistics, survey_responses, framework_matrix,
                                       site_registry)
    yield dg.Output(tables, metadata={
        "tables": dg.MetadataValue.md("\n".join(f"- `{t.name}.csv`: {t.title} ({len(t.table)} rows)"
                                                for t in tables)),
    })
    problems = [f"{t.name}: {problem}" for t in tables for problem in check_disclosed(t.table, list(t.count_columns))]
    yield dg.AssetCheckResult(passed=not problems, metadata={
        "tables checked": len(tables),
        "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems[:20]) or "_none_")})


@dg.asset(group_name=GROUP, kinds={"png"}, tags=CROSS_SITE)
def commissioner_figures(project: EvaluationProject, survey_statistics: SurveyAnalysis,
                         framework_matrix: pd.DataFrame, commissioner_tables: list[PublishedTable],
                         site_registry: pd.DataFrame) -> dg.Output:
    """The charts commissioners see (PNG, greyscale-readable, each with <name>.alt.txt and listed in figures.csv):
    Likert answers by site per item, a funnel plot per measure, change per dimension, the theme heatmap, and each
    site's items. Groups under 8 respondents are not drawn."""
    listing = stage.commissioner_figures(project.project, survey_statistics, framework_matrix, commissioner_tables,
                                         site_registry)
    return dg.Output(listing, metadata={
        "figures": len(listing),
        "per section": dg.MetadataValue.md(counts_markdown(listing["section"].value_counts(sort=False), "section")),
    })
