"""A site's interview manifest (interviews/manifest.csv): one row per interview, read without trusting it.

Columns: file, interview_id, participant_role (required), date, interviewer (optional). Headings are matched in any
case and spacing ("Interview ID" is interview_id). The manifest is a file the site sends, so it is size-limited and
must be a file inside the interviews folder (not a link leading out of it).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from evaluation.ingest.file_safety import FileLimits, UnsafeFileError, check_size, confined_path
from evaluation.ingest.transcripts.model import TranscriptError, decode_text

MANIFEST = "manifest.csv"
MANIFEST_REQUIRED = ("file", "interview_id", "participant_role")
# An interview id is a code, not a name: letters, digits and separators, at least one digit ("INT-03", "P3").
INTERVIEW_ID = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 ._/#-]{0,39}$")


@dataclass(frozen=True)
class Manifest:
    entries: list[dict]  # one per row: the columns (None where blank), manifest_row, repeated_id
    problem: str | None  # why the manifest cannot be used at all, or None
    category: str = "manifest_problem"

    @property
    def listed(self) -> set[str]:
        """The file names the manifest lists, as they would appear in the folder ("./a.txt" is "a.txt")."""
        return {listed_name(entry["file"]) for entry in self.entries if entry.get("file")}


def listed_name(name: str) -> str:
    return str(PurePosixPath(str(name).strip().replace("\\", "/")))


def read_manifest(folder: Path, limits: FileLimits) -> Manifest:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return Manifest([], f"there is no {MANIFEST}, so the interview cannot be attributed to a participant")
    try:
        confined_path(folder, MANIFEST)
        check_size(path, limits)
        text = decode_text(path.read_bytes())
    except (UnsafeFileError, TranscriptError) as error:
        return Manifest([], f"{MANIFEST} cannot be used: {error}; the interview cannot be attributed",
                        getattr(error, "category", "manifest_problem"))
    rows = [row for row in csv.reader(io.StringIO(text, newline=""))]
    if not rows:
        return Manifest([], f"{MANIFEST} is empty; the interview cannot be attributed")
    header = [_column_name(cell) for cell in rows[0]]
    missing = [column for column in MANIFEST_REQUIRED if column not in header]
    if missing:
        return Manifest([], f"{MANIFEST} has no {', '.join(missing)} column, so the interview cannot be attributed")
    entries, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            return Manifest([], f"{MANIFEST} row {number}: {len(row)} cells but the header has {len(header)} "
                                "columns (an unquoted comma?); the interview cannot be attributed")
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: (cell.strip() or None) for column, cell in zip(header, row + [""] * len(header))}
        entry = {**cells, "manifest_row": number}
        entry["repeated_id"] = entry["interview_id"] is not None and entry["interview_id"] in seen
        seen.add(entry["interview_id"])
        entries.append(entry)
    return Manifest(entries, None)


def _column_name(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lstrip("\ufeff").casefold()).strip("_")
