"""Write the cross-site report and every site's case study in HTML, Word and PDF, where the caller says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evaluation.reports.content import cross_site_report, site_case_study
from evaluation.reports.document import Report
from evaluation.reports.docx import render_docx
from evaluation.reports.html import render_html
from evaluation.reports.inputs import CROSS_SITE, ReportInputs
from evaluation.reports.pdf import render_pdf

FORMATS = {"html": render_html, "docx": render_docx, "pdf": render_pdf}


def write_report(report: Report, stem: Path) -> list[Path]:
    """The report in every format: <stem>.html, <stem>.docx, <stem>.pdf."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    return [render(report, stem.with_name(f"{stem.name}.{suffix}")) for suffix, render in FORMATS.items()]


def write_reports(inputs: ReportInputs, cross_site_stem: Path, case_study_stem: Callable[[str], Path]
                  ) -> dict[str, list[Path]]:
    """The cross-site report at `cross_site_stem` and each site's case study at `case_study_stem(site_id)` (stems:
    the formats' suffixes are added). Returns the files written, under "cross-site" and each site id."""
    written = {CROSS_SITE: write_report(cross_site_report(inputs), cross_site_stem)}
    for site_id in inputs.case_study_sites:
        written[site_id] = write_report(site_case_study(inputs, site_id), case_study_stem(site_id))
    return written
