import pandas as pd

from evaluation.ingest.surveys import ingest_site_surveys
from tests.builders import SURVEY_HEADER, survey_row, write_csv


def ingest(tmp_path, instrument, redactor):
    return ingest_site_surveys("test-site", tmp_path / "surveys", instrument, redactor)


def quarantined(result, scope=None):
    q = result.quarantine
    return q if scope is None else q[q["scope"] == scope]


def test_each_respondent_gives_one_tidy_row_per_item(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Baseline", "Staff", "Agree"), survey_row("R2", "Follow up", "Carer", "5")])
    result = ingest(tmp_path, instrument, redactor)
    responses = result.responses
    assert len(responses) == 2 * 14
    assert set(responses["wave"]) == {"baseline", "follow_up"}
    r2 = responses[responses["respondent_id"] == "R2"]
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
    assert result.responses["respondent_id"].unique().tolist() == ["R9"]


def test_an_unmappable_label_is_quarantined_as_a_value_and_the_respondent_kept(tmp_path, instrument, redactor):
    row = survey_row("R1", "Baseline", "Staff")
    row[3] = "Agreee"
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER, [row])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "value").to_dict("records")
    assert (entry["source_file"], entry["source_row"], entry["column"], entry["value"]) == \
        ("export.csv", 2, "equal_partner", "Agreee")
    assert "cannot be mapped" in entry["reason"]
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
    assert "duplicate respondent 'R1' at baseline: an exact copy of export.csv row 2" in entry["reason"]
    assert result.respondents_kept == 2  # the follow-up answer is the same person's second wave, not a duplicate


def test_a_wave_that_is_neither_baseline_nor_follow_up_is_quarantined(tmp_path, instrument, redactor):
    write_csv(tmp_path / "surveys" / "export.csv", SURVEY_HEADER,
              [survey_row("R1", "Wave 3", "Staff"), survey_row("R2", "Baseline", "Staff")])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "row").to_dict("records")
    assert entry["source_row"] == 2 and entry["value"] == "Wave 3"
    assert "neither baseline nor follow-up" in entry["reason"]


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
    write_csv(tmp_path / "surveys" / "export.csv", [*SURVEY_HEADER, "Start date"],
              [survey_row("R1", "Baseline", "Staff") + ["2022-05-01"]])
    result = ingest(tmp_path, instrument, redactor)
    [entry] = quarantined(result, "column").to_dict("records")
    assert entry["column"] == "Start date" and "matches no field" in entry["reason"]


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
