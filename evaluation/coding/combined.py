"""Coders side by side: the rule and learned coders combined, and any coding measured against a human coding.

``CombinedCoder`` codes a theme when either coder does (``mode="either"``: finds more, as a reviewer would want
before a review) or only when both do (``mode="both"``: fewer, surer codes). Where both code a theme, the rule
coder's code is kept, for its evidence names the exact words, with the higher of the two scores. A theme only one
of them knows (the learned coder leaves out themes with too few examples) is coded by that one alone, in either mode.

``agreement_report`` compares two codings saved as files (any coder's output against a human coding) with
evaluation.coding.agreement: per theme Cohen's κ, Krippendorff's α, precision, recall and F1, the human as reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.coding.codings import coding_frame
from evaluation.coding.learned import LearnedCoder, coding_table
from evaluation.coding.rules import Code, RuleCoder
from evaluation.coding.training_data import label_codebook, theme_columns, zero_one

MODES = ("either", "both")


class CombinedCoder:
    """The rule coder and a learned coder as one coder ("rules+learned"), with the rule coder's interface."""

    name = "rules+learned"

    def __init__(self, rules: RuleCoder, learned: LearnedCoder, mode: str = "either"):
        if mode not in MODES:
            raise ValueError(f"mode is one of {', '.join(MODES)}, not {mode!r}")
        if learned.codebook.categories and learned.codebook.label != rules.codebook.label:
            raise ValueError(f"the learned coder was trained on codebook {learned.codebook.label}, the rules are "
                             f"{rules.codebook.label}: combine coders of one codebook")
        unknown = [t for t in learned.themes if t not in rules.codebook.theme_ids]
        if unknown:
            raise ValueError(f"the learned coder's theme(s) {', '.join(unknown)} are not in codebook "
                             f"{rules.codebook.label}")
        self.rules, self.learned, self.mode = rules, learned, mode
        self.codebook = rules.codebook
        self._shared = set(learned.themes)

    def code_texts(self, texts: Iterable[str], context: pd.DataFrame | None = None) -> Iterator[list[Code]]:
        """Each text's codes; `context` goes to the learned coder (see LearnedCoder.code_texts)."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        for by_rules, by_learning in zip(self.rules.code_texts(texts), self.learned.code_texts(texts, context)):
            yield self._combine(by_rules, by_learning)

    def code_text(self, text: str) -> list[Code]:
        return next(self.code_texts([text]))

    def code(self, segment_ids: Sequence[str], texts: Sequence[str], context: pd.DataFrame | None = None):
        """A coding table (evaluation.coding.codings) for the given segments."""
        return coding_table(segment_ids, texts, self.code_texts(texts, context), self.codebook, self.name)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        present = {self.codebook.category_of(c.theme_id) for c in codes}
        return {category: int(category in present) for category in CATEGORIES}

    def _combine(self, by_rules: list[Code], by_learning: list[Code]) -> list[Code]:
        rules = {c.theme_id: c for c in by_rules}
        learned = {c.theme_id: c for c in by_learning}
        codes = []
        for theme in rules.keys() | learned.keys():
            rule, learnt = rules.get(theme), learned.get(theme)
            if rule and learnt:
                codes.append(Code(theme, max(rule.score, learnt.score), rule.start, rule.end, rule.negated))
            elif self.mode == "either" or theme not in self._shared:
                codes.append(rule or learnt)
        return sorted(codes, key=lambda c: (-c.score, c.theme_id))


# --- agreement between saved codings --------------------------------------------------------------------------

def read_coding(path: Path | str, id_column: str = "segment_id", codebook: Codebook | None = None,
                themes: Sequence[str] | None = None, coder: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """A coding saved as a file, as a coding table and the segment ids it covers (coded or not).

    Reads a returned review sheet (.xlsx, needs its codebook), or a CSV with an `id_column` and either a `themes`
    column of ';'-separated theme ids (what `evaluation code` writes), `segment_id` and `theme_id` columns (a
    coding table, one row per code), or one 0/1 column per theme (as read_training_csv finds them). `coder` names
    the coder (default: the file's name).
    """
    from evaluation.coding.review_import import import_review_sheet

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
