"""What a report is written from, gathered in memory by the caller: nothing here reads a file.

Printed numbers come only from the published tables (already through disclosure control): their text when a table
is shown, their `values` when a sentence needs a number. The exact framework matrix is used only to choose (which
themes are most common, which quotes read best) and for shares on a base of at least 8 interviews.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaluation.publish import PublishedTable
from evaluation.reports.document import Figure
from evaluation.reports.wording import dimension_name
from evaluation.survey.instrument import Instrument, load_instrument

CROSS_SITE = "cross-site"  # the cross-site report's key, beside site ids (commentary, files written)


@dataclass(frozen=True)
class ReportInputs:
    """Everything the cross-site report and the case studies say is built from these.

    tables: the commissioner tables by name (`evaluation.publish.published_tables`, with site names); a sequence
        of them is accepted and kept by name. The reports use participation, dimension_results, change,
        ordinal_change, reliability, site_differences, site_standing, funnels and theme_prevalence.
    figures: the figure listing `evaluation.figures.write_figures` returns (name, section, site_id, measure, title,
        image, alt_text, ...); `image` is a file name inside `figure_dir`.
    figure_dir: the folder the figures were written to.
    framework: the exact framework matrix (site × theme, with comment columns and quotes joined), for ranking
        themes and choosing quotes, never printed as counts.
    sites: the site registry frame (`evaluation.sites.registry_frame`): site_id, site_name, display_name,
        system_type, region, project_title, has_folder. Every site with has_folder gets a case study.
    agreement: the coding agreement table (level, code, cohen_kappa, ...); empty until a review is returned.
    learning: the learned coder's cross-validated agreement (level, code, n_segments, cohen_kappa, ...); empty
        when no coded review has been learned from.
    provenance: (label, value) rows printed at the end of every report (`evaluation.reports.provenance`).
    instrument: the survey instrument, for dimension names and item wording (never ids in a report).
    commentary: the evaluators' interpretation and recommendations as Markdown, under CROSS_SITE for the cross-site
        report and under a site id for its case study (`evaluation.reports.commentary.read_commentary`); a report
        without one says that it is the automated draft.
    """
    tables: Mapping[str, PublishedTable] | Sequence[PublishedTable]
    figures: pd.DataFrame
    figure_dir: Path
    framework: pd.DataFrame
    sites: pd.DataFrame
    agreement: pd.DataFrame = field(default_factory=pd.DataFrame)
    learning: pd.DataFrame = field(default_factory=pd.DataFrame)
    provenance: tuple[tuple[str, str], ...] = ()
    instrument: Instrument = field(default_factory=load_instrument)
    commentary: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.tables, Mapping):
            object.__setattr__(self, "tables", {table.name: table for table in self.tables})

    @property
    def names(self) -> dict[str, str]:
        """Site id -> the name readers see."""
        return dict(zip(self.sites["site_id"], self.sites["display_name"]))

    def dimension_name(self, dimension: str) -> str:
        return dimension_name(self.instrument, dimension)

    @property
    def case_study_sites(self) -> list[str]:
        """Every site that sent data, whether surveys, interviews or both."""
        return list(self.sites.loc[self.sites["has_folder"].astype(bool), "site_id"])

    def table(self, name: str, site_id: str | None = None) -> pd.DataFrame:
        """A published table as text (every cell as published), optionally one site's rows."""
        return _for_site(self.tables[name].table, site_id)

    def values(self, name: str, site_id: str | None = None) -> pd.DataFrame:
        """The same table's values as numbers (<NA> where hidden), optionally one site's rows."""
        return _for_site(self.tables[name].values, site_id)

    def figures_in(self, section: str, site_id: str | None = None, measure_prefix: str = "") -> list[Figure]:
        """The figures of one section (one site's, when given; of measures starting with `measure_prefix`)."""
        rows = self.figures[(self.figures["section"] == section)
                            & self.figures["measure"].fillna("").str.startswith(measure_prefix)]
        if site_id is not None:
            rows = rows[rows["site_id"] == site_id]
        return [Figure(Path(self.figure_dir) / r.image, r.alt_text, r.title) for r in rows.itertuples()]


def _for_site(table: pd.DataFrame, site_id: str | None) -> pd.DataFrame:
    return table if site_id is None else table[table["site_id"] == site_id]
