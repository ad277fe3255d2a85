import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from evaluation.survey.compare import benjamini_hochberg, compare_sites, dunn_test, kruskal_by_item


def item(name, sites):
    """Tidy answers to one item: {site: [codes]}."""
    return pd.DataFrame([{"site_id": site, "item_id": name, "respondent_id": f"{site}-{i}", "code": code}
                         for site, codes in sites.items() for i, code in enumerate(codes)])


# Three sites, nine answers. Ranks: 1→1, 2→2, 3 3→3.5, 4 4→5.5, 5 5 5→8.
# Rank sums a = 1 + 2 + 3.5 = 6.5, b = 3.5 + 5.5 + 8 = 17, c = 5.5 + 8 + 8 = 21.5.
THREE_SITES = {"a": [1, 2, 3], "b": [3, 4, 5], "c": [4, 5, 5]}


# --- Benjamini–Hochberg -------------------------------------------------------------------------------------------

def test_benjamini_hochberg_matches_a_hand_worked_example():
    # Sorted: 0.01, 0.03, 0.04, 0.20 with m = 4 → m·p/k = 0.04, 0.06, 0.0533, 0.20;
    # running minimum from the top: 0.20, 0.0533, 0.0533, 0.04; back in input order:
    adjusted = benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    assert adjusted == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])


def test_benjamini_hochberg_matches_statsmodels_fdr_bh():
    p = np.random.default_rng(5).uniform(0, 0.2, 40) ** 2
    assert benjamini_hochberg(p) == pytest.approx(multipletests(p, method="fdr_bh")[1])


def test_benjamini_hochberg_leaves_untested_rows_out_of_the_family():
    adjusted = benjamini_hochberg([0.01, np.nan, 0.04])
    assert math.isnan(adjusted[1])
    assert adjusted[[0, 2]] == pytest.approx(multipletests([0.01, 0.04], method="fdr_bh")[1])  # m = 2, not 3
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.5, 1.2])


# --- Kruskal–Wallis -----------------------------------------------------------------------------------------------

def test_kruskal_by_item_matches_ranks_worked_by_hand_and_scipy():
    # H = 12/(9·10) · (6.5² + 17² + 21.5²)/3 − 3·10 = 0.1333 · 264.5 − 30 = 5.2667
    # ties of sizes 2, 2, 3: Σ(t³ − t) = 6 + 6 + 24 = 36 → correction 1 − 36/(9³ − 9) = 0.95 → H = 5.5439
    # ε² = H / ((9² − 1)/(9 + 1)) = 5.5439 / 8 = 0.6930
    row = kruskal_by_item(item("q1", THREE_SITES)).iloc[0]
    assert row["statistic"] == pytest.approx((12 / 90 * 264.5 - 30) / 0.95)
    assert row["statistic"] == pytest.approx(stats.kruskal(*THREE_SITES.values()).statistic)
    assert row["p_value"] == pytest.approx(stats.chi2.sf(row["statistic"], 2))
    assert (row["df"], row["n_sites"], row["n"]) == (2, 3, 9)
    assert row["epsilon_squared"] == pytest.approx(row["statistic"] / 8)


def test_kruskal_by_item_adjusts_p_over_the_family_of_items():
    table = pd.concat([item("q1", THREE_SITES), item("q2", {"a": [1, 5, 3], "b": [2, 4, 3], "c": [5, 1, 2]}),
                       item("q3", {"a": [1, 1, 2, 1], "b": [5, 4, 5, 5], "c": [3, 3, 2, 3]})])
    result = kruskal_by_item(table)
    assert result["p_adjusted"].to_numpy() == pytest.approx(multipletests(result["p_value"], method="fdr_bh")[1])
    assert result["significant"].tolist() == (result["p_adjusted"] <= 0.05).tolist()


def test_kruskal_by_item_leaves_out_a_site_with_one_respondent_and_says_so():
    result = kruskal_by_item(item("q1", {**THREE_SITES, "tiny": [5]})).iloc[0]
    assert result["n_sites"] == 3
    assert result["statistic"] == pytest.approx(stats.kruskal(*THREE_SITES.values()).statistic)
    assert result["note"] == "left out (fewer than 2 answers): tiny"


def test_kruskal_by_item_notes_identical_answers_and_a_lone_site():
    result = kruskal_by_item(pd.concat([item("same", {"a": [4, 4], "b": [4, 4, 4]}),
                                        item("alone", {"a": [1, 2, 3], "b": [5]})])).set_index("item_id")
    assert result.loc["same", "note"] == "not computable: every answer is 4"
    assert result.loc["alone", "note"].startswith("not computable: fewer than two sites with enough answers")
    assert result["p_value"].isna().all() and not result["significant"].any()


