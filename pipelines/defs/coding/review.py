"""Human review: the sample handed to reviewers, and agreement with what they send back."""

import dagster as dg

from evaluation.coding.agreement import agreement_summary
from evaluation.coding.exchange import SEGMENTS_PER_SITE, returned_agreement, review_sample, teaching_sample
from evaluation.coding.learning import human_coding
from evaluation.coding.qdpx import export_qdpx
from evaluation.coding.review import export_review_sheet
from evaluation.storage import write_parquet
from pipelines.defs.coding.assets import GROUP
from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import EvaluationProject


@dg.asset(group_name=GROUP, deps=["interview_segments", "coded_segments"], kinds={"xlsx"})
def review_exports(project: EvaluationProject) -> dg.MaterializeResult:
    """For human reviewers, in data/review/outgoing/: coding_review.xlsx (a sample of participants' segments per
    site with the coders' codes and evidence to correct) and coding.qdpx (every interview with the coding, to open
    in NVivo, ATLAS.ti or MAXQDA). Completed sheets and projects go in data/review/returned/. The first sample is
    fixed, half coded and half not; once reviews have come back, the next one holds segments not yet reviewed,
    chosen to teach the learned coder the most (where the coders disagree or are least sure, theme by theme) plus
    a random third so that agreement measured on it stays unbiased."""
    segments, coding = project.table("interview_segments"), project.table("coded_segments")
    outgoing = project.review_dir / "outgoing"
    _, reviewed, _, _ = human_coding(project.review_dir / "returned", segments, project.codebook)
    sample = teaching_sample(segments, coding, reviewed) if reviewed else review_sample(segments, coding)
    sheet = export_review_sheet(outgoing / "coding_review.xlsx", sample,
                                coding[coding["segment_id"].isin(sample["segment_id"])], project.codebook)
    qdpx = export_qdpx(outgoing / "coding.qdpx", segments, coding.drop(columns="site_id"), project.codebook)
    (project.review_dir / "returned").mkdir(parents=True, exist_ok=True)
    return dg.MaterializeResult(metadata={
        "review sheet": dg.MetadataValue.path(str(sheet)),
        "segments to review": len(sample),
        "sample": "chosen to teach the learned coder (+ a random third)" if reviewed else "first round: fixed, "
                  "half coded and half not",
        "segments already reviewed": len(reviewed),
        "per site": SEGMENTS_PER_SITE,
        "qdpx project": dg.MetadataValue.path(str(qdpx)),
        "return completed reviews to": dg.MetadataValue.path(str(project.review_dir / "returned")),
    })


@dg.asset(group_name=GROUP, deps=["coded_segments", review_exports], kinds={"parquet"})
def coding_agreement(project: EvaluationProject) -> dg.MaterializeResult:
    """How far the rule coder agrees with each human review returned in data/review/returned/ (.xlsx sheets and
    .qdpx projects): Cohen's κ, Krippendorff's α, precision, recall and F1 per category and per theme, the human
    review taken as the reference. Empty until a review comes back."""
    segments, coding = project.table("interview_segments"), project.table("coded_segments")
    table, notes = returned_agreement(project.review_dir / "returned", segments, coding, project.codebook)
    path = write_parquet(table, project.processed_dir / "coding_agreement.parquet")
    summaries = [agreement_summary(group) for _, group in table.groupby(["review_file", "level"])] if len(table) else []
    return dg.MaterializeResult(metadata={
        **table_metadata(table, path),
        "summary": dg.MetadataValue.md("\n\n".join(summaries) or "_no completed reviews in data/review/returned/ "
                                                                  "yet_"),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in notes) or "_none_"),
    })
