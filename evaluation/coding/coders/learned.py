"""The learned coder: themes learned from a team's own human-coded examples, behind the rule coder's interface.

It learns from any human coding (evaluation.coding.coders.training_data: a returned review sheet, or a CSV with a text
column and one 0/1 column per theme). How it codes a text:

1. Features (``TextFeatures``): TF-IDF of words (1–2-grams) and of characters inside word boundaries (2–6-grams),
   both with sublinear term frequency, plus optional context columns known when a text is coded (the question a
   comment answers, the service), one-hot. An n-gram found in only one training text is left out, so a name
   mentioned once is not in the model file.
2. One ridge regression for all themes at once: a linear score per theme, in a single fit however many themes.
   With ``Settings.embeddings`` (the default) two more scores per theme join it (evaluation.coding.coders.stacking):
   a ridge regression on the text's sentence embedding, and, for the codebook's themes and categories, the zero-shot
   semantic coder's score as a prior. Labels named facilitator, value or challenge are learned as categories.
3. The scores become a probability: per theme, a logistic curve over the out-of-fold scores (the stack; with the
   TF-IDF score alone, Platt scaling).
4. Each theme's threshold is tuned on the training rows only: 5-fold cross-validation gives out-of-fold
   probabilities, and the cut with the highest F1 is kept (with a codebook, the highest Cohen's κ: the measure of
   agreement with people, which F1 would trade away for a frequent code). A theme is coded when its probability
   reaches it.
5. ``metadata["cv_f1"]`` estimates each theme's F1 on new text honestly: thresholds tuned on four folds are applied
   to the fifth (a threshold tuned and scored on the same rows flatters rare themes).

Deterministic: fixed folds and no random solver, so the same training data and settings give a byte-identical model
file. The file records its format version, the scikit-learn version, the encoder's SHA-256, the themes, thresholds,
the cross-validated F1 and a SHA-256 of the training data, never a date or a path. It is a gzip-compressed pickle:
load only model files you made or trust.

Measured on 7,908 real NHS Friends and Family Test comments (34 themes): benchmarks/fft_learned_coder.py.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.parallel import Parallel, delayed

from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.coding.coders.model_file import ModelFileError, ModelVersionWarning, read_model_file, write_model_file
from evaluation.coding.coders.rules import Code, coding_table
from evaluation.coding.coders.stacking import SemanticFeatures, embed, semantic_coder
from evaluation.coding.coders.thresholds import best_kappa_threshold, best_threshold, cross_fitted_f1
from evaluation.coding.coders.training_data import TrainingDataError, TrainingSet, label_codebook
from evaluation.text.embed import MODEL_SHA256, EmbeddingCache

__all__ = ["LearnedCoder", "ModelFileError", "ModelVersionWarning", "Settings", "TextFeatures", "best_threshold",
           "cross_fitted_f1", "read_model_file", "write_model_file"]

MODEL_FORMAT = "evaluation.learned-coder"
MODEL_FORMAT_VERSION = 2
MIN_POSITIVE = 3  # a theme needs this many coded texts, and as many uncoded, to be learned
MIN_ROWS = 10
PARALLEL_FROM = 2000
_SKIPPED = r"(?:\W+\w(?!\w))*\W+"  # between the words of a bigram: one-letter words, which the tokeniser drops


@dataclass(frozen=True)
class Settings:
    """How the learned coder is trained. The defaults are the ones cross-validated on the FFT training rows."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 6)
    min_df: int = 2  # training texts an n-gram must appear in
    alpha: float = 3.0  # ridge penalty: FFT cross-validated macro-F1 0.553, 0.549, 0.544 at 2, 3, 5
    folds: int = 5
    seed: int = 0  # shuffles the cross-validation folds
    embeddings: bool = True  # stack sentence-embedding scores (evaluation.coding.coders.stacking) with the TF-IDF model
    embedding_alpha: float = 1.0  # ridge penalty of the embedding scores
    stack_c: float = 100.0  # inverse penalty of the stack's logistic curves
    cut: str = "auto"  # each theme's threshold: "f1", "kappa", or "auto" (κ with a codebook, F1 without)


