"""The pipeline on what a hostile or careless world sends (tests/hostile_sites.py, built by hand, never by
`evaluation synth`), in the session's end-to-end project (tests/pipeline_project.py): none of the planted personal data
may appear in processed tables, reports, review exports or Dagster's storage, and nothing outside a site's folder is
read.
"""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pypdf

from evaluation.safe_cells import is_formula_like
from tests.hostile_sites import HOSTILE_SITES, OUTSIDE_MARKER, PHONES, PLANTED, invalid_row_number
from tests.pipeline_project import ADDED_SITES
from tests.pipeline_project import file_hashes


def hostile_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["site_id"].isin(HOSTILE_SITES)]


def test_the_run_completes_for_every_valid_site_and_reports_the_invalid_row(pipeline_project):
    run = pipeline_project
    assert [s.site_id for s in run.sites][-len(ADDED_SITES):] == list(ADDED_SITES)
    assert run.cross_site_success, [s.problems for s in run.sites]
    row = invalid_row_number(run.root)
    assert any(f"sites.csv row {row}" in line and "skipped" in line for line in run.printed)
    assert run.raw_unchanged, "the run changed raw data"


def test_interviews_only_and_surveys_only_sites_reach_the_reports(pipeline_project):
    root = pipeline_project.root
    for stem in ("cross_site_report", "case_studies/alpha", "case_studies/beta", "case_studies/gamma"):
        for suffix in ("html", "docx", "pdf"):
            assert (root / "reports" / f"{stem}.{suffix}").is_file(), (stem, suffix)
    html = (root / "reports" / "case_studies" / "beta.html").read_text(encoding="utf-8")
    assert "No survey responses were received from this site" in html


def test_nothing_outside_a_site_folder_is_read(pipeline_project):
    root = pipeline_project.root
    turns = pd.read_parquet(root / "data" / "processed" / "interview_turns")
    assert not turns["text"].str.contains(OUTSIDE_MARKER).any()
    quarantine = hostile_rows(pd.read_parquet(root / "data" / "processed" / "quarantine"))
    refused = quarantine[quarantine["category"] == "outside_folder"]
    assert sorted(refused["source_row"].dropna().astype(int).tolist()) == [5, 5, 6, 6, 7, 7]
    tables_and_reports = _everything_published(root, dagster_storage=False)
    assert str(root) not in tables_and_reports and "outside.txt" not in tables_and_reports


def test_a_hostile_document_is_quarantined_and_the_sites_other_interviews_kept(pipeline_project):
    root = pipeline_project.root
    turns = hostile_rows(pd.read_parquet(root / "data" / "processed" / "interview_turns"))
    assert set(turns.groupby("site_id")["interview_id"].unique().map(sorted).map(tuple)) == {("INT-01", "INT-02")}
    quarantine = pd.read_parquet(root / "data" / "processed" / "quarantine")
    bombs = quarantine[quarantine["source_file"].str.contains("int03.docx", regex=False)]
    assert len(bombs) == 2 and set(bombs["category"]) == {"unsafe_file"}


def test_respondent_ids_are_pseudonymised_stably_across_waves(pipeline_project):
    root = pipeline_project.root
    responses = pd.read_parquet(root / "data" / "processed" / "survey_responses")
    alpha = responses[responses["site_id"] == "alpha"]
    ids = alpha.groupby("wave")["respondent_id"].apply(set)
    assert ids["baseline"] == ids["follow_up"] and len(ids["baseline"]) == 12
    assert not any("@" in i or i.startswith("R0") for i in ids["baseline"])


def test_the_quarantine_names_the_cell_but_never_repeats_it(pipeline_project):
    root = pipeline_project.root
    quarantine = pd.read_parquet(root / "data" / "processed" / "quarantine")
    likert = quarantine[(quarantine["site_id"] == "alpha") & (quarantine["category"] == "unmapped_answer")]
    assert likert[["source_file", "source_row"]].values.tolist() == [["baseline.csv", 3]]
    private = pd.read_parquet(root / "data" / "private" / "quarantine_values")
    assert PHONES[0] in private["value"].tolist()
    assert (root / "data" / "private" / "quarantine_values" / "alpha.parquet").stat().st_mode & 0o077 == 0


def test_no_planted_personal_data_anywhere_it_could_be_seen(pipeline_project):
    root = pipeline_project.root
    seen = _everything_published(root)
    leaked = sorted({p for p in PLANTED if p.lower() in seen.lower()})
    assert not leaked


def test_no_cell_written_by_the_project_is_a_formula(pipeline_project):
    root = pipeline_project.root
    for path in sorted((root / "reports").rglob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            cells = [c for row in csv.reader(handle) for c in row]
        assert not [c for c in cells if is_formula_like(c)], path.name
    for path in sorted((root / "data" / "review" / "outgoing").glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        formulas = [cell.coordinate for sheet in book for row in sheet.iter_rows() for cell in row
                    if cell.data_type == "f"]
        assert not formulas, (path.name, formulas[:5])


def test_a_run_killed_part_way_then_rerun_gives_the_same_files_as_one_clean_run(pipeline_project, second_run):
    """The session's project was killed part-way through its first run, then run again; the second run is one
    clean run of two of its sites (a generated one and a hostile one) with the same pseudonym key."""
    for site_id in second_run.sites:
        for table in ("survey_responses", "survey_comments", "interview_turns", "quarantine", "interview_segments",
                      "coded_segments", "coded_comments"):
            ours, clean = (p.layout.site_table_path(table, site_id) for p in (pipeline_project, second_run))
            assert file_hashes(ours.parent).get(ours.name) == file_hashes(clean.parent).get(clean.name), (table,
                                                                                                         site_id)


def test_private_files_are_readable_by_their_owner_only(pipeline_project):
    root = pipeline_project.root
    private = sorted((root / "data" / "private").rglob("*"))
    assert private and all(p.stat().st_mode & 0o077 == 0 for p in private), [
        (str(p.relative_to(root)), oct(p.stat().st_mode)) for p in private if p.stat().st_mode & 0o077]


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
