"""Human review: what reviewers sent back, the sample handed to them, and agreement with their coding."""

import dagster as dg
import pandas as pd

from evaluation.coding.agreement import agreement_summary
from evaluation.coding.review.round_trip import SEGMENTS_PER_SITE
from evaluation.coding.review.round_trip import ReturnedReviews
from evaluation.stages.review import agreement_with_returned, export_for_review, read_returned
from pipelines.defs.coding.assets import GROUP
from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=CROSS_SITE)
def returned_reviews(project: EvaluationProject, interview_segments: pd.DataFrame) -> dg.Output:
    """Every coded review returned to the review folder's returned/ (review sheets, and NVivo, ATLAS.ti or MAXQDA
    projects) that is safe to open, read once as codings of the segments: which segments each reviewer went
    through and the themes they coded. A file that is a link out of the folder, too large, declaring XML entities or
    unreadable is left out with a note. The learned coder, the framework's confirmed quotes, the next review sample
    and the agreement figures all read it from here."""
    returned = read_returned(project.project, interview_segments)
    return dg.Output(returned, metadata={
        "review files": ", ".join(r.file for r in returned.reviews) or "none",
        "segments reviewed": sum(len(r.reviewed) for r in returned.reviews),
        "codes": sum(len(r.coding) for r in returned.reviews),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in returned.notes) or "_none_"),
    })


@dg.asset(group_name=GROUP, kinds={"xlsx"}, tags=CROSS_SITE)
def review_exports(project: EvaluationProject, interview_segments: pd.DataFrame, coded_segments: pd.DataFrame,
                   returned_reviews: ReturnedReviews) -> dg.MaterializeResult:
    """For human reviewers: coding_review.xlsx (a sample of participants' segments per site with the coders' codes
    and evidence to correct) and coding.qdpx (every interview with the coding, to open in NVivo, ATLAS.ti or MAXQDA).
    Completed sheets and projects go in the review folder's returned/. The first sample is fixed, half coded and half
    not; once reviews have come back, the next one holds segments not yet reviewed, chosen to teach the learned coder
    the most (where the coders disagree or are least sure, theme by theme) plus a random third so that agreement
    measured on it stays unbiased."""
    export = export_for_review(project.project, interview_segments, coded_segments, returned_reviews)
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
def coding_agreement(project: EvaluationProject, returned_reviews: ReturnedReviews,
                     coded_segments: pd.DataFrame) -> dg.Output:
    """How far the coding agrees with each human review returned (.xlsx sheets and .qdpx projects): Cohen's κ,
    Krippendorff's α, precision, recall and F1 per category and per theme, the human review taken as the reference.
    Empty until a review comes back."""
    agreement = agreement_with_returned(project.project, returned_reviews, coded_segments)
    table = agreement.table
    summaries = [agreement_summary(group) for _, group in table.groupby(["review_file", "level"])] if len(table) else []
    return dg.Output(table, metadata={
        **table_metadata(table),
        "summary": dg.MetadataValue.md("\n\n".join(summaries) or "_no completed reviews returned yet_"),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in agreement.notes) or "_none_"),
    })
