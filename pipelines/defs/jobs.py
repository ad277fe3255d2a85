"""Jobs: register the sites, process one site (every per-site asset), then build the cross-site tables."""

import dagster as dg

from pipelines.defs.scopes import cross_site_assets, registry_assets, site_assets

register_sites_job = dg.define_asset_job(
    "register_sites", selection=registry_assets, description="Read and check the raw data's sites.csv.")

process_site_job = dg.define_asset_job(
    "process_site", selection=site_assets,
    description="Everything for one site (one run per site partition): ingest its surveys and interviews, "
                "segment and code its interviews, code its survey comments.")

cross_site_job = dg.define_asset_job(
    "cross_site", selection=cross_site_assets,
    description="Across every site: the learned coder from returned reviews, the framework matrix, theme "
                "co-occurrence, the review exports and agreement with returned reviews, the survey statistics, "
                "and the commissioner tables, figures and reports.")
