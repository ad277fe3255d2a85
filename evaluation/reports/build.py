"""Write the cross-site report and every site's case study in HTML, Word and PDF."""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from evaluation.reports.content import ReportInputs, cross_site_report, data_hash, site_case_study
from evaluation.reports.docx import render_docx
from evaluation.reports.document import Report
from evaluation.reports.html import render_html
from evaluation.reports.pdf import render_pdf

FORMATS = {"html": render_html, "docx": render_docx, "pdf": render_pdf}
CROSS_SITE_NAME = "cross_site_report"
CASE_STUDY_DIR = "case_studies"


def provenance(raw_dir: Path, codebook_label: str, instrument_label: str, project_root: Path) -> tuple:
    """What a reader needs to trace a report back: data, codebook, instrument, code, and when it ran."""
    return (("Data (SHA-256 of data/raw, first 16 hex digits)", data_hash(raw_dir)),
            ("Codebook", codebook_label),
            ("Survey instrument", instrument_label),
            ("Code version", code_version(project_root)),
            ("Run at (UTC)", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")))


def code_version(project_root: Path) -> str:
    """The package version, and the git commit when the project is a git checkout."""
    try:
        package = version("coproduction-evaluation")
    except PackageNotFoundError:
        package = "unknown"
    try:
        commit = subprocess.run(["git", "-C", str(project_root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{package} (commit {commit})" if commit else package


def write_report(report: Report, stem: Path) -> list[Path]:
    """The report in every format: <stem>.html, <stem>.docx, <stem>.pdf."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    return [render(report, stem.with_suffix(f".{suffix}")) for suffix, render in FORMATS.items()]


def write_reports(inputs: ReportInputs, reports_dir: Path) -> dict[str, list[Path]]:
    """The cross-site report in reports/, and a case study per site in reports/case_studies/."""
    written = {"cross-site": write_report(cross_site_report(inputs), Path(reports_dir) / CROSS_SITE_NAME)}
    # Every site that sent data gets a case study, whether it sent surveys, interviews or both.
    for site_id in inputs.sites.loc[inputs.sites["has_folder"].astype(bool), "site_id"]:
        written[site_id] = write_report(site_case_study(inputs, site_id),
                                        Path(reports_dir) / CASE_STUDY_DIR / site_id)
    return written
