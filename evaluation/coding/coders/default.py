"""The default coder: the rule coder, the semantic coder and (once people have coded examples) the learned coder.

Each segment is coded by all of them, then:
1. Rules and meaning together. A theme the rules find is kept, with the exact words as evidence; when the semantic
   coder codes the same category, it agrees ("rules+semantic"). In a category the rules found nothing in, the
   semantic coder's theme is added ("semantic"), the segment itself as evidence. So the rules' precision is kept and
   meaning finds what no pattern lists.
2. With a learned coder (trained on the evaluators' own coding: evaluation.coding.coders.learned), what it learned
   decides, by the per-theme thresholds it chose by cross-validation on that coding:
   - a theme it learned is coded exactly when it codes it (keeping the rules' evidence when they found it too);
   - a category it learned (coding at category level: facilitator, value, challenge) is coded exactly when it codes
     it: codes of step 1 in a category it rejects are dropped, and a category it finds with no code from step 1
     gets the theme the segment is most similar to.
Every code says which coders found it (``Code.coders``; the coding table's ``coder`` column joins them with '+').
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.rules import Code, RuleCoder, evidence
from evaluation.coding.coders.semantic import SemanticCoder
from evaluation.coding.codings import coding_frame


class DefaultCoder:
    """Rules + semantic (+ learned) as one coder, with the rule coder's interface."""

    def __init__(self, rules: RuleCoder, semantic: SemanticCoder, learned: LearnedCoder | None = None):
        if learned is not None:
            unknown = [t for t in learned.themes if t not in rules.codebook.theme_ids and t not in CATEGORIES]
            if unknown:
                raise ValueError(f"the learned coder's theme(s) {', '.join(unknown)} are not in codebook "
                                 f"{rules.codebook.label}")
        self.rules, self.semantic, self.learned = rules, semantic, learned
        self.codebook: Codebook = rules.codebook
        self.name = "rules+semantic" + ("+learned" if learned else "")
        self._category_of = {t.id: t.category for t in self.codebook.themes}
        self._in_category = {c: np.array([i for i, t in enumerate(self.codebook.themes) if t.category == c])
                             for c in CATEGORIES}

    def code_texts(self, texts: Iterable[str], context: pd.DataFrame | None = None) -> list[list[Code]]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        vectors = self.semantic.vectors(texts)
        by_rules = list(self.rules.code_texts(texts))
        by_meaning = self.semantic.code_vectors(texts, vectors)
        codes = [self._rules_and_meaning(r, m) for r, m in zip(by_rules, by_meaning)]
        if self.learned is None:
            return codes
        by_learning = self.learned.code_texts(texts, context, vectors)
        similarity = self.semantic.theme_similarity(vectors)
        return [self._with_learning(text, found, learnt, similarity[row])
                for row, (text, found, learnt) in enumerate(zip(texts, codes, by_learning))]

    def code_text(self, text: str) -> list[Code]:
        return self.code_texts([text])[0]

    def code(self, segment_ids: Sequence[str], texts: Sequence[str], context: pd.DataFrame | None = None):
        """A coding table whose `coder` column names the coders that found each code ('rules+semantic')."""
        rows = []
        for segment_id, text, found in zip(segment_ids, texts, self.code_texts(texts, context)):
            rows += [{"segment_id": segment_id, "theme_id": c.theme_id, "category": self._category_of[c.theme_id],
                      "coder": "+".join(c.coders), "score": c.score,
                      "evidence": evidence(text, c.start, c.end) if c.end > c.start else ""} for c in found]
        return coding_frame(rows)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        present = {self._category_of[c.theme_id] for c in codes}
        return {category: int(category in present) for category in CATEGORIES}

    def _rules_and_meaning(self, by_rules: list[Code], by_meaning: list[Code]) -> list[Code]:
        meant = {self._category_of[c.theme_id]: c for c in by_meaning}
        codes = [_with_coder(c, "semantic", max(c.score, meant[self._category_of[c.theme_id]].score))
                 if self._category_of[c.theme_id] in meant else c for c in by_rules]
        ruled = {self._category_of[c.theme_id] for c in by_rules}
        codes += [c for category, c in meant.items() if category not in ruled]
        return _sorted(codes)

    def _with_learning(self, text: str, found: list[Code], by_learning: list[Code],
                       similarity: np.ndarray) -> list[Code]:
        learned = set(self.learned.themes)
        learnt = {c.theme_id: c for c in by_learning}
        kept = []
        for code in found:
            category = self._category_of[code.theme_id]
            if code.theme_id in learned:
                if code.theme_id in learnt:
                    kept.append(_with_coder(code, "learned", max(code.score, learnt[code.theme_id].score)))
            elif category in learned:
                if category in learnt:
                    kept.append(_with_coder(code, "learned", code.score))
            else:
                kept.append(code)
        themes = {c.theme_id for c in kept}
        kept += [c for theme, c in learnt.items() if theme not in CATEGORIES and theme not in themes]
        covered = {self._category_of[c.theme_id] for c in kept}
        for category in CATEGORIES:
            if category in learnt and category not in covered and len(self._in_category[category]):
                members = self._in_category[category]
                theme = self.codebook.themes[members[int(np.argmax(similarity[members]))]].id
                kept.append(Code(theme, learnt[category].score, 0, len(text), False, ("learned",)))
        return _sorted(kept)


def _with_coder(code: Code, coder: str, score: float) -> Code:
    coders = code.coders if coder in code.coders else (*code.coders, coder)
    return Code(code.theme_id, round(score, 3), code.start, code.end, code.negated, coders, code.hedged)


def _sorted(codes: list[Code]) -> list[Code]:
    return sorted(codes, key=lambda c: (-c.score, c.theme_id))
