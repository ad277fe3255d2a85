"""The learning loop: the evaluators' returned reviews teach the learned coder, and say honestly how well it codes.

1. ``human_coding``: every returned review (.xlsx sheets and .qdpx projects, as read by
   evaluation.coding.review.round_trip.read_returned_reviews) as one human coding; a segment reviewed in several files counts once, as the first file (by name) coded it.
2. ``learn_from_reviews``: the learned coder trained on the reviewed segments (their text, the reviewer's themes,
   the codebook), and the cross-validated agreement of the default coder with that model against the reviewers:
   k-fold, each fold coded by a model trained on the other folds, Cohen's κ per theme and per category over the
   pooled held-out segments. The figure a methods section can state, with the number of examples it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import Codebook
from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.training_data import TrainingDataError, TrainingSet
from evaluation.coding.codings import coding_frame, presence
from evaluation.coding.review.round_trip import ReturnedReviews

FOLDS = 5
MIN_EXAMPLES = 20  # reviewed segments needed before the loop learns (and states agreement)


@dataclass
class Learning:
    """What the loop learned: the coder (None when it could not learn yet), its cross-validated agreement (the
    agreement table of evaluation.coding.agreement, theme and category rows), and what it rests on."""

    coder: LearnedCoder | None
    agreement: pd.DataFrame
    examples: int
    review_files: list[str]
    notes: list[str] = field(default_factory=list)

    def category_kappa(self) -> dict[str, float]:
        rows = self.agreement[(self.agreement["level"] == "category") & (self.agreement["code"] != "overall")]
        return {code: round(float(k), 3) for code, k in zip(rows["code"], rows["cohen_kappa"])}


def human_coding(returned: ReturnedReviews) -> tuple[pd.DataFrame, list[str]]:
    """(coding, reviewed segment ids) over every returned review."""
    tables, reviewed = [], []
    seen: set[str] = set()
    for review in returned.reviews:
        fresh = [s for s in review.reviewed if s not in seen]
        seen.update(fresh)
        reviewed += fresh
        tables.append(review.coding[review.coding["segment_id"].isin(set(fresh))])
    return (pd.concat(tables, ignore_index=True) if tables else coding_frame()), reviewed


def training_set(coding: pd.DataFrame, reviewed: list[str], segments: pd.DataFrame,
                 codebook: Codebook) -> TrainingSet:
    """The reviewed segments' text with the reviewers' themes (0/1 per theme of the codebook)."""
    text_of = dict(zip(segments["segment_id"], segments["text"]))
    ids = [s for s in reviewed if isinstance(text_of.get(s), str) and text_of[s].strip()]
    labels = presence(coding, ids, codebook).reset_index(drop=True)
    return TrainingSet([text_of[s] for s in ids], labels)


def learn_from_reviews(returned: ReturnedReviews, segments: pd.DataFrame, default: DefaultCoder,
                       folds: int = FOLDS) -> Learning:
    """Train on every returned review and measure the default coder with it by k-fold cross-validation."""
    codebook = default.codebook
    coding, reviewed = human_coding(returned)
    files, notes = [review.file for review in returned.reviews], list(returned.notes)
    training = training_set(coding, reviewed, segments, codebook)
    examples = len(training.texts)
    if examples < MIN_EXAMPLES:
        if files:
            notes.append(f"{examples} reviewed segments; the coder learns from {MIN_EXAMPLES} or more")
        return Learning(None, pd.DataFrame(), examples, files, notes)
    cache = default.semantic.cache
    try:
        coder = LearnedCoder.train(training, codebook, cache=cache)
    except TrainingDataError as error:
        notes.append(f"not learned yet: {error}")
        return Learning(None, pd.DataFrame(), examples, files, notes)
    coder.cache = cache
    ids = [f"r{i}" for i in range(examples)]
    human = coding_frame({"segment_id": ids[row], "theme_id": theme, "category": codebook.category_of(theme),
                          "coder": "reviewers"}
                         for theme in training.labels.columns for row in np.flatnonzero(training.labels[theme]))
    agreement = pd.concat([coding_agreement(cross_validated_coding(training, default, folds, ids), human, ids,
                                            codebook, level=level) for level in ("category", "theme")],
                          ignore_index=True)
    return Learning(coder, agreement, examples, files, notes)


def cross_validated_coding(training: TrainingSet, default: DefaultCoder, folds: int,
                           ids: list[str]) -> pd.DataFrame:
    """Each held-out fold coded by the default coder with a model trained on the other folds (a fold whose
    training part cannot be learned from is coded without a model)."""
    tables = []
    splits = KFold(min(folds, len(ids)), shuffle=True, random_state=0).split(ids)
    for train_rows, test_rows in splits:
        part = TrainingSet([training.texts[i] for i in train_rows],
                           training.labels.iloc[train_rows].reset_index(drop=True))
        try:
            learned = LearnedCoder.train(part, default.codebook, cache=default.semantic.cache)
            learned.cache = default.semantic.cache
        except TrainingDataError:
            learned = None
        coder = DefaultCoder(default.rules, default.semantic, learned)
        tables.append(coder.code([ids[i] for i in test_rows], [training.texts[i] for i in test_rows]))
    return coding_frame(pd.concat(tables, ignore_index=True).to_dict("records"))
