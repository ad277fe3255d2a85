"""The semantic coder: themes recognised by meaning, from sentence embeddings (evaluation.text.embed), zero-shot.

How a segment is coded, with no coding of the team's own:
1. Its embedding goes through the category head: one logistic regression per category (facilitator, value,
   challenge) over the 384 embedding dimensions, shipped with the package (models/category_head.json: how it was
   trained, on what and how well it did is recorded in the file). A category is coded when its probability reaches
   the head's threshold for it, the Cohen's-κ-best cut by cross-validation when the head was fitted.
2. Within a coded category, the theme is the one whose codebook text — its name, definition, inclusions and
   examples — the segment is most similar to (cosine of embeddings). So a team's own codebook works as it is: its
   themes are recognised from what it says about them.
The score is the category probability; the evidence is the segment itself (meaning has no single span of words).
A negation or hedge is not read by this coder: the rule coder reads them, and quotes need both to agree
(evaluation.coding.framework).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.coding.coders.rules import Code, coding_table
from evaluation.coding.coders.thresholds import best_kappa_threshold
from evaluation.text.embed import MODEL_SHA256, EmbeddingCache, SentenceEncoder

HEAD_FILE = "category_head.json"
HEAD_FORMAT = "evaluation.category-head"
_prototypes: dict[tuple[str, str], np.ndarray] = {}


class CategoryHeadError(ValueError):
    """The category head file does not fit the encoder in use; the message says what to do."""


@dataclass(frozen=True)
class CategoryHead:
    """Per category: probability = 1 / (1 + exp(-(w·embedding + b))); coded at or above `thresholds`."""

    weights: np.ndarray  # categories × dimensions
    bias: np.ndarray  # per category
    thresholds: np.ndarray  # per category
    metadata: dict = field(default_factory=dict)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(vectors @ self.weights.T + self.bias)))

    def to_json(self) -> str:
        return json.dumps({"metadata": self.metadata, "categories": list(CATEGORIES),
                           "weights": [[round(float(w), 7) for w in row] for row in self.weights],
                           "bias": [round(float(b), 7) for b in self.bias],
                           "thresholds": [round(float(t), 6) for t in self.thresholds]}, indent=1) + "\n"


def fit_category_head(vectors: np.ndarray, labels: pd.DataFrame, description: str = "", C: float = 2.0,
                      folds: int = 5, seed: int = 0) -> CategoryHead:
    """Fit the category head on embedded sentences coded at category level (one 0/1 column per category).

    Each category's threshold is the Cohen's-κ-best cut of its 5-fold out-of-fold probabilities (κ, not F1: the
    coder is judged by its agreement with people, and at a high prevalence F1 favours coding nearly everything);
    the metadata records the rows, the SHA-256 of the vectors and labels, and the out-of-fold κ per category."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    weights, bias, thresholds, cv_kappa = [], [], [], {}
    for category in CATEGORIES:
        y = labels[category].to_numpy(dtype=int)
        out_of_fold = np.zeros(len(y))
        for train, held_out in StratifiedKFold(folds, shuffle=True, random_state=seed).split(vectors, y):
            fold = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(vectors[train], y[train])
            out_of_fold[held_out] = fold.predict_proba(vectors[held_out])[:, 1]
        threshold, kappa = best_kappa_threshold(out_of_fold, y)
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(vectors, y)
        weights.append(model.coef_[0]), bias.append(model.intercept_[0]), thresholds.append(threshold)
        cv_kappa[category] = round(kappa, 4)
    digest = hashlib.sha256(np.ascontiguousarray(vectors, dtype=np.float32).tobytes()
                            + labels[list(CATEGORIES)].to_numpy(dtype=np.int8).tobytes()).hexdigest()
    metadata = {"format": HEAD_FORMAT, "encoder_sha256": MODEL_SHA256, "training_rows": len(labels),
                "positives": {c: int(labels[c].sum()) for c in CATEGORIES}, "training_sha256": digest,
                "C": C, "threshold": "Cohen's kappa-best cut of 5-fold out-of-fold probabilities",
                "cv_kappa": cv_kappa, "trained_on": description}
    return CategoryHead(np.array(weights), np.array(bias), np.array(thresholds), metadata)


