"""`evaluation map-survey`: draft a site's survey mapping file from its exports, for an evaluator to check and commit."""

from __future__ import annotations

from pathlib import Path

from evaluation.ingest.file_safety import FileLimits
from evaluation.ingest.quarantine import Quarantine, describe
from evaluation.ingest.survey_mapping import draft_file_mapping
from evaluation.ingest.survey_mapping_file import render_mapping
from evaluation.ingest.surveys import read_safely, survey_files
from evaluation.layout import ProjectLayout
from evaluation.survey.instrument import Instrument


def draft_site_mapping(target: Path, root: Path, instrument: Instrument) -> tuple[str, list[str]]:
    """The drafted mapping for a site (its id, its folder or its surveys/ folder) or one export, and notes on files
    that could not be read."""
    target = Path(target)
    if target.is_file():
        paths, site = [target], target.parent.parent.name if target.parent.name == "surveys" else target.parent.name
    else:
        folder = target if target.is_dir() else ProjectLayout(Path(root)).site_folder(str(target))
        folder = folder / "surveys" if (folder / "surveys").is_dir() else folder
        if not folder.is_dir():
            raise FileNotFoundError(f"no site, folder or file named {target} (looked in {folder})")
        paths, site = survey_files(folder), (folder.parent.name if folder.name == "surveys" else folder.name)
    quarantine, entries = Quarantine(site, "survey_responses"), []
    for path in paths:
        for sheet in read_safely(path, FileLimits.from_env(), quarantine) or []:
            entries.append((sheet, draft_file_mapping(sheet, instrument)))
    return render_mapping(entries, instrument, site), describe(quarantine.frame()).splitlines()
