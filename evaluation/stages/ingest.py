"""Ingest: the site registry, then one site's surveys and interviews into tables, a quarantine and private logs."""

from __future__ import annotations

import pandas as pd

from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.site import SiteIngest, ingest_site as read_site
from evaluation.layout import ProjectLayout
from evaluation.sites import SiteRegistry, registry_frame
from evaluation.stages.project import Project

ANONYMISATION_LOG = "anonymisation_log"  # under the layout's private folder, one file per site
QUARANTINE_VALUES = "quarantine_values"


def register_sites(project: Project) -> tuple[SiteRegistry, pd.DataFrame]:
    """The registry (sites.csv checked against the site folders) and its table for processed data."""
    registry = project.registry()
    return registry, registry_frame(registry)


def ingest_site(project: Project, site_id: str, pseudonymiser: Pseudonymiser | None = None) -> SiteIngest:
    """Read, clean, map, redact and validate one site's surveys and interviews, respondent ids pseudonymised with the
    project's key unless another `pseudonymiser` is given."""
    return read_site(project.registry().site(site_id), project.instrument,
                     pseudonymiser=pseudonymiser or project.pseudonymiser())


def keep_private(layout: ProjectLayout, ingested: SiteIngest) -> None:
    """The personal data ingestion had to keep (what was redacted, what a quarantined cell held) goes to the private
    folder, never to a table."""
    layout.write_private_site_table(ANONYMISATION_LOG, ingested.site_id, ingested.anonymisation_log)
    layout.write_private_site_table(QUARANTINE_VALUES, ingested.site_id, ingested.quarantine_values)
