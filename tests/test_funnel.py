"""Funnel limits for proportions, checked against arithmetic done here with numpy, not with the module's helpers."""

import math
import re

import numpy as np
import pandas as pd
import pytest

from evaluation.survey.funnel import funnel_limits, funnel_plot

Z95, Z998 = 1.959964, 3.090232


def sites(numerators, ns, ids=None):
    ids = ids or [chr(ord("A") + i) for i in range(len(ns))]
    return pd.DataFrame({"site_id": ids, "numerator": numerators, "n": ns})


def by_site(result):
    return result.table.set_index("site_id")


# Ten sites, one (E, 90 of 100) far above the rest: over-dispersed.
SPREAD = sites([9, 30, 42, 40, 90, 84, 136, 165, 260, 290], [20, 40, 60, 80, 100, 150, 200, 300, 400, 500])
# Five sites all close to 60%: not over-dispersed.
STEADY = sites([18, 37, 53, 73, 89], [30, 60, 90, 120, 150], ids=["V", "W", "X", "Y", "Z"])


def test_over_dispersed_sites_match_the_example_worked_by_hand():
    # target p₀ = Σx / Σn = 1146 / 1850 = 0.619459;  θ = asin(√p₀) = 0.906024
    x = np.array([9, 30, 42, 40, 90, 84, 136, 165, 260, 290])
    n = np.array([20, 40, 60, 80, 100, 150, 200, 300, 400, 500])
    p0 = 1146 / 1850
    theta = math.asin(math.sqrt(p0))
    # yᵢ = asin(√pᵢ):  0.7353 1.0472 0.9912 0.7854 1.2490 0.8455 0.9695 0.8355 0.9377 0.8657
    # sᵢ = 1/(2√nᵢ):   0.1118 0.0791 0.0645 0.0559 0.0500 0.0408 0.0354 0.0289 0.0250 0.0224
    # zᵢ:             −1.5269 1.7857 1.3189 −2.1578 6.8604 −1.4815 1.7963 −2.4437 1.2688 −1.8014
    y = np.arcsin(np.sqrt(x / n))
    s = 1 / (2 * np.sqrt(n))
    z = (y - theta) / s
    # 10th percentile (R type 7): lowest + 0.9 × (2nd lowest − lowest) = −2.4437 + 0.9 × 0.2858 = −2.1864
    # 90th percentile: 9th + 0.1 × (10th − 9th) = 1.7963 + 0.1 × 5.0642 = 2.3027  (E's 6.8604 is pulled in to it)
    ordered = np.sort(z)
    lowest = ordered[0] + 0.9 * (ordered[1] - ordered[0])
    highest = ordered[8] + 0.1 * (ordered[9] - ordered[8])
    z_w = np.minimum(np.maximum(z, lowest), highest)
    # φ = mean(z_w²) = 3.2275 > 1: over-dispersed
    phi = np.sum(z_w**2) / 10
    # wᵢ = 4nᵢ: Σw = 7400, Σw² = 9,352,000;  τ² = (10 × 3.2275 − 9) / (7400 − 9352000/7400) = 23.275 / 6136.2 = 0.003793
    w = 4 * n
    tau2 = (10 * phi - 9) / (w.sum() - (w**2).sum() / w.sum())

    result = funnel_limits(SPREAD)

    assert result.k == 10 and result.dispersed
    assert result.target == pytest.approx(0.619459, abs=1e-6)
    assert result.phi == pytest.approx(phi) and result.phi == pytest.approx(3.2275, abs=1e-4)
    assert result.tau2 == pytest.approx(tau2) and result.tau2 == pytest.approx(0.003793, abs=1e-6)
    table = by_site(result)
    # at n = 100: σ = √(1/400 + τ²) = 0.079329 → 95% sin²(θ ∓ 1.959964σ) = 0.4652, 0.7623; 99.8% 0.3768, 0.8340
    # at n = 400: σ = √(1/1600 + τ²) = 0.066468 → 95% 0.4904, 0.7405; 99.8% 0.4156, 0.8034
    for site, size, expected in (("E", 100, (0.4652, 0.7623, 0.3768, 0.8340)),
                                 ("I", 400, (0.4904, 0.7405, 0.4156, 0.8034))):
        sigma = math.sqrt(1 / (4 * size) + tau2)
        by_hand = [math.sin(theta + k * sigma) ** 2 for k in (-Z95, Z95, -Z998, Z998)]
        got = table.loc[site, ["lower_95", "upper_95", "lower_998", "upper_998"]].to_list()
        assert got == pytest.approx(by_hand)
        assert got == pytest.approx(expected, abs=1e-4)
    assert table["z"].to_numpy() == pytest.approx((y - theta) / np.sqrt(s**2 + tau2))
    assert "over-dispersed" in result.note


