"""Throughput of `evaluation code` on 1,000,000 segments of ~250 characters, against a naive coder and the I/O floor.

    python benchmarks/code_throughput.py [--rows 1000000] [--naive-rows 100000] [--default-rows 5000]

- rule coder (`--coder rules`): `evaluation code` end to end (a subprocess: start-up, read, code, write), peak memory
  of the process and its workers;
- default coder (rules + semantic): the same command on the first --default-rows rows, the rate extrapolated to
  --rows (embedding is linear in rows; a million takes hours on two cores), then again with the same
  --embedding-cache (a re-run: nothing embedded);
- the sentence encoder alone: segments embedded per second (int8 ONNX, batches sorted by length);
- naive coder: pandas `str.contains` once per theme with that theme's patterns as one regex (same codebook), on
  --naive-rows rows (it is slow; its rate is per row, so a subset measures it);
- I/O floor: read the CSV, lower-case the text, write the CSV (pandas with the pyarrow engine).
Segments are cut from the participants' words in the shipped sample transcripts (data/raw/*/interviews/*.txt).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from evaluation.layout import ProjectLayout

PROJECT = Path(__file__).resolve().parents[1]
SEGMENT_CHARS = 250


def participant_sentences() -> list[str]:
    sentences = []
    for path in sorted(ProjectLayout(PROJECT).raw.glob("*/interviews/*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            label, _, text = line.partition(":")
            if label.strip() in ("Participant", "A", "Respondent") and text:
                sentences += [s.strip() + "." for s in text.split(".") if len(s.strip()) > 20]
    if not sentences:
        raise SystemExit("no transcripts under data/raw: run `make sample` first")
    return sentences


def write_segments(path: Path, rows: int) -> None:
    rng = random.Random(42)
    sentences = participant_sentences()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("segment_id,site,text\n")
        for index in range(rows):
            text = ""
            while len(text) < SEGMENT_CHARS:
                text += " " + rng.choice(sentences)
            text = text[1:SEGMENT_CHARS + 1].replace('"', '""')
            handle.write(f'{index},site-{index % 10},"{text}"\n')


def evaluation_code(source: Path, out: Path, codebook: str | None, *options: str) -> tuple[float, float]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipelines.cli", "code", str(source), "--text-column", "text",
                    "--out", str(out), *(["--codebook", codebook] if codebook else []), *options], check=True,
                   cwd=PROJECT)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb


def naive_coder(source: Path, out: Path, rows: int, codebook_path: str | None) -> float:
    from evaluation.coding.codebook import load_codebook

    codebook = load_codebook(codebook_path)
    started = time.perf_counter()
    frame = pd.read_csv(source, nrows=rows, dtype=str, keep_default_na=False)
    for theme in codebook.themes:
        words = [re.escape(p.phrase) + (r"\w*" if p.stem else "") for p in theme.patterns]
        frame[theme.id] = frame["text"].str.contains(r"\b(?:" + "|".join(words) + r")\b", case=False, regex=True)
    frame.to_csv(out, index=False)
    return time.perf_counter() - started


def io_floor(source: Path, out: Path) -> float:
    started = time.perf_counter()
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, engine="pyarrow")
    frame["text"] = frame["text"].str.lower()
    frame.to_csv(out, index=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=100_000)
    parser.add_argument("--default-rows", type=int, default=5000, help="rows coded by the default coder")
    parser.add_argument("--codebook", help="codebook YAML (default: the packaged one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        source = scratch / "segments.csv"
        write_segments(source, args.rows)
        print(f"input: {args.rows:,} segments of {SEGMENT_CHARS} characters "
              f"({source.stat().st_size / 1e6:.0f} MB)")
        floor = io_floor(source, scratch / "floor.csv")
        rules, peak_mb = evaluation_code(source, scratch / "coded.csv", args.codebook, "--coder", "rules")
        coded = pd.read_csv(scratch / "coded.csv", usecols=["facilitator", "value", "challenge"], engine="pyarrow")
        naive_rows = min(args.naive_rows, args.rows)
        naive = naive_coder(source, scratch / "naive.csv", naive_rows, args.codebook)
        default_rows = min(args.default_rows, args.rows)
        subset = scratch / "subset.csv"
        pd.read_csv(source, nrows=default_rows, dtype=str, keep_default_na=False).to_csv(subset, index=False)
        cache = ["--embedding-cache", str(scratch / "cache")]
        default, default_mb = evaluation_code(subset, scratch / "default.csv", args.codebook, *cache)
        rerun, _ = evaluation_code(subset, scratch / "rerun.csv", args.codebook, *cache)
        encoder_rate = encoder_only(pd.read_csv(subset, dtype=str, keep_default_na=False)["text"].tolist()[:2000])
    rule_rate, naive_rate, floor_rate = args.rows / rules, naive_rows / naive, args.rows / floor
    print(f"coded: {len(coded):,} rows; share with a category: facilitator {coded['facilitator'].mean():.0%}, "
          f"value {coded['value'].mean():.0%}, challenge {coded['challenge'].mean():.0%}")
    print(f"I/O floor (read, lower-case, write):  {floor_rate:>10,.0f} segments/s  ({floor:.1f} s)")
    print(f"naive coder (str.contains per theme): {naive_rate:>10,.0f} segments/s  ({naive:.1f} s for "
          f"{naive_rows:,} rows)")
    print(f"rule coder (evaluation code):         {rule_rate:>10,.0f} segments/s  ({rules:.1f} s)")
    print(f"rule coder vs naive: {rule_rate / naive_rate:.1f}x faster; vs I/O floor: {floor_rate / rule_rate:.1f}x "
          f"slower; peak memory {peak_mb:,.0f} MB")
    default_rate, rerun_rate = default_rows / default, default_rows / rerun
    print(f"sentence encoder alone (int8, length-sorted batches): {encoder_rate:,.0f} segments/s")
    print(f"default coder (rules + semantic), measured on {default_rows:,} rows: {default_rate:,.0f} segments/s "
          f"({default:.1f} s, start-up included; peak memory {default_mb:,.0f} MB); 1,000,000 segments extrapolated: "
          f"{1_000_000 / default_rate / 3600:.1f} h")
    print(f"default coder re-run with the embedding cache: {rerun_rate:,.0f} segments/s ({rerun:.1f} s)")


def encoder_only(texts: list[str]) -> float:
    from evaluation.text.embed import SentenceEncoder

    encoder = SentenceEncoder.load()
    encoder.embed(texts[:64])  # warm up
    started = time.perf_counter()
    encoder.embed(texts[64:])
    return (len(texts) - 64) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
