"""The methods appendix, written once in the cross-site report: samples, the disclosure rule, how the coding was
done and how well it agrees with human coders, the survey scales, the statistics behind each plain-words result, and
the dimensions' reliability. Case studies link to it rather than repeat it."""

from __future__ import annotations

from evaluation.reports.document import BulletList, Paragraph, Section, Table
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.layout import link, slug
from evaluation.reports.wording import SUPPRESSION_KEY, wave_name
from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER, SUPPRESSED

METHODS = "Appendix: methods and limitations"
CROSS_SITE_REPORT = "report:../cross_site_report"  # from a case study (case_studies/<site>.*) to the cross-site report


def methods_link(site_id: str | None = None) -> str:
    """A link to the methods appendix: in this report, or from a case study in the cross-site report."""
    if site_id is None:
        return link("see the methods appendix", f"#{slug(METHODS)}")
    return link("see the cross-site report's methods appendix", f"{CROSS_SITE_REPORT}#{slug(METHODS)}")


def methods_pointer() -> Section:
    """A case study's methods section: a pointer to the one full account."""
    return Section("Methods", (Paragraph(
        "How the evaluation was done (who was asked, how interviews and comments were coded, the statistics, and "
        "the rule that hides small numbers) is set out once, for every site, in the cross-site report: "
        f"{methods_link('site')}."),))


def methods(inputs: ReportInputs) -> Section:
    reliability = inputs.table("reliability")
    reliability = reliability.assign(dimension=reliability["dimension"].map(inputs.dimension_name),
                                     wave=wave_name(reliability["wave"])).rename(columns={
        "wave": "Wave", "dimension": "Dimension", "n_respondents": "Respondents", "alpha": "Cronbach's alpha",
        "ci_low": "CI low", "ci_high": "CI high"})
    provenance = dict(inputs.provenance)
    blocks = [BulletList((
        "**Samples**: sites differ a great deal in how many people answered the survey and how many were "
        "interviewed (see 'Who took part'). Small sites give wide intervals: read their figures as indications.",
        f"**Disclosure control**: every count from 1 to {SMALL_NUMBER - 1} is shown as '{SUPPRESSED}', other counts "
        f"are rounded to the nearest {ROUNDING_BASE}, and percentages, means and medians on fewer than "
        f"{SMALL_NUMBER} people are not shown; a hidden number is protected from being worked out from totals. "
        "Quotes are attributed by role only and were redacted of names, places and other identifying details.",
        f"**Automated coding**: interviews and survey comments were coded against the codebook "
        f"({provenance.get('Codebook', '')}) by rules (its patterns, reading negation and hedging) together with a "
        f"sentence encoder that recognises a theme by meaning (all-MiniLM-L6-v2){_learning_sentence(inputs)}. "
        f"{_agreement_sentence(inputs)} Quotes come only from segments coded with confidence and agreed by more "
        "than one coder, never from a negated or hedged mention; catch-all 'other' themes are never reported as the "
        "most common.",
        f"**Survey**: {provenance.get('Survey instrument', '')}; scale scores are means of a dimension's items "
        "(at least half answered), negatively worded items reversed.",
    )), Paragraph("**The statistics behind the plain words**"), BulletList((
        "**Change ('clearly more positive')**: the Wilcoxon signed-rank test on the respondents who answered both "
        "times where there are at least 5 of them, otherwise the Mann–Whitney U test on everyone who answered; the "
        "size of change is the rank-biserial correlation r with a 95% interval (Fisher's z, as R's "
        "effectsize package computes it), and a change is called clear when that interval leaves out 0.",
        "**Change across sites, question by question**: a proportional-odds (ordinal logistic) model per question "
        "with wave, role and site terms; 'same shift at every answer level' is the Brant test of the "
        "proportional-odds assumption.",
        "**Differences between sites ('differ clearly')**: the Kruskal–Wallis test per question and dimension, "
        "with the Benjamini–Hochberg correction for the number of tests (false discovery rate 5%); Dunn's test "
        "then says which sites differ ('higher than ...').",
        "**Expected range for a site of its size (funnel plots)**: proportions on the arcsine-square-root scale, "
        "over-dispersion from 10%-winsorised z-scores with an additive random effect (Spiegelhalter 2005; NHS-R "
        "FunnelPlotR); 'above/below the expected range' is outside the 95% limits, 'well above/below' outside "
        "99.8%.",
        "**Reliability**: Cronbach's alpha per dimension with a 95% interval (table below).",
    )), Table("Reliability of the dimensions (Cronbach's alpha, all sites)", reliability, SUPPRESSION_KEY)]
    return Section(METHODS, tuple(blocks))


def _agreement_sentence(inputs: ReportInputs) -> str:
    """How well the automated coding agrees with human reviewers, once a review has been returned."""
    if inputs.agreement.empty:
        return ("No human review of this evaluation's automated coding has been returned yet, so its agreement "
                "with human coders is not measured on these data; the review sheets in data/review/outgoing/ "
                "are ready for reviewers.")
    overall = inputs.agreement[inputs.agreement["code"] == "overall"]
    kappas = ", ".join(f"{r.level} κ = {r.cohen_kappa:.2f}" for r in overall.itertuples())
    return f"Human reviewers checked a sample of the automated coding: agreement (Cohen's κ, pooled) {kappas}."


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
