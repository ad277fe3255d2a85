"""Reports: the cross-site report and a case study per site, in HTML, Word and PDF, from the disclosed tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from evaluation.publish import PublishedTable
from evaluation.reports.build import write_reports
from evaluation.reports.provenance import provenance
from evaluation.reports.inputs import ReportInputs
from evaluation.stages.project import Project
from evaluation.stages.review import LearnedModel


def commissioner_reports(project: Project, tables: Sequence[PublishedTable], figures: pd.DataFrame,
                         framework: pd.DataFrame, sites: pd.DataFrame, agreement: pd.DataFrame,
                         learned: LearnedModel) -> dict[str, list[Path]]:
    """Write every report; the files written per report ("cross-site", then each site id)."""
    layout = project.layout
    inputs = ReportInputs(
        tables={t.name: t for t in tables}, figures=figures, figure_dir=layout.figures, framework=framework,
        sites=sites, agreement=agreement, learning=learned.agreement,
        provenance=provenance(layout.raw, project.codebook.label, project.instrument.label, layout.root))
    return write_reports(inputs, layout.cross_site_report, layout.case_study)
