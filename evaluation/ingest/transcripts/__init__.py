"""Reading interview transcripts (.txt, .docx, .vtt) as the tools write them, into speaker turns.

A reader gives back the turns as spoken, with the speaker label as the file wrote it ("Interviewer", "I", "P1",
"Priya Shah") and the layout it recognised; `sides.interviewer_speakers` decides who is the interviewer. Layouts:
Microsoft Teams (.docx and .vtt), Zoom (.vtt), Otter (.txt), Rev/Trint (.txt/.docx), and typed notes with role
labels or names (.txt/.docx); see `lines`, `word` and `captions`.

Every file is opened under the limits of `evaluation.ingest.file_safety` (size, Office package, time).
"""

from __future__ import annotations

import re
from pathlib import Path

from evaluation.ingest.file_safety import FileLimits, check_file, time_limit
from evaluation.ingest.transcripts.captions import read_captions
from evaluation.ingest.transcripts.lines import read_lines
from evaluation.ingest.transcripts.model import SpokenTurn, Transcript, TranscriptError, decode_text
from evaluation.ingest.transcripts.word import docx_lines

TRANSCRIPT_SUFFIXES = (".txt", ".docx", ".vtt")
_VOICE_TAG = re.compile(r"<v[ .]", re.IGNORECASE)

__all__ = ["TRANSCRIPT_SUFFIXES", "SpokenTurn", "Transcript", "TranscriptError", "read_transcript"]


def read_transcript(path: Path, limits: FileLimits | None = None) -> Transcript:
    """The turns of one transcript file. Raises TranscriptError (cannot be read into turns) or
    file_safety.UnsafeFileError (refused as too big, too slow or unsafe to open); a damaged .docx can raise
    other errors from its parser, which the caller quarantines."""
    path = Path(path)
    limits = limits or FileLimits.from_env()
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise TranscriptError(f"'{suffix}' is not a transcript format ({', '.join(TRANSCRIPT_SUFFIXES)})")
    if path.stat().st_size == 0:
        raise TranscriptError("the file is empty (0 bytes)")
    check_file(path, limits)
    with time_limit(limits.max_seconds, "the transcript"):
        if suffix == ".docx":
            lines = _docx_lines(path)
            if _holds_captions([line for _, line in lines]):
                return _renamed(read_captions("\n".join(line for _, line in lines), header_required=False), "docx")
            return read_lines(lines, "docx")
        text = decode_text(path.read_bytes())
        if suffix == ".vtt":
            return read_captions(text)
        if _holds_captions(text.splitlines()):
            return _renamed(read_captions(text, header_required=False), "text")
        return read_lines(list(enumerate(text.splitlines(), start=1)), "text")


def _holds_captions(lines: list[str]) -> bool:
    """WebVTT saved as .txt, or pasted into Word (Teams' older .docx held "<v Name>" cues)."""
    first = next((line.strip().lstrip("\ufeff") for line in lines if line.strip()), "")
    return first.startswith("WEBVTT") or (any("-->" in line for line in lines[:50])
                                          and any(_VOICE_TAG.search(line) for line in lines[:50]))


def _renamed(transcript: Transcript, family: str) -> Transcript:
    return Transcript(transcript.turns, f"{transcript.layout}_in_{family}", transcript.header)


def _docx_lines(path: Path) -> list[tuple[int, str]]:
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx_lines(path)
    except (PackageNotFoundError, KeyError) as error:
        raise TranscriptError(f"not a readable Word document ({type(error).__name__})") from error
