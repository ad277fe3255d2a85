"""Survey exports as the tools write them: each layout recognised and read in full, nothing matched by number."""

import zipfile

import pandas as pd
import pytest
import yaml

from evaluation.ingest import surveys as survey_module
from evaluation.ingest.file_safety import FileLimits
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.survey_mapping_file import draft_site_mapping
from evaluation.ingest.surveys import ingest_site_surveys
from tests import survey_exports as exports
from tests.builders import SURVEY_HEADER, survey_row, write_csv

PSEUDONYMS = Pseudonymiser(b"a test key, never a project's own")
LAYOUTS = [  # (builder, file name, the layout the reader must name)
    (exports.qualtrics_csv, "responses.csv", "Qualtrics (3 header rows)"),
    (exports.qualtrics_sav, "responses.sav", "Qualtrics .sav"),
    (exports.surveymonkey, "responses.xlsx", "SurveyMonkey (2 header rows)"),
    (exports.surveymonkey, "responses.csv", "SurveyMonkey (2 header rows)"),
    (exports.smartsurvey_csv, "responses.csv", "SmartSurvey"),
    (exports.google_forms_csv, "responses.csv", "Google Forms"),
    (exports.microsoft_forms_xlsx, "responses.xlsx", "Microsoft Forms"),
]


def ingest(folder, instrument, redactor, limits=None):
    return ingest_site_surveys("site", folder, instrument, redactor, PSEUDONYMS, limits)


def _everything(result) -> str:
    return "\n".join(frame.to_string() for frame in (result.responses, result.comments, result.quarantine))


@pytest.mark.parametrize("build, name, layout", LAYOUTS, ids=[f"{lay} {n}" for _, n, lay in LAYOUTS])
def test_each_tool_export_is_read_in_full(tmp_path, instrument, redactor, build, name, layout):
    people = exports.respondents()
    build(tmp_path / name, people)
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    assert report.layout == layout
    assert result.respondents_kept == len(people)
    assert result.answers_on_scale == len(people) * len(instrument.items)  # every answer on the scale
    answered = result.responses.sort_values("source_row", kind="stable")
    rows = {row: position for position, row in enumerate(sorted(answered["source_row"].unique()))}
    got = {(rows[r.source_row], r.item_id): int(r.code) for r in answered.itertuples()}
    assert got == exports.expected_codes(people)  # and each on its own item
    assert sorted(result.responses.drop_duplicates("respondent_id")["role"]) == sorted(
        instrument.map_role(pd.Series([p.role for p in people])).tolist())
    assert len(result.comments) == 3 * len(people)  # every free-text answer
    seen = _everything(result)
    assert "Julie" not in seen and "07700 900123" not in seen  # planted personal data redacted
    assert not [v for v in exports.METADATA_VALUES if v in seen]  # metadata columns dropped
    assert not [v for v in report.unmatched_columns if "Wave" in v]


def test_qualtrics_default_tags_map_nothing_by_number(tmp_path, instrument, redactor):
    people = exports.respondents()
    exports.qualtrics_csv(tmp_path / "responses.csv", people)
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    assert {"Q1", "Q2", "Q6"} <= set(report.unmatched_columns)  # consent, project code, "recommend": no item
    assert {column: field for column, field, _, _ in report.columns}["Q5_6"] == "decisions_made_elsewhere"
    reverse_coded = result.responses[result.responses["item_id"] == "decisions_made_elsewhere"]
    assert sorted(reverse_coded["code"].astype(int)) == sorted(p.codes[5] for p in people)  # not the Q6 answers
    assert set(report.metadata_columns) >= {"IPAddress", "RecipientEmail", "LocationLatitude", "StartDate"}


def test_numeric_qualtrics_answers_need_the_mapping_to_say_what_the_numbers_mean(tmp_path, instrument, redactor):
    people = exports.respondents()
    exports.qualtrics_csv(tmp_path / "responses.csv", people, numeric=True)
    assert ingest(tmp_path, instrument, redactor).answers_on_scale == 0
    text, _ = draft_site_mapping(tmp_path, tmp_path, instrument)
    drafted = yaml.safe_load(text)
    assert drafted["files"]["responses.csv"]["answers"] == {str(n): None for n in range(1, 6)}
    drafted["files"]["responses.csv"]["numbers_are_codes"] = True
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(drafted), encoding="utf-8")
    result = ingest(tmp_path, instrument, redactor)
    assert result.answers_on_scale == len(people) * len(instrument.items)
    assert set(result.responses["code"].astype(int)) == {1, 2, 3, 4, 5}


