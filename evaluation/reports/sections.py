"""The survey sections of a report: who took part, how co-produced each project is, change, and site differences.

Tables shown are published tables as published (text), with names from the instrument in place of ids; only the
ladder, a rule applied to published values, is worked out here. The statistics' names are in the methods appendix;
here each result is explained in plain words. A table whose numbers are mostly hidden says why.
"""

from __future__ import annotations

import pandas as pd

from evaluation.reports.document import Block, BulletList, Paragraph, Section, Table
from evaluation.reports.findings import CHANGE, DIFFERENCES, HOW_COPRODUCED, WHO_TOOK_PART
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import ladder, ladder_rule
from evaluation.reports.methods import methods_link
from evaluation.reports.wording import (ALL_HIDDEN, PLAIN_TESTS, SUPPRESSION_KEY, WHY_HIDDEN, dimension_measures,
                                        item_names, measure_name, mostly_hidden, wave_name)
from evaluation.vocabulary import ALL_ROLES, ALL_SITES, LATEST_WAVE, ROLE_NAMES, SMALL_NUMBER, TOTAL


def shown(table: Table, who: str = "") -> tuple[Block, ...]:
    """The table, after a sentence saying why when most of its numbers are hidden; only the sentence when all are."""
    if mostly_hidden(table.frame, 1.0):
        return (Paragraph(f"{ALL_HIDDEN} {who}".strip()),)
    if mostly_hidden(table.frame):
        return Paragraph(WHY_HIDDEN.format(who=who).strip()), table
    return (table,)


def who_took_part(inputs: ReportInputs, site_id: str | None = None) -> Section:
    people = inputs.table("participation", site_id)
    survey = (shown(Table("Survey respondents by role and wave", _by_role(people, site_id), SUPPRESSION_KEY),
                    "Groups of fewer than 8 people are hidden so that no one can be picked out.")
              if not people.empty else (Paragraph("No survey responses were received from this site; the findings "
                                                  "below rest on its interviews only."),))
    themes = inputs.table("theme_prevalence", site_id).drop_duplicates("site_id")
    interviews = themes[["site", "interviews", "commenters"]].rename(columns={
        "site": "Site", "interviews": "Interviews", "commenters": "Survey respondents who wrote comments"})
    blocks = [Paragraph("Survey respondents per wave and role, and interviews analysed. Respondents could answer at "
                        "the start of the project (baseline), about a year on (follow-up), or both."),
              *survey, Table("Interviews and survey comments", interviews, SUPPRESSION_KEY)]
    return Section(WHO_TOOK_PART, tuple(blocks))


def _by_role(people: pd.DataFrame, site_id: str | None) -> pd.DataFrame:
    """Respondents as published, a row per site and wave and a column per role, the total first."""
    wide = people.pivot_table(index=["site", "wave"], columns="role", values="respondents", aggfunc="first",
                              sort=False).reset_index().fillna("0")
    roles = [r for r in dict.fromkeys([TOTAL, *ROLE_NAMES]) if r in wide.columns]
    wide = wide[["site", "wave", *roles]].rename(columns={"site": "Site", "wave": "Wave", **ROLE_NAMES})
    wide["Wave"] = wave_name(wide["Wave"])
    wide.columns.name = None
    return wide.drop(columns="Site") if site_id else wide


def _dimensions_explained(inputs: ReportInputs) -> BulletList:
    return BulletList(tuple(f"**{d.name}**: {d.description}" for d in inputs.instrument.dimensions.values()))


