"""The pipeline through Dagster on the session's end-to-end project (tests/pipeline_project.py): partitions, checks,
quarantine, privacy, reports; then the suite's second run (two sites by `evaluation run`) for the sensor, a failing
site, a returned review and a user's own codebook."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import docx
import pandas as pd
import pypdf
import pytest
from lxml import html as lxml_html

from pipelines.cli import main
from pipelines.defs.ingest.sensors import site_folders_sensor
from pipelines.defs.resources import EvaluationProject
from pipelines.definitions import build_definitions
from tests.pipeline_project import ADDED_SITES
from tests.small_sites import SMALL_SITES

TABLES = ("survey_responses", "survey_comments", "interview_turns", "quarantine")
WITH_SURVEYS = ("alpha", "gamma", *SMALL_SITES)  # the hostile sites that sent surveys, and the small ones


@pytest.fixture(scope="module")
def project(pipeline_project):
    return pipeline_project.root, pipeline_project.truth, pipeline_project.instance(), pipeline_project


def processed(root: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(root / "data" / "processed" / table)


def test_every_site_is_ingested_with_every_check_passing(project):
    root, truth, _, run = project
    generated = [s for s in run.sites if s.site_id in truth["sites"]]
    assert all(s.success for s in generated) and run.cross_site_success, [s.problems for s in run.sites]
    ran = [s.site_id for s in run.sites]  # in sites.csv order: the generated sites, then the hostile and small ones
    assert set(ran[:-len(ADDED_SITES)]) == set(truth["sites"]) and ran[-len(ADDED_SITES):] == list(ADDED_SITES)
    for site_id in truth["sites"]:
        for table in TABLES:
            assert (root / "data" / "processed" / table / f"{site_id}.parquet").is_file()


def test_survey_respondents_match_the_generator_less_what_was_quarantined(project):
    root, truth, _, _ = project
    responses, quarantine = processed(root, "survey_responses"), processed(root, "quarantine")
    kept = responses.drop_duplicates(["site_id", "respondent_id", "wave"]).groupby("site_id").size()
    for site_id, site in truth["sites"].items():
        sent = sum(site["surveys"]["respondents"].values())
        rows_set_aside = quarantine[(quarantine["site_id"] == site_id) & (quarantine["table"] == "survey_responses")
                                    & quarantine["scope"].isin(["file", "row"])]
        # the generator counts respondents, not the duplicate or out-of-range rows it planted among them
        planted_rows = _planted(site, "duplicate_respondent") + _planted(site, "invalid_wave")
        assert kept[site_id] + len(rows_set_aside) == sent + planted_rows
    assert set(responses["answer_status"]) >= {"answered", "missing"}
    assert responses.loc[responses["answer_status"] == "answered", "code"].between(1, 5).all()


def _planted(site: dict, kind: str) -> int:
    return sum(p["kind"] == kind for p in site["surveys"]["planted_problems"])


def test_every_planted_survey_problem_is_in_the_quarantine_with_its_file_and_row(project):
    root, truth, _, _ = project
    quarantine = processed(root, "quarantine")
    planted = [(site_id, p) for site_id, site in truth["sites"].items() for p in site["surveys"]["planted_problems"]]
    for site_id, problem in planted:
        found = quarantine[(quarantine["site_id"] == site_id) & (quarantine["source_row"] == problem["row"])
                           & quarantine["source_file"].str.startswith(problem["file"])]
        assert len(found) >= 1, problem


def test_every_interview_becomes_turns_with_roles(project):
    root, truth, _, _ = project
    turns = processed(root, "interview_turns")
    for site_id, site in truth["sites"].items():
        site_turns = turns[turns["site_id"] == site_id]
        for interview in site["interviews"]["interviews"]:
            mine = site_turns[site_turns["interview_id"] == interview["interview_id"]]
            assert len(mine) == interview["turns"], interview["interview_id"]
            assert set(mine["speaker_role"]) == {"interviewer", interview["participant_role"]}


def _planted_pii(truth: dict) -> list[tuple[str, dict]]:
    planted = [(site_id, p) for site_id, site in truth["sites"].items()
               for interview in site["interviews"]["interviews"] for p in interview["pii"]]
    return planted + [(site_id, p) for site_id, site in truth["sites"].items() for p in site["surveys"]["comment_pii"]]


def test_no_planted_personal_data_reaches_processed_tables(project):
    root, truth, _, _ = project
    text = "\n".join(pd.read_parquet(path).astype("string").fillna("").to_csv()
                     for path in sorted((root / "data" / "processed").rglob("*.parquet")))
    # A condition's name is also service language ("diabetes education"), so it is checked in the next test.
    identifying = [p for _, p in _planted_pii(truth) if p["kind"] != "condition"]
    leaked = [p for p in identifying if p["text"] in text]
    assert len(identifying) > 100 and not leaked, leaked[:10]
    assert (root / "data" / "processed" / "framework_matrix.parquet").is_file()  # quotes are scanned too


def test_every_condition_told_as_a_personal_story_is_redacted(project):
    root, truth, _, _ = project
    log = pd.read_parquet(root / "data" / "private" / "anonymisation_log")
    caught = set(zip(log.loc[log["kind"] == "condition", "site_id"], log.loc[log["kind"] == "condition", "original"]))
    conditions = [(site_id, p["text"]) for site_id, p in _planted_pii(truth) if p["kind"] == "condition"]
    missed = [c for c in conditions if not any(s == c[0] and c[1].lower() in o.lower() for s, o in caught)]
    assert conditions and not missed, missed


def test_funnel_tables_are_written_one_file_per_measure_with_the_published_columns(project):
    root, truth, _, _ = project
    files = sorted((root / "data" / "processed" / "funnel").glob("*.parquet"))
    assert len(files) >= 14  # one per item, at least
    for path in files:
        table = pd.read_parquet(path)
        assert list(table.columns) == ["site_id", "measure", "n", "numerator", "proportion", "target", "lower_95",
                                       "upper_95", "lower_998", "upper_998", "band"]
        assert set(table["measure"]) == {path.stem} and set(table["site_id"]) <= {*truth["sites"], *WITH_SURVEYS}
        assert (table["lower_998"] <= table["lower_95"]).all() and (table["upper_95"] <= table["upper_998"]).all()


def test_no_commissioner_table_holds_a_count_from_one_to_seven(project):
    root, _, _, _ = project
    tables = sorted((root / "reports" / "tables").glob("*.csv"))
    assert {p.stem for p in tables} >= {"participation", "item_results", "change", "funnels", "theme_prevalence"}
    for path in tables:
        cells = pd.read_csv(path, dtype=str, keep_default_na=False).to_numpy().ravel()
        whole = [int(c) for c in cells if c.isdigit()]
        assert whole and all(n == 0 or (n >= 8 and n % 5 == 0) for n in whole), path.name


def test_every_commissioner_figure_has_alt_text_beside_it(project):
    root, truth, _, _ = project
    folder = root / "reports" / "figures"
    listing = pd.read_csv(folder / "figures.csv", keep_default_na=False)
    assert set(listing["section"]) == {"likert", "funnel", "change", "themes", "site_items"}
    assert set(listing.loc[listing["section"] == "site_items", "site_id"]) == {*truth["sites"], *WITH_SURVEYS}
    for row in listing.itertuples():
        assert (folder / row.image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (folder / row.alt_text_file).read_text(encoding="utf-8").strip() == row.alt_text
        assert len(row.alt_text) > 80


def test_the_cross_site_report_and_a_case_study_per_site_are_written_in_three_formats(project):
    root, truth, _, _ = project
    for stem in ["cross_site_report", *(f"case_studies/{site_id}" for site_id in [*truth["sites"], *ADDED_SITES])]:
        for suffix in ("html", "docx", "pdf"):
            assert (root / "reports" / f"{stem}.{suffix}").stat().st_size > 10_000, (stem, suffix)


def test_no_report_holds_a_count_from_one_to_seven_or_planted_personal_data(project):
    root, truth, _, _ = project
    reports = sorted((root / "reports").rglob("*.html")) + sorted((root / "reports").rglob("*.docx"))
    assert len(reports) == 2 * (1 + len(truth["sites"]) + len(ADDED_SITES))
    planted = [p["text"] for _, p in _planted_pii(truth) if p["kind"] != "condition"]
    for path in [*reports, *sorted((root / "reports").rglob("*.pdf"))]:
        text, cells = _report_text_and_cells(path)
        assert "Key findings" in text or "At a glance" in text, path.name  # what a commissioner reads first
        leaked = [p for p in planted if p in text]
        assert not leaked, (path.name, leaked[:5])
        small = [c for c in cells if c.isdigit() and (0 < int(c) < 8 or int(c) % 5)]
        assert not small, (path.name, small[:10])


def _report_text_and_cells(path: Path) -> tuple[str, list[str]]:
    """A report's whole text, and its table cells (HTML and DOCX; a PDF's tables are the HTML's)."""
    if path.suffix == ".html":
        page = lxml_html.fromstring(path.read_bytes())
        return page.text_content(), [cell.text_content().strip() for cell in page.iter("td")]
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text.strip() for table in document.tables[:-1] for row in table.rows[1:] for cell in row.cells]
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(cells)
        return text, cells  # the last table is the provenance (a date and a hash, not counts)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages), []


