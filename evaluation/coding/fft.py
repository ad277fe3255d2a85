"""Real NHS free text: Friends and Family Test comments human-coded by NHS England's pxtextmining project.

``v6framework_230831.csv`` (in ../shared/data/pxtextmining, MIT licence) holds 7,908 answers to the FFT from two NHS
trusts (NEAS, NHFT), each labelled against the 50 themes of the v6 framework (one 0/1 column per theme, blank = 0)
and given a sentiment from 1 (very positive) to 5 (very negative), 3 for mixed.

The benchmark protocol (benchmarks/fft_learned_coder.py), fixed so that others can reproduce it:

* rows with a non-empty answer as pandas reads the CSV by default (7,394 of 7,908: blank answers, answers of only
  spaces and the six answers "None", which pandas reads as missing, are left out);
* themes: the theme columns with at least 25 positive rows among them, leaving out "Labelling not possible" and
  "Not assigned" (34 themes);
* an 80/20 split of those rows by scikit-learn's ``train_test_split``, random seed 42, stratified on the most
  frequent theme ("Positive experience & gratitude");
* macro-F1 over those themes on the test rows.

What a coder may use besides the text is what an FFT export carries when a comment arrives (``CONTEXT_COLUMNS``):
the question answered (standardised: four wordings), the respondent's own FFT rating, the trust and the service type.
The labellers' sentiment is not among them: it is a label, not an input.

The trusts and their services can also stand in for sites (``as_sites``), to run the cross-site machinery
(``theme_prevalence`` then evaluation.survey.funnel) on a real export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.model_selection import train_test_split

from evaluation.coding.codebook import Codebook
from evaluation.coding.coders.training_data import TrainingSet, label_codebook
from evaluation.coding.codings import coding_frame, presence

FFT_FILE = "v6framework_230831.csv"
ID, TEXT, SENTIMENT = "Comment ID", "FFT answer", "Comment sentiment"
FIRST_THEME_COLUMN = "Not assigned"  # the theme columns run from here to the last column
EXCLUDED_THEMES = ("Labelling not possible", "Not assigned")
MIN_POSITIVE = 25
SEED, TEST_SHARE = 42, 0.2
CONTEXT_COLUMNS = ("question", "rating", "trust", "service")
HUMAN_CODER = "pxtextmining labellers"
# The FFT questions in the export, by a word each wording has (checked in order).
_QUESTIONS = (("good", "what_was_good"), ("improve", "what_could_improve"), ("better", "what_could_improve"),
              ("why", "why_that_rating"), ("satisfied", "satisfied_or_not"))


@dataclass(frozen=True)
class FftComments:
    """The protocol's rows: ``comments`` (comment_id, respondent_id, trust, service, service_detail, question,
    rating, text, sentiment) and ``labels`` (one int8 0/1 column per evaluated theme, named as in the data)."""

    comments: pd.DataFrame
    labels: pd.DataFrame

    @property
    def themes(self) -> list[str]:
        return list(self.labels.columns)

    def split(self, seed: int = SEED, test_share: float = TEST_SHARE) -> tuple[np.ndarray, np.ndarray]:
        """Row positions of the training and test rows: the protocol's stratified 80/20 split."""
        most_frequent = self.labels.sum().idxmax()
        return train_test_split(np.arange(len(self.labels)), test_size=test_share, random_state=seed,
                                stratify=self.labels[most_frequent])

    def training_set(self, rows: Sequence[int] | None = None, context: bool = True) -> TrainingSet:
        """The rows (all by default) as training data for the learned coder, with the context columns or not."""
        rows = np.arange(len(self.labels)) if rows is None else np.asarray(rows)
        chosen = self.comments.iloc[rows]
        return TrainingSet(chosen["text"].tolist(), self.labels.iloc[rows].reset_index(drop=True),
                           chosen[list(CONTEXT_COLUMNS)].reset_index(drop=True) if context else None)

    def coding(self, rows: Sequence[int] | None = None) -> pd.DataFrame:
        """The labellers' coding as a coding table (evaluation.coding.codings), comment ids as segment ids."""
        labels = self.labels if rows is None else self.labels.iloc[np.asarray(rows)]
        return coding_from_labels(labels, self.comments.loc[labels.index, "comment_id"], HUMAN_CODER)

    def codebook(self) -> Codebook:
        return label_codebook(self.themes, name="pxtextmining v6")


