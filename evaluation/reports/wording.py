"""The reports' own words: headings, the disclosure key, and names for ids (dimension and item names come from the
instrument, never from here)."""

from __future__ import annotations

import pandas as pd

from evaluation.survey.analysis import funnel_measures
from evaluation.survey.instrument import Instrument
from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER, SUPPRESSED

CATEGORY_HEADINGS = {"facilitator": "What helped co-production", "value": "The value people saw",
                     "challenge": "What got in the way"}
SUPPRESSION_KEY = (f'"*" = not shown: fewer than {SMALL_NUMBER} people, or hidden so that another hidden number '
                   f"cannot be worked out. Counts are rounded to the nearest {ROUNDING_BASE}.")
MOSTLY_HIDDEN = 0.5  # a table with at least this share of its number cells hidden gets a sentence saying why
WHY_HIDDEN = (f"Most numbers in this table are hidden ('*') because fewer than {SMALL_NUMBER} people gave each of "
              "them: showing them could identify someone. {who}")
ALL_HIDDEN = (f"Every number in this table would be hidden ('*'), because fewer than {SMALL_NUMBER} people gave each "
              "of them, so the table is not shown.")
PLAIN_TESTS = {"wilcoxon_signed_rank": "same people both times", "mann_whitney_u": "everyone who answered"}


def dimension_name(instrument: Instrument, dimension: str) -> str:
    """The dimension's display name from the instrument ("Being listened to"); an unknown id as words."""
    known = instrument.dimensions.get(dimension)
    return known.name if known else dimension.replace("_", " ").capitalize()


def measure_name(instrument: Instrument, measure: str) -> str:
    """A funnel or comparison measure in words for a sentence: a dimension's name in lower case ("being listened
    to"), an item's wording in quotation marks. Measure ids are the survey analysis's (`funnel_measures`):
    "positive_<dimension>", "agree_<item>" or "disagree_<item>", or a bare dimension or item id."""
    kinds = {m.id: (kind, ref) for m, (kind, ref, _) in funnel_measures(instrument).items()}
    kind, ref = kinds.get(measure, ("dimension" if measure in instrument.dimensions else "item", measure))
    if kind == "dimension":
        return dimension_name(instrument, ref).lower()
    wording = {item.id: item.wording for item in instrument.items}.get(ref)
    return f"“{wording}”" if wording else ref.replace("_", " ")


def dimension_measures(instrument: Instrument) -> dict[str, str]:
    """Funnel measure id -> the dimension it is the % positive of ("positive_listened_to" -> "listened_to")."""
    return {m.id: ref for m, (kind, ref, _) in funnel_measures(instrument).items() if kind == "dimension"}


def item_names(instrument: Instrument, ids: pd.Series) -> pd.Series:
    """Item ids as their wording; a dimension id as its name."""
    wording = {item.id: item.wording for item in instrument.items}
    return ids.map(lambda i: wording.get(i) or dimension_name(instrument, i))


def mostly_hidden(frame: pd.DataFrame, share: float = MOSTLY_HIDDEN) -> bool:
    """Whether at least `share` of the cells that hold numbers or '*' are '*'."""
    cells = [str(v) for v in frame.to_numpy().ravel()]
    numbers = [c for c in cells if c == SUPPRESSED or any(ch.isdigit() for ch in c)]
    return bool(numbers) and sum(c == SUPPRESSED for c in numbers) >= share * len(numbers)


def wave_name(waves: pd.Series) -> pd.Series:
    """"follow_up" -> "Follow-up"."""
    return waves.str.replace("_", "-").str.capitalize()


def said(count: object) -> str:
    """A published count in a sentence: a hidden one reads as 'fewer than 8'."""
    return f"fewer than {SMALL_NUMBER}" if pd.isna(count) else str(int(count))


