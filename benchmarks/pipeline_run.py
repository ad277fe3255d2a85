"""Time the whole run on the sample: the stage functions called in plain Python against the same stages through
Dagster, and check that both write byte-identical processed files.

    python benchmarks/pipeline_run.py                  # the shipped 10-site sample (data/raw)
    python benchmarks/pipeline_run.py --synth 100      # a generated 100-site set in a temporary folder

"Plain Python" is evaluation.stages.plain.run_plain (every stage function, in the assets' order, one process);
"through Dagster" is `evaluation run`'s path (one run per site, SQLite instance in a fresh DAGSTER_HOME). Each is run
in a fresh copy of the raw data, with the same pseudonym key, so neither warms the other's output.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def plain_work(root: Path) -> float:
    from evaluation.stages.plain import run_plain
    from evaluation.stages.project import Project

    started = time.perf_counter()
    run_plain(Project.open(root))
    return time.perf_counter() - started


def through_dagster(root: Path, workers: int) -> tuple[float, int]:
    """`evaluation run`'s path: a fresh SQLite instance under root/.dagster, one run per site."""
    from evaluation.layout import ProjectLayout

    os.environ["DAGSTER_HOME"] = str(ProjectLayout(root).dagster_home)
    from pipelines.run import project_instance, run_pipeline

    instance = project_instance(root)
    started = time.perf_counter()
    outcome = run_pipeline(root, instance=None if workers > 1 else instance, workers=workers,
                           echo=lambda line: None)
    if not outcome.success:
        sys.exit(f"the run failed: {[s.problems for s in outcome.sites if not s.success]}")
    return time.perf_counter() - started, len(outcome.sites)


def fresh_copy(raw: Path, into: Path, key: Path) -> Path:
    from evaluation.layout import ProjectLayout

    layout = ProjectLayout(into)
    shutil.copytree(raw, layout.raw)
    shutil.copy2(key, layout.private_folder("") / key.name)
    return into


def processed_hashes(root: Path) -> dict[str, str]:
    from evaluation.layout import ProjectLayout

    folder = ProjectLayout(root).processed
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PROJECT, help="project whose data/raw is timed")
    parser.add_argument("--synth", type=int, help="generate this many sites instead of using --root's data")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="site runs at once (default: cores)")
    args = parser.parse_args()
    from evaluation.layout import ProjectLayout

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        raw = ProjectLayout(args.root).raw
        if args.synth:
            from evaluation.synth.generate import generate

            started = time.perf_counter()
            raw = ProjectLayout(scratch / "generated").raw
            generate(raw, n_sites=args.synth, seed=2022)
            print(f"generated {args.synth} sites in {time.perf_counter() - started:.1f} s")
        import_started = time.perf_counter()
        import dagster  # noqa: F401  (timed: part of every `evaluation run`)
        import pipelines.definitions  # noqa: F401
        imports = time.perf_counter() - import_started
        from evaluation.ingest.pseudonym import KEY_FILE, project_key

        project_key(scratch)  # one pseudonym key for every copy, as a team's project carries its own
        key = scratch / KEY_FILE
        work = plain_work(fresh_copy(raw, scratch / "plain", key))
        sequential, sites = through_dagster(fresh_copy(raw, scratch / "sequential", key), workers=1)
        parallel, _ = through_dagster(fresh_copy(raw, scratch / "parallel", key), workers=args.workers)
        plain_files, dagster_files = (processed_hashes(scratch / name) for name in ("plain", "parallel"))
        different = sorted(n for n in plain_files.keys() | dagster_files.keys()
                           if plain_files.get(n) != dagster_files.get(n))
        assert not different, f"plain Python and Dagster wrote different processed files: {different}"
    overhead = sequential - work
    print(f"sites:                                    {sites}")
    print(f"import dagster + definitions:             {imports:6.1f} s")
    print(f"processed files, plain = Dagster:         {len(plain_files)} byte-identical")
    print(f"work (plain Python, same calls, 1 core):  {work:6.1f} s")
    print(f"through Dagster, one site run at a time:  {sequential:6.1f} s  (overhead {overhead:.1f} s = "
          f"{overhead / sites:.2f} s per site run, {overhead / work:.0%} of the work)")
    print(f"through Dagster, {args.workers} site runs at a time:   {parallel:6.1f} s  (wall-clock overhead "
          f"{parallel - work:.1f} s = {(parallel - work) / work:.0%} of the work)  <- what `evaluation run` does")
    print(f"evaluation run wall time incl. imports:   {parallel + imports:6.1f} s")


if __name__ == "__main__":
    main()
