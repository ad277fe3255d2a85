"""Survey stage: the statistics across sites (analysts' tables), then the commissioner tables they publish."""

import dagster as dg
import pandas as pd

from evaluation.disclosure import check_disclosed
from evaluation.figures import report_figures, write_figures
from evaluation.publish import published_tables, write_published
from evaluation.safe_cells import read_csv_text
from evaluation.survey.analysis import analyse_surveys, read_survey_analysis, write_survey_analysis
from evaluation.survey.funnel import WITHIN
from pipelines.defs.metadata import counts_markdown, markdown_preview
from pipelines.defs.resources import EvaluationProject

GROUP = "survey"


@dg.multi_asset(
    specs=[
        dg.AssetSpec("survey_statistics", group_name=GROUP, deps=["survey_responses"], kinds={"parquet"},
                     description="Analysts' survey tables (exact values) in data/processed/survey/: scale scores, "
                                 "Cronbach's alpha, item missingness, descriptives per site × wave × role, "
                                 "baseline → follow-up change, the proportional-odds model and its assumption "
                                 "check, differences between sites, and survey_notes (what could not be computed "
                                 "and why)."),
        dg.AssetSpec("funnel_tables", group_name=GROUP, deps=["survey_responses"], kinds={"parquet"},
                     description="One table per measure in data/processed/funnel/<measure>.parquet: site_id, "
                                 "measure, n, numerator, proportion, target, lower_95, upper_95, lower_998, "
                                 "upper_998, band (Spiegelhalter's funnel limits with over-dispersion)."),
    ],
)
def survey_statistics(project: EvaluationProject):
    """Every survey statistic across sites, from every site's survey_responses."""
    analysis = analyse_surveys(project.table("survey_responses"), project.instrument)
    paths = write_survey_analysis(analysis, project.processed_dir)
    notes = analysis.tables["survey_notes"]
    yield dg.MaterializeResult(asset_key="survey_statistics", metadata={
        "path": dg.MetadataValue.path(str(project.processed_dir / "survey")),
        "tables": dg.MetadataValue.md(counts_markdown(pd.Series(
            {name: len(t) for name, t in analysis.tables.items() if not name.startswith("funnel/")}), "table")),
        "instrument": project.instrument.label,
        "notes": dg.MetadataValue.md(markdown_preview(notes, rows=20)),
        "ordinal models": dg.MetadataValue.md(markdown_preview(
            analysis.tables["ordinal_models"][["item_id", "n", "assumption_holds"]], rows=20)),
    })
    bands = pd.concat([analysis.tables[f"funnel/{m}"] for m in analysis.funnels], ignore_index=True)
    outside = bands[bands["band"] != WITHIN]
    yield dg.MaterializeResult(asset_key="funnel_tables", metadata={
        "path": dg.MetadataValue.path(str(project.processed_dir / "funnel")),
        "measures": len(analysis.funnels),
        "files": len([p for name, p in paths.items() if name.startswith("funnel/")]),
        "sites outside the expected range": dg.MetadataValue.md(markdown_preview(
            outside[["measure", "site_id", "n", "proportion", "band"]], rows=20)),
        "over-dispersion": dg.MetadataValue.md(markdown_preview(
            analysis.tables["funnel_measures"][["measure", "phi", "tau2", "note"]], rows=30)),
    })


@dg.asset(group_name=GROUP, deps=["survey_statistics", "funnel_tables", "framework_matrix"], kinds={"csv"},
          check_specs=[dg.AssetCheckSpec("no_small_counts", asset="commissioner_tables", blocking=True,
                                         description="No published count from 1 to 7, every count rounded to 5.")])
def commissioner_tables(project: EvaluationProject):
    """The tables commissioners receive, in reports/tables/ (CSV, with a README of footnotes): each one built
    from the analysts' tables and passed through disclosure control (counts 1–7 shown as *, other counts rounded
    to the nearest 5, statistics on fewer than 8 respondents hidden, secondary suppression)."""
    analysis = read_survey_analysis(project.processed_dir)
    framework = pd.read_parquet(project.processed_dir / "framework_matrix.parquet")
    sites = pd.read_parquet(project.processed_dir / "sites.parquet")
    tables = published_tables(analysis, project.table("survey_responses"), project.instrument, framework,
                              dict(zip(sites["site_id"], sites["display_name"])))
    paths = write_published(tables, project.reports_dir / "tables")
    yield dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(project.reports_dir / "tables")),
        "tables": dg.MetadataValue.md("\n".join(f"- `{t.name}.csv`: {t.title} ({len(t.table)} rows)"
                                                for t in tables)),
    })
    problems = [f"{path.name}: {problem}" for table, path in zip(tables, paths)
                for problem in check_disclosed(read_csv_text(path),
                                               list(table.count_columns))]
    yield dg.AssetCheckResult(passed=not problems, metadata={
        "tables checked": len(paths),
        "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems[:20]) or "_none_")})


@dg.asset(group_name=GROUP, deps=["survey_statistics", "funnel_tables", "framework_matrix", commissioner_tables],
          kinds={"png"})
def commissioner_figures(project: EvaluationProject) -> dg.MaterializeResult:
    """The charts commissioners see, in reports/figures/ (PNG, greyscale-readable, each with <name>.alt.txt and
    listed in figures.csv): Likert answers by site per item, a funnel plot per measure, change per dimension, the
    theme heatmap, and each site's items. Groups under 8 respondents are not drawn."""
    analysis = read_survey_analysis(project.processed_dir)
    framework = pd.read_parquet(project.processed_dir / "framework_matrix.parquet")
    themes = read_csv_text(project.reports_dir / "tables" / "theme_prevalence.csv")
    sites = pd.read_parquet(project.processed_dir / "sites.parquet")
    folder = project.reports_dir / "figures"
    listing = write_figures(report_figures(analysis, project.instrument, framework, themes,
                                           dict(zip(sites["site_id"], sites["display_name"]))), folder)
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(folder)),
        "figures": len(listing),
        "per section": dg.MetadataValue.md(counts_markdown(listing["section"].value_counts(sort=False), "section")),
    })