def load_category_head(path: Path | str | None = None) -> CategoryHead:
    """The packaged category head (or one written by benchmarks/train_category_head.py to `path`)."""
    if path is None:
        text = resources.files("evaluation.coding").joinpath("models", HEAD_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    spec = json.loads(text)
    metadata = spec["metadata"]
    if metadata.get("format") != HEAD_FORMAT or metadata.get("encoder_sha256") != MODEL_SHA256:
        raise CategoryHeadError("the category head was fitted on another encoder's embeddings; fit it again "
                                "(benchmarks/train_category_head.py)")
    return CategoryHead(np.array(spec["weights"]), np.array(spec["bias"]), np.array(spec["thresholds"]), metadata)


def theme_texts(codebook: Codebook) -> tuple[list[str], list[int]]:
    """Every text the codebook gives about its themes (name, definition, inclusions, examples), and whose it is."""
    texts, owners = [], []
    for index, theme in enumerate(codebook.themes):
        for text in (theme.name, theme.definition, *theme.include, *theme.examples):
            if text and text.strip():
                texts.append(text.strip())
                owners.append(index)
    return texts, owners


class SemanticCoder:
    """Codes text by meaning against a codebook, with the rule coder's interface (`code`, `code_texts`,
    `categories`); `vectors` gives the embeddings it works from, for other coders to reuse."""

    name = "semantic"

    def __init__(self, codebook: Codebook, encoder: SentenceEncoder | None = None,
                 head: CategoryHead | None = None, cache: EmbeddingCache | None = None):
        self.codebook = codebook
        self.encoder = encoder or SentenceEncoder.load()
        self.head = head or load_category_head()
        self.cache = cache
        texts, owners = theme_texts(codebook)
        key = (self.encoder.sha256, hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest())
        if key not in _prototypes:  # the codebook's texts are embedded once per process
            _prototypes[key] = self.encoder.embed(texts)
        self._prototypes = _prototypes[key]
        self._owners = np.array(owners)
        self._category_themes = [np.array([i for i, t in enumerate(codebook.themes) if t.category == c])
                                 for c in CATEGORIES]

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.embed(texts, self.cache)

    def theme_similarity(self, vectors: np.ndarray) -> np.ndarray:
        """Texts × themes: the highest cosine similarity to any of the theme's codebook texts."""
        similarity = vectors @ self._prototypes.T
        table = np.full((len(vectors), len(self.codebook.themes)), -1.0)
        for theme in np.unique(self._owners):
            table[:, theme] = similarity[:, self._owners == theme].max(axis=1)
        return table

    def category_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Texts × categories (facilitator, value, challenge): the head's probabilities."""
        return self.head.probabilities(vectors)

    def code_vectors(self, texts: Sequence[str], vectors: np.ndarray) -> list[list[Code]]:
        probability = self.category_probabilities(vectors)
        similarity = self.theme_similarity(vectors)
        codes = []
        for row, text in enumerate(texts):
            found = []
            for c, themes in enumerate(self._category_themes):
                if len(themes) and probability[row, c] >= self.head.thresholds[c]:
                    theme = themes[int(np.argmax(similarity[row, themes]))]
                    found.append(Code(self.codebook.themes[theme].id, round(float(probability[row, c]), 3), 0,
                                      len(text), False, (self.name,)))
            codes.append(sorted(found, key=lambda code: (-code.score, code.theme_id)))
        return codes

    def code_texts(self, texts: Iterable[str]) -> list[list[Code]]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        return self.code_vectors(texts, self.vectors(texts))

    def code_text(self, text: str) -> list[Code]:
        return self.code_texts([text])[0]

    def code(self, segment_ids: Sequence[str], texts: Sequence[str]) -> pd.DataFrame:
        """A coding table (evaluation.coding.codings) for the given segments."""
        return coding_table(segment_ids, texts, self.code_texts(texts), self.codebook, self.name)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        present = {self.codebook.category_of(c.theme_id) for c in codes}
        return {category: int(category in present) for category in CATEGORIES}
