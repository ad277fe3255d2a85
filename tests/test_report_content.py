"""What the reports say, built from small in-memory published tables: the ladder, the summaries (which change with
the results), hidden counts in sentences, case studies for sites with only surveys or only interviews, quotes by
role, and the methods' statement of the disclosure rule."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from evaluation import publish
from evaluation.reports import build, layout
from evaluation.reports.content import cross_site_report, site_case_study
from evaluation.reports.document import BulletList, Paragraph, Quote, Report, Table
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import LADDER_DIMENSIONS, ladder, ladder_rule
from evaluation.reports.methods import methods
from evaluation.reports.commentary import TITLE as COMMENTARY
from evaluation.reports.dashboard import dimension_scores
from evaluation.reports.findings import KEY_FINDINGS
from evaluation.reports.methods import METHODS
from evaluation.reports.sections import shown
from evaluation.survey.funnel import ABOVE, WITHIN
from evaluation.survey.instrument import load_instrument

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


def tables_of(report):
    def walk(section):
        yield from (b for b in section.blocks if isinstance(b, Table))
        for child in section.subsections:
            yield from walk(child)
    return [table for s in report.sections for table in walk(s)]


@pytest.fixture(scope="module")
def results() -> ReportInputs:
    return inputs()


# --- the ladder ----------------------------------------------------------------------------------------------------

def test_a_site_is_placed_by_its_average_share_positive_as_published_on_the_three_core_dimensions():
    table = publish.dimension_results(dimensions({
        "a": [90, 85, 80], "b": [50, 40, 30], "c": [10, 20, 15], "d": [60, 60, 60], "e": [19, 21, 20],
        "f": [39.6, 39.6, 39.6]}, dict.fromkeys("abcdef", 100)))  # 100 each: no share or its complement under 8
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
    rule = ladder_rule(load_instrument())
    assert "informing below 20%" in rule and "co-production from 80%" in rule and "not a validated" in rule
    assert "fewer than 8 respondents" in rule


# --- key findings --------------------------------------------------------------------------------------------------

def section(report, title):
    return next(s for s in report.sections if s.title == title)


def findings_text(given) -> str:
    return text_of(Report("", "", (section(cross_site_report(given), KEY_FINDINGS),)))


def test_key_findings_count_people_from_the_published_rounded_totals(results):
    text = findings_text(results)
    # totals per wave as published: north 60, south 35 (33), paper * (5) -> 95; interviews: north 10, quiet * -> 10
    assert "4 systems; about 95 people answered the survey at the start (baseline) and about 95" in text
    assert "about 10 interviews were analysed" in text


def test_key_findings_change_with_the_results(results):
    before = findings_text(results)
    after = findings_text(inputs(shares={"north": [50.0, 50.0, 50.0], "south": [70.0, 75.0, 80.0],
                                         "paper": [0.0, 0.0, 0.0]}, bands={"north": (40, WITHIN),
                                                                          "south": (30, WITHIN)}))
    assert before != after
    assert "**Southbay CA**: co-design" in after and "Southbay CA was furthest up and Northfield ICS lowest" in after
    assert "every site was within the range expected for a site of its size" in after


def test_key_findings_are_in_plain_words_without_the_statistics_names(results):
    text = findings_text(results)
    for jargon in ("Benjamini", "Hochberg", "proportional", "odds", "Kruskal", "Wilcoxon", "funnel", "p ="):
        assert jargon not in text
    assert "clearly more positive at follow-up on being listened to" in text


def test_every_key_finding_links_to_the_section_with_its_evidence(results):
    report = cross_site_report(results)
    anchors = {s.anchor for s in layout.walk(layout.outline(report))}
    bullets = [b for b in section(report, KEY_FINDINGS).blocks if isinstance(b, BulletList)][0].items
    for bullet in bullets:
        targets = [span.link for span in layout.spans(bullet) if span.link]
        assert targets and all(t[1:] in anchors for t in targets), bullet


def test_each_site_has_a_line_linking_to_its_case_study(results):
    (per_site,) = section(cross_site_report(results), KEY_FINDINGS).subsections
    lines = per_site.blocks[-1].items
    assert [line.split("**")[1] for line in lines] == list(NAMES.values())
    assert all(f"(report:case_studies/{site})" in line for site, line in zip(NAMES, lines))


def test_a_report_says_it_is_the_automated_draft_until_the_evaluators_write():
    draft = cross_site_report(inputs())
    assert findings_text(inputs()).startswith("**Automated draft.**")
    assert "data/commentary/cross_site.md" in text_of(Report("", "", (section(draft, COMMENTARY),)))
    written = replace(inputs(), commentary={"cross-site": "We think **this**.\n\n## Recommendations\n\n- Act."})
    commentary = section(cross_site_report(written), COMMENTARY)
    assert "Automated draft" not in findings_text(written)
    assert commentary.blocks[0].text == "We think **this**."
    assert [s.title for s in commentary.subsections] == ["Recommendations"]


def test_no_sentence_gives_a_count_of_one_to_seven_people(results):
    reports = [cross_site_report(results), *(site_case_study(results, site) for site in NAMES)]
    small = re.compile(r"\b[1-7] (people|respondents|interviews|answers|carers|staff|survey)")
    for report in reports:
        assert not small.search(text_of(report)), report.title


# --- case studies --------------------------------------------------------------------------------------------------

def test_a_hidden_count_reads_as_fewer_than_eight_in_a_sentence(results):
    paper = text_of(site_case_study(results, "paper"))
    assert "fewer than 8 survey answers at baseline and fewer than 8 at follow-up, and no interviews" in paper
    quiet = text_of(site_case_study(results, "quiet"))
    assert "no survey answers, and fewer than 8 interviews" in quiet
    assert "about 35 survey answers at baseline" in text_of(site_case_study(results, "south"))


def test_the_dashboard_sets_each_dimension_against_the_other_sites_and_the_expected_range(results):
    scores = dimension_scores(results, "south").set_index("Dimension")
    assert list(scores.index) == [d.name for d in results.instrument.dimensions.values()]
    listened = scores.loc["Being listened to"]
    assert listened["This site"] == "35%"
    assert listened["Expected for a site this size"] == "30% to 70%"
    assert listened["Compared with sites of its size"] == "within the expected range"
    assert scores.loc["Recognition", "Expected for a site this size"] == "–"  # no funnel for it


def test_case_studies_link_to_the_methods_instead_of_repeating_them(results):
    study = site_case_study(results, "south")
    assert METHODS not in [s.title for s in study.sections]
    pointer = section(study, "Methods").blocks[0].text
    assert "(report:../cross_site_report#appendix-methods-and-limitations)" in pointer
    assert [s.title for s in cross_site_report(results).sections].count(METHODS) == 1


def test_a_table_whose_numbers_are_mostly_hidden_says_why_and_an_all_hidden_one_is_not_shown():
    mostly = Table("t", pd.DataFrame({"Dimension": ["A", "B", "C"], "n": ["*", "*", "40"]}))
    said = shown(mostly, "At Quietwater few answered.")
    assert said[0].text.startswith("Most numbers in this table are hidden ('*') because fewer than 8 people")
    assert said[0].text.endswith("At Quietwater few answered.") and said[1] is mostly
    (only,) = shown(Table("t", pd.DataFrame({"Dimension": ["A"], "n": ["*"]})))
    assert isinstance(only, Paragraph) and "is not shown" in only.text
    fine = Table("t", pd.DataFrame({"Dimension": ["A", "B", "C"], "n": ["*", "40", "35"]}))
    assert shown(fine) == (fine,)


def test_no_table_or_sentence_shows_an_id_in_place_of_a_name(results):
    identifier = re.compile(r"\b[a-z]+_[a-z_]+\b(?!\.md)")  # a file name (cross_site.md) is not an id
    for report in (cross_site_report(results), site_case_study(results, "south")):
        text = re.sub(r"\]\([^)]*\)", "]", text_of(report))  # link targets are not read
        assert not identifier.search(text), identifier.search(text)
        for block in tables_of(report):
            cells = " ".join(map(str, [*block.frame.columns, *block.frame.to_numpy().ravel()]))
            assert not identifier.search(cells), (block.caption, identifier.search(cells))


def test_a_site_with_interviews_only_gets_a_case_study_resting_on_them(results):
    report = site_case_study(results, "quiet")
    text = text_of(report)
    assert report.title == "Quietwater HSCP: co-production case study"
    assert "No survey responses were received from this site; the findings below rest on its interviews only." in text
    assert "**Ladder of co-production: not placed.** It sent no survey answers" in text
    assert "**Relationships**: mentioned in interviews (too few for a percentage to be shown)." in text


def test_a_site_with_surveys_only_gets_a_case_study_without_themes(results):
    text = text_of(site_case_study(results, "south"))
    assert "and no interviews" in text
    assert "**Ladder of co-production: consultation.** On average 30% of follow-up respondents" in text
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
