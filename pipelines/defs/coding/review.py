"""Human review: the sample handed to reviewers, and agreement with what they send back."""

import dagster as dg
import pandas as pd

from evaluation.coding.agreement import agreement_summary
from evaluation.coding.exchange import SEGMENTS_PER_SITE
from evaluation.stages.review import agreement_with_returned, export_for_review
from pipelines.defs.coding.assets import GROUP
from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE


@dg.asset(group_name=GROUP, kinds={"xlsx"}, tags=CROSS_SITE)
def review_exports(project: EvaluationProject, interview_segments: pd.DataFrame,
                   coded_segments: pd.DataFrame) -> dg.MaterializeResult:
    """For human reviewers: coding_review.xlsx (a sample of participants' segments per site with the coders' codes
    and evidence to correct) and coding.qdpx (every interview with the coding, to open in NVivo, ATLAS.ti or MAXQDA).
    Completed sheets and projects go in the review folder's returned/. The first sample is fixed, half coded and half
    not; once reviews have come back, the next one holds segments not yet reviewed, chosen to teach the learned coder
    the most (where the coders disagree or are least sure, theme by theme) plus a random third so that agreement
    measured on it stays unbiased."""
    export = export_for_review(project.project, interview_segments, coded_segments)
    return dg.MaterializeResult(metadata={
        "review sheet": dg.MetadataValue.path(str(export.sheet)),
        "segments to review": export.segments,
        "sample": "chosen to teach the learned coder (+ a random third)" if export.teaching else "first round: "
                  "fixed, half coded and half not",
        "segments already reviewed": export.already_reviewed,
        "per site": SEGMENTS_PER_SITE,
        "qdpx project": dg.MetadataValue.path(str(export.project)),
        "return completed reviews to": dg.MetadataValue.path(str(project.layout.review_returned)),
    })


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=CROSS_SITE, deps=[review_exports])
def coding_agreement(project: EvaluationProject, interview_segments: pd.DataFrame,
                     coded_segments: pd.DataFrame) -> dg.Output:
    """How far the coding agrees with each human review returned (.xlsx sheets and .qdpx projects): Cohen's κ,
    Krippendorff's α, precision, recall and F1 per category and per theme, the human review taken as the reference.
    Empty until a review comes back."""
    agreement = agreement_with_returned(project.project, interview_segments, coded_segments)
    table = agreement.table
    summaries = [agreement_summary(group) for _, group in table.groupby(["review_file", "level"])] if len(table) else []
    return dg.Output(table, metadata={
        **table_metadata(table),
        "summary": dg.MetadataValue.md("\n\n".join(summaries) or "_no completed reviews returned yet_"),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in agreement.notes) or "_none_"),
    })
