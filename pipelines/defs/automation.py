"""When a site's data change under `dagster dev`, the cross-site tables, figures and reports follow by themselves."""

import warnings

import dagster as dg

from pipelines.defs.scopes import cross_site_assets

with warnings.catch_warnings():  # default_condition is marked beta in Dagster 1.13; said once here, not on every run
    warnings.simplefilter("ignore", dg.BetaWarning)
    cross_site_automation = dg.AutomationConditionSensorDefinition(
        "cross_site_when_sites_change",
        target=cross_site_assets,
        # eager: once an upstream site partition is updated and none is still running, rebuild what depends on it
        default_condition=dg.AutomationCondition.eager(),
        default_status=dg.DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=60,
        use_user_code_server=True,  # needed for default_condition
        description="Rebuilds the cross-site assets (framework matrix to commissioner reports) after site runs: the "
                    "site_folders_sensor re-ingests a changed site, and this brings everything downstream up to date.",
    )
