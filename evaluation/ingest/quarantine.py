"""The quarantine: every input record, file or value the pipeline could not use, with the reason why.

Scopes say what was set aside:
- file:   a whole file could not be read (counts as one input record);
- row:    one input record (a respondent row, or an interview in the manifest) was not used;
- value:  one cell was not usable but the rest of its row was kept (an unmappable Likert label);
- column: a column matched nothing in the instrument, so its values were not used.
Row accounting counts file and row entries: records in = records kept + file/row entries.

The quarantine is shared with everyone who runs the pipeline, so it names where a problem is (file, sheet, row,
column), what kind of problem it is (`category`) and why, but never repeats what the cell held: a mistyped Likert
cell or a role column can hold a phone number or a name. The raw value an evaluator needs to fix the input goes to
`private_frame()`, which is written under data/private/ only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

QUARANTINE_COLUMNS = ("site_id", "table", "source_file", "sheet", "source_row", "column", "scope", "category",
                      "reason")
PRIVATE_COLUMNS = ("site_id", "table", "source_file", "sheet", "source_row", "column", "category", "value")
SCOPES = ("file", "row", "value", "column")
RECORD_SCOPES = ("file", "row")
# What kind of problem an entry is, in a word an evaluator can filter on, and what it means.
CATEGORIES = {
    "unreadable_file": "the file could not be read (format, encoding or damage)",
    "unsafe_file": "the file was refused as unsafe to open (entity expansion, zip bomb, too deep or too many parts)",
    "oversized_file": "the file is larger than the stated limit, or took longer than the time limit",
    "unsupported_format": "the file is not in a format the pipeline reads",
    "outside_folder": "a path given in the data points outside the site's folder, and was refused",
    "not_listed": "a transcript that the manifest does not list",
    "missing_file": "the manifest lists a file that is not there",
    "manifest_problem": "the manifest is missing or a row of it cannot be used",
    "empty_row": "a row with no answers",
    "no_respondent_id": "a row without a respondent id",
    "missing_field": "a required field (wave, role, speaker) is absent",
    "unknown_wave": "a wave that is neither baseline nor follow-up",
    "unknown_role": "a role that the instrument does not know",
    "unknown_date": "a date that cannot be read",
    "duplicate": "the same respondent, interview or column twice",
    "unmapped_answer": "an answer that maps onto no point of the scale",
    "unmatched_column": "a column that maps to no item or field of the instrument",
    "no_speech": "a transcript with no turns that can be attributed to a speaker",
    "one_sided": "every turn of a transcript fell on one side (interviewer or participant)",
    "not_an_id": "an id that does not look like one (it could hold a name), so it was not copied into any table",
    "speaker_unknown": "the interviewer named in the manifest is not among the transcript's speakers",
    "low_coverage": "an export maps too few of the instrument's items",
    "mapping_problem": "the site's surveys/mapping.yaml cannot be read, or names a column, file or field that is not "
                       "there",
}


@dataclass
class Quarantine:
    site_id: str
    table: str
    entries: list[dict] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)

    def add(self, scope: str, source_file: str, reason: str, *, category: str, sheet: str | None = None,
            row: int | None = None, column: str | None = None, value: str | None = None) -> None:
        """Set something aside. `reason` must not quote the cell; `value` (the raw cell) is kept privately."""
        if scope not in SCOPES:
            raise ValueError(f"unknown quarantine scope '{scope}'")
        if category not in CATEGORIES:
            raise ValueError(f"unknown quarantine category '{category}' (add it to CATEGORIES with its meaning)")
        where = {"site_id": self.site_id, "table": self.table, "source_file": source_file, "sheet": sheet,
                 "source_row": row, "column": column}
        self.entries.append({**where, "scope": scope, "category": category, "reason": reason})
        if value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) != "":
            self.values.append({**where, "category": category, "value": str(value)})

    def frame(self) -> pd.DataFrame:
        return quarantine_frame(self.entries)

    def private_frame(self) -> pd.DataFrame:
        """The raw values behind value- and row-level entries, for the evaluator fixing the input (private)."""
        return _ordered(pd.DataFrame(self.values, columns=list(PRIVATE_COLUMNS)), PRIVATE_COLUMNS)


def quarantine_frame(entries: list[dict]) -> pd.DataFrame:
    """Entries as a table, in the order an evaluator fixes them: by table, file, sheet, row and column."""
    return _ordered(pd.DataFrame(entries, columns=list(QUARANTINE_COLUMNS)), QUARANTINE_COLUMNS)


def _ordered(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = frame.astype({c: "string" for c in columns if c != "source_row"})
    frame["source_row"] = frame["source_row"].astype("Int64")
    order = ["table", "source_file", "sheet", "source_row", "column"]
    return frame.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)


def records_quarantined(frame: pd.DataFrame) -> int:
    """Input records set aside whole (files and rows), for row accounting."""
    return int(frame["scope"].isin(RECORD_SCOPES).sum())


def describe(frame: pd.DataFrame) -> str:
    """One line per entry, as an evaluator would read it: 'export.csv row 12 (Q3): reason'."""
    lines = []
    for entry in frame.itertuples(index=False):
        where = entry.source_file + (f" [{entry.sheet}]" if not pd.isna(entry.sheet) else "")
        if not pd.isna(entry.source_row):
            where += f" row {entry.source_row}"
        if not pd.isna(entry.column):
            where += f" ({entry.column})"
        lines.append(f"{where}: {entry.reason}")
    return "\n".join(lines)
