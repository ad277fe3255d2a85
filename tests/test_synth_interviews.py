"""The synthetic interview generator: deterministic files, parseable formats and an answer key that matches them."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
import webvtt

from evaluation.synth import people
from evaluation.synth.interviews import HUMAN_ROLE_LABELS, category_weights, write_site_interviews
from evaluation.synth.sites import DEFAULT_SITES
from evaluation.synth.speech import INTERVIEWED_ROLES, THEMES, Voice, speak
from evaluation.synth.speech_bank import load_bank

SEED = 2022
SITES = {spec.site_id: spec for spec in DEFAULT_SITES}
TXT_LABEL = re.compile(r"^(Interviewer|Participant|Respondent|Q|A): (.*)$")
INTERVIEWER_LABELS = {"Interviewer", "Q", "Interviewer:", "INTERVIEWER:"}
TEAM = {people.interviewer_display_name(person) for person in people.INTERVIEWERS}


def _generate(root: Path) -> dict[str, dict]:
    return {spec.site_id: write_site_interviews(spec, root / spec.site_id, SEED) for spec in DEFAULT_SITES}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    root = tmp_path_factory.mktemp("interviews")
    return root, _generate(root)


def _interviews(sample):
    root, truth = sample
    for site_id, site_truth in truth.items():
        for interview in site_truth["interviews"]:
            yield site_id, interview, root / site_id / "interviews" / interview["file"]


def _manifest(root: Path, site_id: str) -> list[dict[str, str]]:
    with open(root / site_id / "interviews" / "manifest.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _txt_turns(path: Path) -> list[tuple[str, str]]:
    """(label, text) per turn; an unlabelled line continues the turn above it."""
    turns: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = TXT_LABEL.match(line)
        if match:
            turns.append((match.group(1), match.group(2)))
        elif line.strip() and turns:
            label, text = turns[-1]
            turns[-1] = (label, f"{text} {line}")
    return turns


def _docx_turns(path: Path) -> list[tuple[str, str]]:
    turns = []
    for paragraph in docx.Document(path).paragraphs:
        runs = paragraph.runs
        if runs and runs[0].bold and runs[0].text.endswith(":"):
            turns.append((runs[0].text, "".join(run.text for run in runs[1:]).strip()))
    return turns


def _vtt_turns(path: Path) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    for caption in webvtt.read(str(path)):
        if turns and turns[-1][0] == caption.voice:
            turns[-1] = (caption.voice, f"{turns[-1][1]} {caption.text}")
        else:
            turns.append((caption.voice, caption.text))
    return turns


def _file_text(path: Path, fmt: str) -> str:
    if fmt == "docx":
        return "\n".join(paragraph.text for paragraph in docx.Document(path).paragraphs)
    return path.read_text(encoding="utf-8")


def _planted(truth: dict[str, dict], kind: str) -> list[str]:
    return [entry["text"] for site in truth.values() for interview in site["interviews"]
            for entry in interview["pii"] if entry["kind"] == kind]


def _ms(timestamp: str) -> int:
    hours, minutes, seconds = timestamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def _category_shares(site_truth: dict) -> dict[str, float]:
    counts = dict.fromkeys(("facilitator", "value", "challenge"), 0)
    for interview in site_truth["interviews"]:
        for theme, n in interview["themes"].items():
            counts[THEMES[theme]] += n
    total = sum(counts.values())
    return {category: n / total for category, n in counts.items()}


def test_rewriting_gives_identical_bytes(sample, tmp_path):
    root, truth = sample
    again = _generate(tmp_path)
    assert json.dumps(again, sort_keys=True) == json.dumps(truth, sort_keys=True)
    first = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert first == second
    for relative in first:
        assert (root / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative


def test_manifest_lists_every_file_written(sample):
    root, truth = sample
    for site_id, site_truth in truth.items():
        rows = _manifest(root, site_id)
        assert list(rows[0]) == ["file", "interview_id", "participant_role", "date", "interviewer"]
        on_disk = {p.name for p in (root / site_id / "interviews").iterdir()} - {"manifest.csv"}
        assert {row["file"] for row in rows} == on_disk
        assert [row["file"] for row in rows] == [i["file"] for i in site_truth["interviews"]]
        assert len(rows) == SITES[site_id].interviews
        for row, interview in zip(rows, site_truth["interviews"]):
            assert row["interview_id"] == interview["interview_id"]
            assert row["interviewer"] == interview["interviewer"] and row["interviewer"] in TEAM
            assert dt.date(2022, 3, 1) <= dt.date.fromisoformat(row["date"]) <= dt.date(2023, 6, 30)


def test_roles_are_canonical_or_a_human_spelling_at_a_few_sites(sample):
    root, truth = sample
    human_sites = 0
    for site_id, site_truth in truth.items():
        written = [row["participant_role"] for row in _manifest(root, site_id)]
        canonical = [i["participant_role"] for i in site_truth["interviews"]]
        assert set(canonical) <= set(INTERVIEWED_ROLES) and {"staff", "lived_experience"} <= set(canonical)
        if written != canonical:
            human_sites += 1
            labels = HUMAN_ROLE_LABELS[SITES[site_id].export_style % 10]
            assert written == [labels[role] for role in canonical]
    assert 2 <= human_sites <= 3


def test_formats_are_mixed_within_and_across_sites(sample):
    _, truth = sample
    sites_with = {fmt: 0 for fmt in ("txt", "docx", "vtt")}
    for site_truth in truth.values():
        formats = {i["format"] for i in site_truth["interviews"]}
        assert "txt" in formats
        for fmt in formats:
            sites_with[fmt] += 1
    assert min(sites_with.values()) >= 3


def test_txt_transcripts_are_labelled_alternating_turns(sample):
    for _, interview, path in _interviews(sample):
        if interview["format"] != "txt":
            continue
        raw = path.read_bytes()
        assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
        turns = _txt_turns(path)
        assert len(turns) == interview["turns"]
        speakers = [label in INTERVIEWER_LABELS for label, _ in turns]
        assert speakers[0] and all(a != b for a, b in zip(speakers, speakers[1:]))


def test_docx_transcripts_have_a_title_a_date_and_bold_labels(sample):
    for _, interview, path in _interviews(sample):
        if interview["format"] != "docx":
            continue
        paragraphs = docx.Document(path).paragraphs
        assert paragraphs[0].style.name == "Heading 1" and paragraphs[0].text == "Interview transcript"
        assert re.fullmatch(r"Interview date: \d{1,2} [A-Z][a-z]+ 20\d\d", paragraphs[1].text)
        turns = _docx_turns(path)
        assert len(turns) == interview["turns"] == len(paragraphs) - 2
        assert turns[0][0] in INTERVIEWER_LABELS and all(text for _, text in turns)


def test_vtt_captions_parse_with_voices_and_rising_times(sample):
    for _, interview, path in _interviews(sample):
        if interview["format"] != "vtt":
            continue
        captions = webvtt.read(str(path))
        assert path.read_text(encoding="utf-8").startswith("WEBVTT\n\n")
        assert {c.voice for c in captions} == {interview["interviewer"], interview["participant_name"]}
        assert captions[0].voice == interview["interviewer"]
        assert len(_vtt_turns(path)) == interview["turns"]
        times = [(_ms(c.start), _ms(c.end)) for c in captions]
        assert all(start < end for start, end in times)
        assert all(end <= next_start for (_, end), (next_start, _) in zip(times, times[1:]))
        identifiers = [c.identifier for c in captions]
        assert len(set(identifiers)) == len(identifiers)
        assert all(re.fullmatch(r"[0-9a-f-]{36}/\d+-[0-3]", i) for i in identifiers)


def test_truth_counts_turns_and_themes_per_interview(sample):
    _, truth = sample
    for site_truth in truth.values():
        json.dumps(site_truth)
        for interview in site_truth["interviews"]:
            assert 15 <= interview["turns"] <= 35
            participant_turns = interview["turns"] // 2
            assert set(interview["themes"]) <= set(THEMES)
            assert all(0 < n <= participant_turns for n in interview["themes"].values())
            assert list(interview["themes"]) == [t for t in THEMES if t in interview["themes"]]


def test_planted_personal_data_occurs_in_its_file(sample):
    for _, interview, path in _interviews(sample):
        text = _file_text(path, interview["format"])
        assert {"kind": "name", "text": interview["participant_name"]} in interview["pii"]
        for entry in interview["pii"]:
            assert entry["text"] in text, (interview["file"], entry)


def test_every_site_plants_every_kind_of_personal_data(sample):
    _, truth = sample
    kinds = {"name", "nhs_number", "phone", "email", "postcode", "date_of_birth", "place", "condition"}
    for site_id, site_truth in truth.items():
        planted = {entry["kind"] for i in site_truth["interviews"] for entry in i["pii"]}
        assert kinds <= planted, site_id
        places = {e["text"] for i in site_truth["interviews"] for e in i["pii"] if e["kind"] == "place"}
        assert places <= set(SITES[site_id].places)


def test_nhs_numbers_pass_the_modulus_11_check(sample):
    _, truth = sample
    numbers = _planted(truth, "nhs_number")
    assert len(numbers) >= len(truth)
    assert all(people.is_valid_nhs_number(n) for n in numbers)
    assert people.is_valid_nhs_number("943 476 5919") and not people.is_valid_nhs_number("943 476 5910")


def test_phone_numbers_come_from_the_drama_ranges(sample):
    _, truth = sample
    drama = re.compile(r"07700 900\d{3}|0\d{3} 496 0\d{3}|020 7946 0\d{3}")
    phones = _planted(truth, "phone")
    assert phones and all(drama.fullmatch(p) for p in phones)


def test_theme_mix_follows_the_coproduction_level(sample):
    _, truth = sample
    high, low = SITES["harbourside-ics"], SITES["pennine-edge-ics"]
    assert category_weights(high)["challenge"] < category_weights(low)["challenge"]
    high_shares = _category_shares(truth[high.site_id])
    low_shares = _category_shares(truth[low.site_id])
    assert low_shares["challenge"] > 2 * high_shares["challenge"]
    assert high_shares["value"] + high_shares["facilitator"] > low_shares["value"] + low_shares["facilitator"]


def test_speech_bank_covers_every_theme_for_every_role():
    bank = load_bank()
    assert min(bank.passages_per_theme().values()) >= 8
    for role in INTERVIEWED_ROLES:
        for category in ("facilitator", "value", "challenge"):
            assert len(bank.themes_for(role, category)) >= 4, (role, category)
    negated = [p for p in bank.passages if p.negates]
    assert len(negated) >= 10 and all(not set(p.negates) & set(p.themes) for p in negated)
    assert sum(len(p.themes) == 2 for p in bank.passages) >= 15


def test_spoken_texture_keeps_every_slot_whole():
    rng = random.Random(1)
    slot = re.compile(r"\{(\w+)\}")
    for passage in load_bank().passages:
        said = speak(passage.text, rng, Voice(2.0))
        assert set(slot.findall(said)) == set(slot.findall(passage.text))
        assert said.count("{") == said.count("}") == len(slot.findall(said))


def test_docx_zip_entries_are_pinned(sample):
    for _, interview, path in _interviews(sample):
        if interview["format"] == "docx":
            with zipfile.ZipFile(path) as archive:
                assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
                assert b"2023-07-01T00:00:00Z" in archive.read("docProps/core.xml")
            return
    pytest.fail("no .docx interview in the sample")


def test_every_turn_of_a_hundred_generated_sites_has_words(tmp_path):
    from evaluation.synth.sites import site_specs

    for spec in site_specs(100, 2022)[25:40]:  # includes a site whose interviews once ran out of passages
        write_site_interviews(spec, tmp_path / spec.site_id, 2022)
    for transcript in tmp_path.rglob("*.txt"):
        assert not re.search(r"^(Interviewer|Participant|Q|A|Respondent):\s*$", transcript.read_text(), re.M)
