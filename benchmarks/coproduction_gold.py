"""Category agreement (Cohen's κ) of the coders with a person's coding of real co-production prose.

    python benchmarks/coproduction_gold.py [--data CSV] [--folds 5] [--repeats 3] [--also-devsets]

The data: ../shared/data/coproduction-gold/guidance_gold.csv, 75 units of a published adult social care procedure
page, coded by a person at category level (facilitator, value, challenge; its README gives the conventions). None
of it was used to build the coders: the semantic coder's category head was fitted on other sentences
(benchmarks/train_category_head.py), so its figures are zero-shot.

Reported, per category:
- zero-shot: the rule coder, the semantic coder and the default coder (rules + semantic), on all units;
- learned: k-fold cross-validation through exactly the command-line contract a team uses —
  `evaluation train-coder train.csv --text-column text --out model` on the training folds (columns text,
  facilitator, value, challenge), then `evaluation code test.csv --text-column text --model model --out out.csv` on
  the held-out fold; κ over the pooled held-out predictions, averaged over `--repeats` shuffles.
With --also-devsets, the same learned protocol on the development sets (sentences written for the purpose; the
category head saw them, so only their learned figures are shown).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

from evaluation.cli import main as cli
from evaluation.coding.agreement import cohen_kappa
from evaluation.coding.codebook import CATEGORIES
from evaluation.coding.stream import make_coder

HERE = Path(__file__).resolve().parent
GOLD = HERE.parents[1] / "shared" / "data" / "coproduction-gold" / "guidance_gold.csv"
DEVSETS = {"tuning_guidance": HERE / "devset" / "tuning_guidance.csv",
           "validation_guidance": HERE / "devset" / "validation_guidance.csv"}


def zero_shot(units: pd.DataFrame) -> pd.DataFrame:
    """κ per category for the rule, semantic and default coders, no in-domain training."""
    rows = []
    for name in ("rules", "semantic", "default"):
        coder = make_coder(coder=name)
        coded = pd.DataFrame([coder.categories(codes) for codes in coder.code_texts(units["text"].tolist())])
        rows.append({"coder": name, **{c: cohen_kappa(units[c].to_numpy(), coded[c].to_numpy()) for c in CATEGORIES}})
    return pd.DataFrame(rows)


def learned_through_cli(units: pd.DataFrame, folds: int, repeats: int) -> tuple[pd.DataFrame, float]:
    """κ per category of the default coder with a model trained on the other folds, via the CLI, per repeat."""
    rows, seconds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for repeat in range(repeats):
            predicted = pd.DataFrame(0, index=units.index, columns=list(CATEGORIES))
            for train_rows, test_rows in KFold(folds, shuffle=True, random_state=repeat).split(units):
                units.iloc[train_rows][["text", *CATEGORIES]].to_csv(folder / "train.csv", index=False)
                units.iloc[test_rows][["text"]].to_csv(folder / "test.csv", index=False)
                started = time.perf_counter()
                _run(["train-coder", str(folder / "train.csv"), "--text-column", "text", "--out",
                      str(folder / "model")])
                seconds.append(time.perf_counter() - started)
                _run(["code", str(folder / "test.csv"), "--text-column", "text", "--model", str(folder / "model"),
                      "--out", str(folder / "out.csv"), "--workers", "1"])
                out = pd.read_csv(folder / "out.csv", keep_default_na=False)
                predicted.iloc[test_rows] = out[list(CATEGORIES)].to_numpy()
            rows.append({"repeat": repeat, **{c: cohen_kappa(units[c].to_numpy(), predicted[c].to_numpy())
                                              for c in CATEGORIES}})
    return pd.DataFrame(rows), float(np.mean(seconds))


def _run(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli(argv)
    if code != 0:
        raise SystemExit(f"evaluation {' '.join(argv[:1])} failed: {err.getvalue()}")


def _line(label: str, kappas: dict) -> str:
    return f"  {label:<40}" + "  ".join(f"{c} {kappas[c]:.2f}" for c in CATEGORIES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=GOLD)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--also-devsets", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} is not there (it lives in ../shared); nothing to measure", file=sys.stderr)
        return
    units = pd.read_csv(args.data, keep_default_na=False)
    units["text"] = units["text"].astype(str)
    print(f"{args.data.name}: {len(units)} units; coded " +
          ", ".join(f"{c} {int(units[c].sum())}" for c in CATEGORIES))
    print("Zero-shot (no in-domain training), Cohen's kappa:")
    for row in zero_shot(units).to_dict("records"):
        print(_line(row["coder"], row))
    per_repeat, seconds = learned_through_cli(units, args.folds, args.repeats)
    mean = per_repeat[list(CATEGORIES)].mean()
    train_size = len(units) * (args.folds - 1) // args.folds
    print(f"Learned ({args.folds}-fold CV through train-coder + code, ~{train_size} training units per fold, "
          f"mean of {args.repeats} shuffles; training {seconds:.1f} s per fold):")
    print(_line("default coder + model", mean))
    print("  per shuffle: " + "; ".join(" ".join(f"{r[c]:.2f}" for c in CATEGORIES)
                                        for r in per_repeat.to_dict("records")))
    if args.also_devsets:
        for name, path in DEVSETS.items():
            frame = pd.read_csv(path, keep_default_na=False)
            frame["text"] = frame["text"].astype(str)
            result, _ = learned_through_cli(frame, args.folds, 1)
            print(_line(f"{name} ({len(frame)}), learned CV", result[list(CATEGORIES)].mean()))


if __name__ == "__main__":
    main()
