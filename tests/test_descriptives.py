import math

import pandas as pd
import pytest
from scipy import stats

from evaluation.survey.descriptives import item_missingness, likert_descriptives
from evaluation.survey.scales import SurveyDataError
from tests.builders import answers


def one(table: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    assert mask.sum() == 1, f"expected one row for {where}, got {mask.sum()}"
    return table[mask].iloc[0]


# Item missingness

def test_missingness_counts_every_kind_of_non_answer_against_the_sites_respondents(instrument):
    rows = answers({"r1": {"listened_to": 4}, "r2": {"listened_to": 5}, "r3": {"listened_to": "missing"},
                    "r4": {"listened_to": "dont_know"}, "r5": {"equal_say": 3}})  # r5 has no row for listened_to
    row = one(item_missingness(rows, instrument), item_id="listened_to")
    assert row["n_respondents"] == 5
    assert (row["n_answered"], row["n_missing"], row["n_dont_know"], row["n_absent"]) == (2, 1, 1, 1)
    assert row["n_not_answered"] == 3
    assert row["share_not_answered"] == pytest.approx(3 / 5)
    assert row["flagged"]


@pytest.mark.parametrize("status", ["missing", "prefer_not_to_say", "dont_know", "not_applicable", "unmapped"])
def test_every_status_but_answered_counts_as_not_answered(instrument, status):
    rows = answers({"r1": {"equal_say": 4}, "r2": {"equal_say": status}})
    row = one(item_missingness(rows, instrument), item_id="equal_say")
    assert (row[f"n_{status}"], row["n_not_answered"], row["share_not_answered"]) == (1, 1, 0.5)


def test_an_item_is_flagged_only_above_the_threshold(instrument):
    people = {f"r{i}": {"equal_say": 4} for i in range(1, 5)} | {"r5": {"equal_say": "missing"}}  # 1 of 5 = 0.2
    assert not one(item_missingness(answers(people), instrument), item_id="equal_say")["flagged"]
    assert one(item_missingness(answers(people), instrument, threshold=0.19), item_id="equal_say")["flagged"]


def test_missingness_has_one_row_per_site_wave_and_instrument_item(instrument):
    rows = pd.concat([answers({"r1": {"equal_say": 4}}), answers({"r1": {"equal_say": 4}}, wave="follow_up"),
                      answers({"r9": {"equal_say": 4}}, site="s2")])
    table = item_missingness(rows, instrument)
    assert len(table) == 3 * 14
    assert table[["site_id", "wave"]].drop_duplicates().values.tolist() == [
        ["s1", "baseline"], ["s1", "follow_up"], ["s2", "baseline"]]
    assert table["item_id"].head(3).tolist() == ["equal_partner", "equal_say", "listened_to"]


@pytest.mark.parametrize("threshold", [-0.1, 1, 20])
def test_a_threshold_that_is_not_a_share_is_refused(instrument, threshold):
    with pytest.raises(ValueError, match="threshold"):
        item_missingness(answers({"r1": {"equal_say": 4}}), instrument, threshold=threshold)


# Likert descriptives

def test_likert_descriptives_of_one_item_by_hand(instrument):
    rows = answers({"r1": {"listened_to": 2}, "r2": {"listened_to": 4}, "r3": {"listened_to": 4},
                    "r4": {"listened_to": 5}, "r5": {"listened_to": 5}, "r6": {"listened_to": "dont_know"}})
    row = one(likert_descriptives(rows, instrument=instrument), item_id="listened_to")
    assert (row["n_answered"], row["n_not_answered"]) == (5, 1)
    assert [row[f"n_{c}"] for c in range(1, 6)] == [0, 1, 0, 2, 2]
    assert (row["pct_agree"], row["pct_disagree"]) == (80.0, 20.0)  # 4 of 5 agree, 1 of 5 disagrees
    assert (row["median"], row["mean"]) == (4.0, 4.0)
    # squared deviations from 4: 4 + 0 + 0 + 1 + 1 = 6, so s² = 6/4 = 1.5; t(0.975, 4) = 2.7764
    assert row["sd"] == pytest.approx(math.sqrt(1.5))
    half_width = stats.t.ppf(0.975, 4) * math.sqrt(1.5) / math.sqrt(5)  # 1.5207
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(4 - half_width), pytest.approx(4 + half_width))
    assert row["ci_low"] == pytest.approx(2.4793, abs=1e-4)
    assert pd.isna(row["note"])


