"""The Dagster code location: `dagster dev` (or `dg dev`) from the project root loads `defs`."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.automation import cross_site_automation
from pipelines.defs.coding.assets import (build_framework_matrix, code_site, coded_comments, count_theme_cooccurrence,
                                         segment_site)
from pipelines.defs.coding.learning import learned_coder
from pipelines.defs.coding.review import coding_agreement, review_exports
from pipelines.defs.ingest.assets import ingest_site_data, site_registry
from pipelines.defs.jobs import cross_site_job, process_site_job, register_sites_job
from pipelines.defs.ingest.sensors import site_folders_sensor
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.reports.assets import commissioner_reports
from pipelines.defs.survey.assets import commissioner_figures, commissioner_tables, survey_statistics


def build_definitions(project: EvaluationProject) -> dg.Definitions:
    """Definitions bound to one project folder (tests build them over a temporary folder)."""
    return dg.Definitions(
        assets=[site_registry, ingest_site_data, segment_site, learned_coder, code_site, coded_comments,
                build_framework_matrix, count_theme_cooccurrence, review_exports, coding_agreement, survey_statistics,
                commissioner_tables, commissioner_figures, commissioner_reports],
        jobs=[register_sites_job, process_site_job, cross_site_job],
        sensors=[site_folders_sensor, cross_site_automation],
        resources={"project": project},
    )


defs = build_definitions(EvaluationProject.from_environment())
