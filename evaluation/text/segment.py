"""Segmentation: speaker turns (or any prose) into sentences, with nltk's Punkt and no downloads.

Punkt learns abbreviations, collocations and sentence starters from the text it is given, so the pipeline trains it
on the corpus itself (every turn of every interview) and adds the abbreviations health and care talk uses.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

# Lower-case, without the final full stop, as Punkt stores them.
ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st e.g i.e etc vs approx dept no nos tel fig cf al inc ltd co jan feb mar apr jun jul aug "
    "sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun a&e gp gps ref a.m p.m".split()
)
# Bullets and numbered points start a new unit even when the line before has no full stop.
_BULLET = r"(?:[•*\-–]|\d+[.)])\s+"
_BLOCK_BREAK = re.compile(rf"\n\s*\n|\n\s*{_BULLET}|\n(?=\s*[A-Z])")
_LEADING_BULLET = re.compile(rf"^\s*{_BULLET}")


def train_sentence_splitter(corpus: Iterable[str]) -> PunktSentenceTokenizer:
    """Punkt trained on `corpus`, with the shipped abbreviations added."""
    trainer = PunktTrainer()
    text = "\n\n".join(t for t in corpus if t)
    if text:
        trainer.train(text, finalize=True)
    params: PunktParameters = trainer.get_params()
    # On a corpus of a few thousand sentences Punkt takes ordinary words for abbreviations ("yet.", "hour.");
    # only dotted forms ("p.m") are trusted from training, the rest come from the shipped list.
    params.abbrev_types = {a for a in params.abbrev_types if "." in a} | set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def default_sentence_splitter() -> PunktSentenceTokenizer:
    """An untrained Punkt with the shipped abbreviations, for short texts with no corpus to learn from."""
    params = PunktParameters()
    params.abbrev_types.update(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_units(text: str, splitter: PunktSentenceTokenizer | None = None) -> list[str]:
    """Sentences of `text`: blocks (paragraphs, bullets, lines) first, then Punkt within each block."""
    splitter = splitter or default_sentence_splitter()
    units = []
    for block in _BLOCK_BREAK.split(text):
        block = " ".join(_LEADING_BULLET.sub("", block).split())
        if block:
            units += [s.strip() for s in splitter.tokenize(block) if s.strip()]
    return units


def unit_key(sentence: str) -> str:
    """A stable key for a sentence (whitespace-insensitive), to attach labels without storing the text."""
    return hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:16]


SEGMENT_COLUMNS = ("site_id", "interview_id", "segment_id", "turn", "sentence", "speaker", "speaker_role",
                   "participant_role", "coded", "text")


def segment_turns(turns: pd.DataFrame, splitter: PunktSentenceTokenizer) -> pd.DataFrame:
    """One row per sentence of every turn. Interviewer sentences are kept for context but marked `coded=False`:
    they are not participants' views."""
    rows = []
    for turn in turns.itertuples(index=False):
        for number, sentence in enumerate(split_units(turn.text, splitter), start=1):
            rows.append({
                "site_id": turn.site_id, "interview_id": turn.interview_id,
                "segment_id": f"{turn.interview_id}/t{turn.turn:03d}/s{number:02d}",
                "turn": turn.turn, "sentence": number, "speaker": turn.speaker, "speaker_role": turn.speaker_role,
                "participant_role": turn.participant_role, "coded": turn.speaker == "participant", "text": sentence,
            })
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    types = {c: "string" for c in SEGMENT_COLUMNS if c not in ("turn", "sentence", "coded")}
    return frame.astype({**types, "turn": "Int32", "sentence": "Int32", "coded": "bool"})
