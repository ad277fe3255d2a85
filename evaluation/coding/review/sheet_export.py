"""Writing the review workbook: `export_review_sheet`.

The Review sheet has one row per participant segment to review (layout in sheet.py). Pre-filled (the
default), the automated coding's 1s are in place and the reviewer corrects them; with `prefill=False` the sheet
starts empty for a blind review, and the automated evidence is left out too.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.coding.agreement import coder_name
from evaluation.coding.codebook import Codebook
from evaluation.coding.review.sheet import (CODEBOOK_SHEET, EXPORT_SHEET, EXPORTED_FIRST_ROW, FIRST_ROW, GUIDE_SHEET,
                                            KEY_ROW, REVIEW_SHEET, REVIEWER_COLUMNS, SEGMENT_COLUMNS, TITLE_ROW, Column,
                                            review_columns)
from evaluation.safe_cells import write_cell

SEGMENT_FIELDS_NEEDED = ("segment_id", "site_id", "interview_id", "speaker_role", "text", "coded")
_BAND = {"facilitator": ("A9D08E", "E2EFDA"), "value": ("9BC2E6", "DDEBF7"), "challenge": ("F4B084", "FCE4D6")}
_GREY, _LIGHT_GREY = "BFBFBF", "F2F2F2"


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
    for row, segment_id in enumerate(segment_ids, start=EXPORTED_FIRST_ROW):
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
