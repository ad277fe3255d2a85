"""Synthetic interview transcripts for one site: .txt, .docx and Teams-style .vtt files, a manifest, and the answer key.

Each interview follows a semi-structured evaluation guide (consent, how they got involved, the project, what helped,
what difference it made, what got in the way, advice, close). Participant answers are composed from the speech bank
(`speech_*.py`), so the ground truth knows exactly which themes each participant turn expresses and which personal
details were planted where. The site's `coproduction_level` and `emphasis` decide how much of each interview is about
facilitators, values and challenges.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import docx

from evaluation.synth import people, speech
from evaluation.synth.files import save_docx, write_csv, write_text
from evaluation.synth.sites import SiteSpec
from evaluation.synth.speech import CATEGORIES, THEMES, Cast
from evaluation.synth.speech_bank import load_bank
from evaluation.synth.speech_dialogue import SiteTalk, Turn, distribute_plants, interview_turns

FIELDWORK_START = dt.date(2022, 3, 1)
FIELDWORK_END = dt.date(2023, 6, 30)

ROLE_WEIGHTS = {"lived_experience": 0.42, "staff": 0.28, "carer": 0.15, "voluntary_sector": 0.15}
FORMAT_WEIGHTS = {"txt": 0.45, "docx": 0.30, "vtt": 0.25}

# Some sites' manifests spell roles the way a person would; chosen by the site's export style so that about three
# sites in ten do it (three of the ten default sites).
HUMAN_ROLE_LABELS: dict[int, dict[str, str]] = {
    2: {"staff": "Member of staff", "lived_experience": "Person with lived experience", "carer": "Unpaid carer",
        "voluntary_sector": "VCSE partner"},
    6: {"staff": "Staff", "lived_experience": "Lived experience", "carer": "Carer",
        "voluntary_sector": "Voluntary sector"},
    9: {"staff": "NHS staff", "lived_experience": "Patient / lived experience", "carer": "Family carer",
        "voluntary_sector": "Third sector organisation"},
}
TXT_LABELS = (("Interviewer", "Participant"), ("Q", "A"), ("Interviewer", "Respondent"))
DOCX_LABELS = (("Interviewer:", "Participant:"), ("INTERVIEWER:", "INTERVIEWEE:"))

_ORGANISATION_NAMES = ("{} Community Voices", "{} Carers Centre", "{} Women's Network", "{} Community Hub",
                       "{} Wellbeing Collective", "{} Disability Forum", "{} Asian Women's Centre", "{} Age Well")
_COMMUNITIES = ("the Bangladeshi community", "young men", "Gypsy and Traveller families", "the Deaf community",
                "Eastern European families", "people who are homeless", "older people living alone",
                "the Somali community", "people working shifts", "young carers", "the Chinese community")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class SiteStyle:
    """How this site's evaluation team writes transcripts and names files."""

    txt_labels: tuple[str, str]
    docx_labels: tuple[str, str]
    txt_title: bool
    wrap_chance: float
    file_naming: int
    role_labels: dict[str, str] | None


@dataclass(frozen=True)
class InterviewPlan:
    number: int
    interview_id: str
    role: str
    date: dt.date
    fmt: str
    interviewer: people.Person
    participant: people.Person
    planted: tuple[str, ...]  # personal details this interview must carry (see speech_dialogue.PLANTS)


def write_site_interviews(spec: SiteSpec, site_dir: Path, seed: int) -> dict:
    """Write site_dir/interviews/ (manifest.csv + one file per interview); return this site's ground truth."""
    rng = random.Random(f"{seed}-{spec.site_id}-interviews")
    bank = load_bank()
    style = _site_style(spec, rng)
    site = _SiteContext.make(spec, rng)
    folder = Path(site_dir) / "interviews"
    truth, manifest = [], []
    for plan in _plan_interviews(spec, rng, bank):
        cast = site.cast_for(plan, rng)
        turns = interview_turns(plan.role, plan.planted, site.talk, cast, bank, rng)
        file_name = _file_name(plan, style)
        _write_transcript(folder / file_name, plan, turns, style, rng)
        manifest.append(_manifest_row(file_name, plan, style))
        truth.append(_truth(file_name, plan, turns, cast))
    write_csv(folder / "manifest.csv", ("file", "interview_id", "participant_role", "date", "interviewer"), manifest)
    return {"interviews": truth}


def category_weights(spec: SiteSpec) -> dict[str, float]:
    """How much a site's interviews dwell on each category: its emphasis, tilted by how co-produced it is."""
    level = spec.coproduction_level
    tilt = {"facilitator": 0.4 + level, "value": 0.4 + level, "challenge": 1.4 - level}
    return {category: spec.emphasis.get(category, 1.0) * tilt[category] for category in CATEGORIES}


# ---------------------------------------------------------------------------------------------------------------
# Planning: who is interviewed, when, by whom, in which format.

