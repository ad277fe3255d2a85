"""Survey ingestion for one site: every export → tidy responses, redacted comments and a quarantine.

`survey_responses` holds one row per respondent × item with the answer mapped onto the instrument's scale;
`survey_comments` one row per non-blank free-text answer, redacted. Every respondent row of every export is either
kept or quarantined with a reason naming its file and row. Each export's layout is recognised from the file
(`survey_layouts`), its columns mapped onto the instrument by the site's surveys/mapping.yaml or, without one, by the
wording matcher (`survey_mapping`), and respondent ids replaced by keyed pseudonyms (`pseudonym`) before anything
else sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evaluation.grids import UnreadableFileError
from evaluation.ingest.file_safety import FileLimits, UnsafeFileError, check_file, time_limit
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.quarantine import Quarantine, records_quarantined
from evaluation.ingest.survey_files import SURVEY_SUFFIXES, RawSheet
from evaluation.ingest.survey_layouts import read_survey_file
from evaluation.ingest.survey_mapping import FileMapping, apply_mapping_file, draft_file_mapping
from evaluation.ingest.survey_mapping_file import (
    MAPPING_FILE, MappingFileError, cleaned_answers, read_mapping_file,
)
from evaluation.ingest.survey_report import ExportReport, export_report
from evaluation.survey.instrument import Instrument
from evaluation.text.redact import Redactor

RESPONSE_COLUMNS = ("site_id", "respondent_id", "wave", "role", "item_id", "code", "label", "answer_status",
                    "source_file", "source_row")
COMMENT_COLUMNS = ("site_id", "respondent_id", "wave", "role", "question_id", "text", "source_file", "source_row")
_RESPONDENT_FIELDS = ("respondent_id", "wave", "role")
_SOURCE_COLUMNS = ("source_file", "sheet", "source_row")


@dataclass(frozen=True)
class SurveyIngest:
    responses: pd.DataFrame
    comments: pd.DataFrame
    quarantine: pd.DataFrame
    quarantine_values: pd.DataFrame  # the raw cells behind quarantine entries: private, like the log
    anonymisation_log: pd.DataFrame  # original → label per replacement: kept apart from processed data
    records_in: int  # respondent rows read, plus one per unreadable file
    respondents_kept: int
    exports: tuple[ExportReport, ...] = ()  # one per export (or worksheet) read

    @property
    def records_quarantined(self) -> int:
        return records_quarantined(self.quarantine)

    @property
    def answers_on_scale(self) -> int:
        return int((self.responses["answer_status"] == "answered").sum())

    def answers_by_item(self, instrument: Instrument) -> pd.Series:
        on_scale = self.responses[self.responses["answer_status"] == "answered"]
        return on_scale["item_id"].value_counts().reindex(instrument.item_ids, fill_value=0).astype(int)

    def coverage_failures(self) -> list[str]:
        """One message per export that maps fewer than half of the instrument's items (empty: the check passes)."""
        return [report.coverage_problem for report in self.exports if report.coverage_problem]


def ingest_site_surveys(site_id: str, survey_dir: Path, instrument: Instrument, redactor: Redactor,
                        pseudonymiser: Pseudonymiser | None = None, limits: FileLimits | None = None) -> SurveyIngest:
    """Read every survey export in `survey_dir` (sorted by name) for one site.

    `pseudonymiser` holds the project's key (`Pseudonymiser.for_project`); without one a one-off key is used, so the
    ids are still never kept but do not pair with another run.
    """
    quarantine = Quarantine(site_id, "survey_responses")
    pseudonymiser = pseudonymiser or Pseudonymiser.ephemeral()
    limits = limits or FileLimits.from_env()
    files = survey_files(survey_dir)
    try:
        mapping_file = read_mapping_file(survey_dir)
    except MappingFileError as error:
        for path in files:
            quarantine.add("file", path.name, f"{error}; the export was not read", category="mapping_problem")
        return _result(site_id, [], len(files), [], {}, instrument, redactor, quarantine)
    respondents, records_in, reports, rules = [], 0, [], {}
    for path in files:
        sheets = read_safely(path, limits, quarantine)
        if sheets is None:
            records_in += 1
            continue
        for sheet in sheets:
            records_in += len(sheet.frame)
            mapping = (apply_mapping_file(sheet, mapping_file.get(sheet.label), instrument) if mapping_file is not None
                       else draft_file_mapping(sheet, instrument))
            rules[sheet.label] = _answer_rules(sheet, mapping, instrument, quarantine)
            report = export_report(sheet, mapping, instrument)
            _report_columns(sheet, mapping, report, instrument, quarantine)
            reports.append(report)
            respondents.append(_respondent_rows(sheet, mapping, instrument, quarantine, pseudonymiser))
    return _result(site_id, respondents, records_in, reports, rules, instrument, redactor, quarantine)


