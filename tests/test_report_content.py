"""What the reports say, built from small in-memory published tables: the ladder, the summaries (which change with
the results), hidden counts in sentences, case studies for sites with only surveys or only interviews, quotes by
role, and the methods' statement of the disclosure rule."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from evaluation import publish
from evaluation.reports import build
from evaluation.reports.content import cross_site_report, site_case_study
from evaluation.reports.document import Quote, Table
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import LADDER_DIMENSIONS, ladder, ladder_rule
from evaluation.reports.methods import methods
from evaluation.reports.summary import executive_summary, site_summary
from evaluation.survey.funnel import ABOVE, WITHIN

NAMES = {"north": "Northfield ICS", "south": "Southbay CA", "quiet": "Quietwater HSCP", "paper": "Papermill ICS"}
SURVEYED = {"north": {"staff": 40, "lived_experience": 20}, "south": {"staff": 30, "carer": 3},
            "paper": {"staff": 5}}
FIGURE_COLUMNS = ["name", "section", "site_id", "measure", "title", "image", "alt_text_file", "alt_text"]


def responses() -> pd.DataFrame:
    rows = [{"site_id": site, "wave": wave, "role": role, "respondent_id": f"{site}-{role}-{i}"}
            for site, roles in SURVEYED.items() for role, n in roles.items() for i in range(n)
            for wave in ("baseline", "follow_up")]
    return pd.DataFrame(rows)


def dimensions(shares: dict[str, list[float]], n: dict[str, int] | None = None) -> pd.DataFrame:
    """Follow-up, all roles: each site's % positive on the three ladder dimensions (and on information)."""
    n = n or {}
    rows = [{"site_id": site, "wave": "follow_up", "role": "all", "dimension": dimension, "n": n.get(site, 40),
             "mean": 3.5, "ci_low": 3.2, "ci_high": 3.8, "median": 4.0, "pct_positive": pct}
            for site, pcts in shares.items()
            for dimension, pct in zip([*LADDER_DIMENSIONS, "information"], [*pcts, 50.0])]
    return pd.DataFrame(rows)


def funnel_rows(bands: dict[str, tuple[int, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"site_id": site, "measure": "positive_listened_to", "n": n, "numerator": n // 2,
                          "proportion": 0.5, "target": 0.5, "lower_95": 0.3, "upper_95": 0.7, "lower_998": 0.2,
                          "upper_998": 0.8, "band": band} for site, (n, band) in bands.items()])


def framework() -> pd.DataFrame:
    """Exact framework matrix: north (12 interviews) and quiet (5) were interviewed."""
    themes = [("relationships", "facilitator", "Relationships"), ("other_facilitator", "facilitator", "Other"),
              ("confidence", "value", "Confidence"), ("time", "challenge", "Time")]
    rows = []
    for site, interviews in (("north", 12), ("quiet", 5)):
        for theme_id, category, name in themes:
            mentioning = {"relationships": 9, "other_facilitator": 11, "confidence": 6, "time": 0}[theme_id]
            mentioning = min(mentioning, interviews)
            rows.append({"site_id": site, "theme_id": theme_id, "category": category, "theme_name": name,
                         "segments": mentioning, "interviews_mentioning": mentioning, "interviews": interviews,
                         "pct_interviews": 100 * mentioning / interviews, "commenters": 30 if site == "north" else 0,
                         "commenters_mentioning": 2, "pct_commenters": 6.7 if site == "north" else float("nan"),
                         **quotes(site, theme_id)})
    return pd.DataFrame(rows)


def quotes(site: str, theme_id: str) -> dict[str, str | None]:
    if theme_id != "relationships":
        return {f"{k}_{i}": None for i in (1, 2, 3) for k in ("quote", "quote_by")}
    said = {"north": ["We trusted each other from the first meeting.",
                      "We trusted each other from the very first meeting.",  # much the same: shown once
                      "The staff came to our group every month."],
            "quiet": ["People at Quietwater knew us by name.", None, None]}[site]
    return {**{f"quote_{i}": text for i, text in enumerate(said, 1)},
            **{f"quote_by_{i}": ("Member of staff, interview" if text else None) for i, text in enumerate(said, 1)}}


