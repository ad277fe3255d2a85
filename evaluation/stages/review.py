"""Human review: the reviews that came back, the learned coder trained on them, the sample sent out for review, and
agreement with what reviewers sent back (data/review/returned/ is read by `read_returned` and nowhere else)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.qdpx import export_qdpx
from evaluation.coding.review.learning import Learning, human_coding, learn_from_reviews
from evaluation.coding.review.round_trip import (ReturnedReviews, read_returned_reviews, returned_agreement,
                                                review_sample, teaching_sample)
from evaluation.coding.review.sheet_export import export_review_sheet
from evaluation.stages.project import Project


@dataclass(frozen=True)
class LearnedModel:
    """The learned coder (None until enough reviews came back) and its cross-validated agreement with reviewers."""
    coder: LearnedCoder | None
    agreement: pd.DataFrame


@dataclass(frozen=True)
class ReviewExport:
    sheet: Path
    project: Path
    segments: int  # in the sheet
    already_reviewed: int  # segments reviewers have coded so far
    teaching: bool  # chosen to teach the learned coder (after a first return) rather than the fixed first sample


@dataclass(frozen=True)
class Agreement:
    table: pd.DataFrame  # coding_agreement: per returned review, category and theme
    notes: list[str] = field(default_factory=list)


def read_returned(project: Project, segments: pd.DataFrame) -> ReturnedReviews:
    """Every coded review returned (review sheets, NVivo/ATLAS.ti/MAXQDA projects) that is safe to open, as codings
    of the segments; a note for each file refused or problem found."""
    return read_returned_reviews(project.layout.review_returned, segments, project.codebook)


def learn_from_returned(returned: ReturnedReviews, segments: pd.DataFrame, zero_shot: DefaultCoder) -> Learning:
    """Train the learned coder on every returned review, measuring the zero-shot coder with it by cross-validation."""
    return learn_from_reviews(returned, segments, zero_shot)


def export_for_review(project: Project, segments: pd.DataFrame, coding: pd.DataFrame,
                      returned: ReturnedReviews) -> ReviewExport:
    """The review sheet and the QDA project. The first sample is fixed, half coded and half not; once reviews have
    come back, the next holds segments not yet reviewed that would teach the learned coder most, plus a random third."""
    layout = project.layout
    _, reviewed = human_coding(returned)
    sample = teaching_sample(segments, coding, reviewed) if reviewed else review_sample(segments, coding)
    sheet = export_review_sheet(layout.review_sheet, sample, coding[coding["segment_id"].isin(sample["segment_id"])],
                                project.codebook)
    qdpx = export_qdpx(layout.review_project, segments, coding.drop(columns="site_id"), project.codebook)
    layout.review_returned.mkdir(parents=True, exist_ok=True)
    return ReviewExport(sheet, qdpx, len(sample), len(reviewed), bool(reviewed))


def agreement_with_returned(project: Project, returned: ReturnedReviews, coding: pd.DataFrame) -> Agreement:
    """Cohen's κ, Krippendorff's α, precision, recall and F1 of the coding against each returned review."""
    return Agreement(returned_agreement(returned, coding, project.codebook), list(returned.notes))
