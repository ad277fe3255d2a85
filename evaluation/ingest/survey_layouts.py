"""Which survey tool wrote an export, recognised from the file itself, and what each of its columns stands for.

Layouts, as the tools write their exports (sources in data/raw/README.md):
- Qualtrics (3 header rows): row 1 export tags (StartDate, ..., ResponseId, ..., Q1, Q5_1, Q_RecaptchaScore), row 2
  the question text, in the survey's language (matrix statements as "Question - Statement", a choice question with
  a text box as "Question - Selected Choice" beside "Question - Other - Text" under `Q3_4_TEXT`), row 3
  `{"ImportId":"QID5_1"}`; answers as choice text or numbers. Display-order columns (`Q5_DO_1`, `FL_6_DO`), Text iQ
  columns ("Q7 - Topics") and Qualtrics' own fraud and quality scores (`Q_Relevant...`) are tool metadata.
- Qualtrics legacy exporter (2 header rows): row 1 V1..V10 then the tags, row 2 ResponseID, ResponseSet, Name,
  ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate, Finished, then the question text
  (matrix statements as "Question?-Statement"); LocationLatitude/Longitude/Accuracy at the end.
- Qualtrics .sav: variables named by export tag, the question text in the variable labels, choices as value labels.
- SurveyMonkey (2 header rows): row 1 Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address,
  First Name, Last Name, Custom Data 1, then each question's text, left blank over the rest of a matrix; row 2
  "Response" (or "Open-Ended Response") under a single question, the statement or option under a matrix. A file
  whose second row already holds a respondent is read with one header row.
- SmartSurvey (up to 3 header rows): row 1 UserID, UserNo, ..., IP Address, ..., Started, Ended, then question
  headings "Q1. Question", blank over the rest of a matrix; row 2 the matrix rows ("Q2.1. Statement"), row 3 the
  matrix columns ("Q2.1.1. Column") where a matrix has several; the UserID cell is blank in the header rows.
- Google Forms: Timestamp, [Email address], [Score], one column per question, a grid as `Question [Statement]`,
  checkbox answers joined with ", ".
- Microsoft Forms: ID, Start time, Completion time, Email, Name, [Last modified time], [Total points, Quiz
  feedback], one column per question (a Likert question as one column per statement, headed by the statement alone;
  the question text is not exported), a quiz adding "Points - Question" and "Feedback - Question" after each.
- SPSS .sav: variables with labels; plain: one header row.
Columns a tool adds about the response (timestamps, IP address, e-mail, names, location, language, quiz scores) are
marked as metadata: they are never read into any table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from evaluation.grids import Grid, UnreadableFileError, read_csv_grid, unique_headings
from evaluation.ingest.survey_files import (SURVEY_SUFFIXES, Column, RawSheet, SavData, read_sav, read_xlsx_grids,
                                            sheet_with_header)

QUALTRICS = "Qualtrics (3 header rows)"
QUALTRICS_LEGACY = "Qualtrics (2 header rows)"
QUALTRICS_SAV = "Qualtrics .sav"
SURVEYMONKEY = "SurveyMonkey (2 header rows)"
SMARTSURVEY = "SmartSurvey"
GOOGLE_FORMS = "Google Forms"
MICROSOFT_FORMS = "Microsoft Forms"
SPSS = "SPSS .sav"
PLAIN = "plain"
LAYOUTS = (QUALTRICS, QUALTRICS_LEGACY, QUALTRICS_SAV, SURVEYMONKEY, SMARTSURVEY, GOOGLE_FORMS, MICROSOFT_FORMS, SPSS,
           PLAIN)

# Tool metadata by squashed heading (lower case, letters and digits only) -> what it is.
METADATA = {
    **dict.fromkeys(("startdate", "enddate", "recordeddate", "starttime", "completiontime", "lastmodifiedtime",
                     "timestamp", "started", "ended", "datecreated", "datemodified", "submitdate", "gradepostedtime"),
                    "timestamp"),
    **dict.fromkeys(("ipaddress",), "IP address"),
    **dict.fromkeys(("email", "emailaddress", "recipientemail"), "e-mail address"),
    **dict.fromkeys(("name", "firstname", "lastname", "recipientfirstname", "recipientlastname"), "name"),
    **dict.fromkeys(("locationlatitude", "locationlongitude"), "location"),
    **dict.fromkeys(("status", "progress", "durationinseconds", "finished", "distributionchannel", "userlanguage",
                     "collectorid", "externalreference", "externaldatareference", "responsetype", "userno",
                     "uniqueid", "trackinglink", "customvalue", "qrecaptchascore", "qrelevantidduplicate",
                     "qrelevantidduplicatescore", "qrelevantidfraudscore", "qrelevantidlaststartdate",
                     "qstraightliningcount", "qstraightliningpercentage", "qstraightliningquestions",
                     "qunansweredpercentage", "qunansweredquestions", "qballotboxstuffing", "qtotalduration", "qurl",
                     "responseset", "locationaccuracy", "panel", "prolificpid"), "tool detail"),
    **dict.fromkeys(("score", "totalpoints", "quizfeedback"), "quiz score"),
}
_CUSTOM_DATA = re.compile(r"^customdata\d*$|^customvariable\d*$")
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_GRID = re.compile(r"^(?P<question>.*?)\s*\[(?P<statement>[^\[\]]+)\]\s*$")
_RESPONSE_CELLS = {"response", "openendedresponse", "open ended response", ""}
_DISPLAY_ORDER = re.compile(r"_DO(_\d+)?$|^FL_\d+_DO$")  # Qualtrics: the order a respondent saw things in
_TEXT_IQ = re.compile(r" - (Topics|Parent Topics|Topic Hierarchy Level \d+|Sentiment|Sentiment Polarity|"
                      r"Sentiment Score|Topic Sentiment Label|Topic Sentiment Score|Actionability|Emotion|"
                      r"Emotion Intensity|Effort)$")
_SELECTED_CHOICE = re.compile(r"\s+-\s+Selected Choice$")
_QUIZ_COLUMN = re.compile(r"^(Points|Feedback) - \S")  # Microsoft Forms quiz: points and feedback per question
_SMARTSURVEY_CODE = re.compile(r"^Q\d+(\.\d+)*\.\s*")  # "Q2.1. " before a SmartSurvey heading


def read_survey_file(path: Path) -> list[RawSheet]:
    """Read one survey export and recognise its layout; raise UnreadableFileError naming the file when it cannot."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [sheet_from_grid(read_csv_grid(path))]
    if suffix == ".xlsx":
        return [sheet_from_grid(grid) for grid in read_xlsx_grids(path)]
    if suffix == ".sav":
        return [sheet_from_sav(read_sav(path))]
    raise UnreadableFileError(f"{path.name}: unsupported survey format '{suffix}' "
                              f"(expected {', '.join(SURVEY_SUFFIXES)})")


