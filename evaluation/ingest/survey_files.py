"""Reading survey exports (.csv, .xlsx, .sav) into cells of text, exactly as the site sent them.

A .csv or each .xlsx worksheet is read as a grid of rows (header rows included: which rows are headings depends on
the tool that wrote the file, see `survey_layouts`); a .sav file as its cases with SPSS value labels applied, plus its
variable labels. `read_survey_file` returns `RawSheet`s: one table per worksheet, its headings described column by
column, and the row number the evaluator would see in the source (the spreadsheet row; the case number for .sav).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SURVEY_SUFFIXES = (".csv", ".xlsx", ".sav")


class SurveyFileError(ValueError):
    """A survey file cannot be read at all; the message names the file and, where known, the row."""


@dataclass(frozen=True)
class Column:
    """One column of an export, described by what its heading rows say."""

    key: str  # the column's name in `RawSheet.frame`: its first heading, made unique within the sheet
    question: str  # the question wording shown (Qualtrics row 2, SPSS variable label, or the heading itself)
    statement: str | None = None  # the statement of a grid/matrix question, when the tool gives it apart
    tag: str | None = None  # the tool's export tag or variable name (`Q5_1`): never matched to an item by number
    metadata: str | None = None  # why the column is tool metadata (IP address, e-mail, timestamps...), else None

    @property
    def text(self) -> str:
        return f"{self.question} - {self.statement}" if self.statement else self.question


@dataclass(frozen=True)
class RawSheet:
    source_file: str  # the file name within the site's surveys/ folder
    sheet: str | None  # the worksheet, for .xlsx
    frame: pd.DataFrame  # every answer cell as text or null, one column per `columns` key
    row_numbers: list[int]  # the source row of each frame row
    heading_labels: dict[str, str] = field(default_factory=dict)  # SPSS variable labels, by variable name
    encoding: str | None = None
    layout: str = "plain"  # the tool layout recognised (`survey_layouts.LAYOUTS`)
    columns: dict[str, Column] = field(default_factory=dict)
    response_id: str | None = None  # the column holding the tool's own response id, if the layout has one

    @property
    def label(self) -> str:
        return self.source_file + (f" [{self.sheet}]" if self.sheet else "")

    def column(self, key: str) -> Column:
        return self.columns.get(key) or Column(key, self.heading_labels.get(key, key), tag=key)


@dataclass(frozen=True)
class Grid:
    """A .csv file or one worksheet: every row as exported, cells as trimmed text or None."""

    source_file: str
    sheet: str | None
    rows: list[list[str | None]]
    first_row: int = 1  # the spreadsheet row number of rows[0]
    encoding: str | None = None


@dataclass(frozen=True)
class SavData:
    source_file: str
    frame: pd.DataFrame  # cells as text, value labels applied
    variable_labels: dict[str, str]


def read_survey_file(path: Path) -> list[RawSheet]:
    """Read one survey export and recognise its layout; raise SurveyFileError naming the file when it cannot."""
    from evaluation.ingest.survey_layouts import sheet_from_grid, sheet_from_sav

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [sheet_from_grid(read_csv_grid(path))]
    if suffix == ".xlsx":
        return [sheet_from_grid(grid) for grid in read_xlsx_grids(path)]
    if suffix == ".sav":
        return [sheet_from_sav(read_sav(path))]
    raise SurveyFileError(f"{path.name}: unsupported survey format '{suffix}' (expected {', '.join(SURVEY_SUFFIXES)})")


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
            raise SurveyFileError(f"{path.name} row {line}: unreadable encoding: not UTF-8 and it holds NUL bytes "
                                  "(is it binary, or UTF-16 without a byte-order mark?)") from utf8_error
        try:
            return raw.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError as error:
            bad_line = raw[: error.start].count(b"\n") + 1
            raise SurveyFileError(f"{path.name} row {bad_line}: unreadable encoding: neither UTF-8 (first bad byte "
                                  f"at row {line}) nor Windows-1252; re-export it as UTF-8 CSV") from error


def read_csv_grid(path: Path) -> Grid:
    """A CSV's rows as text cells, refusing rows with more cells than the first row (pandas would shift them)."""
    text, encoding = decode_text(path)
    if "\x00" in text:
        raise SurveyFileError(f"{path.name}: unreadable encoding: the text holds NUL bytes")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise SurveyFileError(f"{path.name}: the file is empty")
    width = len(rows[0])
    for offset, row in enumerate(rows[1:]):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise SurveyFileError(f"{path.name} row {offset + 2}: {len(row)} cells but the header has "
                                  f"{width} columns (an unquoted comma?)")
    return Grid(path.name, None, [[_text(cell) for cell in (row + [""] * width)[:width]] for row in rows],
                encoding=encoding)


def read_csv_sheet(path: Path) -> RawSheet:
    """A CSV with one header row (manifests, registries) as a table of text cells."""
    grid = read_csv_grid(path)
    return sheet_with_header(grid, 1)


def read_xlsx_grids(path: Path) -> list[Grid]:
    try:
        workbook = pd.read_excel(path, sheet_name=None, dtype=object, header=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SurveyFileError(f"{path.name}: not a readable .xlsx workbook ({type(error).__name__})") from error
    grids = []
    for name, grid in workbook.items():
        grid = grid.dropna(how="all", axis=1)
        if grid.dropna(how="all").empty:
            continue  # a blank worksheet holds no respondents
        rows = [[_text(value) for value in row] for row in grid.itertuples(index=False)]
        grids.append(Grid(path.name, str(name), rows, first_row=int(grid.index[0]) + 1))
    if not grids:
        raise SurveyFileError(f"{path.name}: the workbook has no rows")
    return grids


def read_sav(path: Path) -> SavData:
    import pyreadstat  # imported here: only .sav exports need it

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=True, formats_as_category=False)
    except Exception as error:  # pyreadstat raises its own ReadstatError and plain exceptions
        raise SurveyFileError(f"{path.name}: not a readable SPSS .sav file ({type(error).__name__})") from error
    labels = {name: label for name, label in meta.column_names_to_labels.items() if label}
    return SavData(path.name, frame.map(_text).astype("string"), labels)


def sheet_with_header(grid: Grid, header_rows: int, keys: list[str] | None = None, **details) -> RawSheet:
    """The grid's rows below `header_rows` as a table whose columns are `keys` (default: the first row, unique)."""
    width = max((len(row) for row in grid.rows), default=0)
    rows = [(row + [None] * width)[:width] for row in grid.rows]
    if keys is None:
        keys = unique_headings([cell or "" for cell in rows[0]]) if rows else []
    body = rows[header_rows:]
    frame = pd.DataFrame(body, columns=keys, dtype="string") if body else pd.DataFrame(columns=keys, dtype="string")
    numbers = [grid.first_row + header_rows + i for i in range(len(body))]
    return RawSheet(grid.source_file, grid.sheet, frame.reset_index(drop=True), numbers, encoding=grid.encoding,
                    **details)


def _text(value) -> str | None:
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