def test_sites_close_together_are_not_over_dispersed_and_keep_unadjusted_limits():
    # p₀ = 270 / 450 = 0.6, θ = 0.886077; zᵢ = 0, 0.2645, −0.2147, 0.1867, −0.1664
    x, n = np.array([18, 37, 53, 73, 89]), np.array([30, 60, 90, 120, 150])
    theta = math.asin(math.sqrt(0.6))
    z = (np.arcsin(np.sqrt(x / n)) - theta) * 2 * np.sqrt(n)
    # five sites: 10th percentile = lowest + 0.4 × gap = −0.1954, 90th = 4th + 0.6 × gap = 0.2334
    ordered = np.sort(z)
    z_w = np.clip(z, ordered[0] + 0.4 * (ordered[1] - ordered[0]), ordered[3] + 0.6 * (ordered[4] - ordered[3]))
    phi = np.mean(z_w**2)  # 0.0310: less spread than chance alone

    result = funnel_limits(STEADY)

    assert result.phi == pytest.approx(phi) and result.phi == pytest.approx(0.0310, abs=1e-4)
    assert not result.dispersed and result.tau2 == 0
    assert "not over-dispersed" in result.note
    table = by_site(result)
    # n = 30: s = 0.091287 → 0.4221, 0.7653 (95%), 0.3225, 0.8465 (99.8%); n = 150: s = 0.040825 → 0.5207, 0.6768
    for site, size, expected_95 in (("V", 30, (0.4221, 0.7653)), ("Z", 150, (0.5207, 0.6768))):
        s = 1 / (2 * math.sqrt(size))
        assert table.loc[site, "lower_95"] == pytest.approx(math.sin(theta - Z95 * s) ** 2)
        assert table.loc[site, "upper_998"] == pytest.approx(math.sin(theta + Z998 * s) ** 2)
        assert (table.loc[site, "lower_95"], table.loc[site, "upper_95"]) == pytest.approx(expected_95, abs=1e-4)
    assert (table["band"] == "within the expected range").all()


def test_winsorising_ten_sites_pulls_the_extremes_in_to_the_10th_and_90th_percentiles():
    # FunnelPlotR takes the percentiles with R's default quantile (type 7): with ten sites the lowest z moves 90% of
    # the way to the 2nd lowest and the highest 90% of the way to the 2nd highest; the other eight stay as they are.
    z = np.array([-3.0, -1.0, -0.5, -0.2, 0.0, 0.1, 0.3, 0.6, 1.0, 5.0])
    n = np.full(10, 10_000)
    p = np.sin(math.asin(math.sqrt(0.5)) + z / (2 * np.sqrt(n))) ** 2  # proportions whose z against 0.5 is z
    table = pd.DataFrame({"site_id": list("ABCDEFGHIJ"), "numerator": p * n, "n": n})

    pulled_in = z.copy()
    pulled_in[0] = -3.0 + 0.9 * (-1.0 - -3.0)  # −1.2
    pulled_in[9] = 1.0 + 0.1 * (5.0 - 1.0)  # 1.4
    result = funnel_limits(table, target=0.5)
    assert result.phi == pytest.approx(np.mean(pulled_in**2))  # 0.6435, not 3.4535 unwinsorised
    assert funnel_limits(table, target=0.5, winsorise=0).phi == pytest.approx(np.mean(z**2))
    shuffled = table.sample(frac=1, random_state=3)
    assert funnel_limits(shuffled, target=0.5).phi == pytest.approx(result.phi)


def test_limits_follow_from_n_and_the_target_alone():
    # target 0.5 → θ = π/4 and sin²(π/4 ± d) = (1 ± sin 2d)/2, so the 95% limits at n are (1 ± sin(1.959964/√n))/2
    table = sites([5, 20, 40, 45, 300], [25, 25, 100, 100, 900])
    result = funnel_limits(table, target=0.5, random_effects=False)
    limits = by_site(result)
    for site, size in (("A", 25), ("C", 100), ("E", 900)):
        assert limits.loc[site, "lower_95"] == pytest.approx((1 - math.sin(Z95 / math.sqrt(size))) / 2)
        assert limits.loc[site, "upper_998"] == pytest.approx((1 + math.sin(Z998 / math.sqrt(size))) / 2)
    # same n, different proportions → same limits; larger n → narrower limits
    columns = ["lower_95", "upper_95", "lower_998", "upper_998"]
    assert limits.loc["A", columns].to_list() == limits.loc["B", columns].to_list()
    assert limits.loc["C", columns].to_list() == limits.loc["D", columns].to_list()
    widths = limits["upper_95"] - limits["lower_95"]
    assert widths["A"] > widths["C"] > widths["E"]
    assert (result.table["target"] == 0.5).all()


