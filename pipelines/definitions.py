"""The Dagster code location: `dagster dev` (or `dg dev`) from the project root loads `defs`."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.ingest.assets import ingest_site_data, site_registry
from pipelines.defs.ingest.jobs import ingest_sites_job, register_sites_job
from pipelines.defs.ingest.sensors import site_folders_sensor
from pipelines.defs.resources import EvaluationProject


def build_definitions(project: EvaluationProject) -> dg.Definitions:
    """Definitions bound to one project folder (tests build them over a temporary folder)."""
    return dg.Definitions(
        assets=[site_registry, ingest_site_data],
        jobs=[register_sites_job, ingest_sites_job],
        sensors=[site_folders_sensor],
        resources={"project": project},
    )


defs = build_definitions(EvaluationProject.from_environment())
