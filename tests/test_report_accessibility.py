"""The session project's HTML reports (cross-site and every case study) in headless Chromium at 1280 and 390 px: no
WCAG 2.2 A/AA violation found by axe-core, no table cut off, nothing else making the page scroll sideways, nothing
fetched from a network (benchmarks/report_accessibility.py; one browser launch for all the reports). Skipped where
node, tools/browser's node modules or /usr/bin/chromium are missing (`bash tools/install-browser.sh` installs them)."""

from __future__ import annotations

import pytest

from benchmarks.report_accessibility import WIDTHS, check_pages, missing_requirement, problems
from tests.hostile_sites import HOSTILE_SITES

MISSING = missing_requirement()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no browser check here: {MISSING}")


@pytest.fixture(scope="module")
def pages(pipeline_project):
    layout = pipeline_project.layout
    sites = [*pipeline_project.generated_sites, *HOSTILE_SITES]
    return [layout.cross_site_report.with_suffix(".html"), *(layout.case_study(s).with_suffix(".html") for s in sites)]


@pytest.fixture(scope="module")
def checked(pages):
    return check_pages(pages)


def findings(checked, kind: str) -> dict[str, list[str]]:
    """Each report's lines of one kind of finding (check_reports.mjs's key), for the failure message."""
    others = {"violations", "clipped", "overflowing", "blockedRequests"} - {kind}
    lines = {r["file"]: problems({**r, **{k: [] for k in others}}) for r in checked["reports"]}
    return {file: found for file, found in lines.items() if found}


def test_every_report_is_laid_out_at_each_width(pages, checked):
    assert [r["file"] for r in checked["reports"]] == [str(p) for p in pages]
    assert all(sorted(map(int, r["pageWidths"])) == sorted(WIDTHS) for r in checked["reports"])


def test_no_report_has_a_wcag_2_2_a_or_aa_violation(checked):
    assert checked["violations"] == 0, findings(checked, "violations")


def test_no_report_cuts_a_table_off_at_desktop_or_phone_width(checked):
    assert checked["clipped"] == 0, findings(checked, "clipped")


def test_no_report_scrolls_sideways_outside_its_tables(checked):
    assert checked["overflowing"] == 0, findings(checked, "overflowing")


def test_no_report_fetches_anything_from_a_network(checked):
    assert findings(checked, "blockedRequests") == {}