def test_bands_say_in_plain_words_where_each_site_falls():
    # n = 100, target 0.5: 95% limits (1 ∓ sin 0.196)/2 = 0.4026, 0.5974; 99.8% (1 ∓ sin 0.309)/2 = 0.3480, 0.6520
    table = sites([70, 60, 50, 40, 30], [100] * 5)
    bands = by_site(funnel_limits(table, target=0.5, random_effects=False))["band"]
    assert bands.to_dict() == {"A": "well above the expected range", "B": "above the expected range",
                               "C": "within the expected range", "D": "below the expected range",
                               "E": "well below the expected range"}


def test_allowing_for_over_dispersion_stops_ordinary_variation_being_flagged():
    unadjusted = by_site(funnel_limits(SPREAD, random_effects=False))
    adjusted = by_site(funnel_limits(SPREAD))
    def flagged(table):
        return table["band"][table["band"] != "within the expected range"].to_dict()

    # unadjusted limits treat the between-site spread as surprising: D (50%, n = 80) and H (55%, n = 300) look low
    assert flagged(unadjusted) == {"D": "below the expected range", "E": "well above the expected range",
                                   "H": "below the expected range"}
    assert flagged(adjusted) == {"E": "well above the expected range"}


def test_proportions_of_nought_and_one_sit_on_the_funnel_with_limits_kept_within_nought_and_one():
    table = sites([0, 5, 60, 80], [5, 5, 100, 100])
    result = by_site(funnel_limits(table, target=0.9, random_effects=False))
    # n = 5: θ + 1.959964/(2√5) = 1.249 + 0.438 > π/2, so the upper limit is 1, not sin² folded back below it
    assert result.loc["B", "upper_95"] == 1.0 and result.loc["B", "upper_998"] == 1.0
    assert result.loc["B", "band"] == "within the expected range"
    assert result.loc["A", "proportion"] == 0.0 and result.loc["A", "band"] == "well below the expected range"
    # n = 2, target 0.5: π/4 − 3.090232/(2√2) < 0, so the lower 99.8% limit is 0
    tiny = funnel_limits(table, target=0.5, random_effects=False).curve([2])
    assert tiny.loc[0, "lower_998"] == 0.0 and tiny.loc[0, "upper_998"] == 1.0


def test_fewer_than_three_sites_get_unadjusted_limits_and_are_told_why():
    result = funnel_limits(sites([30, 80], [50, 100]))
    assert math.isnan(result.phi) and result.tau2 == 0 and not result.dispersed
    assert "at least 3" in result.note
    p0 = 110 / 150
    upper = math.sin(math.asin(math.sqrt(p0)) + Z95 / (2 * math.sqrt(50))) ** 2
    assert by_site(result).loc["A", "upper_95"] == pytest.approx(upper)


@pytest.mark.parametrize("numerators, ns, message", [
    ([3, 0, 5], [10, 0, 10], "site_id 'B': n = 0"),
    ([3, 12, 5], [10, 10, 10], "site_id 'B': numerator = 12 is outside 0..n"),
    ([3, None, 5], [10, 10, 10], "site_id 'B': numerator or n is missing"),
])
def test_impossible_counts_are_an_error_naming_the_site(numerators, ns, message):
    with pytest.raises(ValueError, match=message):
        funnel_limits(sites(numerators, ns))


def test_a_site_listed_twice_or_a_missing_column_is_an_error():
    with pytest.raises(ValueError, match=r"\['A'\] appear more than once"):
        funnel_limits(sites([1, 2, 3], [5, 5, 5], ids=["A", "A", "B"]))
    with pytest.raises(ValueError, match=r"\['respondents'\] not in the table"):
        funnel_limits(sites([1, 2, 3], [5, 5, 5]), denominator="respondents")


def test_the_table_has_the_columns_the_pipeline_writes_and_echoes_the_measure():
    result = funnel_limits(STEADY, measure="agree_q3")
    assert list(result.table.columns) == ["site_id", "measure", "n", "numerator", "proportion", "target", "lower_95",
                                          "upper_95", "lower_998", "upper_998", "band", "z"]
    assert (result.table["measure"] == "agree_q3").all()
    assert result.table["site_id"].to_list() == ["V", "W", "X", "Y", "Z"]


