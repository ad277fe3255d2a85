import warnings

import pandas as pd
import pytest
from openpyxl import load_workbook

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codings import coding_frame
from evaluation.coding.review.sheet import ReviewSheetError, ReviewSheetWarning
from evaluation.coding.review.sheet_export import export_review_sheet
from evaluation.coding.review.sheet_import import import_review_sheet
from tests.builders import four_theme_codebook


def segments():
    rows = [("s1", "participant", "We shared power."), ("q2", "interviewer", "Why?"),
            ("s2", "participant", "They listened."), ("s3", "participant", "No time and no funding."),
            ("s4", "participant", "It was fine.")]
    return pd.DataFrame([{"site_id": "alpha", "interview_id": "AL-INT-01", "segment_id": i, "speaker": speaker,
                          "speaker_role": "interviewer" if speaker == "interviewer" else "lived_experience",
                          "coded": speaker == "participant", "text": text} for i, speaker, text in rows])


def rules_coding():
    return coding_frame([
        {"segment_id": "s1", "theme_id": "shared_power", "category": "facilitator", "coder": "rules", "score": 1.0,
         "evidence": "shared power"},
        {"segment_id": "s2", "theme_id": "listened_to", "category": "value", "coder": "rules", "score": 1.0,
         "evidence": "listened"},
        {"segment_id": "s3", "theme_id": "time", "category": "challenge", "coder": "rules", "score": 2.0,
         "evidence": "no time"},
        {"segment_id": "s4", "theme_id": None, "category": "value", "coder": "rules"},
    ])


REVIEWED = ["s1", "s2", "s3", "s4"]


@pytest.fixture
def sheet_path(tmp_path):
    return export_review_sheet(tmp_path / "review.xlsx", segments(), rules_coding(), four_theme_codebook())


def column_of(sheet, key):
    return next(cell.column_letter for cell in sheet[3] if cell.value == key)


def row_of(sheet, segment_id):
    return next(cell.row for cell in sheet["A"] if cell.value == segment_id)


def edit(path, changes):
    """Change Review cells as a reviewer would: {(segment_id, column key): value}."""
    book = load_workbook(path)
    sheet = book["Review"]
    for (segment_id, key), value in changes.items():
        sheet[f"{column_of(sheet, key)}{row_of(sheet, segment_id)}"] = value
    book.save(path)


def pairs(coding):
    return sorted(zip(coding["segment_id"], coding["theme_id"].fillna("-"), coding["category"]))


# --- the sheet a reviewer sees ------------------------------------------------------------------------------------

def test_the_sheet_has_one_row_per_participant_segment_and_a_column_per_theme_and_category(sheet_path):
    book = load_workbook(sheet_path)
    assert book.sheetnames == ["Review", "Codebook", "How to review", "Exported"]
    assert book["Exported"].sheet_state == "hidden"
    review = book["Review"]
    assert [review[f"A{row}"].value for row in range(4, review.max_row + 1)] == REVIEWED
    assert [c.value for c in review[3]] == [
        "segment_id", "site_id", "interview_id", "speaker_role", "text", "shared_power", "facilitator",
        "listened_to", "value", "time", "funding", "challenge", "evidence", "reviewer_note"]
    assert review["F2"].value == "Shared power" and "Shared power, as defined." in review["F2"].comment.text
    assert review["G2"].value == "Other facilitator (no theme fits)"
    assert review["F1"].value == "Facilitators" and review["F1"].fill.start_color.rgb.endswith("A9D08E")


def test_the_sheet_is_prefilled_with_the_automated_codes_and_their_evidence(sheet_path):
    review = load_workbook(sheet_path)["Review"]
    assert review[f"F{row_of(review, 's1')}"].value == 1
    assert review[f"G{row_of(review, 's1')}"].value is None
    assert review[f"I{row_of(review, 's4')}"].value == 1  # a value with no theme
    assert review[f"M{row_of(review, 's3')}"].value == "Time: no time"


def test_segment_fields_are_locked_and_code_cells_are_not(sheet_path):
    review = load_workbook(sheet_path)["Review"]
    assert review.protection.sheet and not review.protection.autoFilter
    assert review["A4"].protection.locked and review["A4"].fill.start_color.rgb.endswith("F2F2F2")
    assert not review["F4"].protection.locked and not review["N4"].protection.locked
    assert review.freeze_panes == "F4" and review.auto_filter.ref == "A3:N7"
    (validation,) = review.data_validations.dataValidation
    assert validation.formula1 == '"0,1"' and str(validation.sqref) == "F4:L7"


def test_the_codebook_sheet_lists_every_theme_with_its_guidance(sheet_path):
    codebook_sheet = load_workbook(sheet_path)["Codebook"]
    rows = list(codebook_sheet.iter_rows(min_row=1, max_row=5, max_col=7, values_only=True))
    assert rows[0] == ("Category", "Theme id", "Theme", "Sub-theme of", "Definition", "Include", "Exclude")
    assert rows[1] == ("facilitator", "shared_power", "Shared power", None, "Shared power, as defined.",
                       "• Shared power in", "• Shared power out")
    assert [r[1] for r in rows[1:]] == ["shared_power", "listened_to", "time", "funding"]


def test_a_blind_review_sheet_starts_empty(tmp_path):
    path = export_review_sheet(tmp_path / "blind.xlsx", segments(), rules_coding(), four_theme_codebook(), prefill=False)
    review = load_workbook(path)["Review"]
    assert all(cell.value is None for row in review["F4:M7"] for cell in row)
    assert "blind review" in load_workbook(path)["How to review"]["A4"].value
    assert import_review_sheet(path, four_theme_codebook()).empty


