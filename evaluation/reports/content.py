"""What the commissioner reports say: the cross-site report and a case study per site, built from the results.

Every number printed comes from a published table (reports/tables/, already through disclosure control) or is a
percentage on a base of 8 or more people; exact analysts' tables are used only to choose (which themes are most
common, which quotes read best), never to print. The executive summary is written from the results, so it changes
when they do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.charts import MIN_N
from evaluation.disclosure import SUPPRESSED, round_count
from evaluation.reports.document import BulletList, Figure, Paragraph, Quote, Report, Section, Table
from evaluation.safe_cells import read_csv_text

LADDER = ("informing", "consultation", "engagement", "co-design", "co-production")
LADDER_DIMENSIONS = ("equal_partnership", "listened_to", "shared_decisions")
LADDER_STEPS = (20, 40, 60, 80)  # % positive, averaged over LADDER_DIMENSIONS: the lower edges of rungs 2–5
LATEST = "follow_up"
CATEGORY_HEADINGS = {"facilitator": "What helped co-production", "value": "The value people saw",
                     "challenge": "What got in the way"}
DIMENSION_NAMES = {"equal_partnership": "Equal partnership", "listened_to": "Being listened to",
                   "shared_decisions": "Shared decisions", "support_to_take_part": "Support to take part",
                   "information": "Information", "recognition": "Recognition", "confidence": "Confidence",
                   "right_focus": "The right focus"}
ROLE_NAMES = {"staff": "Staff", "lived_experience": "Lived experience", "carer": "Carers",
              "voluntary_sector": "Voluntary sector", "other": "Other", "not_stated": "Not stated", "All": "All roles"}
SUPPRESSION_KEY = ('"*" = not shown: fewer than 8 people, or hidden so that another hidden number cannot be worked '
                   "out. Counts are rounded to the nearest 5.")


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is written from: published tables and figures, plus exact tables for choosing only."""
    tables: Mapping[str, pd.DataFrame]  # published, every cell a string
    figures: pd.DataFrame  # reports/figures/figures.csv
    figure_dir: Path
    framework: pd.DataFrame  # exact framework matrix: for ranking themes and choosing quotes
    sites: pd.DataFrame  # site_id, site_name, system_type, region, project_title
    agreement: pd.DataFrame  # coding_agreement (empty until a review is returned)
    provenance: tuple[tuple[str, str], ...]
    learning: pd.DataFrame = field(default_factory=pd.DataFrame)  # learned coder's cross-validated agreement

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.sites["site_id"], self.sites["display_name"]))


def load_inputs(reports_dir: Path, processed_dir: Path, provenance: tuple[tuple[str, str], ...]) -> ReportInputs:
    tables = {p.stem: read_csv_text(p)
              for p in sorted((Path(reports_dir) / "tables").glob("*.csv"))}
    figure_dir = Path(reports_dir) / "figures"
    agreement_path = Path(processed_dir) / "coding_agreement.parquet"
    learning_path = Path(processed_dir) / "learned_coder_agreement.parquet"
    return ReportInputs(tables, read_csv_text(figure_dir / "figures.csv"), figure_dir,
                        pd.read_parquet(Path(processed_dir) / "framework_matrix.parquet"),
                        pd.read_parquet(Path(processed_dir) / "sites.parquet"),
                        pd.read_parquet(agreement_path) if agreement_path.exists() else pd.DataFrame(),
                        provenance,
                        pd.read_parquet(learning_path) if learning_path.exists() else pd.DataFrame())


