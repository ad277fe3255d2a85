"""The `evaluation` command's library subcommands (the `run` subcommand is added by pipelines.cli)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def build_parser(add_commands: Callable[[argparse._SubParsersAction], None] | None = None) -> argparse.ArgumentParser:
    """The command's parser; `add_commands` lets the orchestration layer add its own subcommands."""
    parser = argparse.ArgumentParser(prog="evaluation", description="Co-production evaluation pipeline.")
    commands = parser.add_subparsers(dest="command", required=True)
    synth = commands.add_parser("synth", help="write fictional sample data for N sites (deterministic)")
    synth.add_argument("--sites", type=int, default=10, help="number of sites (default 10)")
    synth.add_argument("--seed", type=int, default=2022, help="random seed (default 2022, the shipped sample)")
    synth.add_argument("--out", type=Path, default=Path("data/raw"), help="output folder (default data/raw)")
    synth.set_defaults(handler=_synth)
    code = commands.add_parser("code", help="code a CSV of free text against the codebook (streams any size)")
    code.add_argument("input", type=Path, help="CSV with a header row, UTF-8")
    code.add_argument("--text-column", required=True, help="the column holding the text to code")
    code.add_argument("--out", type=Path, required=True, help="output CSV: every input column plus the coding")
    code.add_argument("--codebook", help="codebook YAML (default: the packaged Picker co-production codebook)")
    code.add_argument("--workers", type=int, help="coding processes (default: up to 2)")
    code.add_argument("--coder", choices=["default", "rules", "semantic", "learned"], default="default",
                      help="default: rules and the semantic coder (sentence embeddings), plus the learned coder "
                           "with --model; rules: the rule coder alone (fastest); semantic or learned: that one alone")
    code.add_argument("--model", help="a learned coder's model file (from `evaluation train-coder`): the default "
                                      "coder then learns from it")
    code.add_argument("--combine", action="store_true", help=argparse.SUPPRESS)  # older name of the default
    code.add_argument("--embedding-cache", help="folder keeping each text's embedding, so a re-run embeds nothing")
    code.set_defaults(handler=_code)
    train = commands.add_parser("train-coder", help="learn a coder from human coding: a CSV of text and 0/1 theme "
                                                    "or category (facilitator, value, challenge) columns, or "
                                                    "returned review sheets (.xlsx)")
    train.add_argument("training", type=Path, nargs="+", help="one CSV, or one or more returned review sheets")
    train.add_argument("--out", type=Path, required=True, help="the model file to write")
    train.add_argument("--text-column", help="CSV: the column holding the text")
    train.add_argument("--themes", nargs="+", help="CSV: the theme columns (default: every 0/1 column, or those "
                                                   "named by the codebook's theme ids or names)")
    train.add_argument("--context-column", action="append", default=[],
                       help="CSV: a column known when a text is coded (e.g. the question), used as a feature; "
                            "repeatable. `evaluation code --model` then needs it too")
    train.add_argument("--codebook", help="codebook YAML (review sheets: default the packaged codebook; CSV: none, "
                                          "the themes are the column names)")
    train.set_defaults(handler=_train_coder)
    agree = commands.add_parser("agreement", help="per-theme κ, precision, recall and F1 of a coder's output against "
                                                  "a human coding")
    agree.add_argument("coded", type=Path, help="the coder's output: `evaluation code` CSV, 0/1 theme columns, or a "
                                                "coding table")
    agree.add_argument("human", type=Path, help="the human coding (the reference): CSV as above, or a returned "
                                                "review sheet (.xlsx)")
    agree.add_argument("--id-column", default="segment_id", help="the column identifying each text (default "
                                                                 "segment_id)")
    agree.add_argument("--codebook", help="codebook YAML (needed for review sheets; default: the themes are the "
                                          "column names)")
    agree.add_argument("--themes", nargs="+", help="the theme columns to compare (default: all found)")
    agree.add_argument("--out", type=Path, help="also write the full agreement table to this CSV")
    agree.set_defaults(handler=_agreement)
    survey_map = commands.add_parser("map-survey", help="draft a site's surveys/mapping.yaml: which export column is "
                                                        "which instrument field, for the evaluator to review")
    survey_map.add_argument("target", help="a site id, a site's folder or surveys/ folder, or one export file")
    survey_map.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    survey_map.add_argument("--out", type=Path, help="write the draft here (default: print it)")
    survey_map.add_argument("--instrument", help="instrument YAML (default: the packaged one)")
    survey_map.set_defaults(handler=_map_survey)
    if add_commands:
        add_commands(commands)
    return parser


