"""A coding: which themes a coder (automated or human) applied to which segments, as one long table.

Every coder, every reviewer's sheet and every QDPX import produces the same shape, so any two codings can be
compared: one row per (segment, theme) applied, with the category, who coded it, a score (automated coders) and
the evidence (the words that carried the code, where known).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evaluation.coding.codebook import Codebook

CODING_COLUMNS = ("segment_id", "theme_id", "category", "coder", "score", "evidence")


def coding_frame(rows: Iterable[dict] = ()) -> pd.DataFrame:
    """A coding table from row dicts (missing score/evidence become null), sorted by segment and theme."""
    frame = pd.DataFrame(list(rows), columns=list(CODING_COLUMNS))
    frame = frame.astype({"segment_id": "string", "theme_id": "string", "category": "string", "coder": "string",
                          "score": "Float64", "evidence": "string"})
    return frame.sort_values(["segment_id", "theme_id"], kind="stable").reset_index(drop=True)


def presence(coding: pd.DataFrame, segment_ids: Iterable[str], codebook: Codebook,
             level: str = "theme") -> pd.DataFrame:
    """Segments × themes (or × categories, with level="category") as 0/1: did the coding apply it?

    Segments the coding never mentions count as coded with nothing, which is how a coder's silence reads.
    """
    segment_ids = pd.Index(list(segment_ids), name="segment_id")
    columns = codebook.theme_ids if level == "theme" else [c.id for c in codebook.categories]
    key = "theme_id" if level == "theme" else "category"
    applied = coding[coding["segment_id"].isin(segment_ids)]
    table = pd.crosstab(applied["segment_id"], applied[key]).clip(upper=1)
    return table.reindex(index=segment_ids, columns=columns, fill_value=0).fillna(0).astype("int8")