def tables(shares=None, n=None, bands=None, ordinal=None) -> list[publish.PublishedTable]:
    shares = shares or {"north": [85.0, 80.0, 90.0], "south": [30.0, 35.0, 25.0], "paper": [90.0, 90.0, 90.0]}
    bands = bands or {"north": (40, ABOVE), "south": (30, WITHIN), "paper": (5, ABOVE)}
    n = n or {"paper": 5}
    ordinal = ordinal or [("equal_partner", 1.8, 1.2, 2.6), ("listened", 0.9, 0.6, 1.3),
                          ("decisions", 0.5, 0.3, 0.8)]
    coefficients = pd.DataFrame([{"item_id": i, "term": "wave", "odds_ratio": o, "ci_low": lo, "ci_high": hi,
                                  "p_value": 0.01} for i, o, lo, hi in ordinal])
    models = pd.DataFrame({"item_id": coefficients["item_id"], "n": 90, "assumption_holds": True})
    change = pd.DataFrame([{"site_id": site, "measure_type": "dimension", "measure": "listened_to",
                            "test": "wilcoxon_signed_rank", "n_baseline": 40, "n_follow_up": 40, "n_pairs": 20,
                            "median_baseline": 3.0, "median_follow_up": 4.0, "effect_size": 0.4, "ci_low": 0.1,
                            "ci_high": 0.6, "p_value": 0.02} for site in ("all", "north", "south")])
    alpha = pd.DataFrame([{"site_id": "all", "wave": "follow_up", "dimension": "listened_to", "n_respondents": 95,
                           "alpha": 0.81, "ci_low": 0.75, "ci_high": 0.86}])
    kruskal = pd.DataFrame([{"wave": "follow_up", "measure_type": "dimension", "measure": m, "n": 95,
                             "statistic": 9.1, "epsilon_squared": 0.1, "p_adjusted": p, "significant": p < 0.05,
                             "note": ""} for m, p in (("listened_to", 0.01), ("information", 0.4))])
    standing = pd.DataFrame([{"wave": "follow_up", "measure_type": "dimension", "measure": "listened_to",
                              "site_id": s, "n": 40, "median": 4.0, "words": "about the same as other sites"}
                             for s in ("north", "south")])
    analysis = SimpleNamespace(funnels={"positive_listened_to": None},
                               tables={"funnel/positive_listened_to": funnel_rows(bands)})
    made = [publish.participation(responses()), publish.dimension_results(dimensions(shares, n)),
            publish.change_results(change), publish.ordinal_change(coefficients, models),
            publish.reliability(alpha), publish.site_differences(kruskal), publish.site_standing(standing),
            publish.funnels(analysis), publish.theme_prevalence(framework())]
    return [publish.with_site_names(table, NAMES) for table in made]


def inputs(agreement=None, **results) -> ReportInputs:
    sites = pd.DataFrame({"site_id": list(NAMES), "site_name": list(NAMES.values()),
                          "display_name": list(NAMES.values()), "system_type": "Integrated Care System",
                          "region": "North", "project_title": "A project", "has_folder": True})
    figures = pd.DataFrame([["funnel_positive_listened_to", "funnel", "", "positive_listened_to",
                             "% positive on listened to", "f1.png", "", "alt"],
                            ["funnel_agree_x", "funnel", "", "agree_x", "% who agreed: x", "f2.png", "", "alt"]],
                           columns=FIGURE_COLUMNS)
    return ReportInputs(tables(**results), figures, Path("figures"), framework(), sites,
                        agreement if agreement is not None else pd.DataFrame(), pd.DataFrame(), (("Codebook", "cb 1"),))


def text_of(report) -> str:
    def blocks(section):
        for block in section.blocks:
            yield block
        for child in section.subsections:
            yield from blocks(child)
    parts = []
    for section in report.sections:
        for block in blocks(section):
            parts.append(getattr(block, "text", "") or " ".join(getattr(block, "items", ())))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def results() -> ReportInputs:
    return inputs()


# --- the ladder ----------------------------------------------------------------------------------------------------