# --- the round trip -----------------------------------------------------------------------------------------------

def test_an_unedited_prefilled_sheet_reads_back_as_the_same_coding(sheet_path):
    reviewed = import_review_sheet(sheet_path, four_theme_codebook())
    assert pairs(reviewed) == pairs(rules_coding())
    assert set(reviewed["coder"]) == {"reviewer"} and reviewed["score"].isna().all()
    assert reviewed.attrs["reviewed_segments"] == REVIEWED and reviewed.attrs["missing_segments"] == []


def test_agreement_shows_exactly_the_reviewers_edits(sheet_path):
    # The reviewer adds funding to s3 and removes listened_to from s2.
    edit(sheet_path, {("s3", "funding"): 1, ("s2", "listened_to"): None, ("s1", "reviewer_note"): "Clear."})
    reviewed = import_review_sheet(sheet_path, four_theme_codebook(), coder="Dr Reviewer")
    assert reviewed.attrs["reviewer_notes"] == {"s1": "Clear."}
    table = coding_agreement(rules_coding(), reviewed, reviewed.attrs["reviewed_segments"], four_theme_codebook())
    counts = table.set_index("code")[["first_positive", "second_positive", "both_positive"]]
    assert counts.loc["funding"].tolist() == [0, 1, 0]
    assert counts.loc["listened_to"].tolist() == [1, 0, 0]
    assert counts.loc["shared_power"].tolist() == [1, 1, 1] and counts.loc["time"].tolist() == [1, 1, 1]
    assert set(table["second_coder"]) == {"Dr Reviewer"}
    # 4 segments × 4 themes = 16 decisions, 2 of them changed
    assert table.set_index("code").loc["overall", "percent_agreement"] == pytest.approx(100 * 14 / 16)


def test_a_category_marked_without_a_theme_counts_for_the_category_only(sheet_path):
    # s2 loses listened_to but the reviewer still reads it as a value: "Other value (no theme fits)".
    edit(sheet_path, {("s2", "listened_to"): None, ("s2", "value"): 1})
    reviewed = import_review_sheet(sheet_path, four_theme_codebook())
    assert ("s2", "-", "value") in pairs(reviewed)
    categories = coding_agreement(rules_coding(), reviewed, REVIEWED, four_theme_codebook(), level="category")
    assert categories.set_index("code").loc["value", "cohen_kappa"] == pytest.approx(1.0)


def test_a_category_marked_beside_one_of_its_themes_adds_nothing(sheet_path):
    edit(sheet_path, {("s1", "facilitator"): 1, ("s1", "shared_power"): "1"})
    assert pairs(import_review_sheet(sheet_path, four_theme_codebook())) == pairs(rules_coding())


def test_zero_and_blank_both_mean_not_applied(sheet_path):
    edit(sheet_path, {("s1", "shared_power"): 0, ("s2", "listened_to"): "0"})
    assert pairs(import_review_sheet(sheet_path, four_theme_codebook())) == [("s3", "time", "challenge"),
                                                                         ("s4", "-", "value")]


# --- what the import refuses or reports ---------------------------------------------------------------------------

def test_a_code_other_than_zero_or_one_names_the_sheet_cell(sheet_path):
    edit(sheet_path, {("s1", "time"): 2, ("s4", "funding"): "yes"})
    with pytest.raises(ReviewSheetError) as error:
        import_review_sheet(sheet_path, four_theme_codebook())
    assert "Review!J4: '2' is not 0 or 1" in str(error.value)
    assert "Review!K7: 'yes' is not 0 or 1" in str(error.value)


def test_a_deleted_row_is_reported_and_left_out(sheet_path):
    book = load_workbook(sheet_path)
    book["Review"].delete_rows(row_of(book["Review"], "s2"))
    book.save(sheet_path)
    with pytest.warns(ReviewSheetWarning, match=r"1 exported segment\(s\) are missing .*: s2\."):
        reviewed = import_review_sheet(sheet_path, four_theme_codebook())
    assert "s2" not in set(reviewed["segment_id"])
    assert reviewed.attrs["missing_segments"] == ["s2"] and reviewed.attrs["reviewed_segments"] == ["s1", "s3", "s4"]


def test_a_row_added_for_an_unknown_or_repeated_segment_is_refused(sheet_path):
    book = load_workbook(sheet_path)
    book["Review"]["A8"], book["Review"]["A9"] = "s1", "s99"
    book.save(sheet_path)
    with pytest.raises(ReviewSheetError) as error:
        import_review_sheet(sheet_path, four_theme_codebook())
    assert "Review!A8: segment 's1' is listed twice (first at row 4)" in str(error.value)
    assert "Review!A9: segment 's99' was not in the exported sheet" in str(error.value)


def test_a_sheet_from_another_codebook_is_refused(sheet_path):
    book = load_workbook(sheet_path)
    book["Review"]["K3"] = "money"
    book.save(sheet_path)
    with pytest.raises(ReviewSheetError, match=r"Review!K3: 'money' is not a theme or category in codebook tiny 1"):
        import_review_sheet(sheet_path, four_theme_codebook())


def test_sorting_the_rows_does_not_change_the_coding(sheet_path):
    book = load_workbook(sheet_path)
    sheet = book["Review"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    for number, values in enumerate(reversed(rows), start=4):
        for column, value in enumerate(values, start=1):
            sheet.cell(number, column).value = value
    book.save(sheet_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pairs(import_review_sheet(sheet_path, four_theme_codebook())) == pairs(rules_coding())
