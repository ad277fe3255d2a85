"""Sentiment of each segment with VADER (the vaderSentiment package ships its lexicon: nothing to download)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _analyser() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment(texts: Iterable[str]) -> pd.Series:
    """VADER's compound score per text, from -1 (most negative) to +1 (most positive); 0 for empty text.

    Hutto & Gilbert (2014), VADER: a parsimonious rule-based model for sentiment analysis of social media text.
    Redaction labels such as "[name]" carry no sentiment, so they are left in.

    >>> sentiment(["It was brilliant, I felt valued.", "It was exhausting and nobody came."]).round(2).tolist()
    [0.77, -0.36]
    """
    analyser = _analyser()
    return pd.Series([analyser.polarity_scores(t)["compound"] if t else 0.0 for t in texts], dtype="float64")
