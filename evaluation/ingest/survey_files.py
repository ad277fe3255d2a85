"""Reading survey exports (.csv, .xlsx, .sav) into raw tables of text, exactly as the site sent them.

Every reader returns `RawSheet`s whose cells are text (or null) and whose rows carry the row number the evaluator
would see in the source: the spreadsheet row for .csv/.xlsx (the header is row 1) and the case number for .sav.
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
class RawSheet:
    source_file: str  # the file name within the site's surveys/ folder
    sheet: str | None  # the worksheet, for .xlsx
    frame: pd.DataFrame  # every cell as text or null, headings as exported
    row_numbers: list[int]  # the source row of each frame row
    heading_labels: dict[str, str] = field(default_factory=dict)  # SPSS variable labels, by variable name
    encoding: str | None = None


def read_survey_file(path: Path) -> list[RawSheet]:
    """Read one survey export; raise SurveyFileError with a message naming the file when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [read_csv_sheet(path)]
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".sav":
        return [_read_sav(path)]
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


def read_csv_sheet(path: Path) -> RawSheet:
    """A CSV as text cells, refusing rows with more cells than headings (pandas would shift them silently)."""
    text, encoding = decode_text(path)
    if "\x00" in text:
        raise SurveyFileError(f"{path.name}: unreadable encoding: the text holds NUL bytes")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise SurveyFileError(f"{path.name}: the file is empty")
    header, body = rows[0], rows[1:]
    for offset, row in enumerate(body):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise SurveyFileError(f"{path.name} row {offset + 2}: {len(row)} cells but the header has "
                                  f"{len(header)} columns (an unquoted comma?)")
    cells = [(row + [""] * len(header))[: len(header)] for row in body]
    frame = _as_text(pd.DataFrame(cells, columns=_unique(header), dtype="string"))
    return RawSheet(path.name, None, frame, list(range(2, len(body) + 2)), encoding=encoding)


def _read_xlsx(path: Path) -> list[RawSheet]:
    try:
        workbook = pd.read_excel(path, sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SurveyFileError(f"{path.name}: not a readable .xlsx workbook ({error})") from error
    sheets = []
    for name, grid in workbook.items():
        grid = grid.dropna(how="all", axis=1)
        if grid.dropna(how="all").empty:
            continue  # a blank worksheet holds no respondents
        header = [("" if pd.isna(v) else str(v)) for v in grid.iloc[0]]
        frame = _as_text(pd.DataFrame(grid.iloc[1:].to_numpy(), columns=_unique(header)))
        sheets.append(RawSheet(path.name, str(name), frame, [int(i) + 1 for i in grid.index[1:]]))
    if not sheets:
        raise SurveyFileError(f"{path.name}: the workbook has no rows")
    return sheets


def _read_sav(path: Path) -> RawSheet:
    import pyreadstat  # imported here: only .sav exports need it

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=True, formats_as_category=False)
    except Exception as error:  # pyreadstat raises its own ReadstatError and plain exceptions
        raise SurveyFileError(f"{path.name}: not a readable SPSS .sav file ({error})") from error
    labels = {name: label for name, label in meta.column_names_to_labels.items() if label}
    return RawSheet(path.name, None, _as_text(frame), list(range(1, len(frame) + 1)), heading_labels=labels)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as trimmed text, blanks as null; whole numbers from numeric columns lose their '.0'."""
    def to_text(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    return frame.map(to_text).astype("string").reset_index(drop=True)


def _unique(header: list[str]) -> list[str]:
    """Keep headings as exported, but make repeats distinct so no column silently replaces another."""
    seen: dict[str, int] = {}
    unique = []
    for heading in header:
        heading = heading.strip() if heading else ""
        count = seen.get(heading, 0)
        seen[heading] = count + 1
        unique.append(heading if count == 0 else f"{heading} ({count + 1})")
    return unique
