"""Category-level agreement of the rule coder with hand-labelled sentences.

    python benchmarks/devset_agreement.py [--set development|validation] [--codebook FILE] [--show]

- development: every sentence of ../shared/context/ (published co-production guidance and evaluation findings),
  labelled at category level by an independent labeller from the category definitions only
  (benchmarks/devset/README.md). Labels are stored by sentence key; the text is read from ../shared at run time.
  Patterns may be checked against it.
- validation: 240 sentences in the style of published guidance, written and labelled by another independent
  labeller who saw neither the codebook nor the development set (benchmarks/devset/VALIDATION.md). It measures
  how the coder generalises, so it must never be used to tune patterns.
--show lists every disagreement.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from evaluation.coding.agreement import cohen_kappa
from evaluation.coding.codebook import CATEGORIES, load_codebook
from evaluation.coding.coders.rules import RuleCoder
from evaluation.text.segment import split_units, unit_key

HERE = Path(__file__).resolve().parent
LABELS = HERE / "devset" / "context_category_labels.csv"
VALIDATION = HERE / "devset" / "validation_guidance.csv"
CONTEXT = HERE.parents[1] / "shared" / "context"


def development_set(context_dir: Path = CONTEXT, labels_path: Path = LABELS) -> pd.DataFrame:
    """The labelled sentences: file, unit, text and a 0/1 column per category."""
    labels = pd.read_csv(labels_path, dtype={"key": str})
    rows = []
    for name in sorted(labels["file"].unique()):
        for unit, text in enumerate(split_units((context_dir / name).read_text(encoding="utf-8")), start=1):
            rows.append({"file": name, "unit": unit, "key": unit_key(text), "text": text})
    units = pd.DataFrame(rows)
    joined = labels.merge(units, on=["file", "unit", "key"], how="left", validate="one_to_one")
    if joined["text"].isna().any():
        missing = joined.loc[joined["text"].isna(), ["file", "unit"]].values.tolist()
        raise SystemExit(f"labels no longer match the sentences of {context_dir} (changed text or splitting?): "
                         f"{missing[:5]}")
    return joined


def coded_categories(texts: list[str], codebook_path: str | None = None) -> pd.DataFrame:
    coder = RuleCoder(load_codebook(codebook_path))
    return pd.DataFrame([coder.categories(codes) for codes in coder.code_texts(texts)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=["development", "validation"], default="development")
    parser.add_argument("--codebook", help="codebook YAML (default: the packaged one)")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    if args.set == "validation":
        dev = pd.read_csv(VALIDATION).assign(file=VALIDATION.name, unit=lambda f: f["id"])
    elif not CONTEXT.is_dir():
        raise SystemExit(f"{CONTEXT} is not there: the development set reads its text from ../shared")
    else:
        dev = development_set()
    coded = coded_categories(dev["text"].tolist(), args.codebook)
    print(f"{args.set} set: {len(dev)} sentences")
    for category in CATEGORIES:
        human, rules = dev[category].to_numpy(), coded[category].to_numpy()
        agree = (human == rules).mean()
        print(f"  {category:<12} human {human.sum():>3}  rules {rules.sum():>3}  both {(human & rules).sum():>3}  "
              f"agreement {agree:.0%}  kappa {cohen_kappa(human, rules):.2f}")
    if args.show:
        for index, row in dev.iterrows():
            wrong = [f"{c}: human {row[c]} rules {coded.loc[index, c]}" for c in CATEGORIES
                     if row[c] != coded.loc[index, c]]
            if wrong:
                print(f"\n{row['file']} #{row['unit']} ({'; '.join(wrong)})\n    {row['text'][:300]}")


if __name__ == "__main__":
    main()
