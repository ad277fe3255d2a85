// Opens report HTML files in headless Chromium (one browser for all of them) and, at each viewport width, runs
// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules, looks for tables cut off with no way to scroll to the rest and
// for anything else that makes the page scroll sideways, and (with --out) saves a full-page screenshot.
// Prints one JSON summary on stdout.
//
//   node check_reports.mjs [--out SCREENSHOT_DIR] [--widths 1280,390] [--chromium /usr/bin/chromium] FILE.html...
//
// Exit code: 0 when every report is clean, 1 when any has a finding or asked for anything from a network, 2 when the
// check could not run.

import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// As root, in a closed network: no sandbox, and none of Chromium's own background connections.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VIEWPORT_HEIGHT = 900;

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" },
      widths: { type: "string", default: "1280,390" },
      chromium: { type: "string", default: "/usr/bin/chromium" },
    },
  });
  if (positionals.length === 0) {
    throw new Error("usage: check_reports.mjs [--out DIR] [--widths 1280,390] [--chromium PATH] FILE.html...");
  }
  const widths = values.widths.split(",").map(Number);
  if (widths.some((w) => !Number.isInteger(w) || w <= 0)) throw new Error(`bad --widths ${values.widths}`);
  const files = positionals.map((f) => resolve(f));
  const absent = files.filter((f) => !existsSync(f));
  if (absent.length) throw new Error(`no such report: ${absent.join(", ")}`);
  return { out: values.out && resolve(values.out), widths, executable: values.chromium, files };
}

// Runs in the page, at the current width: every table whose content is cut off with no way to scroll to it, and the
// outermost elements outside tables that stick out past the viewport's right edge (the page scrolls sideways:
// WCAG 1.4.10 Reflow, which axe does not test).
function inspectLayout() {
  const path = (el) => {
    const steps = [];
    for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
      if (node.id) { steps.unshift(`#${CSS.escape(node.id)}`); break; }
      const siblings = [...node.parentElement.children].filter((s) => s.tagName === node.tagName);
      const nth = siblings.length > 1 ? `:nth-of-type(${siblings.indexOf(node) + 1})` : "";
      steps.unshift(node.tagName.toLowerCase() + nth);
    }
    return steps.join(" > ");
  };
  const overflowX = (el) => getComputedStyle(el).overflowX;
  const cuts = (el) => ["hidden", "clip"].includes(overflowX(el)) && el.scrollWidth > el.clientWidth + 1;
  const scrolls = (el) => ["auto", "scroll"].includes(overflowX(el));
  const viewport = document.documentElement.clientWidth;
  const sticksOut = (el) => el.getBoundingClientRect().right > viewport + 1;

  const clipped = [];
  for (const table of document.querySelectorAll("table")) {
    const caption = (table.caption?.textContent || table.getAttribute("aria-label") || "").trim().slice(0, 80);
    const record = (el, reason) => clipped.push({ table: path(table), caption, element: path(el), reason,
      scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, right: Math.round(el.getBoundingClientRect().right) });
    const cutCell = [...table.querySelectorAll("th, td")].find(cuts);
    if (cutCell) record(cutCell, "a cell hides content wider than itself (overflow hidden)");
    let scroller = null;
    let cut = null;
    for (let el = table; el !== document.documentElement && !scroller && !cut; el = el.parentElement) {
      if (cuts(el)) cut = el;
      else if (scrolls(el)) scroller = el;
    }
    if (cut) record(cut, "overflow hidden cuts the table off");
    else if (sticksOut(scroller || table)) {
      record(scroller || table, scroller ? "its scroll container is wider than the viewport"
        : "wider than the viewport with no scrollable wrapper");
    }
  }

  const overflowing = [];
  const inScrollerOrClip = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (overflowX(a) !== "visible") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (!sticksOut(el) || el.closest("table") || inScrollerOrClip(el)) continue;
    const parent = el.parentElement;
    if (parent !== document.body && sticksOut(parent)) continue; // only the outermost
    overflowing.push({ element: path(el), right: Math.round(el.getBoundingClientRect().right),
      html: el.outerHTML.slice(0, 160) });
  }
  return { clipped, overflowing, pageWidth: document.documentElement.scrollWidth };
}

async function runAxe(page) {
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags.filter((t) => t.startsWith("wcag")),
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 300),
        summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

function screenshotNames(files) {
  const used = new Map();
  return files.map((file) => {
    const stem = basename(file, extname(file));
    const count = (used.get(stem) || 0) + 1;
    used.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}

function addViolations(report, violations, width) {
  for (const violation of violations) {
    const seen = report.violations.find((v) => v.id === violation.id);
    if (!seen) {
      report.violations.push({ ...violation, widths: [width] });
      continue;
    }
    seen.widths.push(width);
    const targets = new Set(seen.nodes.map((n) => n.target));
    seen.nodes.push(...violation.nodes.filter((n) => !targets.has(n.target)));
  }
}

// One page per report, resized to each width in turn (the layout reflows; no reload).
async function checkReport(browser, file, name, { widths, out }) {
  const report = { file, violations: [], clipped: [], overflowing: [], blockedRequests: [], screenshots: [],
    pageWidths: {} };
  const context = await browser.newContext({ viewport: { width: widths[0], height: VIEWPORT_HEIGHT },
    bypassCSP: true });
  // A report is self-contained: anything it asks of a network is blocked and listed.
  await context.route(/^(https?|wss?|ftp):/, (route) => {
    report.blockedRequests.push(route.request().url());
    return route.abort();
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(AXE_SOURCE);
    for (const width of widths) {
      await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
      addViolations(report, await runAxe(page), width);
      const layout = await page.evaluate(inspectLayout);
      report.clipped.push(...layout.clipped.map((c) => ({ width, ...c })));
      report.overflowing.push(...layout.overflowing.map((o) => ({ width, ...o })));
      report.pageWidths[width] = layout.pageWidth;
      if (out) {
        const shot = resolve(out, `${name}-${width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        report.screenshots.push(shot);
      }
    }
  } finally {
    await context.close();
  }
  report.blockedRequests = [...new Set(report.blockedRequests)];
  return report;
}

async function main() {
  const opts = options();
  if (opts.out) mkdirSync(opts.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: opts.executable, headless: true, args: CHROMIUM_ARGS });
  const reports = [];
  const version = browser.version();
  try {
    const names = screenshotNames(opts.files);
    for (const [i, file] of opts.files.entries()) reports.push(await checkReport(browser, file, names[i], opts));
  } finally {
    await browser.close();
  }
  const axeVersion = JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version;
  const summary = {
    axe: axeVersion, chromium: version, tags: AXE_TAGS, widths: opts.widths, reports,
    violations: reports.reduce((n, r) => n + r.violations.reduce((k, v) => k + v.nodes.length, 0), 0),
    clipped: reports.reduce((n, r) => n + r.clipped.length, 0),
    overflowing: reports.reduce((n, r) => n + r.overflowing.length, 0),
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  const blocked = reports.some((r) => r.blockedRequests.length);
  return summary.violations || summary.clipped || summary.overflowing || blocked ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`check_reports: ${error.stack || error}\n`);
  process.exitCode = 2;
});
