"""Choosing a coder's cut-off from coded examples: the F1-best or κ-best threshold, and F1 estimated honestly by
cross-fitting."""

from __future__ import annotations

import math

import numpy as np


def best_threshold(probability: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The probability cut with the highest F1 on these rows, and that F1.

    Rows are ranked by probability; coding the top k gives F1 = 2·TP(k) / (k + positives). The threshold sits
    halfway between the k-th probability and the next, never on a training row's value. When no cut finds a
    positive row, the theme is never coded (threshold inf, F1 0).

    >>> best_threshold(np.array([0.9, 0.8, 0.5, 0.25, 0.1]), np.array([1, 0, 1, 0, 0]))  # top 3: F1 = 4/5
    (0.375, 0.8)
    """
    order = np.argsort(-probability, kind="stable")
    ranked, hits = probability[order], truth[order]
    f1 = 2 * np.cumsum(hits) / (np.arange(1, len(ranked) + 1) + max(hits.sum(), 1))
    f1[:-1][ranked[1:] == ranked[:-1]] = -1  # a cut falls between distinct probabilities only
    k = int(np.argmax(f1))
    if f1[k] <= 0:
        return math.inf, 0.0
    following = ranked[k + 1] if k + 1 < len(ranked) else 0.0
    return float((ranked[k] + following) / 2), float(f1[k])


def cross_fitted_f1(probability: np.ndarray, truth: np.ndarray, folds, choose=None) -> np.ndarray:
    """Per theme (column), F1 over all rows when each fold is coded with the threshold tuned on the other folds
    (by `choose`, best_threshold unless given)."""
    choose = choose or best_threshold
    coded = np.zeros(truth.shape, dtype=bool)
    for train_rows, held_out in folds:
        for j in range(truth.shape[1]):
            threshold, _ = choose(probability[train_rows, j], truth[train_rows, j])
            coded[held_out, j] = probability[held_out, j] >= threshold
    hits = (coded & (truth == 1)).sum(axis=0)
    return 2 * hits / np.maximum(coded.sum(axis=0) + (truth == 1).sum(axis=0), 1)


def best_kappa_threshold(probability: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The probability cut with the highest Cohen's κ against `truth` on these rows, and that κ.

    As best_threshold, but κ rather than F1: for a frequent code F1 is highest when nearly everything is coded (at a
    prevalence of one half, coding all gives F1 0.67 and κ 0), so κ is the cut for coders judged against people.

    >>> best_kappa_threshold(np.array([0.9, 0.8, 0.5, 0.25, 0.1]), np.array([1, 0, 1, 0, 0]))  # top 3: κ = 0.62
    (0.375, 0.6154)
    """
    order = np.argsort(-probability, kind="stable")
    ranked, hits = probability[order], truth[order].astype(float)
    n, positives = len(ranked), hits.sum()
    coded = np.arange(1, n + 1)
    true_positives = np.cumsum(hits)
    observed = (true_positives + (n - coded - (positives - true_positives))) / n
    expected = (coded * positives + (n - coded) * (n - positives)) / n ** 2
    kappa = np.where(expected < 1, (observed - expected) / np.where(expected < 1, 1 - expected, 1), 0.0)
    kappa[:-1][ranked[1:] == ranked[:-1]] = -1
    k = int(np.argmax(kappa))
    if kappa[k] <= 0:
        return math.inf, 0.0
    following = ranked[k + 1] if k + 1 < len(ranked) else 0.0
    return float((ranked[k] + following) / 2), round(float(kappa[k]), 4)
