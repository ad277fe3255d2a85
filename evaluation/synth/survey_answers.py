"""Who answers a site's survey and what they answer: the baseline/follow-up panel and the ordinal answer model.

Answers come from an ordinal model (site co-production level, follow-up improvement, role, item difficulty,
respondent effect); some respondents answer both waves. Respondent ids are numbered as the site's survey tool would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evaluation.synth.sites import SiteSpec
from evaluation.synth.survey_comments import CommentWriter, question_ids
from evaluation.synth.survey_styles import ROLE_KEYS, ExportStyle

BASELINE = "baseline"
FOLLOW_UP = "follow_up"
# A row from a wave the survey never had: the pipeline must quarantine it, not guess.
THIRD_WAVE = "wave_3"

PREFER_NOT_TO_SAY = "prefer_not_to_say"
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"

# Positive direction: a higher latent score means more co-production. Easier items sit higher.
_ITEM_EASE = {
    "equal_partner": 0.0, "equal_say": -0.3, "listened_to": 0.4, "ideas_taken_seriously": 0.1,
    "decisions_shared": -0.2, "decisions_made_elsewhere": -0.5, "support_to_take_part": 0.2,
    "meetings_accessible": 0.0, "hard_to_take_part": 0.1, "plain_language": -0.1, "information_in_time": -0.3,
    "contribution_recognised": 0.3, "confidence_grew": 0.0, "right_area": 0.6,
}
_THRESHOLDS = (-1.6, -0.6, 0.5, 1.5)
_RESPONDENT_SD = 0.7
_ANSWER_SD = 0.9


@dataclass(frozen=True)
class Person:
    number: int
    role: str
    effect: float  # respondent random effect, kept across waves


@dataclass
class Response:
    person: Person
    wave: str
    answers: dict[str, int | str | None]  # item id -> code 1..5, a non-answer key, or None (blank)
    comments: dict[str, str | None] = field(default_factory=dict)


def _role_weights(spec: SiteSpec) -> list[float]:
    # staff, lived_experience, carer, voluntary_sector, other, not_stated
    if "carer" in spec.project_title.lower():
        return [0.30, 0.28, 0.26, 0.08, 0.04, 0.04]
    return [0.36, 0.36, 0.11, 0.09, 0.04, 0.04]


def _draw_role(spec: SiteSpec, rng: random.Random) -> str:
    return rng.choices(ROLE_KEYS, weights=_role_weights(spec))[0]


def draw_person(spec: SiteSpec, number: int, rng: random.Random) -> Person:
    """A respondent: their role, drawn from the site's mix, and their random effect, kept across waves."""
    return Person(number, _draw_role(spec, rng), rng.gauss(0, _RESPONDENT_SD))


def panel(spec: SiteSpec, rng: random.Random) -> tuple[list[Person], list[Person], int]:
    """Baseline and follow-up respondents; the matched ones are the same Person in both lists."""
    n_baseline = spec.respondents_per_wave
    n_follow_up = max(2, round(n_baseline * rng.uniform(0.85, 1.15)))
    match_share = rng.uniform(0.3, 0.7)
    n_matched = max(1, round(match_share * min(n_baseline, n_follow_up)))
    baseline = [draw_person(spec, n, rng) for n in range(1, n_baseline + 1)]
    stayers = rng.sample(baseline, n_matched)
    newcomers = [draw_person(spec, n_baseline + i, rng) for i in range(1, n_follow_up - n_matched + 1)]
    follow_up = sorted(stayers + newcomers, key=lambda p: p.number)
    return baseline, follow_up, n_matched


class AnswerModel:
    """Ordinal answers and free text for one site."""

    def __init__(self, spec: SiteSpec, instrument: dict, style: ExportStyle, rng: random.Random):
        self._spec = spec
        self._items = instrument["items"]
        self._free_text = [q["id"] for q in instrument["free_text"] if q["id"] in question_ids()]
        self._rng = rng
        self._blank_rate = rng.uniform(0.03, 0.08)
        self._not_applicable_rate = 0.01 if style.not_applicable else 0.0
        self._comment_rates = {q: rng.uniform(0.4, 0.7) for q in self._free_text}

    def respond(self, person: Person, wave: str, comments: CommentWriter | None) -> Response:
        level = self._person_level(person, wave)
        answers = {item["id"]: self._answer(person, level, item) for item in self._items}
        response = Response(person, wave, answers)
        if comments is not None:
            for question in self._free_text:
                if self._rng.random() < self._comment_rates[question]:
                    response.comments[question] = comments.comment(question, person.role, positive=level > 0.5)
        return response

    def _person_level(self, person: Person, wave: str) -> float:
        spec = self._spec
        improvement = spec.improvement if wave != BASELINE else 0.0
        return 0.3 + 4.0 * (spec.coproduction_level - 0.55 + improvement) + person.effect

    def _answer(self, person: Person, level: float, item: dict) -> int | str | None:
        draw = self._rng.random()
        for share, answer in ((self._blank_rate, None), (0.02, PREFER_NOT_TO_SAY), (0.02, DONT_KNOW),
                              (self._not_applicable_rate, NOT_APPLICABLE)):
            if draw < share:
                return answer
            draw -= share
        latent = (level + _ITEM_EASE.get(item["id"], 0.0) + self._role_effect(person.role, item["dimension"])
                  + self._rng.gauss(0, _ANSWER_SD))
        code = 1 + sum(latent > t for t in _THRESHOLDS)
        # Negatively worded items: agreeing means less co-production.
        return 6 - code if item.get("reverse") else code

    def _role_effect(self, role: str, dimension: str) -> float:
        if role == "lived_experience" and dimension == "equal_partnership":
            # Where co-production is thin, people with lived experience notice the imbalance more than staff do.
            return -1.5 * max(0.0, 0.7 - self._spec.coproduction_level)
        if role == "carer" and dimension == "support_to_take_part":
            return -0.5
        if role == "staff" and dimension == "confidence":
            return -0.3
        return 0.0


def _site_prefix(spec: SiteSpec) -> str:
    words = [w for w in spec.site_name.replace(spec.system_type, "").split() if w.lower() != "and"]
    initials = "".join(w[0] for w in words).upper()
    return initials if len(initials) > 1 else (words[0][:2].upper() if words else "ST")


def respondent_ids(style: ExportStyle, spec: SiteSpec, last: int, rng: random.Random) -> dict[int, int | str]:
    numbers = range(1, last + 1)
    if style.respondent_id == "r_number":
        return {n: f"R{n:04d}" for n in numbers}
    if style.respondent_id == "site_prefix":
        prefix = _site_prefix(spec)
        return {n: f"{prefix}-{n:04d}" for n in numbers}
    if style.respondent_id == "tool":
        # Survey tools number responses from a large counter shared with other surveys, hence the gaps.
        ids, current = {}, rng.randrange(11_000_000, 89_000_000)
        for n in numbers:
            current += rng.randint(1, 900)
            ids[n] = current
        return ids
    return {n: n for n in numbers}