def how_coproduced(inputs: ReportInputs, site_id: str | None = None) -> Section:
    dims = inputs.table("dimension_results")
    latest = dims[(dims["wave"] == LATEST_WAVE) & (dims["role"] == ALL_ROLES)]
    rungs = ladder(inputs.values("dimension_results"))
    intro = Paragraph("The survey asked people how the project worked, in eight dimensions of co-production. A "
                      "person is 'positive' about a dimension when their answers to its questions lean towards "
                      "agreeing that the project worked that way (questions worded the other way round are turned "
                      "round first).")
    if site_id:
        own = latest[latest["site_id"] == site_id][["dimension", "n", "mean", "ci_low", "ci_high", "pct_positive"]]
        table = own.assign(dimension=own["dimension"].map(inputs.dimension_name)).rename(columns={
            "dimension": "Dimension", "n": "Respondents", "mean": "Average score (1–5)", "ci_low": "Likely range from",
            "ci_high": "Likely range to", "pct_positive": "% positive"})
        rung_table = rungs.assign(site=rungs["site_id"].map(inputs.names), score=rungs["score"].map(
            lambda s: "" if pd.isna(s) else f"{s:.0f}%"))[["site", "score", "rung"]].rename(
            columns={"site": "Site", "score": "Average % positive", "rung": "Rung"})
        scores = (shown(Table(f"Co-production dimensions at follow-up: {inputs.names.get(site_id)}", table,
                              SUPPRESSION_KEY), "Too few people at this site answered some of these questions.")
                  if not table.empty else
                  (Paragraph("This site sent no follow-up survey responses, so its dimension scores cannot be "
                             "shown."),))
        blocks = [intro, _dimensions_explained(inputs),
                  Paragraph("Scores run from 1 (strongly disagree that the project worked this way) to 5 (strongly "
                            "agree). The likely range is where the site's true average probably lies (95% "
                            "confidence interval): a small site has a wide one."),
                  *scores, Paragraph(ladder_rule(inputs.instrument)),
                  Table("All sites on the ladder of co-production, for comparison", rung_table),
                  *inputs.figures_in("site_items", site_id=site_id)]
        return Section(HOW_COPRODUCED["site"], tuple(blocks))
    pivot = latest.assign(dimension=latest["dimension"].map(inputs.dimension_name)).pivot_table(
        index="site", columns="dimension", values="pct_positive", aggfunc="first", sort=False).reset_index()
    order = [inputs.dimension_name(d) for d in inputs.instrument.dimensions]
    named = rungs.assign(site=rungs["site_id"].map(inputs.names))
    pivot = pivot[["site", *[d for d in order if d in pivot.columns]]].merge(
        named[["site", "rung"]], on="site", how="left").rename(columns={"site": "Site", "rung": "Ladder rung"})
    pivot.columns.name = None
    blocks = [intro, _dimensions_explained(inputs),
              Table("% positive per dimension at follow-up, and each site's rung on the ladder", pivot,
                    SUPPRESSION_KEY),
              Paragraph(ladder_rule(inputs.instrument)),
              Paragraph("The charts below compare each site with what chance allows for a site of its size: small "
                        "sites scatter more by chance, so the range expected for them is wider. A site outside "
                        "the inner lines is 'above' or 'below the expected range'; outside the outer lines, 'well "
                        f"above' or 'well below' (how the range is worked out: {methods_link(site_id)})."),
              *[f for f in inputs.figures_in("funnel") if _is_dimension_funnel(inputs, f)]]
    return Section(HOW_COPRODUCED[None], tuple(blocks))


def _is_dimension_funnel(inputs: ReportInputs, figure) -> bool:
    rows = inputs.figures[inputs.figures["section"] == "funnel"]
    measures = rows.set_index("image")["measure"].to_dict()
    return measures.get(figure.image.name) in dimension_measures(inputs.instrument)