def _result(site_id, respondents, records_in, reports, rules, instrument, redactor, quarantine) -> SurveyIngest:
    table = pd.concat(respondents, ignore_index=True) if respondents else _empty_respondents(instrument)
    table = _drop_duplicate_respondents(table, quarantine)
    responses = _tidy_responses(site_id, table, instrument, rules, quarantine)
    comments, log = _redacted_comments(site_id, table, instrument, redactor)
    reports = tuple(report.with_answers(responses) for report in reports)
    return SurveyIngest(responses, comments, quarantine.frame(), quarantine.private_frame(), log, records_in,
                        len(table), reports)


def survey_files(survey_dir: Path) -> list[Path]:
    """The exports a site sent, in a stable order; other files (notes, PDFs, the mapping) are not survey data."""
    if not Path(survey_dir).is_dir():
        return []
    return sorted(p for p in Path(survey_dir).iterdir()
                  if p.is_file() and p.suffix.lower() in SURVEY_SUFFIXES and not p.name.startswith((".", "~$")))


def read_safely(path: Path, limits: FileLimits, quarantine: Quarantine) -> list[RawSheet] | None:
    """The file's sheets, or None after quarantining it: an error of any kind loses this file, never the site."""
    try:
        with time_limit(limits.max_seconds, path.name):
            check_file(path, limits)
            return read_survey_file(path)
    except UnsafeFileError as error:
        reason, category = str(error), error.category
    except UnreadableFileError as error:
        reason, category = str(error), "unreadable_file"
    except Exception as error:  # a parser's own error, or one nobody foresaw: this file only is lost
        reason, category = f"the file could not be read ({type(error).__name__})", "unreadable_file"
    quarantine.add("file", path.name, reason, category=category)
    return None


def _answer_rules(sheet: RawSheet, mapping: FileMapping, instrument: Instrument,
                  quarantine: Quarantine) -> tuple[dict, bool]:
    answers, problems = cleaned_answers(mapping, instrument)
    for problem in problems:
        quarantine.add("column", sheet.source_file, f"surveys/{MAPPING_FILE}: {problem}; that answer was not used",
                       category="mapping_problem", sheet=sheet.sheet)
    return answers, mapping.numbers_are_codes


def _report_columns(sheet: RawSheet, mapping: FileMapping, report: ExportReport, instrument: Instrument,
                    quarantine: Quarantine) -> None:
    """Columns left out (other than tool metadata), mapping-file problems and low coverage, into the quarantine."""
    for column, problem in mapping.problems:
        quarantine.add("column", sheet.source_file, problem, category="mapping_problem", sheet=sheet.sheet,
                       column=column)
    for column, why in mapping.not_used.items():
        if column in mapping.metadata:
            continue
        if column in mapping.duplicates:
            quarantine.add("column", sheet.source_file, f"the column {why}; its values were not used",
                           category="duplicate", sheet=sheet.sheet, column=column)
            continue
        hint = ("; its answers look like an agreement scale: if it is an item, map it in surveys/mapping.yaml"
                if column in report.likert_like_unmatched else "")
        where = "is not in surveys/mapping.yaml" if mapping.source == "mapping file" else \
            f"matches no field of {instrument.label}"
        quarantine.add("column", sheet.source_file, f"the column {where}; its values were not used{hint}",
                       category="unmatched_column", sheet=sheet.sheet, column=column)
    if report.coverage_problem:
        quarantine.add("column", sheet.source_file, report.coverage_problem, category="low_coverage",
                       sheet=sheet.sheet)


