"""Category agreement (Cohen's κ) of the coders with a person's coding of real co-production prose.

    python benchmarks/coproduction_gold.py [--data CSV] [--folds 5] [--skip-learned]

The data: ../shared/data/coproduction-gold/guidance_gold.csv, 75 units of a published adult social care procedure
page, coded by a person at category level (facilitator, value, challenge; its README gives the conventions). The
packaged category head never saw them (benchmarks/train_category_head.py). Folds are contiguous stretches of the page
(units are in document order), and a head that saw any of the page codes only the folds it did not see.

Reported, per category:
- zero-shot (no coding of this kind of text by the team): the rule, semantic and default coders, (a) with a head
  that saw none of the page (the packaged head), (b) with the head refitted with the other folds' units added
  (`train_category_head.py --with-gold`, for text it has not seen); and the same on
  benchmarks/devset/validation_guidance.csv, each contiguous fold coded by a head refitted without it;
- learned: the same folds through exactly the command-line contract a team uses —
  `evaluation train-coder train.csv --text-column text --out model` on the other folds (columns text,
  facilitator, value, challenge), then `evaluation code test.csv --text-column text --model model --out out.csv` on
  the held-out fold, with that fold's head.
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

import evaluation.coding.coders.semantic as semantic_module
from evaluation.cli import main as cli
from evaluation.coding.coders import stacking, stream
from evaluation.coding.agreement import cohen_kappa
from evaluation.coding.codebook import CATEGORIES, load_codebook
from evaluation.coding.coders.default import DefaultCoder
from evaluation.coding.coders.rules import RuleCoder
from evaluation.coding.coders.semantic import CategoryHead, SemanticCoder, fit_category_head
from evaluation.text.embed import SentenceEncoder

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from train_category_head import GOLD, training_sentences  # noqa: E402

VALIDATION = HERE / "devset" / "validation_guidance.csv"


def contiguous_folds(n: int, folds: int) -> list[np.ndarray]:
    """Row positions of `folds` consecutive stretches of n rows."""
    return np.array_split(np.arange(n), folds)


class Heads:
    """Category heads fitted as train_category_head.py does, on its sentences minus some; embeddings computed once."""

    def __init__(self, encoder: SentenceEncoder):
        self.encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self._vectors})
        if missing:
            self._vectors.update(zip(missing, self.encoder.embed(missing)))
        return np.array([self._vectors[t] for t in texts])

    def fit(self, frame: pd.DataFrame) -> CategoryHead:
        return fit_category_head(self.vectors(frame["text"].tolist()), frame.reset_index(drop=True))

    def without_gold(self, ids=(), with_gold: bool = False) -> CategoryHead:
        return self.fit(training_sentences(without_gold=ids, with_gold=with_gold)[0])

    def without_validation(self, positions: np.ndarray) -> CategoryHead:
        frame = training_sentences()[0]
        validation = np.flatnonzero(frame["source"].to_numpy() == "validation")
        return self.fit(frame.drop(index=validation[positions]))


def code_categories(units: pd.DataFrame, head: CategoryHead, encoder: SentenceEncoder) -> dict[str, pd.DataFrame]:
    """0/1 per category from the rule, semantic and default coders, the semantic coder using `head`."""
    codebook = load_codebook()
    semantic = SemanticCoder(codebook, encoder, head)
    texts = units["text"].tolist()
    coded = {}
    for name, coder in (("rules", RuleCoder(codebook)), ("semantic", semantic),
                        ("default", DefaultCoder(RuleCoder(codebook), semantic))):
        coded[name] = pd.DataFrame([coder.categories(codes) for codes in coder.code_texts(texts)], index=units.index)
    return coded


def zero_shot_cv(units: pd.DataFrame, heads: list[CategoryHead], folds: list[np.ndarray],
                 encoder: SentenceEncoder) -> pd.DataFrame:
    """κ per category and coder over all units, each fold coded with its own head."""
    pooled = {name: pd.DataFrame(0, index=units.index, columns=list(CATEGORIES))
              for name in ("rules", "semantic", "default")}
    for head, rows in zip(heads, folds):
        for name, coded in code_categories(units.iloc[rows], head, encoder).items():
            pooled[name].iloc[rows] = coded[list(CATEGORIES)].to_numpy()
    return pd.DataFrame([{"coder": name, **{c: cohen_kappa(units[c].to_numpy(), coded[c].to_numpy())
                                            for c in CATEGORIES}} for name, coded in pooled.items()])


@contextlib.contextmanager
def packaged_head(head: CategoryHead):
    """The CLI's coders use `head` as if it were the packaged one (and forget coders made with another)."""
    original = semantic_module.load_category_head
    semantic_module.load_category_head = lambda path=None: head
    stacking._semantic_coders.clear()
    stream._coder = None
    try:
        yield
    finally:
        semantic_module.load_category_head = original
        stacking._semantic_coders.clear()
        stream._coder = None


