"""Survey exports as the tools write them: each layout recognised and read in full, nothing matched by number."""

import zipfile
from functools import partial

import pandas as pd
import pytest
import yaml

from evaluation.ingest import surveys as survey_module
from evaluation.ingest.file_safety import FileLimits
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.mapping_draft import draft_site_mapping
from evaluation.ingest.surveys import ingest_site_surveys
from tests import survey_exports as exports
from tests.builders import SURVEY_HEADER, survey_row, write_csv

PSEUDONYMS = Pseudonymiser(b"a test key, never a project's own")
LAYOUTS = [  # (builder, file name, the layout the reader must name)
    (exports.qualtrics_csv, "responses.csv", "Qualtrics (3 header rows)"),
    (exports.qualtrics_legacy_csv, "legacy.csv", "Qualtrics (2 header rows)"),
    (exports.qualtrics_sav, "responses.sav", "Qualtrics .sav"),
    (exports.surveymonkey, "responses.xlsx", "SurveyMonkey (2 header rows)"),
    (exports.surveymonkey, "responses.csv", "SurveyMonkey (2 header rows)"),
    (exports.smartsurvey_csv, "responses.csv", "SmartSurvey"),
    (exports.smartsurvey_csv, "responses.xlsx", "SmartSurvey"),
    (exports.google_forms_csv, "responses.csv", "Google Forms"),
    (partial(exports.google_forms_csv, quiz=True), "quiz.csv", "Google Forms"),
    (exports.microsoft_forms_xlsx, "responses.xlsx", "Microsoft Forms"),
    (partial(exports.microsoft_forms_xlsx, quiz=True), "quiz.xlsx", "Microsoft Forms"),
]
WITH_WORDING = [(b, n, lay) for b, n, lay in LAYOUTS if b in (  # the builders that take the site's own typing
    exports.qualtrics_csv, exports.surveymonkey, exports.smartsurvey_csv, exports.google_forms_csv,
    exports.microsoft_forms_xlsx)]


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
    assert result.records_in == result.respondents_kept == len(people)  # no heading row read as a respondent
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


def _columns(report) -> dict[str, str]:
    return {column: field for column, field, _, _ in report.columns}


def test_qualtrics_display_order_other_text_and_bot_score_columns_are_not_answers(tmp_path, instrument, redactor):
    """Q5_DO_k carry each statement's wording and come first: read as answers they would take the items' place."""
    exports.qualtrics_csv(tmp_path / "responses.csv", exports.respondents())
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    columns = _columns(report)
    assert columns["Q3"] == "role"  # "Which of these best describes you? - Selected Choice"
    assert columns["Q5_3"] == "listened_to" and not [c for c in columns if "_DO_" in c]
    assert {"Q5_DO_1", "Q5_DO_14", "Q_RecaptchaScore"} <= set(report.metadata_columns)
    assert "Q3_4_TEXT" in report.unmatched_columns  # the "Other" text box: no field of the instrument
    assert result.quarantine[result.quarantine["category"] == "duplicate"].empty


def test_qualtrics_legacy_export_reads_its_second_row_as_headings_not_as_a_respondent(tmp_path, instrument,
                                                                                    redactor):
    exports.qualtrics_legacy_csv(tmp_path / "legacy.csv", exports.respondents())
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    assert result.records_in == 6 and result.respondents_kept == 6
    assert _columns(report)["ResponseID"] == "respondent_id"
    assert {"Name", "EmailAddress", "IPAddress", "LocationAccuracy"} <= set(report.metadata_columns)


def test_forms_quiz_points_and_feedback_columns_are_tool_metadata(tmp_path, instrument, redactor):
    exports.microsoft_forms_xlsx(tmp_path / "quiz.xlsx", exports.respondents(), quiz=True)
    result = ingest(tmp_path, instrument, redactor)
    [report] = result.exports
    quiz = [c for c in report.metadata_columns if c.startswith(("Points - ", "Feedback - "))]
    assert len(quiz) == 2 * (2 + 14 + 3) and {"Total points", "Quiz feedback"} <= set(report.metadata_columns)
    assert result.quarantine[result.quarantine["category"] == "duplicate"].empty


