"""Reports stage: the cross-site report and the per-site case studies, in HTML, Word and PDF."""

import dagster as dg
import pandas as pd

from evaluation.disclosure_scan import scan_reports
from evaluation.publish import PublishedTable
from evaluation.stages.reports import commissioner_reports as write_reports
from evaluation.stages.review import LearnedModel
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE


@dg.asset(group_name="reports", kinds={"html", "docx", "pdf"}, tags=CROSS_SITE,
          check_specs=[dg.AssetCheckSpec("no_small_numbers_published", asset="commissioner_reports", blocking=True,
                                         description="No count of 1 to 7 people in any report (HTML, Word, PDF), "
                                                     "published table, chart label or alt text.")])
def commissioner_reports(project: EvaluationProject, commissioner_tables: list[PublishedTable],
                         commissioner_figures: pd.DataFrame, framework_matrix: pd.DataFrame,
                         site_registry: pd.DataFrame, coding_agreement: pd.DataFrame,
                         learned_coder: LearnedModel):
    """The cross-site report and a case study per site in HTML, Word and PDF: written from the published (disclosed)
    tables and figures on every run, with a provenance block (data hash, codebook and instrument versions, code
    version, run time)."""
    written = write_reports(project.project, commissioner_tables, commissioner_figures, framework_matrix,
                            site_registry, coding_agreement, learned_coder)
    yield dg.MaterializeResult(metadata={
        "cross-site report": dg.MetadataValue.path(str(written["cross-site"][0])),
        "case studies": len(written) - 1,
        "files": sum(len(paths) for paths in written.values()),
        "folder": dg.MetadataValue.path(str(project.layout.reports)),
    })
    findings = scan_reports(project.layout.reports)
    yield dg.AssetCheckResult(check_name="no_small_numbers_published", passed=not findings, metadata={
        "findings": len(findings),
        "first findings": dg.MetadataValue.md("\n".join(f"- `{f.file}` {f.location}: “{f.text}” ({f.reason})"
                                                          for f in findings[:20]) or "_none_")})