def _respondent_rows(sheet: RawSheet, mapping: FileMapping, instrument: Instrument, quarantine: Quarantine,
                     pseudonymiser: Pseudonymiser) -> pd.DataFrame:
    """One row per usable respondent with columns respondent_id, wave, role, one per item and free-text question."""
    fields = mapping.fields
    frame = sheet.frame[list(fields)].rename(columns=fields)
    for name, value in mapping.constants.items():
        frame[name] = value
    frame["source_file"], frame["sheet"], frame["source_row"] = sheet.source_file, sheet.sheet, sheet.row_numbers
    sheet_wave = instrument.map_wave(pd.Series([sheet.sheet]))[0] if sheet.sheet else pd.NA
    if "wave" not in frame.columns and not pd.isna(sheet_wave):
        frame["wave"] = sheet.sheet  # a workbook with one sheet per wave
    if mapping.respondent_scope == "row":
        frame["respondent_id"] = [f"row {row}" for row in sheet.row_numbers]
    missing = [f for f in _RESPONDENT_FIELDS if f not in frame.columns]
    if missing:
        for row in sheet.row_numbers:
            quarantine.add("row", sheet.source_file, f"no column is recognised as the {' or '.join(missing)} "
                           f"({instrument.label}); the respondent cannot be placed", category="missing_field",
                           sheet=sheet.sheet, row=row)
        return _empty_respondents(instrument)
    return _usable_rows(sheet, frame, mapping, instrument, quarantine, pseudonymiser)


def _usable_rows(sheet: RawSheet, frame: pd.DataFrame, mapping: FileMapping, instrument: Instrument,
                 quarantine: Quarantine, pseudonymiser: Pseudonymiser) -> pd.DataFrame:
    answers = [c for c in frame.columns if c not in (*_SOURCE_COLUMNS, "respondent_id")]
    empty = frame[answers].isna().all(axis=1)
    no_id = ~empty & frame["respondent_id"].isna()
    scope = "" if mapping.respondent_scope == "project" else sheet.label
    frame["respondent_id"] = frame["respondent_id"].map(
        lambda raw: pd.NA if pd.isna(raw) else pseudonymiser.pseudonym(raw, scope)).astype("string")
    wave = instrument.map_wave(frame["wave"])
    bad_wave = ~empty & ~no_id & wave.isna()
    role = instrument.map_role(frame["role"])
    bad_role = ~(empty | no_id | bad_wave) & role.isna()

    for row in frame.loc[empty, "source_row"]:
        quarantine.add("row", sheet.source_file, "empty row", category="empty_row", sheet=sheet.sheet, row=row)
    for row in frame.loc[no_id, "source_row"]:
        quarantine.add("row", sheet.source_file, "no respondent id", category="no_respondent_id", sheet=sheet.sheet,
                       row=row)
    for row, value in frame.loc[bad_wave, ["source_row", "wave"]].itertuples(index=False):
        reason = ("no wave given" if pd.isna(value) else
                  f"the wave is neither baseline nor follow-up (if it is one of them, add the spelling to "
                  f"the waves of {instrument.label})")
        quarantine.add("row", sheet.source_file, reason, category="unknown_wave", sheet=sheet.sheet, row=row,
                       column="wave", value=None if pd.isna(value) else value)
    for row, value in frame.loc[bad_role, ["source_row", "role"]].itertuples(index=False):
        quarantine.add("value", sheet.source_file, "the role is not a known role; recorded as not_stated",
                       category="unknown_role", sheet=sheet.sheet, row=row, column="role", value=value)

    keep = ~(empty | no_id | bad_wave)
    usable = frame[keep].assign(wave=wave[keep], role=role[keep].fillna("not_stated"))
    return usable.reindex(columns=_respondent_columns(instrument))


def _respondent_columns(instrument: Instrument) -> list[str]:
    return [*_RESPONDENT_FIELDS, *instrument.item_ids, *(q.id for q in instrument.free_text),
            *_SOURCE_COLUMNS]


def _empty_respondents(instrument: Instrument) -> pd.DataFrame:
    return pd.DataFrame(columns=_respondent_columns(instrument), dtype="string")