def change(inputs: ReportInputs, site_id: str | None = None) -> Section:
    rows = inputs.table("change")
    rows = rows[(rows["site_id"] == (site_id or ALL_SITES)) & (rows["measure_type"] == "dimension")]
    table = rows.assign(measure=rows["measure"].map(inputs.dimension_name), test=rows["test"].map(PLAIN_TESTS))[
        ["measure", "test", "n_baseline", "n_follow_up", "n_pairs", "median_baseline", "median_follow_up",
         "effect_size", "ci_low", "ci_high", "p_value"]].rename(columns={
            "measure": "Dimension", "test": "Compared", "n_baseline": "n baseline", "n_follow_up": "n follow-up",
            "n_pairs": "Answered both times", "median_baseline": "Middle score baseline",
            "median_follow_up": "Middle score follow-up", "effect_size": "Size of change", "ci_low": "Likely from",
            "ci_high": "Likely to", "p_value": "p"})
    who = inputs.names.get(site_id, site_id) if site_id else "all sites together"
    blocks = [Paragraph("Change from baseline to follow-up compares the same people's answers where at least 5 "
                        "answered both times, otherwise everyone who answered each time. The size of change runs "
                        "from −1 to 1: above 0 means more co-production at follow-up; a change is clear when its "
                        f"likely range does not include 0 (the tests: {methods_link(site_id)})."),
              *shown(Table(f"Change in the co-production dimensions: {who}", table, SUPPRESSION_KEY),
                     f"At {who}, fewer than {SMALL_NUMBER} people answered at both baseline and follow-up, or in "
                     "each group compared, so the change cannot be shown without risking identifying them.")]
    if site_id is None:
        ordinal = inputs.table("ordinal_change")
        ordinal = ordinal.assign(item_id=item_names(inputs.instrument, ordinal["item_id"])).rename(columns={
            "item_id": "Question", "n": "Answers", "odds_ratio": "Odds of a more favourable answer",
            "ci_low": "Likely from", "ci_high": "Likely to", "p_value": "p",
            "assumption_holds": "Same shift at every answer level"})
        blocks += [Paragraph("Across sites, taking account of differences between sites and roles, each question's "
                             "answers were compared between baseline and follow-up. Odds above 1 mean answers were "
                             "more favourable at follow-up; where the shift was not the same at every answer level, "
                             "the single figure is an average."),
                   Table("Change across sites, question by question", ordinal),
                   *inputs.figures_in("change")]
    return Section(CHANGE, tuple(blocks))


def differences(inputs: ReportInputs, site_id: str | None = None) -> Section:
    tests = inputs.table("site_differences")
    latest = tests[tests["wave"] == LATEST_WAVE]
    survive = latest[latest["differ"] == "yes"]["measure"].map(lambda m: measure_name(inputs.instrument, m))
    not_survive = latest[latest["differ"] == "no"]["measure"].map(lambda m: measure_name(inputs.instrument, m))
    blocks = [Paragraph("Sites were compared question by question and dimension by dimension at follow-up. Because "
                        "many comparisons were made, some would look different by chance alone; only differences "
                        f"that remain after allowing for that are called clear ({methods_link(site_id)})."),
              BulletList((f"**Sites differ clearly on** ({len(survive)}): " + (", ".join(survive) or "none"),
                          f"**No clear difference on** ({len(not_survive)}): " + (", ".join(not_survive) or "none")))]
    standing = inputs.table("site_standing", site_id)
    rows = standing[(standing["wave"] == LATEST_WAVE) & (standing["measure_type"] == "dimension")]
    table = rows.assign(measure=rows["measure"].map(inputs.dimension_name))[
        ["measure", *(["site"] if site_id is None else []), "n", "median", "words"]].rename(columns={
            "measure": "Dimension", "site": "Site", "n": "Respondents", "median": "Middle score",
            "words": "Compared with other sites"})
    blocks += shown(Table("How each site compares at follow-up (dimensions)", table, SUPPRESSION_KEY),
                    "Sites with fewer than 8 respondents are not compared.")
    return Section(DIFFERENCES, tuple(blocks))


def items_appendix(inputs: ReportInputs) -> Section:
    return Section("Appendix: survey answers question by question", (
        Paragraph("Each chart shows the follow-up answers to one question by site, centred on the neutral answer. "
                  f"Sites with fewer than {SMALL_NUMBER} answers are not drawn."),
        *inputs.figures_in("likert")))
