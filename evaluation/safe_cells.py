"""Cells from data never become spreadsheet formulas (OWASP "CSV injection").

A participant can type `=HYPERLINK("http://…","Click")` into a comment, and a site can name itself `=cmd|…`. A
spreadsheet program that opens a CSV or XLSX cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
may run it as a formula. Every CSV and XLSX the project writes passes its text cells through here:
- CSV: such a cell is prefixed with a single quote, as OWASP advises; a number ("-3", "-0.25", "+5%") stays as
  it is, so real negative numbers still read as numbers;
- XLSX: such a cell is written as explicit text (string type with Excel's quote-prefix style), so the reader sees
  exactly what the participant wrote and editing it does not turn it into a formula.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?%?$")


def is_formula_like(value: Any) -> bool:
    """Whether a text cell would be read as a formula (a plain number such as "-3" or "+5%" is not).

    >>> [is_formula_like(v) for v in ("=1+1", "+44 7700 900123", "-3", "-0.25", "@SUM(A1)", "fine", 5)]
    [True, True, False, False, True, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value)


def neutralise(value: Any) -> Any:
    """The text a CSV cell should hold: formula-like text gets a leading single quote; anything else unchanged.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-12"), neutralise(-12)
    ('\\'=HYPERLINK("http://x")', '-12', -12)
    """
    return "'" + value if is_formula_like(value) else value


def restore(value: Any) -> Any:
    """Undo `neutralise` when the project reads its own CSV back (reports are not spreadsheets).

    >>> restore("'=HYPERLINK(1)"), restore("'tis"), restore("-3")
    ('=HYPERLINK(1)', "'tis", '-3')
    """
    return value[1:] if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]) else value


def read_csv_text(path) -> pd.DataFrame:
    """One of the project's own CSVs, every cell as text, as it was before it was neutralised."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.rename(columns=restore).map(restore)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` safe to write as CSV: text columns and column names neutralised, numbers untouched.

    A carriage return inside a cell becomes a newline first: Python's CSV writer quotes a cell only for the line
    terminator it writes ("\\n"), and a spreadsheet that ends rows at a bare "\\r" would start a new row, and a new
    cell, in the middle of it.
    """
    safe = frame.rename(columns={c: neutralise(c) for c in frame.columns if isinstance(c, str)})
    for column in safe.columns:
        values = safe[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            safe[column] = values.map(safe_csv_text, na_action="ignore").astype(values.dtype)
    return safe


def safe_csv_text(value: Any) -> Any:
    """A CSV cell's text: carriage returns as newlines, then `neutralise`d (see neutralise_frame)."""
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(value)


def write_cell(sheet, row: int, column: int, value: Any):
    """openpyxl: write one cell, formula-like text as explicit text. Returns the cell for styling."""
    cell = sheet.cell(row, column)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