def _drop_duplicate_respondents(table: pd.DataFrame, quarantine: Quarantine) -> pd.DataFrame:
    """A respondent answers once per wave: later rows for the same id and wave are quarantined."""
    table = table.reset_index(drop=True)
    repeat = table.duplicated(["respondent_id", "wave"], keep="first")
    answers = [c for c in table.columns if c not in _SOURCE_COLUMNS]
    kept_at = {key: index for index, key in zip(table.index[~repeat],
                                                 table.loc[~repeat, ["respondent_id", "wave"]].itertuples(index=False))}
    for index in table.index[repeat]:
        row = table.loc[index]
        kept = table.loc[kept_at[(row["respondent_id"], row["wave"])]]
        same = row[answers].fillna("").tolist() == kept[answers].fillna("").tolist()
        kind = "an exact copy of" if same else "the same respondent and wave as"
        where = kept["source_file"] + ("" if pd.isna(kept["sheet"]) else f" [{kept['sheet']}]")
        quarantine.add("row", row["source_file"], f"duplicate respondent at "
                       f"{row['wave']}: {kind} {where} row {kept['source_row']}, which was kept",
                       category="duplicate", sheet=row["sheet"], row=int(row["source_row"]), column="respondent_id",
                       value=row["respondent_id"])
    return table[~repeat].reset_index(drop=True)


def _tidy_responses(site_id: str, table: pd.DataFrame, instrument: Instrument, rules: dict,
                    quarantine: Quarantine) -> pd.DataFrame:
    item_order = {item_id: position for position, item_id in enumerate(instrument.item_ids)}
    long = table.melt(id_vars=["respondent_id", "wave", "role", "source_file", "sheet", "source_row"],
                      value_vars=instrument.item_ids, var_name="item_id", value_name="raw")
    labels = _with_sheet(long)  # each export's answer rules are keyed by its label: "book.xlsx [Sheet]"
    parts = [instrument.map_answers(group["raw"], *rules.get(label, ({}, False)))
             for label, group in long.groupby(labels, sort=False)]
    mapped = pd.concat(parts) if parts else instrument.map_answers(long["raw"])
    long = pd.concat([long, mapped.reindex(long.index)], axis=1)
    for entry in long[long["answer_status"] == "unmapped"].itertuples(index=False):
        quarantine.add("value", entry.source_file, f"the answer to {entry.item_id} cannot be mapped: "
                       f"{entry.reason}; kept as unmapped (no code)", category="unmapped_answer",
                       sheet=None if pd.isna(entry.sheet) else entry.sheet, row=int(entry.source_row),
                       column=entry.item_id, value=entry.raw)
    long["site_id"] = site_id
    long["source_file"] = labels
    long = long.assign(_order=long["item_id"].map(item_order)).sort_values(
        ["wave", "respondent_id", "_order"], kind="stable")
    return _typed(long.reindex(columns=list(RESPONSE_COLUMNS)), {"code": "Int8", "source_row": "Int64"})


def _redacted_comments(site_id: str, table: pd.DataFrame, instrument: Instrument,
                       redactor: Redactor) -> tuple[pd.DataFrame, pd.DataFrame]:
    question_ids = [q.id for q in instrument.free_text]
    long = table.melt(id_vars=["respondent_id", "wave", "role", "source_file", "sheet", "source_row"],
                      value_vars=question_ids, var_name="question_id", value_name="text").dropna(subset=["text"])
    long = long.sort_values(["wave", "respondent_id", "question_id"], kind="stable").reset_index(drop=True)
    texts, log = [], []
    for entry in long.itertuples():
        redacted, replacements = redactor.redact(entry.text)
        texts.append(redacted)
        log += [{"site_id": site_id, "source": "survey_comments", "source_file": entry.source_file,
                 "record": f"{entry.respondent_id}/{entry.wave}/{entry.question_id}", "kind": r.kind,
                 "original": r.original, "label": r.label} for r in replacements]
    long["text"] = pd.Series(texts, dtype="string")
    long["site_id"] = site_id
    long["source_file"] = _with_sheet(long)
    comments = _typed(long.reindex(columns=list(COMMENT_COLUMNS)), {"source_row": "Int64"})
    return comments, anonymisation_log_frame(log)


ANONYMISATION_COLUMNS = ("site_id", "source", "source_file", "record", "kind", "original", "label")


def anonymisation_log_frame(entries: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(entries, columns=list(ANONYMISATION_COLUMNS)).astype("string")


def _with_sheet(frame: pd.DataFrame) -> pd.Series:
    """'export.xlsx [Baseline]' where the row came from a worksheet, else the file name."""
    sheet = frame["sheet"].astype("string")
    return frame["source_file"].astype("string").where(sheet.isna(), frame["source_file"] + " [" + sheet + "]")


def _typed(frame: pd.DataFrame, special: dict[str, str]) -> pd.DataFrame:
    types = {c: special.get(c, "string") for c in frame.columns}
    return frame.astype(types).reset_index(drop=True)

