"""Reading interview transcripts (.txt, .docx, .vtt) into speaker turns.

A reader returns the turns as spoken: who spoke (a speaker label such as 'Interviewer', or a caption voice such as
'Priya Shah') and what they said, with the line, paragraph or cue where the turn starts. Deciding who is the
interviewer and who the participant is left to `evaluation.ingest.interviews`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

TRANSCRIPT_SUFFIXES = (".txt", ".docx", ".vtt")
INTERVIEWER_LABELS = ("interviewer", "int", "q", "facilitator", "researcher")
PARTICIPANT_LABELS = ("participant", "respondent", "interviewee", "a", "p")
# A speaker label opens a line: "Interviewer:", "Q:", "PARTICIPANT :", optionally with a bracketed note.
_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(INTERVIEWER_LABELS + PARTICIPANT_LABELS) + r")\b\s*(?:\([^)]*\))?\s*:\s*(?P<text>.*)$",
    re.IGNORECASE,
)


class TranscriptError(ValueError):
    """A transcript cannot be read into turns; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class SpokenTurn:
    speaker: str  # a speaker label ("interviewer", "participant") or a caption voice's display name
    text: str
    location: int  # line (.txt), paragraph (.docx) or cue (.vtt) where the turn starts, 1-based
    labelled: bool  # True when `speaker` is a transcript label, False when it is a caption voice


def read_transcript(path: Path) -> list[SpokenTurn]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return read_txt(path)
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".vtt":
        return read_vtt(path)
    raise TranscriptError(f"{path.name}: unsupported transcript format '{suffix}' "
                          f"(expected {', '.join(TRANSCRIPT_SUFFIXES)})")


def speaker_side(label: str) -> str:
    """'interviewer' or 'participant' for a transcript label."""
    return "interviewer" if label.lower() in INTERVIEWER_LABELS else "participant"


def read_txt(path: Path) -> list[SpokenTurn]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if b"\x00" not in raw else None
    if text is None:
        raise TranscriptError(f"{path.name}: unreadable encoding (not UTF-8 text)")
    return _labelled_turns(path, [(number, line) for number, line in enumerate(text.splitlines(), start=1)])


def read_docx(path: Path) -> list[SpokenTurn]:
    import docx  # python-docx; imported here so reading .txt needs nothing extra
    from docx.opc.exceptions import PackageNotFoundError

    if path.stat().st_size == 0:
        raise TranscriptError(f"{path.name}: the .docx file is empty (0 bytes)")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TranscriptError(f"{path.name}: not a readable .docx document ({error})") from error
    lines = [(number, paragraph.text) for number, paragraph in enumerate(document.paragraphs, start=1)
             if not paragraph.style.name.lower().startswith(("heading", "title"))]
    return _labelled_turns(path, lines)


def read_vtt(path: Path) -> list[SpokenTurn]:
    import webvtt  # webvtt-py

    try:
        captions = webvtt.read(str(path))
    except Exception as error:  # webvtt-py raises MalformedFileError and friends
        raise TranscriptError(f"{path.name}: not a readable WebVTT file ({error})") from error
    turns: list[SpokenTurn] = []
    for number, caption in enumerate(captions, start=1):
        voice = (caption.voice or "").strip()
        text = " ".join(caption.text.split())
        if not voice:
            raise TranscriptError(f"{path.name} cue {number} ({caption.start}): the caption has no speaker "
                                  "(<v Name>); turns cannot be attributed")
        if not text:
            continue
        if turns and turns[-1].speaker == voice:
            turns[-1] = SpokenTurn(voice, f"{turns[-1].text} {text}", turns[-1].location, False)
        else:
            turns.append(SpokenTurn(voice, text, number, False))
    if not turns:
        raise TranscriptError(f"{path.name}: no captions with speech")
    return turns


def _labelled_turns(path: Path, lines: list[tuple[int, str]]) -> list[SpokenTurn]:
    """Turns from 'Label: text' lines; an unlabelled line continues the turn above it."""
    turns: list[SpokenTurn] = []
    for number, line in lines:
        match = _LABEL.match(line)
        if match:
            turns.append(SpokenTurn(speaker_side(match["label"]), match["text"].strip(), number, True))
        elif line.strip() and turns:
            previous = turns[-1]
            turns[-1] = SpokenTurn(previous.speaker, f"{previous.text} {line.strip()}".strip(), previous.location,
                                   True)
    turns = [turn for turn in turns if turn.text]
    if not turns:
        raise TranscriptError(f"{path.name}: no speaker labels found (expected lines starting 'Interviewer:' and "
                              "'Participant:', or 'Q:' and 'A:')")
    return turns
