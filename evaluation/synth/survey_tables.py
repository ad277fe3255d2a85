"""A site's survey as csv or xlsx files: columns in the site's order and headings, answers in its labels.

Each export style (survey_styles.py) fixes the headings, label spellings, column order, file layout and encoding.
An export headed by bare question codes also gets the reviewed surveys/mapping.yaml an evaluator would commit.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from evaluation.synth.files import FIXED_TIMESTAMP, normalise_zip
from evaluation.synth.sites import SiteSpec
from evaluation.synth.survey_answers import (BASELINE, DONT_KNOW, FOLLOW_UP, NOT_APPLICABLE, PREFER_NOT_TO_SAY,
                                             THIRD_WAVE, Response)
from evaluation.synth.survey_styles import RESPONDENT_ID, ROLE, WAVE, ExportStyle

INVALID_WAVE_LABEL = "Wave 3"  # how the export labels THIRD_WAVE
XLSX_SHEETS = {BASELINE: "Baseline", FOLLOW_UP: "Follow-up"}


@dataclass
class Table:
    """One csv file or one xlsx sheet, as written: headings and cell values."""

    file: str
    sheet: str | None
    keys: list[str]
    headings: list[str]
    rows: list[list] = field(default_factory=list)


def text_tables(spec: SiteSpec, style: ExportStyle, instrument: dict, responses: list[Response],
                ids: dict[int, int | str], rng: random.Random) -> list[Table]:
    """The site's csv files (one, or one per wave) or xlsx sheets (one per wave), rows in wave order."""
    survey_format = spec.survey_format
    with_wave = survey_format != "xlsx"
    keys = _column_keys(style, instrument, rng, with_wave)
    headings = column_headings(style, instrument)
    item_ids = item_ids_of(instrument)
    cells = _CellWriter(style, ids, survey_format)

    if survey_format == "xlsx":
        file = f"{style.file_stem}.xlsx"
        groups = [(file, XLSX_SHEETS[BASELINE], [BASELINE]), (file, XLSX_SHEETS[FOLLOW_UP], [FOLLOW_UP])]
    elif style.split_by_wave:
        groups = [(f"baseline_{style.file_stem}.csv", None, [BASELINE]),
                  (f"followup_{style.file_stem}.csv", None, [FOLLOW_UP, THIRD_WAVE])]
    else:
        groups = [(f"{style.file_stem}.csv", None, [BASELINE, FOLLOW_UP, THIRD_WAVE])]

    tables = []
    for file, sheet, waves in groups:
        table = Table(file, sheet, keys, [headings[k] for k in keys])
        table.rows = [cells.row(r, keys, item_ids) for wave in waves for r in responses if r.wave == wave]
        tables.append(table)
    return tables


def item_ids_of(instrument: dict) -> set[str]:
    return {item["id"] for item in instrument["items"]}


def _column_keys(style: ExportStyle, instrument: dict, rng: random.Random, with_wave: bool) -> list[str]:
    identifiers = [RESPONDENT_ID, WAVE, ROLE] if with_wave else [RESPONDENT_ID, ROLE]
    items = [item["id"] for item in instrument["items"]]
    free = [question["id"] for question in instrument["free_text"]]
    order = style.column_order
    if order == "ids_last":
        return items + free + identifiers
    if order == "role_first":
        return [ROLE] + [k for k in identifiers if k != ROLE] + items + free
    if order == "paged":  # a multi-page online survey: a comment box after each page of items
        half = len(items) // 2
        return identifiers + items[:half] + free[:1] + items[half:] + free[1:]
    if order == "shuffled":
        return identifiers + rng.sample(items, len(items)) + free
    if order == "free_text_first":
        return identifiers + free + items
    return identifiers + items + free


def column_headings(style: ExportStyle, instrument: dict) -> dict[str, str]:
    """Heading of every logical column (identifier, item or free-text id) in this style."""
    entries = instrument["items"] + instrument["free_text"]
    headings = {entry["id"]: style.item_heading(entry, index) for index, entry in enumerate(entries)}
    headings.update(zip((RESPONDENT_ID, WAVE, ROLE), style.identifier_headings, strict=True))
    if len(set(headings.values())) != len(headings):
        raise ValueError(f"export style {style.name!r} gives two columns the same heading")
    return headings


