"""Which speaker is the interviewer: from the manifest, from role labels, or by a stated rule.

In order:
1. the manifest's `interviewer` column (a display name, a first name, initials or a label such as `I` or `R`;
   several interviewers separated by `;` or `&`) picks every speaker it matches;
2. otherwise the front matter's "Interviewer: Sarah Jones" line, matched the same way;
3. otherwise role labels: `INTERVIEWER_LABELS` (I, INT, Q, Interviewer, Facilitator, Researcher, Moderator, ...)
   are the interviewer and `PARTICIPANT_LABELS` (P, P1, R, RESP, A, Participant, Respondent, Interviewee, ...)
   the participant. `R` is the respondent, except in a transcript that has participant labels (P, P1) and no
   interviewer label, where it is the researcher. When labels put only one side in the transcript, every other
   speaker is on the other side;
4. otherwise (display names, "Speaker 1"/"Speaker 2") the speaker whose turns ask the most questions is the
   interviewer, and the first to speak when two ask as many.
Every speaker who is not the interviewer is a participant.
"""

from __future__ import annotations

import re

import pandas as pd

from evaluation.ingest.transcripts.cleaning import without_parenthetical
from evaluation.ingest.transcripts.model import Transcript

INTERVIEWER_LABELS = frozenset((
    "i", "int", "intv", "iv", "ivr", "interviewer", "q", "ques", "question", "facilitator", "fac", "researcher",
    "moderator", "mod", "evaluator", "fieldworker",
))
PARTICIPANT_LABELS = frozenset((
    "p", "pt", "part", "participant", "r", "resp", "respondent", "interviewee", "ie", "a", "ans", "answer",
    "service user", "su", "patient", "carer", "client",
))
_ROLE_LABEL = re.compile(r"^(?P<word>[a-z]+(?: [a-z]+)?)\s*[-.#]?\s*\d{0,3}$")


def label_role(label: str) -> str | None:
    """'interviewer', 'participant', 'r' (ambiguous R) or None for a label that names no role ('Priya Shah')."""
    match = _ROLE_LABEL.match(without_parenthetical(label).casefold().strip(" .:"))
    if not match:
        return None
    word = match["word"]
    if word == "r":
        return "r"
    if word in INTERVIEWER_LABELS:
        return "interviewer"
    if word in PARTICIPANT_LABELS:
        return "participant"
    return None


def interviewer_speakers(transcript: Transcript, named: str | None) -> tuple[set[str], str]:
    """The speakers who are the interviewer, and how that was decided: 'manifest', 'front matter', 'labels' or
    'questions' (rules 1 to 4 above)."""
    speakers = transcript.speakers
    for source, value in (("manifest", named), ("front matter", transcript.header_value("interviewer"))):
        if value is None or pd.isna(value) or not str(value).strip():
            continue
        matched = {s for s in speakers if any(_same_person(part, s) for part in _people(str(value)))}
        if matched and len(matched) < len(speakers):
            return matched, source
    roles = {speaker: label_role(speaker) for speaker in speakers}
    if any(roles.values()):
        has_interviewer = "interviewer" in roles.values()
        has_participant = "participant" in roles.values()
        r_side = "interviewer" if has_participant and not has_interviewer else "participant"
        sides = {s: (r_side if role == "r" else role) for s, role in roles.items()}
        if "interviewer" in sides.values():
            chosen = {s for s, side in sides.items() if side == "interviewer"}
        else:
            chosen = {s for s, side in sides.items() if side is None}
        return chosen, "labels"
    return {_most_questions(transcript)}, "questions"


def _most_questions(transcript: Transcript) -> str:
    asked = {speaker: 0 for speaker in transcript.speakers}
    for turn in transcript.turns:
        asked[turn.speaker] += "?" in turn.text
    return max(transcript.speakers, key=lambda speaker: asked[speaker])  # max keeps the first of equals


def _people(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s*(?:;|&|\band\b|/)\s*", value) if part.strip()]


def _same_person(named: str, speaker: str) -> bool:
    """'Daniel Osei (Evaluation Team)' ~ 'Daniel Osei' ~ 'OSEI, Daniel' ~ 'D. Osei' ~ 'Daniel' ~ 'DO'; 'INT' ~ 'INT:';
    case and spacing do not matter."""
    a, b = _words(named), _words(speaker)
    if not a or not b:
        return False
    if a == b or _words(without_parenthetical(named)) == _words(without_parenthetical(speaker)):
        return True
    a, b = _words(without_parenthetical(named)), _words(without_parenthetical(speaker))
    if a and b and (set(a) <= set(b) or set(b) <= set(a)) and max(len(a), len(b)) > 1:
        return all(len(w) > 1 for w in (a if len(a) < len(b) else b))  # a first name, not a lone initial
    if len(a) == len(b) > 1 and any(x == y and len(x) > 1 for x, y in zip(a, b)) and all(
            x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)) for x, y in zip(a, b)):
        return True  # "D. Osei" ~ "Daniel Osei"
    initials = lambda words: "".join(w[0] for w in words)  # noqa: E731
    return (len(a) == 1 and len(b) > 1 and a[0] == initials(b)) or (len(b) == 1 and len(a) > 1 and b[0] == initials(a))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())
