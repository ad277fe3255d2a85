"""The survey sections of a report: who took part, how co-produced each project is, change, and site differences.

Tables shown are published tables as published (text); only the ladder, a rule applied to published values, is
worked out here.
"""

from __future__ import annotations

import pandas as pd

from evaluation.reports.document import BulletList, Paragraph, Section, Table
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import ladder, ladder_rule
from evaluation.reports.wording import DIMENSION_NAMES, POSITIVE, SUPPRESSION_KEY, TESTS, measure_name, wave_name
from evaluation.vocabulary import ALL_ROLES, ALL_SITES, LATEST_WAVE, ROLE_NAMES, SMALL_NUMBER, TOTAL


def who_took_part(inputs: ReportInputs, site_id: str | None = None) -> Section:
    people = inputs.table("participation", site_id)
    survey = (Table("Survey respondents by role and wave", _by_role(people, site_id), SUPPRESSION_KEY)
              if not people.empty else Paragraph("No survey responses were received from this site; the findings "
                                                 "below rest on its interviews only."))
    themes = inputs.table("theme_prevalence", site_id).drop_duplicates("site_id")
    interviews = themes[["site", "interviews", "commenters"]].rename(columns={
        "site": "Site", "interviews": "Interviews", "commenters": "Survey respondents who wrote comments"})
    blocks = [Paragraph("Survey respondents per wave and role, and interviews analysed. Respondents could answer at "
                        "baseline, follow-up or both."),
              survey, Table("Interviews and survey comments", interviews, SUPPRESSION_KEY)]
    return Section("Who took part", tuple(blocks))


def _by_role(people: pd.DataFrame, site_id: str | None) -> pd.DataFrame:
    """Respondents as published, a row per site and wave and a column per role, the total first."""
    wide = people.pivot_table(index=["site", "wave"], columns="role", values="respondents", aggfunc="first",
                              sort=False).reset_index().fillna("0")
    roles = [r for r in dict.fromkeys([TOTAL, *ROLE_NAMES]) if r in wide.columns]
    wide = wide[["site", "wave", *roles]].rename(columns={"site": "Site", "wave": "Wave", **ROLE_NAMES})
    wide["Wave"] = wave_name(wide["Wave"])
    wide.columns.name = None
    return wide.drop(columns="Site") if site_id else wide


def how_coproduced(inputs: ReportInputs, site_id: str | None = None) -> Section:
    dims = inputs.table("dimension_results")
    latest = dims[(dims["wave"] == LATEST_WAVE) & (dims["role"] == ALL_ROLES)]
    rungs = ladder(inputs.values("dimension_results"))
    if site_id:
        own = latest[latest["site_id"] == site_id][["dimension", "n", "mean", "ci_low", "ci_high", "pct_positive"]]
        table = own.assign(dimension=own["dimension"].map(DIMENSION_NAMES)).rename(columns={
            "dimension": "Dimension", "n": "Respondents", "mean": "Mean (1–5)", "ci_low": "95% CI low",
            "ci_high": "95% CI high", "pct_positive": "% positive"})
        rung_table = rungs.assign(site=rungs["site_id"].map(inputs.names), score=rungs["score"].map(
            lambda s: "" if pd.isna(s) else f"{s:.0f}%"))[["site", "score", "rung"]].rename(
            columns={"site": "Site", "score": "Average % positive", "rung": "Rung"})
        scores = (Table(f"Co-production dimensions at follow-up: {inputs.names.get(site_id)}", table,
                        SUPPRESSION_KEY) if not table.empty else
                  Paragraph("This site sent no follow-up survey responses, so its dimension scores cannot be shown."))
        blocks = [Paragraph("Scores run from 1 (strongly disagree that the project worked this way) to 5 "
                            "(strongly agree); negatively worded items are reversed first. '% positive' is the share "
                            "whose score is above the midpoint."),
                  scores,
                  Paragraph(ladder_rule()),
                  Table("All sites on the ladder of co-production, for comparison", rung_table),
                  *inputs.figures_in("site_items", site_id=site_id)]
        return Section("How co-produced is the project", tuple(blocks))
    pivot = latest.assign(dimension=latest["dimension"].map(DIMENSION_NAMES)).pivot_table(
        index="site", columns="dimension", values="pct_positive", aggfunc="first", sort=False).reset_index()
    named = rungs.assign(site=rungs["site_id"].map(inputs.names))
    pivot = pivot.merge(named[["site", "rung"]], on="site", how="left").rename(
        columns={"site": "Site", "rung": "Ladder rung"})
    blocks = [Paragraph("The survey asked respondents how the project worked, in eight dimensions of "
                        "co-production. The table gives, per site, the share positive about each dimension at "
                        "follow-up (score above the midpoint)."),
              Table("% positive per dimension at follow-up, and each site's rung on the ladder", pivot,
                    SUPPRESSION_KEY),
              Paragraph(ladder_rule()),
              Paragraph("Funnel plots compare each site with what chance allows for a site of its size: small sites "
                        "scatter more by chance, so their limits are wider. The limits are widened further where "
                        "sites differ more than sampling error explains (over-dispersion, Spiegelhalter 2005). A "
                        "site outside the 95% limits is 'above' or 'below the expected range'; outside 99.8%, "
                        "'well above' or 'well below'."),
              *inputs.figures_in("funnel", measure_prefix=POSITIVE)]
    return Section("How co-produced is each project", tuple(blocks))


