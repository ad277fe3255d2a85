"""The quarantine: every input record, file or value the pipeline could not use, with the reason why.

Scopes say what was set aside:
- file:   a whole file could not be read (counts as one input record);
- row:    one input record (a respondent row, or an interview in the manifest) was not used;
- value:  one cell was not usable but the rest of its row was kept (an unmappable Likert label);
- column: a column matched nothing in the instrument, so its values were not used.
Row accounting counts file and row entries: records in = records kept + file/row entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

QUARANTINE_COLUMNS = ("site_id", "table", "source_file", "sheet", "source_row", "column", "value", "scope", "reason")
SCOPES = ("file", "row", "value", "column")
RECORD_SCOPES = ("file", "row")
# A quarantined value is shown to help fix the source; long text could hold personal data, so it is cut short.
MAX_VALUE_CHARS = 40


@dataclass
class Quarantine:
    site_id: str
    table: str
    entries: list[dict] = field(default_factory=list)

    def add(self, scope: str, source_file: str, reason: str, *, sheet: str | None = None, row: int | None = None,
            column: str | None = None, value: str | None = None) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown quarantine scope '{scope}'")
        if value is not None and len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        self.entries.append({"site_id": self.site_id, "table": self.table, "source_file": source_file,
                             "sheet": sheet, "source_row": row, "column": column, "value": value, "scope": scope,
                             "reason": reason})

    def frame(self) -> pd.DataFrame:
        return quarantine_frame(self.entries)


def quarantine_frame(entries: list[dict]) -> pd.DataFrame:
    """Entries as a table, in the order an evaluator fixes them: by table, file, sheet, row and column."""
    frame = pd.DataFrame(entries, columns=list(QUARANTINE_COLUMNS))
    frame = frame.astype({c: "string" for c in QUARANTINE_COLUMNS if c != "source_row"})
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
