import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from evaluation.survey.change import change_by_site, mann_whitney_u, ordinal_change_model, wilcoxon_signed_rank

Z95 = stats.norm.ppf(0.975)


def answers(site, wave, codes, respondents=None, item="q1"):
    """One row per respondent of a site at one wave; respondent ids default to r1, r2, ..."""
    ids = respondents or [f"r{i}" for i in range(1, len(codes) + 1)]
    return pd.DataFrame({"site_id": site, "item_id": item, "respondent_id": ids, "wave": wave, "role": "staff",
                         "code": pd.array(codes, dtype="Int8")})


# --- Wilcoxon signed-rank, paired ---------------------------------------------------------------------------------

def test_wilcoxon_signed_rank_matches_ranks_worked_by_hand():
    # d = follow-up − baseline = 2, 1, 0, 1, −1, 2; the zero is dropped, leaving |d| = 2, 1, 1, 1, 2.
    # The three 1s share ranks 1–3 → 2 each; the two 2s share ranks 4–5 → 4.5 each.
    # T+ = 4.5 + 2 + 2 + 4.5 = 13, T− = 2 → W = min = 2, r = (13 − 2) / 15 = 0.7333.
    # Exact p over the 2⁵ = 32 sign patterns: |T+ − 7.5| ≥ 5.5 needs T+ ∈ {15, 13, 13, 13} or {0, 2, 2, 2} → 8/32.
    res = wilcoxon_signed_rank([2, 3, 3, 4, 2, 3], [4, 4, 3, 5, 1, 5]).iloc[0]
    assert res["test"] == "wilcoxon_signed_rank" and res["n_pairs"] == 6
    assert res["statistic"] == 2.0
    assert res["effect_size"] == pytest.approx(11 / 15)
    assert res["p_value"] == pytest.approx(0.25)
    assert res["p_value"] == pytest.approx(stats.wilcoxon([4, 4, 3, 5, 1, 5], [2, 3, 3, 4, 2, 3]).pvalue)
    # CI: n = 5 non-zero pairs, SE = √(5·6·11/6) / 15 = √55 / 15 = 0.4944, on Fisher's z around atanh(11/15) = 0.9359
    se = math.sqrt(55) / 15
    assert res["ci_low"] == pytest.approx(math.tanh(math.atanh(11 / 15) - Z95 * se))  # −0.0331
    assert res["ci_high"] == pytest.approx(math.tanh(math.atanh(11 / 15) + Z95 * se))  # 0.9566
    assert res["ci_low"] == pytest.approx(-0.0331, abs=1e-4) and res["ci_high"] == pytest.approx(0.9566, abs=1e-4)


@pytest.mark.parametrize("n", [4, 8, 13, 14, 30])
def test_wilcoxon_signed_rank_p_value_equals_scipy_with_ties_and_zeros(n):
    rng = np.random.default_rng(n)
    baseline = rng.integers(1, 6, n)
    follow_up = np.clip(baseline + rng.choice([-2, -1, 0, 1, 1, 2], n), 1, 5)
    res = wilcoxon_signed_rank(baseline, follow_up).iloc[0]
    reference = stats.wilcoxon(follow_up, baseline)
    assert res["p_value"] == pytest.approx(reference.pvalue, rel=1e-9)
    assert res["statistic"] == pytest.approx(reference.statistic)


def test_wilcoxon_signed_rank_is_positive_when_follow_up_is_higher_and_leaves_a_degenerate_ci_empty():
    res = wilcoxon_signed_rank([1, 2, 3, 2, 1], [2, 4, 4, 3, 3]).iloc[0]
    assert res["effect_size"] == 1.0
    assert math.isnan(res["ci_low"]) and "|r| = 1" in res["note"]
    assert wilcoxon_signed_rank([2, 4, 4, 3, 3], [1, 2, 3, 2, 1]).iloc[0]["effect_size"] == -1.0


