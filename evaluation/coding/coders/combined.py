"""Coders side by side: the rule and learned coders combined as one coder.

``CombinedCoder`` codes a theme when either coder does (``mode="either"``: finds more, as a reviewer would want
before a review) or only when both do (``mode="both"``: fewer, surer codes). Where both code a theme, the rule
coder's code is kept, for its evidence names the exact words, with the higher of the two scores. A theme only one
of them knows (the learned coder leaves out themes with too few examples) is coded by that one alone, in either mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pandas as pd

from evaluation.coding.codebook import CATEGORIES
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.rules import Code, RuleCoder, coding_table

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
