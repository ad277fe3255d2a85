"""Where every file of a project lives, and the one way each is written and read.

    <root>/data/raw/                 what sites send (read-only): sites.csv, <site_id>/surveys/, <site_id>/interviews/
    <root>/data/processed/           analysts' tables: <table>/<site_id>.parquet per site, <table>.parquet across sites,
                                     survey/<table>.parquet and funnel/<measure>.parquet (the survey analysis),
                                     published/<table>.parquet (the disclosed values behind reports/tables/),
                                     learned_coder.pkl.gz (the coder learned from returned reviews)
    <root>/data/private/             never published, owner-only (0700/0600): anonymisation_log/, quarantine_values/,
                                     respondent_key, embedding_cache/
    <root>/data/review/outgoing/     review sheet and QDA project for reviewers; returned/ what they send back
    <root>/data/commentary/          evaluators' interpretation and recommendations (cross_site.md, <site_id>.md)
    <root>/reports/                  for commissioners: cross_site_report.*, case_studies/, tables/ (CSV), figures/
    <root>/.dagster/                 the project's Dagster instance (DAGSTER_HOME), when none is set

Every write is atomic (a temporary file in the same folder, then a rename) and deterministic (Parquet without an
index or timestamps), so the same tables give byte-identical files. Nothing else in the project spells these names:
code asks a `ProjectLayout` where a table lives. A data root on shared storage plugs in here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SURVEYS = "surveys"  # inside a site's raw folder
INTERVIEWS = "interviews"
ANALYSIS_FOLDERS = ("survey", "funnel")  # a survey analysis table named "funnel/<measure>" lives under funnel/


@dataclass(frozen=True)
class ProjectLayout:
    """The folders and files of one project (see the module docstring)."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    # --- folders -------------------------------------------------------------------------------------------------
    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def private(self) -> Path:
        """Anonymisation logs, quarantined values, the pseudonym key, the embedding cache: never published."""
        return self.root / "data" / "private"

    @property
    def review(self) -> Path:
        return self.root / "data" / "review"

    @property
    def review_outgoing(self) -> Path:
        return self.review / "outgoing"

    @property
    def review_returned(self) -> Path:
        """Where reviewers' completed sheets and QDA projects are put: read, never written."""
        return self.review / "returned"

    @property
    def reports(self) -> Path:
        """What commissioners receive: reports, published tables and figures, all through disclosure control."""
        return self.root / "reports"

    @property
    def published_tables(self) -> Path:
        return self.reports / "tables"

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def cross_site_report(self) -> Path:
        """The cross-site report's path without a suffix (.html, .docx and .pdf are written)."""
        return self.reports / "cross_site_report"

    def case_study(self, site_id: str) -> Path:
        """A site's case study path without a suffix."""
        return self.reports / "case_studies" / site_id

    def commentary(self, site_id: str | None = None) -> Path:
        """The evaluators' interpretation and recommendations in Markdown, written by hand and read, never written:
        data/commentary/cross_site.md for the cross-site report, data/commentary/<site_id>.md for a case study."""
        return self.root / "data" / "commentary" / f"{site_id or 'cross_site'}.md"

    @property
    def dagster_home(self) -> Path:
        return self.root / ".dagster"

    def site_folder(self, site_id: str) -> Path:
        return self.raw / site_id

    @property
    def learned_coder(self) -> Path:
        return self.processed / "learned_coder.pkl.gz"

    @property
    def embedding_cache(self) -> Path:
        return self.private / "embedding_cache"

    @property
    def review_sheet(self) -> Path:
        return self.review_outgoing / "coding_review.xlsx"

    @property
    def review_project(self) -> Path:
        return self.review_outgoing / "coding.qdpx"

    def describe(self) -> dict[str, Path]:
        """Where a person finds what the pipeline wrote, for the run command's closing lines."""
        return {"processed tables": self.processed, "for commissioners": self.reports,
                "for reviewers": self.review_outgoing, "completed reviews go in": self.review_returned,
                "private (never publish)": self.private}

    # --- processed tables ------------------------------------------------------------------------------------------
    def site_table_path(self, table: str, site_id: str) -> Path:
        return self.processed / table / f"{site_id}.parquet"

    def table_path(self, table: str) -> Path:
        """A cross-site table (or a survey analysis table, "survey/<name>" / "funnel/<measure>")."""
        return self.processed / f"{table}.parquet"

    def write_site_table(self, table: str, site_id: str, frame: pd.DataFrame) -> Path:
        return write_parquet(frame, self.site_table_path(table, site_id))

    def read_site_tables(self, table: str, site_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Every site's rows of a per-site table (those of `site_ids` when given; a site not yet written is left
        out, see `missing_sites`). An empty frame when none was written."""
        folder = self.processed / table
        if site_ids is None:
            files = sorted(folder.glob("*.parquet"))
        else:
            files = [p for p in (self.site_table_path(table, s) for s in sorted(site_ids)) if p.is_file()]
        if not files:
            return pd.DataFrame()
        return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)

    def missing_sites(self, table: str, site_ids: Iterable[str]) -> list[str]:
        return [s for s in sorted(site_ids) if not self.site_table_path(table, s).is_file()]

    def has_site_tables(self, table: str) -> bool:
        return (self.processed / table).is_dir()

    def write_table(self, table: str, frame: pd.DataFrame) -> Path:
        return write_parquet(frame, self.table_path(table))

    def read_table(self, table: str) -> pd.DataFrame:
        return pd.read_parquet(self.table_path(table))

    def has_table(self, table: str) -> bool:
        return self.table_path(table).is_file()

    def write_analysis(self, tables: Mapping[str, pd.DataFrame]) -> list[Path]:
        """The survey analysis: each table as survey/<name>.parquet, "funnel/<measure>" as funnel/<measure>.parquet;
        a table no longer produced is removed, so it cannot linger."""
        paths = [write_parquet(frame, self.table_path(name if "/" in name else f"survey/{name}"))
                 for name, frame in tables.items()]
        for folder in ANALYSIS_FOLDERS:
            for stale in set((self.processed / folder).glob("*.parquet")) - set(paths):
                stale.unlink()
        return paths

    def read_analysis(self) -> dict[str, pd.DataFrame]:
        """The survey analysis tables `write_analysis` wrote, by the names it was given."""
        tables = {p.stem: pd.read_parquet(p) for p in sorted((self.processed / "survey").glob("*.parquet"))}
        tables |= {f"funnel/{p.stem}": pd.read_parquet(p) for p in sorted((self.processed / "funnel").glob("*.parquet"))}
        if not tables:
            raise FileNotFoundError(f"no survey analysis under {self.processed}: run the survey stage first")
        return tables

    # --- private files ---------------------------------------------------------------------------------------------
    def write_private_site_table(self, table: str, site_id: str, frame: pd.DataFrame) -> Path:
        path = self.private / table / f"{site_id}.parquet"
        make_private_folders(path.parent, self.private)
        return write_parquet(frame, path)

    def private_folder(self, name: str) -> Path:
        """A folder under data/private made owner-only (0700), every folder above it up to data/private too."""
        folder = self.private / name
        make_private_folders(folder, self.private)
        return folder


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write `frame` to `path` atomically. The index is not stored and no timestamps are written, so the same frame
    gives byte-identical files."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return _atomic(Path(path), lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_bytes(path: Path, data: bytes) -> Path:
    return _atomic(Path(path), lambda tmp: Path(tmp).write_bytes(data))


def _atomic(path: Path, write) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def make_private_folders(folder: Path, private_root: Path) -> None:
    """Create `folder` and every folder from `private_root` down to it, each readable by its owner only (0700)."""
    folder, private_root = Path(folder), Path(private_root)
    inside = folder.relative_to(private_root)
    for step in dict.fromkeys([private_root, *(private_root / p for p in reversed(inside.parents)), folder]):
        step.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(step, 0o700)
