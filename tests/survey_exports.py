"""Survey exports shaped the way each tool writes them, built from the tools' documented layouts (never by synth).

Where each layout comes from is listed in data/raw/README.md (survey exports): the qualtRics R package's sample
exports, Microsoft's and the Tech Community's notes on Forms workbooks, public parsers of SurveyMonkey and SmartSurvey
files. Details that no source showed (noted at each builder) are the readers' worst case, not a guess at the tool.

Every builder writes the same six fictional respondents answering the instrument's 14 agreement statements as a
matrix/grid/Likert question, a role question, three free-text questions (one answer carries a planted name and phone
number) and the tool's own metadata columns (timestamps, IP addresses, e-mail addresses, names). Wave is a column the
evaluator adds by hand, as the data contract asks. Qualtrics exports also carry questions the instrument does not
have, under the tool's default export tags: consent (Q1), a project code (Q2) and "how likely are you to recommend"
(Q6) - numbers that must never be read as the instrument's Q1, Q2 or Q6.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from evaluation.survey.instrument import load_instrument

INSTRUMENT = load_instrument()
LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
ROLE_QUESTION = "Which of these best describes you?"
MATRIX_QUESTION = "How much do you agree with each of these statements about the project?"
PLANTED = "Ring Julie Hughes on 07700 900123, she sorted my travel"
METADATA_VALUES = ["192.0.2.", "@example.org", "Quillfeather", "51.5072"]  # IPs, e-mails, names, latitude
MEETINGS_QUESTION = "Which meetings did you go to?"  # a tick-box question, answered "a, b" / "a;b;" by the tools
Restyle = Callable[[str], str]  # how a site retyped the instrument's wording (case, punctuation)


@dataclass(frozen=True)
class Respondent:
    number: int
    wave: str
    role: str
    codes: tuple[int, ...]  # one per instrument item, 1-5
    comments: tuple[str, str, str]

    @property
    def email(self) -> str:
        return f"person{self.number}.quillfeather@example.org"


def respondents() -> list[Respondent]:
    roles = ["Member of staff", "Patient or lived experience", "Carer"]
    people = []
    for n in range(6):
        codes = tuple((n + k) % 5 + 1 for k in range(len(INSTRUMENT.items)))
        comments = (PLANTED if n == 0 else f"Being paid for my time ({n})", f"Short notice of meetings ({n})",
                    f"Services now ask us first ({n})")
        people.append(Respondent(n + 1, "Baseline" if n < 4 else "Follow-up", roles[n % 3], codes, comments))
    return people


def expected_codes(people: list[Respondent]) -> dict[tuple[int, str], int]:
    """(position of the respondent in the file, item id) -> code."""
    return {(i, item.id): person.codes[k] for i, person in enumerate(people) for k, item in enumerate(INSTRUMENT.items)}


def _write_csv(path: Path, rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _same(text: str) -> str:
    return text


def _free_text(restyle: Restyle = _same):
    return [restyle(q.wording) for q in INSTRUMENT.free_text]


def _statements(restyle: Restyle = _same):
    return [restyle(item.wording) for item in INSTRUMENT.items]


def qualtrics_csv(path: Path, people: list[Respondent], numeric: bool = False, restyle: Restyle = _same) -> Path:
    """Qualtrics "Export data > CSV": export tags, question text, ImportId JSON, then one row per response.

    The role question has an "Other" text box (`Q3` "... - Selected Choice", `Q3_4_TEXT`), the matrix was shown in a
    random order (display-order columns `Q5_DO_1`...), and bot detection adds `Q_RecaptchaScore`. The row-2 text of
    the display-order columns was not seen in any source: it carries each statement, the worst case for a reader."""
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
            ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
            ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
            ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
            ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
            ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
            ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
            ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}')]
    statements = _statements(restyle)
    questions = [("Q1", "I agree to take part in this survey", "QID1"),
                 ("Q2", "What is your project code?", "QID2"),
                 ("Q3", f"{restyle(ROLE_QUESTION)} - Selected Choice", "QID3"),
                 ("Q3_4_TEXT", f"{restyle(ROLE_QUESTION)} - Other (please say) - Text", "QID3_4_TEXT"),
                 *((f"Q5_DO_{k}", f"{MATRIX_QUESTION} - Display Order: {wording}", f"QID5_DO_{k}")
                   for k, wording in enumerate(statements, start=1)),
                 *((f"Q5_{k}", f"{MATRIX_QUESTION} - {wording}", f"QID5_{k}")
                   for k, wording in enumerate(statements, start=1)),
                 ("Q6", "How likely are you to recommend taking part to a friend or colleague?", "QID6"),
                 *((f"Q{7 + k}", wording, f"QID{7 + k}_TEXT") for k, wording in enumerate(_free_text(restyle))),
                 ("Q_RecaptchaScore", "Q_RecaptchaScore", "Q_RecaptchaScore")]
    rows = [[t for t, _, _ in meta] + [t for t, _, _ in questions] + ["Wave"],
            [q for _, q, _ in meta] + [q for _, q, _ in questions] + ["Wave"],
            [i for _, _, i in meta] + [json.dumps({"ImportId": i}, separators=(",", ":")) for _, _, i in questions]
            + [""]]
    for p in people:
        answers = [str(c) if numeric else LABELS[c - 1] for c in p.codes]
        shown = [str((k + p.number) % len(p.codes) + 1) for k in range(len(p.codes))]
        rows.append([f"2024-03-0{p.number} 10:00:00", f"2024-03-0{p.number} 10:09:00", "IP Address",
                     f"192.0.2.{p.number}", "100", "540", "True", f"2024-03-0{p.number} 10:09:01",
                     f"R_{p.number}AbCdEfGh{p.number}", "Quillfeather", f"Person{p.number}", p.email, "",
                     "51.5072", "-0.1276", "anonymous", "EN-GB",
                     "Yes" if not numeric else "1", f"PRJ-{p.number:03d}", p.role, "", *shown, *answers,
                     str(p.number + 3), *p.comments, "0.9", p.wave])
    return _write_csv(path, rows)


def qualtrics_legacy_csv(path: Path, people: list[Respondent]) -> Path:
    """Qualtrics' legacy exporter (qualtRics' sample_legacy.csv): V1..V10 over ResponseID...Finished, the tags, and
    the location columns at the end; 2 header rows; matrix text as "Question?-Statement"."""
    meta = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
            "StartDate", "EndDate", "Finished"]
    tags = [f"V{k}" for k in range(1, 11)] + ["Q1", "Q2", *(f"Q3_{k}" for k in range(1, len(INSTRUMENT.items) + 1)),
                                              *(f"Q{4 + k}" for k in range(3)), "Wave"]
    texts = meta + [ROLE_QUESTION, "What is your project code?",
                    *(f"{MATRIX_QUESTION}-{wording}" for wording in _statements()), *_free_text(), "Wave"]
    location = ["LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    rows = [tags + location + [""], texts + location + [""]]
    for p in people:
        rows.append([f"R_{p.number}LegacyId", "Default Response Set", f"Person{p.number} Quillfeather", "", p.email,
                     f"192.0.2.{p.number}", "0", f"2024-03-0{p.number} 10:00:00", f"2024-03-0{p.number} 10:09:00",
                     "1", p.role, f"PRJ-{p.number:03d}", *(LABELS[c - 1] for c in p.codes), *p.comments, p.wave,
                     "51.5072", "-0.1276", "-1", ""])
    return _write_csv(path, rows)


def surveymonkey(path: Path, people: list[Respondent], numeric: bool = False, restyle: Restyle = _same) -> Path:
    """SurveyMonkey "All individual responses" (.xlsx or .csv): question row over statement/"Response" row.

    `numeric`: the "Numerical value" export, each answer as the position of the option (1-5)."""
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
            "Last Name", "Custom Data 1"]
    items = INSTRUMENT.items
    first = meta + [restyle(ROLE_QUESTION), MATRIX_QUESTION] + [None] * (len(items) - 1) + _free_text(restyle) \
        + ["Wave"]
    second = [None] * len(meta) + ["Response"] + _statements(restyle) + ["Open-Ended Response"] * 3 + [None]
    rows = [first, second]
    for p in people:
        rows.append([str(114000000000 + p.number), "431234567", f"03/0{p.number}/2024 10:00:00 AM",
                     f"03/0{p.number}/2024 10:09:00 AM", f"192.0.2.{p.number}", p.email, f"Person{p.number}",
                     "Quillfeather", "", p.role, *(str(c) if numeric else LABELS[c - 1] for c in p.codes),
                     *p.comments, p.wave])
    return _write_xlsx(path, rows) if path.suffix == ".xlsx" else _write_csv(path, rows)


def smartsurvey_csv(path: Path, people: list[Respondent], restyle: Restyle = _same) -> Path:
    """SmartSurvey export (.csv or .xlsx): "Q1. Question" headings, blank over the rest of a matrix, "Q2.1. Statement"
    on the row below and a third header row for the columns of a many-column matrix (blank for a one-answer-per-row
    matrix: the sources show the three rows, not what this row holds then). Metadata: UserID, UserNo, IP Address,
    Started and Ended are in the sources; Name, Email, Unique ID, Tracking Link and Custom Value are not."""
    meta = ["UserID", "UserNo", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended", "Tracking Link",
            "Custom Value"]
    items = INSTRUMENT.items
    texts = [f"Q{3 + k}. {w}" for k, w in enumerate(_free_text(restyle))]
    first = meta + [f"Q1. {restyle(ROLE_QUESTION)}", f"Q2. {MATRIX_QUESTION}"] + [""] * (len(items) - 1) + texts \
        + ["Wave"]
    second = [""] * (len(meta) + 1) + [f"Q2.{k}. {w}" for k, w in enumerate(_statements(restyle), start=1)] \
        + [""] * 4
    rows = [first, second, [""] * len(first)]
    for p in people:
        rows.append([str(90000 + p.number), str(p.number), f"Person{p.number} Quillfeather", p.email,
                     f"192.0.2.{p.number}", "", f"0{p.number}/03/2024 10:00", f"0{p.number}/03/2024 10:09", "Web Link",
                     "", p.role, *(LABELS[c - 1] for c in p.codes), *p.comments, p.wave])
    return _write_xlsx(path, rows) if path.suffix == ".xlsx" else _write_csv(path, rows)


def google_forms_csv(path: Path, people: list[Respondent], quiz: bool = False, restyle: Restyle = _same) -> Path:
    """Google Forms "Download responses (.csv)": Timestamp, Email address, [Score for a quiz], a grid as
    `Question [Statement]`, and a tick-box question beside it whose answers are joined with ", "."""
    first = ["Timestamp", "Email address", *(["Score"] if quiz else []), restyle(ROLE_QUESTION), MEETINGS_QUESTION,
             *(f"{MATRIX_QUESTION} [{w}]" for w in _statements(restyle)), *_free_text(restyle), "Wave"]
    rows = [first] + [[f"2024/03/0{p.number} 10:09:00 AM GMT", p.email, *([f"{p.number} / 14"] if quiz else []),
                       p.role, "Online, In person" if p.number % 2 else "Online",
                       *(LABELS[c - 1] for c in p.codes), *p.comments, p.wave] for p in people]
    return _write_csv(path, rows)


def microsoft_forms_xlsx(path: Path, people: list[Respondent], quiz: bool = False, restyle: Restyle = _same) -> Path:
    """Microsoft Forms "Open in Excel": ID, times (date cells), Email, Name, then a column per question and per Likert
    statement (the statement alone: Forms drops the Likert question's text), a tick-box answer as "a;b;". A quiz adds
    "Total points" and "Quiz feedback" after Name, and "Points - " and "Feedback - " columns after each question."""
    questions = [restyle(ROLE_QUESTION), MEETINGS_QUESTION, *_statements(restyle), *_free_text(restyle)]
    first = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
             *(["Total points", "Quiz feedback"] if quiz else [])]
    for question in questions:
        first += [question, *([f"Points - {question}", f"Feedback - {question}"] if quiz else [])]
    rows = [first + ["Wave"]]
    for p in people:
        answers = [p.role, "Online;In person;" if p.number % 2 else "Online;", *(LABELS[c - 1] for c in p.codes),
                   *p.comments]
        row = [p.number, dt.datetime(2024, 3, p.number, 10, 0), dt.datetime(2024, 3, p.number, 10, 9), p.email,
               f"Person{p.number} Quillfeather", None, *([p.number, None] if quiz else [])]
        for answer in answers:
            row += [answer, *([0, None] if quiz else [])]
        rows.append(row + [p.wave])
    return _write_xlsx(path, rows, "Sheet1")


def qualtrics_sav(path: Path, people: list[Respondent]) -> Path:
    """Qualtrics "Export data > SPSS": variables named by export tag (SPSS names: "Duration__in_seconds_"), question
    text as variable labels, choices as value labels."""
    import pyreadstat

    items = INSTRUMENT.items
    frame = pd.DataFrame({
        "StartDate": [f"2024-03-0{p.number} 10:00:00" for p in people],
        "Duration__in_seconds_": [540.0] * len(people),
        "IPAddress": [f"192.0.2.{p.number}" for p in people],
        "ResponseId": [f"R_{p.number}XyZ" for p in people],
        "RecipientEmail": [p.email for p in people],
        "LocationLatitude": ["51.5072"] * len(people),
        "Q3": [float(["Member of staff", "Patient or lived experience", "Carer"].index(p.role) + 1) for p in people],
        **{f"Q5_{k}": [float(p.codes[k - 1]) for p in people] for k in range(1, len(items) + 1)},
        **{f"Q{7 + k}": [p.comments[k] for p in people] for k in range(3)},
        "Wave": [p.wave for p in people],
    })
    labels = ["Start Date", "Duration (in seconds)", "IP Address", "Response ID", "Recipient Email",
              "Location Latitude", f"{ROLE_QUESTION} - Selected Choice",
              *(f"{MATRIX_QUESTION} - {i.wording}" for i in items), *_free_text(), "Wave"]
    scale = {float(k): label for k, label in enumerate(LABELS, start=1)}
    value_labels = {"Q3": {1.0: "Member of staff", 2.0: "Patient or lived experience", 3.0: "Carer"},
                    **{f"Q5_{k}": scale for k in range(1, len(items) + 1)}}
    path.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


BUILDERS = {
    "Qualtrics (3 header rows)": ("responses.csv", qualtrics_csv),
    "Qualtrics (2 header rows)": ("responses.csv", qualtrics_legacy_csv),
    "Qualtrics .sav": ("responses.sav", qualtrics_sav),
    "SurveyMonkey (2 header rows)": ("responses.xlsx", surveymonkey),
    "SurveyMonkey csv": ("responses.csv", surveymonkey),
    "SmartSurvey": ("responses.csv", smartsurvey_csv),
    "Google Forms": ("responses.csv", google_forms_csv),
    "Microsoft Forms": ("responses.xlsx", microsoft_forms_xlsx),
}
