"""One folder per pipeline stage, each with its partitions, assets (and their checks) and sensors."""
