"""The survey analysis across sites: tables, bad input reported not raised, funnel tables, storage round trip."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evaluation.layout import ProjectLayout
from evaluation.survey.analysis import (FUNNEL_COLUMNS, SurveyAnalysis, analyse_surveys, funnel_measures,
                                        multi_item_dimensions, score_descriptives)
from evaluation.survey.funnel import Z_95, Z_998
from evaluation.survey.instrument import load_instrument
from tests.builders import answers, survey_site

INSTRUMENT = load_instrument()
ITEMS = INSTRUMENT.item_ids


@pytest.fixture(scope="module")
def responses():
    return pd.concat([survey_site("big", 40, 0.8, 1, matched=20), survey_site("middle", 20, 0.5, 2, matched=10),
                      survey_site("small", 9, 0.3, 3), survey_site("tiny", 3, 0.5, 4)], ignore_index=True)


@pytest.fixture(scope="module")
def analysis(responses):
    return analyse_surveys(responses, INSTRUMENT)


def test_every_table_is_produced(analysis):
    expected = {"survey_scores", "scale_reliability", "item_missingness", "item_descriptives",
                "dimension_descriptives", "survey_change", "ordinal_coefficients", "ordinal_assumptions",
                "ordinal_models", "site_differences", "site_pairs", "site_standing", "funnel_measures",
                "survey_notes"}
    assert expected <= set(analysis.tables)
    assert {f"funnel/{m}" for m in analysis.funnels} <= set(analysis.tables)


def test_descriptives_are_per_site_wave_and_role_plus_all_roles(analysis, responses):
    table = analysis.tables["item_descriptives"]
    everyone = table[(table["role"] == "all") & (table["site_id"] == "big") & (table["wave"] == "baseline")
                     & (table["item_id"] == "equal_partner")].iloc[0]
    codes = responses[(responses["site_id"] == "big") & (responses["wave"] == "baseline")
                      & (responses["item_id"] == "equal_partner")]["code"].astype(float)
    assert everyone["n_answered"] == 40
    assert everyone["pct_agree"] == pytest.approx(100 * (codes >= 4).mean())
    assert everyone["mean"] == pytest.approx(codes.mean())
    assert set(table["role"]) == {"all", "staff", "lived_experience"}


def test_score_descriptives_match_a_hand_computation():
    scores = pd.DataFrame({"site_id": "s", "wave": "baseline", "dimension": "listened_to",
                           "score": [1.0, 2.0, 4.5, 5.0, np.nan]})
    row = score_descriptives(scores, ["site_id", "wave"], INSTRUMENT).iloc[0]
    mean, sd = 3.125, math.sqrt(((1 - 3.125) ** 2 + (2 - 3.125) ** 2 + (4.5 - 3.125) ** 2 + (5 - 3.125) ** 2) / 3)
    # t(0.975, 3) = 3.182446, from tables
    assert (row["n"], row["mean"], row["median"], row["pct_positive"]) == (4, mean, 3.25, 50.0)
    assert row["ci_low"] == pytest.approx(mean - 3.182446 * sd / 2, abs=1e-5)


def test_change_is_paired_where_respondents_match_and_pooled_across_sites(analysis):
    change = analysis.tables["survey_change"].set_index(["site_id", "measure"])
    assert change.loc[("big", "equal_partner"), "test"] == "wilcoxon_signed_rank"
    assert change.loc[("big", "equal_partner"), "n_pairs"] == 20
    assert change.loc[("small", "equal_partner"), "test"] == "mann_whitney_u"
    assert ("all", "equal_partnership") in change.index


def test_single_item_dimensions_are_not_tested_twice(analysis):
    single = {item.dimension for item in INSTRUMENT.items} - set(multi_item_dimensions(INSTRUMENT))
    assert single, "the shipped instrument has one-item dimensions"
    tested = analysis.tables["site_differences"]
    assert not set(tested.loc[tested["measure_type"] == "dimension", "measure"]) & single
    assert not any(m.endswith(tuple(single)) and m.startswith("positive_") for m in analysis.funnels)


def test_site_differences_are_corrected_over_the_whole_family(analysis):
    tested = analysis.tables["site_differences"]
    p = tested["p_value"].dropna().to_numpy()
    order = np.argsort(p)
    m = len(p)
    # BH by hand: the largest p keeps its value; each other is min over larger ranks of m·p/rank
    expected = np.minimum.accumulate((p[order] * m / np.arange(1, m + 1))[::-1])[::-1].clip(max=1)
    assert tested["p_adjusted"].dropna().to_numpy()[order] == pytest.approx(expected)


def test_funnel_tables_have_the_published_columns_and_limits_from_n_and_the_target(analysis):
    for measure, result in analysis.funnels.items():
        table = analysis.tables[f"funnel/{measure}"]
        assert tuple(table.columns) == FUNNEL_COLUMNS
        assert (table["measure"] == measure).all()
        theta = math.asin(math.sqrt(result.target))
        for row in table.itertuples():
            sigma = math.sqrt(1 / (4 * row.n) + result.tau2)
            for z, low, high in ((Z_95, row.lower_95, row.upper_95), (Z_998, row.lower_998, row.upper_998)):
                assert low == pytest.approx(math.sin(max(0.0, theta - z * sigma)) ** 2)
                assert high == pytest.approx(math.sin(min(math.pi / 2, theta + z * sigma)) ** 2)
            assert row.proportion == pytest.approx(row.numerator / row.n)


def test_funnel_numerators_count_favourable_answers_at_follow_up(analysis, responses):
    table = analysis.tables["funnel/agree_equal_partner"].set_index("site_id")
    follow = responses[(responses["wave"] == "follow_up") & (responses["item_id"] == "equal_partner")]
    for site_id, codes in follow.groupby("site_id")["code"]:
        assert table.loc[site_id, "n"] == len(codes)
        assert table.loc[site_id, "numerator"] == int((codes.astype(float) >= 4).sum())
    reverse = next(m for m in funnel_measures(INSTRUMENT) if m.id == "disagree_decisions_made_elsewhere")
    assert "disagreed" in reverse.label  # favourable on a negatively worded item is disagreeing


def test_a_respondent_in_two_roles_is_set_aside_and_named_in_the_notes(responses):
    clash = responses.copy()
    clash.loc[(clash["site_id"] == "big") & (clash["respondent_id"] == "0") & (clash["wave"] == "follow_up"),
              "role"] = "carer"
    result = analyse_surveys(clash, INSTRUMENT)
    notes = result.tables["survey_notes"]
    assert notes["issue"].str.contains("recorded as carer and lived_experience").any()
    assert "0" not in set(result.tables["survey_scores"].query("site_id == 'big'")["respondent_id"])


def test_a_site_with_one_respondent_is_reported_not_computable_with_the_reason(responses):
    one = answers({"r1": {item: 4 for item in ITEMS}}, site="lonely", wave="baseline")
    one = pd.concat([one, one.assign(wave="follow_up")], ignore_index=True)
    result = analyse_surveys(pd.concat([responses, one], ignore_index=True), INSTRUMENT)
    change = result.tables["survey_change"]
    assert change.loc[change["site_id"] == "lonely", "note"].str.startswith("not computable").all()
    assert result.tables["survey_notes"]["site_id"].eq("lonely").any()
    funnel = result.tables["funnel/agree_equal_partner"].set_index("site_id")
    assert funnel.loc["lonely", "n"] == 1  # on the funnel (exact, for analysts); published tables hide it


def test_only_one_wave_leaves_change_and_the_ordinal_model_not_computable(responses):
    baseline = responses[responses["wave"] == "baseline"]
    result = analyse_surveys(baseline, INSTRUMENT)
    assert result.tables["survey_change"]["note"].str.startswith("not computable").all()
    assert result.tables["ordinal_models"]["note"].str.contains("one wave only").all()
    assert result.funnels == {}  # funnels are drawn at follow-up


def test_written_analysis_reads_back_the_same(analysis, tmp_path):
    layout = ProjectLayout(tmp_path)
    (layout.processed / "funnel").mkdir(parents=True)
    (layout.processed / "funnel" / "retired_measure.parquet").write_bytes(b"old")
    paths = layout.write_analysis(analysis.tables)
    assert not (layout.processed / "funnel" / "retired_measure.parquet").exists()
    again = SurveyAnalysis.from_tables(layout.read_analysis())
    assert set(again.tables) == set(analysis.tables)
    for measure, result in analysis.funnels.items():
        assert again.funnels[measure].tau2 == result.tau2
        pd.testing.assert_frame_equal(again.tables[f"funnel/{measure}"], analysis.tables[f"funnel/{measure}"])
    first = {path: path.read_bytes() for path in paths}
    layout.write_analysis(analysis.tables)
    assert first == {path: path.read_bytes() for path in paths}
