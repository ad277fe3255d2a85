"""How one interview's conversation is composed from the speech bank.

The interview follows a semi-structured evaluation guide (consent, how they got involved, the project, what helped,
what difference it made, what got in the way, advice, close). It is first laid out as a script of passages, then
personal details are planted in some answers, and finally every turn is spoken: texture added, slots filled. The
themes of a participant turn are exactly the themes of the passages it was made from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evaluation.synth import speech, speech_questions as questions
from evaluation.synth.speech import CATEGORIES, THEMES, Cast, Passage, SpeechBank, Voice

# Said before an answer that drifts from the question's topic to another category.
_DRIFT_OPENINGS = {
    ("facilitator", "challenge"): "Honestly, it's easier to say what didn't help.",
    ("facilitator", "value"): "I suppose the thing that kept it going was seeing what it gave people.",
    ("value", "challenge"): "It's a bit early to say, in some ways.",
    ("value", "facilitator"): "I think the difference came from how it was set up.",
    ("challenge", "value"): "Not a huge amount, to be honest.",
    ("challenge", "facilitator"): "Less than you'd think, actually.",
}
LIVED_EXPERIENCE_VALUES = ("equal_partners", "listened_to", "confidence", "enjoy_working_together")
_CLOSING_LEAD_INS = ("Just one thing, really.", "Maybe one more thing.", "Only this, I suppose.")


@dataclass
class Turn:
    speaker: str  # "interviewer" or "participant"
    text: str
    themes: tuple[str, ...] = ()


@dataclass
class ScriptTurn:
    """A turn before it is spoken: interviewer templates or participant passages."""

    speaker: str
    pieces: list[Passage | str] = field(default_factory=list)
    content: bool = False  # a substantive answer, where an anecdote with personal data may go


@dataclass
class SiteTalk:
    """What a site's interviews tend to talk about, and which passages its earlier interviews already used."""

    weights: dict[str, float]  # per category
    theme_preference: dict[str, float]
    passage_uses: dict[str, int] = field(default_factory=dict)

    @classmethod
    def make(cls, weights: dict[str, float], rng: random.Random) -> SiteTalk:
        preference = {theme: weights[category] * rng.uniform(0.4, 1.6) for theme, category in THEMES.items()}
        return cls(weights, preference)


def interview_turns(role: str, planted: tuple[str, ...], site: SiteTalk, cast: Cast, bank: SpeechBank,
                    rng: random.Random) -> list[Turn]:
    """The spoken turns of one interview, interviewer first, speakers alternating."""
    return _Conversation(role, planted, site, cast, bank, rng).run()


# Personal details each site must plant somewhere, and which passages can carry them.
PLANTS = ("nhs_number", "date_of_birth", "phone", "email", "postcode", "condition", "titled_name", "relative",
          "colleague")
_NAME_SLOTS = {"titled_name": ("{titled}", "{doctor}"), "relative": ("{kin",), "colleague": ("{colleague",)}


def plant_passages(bank: SpeechBank, role: str, plant: str) -> list[Passage]:
    if plant not in _NAME_SLOTS:
        return bank.pii(role, plant)
    asides = bank.neutral(role, "aside") + bank.neutral(role, "background")
    return [p for p in asides if any(slot in p.text for slot in _NAME_SLOTS[plant])]


def distribute_plants(roles: list[str], rng: random.Random, bank: SpeechBank) -> list[tuple[str, ...]]:
    """Give every kind of personal detail to at least one interview that can carry it, plus a few at random."""
    planted: list[list[str]] = [[] for _ in roles]
    for plant in PLANTS:
        able = [i for i, role in enumerate(roles) if plant_passages(bank, role, plant)]
        if able:
            planted[rng.choice(able)].append(plant)
        for i in able:
            if plant not in planted[i] and rng.random() < 0.15:
                planted[i].append(plant)
    return [tuple(p) for p in planted]