def test_the_anonymisation_log_is_kept_apart_from_processed_data(project):
    root, truth, _, _ = project
    logs = pd.read_parquet(root / "data" / "private" / "anonymisation_log")
    assert set(logs["site_id"]) == {*truth["sites"], *ADDED_SITES}
    assert not list((root / "data" / "processed").rglob("*anonymisation*"))


def test_checks_are_recorded_against_each_site_partition(project):
    _, truth, instance, _ = project
    site_id = next(iter(truth["sites"]))
    record = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey("survey_responses"), "rows_accounted_for")])
    execution = record[dg.AssetCheckKey(dg.AssetKey("survey_responses"), "rows_accounted_for")]
    assert execution.status.value == "SUCCEEDED"
    assert instance.get_materialized_partitions(dg.AssetKey("interview_turns")) == {*truth["sites"], *ADDED_SITES}
    assert site_id in instance.get_dynamic_partitions("site")


def test_the_run_command_records_its_runs_in_the_project_instance(second_run):
    first, second = second_run.sites
    assert second_run.exit_code == 0, second_run.printed
    assert f"[1/2] {first}" in second_run.printed and "2 of 2 sites processed" in second_run.printed
    assert "stray-site/ is not listed in sites.csv" in second_run.printed
    instance = second_run.instance()  # what `dagster dev` opens afterwards, with the same DAGSTER_HOME
    assert sorted(r.job_name for r in instance.get_runs()) == [
        "cross_site", "process_site", "process_site", "register_sites"]
    assert instance.get_materialized_partitions(dg.AssetKey("quarantine")) == {first, second}
    assert (second_run.root / ".dagster" / "dagster.yaml").read_text().startswith("telemetry:")


