"""Normalising messy headings and labels with pyjanitor, so every comparison is between cleaned keys."""

from __future__ import annotations

from collections.abc import Iterable

import janitor  # noqa: F401  (registers DataFrame.clean_names)
import pandas as pd

# Curly quotes arrive from Word and Excel ("Don’t know"); pyjanitor drops straight apostrophes but not these.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                              "\u2014": "-", "\u00a0": " "})


def clean_values(values: pd.Series) -> pd.Series:
    """Apply pyjanitor's clean_names to values: ' Agree (4) ' -> 'agree_4'. Blanks and nulls become null."""
    text = values.astype("string").str.translate(_TYPOGRAPHIC).str.strip()
    text = text.mask(text == "")
    present = text.dropna()
    if present.empty:
        return text
    cleaned = (pd.DataFrame({"value": present.to_numpy()}, index=present.index)
               .clean_names(axis=None, column_names="value", strip_underscores=True, remove_special=True)["value"])
    return cleaned.reindex(text.index).astype("string")


def clean_key(text: str) -> str:
    """One cleaned key, the same way clean_values cleans a column."""
    cleaned = clean_values(pd.Series([text]))
    return "" if pd.isna(cleaned.iloc[0]) else str(cleaned.iloc[0])


def clean_keys(texts: Iterable[str]) -> list[str]:
    texts = list(texts)
    if not texts:
        return []
    return [("" if pd.isna(v) else str(v)) for v in clean_values(pd.Series(texts, dtype="string"))]