def data_hash(raw_dir: Path) -> str:
    """SHA-256 over every raw file's path and bytes, in path order: the same data gives the same hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(raw_dir).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(raw_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- the ladder of co-production ------------------------------------------------------------------------------

def ladder_rule() -> str:
    steps = ", ".join(f"{LADDER[i + 1]} from {s}%" for i, s in enumerate(LADDER_STEPS))
    dims = ", ".join(DIMENSION_NAMES[d].lower() for d in LADDER_DIMENSIONS)
    return (f"Each site is placed on the ladder of co-production ({' → '.join(LADDER)}) by the share of its follow-up respondents positive about the three dimensions at the "
            f"heart of co-production — {dims} — averaged: {LADDER[0]} below {LADDER_STEPS[0]}%, {steps}. A site "
            f"with fewer than {MIN_N} respondents at follow-up is not placed. This is the evaluation's own rule, "
            "stated so it can be checked and challenged; it is not a validated measure.")


def ladder(dimensions: pd.DataFrame) -> pd.DataFrame:
    """site_id, score (mean % positive over LADDER_DIMENSIONS at follow-up, all roles) and rung, from the published
    dimension table: a site any of whose three shares is hidden is 'not placed'."""
    rows = dimensions[(dimensions["wave"] == LATEST) & (dimensions["role"] == "all")
                      & dimensions["dimension"].isin(LADDER_DIMENSIONS)]
    placed = []
    for site_id, block in rows.groupby("site_id", sort=True):
        shares = block["pct_positive"]
        if len(block) < len(LADDER_DIMENSIONS) or shares.eq(SUPPRESSED).any() or shares.eq("").any():
            placed.append({"site_id": site_id, "score": None, "rung": "not placed"})
            continue
        score = sum(float(s.rstrip("%")) for s in shares) / len(shares)
        placed.append({"site_id": site_id, "score": score,
                       "rung": LADDER[sum(score >= step for step in LADDER_STEPS)]})
    return pd.DataFrame(placed, columns=["site_id", "score", "rung"])


# --- the reports ------------------------------------------------------------------------------------------------

def cross_site_report(inputs: ReportInputs) -> Report:
    sites = len(inputs.sites)
    return Report(
        title="Co-production in quality improvement: cross-site evaluation report",
        subtitle=f"{sites} systems: Cancer Alliances, Integrated Care Systems and Health and Social Care Partnerships",
        sections=(
            Section("Executive summary", tuple(Paragraph(t) for t in executive_summary(inputs))),
            _who_took_part(inputs),
            _how_coproduced(inputs),
            *_themes(inputs),
            _change(inputs),
            _differences(inputs),
            _items_appendix(inputs),
            _methods(inputs),
        ),
        provenance=inputs.provenance)


def site_case_study(inputs: ReportInputs, site_id: str) -> Report:
    site = inputs.sites.set_index("site_id").loc[site_id]
    return Report(
        title=f"{site['display_name']}: co-production case study",
        subtitle=f"{site['system_type']}, {site['region']}. Project: {site['project_title']}",
        sections=(
            Section("Summary", tuple(Paragraph(t) for t in site_summary(inputs, site_id))),
            _who_took_part(inputs, site_id),
            _how_coproduced(inputs, site_id),
            *_themes(inputs, site_id),
            _change(inputs, site_id),
            _differences(inputs, site_id),
            _methods(inputs),
        ),
        provenance=inputs.provenance)


def executive_summary(inputs: ReportInputs) -> list[str]:
    t = inputs.tables
    people = t["participation"]
    totals = people[people["role"] == "All"]
    per_wave = {w: _sum_shown(totals[totals["wave"] == w]["respondents"]) for w in ("baseline", "follow_up")}
    interviews = inputs.framework.drop_duplicates("site_id")["interviews"].sum()
    text = [f"{len(inputs.sites)} systems took part. About {per_wave['baseline']} people answered the survey at "
            f"baseline and {per_wave['follow_up']} at follow-up (counts rounded to the nearest 5), and "
            f"{round_count(interviews)} interviews were analysed, alongside what survey respondents wrote in their "
            "comments."]
    rungs = ladder(t["dimension_results"])
    placed = rungs[rungs["rung"] != "not placed"]
    if len(placed):
        counts = placed["rung"].value_counts()
        spread = "; ".join(f"{_count(int(counts[r]), 'site')} at {r}" for r in reversed(LADDER) if r in counts)
        top, bottom = placed.loc[placed["score"].idxmax()], placed.loc[placed["score"].idxmin()]
        if len(placed) < len(rungs):
            spread += f"; {_count(len(rungs) - len(placed), 'site')} not placed (too few respondents)"
        text.append(f"How far projects were co-produced varied. On the ladder of co-production (rule in 'How "
                    f"co-produced is each project'), at follow-up: {spread}. "
                    f"{inputs.names.get(top['site_id'])} was furthest up ({top['score']:.0f}% positive on "
                    f"average) and {inputs.names.get(bottom['site_id'])} lowest ({bottom['score']:.0f}%).")
    top_themes = _top_themes(inputs.framework)
    if top_themes:
        parts = [f"{CATEGORY_HEADINGS[c].lower()}: {name.lower()} ({pct:.0f}% of interviews)"
                 for c, (name, pct) in top_themes.items()]
        text.append("In interviews, the most common themes were — " + "; ".join(parts) + ".")
    ordinal = t["ordinal_change"]
    shown = ordinal[ordinal["odds_ratio"].ne(SUPPRESSED) & ordinal["ci_low"].ne(SUPPRESSED)]
    rose = shown[shown["ci_low"].astype(float) > 1]
    fell = shown[shown["ci_high"].astype(float) < 1]
    text.append(f"From baseline to follow-up, taking site and role into account, answers became more favourable "
                f"on {len(rose)} of {len(shown)} survey items and less favourable on {len(fell)} "
                f"(proportional-odds models; 95% intervals excluding no change)"
                + (f", with odds ratios from {rose['odds_ratio'].astype(float).min():.2f} to "
                   f"{rose['odds_ratio'].astype(float).max():.2f}." if len(rose) else "."))
    differ = t["site_differences"]
    latest = differ[(differ["wave"] == LATEST)]
    text.append(f"At follow-up, sites differed clearly on {int((latest['differ'] == 'yes').sum())} of {len(latest)} "
                "survey items and dimensions after correcting for the number of comparisons (Benjamini–Hochberg, "
                "false discovery rate 5%).")
    funnels = t["funnels"]
    flagged = funnels[funnels["measure"].str.startswith("positive_")
                      & funnels["band"].str.contains("above|below", regex=True)]
    if len(flagged):
        lines = [f"{inputs.names.get(r.site_id, r.site_id)} {r.band} on {_measure_name(r.measure)}"
                 for r in flagged.itertuples()]
        text.append("Against what chance allows for a site of its size (funnel plots): " + "; ".join(lines) + ".")
    else:
        text.append("On the funnel plots, every site placed was within the range expected for its size once the "
                    "usual variation between sites is allowed for.")
    return text


def site_summary(inputs: ReportInputs, site_id: str) -> list[str]:
    t, name = inputs.tables, inputs.names.get(site_id, site_id)
    people = t["participation"]
    totals = people[(people["site_id"] == site_id) & (people["role"] == "All")].set_index("wave")["respondents"]
    themes = t["theme_prevalence"]
    interviews = themes.loc[themes["site_id"] == site_id, "interviews"]
    interviewed = interviews.iloc[0] if len(interviews) else "0"
    surveyed = (f"about {_said(totals.get('baseline', '0'))} survey respondents at baseline and "
                f"{_said(totals.get('follow_up', '0'))} at follow-up" if len(totals) else "no survey responses")
    spoken = f"{_said(interviewed)} interviews" if interviewed != "0" else "no interviews"
    text = [f"{name}: {surveyed}, and {spoken} (counts rounded to the nearest 5)."]
    rung = ladder(t["dimension_results"]).set_index("site_id")
    if site_id in rung.index and rung.loc[site_id, "rung"] != "not placed":
        text.append(f"On the ladder of co-production the project sits at **{rung.loc[site_id, 'rung']}** "
                    f"({rung.loc[site_id, 'score']:.0f}% of follow-up respondents positive on average about equal "
                    "partnership, being listened to and shared decisions).")
    elif len(totals):
        text.append("The project is not placed on the ladder of co-production: too few follow-up respondents.")
    else:
        text.append("The project is not placed on the ladder of co-production: it sent no survey responses.")
    funnels = t["funnels"]
    own = funnels[(funnels["site_id"] == site_id) & funnels["measure"].str.startswith("positive_")]
    bands = [f"{_measure_name(r.measure)}: {r.band}" for r in own.itertuples() if r.band != SUPPRESSED]
    if bands:
        text.append("Compared with what chance allows for a site of its size — " + "; ".join(bands) + ".")
    themes = _top_themes(inputs.framework[inputs.framework["site_id"] == site_id])
    if themes:
        text.append("In its interviews and comments the most common themes were — " + "; ".join(
            f"{CATEGORY_HEADINGS[c].lower()}: {n.lower()}" for c, (n, _) in themes.items()) + ".")
    return text


# --- sections -----------------------------------------------------------------------------------------------------

def _who_took_part(inputs: ReportInputs, site_id: str | None = None) -> Section:
    people = _for_site(inputs.tables["participation"], site_id)
    survey = (Table("Survey respondents by role and wave", _participation_by_role(people, site_id), SUPPRESSION_KEY)
              if not people.empty else Paragraph("No survey responses were received from this site; the findings "
                                                 "below rest on its interviews only."))
    themes = _for_site(inputs.tables["theme_prevalence"], site_id).drop_duplicates("site_id")
    interviews = themes[["site", "interviews", "commenters"]].rename(columns={
        "site": "Site", "interviews": "Interviews", "commenters": "Survey respondents who wrote comments"})
    blocks = [Paragraph("Survey respondents per wave and role, and interviews analysed. Respondents could answer at "
                        "baseline, follow-up or both."),
              survey, Table("Interviews and survey comments", interviews, SUPPRESSION_KEY)]
    return Section("Who took part", tuple(blocks))


def _participation_by_role(people: pd.DataFrame, site_id: str | None) -> pd.DataFrame:
    wide = people.pivot_table(index=["site", "wave"], columns="role", values="respondents", aggfunc="first",
                              sort=False).reset_index().fillna("0")
    roles = [r for r in dict.fromkeys(["All", *ROLE_NAMES]) if r in wide.columns]
    wide = wide[["site", "wave", *roles]].rename(columns={"site": "Site", "wave": "Wave", **ROLE_NAMES})
    wide["Wave"] = wide["Wave"].str.replace("_", "-").str.capitalize()
    wide.columns.name = None
    return wide.drop(columns="Site") if site_id else wide


def _how_coproduced(inputs: ReportInputs, site_id: str | None = None) -> Section:
    dims = inputs.tables["dimension_results"]
    latest = dims[(dims["wave"] == LATEST) & (dims["role"] == "all")]
    if site_id:
        own = latest[latest["site_id"] == site_id][["dimension", "n", "mean", "ci_low", "ci_high", "pct_positive"]]
        table = own.assign(dimension=own["dimension"].map(DIMENSION_NAMES)).rename(columns={
            "dimension": "Dimension", "n": "Respondents", "mean": "Mean (1–5)", "ci_low": "95% CI low",
            "ci_high": "95% CI high", "pct_positive": "% positive"})
        rungs = ladder(dims)
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
                  *_figures(inputs, "site_items", site_id=site_id)]
        return Section("How co-produced is the project", tuple(blocks))
    pivot = latest.assign(dimension=latest["dimension"].map(DIMENSION_NAMES)).pivot_table(
        index="site", columns="dimension", values="pct_positive", aggfunc="first", sort=False).reset_index()
    rungs = ladder(dims).assign(site=lambda f: f["site_id"].map(inputs.names))
    pivot = pivot.merge(rungs[["site", "rung"]], on="site", how="left").rename(
        columns={"site": "Site", "rung": "Ladder rung"})
    funnel_figures = [f for f in _figures(inputs, "funnel") if "positive on" in f.caption]
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
              *funnel_figures]
    return Section("How co-produced is each project", tuple(blocks))


def _themes(inputs: ReportInputs, site_id: str | None = None) -> list[Section]:
    matrix = inputs.framework if site_id is None else inputs.framework[inputs.framework["site_id"] == site_id]
    sections = []
    for category, heading in CATEGORY_HEADINGS.items():
        ranked = _ranked_themes(matrix[matrix["category"] == category])
        blocks: list = []
        if site_id is None and category == "facilitator":
            blocks += [Paragraph("Interviews and survey comments were coded against the codebook's themes "
                                 "(facilitators, value, challenges). The heatmaps show, per site, the share of "
                                 "interviews, and of survey respondents who wrote comments, mentioning each theme."),
                       *_figures(inputs, "themes")]
        if ranked.empty:
            blocks.append(Paragraph("No theme in this category came up."))
        for theme in ranked.head(3).itertuples():
            share = (f"mentioned in {theme.pct:.0f}% of interviews" if theme.interviews >= MIN_N
                     else "mentioned in interviews (too few interviews at this site for a percentage)")
            blocks.append(Paragraph(f"**{theme.theme_name}**: {share}."))
            blocks += [Quote(text, by) for text, by in _quotes(matrix, theme.theme_id)]
        sections.append(Section(heading, tuple(blocks)))
    return sections


def _change(inputs: ReportInputs, site_id: str | None = None) -> Section:
    change = inputs.tables["change"]
    rows = change[(change["site_id"] == (site_id or "all")) & (change["measure_type"] == "dimension")]
    table = rows.assign(measure=rows["measure"].map(DIMENSION_NAMES), test=rows["test"].map(
        {"wilcoxon_signed_rank": "paired", "mann_whitney_u": "unpaired"}))[
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
        ordinal = inputs.tables["ordinal_change"].rename(columns={
            "item_id": "Item", "n": "Answers", "odds_ratio": "Odds ratio", "ci_low": "CI low", "ci_high": "CI high",
            "p_value": "p", "assumption_holds": "Proportional odds holds"})
        blocks += [Paragraph("Across sites, a proportional-odds model of each item with wave, role and site terms "
                             "gives the odds of a more favourable answer at follow-up than at baseline (above 1: "
                             "more favourable). Where the proportional-odds assumption does not hold (Brant test), "
                             "the single odds ratio averages effects that differ between answer levels."),
                   Table("Change across sites, item by item (proportional-odds models)", ordinal),
                   *_figures(inputs, "change")]
    return Section("Change from baseline to follow-up", tuple(blocks))


def _differences(inputs: ReportInputs, site_id: str | None = None) -> Section:
    tests = inputs.tables["site_differences"]
    latest = tests[tests["wave"] == LATEST]
    survive = latest[latest["differ"] == "yes"]["measure"].map(_measure_name).tolist()
    not_survive = latest[latest["differ"] == "no"]["measure"].map(_measure_name).tolist()
    blocks = [Paragraph("Sites were compared item by item and dimension by dimension (Kruskal–Wallis), correcting "
                        "for the number of tests with the Benjamini–Hochberg procedure (false discovery rate 5%); "
                        "where sites differ, Dunn's test says which."),
              BulletList((f"**Differences that survive correction** ({len(survive)}): "
                          + (", ".join(survive) or "none"),
                          f"**Differences that do not** ({len(not_survive)}): " + (", ".join(not_survive) or "none")))]
    standing = inputs.tables["site_standing"]
    rows = standing[(standing["wave"] == LATEST) & (standing["measure_type"] == "dimension")]
    if site_id:
        rows = rows[rows["site_id"] == site_id]
    table = rows.assign(measure=rows["measure"].map(DIMENSION_NAMES))[
        ["measure", *(["site"] if site_id is None else []), "n", "median", "words"]].rename(columns={
            "measure": "Dimension", "site": "Site", "n": "Respondents", "median": "Median", "words": "Compared with "
                                                                                                     "other sites"})
    blocks.append(Table("How each site compares at follow-up (dimensions)", table, SUPPRESSION_KEY))
    return Section("Differences between sites", tuple(blocks))


def _items_appendix(inputs: ReportInputs) -> Section:
    return Section("Appendix: survey answers item by item", (
        Paragraph("Each chart shows the follow-up answers to one item by site, centred on the neutral answer. Sites "
                  f"with fewer than {MIN_N} answers are not drawn."),
        *_figures(inputs, "likert")))


def _methods(inputs: ReportInputs) -> Section:
    reliability = inputs.tables["reliability"]
    reliability = reliability.assign(dimension=reliability["dimension"].map(DIMENSION_NAMES).fillna(
        reliability["dimension"]), wave=reliability["wave"].str.replace("_", "-").str.capitalize()).rename(columns={
        "wave": "Wave", "dimension": "Dimension", "n_respondents": "Respondents", "alpha": "Cronbach's alpha",
        "ci_low": "CI low", "ci_high": "CI high"})
    provenance = dict(inputs.provenance)
    if inputs.agreement.empty:
        agreement = ("No human review of this evaluation's automated coding has been returned yet, so its agreement "
                     "with human coders is not measured on these data; the review sheets in data/review/outgoing/ "
                     "are ready for reviewers.")
    else:
        overall = inputs.agreement[(inputs.agreement["code"] == "overall")]
        kappas = ", ".join(f"{r.level} κ = {r.cohen_kappa:.2f}" for r in overall.itertuples())
        agreement = (f"Human reviewers checked a sample of the automated coding: agreement (Cohen's κ, pooled) "
                     f"{kappas}.")
    blocks = [BulletList((
        "**Samples**: survey respondents per site from a handful to over a hundred; interviews 5 to 12 per site. "
        "Small sites give wide intervals: read their figures as indications.",
        f"**Disclosure control**: every count from 1 to 7 is shown as '*', other counts are rounded to the nearest "
        f"5, and percentages, means and medians on fewer than {MIN_N} people are not shown; a hidden number is "
        "protected from being worked out from totals. Quotes are attributed by role only and were redacted of "
        "names, places and other identifying details.",
        f"**Automated coding**: interviews and survey comments were coded against the codebook "
        f"({provenance.get('Codebook', '')}) by rules (its patterns, reading negation and hedging) together with a "
        f"sentence encoder that recognises a theme by meaning (all-MiniLM-L6-v2){_learning_sentence(inputs)}. "
        f"{agreement} Quotes come only from segments coded with confidence and agreed by more than one coder, never "
        "from a negated or hedged mention; catch-all 'other' themes are never reported as the most common.",
        f"**Survey**: {provenance.get('Survey instrument', '')}; scale scores are means of a dimension's items "
        "(at least half answered), negatively worded items reversed.",
        "**Funnel plots**: proportions on the arcsine-square-root scale, over-dispersion from 10%-winsorised "
        "z-scores with an additive random effect (Spiegelhalter 2005; NHS-R FunnelPlotR), 95% and 99.8% limits.",
    )), Table("Reliability of the dimensions (Cronbach's alpha, all sites)", reliability, SUPPRESSION_KEY)]
    return Section("Methods and limitations", tuple(blocks))


def _learning_sentence(inputs: ReportInputs) -> str:
    """How far the coding rests on the evaluators' own coding, with its cross-validated agreement."""
    learning = inputs.learning
    if learning.empty:
        return ", without learning from this evaluation's own coding (no coded review has been returned yet)"
    categories = learning[(learning["level"] == "category") & (learning["code"] != "overall")]
    examples = int(categories["n_segments"].max())
    kappas = ", ".join(f"{r.code} κ = {r.cohen_kappa:.2f}" for r in categories.itertuples())
    return (f", and by a coder learned from the {examples} segments reviewers coded by hand; on those segments, "
            f"coded in five-fold cross-validation (each fold by a model that had not seen it), it agreed with the "
            f"reviewers at {kappas}")