def test_wilcoxon_signed_rank_refuses_unequal_lengths_and_notes_no_change():
    with pytest.raises(ValueError, match="one baseline and one follow-up value per respondent"):
        wilcoxon_signed_rank([1, 2, 3], [1, 2])
    res = wilcoxon_signed_rank([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).iloc[0]
    assert res["note"] == "not computable: no respondent's answer changed" and math.isnan(res["p_value"])


# --- Mann–Whitney U, unpaired -------------------------------------------------------------------------------------

def test_mann_whitney_u_matches_a_count_of_pairs_by_hand():
    # baseline 1, 2, 3 against follow-up 2, 3, 4, 5: 12 pairs.
    # baseline higher: (3 > 2) = 1; ties: (2 = 2), (3 = 3) = 2 → U = 1 + 2·½ = 2.
    # follow-up higher: 4 + 3 + 2 = 9, lower 1 → r = (9 − 1)/12 = 1 − 2·2/12 = 0.6667.
    res = mann_whitney_u([1, 2, 3], [2, 3, 4, 5]).iloc[0]
    assert res["statistic"] == 2.0
    assert res["effect_size"] == pytest.approx(2 / 3)
    assert res["p_value"] == pytest.approx(stats.mannwhitneyu([1, 2, 3], [2, 3, 4, 5]).pvalue)
    assert (res["median_baseline"], res["median_follow_up"]) == (2.0, 3.5)
    # SE = √((3 + 4 + 1)/(3·3·4)) = √(8/36) = 0.4714 → CI tanh(0.8047 ± 1.96·0.4714) = (−0.1187, 0.9389)
    se = math.sqrt(8 / 36)
    assert res["ci_low"] == pytest.approx(math.tanh(math.atanh(2 / 3) - Z95 * se))
    assert res["ci_high"] == pytest.approx(math.tanh(math.atanh(2 / 3) + Z95 * se))
    assert res["ci_low"] == pytest.approx(-0.1187, abs=1e-4) and res["ci_high"] == pytest.approx(0.9389, abs=1e-4)


def test_mann_whitney_u_is_negative_when_follow_up_is_lower():
    assert mann_whitney_u([2, 3, 4, 5], [1, 2, 3]).iloc[0]["effect_size"] == pytest.approx(-2 / 3)


# --- change_by_site -----------------------------------------------------------------------------------------------

def test_change_by_site_pairs_respondents_when_five_answered_both_waves():
    table = pd.concat([answers("s1", "baseline", [2, 3, 3, 4, 2, 3]),
                       answers("s1", "follow_up", [4, 4, 3, 5, 1, 5])])
    row = change_by_site(table).iloc[0]
    assert (row["site_id"], row["item_id"], row["test"], row["n_pairs"]) == ("s1", "q1", "wilcoxon_signed_rank", 6)
    assert row["effect_size"] == pytest.approx(11 / 15)  # the hand-worked example above
    assert row["note"] == ""
    assert change_by_site(table, min_pairs=7).iloc[0]["test"] == "mann_whitney_u"


def test_change_by_site_uses_only_matched_pairs_and_says_how_many_answers_it_left_out():
    table = pd.concat([answers("s1", "baseline", [2, 3, 3, 4, 2, 3, 1]),
                       answers("s1", "follow_up", [4, 4, 3, 5, 1, 5, 5, 5], [f"r{i}" for i in (1, 2, 3, 4, 5, 6,
                                                                                             20, 21)])])
    row = change_by_site(table).iloc[0]
    assert row["n_pairs"] == 6 and row["n_baseline"] == 6 and row["n_follow_up"] == 6
    assert row["effect_size"] == pytest.approx(11 / 15)
    assert row["note"] == "paired: 3 answers from respondents seen at one wave only not used"


def test_change_by_site_falls_back_to_mann_whitney_below_min_pairs():
    table = pd.concat([answers("s1", "baseline", [1, 2, 3]),
                       answers("s1", "follow_up", [2, 3, 4, 5], ["r1", "x2", "x3", "x4"])])
    row = change_by_site(table).iloc[0]
    assert (row["test"], row["n_pairs"]) == ("mann_whitney_u", 1)
    assert row["effect_size"] == pytest.approx(2 / 3)  # the hand-counted example above
    assert row["note"] == "unpaired: 1 respondent answered both waves (fewer than 5) and is treated as independent"


def test_change_by_site_reports_a_site_with_one_respondent_without_crashing():
    table = pd.concat([answers("big", "baseline", [1, 2, 3]), answers("big", "follow_up", [2, 3, 4, 5]),
                       answers("tiny", "baseline", [4]), answers("tiny", "follow_up", [5])])
    result = change_by_site(table).set_index("site_id")
    assert result.loc["tiny", "note"] == "not computable: one respondent"
    assert pd.isna(result.loc["tiny", "test"]) and math.isnan(result.loc["tiny", "p_value"])
    assert result.loc["big", "effect_size"] == pytest.approx(2 / 3)


def test_change_by_site_notes_identical_answers_and_a_missing_wave():
    table = pd.concat([answers("same", "baseline", [4, 4, 4]), answers("same", "follow_up", [4, 4], ["x1", "x2"]),
                       answers("once", "baseline", [1, 2, 3])])
    result = change_by_site(table).set_index("site_id")
    assert result.loc["same", "note"] == "not computable: every answer is 4 at both waves"
    assert result.loc["once", "note"] == "not computable: no answers at follow_up"
    assert result.loc["same", "median_baseline"] == 4.0


def test_change_by_site_leaves_out_non_substantive_answers():
    table = pd.concat([answers("s1", "baseline", [1, 2, 3, None]), answers("s1", "follow_up", [2, 3, 4, 5])])
    row = change_by_site(table).iloc[0]
    assert row["n_baseline"] == 3 and row["effect_size"] == pytest.approx(2 / 3)


def test_change_by_site_accepts_scale_scores_by_dimension():
    scores = pd.DataFrame({"site_id": "s1", "dimension": "listened_to", "respondent_id": list("abcxyzw"),
                           "wave": ["baseline"] * 3 + ["follow_up"] * 4, "score": [1.0, 2.0, 3.0, 2.0, 3.0, 4.0, 5.0]})
    row = change_by_site(scores, value="score", by=["site_id", "dimension"]).iloc[0]
    assert row["dimension"] == "listened_to" and row["effect_size"] == pytest.approx(2 / 3)


def test_change_by_site_refuses_unknown_wave_labels():
    table = pd.concat([answers("s1", "baseline", [1, 2]), answers("s1", "Wave 2", [2, 3])])
    with pytest.raises(ValueError, match=r"wave must be 'baseline' or 'follow_up'; found 'Wave 2'"):
        change_by_site(table)


def test_change_by_site_refuses_a_respondent_answering_twice_in_one_wave_and_missing_columns():
    table = pd.concat([answers("s1", "baseline", [1, 2]), answers("s1", "baseline", [3], ["r1"])])
    with pytest.raises(ValueError, match="respondent 'r1' has two 'code' values at baseline"):
        change_by_site(table)
    with pytest.raises(ValueError, match="no column 'score'"):
        change_by_site(table, value="score")


# --- ordinal_change_model -----------------------------------------------------------------------------------------

def _survey(seed, follow_up_shift=0.7, top_only=False, sites=("s1", "s2", "s3"), per_site=120):
    """Latent-logistic answers cut into 5 codes: follow-up shifts every level, or only moves 4s up to 5."""
    rng = np.random.default_rng(seed)
    rows = []
    for s, site in enumerate(sites):
        for i in range(per_site):
            for wave in ("baseline", "follow_up"):
                latent = rng.logistic() + 0.3 * s + (follow_up_shift if wave == "follow_up" and not top_only else 0)
                code = 1 + int(np.searchsorted([-1.5, -0.5, 0.5, 1.5], latent))
                if top_only and wave == "follow_up" and code == 4 and rng.random() < 0.7:
                    code = 5
                rows.append({"site_id": site, "respondent_id": str(i), "wave": wave, "item_id": "q1", "code": code,
                             "role": ("staff", "lived_experience")[i % 2]})
    return pd.DataFrame(rows)


def test_ordinal_change_model_with_two_answer_levels_equals_a_binary_logit():
    # With two levels the proportional-odds model is a logit of P(Y = 2): same slopes, same clustered SEs.
    table = _survey(3)
    table["code"] = np.where(table["code"] >= 4, 2, 1)
    result = ordinal_change_model(table, "q1")
    X = pd.DataFrame({"wave": (table["wave"] == "follow_up"), "role": (table["role"] == "lived_experience"),
                      "s2": table["site_id"] == "s2", "s3": table["site_id"] == "s3"}).astype(float)
    clusters = pd.factorize(table["site_id"] + table["respondent_id"])[0]
    logit = sm.Logit((table["code"] == 2).astype(float), sm.add_constant(X)).fit(
        disp=False, cov_type="cluster", cov_kwds={"groups": clusters})
    coefficients = result.coefficients.set_index("level")
    for level, column in (("follow_up", "wave"), ("s2", "s2"), ("s3", "s3")):
        assert coefficients.loc[level, "log_odds"] == pytest.approx(logit.params[column], abs=1e-3)
        assert coefficients.loc[level, "se"] == pytest.approx(logit.bse[column], rel=1e-3)
    wave = coefficients.loc["follow_up"]
    assert wave["odds_ratio"] == pytest.approx(math.exp(wave["log_odds"]))
    assert wave["ci_low"] == pytest.approx(math.exp(wave["log_odds"] - Z95 * wave["se"]))
    assert result.assumption_check.empty and "not checked" in result.note


def test_ordinal_change_model_reports_odds_ratios_against_named_references():
    result = ordinal_change_model(_survey(1), "q1")
    table = result.coefficients
    assert table[["term", "level", "reference"]].values.tolist() == [
        ["wave", "follow_up", "baseline"], ["role", "staff", "lived_experience"], ["site_id", "s2", "s1"],
        ["site_id", "s3", "s1"]]
    wave = table.iloc[0]
    assert wave["odds_ratio"] > 1 and wave["ci_low"] > 1  # simulated follow-up shift of 0.7 on the logit scale
    assert result.n == 720 and "times those at baseline" in result.note


def test_brant_check_passes_when_odds_are_proportional():
    result = ordinal_change_model(_survey(1), "q1")
    check = result.assumption_check.set_index("term")
    assert list(check.index) == ["wave", "role", "site_id", "all terms"]
    assert check.loc["wave", "df"] == 3  # 4 cut-points − 1, one column
    assert check.loc["site_id", "df"] == 6  # two site columns
    assert check["holds"].all() and "looks reasonable" in result.note
    assert len(result.cutpoint_odds_ratios) == 4 * 4  # 4 cut-points × 4 columns


def test_brant_check_fails_when_follow_up_only_moves_the_top_answer():
    result = ordinal_change_model(_survey(1, top_only=True), "q1")
    check = result.assumption_check.set_index("term")
    assert not check.loc["wave", "holds"] and check.loc["wave", "p_value"] < 0.001
    by_cut = result.cutpoint_odds_ratios.query("term == 'wave'").set_index("above")["odds_ratio"]
    assert by_cut[4.0] > 2 and by_cut[1.0] < 1.5  # only "above 4" moved
    assert "doubtful for wave" in result.note


def test_ordinal_change_model_leaves_out_cut_points_with_an_empty_cell():
    table = _survey(2)
    table.loc[(table["site_id"] == "s3") & (table["code"] == 1), "code"] = 2  # s3 never answers 1
    result = ordinal_change_model(table, "q1")
    assert "cut-points above 1 left out of the check: some level has no answers on one side" in result.note.lower()
    assert set(result.cutpoint_odds_ratios["above"]) == {2.0, 3.0, 4.0}


def test_ordinal_change_model_refuses_unusable_input():
    table = _survey(1)
    with pytest.raises(ValueError, match="no answers .* for item_id 'q9'"):
        ordinal_change_model(table, "q9")
    with pytest.raises(ValueError, match="one wave only"):
        ordinal_change_model(table[table["wave"] == "baseline"], "q1")
    with pytest.raises(ValueError, match="wave must be"):
        ordinal_change_model(table.replace({"wave": {"follow_up": "post"}}), "q1")
