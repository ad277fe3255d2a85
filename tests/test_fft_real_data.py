"""Real NHS free text (the pxtextmining FFT comments in ../shared): the benchmark protocol, a quick learned coder,
the sentiment check, and the two trusts and their services through the cross-site machinery as if they were sites.
Skipped when ../shared is absent. The full benchmark is benchmarks/fft_learned_coder.py."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.coders.learned import LearnedCoder, Settings
from evaluation.coding.fft import (EXCLUDED_THEMES, FFT_FILE, as_sites, load_fft, sentiment_agreement,
                                   standard_question, theme_prevalence)
from evaluation.survey.funnel import funnel_limits, funnel_plot
from evaluation.text.sentiment import sentiment
from tests.builders import SHARED

FFT = SHARED / "data" / "pxtextmining" / FFT_FILE
pytestmark = pytest.mark.skipif(not FFT.exists(), reason=f"{FFT} is not here (../shared absent)")


@pytest.fixture(scope="module")
def fft():
    return load_fft(FFT)


def test_the_protocol_keeps_answered_rows_and_themes_with_25_examples(fft):
    assert len(fft.comments) == 7394
    assert len(fft.themes) == 34
    assert not set(EXCLUDED_THEMES) & set(fft.themes)
    assert fft.labels.sum().min() >= 25
    assert set(fft.comments["trust"]) == {"NEAS", "NHFT"}
    assert set(fft.comments["question"]) == {"what_was_good", "what_could_improve", "why_that_rating",
                                             "satisfied_or_not"}


def test_the_split_is_80_20_stratified_and_the_same_every_time(fft):
    train, test = fft.split()
    again_train, again_test = fft.split()
    assert (len(train), len(test)) == (5915, 1479)
    assert np.array_equal(test, again_test) and np.array_equal(train, again_train)
    positive = fft.labels["Positive experience & gratitude"].to_numpy()
    assert abs(positive[test].mean() - positive[train].mean()) < 0.002


def test_questions_are_standardised_however_they_were_wrapped():
    assert standard_question("Please describe any things about the 111 service that \nyou were particularly "
                             "satisfied and/or dissatisfied with") == "satisfied_or_not"
    assert standard_question("How could we improve?") == standard_question("What could we do better?")


def test_a_quick_learned_coder_codes_the_frequent_themes_of_unseen_comments(fft):
    train, test = fft.split()
    themes = fft.labels.sum().nlargest(6).index.tolist()
    sample = fft.training_set(train[:2500])
    # words only: embedding 3,000 comments would take the test past a few seconds (the benchmark covers it)
    coder = LearnedCoder.train(type(sample)(sample.texts, sample.labels[themes], sample.context),
                               settings=Settings(embeddings=False))
    unseen = fft.training_set(test[:600])
    predicted = coder.predict(unseen.texts, unseen.context)
    assert f1_score(unseen.labels[themes], predicted, average="macro") > 0.6
    # the agreement report works on real codings: learned vs the labellers
    ids = fft.comments["comment_id"].iloc[test[:600]].tolist()
    table = coding_agreement(coder.code(ids, unseen.texts, unseen.context), fft.coding(test[:600]), ids,
                             fft.codebook())
    overall = table[table["code"] == "overall"].iloc[0]
    assert overall["cohen_kappa"] > 0.5 and set(table["code"]) >= set(themes)


def test_vader_agrees_only_loosely_with_the_labellers_sentiment(fft):
    rows = fft.comments.iloc[:1500]
    figures = sentiment_agreement(rows["sentiment"], sentiment(rows["text"].tolist()))
    assert figures["rows"] == rows["sentiment"].notna().sum()
    assert 0.2 < figures["spearman_rho"] < 0.6 and 0.4 < figures["accuracy_3_class"] < 0.7


def test_the_trusts_run_through_the_cross_site_funnel_as_sites(fft):
    prevalence = theme_prevalence(fft.coding(), as_sites(fft.comments, "trust"), fft.codebook())
    assert set(prevalence["site_id"]) == {"NEAS", "NHFT"}
    assert prevalence.groupby("site_id")["n"].first().sum() == len(fft.comments)
    transport = prevalence[prevalence["theme_id"] == "Transport to/ from services"].set_index("site_id")
    assert transport.loc["NEAS", "proportion"] > transport.loc["NHFT", "proportion"]  # NEAS runs patient transport
    result = funnel_limits(transport.reset_index(), numerator="numerator", denominator="n", measure="Transport")
    assert "only 2 site(s)" in result.note


def test_the_services_as_sites_give_funnel_plots_with_over_dispersion(fft):
    sites = as_sites(fft.comments, "service")
    assert sites["site_id"].nunique() == 7 and "NEAS See and Convey" in set(sites["site_id"])
    prevalence = theme_prevalence(fft.coding(), sites, fft.codebook())
    timeliness = prevalence[prevalence["theme_id"] == "Timeliness of care"]
    result = funnel_limits(timeliness, numerator="numerator", denominator="n", measure="Timeliness of care")
    assert result.k == 7 and result.dispersed and result.tau2 > 0
    figure = funnel_plot(result, x_label="Comments (n)")
    assert figure.alt_text.startswith("Funnel plot of Timeliness of care for 7 sites")