def test_kruskal_by_item_refuses_two_waves_unless_wave_is_a_group():
    table = pd.concat([item("q1", THREE_SITES).assign(wave="baseline"),
                       item("q1", THREE_SITES).assign(wave="follow_up")])
    with pytest.raises(ValueError, match="more than one wave"):
        kruskal_by_item(table)
    assert kruskal_by_item(table, by=["wave", "item_id"])["wave"].tolist() == ["baseline", "follow_up"]
    with pytest.raises(ValueError, match="must hold numbers"):
        kruskal_by_item(item("q1", {"a": ["agree", "x"]}))


# --- Dunn's test --------------------------------------------------------------------------------------------------

def test_dunn_test_matches_ranks_worked_by_hand():
    # Variance term: N(N+1)/12 − Σ(t³ − t)/(12(N − 1)) = 90/12 − 36/96 = 7.125; SE for 3 vs 3 = √(7.125 · 2/3) = 2.1794
    # Mean ranks a = 2.1667, b = 5.6667, c = 7.1667 → z(a, b) = −3.5/2.1794 = −1.6059, z(a, c) = −5/2.1794 = −2.2942
    result = dunn_test(item("q1", THREE_SITES))
    se = math.sqrt(7.125 * 2 / 3)
    assert result["z"].tolist() == pytest.approx([-3.5 / se, -5 / se, -1.5 / se])
    assert result["p_value"].tolist() == pytest.approx([2 * stats.norm.sf(abs(z)) for z in result["z"]])
    assert result["p_adjusted"].tolist() == pytest.approx(multipletests(result["p_value"], method="fdr_bh")[1])
    # Cliff's δ, a against c: of 9 pairs a is lower in all 9 → −1; a against b: lower 8, tied 1 (3 = 3) → −8/9
    assert result["effect_size"].tolist()[:2] == pytest.approx([-8 / 9, -1.0])


def test_dunn_test_for_two_sites_squares_to_the_kruskal_wallis_h():
    a, b = [1, 2, 2, 3, 4, 4, 5], [3, 4, 4, 5, 5, 5]
    z = dunn_test(item("q1", {"a": a, "b": b})).iloc[0]["z"]
    assert z ** 2 == pytest.approx(stats.kruskal(a, b).statistic)


def test_dunn_test_words_name_the_higher_site():
    result = dunn_test(item("q1", {"a": [1, 1, 2, 1, 2, 1], "b": [5, 4, 5, 5, 4, 5], "c": [2, 1, 2, 1, 1, 2]}),
                       names={"a": "Ashdown", "b": "Brackenfield"})
    assert result["words"].tolist() == ["Ashdown lower than Brackenfield", "no clear difference",
                                        "Brackenfield higher than c"]


# --- compare_sites ------------------------------------------------------------------------------------------------

def test_compare_sites_says_about_the_same_when_sites_do_not_differ():
    result = compare_sites(item("q1", {"a": [1, 5, 3, 4], "b": [2, 4, 3, 3], "c": [5, 1, 2, 4]}))
    assert not result.kruskal["significant"].any()
    assert result.pairwise.empty
    assert result.summary["words"].tolist() == ["about the same as other sites"] * 3


def test_compare_sites_names_higher_and_lower_sites_for_a_significant_item_only():
    table = pd.concat([item("differs", {"a": [1, 1, 2, 1, 2, 1], "b": [5, 4, 5, 5, 4, 5], "c": [2, 1, 2, 1, 1, 2]}),
                       item("same", {"a": [1, 5, 3, 4], "b": [2, 4, 3, 3], "c": [5, 1, 2, 4]})])
    result = compare_sites(table, names={"b": "Brackenfield"})
    assert set(result.pairwise["item_id"]) == {"differs"}
    words = result.summary.set_index(["item_id", "site_id"])["words"]
    assert words["differs", "a"] == "lower than Brackenfield"
    assert words["differs", "b"] == "higher than a and c"
    assert words["differs", "c"] == "lower than Brackenfield"
    assert words["same", "b"] == "about the same as other sites"


def test_compare_sites_reports_a_site_with_one_respondent_as_not_compared():
    result = compare_sites(item("q1", {"a": [1, 1, 2, 1, 2, 1], "b": [5, 4, 5, 5, 4, 5], "tiny": [5]}))
    summary = result.summary.set_index("site_id")
    assert summary.loc["tiny", "words"] == "not compared: one respondent"
    assert summary.loc["tiny", "n"] == 1 and summary.loc["a", "median"] == 1.0
    assert result.kruskal.loc[0, "note"] == "left out (fewer than 2 answers): tiny"
    assert result.pairwise[["site_id_a", "site_id_b"]].values.tolist() == [["a", "b"]]
