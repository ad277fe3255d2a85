"""Time the whole run on the sample, split into the work itself and Dagster's overhead.

    python benchmarks/pipeline_run.py                  # the shipped 10-site sample (data/raw)
    python benchmarks/pipeline_run.py --synth 100      # a generated 100-site set in a temporary folder

"Work" is the same library calls the ingest asset makes (read, clean, redact, validate, write Parquet) run as plain
Python; "through Dagster" is `evaluation run`'s path (one run per site, SQLite instance in a fresh DAGSTER_HOME).
Each is run in a fresh copy of the raw data so neither warms the other's output.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def plain_work(root: Path) -> float:
    from evaluation.coding.codebook import load_codebook
    from evaluation.coding.exchange import returned_agreement, review_sample
    from evaluation.coding.framework import framework_matrix, theme_cooccurrence
    from evaluation.coding.qdpx import export_qdpx
    from evaluation.coding.review import export_review_sheet
    from evaluation.coding.rules import RuleCoder
    from evaluation.coding.segments import code_segments, interview_segments
    from evaluation.ingest.site import ingest_site
    from evaluation.sites import load_site_registry, registry_frame
    from evaluation.storage import read_table, site_table_path, write_parquet
    from evaluation.coding.comments import code_comments, comment_themes
    from evaluation.coding.framework import join_comment_themes
    from evaluation.figures import report_figures, write_figures
    from evaluation.publish import published_tables, write_published
    from evaluation.reports.build import write_reports
    from evaluation.reports.content import load_inputs
    from evaluation.survey.analysis import analyse_surveys, write_survey_analysis
    from evaluation.survey.instrument import load_instrument

    started = time.perf_counter()
    instrument, codebook = load_instrument(), load_codebook()
    coder = RuleCoder(codebook)
    registry = load_site_registry(root / "data" / "raw")
    out = root / "data" / "processed"
    write_parquet(registry_frame(registry), out / "sites.parquet")
    for site_id in registry.ready_site_ids:
        ingested = ingest_site(registry.site(site_id), instrument)
        ingested.write(out, root / "data" / "private")
        failures = {name: f for name, f in ingested.contract_failures(instrument).items() if f}
        assert not failures, failures
        segments = interview_segments(ingested.interviews.turns)
        write_parquet(segments, site_table_path(out, "interview_segments", site_id))
        write_parquet(code_segments(segments, coder), site_table_path(out, "coded_segments", site_id))
    segments, coding = read_table(out / "interview_segments"), read_table(out / "coded_segments")
    write_parquet(framework_matrix(segments, coding, codebook), out / "framework_matrix.parquet")
    write_parquet(theme_cooccurrence(coding, segments, codebook), out / "theme_cooccurrence.parquet")
    review = root / "data" / "review"
    sample = review_sample(segments, coding)
    export_review_sheet(review / "outgoing" / "coding_review.xlsx", sample,
                        coding[coding["segment_id"].isin(sample["segment_id"])], codebook)
    export_qdpx(review / "outgoing" / "coding.qdpx", segments, coding.drop(columns="site_id"), codebook)
    agreement, _ = returned_agreement(review / "returned", segments, coding, codebook)
    write_parquet(agreement, out / "coding_agreement.parquet")
    coded = time.perf_counter()
    names = dict(zip(registry_frame(registry)["site_id"], registry_frame(registry)["site_name"]))
    comments = read_table(out / "survey_comments")
    written = comment_themes(comments, code_comments(comments, coder), codebook)
    matrix = join_comment_themes(framework_matrix(segments, coding, codebook), written)
    write_parquet(matrix, out / "framework_matrix.parquet")
    responses = read_table(out / "survey_responses")
    analysis = analyse_surveys(responses, instrument)
    write_survey_analysis(analysis, out)
    analysed = time.perf_counter()
    tables = published_tables(analysis, responses, instrument, matrix, names)
    write_published(tables, root / "reports" / "tables")
    themes = next(t.table for t in tables if t.name == "theme_prevalence")
    write_figures(report_figures(analysis, instrument, matrix, themes, names), root / "reports" / "figures")
    drawn = time.perf_counter()
    write_reports(load_inputs(root / "reports", out, ()), root / "reports")
    done = time.perf_counter()
    print(f"  plain work by stage: ingest + coding {coded - started:5.1f} s, survey analysis "
          f"{analysed - coded:5.1f} s, tables + figures {drawn - analysed:5.1f} s, reports {done - drawn:5.1f} s")
    return done - started


def through_dagster(root: Path, workers: int) -> tuple[float, int]:
    """`evaluation run`'s path: a fresh SQLite instance under root/.dagster, one run per site."""
    os.environ["DAGSTER_HOME"] = str(root / ".dagster")
    from pipelines.run import project_instance, run_pipeline

    instance = project_instance(root)
    started = time.perf_counter()
    outcome = run_pipeline(root, instance=None if workers > 1 else instance, workers=workers,
                           echo=lambda line: None)
    if not outcome.success:
        sys.exit(f"the run failed: {[s.problems for s in outcome.sites if not s.success]}")
    return time.perf_counter() - started, len(outcome.sites)


def fresh_copy(raw: Path, into: Path) -> Path:
    shutil.copytree(raw, into / "data" / "raw")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PROJECT, help="project whose data/raw is timed")
    parser.add_argument("--synth", type=int, help="generate this many sites instead of using --root's data")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="site runs at once (default: cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        raw = args.root / "data" / "raw"
        if args.synth:
            from evaluation.synth.generate import generate

            started = time.perf_counter()
            generate(scratch / "raw", n_sites=args.synth, seed=2022)
            print(f"generated {args.synth} sites in {time.perf_counter() - started:.1f} s")
            raw = scratch / "raw"
        import_started = time.perf_counter()
        import dagster  # noqa: F401  (timed: part of every `evaluation run`)
        import pipelines.definitions  # noqa: F401
        imports = time.perf_counter() - import_started
        work = plain_work(fresh_copy(raw, scratch / "plain"))
        sequential, sites = through_dagster(fresh_copy(raw, scratch / "sequential"), workers=1)
        parallel, _ = through_dagster(fresh_copy(raw, scratch / "parallel"), workers=args.workers)
    overhead = sequential - work
    print(f"sites:                                    {sites}")
    print(f"import dagster + definitions:             {imports:6.1f} s")
    print(f"work (plain Python, same calls, 1 core):  {work:6.1f} s")
    print(f"through Dagster, one site run at a time:  {sequential:6.1f} s  (overhead {overhead:.1f} s = "
          f"{overhead / sites:.2f} s per site run, {overhead / work:.0%} of the work)")
    print(f"through Dagster, {args.workers} site runs at a time:   {parallel:6.1f} s  (wall-clock overhead "
          f"{parallel - work:.1f} s = {(parallel - work) / work:.0%} of the work)  <- what `evaluation run` does")
    print(f"evaluation run wall time incl. imports:   {parallel + imports:6.1f} s")


if __name__ == "__main__":
    main()
