import math

import pandas as pd
import pytest
import yaml
from scipy import stats

from evaluation.survey.instrument import load_instrument, read_instrument_spec
from evaluation.survey.scales import (SurveyDataError, check_responses, cronbach_alpha, reverse_code, role_conflicts,
                                      scale_reliability, scale_scores)
from tests.builders import answers


def score_of(scores: pd.DataFrame, respondent: str, dimension: str) -> pd.Series:
    return scores.set_index(["respondent_id", "dimension"]).loc[(respondent, dimension)]


# Reverse coding

def test_reverse_worded_items_are_flipped_six_minus_code(instrument):
    rows = answers({f"r{c}": {"decisions_made_elsewhere": c, "decisions_shared": c} for c in range(1, 6)})
    coded = reverse_code(rows, instrument)
    flipped = coded[coded["item_id"] == "decisions_made_elsewhere"]
    kept = coded[coded["item_id"] == "decisions_shared"]
    assert flipped["code"].tolist() == [5, 4, 3, 2, 1]
    assert kept["code"].tolist() == [1, 2, 3, 4, 5]
    assert flipped["reversed"].all() and not kept["reversed"].any()


def test_reverse_coding_keeps_non_answers_without_a_code(instrument):
    coded = reverse_code(answers({"r1": {"hard_to_take_part": "dont_know"}}), instrument)
    assert pd.isna(coded.loc[0, "code"]) and coded.loc[0, "answer_status"] == "dont_know"


def test_reverse_coding_uses_min_plus_max_of_the_instruments_scale(tmp_path):
    spec = read_instrument_spec()
    spec["scale"]["codes"] = {code - 1: entry for code, entry in spec["scale"]["codes"].items()}  # a 0-4 scale
    path = tmp_path / "zero-to-four.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    rows = answers({"r1": {"hard_to_take_part": 0}, "r2": {"hard_to_take_part": 1}})
    coded = reverse_code(rows, load_instrument(path))
    assert coded["code"].tolist() == [4, 3]  # 0 + 4 - code


def test_reverse_coding_twice_is_refused(instrument):
    once = reverse_code(answers({"r1": {"hard_to_take_part": 2}}), instrument)
    with pytest.raises(SurveyDataError, match="already reverse coded"):
        reverse_code(once, instrument)


# Scale scores

def test_a_scale_score_is_the_mean_of_its_items_after_reverse_coding(instrument):
    rows = answers({"r1": {"support_to_take_part": 4, "meetings_accessible": 5, "hard_to_take_part": 2}})
    row = score_of(scale_scores(rows, instrument), "r1", "support_to_take_part")
    assert row["score"] == pytest.approx((4 + 5 + (6 - 2)) / 3)  # 4.333
    assert (row["k_items"], row["n_items_answered"], row["min_items"]) == (3, 3, 2)
    assert pd.isna(row["note"])


def test_too_few_items_answered_gives_no_score_and_says_why(instrument):
    rows = answers({"r1": {"support_to_take_part": 4, "meetings_accessible": "dont_know",
                           "hard_to_take_part": "prefer_not_to_say"}})
    row = score_of(scale_scores(rows, instrument), "r1", "support_to_take_part")
    assert pd.isna(row["score"])
    assert row["note"] == "only 1 of 3 items answered (needs 2)"  # default: at least half, ceil(3/2) = 2


@pytest.mark.parametrize("min_items, needed, scored", [(1, 1, True), (3, 3, False), (9, 3, False), (0.3, 1, True),
                                                       (0.9, 3, False)])
def test_min_items_is_a_count_capped_at_k_or_a_share(instrument, min_items, needed, scored):
    rows = answers({"r1": {"support_to_take_part": 4, "meetings_accessible": "missing"}})
    row = score_of(scale_scores(rows, instrument, min_items=min_items), "r1", "support_to_take_part")
    assert row["min_items"] == needed
    assert pd.notna(row["score"]) == scored


@pytest.mark.parametrize("min_items", [0, -1, 1.5, True, "half"])
def test_a_min_items_that_is_not_a_count_or_share_is_refused(instrument, min_items):
    with pytest.raises((ValueError, TypeError), match="min_items"):
        scale_scores(answers({"r1": {"equal_say": 4}}), instrument, min_items=min_items)