# --- helpers ------------------------------------------------------------------------------------------------------

def _figures(inputs: ReportInputs, section: str, site_id: str | None = None) -> list[Figure]:
    rows = inputs.figures[inputs.figures["section"] == section]
    if site_id is not None:
        rows = rows[rows["site_id"] == site_id]
    return [Figure(inputs.figure_dir / r.image, r.alt_text, r.title) for r in rows.itertuples()]


def _for_site(table: pd.DataFrame, site_id: str | None) -> pd.DataFrame:
    return table if site_id is None else table[table["site_id"] == site_id]


def _ranked_themes(matrix: pd.DataFrame) -> pd.DataFrame:
    """Themes by the share of interviews mentioning them, pooled over the sites given (ties: by comments)."""
    if matrix.empty:
        return pd.DataFrame(columns=["theme_id", "theme_name", "interviews", "pct"])
    pooled = matrix.groupby(["theme_id", "theme_name"], sort=False).agg(
        mentioning=("interviews_mentioning", "sum"), interviews=("interviews", "sum"),
        commenting=("commenters_mentioning", "sum")).reset_index()
    pooled["pct"] = 100 * pooled["mentioning"] / pooled["interviews"].where(pooled["interviews"] > 0)
    pooled = pooled[(pooled["mentioning"] > 0) & ~pooled["theme_id"].str.startswith("other_")]
    return pooled.sort_values(["pct", "commenting", "theme_id"], ascending=[False, False, True], kind="stable")


