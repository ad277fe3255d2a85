"""Turns from a document read as lines (.txt, or a .docx's paragraphs): whichever speaker layout the file uses.

A turn starts at a line that names a speaker, in one of these layouts (the one with most turn starts wins):
- `speaker_time`  Otter .txt and Teams .docx: "Priya Shah  0:03" (or "00:00:03", or Zoom's "[Priya Shah] 10:02:33")
                  alone on a line; the speech follows on the next lines (in Teams, in the same paragraph after a line
                  break). A time alone on a line is speech the tool could not attribute ("Unknown Speaker");
- `speaker_paren` Rev/Trint: "Priya Shah (00:01:02):" or "Speaker 1 (00:05):", speech on the same or next lines;
- `time_speaker`  "[00:01:02] Priya Shah: speech" or "00:01:02 Priya Shah: speech";
- `cue_blocks`    older Teams/Stream .docx: a "0:0:0.0 --> 0:0:5.1" line, then the speaker's name, then speech;
- `labels`        typed notes: "Interviewer:", "I:", "P1:", "R:", "INT:", "RESP:", "Q:"/"A:", or a person's
                  name ("Sarah:"). A role label always counts; a name must start two turns (a name that starts only
                  one counts once two other names each start two), so "Date:" or "Note:" never does.
A line that starts no turn continues the turn above it. A Zoom chat file ("10:01:02 From Name to Everyone:") is
refused: it holds typed messages, not what was said. Lines before the first turn are front matter (title, date,
"Interviewer: Sarah Jones"); a "Role: Name" front-matter line is kept as a header, never as a turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from evaluation.ingest.transcripts.cleaning import (
    TIME, clean_speech, is_boilerplate, is_timestamp_only, looks_like_speaker,
)
from evaluation.ingest.transcripts.model import SpokenTurn, Transcript, TranscriptError
from evaluation.ingest.transcripts.sides import label_role

_LABEL = r"(?P<label>[^:\[\]()\s][^:\[\]()]{0,59}?(?:\s*\([^)]{1,40}\))?)"
_LAYOUTS = {  # in order of preference when two layouts start as many turns
    "speaker_paren": re.compile(rf"^\*{{0,2}}(?P<label>[^:\[\]()]{{1,60}}?)\s*[\[(](?P<time>{TIME})[\])]\*{{0,2}}"
                                r"\s*(?::\s*(?P<text>.*)|(?P<empty>))$"),
    "speaker_time": re.compile(rf"^\[?(?P<label>[^:\[\]]{{1,120}}?)\]?(?P<gap>\s+)(?P<time>{TIME})\s*$"),
    "time_speaker": re.compile(rf"^[\[(]?(?P<time>{TIME})[\])]?\s*[-–]?\s*{_LABEL}\s*:\s*(?P<text>.*)$"),
    "labels": re.compile(rf"^{_LABEL}\s*:\s*(?P<text>.*)$"),
}
_CUE_TIMING = re.compile(rf"^\s*{TIME}\s*-->\s*{TIME}\s*$")
# Zoom's saved chat ("10:01:02 From Priya Shah to Everyone:"; older: "10:01:02\t From  Priya Shah : hi"): typed
# messages, not what was said
_ZOOM_CHAT = re.compile(r"^\d{1,2}:\d{2}:\d{2}\s+From\s+.{1,80}?(?:\s+to\s+.{1,80}?)?\s*:", re.IGNORECASE)
UNKNOWN_SPEAKER = "Unknown Speaker"  # as Otter labels a voice it did not know
_OTTER_FOOTER = re.compile(r"^\s*transcribed by\s+(?:https?://)?otter\.ai", re.IGNORECASE)
_TIMED_LAYOUTS = ("speaker_paren", "speaker_time", "time_speaker", "cue_blocks")
_HEADER_KEYS = {"interviewer": "interviewer", "facilitator": "interviewer", "researcher": "interviewer",
                "participant": "participant", "interviewee": "participant", "respondent": "participant"}
_NOT_A_NAME = frozenset(("hello", "hi", "hiya", "thanks", "thank", "okay", "ok", "right", "yes", "yeah", "no", "so",
                         "well", "good", "great", "lovely", "morning", "afternoon", "welcome", "sorry", "alright"))
_ID = re.compile(r"^[A-Za-z]{0,12}[\s_-]?\d{1,4}[A-Za-z]?$")


@dataclass(frozen=True)
class _Start:
    index: int
    layout: str
    label: str
    text: str
    tool_gap: bool = False  # name and time set apart as Otter ("Name  0:03") and Teams ("Name   0:03") do


def read_lines(lines: list[tuple[int, str]], family: str) -> Transcript:
    """Turns from (location, line) pairs; `family` ('text' or 'docx') names the layout in the result."""
    lines = [(location, line.strip()) for location, line in lines]
    if sum(bool(_ZOOM_CHAT.match(line)) for _, line in lines) >= 2:
        raise TranscriptError("this is a meeting chat ('10:01:02 From Name to Everyone:'), typed messages rather "
                              "than a transcript of what was said; send the meeting's transcript instead",
                              "no_speech")
    starts = _turn_starts(lines)
    if not starts:
        raise TranscriptError("no speakers found: no line starts a turn with a speaker label ('Interviewer:', "
                              "'I:', 'P1:', 'Q:'/'A:'), a name and time ('Priya Shah  0:03'), or 'Name (00:01:02):'",
                              "no_speech")
    layout = starts[0].layout
    header = _front_matter(lines[: starts[0].index])
    turns: list[SpokenTurn] = []
    ends = [start.index for start in starts[1:]] + [len(lines)]
    for start, end in zip(starts, ends):
        body = [start.text] + [line for _, line in lines[start.index + 1: end]
                               if not is_boilerplate(line) and not is_timestamp_only(line)]
        text = clean_speech(" ".join(body))
        if not text:
            continue
        location = lines[start.index][0]
        if layout in _TIMED_LAYOUTS and turns and turns[-1].speaker == start.label:
            turns[-1] = SpokenTurn(start.label, f"{turns[-1].text} {text}", turns[-1].location)
        else:
            turns.append(SpokenTurn(start.label, text, location))
    if not turns:
        raise TranscriptError("the speaker labels are there but no turn holds any speech", "no_speech")
    if layout == "speaker_time" and any(_OTTER_FOOTER.match(line) for _, line in lines):
        layout = "otter"
    return Transcript(turns, _layout_name(layout, family), header)


def _turn_starts(lines: list[tuple[int, str]]) -> list[_Start]:
    candidates: dict[str, list[_Start]] = {name: [] for name in (*_LAYOUTS, "cue_blocks")}
    after_timing = False
    for index, (_, line) in enumerate(lines):
        if after_timing and line and looks_like_speaker(line):
            candidates["cue_blocks"].append(_Start(index, "cue_blocks", line, ""))
        after_timing = bool(_CUE_TIMING.match(line)) or (after_timing and not line)
        if not line or is_boilerplate(line):
            continue
        for name, pattern in _LAYOUTS.items():
            if name == "labels" and candidates["speaker_time"] and candidates["speaker_time"][-1].index == index:
                continue  # "Priya Shah  0:03" is a name and a time, not a label "Priya Shah  0" and speech "03"
            match = pattern.match(line)
            if match and looks_like_speaker(match["label"]):
                text = match.groupdict().get("text") or ""
                gap = match.groupdict().get("gap") or ""
                candidates[name].append(_Start(index, name, " ".join(match["label"].split()), text,
                                               len(gap) >= 2 or "\t" in gap))
    accepted = {name: _accepted(found, name) for name, found in candidates.items()}
    best = max(accepted, key=lambda name: len(accepted[name]))  # dict order breaks ties
    starts = accepted[best]
    if best == "labels" and starts:
        starts = _after_front_matter(lines, starts)
    if best == "speaker_time" and starts:
        starts = _with_unattributed(lines, starts)
    return starts


def _with_unattributed(lines: list[tuple[int, str]], starts: list[_Start]) -> list[_Start]:
    """A time alone on a line, where names and times start turns, is speech the tool could not attribute (Teams
    "21:24" then "Mm."; Otter "0:15"): a turn by an unknown speaker, rather than more of the turn above it."""
    taken = {start.index for start in starts}
    unknown = [_Start(index, "speaker_time", UNKNOWN_SPEAKER, "") for index, (_, line) in enumerate(lines)
               if index > starts[0].index and index not in taken and is_timestamp_only(line)
               and not _CUE_TIMING.match(line)]
    return sorted(starts + unknown, key=lambda start: start.index)


def _accepted(found: list[_Start], layout: str) -> list[_Start]:
    """Role labels always start a turn, and so does a name set apart from its time by a tool's wide gap; any other
    name must start two turns, or one once the layout is established and a speaker who starts two has spoken
    (before that, a one-off is front matter, like a title ending in a time)."""
    found = _same_spelling(found)
    counts = Counter(start.label for start in found)
    established = sum(1 for label, n in counts.items() if n >= 2 and label_role(label) is None) >= 2
    if layout != "labels":
        established = established or sum(1 for n in counts.values() if n >= 2) >= 2
    accepted, started = [], False
    for start in found:
        recurring = (counts[start.label] >= 2 or start.tool_gap
                     or (layout == "labels" and label_role(start.label) is not None))
        if recurring or (established and started):
            accepted.append(start)
            started = True
    return accepted


def _same_spelling(found: list[_Start]) -> list[_Start]:
    """'SARAH' and 'Sarah' are one speaker, under the spelling seen first."""
    first: dict[str, str] = {}
    for start in found:
        first.setdefault(start.label.casefold().rstrip("."), start.label)
    return [_Start(s.index, s.layout, first[s.label.casefold().rstrip(".")], s.text, s.tool_gap) for s in found]


def _after_front_matter(lines: list[tuple[int, str]], starts: list[_Start]) -> list[_Start]:
    """Drop the leading label lines that are front matter ("Interviewer: Sarah Jones", "Participant: P3")."""
    while starts and _header_line(starts[0].label, starts[0].text) is not None:
        starts = starts[1:]
    return starts


def _header_line(key: str, value: str) -> tuple[str, str] | None:
    role = _HEADER_KEYS.get(key.casefold().strip())
    value = value.strip()
    if role is None or not value or value[-1] in ".?!,;…" or value.split()[0].casefold() in _NOT_A_NAME:
        return None
    if _ID.match(value) or (looks_like_speaker(value) and len(value.split()) >= 2):
        return role, value
    return None


def _front_matter(lines: list[tuple[int, str]]) -> tuple[tuple[str, str], ...]:
    header = []
    for _, line in lines:
        match = _LAYOUTS["labels"].match(line)
        found = match and _header_line(match["label"], match["text"])
        if found:
            header.append(found)
    return tuple(header)


def _layout_name(layout: str, family: str) -> str:
    names = {("speaker_time", "docx"): "teams_docx", ("speaker_time", "text"): "speaker_time_text",
             ("otter", "docx"): "otter_docx", ("otter", "text"): "otter_text",
             ("speaker_paren", "text"): "rev_text", ("speaker_paren", "docx"): "rev_docx",
             ("cue_blocks", "docx"): "stream_docx", ("cue_blocks", "text"): "cue_text"}
    return names.get((layout, family), f"{layout}_{family}")
