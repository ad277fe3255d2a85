import math

import pytest

from evaluation.coding.agreement import (agreement_summary, coding_agreement, cohen_kappa, krippendorff_alpha,
                                         landis_koch_band)
from evaluation.coding.codings import coding_frame
from tests.builders import four_theme_codebook

SEGMENTS = ["s1", "s2", "s3", "s4", "s5", "s6"]


def coding(coder, pairs):
    book = four_theme_codebook()
    return coding_frame({"segment_id": s, "theme_id": t, "category": book.category_of(t), "coder": coder}
                        for s, t in pairs)


# shared_power: rules {s1 s2 s3}, reviewer {s1 s2 s4}; time: both {s1 s4}; listened_to: rules {s5}, reviewer {s6};
# funding: neither. s6 never appears in the rules coding: silence reads as "coded with nothing".
RULES = coding("rules", [("s1", "shared_power"), ("s2", "shared_power"), ("s3", "shared_power"), ("s1", "time"),
                         ("s4", "time"), ("s5", "listened_to")])
REVIEWER = coding("reviewer", [("s1", "shared_power"), ("s2", "shared_power"), ("s4", "shared_power"),
                               ("s1", "time"), ("s4", "time"), ("s6", "listened_to")])


def by_code(table):
    return table.set_index("code")


# --- Cohen's κ ----------------------------------------------------------------------------------------------------

def test_cohen_kappa_matches_a_two_by_two_table_worked_by_hand():
    #            b=1  b=0
    #   a=1       2    1      pₒ = (2 + 6) / 10 = 0.8
    #   a=0       1    6      pₑ = 0.3·0.3 + 0.7·0.7 = 0.58
    #                         κ = (0.8 − 0.58) / (1 − 0.58) = 0.22 / 0.42 = 0.5238
    a = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert cohen_kappa(a, b) == pytest.approx(0.22 / 0.42)


def test_cohen_kappa_reproduces_the_wikipedia_grant_proposal_example():
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by readers A and B.
    # yes/yes 20, A yes B no 5, A no B yes 10, no/no 15 → pₒ = 0.7, pₑ = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_is_one_for_perfect_agreement_and_negative_below_chance():
    assert cohen_kappa([1, 0, 1, 0], [1, 0, 1, 0]) == pytest.approx(1.0)
    # pₒ = 0, pₑ = 0.5 → κ = −1
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)


def test_cohen_kappa_is_undefined_when_both_coders_give_one_identical_value():
    # pₑ = 1 → κ = 0/0
    assert math.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))


def test_cohen_kappa_is_zero_when_each_coder_is_constant_but_they_differ():
    # pₒ = 0, pₑ = 1·0 + 0·1 = 0 → κ = 0
    assert cohen_kappa([0, 0, 0], [1, 1, 1]) == pytest.approx(0.0)


def test_cohen_kappa_refuses_unpaired_or_missing_ratings():
    with pytest.raises(ValueError, match="different numbers of units"):
        cohen_kappa([1, 0], [1])
    with pytest.raises(ValueError, match="no units"):
        cohen_kappa([], [])
    with pytest.raises(ValueError, match="krippendorff_alpha"):
        cohen_kappa([1, float("nan")], [1, 0])


# --- Krippendorff's α ---------------------------------------------------------------------------------------------

def test_krippendorff_alpha_matches_a_coincidence_matrix_worked_by_hand():
    # Same 10 units as the κ table. Each unit adds both ordered pairs to the coincidence matrix:
    # o₁₁ = 2·2 = 4, o₀₀ = 2·6 = 12, o₀₁ = o₁₀ = 2; n₁ = 6, n₀ = 14, n = 20.
    # α = 1 − (n − 1)·o₀₁ / (n₀·n₁) = 1 − 19·2 / (14·6) = 1 − 38/84 = 0.5476
    a = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert krippendorff_alpha(a, b) == pytest.approx(1 - 38 / 84)


def test_krippendorff_alpha_reproduces_krippendorffs_binary_example():
    # Krippendorff K (2011) "Computing Krippendorff's alpha-reliability", section A: binary data, two observers,
    # no missing data. Published α = 0.095 (= 1 − 19·4 / (14·6)).
    ben = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    gerry = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(ben, gerry) == pytest.approx(1 - 76 / 84)
    assert round(krippendorff_alpha(ben, gerry), 3) == 0.095


def test_krippendorff_alpha_reproduces_krippendorffs_nominal_example():
    # Same paper, section B: nominal data (values a–e), two observers, no missing data. Published α = 0.692.
    values = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    heidi = [values[v] for v in "a a b b d c c c e d d a".split()]
    gerry = [values[v] for v in "b a b b b c c c e d d d".split()]
    assert round(krippendorff_alpha(heidi, gerry), 3) == 0.692


def test_krippendorff_alpha_ignores_units_one_coder_left_unrated():
    a = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert krippendorff_alpha(a + [1], b + [float("nan")]) == pytest.approx(krippendorff_alpha(a, b))


def test_krippendorff_alpha_is_undefined_when_only_one_value_occurs():
    assert math.isnan(krippendorff_alpha([0, 0, 0], [0, 0, 0]))


