"""The review sheet's layout, shared by writing it (sheet_export.py) and reading it back (sheet_import.py).

The human review round trip: an Excel workbook a reviewer codes, read back as a coding. Its "Review" sheet has one
row per participant segment with a 0/1 column per theme, grouped under its category, plus one "no theme fits" column
per category; "Codebook" and "How to review" sheets help the reviewer, and a hidden "Exported" sheet records which
segments were sent out, so deleted rows are reported rather than read as "no codes".

The sheet is matched back by keys, not positions: row 3 holds the column keys (segment_id, theme ids, category
ids) and column A the segment ids, so a reviewer may sort, filter or widen columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.coding.codebook import Codebook, Theme

REVIEW_SHEET, CODEBOOK_SHEET, GUIDE_SHEET, EXPORT_SHEET = "Review", "Codebook", "How to review", "Exported"
TITLE_ROW, KEY_ROW, FIRST_ROW = 2, 3, 4
EXPORTED_FIRST_ROW = 5  # the Exported sheet's first segment id, under its codebook, coder and prefill lines


class ReviewSheetError(ValueError):
    """The filled review sheet cannot be read as a coding; the message names each sheet cell to fix."""


class ReviewSheetWarning(UserWarning):
    """The review sheet can be read, but something the evaluator should know about was found (deleted rows)."""


@dataclass(frozen=True)
class Column:
    key: str  # row 3, what import reads: a segment field, theme id or category id
    title: str  # row 2, what the reviewer reads
    width: float
    category: str | None = None  # code columns only: the category band they sit under
    theme: Theme | None = None

    @property
    def is_code(self) -> bool:
        return self.category is not None


SEGMENT_COLUMNS = (Column("segment_id", "Segment", 22), Column("site_id", "Site", 14),
                   Column("interview_id", "Interview", 12), Column("speaker_role", "Speaker role", 14),
                   Column("text", "Segment text", 60))
REVIEWER_COLUMNS = (Column("evidence", "Automated evidence", 36), Column("reviewer_note", "Reviewer note", 36))


def review_columns(codebook: Codebook) -> list[Column]:
    """The Review sheet's columns, left to right: segment fields, each category's themes + 'no theme fits',
    evidence and reviewer note."""
    codes = []
    for category in codebook.categories:
        codes += [Column(t.id, t.name, 5, category.id, t) for t in codebook.themes_in(category.id)]
        codes.append(Column(category.id, f"Other {category.id} (no theme fits)", 5, category.id))
    columns = [*SEGMENT_COLUMNS, *codes, *REVIEWER_COLUMNS]
    keys = [c.key for c in columns]
    clashes = sorted({k for k in keys if keys.count(k) > 1})
    if clashes:
        raise ValueError(f"codebook {codebook.label}: id(s) {', '.join(clashes)} clash with another column")
    return columns
