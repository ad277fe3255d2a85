"""Materialise everything for every site through Dagster, recording runs in the project's own Dagster instance.

Runs land in $DAGSTER_HOME (default: the project's .dagster/ folder), so `dagster dev` afterwards shows them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipelines.defs.ingest.partitions import site_partitions
from pipelines.defs.resources import EvaluationProject
from pipelines.definitions import build_definitions


@dataclass
class SiteRun:
    site_id: str
    success: bool
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class PipelineRun:
    sites: list[SiteRun]
    registry_problems: list[str]
    seconds: float

    @property
    def success(self) -> bool:
        return all(site.success for site in self.sites)


def project_instance(root: Path) -> dg.DagsterInstance:
    """The persistent Dagster instance of the project (SQLite under DAGSTER_HOME, default <root>/.dagster)."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(Path(root).resolve() / ".dagster")))
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").touch(exist_ok=True)
    return dg.DagsterInstance.get()


def run_pipeline(root: Path, instance: dg.DagsterInstance | None = None, sites: list[str] | None = None,
                 echo: Callable[[str], None] = print) -> PipelineRun:
    """Register the sites, then ingest each one in its own run; a failing site does not stop the others."""
    started = time.perf_counter()
    project = EvaluationProject(root=str(Path(root).resolve()))
    instance = instance or project_instance(Path(root))
    defs = build_definitions(project)
    registry = project.registry()
    for problem in registry.problems():
        echo(f"  note: {problem}")
    wanted = [s for s in registry.ready_site_ids if sites is None or s in sites]
    known = set(instance.get_dynamic_partitions(site_partitions.name))
    instance.add_dynamic_partitions(site_partitions.name, [s for s in wanted if s not in known])
    defs.resolve_job_def("register_sites").execute_in_process(instance=instance)

    job = defs.resolve_job_def("ingest_site")
    results = []
    for position, site_id in enumerate(wanted, start=1):
        site_started = time.perf_counter()
        result = job.execute_in_process(partition_key=site_id, instance=instance, raise_on_error=False)
        site_run = _summarise(site_id, result, time.perf_counter() - site_started)
        echo(_progress_line(position, len(wanted), site_run))
        results.append(site_run)
    return PipelineRun(results, registry.problems(), time.perf_counter() - started)


def _summarise(site_id: str, result: dg.ExecuteInProcessResult, seconds: float) -> SiteRun:
    counts = {}
    for materialization in result.asset_materializations_for_node("ingest_site_data"):
        metadata = materialization.metadata
        name = materialization.asset_key.to_user_string()
        counts[name] = int(metadata["dagster/row_count"].value)
        for extra in ("respondents", "interviews"):
            if extra in metadata:
                counts[extra] = int(metadata[extra].value)
    problems = [f"check {e.asset_check_key.asset_key.to_user_string()}:{e.check_name} failed"
                for e in result.get_asset_check_evaluations() if not e.passed]
    problems += [event.message for event in result.all_events
                 if event.event_type_value == "STEP_FAILURE" and event.message]
    return SiteRun(site_id, result.success and not problems, seconds, counts, problems)


def _progress_line(position: int, total: int, run: SiteRun) -> str:
    width = len(str(total))
    head = f"  [{position:>{width}}/{total}] {run.site_id:<28}"
    if not run.success:
        return f"{head} FAILED ({run.seconds:.1f} s): " + "; ".join(run.problems)
    c = run.counts
    return (f"{head} ok  {c.get('respondents', 0):>4} respondents, {c.get('survey_responses', 0):>5} answers, "
            f"{c.get('interviews', 0):>2} interviews, {c.get('interview_turns', 0):>4} turns, "
            f"{c.get('quarantine', 0):>3} quarantined  ({run.seconds:.1f} s)")
