"""The framework matrix (site × theme) and theme co-occurrence, from coded interview segments.

The framework matrix is the evaluator's summary of qualitative coding ("framework analysis"): for each site and
theme, how many segments and interviews carry it, what share of the site's interviews mention it, how people felt
when they said it (mean sentiment), and two or three quotes that say it clearly, attributed by role only.

A quote must fit its theme: only a segment coded with confidence (score ≥ QUOTE_MIN_SCORE) and agreed by more than one
coder (the coding table's `coder` joins them: 'rules+semantic'), or confirmed by a reviewer, can be one; and never
one where the rule coder reads the theme's mention as negated or hedged ("it wasn't really listening").
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from evaluation.coding.codebook import Codebook
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.codings import CODING_COLUMNS
from evaluation.vocabulary import ALL_SITES

QUOTES_PER_THEME = 3
QUOTE_MIN_SCORE = 0.6
ROLE_ATTRIBUTION = {
    "lived_experience": "Person with lived experience",
    "carer": "Carer",
    "staff": "Member of staff",
    "voluntary_sector": "Voluntary sector partner",
}
_REDACTION = re.compile(r"\[[a-zA-Z ]+\]")
_FILLERS = re.compile(r"\b(?:you know|i mean|sort of|kind of|er|erm|um|uh|like,)\b", re.IGNORECASE)
_IDEAL_CHARS = (60, 240)
# "Without that, ...", "This meant ...": the quote leans on a sentence the reader of a report will not see.
_POINTS_BACK = re.compile(r"^\W*(?:(?:and|but|so|without|because of|after|before|with)\s+)?(?:that|this|those|these|"
                          r"which)\b", re.IGNORECASE)


def attribution(role: str, source: str = "interview") -> str:
    """How a quote is attributed in reports: by role only, e.g. 'Person with lived experience, interview'."""
    return f"{ROLE_ATTRIBUTION.get(role, 'Participant')}, {source}"


def quote_clarity(text: str, score: float) -> float:
    """How well a segment would read as a quote for its theme: higher is clearer.

    Favours a confident code, a length that reads as a whole thought, few redaction labels and few fillers, and
    a sentence that stands on its own; questions are not quotes.
    """
    if text.rstrip().endswith("?"):
        return -np.inf
    length = len(text)
    low, high = _IDEAL_CHARS
    length_fit = 1.0 if low <= length <= high else max(0.0, 1 - abs(length - (low if length < low else high)) / high)
    redactions = len(_REDACTION.findall(text))
    fillers = len(_FILLERS.findall(text))
    leans_back = 0.5 if _POINTS_BACK.match(text) else 0.0
    return score + length_fit - 0.4 * redactions - 0.25 * fillers - leans_back


def framework_matrix(segments: pd.DataFrame, coding: pd.DataFrame, codebook: Codebook,
                     confirmed: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """One row per site × theme (every theme, zeros included) with counts, share of interviews, mean sentiment
    and up to three exemplar quotes with their attribution.

    `segments` needs site_id, interview_id, segment_id, participant_role, coded, text and sentiment;
    `coding` is a coding table (evaluation.coding.codings) of those segments; `confirmed` holds the (segment_id,
    theme_id) pairs reviewers confirmed, which may be quoted whichever coders found them.
    """
    participant = segments[segments["coded"]]
    about = participant[["segment_id", "site_id", "interview_id", "participant_role", "text", "sentiment"]]
    coded = coding[list(CODING_COLUMNS)].merge(about, on="segment_id", how="inner")
    interviews = participant.groupby("site_id")["interview_id"].nunique().rename("interviews")
    grid = pd.MultiIndex.from_product([sorted(participant["site_id"].unique()), codebook.theme_ids],
                                      names=["site_id", "theme_id"]).to_frame(index=False)
    counts = coded.groupby(["site_id", "theme_id"]).agg(
        segments=("segment_id", "nunique"), interviews_mentioning=("interview_id", "nunique"),
        mean_sentiment=("sentiment", "mean")).reset_index()
    matrix = grid.merge(counts, on=["site_id", "theme_id"], how="left").merge(interviews, on="site_id")
    matrix[["segments", "interviews_mentioning"]] = matrix[["segments", "interviews_mentioning"]].fillna(0)
    matrix = matrix.astype({"segments": "int64", "interviews_mentioning": "int64", "interviews": "int64"})
    matrix["pct_interviews"] = (100 * matrix["interviews_mentioning"] / matrix["interviews"]).round(1)
    matrix["mean_sentiment"] = matrix["mean_sentiment"].round(3)
    matrix.insert(2, "category", matrix["theme_id"].map(codebook.category_of))
    matrix.insert(3, "theme_name", matrix["theme_id"].map(lambda t: codebook.theme(t).name))
    quotes = exemplar_quotes(quotable(coded, codebook, confirmed or set()))
    return matrix.merge(quotes, on=["site_id", "theme_id"], how="left")


def quotable(coded: pd.DataFrame, codebook: Codebook, confirmed: set[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    """The codes a quote may come from: confident and agreed by more than one coder, or confirmed by a reviewer;
    never a mention the rule coder reads as negated or hedged."""
    if coded.empty:
        return coded
    pairs = list(zip(coded["segment_id"], coded["theme_id"]))
    agreed = coded["coder"].astype(str).str.contains("+", regex=False).to_numpy()
    confident = coded["score"].astype("Float64").fillna(0).to_numpy(dtype=float) >= QUOTE_MIN_SCORE
    reviewed = np.array([pair in confirmed for pair in pairs], dtype=bool)
    keep = (agreed & confident) | reviewed
    rules = RuleCoder(codebook)
    doubtful = {(segment_id, theme) for segment_id, text in zip(coded["segment_id"], coded["text"])
                for theme in rules.doubtful_themes(text)}
    keep &= np.array([pair not in doubtful for pair in pairs], dtype=bool)
    return coded[keep]


def join_comment_themes(matrix: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """The framework matrix with what survey respondents wrote beside what interviewees said: commenters (who
    wrote any free-text answer), commenters_mentioning the theme and pct_commenters (see
    `evaluation.coding.comments.comment_themes`). A site without comments gets 0 commenters."""
    joined = matrix.merge(comments, on=["site_id", "theme_id"], how="left")
    joined[["commenters", "commenters_mentioning"]] = (joined[["commenters", "commenters_mentioning"]]
                                                       .fillna(0).astype("int64"))
    quotes = [c for c in matrix.columns if c.startswith("quote_")]
    return joined[[c for c in joined.columns if c not in quotes] + quotes]


def exemplar_quotes(coded: pd.DataFrame, per_theme: int = QUOTES_PER_THEME) -> pd.DataFrame:
    """The clearest quotes per site and theme, at most one per interview, as quote_1..n and quote_1_by..n_by."""
    if coded.empty:
        return pd.DataFrame(columns=["site_id", "theme_id", *_quote_columns(per_theme)])
    candidates = coded.assign(clarity=[quote_clarity(t, s) for t, s in zip(coded["text"], coded["score"].fillna(0))])
    candidates = candidates[np.isfinite(candidates["clarity"])]
    candidates = candidates.sort_values(["site_id", "theme_id", "clarity", "segment_id"],
                                        ascending=[True, True, False, True], kind="stable")
    best = candidates.drop_duplicates(["site_id", "theme_id", "interview_id"]).groupby(["site_id", "theme_id"])
    rows = []
    for (site_id, theme_id), group in best:
        row = {"site_id": site_id, "theme_id": theme_id}
        for i, quote in enumerate(group.head(per_theme).itertuples(), start=1):
            row[f"quote_{i}"] = quote.text
            row[f"quote_by_{i}"] = attribution(quote.participant_role)
        rows.append(row)
    frame = pd.DataFrame(rows).reindex(columns=["site_id", "theme_id", *_quote_columns(per_theme)])
    return frame.astype({c: "string" for c in frame.columns})


def _quote_columns(per_theme: int) -> list[str]:
    return [c for i in range(1, per_theme + 1) for c in (f"quote_{i}", f"quote_by_{i}")]


def theme_cooccurrence(coding: pd.DataFrame, segments: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Pairs of themes coded together: in how many segments and in how many interviews, across all sites and per
    site, with the Jaccard index over segments (both / either)."""
    located = coding[list(CODING_COLUMNS)].merge(segments[["segment_id", "site_id", "interview_id"]],
                                                 on="segment_id", how="inner")
    frames = [_pairs(located, ALL_SITES)]
    frames += [_pairs(group, site_id) for site_id, group in located.groupby("site_id")]
    columns = ["site_id", "theme_a", "theme_b", "segments", "interviews", "jaccard"]
    result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    order = {t: i for i, t in enumerate(codebook.theme_ids)}
    result = result.assign(_a=result["theme_a"].map(order), _b=result["theme_b"].map(order))
    result = result.sort_values(["site_id", "_a", "_b"], kind="stable").drop(columns=["_a", "_b"])
    return result.reset_index(drop=True)[columns]