def test_groups_are_site_wave_and_role_by_default_and_can_be_pooled(instrument):
    rows = pd.concat([answers({"r1": {"equal_say": 1}, "r2": {"equal_say": 3}}),
                      answers({"r3": {"equal_say": 5}}, role="carer"),
                      answers({"r1": {"equal_say": 5}}, site="s2")])
    by_role = likert_descriptives(rows, instrument=instrument)
    assert by_role[["site_id", "role", "n_answered", "mean"]].values.tolist() == [
        ["s1", "carer", 1, 5.0], ["s1", "staff", 2, 2.0], ["s2", "staff", 1, 5.0]]
    pooled = one(likert_descriptives(rows, by=["wave"], instrument=instrument), item_id="equal_say")
    assert (pooled["n_answered"], pooled["mean"], pooled["median"]) == (4, 3.5, 4.0)  # codes 1, 3, 5, 5


def test_a_single_answer_has_no_interval_and_says_why(instrument):
    row = one(likert_descriptives(answers({"r1": {"equal_say": 4}}), instrument=instrument), item_id="equal_say")
    assert row["mean"] == 4.0 and pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    assert row["note"] == "1 answer: a confidence interval needs at least 2"


def test_an_item_nobody_answered_on_the_scale_is_reported_not_dropped(instrument):
    rows = answers({"r1": {"equal_say": "dont_know"}, "r2": {"equal_say": "prefer_not_to_say"}})
    row = one(likert_descriptives(rows, instrument=instrument), item_id="equal_say")
    assert (row["n_answered"], row["n_not_answered"]) == (0, 2)
    assert pd.isna(row["pct_agree"]) and pd.isna(row["mean"])
    assert row["note"] == "no answers on the scale"


def test_identical_answers_give_an_interval_of_zero_width(instrument):
    row = one(likert_descriptives(answers({"r1": {"equal_say": 3}, "r2": {"equal_say": 3}}), instrument=instrument),
              item_id="equal_say")
    assert (row["ci_low"], row["ci_high"]) == (3.0, 3.0)
    assert row["note"] == "all answers the same: the interval has zero width"


def test_reverse_worded_items_are_described_as_answered(instrument):
    row = one(likert_descriptives(answers({"r1": {"hard_to_take_part": 5}, "r2": {"hard_to_take_part": 4}}),
                                  instrument=instrument), item_id="hard_to_take_part")
    assert (row["pct_agree"], row["mean"]) == (100.0, 4.5)


def test_a_respondent_in_two_roles_is_refused_only_when_roles_are_compared(instrument):
    rows = pd.concat([answers({"r1": {"equal_say": 4}}), answers({"r1": {"equal_say": 2}}, role="carer",
                                                                 wave="follow_up")])
    with pytest.raises(SurveyDataError, match="more than one role"):
        likert_descriptives(rows, instrument=instrument)
    assert len(likert_descriptives(rows, by=["site_id", "wave"], instrument=instrument)) == 2


def test_a_code_off_the_scale_is_refused_naming_item_and_site(instrument):
    with pytest.raises(SurveyDataError, match="item equal_say at s1 \\(code 0\\)"):
        likert_descriptives(answers({"r1": {"equal_say": 0}}), instrument=instrument)


def test_grouping_by_item_id_or_an_unknown_column_is_refused(instrument):
    rows = answers({"r1": {"equal_say": 4}})
    with pytest.raises(ValueError, match="item_id is always added"):
        likert_descriptives(rows, by=["site_id", "item_id"], instrument=instrument)
    with pytest.raises(ValueError, match="not in responses: site"):
        likert_descriptives(rows, by=["site"], instrument=instrument)
