import pandas as pd
import pyreadstat
import pytest

from evaluation.grids import UnreadableFileError
from evaluation.ingest.survey_layouts import read_survey_file
from tests.builders import write_csv


def test_utf8_csv_with_excel_byte_order_mark_reads_clean_headings(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffRespondent ID,Wave\r\nR1,Baseline\r\n".encode("utf-8"))
    [sheet] = read_survey_file(path)
    assert list(sheet.frame.columns) == ["Respondent ID", "Wave"]
    assert sheet.encoding == "utf-8"
    assert sheet.row_numbers == [2]


def test_windows_1252_csv_is_decoded_with_its_curly_quotes(tmp_path):
    path = write_csv(tmp_path / "export.csv", ["Respondent ID", "Q15"], [["R1", "It\u2019s cost me \u00a35"]],
                     encoding="cp1252")
    [sheet] = read_survey_file(path)
    assert sheet.encoding == "windows-1252"
    assert sheet.frame.loc[0, "Q15"] == "It\u2019s cost me \u00a35"


def test_unreadable_encoding_names_the_file_and_row(tmp_path):
    path = tmp_path / "garbled.csv"
    path.write_bytes(b"Respondent ID,Wave\nR1,Baseline\nR2,\x81\x00\x9d\n")
    with pytest.raises(UnreadableFileError, match=r"garbled.csv row 3: unreadable encoding"):
        read_survey_file(path)


def test_a_row_with_more_cells_than_headings_names_its_row(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Respondent ID,Wave\nR1,Baseline\nR2,Baseline,extra\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"export.csv row 3: 3 cells but the header has 2 columns"):
        read_survey_file(path)


def test_blank_cells_are_null_and_numbers_lose_their_decimal_point(tmp_path):
    path = write_csv(tmp_path / "export.csv", ["Respondent ID", "Q1"], [["7", "  "], ["8", "4"]])
    [sheet] = read_survey_file(path)
    assert sheet.frame["Respondent ID"].tolist() == ["7", "8"]
    assert pd.isna(sheet.frame.loc[0, "Q1"])


def test_every_sheet_of_a_workbook_is_read_with_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "survey.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"Respondent ID": ["R1", "R2"], "Q1": ["Agree", 5]}).to_excel(writer, sheet_name="Baseline", index=False)
        pd.DataFrame({"Respondent ID": ["R1"], "Q1": ["Disagree"]}).to_excel(writer, sheet_name="Follow-up", index=False)
        pd.DataFrame().to_excel(writer, sheet_name="Notes", index=False)
    sheets = read_survey_file(path)
    assert [s.sheet for s in sheets] == ["Baseline", "Follow-up"]
    assert sheets[0].row_numbers == [2, 3]
    assert sheets[0].frame["Q1"].tolist() == ["Agree", "5"]


def test_a_corrupt_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(UnreadableFileError, match="survey.xlsx: not a readable .xlsx workbook"):
        read_survey_file(path)


def test_spss_file_gives_value_labels_and_variable_labels(tmp_path):
    path = tmp_path / "survey.sav"
    frame = pd.DataFrame({"RespID": [101.0, 102.0], "Q3": [5.0, 8.0]})
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent ID", "My views were listened to"],
                         variable_value_labels={"Q3": {5.0: "Strongly agree", 8.0: "Prefer not to say"}})
    [sheet] = read_survey_file(path)
    assert sheet.frame["Q3"].tolist() == ["Strongly agree", "Prefer not to say"]
    assert sheet.frame["RespID"].tolist() == ["101", "102"]
    assert sheet.heading_labels["Q3"] == "My views were listened to"
    assert sheet.row_numbers == [1, 2]


def test_an_unsupported_format_is_refused_by_name(tmp_path):
    path = tmp_path / "survey.json"
    path.write_text("{}")
    with pytest.raises(UnreadableFileError, match="survey.json: unsupported survey format '.json'"):
        read_survey_file(path)
