"""The sentence encoder, the semantic coder and the default coder that joins it to the rules."""

import shutil

import numpy as np
import pandas as pd
import pytest

from evaluation.coding.codebook import build_codebook, load_codebook
from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.coders.semantic import SemanticCoder
from evaluation.text.embed import EmbeddingCache, EncoderFileError, SentenceEncoder, encoder_files

PAID = "We were paid for our time, which made it possible for us to come."
STRETCHED = "There was never enough time, and staff were stretched thin."


@pytest.fixture(scope="module")
def default(encoder):
    codebook = load_codebook()
    return DefaultCoder(RuleCoder(codebook), SemanticCoder(codebook, encoder))


def test_embeddings_are_unit_length_and_do_not_depend_on_the_order_asked(encoder):
    texts = ["They listened to us.", PAID, "They listened to us.", STRETCHED]
    vectors = encoder.embed(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    assert np.array_equal(encoder.embed(texts[::-1])[::-1], vectors)


def test_similar_meanings_are_closer_than_different_ones(encoder):
    money, pay, weather = encoder.embed(["They paid us for our time.", "Partners received payment for taking part.",
                                         "It rained all afternoon."])
    assert money @ pay > money @ weather + 0.2


def test_a_cached_text_is_not_embedded_again(encoder, tmp_path):
    cache = EmbeddingCache(tmp_path)
    first = encoder.embed([PAID, STRETCHED], cache)
    marked = np.full(384, 0.5, dtype=np.float32)
    cache.put([PAID], marked[None, :])  # what is cached is what comes back: nothing was embedded
    again = encoder.embed([PAID, STRETCHED], cache)
    assert np.array_equal(again[0], marked) and np.array_equal(again[1], first[1])


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path):
    files = encoder_files()
    shutil.copy(files.tokenizer, tmp_path / "tokenizer.json")
    (tmp_path / "model.onnx").write_bytes(b"an ONNX file from somewhere else")
    with pytest.raises(EncoderFileError, match="SHA-256 .* is not the pinned"):
        SentenceEncoder.load(tmp_path)
    with pytest.raises(EncoderFileError, match="no such file"):
        SentenceEncoder.load(tmp_path / "nowhere")


def test_a_team_can_point_at_its_own_copy_of_the_model(tmp_path, monkeypatch):
    files = encoder_files()
    (tmp_path / "model.onnx").symlink_to(files.model)
    shutil.copy(files.tokenizer, tmp_path / "tokenizer.json")
    monkeypatch.setenv("EVALUATION_ENCODER_DIR", str(tmp_path))
    assert encoder_files().model == tmp_path / "model.onnx"
    assert SentenceEncoder.load().embed(["hello"]).shape == (1, 384)


def test_the_semantic_coder_picks_the_theme_a_users_own_codebook_describes(encoder):
    codebook = build_codebook({
        "codebook": "own", "version": "1", "categories": {c: {"name": c} for c in ("facilitator", "value",
                                                                                     "challenge")},
        "themes": [{"id": "money", "category": "facilitator", "name": "Paying people",
                    "definition": "Paying partners for their time and covering their expenses.", "patterns": ["zzz"]},
                   {"id": "skills", "category": "facilitator", "name": "Training",
                    "definition": "Training staff and partners in how to work together.", "patterns": ["yyy"]},
                   {"id": "short", "category": "challenge", "name": "Too little time",
                    "definition": "Deadlines and workloads leaving no time for co-production.", "patterns": ["xxx"]}]})
    coder = SemanticCoder(codebook, encoder)
    assert [c.theme_id for c in coder.code_text(PAID)] == ["money"]
    assert [c.theme_id for c in coder.code_text(STRETCHED)] == ["short"]
    assert coder.code_text(PAID)[0].coders == ("semantic",)


def test_the_default_coder_says_which_coders_found_each_code(default):
    codes = {c.theme_id: c for c in default.code_text(PAID)}
    assert codes["funding_and_payment"].coders == ("rules", "semantic")
    coding = default.code(["s1", "s2"], [PAID, STRETCHED])
    row = coding[(coding["segment_id"] == "s2") & (coding["theme_id"] == "resources_and_time")].iloc[0]
    assert row["coder"] == "rules+semantic" and "stretched" in row["evidence"]
    assert default.categories(default.code_text(STRETCHED)) == {"facilitator": 0, "value": 0, "challenge": 1}


def test_the_category_head_cuts_where_agreement_with_people_is_best_and_refits_identically():
    from evaluation.coding.coders.semantic import fit_category_head

    rng = np.random.default_rng(0)
    vectors, noise = rng.normal(size=(200, 8)), rng.normal(size=200)
    # facilitator in two rows of three, told apart only roughly: the F1-best cut codes 179 rows of 200, the κ-best 97
    labels = pd.DataFrame({"facilitator": (vectors[:, 0] + noise > -0.5).astype(int),
                           "value": (vectors[:, 1] > 0).astype(int), "challenge": (vectors[:, 2] > 0.5).astype(int)})
    head = fit_category_head(vectors, labels, "made-up vectors")
    coded = head.probabilities(vectors) >= head.thresholds
    assert coded[:, 0].sum() < 0.8 * labels["facilitator"].sum()
    assert head.metadata["cv_kappa"]["value"] > 0.9 and head.metadata["cv_kappa"]["challenge"] > 0.9
    assert fit_category_head(vectors, labels, "made-up vectors").to_json() == head.to_json()