def test_one_row_per_site_respondent_wave_role_and_dimension(instrument):
    rows = pd.concat([answers({"r1": {"equal_say": 4}, "r2": {"equal_say": 2}}),
                      answers({"r1": {"equal_say": 5}}, wave="follow_up"),
                      answers({"r1": {"equal_say": 1}}, site="s2", role="carer")])
    scores = scale_scores(rows, instrument)
    assert len(scores) == 4 * 8  # four site-respondent-waves, eight dimensions in the instrument
    equal = scores[scores["dimension"] == "equal_partnership"]
    assert equal[["site_id", "respondent_id", "wave", "role", "score"]].values.tolist() == [
        ["s1", "r1", "baseline", "staff", 4.0], ["s1", "r2", "baseline", "staff", 2.0],
        ["s1", "r1", "follow_up", "staff", 5.0], ["s2", "r1", "baseline", "carer", 1.0]]


# Cronbach's alpha

PINGOUIN_CRONBACH = [  # pingouin's 'cronbach_alpha' dataset: 15 subjects (rows) × 10 items Q1..Q10 (columns)
    [3, 2, 4, 1, 4, 5, 1, 4, 3, 2], [5, 4, 6, 3, 5, 1, 2, 5, 5, 5], [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
    [2, 4, 3, 3, 2, 2, 2, 6, 6, 3], [6, 5, 6, 5, 4, 4, 4, 6, 7, 5], [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
    [4, 3, 5, 3, 5, 2, 1, 2, 4, 3], [2, 4, 4, 3, 7, 2, 2, 4, 6, 5], [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
    [5, 4, 6, 4, 3, 5, 3, 1, 7, 2], [4, 3, 5, 2, 5, 3, 2, 3, 4, 1], [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
    [5, 5, 6, 2, 3, 3, 2, 4, 4, 5], [6, 5, 5, 4, 2, 2, 1, 4, 6, 5], [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
]


def test_cronbach_alpha_matches_pingouins_documented_example():
    wide = pd.DataFrame(PINGOUIN_CRONBACH, columns=[f"Q{i}" for i in range(1, 11)])
    alpha, (low, high) = cronbach_alpha(wide)
    assert round(alpha, 6) == 0.591719  # pingouin docs: (0.591719, array([0.195, 0.84 ]))
    assert (round(low, 3), round(high, 3)) == (0.195, 0.840)


def test_cronbach_alpha_by_hand():
    # totals 5, 8, 10, 14: variance 42.75/3; item variances 5/3 + 4.75/3 + 5/3 = 14.75/3
    # alpha = 3/2 * (1 - 14.75/42.75) = 3/2 * 28/42.75 = 56/57
    wide = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 3, 3, 5], "q3": [2, 3, 4, 5]})
    alpha, (low, high) = cronbach_alpha(wide)
    assert alpha == pytest.approx(56 / 57)
    # Feldt: n - 1 = 3 and (n - 1)(k - 1) = 6 degrees of freedom
    assert low == pytest.approx(1 - (1 / 57) * stats.f.ppf(0.975, 3, 6))  # 0.8842
    assert high == pytest.approx(1 - (1 / 57) * stats.f.ppf(0.025, 3, 6))  # 0.9988


def test_cronbach_alpha_drops_respondents_with_any_item_missing():
    wide = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 3, 3, 5, None], "q3": [2, 3, 4, 5, 1]})
    assert cronbach_alpha(wide).alpha == pytest.approx(56 / 57)


def test_cronbach_alpha_is_undefined_when_total_scores_do_not_vary():
    alpha, ci = cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3], "q2": [3, 2, 1]}))  # totals 4, 4, 4
    assert math.isnan(alpha) and all(math.isnan(v) for v in ci)


@pytest.mark.parametrize("wide, message", [
    (pd.DataFrame({"q1": [1, 2, 3]}), "at least two items"),
    (pd.DataFrame({"q1": [1, 2], "q2": [3, None]}), "at least two respondents"),
    (pd.DataFrame({"q1": [1, 2], "q2": ["agree", "disagree"]}), "not numeric: q2"),
])
def test_cronbach_alpha_refuses_what_it_cannot_compute(wide, message):
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(wide)


# Scale reliability

def test_scale_reliability_reports_alpha_per_dimension_and_wave(instrument):
    rows = answers({"r1": {"equal_partner": 1, "equal_say": 2}, "r2": {"equal_partner": 2, "equal_say": 3},
                    "r3": {"equal_partner": 3, "equal_say": 3}, "r4": {"equal_partner": 4, "equal_say": 5},
                    "r5": {"equal_partner": 5, "equal_say": "dont_know"}})
    row = scale_reliability(rows, instrument).set_index(["wave", "dimension"]).loc[("baseline", "equal_partnership")]
    # complete cases r1-r4: item variances 5/3 + 4.75/3; totals 3, 5, 6, 9 have variance 18.75/3
    # alpha = 2 * (1 - 9.75/18.75) = 0.96
    assert row["alpha"] == pytest.approx(0.96)
    assert (row["k_items"], row["n_respondents"], row["n_incomplete"]) == (2, 4, 1)
    assert row["ci_low"] == pytest.approx(1 - 0.04 * stats.f.ppf(0.975, 3, 3))
    assert pd.isna(row["note"])


