"""Interview ingestion for one site: manifest + transcripts → redacted speaker turns and a quarantine.

The manifest says which file holds which interview and who the participant is. Each manifest row, and each
transcript the manifest does not list, is one input record: it is either read into turns or quarantined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import janitor  # noqa: F401  (registers DataFrame.clean_names)
import pandas as pd

from evaluation.ingest.quarantine import Quarantine, records_quarantined
from evaluation.ingest.survey_files import SurveyFileError, read_csv_sheet
from evaluation.ingest.surveys import anonymisation_log_frame
from evaluation.ingest.transcript_files import TRANSCRIPT_SUFFIXES, SpokenTurn, TranscriptError, read_transcript
from evaluation.survey.instrument import Instrument
from evaluation.text.redact import Redactor

MANIFEST = "manifest.csv"
MANIFEST_REQUIRED = ("file", "interview_id", "participant_role")
TURN_COLUMNS = ("site_id", "interview_id", "turn", "speaker", "speaker_role", "participant_role", "interview_date",
                "text", "source_file", "source_location")


@dataclass(frozen=True)
class InterviewIngest:
    turns: pd.DataFrame
    quarantine: pd.DataFrame
    anonymisation_log: pd.DataFrame
    records_in: int  # manifest rows, plus transcripts the manifest does not list
    interviews_kept: int

    @property
    def records_quarantined(self) -> int:
        return records_quarantined(self.quarantine)


def ingest_site_interviews(site_id: str, interview_dir: Path, roles: Instrument,
                           redactor: Redactor) -> InterviewIngest:
    """Read a site's interviews. `roles` maps participant-role spellings (the survey instrument's role vocabulary)."""
    interview_dir = Path(interview_dir)
    quarantine = Quarantine(site_id, "interview_turns")
    transcripts = _transcript_files(interview_dir)
    manifest, manifest_problem = _read_manifest(interview_dir)
    listed = set(manifest["file"].dropna()) if manifest is not None else set()
    for name in sorted(set(transcripts) - listed):
        unlisted = f"not listed in {MANIFEST}; add a row for it to include it"
        quarantine.add("file", name, unlisted if manifest is not None else manifest_problem)
    records_in = len(set(transcripts) - listed) + (0 if manifest is None else len(manifest))

    turns, log, kept = [], [], 0
    for entry in (manifest.to_dict("records") if manifest is not None else []):
        interview = _read_interview(site_id, interview_dir, entry, roles, quarantine)
        if interview is None:
            continue
        frame, names = interview
        redacted, replacements = _redact(frame, redactor, names)
        turns.append(redacted)
        log += replacements
        kept += 1
    table = pd.concat(turns, ignore_index=True) if turns else pd.DataFrame(columns=list(TURN_COLUMNS))
    table = table.astype({c: "string" for c in TURN_COLUMNS if c not in ("turn", "source_location")})
    table = table.astype({"turn": "Int32", "source_location": "Int32"})
    return InterviewIngest(table, quarantine.frame(), anonymisation_log_frame(log), records_in, kept)


def _transcript_files(interview_dir: Path) -> list[str]:
    if not interview_dir.is_dir():
        return []
    return sorted(p.name for p in interview_dir.iterdir()
                  if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES and not p.name.startswith((".", "~$")))


def _read_manifest(interview_dir: Path) -> tuple[pd.DataFrame | None, str]:
    """The manifest with a row number per entry, or None and the reason it cannot be used."""
    path = interview_dir / MANIFEST
    if not path.is_file():
        return None, f"there is no {MANIFEST}, so the interview cannot be attributed to a participant"
    try:
        manifest = read_csv_sheet(path).frame.clean_names()
    except SurveyFileError as error:
        return None, f"{error}; the interview cannot be attributed"
    missing = [c for c in MANIFEST_REQUIRED if c not in manifest.columns]
    if missing:
        return None, f"{MANIFEST} has no {', '.join(missing)} column, so the interview cannot be attributed"
    manifest["manifest_row"] = range(2, len(manifest) + 2)
    manifest["repeated_id"] = manifest["interview_id"].notna() & manifest["interview_id"].duplicated(keep="first")
    return manifest, ""


def _read_interview(site_id: str, interview_dir: Path, entry: dict, roles: Instrument,
                    quarantine: Quarantine) -> tuple[pd.DataFrame, list[str]] | None:
    row, name = int(entry["manifest_row"]), entry["file"]
    problem = _manifest_row_problem(entry, interview_dir)
    if problem:
        quarantine.add("row", MANIFEST, problem, row=row, column="file", value=None if pd.isna(name) else name)
        return None
    try:
        spoken = read_transcript(interview_dir / name)
    except TranscriptError as error:
        quarantine.add("row", name, f"{error} (manifest row {row})")
        return None
    participant_role = _participant_role(entry, roles, quarantine)
    sides, names = _attribute_speakers(spoken, entry, name, quarantine)
    frame = pd.DataFrame({
        "site_id": site_id,
        "interview_id": entry["interview_id"],
        "turn": range(1, len(spoken) + 1),
        "speaker": sides,
        "speaker_role": [participant_role if side == "participant" else "interviewer" for side in sides],
        "participant_role": participant_role,
        "interview_date": _interview_date(entry, quarantine),
        "text": [turn.text for turn in spoken],
        "source_file": name,
        "source_location": [turn.location for turn in spoken],
    })
    return frame, names


def _manifest_row_problem(entry: dict, interview_dir: Path) -> str | None:
    name = entry["file"]
    if pd.isna(name):
        return "no file named"
    if pd.isna(entry["interview_id"]):
        return "no interview_id"
    if entry["repeated_id"]:
        return f"interview_id '{entry['interview_id']}' appears twice in {MANIFEST}; the first row was used"
    path = interview_dir / name
    if not path.is_file():
        return f"file '{name}' is listed but missing from the interviews folder"
    if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
        return f"file '{name}' is not a transcript format ({', '.join(TRANSCRIPT_SUFFIXES)})"
    return None


def _participant_role(entry: dict, roles: Instrument, quarantine: Quarantine) -> str:
    role = roles.map_role(pd.Series([entry["participant_role"]], dtype="string"))[0]
    if pd.isna(role):
        quarantine.add("value", MANIFEST, f"participant_role '{entry['participant_role']}' is not a known role; "
                       "recorded as not_stated", row=int(entry["manifest_row"]), column="participant_role",
                       value=entry["participant_role"])
        return "not_stated"
    return str(role)


def _interview_date(entry: dict, quarantine: Quarantine) -> str | None:
    value = entry.get("date")
    if value is None or pd.isna(value):
        return None
    parsed = pd.to_datetime(value, errors="coerce", dayfirst=not str(value)[:4].isdigit())
    if pd.isna(parsed):
        quarantine.add("value", MANIFEST, f"date '{value}' is not a date; left blank", row=int(entry["manifest_row"]),
                       column="date", value=value)
        return None
    return parsed.date().isoformat()


def _attribute_speakers(spoken: list[SpokenTurn], entry: dict, name: str,
                        quarantine: Quarantine) -> tuple[list[str], list[str]]:
    """Interviewer or participant for each turn, and the speaker names to redact from the text."""
    if spoken[0].labelled:
        return [turn.speaker for turn in spoken], []
    voices = list(dict.fromkeys(turn.speaker for turn in spoken))
    named = entry.get("interviewer")
    interviewer = voices[0]
    if named is not None and not pd.isna(named):
        if named in voices:
            interviewer = named
        else:
            quarantine.add("value", name, f"the manifest's interviewer is not one of the caption voices; the first "
                           "voice was taken as the interviewer", row=int(entry["manifest_row"]), column="interviewer")
    names = voices + ([named] if named is not None and not pd.isna(named) else [])
    return ["interviewer" if turn.speaker == interviewer else "participant" for turn in spoken], names


def _redact(frame: pd.DataFrame, redactor: Redactor, names: list[str]) -> tuple[pd.DataFrame, list[dict]]:
    texts, log = [], []
    for entry in frame.itertuples(index=False):
        redacted, replacements = redactor.redact(entry.text, names=names)
        texts.append(redacted)
        log += [{"site_id": entry.site_id, "source": "interview_turns", "source_file": entry.source_file,
                 "record": f"{entry.interview_id}/turn {entry.turn}", "kind": r.kind, "original": r.original,
                 "label": r.label} for r in replacements]
    return frame.assign(text=texts), log