class _CellWriter:
    """Renders a response's values as the site's export writes them."""

    def __init__(self, style: ExportStyle, ids: dict[int, int | str], survey_format: str):
        self._style = style
        self._ids = ids
        self._typed = survey_format == "xlsx"  # Excel keeps numbers as numbers; csv is all text
        self._windows = survey_format == "csv_cp1252"

    def row(self, response: Response, keys: list[str], item_ids: set[str]) -> list:
        return [self._cell(response, key, key in item_ids) for key in keys]

    def _cell(self, response: Response, key: str, is_item: bool):
        if key == RESPONDENT_ID:
            return self._value(self._ids[response.person.number])
        if key == WAVE:
            return self._wave(response.wave)
        if key == ROLE:
            return self._value(self._style.roles[response.person.role] or None)
        if is_item:
            return self._answer(response.answers[key])
        return self._comment(response.comments.get(key))

    def _value(self, value):
        if value is None:
            return None if self._typed else ""
        if self._typed:
            return int(value) if isinstance(value, str) and value.isdigit() else value
        return str(value)

    def _wave(self, wave: str) -> str:
        if wave == THIRD_WAVE:
            return INVALID_WAVE_LABEL
        return self._style.waves[0 if wave == BASELINE else 1]

    def _answer(self, answer: int | str | None):
        style = self._style
        if isinstance(answer, int):
            return self._value(style.likert[answer - 1])
        labels = {PREFER_NOT_TO_SAY: style.prefer_not_to_say, DONT_KNOW: style.dont_know,
                  NOT_APPLICABLE: style.not_applicable}
        return self._value(labels.get(answer) if answer else None)

    def _comment(self, text: str | None):
        if text and self._windows:
            text = text.replace("'", "\u2019")  # Word and Excel turn typed apostrophes into curly ones
        return self._value(text or None)


def write_text_tables(out_dir: Path, tables: list[Table], survey_format: str, style: ExportStyle) -> list[dict]:
    if survey_format == "xlsx":
        file = tables[0].file
        _write_xlsx(out_dir / file, tables)
        return [{"file": file, "format": "xlsx", "encoding": None, "sheets": [t.sheet for t in tables],
                 "rows": {t.sheet: len(t.rows) for t in tables}}]
    if survey_format == "csv_cp1252":
        encoding = "cp1252"
    else:
        encoding = "utf-8-sig" if style.utf8_bom else "utf-8"
    files = []
    for table in tables:
        (out_dir / table.file).write_bytes(_csv_text(table, style).encode(encoding))
        files.append({"file": table.file, "format": survey_format, "encoding": encoding, "sheets": None,
                      "rows": len(table.rows)})
    return files


def _csv_text(table: Table, style: ExportStyle) -> str:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if style.quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, lineterminator=style.line_terminator, quoting=quoting)
    writer.writerow(table.headings)
    writer.writerows(table.rows)
    return buffer.getvalue()


def _write_xlsx(path: Path, tables: list[Table]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.sheet)
        sheet.append(table.headings)
        for row in table.rows:
            sheet.append(row)
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.save(path)  # stamps "modified" with the current time; normalise_zip pins it again
    normalise_zip(path)


def write_reviewed_mapping(out_dir: Path, tables: list[Table], style: ExportStyle) -> None:
    """An export headed by bare question codes needs the evaluator's surveys/mapping.yaml (the pipeline never maps
    a bare code): write the one an evaluator would commit after reviewing `evaluation map-survey`'s draft."""
    from evaluation.survey.instrument import strip_question_code

    items = [k for k in tables[0].keys if k not in (RESPONDENT_ID, WAVE, ROLE)]
    headings = dict(zip(tables[0].keys, tables[0].headings))
    if any(strip_question_code(headings[k]) for k in items):
        return
    lines = ["# Reviewed mapping: this export is headed by the instrument's own question codes only, which the "
             "matcher never maps by itself.", "files:"]
    for table in tables:
        label = table.file + (f" [{table.sheet}]" if table.sheet else "")
        lines += [f"  {label}:", "    columns:"]
        lines += [f"      {_yaml_text(h.strip())}: {k}" for k, h in zip(table.keys, table.headings)]
        if all(label.strip().isdigit() for label in style.likert):
            lines.append("    numbers_are_codes: true  # 1 = Strongly disagree ... 5 = Strongly agree")
    (out_dir / "mapping.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _yaml_text(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z][A-Za-z0-9 _]*", text) else '"' + text.replace('"', '\\"') + '"'
