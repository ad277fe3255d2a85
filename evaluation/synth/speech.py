"""The speech bank behind the synthetic interviews, and how a passage becomes spoken text.

A `Passage` is a few sentences one kind of participant might say, written in first person, tagged with the themes it
really expresses (none, one or two) and, for negated or absent mentions ("we never had any money for payments"), the
themes it names without expressing. Passages are templates: `[a|b]` picks one alternative and `{slot}` is filled by
a `Cast` with the people and places of one interview; the cast logs every piece of personal data it writes.

The passages themselves live in the `speech_*.py` modules, written from the Picker themes' definitions.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from evaluation.synth import people

# Theme id -> category, in the order the Picker summary lists them (and the ground truth reports them).
THEMES: dict[str, str] = {
    "third_sector_partners": "facilitator",
    "training_in_coproduction": "facilitator",
    "early_relationships": "facilitator",
    "planning_and_processes": "facilitator",
    "funding_and_payment": "facilitator",
    "right_area": "value",
    "better_implementation": "value",
    "services_together": "value",
    "wider_insight": "value",
    "inclusion": "value",
    "responsibility_to_act": "value",
    "equal_partners": "value",
    "listened_to": "value",
    "confidence": "value",
    "enjoy_working_together": "value",
    "resources_and_time": "challenge",
    "diverse_recruitment": "challenge",
    "managing_expectations": "challenge",
    "staff_understanding": "challenge",
    "sharing_control": "challenge",
}
CATEGORIES = ("facilitator", "value", "challenge")
INTERVIEWED_ROLES = ("staff", "lived_experience", "carer", "voluntary_sector")  # the roles the sample interviews
_ROLE_CODES = {"S": "staff", "L": "lived_experience", "C": "carer", "V": "voluntary_sector"}

# Topics of passages that carry no theme; "talk" is the default for themed passages.
TOPICS = ("talk", "background", "project", "aside", "advice", "closing", "pii")


@dataclass(frozen=True)
class Passage:
    roles: str  # role codes who may say it: S staff, L lived experience, C carer, V voluntary sector
    text: str
    themes: tuple[str, ...] = ()
    topic: str = "talk"
    negates: tuple[str, ...] = ()  # themes named but not expressed: a coder must not find them here
    pii: str = ""  # for topic "pii": the kind of personal data the passage plants

    def spoken_by(self, role: str) -> bool:
        return any(_ROLE_CODES[code] == role for code in self.roles)


def P(roles: str, text: str, *themes: str, topic: str = "talk", negates: tuple[str, ...] = (),
      pii: str = "") -> Passage:
    """Short constructor used by the speech_*.py modules."""
    return Passage(roles, text, tuple(themes), topic, tuple(negates), pii)


class SpeechBank:
    """All passages, indexed by who can say them and what they are about."""

    def __init__(self, passages: Iterable[Passage]):
        self.passages = tuple(passages)
        _validate(self.passages)

    def themed(self, role: str, theme: str, topic: str = "talk") -> list[Passage]:
        return [p for p in self.passages if theme in p.themes and p.topic == topic and p.spoken_by(role)]

    def neutral(self, role: str, topic: str) -> list[Passage]:
        return [p for p in self.passages if not p.themes and not p.negates and p.topic == topic
                and p.spoken_by(role)]

    def decoys(self, role: str, category: str) -> list[Passage]:
        """Passages naming a theme of `category` without expressing it (negated or absent)."""
        return [p for p in self.passages if p.spoken_by(role) and any(THEMES[t] == category for t in p.negates)]

    def pii(self, role: str, kind: str) -> list[Passage]:
        return [p for p in self.passages if p.topic == "pii" and p.pii == kind and p.spoken_by(role)]

    def themes_for(self, role: str, category: str, topic: str = "talk") -> list[str]:
        return [t for t, c in THEMES.items() if c == category and self.themed(role, t, topic)]

    def passages_per_theme(self) -> dict[str, int]:
        return {theme: sum(theme in p.themes for p in self.passages) for theme in THEMES}


def _validate(passages: tuple[Passage, ...]) -> None:
    for passage in passages:
        problems = [t for t in passage.themes + passage.negates if t not in THEMES]
        if problems or passage.topic not in TOPICS or set(passage.roles) - set(_ROLE_CODES):
            raise ValueError(f"bad passage tags {problems or passage.topic or passage.roles}: {passage.text[:60]}")
        # A colon could read as a speaker label on a .txt continuation line; '<' and '-->' would break WebVTT.
        if any(bad in passage.text for bad in (":", "<", ">", "&")):
            raise ValueError(f"passage uses a character transcripts cannot carry: {passage.text[:60]}")


# ---------------------------------------------------------------------------------------------------------------
# Spoken texture: applied to a template before its slots are filled, so it can never split a name or a number.

_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z{\[])")
# Sentence-initial words that can follow a filler ("I mean, we ...") once lower-cased.
_LOWERABLE = frozenset(
    "we it the there that they you a our my this when if what in at some because having just being even not "
    "nobody no one most people everyone every for once as sometimes part by before after all it's that's there's "
    "they'd we'd we've we're they're you'd you're things working".split()
)
_OPENERS = ("I mean, ", "Well, ", "So ", "Honestly, ", "Yeah, ", "Um, ", "You know, ", "I think ", "Yeah, no, ",
            "To be fair, ", "Oh, ", "And ", "Er, ")
_TAILS = (", if that makes sense.", ", you know?", ", I suppose.", ", to be honest.", ", really.", ", sort of thing.",
          ", if you see what I mean.")
_FALSE_START_JOINS = (" – ", ", ", "... ")
_INSERTIONS = ((" because ", " because, you know, "), (" and then ", " and then, um, "), (" but ", " but, I mean, "),
               (" really ", " really, really "), (" a bit ", " a bit, sort of, "))


@dataclass(frozen=True)
class Voice:
    """How much spoken texture (fillers, false starts, tags) one speaker adds, 0 = read-out prose."""

    texture: float


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if s]


def choose_alternatives(template: str, rng: random.Random) -> str:
    return _ALTERNATIVES.sub(lambda match: rng.choice(match.group(1).split("|")), template)


def speak(template: str, rng: random.Random, voice: Voice, light: bool = False) -> str:
    """Turn a passage template into something that sounds said rather than written (slots left unfilled)."""
    text = choose_alternatives(template, rng)
    strength = voice.texture * (0.4 if light else 1.0)
    if not light and rng.random() < 0.25 * strength:
        text = _insert_filler(text, rng)
    return " ".join(_texture_sentence(s, rng, strength, first=i == 0)
                    for i, s in enumerate(split_sentences(text)))


def _texture_sentence(sentence: str, rng: random.Random, strength: float, first: bool) -> str:
    roll = rng.random()
    words = sentence.split(" ")
    if _continuable(words[0]):
        restart = _restart(words, rng)
        if roll < 0.10 * strength and restart and len(words) >= 5:
            sentence = f"{restart}{rng.choice(_FALSE_START_JOINS)}{_lower_first(sentence)}"
        elif roll < (0.10 + (0.22 if first else 0.10)) * strength:
            sentence = rng.choice(_OPENERS) + _lower_first(sentence)
    if sentence.endswith(".") and len(words) > 6 and rng.random() < 0.09 * strength:
        sentence = sentence[:-1] + rng.choice(_TAILS)
    return sentence


def _restart(words: list[str], rng: random.Random) -> str:
    """The first one to three words of a false start, stopping before any slot (a restart never repeats a name)."""
    restart = []
    for word in words[: rng.randint(1, 3)]:
        if "{" in word or "[" in word:
            break
        restart.append(word)
    return " ".join(restart).rstrip(",")


def _continuable(word: str) -> bool:
    """Can a filler go in front of this sentence-initial word (lower-casing it unless it is "I")?"""
    return word.lower() in _LOWERABLE or word == "I" or word.startswith("I'")


def _insert_filler(text: str, rng: random.Random) -> str:
    candidates = [(old, new) for old, new in _INSERTIONS if old in text]
    if not candidates:
        return text
    old, new = rng.choice(candidates)
    return text.replace(old, new, 1)


def _lower_first(sentence: str) -> str:
    word = sentence.split(" ", 1)[0]
    return sentence[0].lower() + sentence[1:] if word.lower() in _LOWERABLE else sentence


# ---------------------------------------------------------------------------------------------------------------
# The cast of one interview: fills {slots} and records the personal data it writes.

@dataclass
class PiiLog:
    entries: list[dict[str, str]] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        entry = {"kind": kind, "text": text}
        if entry not in self.entries:
            self.entries.append(entry)


@dataclass
class Cast:
    """Everyone and everywhere one interview may mention."""

    rng: random.Random
    project_title: str
    project: str  # the title as said mid-sentence ("improving the experience of ...")
    places: tuple[str, ...]
    organisations: tuple[tuple[str, str], ...]  # (organisation name, the place its name contains)
    participant: people.Person
    interviewer: people.Person
    role: str
    staff_role: str
    condition: str
    cared: people.Relative
    cared_condition: str
    own_organisation: tuple[str, str]
    communities: tuple[str, ...]
    pii: PiiLog = field(default_factory=PiiLog)

    def fill(self, template: str) -> str:
        """Fill every {slot}; the same slot twice in one passage means the same person, place or number."""
        return template.format_map(_Slots(self))

    def make_slot(self, name: str) -> dict[str, Slot]:
        maker = _SLOT_MAKERS.get(name)
        if maker is None:
            raise KeyError(f"unknown speech slot {{{name}}}")
        return maker(self)


@dataclass(frozen=True)
class Slot:
    value: str
    pii_kind: str = ""
    pii_text: str = ""  # the part of `value` that is personal data ("Sarah" of "Sarah from the PALS team")


class _Slots(dict):
    """Slot values for one passage. Related slots ({place}/{place2}, {kin}/{kin_name}) are made together so they
    agree, but personal data is logged only for the slots the passage actually uses."""

    def __init__(self, cast: Cast):
        super().__init__()
        self.cast = cast
        self.pending: dict[str, Slot] = {}

    def __missing__(self, name: str) -> str:
        if name not in self.pending:
            self.pending.update(self.cast.make_slot(name))
        slot = self.pending.pop(name)
        if slot.pii_kind:
            self.cast.pii.add(slot.pii_kind, slot.pii_text or slot.value)
        self[name] = slot.value
        return slot.value


def _places(cast: Cast) -> dict[str, Slot]:
    first, second = cast.rng.sample(cast.places, 2) if len(cast.places) > 1 else cast.places * 2
    return {"place": Slot(first, "place"), "place2": Slot(second, "place")}


def _colleague(cast: Cast) -> dict[str, Slot]:
    phrase, person = people.colleague(cast.rng)
    she, her = ("she", "her") if person.gender == "F" else ("he", "him")
    return {"colleague": Slot(phrase, "name", person.first), "colleague_name": Slot(person.first, "name"),
            "colleague_she": Slot(she), "colleague_her": Slot(her)}


def _kin(cast: Cast) -> dict[str, Slot]:
    relative = people.random_relative(cast.rng, of=cast.participant)
    first = relative.person.first
    return {"kin": Slot(relative.phrase, "name", first), "kin_name": Slot(first, "name")}


def _organisation(cast: Cast, slot: str, own: bool) -> dict[str, Slot]:
    name, place = cast.own_organisation if own else cast.rng.choice(cast.organisations)
    return {slot: Slot(name, "place", place)}


def _pronouns(cast: Cast) -> dict[str, Slot]:
    female = cast.cared.person.gender == "F"
    words = ("she", "She", "her", "her") if female else ("he", "He", "him", "his")
    names = ("cared_they", "cared_they_cap", "cared_them", "cared_their")
    return {name: Slot(word) for name, word in zip(names, words)}


def _one(name: str, make: Callable[[Cast], str], kind: str = "") -> Callable[[Cast], dict[str, Slot]]:
    return lambda cast: {name: Slot(make(cast), kind)}


_SLOT_MAKERS: dict[str, Callable[[Cast], dict[str, Slot]]] = {
    "project": _one("project", lambda c: c.project),
    "project_title": _one("project_title", lambda c: c.project_title),
    "staff_role": _one("staff_role", lambda c: c.staff_role),
    "community": _one("community", lambda c: c.rng.choice(c.communities)),
    "participant": _one("participant", lambda c: c.participant.full, "name"),
    "first": _one("first", lambda c: c.participant.first, "name"),
    "interviewer_first": _one("interviewer_first", lambda c: c.interviewer.first, "name"),
    "interviewer_full": _one("interviewer_full", lambda c: c.interviewer.full, "name"),
    "place": _places,
    "place2": _places,
    "vcse": lambda c: _organisation(c, "vcse", own=False),
    "my_org": lambda c: _organisation(c, "my_org", own=True),
    "doctor": _one("doctor", lambda c: people.titled_name(c.rng, doctor=True), "name"),
    "titled": _one("titled", lambda c: people.titled_name(c.rng), "name"),
    "colleague": _colleague,
    "colleague_name": _colleague,
    "colleague_she": _colleague,
    "colleague_her": _colleague,
    "kin": _kin,
    "kin_name": _kin,
    "cared": lambda c: {"cared": Slot(c.cared.phrase, "name", c.cared.person.first)},
    "cared_name": _one("cared_name", lambda c: c.cared.person.first, "name"),
    "cared_they": _pronouns,
    "cared_they_cap": _pronouns,
    "cared_them": _pronouns,
    "cared_their": _pronouns,
    "condition": _one("condition", lambda c: c.condition, "condition"),
    "cared_condition": _one("cared_condition", lambda c: c.cared_condition, "condition"),
    "nhs_number": _one("nhs_number", lambda c: people.nhs_number(c.rng, spaced=c.rng.random() < 0.6), "nhs_number"),
    "phone": _one("phone", lambda c: people.phone_number(c.rng), "phone"),
    "mobile": _one("mobile", lambda c: people.phone_number(c.rng, mobile=True), "phone"),
    "email": _one("email", lambda c: people.email_address(c.participant, c.rng, nhs=c.role == "staff"), "email"),
    "postcode": _one("postcode", lambda c: people.postcode(c.rng), "postcode"),
    "dob": _one("dob", lambda c: people.date_of_birth(c.rng), "date_of_birth"),
}
