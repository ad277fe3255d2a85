"""Sentiment learned from human-scored examples, for when a team has them: an alternative to VADER.

VADER knows general English (and social media); it does not know that "Nothing" answering "What was good?" is
damning. On the held-out NHS Friends and Family Test comments (benchmarks/fft_learned_coder.py) VADER reaches Spearman
ρ 0.34 with the labellers' scores and 54% three-class accuracy; this model, trained on the other comments' scores,
ρ 0.78 and 80% from the text alone, ρ 0.83 and 84% with the question, the respondent's FFT rating, the trust and
the service as context.

The model: the learned coder's features (evaluation.coding.coders.learned.TextFeatures: word and character TF-IDF plus
optional context columns) and a multinomial logistic regression over the scores given (1–5, say). The predicted
score is the expected value over the classes; ``compound`` maps it onto VADER's -1 (negative) to 1 (positive), so it
can stand in wherever VADER's compound is used. Deterministic (lbfgs), saved like the learned coder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression

from evaluation.coding.coders.learned import Settings, TextFeatures, read_model_file, write_model_file
from evaluation.coding.coders.training_data import TrainingDataError

MODEL_FORMAT = "evaluation.learned-sentiment"
MODEL_FORMAT_VERSION = 1
PENALTY_C = 3.0  # inverse regularisation, chosen by cross-validation on the FFT training rows


@dataclass
class LearnedSentiment:
    """Scores text on the scale of its training scores. `positive_is_high` says which end of it is positive (the
    FFT labellers' 1 is very positive: False)."""

    features: TextFeatures
    classifier: LogisticRegression
    positive_is_high: bool
    metadata: dict

    @classmethod
    def train(cls, texts: Sequence[str], scores: Sequence[int], context: pd.DataFrame | None = None,
              positive_is_high: bool = True) -> LearnedSentiment:
        """Learn from texts and their whole-number scores (rows with a missing score are left out)."""
        scores = pd.Series(pd.to_numeric(pd.Series(list(scores)), errors="coerce"))
        keep = scores.notna().to_numpy()
        if keep.sum() < 10 or scores[keep].nunique() < 2:
            raise TrainingDataError("learning sentiment needs at least 10 scored texts and two different scores")
        texts = [t for t, k in zip(texts, keep) if k]
        context = context[keep].reset_index(drop=True) if context is not None else None
        features, matrix = TextFeatures.fit(texts, context, Settings())
        classifier = LogisticRegression(C=PENALTY_C, max_iter=3000).fit(matrix, scores[keep].astype(int))
        metadata = {"format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION,
                    "scikit_learn": sklearn.__version__, "settings": asdict(Settings()), "penalty_c": PENALTY_C,
                    "training_rows": int(keep.sum()), "scores": [int(c) for c in classifier.classes_],
                    "context_columns": list(features.context_columns)}
        return cls(features, classifier, positive_is_high, metadata)

    def scores(self, texts: Sequence[str], context: pd.DataFrame | None = None) -> pd.Series:
        """The expected score of each text, on the training scale."""
        probability = self.classifier.predict_proba(self.features.transform(texts, context))
        return pd.Series(probability @ self.classifier.classes_.astype(float), dtype="float64")

    def compound(self, texts: Sequence[str], context: pd.DataFrame | None = None) -> pd.Series:
        """The expected score mapped linearly onto -1 (most negative) … 1 (most positive), VADER's scale."""
        low, high = float(self.classifier.classes_.min()), float(self.classifier.classes_.max())
        position = (self.scores(texts, context) - low) / (high - low)  # 0 at the lowest score, 1 at the highest
        return (2 * position - 1) if self.positive_is_high else (1 - 2 * position)

    def save(self, path: Path | str) -> Path:
        return write_model_file(path, {"metadata": self.metadata, "features": self.features,
                                       "classifier": self.classifier, "positive_is_high": self.positive_is_high})

    @classmethod
    def load(cls, path: Path | str) -> LearnedSentiment:
        """Read a file written by `save` (only open files you made or trust: it is a pickle)."""
        payload = read_model_file(path, MODEL_FORMAT, MODEL_FORMAT_VERSION)
        return cls(payload["features"], payload["classifier"], payload["positive_is_high"], payload["metadata"])
