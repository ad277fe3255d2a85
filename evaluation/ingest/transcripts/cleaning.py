"""What is not speech: timestamps, transcriber annotations, tool boilerplate, and front-matter keys.

Removed from the text and never coded:
- timestamps, alone ("00:04:12") or bracketed ("[00:04:12]", "(04:12)");
- transcriber annotations in square brackets that start with a word of `ANNOTATIONS` ("[inaudible 00:04:12]",
  "[crosstalk]", "[laughs]") or any round-bracketed one ("(laughs)", "(pause)"); other brackets are kept, since
  "[the hospital]" is a transcriber's clarification of what was said;
- whole lines that the tools write themselves (`is_boilerplate`): "Priya Shah started transcription", "stopped
  transcription", "Transcribed by https://otter.ai", "joined/left the meeting".
"""

from __future__ import annotations

import html
import re

# "0:03", "00:04:12", "1:02:03.250", and the unpadded "0:0:3.520" of Teams/Stream cue timings
TIME = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"
ANNOTATIONS = (
    "inaudible", "unintelligible", "indistinct", "unclear", "crosstalk", "cross talk", "cross-talk", "overtalk",
    "overlapping", "overlapping speech", "talking over", "laughs", "laughing", "laughter", "chuckles", "giggles",
    "pause", "pauses", "long pause", "short pause", "silence", "sighs", "coughs", "clears throat", "background noise",
    "noise", "music", "phone rings", "phone ringing", "interruption", "interrupted", "break", "break in recording",
    "recording paused", "recording resumed", "recording stopped", "audio cuts out", "audio drops", "connection lost",
    "technical difficulties", "foreign language", "speaks in", "emotional", "crying", "tearful", "upset", "applause",
    "no audio", "silent", "mumbles", "whispers", "sound of", "door", "dog barking", "baby crying", "static",
)
_WORDS = "|".join(sorted((re.escape(a).replace(r"\ ", r"\s+") for a in ANNOTATIONS), key=len, reverse=True))
_SQUARE_ANNOTATION = re.compile(rf"\[\s*(?:{_WORDS})\b[^\]]*\]", re.IGNORECASE)
_ROUND_ANNOTATION = re.compile(rf"\(\s*(?:{_WORDS})\b[^)]*\)", re.IGNORECASE)
_BRACKETED_TIME = re.compile(rf"[\[(]\s*{TIME}\s*(?:-+>?|–)?\s*(?:{TIME})?\s*[\])]")
_LEADING_TIME = re.compile(rf"^\s*{TIME}\s*(?:-->\s*{TIME}\s*)?(?=\s|$)")
_TIME_ONLY = re.compile(rf"^\s*[\[(]?\s*{TIME}\s*(?:(?:-->|-|–)\s*{TIME})?\s*[\])]?\s*$")
_BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in (
    r"^.{0,120}\b(?:started|stopped|ended|paused|resumed|has started|has stopped) (?:the )?(?:transcription|"
    r"recording)\b.{0,40}$",
    r"^.{0,120}\b(?:joined|left) the (?:meeting|call)\.?$",
    r"^\s*transcribed by\b.{0,60}$",  # Otter's footer: "Transcribed by https://otter.ai"
    r"^\s*(?:this|the) transcript was (?:exported|generated|created)\b.*$",
    r"^\s*(?:https?://)?(?:www\.)?otter\.ai\b\S*\s*$",
    r"^\s*WEBVTT\b.*$",
    r"^\s*(?:end of (?:the )?(?:transcript|interview|recording)|\[?end of transcript\]?)\W*$",
)]
# Keys of "Key: value" front-matter lines; never speaker labels.
FRONT_MATTER_KEYS = frozenset((
    "date", "time", "location", "venue", "place", "duration", "length", "project", "project title", "site",
    "title", "meeting", "meeting title", "attendees", "present", "recording", "recorded", "consent", "transcript",
    "transcriber", "transcribed by", "transcription", "audio", "audio file", "file", "file name", "filename",
    "interview", "interview id", "interview date", "interview number", "interview no", "participant id",
    "respondent id", "id", "role", "job title", "organisation", "organization", "notes", "note", "mode", "format",
    "language", "pseudonym", "code", "reference", "ref", "session", "start time", "end time", "version",
    "setting", "topic", "subject", "wave", "type", "speaker", "speakers", "text", "name", "timestamp",
))
# Words that may sit in lower case inside a person's display name.
_NAME_PARTICLES = frozenset(("de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "bin", "binti",
                             "al", "el", "la", "le", "ibn", "ap", "of"))
_PARENTHETICAL = re.compile(r"\s*[(\[][^)\]]*[)\]]")


def is_boilerplate(line: str) -> bool:
    return any(pattern.match(line) for pattern in _BOILERPLATE)


def is_timestamp_only(line: str) -> bool:
    return bool(_TIME_ONLY.match(line))


def clean_speech(text: str) -> str:
    """Speech with annotations and timestamps removed and white space collapsed."""
    text = _SQUARE_ANNOTATION.sub(" ", text)
    text = _ROUND_ANNOTATION.sub(" ", text)
    text = _BRACKETED_TIME.sub(" ", text)
    text = _LEADING_TIME.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:?!])", r"\1", text)


def unescape(text: str) -> str:
    """Caption text with its character references (&amp;, &nbsp;, &#39;) turned back into characters."""
    return html.unescape(text).replace("\u00a0", " ").replace("\u200e", "").replace("\u200f", "")


def without_parenthetical(label: str) -> str:
    """'Eleanor Marsh (Evaluation Team)' -> 'Eleanor Marsh'."""
    return _PARENTHETICAL.sub("", label).strip()


def looks_like_speaker(label: str) -> bool:
    """Whether a label can be a speaker: one to five capitalised words or numbers ('Priya Shah', 'Speaker 2', 'P1',
    'Dr. A. Okafor'), not a front-matter key ('Date', 'Location') and not a sentence ('We met at')."""
    core = without_parenthetical(label)
    words = core.split()
    if not 1 <= len(words) <= 5 or len(core) > 60 or core.casefold() in FRONT_MATTER_KEYS:
        return False
    if not any(character.isalpha() for character in core):
        return False
    for word in words:
        if word.casefold() in _NAME_PARTICLES:
            continue
        if not (word[0].isupper() or word[0].isdigit()) or not re.fullmatch(r"[\w.'’\-]+,?", word):
            return False  # the comma is NHS mail's "SHAH, Priya"
    return True


def looks_like_display_name(label: str) -> bool:
    """A meeting tool's display name as people type it: like `looks_like_speaker`, but in any case ('priya
    shah', "Priya's iPhone"), since Zoom shows what each person typed when joining."""
    core = without_parenthetical(label)
    words = core.split()
    if not 1 <= len(words) <= 6 or len(core) > 60 or core.casefold() in FRONT_MATTER_KEYS:
        return False
    return any(c.isalpha() for c in core) and all(re.fullmatch(r"[\w.'’\-&@|/]+,?", word) for word in words)
