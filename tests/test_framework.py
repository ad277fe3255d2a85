import pandas as pd
import pytest

from evaluation.coding.codings import coding_frame
from evaluation.coding.framework import attribution, framework_matrix, quote_clarity, theme_cooccurrence
from tests.test_rules import tiny_codebook


def segment(site, interview, n, role, text, sentiment=0.0, coded=True):
    return {"site_id": site, "interview_id": interview, "segment_id": f"{interview}/s{n}", "participant_role": role,
            "coded": coded, "text": text, "sentiment": sentiment}


SEGMENTS = pd.DataFrame([
    segment("a", "A1", 1, "lived_experience", "We were paid for our time, which mattered a lot to us.", 0.5),
    segment("a", "A1", 2, "lived_experience", "They listened to every idea we had and acted on it.", 0.7),
    segment("a", "A2", 1, "staff", "Paid roles made it possible, you know, er, sort of.", 0.1),
    segment("a", "A2", 2, "staff", "What were you paid?", 0.0, coded=False),
    segment("b", "B1", 1, "carer", "Recruiting carers was slow and the funding paid for little.", -0.3),
])
CODING = coding_frame([
    {"segment_id": "A1/s1", "theme_id": "funding_and_payment", "category": "facilitator", "coder": "r+s", "score": .8},
    {"segment_id": "A1/s2", "theme_id": "listened_to", "category": "value", "coder": "r+s", "score": .6},
    {"segment_id": "A2/s1", "theme_id": "funding_and_payment", "category": "facilitator", "coder": "r+s", "score": .6},
    {"segment_id": "B1/s1", "theme_id": "funding_and_payment", "category": "facilitator", "coder": "r+s", "score": .9},
    {"segment_id": "B1/s1", "theme_id": "recruitment", "category": "challenge", "coder": "r+s", "score": .6},
])


# As stored in coded_segments: the site beside each coding row.
CODED_SEGMENTS = CODING.assign(site_id=CODING["segment_id"].str[0].str.lower())


@pytest.fixture(scope="module")
def matrix():
    return framework_matrix(SEGMENTS, CODED_SEGMENTS, tiny_codebook()).set_index(["site_id", "theme_id"])


def test_every_site_has_a_row_for_every_theme_with_zeros(matrix):
    assert len(matrix) == 2 * 4
    assert matrix.loc[("b", "listened_to"), ["segments", "interviews_mentioning", "pct_interviews"]].tolist() == [
        0, 0, 0.0]


def test_counts_share_of_interviews_and_mean_sentiment(matrix):
    funding = matrix.loc[("a", "funding_and_payment")]
    assert (funding["segments"], funding["interviews_mentioning"], funding["interviews"]) == (2, 2, 2)
    assert funding["pct_interviews"] == 100.0
    assert funding["mean_sentiment"] == pytest.approx((0.5 + 0.1) / 2)
    assert funding["category"] == "facilitator" and funding["theme_name"] == "Funding"


def test_the_clearest_quote_comes_first_and_quotes_are_attributed_by_role_only(matrix):
    funding = matrix.loc[("a", "funding_and_payment")]
    assert funding["quote_1"] == "We were paid for our time, which mattered a lot to us."
    assert funding["quote_by_1"] == "Person with lived experience, interview"
    assert funding["quote_by_2"] == "Member of staff, interview"
    assert pd.isna(funding["quote_3"])


def test_questions_are_never_quotes_and_fillers_make_a_quote_less_clear():
    assert quote_clarity("What were you paid?", 1.0) == float("-inf")
    assert quote_clarity("Paid roles made it possible for everyone to come.", 0.6) > \
        quote_clarity("Paid roles made it possible, you know, er, sort of.", 0.6)
    assert quote_clarity("Paid roles made it possible for everyone to come.", 0.6) > \
        quote_clarity("Without that we would have been two people standing in a hall.", 0.6)
    assert attribution("other") == "Participant, interview"


def test_cooccurrence_counts_segments_and_interviews_with_jaccard():
    pairs = theme_cooccurrence(CODED_SEGMENTS, SEGMENTS, tiny_codebook())
    overall = pairs[pairs["site_id"] == "all"].set_index(["theme_a", "theme_b"])
    both = overall.loc[("funding_and_payment", "recruitment")]
    assert (both["segments"], both["interviews"]) == (1, 1)
    assert both["jaccard"] == pytest.approx(1 / 3, abs=0.001)  # funding in 3 segments, recruitment in 1, together in 1
    assert overall.loc[("funding_and_payment", "listened_to"), "segments"] == 0  # same interview, not segment
    assert set(pairs["site_id"]) == {"all", "a", "b"}


def quoted(text, coder="rules+semantic", score=0.9, confirmed=None):
    segments = pd.DataFrame([segment("a", "A1", 1, "carer", text)])
    coding = coding_frame([{"segment_id": "A1/s1", "theme_id": "listened_to", "category": "value", "coder": coder,
                            "score": score}]).assign(site_id="a")
    matrix = framework_matrix(segments, coding, tiny_codebook(), confirmed).set_index(["site_id", "theme_id"])
    return matrix.loc[("a", "listened_to"), "quote_1"]


def test_a_quote_needs_a_confident_code_agreed_by_two_coders_or_confirmed_by_a_reviewer():
    said = "They listened to every idea we had and acted on it."
    assert quoted(said) == said
    assert pd.isna(quoted(said, coder="semantic"))
    assert pd.isna(quoted(said, score=0.4))
    assert quoted(said, coder="semantic", confirmed={("A1/s1", "listened_to")}) == said


def test_a_negated_or_hedged_mention_is_never_a_quote():
    assert pd.isna(quoted("Decisions got made elsewhere, and they never listened to us."))
    assert pd.isna(quoted("Maybe they listened to us in the end, in their way."))
