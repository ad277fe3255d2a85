"""The Dagster code location: `dagster dev` (or `dg dev`) from the project root loads `defs`.

Every asset, check, job and sensor is found in the modules under pipelines/defs/ (one folder per stage); this file
only binds them to a project folder.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.defs.io_manager import ProjectIOManager
from pipelines.defs.resources import EvaluationProject


def build_definitions(project: EvaluationProject) -> dg.Definitions:
    """Definitions bound to one project folder (tests build them over a temporary folder)."""
    found = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent)  # pipelines/defs/
    return dg.Definitions.merge(found, dg.Definitions(
        resources={"project": project, "io_manager": ProjectIOManager(project=project)}))


defs = build_definitions(EvaluationProject.from_environment())
