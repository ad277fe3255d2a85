"""The learned coder: training from human coding, thresholds, the model file, combining and the agreement report."""

import csv
import gzip
import math
import pickle
import subprocess
import sys
from itertools import cycle

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from evaluation.cli import main
from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import build_codebook
from evaluation.coding.coders.combined import CombinedCoder
from evaluation.coding.coders.learned import (LearnedCoder, ModelFileError, ModelVersionWarning, Settings,
                                              best_threshold, cross_fitted_f1)
from evaluation.coding.coders.learned_sentiment import LearnedSentiment
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.coders.training_data import TrainingDataError, TrainingSet, label_codebook, read_training_csv
from evaluation.coding.codings import CODING_COLUMNS, coding_frame
from evaluation.coding.review.saved_codings import agreement_report, read_review_sheets
from evaluation.coding.review.sheet_export import export_review_sheet
from tests.builders import four_theme_codebook

# Three themes a reader would code, said in several ways, and sentences that carry none of them.
SAID = {
    "parking": ["the car park was full", "parking cost far too much", "nowhere to park the car"],
    "kind_staff": ["the nurses were kind", "staff were friendly and caring", "a caring and kind doctor"],
    "waiting": ["we waited four hours", "the wait was far too long", "long delays before anyone came"],
}
FILLER = ["I came on a Tuesday", "it was my second visit", "my daughter came with me", "we live in town"]