@dataclass
class TextFeatures:
    """Text → TF-IDF word and character n-grams, plus one-hot context columns (``fit`` learns the vocabulary)."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    context: OneHotEncoder | None = None
    context_columns: tuple[str, ...] = ()

    @classmethod
    def fit(cls, texts: Sequence[str], context: pd.DataFrame | None,
            settings: Settings = Settings()) -> tuple[TextFeatures, sp.csr_matrix]:
        words = TfidfVectorizer(ngram_range=settings.word_ngrams, sublinear_tf=True, min_df=settings.min_df)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=settings.char_ngrams, sublinear_tf=True,
                                min_df=settings.min_df)
        texts = _texts(texts)
        try:
            blocks = [words.fit_transform(texts), chars.fit_transform(texts)]
        except ValueError as error:  # scikit-learn's "empty vocabulary"
            raise TrainingDataError(f"the training texts share too few words to learn from ({error})") from error
        features = cls(words, chars)
        if context is not None and len(context.columns):
            features.context_columns = tuple(context.columns)
            features.context = OneHotEncoder(handle_unknown="ignore")
            blocks.append(features.context.fit_transform(_context_values(context, features.context_columns)))
        return features, _csr(sp.hstack(blocks))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in ("words", "chars"):
            vectoriser = copy.copy(state[name])
            # scikit-learn caches id(stop_words) here: a memory address, different in every process, and
            # recomputed when needed; leaving it out keeps model files byte-identical from run to run.
            vectoriser.__dict__.pop("_stop_words_id", None)
            state[name] = vectoriser
        return state

    def transform(self, texts: Sequence[str], context: pd.DataFrame | None = None) -> sp.csr_matrix:
        """The feature matrix; without `context`, every context column reads as blank."""
        texts = _texts(texts)
        blocks = [self.words.transform(texts), self.chars.transform(texts)]
        if self.context is not None:
            if context is None:
                context = pd.DataFrame({c: [""] * len(texts) for c in self.context_columns})
            missing = [c for c in self.context_columns if c not in context.columns]
            if missing:
                raise ValueError(f"the model uses context column(s) {', '.join(missing)}: pass them, or no context")
            blocks.append(self.context.transform(_context_values(context, self.context_columns)))
        return _csr(sp.hstack(blocks))


@dataclass
class _Model:
    features: TextFeatures
    coef: np.ndarray  # themes × features
    intercept: np.ndarray  # per theme
    stack: np.ndarray  # themes × (scores + 1): probability = 1 / (1 + exp(-(a·scores + b)))
    thresholds: np.ndarray  # per theme; inf for a theme never coded
    semantic: SemanticFeatures | None = None  # embedding scores and priors, when trained with embeddings


@dataclass
class LearnedCoder:
    """Codes text with themes learned from human coding. `train` builds one; `save` and `load` keep it.

    The rule coder's interface: `code` gives a coding table (coder "learned", score = the probability, evidence =
    the clause around the word that counted most), `code_texts` the codes per text, `categories` the 0/1 flags.
    """

    themes: tuple[str, ...]
    codebook: Codebook
    model: _Model
    metadata: dict = field(default_factory=dict)
    cache: EmbeddingCache | None = field(default=None, repr=False, compare=False)  # where embeddings are kept
    name = "learned"

    @classmethod
    def train(cls, training: TrainingSet, codebook: Codebook | None = None, settings: Settings = Settings(),
              workers: int = 2, cache: EmbeddingCache | None = None) -> LearnedCoder:
        """Learn every theme with at least MIN_POSITIVE coded texts (and as many uncoded); the others are listed in
        `metadata["themes_left_out"]`. `codebook` gives the themes categories and names (labels keyed by theme id,
        or named facilitator, value or challenge for coding at category level). `workers` processes fit the
        cross-validation folds; the model does not depend on how many. `cache` keeps the texts' embeddings."""
        labels = training.labels.astype("int8")
        if len(labels) < MIN_ROWS:
            raise TrainingDataError(f"only {len(labels)} coded texts; the learned coder needs at least {MIN_ROWS}")
        if codebook is not None:
            unknown = [t for t in labels.columns if t not in codebook.theme_ids and t not in CATEGORIES]
            if unknown:
                raise TrainingDataError(f"theme(s) {', '.join(unknown)} are not in codebook {codebook.label}")
        positives = labels.sum()
        learnable = [t for t in labels.columns if MIN_POSITIVE <= positives[t] <= len(labels) - MIN_POSITIVE]
        if not learnable:
            raise TrainingDataError(f"no theme has {MIN_POSITIVE} coded texts and {MIN_POSITIVE} uncoded to learn from")
        y = labels[learnable].to_numpy(dtype=float)
        features, matrix = TextFeatures.fit(training.texts, training.context, settings)
        folds = list(KFold(settings.folds, shuffle=True, random_state=settings.seed).split(matrix))
        # Below a few thousand texts the fits take less time than starting worker processes.
        fits = Parallel(n_jobs=workers if len(labels) >= PARALLEL_FROM else 1)(
            delayed(_ridge)(matrix[rows], y[rows], settings.alpha)
            for rows in [*(train_rows for train_rows, _ in folds), slice(None)])
        out_of_fold = np.zeros_like(y)
        for (_, held_out), fit in zip(folds, fits):
            out_of_fold[held_out] = fit.predict(matrix[held_out]).reshape(len(held_out), -1)
        final = fits[-1]
        scores, semantic = [out_of_fold], None
        if settings.embeddings:
            vectors = embed(_texts(training.texts), cache)
            semantic, by_embedding = SemanticFeatures.fit(vectors, y, folds, learnable, codebook,
                                                          settings.embedding_alpha)
            scores.append(by_embedding)
            if semantic.has_prior:
                scores.append(semantic.prior_scores(vectors, semantic_coder(codebook, cache)))
        scores = np.stack(scores, axis=2)
        stack = np.array([_stack(scores[:, j], y[:, j], settings.stack_c) for j in range(y.shape[1])])
        probability = _probability(scores, stack)
        kappa_cut = settings.cut == "kappa" or (settings.cut == "auto" and codebook is not None)
        choose = best_kappa_threshold if kappa_cut else best_threshold
        thresholds = np.array([choose(probability[:, j], y[:, j])[0] for j in range(y.shape[1])])
        cv_f1 = cross_fitted_f1(probability, y, folds, choose)
        metadata = {
            "format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION, "scikit_learn": sklearn.__version__,
            "encoder_sha256": semantic.encoder_sha256 if semantic else None,
            "codebook": codebook.label if codebook else None, "settings": asdict(settings),
            "context_columns": list(features.context_columns), "training_rows": len(labels),
            "training_sha256": training.digest(),
            "positives": {t: int(positives[t]) for t in learnable},
            "themes_left_out": {t: int(positives[t]) for t in labels.columns if t not in learnable},
            "thresholds": {t: float(v) for t, v in zip(learnable, thresholds)},
            "cv_f1": {t: round(float(v), 4) for t, v in zip(learnable, cv_f1)},
            "cv_macro_f1": round(float(np.mean(cv_f1)), 4),
        }
        model = _Model(features, np.atleast_2d(final.coef_), np.atleast_1d(final.intercept_), stack, thresholds,
                       semantic)
        return cls(tuple(learnable), codebook or label_codebook(learnable), model, metadata)

    # --- coding -------------------------------------------------------------------------------------------------
    def probabilities(self, texts: Sequence[str], context: pd.DataFrame | None = None,
                      vectors: np.ndarray | None = None) -> pd.DataFrame:
        """Texts × themes: the probability that each theme applies. `vectors`: the texts' embeddings, when known."""
        texts = _texts(list(texts))
        scores = [np.asarray(self.model.features.transform(texts, context) @ self.model.coef.T + self.model.intercept)]
        semantic = self.model.semantic
        if semantic is not None:
            vectors = embed(texts, self.cache) if vectors is None else vectors
            scores.append(semantic.embedding_scores(vectors))
            if semantic.has_prior:
                scores.append(semantic.prior_scores(vectors, semantic_coder(self.codebook, self.cache)))
        return pd.DataFrame(_probability(np.stack(scores, axis=2), self.model.stack), columns=list(self.themes))

    def predict(self, texts: Sequence[str], context: pd.DataFrame | None = None,
                vectors: np.ndarray | None = None) -> pd.DataFrame:
        """Texts × themes as 0/1: a theme is coded where its probability reaches its threshold."""
        return (self.probabilities(texts, context, vectors) >= self.model.thresholds).astype("int8")

    def code_texts(self, texts: Iterable[str], context: pd.DataFrame | None = None,
                   vectors: np.ndarray | None = None) -> list[list[Code]]:
        """Each text's codes, strongest first. A code's start and end point at the word n-gram that counted most
        (both 0 when no word did, e.g. when the context or the meaning decided)."""
        texts = _texts(list(texts))
        probability = self.probabilities(texts, context, vectors).to_numpy()
        counts, terms = self.model.features.words.transform(texts), self._word_terms()
        codes = []
        for row, text in enumerate(texts):
            coded = np.flatnonzero(probability[row] >= self.model.thresholds)
            found = [self._code(text, counts[row], terms, j, probability[row, j]) for j in coded]
            codes.append(sorted(found, key=lambda c: (-c.score, c.theme_id)))
        return codes

    def code_text(self, text: str) -> list[Code]:
        return self.code_texts([text])[0]

    def code(self, segment_ids: Sequence[str], texts: Sequence[str], context: pd.DataFrame | None = None):
        """A coding table (evaluation.coding.codings) for the given segments."""
        return coding_table(segment_ids, texts, self.code_texts(texts, context), self.codebook, self.name)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        """0/1 per category for a text's codes; empty when the themes have no categories (no codebook, and not
        trained at category level). A model trained on category columns decides those categories itself."""
        learned_categories = [c for c in CATEGORIES if c in self.themes]
        if not self.codebook.categories and not learned_categories:
            return {}
        present = {c.theme_id if c.theme_id in CATEGORIES else self.codebook.category_of(c.theme_id) for c in codes}
        flags = {category: int(category in present) for category in CATEGORIES}
        for category in learned_categories:
            flags[category] = int(any(c.theme_id == category for c in codes))
        return flags

    def _word_terms(self) -> np.ndarray:
        if "_terms" not in self.__dict__:  # kept on the coder, not the model, so saving never depends on coding
            self._terms = self.model.features.words.get_feature_names_out()
        return self._terms

    def _code(self, text: str, counts: sp.csr_matrix, terms: np.ndarray, theme: int, probability: float) -> Code:
        start = end = 0
        if counts.nnz:
            contribution = counts.data * self.model.coef[theme, counts.indices]
            strongest = int(np.argmax(contribution))
            if contribution[strongest] > 0:
                start, end = _locate(text, terms[counts.indices[strongest]])
        return Code(self.themes[theme], round(float(probability), 3), start, end, False, (self.name,))

    # --- the model file -----------------------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        """Write the model file (atomically); byte-identical for the same training data and settings."""
        parts = {name: getattr(self.model, name) for name in _Model.__dataclass_fields__}
        return write_model_file(path, {"metadata": self.metadata, "themes": self.themes, "codebook": self.codebook,
                                       "model": parts})

    @classmethod
    def load(cls, path: Path | str) -> LearnedCoder:
        """Read a model file written by `save` (only open files you made or trust: it is a pickle)."""
        payload = read_model_file(path, MODEL_FORMAT, MODEL_FORMAT_VERSION)
        encoder = payload["metadata"].get("encoder_sha256")
        if encoder and encoder != MODEL_SHA256:
            raise ModelFileError(f"{Path(path).name} was trained on another sentence encoder's embeddings "
                                 f"(SHA-256 {encoder[:12]}…); train it again")
        return cls(tuple(payload["themes"]), payload["codebook"], _Model(**payload["model"]), payload["metadata"])

    def summary(self) -> str:
        """Plain lines on what was learned: rows, each theme's cross-validated F1 and threshold, themes left out."""
        meta = self.metadata
        lines = [f"Learned {len(self.themes)} themes from {meta['training_rows']} coded texts: cross-validated "
                 f"macro-F1 {meta['cv_macro_f1']:.2f} (thresholds tuned on four folds, scored on the fifth)."]
        for theme in sorted(self.themes, key=lambda t: -meta["cv_f1"][t]):
            threshold = meta["thresholds"][theme]
            shown = f"{threshold:.2f}" if math.isfinite(threshold) else "never coded"
            lines.append(f"  {theme}: F1 {meta['cv_f1'][theme]:.2f}, {meta['positives'][theme]} examples, "
                         f"threshold {shown}")
        if meta["themes_left_out"]:
            left = ", ".join(f"{t} ({n} coded)" for t, n in meta["themes_left_out"].items())
            lines.append(f"  Left out (fewer than {MIN_POSITIVE} coded or uncoded texts): {left}.")
        return "\n".join(lines)


