"""Survey comments through the theme coder, and their counts beside the interviews' in the framework matrix."""

from __future__ import annotations

import pandas as pd

from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.comments import code_comments, comment_ids, comment_themes
from evaluation.coding.framework import join_comment_themes
from tests.builders import four_theme_codebook

BOOK = four_theme_codebook()


def comments() -> pd.DataFrame:
    rows = [("s1", "1", "baseline", "what_helped", "There was never enough time."),
            ("s1", "1", "follow_up", "what_helped", "Funding helped, and time to prepare."),
            ("s1", "2", "baseline", "what_helped", "Nothing to add."),
            ("s2", "9", "baseline", "what_helped", "Shared power from the start.")]
    return pd.DataFrame(rows, columns=["site_id", "respondent_id", "wave", "question_id", "text"]).astype("string")


def test_each_comment_is_coded_once_per_theme_with_its_own_id():
    coding = code_comments(comments(), RuleCoder(BOOK))
    assert list(coding.columns) == ["site_id", "comment_id", "theme_id", "category", "coder", "score", "evidence"]
    coded = set(zip(coding["comment_id"], coding["theme_id"]))
    assert coded == {("s1/baseline/1/what_helped", "time"), ("s1/follow_up/1/what_helped", "funding"),
                     ("s1/follow_up/1/what_helped", "time"), ("s2/baseline/9/what_helped", "shared_power")}
    assert set(coding["comment_id"]) <= set(comment_ids(comments()))


def test_theme_counts_are_people_not_comments():
    coding = code_comments(comments(), RuleCoder(BOOK))
    table = comment_themes(comments(), coding, BOOK).set_index(["site_id", "theme_id"])
    # respondent 1 mentions time at both waves: one person of the site's two commenters
    assert table.loc[("s1", "time"), ["commenters", "commenters_mentioning", "pct_commenters"]].tolist() == [2, 1, 50.0]
    assert table.loc[("s2", "time"), "commenters_mentioning"] == 0
    assert len(table) == 2 * len(BOOK.theme_ids)


def test_the_framework_matrix_gains_comment_columns_and_keeps_quotes_last():
    matrix = pd.DataFrame({"site_id": ["s1", "s3"], "theme_id": ["time", "time"], "interviews": [6, 4],
                           "quote_1": ["q", "r"], "quote_by_1": ["Carer, interview", "Carer, interview"]})
    coding = code_comments(comments(), RuleCoder(BOOK))
    joined = join_comment_themes(matrix, comment_themes(comments(), coding, BOOK))
    assert list(joined.columns)[-2:] == ["quote_1", "quote_by_1"]
    assert joined.set_index("site_id").loc["s3", "commenters"] == 0  # no comments from s3


def test_no_comments_at_all_gives_an_empty_table():
    empty = comments().iloc[0:0]
    assert comment_themes(empty, pd.DataFrame(), BOOK).empty
