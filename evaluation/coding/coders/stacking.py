"""Sentence embeddings as features for the learned coder, stacked with its TF-IDF model.

Per label (a theme, or a category when the coding is at category level) the learned coder has up to three scores:
1. the TF-IDF ridge score (evaluation.coding.coders.learned);
2. an embedding ridge score: one ridge regression over the 384 embedding dimensions for all labels at once;
3. a prior from the zero-shot semantic coder (evaluation.coding.coders.semantic), when the labels belong to the
   codebook: the category head's log-odds for a category, the similarity to the theme's codebook texts for a theme.
A per-label logistic curve over the out-of-fold scores (the stack) turns them into one probability. So with a few
dozen examples the prior carries most of the weight, and with thousands the text models do; the curve learns which.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import Ridge

from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.text.embed import MODEL_SHA256, EmbeddingCache, SentenceEncoder

EMBEDDING_ALPHA = 1.0  # FFT training rows, 5-fold CV macro-F1: 0.575 at 1; per-label choice by LOO did no better


@dataclass
class SemanticFeatures:
    """The embedding ridge (labels × dimensions) and which prior each label takes (kind, index) or None."""

    coef: np.ndarray
    intercept: np.ndarray
    priors: tuple[tuple[str, int] | None, ...]
    encoder_sha256: str = MODEL_SHA256

    @classmethod
    def fit(cls, vectors: np.ndarray, y: np.ndarray, folds: list, labels: list[str], codebook: Codebook | None,
            alpha: float = EMBEDDING_ALPHA) -> tuple[SemanticFeatures, np.ndarray]:
        """The fitted features and the out-of-fold embedding scores (rows × labels)."""
        out_of_fold = np.zeros_like(y)
        for train_rows, held_out in folds:
            out_of_fold[held_out] = Ridge(alpha=alpha).fit(vectors[train_rows], y[train_rows]).predict(
                vectors[held_out]).reshape(len(held_out), -1)
        final = Ridge(alpha=alpha).fit(vectors, y)
        return cls(np.atleast_2d(final.coef_), np.atleast_1d(final.intercept_), priors_for(labels, codebook)), \
            out_of_fold

    def embedding_scores(self, vectors: np.ndarray) -> np.ndarray:
        return vectors @ self.coef.T + self.intercept

    @property
    def has_prior(self) -> bool:
        return any(p is not None for p in self.priors)

    def prior_scores(self, vectors: np.ndarray, semantic) -> np.ndarray:
        """Rows × labels: the zero-shot coder's log-odds (categories) or similarity (themes); 0 where none."""
        table = np.zeros((len(vectors), len(self.priors)))
        if semantic is None or not self.has_prior:
            return table
        logits = vectors @ semantic.head.weights.T + semantic.head.bias
        similarity = semantic.theme_similarity(vectors)
        for j, prior in enumerate(self.priors):
            if prior is not None:
                kind, index = prior
                table[:, j] = logits[:, index] if kind == "category" else similarity[:, index]
        return table


def priors_for(labels: list[str], codebook: Codebook | None) -> tuple[tuple[str, int] | None, ...]:
    if codebook is None or not codebook.categories:
        return tuple(None for _ in labels)
    themes = codebook.theme_ids
    return tuple(("category", CATEGORIES.index(label)) if label in CATEGORIES
                 else ("theme", themes.index(label)) if label in themes else None for label in labels)


_semantic_coders: dict[str, object] = {}


def semantic_coder(codebook: Codebook | None, cache: EmbeddingCache | None = None):
    """The zero-shot semantic coder of a codebook (one per process and codebook), or None without categories."""
    if codebook is None or not codebook.categories:
        return None
    from evaluation.coding.coders.semantic import SemanticCoder

    if codebook.label not in _semantic_coders:
        _semantic_coders[codebook.label] = SemanticCoder(codebook)
    coder = _semantic_coders[codebook.label]
    coder.cache = cache
    return coder


def embed(texts: list[str], cache: EmbeddingCache | None = None) -> np.ndarray:
    return SentenceEncoder.load().embed(texts, cache)