def test_the_curve_gives_the_same_limits_as_the_table_at_each_sites_n():
    result = funnel_limits(SPREAD)
    curve = result.curve(result.table["n"])
    columns = ["lower_95", "upper_95", "lower_998", "upper_998"]
    assert curve[columns].to_numpy() == pytest.approx(result.table[columns].to_numpy())
    default = result.curve()
    assert default["n"].min() == 10 and default["n"].max() == pytest.approx(525)


def test_a_site_at_100_percent_is_not_above_an_upper_limit_that_reads_100_percent():
    # n = 12 at target 0.9: the 95% upper limit is sin²(asin(√0.9) + 1.959964/(2√12)) = 0.9985, published as 100%;
    # 12 of 12 is within it, not above
    table = sites([12, 180, 170, 360], [12, 200, 200, 400])
    result = by_site(funnel_limits(table, target=0.9, random_effects=False))
    assert 0.995 <= result.loc["A", "upper_95"] < 1 and result.loc["A", "proportion"] == 1
    assert result.loc["A", "band"] == "within the expected range"
    # a limit clearly below 100% still flags 100%: n = 400 at 0.9 has its 99.8% upper limit at 0.94
    assert by_site(funnel_limits(sites([400], [400]), target=0.9)).loc["A", "band"] == \
        "well above the expected range"


def lines_of(ax):
    return {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}


def test_funnel_plot_draws_the_target_and_both_limits_distinguishable_in_greyscale():
    result = funnel_limits(SPREAD, measure="% agree")
    figure, _ = funnel_plot(result)
    ax = figure.axes[0]
    lines = lines_of(ax)
    assert set(lines) == {"target", "lower_95", "upper_95", "lower_998", "upper_998"}
    assert lines["upper_95"].get_linestyle() == "--" and lines["upper_998"].get_linestyle() == "-"
    assert lines["target"].get_linestyle() == ":"
    assert {line.get_color() for line in lines.values()} == {"black"}
    limits = result.curve(lines["upper_95"].get_xdata())
    assert lines["upper_95"].get_ydata() == pytest.approx(limits["upper_95"].to_numpy())
    assert ax.get_title(loc="left") == "Funnel plot: % agree"


def points(ax):
    return {collection.get_gid(): collection.get_offsets().data.tolist() for collection in ax.collections}


def test_sites_are_drawn_at_their_disclosed_n_and_every_point_is_named():
    table = sites([9, 30, 20, 2, 40, 0], [27, 40, 23, 27, 48, 8], ids=list("ABCDEF"))
    figure, alt_text = funnel_plot(funnel_limits(table, measure="agree_x"), measure_label="% who agreed: x")
    ax = figure.axes[0]
    drawn = points(ax)
    # A 9 of 27 at n ≈ 25; B 30 of 40; C 20 of 23 (3 did not), D 2 of 27 and E 40 of 48 (8 did not... shown)
    # F 0 of 8: 0% may be shown (no one is picked out), at n ≈ 10
    everything = sorted(drawn["within"] + drawn["outside"])
    assert everything == sorted([[25, 9 / 27], [40, 30 / 40], [50, 40 / 48], [10, 0.0]])
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "E", "F"]
    note = [t.get_text() for t in figure.texts]
    assert note == ["Not shown: C, D — too few responses to show without identifying people."]
    assert "Not shown (too few responses to show without identifying people): C, D." in alt_text
    assert alt_text.startswith("Funnel plot of % who agreed: x for 6 sites")
    assert "agree_x" not in alt_text


def test_no_text_on_the_funnel_or_in_its_alt_text_gives_a_count_from_one_to_seven():
    table = sites([9, 30, 20, 2, 40, 0], [27, 40, 23, 27, 48, 8])
    figure, alt_text = funnel_plot(funnel_limits(table))
    figure.draw_without_rendering()
    from matplotlib.text import Text
    words = [t.get_text() for t in figure.findobj(Text) if t.get_visible()] + [alt_text]
    assert not [w for w in words if re.search(r"n\s*[=≈]\s*[1-7]\b", w)]
    assert not [w for w in figure.axes[0].get_xticklabels() if re.fullmatch(r"[1-7]", w.get_text())]


def test_alt_text_names_the_sites_outside_the_limits_from_disclosed_values():
    table = sites([70, 60, 62, 50, 40, 49], [100] * 6)
    result = funnel_limits(table, target=0.5, random_effects=False)
    _, alt_text = funnel_plot(result, label_units="all")
    assert "for 6 sites" in alt_text
    assert "Above the expected range: A (70%, n≈100, beyond the 99.8% limit); B (60%, n≈100); C (62%, n≈100)." \
        in alt_text
    assert "Below the expected range: E (40%, n≈100)." in alt_text
    assert "Within the expected range: 2 sites." in alt_text
