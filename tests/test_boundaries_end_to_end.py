"""The pipeline on what a hostile or careless world sends, built by hand here (never by `evaluation synth`).

One project, run once through Dagster with a persistent SQLite instance, holds:
- a site with surveys and interviews, a site with interviews only and a site with surveys only;
- a sites.csv row that cannot name a site, and two sites sharing a display name, one starting with "=";
- respondent ids that are e-mail addresses, a phone number typed into a Likert cell, a name typed into a role cell;
- names that appear in no shipped list, in self-introductions, titles and relational phrases;
- manifest rows pointing outside the site's folder ('..', an absolute path, a symlink) and an entity-bomb .docx;
- a participant's spreadsheet formula.
None of the planted personal data may appear in processed tables, reports, review exports or Dagster's storage.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import dagster as dg
import docx
import openpyxl
import pandas as pd
import pypdf
import pytest

from evaluation.safe_cells import is_formula_like
from evaluation.survey.instrument import load_instrument
from pipelines.run import run_pipeline

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


def build_project(root: Path) -> None:
    instrument = load_instrument()
    raw = root / "data" / "raw"
    write_csv(raw / "sites.csv", [
        ["site_id", "site_name", "system_type", "region", "project_title"],
        ["alpha", "North Shore ICS", "Integrated Care System", "North West", "Falls prevention"],
        ["../delta", "Delta", "Integrated Care System", "London", "Escapes its folder"],
        ["beta", FORMULA, "Cancer Alliance", "London", "Screening uptake"],
        ["gamma", "North Shore ICS", "Health and Social Care Partnership", "Scotland", "Carers' breaks"],
    ])
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


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The project after a run that was killed part-way and then a complete run (the one every test reads)."""
    root = tmp_path_factory.mktemp("hostile")
    build_project(root)
    raw_before = _raw_state(root)
    home = root / ".dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    _killed_run(root, home)
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        printed: list[str] = []
        outcome = run_pipeline(root, instance=dg.DagsterInstance.get(), echo=printed.append)
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = previous
    assert _raw_state(root) == raw_before, "the run changed raw data"
    return root, outcome, printed


def _raw_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every raw file's content hash and permission bits."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
            for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file() and not p.is_symlink()}