def test_a_site_is_placed_by_its_average_share_positive_as_published_on_the_three_core_dimensions():
    table = publish.dimension_results(dimensions({
        "a": [90, 85, 80], "b": [50, 40, 30], "c": [10, 20, 15], "d": [60, 60, 60], "e": [19, 21, 20],
        "f": [39.6, 39.6, 39.6]}))
    placed = ladder(table.values).set_index("site_id")
    assert placed.loc["a", "rung"] == "co-production" and placed.loc["a", "score"] == 85
    assert placed.loc["b", "rung"] == "engagement"  # 40 exactly: the lower edge of engagement
    assert placed.loc["c", "rung"] == "informing"
    assert placed.loc["d", "rung"] == "co-design"  # 60 exactly: the lower edge of co-design
    assert placed.loc["e", "rung"] == "consultation"  # 20 exactly
    assert placed.loc["f", "rung"] == "engagement" and placed.loc["f", "score"] == 40  # each published as 40%


def test_a_site_with_a_hidden_share_or_only_a_baseline_is_not_placed():
    hidden = publish.dimension_results(dimensions({"a": [90, 90, 80]}, {"a": 6}))
    assert (hidden.table["pct_positive"] == "*").all()
    assert ladder(hidden.values).set_index("site_id").loc["a", "rung"] == "not placed"
    baseline = publish.dimension_results(dimensions({"b": [50, 40, 30]}).assign(wave="baseline"))
    assert ladder(baseline.values).empty


def test_the_rule_is_stated_in_words():
    rule = ladder_rule()
    assert "informing below 20%" in rule and "co-production from 80%" in rule and "not a validated" in rule
    assert "fewer than 8 respondents" in rule


# --- executive summary ---------------------------------------------------------------------------------------------

def test_the_executive_summary_counts_people_from_the_published_rounded_totals(results):
    first = executive_summary(results)[0]
    # totals per wave as published: north 60, south 35 (33), paper * (5) -> 95, and 17 interviews -> 15
    assert first.startswith("4 systems took part. About 95 people answered the survey at baseline and 95 at")
    assert "15 interviews were analysed" in first


def test_the_executive_summary_changes_with_the_ladder(results):
    before = executive_summary(results)[1]
    assert "1 site at co-production; 1 site at consultation; 1 site not placed (too few respondents)" in before
    assert "Northfield ICS was furthest up (85% positive on average) and Southbay CA lowest (30%)" in before
    after = executive_summary(inputs(shares={"north": [50.0, 50.0, 50.0], "south": [70.0, 75.0, 80.0],
                                             "paper": [0.0, 0.0, 0.0]}))[1]
    assert "1 site at co-design; 1 site at engagement" in after
    assert "Southbay CA was furthest up (75% positive on average) and Northfield ICS lowest (50%)" in after


def test_the_executive_summary_names_sites_outside_their_funnel_band_but_not_hidden_ones(results):
    funnel = executive_summary(results)[-1]
    assert funnel == ("Against what chance allows for a site of its size (funnel plots): Northfield ICS above the "
                      "expected range on being listened to.")  # paper's band is hidden with its numerator
    calm = executive_summary(inputs(bands={"north": (40, WITHIN), "south": (30, WITHIN)}))[-1]
    assert calm.startswith("On the funnel plots, every site placed was within the range expected")


def test_the_executive_summary_counts_items_whose_published_interval_excludes_no_change(results):
    change = next(t for t in executive_summary(results) if t.startswith("From baseline"))
    assert "more favourable on 1 of 3 survey items and less favourable on 1" in change
    assert "odds ratios from 1.80 to 1.80" in change
    # a lower bound of 1.004 is published as 1.00: the interval does not exclude 1 in the table, nor in the text
    edge = next(t for t in executive_summary(inputs(ordinal=[("a", 1.5, 1.004, 2.0)])) if t.startswith("From"))
    assert "more favourable on 0 of 1 survey items" in edge


def test_the_executive_summary_gives_the_commonest_theme_per_category_never_a_catch_all(results):
    themes = next(t for t in executive_summary(results) if t.startswith("In interviews"))
    assert "what helped co-production: relationships (82% of interviews)" in themes  # 14 of 17; 'other' has 16
    assert "what got in the way" not in themes  # no one mentioned time


# --- case studies --------------------------------------------------------------------------------------------------

def test_a_hidden_count_reads_as_fewer_than_eight_in_a_sentence(results):
    paper = site_summary(results, "paper")[0]
    assert paper == ("Papermill ICS: about fewer than 8 survey respondents at baseline and fewer than 8 at "
                     "follow-up, and no interviews (counts rounded to the nearest 5).")
    quiet = site_summary(results, "quiet")[0]
    assert "fewer than 8 interviews" in quiet and "no survey responses" in quiet
    assert site_summary(results, "south")[0].startswith("Southbay CA: about 35 survey respondents at baseline")


