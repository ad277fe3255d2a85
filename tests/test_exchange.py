import shutil

import openpyxl
import pandas as pd
import pytest

from evaluation.coding.qdpx import export_qdpx
from evaluation.coding.review.round_trip import read_returned_reviews, returned_agreement, review_sample
from evaluation.coding.review.sheet_export import export_review_sheet
from tests.test_framework import CODING, SEGMENTS
from tests.test_rules import tiny_codebook

MANY = pd.DataFrame([{"site_id": site, "interview_id": f"{site}1", "segment_id": f"{site}1/t{n:03d}/s01", "turn": n,
                      "sentence": 1, "speaker": "participant", "speaker_role": "carer", "participant_role": "carer",
                      "coded": True, "text": f"Sentence {n}."} for site in ("a", "b") for n in range(1, 41)])
MANY_CODING = pd.DataFrame({"segment_id": [s for s in MANY["segment_id"] if int(s[4:7]) % 4 == 0]})


def test_the_review_sample_is_half_coded_half_not_per_site_and_the_same_every_time():
    sample = review_sample(MANY, MANY_CODING, per_site=10)
    assert sample.groupby("site_id").size().tolist() == [10, 10]
    coded = sample["segment_id"].isin(MANY_CODING["segment_id"])
    assert coded.groupby(sample["site_id"]).sum().tolist() == [5, 5]
    pd.testing.assert_frame_equal(sample, review_sample(MANY, MANY_CODING, per_site=10))
    assert not sample.equals(review_sample(MANY, MANY_CODING, per_site=10, seed=1))


def test_a_site_with_few_coded_segments_fills_its_sample_with_uncoded_ones():
    sample = review_sample(MANY, MANY_CODING.head(2), per_site=10)
    assert sample.groupby("site_id").size().tolist() == [10, 10]


@pytest.fixture
def returned(tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    return folder


SEGMENTS_FULL = SEGMENTS.assign(turn=1, sentence=range(1, len(SEGMENTS) + 1), speaker="participant",
                                speaker_role=SEGMENTS["participant_role"])



def agreement(folder):
    """The coding's agreement with each review returned to `folder`, and the notes on files not used."""
    reviews = read_returned_reviews(folder, SEGMENTS_FULL, tiny_codebook())
    return returned_agreement(reviews, CODING, tiny_codebook()), reviews.notes

def test_an_unchanged_returned_sheet_agrees_perfectly_and_an_edit_shows(returned):
    sheet = export_review_sheet(returned / "reviewer_a.xlsx", SEGMENTS_FULL, CODING, tiny_codebook())
    table, notes = agreement(returned)
    overall = table[(table["code"] == "overall") & (table["level"] == "theme")].iloc[0]
    assert notes == [] and overall["percent_agreement"] == 100.0 and overall["review_file"] == "reviewer_a.xlsx"

    book = openpyxl.load_workbook(sheet)
    review = book["Review"]
    keys = {review.cell(row=3, column=c).value: c for c in range(1, review.max_column + 1)}
    rows = {review.cell(row=r, column=1).value: r for r in range(4, review.max_row + 1)}
    review.cell(row=rows["A1/s2"], column=keys["listened_to"]).value = None  # the reviewer removes one code
    book.save(sheet)
    table, _ = agreement(returned)
    listened = table[(table["code"] == "listened_to")].iloc[0]
    assert (listened["first_positive"], listened["second_positive"]) == (1, 0)


def test_a_returned_qdpx_project_is_compared_on_its_interviews(returned):
    export_qdpx(returned / "nvivo_review.qdpx", SEGMENTS_FULL, CODING, tiny_codebook())
    table, notes = agreement(returned)
    overall = table[(table["code"] == "overall") & (table["level"] == "category")].iloc[0]
    assert overall["percent_agreement"] == 100.0 and overall["n_segments"] == 4
    assert notes == []


def test_a_file_that_is_not_a_review_is_reported_not_used(returned):
    shutil.copy(__file__, returned / "notes.xlsx")
    table, notes = agreement(returned)
    assert table.empty and notes and notes[0].startswith("notes.xlsx: not used")
