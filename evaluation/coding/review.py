"""The human review round trip: an Excel sheet a reviewer codes, read back as a coding.

`export_review_sheet` writes one row per participant segment with a 0/1 column per theme, grouped under its
category, plus one "no theme fits" column per category. Pre-filled (the default), the automated coding's 1s are
in place and the reviewer corrects them; with `prefill=False` the sheet starts empty for a blind review, and the
automated evidence is left out too. `import_review_sheet` reads the filled sheet back in the long coding format.

The sheet is matched back by keys, not positions: row 3 holds the column keys (segment_id, theme ids, category
ids) and column A the segment ids, so a reviewer may sort, filter or widen columns. A hidden "Exported" sheet
records which segments were sent out, so deleted rows are reported rather than read as "no codes".

A category column marked 1 with none of that category's themes marked becomes a row with the category set and
`theme_id` null: it counts for category-level agreement (`presence(level="category")`) and for no theme.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.coding.agreement import coder_name
from evaluation.coding.codebook import Codebook, Theme
from evaluation.coding.codings import coding_frame
from evaluation.safe_cells import write_cell

REVIEW_SHEET, CODEBOOK_SHEET, GUIDE_SHEET, EXPORT_SHEET = "Review", "Codebook", "How to review", "Exported"
TITLE_ROW, KEY_ROW, FIRST_ROW = 2, 3, 4
SEGMENT_FIELDS_NEEDED = ("segment_id", "site_id", "interview_id", "speaker_role", "text", "coded")
_BAND = {"facilitator": ("A9D08E", "E2EFDA"), "value": ("9BC2E6", "DDEBF7"), "challenge": ("F4B084", "FCE4D6")}
_GREY, _LIGHT_GREY = "BFBFBF", "F2F2F2"
_MAX_ERRORS_SHOWN = 20
_EXPORTED_FIRST_ROW = 5


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


# --- export -------------------------------------------------------------------------------------------------------

def export_review_sheet(path: Path | str, segments: pd.DataFrame, coding: pd.DataFrame, codebook: Codebook,
                        prefill: bool = True) -> Path:
    """Write the review workbook for the segments to review (`coded` is True) and return its path.

    Sheets: "Review" (what the reviewer fills in), "Codebook" (every theme's definition, include and exclude
    guidance), "How to review" (instructions) and a hidden "Exported" (which segments were sent, from which
    coder). With `prefill`, the automated coding's codes are 1s and its evidence is shown; blanks mean 0.
    """
    missing = [c for c in SEGMENT_FIELDS_NEEDED if c not in segments.columns]
    if missing:
        raise ValueError(f"segments need column(s) {', '.join(missing)} (as interview_segments has them)")
    unknown = sorted(set(coding["theme_id"].dropna()) - set(codebook.theme_ids))
    if unknown:
        raise ValueError(f"the coding uses theme(s) {', '.join(unknown)}, not in codebook {codebook.label}")
    to_review = segments[segments["coded"].astype(bool)]
    columns = review_columns(codebook)
    marks = _prefilled_marks(coding) if prefill else {}
    evidence = _evidence_by_segment(coding, codebook) if prefill else {}

    book = Workbook()
    review = book.active
    review.title = REVIEW_SHEET
    _write_review_header(review, columns)
    for row, segment in enumerate(to_review.itertuples(index=False), start=FIRST_ROW):
        values = {**segment._asdict(), "evidence": evidence.get(segment.segment_id)}
        values |= {key: 1 for key in marks.get(segment.segment_id, ())}
        _write_segment_row(review, row, columns, values)
    _finish_review_sheet(review, columns, last_row=FIRST_ROW + len(to_review) - 1)
    _write_codebook_sheet(book.create_sheet(CODEBOOK_SHEET), codebook)
    _write_guide_sheet(book.create_sheet(GUIDE_SHEET), prefill)
    _write_export_record(book.create_sheet(EXPORT_SHEET), to_review["segment_id"], codebook, coding, prefill)
    return _save_atomically(book, Path(path))


def _prefilled_marks(coding: pd.DataFrame) -> dict[str, set[str]]:
    """Segment → the column keys to mark 1: applied themes, and categories coded without a theme."""
    marks: dict[str, set[str]] = defaultdict(set)
    for row in coding.itertuples(index=False):
        marks[row.segment_id].add(row.theme_id if pd.notna(row.theme_id) else row.category)
    return marks


def _evidence_by_segment(coding: pd.DataFrame, codebook: Codebook) -> dict[str, str]:
    lines: dict[str, list[str]] = defaultdict(list)
    for row in coding[coding["evidence"].notna()].itertuples(index=False):
        label = codebook.theme(row.theme_id).name if pd.notna(row.theme_id) else f"Other {row.category}"
        lines[row.segment_id].append(f"{label}: {row.evidence}")
    return {segment: "\n".join(found) for segment, found in lines.items()}


def _write_review_header(sheet: Worksheet, columns: list[Column]) -> None:
    bands = [("Segment", None, [c for c in columns if c in SEGMENT_COLUMNS])]
    for category in dict.fromkeys(c.category for c in columns if c.is_code):
        bands.append((f"{category.title()}s", category, [c for c in columns if c.category == category]))
    bands.append(("Review", None, [c for c in columns if c in REVIEWER_COLUMNS]))
    for label, category, members in bands:
        first, last = columns.index(members[0]) + 1, columns.index(members[-1]) + 1
        for number in range(first, last + 1):
            sheet.cell(1, number).fill = _solid(_BAND[category][0] if category else _GREY)
        cell = write_cell(sheet, 1, first, label)
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
        sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    for number, column in enumerate(columns, start=1):
        _write_column_heading(sheet, number, column)
    sheet.row_dimensions[TITLE_ROW].height = 150
    sheet.row_dimensions[KEY_ROW].height = 90


def _write_column_heading(sheet: Worksheet, number: int, column: Column) -> None:
    title = write_cell(sheet, TITLE_ROW, number, column.title)
    title.font = Font(bold=True)
    title.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="center",
                                text_rotation=90 if column.is_code else 0)
    if column.is_code:
        title.fill = _solid(_BAND[column.category][1])
    if column.theme is not None:
        title.comment = Comment(f"{column.theme.name}: {column.theme.definition}", "codebook", width=300, height=150)
    key = write_cell(sheet, KEY_ROW, number, column.key)
    key.font = Font(italic=True, size=8, color="7F7F7F")
    key.alignment = Alignment(text_rotation=90 if column.is_code else 0, horizontal="center")
    sheet.column_dimensions[get_column_letter(number)].width = column.width


def _write_segment_row(sheet: Worksheet, row: int, columns: list[Column], values: dict) -> None:
    for number, column in enumerate(columns, start=1):
        value = values.get(column.key)
        cell = write_cell(sheet, row, number, None if pd.isna(value) else value)
        if column.is_code or column.key == "reviewer_note":
            cell.protection = Protection(locked=False)
        if column.is_code:
            cell.alignment = Alignment(horizontal="center", vertical="top")
        else:
            cell.alignment = Alignment(wrap_text=column.key in ("text", "evidence", "reviewer_note"), vertical="top")
        if column.key == "segment_id":
            cell.fill = _solid(_LIGHT_GREY)
            cell.font = Font(color="595959")


def _finish_review_sheet(sheet: Worksheet, columns: list[Column], last_row: int) -> None:
    code_numbers = [n for n, c in enumerate(columns, start=1) if c.is_code]
    first_code = get_column_letter(code_numbers[0])
    sheet.freeze_panes = f"{first_code}{FIRST_ROW}"
    sheet.auto_filter.ref = f"A{KEY_ROW}:{get_column_letter(len(columns))}{max(last_row, KEY_ROW)}"
    if last_row >= FIRST_ROW:
        codes = DataValidation(type="list", formula1='"0,1"', allow_blank=True, showErrorMessage=True,
                               errorTitle="Codes are 0 or 1",
                               error="Enter 1 where the theme applies; leave blank (or 0) where it does not.")
        codes.add(f"{first_code}{FIRST_ROW}:{get_column_letter(code_numbers[-1])}{last_row}")
        sheet.add_data_validation(codes)
        for category, (band, _) in _BAND.items():
            numbers = [n for n, c in enumerate(columns, start=1) if c.category == category]
            cells = f"{get_column_letter(numbers[0])}{FIRST_ROW}:{get_column_letter(numbers[-1])}{last_row}"
            sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=["1"], fill=_solid(band)))
    # Locked segment fields guard the keys the import matches on; no password, so a reviewer can still unprotect.
    sheet.protection.sheet = True
    sheet.protection.autoFilter = sheet.protection.formatColumns = sheet.protection.formatRows = False


def _write_codebook_sheet(sheet: Worksheet, codebook: Codebook) -> None:
    headings = [("Category", 13), ("Theme id", 24), ("Theme", 28), ("Sub-theme of", 16), ("Definition", 60),
                ("Include", 50), ("Exclude", 50), ("Examples", 50)]
    for number, (heading, width) in enumerate(headings, start=1):
        write_cell(sheet, 1, number, heading).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = width
    for row, theme in enumerate(codebook.themes, start=2):
        values = [theme.category, theme.id, theme.name, theme.parent, theme.definition, _bullets(theme.include),
                  _bullets(theme.exclude), _bullets(theme.examples)]
        for number, value in enumerate(values, start=1):
            write_cell(sheet, row, number, value).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row, 1).fill = _solid(_BAND[theme.category][1])
    sheet.freeze_panes = "C2"
    write_cell(sheet, len(codebook.themes) + 3, 1, f"Codebook: {codebook.label}").font = Font(italic=True)


def _write_guide_sheet(sheet: Worksheet, prefill: bool) -> None:
    start = ("The 1s already in the sheet are the automated coder's suggestions; 'Automated evidence' shows the "
             "words that triggered them. Correct them: clear a 1 that is wrong, add a 1 it missed. Judge the text, "
             "not the evidence." if prefill else
             "This is a blind review: the sheet starts empty so that your coding is independent of the automated "
             "coder's. Please code every segment from the text alone.")
    lines = [
        "How to review",
        "Each row of the Review sheet is one sentence a participant said in an interview.",
        "Put 1 under every theme the sentence expresses; leave the cell blank (or 0) where it does not. "
        "Only 1, 0 or blank are accepted.",
        start,
        "If a sentence is clearly a facilitator, value or challenge but none of its themes fits, put 1 in that "
        "group's 'Other … (no theme fits)' column.",
        "The Codebook sheet gives each theme's definition and what to include and exclude; hover over a theme's "
        "heading for its definition.",
        "Use 'Reviewer note' for anything the evaluation team should know, such as a sentence you could not judge.",
        "Do not delete rows or edit the segment columns: the sheet is matched back to the interviews by the "
        "segment id in column A and the keys in row 3. Sorting and filtering are fine. (The protection has no "
        "password; it only guards against accidental edits.)",
        "Save the file as .xlsx and send it back.",
    ]
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(lines, start=1):
        write_cell(sheet, row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)


def _write_export_record(sheet: Worksheet, segment_ids: pd.Series, codebook: Codebook, coding: pd.DataFrame,
                         prefill: bool) -> None:
    record = [("codebook", codebook.label), ("automated_coder", coder_name(coding, "")),
              ("prefill", "yes" if prefill else "no"), ("segment_id", None)]
    for row, (name, value) in enumerate(record, start=1):
        write_cell(sheet, row, 1, name)
        write_cell(sheet, row, 2, value)
    for row, segment_id in enumerate(segment_ids, start=_EXPORTED_FIRST_ROW):
        write_cell(sheet, row, 1, segment_id)
    sheet.sheet_state = "hidden"


def _solid(colour: str) -> PatternFill:
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _bullets(items: tuple[str, ...]) -> str | None:
    return "\n".join(f"• {item}" for item in items) or None


def _save_atomically(book: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- import -------------------------------------------------------------------------------------------------------

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
    values = [row[0] for row in book[EXPORT_SHEET].iter_rows(min_row=_EXPORTED_FIRST_ROW, max_col=1, values_only=True)]
    return [str(v) for v in values if v is not None]


def _where(cell) -> str:
    return f"{REVIEW_SHEET}!{cell.coordinate}"


def _raise_all(errors: list[str], path: Path) -> None:
    more = len(errors) - _MAX_ERRORS_SHOWN
    listed = "\n".join(errors[:_MAX_ERRORS_SHOWN]) + (f"\n… and {more} more" if more > 0 else "")
    raise ReviewSheetError(f"{path.name}: the review sheet cannot be read as a coding:\n{listed}")
