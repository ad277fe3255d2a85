"""Small input files for tests, written in a few visible lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.coding.codebook import build_codebook
from evaluation.survey.instrument import load_instrument

SHARED = Path(__file__).resolve().parents[2] / "shared"
_INSTRUMENT = load_instrument()
# Headings as a plain export writes them: the code, then the wording (a bare code alone would match nothing).
ITEM_HEADINGS = [f"{item.code}. {item.wording}" for item in _INSTRUMENT.items]
FREE_TEXT_HEADINGS = [f"{q.code}. {q.wording}" for q in _INSTRUMENT.free_text]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def survey_row(respondent: str, wave: str, role: str, answer: str = "Agree", comment: str = "") -> list[str]:
    """A respondent answering every item the same way, with one free-text answer."""
    return [respondent, wave, role, *([answer] * len(ITEM_HEADINGS)), comment, "", ""]


SURVEY_HEADER = ["Respondent ID", "Wave", "Role", *ITEM_HEADINGS, *FREE_TEXT_HEADINGS]


def write_manifest(folder: Path, rows: list[list[str]], header=("file", "interview_id", "participant_role", "date")):
    return write_csv(folder / "manifest.csv", list(header), rows)


def four_theme_codebook():
    """A facilitator, a value and two challenges: enough to see agreement and review sheets at work."""
    themes = [("shared_power", "facilitator", "Shared power"), ("listened_to", "value", "Being listened to"),
              ("time", "challenge", "Time"), ("funding", "challenge", "Funding")]
    return build_codebook({
        "codebook": "tiny", "version": 1, "categories": {c: {"name": c.title()} for c in
                                                         ("facilitator", "value", "challenge")},
        "themes": [{"id": i, "category": c, "name": n, "definition": f"{n}, as defined.", "include": [f"{n} in"],
                    "exclude": [f"{n} out"], "patterns": [i.replace("_", " ")]} for i, c, n in themes]})


def answers(people: dict, site: str = "s1", wave: str = "baseline", role: str = "staff") -> pd.DataFrame:
    """survey_responses rows from {respondent: {item: code, or a status such as "dont_know"}}."""
    rows = [(site, respondent, wave, role, item, answer if isinstance(answer, int) else None,
             "answered" if isinstance(answer, int) else answer, "survey.csv", 2 + n)
            for n, (respondent, given) in enumerate(people.items()) for item, answer in given.items()]
    frame = pd.DataFrame(rows, columns=["site_id", "respondent_id", "wave", "role", "item_id", "code",
                                        "answer_status", "source_file", "source_row"])
    frame["code"] = frame["code"].astype("Int8")
    return frame.astype({c: "string" for c in ("site_id", "respondent_id", "wave", "role", "item_id",
                                               "answer_status", "source_file")})


def survey_site(site_id: str, n: int, agree_share: float, seed: int, matched: int = 0) -> pd.DataFrame:
    """survey_responses of one site: n respondents per wave (the first `matched` at both) answering every item of
    the shipped instrument, about agree_share of answers 4–5 and the rest 1–3; every third one has lived experience."""
    rng = np.random.default_rng(seed)
    items = load_instrument().item_ids
    frames = []
    for wave, offset in (("baseline", 0), ("follow_up", 1000)):
        people = {}
        for i in range(n):
            respondent = str(i if i < matched else offset + i)
            people[respondent] = {item: int(rng.integers(4, 6) if rng.random() < agree_share else rng.integers(1, 4))
                                  for item in items}
        frame = answers(people, site=site_id, wave=wave)
        lived = frame["respondent_id"].astype(int) % 3 == 0
        frames.append(frame.assign(role=frame["role"].where(~lived, "lived_experience")))
    return pd.concat(frames, ignore_index=True)
