"""Jobs: register the sites, process one site (every per-site asset), then build the cross-site tables."""

import dagster as dg

from pipelines.defs.coding.assets import build_framework_matrix, count_theme_cooccurrence
from pipelines.defs.ingest.assets import site_registry

register_sites_job = dg.define_asset_job(
    "register_sites", selection=[site_registry], description="Read and check data/raw/sites.csv.")

process_site_job = dg.define_asset_job(
    "process_site", selection=dg.AssetSelection.all().materializable() - dg.AssetSelection.assets(
        site_registry, build_framework_matrix, count_theme_cooccurrence),
    description="Everything for one site (one run per site partition): ingest its surveys and interviews, "
                "segment and code its interviews.")

cross_site_job = dg.define_asset_job(
    "cross_site", selection=[build_framework_matrix, count_theme_cooccurrence],
    description="Tables across every site: the framework matrix and theme co-occurrence.")
