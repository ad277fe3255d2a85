import pytest

from evaluation.coding.codebook import build_codebook
from evaluation.coding.coders.rules import RuleCoder, evidence, normalise


def tiny_codebook(**rules):
    return build_codebook({
        "codebook": "tiny", "version": "0",
        "categories": {c: {"name": c} for c in ("facilitator", "value", "challenge")},
        "rules": {"negators": ["never", "no", "not", "n't", "lack of", "without"], "hedges": ["maybe", "a bit"],
                  "hedge_weight": 0.5, "threshold": 1.0, **rules},
        "themes": [
            {"id": "funding_and_payment", "category": "facilitator", "name": "Funding", "definition": "d",
             "patterns": ["funding", "paid", "payment*"], "when_negated": "resources_and_time"},
            {"id": "resources_and_time", "category": "challenge", "name": "Resources", "definition": "d",
             "patterns": ["time pressure*", "stretched"]},
            {"id": "listened_to", "category": "value", "name": "Listened to", "definition": "d",
             "patterns": ["listened to", "listen*", "heard @0.5"]},
            {"id": "recruitment", "category": "challenge", "name": "Recruitment", "definition": "d",
             "patterns": ["recruit*"]},
        ],
    })


@pytest.fixture(scope="module")
def coder():
    return RuleCoder(tiny_codebook())


def themes(coder, text):
    return [c.theme_id for c in coder.code_text(text)]


def test_normalising_keeps_every_position(coder):
    text = "We’re PAID — well, “sort of”!"
    assert len(normalise(text)) == len(text)
    assert normalise(text).startswith("we're paid")


def test_a_pattern_matches_whole_words_only(coder):
    assert themes(coder, "The funding came through.") == ["funding_and_payment"]
    assert themes(coder, "Refunding the tickets.") == []


def test_a_stem_pattern_matches_any_ending_of_its_last_word(coder):
    assert themes(coder, "Recruitment was slow.") == ["recruitment"]
    assert themes(coder, "We were recruiting all year.") == ["recruitment"]


def test_a_negated_facilitator_counts_as_its_challenge(coder):
    [code] = coder.code_text("We never had the funding for it.")
    assert (code.theme_id, code.negated) == ("resources_and_time", True)


def test_a_negator_after_the_mention_also_negates_it(coder):
    assert themes(coder, "The funding never came through.") == ["resources_and_time"]
    assert themes(coder, "The funding wasn't there.") == ["resources_and_time"]


def test_negation_stops_at_the_clause(coder):
    assert themes(coder, "There was no room, but the funding helped.") == ["funding_and_payment"]


def test_a_negated_theme_without_a_counterpart_counts_for_nothing(coder):
    assert themes(coder, "Nobody felt they were not listened to.") == []


def test_a_hedged_mention_counts_for_less(coder):
    assert themes(coder, "They listened to us.") == ["listened_to"]
    assert themes(coder, "Maybe they listened to us.") == []
    assert themes(coder, "Maybe they listened to us, and they really listened.") == ["listened_to"]


def test_weak_patterns_need_support_to_reach_the_threshold(coder):
    assert themes(coder, "We were heard.") == []
    assert themes(coder, "We were heard and heard again.") == ["listened_to"]


def test_overlapping_patterns_of_one_theme_count_once(coder):
    [code] = coder.code_text("They listened to us.")
    assert code.score == pytest.approx(0.632, abs=0.001)  # 1 - e^-1: one match, not two


def test_a_segment_can_carry_several_themes_and_categories(coder):
    codes = coder.code_text("We were paid for our time, though recruiting was slow.")
    assert sorted(c.theme_id for c in codes) == ["funding_and_payment", "recruitment"]
    assert coder.categories(codes) == {"facilitator": 1, "value": 0, "challenge": 1}


def test_the_evidence_is_the_matched_words_in_their_clause(coder):
    text = "It took ages to set up, and we never had the funding to pay people properly for their time."
    [code] = coder.code_text(text)
    assert text[code.start:code.end] == "funding"
    assert evidence(text, code.start, code.end) == "and we never had the funding to pay people properly for their time"


def test_long_evidence_is_cut_at_word_boundaries_around_the_match():
    text = "one two three four five six seven eight nine ten funding eleven twelve thirteen fourteen fifteen sixteen"
    start = text.index("funding")
    snippet = evidence(text, start, start + 7, context=20)
    assert snippet.startswith("…") and snippet.endswith("…") and "funding" in snippet
    assert all(word in text.split() for word in snippet.strip("…").split())


def test_the_coding_table_names_coder_category_score_and_evidence(coder):
    table = coder.code(["s1", "s2"], ["We never had the funding.", "Nothing to add."])
    assert table[["segment_id", "theme_id", "category", "coder"]].values.tolist() == [
        ["s1", "resources_and_time", "challenge", "rules"]]
    assert table["evidence"].iloc[0] == "We never had the funding"


def test_of_two_patterns_covering_the_same_word_the_weightier_counts():
    coder = RuleCoder(build_codebook({
        "codebook": "t", "version": "0", "categories": {c: {"name": c} for c in ("facilitator", "value", "challenge")},
        "rules": {"threshold": 1.0},
        "themes": [{"id": "pay", "category": "facilitator", "name": "Pay", "definition": "d",
                    "patterns": ["pay* @0.4", "payment*"]}]}))
    assert themes(coder, "Payments were made.") == ["pay"]


@pytest.mark.parametrize("text", ["Plain ASCII: it's `quoted`, 50% - OK!", "Café — we’re “in”", "Straße İstanbul"])
def test_the_fast_ascii_path_normalises_exactly_as_the_general_one(text):
    from evaluation.coding.coders.rules import _APOSTROPHES, _NOT_WORD

    general = _NOT_WORD.sub(" ", text.translate(_APOSTROPHES).lower())
    if len(general) == len(text):
        assert normalise(text) == general
    assert len(normalise(text)) == len(text)
