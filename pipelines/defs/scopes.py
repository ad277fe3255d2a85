"""Each asset says its scope in a tag, and the jobs and automation select by it: a new asset joins the right job by
being tagged, with no list to keep up to date."""

import dagster as dg

SCOPE = "evaluation/scope"
REGISTRY = {SCOPE: "registry"}  # the sites taking part: before any site runs
SITE = {SCOPE: "site"}  # one partition per site
CROSS_SITE = {SCOPE: "cross_site"}  # across every site, after the site runs

# One partition per site listed in sites.csv with a folder under data/raw; added by the sensor and the run command.
site_partitions = dg.DynamicPartitionsDefinition(name="site")

registry_assets = dg.AssetSelection.tag(SCOPE, "registry")
site_assets = dg.AssetSelection.tag(SCOPE, "site")
cross_site_assets = dg.AssetSelection.tag(SCOPE, "cross_site")
