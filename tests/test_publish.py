"""Commissioner tables: every one disclosed, nothing small left, statistics hidden with their counts."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.coding.framework import join_comment_themes
from evaluation.disclosure import SUPPRESSED, check_disclosed
from evaluation.publish import (change_results, dimension_results, item_results, p_value, publish, published_tables,
                                share, site_differences, site_standing, write_published)
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
                            "segments": 4, "interviews": 32 if s == "big" else 5,
                            "interviews_mentioning": 24 if t == "time" else 3, "pct_interviews": 0.0}
                           for s in sites for t in themes])
    matrix["pct_interviews"] = 100 * matrix["interviews_mentioning"] / matrix["interviews"]
    comments = pd.DataFrame({"site_id": ["big", "big"], "theme_id": themes, "commenters": [30, 30],
                             "commenters_mentioning": [12, 2], "pct_commenters": [40.0, 6.7]})
    return join_comment_themes(matrix, comments)


@pytest.fixture(scope="module")
def analysis(responses):
    return analyse_surveys(responses, INSTRUMENT)


@pytest.fixture(scope="module")
def tables(analysis, responses, framework):
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
    big = items[(items["site_id"] == "big") & (items["pct_agree"] != SUPPRESSED)].iloc[0]
    assert big["pct_agree"].endswith("%") and big["n_answered"] == "40"


def test_a_funnel_proportion_and_band_are_hidden_with_their_numerator_or_its_complement(tables, analysis):
    funnels = tables["funnels"].table
    exact = pd.concat([analysis.tables[f"funnel/{m}"] for m in analysis.funnels], ignore_index=True)
    assert "numerator" not in funnels.columns  # rounded beside an unrounded share it read as "10 of 10: 67%"
    few = exact["numerator"].between(1, 7) | (exact["n"] - exact["numerator"]).between(1, 7)
    assert few.any() and (~few).any(), "the fixture should have both"
    assert (funnels.loc[few, ["proportion", "band"]] == SUPPRESSED).all().all()
    assert (funnels.loc[~few & (exact["n"] >= 8), "proportion"] != SUPPRESSED).all()
    tiny = funnels[funnels["site_id"] == "tiny"]
    assert (tiny[["n", "lower_95", "upper_998", "band"]] == SUPPRESSED).all().all()


def test_theme_prevalence_joins_interviews_and_comments(tables):
    themes = tables["theme_prevalence"].table.set_index(["site_id", "theme_id"])
    assert themes.loc[("big", "time"), "pct_interviews"] == "75%"  # 24 of 32
    assert themes.loc[("big", "funding"), "pct_interviews"] == SUPPRESSED  # 3 of 32: three people
    assert themes.loc[("big", "time"), "pct_commenters"] == "40%"
    assert themes.loc[("big", "funding"), "pct_commenters"] == SUPPRESSED  # 2 of 30: two people
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


def test_agree_and_disagree_are_not_both_shown_when_they_give_away_a_few_neither():
    # 20 answers: 9 agree, 8 disagree, 3 neither; 45% + 40% would leave 15%, i.e. three people.
    item = INSTRUMENT.items[0].id
    rows = pd.DataFrame({"site_id": ["a", "b"], "wave": "baseline", "role": "all", "item_id": item,
                         "n_answered": [20, 20], "n_1": [4, 4], "n_2": [4, 4], "n_3": [3, 0], "n_4": [4, 6],
                         "n_5": [5, 6], "median": 3.0, "mean": 3.0, "ci_low": 2.5, "ci_high": 3.5})
    rows["pct_agree"] = 100 * (rows["n_4"] + rows["n_5"]) / rows["n_answered"]
    rows["pct_disagree"] = 100 * (rows["n_1"] + rows["n_2"]) / rows["n_answered"]
    table = item_results(rows, INSTRUMENT).table.set_index("site_id")
    assert table.loc["a", ["pct_agree", "pct_disagree"]].tolist() == ["45%", SUPPRESSED]
    assert table.loc["b", ["pct_agree", "pct_disagree"]].tolist() == ["60%", "40%"]
    assert not {"n_agree", "n_disagree", "n_neither"} & set(table.columns)


def test_a_share_positive_of_one_in_eight_is_hidden_and_a_small_role_is_protected_from_the_site_total():
    dims = pd.DataFrame({"site_id": "a", "wave": "follow_up", "role": ["all", "staff", "carer"],
                         "dimension": "listened_to", "n": [20, 15, 5], "mean": 3.5, "ci_low": 3.0, "ci_high": 4.0,
                         "median": 3.5, "pct_positive": [50.0, 100 / 15, 100.0]})
    table = dimension_results(dims).table.set_index("role")
    assert table.loc["carer", "n"] == SUPPRESSED
    assert table.loc["staff", "n"] == SUPPRESSED, "20 - 15 would give the 5 carers away"
    assert table.loc["all", ["n", "pct_positive"]].tolist() == ["20", "50%"]  # 10 of 20


def test_a_small_site_is_protected_from_the_all_sites_row_of_the_change_table():
    change = pd.DataFrame({"site_id": ["big", "middle", "small", "all"], "measure_type": "item",
                           "measure": "listened_to", "test": "wilcoxon_signed_rank", "n_baseline": [40, 20, 5, 65],
                           "n_follow_up": [40, 20, 5, 65], "n_pairs": [30, 10, 5, 45], "median_baseline": 3.0,
                           "median_follow_up": 4.0, "effect_size": 0.3, "ci_low": 0.1, "ci_high": 0.5,
                           "p_value": 0.01})
    table = change_results(change).table.set_index("site_id")
    for column in ("n_baseline", "n_follow_up", "n_pairs"):
        hidden = table[column].drop("all") == SUPPRESSED
        assert hidden["small"] and hidden.sum() >= 2, column
    assert table.loc["small", "effect_size"] == SUPPRESSED


def test_site_standing_does_not_say_how_few_answered():
    summary = pd.DataFrame({"wave": "follow_up", "measure_type": "item", "measure": "listened_to",
                            "site_id": ["a", "b"], "n": [1, 30], "median": [4.0, 3.0],
                            "words": ["not compared: one respondent", "about the same as other sites"]})
    table = site_standing(summary).table
    assert table["words"].tolist() == ["not compared: fewer than 8 answers", "about the same as other sites"]
    assert table["n"].tolist() == [SUPPRESSED, "30"]


def test_site_differences_do_not_say_how_few_answers_a_left_out_site_had():
    kruskal = pd.DataFrame({"wave": "follow_up", "measure_type": "item", "measure": "listened_to", "n": [40],
                            "statistic": [3.2], "epsilon_squared": [0.1], "p_adjusted": [0.2], "significant": [False],
                            "note": ["left out (fewer than 2 answers): tiny"]})
    assert site_differences(kruskal).table["note"].tolist() == ["left out (too few answers): tiny"]
