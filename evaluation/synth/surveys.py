"""Synthetic survey exports for one site, written the way that site's survey tool would write them.

Respondents answer the co-production survey at baseline and follow-up; some answer both. Answers come from an
ordinal model (site co-production level, follow-up improvement, role, item difficulty, respondent effect), and the
export is then made messy in the site's own style (headings, label spellings, ids, file layout, format). At three of
the ten shipped sites a little realistic trouble is planted. Everything the pipeline should find is returned as
ground truth.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyreadstat
from openpyxl import Workbook

from evaluation.synth.files import FIXED_TIMESTAMP, normalise_zip
from evaluation.synth.sites import DEFAULT_SITES, SURVEY_FORMATS, SiteSpec
from evaluation.synth.survey_comments import CommentWriter, question_ids
from evaluation.synth.survey_styles import RESPONDENT_ID, ROLE, ROLE_KEYS, WAVE, ExportStyle, style_for

BASELINE = "baseline"
FOLLOW_UP = "follow_up"
# A row from a wave the survey never had: the pipeline must quarantine it, not guess.
THIRD_WAVE = "wave_3"
INVALID_WAVE_LABEL = "Wave 3"

PREFER_NOT_TO_SAY = "prefer_not_to_say"
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"

XLSX_SHEETS = {BASELINE: "Baseline", FOLLOW_UP: "Follow-up"}

# Which shipped site carries which planted problem. Generated sites (beyond the first ten) carry none.
PLANTED_PROBLEMS = {
    "wessex-vale-ca": "unmapped_label",
    "northmoor-dales-ca": "duplicate_respondent",
    "pennine-edge-ics": "invalid_wave",
}
# Typos no label list can map, each planted over an answer it plausibly garbles.
_LABEL_TYPOS = (("Agreee", 4), ("Stongly disagree", 1), ("6", 5))

# Positive direction: a higher latent score means more co-production. Easier items sit higher.
_ITEM_EASE = {
    "equal_partner": 0.0, "equal_say": -0.3, "listened_to": 0.4, "ideas_taken_seriously": 0.1,
    "decisions_shared": -0.2, "decisions_made_elsewhere": -0.5, "support_to_take_part": 0.2,
    "meetings_accessible": 0.0, "hard_to_take_part": 0.1, "plain_language": -0.1, "information_in_time": -0.3,
    "contribution_recognised": 0.3, "confidence_grew": 0.0, "right_area": 0.6,
}
_THRESHOLDS = (-1.6, -0.6, 0.5, 1.5)
_RESPONDENT_SD = 0.7
_ANSWER_SD = 0.9

# SPSS codes for the non-answers (blank and "not applicable" are system-missing).
_SAV_CODES = {PREFER_NOT_TO_SAY: 8, DONT_KNOW: 9}
_SAV_IDENTIFIERS = {RESPONDENT_ID: "RespondentID", WAVE: "Wave", ROLE: "Role"}
_SAV_IDENTIFIER_LABELS = {RESPONDENT_ID: "Respondent ID", WAVE: "Survey wave", ROLE: "Respondent type"}
# The SAV file header keeps the creation date ("dd mmm yy") and time ("hh:mm:ss") after the 60-byte product
# name, layout code, case size, compression, weight index, case count and 8-byte bias: bytes 92-100 and 101-108.
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # not locale's %b


@dataclass(frozen=True)
class Person:
    number: int
    role: str
    effect: float  # respondent random effect, kept across waves


@dataclass
class Response:
    person: Person
    wave: str
    answers: dict[str, int | str | None]  # item id -> code 1..5, a non-answer key, or None (blank)
    comments: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Table:
    """One csv file or one xlsx sheet, as written: headings and cell values."""

    file: str
    sheet: str | None
    keys: list[str]
    headings: list[str]
    rows: list[list] = field(default_factory=list)


def write_site_surveys(spec: SiteSpec, site_dir: Path, seed: int, instrument: dict) -> dict:
    """Write site_dir/surveys/*; return this site's ground truth."""
    rng = random.Random(f"{seed}-{spec.site_id}-surveys")
    style = style_for(spec.export_style)
    if spec.survey_format not in SURVEY_FORMATS:
        raise ValueError(f"{spec.site_id}: unknown survey format {spec.survey_format!r}")
    problem = planted_problem(spec)
    _check_problem_fits(problem, spec)

    baseline, follow_up, matched = _panel(spec, rng)
    model = _AnswerModel(spec, instrument, style, rng)
    comments = CommentWriter(rng, spec.places, spec.project_title, spec.coproduction_level)
    responses = [model.respond(p, BASELINE, comments) for p in baseline]
    responses += [model.respond(p, FOLLOW_UP, comments) for p in follow_up]
    if problem == "invalid_wave":
        last = max(p.number for p in baseline + follow_up)
        stray = Person(last + 1, _draw_role(spec, rng), rng.gauss(0, _RESPONDENT_SD))
        responses.append(model.respond(stray, THIRD_WAVE, comments=None))
    ids = _respondent_ids(style, spec, max(r.person.number for r in responses), rng)

    out_dir = Path(site_dir) / "surveys"
    out_dir.mkdir(parents=True, exist_ok=True)
    if spec.survey_format == "sav":
        files = [_write_sav(out_dir, responses, ids, style, instrument)]
        problems: list[dict] = []
    else:
        tables = _text_tables(spec, style, instrument, responses, ids, rng)
        problems = _plant_problems(problem, tables, style, _item_ids(instrument), rng)
        files = _write_text_tables(out_dir, tables, spec.survey_format, style)
        _write_reviewed_mapping(out_dir, tables, style)

    return {
        "files": files,
        "respondents": {"baseline": len(baseline), "follow_up": len(follow_up)},
        "matched_respondents": matched,
        "planted_problems": problems,
        "comment_pii": [{"kind": p.kind, "text": p.text} for p in comments.planted],
    }


def planted_problem(spec: SiteSpec) -> str | None:
    """The problem planted at this site, if it is one of the shipped sites chosen for one."""
    shipped = {s.site_id for s in DEFAULT_SITES}
    return PLANTED_PROBLEMS.get(spec.site_id) if spec.site_id in shipped else None


def _check_problem_fits(problem: str | None, spec: SiteSpec) -> None:
    if problem is None:
        return
    if spec.survey_format == "sav":
        raise ValueError(f"{spec.site_id}: problems are only planted in csv and xlsx exports")
    if problem == "invalid_wave" and spec.survey_format == "xlsx":
        raise ValueError(f"{spec.site_id}: an xlsx export has no wave column to hold an invalid wave")


# --- respondents ----------------------------------------------------------------------------------------------

def _role_weights(spec: SiteSpec) -> list[float]:
    # staff, lived_experience, carer, voluntary_sector, other, not_stated
    if "carer" in spec.project_title.lower():
        return [0.30, 0.28, 0.26, 0.08, 0.04, 0.04]
    return [0.36, 0.36, 0.11, 0.09, 0.04, 0.04]


def _draw_role(spec: SiteSpec, rng: random.Random) -> str:
    return rng.choices(ROLE_KEYS, weights=_role_weights(spec))[0]


def _panel(spec: SiteSpec, rng: random.Random) -> tuple[list[Person], list[Person], int]:
    """Baseline and follow-up respondents; the matched ones are the same Person in both lists."""
    n_baseline = spec.respondents_per_wave
    n_follow_up = max(2, round(n_baseline * rng.uniform(0.85, 1.15)))
    match_share = rng.uniform(0.3, 0.7)
    n_matched = max(1, round(match_share * min(n_baseline, n_follow_up)))

    def person(number: int) -> Person:
        return Person(number, _draw_role(spec, rng), rng.gauss(0, _RESPONDENT_SD))

    baseline = [person(n) for n in range(1, n_baseline + 1)]
    stayers = rng.sample(baseline, n_matched)
    newcomers = [person(n_baseline + i) for i in range(1, n_follow_up - n_matched + 1)]
    follow_up = sorted(stayers + newcomers, key=lambda p: p.number)
    return baseline, follow_up, n_matched


class _AnswerModel:
    """Ordinal answers and free text for one site."""

    def __init__(self, spec: SiteSpec, instrument: dict, style: ExportStyle, rng: random.Random):
        self._spec = spec
        self._items = instrument["items"]
        self._free_text = [q["id"] for q in instrument["free_text"] if q["id"] in question_ids()]
        self._rng = rng
        self._blank_rate = rng.uniform(0.03, 0.08)
        self._not_applicable_rate = 0.01 if style.not_applicable else 0.0
        self._comment_rates = {q: rng.uniform(0.4, 0.7) for q in self._free_text}

    def respond(self, person: Person, wave: str, comments: CommentWriter | None) -> Response:
        level = self._person_level(person, wave)
        answers = {item["id"]: self._answer(person, level, item) for item in self._items}
        response = Response(person, wave, answers)
        if comments is not None:
            for question in self._free_text:
                if self._rng.random() < self._comment_rates[question]:
                    response.comments[question] = comments.comment(question, person.role, positive=level > 0.5)
        return response

    def _person_level(self, person: Person, wave: str) -> float:
        spec = self._spec
        improvement = spec.improvement if wave != BASELINE else 0.0
        return 0.3 + 4.0 * (spec.coproduction_level - 0.55 + improvement) + person.effect

    def _answer(self, person: Person, level: float, item: dict) -> int | str | None:
        draw = self._rng.random()
        for share, answer in ((self._blank_rate, None), (0.02, PREFER_NOT_TO_SAY), (0.02, DONT_KNOW),
                              (self._not_applicable_rate, NOT_APPLICABLE)):
            if draw < share:
                return answer
            draw -= share
        latent = (level + _ITEM_EASE.get(item["id"], 0.0) + self._role_effect(person.role, item["dimension"])
                  + self._rng.gauss(0, _ANSWER_SD))
        code = 1 + sum(latent > t for t in _THRESHOLDS)
        # Negatively worded items: agreeing means less co-production.
        return 6 - code if item.get("reverse") else code

    def _role_effect(self, role: str, dimension: str) -> float:
        if role == "lived_experience" and dimension == "equal_partnership":
            # Where co-production is thin, people with lived experience notice the imbalance more than staff do.
            return -1.5 * max(0.0, 0.7 - self._spec.coproduction_level)
        if role == "carer" and dimension == "support_to_take_part":
            return -0.5
        if role == "staff" and dimension == "confidence":
            return -0.3
        return 0.0


# --- respondent ids ---------------------------------------------------------------------------------------------

def _site_prefix(spec: SiteSpec) -> str:
    words = [w for w in spec.site_name.replace(spec.system_type, "").split() if w.lower() != "and"]
    initials = "".join(w[0] for w in words).upper()
    return initials if len(initials) > 1 else (words[0][:2].upper() if words else "ST")


def _respondent_ids(style: ExportStyle, spec: SiteSpec, last: int, rng: random.Random) -> dict[int, int | str]:
    numbers = range(1, last + 1)
    if style.respondent_id == "r_number":
        return {n: f"R{n:04d}" for n in numbers}
    if style.respondent_id == "site_prefix":
        prefix = _site_prefix(spec)
        return {n: f"{prefix}-{n:04d}" for n in numbers}
    if style.respondent_id == "tool":
        # Survey tools number responses from a large counter shared with other surveys, hence the gaps.
        ids, current = {}, rng.randrange(11_000_000, 89_000_000)
        for n in numbers:
            current += rng.randint(1, 900)
            ids[n] = current
        return ids
    return {n: n for n in numbers}


# --- text exports (csv, xlsx) -------------------------------------------------------------------------------------

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


def _text_tables(spec: SiteSpec, style: ExportStyle, instrument: dict, responses: list[Response],
                 ids: dict[int, int | str], rng: random.Random) -> list[Table]:
    survey_format = spec.survey_format
    with_wave = survey_format != "xlsx"
    keys = _column_keys(style, instrument, rng, with_wave)
    headings = column_headings(style, instrument)
    item_ids = _item_ids(instrument)
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


def _item_ids(instrument: dict) -> set[str]:
    return {item["id"] for item in instrument["items"]}


def _plant_problems(problem: str | None, tables: list[Table], style: ExportStyle, item_ids: set[str],
                    rng: random.Random) -> list[dict]:
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


def _write_text_tables(out_dir: Path, tables: list[Table], survey_format: str, style: ExportStyle) -> list[dict]:
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


# --- SPSS export ----------------------------------------------------------------------------------------------------

def _write_sav(out_dir: Path, responses: list[Response], ids: dict[int, int | str], style: ExportStyle,
               instrument: dict) -> dict:
    file = f"{style.file_stem}.sav"
    frame, value_labels = _sav_frame(responses, ids, style, instrument)
    entries = instrument["items"] + instrument["free_text"]
    labels = {_SAV_IDENTIFIERS[k]: _SAV_IDENTIFIER_LABELS[k] for k in _SAV_IDENTIFIERS}
    labels.update({entry["code"]: entry["wording"] for entry in entries})
    measures = {item["code"]: "ordinal" for item in instrument["items"]}
    path = out_dir / file
    pyreadstat.write_sav(frame, str(path), column_labels=[labels[c] for c in frame.columns],
                         variable_value_labels=value_labels, variable_measure=measures)
    _fix_sav_timestamp(path)
    return {"file": file, "format": "sav", "encoding": "utf-8", "sheets": None, "rows": len(frame)}


def _sav_frame(responses: list[Response], ids: dict[int, int | str], style: ExportStyle,
               instrument: dict) -> tuple[pd.DataFrame, dict[str, dict]]:
    labelled = style.sav_labelled_identifiers
    wave_codes = {BASELINE: 1, FOLLOW_UP: 2}
    role_codes = {role: code for code, role in enumerate(ROLE_KEYS, start=1) if style.roles[role]}
    columns: dict[str, list] = {name: [] for name in _SAV_IDENTIFIERS.values()}
    for entry in instrument["items"] + instrument["free_text"]:
        columns[entry["code"]] = []

    for response in responses:
        role = response.person.role
        columns["RespondentID"].append(ids[response.person.number])
        if labelled:
            columns["Wave"].append(float(wave_codes[response.wave]))
            columns["Role"].append(float(role_codes[role]) if role in role_codes else float("nan"))
        else:
            columns["Wave"].append(style.waves[wave_codes[response.wave] - 1].strip())
            columns["Role"].append(style.roles[role])
        for item in instrument["items"]:
            answer = response.answers[item["id"]]
            code = answer if isinstance(answer, int) else _SAV_CODES.get(answer)
            columns[item["code"]].append(float(code) if code is not None else float("nan"))
        for question in instrument["free_text"]:
            columns[question["code"]].append(response.comments.get(question["id"]) or "")

    scale = {int(code): entry["label"] for code, entry in instrument["scale"]["codes"].items()}
    scale.update({_SAV_CODES[PREFER_NOT_TO_SAY]: "Prefer not to say", _SAV_CODES[DONT_KNOW]: "Don't know"})
    value_labels: dict[str, dict] = {item["code"]: dict(scale) for item in instrument["items"]}
    if labelled:
        value_labels["Wave"] = {1: "Baseline", 2: "Follow-up"}
        value_labels["Role"] = {code: style.roles[role] for role, code in role_codes.items()}
    return pd.DataFrame(columns), value_labels


def _fix_sav_timestamp(path: Path) -> None:
    """Overwrite the creation date and time ReadStat writes into the header, so re-runs give identical bytes."""
    data = bytearray(path.read_bytes())
    if not (data[:4] == b"$FL2" and re.fullmatch(rb"\d\d [A-Z][a-z]{2} \d\d", data[_SAV_DATE])
            and re.fullmatch(rb"\d\d:\d\d:\d\d", data[_SAV_TIME])):
        raise ValueError(f"{path}: unexpected SAV header layout; cannot fix its timestamp")
    stamp = FIXED_TIMESTAMP
    data[_SAV_DATE] = f"{stamp.day:02d} {_MONTHS[stamp.month - 1]} {stamp.year % 100:02d}".encode("ascii")
    data[_SAV_TIME] = stamp.strftime("%H:%M:%S").encode("ascii")
    path.write_bytes(bytes(data))


def _write_reviewed_mapping(out_dir: Path, tables: list[Table], style: ExportStyle) -> None:
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
