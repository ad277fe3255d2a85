"""Hostile and careless sites, built by hand (never by `evaluation synth`), added to the end-to-end project.

- a site with surveys and interviews (alpha), one with interviews only (beta), one with surveys only (gamma);
- a sites.csv row that cannot name a site, and two sites sharing a display name, one starting with "=";
- respondent ids that are e-mail addresses, a phone number typed into a Likert cell, a name typed into a role cell;
- names that appear in no shipped list, in self-introductions, titles and relational phrases;
- manifest rows pointing outside the site's folder ('..', an absolute path, a symlink) and an entity-bomb .docx;
- a participant's spreadsheet formula.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from evaluation.survey.instrument import load_instrument

HOSTILE_SITES = ("alpha", "beta", "gamma")
INVALID_SITE_ID = "../delta"
OUTSIDE_MARKER = "OUTSIDE-THE-SITE-FOLDER-7f3a"
# Invented for this test: no shipped list holds them.
NAMES = ["Thaddeus Quillfeather", "Okafor", "Shola", "Zephaniah Brightwater", "Oriel Vantongeren", "Ysolde Marchbanks",
         "Brannoch"]
EMAILS = [f"{first}.{last}@example.org" for first, last in
          [("thaddeus", "quillfeather"), ("ysolde", "marchbanks"), ("perpetua", "okonkwo-lind"), ("ambrose", "vell")]]
PHONES = ["07700 900461", "0161 496 0753"]
FORMULA = '=HYPERLINK("http://evil.example","Click for your voucher")'
PLANTED = [*NAMES, *EMAILS, *PHONES, "quillfeather", "Quillfeather"]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def survey_rows(instrument, ids: list[str], wave: str, comment: str | None = None) -> list[list[str]]:
    header = ["Respondent ID", "Wave", "Role", *(f"{i.code}. {i.wording}" for i in instrument.items),
              *(q.wording for q in instrument.free_text)]
    labels = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Agree"]
    rows = [header]
    for n, respondent in enumerate(ids):
        answers = [labels[(n + k) % len(labels)] for k in range(len(instrument.items))]
        texts = ["", "", ""]
        if n == 0 and comment:
            texts[0] = comment
        rows.append([respondent, wave, ["Staff", "Patient", "Carer"][n % 3], *answers, *texts])
    return rows


def transcript(lines: list[tuple[str, str]]) -> str:
    return "\n".join(f"{who}: {said}" for who, said in lines) + "\n"


INTERVIEW_ONE = transcript([
    ("Interviewer", "Thank you for joining. Could you introduce yourself?"),
    ("Participant", "I'm Thaddeus Quillfeather and I joined the group as a patient partner last spring."),
    ("Interviewer", "What helped you take part?"),
    ("Participant", "Doctor Okafor explained everything in plain language, and my midwife Shola came with me to "
                    "the first meeting. You can ring me on 07700 900461 if you need more."),
    ("Interviewer", "What got in the way?"),
    ("Participant", "Decisions had already been made before we arrived, honestly. I told Brannoch that at the time."),
])
INTERVIEW_TWO = transcript([
    ("Interviewer", "How did the project go for you?"),
    ("Participant", "We were treated as equal partners and my confidence grew a lot over the year."),
    ("Interviewer", "Anything else?"),
    ("Participant", FORMULA + " was a link someone sent round, which I never clicked."),
])


def entity_bomb_docx(path: Path) -> None:
    """A .docx whose document part declares nested entities ("billion laughs")."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    body = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [' + entities + ']>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>Interviewer: &lol9;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        package.writestr("word/document.xml", body)


def add_hostile_sites(root: Path) -> None:
    """Append the hostile sites to the project's sites.csv and write their folders (and a file outside them)."""
    instrument = load_instrument()
    raw = root / "data" / "raw"
    with open(raw / "sites.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    width = len(rows[0])
    added = [
        ["alpha", "North Shore ICS", "Integrated Care System", "North West", "Falls prevention"],
        [INVALID_SITE_ID, "Delta", "Integrated Care System", "London", "Escapes its folder"],
        ["beta", FORMULA, "Cancer Alliance", "London", "Screening uptake"],
        ["gamma", "North Shore ICS", "Health and Social Care Partnership", "Scotland", "Carers' breaks"],
    ]
    write_csv(raw / "sites.csv", rows + [row + [""] * (width - len(row)) for row in added])
    baseline = [*EMAILS, *(f"R{n:02d}" for n in range(1, 9))]
    rows = survey_rows(instrument, baseline, "Baseline", comment="Ysolde Marchbanks on 0161 496 0753 got me involved.")
    rows[2][5] = PHONES[0]  # a phone number typed into a Likert cell
    rows[3][2] = "Zephaniah Brightwater"  # a name typed into the role column
    for site in ("alpha", "gamma"):
        write_csv(raw / site / "surveys" / "baseline.csv", rows)
        write_csv(raw / site / "surveys" / "followup.csv", survey_rows(instrument, baseline, "Follow-up"))
    outside = root / "outside.txt"
    outside.write_text(transcript([("Interviewer", OUTSIDE_MARKER), ("Participant", OUTSIDE_MARKER)]))
    for site in ("alpha", "beta"):
        folder = raw / site / "interviews"
        folder.mkdir(parents=True)
        (folder / "int01.txt").write_text(INTERVIEW_ONE, encoding="utf-8")
        (folder / "int02.txt").write_text(INTERVIEW_TWO, encoding="utf-8")
        entity_bomb_docx(folder / "int03.docx")
        (folder / "escape.txt").symlink_to(outside)
        write_csv(folder / "manifest.csv", [
            ["file", "interview_id", "participant_role", "date", "interviewer"],
            ["int01.txt", "INT-01", "Patient", "2024-03-01", "Oriel Vantongeren"],
            ["int02.txt", "INT-02", "Zephaniah Brightwater", "2024-03-02", ""],
            ["int03.docx", "INT-03", "Staff", "2024-03-03", ""],
            ["../../../outside.txt", "INT-04", "Staff", "", ""],
            [str(outside), "INT-05", "Staff", "", ""],
            ["escape.txt", "INT-06", "Staff", "", ""],
        ])


def invalid_row_number(root: Path) -> int:
    """The sites.csv row (counting the header as 1) of the site id that tries to leave the raw folder."""
    with open(root / "data" / "raw" / "sites.csv", newline="", encoding="utf-8") as handle:
        return next(n for n, row in enumerate(csv.reader(handle), start=1) if row[0] == INVALID_SITE_ID)
