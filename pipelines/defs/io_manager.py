"""Assets hand each other values through the project's layout: this IO manager calls evaluation.stages.store, so
an asset declares what it reads as inputs and Dagster's lineage shows it."""

import dagster as dg

from evaluation.stages import store
from pipelines.defs.resources import EvaluationProject


class ProjectIOManager(dg.ConfigurableIOManager):
    project: dg.ResourceDependency[EvaluationProject]

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        site_id = context.partition_key if context.has_partition_key else None
        paths = store.save(self.project.layout, context.asset_key.to_user_string(), obj, site_id)
        if paths:
            context.add_output_metadata({"path": dg.MetadataValue.path(str(paths[0]))})

    def load_input(self, context: dg.InputContext):
        asset = context.asset_key.to_user_string()
        if not context.has_asset_partitions:
            return store.load(self.project.layout, asset)
        site_ids = context.asset_partition_keys
        for site_id in self.project.layout.missing_sites(asset, site_ids):
            context.log.warning(f"{asset}: nothing written for site {site_id} (its run failed or has not happened); "
                                "left out here")
        return store.load(self.project.layout, asset, site_ids)