def test_mapping_file_round_trip(tmp_path, instrument, redactor):
    """Draft, edit (drop a column, name one that is not there), re-run: the pipeline reads the file and nothing else."""
    write_csv(tmp_path / "export.csv", [*SURVEY_HEADER, "Q99"], [survey_row("R1", "Baseline", "Staff") + ["Agree"]])
    text, notes = draft_site_mapping(tmp_path / "export.csv", tmp_path, instrument)
    assert not notes and text.startswith("# Survey mapping")
    spec = yaml.safe_load(text)
    columns = spec["files"]["export.csv"]["columns"]
    listened = next(c for c, e in columns.items() if e["field"] == "listened_to")
    assert columns[listened] == {"field": "listened_to", "matched_on": "wording", "score": 1.0}
    del columns[listened]
    columns["Q99"] = "equal_say"  # the evaluator maps a column by hand...
    del columns[next(c for c, e in columns.items() if isinstance(e, dict) and e["field"] == "equal_say")]
    columns["Not in the file"] = "right_area"
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    assert report.mapping == "mapping file" and "listened_to" in report.items_missing
    assert dict((c, f) for c, f, _, _ in report.columns)["Q99"] == "equal_say"
    problems = result.quarantine[result.quarantine["category"] == "mapping_problem"]
    assert problems["column"].tolist() == ["Not in the file"]
    unread = result.quarantine[result.quarantine["category"] == "unmatched_column"]
    assert set(unread["column"]) == {listened, "Q2. Staff and people with lived experience had an equal say"}
    assert "not in surveys/mapping.yaml" in unread["reason"].iloc[0]


def test_a_file_missing_from_the_mapping_file_is_reported_and_not_read(tmp_path, instrument, redactor):
    write_csv(tmp_path / "export.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff")])
    (tmp_path / "mapping.yaml").write_text("files:\n  other.csv: {}\n", encoding="utf-8")
    result = ingest(tmp_path, instrument, redactor)
    assert result.answers_on_scale == 0 and result.coverage_failures()
    assert "not in surveys/mapping.yaml" in result.quarantine["reason"].iloc[0]


def test_an_unreadable_mapping_file_sets_the_exports_aside_with_the_line(tmp_path, instrument, redactor):
    write_csv(tmp_path / "export.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff")])
    (tmp_path / "mapping.yaml").write_text("files:\n  export.csv: [\n", encoding="utf-8")
    result = ingest(tmp_path, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert entry["scope"] == "file" and entry["category"] == "mapping_problem" and "line" in entry["reason"]
    assert result.records_in == result.respondents_kept + result.records_quarantined


def test_a_site_without_survey_exports_passes_the_coverage_check(tmp_path, instrument, redactor):
    result = ingest(tmp_path / "surveys", instrument, redactor)
    assert result.exports == () and result.coverage_failures() == []


def test_pseudonyms_are_stable_across_runs_and_the_tools_response_ids_stay_within_their_file(
        tmp_path, instrument, redactor):
    people = exports.respondents()
    exports.microsoft_forms_xlsx(tmp_path / "a.xlsx", people)
    exports.microsoft_forms_xlsx(tmp_path / "b.xlsx", people)  # a second form numbers its responses 1, 2, ... too
    first, second = (ingest(tmp_path, instrument, redactor) for _ in range(2))
    assert first.responses["respondent_id"].tolist() == second.responses["respondent_id"].tolist()
    assert first.responses.drop_duplicates(["respondent_id", "wave"]).shape[0] == 2 * len(people)  # none paired
    assert first.quarantine[first.quarantine["category"] == "duplicate"].empty


def _good_export(folder):
    write_csv(folder / "z_good.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff")])


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 3_000_000 + "</a>")


def _entity_bomb(path):
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", lol)


@pytest.mark.parametrize("make, limits, category", [
    (_zip_bomb, FileLimits(max_unpacked_mb=1), "unsafe_file"),
    (_entity_bomb, FileLimits(), "unsafe_file"),
    (lambda p: p.write_bytes(b"PK" + b"\0" * 4000), FileLimits(max_file_mb=0.001), "oversized_file"),
])
def test_a_hostile_workbook_is_set_aside_and_the_sites_other_exports_read(tmp_path, instrument, redactor, make,
                                                                         limits, category):
    make(tmp_path / "a_hostile.xlsx")
    _good_export(tmp_path)
    result = ingest(tmp_path, instrument, redactor, limits)
    [entry] = result.quarantine.to_dict("records")
    assert (entry["source_file"], entry["scope"], entry["category"]) == ("a_hostile.xlsx", "file", category)
    assert result.respondents_kept == 1


def test_a_reader_error_of_any_kind_loses_only_its_file(tmp_path, instrument, redactor, monkeypatch):
    write_csv(tmp_path / "a_odd.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff")])
    _good_export(tmp_path)
    real = survey_module.read_survey_file

    def flaky(path):
        if path.name == "a_odd.csv":
            raise RecursionError("deep inside a parser")
        return real(path)

    monkeypatch.setattr(survey_module, "read_survey_file", flaky)
    result = ingest(tmp_path, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert entry["category"] == "unreadable_file" and "RecursionError" in entry["reason"]
    assert result.respondents_kept == 1
