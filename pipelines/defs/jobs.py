"""Jobs: register the sites, process one site (every per-site asset), then build the cross-site tables."""

import dagster as dg

from pipelines.defs.coding.assets import build_framework_matrix, count_theme_cooccurrence
from pipelines.defs.coding.learning import learned_coder
from pipelines.defs.coding.review import coding_agreement, review_exports
from pipelines.defs.ingest.assets import site_registry
from pipelines.defs.reports.assets import commissioner_reports
from pipelines.defs.survey.assets import commissioner_figures, commissioner_tables, survey_statistics

CROSS_SITE = [learned_coder, build_framework_matrix, count_theme_cooccurrence, review_exports, coding_agreement,
              survey_statistics, commissioner_tables, commissioner_figures, commissioner_reports]

register_sites_job = dg.define_asset_job(
    "register_sites", selection=[site_registry], description="Read and check data/raw/sites.csv.")

process_site_job = dg.define_asset_job(
    "process_site", selection=dg.AssetSelection.all().materializable() - dg.AssetSelection.assets(
        site_registry, *CROSS_SITE),
    description="Everything for one site (one run per site partition): ingest its surveys and interviews, "
                "segment and code its interviews, code its survey comments.")

cross_site_job = dg.define_asset_job(
    "cross_site", selection=CROSS_SITE,
    description="Across every site: the learned coder from returned reviews, the framework matrix, theme "
                "co-occurrence, the review exports and agreement with returned reviews, the survey statistics and "
                "funnel tables, and the commissioner tables, figures and reports.")
