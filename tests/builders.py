"""Small input files for tests, written in a few visible lines."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
ITEM_HEADINGS = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q12", "Q13", "Q14"]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def survey_row(respondent: str, wave: str, role: str, answer: str = "Agree", comment: str = "") -> list[str]:
    """A respondent answering every item the same way, with one free-text answer."""
    return [respondent, wave, role, *([answer] * len(ITEM_HEADINGS)), comment, "", ""]


SURVEY_HEADER = ["Respondent ID", "Wave", "Role", *ITEM_HEADINGS, "Q15", "Q16", "Q17"]


def write_manifest(folder: Path, rows: list[list[str]], header=("file", "interview_id", "participant_role", "date")):
    return write_csv(folder / "manifest.csv", list(header), rows)
