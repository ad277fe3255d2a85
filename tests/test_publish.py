"""Commissioner tables: every one disclosed, nothing small left, statistics hidden with their counts."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.coding.framework import join_comment_themes
from evaluation.disclosure import SUPPRESSED, check_disclosed
from evaluation.publish import p_value, publish, published_tables, share, write_published
from evaluation.survey.analysis import analyse_surveys
from evaluation.survey.instrument import load_instrument
from tests.builders import survey_site

INSTRUMENT = load_instrument()


@pytest.fixture(scope="module")
def responses():
    return pd.concat([survey_site("big", 40, 0.8, 1, matched=20), survey_site("middle", 20, 0.5, 2, matched=10),
                      survey_site("small", 9, 0.3, 3), survey_site("tiny", 3, 0.5, 4)], ignore_index=True)


@pytest.fixture(scope="module")
def framework():
    sites, themes = ["big", "tiny"], ["time", "funding"]
    matrix = pd.DataFrame([{"site_id": s, "theme_id": t, "category": "challenge", "theme_name": t.title(),
                            "segments": 4, "interviews": 12 if s == "big" else 5,
                            "interviews_mentioning": 9 if t == "time" else 3, "pct_interviews": 0.0}
                           for s in sites for t in themes])
    matrix["pct_interviews"] = 100 * matrix["interviews_mentioning"] / matrix["interviews"]
    comments = pd.DataFrame({"site_id": ["big", "big"], "theme_id": themes, "commenters": [30, 30],
                             "commenters_mentioning": [12, 2], "pct_commenters": [40.0, 6.7]})
    return join_comment_themes(matrix, comments)


@pytest.fixture(scope="module")
def tables(responses, framework):
    analysis = analyse_surveys(responses, INSTRUMENT)
    return {t.name: t for t in published_tables(analysis, responses, INSTRUMENT, framework,
                                                {"big": "Big Cancer Alliance"})}


def test_no_published_table_holds_a_count_from_one_to_seven(tables):
    assert set(tables) == {"participation", "item_results", "dimension_results", "change", "ordinal_change",
                           "reliability", "site_differences", "site_standing", "funnels", "theme_prevalence"}
    for table in tables.values():
        assert check_disclosed(table.table, list(table.count_columns)) == [], table.name
        assert (table.table.map(type) == str).all().all(), table.name


def test_participation_hides_small_roles_and_protects_them_from_the_site_total(tables):
    people = tables["participation"].table
    tiny = people[(people["site_id"] == "tiny") & (people["wave"] == "baseline")].set_index("role")["respondents"]
    assert (tiny == SUPPRESSED).all()  # 3 respondents: the total too
    big = people[(people["site_id"] == "big") & (people["wave"] == "baseline")].set_index("role")["respondents"]
    assert big["All"] == "40"
    hidden = (big.drop("All") == SUPPRESSED).sum()
    assert hidden != 1, "a lone hidden role could be worked out from the site total"


def test_statistics_on_fewer_than_eight_respondents_are_hidden(tables):
    items = tables["item_results"].table
    tiny = items[items["site_id"] == "tiny"]
    assert (tiny[["n_answered", "pct_agree", "mean", "median", "ci_low"]] == SUPPRESSED).all().all()
    big = items[items["site_id"] == "big"].iloc[0]
    assert big["pct_agree"].endswith("%") and big["n_answered"] == "40"


def test_a_funnel_proportion_and_band_are_hidden_with_their_numerator(tables):
    funnels = tables["funnels"].table
    hidden = funnels[funnels["numerator"] == SUPPRESSED]
    assert len(hidden), "the fixture should have small numerators"
    assert (hidden[["proportion", "band"]] == SUPPRESSED).all().all()
    tiny = funnels[funnels["site_id"] == "tiny"]
    assert (tiny[["n", "lower_95", "upper_998", "band"]] == SUPPRESSED).all().all()


def test_theme_prevalence_joins_interviews_and_comments(tables):
    themes = tables["theme_prevalence"].table.set_index(["site_id", "theme_id"])
    assert themes.loc[("big", "time"), "pct_interviews"] == "75%"
    assert themes.loc[("big", "funding"), "pct_commenters"] == "7%"
    assert "interviews_mentioning" not in themes.columns  # nearly always 1–7 at a site
    assert themes.loc[("tiny", "time"), "pct_interviews"] == SUPPRESSED  # 5 interviews at the site
    assert themes.loc[("tiny", "time"), "commenters"] == "0"


def test_site_names_are_added_beside_ids(tables):
    change = tables["change"].table
    assert change.loc[change["site_id"] == "big", "site"].iloc[0] == "Big Cancer Alliance"
    assert change.loc[change["site_id"] == "all", "site"].iloc[0] == "All sites"
    words = tables["site_standing"].table["words"]
    assert words.str.contains("Big Cancer Alliance").any() and not words.str.contains(r"\bbig\b").any()


def test_publish_refuses_an_undeclared_number_and_formats_shown_statistics():
    frame = pd.DataFrame({"site_id": ["a", "b"], "n": [20, 5], "p": [0.0004, 0.2], "extra": [1, 2]})
    with pytest.raises(ValueError, match="extra"):
        publish("t", "T", frame, ["n"], {"p": "n"})
    shown = publish("t", "T", frame.drop(columns="extra"), ["n"], {"p": "n"}, {"p": p_value}).table
    assert shown["p"].tolist() == ["<0.001", SUPPRESSED]
    assert share(0.584) == "58%"


def test_written_tables_are_byte_identical_and_listed_with_footnotes(tables, tmp_path):
    paths = write_published(list(tables.values()), tmp_path / "a")
    again = write_published(list(tables.values()), tmp_path / "b")
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    readme = (tmp_path / "a" / "README.md").read_text()
    assert all(f"## {name}.csv" in readme for name in tables) and "rounded to the nearest 5" in readme
    back = pd.read_csv(paths[0], dtype=str, keep_default_na=False)
    assert check_disclosed(back, list(tables[paths[0].stem].count_columns)) == []


def test_values_carry_each_published_cell_as_a_number_and_hidden_cells_as_missing(tables):
    for table in tables.values():
        assert list(table.values.columns) == list(table.table.columns), table.name
        assert table.values.shape == table.table.shape, table.name
        hidden = table.table == SUPPRESSED
        assert table.values[hidden].isna().all().all(), table.name
    items = tables["item_results"]
    shown = items.table["pct_agree"] != SUPPRESSED
    assert [f"{v:.0f}%" for v in items.values.loc[shown, "pct_agree"]] == items.table.loc[shown, "pct_agree"].tolist()
    assert [str(v) for v in items.values.loc[shown, "n_answered"]] == items.table.loc[shown, "n_answered"].tolist()
    people = tables["participation"].values
    assert people["respondents"].dtype == "Int64" and people["role"].dtype == "string"
    assert people.loc[people["site_id"] == "big", "site"].iloc[0] == "Big Cancer Alliance"
    funnels = tables["funnels"]
    assert funnels.values.loc[funnels.table["band"] == SUPPRESSED, "band"].isna().all()
    assert funnels.values["proportion"].between(0, 1).fillna(True).all()  # as computed, not as a percentage
