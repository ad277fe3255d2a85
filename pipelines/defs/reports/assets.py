"""Reports stage: the cross-site report and the per-site case studies, in HTML, Word and PDF."""

import dagster as dg

from evaluation.reports.build import provenance, write_reports
from evaluation.reports.content import load_inputs
from pipelines.defs.resources import EvaluationProject


@dg.asset(group_name="reports", kinds={"html", "docx", "pdf"},
          deps=["commissioner_tables", "commissioner_figures", "framework_matrix", "coding_agreement"])
def commissioner_reports(project: EvaluationProject) -> dg.MaterializeResult:
    """reports/cross_site_report.{html,docx,pdf} and reports/case_studies/<site_id>.{html,docx,pdf}: written from
    the published (disclosed) tables and figures on every run, with a provenance block (data hash, codebook and
    instrument versions, code version, run time)."""
    inputs = load_inputs(project.reports_dir, project.processed_dir,
                         provenance(project.raw_dir, project.codebook.label, project.instrument.label,
                                    project.root))
    written = write_reports(inputs, project.reports_dir)
    return dg.MaterializeResult(metadata={
        "cross-site report": dg.MetadataValue.path(str(written["cross-site"][0])),
        "case studies": len(written) - 1,
        "files": sum(len(paths) for paths in written.values()),
        "folder": dg.MetadataValue.path(str(project.reports_dir)),
    })
