"""Fit the semantic coder's category head (evaluation/coding/models/category_head.json).

    python benchmarks/train_category_head.py [--out FILE]

Trained on every category-coded sentence the project holds except the real guidance kept for measurement
(../shared/data/coproduction-gold is never used here):
- benchmarks/devset/tuning_guidance.csv and validation_guidance.csv (540 sentences in the style of guidance and
  reports, written and coded for the purpose);
- the 101 units of ../shared/context/ coded in benchmarks/devset/context_category_labels.csv (real text; skipped,
  with a warning, when ../shared is absent);
- the packaged codebook's own theme texts (definitions, inclusions, examples), each coded with its theme's category.
Deterministic: the same inputs give a byte-identical file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from devset_agreement import CONTEXT, VALIDATION, development_set  # noqa: E402

from evaluation.coding.codebook import CATEGORIES, load_codebook  # noqa: E402
from evaluation.coding.semantic import HEAD_FILE, fit_category_head  # noqa: E402
from evaluation.text.embed import SentenceEncoder  # noqa: E402

OUT = HERE.parent / "evaluation" / "coding" / "models" / HEAD_FILE


def training_sentences() -> tuple[pd.DataFrame, str]:
    columns = ["text", *CATEGORIES]
    parts = [pd.read_csv(HERE / "devset" / "tuning_guidance.csv")[columns],
             pd.read_csv(VALIDATION)[columns]]
    described = ["tuning_guidance.csv (300)", "validation_guidance.csv (240)"]
    if CONTEXT.is_dir():
        context = development_set()[columns]
        parts.append(context)
        described.append(f"context_category_labels.csv ({len(context)})")
    else:
        print(f"warning: {CONTEXT} absent; fitting without the real context sentences", file=sys.stderr)
    rows = [{"text": text, **{c: int(c == theme.category) for c in CATEGORIES}}
            for theme in load_codebook().themes for text in (theme.definition, *theme.include, *theme.examples)]
    parts.append(pd.DataFrame(rows))
    described.append(f"codebook theme texts ({len(rows)})")
    frame = pd.concat(parts, ignore_index=True)
    frame["text"] = frame["text"].astype(str)
    return frame, ", ".join(described)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    frame, described = training_sentences()
    vectors = SentenceEncoder.load().embed(frame["text"].tolist())
    head = fit_category_head(vectors, frame, described)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(head.to_json(), encoding="utf-8")
    print(f"{len(frame)} sentences; out-of-fold F1 {head.metadata['cv_f1']}; thresholds "
          f"{[round(float(t), 3) for t in head.thresholds]} -> {args.out}")


if __name__ == "__main__":
    main()