def change(inputs: ReportInputs, site_id: str | None = None) -> Section:
    rows = inputs.table("change")
    rows = rows[(rows["site_id"] == (site_id or ALL_SITES)) & (rows["measure_type"] == "dimension")]
    table = rows.assign(measure=rows["measure"].map(DIMENSION_NAMES), test=rows["test"].map(TESTS))[
        ["measure", "test", "n_baseline", "n_follow_up", "n_pairs", "median_baseline", "median_follow_up",
         "effect_size", "ci_low", "ci_high", "p_value"]].rename(columns={
            "measure": "Dimension", "test": "Test", "n_baseline": "n baseline", "n_follow_up": "n follow-up",
            "n_pairs": "Pairs", "median_baseline": "Median baseline", "median_follow_up": "Median follow-up",
            "effect_size": "Effect (r)", "ci_low": "CI low", "ci_high": "CI high", "p_value": "p"})
    who = inputs.names.get(site_id, site_id) if site_id else "all sites together"
    blocks = [Paragraph("Change from baseline to follow-up is tested on the respondents who answered both times "
                        "where there are at least 5 of them (Wilcoxon signed-rank), otherwise on everyone who "
                        "answered (Mann–Whitney U). The effect size r runs from −1 to 1: positive means more "
                        "co-production at follow-up."),
              Table(f"Change in the co-production dimensions: {who}", table, SUPPRESSION_KEY)]
    if site_id is None:
        ordinal = inputs.table("ordinal_change").rename(columns={
            "item_id": "Item", "n": "Answers", "odds_ratio": "Odds ratio", "ci_low": "CI low", "ci_high": "CI high",
            "p_value": "p", "assumption_holds": "Proportional odds holds"})
        blocks += [Paragraph("Across sites, a proportional-odds model of each item with wave, role and site terms "
                             "gives the odds of a more favourable answer at follow-up than at baseline (above 1: "
                             "more favourable). Where the proportional-odds assumption does not hold (Brant test), "
                             "the single odds ratio averages effects that differ between answer levels."),
                   Table("Change across sites, item by item (proportional-odds models)", ordinal),
                   *inputs.figures_in("change")]
    return Section("Change from baseline to follow-up", tuple(blocks))


def differences(inputs: ReportInputs, site_id: str | None = None) -> Section:
    tests = inputs.table("site_differences")
    latest = tests[tests["wave"] == LATEST_WAVE]
    survive = latest[latest["differ"] == "yes"]["measure"].map(measure_name).tolist()
    not_survive = latest[latest["differ"] == "no"]["measure"].map(measure_name).tolist()
    blocks = [Paragraph("Sites were compared item by item and dimension by dimension (Kruskal–Wallis), correcting "
                        "for the number of tests with the Benjamini–Hochberg procedure (false discovery rate 5%); "
                        "where sites differ, Dunn's test says which."),
              BulletList((f"**Differences that survive correction** ({len(survive)}): "
                          + (", ".join(survive) or "none"),
                          f"**Differences that do not** ({len(not_survive)}): " + (", ".join(not_survive) or "none")))]
    standing = inputs.table("site_standing", site_id)
    rows = standing[(standing["wave"] == LATEST_WAVE) & (standing["measure_type"] == "dimension")]
    table = rows.assign(measure=rows["measure"].map(DIMENSION_NAMES))[
        ["measure", *(["site"] if site_id is None else []), "n", "median", "words"]].rename(columns={
            "measure": "Dimension", "site": "Site", "n": "Respondents", "median": "Median",
            "words": "Compared with other sites"})
    blocks.append(Table("How each site compares at follow-up (dimensions)", table, SUPPRESSION_KEY))
    return Section("Differences between sites", tuple(blocks))


def items_appendix(inputs: ReportInputs) -> Section:
    return Section("Appendix: survey answers item by item", (
        Paragraph("Each chart shows the follow-up answers to one item by site, centred on the neutral answer. Sites "
                  f"with fewer than {SMALL_NUMBER} answers are not drawn."),
        *inputs.figures_in("likert")))
