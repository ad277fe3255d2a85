"""Coding stage: interview turns → segments → coded segments per site; then the cross-site framework matrix."""

import dagster as dg

from evaluation.coding.comments import code_comments, comment_ids, comment_themes
from evaluation.coding.framework import framework_matrix, join_comment_themes, theme_cooccurrence
from evaluation.coding.rules import RuleCoder
from evaluation.coding.schemas import INTERVIEW_SEGMENTS, coded_segments_schema
from evaluation.coding.segments import code_segments, interview_segments
from evaluation.ingest.schemas import schema_failures
from evaluation.storage import write_parquet
from pipelines.defs.ingest.partitions import site_partitions
from pipelines.defs.metadata import counts_markdown, schema_check_result, table_metadata
from pipelines.defs.resources import EvaluationProject

GROUP = "coding"


def _schema_check(asset: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec("matches_schema", asset=asset, blocking=True,
                             description=f"Columns, types and allowed values of {asset} (pandera).")


@dg.multi_asset(
    specs=[
        dg.AssetSpec("interview_segments", group_name=GROUP, deps=["interview_turns"], kinds={"parquet"},
                     description="One row per sentence of every interview turn (nltk Punkt, trained on the site's "
                                 "own transcripts), with its VADER sentiment. Interviewer sentences are kept for "
                                 "context and marked coded = False."),
        dg.AssetSpec("coded_segments", group_name=GROUP, deps=["interview_segments"], kinds={"parquet"},
                     description="Themes applied to participants' segments by the rule coder: one row per segment "
                                 "× theme with the category, a score (0–1) and the evidence (the words that carried "
                                 "the code). Codebook: see the `codebook` metadata."),
    ],
    check_specs=[_schema_check("interview_segments"), _schema_check("coded_segments")],
    partitions_def=site_partitions,
)
def code_site(context: dg.AssetExecutionContext, project: EvaluationProject):
    """Segment one site's interviews and code them (one step: coding always follows segmenting)."""
    site_id = context.partition_key
    segments = interview_segments(project.site_table("interview_turns", site_id))
    coding = code_segments(segments, RuleCoder(project.codebook))
    segments_path = write_parquet(segments, project.table_path("interview_segments", site_id))
    coding_path = write_parquet(coding, project.table_path("coded_segments", site_id))
    per_category = coding.drop_duplicates(["segment_id", "category"])["category"].value_counts().sort_index()
    yield dg.MaterializeResult(asset_key="interview_segments", metadata={
        **table_metadata(segments, segments_path, ["segment_id", "speaker_role", "sentiment", "text"]),
        "participant segments": int(segments["coded"].sum()),
    })
    yield dg.MaterializeResult(asset_key="coded_segments", metadata={
        **table_metadata(coding, coding_path, ["segment_id", "theme_id", "score", "evidence"]),
        "codebook": project.codebook.label,
        "segments coded": int(coding["segment_id"].nunique()),
        "participant segments": int(segments["coded"].sum()),
        "segments per category": dg.MetadataValue.md(counts_markdown(per_category, "category")),
        "top themes": dg.MetadataValue.md(counts_markdown(coding["theme_id"].value_counts().head(8), "theme")),
    })
    yield schema_check_result("interview_segments", schema_failures(INTERVIEW_SEGMENTS, segments))
    coded_schema = coded_segments_schema(project.codebook.theme_ids, segments["segment_id"])
    yield schema_check_result("coded_segments", schema_failures(coded_schema, coding))


@dg.asset(group_name=GROUP, deps=["survey_comments"], kinds={"parquet"}, partitions_def=site_partitions,
          check_specs=[_schema_check("coded_comments")])
def coded_comments(context: dg.AssetExecutionContext, project: EvaluationProject):
    """Survey free-text answers (redacted at ingestion) coded with the same codebook and rule coder as the
    interviews: one row per comment × theme, comment_id = site/wave/respondent/question."""
    comments = project.site_table("survey_comments", context.partition_key)
    coding = code_comments(comments, RuleCoder(project.codebook))
    path = write_parquet(coding, project.table_path("coded_comments", context.partition_key))
    yield dg.MaterializeResult(metadata={
        **table_metadata(coding, path, ["comment_id", "theme_id", "score", "evidence"]),
        "comments": len(comments),
        "comments coded": int(coding["comment_id"].nunique()),
        "top themes": dg.MetadataValue.md(counts_markdown(coding["theme_id"].value_counts().head(8), "theme")),
    })
    schema = coded_segments_schema(project.codebook.theme_ids, comment_ids(comments), "comment_id", "coded_comments")
    yield schema_check_result("coded_comments", schema_failures(schema, coding))


@dg.asset(name="framework_matrix", group_name=GROUP,
          deps=["interview_segments", "coded_segments", "survey_comments", coded_comments], kinds={"parquet"})
def build_framework_matrix(project: EvaluationProject) -> dg.MaterializeResult:
    """Site × theme: segments and interviews mentioning the theme, % of the site's interviews, mean sentiment,
    survey respondents whose free-text answers mention it, and up to three exemplar interview quotes (redacted,
    chosen for clarity) attributed by role only. Exact counts: for analysts; reports apply disclosure control."""
    segments, coding = project.table("interview_segments"), project.table("coded_segments")
    written = comment_themes(project.table("survey_comments"), project.table("coded_comments"), project.codebook)
    matrix = join_comment_themes(framework_matrix(segments, coding, project.codebook), written)
    path = write_parquet(matrix, project.processed_dir / "framework_matrix.parquet")
    return dg.MaterializeResult(metadata={
        **table_metadata(matrix, path, ["site_id", "theme_id", "interviews_mentioning", "pct_interviews",
                                        "mean_sentiment"]),
        "sites": int(matrix["site_id"].nunique()),
    })


@dg.asset(name="theme_cooccurrence", group_name=GROUP, deps=["interview_segments", "coded_segments"],
          kinds={"parquet"})
def count_theme_cooccurrence(project: EvaluationProject) -> dg.MaterializeResult:
    """Pairs of themes coded in the same segment, and in the same interview, across all sites and per site, with
    the Jaccard index. Which facilitators come up with which challenges?"""
    pairs = theme_cooccurrence(project.table("coded_segments"), project.table("interview_segments"),
                               project.codebook)
    path = write_parquet(pairs, project.processed_dir / "theme_cooccurrence.parquet")
    top = pairs[pairs["site_id"] == "all"].nlargest(8, "segments")
    return dg.MaterializeResult(metadata={
        **table_metadata(pairs, path),
        "most frequent pairs": dg.MetadataValue.md(top[["theme_a", "theme_b", "segments", "jaccard"]]
                                                   .to_markdown(index=False) if not top.empty else "_none_"),
    })
