"""A WebVTT caption file (.vtt) as turns: Microsoft Teams and Zoom.

- Teams: cue ids like "3f1c.../12-0", the speaker as a voice span "<v Priya Shah>speech</v>" (the closing tag is
  sometimes missing; two voices share a cue when people overlap); text escapes such as "&amp;".
- Zoom: numbered cues, the speaker as a "Priya Shah: " prefix of the cue text, no voice span. A prefix counts as
  a speaker when it reads as a name and opens at least two cues.
- Teams' older downloads and Microsoft Graph write timings unpadded ("0:0:0.0 --> 0:0:5.320"); a cue may carry
  settings after its timing ("align:start position:10%"); the header may carry a title ("WEBVTT - Interview 3").
A cue with no speaker continues the turn before it; consecutive cues by one speaker form one turn, located at its
first cue. NOTE, STYLE and REGION blocks are skipped. Cues are found line by line, so a file that leaves out the
blank line between cues (as some converters do) is still read cue by cue.
"""

from __future__ import annotations

import re
from collections import Counter

from evaluation.ingest.transcripts.cleaning import (
    clean_speech, is_boilerplate, looks_like_display_name, unescape,
)
from evaluation.ingest.transcripts.model import SpokenTurn, Transcript, TranscriptError

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.IGNORECASE)
_PREFIX = re.compile(r"^(?P<label>[^:<>]{1,60}?)\s*:\s+(?P<text>.*)$", re.DOTALL)
_CUE_ID = re.compile(r"^\s*[^\s<]+\s*$")  # "12", "3f1c2a9e-...-0123456789ab/12-0": one word, no tag
_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}(?:\s|$)")


def read_captions(text: str, header_required: bool = True) -> Transcript:
    """Turns of a WebVTT text. `header_required=False` reads cues pasted into a Word or text file without the
    "WEBVTT" line (Teams' older .docx download)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if header_required and not first.startswith("WEBVTT"):
        raise TranscriptError("not a WebVTT file (it does not start with WEBVTT)")
    pieces: list[tuple[str | None, str, int]] = []  # (voice, speech, cue number)
    voiced = False
    for number, payload in enumerate(_cue_payloads(lines), start=1):
        for voice, speech in _voices(payload):
            voiced = voiced or voice is not None
            pieces.append((voice, speech, number))
    if not voiced:
        pieces = _zoom_prefixes(pieces)
    turns: list[SpokenTurn] = []
    for voice, speech, number in pieces:
        speech = clean_speech(" ".join(line for line in speech.split("\n") if not is_boilerplate(line)))
        speaker = voice or (turns[-1].speaker if turns else None)
        if not speech or speaker is None:
            continue
        if turns and turns[-1].speaker == speaker:
            turns[-1] = SpokenTurn(speaker, f"{turns[-1].text} {speech}", turns[-1].location)
        else:
            turns.append(SpokenTurn(speaker, speech, number))
    if not turns:
        raise TranscriptError("the captions name no speaker (no <v Name> voice and no 'Name: ' prefix), so no "
                              "turn can be attributed", "no_speech")
    return Transcript(turns, "teams_vtt" if voiced else "zoom_vtt")


def _cue_payloads(lines: list[str]) -> list[str]:
    """The text of each cue: the lines after a timing line, up to a blank line, the next timing line or the id
    line just before it."""
    payloads: list[list[str]] = []
    current: list[str] | None = None
    skipping = False  # inside a NOTE, STYLE or REGION block
    for n, line in enumerate(lines):
        if "-->" in line and _TIMING.match(line):
            if current and current[-1] == lines[n - 1] and _CUE_ID.match(current[-1]):
                current.pop()  # this cue's id, written with no blank line before it
            current, skipping = [], False
            payloads.append(current)
        elif not line.strip():
            current = None
            skipping = False
        elif current is None and line.startswith(("NOTE", "STYLE", "REGION")):
            skipping = True
        elif current is not None and not skipping:
            current.append(line)
    return ["\n".join(payload) for payload in payloads]


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """(voice, text) for each voice span of a cue; text before the first span has no voice."""
    parts = _VOICE.split(payload)
    found = [(None, parts[0])] + [(" ".join(unescape(parts[i] or "").split()) or None, parts[i + 1])
                                  for i in range(1, len(parts) - 1, 2)]
    return [(voice, unescape(_TAG.sub("", text)).strip()) for voice, text in found if _TAG.sub("", text).strip()]


def _zoom_prefixes(pieces: list[tuple[str | None, str, int]]) -> list[tuple[str | None, str, int]]:
    matches = [_PREFIX.match(speech) for _, speech, _ in pieces]
    counts = Counter(m["label"].strip() for m in matches if m and looks_like_display_name(m["label"]))
    named = []
    for (_, speech, number), match in zip(pieces, matches):
        label = match["label"].strip() if match else None
        if label is not None and counts.get(label, 0) >= 2:
            named.append((" ".join(label.split()), match["text"], number))
        else:
            named.append((None, speech, number))
    return named
