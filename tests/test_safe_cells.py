"""No cell the project writes starts a spreadsheet formula (OWASP CSV injection), and numbers stay numbers."""

import csv

import openpyxl
import pandas as pd
import pytest

from evaluation.publish import PublishedTable, write_published
from evaluation.safe_cells import is_formula_like, neutralise, neutralise_frame, read_csv_text, write_cell

# OWASP's CSV-injection payloads, plus the ones the hostile-input corpus used.
PAYLOADS = ['=1+1', '+1+1', '-1+1', '@SUM(1+1)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://evil.example","Click")',
            "=cmd|' /C calc'!A0", '-2+3+cmd|\' /C calc\'!A0', '@foo', '+44 7700 900123']


def formula_cells_in_csv(path) -> list[str]:
    """Cells a spreadsheet would run; a bare carriage return would let one start mid-cell, so none may be written."""
    with open(path, newline="", encoding="utf-8") as handle:
        text = handle.read()
    assert "\r" not in text
    return [cell for row in csv.reader(text.splitlines(keepends=True)) for cell in row if is_formula_like(cell)]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_owasp_payload_is_neutralised(payload):
    assert is_formula_like(payload)
    assert not is_formula_like(neutralise(payload)) and neutralise(payload) == "'" + payload


@pytest.mark.parametrize("number", ["-3", "-0.25", "+5", "-12%", "-1,234.5", "-1e-3"])
def test_a_real_negative_number_stays_a_number(number):
    assert neutralise(number) == number


def test_numeric_columns_are_untouched_and_text_columns_neutralised():
    frame = pd.DataFrame({"site_name": ["=evil", "Fine"], "change": [-3.5, 2.0], "n": pd.array([-1, 5], "Int64")})
    safe = neutralise_frame(frame)
    assert safe["site_name"].tolist() == ["'=evil", "Fine"]
    assert safe["change"].tolist() == [-3.5, 2.0] and safe["n"].tolist() == [-1, 5]


def test_published_tables_hold_no_formula_and_read_back_as_written(tmp_path):
    table = pd.DataFrame({"site": PAYLOADS, "change": ["-3"] * len(PAYLOADS)}, dtype="string")
    published = PublishedTable("t", "A table", table, values=table, count_columns=(), footnote="footnote")
    [path] = write_published([published], tmp_path)
    assert formula_cells_in_csv(path) == []
    assert "-3" in path.read_text()
    assert read_csv_text(path)["site"].tolist() == [p.replace("\r", "\n") for p in PAYLOADS]


def test_an_xlsx_cell_holding_a_payload_is_explicit_text(tmp_path):
    book = openpyxl.Workbook()
    for row, payload in enumerate(PAYLOADS, start=1):
        write_cell(book.active, row, 1, payload)
    write_cell(book.active, 1, 2, -3)
    book.save(tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert [sheet.cell(row, 1).data_type for row in range(1, len(PAYLOADS) + 1)] == ["s"] * len(PAYLOADS)
    assert [sheet.cell(row, 1).value for row in range(1, len(PAYLOADS) + 1)] == PAYLOADS
    assert sheet.cell(1, 2).value == -3 and sheet.cell(1, 2).data_type == "n"


def test_evaluation_code_writes_no_formula_and_keeps_numbers(tmp_path):
    from evaluation.coding.coders.stream import code_csv

    source = tmp_path / "in.csv"
    comments = [PAYLOADS[6], "Decisions were already made before we joined."]
    pd.DataFrame({"id": ["1", "2"], "score": ["-3", "4"], "comment": comments}).to_csv(source, index=False)
    code_csv(source, "comment", tmp_path / "out.csv", workers=1, coder="rules")
    assert formula_cells_in_csv(tmp_path / "out.csv") == []
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert out["score"].tolist() == ["-3", "4"] and out["comment"][0] == "'" + PAYLOADS[6]


def test_the_review_workbook_writes_a_participants_formula_as_text(tmp_path):
    from evaluation.coding.codebook import load_codebook
    from evaluation.coding.codings import coding_frame
    from evaluation.coding.review.sheet_export import export_review_sheet

    segments = pd.DataFrame([{"site_id": "alpha", "interview_id": "INT-01", "segment_id": f"s{n}",
                              "speaker": "participant", "speaker_role": "carer", "coded": True, "text": payload}
                             for n, payload in enumerate(PAYLOADS)])
    path = export_review_sheet(tmp_path / "review.xlsx", segments, coding_frame([]), load_codebook())
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert set(PAYLOADS) <= {cell.value for cell in cells}


def test_a_returned_review_linking_outside_its_folder_or_declaring_entities_is_not_opened(tmp_path):
    import zipfile

    from evaluation.coding.review.round_trip import returned_reviews

    returned, elsewhere = tmp_path / "returned", tmp_path / "elsewhere"
    returned.mkdir(), elsewhere.mkdir()
    (elsewhere / "secret.xlsx").write_bytes(b"PK")
    (returned / "linked.xlsx").symlink_to(elsewhere / "secret.xlsx")
    with zipfile.ZipFile(returned / "bomb.xlsx", "w") as package:
        package.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    openpyxl.Workbook().save(returned / "fine.xlsx")
    paths, notes = returned_reviews(returned)
    assert [p.name for p in paths] == ["fine.xlsx"]
    assert sorted(note.split(":")[0] for note in notes) == ["bomb.xlsx", "linked.xlsx"]
