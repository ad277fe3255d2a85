"""The reports' own words: headings, dimension names, the disclosure key and the phrases sections share."""

from __future__ import annotations

import pandas as pd

from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER

CATEGORY_HEADINGS = {"facilitator": "What helped co-production", "value": "The value people saw",
                     "challenge": "What got in the way"}
# The instrument names its dimensions by id only; until it carries a label for each, this is the one mapping.
DIMENSION_NAMES = {"equal_partnership": "Equal partnership", "listened_to": "Being listened to",
                   "shared_decisions": "Shared decisions", "support_to_take_part": "Support to take part",
                   "information": "Information", "recognition": "Recognition", "confidence": "Confidence",
                   "right_focus": "The right focus"}
SUPPRESSION_KEY = (f'"*" = not shown: fewer than {SMALL_NUMBER} people, or hidden so that another hidden number '
                   f"cannot be worked out. Counts are rounded to the nearest {ROUNDING_BASE}.")
# Funnel measures: "positive_<dimension>" for a dimension, "agree_<item>" or "disagree_<item>" for an item
# (evaluation.survey.analysis.funnel_measures).
POSITIVE = "positive_"
MEASURE_PREFIXES = (POSITIVE, "agree_", "disagree_")
TESTS = {"wilcoxon_signed_rank": "paired", "mann_whitney_u": "unpaired"}


def measure_name(measure: str) -> str:
    """A dimension's name, or an item or funnel measure's id in words, lower case for a sentence."""
    for prefix in MEASURE_PREFIXES:
        if measure.startswith(prefix):
            measure = measure[len(prefix):]
    return DIMENSION_NAMES.get(measure, measure.replace("_", " ")).lower()


def wave_name(waves: pd.Series) -> pd.Series:
    """"follow_up" -> "Follow-up"."""
    return waves.str.replace("_", "-").str.capitalize()


def said(count: object) -> str:
    """A published count in a sentence: a hidden one reads as 'fewer than 8'."""
    return f"fewer than {SMALL_NUMBER}" if pd.isna(count) else str(int(count))


def counted(k: int, noun: str) -> str:
    """'1 site', '3 sites'."""
    return f"{k} {noun}{'' if k == 1 else 's'}"
