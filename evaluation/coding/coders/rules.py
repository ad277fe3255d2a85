"""The rule coder: codebook patterns found in one pass over each segment, with negation, hedging and evidence.

How a segment is coded:
1. The text is lower-cased and every character other than a letter, digit or apostrophe becomes a space; the
   length never changes, so every match points at the exact words of the original (the evidence).
2. All patterns of all themes are found in one pass (an Aho-Corasick automaton, pyahocorasick), then kept only
   on whole words (a `*` pattern may continue its last word: `recruit*` finds "recruitment").
3. Negators ("never", "no", "didn't", "lack of") and hedges are found in the same pass. A match is negated when a
   negator stands a few words before it in the same clause, or a strong one just after ("the funding never came").
   A negated match counts for the theme's `when_negated` theme (negated funding is a resources challenge), or for
   nothing.
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

# How far a negator or hedge reaches, in characters, within the same clause (about five words before, three after).
CUE_REACH_BEFORE = 40
CUE_REACH_AFTER = 25
EVIDENCE_CONTEXT = 45  # characters either side of the match, within its clause
_CLAUSE_BREAKS = ".,;:!?()[]\u2013\u2014\n"
_CLAUSE_BREAK = re.compile("[" + re.escape(_CLAUSE_BREAKS) + "]")
_NOT_WORD = re.compile(r"[^a-z0-9']")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
# Strong negators that also negate what comes just before them: "the funding never came", "training wasn't there".
_NEGATORS_AFTER = frozenset({"never", "not", "n't"})
_NEGATOR, _HEDGE = -1, -2


@dataclass(frozen=True)
class Code:
    theme_id: str
    score: float
    start: int  # the strongest match, in the original text
    end: int
    negated: bool  # True when the code comes from a negated mention (via when_negated)
    coders: tuple[str, ...] = ("rules",)  # which coder(s) found it
    hedged: bool = False  # True when a hedge ("maybe", "a bit") softened the strongest match


@dataclass(frozen=True)
class _Entry:
    theme: int  # a theme's index, or _NEGATOR / _HEDGE for cues
    length: int
    stem: bool
    weight: float
    suffix: bool = False  # "n't" ends a word ("didn't"): no word boundary before it
    after: bool = False  # a negator that also reaches back over what came just before it


# The same normalising for ASCII text as one C-level byte translation (most text is ASCII; a regex is 30x slower).
_ASCII_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 39 if c == 96 else 32
    for c in range(256)
)


def normalise(text: str) -> str:
    """Lower-case, with every character but letters, digits and apostrophes as a space; same length as `text`."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
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
        self._category_of = dict(zip(self._themes, self._categories))
        entries: dict[str, list[_Entry]] = {}
        for theme in codebook.themes:
            for pattern in theme.patterns:
                entries.setdefault(pattern.phrase, []).append(
                    _Entry(index[theme.id], len(pattern.phrase), pattern.stem, pattern.weight))
        for kind, cues in ((_NEGATOR, codebook.negators), (_HEDGE, codebook.hedges)):
            for cue in cues:
                entries.setdefault(cue, []).append(_Entry(
                    kind, len(cue), False, 0.0, suffix=cue.startswith("n'"),
                    after=kind == _NEGATOR and cue in _NEGATORS_AFTER))
        self._automaton = ahocorasick.Automaton()
        for phrase, found in entries.items():
            self._automaton.add_word(phrase, tuple(found))
        self._automaton.make_automaton()

    def code_text(self, text: str, norm: str | None = None) -> list[Code]:
        """The themes coded in one text, strongest first. `norm` is normalise(text), when already computed."""
        if not text:
            return []
        norm = normalise(text) if norm is None else norm
        found, cues = [], []
        for end, entries in self._automaton.iter(norm):
            for entry in entries:
                start = end - entry.length + 1
                if not self._whole_words(norm, start, end, entry):
                    continue
                if entry.theme >= 0:
                    found.append((entry, start, end))
                else:
                    cues.append((start, end + 1, entry))
        if not found:
            return []
        matches = []  # (theme, start, end, weight, negated, hedged)
        for entry, start, end in found:
            theme, weight, negated = self._reading(text, start, end + 1, entry, cues)
            if theme is not None:
                matches.append((theme, start, self._word_end(norm, end, entry.stem), weight, negated,
                                weight < entry.weight))
        return self._codes(matches)

    def doubtful_themes(self, text: str) -> set[str]:
        """Themes with any negated or hedged mention in `text`, coded or not ("maybe they listened", "nobody
        listened"): a quote for the theme must not stand on such a mention."""
        norm = normalise(text)
        found, cues = [], []
        for end, entries in self._automaton.iter(norm):
            for entry in entries:
                start = end - entry.length + 1
                if self._whole_words(norm, start, end, entry):
                    (found if entry.theme >= 0 else cues).append((start, end + 1, entry))
        doubtful = set()
        for start, end, entry in found:
            _, weight, negated = self._reading(text, start, end, entry, cues)
            if negated or weight < entry.weight:
                doubtful.add(self._themes[entry.theme])
        return doubtful

    def _codes(self, matches: list[tuple[int, int, int, float, bool, bool]]) -> list[Code]:
        """Add up each theme's matches, counting overlapping ones once (the longest), and apply the threshold."""
        totals: dict[int, float] = {}
        strongest: dict[int, tuple[float, int, int, int, bool, bool]] = {}
        taken_until: dict[int, int] = {}
        # At one place, the longest match counts, and of equally long ones (pay* and payment* both cover
        # "payments") the weightiest.
        for theme, start, end, weight, negated, hedged in sorted(matches, key=lambda m: (m[1], m[1] - m[2], -m[3])):
            if start < taken_until.get(theme, -1):
                continue
            taken_until[theme] = end
            totals[theme] = totals.get(theme, 0.0) + weight
            rank = (weight, end - start)
            if theme not in strongest or rank > strongest[theme][:2]:
                strongest[theme] = (weight, end - start, start, end, negated, hedged)
        threshold = self.codebook.threshold - 1e-9
        codes = [Code(self._themes[t], round(1 - math.exp(-total), 3), *strongest[t][2:5], hedged=strongest[t][5])
                 for t, total in totals.items() if total >= threshold]
        return sorted(codes, key=lambda c: (-c.score, c.theme_id))

    def code_texts(self, texts: Iterable[str]) -> Iterator[list[Code]]:
        for text in texts:
            yield self.code_text(text if isinstance(text, str) else "")

    def code(self, segment_ids: Sequence[str], texts: Sequence[str]):
        """A coding table (evaluation.coding.codings) for the given segments."""
        return coding_table(segment_ids, texts, self.code_texts(texts), self.codebook, self.name)

    def categories(self, codes: list[Code]) -> dict[str, int]:
        """0/1 per category for a text's codes."""
        present = {self._category_of[c.theme_id] for c in codes}
        return {category: int(category in present) for category in CATEGORIES}

    # --- one match -----------------------------------------------------------------------------------------
    @staticmethod
    def _whole_words(norm: str, start: int, end: int, entry: _Entry) -> bool:
        if start > 0 and norm[start - 1] != " " and not entry.suffix:
            return False
        if entry.stem or end + 1 >= len(norm):
            return True
        return norm[end + 1] == " " or norm.startswith("'s", end + 1)

    @staticmethod
    def _word_end(norm: str, end: int, stem: bool) -> int:
        if not stem:
            return end + 1
        stop = norm.find(" ", end + 1)
        return len(norm) if stop == -1 else stop

    def _reading(self, text: str, start: int, end: int, entry: _Entry,
                 cues: list[tuple[int, int, _Entry]]) -> tuple[int | None, float, bool]:
        """Which theme the match counts for, with what weight, and whether a negator in its clause reaches it."""
        weight, negated = entry.weight, False
        for cue_start, cue_end, cue in cues:
            if cue_end <= start:
                reaches = start - cue_end <= CUE_REACH_BEFORE and not _CLAUSE_BREAK.search(text, cue_end, start)
            elif cue.after and cue_start >= end:
                reaches = cue_start - end <= CUE_REACH_AFTER and not _CLAUSE_BREAK.search(text, end, cue_start)
            else:
                continue
            if reaches and cue.theme == _NEGATOR:
                negated = True
            elif reaches and cue.theme == _HEDGE and cue_end <= start:
                weight = entry.weight * self.codebook.hedge_weight
        if not negated:
            return entry.theme, weight, False
        return self._when_negated[entry.theme], weight, True


