"""Rows and cells as a site saved them: a CSV (or one worksheet) read as a grid of trimmed text.

The one reader of `sites.csv` and of the rows of survey exports (`evaluation.ingest.survey_files` adds worksheets,
SPSS files and the tools' heading layouts on top). A CSV is decoded the way Excel and survey tools write text, and a
row with more cells than the header is refused rather than shifted.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


class UnreadableFileError(ValueError):
    """A file cannot be read at all; the message names the file and, where known, the row."""


@dataclass(frozen=True)
class Grid:
    """A .csv file or one worksheet: every row as exported, cells as trimmed text or None."""

    source_file: str
    sheet: str | None
    rows: list[list[str | None]]
    first_row: int = 1  # the spreadsheet row number of rows[0]
    encoding: str | None = None


def decode_text(path: Path) -> tuple[str, str]:
    """Decode a text export: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 as Excel writes it."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        line = raw[: utf8_error.start].count(b"\n") + 1
        if b"\x00" in raw:
            raise UnreadableFileError(f"{path.name} row {line}: unreadable encoding: not UTF-8 and it holds NUL "
                                      "bytes (is it binary, or UTF-16 without a byte-order mark?)") from utf8_error
        try:
            return raw.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError as error:
            bad_line = raw[: error.start].count(b"\n") + 1
            raise UnreadableFileError(f"{path.name} row {bad_line}: unreadable encoding: neither UTF-8 (first bad "
                                      f"byte at row {line}) nor Windows-1252; re-export it as UTF-8 CSV") from error


def read_csv_grid(path: Path) -> Grid:
    """A CSV's rows as text cells, refusing rows with more cells than the first row (pandas would shift them)."""
    text, encoding = decode_text(path)
    if "\x00" in text:
        raise UnreadableFileError(f"{path.name}: unreadable encoding: the text holds NUL bytes")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise UnreadableFileError(f"{path.name}: the file is empty")
    width = len(rows[0])
    for offset, row in enumerate(rows[1:]):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise UnreadableFileError(f"{path.name} row {offset + 2}: {len(row)} cells but the header has "
                                      f"{width} columns (an unquoted comma?)")
    return Grid(path.name, None, [[cell_text(cell) for cell in (row + [""] * width)[:width]] for row in rows],
                encoding=encoding)


def read_csv_table(path: Path) -> pd.DataFrame:
    """A CSV with one header row (registries, manifests) as a table of text cells."""
    return rows_below(read_csv_grid(path), 1)


def rows_below(grid: Grid, header_rows: int, keys: list[str] | None = None) -> pd.DataFrame:
    """The grid's rows below `header_rows` as a table whose columns are `keys` (default: the first row, unique)."""
    width = max((len(row) for row in grid.rows), default=0)
    rows = [(row + [None] * width)[:width] for row in grid.rows]
    if keys is None:
        keys = unique_headings([cell or "" for cell in rows[0]]) if rows else []
    body = rows[header_rows:]
    frame = pd.DataFrame(body, columns=keys, dtype="string") if body else pd.DataFrame(columns=keys, dtype="string")
    return frame.reset_index(drop=True)


def cell_text(value) -> str | None:
    """A cell as trimmed text, blank as None; whole numbers from numeric cells lose their '.0'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def unique_headings(header: list[str]) -> list[str]:
    """Keep headings as exported, but make repeats distinct so no column silently replaces another."""
    seen: dict[str, int] = {}
    unique = []
    for heading in header:
        heading = heading.strip() if heading else ""
        count = seen.get(heading, 0)
        seen[heading] = count + 1
        unique.append(heading if count == 0 else f"{heading} ({count + 1})")
    return unique
