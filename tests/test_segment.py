import pandas as pd

from evaluation.text.segment import default_sentence_splitter, segment_turns, split_units, train_sentence_splitter


def test_titles_and_abbreviations_do_not_end_a_sentence():
    units = split_units("I met Dr. Okafor at 3 p.m. on Monday. She was kind, e.g. she called back.")
    assert units == ["I met Dr. Okafor at 3 p.m. on Monday.", "She was kind, e.g. she called back."]


def test_bullets_and_paragraphs_are_units_of_their_own():
    text = "What helped\n\n  • Funding for payment\n  • Training for staff\nThe end."
    assert split_units(text) == ["What helped", "Funding for payment", "Training for staff", "The end."]


def test_punkt_learns_from_the_corpus_and_keeps_the_shipped_abbreviations():
    corpus = ["We met Dr. Shah. Then we talked. Then we left.", "It was fine. Then it rained."] * 40
    splitter = train_sentence_splitter(corpus)
    assert "then" in splitter._params.sent_starters  # learned: a frequent sentence opener
    assert split_units("We met Dr. Shah at the hub. Then we left.", splitter) == [
        "We met Dr. Shah at the hub.", "Then we left."]


def test_turns_become_segments_and_only_participants_are_coded():
    turns = pd.DataFrame({
        "site_id": ["s", "s"], "interview_id": ["I1", "I1"], "turn": [1, 2],
        "speaker": ["interviewer", "participant"], "speaker_role": ["interviewer", "carer"],
        "participant_role": ["carer", "carer"], "text": ["What helped?", "The funding. And the training."],
    })
    segments = segment_turns(turns, default_sentence_splitter())
    assert segments["segment_id"].tolist() == ["I1/t001/s01", "I1/t002/s01", "I1/t002/s02"]
    assert segments["coded"].tolist() == [False, True, True]
    assert segments["text"].tolist() == ["What helped?", "The funding.", "And the training."]


def test_ordinary_words_are_not_learned_as_abbreviations():
    corpus = ["It was the best hour. We met again.", "Not yet. Maybe next week.", "Mm. That's right."] * 30
    splitter = train_sentence_splitter(corpus)
    assert split_units("Not yet. Maybe next week.", splitter) == ["Not yet.", "Maybe next week."]
