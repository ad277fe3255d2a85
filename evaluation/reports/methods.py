"""The methods and limitations section: samples, the disclosure rule, how the coding was done and how well it agrees
with human coders, the survey scales, the funnel plots, and the dimensions' reliability."""

from __future__ import annotations

from evaluation.reports.document import BulletList, Section, Table
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.wording import DIMENSION_NAMES, SUPPRESSION_KEY, wave_name
from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER, SUPPRESSED


def methods(inputs: ReportInputs) -> Section:
    reliability = inputs.table("reliability")
    reliability = reliability.assign(dimension=reliability["dimension"].map(DIMENSION_NAMES).fillna(
        reliability["dimension"]), wave=wave_name(reliability["wave"])).rename(columns={
        "wave": "Wave", "dimension": "Dimension", "n_respondents": "Respondents", "alpha": "Cronbach's alpha",
        "ci_low": "CI low", "ci_high": "CI high"})
    provenance = dict(inputs.provenance)
    blocks = [BulletList((
        "**Samples**: survey respondents per site from a handful to over a hundred; interviews 5 to 12 per site. "
        "Small sites give wide intervals: read their figures as indications.",
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
        "**Funnel plots**: proportions on the arcsine-square-root scale, over-dispersion from 10%-winsorised "
        "z-scores with an additive random effect (Spiegelhalter 2005; NHS-R FunnelPlotR), 95% and 99.8% limits.",
    )), Table("Reliability of the dimensions (Cronbach's alpha, all sites)", reliability, SUPPRESSION_KEY)]
    return Section("Methods and limitations", tuple(blocks))


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