class _Conversation:
    """One interview: laid out as a script of passages, then spoken turn by turn."""

    def __init__(self, role: str, planted: tuple[str, ...], site: SiteTalk, cast: Cast, bank: SpeechBank,
                 rng: random.Random):
        self.role, self.planted, self.site, self.cast, self.bank, self.rng = role, planted, site, cast, bank, rng
        self.code = {"staff": "S", "lived_experience": "L", "carer": "C", "voluntary_sector": "V"}[role]
        self.script: list[ScriptTurn] = []
        self.backchannels = 0
        self.used: set[str] = set()
        self.themes_said: dict[str, int] = {}
        self.denied: set[str] = set()
        self.liking = {theme: rng.uniform(0.3, 1.7) for theme in THEMES}
        texture = rng.uniform(0.4, 1.3) * (0.8 if role == "staff" else 1.0)
        self.voice = Voice(texture)

    def run(self) -> list[Turn]:
        self._opening()
        self._ask("background")
        self._answer(self._background_answer(), content=True)
        if self.rng.random() < 0.7:
            self._ask("project")
            self._answer(self._project_answer(), content=True)
        for category, probes in self._sections():
            self._ask(category)
            self._answer(self._topic_answer(category), content=True)
            for _ in range(probes):
                self._probe()
                self._answer(self._topic_answer(category, follow_up=True), content=True)
        self._ask("advice")
        self._answer(self._advice_answer(), content=True)
        self._closing()
        self._plant_personal_details()
        return [self._speak(turn) for turn in self.script]

    # --- the guide ---------------------------------------------------------------------------------------------
    def _opening(self) -> None:
        self._say(self._line(questions.GREETINGS))
        introduction = self._line(questions.SELF_INTRODUCTIONS)
        self._answer([self.rng.choice(questions.CONSENT_REPLIES), introduction])

    def _sections(self) -> list[tuple[str, int]]:
        order = list(CATEGORIES)
        if self.rng.random() < 0.3:
            order[1], order[2] = order[2], order[1]
        probes = dict.fromkeys(CATEGORIES, 0)
        weights = [self.site.weights[c] for c in CATEGORIES]
        for category in self.rng.choices(CATEGORIES, weights=weights, k=self.rng.randint(2, 6)):
            probes[category] += 1
        return [(category, probes[category]) for category in order]

    def _ask(self, topic: str) -> None:
        question = self._line(questions.QUESTIONS[topic])
        if topic == "background" and self.rng.random() < 0.6:
            question = f"{self.rng.choice(questions.ACKNOWLEDGEMENTS)} {question}"
        self._say(question)

    def _probe(self) -> None:
        self._say(self._line(questions.PROBES))

    def _closing(self) -> None:
        self._say(self.rng.choice(questions.CLOSING_QUESTIONS))
        last_word = None
        if self.rng.random() < 0.4:
            last_word = self._themed(self._themes_in(self._drift_category(self.rng.choice(CATEGORIES))))
        if last_word:
            self._answer([self.rng.choice(_CLOSING_LEAD_INS), last_word])
        else:
            self._answer([self.rng.choice(questions.NOTHING_TO_ADD)])
        self._say(self.rng.choice(questions.THANKS))
        self._answer([self.rng.choice(questions.GOODBYES)])

    # --- answers -----------------------------------------------------------------------------------------------
    def _background_answer(self) -> list[Passage | str]:
        pieces: list[Passage | str] = [self._neutral("background")]
        if self.rng.random() < min(0.7, 0.35 * self.site.weights["facilitator"]):
            pieces.append(self._themed(["third_sector_partners", "early_relationships", "training_in_coproduction"]))
        return [p for p in pieces if p]

    def _project_answer(self) -> list[Passage | str]:
        pieces: list[Passage | str] = [self._neutral("project")]
        if self.rng.random() < min(0.6, 0.3 * self.site.weights["value"]):
            pieces.append(self._themed(["right_area", "inclusion"]))
        return [p for p in pieces if p]

    def _topic_answer(self, topic: str, follow_up: bool = False) -> list[Passage | str]:
        pieces: list[Passage | str] = []
        count = 1 + (self.rng.random() < (0.3 if follow_up else 0.5)) + (self.rng.random() < 0.12)
        for index in range(count):
            roll = self.rng.random()
            if roll < 0.10:
                pieces.append(self._decoy(topic) or self._neutral("aside"))
            elif roll < (0.13 if follow_up else 0.18):
                pieces.append(self._neutral("aside"))
            else:
                category = self._drift_category(topic, follow_up)
                passage = self._themed(self._themes_in(category))
                if passage and index == 0 and category != topic and not follow_up:
                    pieces.append(_DRIFT_OPENINGS[(topic, category)])
                pieces.append(passage)
        return [p for p in pieces if p] or [self._neutral("aside") or self.rng.choice(questions.NOTHING_TO_ADD)]

    def _advice_answer(self) -> list[Passage | str]:
        categories = [c for c in CATEGORIES if self._themes_in(c, topic="advice")]
        weights = [self.site.weights[c] for c in categories]
        category = self.rng.choices(categories, weights=weights)[0]
        pieces = [self._themed(self._themes_in(category, topic="advice"), topic="advice")]
        if self.rng.random() < 0.4:
            pieces.append(self._themed(self._themes_in(self._drift_category(category))))
        return [p for p in pieces if p]

    def _drift_category(self, topic: str, follow_up: bool = False) -> str:
        """Mostly the question's category, but a site's dominant concerns leak into every answer."""
        stickiness = 2.5 if not follow_up else 4.0
        weights = [self.site.weights[c] * (stickiness if c == topic else 1.0) for c in CATEGORIES]
        return self.rng.choices(CATEGORIES, weights=weights)[0]

    # --- choosing passages: never the same one twice in an interview, and rarely one already used at the site ----
    def _themes_in(self, category: str, topic: str = "talk") -> list[str]:
        return self.bank.themes_for(self.role, category, topic)

    def _themed(self, themes: list[str], topic: str = "talk") -> Passage | None:
        themes = [t for t in themes if self._fresh(self.bank.themed(self.role, t, topic))]
        if not themes:
            return None
        theme = self._choose_theme(themes)
        return self._pick(self._fresh(self.bank.themed(self.role, theme, topic)))

    def _choose_theme(self, themes: list[str]) -> str:
        weights = []
        for theme in themes:
            weight = self.site.theme_preference[theme] * self.liking[theme]
            if theme in LIVED_EXPERIENCE_VALUES and self.role in ("staff", "voluntary_sector"):
                weight *= 0.4  # mostly voiced by people with lived experience and carers themselves
            weights.append(weight / (1 + 2 * self.themes_said.get(theme, 0)))
        return self.rng.choices(themes, weights=weights)[0]

    def _neutral(self, topic: str) -> Passage | None:
        fresh = self._fresh(self.bank.neutral(self.role, topic))
        return self._pick(fresh) if fresh else None

    def _decoy(self, category: str) -> Passage | None:
        fresh = self._fresh(self.bank.decoys(self.role, category))
        return self._pick(fresh) if fresh else None

    def _fresh(self, candidates: list[Passage]) -> list[Passage]:
        """Passages not yet used here and not contradicting what was said ("time wasn't a problem" after
        "the timescales were crazy")."""
        return [p for p in candidates if p.text not in self.used
                and not set(p.themes) & self.denied and not set(p.negates) & set(self.themes_said)]

    def _pick(self, candidates: list[Passage]) -> Passage:
        weights = [1 / (1 + 2 * self.site.passage_uses.get(p.text, 0)) for p in candidates]
        passage = self.rng.choices(candidates, weights=weights)[0]
        self.used.add(passage.text)
        self.site.passage_uses[passage.text] = self.site.passage_uses.get(passage.text, 0) + 1
        for theme in passage.themes:
            self.themes_said[theme] = self.themes_said.get(theme, 0) + 1
        self.denied.update(passage.negates)
        return passage

    def _line(self, lines: tuple[tuple[str, str], ...]) -> str:
        suitable = [text for roles, text in lines if self.code in roles]
        line = self.rng.choice([text for text in suitable if text not in self.used] or suitable)
        self.used.add(line)
        return line

    # --- building and speaking turns ---------------------------------------------------------------------------
    def _say(self, template: str) -> None:
        self.script.append(ScriptTurn("interviewer", [template]))

    def _answer(self, pieces: list[Passage | str], content: bool = False) -> None:
        # A long interview can use up a role's fresh passages on a topic: then the participant has little to add.
        pieces = pieces or [self.rng.choice(questions.NOTHING_TO_ADD)]
        # Now and then the interviewer murmurs mid-answer and the participant carries on in a new turn.
        if len(pieces) >= 2 and self.backchannels < 2 and self.rng.random() < 0.15:
            self.backchannels += 1
            self.script.append(ScriptTurn("participant", pieces[:-1], content))
            self._say(self.rng.choice(questions.BACKCHANNELS))
            self.script.append(ScriptTurn("participant", pieces[-1:], content))
        else:
            self.script.append(ScriptTurn("participant", pieces, content))

    def _plant_personal_details(self) -> None:
        answers = [turn for turn in self.script if turn.content]
        for plant in self.planted:
            candidates = plant_passages(self.bank, self.role, plant)
            passage = self._pick(self._fresh(candidates) or candidates)
            turn = self.rng.choice(answers)
            up_front = isinstance(turn.pieces[0], Passage) and self.rng.random() < 0.5
            turn.pieces.insert(0 if up_front else len(turn.pieces), passage)

    def _speak(self, turn: ScriptTurn) -> Turn:
        if turn.speaker == "interviewer":
            # Interviewers' words are tidied in transcription, so they get no spoken texture.
            text = self.cast.fill(speech.choose_alternatives(turn.pieces[0], self.rng))
            return Turn("interviewer", text)
        said, themes = [], []
        for piece in turn.pieces:
            if isinstance(piece, Passage):
                light = piece.topic == "pii"
                said.append(self.cast.fill(speech.speak(piece.text, self.rng, self.voice, light=light)))
                themes += [t for t in piece.themes if t not in themes]
            else:
                said.append(self.cast.fill(speech.choose_alternatives(piece, self.rng)))
        ordered = tuple(t for t in THEMES if t in themes)
        return Turn("participant", " ".join(said), ordered)
