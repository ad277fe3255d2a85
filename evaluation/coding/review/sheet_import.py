"""Reading a returned review workbook back as a coding: `import_review_sheet`.

Cells are found by the keys in row 3 and the segment ids in column A (layout in sheet.py), never by position.
A category column marked 1 with none of that category's themes marked becomes a row with the category set and
`theme_id` null: it counts for category-level agreement (`presence(level="category")`) and for no theme.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.coding.codebook import Codebook
from evaluation.coding.codings import coding_frame
from evaluation.coding.review.sheet import (EXPORT_SHEET, EXPORTED_FIRST_ROW, FIRST_ROW, KEY_ROW, REVIEW_SHEET,
                                            ReviewSheetError, ReviewSheetWarning, review_columns)

_MAX_ERRORS_SHOWN = 20


def import_review_sheet(path: Path | str, codebook: Codebook, coder: str = "reviewer") -> pd.DataFrame:
    """The filled review sheet as a coding (``CODING_COLUMNS``), with `coder` as the coder.

    A theme cell with 1 codes that theme; a category's "no theme fits" cell with 1, and none of that category's
    themes marked, gives a row with `theme_id` null and the category set. Blank and 0 mean "not applied".
    Any other value raises ReviewSheetError naming every offending cell ("Review!F12: '2' is not 0 or 1").
    Exported segments whose rows are gone raise a ReviewSheetWarning and are left out, not read as uncoded.

    The returned frame's ``attrs`` hold ``reviewed_segments`` (the segment ids in the sheet: the units to
    compare on, since a reviewed segment with no codes has no row), ``missing_segments`` and ``reviewer_notes``.
    """
    path = Path(path)
    book = load_workbook(path, data_only=True)
    if REVIEW_SHEET not in book.sheetnames:
        raise ReviewSheetError(f"{path.name}: no '{REVIEW_SHEET}' sheet; is this a review sheet we exported?")
    sheet = book[REVIEW_SHEET]
    exported = _exported_segments(book)
    reading = _read_review_rows(sheet, _column_keys(sheet, codebook, path), codebook, exported)
    if reading.errors:
        _raise_all(reading.errors, path)
    missing = [s for s in exported if s not in reading.marks]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        warnings.warn(f"{path.name}: {len(missing)} exported segment(s) are missing from the {REVIEW_SHEET} sheet "
                      f"(rows deleted?): {shown}. They are left out of the coding, not read as uncoded.",
                      ReviewSheetWarning, stacklevel=2)
    coding = coding_frame(row for segment_id, marked in reading.marks.items()
                          for row in _coding_rows(segment_id, marked, codebook, coder))
    coding.attrs.update(reviewed_segments=list(reading.marks), missing_segments=missing, reviewer_notes=reading.notes)
    return coding


@dataclass
class _Reading:
    marks: dict[str, set[str]] = field(default_factory=dict)  # segment → column keys marked 1, in sheet order
    rows: dict[str, int] = field(default_factory=dict)  # segment → its sheet row
    notes: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _read_review_rows(sheet: Worksheet, keys: dict[str, int], codebook: Codebook, exported: list[str]) -> _Reading:
    reading = _Reading()
    codes = {c.key for c in review_columns(codebook) if c.is_code}
    code_keys = {key: number for key, number in keys.items() if key in codes}
    for cells in sheet.iter_rows(min_row=FIRST_ROW):
        id_cell = cells[keys["segment_id"] - 1]
        marked = {key for key, number in code_keys.items() if _code_value(cells[number - 1], reading.errors)}
        segment_id = "" if id_cell.value is None else str(id_cell.value).strip()
        problem = _row_problem(segment_id, marked, reading.rows, exported)
        if problem:
            reading.errors.append(f"{_where(id_cell)}: {problem}")
        if problem or not segment_id:
            continue
        reading.rows[segment_id], reading.marks[segment_id] = id_cell.row, marked
        note = cells[keys["reviewer_note"] - 1].value if "reviewer_note" in keys else None
        if note not in (None, ""):
            reading.notes[segment_id] = str(note)
    return reading


def _column_keys(sheet: Worksheet, codebook: Codebook, path: Path) -> dict[str, int]:
    """Column key (row 3) → column number, checked against the codebook."""
    keys, errors = {}, []
    known = {c.key for c in review_columns(codebook)}
    for cell in sheet[KEY_ROW]:
        if cell.value is None or not str(cell.value).strip():
            continue
        key = str(cell.value).strip()
        if key not in known:
            errors.append(f"{_where(cell)}: '{key}' is not a theme or category in codebook {codebook.label}")
        elif key in keys:
            errors.append(f"{_where(cell)}: column '{key}' appears twice")
        keys.setdefault(key, cell.column)
    absent = [k for k in ("segment_id", *codebook.theme_ids, *(c.id for c in codebook.categories)) if k not in keys]
    if absent:
        errors.append(f"{REVIEW_SHEET} row {KEY_ROW}: no column for {', '.join(absent)}; was the sheet exported with "
                      f"codebook {codebook.label}?")
    if errors:
        _raise_all(errors, path)
    return keys


def _code_value(cell, errors: list[str]) -> bool:
    """True for 1, False for 0 or blank; anything else is recorded as an error naming the cell."""
    value = cell.value
    text = "" if value is None else str(value).strip()
    if isinstance(value, bool) or text not in ("", "0", "1", "0.0", "1.0"):
        errors.append(f"{_where(cell)}: '{value}' is not 0 or 1")
        return False
    return text in ("1", "1.0")


def _row_problem(segment_id: str, marked: set[str], reviewed: dict[str, int], exported: list[str]) -> str | None:
    if not segment_id:
        return "codes are marked on a row with no segment id" if marked else None
    if segment_id in reviewed:
        return f"segment '{segment_id}' is listed twice (first at row {reviewed[segment_id]})"
    if exported and segment_id not in exported:
        return f"segment '{segment_id}' was not in the exported sheet"
    return None


def _coding_rows(segment_id: str, marked: set[str], codebook: Codebook, coder: str) -> list[dict]:
    themes = [t for t in codebook.theme_ids if t in marked]
    rows = [{"segment_id": segment_id, "theme_id": t, "category": codebook.category_of(t), "coder": coder}
            for t in themes]
    covered = {codebook.category_of(t) for t in themes}
    rows += [{"segment_id": segment_id, "theme_id": None, "category": c.id, "coder": coder}
             for c in codebook.categories if c.id in marked and c.id not in covered]
    return rows


def _exported_segments(book) -> list[str]:
    """The segment ids the export sent out (empty when the hidden record sheet is gone)."""
    if EXPORT_SHEET not in book.sheetnames:
        return []
    values = [row[0] for row in book[EXPORT_SHEET].iter_rows(min_row=EXPORTED_FIRST_ROW, max_col=1, values_only=True)]
    return [str(v) for v in values if v is not None]


def _where(cell) -> str:
    return f"{REVIEW_SHEET}!{cell.coordinate}"


def _raise_all(errors: list[str], path: Path) -> None:
    more = len(errors) - _MAX_ERRORS_SHOWN
    listed = "\n".join(errors[:_MAX_ERRORS_SHOWN]) + (f"\n… and {more} more" if more > 0 else "")
    raise ReviewSheetError(f"{path.name}: the review sheet cannot be read as a coding:\n{listed}")