def test_google_forms_tick_box_question_beside_the_grid_is_reported_and_score_is_metadata(tmp_path, instrument,
                                                                                         redactor):
    exports.google_forms_csv(tmp_path / "quiz.csv", exports.respondents(), quiz=True)
    [report] = ingest(tmp_path, instrument, redactor).exports
    assert exports.MEETINGS_QUESTION in report.unmatched_columns
    assert "Score" in report.metadata_columns


def test_smartsurvey_statement_rows_lose_their_question_numbers(tmp_path, instrument, redactor):
    exports.smartsurvey_csv(tmp_path / "responses.csv", exports.respondents())
    [report] = ingest(tmp_path, instrument, redactor).exports
    matrix = [c for c, f in _columns(report).items() if f == "listened_to"]
    assert matrix == [f"Q2. {exports.MATRIX_QUESTION} / My views were listened to"]


def test_numeric_surveymonkey_answers_wait_for_the_mapping_file(tmp_path, instrument, redactor):
    exports.surveymonkey(tmp_path / "responses.csv", exports.respondents(), numeric=True)
    result = ingest(tmp_path, instrument, redactor)
    assert result.answers_on_scale == 0 and result.respondents_kept == 6
    assert set(result.responses["answer_status"]) == {"unmapped"}


def _retyped(wording: str) -> str:
    """A site's copy of the wording: lower case, a full stop, a curly apostrophe, doubled spaces."""
    return wording.lower().rstrip("?") .replace("'", "\u2019").replace(" ", "  ", 1) + "."


@pytest.mark.parametrize("build, name, layout", WITH_WORDING, ids=[f"{lay} {n}" for _, n, lay in WITH_WORDING])
def test_retyped_wording_still_puts_95_percent_of_answers_on_the_scale_without_a_mapping_file(
        tmp_path, instrument, redactor, build, name, layout):
    people = exports.respondents()
    build(tmp_path / name, people, restyle=_retyped)
    result = ingest(tmp_path, instrument, redactor)
    assert result.answers_on_scale >= 0.95 * len(people) * len(instrument.items)
    assert set(result.responses["role"]) != {"not_stated"} and len(result.comments) == 3 * len(people)


@pytest.mark.parametrize("spelling, code", [
    ("Strongly Agree", 5), ("Neither agree nor disagree", 3), ("Neither Agree or Disagree", 3),
    ("Somewhat agree", 4), ("Somewhat disagree", 2), ("Neutral", 3), ("5 = Strongly agree", 5),
    ("1 - Strongly disagree", 1), ("Strongly agree (5)", 5), ("Agree strongly", 5), ("Disagree strongly", 1),
    ("Tend to agree", 4),
])
def test_agreement_labels_as_the_tools_write_them_land_on_the_scale(instrument, spelling, code):
    mapped = instrument.map_answers(pd.Series([spelling]))
    assert mapped["code"].tolist() == [code] and mapped["answer_status"].tolist() == ["answered"]


def test_a_surveymonkey_file_whose_second_row_is_a_respondent_has_one_header_row(tmp_path, instrument, redactor):
    header = ["Respondent ID", "Collector ID", "Start Date", exports.ROLE_QUESTION, "My views were listened to",
              "Wave"]
    write_csv(tmp_path / "condensed.csv", header, [["114001", "431", "03/01/2024", "Carer", "Agree", "Baseline"],
                                                   ["114002", "431", "03/02/2024", "Staff", "Disagree", "Baseline"]])
    result = ingest(tmp_path, instrument, redactor)
    assert result.exports[0].layout == "SurveyMonkey (2 header rows)"
    assert result.respondents_kept == 2 and sorted(result.responses.dropna(subset=["code"])["code"]) == [2, 4]