def learned_through_cli(units: pd.DataFrame, heads: list[CategoryHead],
                        folds: list[np.ndarray]) -> tuple[dict, float]:
    """κ per category of the default coder with a model trained on the other folds, via the CLI."""
    predicted = pd.DataFrame(0, index=units.index, columns=list(CATEGORIES))
    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for head, test_rows in zip(heads, folds):
            train_rows = np.setdiff1d(np.arange(len(units)), test_rows)
            units.iloc[train_rows][["text", *CATEGORIES]].to_csv(folder / "train.csv", index=False)
            units.iloc[test_rows][["text"]].to_csv(folder / "test.csv", index=False)
            with packaged_head(head):
                started = time.perf_counter()
                _run(["train-coder", str(folder / "train.csv"), "--text-column", "text", "--out",
                      str(folder / "model")])
                seconds.append(time.perf_counter() - started)
                _run(["code", str(folder / "test.csv"), "--text-column", "text", "--model", str(folder / "model"),
                      "--out", str(folder / "out.csv"), "--workers", "1"])
            out = pd.read_csv(folder / "out.csv", keep_default_na=False)
            predicted.iloc[test_rows] = out[list(CATEGORIES)].to_numpy()
    return {c: cohen_kappa(units[c].to_numpy(), predicted[c].to_numpy()) for c in CATEGORIES}, float(np.mean(seconds))


def _run(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli(argv)
    if code != 0:
        raise SystemExit(f"evaluation {' '.join(argv[:1])} failed: {err.getvalue()}")


def _line(label: str, kappas: dict) -> str:
    return f"  {label:<40}" + "  ".join(f"{c} {kappas[c]:.2f}" for c in CATEGORIES)


def _read(path: Path) -> pd.DataFrame:
    units = pd.read_csv(path, keep_default_na=False)
    units["text"] = units["text"].astype(str)
    return units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=GOLD)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-learned", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} is not there (it lives in ../shared); nothing to measure", file=sys.stderr)
        return
    units = _read(args.data)
    encoder = SentenceEncoder.load()
    fitter = Heads(encoder)
    folds = contiguous_folds(len(units), args.folds)
    print(f"{args.data.name}: {len(units)} units; coded " +
          ", ".join(f"{c} {int(units[c].sum())}" for c in CATEGORIES) + f"; {args.folds} contiguous folds")
    no_gold = fitter.without_gold()
    gold_heads = [fitter.without_gold(units["id"].iloc[rows], with_gold=True) for rows in folds]
    for title, heads in (("Zero-shot, the packaged head's recipe (none of the page)", [no_gold] * len(folds)),
                         ("Zero-shot, grouped CV, head refitted with the other folds' units", gold_heads)):
        print(title + ", Cohen's kappa:")
        for row in zero_shot_cv(units, heads, folds, encoder).to_dict("records"):
            print(_line(row["coder"], row))
    validation = _read(VALIDATION)
    validation_folds = contiguous_folds(len(validation), args.folds)
    print(f"Zero-shot on {VALIDATION.name} ({len(validation)}), grouped CV: head refitted without the held-out fold:")
    heads = [fitter.without_validation(rows) for rows in validation_folds]
    for row in zero_shot_cv(validation, heads, validation_folds, encoder).to_dict("records"):
        print(_line(row["coder"], row))
    if args.skip_learned:
        return
    kappas, seconds = learned_through_cli(units, [no_gold] * len(folds), folds)
    train_size = len(units) * (args.folds - 1) // args.folds
    print(f"Learned (same folds through train-coder + code, ~{train_size} training units per fold; "
          f"training {seconds:.1f} s per fold):")
    print(_line("default coder + model", kappas))


if __name__ == "__main__":
    main()
