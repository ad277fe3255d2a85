"""`evaluation code INPUT.csv --text-column COL --out OUT.csv [--codebook FILE]`: the contract other tools rely on."""

import csv

import pytest

from evaluation.cli import main

CODEBOOK = """\
codebook: tiny
version: "0"
categories: {facilitator: {name: f}, value: {name: v}, challenge: {name: c}}
rules: {negators: [never, "no", "n't"], hedges: [maybe], threshold: 1}
themes:
  - {id: funding_and_payment, category: facilitator, name: Funding, definition: d, patterns: [funding, paid],
     when_negated: resources_and_time}
  - {id: resources_and_time, category: challenge, name: Resources, definition: d, patterns: [stretched]}
  - {id: listened_to, category: value, name: Listened to, definition: d, patterns: [listened to]}
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    rows = [["id", "comment", "score"],
            ["1", "We never had the funding, sadly", "007"],
            ["2", 'They listened to us, and "really" did', ""],
            ["3", "", "5"],
            ["4", "Line one\nline two: we were paid", "x"]]
    with open(tmp_path / "in.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return tmp_path, rows


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_input_column_is_kept_and_the_coding_added(files, workers):
    folder, rows = files
    code = main(["code", str(folder / "in.csv"), "--text-column", "comment", "--out", str(folder / "out.csv"),
                 "--codebook", str(folder / "codebook.yaml"), "--workers", workers, "--coder", "rules"])
    out = read(folder / "out.csv")
    assert code == 0
    assert out[0] == ["id", "comment", "score", "facilitator", "value", "challenge", "themes", "evidence"]
    assert [r[:3] for r in out] == rows  # same values, same order, same row count (quotes, newlines, blanks)
    assert [r[3:7] for r in out[1:]] == [["0", "0", "1", "resources_and_time"], ["0", "1", "0", "listened_to"],
                                         ["0", "0", "0", ""], ["1", "0", "0", "funding_and_payment"]]
    assert out[1][7] == "resources_and_time: We never had the funding"


def test_a_missing_text_column_is_a_clear_error(files, capsys):
    folder, _ = files
    code = main(["code", str(folder / "in.csv"), "--text-column", "text", "--out", str(folder / "out.csv"),
                 "--codebook", str(folder / "codebook.yaml")])
    assert code == 2
    assert "no column 'text' (columns: id, comment, score)" in capsys.readouterr().err
    assert not (folder / "out.csv").exists()


def test_an_input_that_already_has_output_columns_is_refused(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("text,themes\nhello,x\n", encoding="utf-8")
    assert main(["code", str(tmp_path / "in.csv"), "--text-column", "text", "--out", str(tmp_path / "o.csv")]) == 2
    assert "already has column(s) themes" in capsys.readouterr().err
