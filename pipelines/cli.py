"""The `evaluation` console script: the library's subcommands plus `run`, which orchestrates through Dagster."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from evaluation import cli as library_cli


def main(argv: list[str] | None = None) -> int:
    return library_cli.main(argv, library_cli.build_parser(_add_run_command))


def _add_run_command(commands) -> None:
    run = commands.add_parser("run", help="ingest and analyse every site through Dagster, then write the reports")
    run.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    run.add_argument("--site", action="append", dest="sites", help="only this site (repeatable)")
    run.add_argument("--codebook", help="codebook YAML to code with (default: the packaged Picker codebook)")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="site runs at once (default: one per CPU core)")
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from evaluation.coding.codebook import CodebookError
    from pipelines.run import project_instance, run_pipeline

    from evaluation.layout import ProjectLayout

    root = args.root.resolve()
    layout = ProjectLayout(root)
    codebook = str(Path(args.codebook).resolve()) if args.codebook else None
    if codebook and not Path(codebook).is_file():
        print(f"evaluation run: no codebook at {codebook}", file=sys.stderr)
        return 2
    workers = max(1, args.workers)
    instance = project_instance(root)
    print(f"Running the evaluation pipeline on {layout.raw} (Dagster home: {instance.root_directory})")
    try:
        outcome = run_pipeline(root, instance=None if workers > 1 else instance, sites=args.sites, workers=workers,
                               codebook=codebook)
    except CodebookError as error:
        print(f"evaluation run: {error}", file=sys.stderr)
        return 2
    failed = [s.site_id for s in outcome.sites if not s.success]
    print(f"\n{len(outcome.sites) - len(failed)} of {len(outcome.sites)} sites processed in {outcome.seconds:.1f} s.")
    for what, where in layout.describe().items():
        print(f"  {what}: {where}")
    print("  explore runs, assets and checks: make dev  (Dagster UI on http://127.0.0.1:3000)")
    if failed:
        print(f"  sites that failed: {', '.join(failed)} (the others completed)", file=sys.stderr)
    if not outcome.cross_site_success:
        print("  the cross-site tables failed: see the cross_site run in the Dagster UI", file=sys.stderr)
    return 0 if outcome.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