def _copy(second_run, into: Path) -> Path:
    """A copy of the second run's project, Dagster instance included, for a test that changes it."""
    shutil.copytree(second_run.root, into, symlinks=True)
    return into


def test_a_failing_site_does_not_stop_the_others(pipeline_project, second_run, tmp_path, monkeypatch):
    root = _copy(second_run, tmp_path / "with-bad-site")
    monkeypatch.setenv("DAGSTER_HOME", str(root / ".dagster"))
    instance = dg.DagsterInstance.get()
    raw = root / "data" / "raw"
    third = pipeline_project.generated_sites[1]
    shutil.rmtree(raw / third / "surveys")
    (raw / third / "surveys").write_text("a file where the surveys folder should be")
    defs = build_definitions(EvaluationProject(root=str(root)))
    instance.add_dynamic_partitions("site", ["not-a-site", third])
    failed = defs.resolve_job_def("process_site").execute_in_process(
        partition_key="not-a-site", instance=instance, raise_on_error=False)
    assert not failed.success
    again = defs.resolve_job_def("process_site").execute_in_process(partition_key=third, instance=instance)
    assert again.success  # a missing surveys folder is no surveys, not a crash
    assert pd.read_parquet(root / "data" / "processed" / "survey_responses" / f"{third}.parquet").empty


