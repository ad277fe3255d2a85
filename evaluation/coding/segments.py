"""Per-site coding steps: interview turns → sentence segments with sentiment → coded segments."""

from __future__ import annotations

import pandas as pd

from evaluation.coding.coders.rules import RuleCoder
from evaluation.text.segment import segment_turns, train_sentence_splitter
from evaluation.text.sentiment import sentiment

CODED_COLUMNS = ("site_id", "segment_id", "theme_id", "category", "coder", "score", "evidence")


def interview_segments(turns: pd.DataFrame) -> pd.DataFrame:
    """Sentences of every turn (Punkt trained on these turns themselves), each with its VADER sentiment."""
    splitter = train_sentence_splitter(turns["text"].tolist())
    segments = segment_turns(turns, splitter)
    segments["sentiment"] = sentiment(segments["text"].tolist()).round(4).to_numpy()
    return segments


def code_segments(segments: pd.DataFrame, coder: RuleCoder) -> pd.DataFrame:
    """The coding of participants' segments (interviewer questions are context, not views)."""
    participant = segments[segments["coded"]]
    coding = coder.code(participant["segment_id"].tolist(), participant["text"].tolist())
    site_of = dict(zip(segments["segment_id"], segments["site_id"]))
    coding.insert(0, "site_id", coding["segment_id"].map(site_of).astype("string"))
    return coding[list(CODED_COLUMNS)]
