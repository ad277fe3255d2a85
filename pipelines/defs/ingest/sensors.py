"""Sites arrive and send more data over time: the sensor notices, registers partitions and asks for runs."""


import json

import dagster as dg

from evaluation.sites import site_fingerprint
from pipelines.defs.jobs import process_site_job
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import site_partitions


@dg.sensor(job=process_site_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def site_folders_sensor(context: dg.SensorEvaluationContext, project: EvaluationProject) -> dg.SensorResult:
    """Registers every site folder that sites.csv lists, and re-ingests a site when its files change."""
    registry = project.project.registry()
    for problem in registry.problems():
        context.log.warning(problem)
    known = set(context.instance.get_dynamic_partitions(site_partitions.name))
    ingested = context.instance.get_materialized_partitions(dg.AssetKey("survey_responses"))
    previous = json.loads(context.cursor) if context.cursor else {}
    fingerprints = {site_id: site_fingerprint(registry.site(site_id).folder) for site_id in registry.ready_site_ids}

    def needs_run(site_id: str) -> bool:
        if site_id not in ingested:
            return True
        return site_id in previous and previous[site_id] != fingerprints[site_id]

    new_sites = [site_id for site_id in fingerprints if site_id not in known]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=site_id, run_key=f"{site_id}:{fingerprint}")
                      for site_id, fingerprint in fingerprints.items() if needs_run(site_id)],
        dynamic_partitions_requests=[site_partitions.build_add_request(new_sites)] if new_sites else [],
        cursor=json.dumps(fingerprints, sort_keys=True),
    )
