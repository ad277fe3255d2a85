"""Learning from the evaluators' coding: the `train-coder` / `code` contract, and review rounds raising agreement."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaluation.cli import main
from evaluation.coding.agreement import cohen_kappa
from evaluation.coding.codebook import CATEGORIES, load_codebook
from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.coders.semantic import SemanticCoder
from evaluation.coding.coders.training_data import TrainingSet
from evaluation.coding.review.round_trip import teaching_sample
from evaluation.text.embed import EmbeddingCache

LABELLED = Path(__file__).resolve().parents[1] / "benchmarks" / "devset" / "validation_guidance.csv"
SAID = {  # (facilitator, value, challenge)
    "Paying partners for their time made it possible for them to come.": (1, 0, 0),
    "Training staff in co-production before the project started helped a lot.": (1, 0, 0),
    "Meeting in the evening meant working carers could take part.": (1, 0, 0),
    "People said they felt listened to for the first time.": (0, 1, 0),
    "The service is now designed around what patients actually need.": (0, 1, 0),
    "Partners grew in confidence and went on to lead sessions.": (0, 1, 0),
    "There was never enough time to involve people properly.": (0, 0, 1),
    "Recruiting people from minority communities was hard.": (0, 0, 1),
    "Some staff found it difficult to share decisions.": (0, 0, 1),
    "The report was published in March.": (0, 0, 0),
}


def category_csv(path: Path, themes: bool = False) -> Path:
    rows = [{"text": f"{text} ({i})", **dict(zip(CATEGORIES, flags))} for i in range(3) for text, flags in SAID.items()]
    frame = pd.DataFrame(rows)
    if themes:
        frame["funding_and_payment"] = frame["text"].str.startswith("Paying").astype(int)
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("themes", [False, True], ids=["categories", "categories-and-a-theme"])
def test_train_coder_learns_from_category_columns_and_code_writes_the_three_categories(tmp_path, themes):
    train = category_csv(tmp_path / "train.csv", themes)
    assert main(["train-coder", str(train), "--text-column", "text", "--out", str(tmp_path / "model")]) == 0
    pd.DataFrame({"text": list(SAID)}).to_csv(tmp_path / "test.csv", index=False)
    assert main(["code", str(tmp_path / "test.csv"), "--text-column", "text", "--model", str(tmp_path / "model"),
                 "--out", str(tmp_path / "out.csv"), "--workers", "1"]) == 0
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(out.columns) == ["text", "facilitator", "value", "challenge", "themes", "evidence"]
    truth = np.array(list(SAID.values()))
    for j, category in enumerate(CATEGORIES):  # learned from three copies of each: it should get them back
        assert (out[category].to_numpy() == truth[:, j]).mean() >= 0.8, category
    model = LearnedCoder.load(tmp_path / "model")
    assert set(CATEGORIES) <= set(model.themes) and model.metadata["codebook"] is not None


def test_two_rounds_of_review_raise_agreement_on_segments_nobody_reviewed(encoder, tmp_path):
    labelled = pd.read_csv(LABELLED, keep_default_na=False)
    labelled = labelled.assign(site_id=np.where(np.arange(len(labelled)) % 2, "b", "a"), coded=True,
                               segment_id=[f"s{i:03d}" for i in range(len(labelled))])
    held_out = labelled.iloc[::3]
    pool = labelled.drop(held_out.index)
    codebook = load_codebook()
    semantic = SemanticCoder(codebook, encoder, cache=EmbeddingCache(tmp_path))
    coder, reviewed, agreement = DefaultCoder(RuleCoder(codebook), semantic), [], []
    for _ in range(2):
        coding = coder.code(pool["segment_id"].tolist(), pool["text"].tolist())
        reviewed += teaching_sample(pool, coding, reviewed, per_site=25)["segment_id"].tolist()
        coded = pool[pool["segment_id"].isin(reviewed)]
        learned = LearnedCoder.train(TrainingSet(coded["text"].tolist(), coded[list(CATEGORIES)].reset_index(
            drop=True)), codebook, cache=semantic.cache)
        learned.cache = semantic.cache
        coder = DefaultCoder(RuleCoder(codebook), semantic, learned)
        flags = pd.DataFrame([coder.categories(c) for c in coder.code_texts(held_out["text"].tolist())])
        agreement.append(np.mean([cohen_kappa(held_out[c].to_numpy(), flags[c].to_numpy()) for c in CATEGORIES]))
    assert len(set(reviewed)) == 100  # 25 per site per round, never the same segment twice
    assert agreement[1] > agreement[0]


def test_the_next_sample_takes_what_the_coders_disagree_on_theme_by_theme_plus_a_random_share():
    segments = pd.DataFrame({"site_id": "a", "segment_id": [f"s{i:02d}" for i in range(30)], "coded": True,
                             "text": "x"})
    coding = pd.DataFrame({"segment_id": ["s01", "s02", "s03", "s04", "s05"],
                           "theme_id": ["pay", "pay", "time", "time", "pay"],
                           "coder": ["rules", "rules+semantic", "semantic", "rules+semantic", "rules+semantic"],
                           "score": [0.5, 0.95, 0.55, 0.9, 0.9]})
    sample = teaching_sample(segments, coding, reviewed=["s05"], per_site=6, random_share=1 / 3)
    chosen = set(sample["segment_id"])
    assert len(chosen) == 6 and "s05" not in chosen
    assert {"s01", "s03"} <= chosen  # the least certain of each theme
    again = teaching_sample(segments, coding, reviewed=["s05"], per_site=6, random_share=1 / 3)
    pd.testing.assert_frame_equal(sample, again)