def test_a_site_with_interviews_only_gets_a_case_study_resting_on_them(results):
    report = site_case_study(results, "quiet")
    text = text_of(report)
    assert report.title == "Quietwater HSCP: co-production case study"
    assert "No survey responses were received from this site; the findings below rest on its interviews only." in text
    assert "not placed on the ladder of co-production: it sent no survey responses" in text
    assert "**Relationships**: mentioned in interviews (too few interviews at this site for a percentage)." in text


def test_a_site_with_surveys_only_gets_a_case_study_without_themes(results):
    text = text_of(site_case_study(results, "south"))
    assert "and no interviews" in text
    assert "On the ladder of co-production the project sits at **consultation** (30%" in text
    assert text.count("No theme in this category came up.") == 3


def test_every_site_with_a_folder_gets_a_case_study_where_the_caller_says(monkeypatch, tmp_path):
    def fake(report, path):
        path.write_text(report.title)
        return path
    monkeypatch.setattr(build, "FORMATS", {"txt": fake})
    given = inputs()
    given.sites.loc[given.sites["site_id"] == "north", "has_folder"] = False
    written = build.write_reports(given, tmp_path / "cross", lambda site: tmp_path / "sites" / f"{site}.v1")
    assert written["cross-site"] == [tmp_path / "cross.txt"]
    assert sorted(written) == ["cross-site", "paper", "quiet", "south"]
    assert written["quiet"] == [tmp_path / "sites" / "quiet.v1.txt"]  # the suffix is added, never replaced
    assert (tmp_path / "sites" / "quiet.v1.txt").read_text().startswith("Quietwater HSCP")


def test_quotes_are_attributed_by_role_only_and_said_once(results):
    quotes = [b for s in cross_site_report(results).sections for b in s.blocks if isinstance(b, Quote)]
    assert [q.text for q in quotes] == ["We trusted each other from the first meeting.",
                                        "People at Quietwater knew us by name.",
                                        "The staff came to our group every month."]  # each site's best first
    assert {q.attribution for q in quotes} == {"Member of staff, interview"}


# --- tables and methods --------------------------------------------------------------------------------------------

def test_report_tables_show_the_published_text_with_hidden_cells_as_stars(results):
    section = next(s for s in cross_site_report(results).sections if s.title == "Who took part")
    by_role = next(b for b in section.blocks if isinstance(b, Table)).frame.set_index(["Site", "Wave"])
    assert by_role.loc[("Southbay CA", "Baseline"), "Carers"] == "*"
    assert by_role.loc[("Southbay CA", "Baseline"), "All roles"] == "35"
    assert by_role.loc[("Northfield ICS", "Follow-up"), "Carers"] == "0"


def test_only_the_dimension_funnels_are_shown_beside_the_ladder(results):
    section = next(s for s in cross_site_report(results).sections if s.title == "How co-produced is each project")
    assert [b.image.name for b in section.blocks if hasattr(b, "image")] == ["f1.png"]


def test_the_methods_state_the_disclosure_rule_and_the_coding_agreement():
    rule = " ".join(methods(inputs()).blocks[0].items)
    assert "every count from 1 to 7 is shown as '*', other counts are rounded to the nearest 5" in rule
    assert "fewer than 8 people are not shown" in rule and "attributed by role only" in rule
    assert "No human review of this evaluation's automated coding has been returned yet" in rule
    agreement = pd.DataFrame({"level": ["theme", "category"], "code": "overall", "cohen_kappa": [0.61, 0.7]})
    checked = " ".join(methods(inputs(agreement=agreement)).blocks[0].items)
    assert "agreement (Cohen's κ, pooled) theme κ = 0.61, category κ = 0.70." in checked


def test_inputs_take_the_published_tables_as_a_list_and_keep_them_by_name(results):
    assert set(results.tables) >= {"participation", "dimension_results", "funnels", "theme_prevalence"}
    south = results.values("participation", "south").set_index(["wave", "role"])["respondents"]
    assert south[("baseline", "All")] == 35
    assert south.isna().sum() == 4  # carers and, so the total cannot give them away, staff, at both waves
