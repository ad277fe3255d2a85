"""Reports: the cross-site report and a case study per site, in HTML, Word and PDF, from the disclosed tables and the
evaluators' commentary (data/commentary/, read like any file from outside: confined and size-limited)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from evaluation.publish import PublishedTable
from evaluation.reports.build import write_reports
from evaluation.reports.commentary import read_commentary
from evaluation.reports.inputs import CROSS_SITE, ReportInputs
from evaluation.reports.provenance import provenance
from evaluation.stages.project import Project
from evaluation.stages.review import LearnedModel


def commissioner_reports(project: Project, tables: Sequence[PublishedTable], figures: pd.DataFrame,
                         framework: pd.DataFrame, sites: pd.DataFrame, agreement: pd.DataFrame,
                         learned: LearnedModel) -> dict[str, list[Path]]:
    """Write every report; the files written per report ("cross-site", then each site id)."""
    layout = project.layout
    site_ids = list(sites.loc[sites["has_folder"].astype(bool), "site_id"])
    folder = layout.commentary().parent
    commentary = {key: text for key, text in ((CROSS_SITE, read_commentary(layout.commentary(), folder)),
                                              *((s, read_commentary(layout.commentary(s), folder)) for s in site_ids))
                  if text is not None}
    inputs = ReportInputs(
        tables={t.name: t for t in tables}, figures=figures, figure_dir=layout.figures, framework=framework,
        sites=sites, agreement=agreement, learning=learned.agreement, instrument=project.instrument,
        commentary=commentary,
        provenance=provenance(layout.raw, project.codebook.label, project.instrument.label, layout.root))
    return write_reports(inputs, layout.cross_site_report, layout.case_study)
