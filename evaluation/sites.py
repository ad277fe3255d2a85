"""Site registry: which system sites take part, read from `data/raw/sites.csv` and checked against the folders."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import janitor  # noqa: F401  (registers DataFrame.clean_names)
import pandas as pd

from evaluation.grids import UnreadableFileError, read_csv_table

REGISTRY_FILE = "sites.csv"
REQUIRED_COLUMNS = ("site_id", "site_name", "system_type", "region", "project_title")
# Site ids become Dagster partition keys and folder names: keep them plain.
SITE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class SiteRegistryError(ValueError):
    """sites.csv is missing or unusable; the message names the file and row."""


@dataclass(frozen=True)
class Site:
    site_id: str
    site_name: str
    system_type: str
    region: str
    project_title: str
    places: tuple[str, ...]
    folder: Path


@dataclass(frozen=True)
class SiteRegistry:
    sites: tuple[Site, ...]
    unlisted_folders: tuple[str, ...]  # folders under data/raw that sites.csv does not list: skipped
    missing_folders: tuple[str, ...]  # sites listed without a folder: nothing to ingest
    invalid_rows: tuple[str, ...] = ()  # rows of sites.csv that cannot name a site: reported and skipped

    @property
    def site_ids(self) -> list[str]:
        return [s.site_id for s in self.sites]

    @property
    def ready_site_ids(self) -> list[str]:
        """Sites that are listed and have a folder: the partitions the pipeline processes."""
        return [s.site_id for s in self.sites if s.site_id not in self.missing_folders]

    def site(self, site_id: str) -> Site:
        for candidate in self.sites:
            if candidate.site_id == site_id:
                return candidate
        raise KeyError(f"site '{site_id}' is not listed in {REGISTRY_FILE}")

    def display_names(self) -> dict[str, str]:
        """site_id -> the name to show readers; a name two sites share is told apart by its site id."""
        return display_names(self.site_ids, [s.site_name for s in self.sites])

    def problems(self) -> list[str]:
        """Plain-language notes for the evaluator about rows, folders and sites that do not line up."""
        notes = list(self.invalid_rows)
        notes += [
            f"folder data/raw/{name}/ is not listed in {REGISTRY_FILE}; it was skipped (add it to {REGISTRY_FILE} "
            "to include it)"
            for name in self.unlisted_folders
        ]
        notes += [f"site '{name}' is listed in {REGISTRY_FILE} but has no folder data/raw/{name}/"
                  for name in self.missing_folders]
        return notes


def load_site_registry(raw_dir: Path) -> SiteRegistry:
    """Read and validate `raw_dir/sites.csv`, and compare it with the site folders present.

    A missing or unreadable registry stops the run (there is nothing to run); a row that cannot name a site (a
    site_id that is not a plain folder name, an empty required field, a site listed twice) is reported with its row
    number and skipped, so the other sites still run.
    """
    raw_dir = Path(raw_dir)
    path = raw_dir / REGISTRY_FILE
    if not path.is_file():
        raise SiteRegistryError(f"{path}: the site registry is missing; it must list site_id, site_name, ...")
    try:
        frame = read_csv_table(path).clean_names().fillna("")
    except UnreadableFileError as error:
        raise SiteRegistryError(f"{path}: {error}") from error
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise SiteRegistryError(f"{path}: missing required column(s) {', '.join(missing)}; "
                                f"found {', '.join(frame.columns)}")
    sites, invalid, first_row = [], [], {}
    for row_number, row in zip(range(2, len(frame) + 2), frame.to_dict("records")):
        if not any(str(value).strip() for value in row.values()):
            continue  # a blank line left by a spreadsheet
        problem = _row_problem(raw_dir, row, first_row)
        if problem:
            invalid.append(f"{REGISTRY_FILE} row {row_number}: {problem}; the row was skipped")
            continue
        first_row[row["site_id"]] = row_number
        sites.append(_site_from_row(raw_dir, row))
    listed = {s.site_id for s in sites}
    folders = sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return SiteRegistry(
        sites=tuple(sites),
        unlisted_folders=tuple(name for name in folders if name not in listed and SITE_ID_PATTERN.match(name)),
        missing_folders=tuple(s.site_id for s in sites if not s.folder.is_dir()),
        invalid_rows=tuple(invalid),
    )


def _row_problem(raw_dir: Path, row: dict, first_row: dict[str, int]) -> str | None:
    site_id = str(row["site_id"]).strip()
    if not SITE_ID_PATTERN.match(site_id):
        return ("the site_id must be lower-case letters, digits, '-' or '_', starting with a letter or digit "
                "(it names the site's folder)")
    if site_id in first_row:
        return f"site_id '{site_id}' is listed twice (first at row {first_row[site_id]}, which was used)"
    empty = [c for c in REQUIRED_COLUMNS if not str(row[c]).strip()]
    if empty:
        return f"site '{site_id}' has an empty {', '.join(empty)}"
    folder = raw_dir / site_id
    if folder.is_symlink() and raw_dir.resolve() not in folder.resolve().parents:
        return f"the folder of site '{site_id}' is a link leading outside {raw_dir.name}/"
    return None


def _site_from_row(raw_dir: Path, row: dict) -> Site:
    site_id = str(row["site_id"]).strip()
    places = tuple(p.strip() for p in row.get("places", "").split(";") if p.strip())
    return Site(site_id, row["site_name"].strip(), row["system_type"].strip(), row["region"].strip(),
                row["project_title"].strip(), places, raw_dir / site_id)


def display_names(site_ids: list[str], names: list[str]) -> dict[str, str]:
    """site_id -> name, with "(site_id)" added where two sites share a name, so no reader confuses them.

    >>> display_names(["a", "b", "c"], ["North ICS", "North ICS", "South CA"])
    {'a': 'North ICS (a)', 'b': 'North ICS (b)', 'c': 'South CA'}
    """
    counts = pd.Series(names, dtype="string").str.casefold().value_counts()
    return {site_id: (f"{name} ({site_id})" if counts[name.casefold()] > 1 else name)
            for site_id, name in zip(site_ids, names)}


def registry_frame(registry: SiteRegistry) -> pd.DataFrame:
    """The registry as a table for processed data. Place names are left out: they are redaction targets."""
    frame = pd.DataFrame([{c: getattr(s, c) for c in REQUIRED_COLUMNS} for s in registry.sites],
                         columns=list(REQUIRED_COLUMNS), dtype="string")
    frame["display_name"] = frame["site_id"].map(registry.display_names()).astype("string")
    frame["has_folder"] = ~frame["site_id"].isin(registry.missing_folders)
    return frame


def site_fingerprint(folder: Path) -> str:
    """A short hash of a site folder's file names, sizes and modification times: it changes when the site sends data."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
