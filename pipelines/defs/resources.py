"""Where the project's data lives and which instrument it is read with, as one Dagster resource."""


import os
from functools import lru_cache
from pathlib import Path

import dagster as dg

import pandas as pd

from evaluation.coding.codebook import Codebook, load_codebook
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.sites import SiteRegistry, load_site_registry
from evaluation.storage import read_table, site_table_path
from evaluation.survey.instrument import Instrument, load_instrument


class EvaluationProject(dg.ConfigurableResource):
    """The project folder: raw data in, processed tables out, private files (anonymisation logs) apart."""

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
    def raw_dir(self) -> Path:
        return Path(self.root) / "data" / "raw"

    @property
    def processed_dir(self) -> Path:
        return Path(self.root) / "data" / "processed"

    @property
    def private_dir(self) -> Path:
        """Anonymisation logs: never published, never under data/processed."""
        return Path(self.root) / "data" / "private"

    @property
    def review_dir(self) -> Path:
        """Review sheets and QDA projects going to reviewers (outgoing/) and coming back (returned/)."""
        return Path(self.root) / "data" / "review"

    @property
    def reports_dir(self) -> Path:
        """What commissioners receive: published (disclosed) tables, figures and reports."""
        return Path(self.root) / "reports"

    @property
    def pseudonymiser(self) -> Pseudonymiser:
        """Respondent ids -> keyed pseudonyms, with the project's key in data/private/respondent_key (0600)."""
        return Pseudonymiser.for_project(self.private_dir)

    def table_path(self, table: str, site_id: str) -> Path:
        return site_table_path(self.processed_dir, table, site_id)

    @property
    def instrument(self) -> Instrument:
        return _instrument(self.instrument_path, _version_of(self.instrument_path))

    @property
    def codebook(self) -> Codebook:
        return _codebook(self.codebook_path, _version_of(self.codebook_path))

    def table(self, name: str) -> pd.DataFrame:
        """Every site's rows of a processed table."""
        return read_table(self.processed_dir / name)

    def site_table(self, name: str, site_id: str) -> pd.DataFrame:
        """One site's rows of a processed table."""
        return pd.read_parquet(self.table_path(name, site_id))

    def registry(self) -> SiteRegistry:
        return load_site_registry(self.raw_dir)


def _version_of(path: str | None) -> tuple[int, int] | None:
    """A user's file is read again when it changes (dagster dev keeps running while they edit it)."""
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