def _map_survey(args: argparse.Namespace) -> int:
    from evaluation.ingest.mapping_draft import draft_site_mapping
    from evaluation.survey.instrument import InstrumentError, load_instrument

    try:
        text, notes = draft_site_mapping(Path(args.target), args.root, load_instrument(args.instrument))
    except (FileNotFoundError, InstrumentError) as error:
        print(f"evaluation map-survey: {error}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"not read: {note}", file=sys.stderr)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: review it, then commit it beside the exports", file=sys.stderr)
    else:
        print(text, end="")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from evaluation.synth.generate import generate

    truth = generate(args.out, n_sites=args.sites, seed=args.seed)
    respondents = sum(sum(s["surveys"]["respondents"].values()) for s in truth["sites"].values())
    interviews = sum(len(s["interviews"]["interviews"]) for s in truth["sites"].values())
    print(f"wrote {args.sites} sites ({respondents} survey responses, {interviews} interviews) to {args.out}")
    return 0


def _code(args: argparse.Namespace) -> int:
    from evaluation.coding.codebook import CodebookError
    from evaluation.coding.coders.learned import ModelFileError
    from evaluation.coding.coders.stream import CodeInputError, code_csv
    from evaluation.text.embed import EncoderFileError

    try:
        rows = code_csv(args.input, args.text_column, args.out, args.codebook, args.workers, args.model, args.coder,
                        args.embedding_cache)
    except (CodeInputError, CodebookError, ModelFileError, EncoderFileError) as error:
        print(f"evaluation code: {error}", file=sys.stderr)
        return 2
    print(f"coded {rows} rows of {args.input} -> {args.out}", file=sys.stderr)
    return 0


def _train_coder(args: argparse.Namespace) -> int:
    from evaluation.coding.codebook import CodebookError, load_codebook
    from evaluation.coding.coders.learned import LearnedCoder
    from evaluation.coding.coders.training_data import TrainingDataError, codebook_if_named, read_training_csv
    from evaluation.coding.review.saved_codings import read_review_sheets
    from evaluation.coding.review.sheet import ReviewSheetError

    try:
        if all(p.suffix.lower() == ".xlsx" for p in args.training):
            codebook = load_codebook(args.codebook)
            training = read_review_sheets(args.training, codebook)
        elif len(args.training) == 1 and args.text_column:
            codebook = load_codebook(args.codebook) if args.codebook else codebook_if_named(args.training[0])
            training = read_training_csv(args.training[0], args.text_column, args.themes, args.context_column,
                                         codebook)
        else:
            print("evaluation train-coder: give one CSV with --text-column, or review sheets (.xlsx)", file=sys.stderr)
            return 2
        coder = LearnedCoder.train(training, codebook)
    except (TrainingDataError, ReviewSheetError, CodebookError) as error:
        print(f"evaluation train-coder: {error}", file=sys.stderr)
        return 2
    coder.save(args.out)
    print(coder.summary())
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from evaluation.coding.agreement import agreement_summary
    from evaluation.coding.codebook import CodebookError, load_codebook
    from evaluation.coding.review.saved_codings import agreement_report
    from evaluation.coding.review.sheet import ReviewSheetError

    try:
        codebook = load_codebook(args.codebook) if args.codebook else None
        table = agreement_report(args.coded, args.human, args.id_column, codebook, args.themes)
    except (ValueError, ReviewSheetError, CodebookError) as error:
        print(f"evaluation agreement: {error}", file=sys.stderr)
        return 2
    print(agreement_summary(table))
    shown = table[["name", "second_positive", "first_positive", "cohen_kappa", "precision", "recall", "f1"]]
    print(shown.rename(columns={"name": "theme", "second_positive": "human", "first_positive": "coder",
                                "cohen_kappa": "kappa"}).round(2).to_string(index=False))
    if args.out:
        from evaluation.safe_cells import neutralise_frame

        neutralise_frame(table).to_csv(args.out, index=False)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    parser = parser or build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)
