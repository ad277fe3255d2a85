"""Coding: interview turns into segments, segments and survey comments into themes, then the cross-site tables."""

from __future__ import annotations

import pandas as pd

from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.coders.semantic import SemanticCoder
from evaluation.coding.comments import code_comments, comment_themes
from evaluation.coding.framework import framework_matrix, join_comment_themes, theme_cooccurrence
from evaluation.coding.review.learning import human_coding
from evaluation.coding.review.round_trip import ReturnedReviews
from evaluation.coding.segments import code_segments, interview_segments
from evaluation.stages.project import Project
from evaluation.text.embed import EmbeddingCache, SentenceEncoder

NO_MODEL = "none yet: no coded reviews returned"


def segment_site(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every interview turn, with its sentiment; interviewer sentences kept for context."""
    return interview_segments(turns)


def site_coder(project: Project, learned: LearnedCoder | None = None, threads: int = 1) -> tuple[DefaultCoder, str]:
    """The project's default coder (rules + semantic), with the learned coder when one was trained on this
    codebook's reviews; and a note saying which. One encoder thread by default: sites are coded in parallel."""
    cache = EmbeddingCache(project.layout.private_folder("embedding_cache"))
    semantic = SemanticCoder(project.codebook, SentenceEncoder.load(threads=threads), cache=cache)
    note = NO_MODEL
    if learned is not None:
        if learned.metadata.get("codebook") != project.codebook.label:
            learned, note = None, f"not used: trained on codebook {learned.metadata.get('codebook')}"
        else:
            learned.cache = cache
            note = f"trained on {learned.metadata['training_rows']} reviewed segments"
    return DefaultCoder(RuleCoder(project.codebook), semantic, learned), note


def code_site(segments: pd.DataFrame, coder: DefaultCoder) -> pd.DataFrame:
    """One row per participant segment × theme found, with the category, the coders, a score and the evidence."""
    return code_segments(segments, coder)


def code_site_comments(comments: pd.DataFrame, coder: DefaultCoder) -> pd.DataFrame:
    """Survey free-text answers coded like the interviews: one row per comment × theme."""
    return code_comments(comments, coder)


def framework(project: Project, segments: pd.DataFrame, coding: pd.DataFrame, comments: pd.DataFrame,
              comment_coding: pd.DataFrame, returned: ReturnedReviews) -> pd.DataFrame:
    """Site × theme: how often each theme came up, with exemplar quotes (only codes two coders agree on or a
    reviewer confirmed) and the share of survey respondents whose comments mention it."""
    human, _ = human_coding(returned)
    confirmed = set(zip(human["segment_id"], human["theme_id"]))
    written = comment_themes(comments, comment_coding, project.codebook)
    return join_comment_themes(framework_matrix(segments, coding, project.codebook, confirmed), written)


def cooccurrence(project: Project, segments: pd.DataFrame, coding: pd.DataFrame) -> pd.DataFrame:
    """Pairs of themes coded in the same segment and the same interview, pooled and per site."""
    return theme_cooccurrence(coding, segments, project.codebook)
