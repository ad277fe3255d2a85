"""The learned coder on real NHS free text: 7,908 Friends and Family Test comments human-coded by pxtextmining.

    python benchmarks/fft_learned_coder.py [--data PATH] [--out DIR] [--text-only]

The protocol (evaluation/coding/fft.py): rows with a non-empty answer; themes = the theme columns with at least 25
positive rows, leaving out "Labelling not possible" and "Not assigned"; an 80/20 split, random seed 42, stratified on
the most frequent theme; macro-F1 over those themes on the test rows. Everything learned (vocabulary, weights,
thresholds) comes from the training rows only. The coder also sees the question answered, the respondent's FFT rating,
the trust and the service type, all in the export when a comment arrives (--text-only: the text alone).

Writes DIR/predictions.csv ("Comment ID" and one 0/1 column per theme, test rows only), DIR/metrics.json, the
agreement report of the coder with the labellers on the test rows (DIR/agreement.csv), and the trusts and their
services compared as if they were sites (DIR/sites/: theme prevalence and funnel plots, from the labellers' coding).
Also checks sentiment: VADER and a learned sentiment model against the labellers' 1–5 on the test rows.
Prints the figures, the macro-F1 last.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from evaluation.coding.agreement import agreement_summary, coding_agreement
from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.coders.learned_sentiment import LearnedSentiment
from evaluation.coding.fft import (FFT_FILE, ID, as_sites, coding_from_labels, load_fft, sentiment_agreement,
                                   theme_prevalence)
from evaluation.survey.funnel import WITHIN, funnel_limits, funnel_plot
from evaluation.text.embed import EmbeddingCache
from evaluation.text.sentiment import sentiment

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pxtextmining" / FFT_FILE
FUNNEL_THEMES = 6  # funnel plots drawn for the most frequent themes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help=f"the pxtextmining CSV (default {DATA})")
    parser.add_argument("--out", type=Path, default=Path("/tmp/fft_learned_coder"), help="output folder")
    parser.add_argument("--text-only", action="store_true", help="learn from the comment text alone, no context")
    parser.add_argument("--embedding-cache", type=Path, help="keep the comments' embeddings here (a re-run embeds "
                                                             "nothing)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    fft = load_fft(args.data)
    train_rows, test_rows = fft.split()
    context = not args.text_only
    print(f"{len(fft.labels)} comments with an answer, {len(fft.themes)} themes; {len(train_rows)} training rows, "
          f"{len(test_rows)} test rows; context: {'question, rating, trust, service' if context else 'none'}")

    started = time.perf_counter()
    cache = EmbeddingCache(args.embedding_cache) if args.embedding_cache else None
    coder = LearnedCoder.train(fft.training_set(train_rows, context), cache=cache)
    coder.cache = cache
    train_seconds = time.perf_counter() - started
    test = fft.training_set(test_rows, context)
    started = time.perf_counter()
    predicted = coder.predict(test.texts, test.context)
    rows_per_second = len(test_rows) / (time.perf_counter() - started)

    truth = fft.labels.iloc[test_rows].reset_index(drop=True)
    per_theme = f1_score(truth, predicted, average=None, zero_division=0)
    macro, micro = float(np.mean(per_theme)), float(f1_score(truth, predicted, average="micro"))
    ids = fft.comments["comment_id"].iloc[test_rows].reset_index(drop=True)
    order = np.argsort(test_rows, kind="stable")  # the test rows in file order
    predicted.insert(0, ID, ids)
    predicted.iloc[order].to_csv(args.out / "predictions.csv", index=False)

    agreement = coding_agreement(coding_from_labels(predicted[fft.themes], ids, "learned"),
                                 coding_from_labels(truth, ids, "labellers"), ids, fft.codebook())
    agreement.to_csv(args.out / "agreement.csv", index=False)

    sentiments = sentiment_check(fft, train_rows, test_rows)
    sites = compare_sites(fft, args.out / "sites")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    metrics = {
        "protocol": "non-empty answers; themes with >= 25 positives excluding 'Labelling not possible' and 'Not "
                    "assigned'; 80/20 split, seed 42, stratified on the most frequent theme",
        "data": args.data.name, "rows": len(fft.labels), "train_rows": len(train_rows), "test_rows": len(test_rows),
        "themes": fft.themes, "context": list(coder.metadata["context_columns"]),
        "macro_f1": round(macro, 4), "micro_f1": round(micro, 4),
        "per_theme_f1": {t: round(float(f), 4) for t, f in zip(fft.themes, per_theme)},
        "cv_macro_f1_training": coder.metadata["cv_macro_f1"],
        "kappa_overall": round(float(agreement.loc[agreement["code"] == "overall", "cohen_kappa"].iloc[0]), 4),
        "train_seconds": round(train_seconds, 1), "predict_rows_per_second": round(rows_per_second),
        "peak_memory_mb": round(peak_mb), "sentiment": sentiments, "sites": sites,
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    weakest = sorted(metrics["per_theme_f1"].items(), key=lambda item: item[1])[:5]
    print(f"training {train_seconds:.1f} s; prediction {rows_per_second:,.0f} rows/s; peak memory {peak_mb:,.0f} MB "
          f"(main process)")
    print(f"cross-validated macro-F1 on the training rows: {coder.metadata['cv_macro_f1']:.3f}")
    print(agreement_summary(agreement).splitlines()[0])
    print("five weakest themes: " + "; ".join(f"{t} {f:.2f}" for t, f in weakest))
    for name, figures in sentiments.items():
        print(f"sentiment, {name}: Spearman ρ {figures['spearman_rho']:.3f}, 3-class accuracy "
              f"{figures['accuracy_3_class']:.3f} ({figures['rows']} test rows)")
    for level, figures in sites.items():
        print(f"sites ({level}): {figures['sites']} sites; theme × site outside the 95% funnel limits: "
              f"{figures['outside_95']} of {figures['cells']}")
    print(f"wrote {args.out}/predictions.csv, metrics.json, agreement.csv, sites/")
    print(f"micro-F1 {micro:.3f}")
    print(f"macro-F1 {macro:.3f}")


def sentiment_check(fft, train_rows: np.ndarray, test_rows: np.ndarray) -> dict:
    """VADER and learned sentiment (with and without context) against the labellers, on the test rows."""
    comments = fft.comments
    test = comments.iloc[test_rows].reset_index(drop=True)
    results = {"VADER": sentiment_agreement(test["sentiment"], sentiment(test["text"].tolist()))}
    train = comments.iloc[train_rows].reset_index(drop=True)
    for name, columns in (("learned, text only", []), ("learned, text + context", ["question", "rating", "trust",
                                                                                    "service"])):
        model = LearnedSentiment.train(train["text"].tolist(), train["sentiment"], train[columns] if columns else None,
                                       positive_is_high=False)
        compound = model.compound(test["text"].tolist(), test[columns] if columns else None)
        results[name] = sentiment_agreement(test["sentiment"], compound)
    return results


def compare_sites(fft, folder: Path) -> dict:
    """Theme prevalence by trust and by service (the labellers' coding of every row), each theme through the funnel
    limits as if the units were sites; funnel plots for the most frequent themes."""
    folder.mkdir(parents=True, exist_ok=True)
    coding, codebook = fft.coding(), fft.codebook()
    summary = {}
    for level in ("trust", "service"):
        prevalence = theme_prevalence(coding, as_sites(fft.comments, level), codebook)
        tables = []
        for theme in codebook.theme_ids:
            result = funnel_limits(prevalence[prevalence["theme_id"] == theme], unit="site_id",
                                   numerator="numerator", denominator="n", measure=theme)
            tables.append(result.table.assign(phi=result.phi, tau2=result.tau2))
            if level == "service" and theme in fft.labels.sum().nlargest(FUNNEL_THEMES).index:
                figure = funnel_plot(result, title=f"{theme}: share of comments, by service", label_units="all",
                                     x_label="Comments (n)", y_label="Share of comments").figure
                figure.savefig(folder / f"funnel_{_file_name(theme)}.png", dpi=110, bbox_inches="tight")
        limits = pd.concat(tables, ignore_index=True)
        limits.to_csv(folder / f"prevalence_by_{level}.csv", index=False)
        summary[level] = {"sites": int(limits["site_id"].nunique()), "cells": len(limits),
                          "outside_95": int((limits["band"] != WITHIN).sum())}
    return summary


def _file_name(theme: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in theme.lower()).strip("_")


if __name__ == "__main__":
    main()
