"""Fit the semantic coder's category head (evaluation/coding/models/category_head.json).

    python benchmarks/train_category_head.py [--out FILE] [--with-gold]

The packaged head is trained on:
- benchmarks/devset/tuning_guidance.csv and validation_guidance.csv (540 sentences in the style of guidance and
  reports, written and coded for the purpose);
- the 101 units of ../shared/context/ coded in benchmarks/devset/context_category_labels.csv (real text);
- the packaged codebook's own theme texts (definitions, inclusions, examples), each coded with its theme's category.
--with-gold adds the 75 units of ../shared/data/coproduction-gold/guidance_gold.csv (real published guidance coded
by a person). The packaged head leaves them out: by grouped cross-validation over contiguous stretches of that page
(benchmarks/coproduction_gold.py, each fold coded by a head refitted without it) adding the other folds' units did
not raise the default coder's κ overall (facilitator 0.36 -> 0.34, value 0.59 -> 0.56, challenge 0.58 -> 0.65), so the
page stays a clean measure of text the head has not seen.
The real text is read from ../shared and skipped, with a warning, when it is absent (the file then differs).
Settings fixed in advance, not tuned on the gold: C = 2, every sentence weighted 1, each category's threshold the
Cohen's-κ-best cut of 5-fold out-of-fold probabilities (semantic.fit_category_head).
Deterministic: the same inputs give a byte-identical file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_agreement import CONTEXT, VALIDATION, development_set  # noqa: E402

from evaluation.coding.codebook import CATEGORIES, load_codebook  # noqa: E402
from evaluation.coding.coders.semantic import HEAD_FILE, fit_category_head  # noqa: E402
from evaluation.text.embed import SentenceEncoder  # noqa: E402

OUT = HERE.parent / "evaluation" / "coding" / "models" / HEAD_FILE
GOLD = HERE.parents[1] / "shared" / "data" / "coproduction-gold" / "guidance_gold.csv"


def training_sentences(without_gold: Iterable[str] = (), with_gold: bool = False) -> tuple[pd.DataFrame, str]:
    """The head's training sentences (text, 0/1 per category, source), leaving out the gold units whose `id` is in
    `without_gold` (or all of them when `with_gold` is false)."""
    columns = ["text", *CATEGORIES]
    parts = [pd.read_csv(HERE / "devset" / "tuning_guidance.csv")[columns].assign(source="tuning"),
             pd.read_csv(VALIDATION)[columns].assign(source="validation")]
    described = ["tuning_guidance.csv (300)", "validation_guidance.csv (240)"]
    if CONTEXT.is_dir():
        context = development_set()[columns]
        parts.append(context.assign(source="context"))
        described.append(f"context_category_labels.csv ({len(context)})")
    else:
        print(f"warning: {CONTEXT} absent; fitting without the real context sentences", file=sys.stderr)
    if with_gold and GOLD.exists():
        gold = pd.read_csv(GOLD, keep_default_na=False)
        gold = gold[~gold["id"].isin(set(without_gold))]
        parts.append(gold[columns].assign(source="gold"))
        described.append(f"coproduction-gold guidance_gold.csv ({len(gold)})")
    elif with_gold:
        print(f"warning: {GOLD} absent; fitting without the real guidance units", file=sys.stderr)
    rows = [{"text": text, **{c: int(c == theme.category) for c in CATEGORIES}, "source": "codebook"}
            for theme in load_codebook().themes for text in (theme.definition, *theme.include, *theme.examples)]
    parts.append(pd.DataFrame(rows))
    described.append(f"codebook theme texts ({len(rows)})")
    frame = pd.concat(parts, ignore_index=True)
    frame["text"] = frame["text"].astype(str)
    return frame, ", ".join(described)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--with-gold", action="store_true", help="add the coproduction-gold units (not packaged)")
    args = parser.parse_args()
    frame, described = training_sentences(with_gold=args.with_gold)
    vectors = SentenceEncoder.load().embed(frame["text"].tolist())
    head = fit_category_head(vectors, frame, described)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(head.to_json(), encoding="utf-8")
    print(f"{len(frame)} sentences; out-of-fold kappa {head.metadata['cv_kappa']}; thresholds "
          f"{[round(float(t), 3) for t in head.thresholds]} -> {args.out}")


if __name__ == "__main__":
    main()