def _top_themes(matrix: pd.DataFrame) -> dict[str, tuple[str, float]]:
    top = {}
    for category in CATEGORY_HEADINGS:
        ranked = _ranked_themes(matrix[matrix["category"] == category])
        if len(ranked):
            top[category] = (ranked.iloc[0]["theme_name"], float(ranked.iloc[0]["pct"]))
    return top


def _quotes(matrix: pd.DataFrame, theme_id: str, limit: int = 3) -> list[tuple[str, str]]:
    """Up to `limit` quotes for a theme, the best of each site first so that no one site speaks for all."""
    rows = matrix[matrix["theme_id"] == theme_id]
    quotes, seen = [], []
    for rank in (1, 2, 3):
        for row in rows.itertuples():
            text, by = getattr(row, f"quote_{rank}"), getattr(row, f"quote_by_{rank}")
            words = set(re.findall(r"[a-z']+", text.lower())) if isinstance(text, str) else set()
            if words and not any(_much_the_same(words, other) for other in seen) and len(quotes) < limit:
                seen.append(words)
                quotes.append((text, by))
    return quotes


def _much_the_same(a: set[str], b: set[str]) -> bool:
    """Most words shared: the same thing said twice (interviewees repeat stock phrases), shown once."""
    return len(a & b) >= 0.7 * min(len(a), len(b))


def _measure_name(measure: str) -> str:
    for prefix in ("positive_", "agree_", "disagree_"):
        if measure.startswith(prefix):
            measure = measure[len(prefix):]
    return DIMENSION_NAMES.get(measure, measure.replace("_", " ")).lower()


def _sum_shown(values: pd.Series) -> int:
    """The sum of published counts, '*' counted as 0: a lower bound, rounded to 5 like its parts."""
    return round_count(sum(int(v) for v in values if v.isdigit()))


def _said(published: str) -> str:
    """A published count in a sentence: '*' reads as 'fewer than 8'."""
    return f"fewer than {MIN_N}" if published == SUPPRESSED else published


def _count(k: int, noun: str) -> str:
    return f"{k} {noun}{'' if k == 1 else 's'}"