def coded_examples(n: int = 72) -> pd.DataFrame:
    """n texts, each one or two themes' phrases (or none) with a filler sentence; the 0/1 columns say which."""
    themes = list(SAID)
    combos = cycle([(), ("parking",), ("kind_staff",), ("waiting",), ("parking", "waiting"), ("kind_staff",
                                                                                                "waiting")])
    rows = []
    for i in range(n):
        chosen = next(combos)
        parts = [SAID[t][(i // 6 + k) % 3] for k, t in enumerate(chosen)] + [FILLER[i % len(FILLER)]]
        rows.append({"id": f"c{i:03d}", "text": ". ".join(parts).capitalize() + ".",
                     **{t: int(t in chosen) for t in themes}})
    return pd.DataFrame(rows)


def training_set(frame: pd.DataFrame | None = None) -> TrainingSet:
    frame = coded_examples() if frame is None else frame
    return TrainingSet(frame["text"].tolist(), frame[list(SAID)])


@pytest.fixture(scope="module")
def coder():
    return LearnedCoder.train(training_set())


# --- thresholds ---------------------------------------------------------------------------------------------------

def test_the_threshold_is_the_cut_with_the_best_f1_halfway_to_the_next_probability():
    probability = np.array([0.9, 0.8, 0.5, 0.25, 0.1])
    # top 1: F1 2/3; top 2: 1/2; top 3: 2·2/(3+2) = 0.8; top 4: 2/3; top 5: 4/7
    assert best_threshold(probability, np.array([1, 0, 1, 0, 0])) == (0.375, 0.8)


def test_a_threshold_never_splits_rows_with_the_same_probability():
    threshold, f1 = best_threshold(np.array([0.9, 0.6, 0.6, 0.2]), np.array([1, 1, 0, 0]))
    assert (threshold, round(f1, 3)) == (0.4, 0.8)  # 0.6 and 0.6 go in together: top 3, F1 = 4/5


def test_a_theme_with_no_positive_rows_is_never_coded():
    assert best_threshold(np.array([0.7, 0.3]), np.array([0, 0])) == (math.inf, 0.0)


def test_cross_fitted_f1_scores_each_fold_with_the_threshold_tuned_on_the_others():
    probability = np.array([[0.9], [0.8], [0.2], [0.1]])
    truth = np.array([[1], [0], [1], [0]])
    folds = [(np.array([2, 3]), np.array([0, 1])), (np.array([0, 1]), np.array([2, 3]))]
    # fold 1's threshold (from rows 2, 3) is 0.15: rows 0 and 1 coded; fold 2's (from rows 0, 1) is 0.85: none coded
    assert cross_fitted_f1(probability, truth, folds) == pytest.approx([2 * 1 / (2 + 2)])


# --- training and coding ------------------------------------------------------------------------------------------

def test_the_learned_coder_codes_new_wordings_of_the_themes_it_was_taught(coder):
    coded = coder.predict(["The car park was full again.", "Staff were friendly, we waited four hours.",
                           "My son drove me home."])
    assert coded.to_dict("records") == [{"parking": 1, "kind_staff": 0, "waiting": 0},
                                        {"parking": 0, "kind_staff": 1, "waiting": 1},
                                        {"parking": 0, "kind_staff": 0, "waiting": 0}]


def test_the_coding_table_is_the_rule_coders_shape_with_probabilities_and_evidence(coder):
    coding = coder.code(["s1", "s2"], ["Parking cost far too much, sadly.", "We live in town."])
    assert list(coding.columns) == list(CODING_COLUMNS)
    assert coding[["segment_id", "theme_id", "coder"]].values.tolist() == [["s1", "parking", "learned"]]
    assert 0.5 < coding["score"].iloc[0] <= 1
    assert "arking" in coding["evidence"].iloc[0]  # the clause around the word that counted most
    assert coding["category"].iloc[0] == ""  # no codebook: themes without categories


def test_thresholds_and_cross_validated_f1_are_recorded_per_theme(coder):
    meta = coder.metadata
    assert set(meta["thresholds"]) == set(meta["cv_f1"]) == set(SAID)
    assert all(0 < t < 1 for t in meta["thresholds"].values())
    assert all(0 <= f <= 1 for f in meta["cv_f1"].values()) and meta["cv_macro_f1"] > 0.8
    assert coder.metadata["positives"] == {"parking": 24, "kind_staff": 24, "waiting": 36}
    assert "Learned 3 themes from 72 coded texts" in coder.summary()


def test_a_theme_with_too_few_examples_is_left_out_and_said_so():
    frame = coded_examples().assign(feeling_safe=[1, 1] + [0] * 70)
    coder = LearnedCoder.train(TrainingSet(frame["text"].tolist(), frame[[*SAID, "feeling_safe"]]))
    assert coder.themes == tuple(SAID)
    assert coder.metadata["themes_left_out"] == {"feeling_safe": 2}
    assert "Left out" in coder.summary()


def test_too_few_texts_to_learn_from_is_a_clear_error():
    with pytest.raises(TrainingDataError, match="at least 10"):
        LearnedCoder.train(training_set(coded_examples().head(6)))


def test_context_columns_are_features_and_may_be_left_out_when_coding():
    frame = coded_examples()
    context = pd.DataFrame({"question": np.where(frame.index % 2, "what_was_good", "what_could_improve")})
    coder = LearnedCoder.train(TrainingSet(frame["text"].tolist(), frame[list(SAID)], context))
    assert coder.metadata["context_columns"] == ["question"]
    texts = ["The car park was full."]
    assert coder.predict(texts, pd.DataFrame({"question": ["what_was_good"]}))["parking"].tolist() == [1]
    assert coder.predict(texts)["parking"].tolist() == [1]  # no context: read as blank
    with pytest.raises(ValueError, match="context column"):
        coder.predict(texts, pd.DataFrame({"service": ["111"]}))


# --- the model file -----------------------------------------------------------------------------------------------

def test_the_same_training_data_gives_a_byte_identical_model_file_in_another_process(coder, tmp_path):
    first = coder.save(tmp_path / "a.pkl.gz")
    coded_examples().to_csv(tmp_path / "coded.csv", index=False)
    script = ("import sys; from evaluation.cli import main; sys.exit(main(['train-coder', 'coded.csv', "
              "'--text-column', 'text', '--themes', 'parking', 'kind_staff', 'waiting', '--out', 'b.pkl.gz']))")
    subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True, capture_output=True)
    assert first.read_bytes() == (tmp_path / "b.pkl.gz").read_bytes()


def test_a_loaded_model_codes_exactly_as_the_trained_one(coder, tmp_path):
    loaded = LearnedCoder.load(coder.save(tmp_path / "model.pkl.gz"))
    texts = coded_examples()["text"].tolist()
    pd.testing.assert_frame_equal(loaded.probabilities(texts), coder.probabilities(texts))
    assert loaded.metadata == coder.metadata
    assert loaded.metadata["format_version"] == 2 and len(loaded.metadata["training_sha256"]) == 64


def _rewrite(path, change):
    with gzip.open(path, "rb") as handle:
        payload = pickle.load(handle)
    change(payload)
    with gzip.open(path, "wb") as handle:
        pickle.dump(payload, handle)


def test_a_model_file_of_another_format_version_is_refused(coder, tmp_path):
    path = coder.save(tmp_path / "model.pkl.gz")
    _rewrite(path, lambda payload: payload["metadata"].update(format_version=99))
    with pytest.raises(ModelFileError, match="format version 99"):
        LearnedCoder.load(path)


def test_a_model_trained_with_another_scikit_learn_loads_with_a_warning(coder, tmp_path):
    path = coder.save(tmp_path / "model.pkl.gz")
    _rewrite(path, lambda payload: payload["metadata"].update(scikit_learn="0.1"))
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.1"):
        LearnedCoder.load(path)


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a model file"):
        LearnedCoder.load(tmp_path / "notes.txt")


# --- training data ------------------------------------------------------------------------------------------------

def test_a_csv_of_text_and_zero_one_columns_is_read_with_blanks_as_zero(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text("id,text,Parking,Kind staff,rating\n1,Car park full,1,,5\n2,Lovely nurses,,1,4\n3,,1,,2\n",
                    encoding="utf-8")
    training = read_training_csv(path, "text")
    assert list(training.labels.columns) == ["Parking", "Kind staff"]  # rating holds other numbers: not a theme
    assert training.texts == ["Car park full", "Lovely nurses"]  # the row with no text is left out
    assert training.labels.values.tolist() == [[1, 0], [0, 1]]


def test_a_value_other_than_zero_or_one_names_its_row(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text("text,parking\na,1\nb,yes\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"column 'parking' must hold 0, 1 or blank; row\(s\) 3"):
        read_training_csv(path, "text", themes=["parking"])


def test_with_a_codebook_columns_named_by_theme_name_become_theme_ids(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text("text,Time,funding\nNo time,1,0\nNo money,0,1\n", encoding="utf-8")
    training = read_training_csv(path, "text", codebook=four_theme_codebook())
    assert list(training.labels.columns) == ["time", "funding"]


def review_segments(n: int = 24) -> pd.DataFrame:
    said = ["We shared power with staff.", "They listened to us.", "There was no time.", "The funding ran out.",
            "We met on Tuesdays.", "Nobody listened and there was no time."]
    return pd.DataFrame([{"site_id": "alpha", "interview_id": "AL-INT-01", "segment_id": f"s{i:02d}",
                          "speaker_role": "lived_experience", "coded": True, "text": said[i % len(said)]}
                         for i in range(n)])


def fill_review(path, marks: dict[str, set[str]]):
    """Mark 1s as a reviewer would, in the cells under the theme keys of row 3."""
    book = load_workbook(path)
    sheet = book["Review"]
    keys = {cell.value: cell.column for cell in sheet[3] if cell.value}
    for row in sheet.iter_rows(min_row=4):
        segment_id = row[keys["segment_id"] - 1].value
        for theme in marks.get(segment_id, ()):
            sheet.cell(row[0].row, keys[theme], 1)
    book.save(path)


def test_returned_review_sheets_are_training_data(tmp_path):
    codebook, segments = four_theme_codebook(), review_segments()
    path = export_review_sheet(tmp_path / "review.xlsx", segments, coding_frame(), codebook, prefill=False)
    themes_of = {"shared power": {"shared_power"}, "listened to": {"listened_to"}, "no time": {"time"},
                 "funding": {"funding"}, "Nobody listened": {"time"}}
    marks = {s: set().union(*[t for phrase, t in themes_of.items() if phrase in text])
             for s, text in zip(segments["segment_id"], segments["text"])}
    fill_review(path, marks)
    training = read_review_sheets([path], codebook)
    assert training.texts == segments["text"].tolist()
    assert list(training.labels.columns) == codebook.theme_ids
    assert training.labels["time"].tolist() == [int("time" in marks[s]) for s in segments["segment_id"]]
    coder = LearnedCoder.train(training, codebook)
    coding = coder.code(["x"], ["There was no time at all."])
    assert coding[["theme_id", "category"]].values.tolist() == [["time", "challenge"]]


# --- combining and agreement --------------------------------------------------------------------------------------

COMBINE_BOOK = build_codebook({
    "codebook": "fft-tiny", "version": 1, "categories": {c: {} for c in ("facilitator", "value", "challenge")},
    "themes": [{"id": "parking", "category": "challenge", "name": "Parking", "definition": "d",
                "patterns": ["parking"]},
               {"id": "kind_staff", "category": "value", "name": "Kind staff", "definition": "d",
                "patterns": ["kind"]},
               {"id": "waiting", "category": "challenge", "name": "Waiting", "definition": "d",
                "patterns": ["queue"]}]})


@pytest.fixture(scope="module")
def words_only_coder():
    return LearnedCoder.train(training_set(), settings=Settings(embeddings=False))


def test_combined_either_codes_what_either_coder_finds_and_both_only_what_both_find(words_only_coder):
    coder = words_only_coder
    texts = ["The car park was full.", "Parking was easy and the nurses were kind.", "We had to queue."]
    either = CombinedCoder(RuleCoder(COMBINE_BOOK), coder, "either")
    both = CombinedCoder(RuleCoder(COMBINE_BOOK), coder, "both")
    themes = [sorted(c.theme_id for c in codes) for codes in either.code_texts(texts)]
    assert themes == [["parking"], ["kind_staff", "parking"], ["waiting"]]
    assert [sorted(c.theme_id for c in codes) for codes in both.code_texts(texts)] == [[], ["kind_staff"], []]
    coding = either.code(["a", "b", "c"], texts)
    assert set(coding["coder"]) == {"rules+learned"}
    assert coding.loc[coding["segment_id"] == "c", "category"].tolist() == ["challenge"]


def test_the_agreement_report_reads_a_coders_csv_against_a_human_csv(tmp_path):
    with open(tmp_path / "coder.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "text", "themes"], ["1", "a", "parking;waiting"], ["2", "b", "parking"],
                                      ["3", "c", ""], ["4", "d", "waiting"], ["9", "z", "parking"]])
    (tmp_path / "human.csv").write_text("id,parking,waiting\n1,1,1\n2,,\n3,1,\n4,0,1\n", encoding="utf-8")
    table = agreement_report(tmp_path / "coder.csv", tmp_path / "human.csv", id_column="id")
    parking = table[table["code"] == "parking"].iloc[0]
    # coder: 1, 2; human: 1, 3 → both 1; precision 1/2, recall 1/2; pₒ = 2/4, pₑ = 1/2 → κ 0
    assert (parking["both_positive"], parking["precision"], parking["recall"], parking["cohen_kappa"]) == (1, .5, .5, 0)
    assert table[table["code"] == "waiting"].iloc[0]["f1"] == 1
    assert table.attrs == {"segments_compared": 4, "only_in_coder": 1, "only_in_human": 0}


def test_the_agreement_report_matches_coding_agreement_on_the_same_codings(coder, tmp_path):
    frame = coded_examples(30)
    predicted = coder.predict(frame["text"].tolist()).assign(id=frame["id"])
    predicted.to_csv(tmp_path / "coder.csv", index=False)
    frame.drop(columns="text").to_csv(tmp_path / "human.csv", index=False)
    table = agreement_report(tmp_path / "coder.csv", tmp_path / "human.csv", id_column="id", themes=list(SAID))
    book = label_codebook(list(SAID))
    long = [coding_frame({"segment_id": i, "theme_id": t, "category": "", "coder": name}
                         for i, row in zip(frame["id"], data[list(SAID)].to_dict("records")) for t in SAID if row[t])
            for data, name in ((predicted, "coder"), (frame, "human"))]
    expected = coding_agreement(*long, frame["id"], book)
    pd.testing.assert_series_equal(table["f1"], expected["f1"])


# --- the command line ---------------------------------------------------------------------------------------------

def test_train_code_and_measure_from_the_command_line(tmp_path, capsys):
    coded_examples().to_csv(tmp_path / "coded.csv", index=False)
    model = tmp_path / "model.pkl.gz"
    assert main(["train-coder", str(tmp_path / "coded.csv"), "--text-column", "text", "--out", str(model)]) == 0
    assert "Learned 3 themes from 72 coded texts" in capsys.readouterr().out
    new = pd.DataFrame({"id": ["n1", "n2"], "comment": ["Nowhere to park the car.", "We waited four hours."]})
    new.to_csv(tmp_path / "new.csv", index=False)
    assert main(["code", str(tmp_path / "new.csv"), "--text-column", "comment", "--out", str(tmp_path / "out.csv"),
                 "--model", str(model), "--workers", "1"]) == 0
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(out.columns) == ["id", "comment", "themes", "evidence"]  # no codebook: no category flags
    assert out["themes"].tolist() == ["parking", "waiting"]
    pd.DataFrame({"id": ["n1", "n2"], "parking": [1, 0], "waiting": [0, 0]}).to_csv(tmp_path / "human.csv",
                                                                                      index=False)
    assert main(["agreement", str(tmp_path / "out.csv"), str(tmp_path / "human.csv"), "--id-column", "id"]) == 0
    printed = capsys.readouterr().out
    assert "out vs human (reference) on 2 segments" in printed and "parking" in printed


COMBINE_YAML = """\
codebook: fft-tiny
version: "1"
categories: {facilitator: {name: f}, value: {name: v}, challenge: {name: c}}
themes:
  - {id: parking, category: challenge, name: Parking, definition: d, patterns: [parking]}
  - {id: kind_staff, category: value, name: Kind staff, definition: d, patterns: [kind]}
  - {id: waiting, category: challenge, name: Waiting, definition: d, patterns: [queue]}
"""


def test_evaluation_code_combines_rules_and_a_model_trained_on_the_same_codebook(tmp_path):
    (tmp_path / "book.yaml").write_text(COMBINE_YAML, encoding="utf-8")
    coded_examples().to_csv(tmp_path / "coded.csv", index=False)
    model = tmp_path / "model.pkl.gz"
    assert main(["train-coder", str(tmp_path / "coded.csv"), "--text-column", "text", "--codebook",
                 str(tmp_path / "book.yaml"), "--out", str(model)]) == 0
    texts = ["Nowhere to park the car.", "We waited four hours in a queue.", "I came on a Tuesday."]
    pd.DataFrame({"text": texts}).to_csv(tmp_path / "new.csv", index=False)
    assert main(["code", str(tmp_path / "new.csv"), "--text-column", "text", "--out", str(tmp_path / "out.csv"),
                 "--model", str(model), "--combine", "--workers", "2"]) == 0
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(out.columns) == ["text", "facilitator", "value", "challenge", "themes", "evidence"]
    assert out["themes"].tolist() == ["parking", "waiting", ""]  # learned; learned and rules; neither
    assert out["challenge"].tolist() == [1, 1, 0]


def test_the_learned_coder_without_a_model_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("text\nhello\n", encoding="utf-8")
    assert main(["code", str(tmp_path / "in.csv"), "--text-column", "text", "--out", str(tmp_path / "o.csv"),
                 "--coder", "learned"]) == 2
    assert "the learned coder needs a model file" in capsys.readouterr().err


def test_a_broken_model_file_is_a_clear_error_for_evaluation_code(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("text\nhello\n", encoding="utf-8")
    (tmp_path / "model.pkl.gz").write_bytes(b"nonsense")
    assert main(["code", str(tmp_path / "in.csv"), "--text-column", "text", "--out", str(tmp_path / "o.csv"),
                 "--model", str(tmp_path / "model.pkl.gz")]) == 2
    assert "not a model file" in capsys.readouterr().err


# --- learned sentiment --------------------------------------------------------------------------------------------

def test_learned_sentiment_scores_on_vaders_scale(tmp_path):
    texts = ["wonderful kind staff", "rude and slow staff", "it was fine"] * 8
    scores = [1, 5, 3] * 8  # the FFT labellers' scale: 1 very positive
    model = LearnedSentiment.train(texts, scores, positive_is_high=False)
    compound = LearnedSentiment.load(model.save(tmp_path / "s.pkl.gz")).compound(["kind staff", "rude staff"])
    assert compound[0] > 0.3 and compound[1] < -0.3
