import pandas as pd

from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.surveys import ingest_site_surveys
from tests.builders import SURVEY_HEADER, survey_row, write_csv

PSEUDONYMS = Pseudonymiser(b"a test key, never a project's own")


def ingest(tmp_path, instrument, redactor):
    return ingest_site_surveys("test-site", tmp_path / "surveys", instrument, redactor, PSEUDONYMS)


def pseudonym(raw_id: str) -> str:
    return PSEUDONYMS.pseudonym(raw_id)


def quarantined(result, scope=None):
    q = result.quarantine
    return q if scope is None else q[q["scope"] == scope]


def test_each_respondent_gives_one_tidy_row_per_item(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Baseline", "Staff", "Agree"), survey_row("R2", "Follow up", "Carer", "Strongly agree")])
    result = ingest(tmp_path, instrument, redactor)
    responses = result.responses
    assert len(responses) == 2 * 14
    assert set(responses["wave"]) == {"baseline", "follow_up"}
    r2 = responses[responses["respondent_id"] == pseudonym("R2")]
    assert r2["code"].tolist() == [5] * 14 and r2["role"].unique().tolist() == ["carer"]
    assert responses["source_row"].unique().tolist() == [2, 3]
    assert result.quarantine.empty and result.records_in == 2 and result.respondents_kept == 2


def test_a_missing_required_column_quarantines_every_row_of_that_file(tmp_path, instrument, redactor):
    header = [h for h in SURVEY_HEADER if h != "Wave"]
    write_csv(tmp_path / "surveys" / "a_no_wave.csv", header, [["R1", "Staff", *["Agree"] * 14, "", "", ""]])

    write_csv(tmp_path / "surveys" / "b_good.csv", SURVEY_HEADER, [survey_row("R9", "Baseline", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    rows = quarantined(result, "row")
    assert rows[["source_file", "source_row"]].values.tolist() == [["a_no_wave.csv", 2]]
    assert "no column is recognised as the wave" in rows["reason"].iloc[0]
    assert result.responses["respondent_id"].unique().tolist() == [pseudonym("R9")]


def test_an_unmappable_label_is_quarantined_as_a_value_and_the_respondent_kept(tmp_path, instrument, redactor):
    row = survey_row("R1", "Baseline", "Staff")
    row[3] = "Agreee"
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER, [row])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "value").to_dict("records")
    assert (entry["source_file"], entry["source_row"], entry["column"]) == ("export.csv", 2, "equal_partner")
    assert "cannot be mapped" in entry["reason"] and "Agreee" not in entry["reason"]
    assert result.quarantine_values["value"].tolist() == ["Agreee"]  # only in the private table
    item = result.responses.set_index("item_id").loc["equal_partner"]
    assert item["answer_status"] == "unmapped" and pd.isna(item["code"])
    assert result.respondents_kept == 1


def test_a_duplicate_respondent_is_quarantined_naming_the_row_that_was_kept(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Baseline", "Staff"), survey_row("R1", "Baseline", "Staff"),
               survey_row("R1", "Follow-up", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "row").to_dict("records")
    assert entry["source_row"] == 3
    assert "duplicate respondent at baseline: an exact copy of export.csv row 2" in entry["reason"]
    assert "R1" not in entry["reason"]
    assert result.respondents_kept == 2  # the follow-up answer is the same person's second wave, not a duplicate


def test_a_wave_that_is_neither_baseline_nor_follow_up_is_quarantined(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Wave 3", "Staff"), survey_row("R2", "Baseline", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "row").to_dict("records")
    assert entry["source_row"] == 2 and entry["category"] == "unknown_wave"
    assert "neither baseline nor follow-up" in entry["reason"] and "Wave 3" not in entry["reason"]
    assert result.quarantine_values["value"].tolist() == ["Wave 3"]


def test_an_unreadable_file_is_quarantined_and_the_other_files_are_still_read(tmp_path, instrument, redactor):
    (tmp_path / "surveys").mkdir()
    (tmp_path / "surveys" / "a_broken.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # a renamed image
    write_csv(tmp_path / "surveys" / "b_good.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "file").to_dict("records")
    assert entry["source_file"] == "a_broken.csv" and "unreadable encoding" in entry["reason"]
    assert result.respondents_kept == 1
    assert result.records_in == result.respondents_kept + result.records_quarantined


def test_an_unknown_role_is_kept_as_not_stated_and_reported(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Astronaut")])
    result = ingest(tmp_path, instrument, redactor)
    assert result.responses["role"].unique().tolist() == ["not_stated"]
    assert quarantined(result, "value")["column"].tolist() == ["role"]


def test_a_column_the_instrument_does_not_know_is_reported_not_silently_dropped(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", [*SURVEY_HEADER, "Favourite colour"],
              [survey_row("R1", "Baseline", "Staff") + ["Teal"]])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "column").to_dict("records")
    assert entry["column"] == "Favourite colour" and "matches no field" in entry["reason"]
    assert result.exports[0].unmatched_columns == ("Favourite colour",)


def test_tool_metadata_columns_are_dropped_and_reported_not_quarantined(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", [*SURVEY_HEADER, "IP Address", "Start date"],
              [survey_row("R1", "Baseline", "Staff") + ["192.0.2.7", "2022-05-01"]])
    result = ingest(tmp_path, instrument, redactor)
    assert result.quarantine.empty
    assert result.exports[0].metadata_columns == ("IP Address", "Start date")


def test_a_bare_question_code_matches_no_item(tmp_path, instrument, redactor):
    header = ["Respondent ID", "Wave", "Role", "Q3", "Q6"]
    write_csv(tmp_path / "surveys" / "export.csv", header, [["R1", "Baseline", "Staff", "Agree", "Agree"]])
    result = ingest(tmp_path, instrument, redactor)
    assert result.responses["answer_status"].unique().tolist() == ["missing"]
    unmatched = result.quarantine[result.quarantine["category"] == "unmatched_column"]
    assert unmatched["column"].tolist() == ["Q3", "Q6"]
    assert result.coverage_failures() and "export.csv (plain) maps 0 of 14 items" in result.coverage_failures()[0]


def test_a_bare_number_is_not_an_answer_unless_the_mapping_says_so(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER, [survey_row("R1", "Baseline", "Staff", "4")])
    result = ingest(tmp_path, instrument, redactor)
    assert result.answers_on_scale == 0
    assert "a bare number" in quarantined(result, "value")["reason"].iloc[0]


def test_respondent_ids_never_reach_a_table_and_pair_across_waves(tmp_path, instrument, redactor):
    email = "ysolde.marchbanks@example.org"
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row(email, "Baseline", "Staff"), survey_row(email.upper(), "Follow-up", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    ids = result.responses.groupby("wave")["respondent_id"].unique()
    assert ids["baseline"].tolist() == ids["follow_up"].tolist() == [pseudonym(email)]
    assert pseudonym(email).startswith("r-") and len(pseudonym(email)) == 14
    everything = result.responses.to_string() + result.quarantine.to_string() + result.comments.to_string()
    assert "marchbanks" not in everything.lower()


def test_the_project_key_is_created_private_and_reused(tmp_path):
    first = Pseudonymiser.for_project(tmp_path / "private")
    key = tmp_path / "private" / "respondent_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert Pseudonymiser.for_project(tmp_path / "private").pseudonym("R1") == first.pseudonym("R1")
    assert Pseudonymiser.for_project(tmp_path / "other").pseudonym("R1") != first.pseudonym("R1")


def test_empty_rows_and_rows_without_an_id_are_accounted_for(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Baseline", "Staff"), [""] * len(SURVEY_HEADER), survey_row("", "Baseline", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    assert quarantined(result, "row")["reason"].tolist() == ["empty row", "no respondent id"]
    assert result.records_in == 3 == result.respondents_kept + result.records_quarantined


def test_a_workbook_sheet_named_after_a_wave_supplies_the_wave(tmp_path, instrument, redactor):
    path = tmp_path / "surveys" / "survey.xlsx"
    path.parent.mkdir()
    header = [h for h in SURVEY_HEADER if h != "Wave"]
    row = [v for i, v in enumerate(survey_row("R1", "-", "Staff")) if i != 1]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame([row], columns=header).to_excel(writer, sheet_name="Baseline", index=False)
        pd.DataFrame([row], columns=header).to_excel(writer, sheet_name="Follow-up", index=False)
    result = ingest(tmp_path, instrument, redactor)
    assert sorted(result.responses["wave"].unique()) == ["baseline", "follow_up"]
    assert result.responses["source_file"].iloc[0] == "survey.xlsx [Baseline]"


def test_free_text_answers_are_redacted_before_they_are_stored(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Baseline", "Staff", comment="Ring Julie Hughes on 07700 900123, she was great")])
    result = ingest(tmp_path, instrument, redactor)
    [text] = result.comments["text"].tolist()
    assert "07700 900123" not in text and "Julie" not in text
    assert "[phone number]" in text and "[name]" in text
    assert set(result.anonymisation_log["kind"]) >= {"phone", "name"}