def squash(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def metadata_kind(heading: str | None) -> str | None:
    key = squash(heading)
    return METADATA.get(key) or ("tool detail" if _CUSTOM_DATA.match(key) else None)


def detect_layout(grid: Grid) -> str:
    """The tool layout of a .csv/.xlsx grid, from its first rows."""
    first = [squash(cell) for cell in grid.rows[0]] if grid.rows else []
    names = set(first)
    second_names = {squash(cell) for cell in grid.rows[1]} if len(grid.rows) > 1 else set()
    third = grid.rows[2] if len(grid.rows) > 2 else []
    if first[:2] == ["v1", "v2"] and {"responseid", "startdate"} <= second_names:
        return QUALTRICS_LEGACY
    if "responseid" in names and ("startdate" in names or "recordeddate" in names):
        if any(_IMPORT_ID.match(cell or "") for cell in third):
            return QUALTRICS
        second = grid.rows[1] if len(grid.rows) > 1 else []
        at = first.index("responseid")
        return QUALTRICS_LEGACY if at < len(second) and squash(second[at]) == "responseid" else PLAIN
    if {"respondentid", "collectorid"} <= names:
        return SURVEYMONKEY
    if len(names & {"userid", "userno", "started", "ended", "uniqueid", "trackinglink"}) >= 3:
        return SMARTSURVEY
    if first[:1] == ["timestamp"]:
        return GOOGLE_FORMS
    if {"id", "starttime", "completiontime"} <= names:
        return MICROSOFT_FORMS
    return PLAIN


def sheet_from_grid(grid: Grid) -> RawSheet:
    layout = detect_layout(grid)
    reader = {QUALTRICS: _qualtrics, QUALTRICS_LEGACY: _qualtrics, SURVEYMONKEY: _surveymonkey,
              SMARTSURVEY: _smartsurvey, GOOGLE_FORMS: _google_forms, MICROSOFT_FORMS: _microsoft_forms}
    return reader.get(layout, _plain)(grid, layout)


def sheet_from_sav(data: SavData) -> RawSheet:
    names = {squash(name) for name in data.frame.columns}
    layout = QUALTRICS_SAV if {"responseid", "startdate"} <= names else SPSS
    columns = {}
    for name in data.frame.columns:
        label = data.variable_labels.get(name)
        if layout == QUALTRICS_SAV:
            label = _SELECTED_CHOICE.sub("", label or name)
            question, statement = _split_matrix(label)
            columns[name] = Column(name, question, statement, tag=name, metadata=_qualtrics_metadata(name, label))
        else:
            columns[name] = Column(name, label or name, tag=name, metadata=metadata_kind(name))
    response_id = _find(columns, "responseid") if layout == QUALTRICS_SAV else None
    return RawSheet(data.source_file, None, data.frame.reset_index(drop=True), list(range(1, len(data.frame) + 1)),
                    heading_labels=dict(data.variable_labels), layout=layout, columns=columns,
                    response_id=response_id)


def _plain(grid: Grid, layout: str) -> RawSheet:
    sheet = sheet_with_header(grid, 1, layout=layout)
    columns = {key: Column(key, key, metadata=metadata_kind(key) if layout != PLAIN else _plain_metadata(key))
               for key in sheet.frame.columns}
    return _with_columns(sheet, columns, None)


def _plain_metadata(key: str) -> str | None:
    # In a hand-made table "Name" or "ID" may be the evaluator's own column: only unmistakable tool metadata counts.
    kind = metadata_kind(key)
    return kind if kind in ("timestamp", "IP address", "e-mail address", "location") else None


def _google_forms(grid: Grid, layout: str) -> RawSheet:
    sheet = sheet_with_header(grid, 1, layout=layout)
    columns = {}
    for key in sheet.frame.columns:
        match = _GRID.match(key)
        question, statement = (match["question"], match["statement"]) if match else (key, None)
        columns[key] = Column(key, question, statement, metadata=metadata_kind(key))
    return _with_columns(sheet, columns, None)


def _microsoft_forms(grid: Grid, layout: str) -> RawSheet:
    sheet = sheet_with_header(grid, 1, layout=layout)
    columns = {key: Column(key, key, metadata="quiz score" if _QUIZ_COLUMN.match(key) else metadata_kind(key))
               for key in sheet.frame.columns}
    response_id = _find(columns, "id")
    if response_id:  # the form's own running number: not a person, and it restarts in every form
        columns[response_id] = Column(response_id, response_id, metadata="tool response number")
    return _with_columns(sheet, columns, response_id)


def _qualtrics(grid: Grid, layout: str) -> RawSheet:
    header_rows = 3 if layout == QUALTRICS else 2
    texts = grid.rows[1] + [None] * len(grid.rows[0])
    # The legacy exporter heads its first ten columns V1..V10 and names them (ResponseID...) in row 2 only.
    tags = unique_headings([texts[i] if re.fullmatch(r"V\d+", cell or "") and texts[i] else cell or ""
                            for i, cell in enumerate(grid.rows[0])])
    sheet = sheet_with_header(grid, header_rows, keys=tags, layout=layout)
    columns = {}
    for position, tag in enumerate(tags):
        text = _SELECTED_CHOICE.sub("", texts[position] or tag)
        question, statement = _split_matrix(text)
        columns[tag] = Column(tag, question, statement, tag=tag, metadata=_qualtrics_metadata(tag, text))
    return _with_columns(sheet, columns, _find(columns, "responseid"))


def _qualtrics_metadata(tag: str, text: str) -> str | None:
    if _DISPLAY_ORDER.search(tag):
        return "display order"
    if _TEXT_IQ.search(tag) or _TEXT_IQ.search(text):
        return "Text iQ analysis"
    return metadata_kind(tag)


def _surveymonkey(grid: Grid, layout: str) -> RawSheet:
    return _two_level(grid, layout, _header_rows(grid, "respondentid", 2), "respondentid")


def _smartsurvey(grid: Grid, layout: str) -> RawSheet:
    return _two_level(grid, layout, _header_rows(grid, "userid", 3), "userid")


def _header_rows(grid: Grid, id_heading: str, most: int) -> int:
    """Row 1 and the rows after it whose response-id cell is blank (statement rows, never a respondent)."""
    first = [squash(cell) for cell in grid.rows[0]]
    id_at = first.index(id_heading) if id_heading in first else 0
    header_rows = 1
    while header_rows < min(most, len(grid.rows)) and not grid.rows[header_rows][id_at]:
        header_rows += 1
    return header_rows


def _two_level(grid: Grid, layout: str, header_rows: int, id_heading: str) -> RawSheet:
    """Question headings over statement rows, the question written once over the whole of a matrix."""
    width = len(grid.rows[0])
    questions, statements, current = [], [], ""
    for position in range(width):
        heading = grid.rows[0][position]
        below = [_SMARTSURVEY_CODE.sub("", grid.rows[r][position]) for r in range(1, header_rows)
                 if grid.rows[r][position]]
        below = [cell for cell in below if squash(cell) not in _RESPONSE_CELLS]
        if heading:
            current = heading
        elif not below:
            current = ""  # a blank column after the last question
        questions.append(current)
        statements.append(" - ".join(below) or None)
    keys = unique_headings([q + (f" / {s}" if s else "") for q, s in zip(questions, statements)])
    sheet = sheet_with_header(grid, header_rows, keys=keys, layout=layout)
    columns = {key: Column(key, question, statement, tag=question if squash(question) == id_heading else None,
                           metadata=metadata_kind(question) if not statement else None)
               for key, question, statement in zip(keys, questions, statements)}
    return _with_columns(sheet, columns, _find(columns, id_heading))


def _split_matrix(text: str) -> tuple[str, str | None]:
    """'Question text - Statement' (Qualtrics' matrix columns; the legacy exporter writes 'Question?-Statement')
    into its two parts."""
    parts = re.split(r"\s+[-\u2013\u2014]\s+", text, maxsplit=1)
    if len(parts) == 2 and parts[1].strip():
        return parts[0], parts[1]
    parts = re.split(r"(?<=[?.:!)])[-\u2013\u2014](?=\S)", text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 and parts[1].strip() else (text, None)


def _find(columns: dict[str, Column], squashed: str) -> str | None:
    return next((key for key, column in columns.items()
                 if squash(column.tag or column.key) == squashed or squash(column.question) == squashed), None)


def _with_columns(sheet: RawSheet, columns: dict[str, Column], response_id: str | None) -> RawSheet:
    labels = {key: column.text for key, column in columns.items() if column.text != key}
    return RawSheet(sheet.source_file, sheet.sheet, sheet.frame, sheet.row_numbers, labels, sheet.encoding,
                    sheet.layout, columns, response_id)


def layout_summary(sheets: list[RawSheet]) -> pd.DataFrame:
    """One row per sheet: file, sheet and the layout recognised."""
    return pd.DataFrame([(s.source_file, s.sheet, s.layout) for s in sheets], columns=["file", "sheet", "layout"])