def _site_style(spec: SiteSpec, rng: random.Random) -> SiteStyle:
    return SiteStyle(
        txt_labels=rng.choices(TXT_LABELS, weights=(0.55, 0.2, 0.25))[0],
        docx_labels=rng.choice(DOCX_LABELS),
        txt_title=rng.random() < 0.5,
        wrap_chance=rng.uniform(0.1, 0.45),
        file_naming=rng.randrange(4),
        role_labels=HUMAN_ROLE_LABELS.get(spec.export_style % 10),
    )


def site_initials(site_id: str) -> str:
    """"wessex-vale-ca" -> "WVC"; digits are kept so generated sites stay distinct ("oakley-ics-012" -> "OI012")."""
    parts = site_id.split("-")
    return "".join(p[0].upper() for p in parts if p[0].isalpha()) + "".join(p for p in parts if p.isdigit())


def _plan_interviews(spec: SiteSpec, rng: random.Random, bank: speech.SpeechBank) -> list[InterviewPlan]:
    count = spec.interviews
    roles = _roles(spec, count, rng)
    formats = rng.choices(tuple(FORMAT_WEIGHTS), weights=tuple(FORMAT_WEIGHTS.values()), k=count)
    if "txt" not in formats:
        formats[rng.randrange(count)] = "txt"
    dates = _fieldwork_dates(count, rng)
    lead = rng.randrange(len(people.INTERVIEWERS))
    weights = [0.6 if i == lead else 0.2 for i in range(len(people.INTERVIEWERS))]
    planted = distribute_plants(roles, rng, bank)
    participants = _participants(count, rng)
    initials = site_initials(spec.site_id)
    return [
        InterviewPlan(
            number=index + 1, interview_id=f"{initials}-INT-{index + 1:02d}", role=roles[index], date=dates[index],
            fmt=formats[index], interviewer=rng.choices(people.INTERVIEWERS, weights=weights)[0],
            participant=participants[index], planted=planted[index],
        )
        for index in range(count)
    ]


def _roles(spec: SiteSpec, count: int, rng: random.Random) -> list[str]:
    weights = dict(ROLE_WEIGHTS)
    if "carer" in spec.project_title.lower():
        weights["carer"] *= 2.5
    roles = rng.choices(tuple(weights), weights=tuple(weights.values()), k=count)
    # Every site talks to at least one person with lived experience and one member of staff.
    for needed in ("lived_experience", "staff"):
        if needed not in roles:
            spare = [i for i, r in enumerate(roles) if roles.count(r) > 1] or list(range(count))
            roles[rng.choice(spare)] = needed
    return roles


def _fieldwork_dates(count: int, rng: random.Random) -> list[dt.date]:
    span = (FIELDWORK_END - FIELDWORK_START).days
    length = rng.randint(max(90, count * 4), 240)
    start = FIELDWORK_START + dt.timedelta(days=rng.randint(0, span - length))
    days = sorted(rng.sample(range(length + 1), count))
    return [start + dt.timedelta(days=d) for d in days]


def _participants(count: int, rng: random.Random) -> list[people.Person]:
    chosen: list[people.Person] = []
    while len(chosen) < count:
        person = people.random_person(rng)
        if all(person.full != p.full and person.first != p.first for p in chosen):
            chosen.append(person)
    return chosen


@dataclass
class _SiteContext:
    spec: SiteSpec
    talk: SiteTalk
    organisations: tuple[tuple[str, str], ...]  # (name, the place in the name)
    communities: tuple[str, ...]

    @classmethod
    def make(cls, spec: SiteSpec, rng: random.Random) -> _SiteContext:
        talk = SiteTalk.make(category_weights(spec), rng)
        templates = rng.sample(_ORGANISATION_NAMES, 2)
        places = rng.sample(spec.places, 2) if len(spec.places) > 1 else list(spec.places) * 2
        organisations = tuple((template.format(place), place) for template, place in zip(templates, places))
        return cls(spec, talk, organisations, tuple(rng.sample(_COMMUNITIES, 3)))

    def cast_for(self, plan: InterviewPlan, rng: random.Random) -> Cast:
        own, cared = people.conditions_for(self.spec.project_title)
        title = self.spec.project_title
        spoken_title = title[0].lower() + title[1:] if title[1:2].islower() else title
        return Cast(
            rng=rng, project_title=title, project=spoken_title, places=self.spec.places,
            organisations=self.organisations, participant=plan.participant, interviewer=plan.interviewer,
            role=plan.role, staff_role=rng.choice(people.STAFF_ROLES), condition=rng.choice(own),
            cared=people.random_relative(rng, of=plan.participant, cared_for=True),
            cared_condition=rng.choice(cared),
            own_organisation=rng.choice(self.organisations), communities=self.communities,
        )


# ---------------------------------------------------------------------------------------------------------------
# Writing the files.