@pytest.mark.parametrize("kappa, band", [(-0.2, "poor"), (0.0, "slight"), (0.2, "slight"), (0.21, "fair"),
                                         (0.4, "fair"), (0.55, "moderate"), (0.62, "substantial"),
                                         (0.81, "almost perfect"), (1.0, "almost perfect"),
                                         (float("nan"), "not computable")])
def test_landis_koch_bands(kappa, band):
    assert landis_koch_band(kappa) == band


# --- coding_agreement ---------------------------------------------------------------------------------------------

def test_each_theme_row_counts_and_scores_the_two_codings():
    table = by_code(coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook()))
    power = table.loc["shared_power"]
    assert (power.n_segments, power.first_positive, power.second_positive, power.both_positive) == (6, 3, 3, 2)
    # 2 both, 1 rules only, 1 reviewer only, 2 neither: pₒ = 4/6, pₑ = 0.5·0.5 + 0.5·0.5 = 0.5 → κ = 1/3
    assert power.percent_agreement == pytest.approx(100 * 4 / 6)
    assert power.cohen_kappa == pytest.approx(1 / 3)
    # n = 12 values, o₁₁ = 4, o₀₁ = 2, n₀ = n₁ = 6 → α = 1 − 11·2/36
    assert power.krippendorff_alpha == pytest.approx(1 - 22 / 36)
    assert (power.precision, power.recall, power.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert table.loc["time", "cohen_kappa"] == pytest.approx(1.0)
    # listened_to: 0 both, 1 each alone, 4 neither: pₒ = 4/6, pₑ = (1/6)² + (5/6)² = 26/36 → κ = −2/10
    assert table.loc["listened_to", "cohen_kappa"] == pytest.approx(-0.2)
    assert table.loc["listened_to", "precision"] == 0


def test_a_theme_neither_coder_applied_has_no_kappa_and_says_why():
    row = by_code(coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook())).loc["funding"]
    assert math.isnan(row.cohen_kappa) and math.isnan(row.krippendorff_alpha) and math.isnan(row.precision)
    assert row.note == "neither coder applied this theme"
    assert row.percent_agreement == 100


def test_the_overall_row_pools_every_segment_theme_decision():
    overall = by_code(coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook())).loc["overall"]
    # 6 segments × 4 themes = 24 decisions: 4 both, 2 + 2 disagreements, 16 neither.
    # pₒ = 20/24, pₑ = 0.25² + 0.75² = 0.625 → κ = (20/24 − 0.625) / 0.375 = 5/9
    assert overall.n_segments == 6 and (overall.first_positive, overall.both_positive) == (6, 4)
    assert overall.cohen_kappa == pytest.approx(5 / 9)
    # n = 48 values, o₀₁ = 4, n₁ = 12, n₀ = 36 → α = 1 − 47·4 / (36·12)
    assert overall.krippendorff_alpha == pytest.approx(1 - 188 / 432)
    assert overall["name"] == "All themes"


def test_the_output_names_both_coders():
    table = coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook())
    assert set(table["first_coder"]) == {"rules"} and set(table["second_coder"]) == {"reviewer"}
    assert list(table["code"]) == ["shared_power", "listened_to", "time", "funding", "overall"]


def test_category_level_agreement_counts_category_only_codes():
    # The reviewer marks s5 as a value without naming a theme (theme_id null): it counts for the value category.
    reviewer = coding_frame([*REVIEWER.to_dict("records"),
                             {"segment_id": "s5", "theme_id": None, "category": "value", "coder": "reviewer"}])
    table = by_code(coding_agreement(RULES, reviewer, SEGMENTS, four_theme_codebook(), level="category"))
    # value: rules {s5}, reviewer {s5 s6}: 1 both, 1 reviewer only, 4 neither:
    # pₒ = 5/6, pₑ = (1/6)(2/6) + (5/6)(4/6) = 22/36 → κ = (30/36 − 22/36) / (14/36) = 8/14
    assert table.loc["value", "cohen_kappa"] == pytest.approx(8 / 14)
    assert table.loc["challenge", "cohen_kappa"] == pytest.approx(1.0)
    assert table.loc["overall", "name"] == "All categories"
    themes = by_code(coding_agreement(RULES, reviewer, SEGMENTS, four_theme_codebook()))
    assert themes.loc["listened_to", "second_positive"] == 1


def test_an_unknown_level_or_no_segments_is_refused():
    with pytest.raises(ValueError, match="level must be"):
        coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook(), level="sub-theme")
    with pytest.raises(ValueError, match="no segments"):
        coding_agreement(RULES, REVIEWER, [], four_theme_codebook())


def test_agreement_summary_groups_codes_by_landis_koch_band():
    summary = agreement_summary(coding_agreement(RULES, REVIEWER, SEGMENTS, four_theme_codebook()))
    assert summary.splitlines() == [
        "rules vs reviewer (reference) on 6 segments: κ 0.56 overall across themes (moderate), α 0.56, "
        "83% raw agreement.",
        "Almost perfect: Time (κ 1.00).",
        "Fair: Shared power (κ 0.33).",
        "Poor: Being listened to (κ -0.20).",
        "Not computable (neither coder applied this theme): Funding.",
    ]