def test_scale_reliability_reverse_codes_before_computing_alpha(instrument):
    # decisions_made_elsewhere is worded negatively: 5, 4, 3, 2 become 1, 2, 3, 4, the same as decisions_shared
    rows = answers({f"r{c}": {"decisions_shared": c, "decisions_made_elsewhere": 6 - c} for c in range(1, 5)})
    row = scale_reliability(rows, instrument).set_index("dimension").loc["shared_decisions"]
    assert row["alpha"] == pytest.approx(1.0)


def test_scale_reliability_says_why_alpha_cannot_be_computed(instrument):
    rows = answers({"r1": {"equal_partner": 4, "equal_say": 4, "confidence_grew": 5},
                    "r2": {"equal_partner": 2, "equal_say": 3, "confidence_grew": 3}})
    table = scale_reliability(rows, instrument).set_index("dimension")
    assert table.loc["confidence", "note"] == "one item: alpha needs at least two"
    assert table.loc["equal_partnership", "note"] == "2 respondent(s) answered every item: alpha needs at least 3"
    assert table.loc["listened_to", "n_respondents"] == 0
    assert table["alpha"].isna().all()


def test_scale_reliability_per_site_gives_a_site_with_one_respondent_notes_not_errors(instrument):
    rows = pd.concat([answers({f"r{c}": {"equal_partner": c, "equal_say": c} for c in range(1, 5)}),
                      answers({"r1": {"equal_partner": 4, "equal_say": 5}}, site="tiny")])
    table = scale_reliability(rows, instrument, by=["site_id", "wave"])
    equal = table[table["dimension"] == "equal_partnership"].set_index("site_id")
    assert equal.loc["s1", "alpha"] == pytest.approx(1.0)
    assert pd.isna(equal.loc["tiny", "alpha"])
    assert equal.loc["tiny", "note"] == "1 respondent(s) answered every item: alpha needs at least 3"


# Bad input

def test_a_wave_that_is_not_baseline_or_follow_up_is_refused(instrument):
    rows = answers({"r1": {"equal_say": 4}}, wave="Wave 3")
    with pytest.raises(SurveyDataError, match="wave must be one of baseline, follow_up; found 'Wave 3' at s1"):
        scale_scores(rows, instrument)


def test_an_item_answered_on_another_scale_is_refused_naming_item_and_site(instrument):
    rows = answers({"r1": {"equal_say": 4, "listened_to": 7}}, site="harbourside-ics")
    with pytest.raises(SurveyDataError, match="item listened_to at harbourside-ics \\(code 7\\)"):
        scale_scores(rows, instrument)


def test_a_respondent_in_two_roles_within_a_site_is_refused_and_listed(instrument):
    rows = pd.concat([answers({"r1": {"equal_say": 4}}, role="staff"),
                      answers({"r1": {"equal_say": 2}}, role="lived_experience", wave="follow_up"),
                      answers({"r1": {"equal_say": 3}}, role="carer", site="s2")])
    with pytest.raises(SurveyDataError, match="respondent r1 at s1 as lived_experience; staff"):
        scale_scores(rows, instrument)
    with pytest.raises(SurveyDataError, match="role_conflicts"):
        scale_reliability(rows, instrument)
    assert role_conflicts(rows).to_dict("records") == [
        {"site_id": "s1", "respondent_id": "r1", "roles": "lived_experience; staff", "waves": "baseline; follow_up",
         "source_files": "survey.csv"}]


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="answer_status"), "lack the column\\(s\\) answer_status"),
    (lambda f: f.assign(item_id="q99"), "\\['q99'\\] are not items of coproduction-survey"),
    (lambda f: f.assign(answer_status="skipped"), "answer_status must be one of"),
    (lambda f: f.assign(answer_status="missing"), "a code must be present exactly when"),
    (lambda f: f.assign(code="Agree"), "code must hold the scale's numbers"),
    (lambda f: pd.concat([f, f]), "answered twice: respondent r1 at s1 \\(baseline\\)"),
])
def test_malformed_responses_are_refused_with_what_to_fix(instrument, change, message):
    with pytest.raises(SurveyDataError, match=message):
        check_responses(change(answers({"r1": {"equal_say": 4}})), instrument)