def _file_name(plan: InterviewPlan, style: SiteStyle) -> str:
    iid, date, ext = plan.interview_id, plan.date, plan.fmt
    return (
        f"{iid}.{ext}",
        f"{iid.lower().replace('-', '_')}_transcript.{ext}",
        f"Interview {plan.number:02d} {date.isoformat()}.{ext}",
        f"{date:%Y%m%d}_{iid}.{ext}",
    )[style.file_naming]


def _write_transcript(path: Path, plan: InterviewPlan, turns: list[Turn], style: SiteStyle,
                      rng: random.Random) -> None:
    if plan.fmt == "txt":
        write_text(path, _txt(plan, turns, style, rng))
    elif plan.fmt == "docx":
        save_docx(_docx(plan, turns, style), path)
    else:
        write_text(path, _vtt(plan, turns, rng))


def _txt(plan: InterviewPlan, turns: list[Turn], style: SiteStyle, rng: random.Random) -> str:
    lines = [f"Transcript – interview {plan.interview_id}", ""] if style.txt_title else []
    for turn in turns:
        label = style.txt_labels[turn.speaker == "participant"]
        sentences = speech.split_sentences(turn.text)
        if turn.speaker == "participant" and len(sentences) >= 3 and rng.random() < style.wrap_chance:
            cut = rng.randint(1, len(sentences) - 1)
            lines += [f"{label}: {' '.join(sentences[:cut])}", " ".join(sentences[cut:])]
        else:
            lines.append(f"{label}: {turn.text}")
        lines.append("")
    return "\n".join(lines[:-1]) + "\n"


def _docx(plan: InterviewPlan, turns: list[Turn], style: SiteStyle) -> docx.document.Document:
    document = docx.Document()
    document.add_heading("Interview transcript", level=1)
    document.add_paragraph(f"Interview date: {long_date(plan.date)}")
    for turn in turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(style.docx_labels[turn.speaker == "participant"]).bold = True
        paragraph.add_run(f" {turn.text}")
    return document


def long_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _vtt(plan: InterviewPlan, turns: list[Turn], rng: random.Random) -> str:
    voices = {"interviewer": people.interviewer_display_name(plan.interviewer),
              "participant": plan.participant.full}
    pace = {"interviewer": rng.uniform(2.4, 2.9), "participant": rng.uniform(2.0, 3.0)}  # words per second
    clock = rng.randint(1500, 5000)  # milliseconds
    utterance = rng.randint(2, 30)
    lines = ["WEBVTT", ""]
    for turn in turns:
        guid = _guid(rng)
        for index, cue in enumerate(_cues(turn.text, rng)):
            duration = int(1000 * (len(cue.split()) / pace[turn.speaker] + rng.uniform(0.2, 0.7)))
            lines += [f"{guid}/{utterance}-{index}", f"{_timestamp(clock)} --> {_timestamp(clock + duration)}",
                      f"<v {voices[turn.speaker]}>{cue}</v>", ""]
            clock += duration
        utterance += 1
        clock += rng.randint(200, 1600)
    return "\n".join(lines)


def _cues(text: str, rng: random.Random) -> list[str]:
    """Split a turn into 1-4 captions at sentence boundaries, longer turns into more."""
    sentences = speech.split_sentences(text)
    words = len(text.split())
    count = min(len(sentences), 4, 1 + words // 30 + rng.randint(0, 1))
    target = words / count
    cues, current = [], []
    for i, sentence in enumerate(sentences):
        current.append(sentence)
        remaining_sentences = len(sentences) - i - 1
        remaining_cues = count - len(cues) - 1
        filled = len(" ".join(current).split()) >= target
        if remaining_cues > 0 and (filled or remaining_sentences == remaining_cues):
            cues.append(" ".join(current))
            current = []
    cues.append(" ".join(current))
    return [c for c in cues if c]


def _guid(rng: random.Random) -> str:
    hex_digits = f"{rng.getrandbits(128):032x}"
    return f"{hex_digits[:8]}-{hex_digits[8:12]}-4{hex_digits[13:16]}-{hex_digits[16:20]}-{hex_digits[20:]}"


def _timestamp(milliseconds: int) -> str:
    seconds, ms = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


def _manifest_row(file_name: str, plan: InterviewPlan, style: SiteStyle) -> tuple[str, ...]:
    role = style.role_labels[plan.role] if style.role_labels else plan.role
    interviewer = people.interviewer_display_name(plan.interviewer)
    return file_name, plan.interview_id, role, plan.date.isoformat(), interviewer


def _truth(file_name: str, plan: InterviewPlan, turns: list[Turn], cast: Cast) -> dict:
    counts = {theme: sum(theme in turn.themes for turn in turns) for theme in THEMES}
    return {
        "interview_id": plan.interview_id,
        "file": file_name,
        "format": plan.fmt,
        "participant_role": plan.role,
        "participant_name": plan.participant.full,
        "interviewer": people.interviewer_display_name(plan.interviewer),
        "turns": len(turns),
        "themes": {theme: count for theme, count in counts.items() if count},
        "pii": list(cast.pii.entries),
    }
