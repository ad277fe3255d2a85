"""Codings saved as files, read back: returned review sheets as training data, any saved coding as a coding table,
and two saved codings compared.

``agreement_report`` compares two codings saved as files (any coder's output against a human coding) with
evaluation.coding.agreement: per theme Cohen's κ, Krippendorff's α, precision, recall and F1, the human as reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import Codebook
from evaluation.coding.coders.training_data import (TrainingDataError, TrainingSet, label_codebook, theme_columns,
                                                    zero_one)
from evaluation.coding.codings import coding_frame, presence
from evaluation.coding.review.sheet import KEY_ROW, REVIEW_SHEET
from evaluation.coding.review.sheet_import import import_review_sheet


def read_review_sheets(paths: Iterable[Path | str], codebook: Codebook) -> TrainingSet:
    """Returned review sheets as training data: each reviewed segment's text (from the sheet itself) with the
    reviewer's themes. A segment in several sheets counts once, as the first sheet given coded it."""
    texts: dict[str, str] = {}
    tables = []
    for path in paths:
        coding = import_review_sheet(path, codebook)
        sheet = pd.read_excel(path, sheet_name=REVIEW_SHEET, header=KEY_ROW - 1, dtype=str)
        text_of = dict(zip(sheet["segment_id"].str.strip(), sheet["text"].fillna("")))
        reviewed = [s for s in coding.attrs["reviewed_segments"] if s not in texts and text_of.get(s, "").strip()]
        texts.update((s, text_of[s]) for s in reviewed)
        tables.append(presence(coding, reviewed, codebook))
    if not tables:
        raise TrainingDataError("no review sheets given")
    labels = pd.concat(tables)
    return TrainingSet([texts[s] for s in labels.index], labels.reset_index(drop=True))


def read_coding(path: Path | str, id_column: str = "segment_id", codebook: Codebook | None = None,
                themes: Sequence[str] | None = None, coder: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """A coding saved as a file, as a coding table and the segment ids it covers (coded or not).

    Reads a returned review sheet (.xlsx, needs its codebook), or a CSV with an `id_column` and either a `themes`
    column of ';'-separated theme ids (what `evaluation code` writes), `segment_id` and `theme_id` columns (a
    coding table, one row per code), or one 0/1 column per theme (as read_training_csv finds them). `coder` names
    the coder (default: the file's name).
    """
    path = Path(path)
    coder = coder or path.stem
    if path.suffix.lower() == ".xlsx":
        if codebook is None:
            raise ValueError(f"{path.name}: a review sheet is read with its codebook; give it")
        coding = import_review_sheet(path, codebook, coder=coder)
        return coding, list(coding.attrs["reviewed_segments"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if {"segment_id", "theme_id"} <= set(frame.columns):
        coding = coding_frame(frame.loc[frame["theme_id"] != "", ["segment_id", "theme_id"]].assign(
            category="", coder=coder).to_dict("records"))
        return coding, list(dict.fromkeys(frame["segment_id"]))
    if id_column not in frame.columns:
        raise ValueError(f"{path.name}: no id column '{id_column}' (columns: {', '.join(frame.columns)})")
    ids = frame[id_column].str.strip()
    repeated = ids[ids.duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"{path.name}: id(s) {', '.join(repeated[:5])} appear more than once in '{id_column}'")
    if "themes" in frame.columns and themes is None:
        pairs = [(i, t.strip()) for i, listed in zip(ids, frame["themes"]) for t in listed.split(";") if t.strip()]
    else:
        columns = theme_columns(frame.drop(columns=[id_column]), themes, codebook, path.name)
        pairs = [(i, theme_id) for column, theme_id in columns.items()
                 for i, flag in zip(ids, zero_one(frame[column], column, path.name)) if flag]
    coding = coding_frame({"segment_id": i, "theme_id": t, "category": "", "coder": coder} for i, t in pairs)
    return coding, ids.tolist()


def agreement_report(coder_path: Path | str, human_path: Path | str, id_column: str = "segment_id",
                     codebook: Codebook | None = None, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Per-theme agreement of a coder's output with a human coding (the reference), on the segments both cover.

    The table is evaluation.coding.agreement.coding_agreement's (κ, α, precision, recall, F1 per theme and
    overall). Without a codebook, the themes are those either coding uses (or `themes`), named as they are.
    """
    first, first_ids = read_coding(coder_path, id_column, codebook, themes)
    second, second_ids = read_coding(human_path, id_column, codebook, themes)
    human = set(second_ids)
    shared = [s for s in first_ids if s in human]
    if not shared:
        raise ValueError(f"{Path(coder_path).name} and {Path(human_path).name} share no segment ids; is "
                         f"'{id_column}' the id column of both?")
    if codebook is None:
        codebook = label_codebook(themes or list(dict.fromkeys([*first["theme_id"], *second["theme_id"]])))
    else:
        for coding in (first, second):
            coding["category"] = coding["theme_id"].map(
                {t.id: t.category for t in codebook.themes}).astype("string")
    known = set(codebook.theme_ids)
    first, second = first[first["theme_id"].isin(known)], second[second["theme_id"].isin(known)]
    table = coding_agreement(first, second, shared, codebook, level="theme")
    table.attrs.update(segments_compared=len(shared), only_in_coder=len(set(first_ids) - human),
                       only_in_human=len(human - set(first_ids)))
    return table
