"""Reading survey exports (.csv, .xlsx, .sav) into cells of text, exactly as the site sent them.

A .csv or each .xlsx worksheet is read as a grid of rows (header rows included: which rows are headings depends on
the tool that wrote the file, see `survey_layouts`); a .sav file as its cases with SPSS value labels applied, plus its
variable labels. `survey_layouts.read_survey_file` returns `RawSheet`s: one table per worksheet, its headings described column by
column, and the row number the evaluator would see in the source (the spreadsheet row; the case number for .sav).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.grids import Grid, UnreadableFileError, cell_text, rows_below

SURVEY_SUFFIXES = (".csv", ".xlsx", ".sav")


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
class SavData:
    source_file: str
    frame: pd.DataFrame  # cells as text, value labels applied
    variable_labels: dict[str, str]


def read_xlsx_grids(path: Path) -> list[Grid]:
    try:
        workbook = pd.read_excel(path, sheet_name=None, dtype=object, header=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFileError(f"{path.name}: not a readable .xlsx workbook ({type(error).__name__})") from error
    grids = []
    for name, grid in workbook.items():
        grid = grid.dropna(how="all", axis=1)
        if grid.dropna(how="all").empty:
            continue  # a blank worksheet holds no respondents
        rows = [[cell_text(value) for value in row] for row in grid.itertuples(index=False)]
        grids.append(Grid(path.name, str(name), rows, first_row=int(grid.index[0]) + 1))
    if not grids:
        raise UnreadableFileError(f"{path.name}: the workbook has no rows")
    return grids


def read_sav(path: Path) -> SavData:
    import pyreadstat  # imported here: only .sav exports need it

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=True, formats_as_category=False)
    except Exception as error:  # pyreadstat raises its own ReadstatError and plain exceptions
        raise UnreadableFileError(f"{path.name}: not a readable SPSS .sav file ({type(error).__name__})") from error
    labels = {name: label for name, label in meta.column_names_to_labels.items() if label}
    return SavData(path.name, frame.map(cell_text).astype("string"), labels)


def sheet_with_header(grid: Grid, header_rows: int, keys: list[str] | None = None, **details) -> RawSheet:
    """The grid's rows below `header_rows` as a sheet whose columns are `keys` (default: the first row, unique)."""
    frame = rows_below(grid, header_rows, keys)
    numbers = [grid.first_row + header_rows + i for i in range(len(frame))]
    return RawSheet(grid.source_file, grid.sheet, frame, numbers, encoding=grid.encoding, **details)
