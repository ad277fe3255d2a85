"""What every stage runs with: the project's layout, its codebook and its survey instrument."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.coding.codebook import Codebook, load_codebook
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.layout import ProjectLayout
from evaluation.sites import SiteRegistry, load_site_registry
from evaluation.survey.instrument import Instrument, load_instrument


@dataclass(frozen=True)
class Project:
    layout: ProjectLayout
    codebook: Codebook
    instrument: Instrument

    @classmethod
    def open(cls, root: Path | str, codebook: Path | str | None = None,
             instrument: Path | str | None = None) -> Project:
        """The project at `root`, coding with `codebook` (default: the packaged Picker codebook) and reading surveys
        with `instrument` (default: the packaged instrument)."""
        return cls(ProjectLayout(Path(root)), load_codebook(codebook), load_instrument(instrument))

    def registry(self) -> SiteRegistry:
        return load_site_registry(self.layout.raw)

    def pseudonymiser(self) -> Pseudonymiser:
        """Respondent ids -> keyed pseudonyms, with the project's own key (private, created on first use)."""
        return Pseudonymiser.for_project(self.layout.private_folder(""))