def test_sensor_registers_a_new_site_and_reingests_a_changed_one(pipeline_project, second_run, tmp_path, monkeypatch):
    root = _copy(second_run, tmp_path / "sensor")
    monkeypatch.setenv("DAGSTER_HOME", str(root / ".dagster"))
    instance = dg.DagsterInstance.get()
    raw = root / "data" / "raw"
    first, _ = second_run.sites
    project_resource = EvaluationProject(root=str(root))

    def tick(cursor):
        context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"project": project_resource})
        return site_folders_sensor(context)

    result = tick(None)
    requested = sorted(r.partition_key for r in result.run_requests)
    everyone = [*pipeline_project.generated_sites, *ADDED_SITES]
    assert requested == sorted(s for s in everyone if s not in second_run.sites)  # not yet ingested
    [added] = result.dynamic_partitions_requests
    assert sorted(added.partition_keys) == requested
    instance.add_dynamic_partitions("site", requested)

    quiet = tick(result.cursor)
    assert sorted(r.partition_key for r in quiet.run_requests) == requested  # still not ingested
    (raw / first / "surveys" / "late_return.csv").write_text("Respondent ID,Wave,Role\nX1,Baseline,Staff\n")
    os.utime(raw / first / "surveys" / "late_return.csv", (1, 1))
    changed = tick(quiet.cursor)
    assert first in {r.partition_key for r in changed.run_requests}


def test_review_exports_go_out_and_a_returned_review_comes_back_as_agreement(second_run, tmp_path, monkeypatch):
    root = _copy(second_run, tmp_path / "review")
    monkeypatch.setenv("DAGSTER_HOME", str(root / ".dagster"))
    outgoing, returned = root / "data" / "review" / "outgoing", root / "data" / "review" / "returned"
    assert (outgoing / "coding_review.xlsx").is_file() and (outgoing / "coding.qdpx").is_file()
    assert pd.read_parquet(root / "data" / "processed" / "coding_agreement.parquet").empty  # nothing returned yet
    shutil.copy(outgoing / "coding_review.xlsx", returned / "unchanged_review.xlsx")
    defs = build_definitions(EvaluationProject(root=str(root)))
    # only what reads the returned review: the rest of the cross-site job is the session run's to check
    result = defs.resolve_job_def("cross_site").execute_in_process(
        instance=dg.DagsterInstance.get(), asset_selection=[dg.AssetKey("returned_reviews"),
                                                            dg.AssetKey("coding_agreement")])
    assert result.success
    agreement = pd.read_parquet(root / "data" / "processed" / "coding_agreement.parquet")
    overall = agreement[agreement["code"] == "overall"]
    assert set(overall["level"]) == {"category", "theme"} and (overall["percent_agreement"] == 100).all()


def test_the_pipeline_codes_with_a_users_own_codebook_and_refuses_a_broken_one(second_run, tmp_path, monkeypatch,
                                                                               capsys):
    root = _copy(second_run, tmp_path / "own-codebook")
    monkeypatch.setenv("DAGSTER_HOME", str(root / ".dagster"))
    first, _ = second_run.sites
    own = tmp_path / "own.yaml"
    own.write_text(CODEBOOK_OF_ONE_THEME, encoding="utf-8")
    defs = build_definitions(EvaluationProject(root=str(root), codebook_path=str(own)))
    assert defs.resolve_job_def("process_site").execute_in_process(partition_key=first,
                                                                   instance=dg.DagsterInstance.get()).success
    coded = pd.read_parquet(root / "data" / "processed" / "coded_segments" / f"{first}.parquet")
    assert set(coded["theme_id"]) == {"being_paid"}
    own.write_text(CODEBOOK_OF_ONE_THEME.replace("category: facilitator", "category: enabler"), encoding="utf-8")
    assert main(["run", "--root", str(root), "--site", first, "--codebook", str(own)]) == 2
    assert "category 'enabler' is not one of facilitator, value, challenge" in capsys.readouterr().err


CODEBOOK_OF_ONE_THEME = """\
codebook: mine
version: "0.1"
categories: {facilitator: {name: Facilitators}, value: {name: Values}, challenge: {name: Challenges}}
themes:
  - {id: being_paid, category: facilitator, name: Being paid, definition: Payment for taking part.,
     patterns: [paid, payment*, voucher*]}
"""
