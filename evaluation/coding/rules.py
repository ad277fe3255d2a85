"""The rule coder: codebook patterns found in one pass over each segment, with negation, hedging and evidence.

How a segment is coded:
1. The text is lower-cased and every character other than a letter, digit or apostrophe becomes a space; the
   length never changes, so every match points at the exact words of the original (the evidence).
2. All patterns of all themes are found in one pass (an Aho-Corasick automaton, pyahocorasick), then kept only
   on whole words (a `*` pattern may continue its last word: `recruit*` finds "recruitment").
3. A match is negated when a negator ("never", "no", "didn't", "lack of") stands within the few words before it in
   the same clause, or a strong one just after ("the funding never came"). A negated match counts for the theme's
   `when_negated` theme (negated funding is a resources challenge), or for nothing.
4. A hedge nearby ("maybe", "a bit") makes the match count for less (the codebook's hedge_weight).
5. A theme is coded when its matches' weights add up to the codebook's threshold; its score is 1 − e^(−sum).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import ahocorasick

from evaluation.coding.codebook import CATEGORIES, Codebook
from evaluation.coding.codings import coding_frame

NEGATION_WORDS_BEFORE = 5
NEGATION_WORDS_AFTER = 3
EVIDENCE_CONTEXT = 45  # characters either side of the match, within its clause
_CLAUSE_BREAKS = ".,;:!?()[]\u2013\u2014\n"
_NOT_WORD = re.compile(r"[^a-z0-9']")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Strong negators that also negate what comes just before them: "the funding never came", "training wasn't there".
_NEGATORS_AFTER = frozenset({"never", "not", "wasn't", "weren't", "isn't", "aren't", "didn't", "hasn't", "haven't",
                             "hadn't", "couldn't", "won't", "wouldn't"})


@dataclass(frozen=True)
class Code:
    theme_id: str
    score: float
    start: int  # the strongest match, in the original text
    end: int
    negated: bool  # True when the code comes from a negated mention (via when_negated)


@dataclass(frozen=True)
class _Entry:
    theme: int
    length: int
    stem: bool
    weight: float


def normalise(text: str) -> str:
    """Lower-case, with every character but letters, digits and apostrophes as a space; same length as `text`."""
    lowered = text.translate(_APOSTROPHES).lower()
    if len(lowered) != len(text):  # a few characters lower-case to two (e.g. 'İ'); keep positions exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_APOSTROPHES))
    return _NOT_WORD.sub(" ", lowered)


class RuleCoder:
    """Codes text against a codebook's patterns. `code` gives a coding table; `code_texts` the codes per text."""

    name = "rules"

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self._themes = [t.id for t in codebook.themes]
        index = {theme_id: i for i, theme_id in enumerate(self._themes)}
        self._when_negated = [index.get(t.when_negated) if t.when_negated else None for t in codebook.themes]
        self._categories = [t.category for t in codebook.themes]
        self._negators = {n for n in codebook.negators if " " not in n}
        self._negator_phrases = tuple(f" {n} " for n in codebook.negators if " " in n)
        self._hedges = {h for h in codebook.hedges if " " not in h}
        self._hedge_phrases = tuple(f" {h} " for h in codebook.hedges if " " in h)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        for theme in codebook.themes:
            for pattern in theme.patterns:
                entries.setdefault(pattern.phrase, []).append(
                    _Entry(index[theme.id], len(pattern.phrase), pattern.stem, pattern.weight))
        for phrase, found in entries.items():
            self._automaton.add_word(phrase, tuple(found))
        self._automaton.make_automaton()

    def code_text(self, text: str) -> list[Code]:
        """The themes coded in one text, strongest first."""
        if not text:
            return []
        norm = normalise(text)
        matches = []  # (theme, start, end, weight, negated)
        for end, entries in self._automaton.iter(norm):
            for entry in entries:
                start = end - entry.length + 1
                if not self._whole_words(norm, start, end, entry.stem):
                    continue
                theme, weight, negated = self._reading(text, norm, start, end, entry)
                if theme is not None:
                    matches.append((theme, start, self._word_end(norm, end, entry.stem), weight, negated))
        return self._codes(matches)

    def _codes(self, matches: list[tuple[int, int, int, float, bool]]) -> list[Code]:
        """Add up each theme's matches, counting overlapping ones once (the longest), and apply the threshold."""
        totals: dict[int, float] = {}
        strongest: dict[int, tuple[float, int, int, int, bool]] = {}
        taken_until: dict[int, int] = {}
        for theme, start, end, weight, negated in sorted(matches, key=lambda m: (m[1], m[1] - m[2])):
            if start < taken_until.get(theme, -1):
                continue
            taken_until[theme] = end
            totals[theme] = totals.get(theme, 0.0) + weight
            rank = (weight, end - start)
            if theme not in strongest or rank > strongest[theme][:2]:
                strongest[theme] = (weight, end - start, start, end, negated)
        threshold = self.codebook.threshold - 1e-9
        codes = [Code(self._themes[t], round(1 - math.exp(-total), 3), *strongest[t][2:])
                 for t, total in totals.items() if total >= threshold]
        return sorted(codes, key=lambda c: (-c.score, c.theme_id))

    def code_texts(self, texts: Iterable[str]) -> Iterator[list[Code]]:
        for text in texts:
            yield self.code_text(text if isinstance(text, str) else "")

    def code(self, segment_ids: Sequence[str], texts: Sequence[str]):
        """A coding table (evaluation.coding.codings) for the given segments."""
        rows = []
        for segment_id, text, codes in zip(segment_ids, texts, self.code_texts(texts)):
            rows += [{"segment_id": segment_id, "theme_id": c.theme_id,
                      "category": self._categories[self._themes.index(c.theme_id)], "coder": self.name,
                      "score": c.score, "evidence": evidence(text, c.start, c.end)} for c in codes]
        return coding_frame(rows)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        """0/1 per category for a text's codes."""
        present = {self._categories[self._themes.index(c.theme_id)] for c in codes}
        return {category: int(category in present) for category in CATEGORIES}

    # --- one match -----------------------------------------------------------------------------------------
    @staticmethod
    def _whole_words(norm: str, start: int, end: int, stem: bool) -> bool:
        if start > 0 and norm[start - 1] != " ":
            return False
        if stem or end + 1 >= len(norm):
            return True
        following = norm[end + 1]
        return following == " " or norm.startswith("'s", end + 1)

    @staticmethod
    def _word_end(norm: str, end: int, stem: bool) -> int:
        if not stem:
            return end + 1
        stop = norm.find(" ", end + 1)
        return len(norm) if stop == -1 else stop

    def _reading(self, text: str, norm: str, start: int, end: int, entry: _Entry) -> tuple[int | None, float, bool]:
        """Which theme the match counts for, with what weight, and whether it was negated."""
        clause_start = max(text.rfind(mark, 0, start) for mark in _CLAUSE_BREAKS) + 1
        clause_end = min((i for i in (text.find(mark, end + 1) for mark in _CLAUSE_BREAKS) if i != -1),
                         default=len(text))
        before = norm[clause_start:start].split()[-NEGATION_WORDS_BEFORE:]
        after = norm[end + 1:clause_end].split()[:NEGATION_WORDS_AFTER]
        weight = entry.weight
        if self._has(before, self._hedges, self._hedge_phrases):
            weight *= self.codebook.hedge_weight
        negated = (self._has(before, self._negators, self._negator_phrases)
                   or any(word in _NEGATORS_AFTER or word.endswith("n't") for word in after))
        if not negated:
            return entry.theme, weight, False
        return self._when_negated[entry.theme], weight, True

    @staticmethod
    def _has(words: list[str], singles: set[str], phrases: tuple[str, ...]) -> bool:
        if any(word in singles or (word.endswith("n't") and "n't" in singles) for word in words):
            return True
        if phrases:
            window = " " + " ".join(words) + " "
            return any(phrase in window for phrase in phrases)
        return False


def evidence(text: str, start: int, end: int, context: int = EVIDENCE_CONTEXT) -> str:
    """The words that carried a code, with a little of their clause either side: '…never had the funding…'."""
    clause_start = max(text.rfind(mark, 0, start) for mark in _CLAUSE_BREAKS) + 1
    stops = [i for i in (text.find(mark, end) for mark in _CLAUSE_BREAKS) if i != -1]
    clause_end = min(stops, default=len(text))
    left = max(clause_start, start - context)
    right = min(clause_end, end + context)
    if left > clause_start:
        left = text.find(" ", left, start) + 1 or left
    if right < clause_end:
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > end else right
    snippet = " ".join(text[left:right].split())
    return ("…" if left > clause_start else "") + snippet + ("…" if right < clause_end else "")
