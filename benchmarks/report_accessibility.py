"""The commissioners' HTML reports in a real browser: WCAG 2.2 A/AA violations found by axe-core, tables cut off
with no way to scroll to the rest, and anything else that makes the page scroll sideways (WCAG 1.4.10 Reflow, which
axe does not test), at a desktop and a phone width, with a full-page screenshot of each.

    python benchmarks/report_accessibility.py [--root PROJECT] [--out SCREENSHOT_DIR] [--widths 1280,390] [--json]

Checks the cross-site report and every case study under the project's reports/ (run the pipeline first). Needs
Node.js, Debian's Chromium at /usr/bin/chromium and tools/browser's node modules: `bash tools/install-browser.sh`
installs both. One browser is launched for all the reports (tools/browser/check_reports.mjs). Exits 1 when any
report has a finding or fetches anything from a network. tests/test_report_accessibility.py runs the same check on
the test session's project.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaluation.layout import ProjectLayout

ROOT = Path(__file__).resolve().parents[1]

BROWSER_TOOLS = ROOT / "tools" / "browser"
CHECK_SCRIPT = BROWSER_TOOLS / "check_reports.mjs"
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1280, 390)


def missing_requirement() -> str | None:
    """Why the browser check cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (Node.js 20 or newer)"
    for module in ("playwright-core", "axe-core"):
        if not (BROWSER_TOOLS / "node_modules" / module / "package.json").is_file():
            return f"tools/browser/node_modules/{module} is missing: run bash tools/install-browser.sh"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: run bash tools/install-browser.sh (installs Debian's chromium)"
    return None


def report_pages(layout: ProjectLayout) -> list[Path]:
    """The cross-site report's HTML and every case study's, as written under the project's reports."""
    case_studies = layout.case_study("any").parent
    return [layout.cross_site_report.with_suffix(".html"), *sorted(case_studies.glob("*.html"))]


def check_pages(pages: list[Path], screenshots: Path | None = None, widths=WIDTHS, timeout: float = 600) -> dict:
    """check_reports.mjs's JSON summary for `pages`: per report and width its axe violations, clipped tables,
    elements sticking out past the viewport, requests it tried to send out (blocked), and the screenshots saved in
    `screenshots` when given."""
    command = ["node", str(CHECK_SCRIPT), "--widths", ",".join(map(str, widths)), "--chromium", str(CHROMIUM),
               *(["--out", str(screenshots)] if screenshots else []), *map(str, pages)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"check_reports.mjs failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def problems(report: dict) -> list[str]:
    """One line per violating element, clipped table, element sticking out and blocked request of one report."""
    lines = [f"axe {v['id']} ({v['impact']}, at {'/'.join(map(str, v['widths']))} px): {v['help']}: {n['target']}"
             f" -- {n['html']}" for v in report["violations"] for n in v["nodes"]]
    lines += [f"clipped table at {c['width']} px: {c['caption'] or c['table']}: {c['reason']} ({c['element']}:"
              f" content {c['scrollWidth']} px in {c['clientWidth']} px, right edge {c['right']} px)"
              for c in report["clipped"]]
    lines += [f"sticks out past the viewport at {o['width']} px (the page scrolls sideways), right edge"
              f" {o['right']} px: {o['element']} -- {o['html']}" for o in report["overflowing"]]
    lines += [f"fetches from the network (blocked): {url}" for url in report["blockedRequests"]]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (default: this repository)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "report-screenshots",
                        help="screenshot folder (default: %(default)s)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="viewport widths in CSS px")
    parser.add_argument("--json", action="store_true", help="print check_reports.mjs's whole JSON summary")
    args = parser.parse_args()
    if reason := missing_requirement():
        print(f"cannot check the reports: {reason}")
        return 2
    layout = ProjectLayout(args.root)
    pages = [p for p in report_pages(layout) if p.is_file()]
    if not pages:
        print(f"no HTML reports under {layout.reports}: run the pipeline first")
        return 2
    out = args.out
    started = time.perf_counter()
    summary = check_pages(pages, out, [int(w) for w in args.widths.split(",")])
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(summary, indent=2))
        return 1 if has_findings(summary) else 0
    print(f"axe-core {summary['axe']} ({', '.join(summary['tags'])}) in Chromium {summary['chromium']}, "
          f"widths {', '.join(map(str, summary['widths']))} px: {len(pages)} reports in {elapsed:.1f} s")
    for report in summary["reports"]:
        found = problems(report)
        print(f"\n{Path(report['file']).relative_to(layout.root)}: {len(found) or 'no'} problem(s); page width "
              + ", ".join(f"{w} px -> {px} px" for w, px in report["pageWidths"].items()))
        for line in found:
            print(f"  {line}")
    print(f"\n{summary['violations']} violating element(s), {summary['clipped']} clipped table(s), "
          f"{summary['overflowing']} element(s) sticking out; screenshots in {out}")
    return 1 if has_findings(summary) else 0


def has_findings(summary: dict) -> bool:
    return bool(summary["violations"] or summary["clipped"] or summary["overflowing"]
                or any(r["blockedRequests"] for r in summary["reports"]))


if __name__ == "__main__":
    sys.exit(main())