def load_fft(path: Path | str, min_positive: int = MIN_POSITIVE) -> FftComments:
    """The pxtextmining CSV, read by the protocol (module docstring)."""
    # pandas' default reading of missing values (so an answer of just "None" or "N/A" counts as empty): the reading
    # that reproduces the protocol's reference baselines.
    raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig").fillna("")
    missing = [c for c in (ID, TEXT, SENTIMENT, "Trust", "FFT question", FIRST_THEME_COLUMN) if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: no column(s) {', '.join(missing)}; is this the pxtextmining v6 framework CSV?")
    raw = raw[raw[TEXT].str.strip() != ""].reset_index(drop=True)
    theme_columns = list(raw.columns[raw.columns.get_loc(FIRST_THEME_COLUMN):])
    flags = raw[theme_columns].apply(lambda column: column.str.strip().isin(("1", "1.0"))).astype("int8")
    themes = [t for t in theme_columns if t not in EXCLUDED_THEMES and flags[t].sum() >= min_positive]
    comments = pd.DataFrame({
        "comment_id": raw[ID], "respondent_id": raw["Respondent ID"], "trust": raw["Trust"],
        "service": raw["Service type 1"].str.strip(), "service_detail": raw["Service type 2"].str.strip(),
        "question": raw["FFT question"].map(standard_question), "rating": raw["FFT categorical answer"].str.strip(),
        "text": raw[TEXT], "sentiment": pd.to_numeric(raw[SENTIMENT], errors="coerce").astype("Int8"),
    })
    return FftComments(comments, flags[themes])


def standard_question(wording: str) -> str:
    """The FFT question as one of a few ids, however it was worded or wrapped in the export.

    >>> standard_question("What could we do better?"), standard_question("FFT Why?")
    ('what_could_improve', 'why_that_rating')
    """
    lowered = " ".join(str(wording).lower().split())
    return next((name for word, name in _QUESTIONS if word in lowered), "other")


def coding_from_labels(labels: pd.DataFrame, segment_ids: Sequence[str], coder: str) -> pd.DataFrame:
    """A wide 0/1 table (rows in the order of `segment_ids`, one column per theme) as a long coding table."""
    marked = labels.to_numpy() == 1
    ids = np.asarray(segment_ids)
    rows, columns = np.nonzero(marked)
    return coding_frame({"segment_id": ids[r], "theme_id": labels.columns[c], "category": "", "coder": coder}
                        for r, c in zip(rows, columns))


# --- the trusts as sites ----------------------------------------------------------------------------------------

def as_sites(comments: pd.DataFrame, level: str = "trust") -> pd.DataFrame:
    """segment_id and site_id per comment, the site being the trust (`level="trust"`) or the trust's service type
    ("service": e.g. "NEAS See and Convey"); comments with no service type are left out at that level."""
    if level == "trust":
        site = comments["trust"]
    elif level == "service":
        service = comments["service"].where(~comments["service"].isin(("", "Unknown")))
        site = comments["trust"] + " " + service.str.split().str.join(" ")
    else:
        raise ValueError(f"level is 'trust' or 'service', not {level!r}")
    return pd.DataFrame({"segment_id": comments["comment_id"], "site_id": site}).dropna().reset_index(drop=True)


def theme_prevalence(coding: pd.DataFrame, sites: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per site and theme: n (the site's segments), numerator (those coded with the theme) and proportion.

    Works for any coding: `sites` maps segment_id → site_id; a segment the coding never mentions is uncoded. One
    row per site × theme, ready for ``funnel_limits(table, unit="site_id", numerator="numerator", denominator="n")``
    one theme at a time.
    """
    coded = presence(coding, sites["segment_id"], codebook).to_numpy()
    site_of = sites["site_id"].to_numpy()
    rows = []
    for site_id in sorted(set(site_of)):
        in_site = coded[site_of == site_id]
        rows += [{"site_id": site_id, "theme_id": theme, "n": len(in_site), "numerator": int(in_site[:, j].sum())}
                 for j, theme in enumerate(codebook.theme_ids)]
    table = pd.DataFrame(rows, columns=["site_id", "theme_id", "n", "numerator"])
    table["proportion"] = table["numerator"] / table["n"]
    return table


# --- sentiment ----------------------------------------------------------------------------------------------------

def sentiment_class(score: pd.Series) -> pd.Series:
    """The labellers' 1–5 (1 very positive, 5 very negative, 3 mixed) as positive, neutral or negative."""
    values = pd.to_numeric(score, errors="coerce")
    return pd.Series(np.select([values <= 2, values >= 4, values == 3], ["positive", "negative", "neutral"],
                               default=None), index=score.index, dtype="string")


def compound_class(compound: pd.Series, cut: float = 0.05) -> pd.Series:
    """A compound score (-1 to 1, VADER's scale) as positive (≥ cut), negative (≤ −cut) or neutral, with VADER's
    own cut-off (Hutto & Gilbert 2014)."""
    return pd.Series(np.select([compound >= cut, compound <= -cut], ["positive", "negative"], default="neutral"),
                     index=compound.index, dtype="string")


def sentiment_agreement(labelled: pd.Series, compound: pd.Series) -> dict:
    """How far a compound score (-1 to 1, positive is positive) agrees with the labellers' 1–5 on the rows they
    scored: Spearman ρ against the labellers' scale turned round (so agreement is positive), and the share of rows
    in the same of three classes."""
    scored = pd.to_numeric(labelled, errors="coerce").notna().to_numpy()
    truth = labelled[scored]
    compound = pd.Series(np.asarray(compound, dtype=float)[scored], index=truth.index)
    rho = spearmanr(compound, -truth.astype(float)).statistic
    accuracy = float((compound_class(compound) == sentiment_class(truth)).mean())
    return {"rows": int(scored.sum()), "spearman_rho": round(float(rho), 4), "accuracy_3_class": round(accuracy, 4)}
