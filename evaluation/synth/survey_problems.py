"""The realistic trouble planted in three of the ten shipped sites' survey exports, for the pipeline to find.

A label no list can map, a response exported twice, a row from a wave the survey never had: each is planted in the
written tables and reported (file, sheet, spreadsheet row, column, kind, value) as ground truth.
"""

from __future__ import annotations

import random

from evaluation.synth.sites import DEFAULT_SITES, SiteSpec
from evaluation.synth.survey_styles import RESPONDENT_ID, WAVE, ExportStyle
from evaluation.synth.survey_tables import INVALID_WAVE_LABEL, Table

# Which shipped site carries which planted problem. Generated sites (beyond the first ten) carry none.
PLANTED_PROBLEMS = {
    "wessex-vale-ca": "unmapped_label",
    "northmoor-dales-ca": "duplicate_respondent",
    "pennine-edge-ics": "invalid_wave",
}
# Typos no label list can map, each planted over an answer it plausibly garbles.
_LABEL_TYPOS = (("Agreee", 4), ("Stongly disagree", 1), ("6", 5))


def planted_problem(spec: SiteSpec) -> str | None:
    """The problem planted at this site, if it is one of the shipped sites chosen for one."""
    shipped = {s.site_id for s in DEFAULT_SITES}
    return PLANTED_PROBLEMS.get(spec.site_id) if spec.site_id in shipped else None


def check_problem_fits(problem: str | None, spec: SiteSpec) -> None:
    """Refuse a site spec whose export cannot hold its planted problem."""
    if problem is None:
        return
    if spec.survey_format == "sav":
        raise ValueError(f"{spec.site_id}: problems are only planted in csv and xlsx exports")
    if problem == "invalid_wave" and spec.survey_format == "xlsx":
        raise ValueError(f"{spec.site_id}: an xlsx export has no wave column to hold an invalid wave")


def plant_problems(problem: str | None, tables: list[Table], style: ExportStyle, item_ids: set[str],
                   rng: random.Random) -> list[dict]:
    """Plant `problem` in the written tables (in place) and return where it is, as the ground truth lists it."""
    if problem == "duplicate_respondent":
        return [_duplicate_row(tables[0], rng)]
    if problem == "unmapped_label":
        return _mistype_labels(tables[0], style, item_ids, rng)
    if problem == "invalid_wave":
        return [_find_invalid_wave(tables)]
    return []


def _problem(table: Table, row_index: int, column: str | None, kind: str, value) -> dict:
    # Spreadsheet row numbers: the header is row 1, so data row i (from 0) is row i + 2.
    return {"file": table.file, "sheet": table.sheet, "row": row_index + 2, "column": column, "kind": kind,
            "value": value}


def _duplicate_row(table: Table, rng: random.Random) -> dict:
    """The same response exported twice, the copy straight after the original."""
    index = rng.randrange(len(table.rows))
    table.rows.insert(index + 1, list(table.rows[index]))
    respondent = table.rows[index][table.keys.index(RESPONDENT_ID)]
    return _problem(table, index + 1, None, "duplicate_respondent", respondent)


def _mistype_labels(table: Table, style: ExportStyle, item_ids: set[str], rng: random.Random) -> list[dict]:
    item_columns = [c for c, key in enumerate(table.keys) if key in item_ids]
    problems, used = [], set()
    for typo, garbled_code in _LABEL_TYPOS:
        answered = [(r, c) for r, row in enumerate(table.rows) for c in item_columns
                    if str(row[c]) in style.likert and (r, c) not in used]
        garbled = [(r, c) for r, c in answered if str(table.rows[r][c]) == style.likert[garbled_code - 1]]
        r, c = rng.choice(garbled or answered)
        used.add((r, c))
        table.rows[r][c] = typo
        problems.append(_problem(table, r, table.headings[c], "unmapped_label", typo))
    return sorted(problems, key=lambda p: (p["row"], p["column"]))


def _find_invalid_wave(tables: list[Table]) -> dict:
    for table in tables:
        wave_column = table.keys.index(WAVE)
        for index, row in enumerate(table.rows):
            if row[wave_column] == INVALID_WAVE_LABEL:
                return _problem(table, index, table.headings[wave_column], "invalid_wave", INVALID_WAVE_LABEL)
    raise AssertionError("the invalid-wave row was not written")
