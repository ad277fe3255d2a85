"""Survey ingestion for one site: every export → tidy responses, redacted comments and a quarantine.

`survey_responses` holds one row per respondent × item with the answer mapped onto the instrument's scale;
`survey_comments` one row per non-blank free-text answer, redacted. Every respondent row of every export is either
kept or quarantined with a reason naming its file and row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evaluation.ingest.quarantine import Quarantine, records_quarantined
from evaluation.ingest.survey_files import SURVEY_SUFFIXES, RawSheet, SurveyFileError, read_survey_file
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
    anonymisation_log: pd.DataFrame  # original → label per replacement: kept apart from processed data
    records_in: int  # respondent rows read, plus one per unreadable file
    respondents_kept: int

    @property
    def records_quarantined(self) -> int:
        return records_quarantined(self.quarantine)


def ingest_site_surveys(site_id: str, survey_dir: Path, instrument: Instrument, redactor: Redactor) -> SurveyIngest:
    """Read every survey export in `survey_dir` (sorted by name) for one site."""
    quarantine = Quarantine(site_id, "survey_responses")
    respondents, records_in = [], 0
    for path in survey_files(survey_dir):
        try:
            sheets = read_survey_file(path)
        except SurveyFileError as error:
            quarantine.add("file", path.name, str(error))
            records_in += 1
            continue
        for sheet in sheets:
            records_in += len(sheet.frame)
            respondents.append(_respondent_rows(sheet, instrument, quarantine))
    table = pd.concat(respondents, ignore_index=True) if respondents else _empty_respondents(instrument)
    table = _drop_duplicate_respondents(table, quarantine)
    responses = _tidy_responses(site_id, table, instrument, quarantine)
    comments, log = _redacted_comments(site_id, table, instrument, redactor)
    return SurveyIngest(responses, comments, quarantine.frame(), log, records_in, len(table))


def survey_files(survey_dir: Path) -> list[Path]:
    """The exports a site sent, in a stable order; other files (notes, PDFs) are not survey data."""
    if not Path(survey_dir).is_dir():
        return []
    return sorted(p for p in Path(survey_dir).iterdir()
                  if p.is_file() and p.suffix.lower() in SURVEY_SUFFIXES and not p.name.startswith((".", "~$")))


def _respondent_rows(sheet: RawSheet, instrument: Instrument, quarantine: Quarantine) -> pd.DataFrame:
    """One row per usable respondent with columns respondent_id, wave, role, one per item and free-text question."""
    fields = _match_headings(sheet, instrument, quarantine)
    frame = sheet.frame.rename(columns=fields)[list(fields.values())]
    frame["source_file"], frame["sheet"], frame["source_row"] = sheet.source_file, sheet.sheet, sheet.row_numbers
    sheet_wave = instrument.map_wave(pd.Series([sheet.sheet]))[0] if sheet.sheet else pd.NA
    if "wave" not in frame.columns and not pd.isna(sheet_wave):
        frame["wave"] = sheet.sheet  # a workbook with one sheet per wave
    missing = [f for f in _RESPONDENT_FIELDS if f not in frame.columns]
    if missing:
        for row in sheet.row_numbers:
            quarantine.add("row", sheet.source_file, f"no column is recognised as the {' or '.join(missing)} "
                           f"({instrument.label}); the respondent cannot be placed", sheet=sheet.sheet, row=row)
        return _empty_respondents(instrument)
    return _usable_rows(sheet, frame, instrument, quarantine)


def _match_headings(sheet: RawSheet, instrument: Instrument, quarantine: Quarantine) -> dict[str, str]:
    """heading -> instrument field, quarantining columns that match nothing or repeat a matched field."""
    fields: dict[str, str] = {}
    for heading in sheet.frame.columns:
        field = instrument.field_for_heading(heading)
        if field is None and heading in sheet.heading_labels:
            field = instrument.field_for_heading(sheet.heading_labels[heading])
        if field is None:
            if heading.strip() or sheet.frame[heading].notna().any():
                quarantine.add("column", sheet.source_file, f"the column matches no field of {instrument.label}; "
                               "its values were not used", sheet=sheet.sheet, column=heading)
            continue
        field = field.split(":", 1)[-1]
        if field in fields.values():
            first = next(h for h, f in fields.items() if f == field)
            quarantine.add("column", sheet.source_file, f"the column repeats '{field}', already read from column "
                           f"'{first}'; its values were not used", sheet=sheet.sheet, column=heading)
            continue
        fields[heading] = field
    return fields


def _usable_rows(sheet: RawSheet, frame: pd.DataFrame, instrument: Instrument,
                 quarantine: Quarantine) -> pd.DataFrame:
    answers = [c for c in frame.columns if c not in _SOURCE_COLUMNS]
    empty = frame[answers].isna().all(axis=1)
    no_id = ~empty & frame["respondent_id"].isna()
    wave = instrument.map_wave(frame["wave"])
    bad_wave = ~empty & ~no_id & wave.isna()
    role = instrument.map_role(frame["role"])
    bad_role = ~(empty | no_id | bad_wave) & role.isna()

    for row in frame.loc[empty, "source_row"]:
        quarantine.add("row", sheet.source_file, "empty row", sheet=sheet.sheet, row=row)
    for row in frame.loc[no_id, "source_row"]:
        quarantine.add("row", sheet.source_file, "no respondent id", sheet=sheet.sheet, row=row)
    for row, value in frame.loc[bad_wave, ["source_row", "wave"]].itertuples(index=False):
        reason = ("no wave given" if pd.isna(value) else
                  f"wave '{value}' is neither baseline nor follow-up (if it is one of them, add the spelling to "
                  f"the waves of {instrument.label})")
        quarantine.add("row", sheet.source_file, reason, sheet=sheet.sheet, row=row, column="wave",
                       value=None if pd.isna(value) else value)
    for row, value in frame.loc[bad_role, ["source_row", "role"]].itertuples(index=False):
        quarantine.add("value", sheet.source_file, f"role '{value}' is not a known role; recorded as not_stated",
                       sheet=sheet.sheet, row=row, column="role", value=value)

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
        quarantine.add("row", row["source_file"], f"duplicate respondent '{row['respondent_id']}' at "
                       f"{row['wave']}: {kind} {where} row {kept['source_row']}, which was kept",
                       sheet=row["sheet"], row=int(row["source_row"]), column="respondent_id",
                       value=row["respondent_id"])
    return table[~repeat].reset_index(drop=True)


def _tidy_responses(site_id: str, table: pd.DataFrame, instrument: Instrument,
                    quarantine: Quarantine) -> pd.DataFrame:
    item_order = {item_id: position for position, item_id in enumerate(instrument.item_ids)}
    long = table.melt(id_vars=["respondent_id", "wave", "role", "source_file", "sheet", "source_row"],
                      value_vars=instrument.item_ids, var_name="item_id", value_name="raw")
    mapped = instrument.map_answers(long["raw"])
    long = pd.concat([long, mapped], axis=1)
    for entry in long[long["answer_status"] == "unmapped"].itertuples(index=False):
        quarantine.add("value", entry.source_file, f"answer '{entry.raw}' to {entry.item_id} cannot be mapped: "
                       f"{entry.reason}; kept as unmapped (no code)", sheet=None if pd.isna(entry.sheet)
                       else entry.sheet, row=int(entry.source_row), column=entry.item_id, value=entry.raw)
    long["site_id"] = site_id
    long["source_file"] = _with_sheet(long)
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