def _pairs(located: pd.DataFrame, site_id: str) -> pd.DataFrame:
    themes = located[["segment_id", "interview_id", "theme_id"]].drop_duplicates()
    both = themes.merge(themes, on=["segment_id", "interview_id"])
    both = both[both["theme_id_x"] < both["theme_id_y"]]
    by_segment = both.groupby(["theme_id_x", "theme_id_y"]).agg(
        segments=("segment_id", "nunique")).reset_index()
    interview_themes = themes[["interview_id", "theme_id"]].drop_duplicates()
    in_interviews = interview_themes.merge(interview_themes, on="interview_id")
    in_interviews = in_interviews[in_interviews["theme_id_x"] < in_interviews["theme_id_y"]]
    by_interview = in_interviews.groupby(["theme_id_x", "theme_id_y"]).size().rename("interviews").reset_index()
    pairs = by_interview.merge(by_segment, on=["theme_id_x", "theme_id_y"], how="left").fillna({"segments": 0})
    per_theme = themes.groupby("theme_id")["segment_id"].nunique()
    either = per_theme.reindex(pairs["theme_id_x"]).to_numpy() + per_theme.reindex(pairs["theme_id_y"]).to_numpy()
    pairs["jaccard"] = (pairs["segments"] / (either - pairs["segments"])).round(3)
    pairs = pairs.rename(columns={"theme_id_x": "theme_a", "theme_id_y": "theme_b"})
    pairs.insert(0, "site_id", site_id)
    return pairs.astype({"segments": "int64", "interviews": "int64"})
