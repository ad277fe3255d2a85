"""The project as one Dagster resource: its layout, codebook and instrument (see evaluation.stages.project)."""

import os
from functools import lru_cache
from pathlib import Path

import dagster as dg

from evaluation.coding.codebook import Codebook, load_codebook
from evaluation.layout import ProjectLayout
from evaluation.stages.project import Project
from evaluation.survey.instrument import Instrument, load_instrument


class EvaluationProject(dg.ConfigurableResource):
    """The project folder, and the codebook and instrument its data are read and coded with."""

    root: str
    instrument_path: str | None = None
    codebook_path: str | None = None

    @classmethod
    def from_environment(cls) -> "EvaluationProject":
        """The project at $EVALUATION_PROJECT_ROOT, else the working directory (where `dagster dev` is started),
        coding with the codebook at $EVALUATION_CODEBOOK, else the packaged one."""
        return cls(root=os.environ.get("EVALUATION_PROJECT_ROOT", os.getcwd()),
                   codebook_path=os.environ.get("EVALUATION_CODEBOOK") or None)

    @property
    def layout(self) -> ProjectLayout:
        return ProjectLayout(Path(self.root))

    @property
    def project(self) -> Project:
        """What the stages run with. A codebook or instrument file the user edits is read again when it changes
        (`dagster dev` keeps running meanwhile)."""
        return Project(self.layout, _codebook(self.codebook_path, _version_of(self.codebook_path)),
                       _instrument(self.instrument_path, _version_of(self.instrument_path)))


def _version_of(path: str | None) -> tuple[int, int] | None:
    if path is None:
        return None
    stat = Path(path).stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _instrument(path: str | None, version) -> Instrument:
    return load_instrument(path)


@lru_cache(maxsize=8)
def _codebook(path: str | None, version) -> Codebook:
    return load_codebook(path)
