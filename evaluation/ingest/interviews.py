"""Interview ingestion for one site: manifest + transcripts → redacted speaker turns and a quarantine.

The manifest says which file holds which interview and who the participant is. Each manifest row, and each
transcript the manifest does not list, is one input record: it is either read into turns or quarantined. A file
that cannot be read, whatever the reason (a damaged or hostile document, a reader error), sets aside that
interview only; the site's other interviews are still read.

Nothing that could name a person reaches a table: `speaker` is interviewer or participant, never the label or
display name; the text is redacted with every speaker's display name (and the manifest's and front matter's
interviewer) as known names; a file name keeps its place in `source_file` with any name in it replaced
("Interview with [name].docx"); and an `interview_id` that does not look like a code (no digit, or holding a
name) is refused rather than copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.ingest.file_safety import FileLimits, UnsafeFileError, confined_path
from evaluation.ingest.interview_manifest import INTERVIEW_ID, MANIFEST, listed_name, read_manifest
from evaluation.ingest.quarantine import Quarantine, records_quarantined
from evaluation.ingest.surveys import anonymisation_log_frame
from evaluation.ingest.transcripts import TRANSCRIPT_SUFFIXES, Transcript, TranscriptError, read_transcript
from evaluation.ingest.transcripts.sides import interviewer_speakers, label_role
from evaluation.survey.instrument import Instrument
from evaluation.text.names_vocabulary import zipf_frequency
from evaluation.text.redact import Redactor
from evaluation.vocabulary import INTERVIEWER

TURN_COLUMNS = ("site_id", "interview_id", "turn", "speaker", "speaker_role", "participant_role", "interview_date",
                "text", "source_file", "source_location")
# What is taken out of a file name or id: a person, not the dates and numbers that file names are made of.
_NAME_KINDS = ("name", "email", "nhs_number")
# Labels the tools give unnamed voices: "Speaker 2", Otter's "Unknown Speaker"; no person's name
_TOOL_LABEL = re.compile(r"^(?:unknown\s+)?speaker(?:\s*\d+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class InterviewIngest:
    turns: pd.DataFrame
    quarantine: pd.DataFrame
    quarantine_values: pd.DataFrame  # the raw cells behind quarantine entries: private, like the log
    anonymisation_log: pd.DataFrame
    records_in: int  # manifest rows, plus transcripts the manifest does not list
    interviews_kept: int
    layouts: dict[str, str] = field(default_factory=dict)  # source_file -> the transcript layout recognised

    @property
    def records_quarantined(self) -> int:
        return records_quarantined(self.quarantine)


def ingest_site_interviews(site_id: str, interview_dir: Path, roles: Instrument, redactor: Redactor,
                           limits: FileLimits | None = None) -> InterviewIngest:
    """Read a site's interviews. `roles` maps participant-role spellings (the survey instrument's role vocabulary)."""
    return _SiteInterviews(site_id, Path(interview_dir), roles, redactor, limits or FileLimits.from_env()).read()


class _SiteInterviews:
    def __init__(self, site_id: str, folder: Path, roles: Instrument, redactor: Redactor,
                 limits: FileLimits) -> None:
        self.site_id, self.folder, self.roles, self.redactor, self.limits = site_id, folder, roles, redactor, limits
        self.quarantine = Quarantine(site_id, "interview_turns")
        self.log: list[dict] = []
        self.layouts: dict[str, str] = {}

    def read(self) -> InterviewIngest:
        manifest = read_manifest(self.folder, self.limits)
        unlisted = sorted(set(self._transcript_files()) - manifest.listed)
        for name in unlisted:
            reason = manifest.problem or f"not listed in {MANIFEST}; add a row for it to include it"
            self.quarantine.add("file", self._public_name(name, []), reason,
                                category=manifest.category if manifest.problem else "not_listed")
        turns = [frame for entry in manifest.entries if (frame := self._interview(entry)) is not None]
        table = pd.concat(turns, ignore_index=True) if turns else pd.DataFrame(columns=list(TURN_COLUMNS))
        table = table.astype({c: "string" for c in TURN_COLUMNS if c not in ("turn", "source_location")})
        table = table.astype({"turn": "Int32", "source_location": "Int32"})
        return InterviewIngest(table, self.quarantine.frame(), self.quarantine.private_frame(),
                               anonymisation_log_frame(self.log), len(unlisted) + len(manifest.entries),
                               len(turns), self.layouts)

    def _transcript_files(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir()
                      if p.suffix.lower() in TRANSCRIPT_SUFFIXES and not p.name.startswith((".", "~$"))
                      and (p.is_file() or p.is_symlink()))

    def _interview(self, entry: dict) -> pd.DataFrame | None:
        row, name = entry["manifest_row"], entry.get("file")

        def refuse(reason: str, category: str, column: str = "file", value: str | None = None) -> None:
            self.quarantine.add("row", MANIFEST, reason, category=category, row=row, column=column, value=value)

        if name is None:
            return refuse("no file named", "missing_field")
        try:
            path = confined_path(self.folder, name)
        except UnsafeFileError as error:
            return refuse(str(error), error.category, value=name)
        if entry.get("interview_id") is None:
            return refuse("no interview_id", "missing_field", "interview_id")
        if entry["repeated_id"]:
            return refuse(f"the interview_id appears twice in {MANIFEST}; the first row was used", "duplicate",
                          "interview_id", entry["interview_id"])
        if not path.is_file():
            return refuse("the file is listed but missing from the interviews folder", "missing_file", value=name)
        if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
            return refuse(f"the file is not a transcript format ({', '.join(TRANSCRIPT_SUFFIXES)})",
                          "unsupported_format", value=name)
        transcript = self._read(path, name, row)
        if transcript is None:
            return None
        names = _known_names(transcript, entry.get("interviewer"))
        if not _is_id(entry["interview_id"], self.redactor, names):
            return refuse("the interview_id does not look like an id (letters and digits with at least one digit, "
                          "such as INT-03, and no name); it was not copied", "not_an_id", "interview_id",
                          entry["interview_id"])
        public = self._public_name(name, names)
        self.layouts[public] = transcript.layout
        sides = self._sides(transcript, entry, public)
        if len(set(sides)) < 2:
            self.quarantine.add("row", public, f"every turn fell on the {sides[0]} side ({len(sides)} turns); check "
                                f"the speaker labels or the manifest's interviewer column (manifest row {row}); "
                                "it was not coded", category="one_sided", row=row)
            return None
        participant_role = self._participant_role(entry)
        frame = pd.DataFrame({
            "site_id": self.site_id,
            "interview_id": entry["interview_id"],
            "turn": range(1, len(transcript.turns) + 1),
            "speaker": sides,
            "speaker_role": [participant_role if side == "participant" else INTERVIEWER for side in sides],
            "participant_role": participant_role,
            "interview_date": self._interview_date(entry),
            "text": [turn.text for turn in transcript.turns],
            "source_file": public,
            "source_location": [turn.location for turn in transcript.turns],
        })
        return self._redact(frame, names)

    def _read(self, path: Path, name: str, row: int) -> Transcript | None:
        try:
            return read_transcript(path, self.limits)
        except (TranscriptError, UnsafeFileError) as error:
            reason, category = str(error), error.category
        except Exception as error:  # a damaged document can fail inside its parser in any way; lose only this one
            reason, category = f"the reader failed on this file ({type(error).__name__})", "unreadable_file"
        self.quarantine.add("row", self._public_name(name, []), f"{reason} (manifest row {row})", category=category,
                            row=row)
        return None

    def _sides(self, transcript: Transcript, entry: dict, public: str) -> list[str]:
        named = entry.get("interviewer")
        interviewers, how = interviewer_speakers(transcript, named)
        if named is not None and how == "questions":
            self.quarantine.add("value", public, "the manifest's interviewer is not one of the transcript's "
                                "speakers; the speaker asking the most questions was taken as the interviewer",
                                category="speaker_unknown", row=entry["manifest_row"], column="interviewer",
                                value=named)
        return ["interviewer" if turn.speaker in interviewers else "participant" for turn in transcript.turns]

    def _participant_role(self, entry: dict) -> str:
        role = self.roles.map_role(pd.Series([entry["participant_role"]], dtype="string"))[0]
        if pd.isna(role):
            self.quarantine.add("value", MANIFEST, "the participant_role is not a known role; recorded as not_stated",
                                category="unknown_role", row=entry["manifest_row"], column="participant_role",
                                value=entry["participant_role"])
            return "not_stated"
        return str(role)

    def _interview_date(self, entry: dict) -> str | None:
        value = entry.get("date")
        if value is None:
            return None
        parsed = pd.to_datetime(value, errors="coerce", dayfirst=not str(value)[:4].isdigit())
        if pd.isna(parsed):
            self.quarantine.add("value", MANIFEST, "the date is not a date; left blank", category="unknown_date",
                                row=entry["manifest_row"], column="date", value=value)
            return None
        return parsed.date().isoformat()

    def _public_name(self, name: str, names: list[str]) -> str:
        """The file name as tables show it: any person's name in it replaced, the rest (dates, codes) kept."""
        name = listed_name(name)
        public, found = _without_names(name, self.redactor, names)
        self.log += [{"site_id": self.site_id, "source": "file_name", "source_file": name, "record": "file name",
                      "kind": r.kind, "original": r.original, "label": r.label} for r in found]
        return public

    def _redact(self, frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
        """Redact every turn; a rare name found in one turn is then redacted in every turn that mentions it
        ("I'm Thaddeus Quillfeather" ... "Thaddeus was great"), by redacting those turns again with it."""
        first = [self.redactor.redact(text, names=names) for text in frame["text"]]
        carried = [part for part in _rare_name_parts(first) if part not in names]
        texts = []
        for entry, (redacted, replacements) in zip(frame.itertuples(index=False), first):
            if any(part in entry.text for part in carried):
                redacted, replacements = self.redactor.redact(entry.text, names=names + carried)
            texts.append(redacted)
            self.log += [{"site_id": entry.site_id, "source": "interview_turns", "source_file": entry.source_file,
                          "record": f"{entry.interview_id}/turn {entry.turn}", "kind": r.kind,
                          "original": r.original, "label": r.label} for r in replacements]
        return frame.assign(text=texts)


RARE_WORD = 3.0  # Zipf: rarer than once in a million English words (the redactor's own mid-sentence rule)


def _rare_name_parts(redactions: list[tuple[str, list]]) -> list[str]:
    """The parts of the names found that English seldom uses: a name that is also a common word ("Will", "Dev") is
    left to the rules that found it, never carried to other turns."""
    found = {r.original for _, replacements in redactions for r in replacements if r.kind == "name"}
    parts = {part for name in found for part in re.findall(r"[^\W\d_][\w'’-]*", name)}
    return sorted(p for p in parts if p[:1].isupper() and zipf_frequency(p) < RARE_WORD)


def _known_names(transcript: Transcript, interviewer: str | None) -> list[str]:
    """Display names to redact: speakers that are not role labels, the manifest's and the front matter's people."""
    names = [speaker for speaker in transcript.speakers
             if label_role(speaker) is None and not _TOOL_LABEL.match(speaker)]
    names += [value for _, value in transcript.header if not INTERVIEW_ID.match(value)]
    names += [interviewer] if interviewer else []
    return names + [name.title() for name in names if name != name.title()]  # Zoom's "priya shah" is Priya Shah


def _without_names(text: str, redactor: Redactor, names: list[str]):
    """`text` with people's names (and e-mail addresses, NHS numbers) replaced; '_' and '-' count as spaces."""
    spaced = text.replace("_", " ").replace("-", " ")
    _, found = redactor.redact(spaced, names=names)
    found = [r for r in found if r.kind in _NAME_KINDS]
    for r in sorted(found, key=lambda r: r.start, reverse=True):
        text = text[: r.start] + r.label + text[r.end:]
    return text, found


def _is_id(value: str, redactor: Redactor, names: list[str]) -> bool:
    return bool(INTERVIEW_ID.match(value)) and not _without_names(value, redactor, names)[1]
