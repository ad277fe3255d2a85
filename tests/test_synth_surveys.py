"""The synthetic survey generator: reproducible bytes, the export mess it promises, and a truth that holds."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest
import yaml

from evaluation.synth.sites import DEFAULT_SITES, site_specs
from evaluation.synth.survey_comments import distinct_openings, question_ids
from evaluation.synth.surveys import write_site_surveys

SEED = 2022
INSTRUMENT_PATH = Path(__file__).resolve().parents[1] / "evaluation/survey/instruments/coproduction-survey-v1.yaml"
SITES = {spec.site_id: spec for spec in DEFAULT_SITES}


# --- the reader's rules, in miniature ----------------------------------------------------------------------------

def clean(text: str) -> str:
    """pyjanitor-style clean_names: lowercase, non-alphanumerics to "_", collapsed, stripped."""
    return re.sub(r"_+", "_", re.sub(r"[^0-9a-z]", "_", str(text).lower())).strip("_")


def normalise_label(value: str) -> str:
    text = str(value).strip().lower().replace("\u2019", "'")
    text = re.sub(r"^\d+\s*-\s*", "", text)
    return re.sub(r"\s*\(\d+\)$", "", text).strip()


@pytest.fixture(scope="module")
def instrument() -> dict:
    return yaml.safe_load(INSTRUMENT_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def heading_keys(instrument) -> dict[str, str]:
    """Every cleaned heading the rule accepts, mapped to the column it names."""
    keys = {}
    for entry in instrument["items"] + instrument["free_text"]:
        code, key = entry["code"], entry["id"]
        for name in [code, key, entry["wording"], f"{code} {entry['wording']}", f"{code} {key}",
                     *entry["aliases"]]:
            keys[clean(name)] = key
    for key, aliases in instrument["identifiers"].items():
        for name in [key, *aliases]:
            keys[clean(name)] = key
    return keys


@pytest.fixture(scope="module")
def label_codes(instrument) -> dict[str, int | str]:
    codes: dict[str, int | str] = {str(c): int(c) for c in instrument["scale"]["codes"]}
    for code, entry in instrument["scale"]["codes"].items():
        for name in [entry["label"], *entry["synonyms"]]:
            codes[name.lower()] = int(code)
    for kind, names in instrument["scale"]["non_substantive"].items():
        for name in names:
            codes[name] = kind
    return codes


@pytest.fixture(scope="module")
def wave_keys(instrument) -> dict[str, str]:
    return {name: wave for wave, names in instrument["waves"].items() for name in [wave, *names]}


@pytest.fixture(scope="module")
def role_names(instrument) -> set[str]:
    return {name for names in instrument["roles"].values() for name in names}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, instrument) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("raw")
    truth = {spec.site_id: write_site_surveys(spec, root / spec.site_id, SEED, instrument) for spec in DEFAULT_SITES}
    return root, truth


def read_tables(site_dir: Path, site_truth: dict, heading_keys: dict) -> list[tuple[str, str | None, pd.DataFrame]]:
    """(file, sheet, frame with logical column names, values as text) for every table a site wrote."""
    tables = []
    for entry in site_truth["files"]:
        path = site_dir / "surveys" / entry["file"]
        if entry["format"] == "xlsx":
            sheets = pd.read_excel(path, sheet_name=None, dtype=object)
            frames = [(name, frame) for name, frame in sheets.items()]
        elif entry["format"] == "sav":
            frame, _ = pyreadstat.read_sav(path)
            frames = [(None, frame)]
        else:
            frames = [(None, pd.read_csv(path, dtype=str, keep_default_na=False, encoding=entry["encoding"]))]
        for sheet, frame in frames:
            frame = frame.rename(columns=lambda h: heading_keys[clean(h)])
            frame = frame.map(lambda v: "" if pd.isna(v) else str(int(v)) if isinstance(v, float) else str(v))
            tables.append((entry["file"], sheet, frame))
    return tables


def respondent_waves(site_dir: Path, site_truth: dict, heading_keys, wave_keys) -> pd.DataFrame:
    """respondent_id, wave for every row, the wave from the column or the xlsx sheet; labelled SPSS waves are 1/2."""
    parts = []
    for _, sheet, frame in read_tables(site_dir, site_truth, heading_keys):
        waves = frame["wave"] if "wave" in frame else pd.Series(sheet, index=frame.index)
        waves = waves.map(lambda w: {"1": "baseline", "2": "follow_up"}.get(w) or wave_keys.get(w.strip().lower()))
        parts.append(pd.DataFrame({"respondent_id": frame["respondent_id"], "wave": waves}))
    return pd.concat(parts, ignore_index=True)


# --- determinism ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("site_id", ["wessex-vale-ca", "three-rivers-ca", "northmoor-dales-ca", "harbourside-ics"])
def test_same_site_twice_gives_identical_bytes(tmp_path, instrument, site_id):
    spec = SITES[site_id]
    first = write_site_surveys(spec, tmp_path / "a", SEED, instrument)
    second = write_site_surveys(spec, tmp_path / "b", SEED, instrument)
    assert first == second
    names = sorted(p.name for p in (tmp_path / "a" / "surveys").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b" / "surveys").iterdir())
    for name in names:
        assert (tmp_path / "a/surveys" / name).read_bytes() == (tmp_path / "b/surveys" / name).read_bytes(), name


def test_another_seed_gives_other_answers(tmp_path, instrument):
    spec = SITES["wessex-vale-ca"]
    write_site_surveys(spec, tmp_path / "a", SEED, instrument)
    write_site_surveys(spec, tmp_path / "b", SEED + 1, instrument)
    file = "coproduction_survey_responses.csv"
    assert (tmp_path / "a/surveys" / file).read_bytes() != (tmp_path / "b/surveys" / file).read_bytes()


def test_timestamps_inside_files_are_fixed(sample):
    root, truth = sample
    xlsx = root / "northmoor-dales-ca/surveys" / truth["northmoor-dales-ca"]["files"][0]["file"]
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.properties.created.isoformat() == workbook.properties.modified.isoformat() == "2023-07-01T00:00:00"
    sav = root / "harbourside-ics/surveys" / truth["harbourside-ics"]["files"][0]["file"]
    assert sav.read_bytes()[92:109] == b"01 Jul 2300:00:00"
    _, meta = pyreadstat.read_sav(sav, metadataonly=True)
    assert meta.creation_time.isoformat() == "2023-07-01T00:00:00"


# --- formats --------------------------------------------------------------------------------------------------------

def test_cp1252_export_is_not_utf8(sample):
    root, truth = sample
    [entry] = truth["three-rivers-ca"]["files"]
    assert entry["format"] == "csv_cp1252" and entry["encoding"] == "cp1252"
    data = (root / "three-rivers-ca/surveys" / entry["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "\u2019" in text and "respondent_id" in text


def test_bom_only_where_excel_wrote_one(sample):
    root, truth = sample
    for site_id, site_truth in truth.items():
        for entry in site_truth["files"]:
            starts_with_bom = (root / site_id / "surveys" / entry["file"]).read_bytes().startswith(b"\xef\xbb\xbf")
            assert starts_with_bom == (entry["encoding"] == "utf-8-sig"), entry["file"]
    assert sum(e["encoding"] == "utf-8-sig" for t in truth.values() for e in t["files"]) >= 2


def test_xlsx_has_a_sheet_per_wave_and_no_wave_column(sample, heading_keys):
    root, truth = sample
    [entry] = truth["northmoor-dales-ca"]["files"]
    workbook = openpyxl.load_workbook(root / "northmoor-dales-ca/surveys" / entry["file"])
    assert workbook.sheetnames == entry["sheets"] == ["Baseline", "Follow-up"]
    for sheet in workbook:
        headings = [cell.value for cell in sheet[1]]
        assert "wave" not in {heading_keys[clean(h)] for h in headings}
        assert sheet.max_row - 1 == entry["rows"][sheet.title]


def test_sav_has_short_names_variable_and_value_labels(sample, instrument):
    root, truth = sample
    [entry] = truth["harbourside-ics"]["files"]
    frame, meta = pyreadstat.read_sav(root / "harbourside-ics/surveys" / entry["file"])
    assert len(frame) == entry["rows"]
    labels = meta.column_names_to_labels
    for question in instrument["items"] + instrument["free_text"]:
        assert labels[question["code"]] == question["wording"]
    q1 = meta.variable_value_labels["Q1"]
    assert q1[5] == "Strongly agree" and q1[8] == "Prefer not to say" and q1[9] == "Don't know"
    assert set(frame["Q1"].dropna()) <= {1, 2, 3, 4, 5, 8, 9}
    assert {"RespondentID", "Wave", "Role"} <= set(frame.columns)


# --- the mess stays inside what the instrument lists ---------------------------------------------------------------

def every_style_as_csv(tmp_path: Path, instrument: dict) -> list[tuple[Path, dict]]:
    small = DEFAULT_SITES[-1]
    written = []
    for style in range(10):
        spec = dataclasses.replace(small, site_id=f"style-{style}", export_style=style, survey_format="csv")
        written.append((tmp_path / spec.site_id, write_site_surveys(spec, tmp_path / spec.site_id, SEED, instrument)))
    return written


def all_written(sample, tmp_path, instrument):
    root, truth = sample
    return [(root / site_id, t) for site_id, t in truth.items()] + every_style_as_csv(tmp_path, instrument)


def test_every_heading_matches_the_instrument(sample, tmp_path, instrument, heading_keys):
    for site_dir, site_truth in all_written(sample, tmp_path, instrument):
        for entry in site_truth["files"]:
            path = site_dir / "surveys" / entry["file"]
            if entry["format"] == "xlsx":
                headings = [[c.value for c in sheet[1]] for sheet in openpyxl.load_workbook(path)]
            elif entry["format"] == "sav":
                headings = [pyreadstat.read_sav(path, metadataonly=True)[1].column_names]
            else:
                with path.open(encoding=entry["encoding"], newline="") as handle:
                    headings = [next(csv.reader(handle))]
            for row in headings:
                keys = [heading_keys.get(clean(h)) for h in row]
                assert None not in keys, (entry["file"], [h for h, k in zip(row, keys) if k is None])
                assert len(set(keys)) == len(keys), entry["file"]


def test_answers_waves_and_roles_use_instrument_spellings(sample, tmp_path, instrument, heading_keys, label_codes,
                                                          wave_keys, role_names):
    items = [item["id"] for item in instrument["items"]]
    spellings = set()
    for site_dir, site_truth in all_written(sample, tmp_path, instrument):
        planted = {str(p["value"]) for p in site_truth["planted_problems"]}
        for entry in site_truth["files"]:
            if entry["format"] == "sav":
                continue
            for _, _, frame in read_tables(site_dir, {"files": [entry]}, heading_keys):
                for value in frame[items].to_numpy().ravel():
                    if value and value not in planted:
                        assert normalise_label(value) in label_codes, (entry["file"], value)
                        spellings.add(value)
                if "wave" in frame:
                    waves = {w for w in frame["wave"] if w not in planted}
                    assert {w.strip().lower() for w in waves} <= set(wave_keys), entry["file"]
                assert {r.strip().lower() for r in frame["role"] if r} <= role_names
    for expected in ("Strongly agree", "strongly agree ", "5 - Strongly Agree", "Agree (4)", "STRONGLY AGREE",
                     "Tend to agree", "Neutral", "5", "Prefer not to say", "Don\u2019t know", "N/A"):
        assert expected in spellings


# --- the truth holds ------------------------------------------------------------------------------------------------

def test_respondent_counts_and_matches_agree_with_truth(sample, heading_keys, wave_keys):
    root, truth = sample
    for site_id, site_truth in truth.items():
        rows = respondent_waves(root / site_id, site_truth, heading_keys, wave_keys)
        valid = rows[rows["wave"].notna()].drop_duplicates()
        counts = valid["wave"].value_counts()
        assert counts["baseline"] == site_truth["respondents"]["baseline"], site_id
        assert counts["follow_up"] == site_truth["respondents"]["follow_up"], site_id
        baseline_ids = set(valid.loc[valid["wave"] == "baseline", "respondent_id"])
        follow_up_ids = set(valid.loc[valid["wave"] == "follow_up", "respondent_id"])
        assert len(baseline_ids & follow_up_ids) == site_truth["matched_respondents"] > 0, site_id
        spec = SITES[site_id]
        assert 0.3 * min(len(baseline_ids), len(follow_up_ids)) - 1 <= site_truth["matched_respondents"]
        assert abs(len(follow_up_ids) - spec.respondents_per_wave) <= 0.15 * spec.respondents_per_wave + 1


def test_file_row_counts_agree_with_truth(sample, heading_keys):
    root, truth = sample
    for site_id, site_truth in truth.items():
        for file, sheet, frame in read_tables(root / site_id, site_truth, heading_keys):
            [entry] = [e for e in site_truth["files"] if e["file"] == file]
            expected = entry["rows"][sheet] if sheet else entry["rows"]
            assert len(frame) == expected, (site_id, file, sheet)


def raw_rows(path: Path, entry: dict, sheet: str | None) -> list[list]:
    if entry["format"] == "xlsx":
        return [list(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]
    with path.open(encoding=entry["encoding"], newline="") as handle:
        return list(csv.reader(handle))


def test_planted_problems_are_where_the_truth_says(sample):
    root, truth = sample
    problems = {p["kind"]: (site_id, p) for site_id, t in truth.items() for p in t["planted_problems"]}
    assert set(problems) == {"duplicate_respondent", "unmapped_label", "invalid_wave"}
    assert len({site_id for site_id, _ in problems.values()}) == 3
    for site_id, site_truth in truth.items():
        for problem in site_truth["planted_problems"]:
            [entry] = [e for e in site_truth["files"] if e["file"] == problem["file"]]
            rows = raw_rows(root / site_id / "surveys" / problem["file"], entry, problem["sheet"])
            row = rows[problem["row"] - 1]
            if problem["kind"] == "duplicate_respondent":
                assert row == rows[problem["row"] - 2]
                assert problem["value"] in row
            else:
                assert row[rows[0].index(problem["column"])] == problem["value"]
    typos = [p for t in truth.values() for p in t["planted_problems"] if p["kind"] == "unmapped_label"]
    assert 2 <= len(typos) <= 3
    assert problems["duplicate_respondent"][1]["sheet"] == "Baseline"


def test_generated_sites_carry_no_planted_problems(tmp_path, instrument):
    for spec in site_specs(24, SEED)[10:]:
        site_truth = write_site_surveys(spec, tmp_path / spec.site_id, SEED, instrument)
        assert site_truth["planted_problems"] == []
        assert {e["format"] for e in site_truth["files"]} == {spec.survey_format}


def site_mean(site_dir: Path, site_truth: dict, instrument, heading_keys, label_codes) -> float:
    reverse = {item["id"] for item in instrument["items"] if item.get("reverse")}
    scores = []
    for _, _, frame in read_tables(site_dir, site_truth, heading_keys):
        for item in instrument["items"]:
            for value in frame[item["id"]]:
                code = label_codes.get(normalise_label(value)) if value else None
                if isinstance(code, int):
                    scores.append(6 - code if item["id"] in reverse else code)
    return sum(scores) / len(scores)


def test_more_coproduced_site_scores_higher(sample, instrument, heading_keys, label_codes):
    root, truth = sample
    high, low = SITES["harbourside-ics"], SITES["pennine-edge-ics"]
    assert high.coproduction_level > low.coproduction_level + 0.3
    high_mean = site_mean(root / high.site_id, truth[high.site_id], instrument, heading_keys, label_codes)
    low_mean = site_mean(root / low.site_id, truth[low.site_id], instrument, heading_keys, label_codes)
    assert high_mean > low_mean + 0.5


# --- free text ------------------------------------------------------------------------------------------------------

def test_comment_bank_is_varied(instrument):
    assert set(question_ids()) == {q["id"] for q in instrument["free_text"]}
    for question in question_ids():
        assert len(distinct_openings(question)) >= 40, question


def test_comments_are_answered_by_some_and_vary(sample, heading_keys):
    root, truth = sample
    site_id = "wessex-vale-ca"
    [(_, _, frame)] = read_tables(root / site_id, truth[site_id], heading_keys)
    for question in question_ids():
        answered = frame[question][frame[question] != ""]
        assert 0.3 < len(answered) / len(frame) < 0.8, question
        assert answered.nunique() >= 40, question


def written_text(site_dir: Path, site_truth: dict) -> str:
    """All the text a site's exports hold, cells joined by spaces."""
    parts = []
    for entry in site_truth["files"]:
        path = site_dir / "surveys" / entry["file"]
        if entry["format"] == "xlsx":
            sheets = openpyxl.load_workbook(path)
            parts += [str(cell) for sheet in sheets for row in sheet.iter_rows(values_only=True) for cell in row]
        elif entry["format"] == "sav":
            frame, _ = pyreadstat.read_sav(path)
            parts += [str(cell) for cell in frame.to_numpy().ravel()]
        else:
            parts.append(path.read_bytes().decode(entry["encoding"]))
    return " ".join(parts)


def test_planted_personal_data_is_in_the_comments(sample):
    root, truth = sample
    planted = [(site_id, p) for site_id, t in truth.items() for p in t["comment_pii"]]
    assert {p["kind"] for _, p in planted} == {"name", "phone", "email", "postcode"}
    texts = {site_id: written_text(root / site_id, t) for site_id, t in truth.items()}
    for site_id, pii in planted:
        assert pii["text"] in texts[site_id], (site_id, pii)
        if pii["kind"] == "phone":
            assert re.fullmatch(r"07700 900\d{3}", pii["text"])
        if pii["kind"] == "email":
            assert pii["text"].endswith("@example.org")
