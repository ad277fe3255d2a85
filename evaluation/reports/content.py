"""What the commissioner reports say: the cross-site report and a case study per site, put together from sections.

Each opens with what a reader needs first: the cross-site report with its key findings (a line per site, linked to
its case study), a case study with the site at a glance; then the evaluators' interpretation and recommendations (or
a statement that the report is the automated draft), then the evidence. The methods are set out once, in the
cross-site report's appendix, which case studies link to.

Every number printed comes from a published table (already through disclosure control); the exact framework matrix
is used only to choose (which themes are most common, which quotes read best), never to print counts.
"""

from __future__ import annotations

from evaluation.reports.commentary import commentary_section
from evaluation.reports.dashboard import at_a_glance
from evaluation.reports.document import Report
from evaluation.reports.findings import key_findings
from evaluation.reports.inputs import CROSS_SITE, ReportInputs
from evaluation.reports.methods import methods, methods_pointer
from evaluation.reports.sections import change, differences, how_coproduced, items_appendix, who_took_part
from evaluation.reports.themes import theme_sections

COMMENTARY_FILES = "data/commentary/"  # named in the draft notice, so evaluators know where to write


def cross_site_report(inputs: ReportInputs) -> Report:
    return Report(
        title="Co-production in quality improvement: cross-site evaluation report",
        subtitle=f"{len(inputs.sites)} systems: Cancer Alliances, Integrated Care Systems and Health and Social Care "
                 "Partnerships",
        sections=(
            key_findings(inputs),
            commentary_section(inputs.commentary.get(CROSS_SITE), f"{COMMENTARY_FILES}cross_site.md"),
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
            at_a_glance(inputs, site_id),
            commentary_section(inputs.commentary.get(site_id), f"{COMMENTARY_FILES}{site_id}.md"),
            who_took_part(inputs, site_id),
            how_coproduced(inputs, site_id),
            *theme_sections(inputs, site_id),
            change(inputs, site_id),
            differences(inputs, site_id),
            methods_pointer(),
        ),
        provenance=inputs.provenance)
