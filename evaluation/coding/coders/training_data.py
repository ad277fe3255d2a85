"""Human coding as training examples for the learned coder: texts with one 0/1 column per theme.

Two sources: a CSV with a text column and one 0/1 column per theme (``read_training_csv``), and returned review
sheets (``evaluation.coding.review.saved_codings.read_review_sheets``). Without a codebook the themes are the column
names, with no categories (``label_codebook``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.coding.codebook import CATEGORIES, Codebook, Theme

_ZERO_ONE = ("", "0", "1", "0.0", "1.0")
_ONE = ("1", "1.0")


class TrainingDataError(ValueError):
    """The human coding cannot be learned from as given; the message names the column or row to fix."""


@dataclass(frozen=True)
class TrainingSet:
    """Texts with one 0/1 column per theme (``labels``, columns are theme ids) and optional context columns."""

    texts: list[str]
    labels: pd.DataFrame
    context: pd.DataFrame | None = None

    def __post_init__(self):
        if len(self.texts) != len(self.labels) or (self.context is not None and len(self.context) != len(self.texts)):
            raise TrainingDataError("texts, labels and context must have one row per text")

    def digest(self) -> str:
        """SHA-256 of the texts, themes, labels and context: which data a model learned from, without the data."""
        hasher = hashlib.sha256()
        hasher.update("\x1e".join(map(str, self.labels.columns)).encode())
        hasher.update(np.ascontiguousarray(self.labels.to_numpy(dtype=np.int8)).tobytes())
        for text in self.texts:
            hasher.update(text.encode("utf-8") + b"\x1f")
        if self.context is not None:
            hasher.update(self.context.astype("string").fillna("").to_csv(index=False).encode())
        return hasher.hexdigest()


def label_codebook(themes: Sequence[str], name: str = "labels") -> Codebook:
    """A codebook of bare labels (no categories, definitions or patterns) for a coding that has no codebook, such
    as a CSV's theme columns. Coding tables and theme-level agreement work with it; category level does not."""
    return Codebook(name=name, version="", source="", categories=(), negators=(), hedges=(), hedge_weight=1.0,
                    threshold=1.0, themes=tuple(Theme(id=t, category="", name=t, definition="", include=(),
                                                      exclude=(), examples=(), patterns=()) for t in themes))


def read_training_csv(path: Path | str, text_column: str, themes: Sequence[str] | None = None,
                      context_columns: Sequence[str] = (), codebook: Codebook | None = None) -> TrainingSet:
    """A CSV of human coding: a text column and one 0/1 column per theme (blank means 0).

    The theme columns are `themes` if given; else, with a `codebook`, the columns headed by a theme's id or name,
    or by a category (facilitator, value, challenge: coding at category level, alone or beside themes); else every
    other column holding only 0, 1 or blank, with at least one 1. With a codebook the labels are keyed by
    theme id. Rows with empty text are left out.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise TrainingDataError(f"{path}: no such file") from error
    missing = [c for c in (text_column, *context_columns) if c not in frame.columns]
    if missing:
        raise TrainingDataError(f"{path.name}: no column(s) {', '.join(missing)} (columns: {', '.join(frame.columns)})")
    others = frame.drop(columns=[text_column, *context_columns])
    columns = theme_columns(others, themes, codebook, path.name)
    labels = pd.DataFrame({theme_id: zero_one(frame[column], column, path.name)
                           for column, theme_id in columns.items()})
    keep = frame[text_column].str.strip() != ""
    context = frame.loc[keep, list(context_columns)].reset_index(drop=True) if context_columns else None
    return TrainingSet(frame.loc[keep, text_column].tolist(), labels[keep].reset_index(drop=True), context)


def theme_columns(frame: pd.DataFrame, themes: Sequence[str] | None, codebook: Codebook | None,
                  source: str) -> dict[str, str]:
    """Which columns of `frame` are themes, as column → theme id (see read_training_csv)."""
    if themes is not None:
        missing = [t for t in themes if t not in frame.columns]
        if missing:
            raise TrainingDataError(f"{source}: no theme column(s) {', '.join(missing)}")
        columns = list(themes)
    elif codebook is not None:
        known = {t.id for t in codebook.themes} | {t.name for t in codebook.themes} | set(CATEGORIES)
        columns = [c for c in frame.columns if c in known]
    else:
        columns = [c for c in frame.columns if _looks_zero_one(frame[c])]
    if not columns:
        raise TrainingDataError(f"{source}: no theme columns found (columns of 0, 1 or blank); name them, or give "
                                f"the codebook whose theme ids or names head them")
    if codebook is None:
        return {c: c for c in columns}
    by_name = {t.name: t.id for t in codebook.themes}
    mapped = {c: c if c in codebook.theme_ids or c in CATEGORIES else by_name.get(c) for c in columns}
    unknown = [c for c, theme_id in mapped.items() if theme_id is None]
    if unknown:
        raise TrainingDataError(f"{source}: column(s) {', '.join(unknown)} are not themes of codebook {codebook.label}")
    return mapped


def zero_one(values: pd.Series, column: str, source: str) -> pd.Series:
    """A column of 0, 1 or blank (as text) as int8 0/1; anything else is refused, naming the spreadsheet rows."""
    text = values.astype("string").fillna("").str.strip()
    bad = ~text.isin(_ZERO_ONE)
    if bad.any():
        rows = ", ".join(str(i + 2) for i in np.flatnonzero(bad.to_numpy())[:10])  # + 2: the header is row 1
        raise TrainingDataError(f"{source}: column '{column}' must hold 0, 1 or blank; row(s) {rows} do not "
                                f"(e.g. '{text[bad].iloc[0]}')")
    return text.isin(_ONE).astype("int8")


def _looks_zero_one(values: pd.Series) -> bool:
    given = values.astype("string").fillna("").str.strip()
    given = given[given != ""]
    return len(given) > 0 and bool(given.isin(_ZERO_ONE).all()) and bool(given.isin(_ONE).any())


def codebook_if_named(path: Path | str) -> Codebook | None:
    """The packaged codebook when a CSV's header names any of its categories or themes (by id or name), so coding
    at category level learns with the codebook's knowledge; None for a CSV of other labels."""
    from evaluation.coding.codebook import load_codebook

    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    except (FileNotFoundError, pd.errors.EmptyDataError):
        return None
    codebook = load_codebook()
    known = set(CATEGORIES) | set(codebook.theme_ids) | {t.name for t in codebook.themes}
    return codebook if any(column in known for column in header) else None
