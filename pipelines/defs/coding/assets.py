"""Coding stage: interview turns → segments → coded segments per site; then the cross-site framework matrix."""

import dagster as dg

from evaluation.coding.comments import code_comments, comment_ids, comment_themes
from evaluation.coding.framework import framework_matrix, join_comment_themes, theme_cooccurrence
from evaluation.coding.default import DefaultCoder
from evaluation.coding.learned import LearnedCoder
from evaluation.coding.learning import human_coding
from evaluation.coding.rules import RuleCoder
from evaluation.coding.schemas import INTERVIEW_SEGMENTS, coded_segments_schema
from evaluation.coding.segments import code_segments, interview_segments
from evaluation.coding.semantic import SemanticCoder
from evaluation.ingest.schemas import schema_failures
from evaluation.storage import write_parquet
from evaluation.text.embed import EmbeddingCache, SentenceEncoder
from pipelines.defs.ingest.partitions import site_partitions
from pipelines.defs.metadata import counts_markdown, schema_check_result, table_metadata
from pipelines.defs.resources import EvaluationProject

GROUP = "coding"
MODEL_FILE = "learned_coder.pkl.gz"  # in data/processed/, written by the learned_coder asset
# In data/private/ (never published): each segment's embedding, by the SHA-256 of its text.
EMBEDDING_CACHE = "embedding_cache"


def _schema_check(asset: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec("matches_schema", asset=asset, blocking=True,
                             description=f"Columns, types and allowed values of {asset} (pandera).")


@dg.asset(name="interview_segments", group_name=GROUP, deps=["interview_turns"], kinds={"parquet"},
          partitions_def=site_partitions, check_specs=[_schema_check("interview_segments")])
def segment_site(context: dg.AssetExecutionContext, project: EvaluationProject):
    """One row per sentence of every interview turn (nltk Punkt, trained on the site's own transcripts), with its
    VADER sentiment. Interviewer sentences are kept for context and marked coded = False."""
    segments = interview_segments(project.site_table("interview_turns", context.partition_key))
    path = write_parquet(segments, project.table_path("interview_segments", context.partition_key))
    yield dg.MaterializeResult(metadata={
        **table_metadata(segments, path, ["segment_id", "speaker_role", "sentiment", "text"]),
        "participant segments": int(segments["coded"].sum()),
    })
    yield schema_check_result("interview_segments", schema_failures(INTERVIEW_SEGMENTS, segments))


@dg.asset(name="coded_segments", group_name=GROUP, deps=["interview_segments", "learned_coder"], kinds={"parquet"},
          partitions_def=site_partitions, check_specs=[_schema_check("coded_segments")])
def code_site(context: dg.AssetExecutionContext, project: EvaluationProject):
    """Themes applied to participants' segments by the default coder: the rule coder (codebook patterns, with
    negation and hedging) and the semantic coder (sentence embeddings, all-MiniLM-L6-v2), and once reviewers have
    coded a sample (data/review/returned/), the learned coder trained on their coding. One row per segment × theme
    with the category, the coders that found it, a score (0–1) and the evidence."""
    site_id = context.partition_key
    segments = project.site_table("interview_segments", site_id)
    coder, model_note = default_coder(project)
    coding = code_segments(segments, coder)
    coding_path = write_parquet(coding, project.table_path("coded_segments", site_id))
    per_category = coding.drop_duplicates(["segment_id", "category"])["category"].value_counts().sort_index()
    yield dg.MaterializeResult(metadata={
        **table_metadata(coding, coding_path, ["segment_id", "theme_id", "coder", "score", "evidence"]),
        "codebook": project.codebook.label,
        "coder": coder.name,
        "learned coder": model_note,
        "segments coded": int(coding["segment_id"].nunique()),
        "participant segments": int(segments["coded"].sum()),
        "segments per category": dg.MetadataValue.md(counts_markdown(per_category, "category")),
        "codes per coder": dg.MetadataValue.md(counts_markdown(coding["coder"].value_counts(), "coders")),
        "top themes": dg.MetadataValue.md(counts_markdown(coding["theme_id"].value_counts().head(8), "theme")),
    })
    coded_schema = coded_segments_schema(project.codebook.theme_ids, segments["segment_id"])
    yield schema_check_result("coded_segments", schema_failures(coded_schema, coding))


def default_coder(project: EvaluationProject, with_model: bool = True) -> tuple[DefaultCoder, str]:
    """The project's default coder, with the learned coder when one was trained on this codebook's reviews."""
    cache = EmbeddingCache(project.private_dir / EMBEDDING_CACHE)
    # Sites are coded in parallel, one process each: one thread per encoder keeps the cores from being oversubscribed.
    semantic = SemanticCoder(project.codebook, SentenceEncoder.load(threads=1), cache=cache)
    learned, note = None, "none yet: no coded reviews in data/review/returned/"
    model_path = project.processed_dir / MODEL_FILE
    if with_model and model_path.exists():
        learned = LearnedCoder.load(model_path)
        if learned.metadata.get("codebook") != project.codebook.label:
            learned, note = None, f"not used: trained on codebook {learned.metadata.get('codebook')}"
        else:
            learned.cache = cache
            note = f"trained on {learned.metadata['training_rows']} reviewed segments"
    return DefaultCoder(RuleCoder(project.codebook), semantic, learned), note


@dg.asset(group_name=GROUP, deps=["survey_comments", "learned_coder"], kinds={"parquet"},
          partitions_def=site_partitions,
          check_specs=[_schema_check("coded_comments")])
def coded_comments(context: dg.AssetExecutionContext, project: EvaluationProject):
    """Survey free-text answers (redacted at ingestion) coded with the same codebook and default coder as the
    interviews: one row per comment × theme, comment_id = site/wave/respondent/question."""
    comments = project.site_table("survey_comments", context.partition_key)
    coding = code_comments(comments, default_coder(project)[0])
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
    chosen for clarity; only from confident codes agreed by two coders or confirmed by a reviewer, never from a
    negated or hedged mention) attributed by role only. Exact counts: for analysts; reports apply disclosure control."""
    segments, coding = project.table("interview_segments"), project.table("coded_segments")
    written = comment_themes(project.table("survey_comments"), project.table("coded_comments"), project.codebook)
    human, _, _, _ = human_coding(project.review_dir / "returned", segments, project.codebook)
    confirmed = set(zip(human["segment_id"], human["theme_id"]))  # reviewers' codes may be quoted
    matrix = join_comment_themes(framework_matrix(segments, coding, project.codebook, confirmed), written)
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
