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
    code.set_defaults(handler=_code)
    if add_commands:
        add_commands(commands)
    return parser


def _synth(args: argparse.Namespace) -> int:
    from evaluation.synth.generate import generate

    truth = generate(args.out, n_sites=args.sites, seed=args.seed)
    respondents = sum(sum(s["surveys"]["respondents"].values()) for s in truth["sites"].values())
    interviews = sum(len(s["interviews"]["interviews"]) for s in truth["sites"].values())
    print(f"wrote {args.sites} sites ({respondents} survey responses, {interviews} interviews) to {args.out}")
    return 0


def _code(args: argparse.Namespace) -> int:
    from evaluation.coding.codebook import CodebookError
    from evaluation.coding.stream import CodeInputError, code_csv

    try:
        rows = code_csv(args.input, args.text_column, args.out, args.codebook, args.workers)
    except (CodeInputError, CodebookError) as error:
        print(f"evaluation code: {error}", file=sys.stderr)
        return 2
    print(f"coded {rows} rows of {args.input} -> {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    parser = parser or build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)