def evidence(text: str, start: int, end: int, context: int = EVIDENCE_CONTEXT) -> str:
    """The words that carried a code, with up to `context` characters of their clause either side, cut at whole
    words: '…we never had the funding to pay people…'."""
    window_start = max(0, start - context)
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(text, window_start, start)]
    following = _CLAUSE_BREAK.search(text, end, end + context)
    left = breaks_before[-1] if breaks_before else window_start
    right = following.start() if following else min(len(text), end + context)
    cut_left = not breaks_before and window_start > 0
    cut_right = not following and right < len(text)
    if cut_left:
        left = text.find(" ", left, start) + 1 or left
    if cut_right:
        space = text.rfind(" ", end, right)
        right = space if space > end else right
    snippet = " ".join(text[left:right].split())
    return ("…" if cut_left else "") + snippet + ("…" if cut_right else "")


def coding_table(segment_ids: Sequence[str], texts: Sequence[str], codes: Iterable[list[Code]], codebook: Codebook,
                 coder: str):
    """Each segment's codes as a coding table, the evidence being the clause around a code's words (empty when a
    code points at no words)."""
    rows = []
    for segment_id, text, found in zip(segment_ids, texts, codes):
        rows += [{"segment_id": segment_id, "theme_id": c.theme_id, "category": codebook.category_of(c.theme_id),
                  "coder": coder, "score": c.score, "evidence": evidence(text, c.start, c.end) if c.end > c.start
                  else ""} for c in found]
    return coding_frame(rows)
