"""Materialise everything for every site through Dagster, recording runs in the project's own Dagster instance.

Runs land in $DAGSTER_HOME (default: the project layout's Dagster folder), so `dagster dev` afterwards shows them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from evaluation.layout import ProjectLayout
from pipelines.defs.scopes import site_partitions
from pipelines.defs.resources import EvaluationProject
from pipelines.definitions import build_definitions


@dataclass
class SiteRun:
    site_id: str
    success: bool
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    layouts: str = ""  # the survey layout recognised per export
    covered: float | None = None  # share of the instrument's items the site's exports carry


@dataclass
class PipelineRun:
    sites: list[SiteRun]
    registry_problems: list[str]
    seconds: float
    cross_site_success: bool = True

    @property
    def success(self) -> bool:
        return self.cross_site_success and all(site.success for site in self.sites)


# The run prints one line per site; Dagster's step-by-step log stays in the instance (and the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# Machines running evaluations are often offline, and no run data should leave them.
INSTANCE_SETTINGS = "telemetry:\n  enabled: false\n"


def project_instance(root: Path) -> dg.DagsterInstance:
    """The persistent Dagster instance of the project (SQLite under DAGSTER_HOME, default the layout's)."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(ProjectLayout(Path(root)).dagster_home)))
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists() or not settings.read_text().strip():
        settings.write_text(INSTANCE_SETTINGS)
    return dg.DagsterInstance.get()


def run_pipeline(root: Path, instance: dg.DagsterInstance | None = None, sites: list[str] | None = None,
                 workers: int = 1, codebook: str | None = None, echo: Callable[[str], None] = print) -> PipelineRun:
    """Register the sites, process each one in its own run (a failing site does not stop the others), then build
    the cross-site tables.

    With `workers` > 1, that many site runs go at once, each worker process opening the project's persistent
    instance (so `instance` must be None: an in-memory instance cannot be shared between processes).
    """
    if workers > 1 and instance is not None:
        raise ValueError("parallel site runs need the persistent instance under DAGSTER_HOME, not a given one")
    started = time.perf_counter()
    root = Path(root).resolve()
    project = EvaluationProject(root=str(root), codebook_path=codebook)
    registry = project.project.registry()  # a codebook that does not load stops the run here, before any site
    instance = instance or project_instance(root)
    for problem in registry.problems():
        echo(f"  note: {problem}")
    wanted = [s for s in registry.ready_site_ids if sites is None or s in sites]
    known = set(instance.get_dynamic_partitions(site_partitions.name))
    instance.add_dynamic_partitions(site_partitions.name, [s for s in wanted if s not in known])
    definitions = _definitions(str(root), codebook)
    definitions.resolve_job_def("register_sites").execute_in_process(instance=instance, run_config=QUIET)

    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            runs = pool.map(_process_site_run, [str(root)] * len(wanted), wanted, [codebook] * len(wanted))
            results = _echo_progress(runs, len(wanted), echo)
    else:
        runs = (_process_site_run(str(root), site_id, codebook, instance) for site_id in wanted)
        results = _echo_progress(runs, len(wanted), echo)
    cross_site = definitions.resolve_job_def("cross_site").execute_in_process(
        instance=instance, run_config=QUIET, raise_on_error=False)
    return PipelineRun(results, registry.problems(), time.perf_counter() - started, cross_site.success)


@lru_cache(maxsize=4)
def _definitions(root: str, codebook: str | None) -> dg.Definitions:
    return build_definitions(EvaluationProject(root=root, codebook_path=codebook))


def _process_site_run(root: str, site_id: str, codebook: str | None,
                      instance: dg.DagsterInstance | None = None) -> "SiteRun":
    """One site's run (also the unit of work a worker process is given)."""
    started = time.perf_counter()
    job = _definitions(root, codebook).resolve_job_def("process_site")
    result = job.execute_in_process(partition_key=site_id, instance=instance or dg.DagsterInstance.get(),
                                    raise_on_error=False, run_config=QUIET)
    return _summarise(site_id, result, time.perf_counter() - started)


def _echo_progress(runs, total: int, echo: Callable[[str], None]) -> list["SiteRun"]:
    results = []
    for position, site_run in enumerate(runs, start=1):
        echo(_progress_line(position, total, site_run))
        results.append(site_run)
    return results


def _summarise(site_id: str, result: dg.ExecuteInProcessResult, seconds: float) -> SiteRun:
    counts, layouts, covered = {}, "", None
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        counts[event.asset_key.to_user_string()] = int(metadata["dagster/row_count"].value)
        for extra in ("respondents", "answers on the scale", "interviews", "segments coded"):
            if extra in metadata:
                counts[extra] = int(metadata[extra].value)
        if "layouts" in metadata:
            layouts = str(metadata["layouts"].value)
        if "instrument covered" in metadata:
            covered = float(metadata["instrument covered"].value)
    problems = [f"check {e.asset_check_key.asset_key.to_user_string()}:{e.check_name} failed"
                + (f": {e.description}" if getattr(e, "description", None) else "")
                for e in result.get_asset_check_evaluations() if not e.passed]
    problems += [event.message for event in result.all_events
                 if event.event_type_value == "STEP_FAILURE" and event.message]
    return SiteRun(site_id, result.success and not problems, seconds, counts, problems, layouts, covered)


def _progress_line(position: int, total: int, run: SiteRun) -> str:
    width = len(str(total))
    head = f"  [{position:>{width}}/{total}] {run.site_id:<28}"
    if not run.success:
        return f"{head} FAILED ({run.seconds:.1f} s): " + "; ".join(run.problems)
    c = run.counts
    surveys = run.layouts not in ("", "no survey exports")
    covered = f"{run.covered or 0:.0%} of the instrument" if surveys else "no survey exports"
    return (f"{head} ok  {c.get('respondents', 0):>4} respondents, {c.get('answers on the scale', 0):>5} answers on "
            f"the scale ({covered}), {c.get('interviews', 0):>2} interviews, {c.get('interview_turns', 0):>4} turns, "
            f"{c.get('segments coded', 0):>4} segments coded, {c.get('quarantine', 0):>2} quarantined  "
            f"({run.seconds:.1f} s)" + (f"\n{' ' * (len(head) + 5)}surveys: {run.layouts}" if surveys else ""))
