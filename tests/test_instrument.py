import pandas as pd
import pytest
import yaml

from evaluation.survey.instrument import InstrumentError, load_instrument, read_instrument_spec


@pytest.mark.parametrize("heading", [
    "Q3. My views were listened to", "My views were listened to", "MY VIEWS WERE  LISTENED TO ", "q3_listened_to",
    "LISTENED_TO", "Views listened to", "Q03 - My views were listened to", "Q3 (listened_to)",
])
def test_every_export_style_of_a_heading_matches_its_item(instrument, heading):
    assert instrument.field_for_heading(heading) == "item:listened_to"


@pytest.mark.parametrize("heading", ["Q3", " q3 ", "Q03", "Q5_1", "3"])
def test_a_bare_question_code_matches_nothing(instrument, heading):
    assert instrument.field_for_heading(heading) is None


@pytest.mark.parametrize("heading, field", [
    ("Respondent ID", "respondent_id"), ("ResponseId", "respondent_id"), ("Survey wave", "wave"),
    ("Which of these best describes you?", "role"), ("Q15. What helped you to take part or made co-production work "
                                                    "well?", "free_text:what_helped"),
])
def test_identifier_and_free_text_headings_match(instrument, heading, field):
    assert instrument.field_for_heading(heading) == field


def test_a_heading_the_instrument_does_not_know_matches_nothing(instrument):
    assert instrument.field_for_heading("Start date") is None


@pytest.mark.parametrize("raw, code", [
    ("Strongly agree", 5), ("strongly agree ", 5), ("5 - Strongly Agree", 5), ("Agree (4)", 4), ("STRONGLY AGREE", 5),
    ("Tend to agree", 4), ("Neutral", 3), ("Neither agree nor disagree", 3), ("Strongly Disagree", 1),
])
def test_label_spellings_map_onto_one_scale(instrument, raw, code):
    mapped = instrument.map_answers(pd.Series([raw], dtype=object))
    assert mapped.loc[0, "code"] == code
    assert mapped.loc[0, "answer_status"] == "answered"
    assert mapped.loc[0, "label"] == instrument.scale[code]


@pytest.mark.parametrize("raw, status", [
    ("Prefer not to say", "prefer_not_to_say"), ("Don't know", "dont_know"), ("Don\u2019t know", "dont_know"),
    ("N/A", "not_applicable"), ("", "missing"), (None, "missing"), ("   ", "missing"),
])
def test_non_answers_are_kept_without_a_code(instrument, raw, status):
    mapped = instrument.map_answers(pd.Series([raw], dtype=object))
    assert pd.isna(mapped.loc[0, "code"])
    assert mapped.loc[0, "answer_status"] == status


@pytest.mark.parametrize("raw, code", [("2", 2), ("1.0", 1), (1.0, 1)])
def test_bare_numbers_are_codes_only_when_the_file_or_the_evaluator_says_so(instrument, raw, code):
    assert instrument.map_answers(pd.Series([raw], dtype=object), numbers_are_codes=True).loc[0, "code"] == code
    unsaid = instrument.map_answers(pd.Series([raw], dtype=object))
    assert unsaid.loc[0, "answer_status"] == "unmapped" and "a bare number" in unsaid.loc[0, "reason"]


def test_an_explicit_answer_mapping_comes_first(instrument):
    mapped = instrument.map_answers(pd.Series(["0", "4", "Agree"]), answers={"0": 1, "4": "dont_know"})
    assert mapped["code"].tolist()[::2] == [1, 4] and mapped["answer_status"].tolist() == ["answered", "dont_know",
                                                                                         "answered"]


@pytest.mark.parametrize("raw, reason, numbers", [
    ("Agreee", "no scale label or synonym", False), ("6", "outside the 1-5 scale", True),
    ("5 - Disagree", "disagree", False), ("07700900461", "outside the 1-5 scale", True),
])
def test_answers_that_cannot_be_mapped_say_why_without_repeating_them(instrument, raw, reason, numbers):
    mapped = instrument.map_answers(pd.Series([raw], dtype=object), numbers_are_codes=numbers)
    assert mapped.loc[0, "answer_status"] == "unmapped"
    assert pd.isna(mapped.loc[0, "code"])
    assert reason in mapped.loc[0, "reason"] and raw not in mapped.loc[0, "reason"]


def test_wave_and_role_spellings_map_to_canonical_values(instrument):
    waves = instrument.map_wave(pd.Series(["Baseline", "BL", "Wave 2", "follow up ", "Follow-up", "Wave 3"]))
    assert waves.tolist()[:5] == ["baseline", "baseline", "follow_up", "follow_up", "follow_up"]
    assert pd.isna(waves.iloc[5])
    roles = instrument.map_role(pd.Series(["Member of staff", "VCSE partner", "Unpaid carer", None, "Astronaut"]))
    assert roles.tolist()[:4] == ["staff", "voluntary_sector", "carer", "not_stated"]
    assert pd.isna(roles.iloc[4])


def test_reverse_coded_items_are_flagged(instrument):
    assert {item.id for item in instrument.items if item.reverse} == {"decisions_made_elsewhere", "hard_to_take_part"}
    assert 10 <= len(instrument.items) <= 16


def _write_variant(tmp_path, change):
    spec = read_instrument_spec()
    change(spec)
    path = tmp_path / "instrument.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_a_synonym_claimed_by_two_scale_points_is_rejected(tmp_path):
    path = _write_variant(tmp_path, lambda s: s["scale"]["codes"][4]["synonyms"].append("strongly agree"))
    with pytest.raises(InstrumentError, match="'strongly_agree' in scale means both"):
        load_instrument(path)


def test_a_gap_in_the_scale_is_rejected(tmp_path):
    path = _write_variant(tmp_path, lambda s: s["scale"]["codes"].pop(3))
    with pytest.raises(InstrumentError, match="consecutive"):
        load_instrument(path)


def test_every_dimension_an_item_measures_has_a_display_name_and_description(instrument):
    assert list(instrument.dimensions) == list(dict.fromkeys(item.dimension for item in instrument.items))
    assert instrument.dimension_name("listened_to") == "Being listened to"
    assert all(d.description.endswith(".") and "_" not in d.name for d in instrument.dimensions.values())


def test_a_dimension_without_a_name_is_rejected(tmp_path):
    path = _write_variant(tmp_path, lambda s: s["dimensions"].pop("recognition"))
    with pytest.raises(InstrumentError, match="dimensions has no entry for recognition"):
        load_instrument(path)


def test_a_named_dimension_no_item_measures_is_rejected(tmp_path):
    path = _write_variant(tmp_path, lambda s: s["dimensions"].update(trust={"name": "Trust", "description": "."}))
    with pytest.raises(InstrumentError, match="lists trust, which no item measures"):
        load_instrument(path)


def test_an_item_without_a_dimension_is_rejected(tmp_path):
    path = _write_variant(tmp_path, lambda s: s["items"][2].pop("dimension"))
    with pytest.raises(InstrumentError, match="item 3 is missing dimension"):
        load_instrument(path)
