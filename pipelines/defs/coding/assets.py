"""Coding stage: interview turns → segments → coded segments per site; then the cross-site framework matrix."""

import dagster as dg
import pandas as pd

from evaluation.coding.comments import comment_ids
from evaluation.coding.review.round_trip import ReturnedReviews
from evaluation.coding.schemas import INTERVIEW_SEGMENTS, coded_segments_schema
from evaluation.ingest.schemas import schema_failures
from evaluation.stages import coding as stage
from evaluation.stages.review import LearnedModel
from evaluation.vocabulary import ALL_SITES
from pipelines.defs.metadata import counts_markdown, schema_check_result, table_metadata
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE, SITE, site_partitions

GROUP = "coding"


def _schema_check(asset: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec("matches_schema", asset=asset, blocking=True,
                             description=f"Columns, types and allowed values of {asset} (pandera).")


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=SITE, partitions_def=site_partitions,
          check_specs=[_schema_check("interview_segments")])
def interview_segments(interview_turns: pd.DataFrame):
    """One row per sentence of every interview turn (nltk Punkt, trained on the site's own transcripts), with its
    VADER sentiment. Interviewer sentences are kept for context and marked coded = False."""
    segments = stage.segment_site(interview_turns)
    yield dg.Output(segments, metadata={
        **table_metadata(segments, ["segment_id", "speaker_role", "sentiment", "text"]),
        "participant segments": int(segments["coded"].sum()),
    })
    yield schema_check_result("interview_segments", schema_failures(INTERVIEW_SEGMENTS, segments))


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=SITE, partitions_def=site_partitions,
          check_specs=[_schema_check("coded_segments")])
def coded_segments(project: EvaluationProject, interview_segments: pd.DataFrame, learned_coder: LearnedModel):
    """Themes applied to participants' segments by the default coder: the rule coder (codebook patterns, with
    negation and hedging) and the semantic coder (sentence embeddings, all-MiniLM-L6-v2), and once reviewers have
    coded a sample, the learned coder trained on their coding. One row per segment × theme with the category, the
    coders that found it, a score (0–1) and the evidence."""
    codebook = project.project.codebook
    coder, model_note = stage.site_coder(project.project, learned_coder.coder)
    coding = stage.code_site(interview_segments, coder)
    per_category = coding.drop_duplicates(["segment_id", "category"])["category"].value_counts().sort_index()
    yield dg.Output(coding, metadata={
        **table_metadata(coding, ["segment_id", "theme_id", "coder", "score", "evidence"]),
        "codebook": codebook.label,
        "coder": coder.name,
        "learned coder": model_note,
        "segments coded": int(coding["segment_id"].nunique()),
        "participant segments": int(interview_segments["coded"].sum()),
        "segments per category": dg.MetadataValue.md(counts_markdown(per_category, "category")),
        "codes per coder": dg.MetadataValue.md(counts_markdown(coding["coder"].value_counts(), "coders")),
        "top themes": dg.MetadataValue.md(counts_markdown(coding["theme_id"].value_counts().head(8), "theme")),
    })
    schema = coded_segments_schema(codebook.theme_ids, interview_segments["segment_id"])
    yield schema_check_result("coded_segments", schema_failures(schema, coding))


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=SITE, partitions_def=site_partitions,
          check_specs=[_schema_check("coded_comments")])
def coded_comments(project: EvaluationProject, survey_comments: pd.DataFrame, learned_coder: LearnedModel):
    """Survey free-text answers (redacted at ingestion) coded with the same codebook and default coder as the
    interviews: one row per comment × theme, comment_id = site/wave/respondent/question."""
    codebook = project.project.codebook
    coding = stage.code_site_comments(survey_comments, stage.site_coder(project.project, learned_coder.coder)[0])
    yield dg.Output(coding, metadata={
        **table_metadata(coding, ["comment_id", "theme_id", "score", "evidence"]),
        "comments": len(survey_comments),
        "comments coded": int(coding["comment_id"].nunique()),
        "top themes": dg.MetadataValue.md(counts_markdown(coding["theme_id"].value_counts().head(8), "theme")),
    })
    schema = coded_segments_schema(codebook.theme_ids, comment_ids(survey_comments), "comment_id", "coded_comments")
    yield schema_check_result("coded_comments", schema_failures(schema, coding))


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=CROSS_SITE)
def framework_matrix(project: EvaluationProject, interview_segments: pd.DataFrame, coded_segments: pd.DataFrame,
                     survey_comments: pd.DataFrame, coded_comments: pd.DataFrame,
                     returned_reviews: ReturnedReviews) -> dg.Output:
    """Site × theme: segments and interviews mentioning the theme, % of the site's interviews, mean sentiment,
    survey respondents whose free-text answers mention it, and up to three exemplar interview quotes (redacted,
    chosen for clarity; only from confident codes agreed by two coders or confirmed by a reviewer, never from a
    negated or hedged mention) attributed by role only. Exact counts: for analysts; reports apply disclosure control."""
    matrix = stage.framework(project.project, interview_segments, coded_segments, survey_comments, coded_comments,
                             returned_reviews)
    return dg.Output(matrix, metadata={
        **table_metadata(matrix, ["site_id", "theme_id", "interviews_mentioning", "pct_interviews",
                                  "mean_sentiment"]),
        "sites": int(matrix["site_id"].nunique()),
    })


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=CROSS_SITE)
def theme_cooccurrence(project: EvaluationProject, interview_segments: pd.DataFrame,
                       coded_segments: pd.DataFrame) -> dg.Output:
    """Pairs of themes coded in the same segment, and in the same interview, across all sites and per site, with
    the Jaccard index. Which facilitators come up with which challenges?"""
    pairs = stage.cooccurrence(project.project, interview_segments, coded_segments)
    top = pairs[pairs["site_id"] == ALL_SITES].nlargest(8, "segments")
    return dg.Output(pairs, metadata={
        **table_metadata(pairs),
        "most frequent pairs": dg.MetadataValue.md(top[["theme_a", "theme_b", "segments", "jaccard"]]
                                                   .to_markdown(index=False) if not top.empty else "_none_"),
    })