def _ridge(matrix: sp.csr_matrix, y: np.ndarray, alpha: float) -> Ridge:
    return Ridge(alpha=alpha, solver="sparse_cg").fit(matrix, y)


def _stack(scores: np.ndarray, truth: np.ndarray, c: float = 100.0) -> np.ndarray:
    """A logistic curve over one label's out-of-fold scores (rows × scores): its weights, then its intercept."""
    curve = LogisticRegression(C=c, max_iter=1000).fit(scores, truth.astype(int))
    return np.append(curve.coef_[0], curve.intercept_[0])


def _probability(scores: np.ndarray, stack: np.ndarray) -> np.ndarray:
    """Rows × labels from scores (rows × labels × scores) and each label's stack (labels × (scores + 1))."""
    return 1 / (1 + np.exp(-((scores * stack[:, :-1]).sum(axis=2) + stack[:, -1])))


def _locate(text: str, term: str) -> tuple[int, int]:
    """Where a word n-gram of the vectoriser (lower-case words joined by spaces) stands in the original text."""
    pattern = r"(?<!\w)" + _SKIPPED.join(re.escape(w) for w in term.split(" ")) + r"(?!\w)"
    match = re.search(pattern, text, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else (0, 0)


def _context_values(context: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    return context[list(columns)].astype("string").fillna("").to_numpy(dtype=object)


def _texts(texts: Sequence[str]) -> list[str]:
    return [t if isinstance(t, str) else "" for t in texts]


def _csr(matrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(matrix)
    matrix.sort_indices()
    return matrix
