"""Data contracts of the coding tables (pandera)."""

from __future__ import annotations

import pandera.pandas as pa

from evaluation.coding.codebook import CATEGORIES
from evaluation.ingest.schemas import SPEAKERS
from evaluation.vocabulary import ROLES, SPEAKER_ROLES


def _text(**kwargs) -> pa.Column:
    return pa.Column("string", **kwargs)


INTERVIEW_SEGMENTS = pa.DataFrameSchema(
    {
        "site_id": _text(),
        "interview_id": _text(),
        "segment_id": _text(unique=True),
        "turn": pa.Column("Int32", checks=pa.Check.ge(1)),
        "sentence": pa.Column("Int32", checks=pa.Check.ge(1)),
        "speaker": _text(checks=pa.Check.isin(SPEAKERS)),
        "speaker_role": _text(checks=pa.Check.isin(SPEAKER_ROLES)),
        "participant_role": _text(checks=pa.Check.isin(ROLES)),
        "coded": pa.Column("bool"),
        "text": _text(checks=pa.Check.str_length(min_value=1)),
        "sentiment": pa.Column("float64", checks=pa.Check.in_range(-1, 1)),
    },
    checks=[pa.Check(lambda df: df["coded"] == (df["speaker"] == "participant"),
                     error="only participants' sentences are coded")],
    strict=True, ordered=True, name="interview_segments",
)


def coded_segments_schema(theme_ids: list[str], segment_ids, unit: str = "segment_id",
                          name: str = "coded_segments") -> pa.DataFrameSchema:
    """The coding of segments; with unit="comment_id" and name="coded_comments", of survey comments."""
    return pa.DataFrameSchema(
        {
            "site_id": _text(),
            unit: _text(checks=pa.Check.isin(list(segment_ids))),
            "theme_id": _text(checks=pa.Check.isin(theme_ids)),
            "category": _text(checks=pa.Check.isin(CATEGORIES)),
            "coder": _text(),
            "score": pa.Column("Float64", nullable=True, checks=pa.Check.in_range(0, 1)),
            "evidence": _text(nullable=True),
        },
        checks=[pa.Check(lambda df: ~df.duplicated([unit, "theme_id", "coder"]),
                         error="a coder applies a theme to a segment once")],
        strict=True, ordered=True, name=name,
    )
