"""What the reports say: the ladder rule, and sentences built from published values only."""

from __future__ import annotations

import pandas as pd

from evaluation.reports.content import LADDER_DIMENSIONS, ladder, ladder_rule


def dimensions(site_id: str, shares: list[str], wave: str = "follow_up") -> pd.DataFrame:
    return pd.DataFrame({"site_id": site_id, "wave": wave, "role": "all", "dimension": list(LADDER_DIMENSIONS),
                         "pct_positive": shares})


def test_a_site_is_placed_by_its_average_share_positive_on_the_three_core_dimensions():
    table = pd.concat([dimensions("a", ["90%", "85%", "80%"]), dimensions("b", ["50%", "40%", "30%"]),
                       dimensions("c", ["10%", "20%", "15%"]), dimensions("d", ["60%", "60%", "60%"]),
                       dimensions("e", ["19%", "21%", "20%"])])
    placed = ladder(table).set_index("site_id")
    assert placed.loc["a", "rung"] == "co-production" and placed.loc["a", "score"] == 85
    assert placed.loc["b", "rung"] == "engagement"  # 40 exactly: the lower edge of engagement
    assert placed.loc["c", "rung"] == "informing"
    assert placed.loc["d", "rung"] == "co-design"  # 60 exactly: the lower edge of co-design
    assert placed.loc["e", "rung"] == "consultation"  # 20 exactly


def test_a_site_with_a_hidden_share_or_only_a_baseline_is_not_placed():
    table = pd.concat([dimensions("a", ["90%", "*", "80%"]), dimensions("b", ["50%", "40%", "30%"], "baseline")])
    assert ladder(table).set_index("site_id").loc["a", "rung"] == "not placed"
    assert "b" not in set(ladder(table)["site_id"])


def test_the_rule_is_stated_in_words():
    rule = ladder_rule()
    assert "informing below 20%" in rule and "co-production from 80%" in rule and "not a validated" in rule
