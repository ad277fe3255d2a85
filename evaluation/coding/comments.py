"""Survey free-text answers through the same theme coding as interviews, so a site's profile joins what people
wrote with what they said.

Each answer (already redacted at ingestion) is one unit of coding: it is short, and the rule coder reads
negation and hedges within clauses, so splitting it into sentences would add nothing.
"""

from __future__ import annotations

import pandas as pd

from evaluation.coding.codebook import Codebook
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.codings import CODING_COLUMNS

COMMENT_KEY = ["site_id", "respondent_id", "wave", "question_id"]
CODED_COMMENT_COLUMNS = ("site_id", "comment_id", *CODING_COLUMNS[1:])
COMMENT_THEME_COLUMNS = ("site_id", "theme_id", "commenters", "commenters_mentioning", "pct_commenters")


def comment_ids(comments: pd.DataFrame) -> pd.Series:
    """A stable id per answer: site/wave/respondent/question (respondent ids are the survey's own, not names).

    >>> comment_ids(pd.DataFrame({"site_id": ["s1"], "respondent_id": ["17"], "wave": ["baseline"],
    ...                           "question_id": ["what_helped"]})).tolist()
    ['s1/baseline/17/what_helped']
    """
    return (comments["site_id"].astype(str) + "/" + comments["wave"].astype(str) + "/"
            + comments["respondent_id"].astype(str) + "/" + comments["question_id"].astype(str))


def code_comments(comments: pd.DataFrame, coder: RuleCoder) -> pd.DataFrame:
    """The coding of every survey comment: one row per comment × theme, as for interview segments."""
    ids = comment_ids(comments)
    coding = coder.code(ids.tolist(), comments["text"].fillna("").tolist())
    coding = coding.rename(columns={"segment_id": "comment_id"})
    coding.insert(0, "site_id", coding["comment_id"].map(dict(zip(ids, comments["site_id"]))).astype("string"))
    return coding[list(CODED_COMMENT_COLUMNS)]


def comment_themes(comments: pd.DataFrame, coding: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Site × theme (every theme): respondents who wrote any comment, how many of them mentioned the theme in
    any answer at any wave, and that as a percentage. Exact counts, for analysts."""
    if comments.empty:
        return pd.DataFrame(columns=list(COMMENT_THEME_COLUMNS))
    coding = coding if len(coding.columns) else pd.DataFrame(columns=list(CODED_COMMENT_COLUMNS))
    ids = comment_ids(comments)
    respondent_of = dict(zip(ids, comments["site_id"].astype(str) + "/" + comments["respondent_id"].astype(str)))
    commenters = (comments.assign(person=comments["site_id"].astype(str) + "/" + comments["respondent_id"].astype(str))
                  .groupby("site_id")["person"].nunique().rename("commenters"))
    mentioning = (coding.assign(person=coding["comment_id"].map(respondent_of))
                  .groupby(["site_id", "theme_id"])["person"].nunique().rename("commenters_mentioning"))
    grid = pd.MultiIndex.from_product([sorted(commenters.index), codebook.theme_ids], names=["site_id", "theme_id"])
    table = (pd.DataFrame(index=grid).join(commenters, on="site_id").join(mentioning).reset_index()
             .fillna({"commenters_mentioning": 0}))
    table = table.astype({"commenters": "int64", "commenters_mentioning": "int64"})
    table["pct_commenters"] = (100 * table["commenters_mentioning"] / table["commenters"]).round(1)
    return table[list(COMMENT_THEME_COLUMNS)]