def _killed_run(root: Path, home: Path) -> None:
    """`evaluation run` killed (SIGKILL) once the first site's tables are on disk."""
    command = [sys.executable, "-m", "pipelines.cli", "run", "--root", str(root), "--workers", "1"]
    process = subprocess.Popen(command, env={**os.environ, "DAGSTER_HOME": str(home)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    first = root / "data" / "processed" / "interview_turns" / "alpha.parquet"
    deadline = time.monotonic() + 120
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()
    process.wait()


def test_the_run_completes_for_every_valid_site_and_reports_the_invalid_row(hostile):
    root, outcome, printed = hostile
    assert [s.site_id for s in outcome.sites] == ["alpha", "beta", "gamma"]
    assert outcome.cross_site_success, [s.problems for s in outcome.sites]
    assert any("sites.csv row 3" in line and "skipped" in line for line in printed)


def test_interviews_only_and_surveys_only_sites_reach_the_reports(hostile):
    root, _, _ = hostile
    for stem in ("cross_site_report", "case_studies/alpha", "case_studies/beta", "case_studies/gamma"):
        for suffix in ("html", "docx", "pdf"):
            assert (root / "reports" / f"{stem}.{suffix}").is_file(), (stem, suffix)
    html = (root / "reports" / "case_studies" / "beta.html").read_text(encoding="utf-8")
    assert "No survey responses were received from this site" in html


def test_nothing_outside_a_site_folder_is_read(hostile):
    root, _, _ = hostile
    turns = pd.read_parquet(root / "data" / "processed" / "interview_turns")
    assert not turns["text"].str.contains(OUTSIDE_MARKER).any()
    quarantine = pd.read_parquet(root / "data" / "processed" / "quarantine")
    refused = quarantine[quarantine["category"] == "outside_folder"]
    assert sorted(refused["source_row"].dropna().astype(int).tolist()) == [5, 5, 6, 6, 7, 7]
    tables_and_reports = _everything_published(root, dagster_storage=False)
    assert str(root) not in tables_and_reports and "outside.txt" not in tables_and_reports


def test_a_hostile_document_is_quarantined_and_the_sites_other_interviews_kept(hostile):
    root, _, _ = hostile
    turns = pd.read_parquet(root / "data" / "processed" / "interview_turns")
    assert set(turns.groupby("site_id")["interview_id"].unique().map(sorted).map(tuple)) == {("INT-01", "INT-02")}
    quarantine = pd.read_parquet(root / "data" / "processed" / "quarantine")
    bombs = quarantine[quarantine["source_file"].str.contains("int03.docx", regex=False)]
    assert len(bombs) == 2 and set(bombs["category"]) == {"unsafe_file"}


def test_respondent_ids_are_pseudonymised_stably_across_waves(hostile):
    root, _, _ = hostile
    responses = pd.read_parquet(root / "data" / "processed" / "survey_responses")
    alpha = responses[responses["site_id"] == "alpha"]
    ids = alpha.groupby("wave")["respondent_id"].apply(set)
    assert ids["baseline"] == ids["follow_up"] and len(ids["baseline"]) == 12
    assert not any("@" in i or i.startswith("R0") for i in ids["baseline"])


def test_the_quarantine_names_the_cell_but_never_repeats_it(hostile):
    root, _, _ = hostile
    quarantine = pd.read_parquet(root / "data" / "processed" / "quarantine")
    likert = quarantine[(quarantine["site_id"] == "alpha") & (quarantine["category"] == "unmapped_answer")]
    assert likert[["source_file", "source_row"]].values.tolist() == [["baseline.csv", 3]]
    private = pd.read_parquet(root / "data" / "private" / "quarantine_values")
    assert PHONES[0] in private["value"].tolist()
    assert (root / "data" / "private" / "quarantine_values" / "alpha.parquet").stat().st_mode & 0o077 == 0


def test_no_planted_personal_data_anywhere_it_could_be_seen(hostile):
    root, _, _ = hostile
    seen = _everything_published(root)
    leaked = sorted({p for p in PLANTED if p.lower() in seen.lower()})
    assert not leaked


def test_no_cell_written_by_the_project_is_a_formula(hostile):
    root, _, _ = hostile
    for path in sorted((root / "reports").rglob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            cells = [c for row in csv.reader(handle) for c in row]
        assert not [c for c in cells if is_formula_like(c)], path.name
    for path in sorted((root / "data" / "review" / "outgoing").glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        formulas = [cell.coordinate for sheet in book for row in sheet.iter_rows() for cell in row
                    if cell.data_type == "f"]
        assert not formulas, (path.name, formulas[:5])


def test_a_run_killed_part_way_then_rerun_gives_the_same_files_as_one_clean_run(hostile, tmp_path):
    root, _, _ = hostile
    clean = tmp_path / "clean"
    build_project(clean)
    key = root / "data" / "private" / "respondent_key"  # the project's secret travels with it, so ids match
    if key.exists():
        (clean / "data" / "private").mkdir(parents=True)
        shutil.copy2(key, clean / "data" / "private" / "respondent_key")
    run_pipeline(clean, instance=dg.DagsterInstance.ephemeral(), echo=lambda line: None)
    for folder in ("data/processed", "reports/tables"):
        assert _hashes(root / folder) == _hashes(clean / folder), folder


def test_private_files_are_readable_by_their_owner_only(hostile):
    root, _, _ = hostile
    private = sorted((root / "data" / "private").rglob("*"))
    assert private and all(p.stat().st_mode & 0o077 == 0 for p in private), [
        (str(p.relative_to(root)), oct(p.stat().st_mode)) for p in private if p.stat().st_mode & 0o077]


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in (".parquet", ".csv")}


def _everything_published(root: Path, dagster_storage: bool = True) -> str:
    """Every place a person other than the evaluator can see: processed tables, reports, review exports, Dagster."""
    parts = []
    for path in sorted((root / "data" / "processed").rglob("*.parquet")):
        parts.append(pd.read_parquet(path).to_csv())
    for path in sorted((root / "reports").rglob("*")):
        parts.append(_document_text(path))
    for path in sorted((root / "data" / "review" / "outgoing").rglob("*")):
        parts.append(_document_text(path))
    for path in sorted((root / ".dagster").rglob("*")) if dagster_storage else []:
        if path.is_file():
            parts.append(_storage_text(path))
    return "\n".join(parts)


def _document_text(path: Path) -> str:
    if not path.is_file():
        return ""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        return "\n".join([p.text for p in document.paragraphs] +
                         [c.text for t in document.tables for r in t.rows for c in r.cells])
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join(str(c.value) for s in book for r in s.iter_rows() for c in r if c.value is not None)
    if path.suffix in (".qdpx", ".zip"):
        with zipfile.ZipFile(path) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    if path.suffix == ".png":
        return ""
    return path.read_text(encoding="utf-8", errors="replace")


def _storage_text(path: Path) -> str:
    """A Dagster storage file's contents: SQLite tables dumped as text, other files as they are."""
    if path.suffix == ".db":
        with sqlite3.connect(path) as connection:
            return "\n".join(connection.iterdump())
    return path.read_bytes().decode("utf-8", errors="replace")
