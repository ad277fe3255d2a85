import dagster as dg

# One partition per site listed in sites.csv with a folder under data/raw; added by the sensor and the run command.
site_partitions = dg.DynamicPartitionsDefinition(name="site")
