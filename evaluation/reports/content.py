"""What the commissioner reports say: the cross-site report and a case study per site, put together from sections.

Every number printed comes from a published table (already through disclosure control) or is a percentage on a base
of 8 or more interviews; the exact framework matrix is used only to choose (which themes are most common, which
quotes read best), never to print counts. The summaries are written from the results, so they change when they do.
"""

from __future__ import annotations

from evaluation.reports.document import Paragraph, Report, Section
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.methods import methods
from evaluation.reports.sections import change, differences, how_coproduced, items_appendix, who_took_part
from evaluation.reports.summary import executive_summary, site_summary
from evaluation.reports.themes import theme_sections


def cross_site_report(inputs: ReportInputs) -> Report:
    return Report(
        title="Co-production in quality improvement: cross-site evaluation report",
        subtitle=f"{len(inputs.sites)} systems: Cancer Alliances, Integrated Care Systems and Health and Social Care "
                 "Partnerships",
        sections=(
            Section("Executive summary", tuple(Paragraph(t) for t in executive_summary(inputs))),
            who_took_part(inputs),
            how_coproduced(inputs),
            *theme_sections(inputs),
            change(inputs),
            differences(inputs),
            items_appendix(inputs),
            methods(inputs),
        ),
        provenance=inputs.provenance)


def site_case_study(inputs: ReportInputs, site_id: str) -> Report:
    site = inputs.sites.set_index("site_id").loc[site_id]
    return Report(
        title=f"{site['display_name']}: co-production case study",
        subtitle=f"{site['system_type']}, {site['region']}. Project: {site['project_title']}",
        sections=(
            Section("Summary", tuple(Paragraph(t) for t in site_summary(inputs, site_id))),
            who_took_part(inputs, site_id),
            how_coproduced(inputs, site_id),
            *theme_sections(inputs, site_id),
            change(inputs, site_id),
            differences(inputs, site_id),
            methods(inputs),
        ),
        provenance=inputs.provenance)
