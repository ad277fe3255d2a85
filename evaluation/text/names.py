"""Find people's names in free text without needing the name in any list.

A capitalised word is a name when:

- a title comes before it: "Dr Okafor", "Nurse Patel", "Councillor Briggs", "Father Tunde";
- someone introduces it or a relation or role comes before it: "I'm Thaddeus", "my name is", "call me",
  "my husband Dev", "our social worker Jan", "the receptionist Kemi";
- English hardly uses the word (see ``names_vocabulary.zipf_frequency``): mid-sentence, a word rarer than
  ``rare_below`` and not after an article ("I spoke to Quillfeather", not "the Dexamethasone"); at a sentence
  start, where every word is capitalised, only a word rarer still that does not look like misspelled English
  ("Oyelaran rang", not "Absouloutly"), or a rare one followed by "said", "told" and the like, or listed with a
  found name ("Dorcas and Quillfeather came");
- it is in the shipped first-name list, with the care that list needs: first names that are everyday words
  ("Will", "Grace") need a cue, a surname or a mid-sentence capital; those that are months, places or ratings
  ("May", "Jordan", "Amber") need a cue or a surname wherever they stand;
- it was found as a name elsewhere in the same text.

Following capitalised words are the surname ("Nkechi Okafor", "Maria de la Cruz"); a rare word just before a
found name is its first name. Words that are never names (function words, roles, the shipped proper nouns in
data/not_names.txt), institutions ("St Mary's", "Alexandra Hospital") and charities named after people
("Marie Curie") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from evaluation.text.names_vocabulary import (AMBIGUOUS_FIRST_NAMES, COMMON_WORD_NAMES, INSTITUTION_BEFORE,
                                              INSTITUTION_WORDS, MODAL_FIRST_NAMES, MONTHS, NAMED_ORGANISATIONS,
                                              NOT_NAME_WORDS, SHORT_TITLES, TITLES, condition_words, looks_english,
                                              not_name_words, zipf_frequency)
from evaluation.text.redact_conditions import ConditionFinder
from evaluation.text.redact_lists import RELATIVES


def _letters(is_case: Callable[[str], bool]) -> str:
    """The upper- or lower-case letters of the Latin, Greek and Cyrillic blocks, for a character class."""
    blocks = (range(0x41, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
    return "".join(re.escape(chr(c)) for block in blocks for c in block if chr(c).isalpha() and is_case(chr(c)))


_UPPER = _letters(str.isupper)  # "Bronisława", "Pōhutukawa", "Nguyễn" are one word each
_LOWER = _letters(str.islower)
_PART = rf"[{_UPPER}](?:[{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?|['’][{_UPPER}][{_LOWER}]+)"
# A capitalised word of two letters or more: "Priya", "McDonald", "O'Brien", "Smith-Jones"; not "NHS" or "I".
# A contraction ("Don't", "Can't") is not a word of its own, but a possessive ("Priya's") ends one.
CAPITALISED_WORD = re.compile(rf"(?<![\w@.-])(?<!\w['’]){_PART}(?:-{_PART})*(?![\w@-])(?!['’](?!s\b)\w)")

# What may sit between the parts of one name: a space, initials, or a particle ("Maria de la Cruz").
_NAME_GAP = re.compile(
    r"[ \t]+(?:(?:[A-HJ-Z]\.?|van|von|der|den|de|del|della|di|da|du|dos|das|le|la|bin|binti|ibn|al|el|ap)[ \t]+)*"
)
_TITLE_GAP = re.compile(r"[ \t]+(?:[A-HJ-Z]\.?[ \t]+)*")
# Only a shortened title takes a full stop ("Dr. Okafor"); after "Bishop." a new sentence starts.
_SHORT_TITLE_GAP = re.compile(r"\.?[ \t]+(?:[A-HJ-Z]\.?[ \t]+)*")

_OWNERS = r"my|his|her|their|your|our"
_KIN_WORDS = r"(?:(?:lovely|late|old|new|former|eldest|oldest|youngest|younger|older|little|big|twin|dear|ex)[\s-]+)?"
# After a "person" cue any capitalised word is a name ("my husband Tendai"); after a "naming" cue, any first name in
# the list, even one that is also a month or a place ("I'm April"), or a word English seldom uses ("I'm Dev").
# Things are "called" too ("a project called Maternity Voices"), so after "called" only a first name or a rare word.
NAME_CUE = re.compile(
    rf"""(?:
      (?P<person>\b(?: (?:{_OWNERS})\s+name\s+(?:is|was|['’]s) | name['’]s | call\s+me
        | (?:{_OWNERS})\s+{_KIN_WORDS}(?:{RELATIVES})
        | (?:a|an|the|this|one)\s+(?:lady|man|woman|girl|boy|guy|bloke|chap|gentleman|gent|fella|nurse|doctor
            |consultant|patient|carer|volunteer|colleague|friend|person|someone)\s+(?:called|named) ))
      | (?P<naming>\b(?: I['’]m | I\s+am | hi | hello | hiya | hey | morning | afternoon | thanks | thank\s+you
        | cheers | bye | welcome | dear | (?:the|a|an)\s+(?:{RELATIVES}) ))
      | (?P<called>\b(?:called|named))
    )[,:]?[ \t]+\Z""",
    re.IGNORECASE | re.VERBOSE,
)
_CUE_REACH = 60  # characters before a word searched for its cue; longer than any cue
_TEMPORAL_BEFORE = re.compile(
    r"\b(?:in|on|by|since|until|till|during|last|next|this|every|early|late|mid|of)[ \t]+$", re.IGNORECASE
)
# "the Cramlington", "a Pregabalin": a word after an article is a thing or a place, not a person.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|this|that|these|those|any|some)[ \t]+$", re.IGNORECASE)
_TEAM_WORDS = "team|service|centre|ICB|trust|council|charity|group|ward|unit|practice|surgery|hospital|hospice|clinic"
# What after a word shows it names a person: "Blessing's appointments", "Grace said", "Hope from the PALS team".
_PERSON_AFTER = re.compile(
    rf"""(?: ['’]s\s+(?:{RELATIVES}|appointments?|condition|diagnosis|care|birthday)\b
      | [ \t]+(?:said|says|told|tells|asked|asks|rang|phoned|emailed|texted|replied|was\s+born
               |from\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}(?:{_TEAM_WORDS}))\b )""",
    re.IGNORECASE | re.VERBOSE,
)
_LIST_GAP = re.compile(r"\s*,\s*|\s+(?:and|&|or)\s+|\s*,\s+and\s+")
_INSTITUTION_AFTER = re.compile(rf"[ \t]+(?:{'|'.join(sorted(INSTITUTION_WORDS))})\b", re.IGNORECASE)


class NameFinder:
    """The names in one text at a time; build once, reuse for every text.

    ``rare_below``: mid-sentence, a capitalised word whose Zipf frequency is below this is a name (3: rarer than
    once in a million words); at a sentence start, below ``rare_at_start`` (1.5: the misspellings and coinages
    of real comments sit there too); after a naming cue, below ``cued_rare_below``.
    """

    def __init__(self, first_names: Iterable[str], conditions: ConditionFinder,
                 rare_below: float = 3.0, rare_at_start: float = 1.5, cued_rare_below: float = 4.0) -> None:
        self._first_names = frozenset(first_names)
        self._not_names = not_name_words()
        self._condition_words = condition_words()
        self._conditions = conditions
        self.rare_below = rare_below
        self.rare_at_start = rare_at_start
        self.cued_rare_below = cued_rare_below

    def find(self, text: str, known_names: frozenset[str], place_starts: set[int]) -> list[tuple[int, int]]:
        """(start, end) of every name; ``known_names`` are casefolded name parts to redact wherever capitalised."""
        words = _Words(text, place_starts, self._not_names)
        if not words.spans:
            return []
        # A cue ends where a word starts: searching just before each capitalised word is quicker than the whole text.
        cues = {}
        for start, _ in words.spans:
            if cue := NAME_CUE.search(text, max(0, start - _CUE_REACH), start):
                cues[start] = cue.lastgroup
        found: list[tuple[int, int]] = []  # word indexes, first and last
        i = 0
        while i < len(words.spans):
            last = self._name_ending(words, i, known_names, cues)
            if last is None:
                i += 1
                continue
            first = i
            if first > 0 and (not found or found[-1][1] < first - 1) and self._first_name_before(words, first):
                first -= 1
            found.append((first, last))
            i = last + 1
        found += self._listed_with_a_name(words, found)
        found += self._same_words_again(words, found)
        spans = [(words.spans[first][0], words.spans[last][1]) for first, last in sorted(found)]
        return [(start, end) for start, end in spans if text[start:end] not in NAMED_ORGANISATIONS]

    def _name_ending(self, words: _Words, i: int, known_names: frozenset[str],
                     cues: dict[int, str]) -> int | None:
        """Index of the last word of a name starting at word ``i``, or None if no name starts there."""
        word = words.word(i)
        if word in TITLES:
            return words.name_end(i + 1) if words.title_followed_by_name(i) else None
        if word.casefold() in known_names:
            return words.name_end(i)
        if word in self._not_names:
            return None
        cue = cues.get(words.spans[i][0])
        if cue == "person":
            last = words.name_end(i)
        elif self._is_first_name(word):
            last = self._first_name_ending(words, i, cue)
        elif self._is_rare(words, i, cue):
            last = words.name_end(i)
        else:
            return None
        if last is None or words.in_institution_name(i, last):
            return None
        return last

    def _first_name_ending(self, words: _Words, i: int, cue: str | None) -> int | None:
        word = words.word(i)
        if not _is_ambiguous(word) or cue in ("naming", "called"):
            return words.name_end(i)
        if word in MONTHS and _TEMPORAL_BEFORE.search(words.text, max(0, words.spans[i][0] - 20), words.spans[i][0]):
            return None
        if words.has_surname(i) and not (
            word in MODAL_FIRST_NAMES and words.is_sentence_start(i) and self._is_first_name(words.word(i + 1))
        ):
            return words.name_end(i)
        if (word in COMMON_WORD_NAMES and words.is_mid_sentence(i)) or self._person_follows(words, i):
            return i
        return None

    def _is_rare(self, words: _Words, i: int, cue: str | None) -> bool:
        """Whether word ``i`` is one English seldom uses, by where it stands (see the module's docstring)."""
        word, start = words.word(i), words.spans[i][0]
        if word in self._condition_words:
            return False
        frequency = zipf_frequency(word)
        if cue == "naming":
            return frequency < self.cued_rare_below
        if words.is_sentence_start(i):
            if frequency < self.rare_at_start:
                return not looks_english(word)
            return frequency < self.rare_below and self._person_follows(words, i)
        return frequency < self.rare_below and not _ARTICLE_BEFORE.search(words.text, max(0, start - 8), start)

    def _first_name_before(self, words: _Words, i: int) -> bool:
        """Whether the word before a found name is its first name ("Thaddeus Quillfeather" at a sentence start)."""
        before = i - 1
        word = words.word(before)
        return (
            words.joined(before)
            and words.could_continue_name(before)
            and (self._is_first_name(word) and not _is_ambiguous(word) or zipf_frequency(word) < self.rare_below)
        )

    def _listed_with_a_name(self, words: _Words, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A rare word at a sentence start listed with a found name: "Dorcas and [name] came", "Dorcas, [name]"."""
        inside = {index for first, last in found for index in range(first, last + 1)}
        listed = []
        for first, _ in found:
            before = first - 1
            if (before >= 0 and before not in inside and words.is_sentence_start(before)
                    and _LIST_GAP.fullmatch(words.text, words.spans[before][1], words.spans[first][0])
                    and words.could_continue_name(before) and zipf_frequency(words.word(before)) < self.rare_below):
                listed.append((before, before))
        return listed

    def _same_words_again(self, words: _Words, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Other places where a word of a found name stands capitalised ("Dorcas came. I thanked Dorcas."); not
        first names that are everyday words ("my husband Will ... Will it work?")."""
        inside = {index for first, last in found for index in range(first, last + 1)}
        name_words = {words.word(index) for index in inside} - TITLES - AMBIGUOUS_FIRST_NAMES
        return [(index, index) for index in range(len(words.spans))
                if index not in inside and words.word(index) in name_words]

    def _person_follows(self, words: _Words, i: int) -> bool:
        text, end = words.text, words.spans[i][1]
        return _PERSON_AFTER.match(text, end) is not None or self._conditions.follows(text, end)

    def _is_first_name(self, word: str) -> bool:
        return word in self._first_names or ("-" in word and all(part in self._first_names for part in word.split("-")))


def _is_ambiguous(word: str) -> bool:
    return all(part in AMBIGUOUS_FIRST_NAMES for part in word.split("-"))


class _Words:
    """The capitalised words of one text, with the neighbourhood tests name detection needs."""

    max_surname_words = 3

    def __init__(self, text: str, place_starts: set[int], not_names: frozenset[str]) -> None:
        self.text = text
        self.spans = [(m.start(), m.end()) for m in CAPITALISED_WORD.finditer(text)]
        self._place_starts = place_starts
        self._not_names = not_names

    def word(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]

    def joined(self, i: int, gap: re.Pattern[str] = _NAME_GAP) -> bool:
        """Whether word ``i`` and the next one are parts of one name, with nothing but a name gap between."""
        return i + 1 < len(self.spans) and gap.fullmatch(self.text, self.spans[i][1], self.spans[i + 1][0]) is not None

    def could_continue_name(self, i: int) -> bool:
        word = self.word(i)
        return not (
            word in self._not_names
            or word in TITLES
            or word.casefold() in INSTITUTION_WORDS
            or self.spans[i][0] in self._place_starts
        )

    def name_end(self, i: int) -> int:
        """Index of the last word of the name whose first word is ``i``: following capitalised words are its surname."""
        last = i
        while last - i < self.max_surname_words and self.joined(last) and self.could_continue_name(last + 1):
            last += 1
        return last

    def title_followed_by_name(self, i: int) -> bool:
        gap = _SHORT_TITLE_GAP if self.word(i) in SHORT_TITLES else _TITLE_GAP
        return self.joined(i, gap) and self.could_continue_name(i + 1)

    def has_surname(self, i: int) -> bool:
        return self.joined(i) and self.could_continue_name(i + 1)

    def in_institution_name(self, first: int, last: int) -> bool:
        """Whether words ``first``..``last`` name a place or institution: "St Mary's", "Alexandra Hospital"."""
        before = first > 0 and self.joined(first - 1, _SHORT_TITLE_GAP) and self.word(first - 1) in INSTITUTION_BEFORE
        return before or _INSTITUTION_AFTER.match(self.text, self.spans[last][1]) is not None

    def is_sentence_start(self, i: int) -> bool:
        position = self.spans[i][0]
        while position > 0 and self.text[position - 1] in " \t\"'“‘([":
            position -= 1
        return position == 0 or self.text[position - 1] in ".!?:;\n"

    def is_mid_sentence(self, i: int) -> bool:
        """Inside a sentence and not part of a run of capitalised words (a heading, "Christmas Eve")."""
        return not self.is_sentence_start(i) and not (i > 0 and self.joined(i - 1))


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def name_parts(names: Iterable[str]) -> frozenset[str]:
    """Casefolded parts of caller-supplied names, leaving out role words ("Interviewer"), initials and bracketed
    notes ("Eleanor Marsh (Evaluation Team)")."""
    parts = set()
    for name in names:
        if not isinstance(name, str):
            continue
        for part in re.split(r"[\s,;]+", _BRACKETED.sub(" ", name)):
            part = part.strip(".:'\"")
            if len(part) > 1 and part[:1].isupper() and part not in NOT_NAME_WORDS and part not in TITLES:
                parts.add(part.casefold())
    return frozenset(parts)
