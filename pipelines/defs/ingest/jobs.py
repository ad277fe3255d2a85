import dagster as dg

from pipelines.defs.ingest.assets import ingest_site_data, site_registry

register_sites_job = dg.define_asset_job(
    "register_sites", selection=[site_registry], description="Read and check data/raw/sites.csv.")

ingest_sites_job = dg.define_asset_job(
    "ingest_site", selection=dg.AssetSelection.assets(ingest_site_data),
    description="Ingest one site's surveys and interviews (one run per site partition).")
