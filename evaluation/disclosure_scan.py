"""A last look for small numbers in everything commissioners receive, after disclosure control has run.

`scan_reports(folder)` reads the reports folder as a commissioner would — the reports (HTML, Word, PDF), the
published tables (CSV), the figures' titles, alt text and chart labels (figures.csv) — and returns a `Finding` for
every place that shows a count of 1 to 7 people (the NHS small-number rule, `vocabulary.SMALL_NUMBER`):

* in words: "5 respondents", "two interviewees", "1 of 8", "n = 4", "(n=6)", "interviews 5 to 12 per site", and a
  percentage whose base is beside it ("75% disagree, n≈10") when every reading of it names 1 to 7 people, or
  leaves 1 to 7 out;
* in a table (CSV, or a table in a report): a count column holding 1 to 7 or an unrounded count, a share whose
  published base pins it on 1 to 7 people (or their complement), a share shown beside a hidden base, and a hidden
  count that its total gives away (the only hidden cell of a total's row or column).

Numbers that count something other than people are let through: dates and years, item, figure, section and rung
numbers ("rung 4 of 6"), scale points ("1 to 5"), decimals and p-values, "2 of 3 themes", and the rule's own
statement ("counts 1 to 7"). It is a guard, not the policy: `evaluation.disclosure` decides what is shown.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
import pypdf

from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER, SUPPRESSED


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the scanned folder
    location: str  # "page 3", "paragraph 12", "table 2, row 4, column 'Staff'", "row 7, column 'alt_text'"
    text: str  # the offending words, with a little context
    reason: str


# --- words ---------------------------------------------------------------------------------------------------------
PEOPLE = (r"(?:people|persons?|individuals|respondents?|participants?|interviewees?|interviews?|commenters?|"
          r"comments|answers?|responses|staff|carers?|patients?|members?|volunteers?|women|men|partners)")
THINGS = re.compile(r"(?:themes?|items?|sites?|systems?|questions?|dimensions?|measures?|rungs?|steps?|waves?|"
                    r"points?|codes?|categories|comparisons?|tests?|years?|months?|weeks?|days?|hours?|minutes?|"
                    r"pages?|figures?|tables?|sections?|times|meetings?|sessions?|projects?|regions?|charts?)$",
                    re.IGNORECASE)
LABEL_BEFORE = re.compile(r"(?:figure|fig|table|section|item|question|q|rung|step|wave|page|chapter|part|level|"
                          r"code|point|dimension|appendix|version|no|number)\.?$", re.IGNORECASE)
NUMBER = r"(?<![\w.,/£$€-])(\d{1,3})(?![\w%]|[.,]\d)"
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# words that may stand between a number and the people it counts: "5 survey respondents", "3 of the carers"
MODIFIERS = (r"(?:survey|lived|experience|lived-experience|more|other|further|of|the|these|those|unpaid|local|new|"
             r"interview)")
COUNTED = re.compile(NUMBER + r"\s+((?:" + MODIFIERS + r"\s+){0,3})" + PEOPLE + r"\b", re.IGNORECASE)
WORD_COUNTED = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\s+((?:[A-Za-z-]+\s+){0,1}?)"
                          r"(?:respondents?|participants?|interviewees?|commenters?|interviews?)\b", re.IGNORECASE)
K_OF_N = re.compile(NUMBER + r"\s+(?:of|in|out of)\s+(?:the\s+)?(\d{1,5})(?![\w.,%])((?:\s+[A-Za-z-]+){0,3})",
                    re.IGNORECASE)
N_EQUALS = re.compile(r"(?<!\w)[nN]\s*(?:=|≈|~|:)\s*(\d{1,5})(?![\w.,])")
RANGE = re.compile(r"(?:between\s+)?" + NUMBER + r"\s*(?:to|-|–|—|and)\s*(\d{1,5})(?![\w.,%])", re.IGNORECASE)
PERCENT_OF = re.compile(r"(\d{1,3}(?:\.\d)?)%\s+of\s+(?:the\s+)?(?:about\s+)?(\d{1,5})\s+" + PEOPLE, re.IGNORECASE)
PARENTHESIS = re.compile(r"\(([^()]{0,200})\)")
PERCENT = re.compile(r"(\d{1,3}(?:\.\d)?)\s?%")


def scan_text(text: str, file: str, location: str) -> list[Finding]:
    """Counts of 1 to 7 people written in `text` (a paragraph, a page, an alt text)."""
    found: list[Finding] = []

    def flag(match: re.Match, reason: str) -> None:
        start, end = max(match.start() - 40, 0), min(match.end() + 40, len(text))
        found.append(Finding(file, location, " ".join(text[start:end].split()), reason))

    for m in COUNTED.finditer(text):
        if _few(int(m.group(1))) and not _labelled(text, m.start()) and not _the_rule(text, m):
            flag(m, f"a count of {m.group(1)} people")
    for m in WORD_COUNTED.finditer(text):
        flag(m, f"a count in words: {m.group(1).lower()}")
    for m in K_OF_N.finditer(text):
        part, whole, after = int(m.group(1)), int(m.group(2)), m.group(3).split()[:2]
        if _labelled(text, m.start()) or any(THINGS.match(w) for w in after) or part > whole:
            continue
        if _few(part) or _few(whole - part):
            flag(m, f"{part} of {whole}: names {part if _few(part) else whole - part} people")
    for m in N_EQUALS.finditer(text):
        if _few(int(m.group(1))):
            flag(m, f"a group of {m.group(1)} people (n)")
    for m in RANGE.finditer(text):
        low, high = int(m.group(1)), int(m.group(2))
        if _few(low) and low < high and (low, high) != (1, SMALL_NUMBER - 1) and _about_people(text, m):
            flag(m, f"a range of {low} to {high} people")
    for m in PERCENT_OF.finditer(text):
        if _names_few(float(m.group(1)), int(m.group(2)), decimals=1 if "." in m.group(1) else 0):
            flag(m, f"{m.group(1)}% of {m.group(2)} names 1 to {SMALL_NUMBER - 1} people")
    for group in PARENTHESIS.finditer(text):
        if (base := N_EQUALS.search(group.group(1))) is None:
            continue
        for m in PERCENT.finditer(group.group(1)):
            if _names_few(float(m.group(1)), int(base.group(1)), decimals=1 if "." in m.group(1) else 0):
                flag(group, f"{m.group(1)}% of n={base.group(1)} names 1 to {SMALL_NUMBER - 1} people")
    return found


def _few(count: int) -> bool:
    return 0 < count < SMALL_NUMBER


def _the_rule(text: str, m: re.Match) -> bool:
    """The small-number rule stating itself: "counts from 1 to 7 people"."""
    return int(m.group(1)) == SMALL_NUMBER - 1 and bool(re.search(r"\b1\s*(?:to|-|–)\s*$", text[:m.start()]))


def _labelled(text: str, start: int) -> bool:
    """The number is a label ("Figure 3", "rung 4", "Q5"), not a count."""
    before = text[max(start - 20, 0):start].split()
    return bool(before) and bool(LABEL_BEFORE.search(before[-1]))


def _about_people(text: str, m: re.Match) -> bool:
    """A range counts people when a people word is just before it or one follows within three words."""
    before = text[max(m.start() - 30, 0):m.start()].split()[-2:]
    after = [w.strip(".,;:()").lower() for w in text[m.end():m.end() + 60].split()[:3]]
    people = re.compile(PEOPLE + r"\W*$", re.IGNORECASE)
    scale = re.compile(r"(?:scores?|scale|points?)\W*$", re.IGNORECASE)
    if text[max(m.start() - 1, 0)] == "(" or any(scale.match(w) for w in before):
        return False  # a scale: "scores (1–5)", "a scale of 1 to 5"
    if after[:1] and THINGS.match(after[0]):
        return False
    return any(people.match(w) for w in before) or any(people.match(w) for w in after) or after[:2] == ["per", "site"]


def _names_few(percent: float, base: int, decimals: int = 0, rounded: bool | None = None) -> bool:
    """Whether `percent` of a published `base` names 1 to 7 people (or leaves 1 to 7 out) on every reading.

    A base that is a multiple of the rounding base may have been rounded: every true base within half a rounding
    base is tried, and every whole number of people it could be consistent with the percentage as printed."""
    if rounded is None:
        rounded = base % ROUNDING_BASE == 0
    if base < SMALL_NUMBER and not rounded:
        return 0 < base
    half = ROUNDING_BASE // 2 if rounded else 0
    tolerance = 0.5 / 10 ** decimals + 1e-9
    readings = [(k, n) for n in range(max(base - half, SMALL_NUMBER), base + half + 1) for k in range(n + 1)
                if abs(100 * k / n - percent) <= tolerance]
    return bool(readings) and all(_few(k) or _few(n - k) for k, n in readings)


# --- tables --------------------------------------------------------------------------------------------------------
COUNT_COLUMNS = {"respondents", "interviews", "commenters", "numerator", "segments"}
SHARE_BASES = {"pct_agree": "n_answered", "pct_disagree": "n_answered", "pct_positive": "n",
               "pct_interviews": "interviews", "pct_commenters": "commenters", "proportion": "n"}
# table -> (category column, its total, the columns naming one total's group)
TOTALS = {"participation": ("role", "All", ("site_id", "wave")),
          "dimension_results": ("role", "all", ("site_id", "wave", "dimension")),
          "change": ("site_id", "all", ("measure_type", "measure"))}
PEOPLE_HEADER = re.compile(r"^(?:n|respondents?.*|interviews?|people|participants|staff|carers?|lived experience|"
                           r"voluntary sector|other|not stated|all roles|.*who wrote comments|answers)$", re.IGNORECASE)


def scan_rows(rows: list[dict[str, str]], file: str, where: str, count_columns: Iterable[str],
              share_bases: dict[str, str]) -> list[Finding]:
    """A table's cells as published: counts of 1 to 7 or unrounded, and shares that name 1 to 7 people."""
    found = []
    for number, row in enumerate(rows, start=1):
        for column in count_columns:
            cell = row.get(column, "").replace(",", "").strip()
            if cell.isdigit() and _few(int(cell)):
                found.append(Finding(file, f"{where}row {number}, column {column!r}", cell, "a count from 1 to 7"))
            elif cell.isdigit() and int(cell) % ROUNDING_BASE:
                found.append(Finding(file, f"{where}row {number}, column {column!r}", cell,
                                     f"a count not rounded to the nearest {ROUNDING_BASE}"))
        for column, base_column in share_bases.items():
            share, base = row.get(column, "").strip(), row.get(base_column, "").replace(",", "").strip()
            if not (value := PERCENT.fullmatch(share)) or not base:
                continue
            if base == SUPPRESSED:
                found.append(Finding(file, f"{where}row {number}, column {column!r}", share,
                                     f"a share shown beside a hidden base ({base_column})"))
            elif base.isdigit() and _names_few(float(value.group(1)), int(base), 1 if "." in value.group(1) else 0):
                found.append(Finding(file, f"{where}row {number}, column {column!r}", f"{share} of {base}",
                                     "a share that names 1 to 7 people, or leaves 1 to 7 out"))
    return found


def scan_published_csv(path: Path, file: str) -> list[Finding]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0]) if rows else []
    counts = [c for c in columns if c == "n" or c.startswith("n_") or c in COUNT_COLUMNS]
    shares = {c: b for c, b in SHARE_BASES.items() if c in columns and b in columns}
    found = scan_rows(rows, file, "", counts, shares)
    for number, row in enumerate(rows, start=1):  # words in a table: "not compared: one respondent"
        for column, cell in row.items():
            if column not in counts and re.search(r"[A-Za-z]", cell or ""):
                found += scan_text(cell, file, f"row {number}, column {column!r}")
    if path.stem in TOTALS:
        found += _given_away_by_totals(rows, file, counts, *TOTALS[path.stem])
    return found


def _given_away_by_totals(rows, file, counts, category, total, group_columns) -> list[Finding]:
    """The only hidden count beside a shown total: the total minus the others gives it."""
    groups: dict[tuple, list[int]] = {}
    for number, row in enumerate(rows):
        groups.setdefault(tuple(row.get(c, "") for c in group_columns), []).append(number)
    found = []
    for key, members in groups.items():
        totals = [i for i in members if rows[i].get(category) == total]
        for column in counts:
            hidden = [i for i in members if i not in totals and rows[i][column] == SUPPRESSED]
            if totals and len(hidden) == 1 and rows[totals[0]][column] != SUPPRESSED:
                found.append(Finding(file, f"row {hidden[0] + 1}, column {column!r}", SUPPRESSED,
                                     f"the only hidden count of {dict(zip(group_columns, key))}: its total gives "
                                     "it away"))
    return found


def _report_table(header: list[str], body: list[list[str]], file: str, where: str) -> list[Finding]:
    counts = [h for h in header if PEOPLE_HEADER.match(h.strip())]
    shares = {h: counts[0] for h in header if h.strip().startswith("%")} if len(counts) == 1 else {}
    rows = [dict(zip(header, cells)) for cells in body]
    return scan_rows(rows, file, where, counts, shares)


# --- files ---------------------------------------------------------------------------------------------------------
def scan_reports(folder: Path) -> list[Finding]:
    """Every finding in a reports folder: reports and case studies (HTML, DOCX, PDF), tables/*.csv and README,
    figures/figures.csv (title, alt_text and, when present, labels). An empty list: nothing found."""
    folder = Path(folder)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        file = str(path.relative_to(folder))
        if path.suffix == ".html":
            found += scan_html(path, file)
        elif path.suffix == ".docx":
            found += scan_docx(path, file)
        elif path.suffix == ".pdf":
            found += scan_pdf(path, file)
        elif path.name == "figures.csv":
            found += scan_figures(path, file)
        elif path.suffix == ".csv":
            found += scan_published_csv(path, file)
        elif path.suffix == ".md":
            found += scan_text(path.read_text(encoding="utf-8"), file, "text")
    return found


def scan_html(path: Path, file: str) -> list[Finding]:
    tree = lxml.html.fromstring(path.read_bytes(), parser=lxml.html.HTMLParser(encoding="utf-8"))
    found = []
    for number, table in enumerate(tree.iter("table"), start=1):
        header = [" ".join(c.text_content().split()) for c in table.xpath(".//thead//th")]
        body = [[" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]
                for row in table.xpath(".//tbody/tr")]
        found += _report_table(header, body, file, f"table {number}, ")
    blocks = tree.xpath("//p|//li|//h1|//h2|//h3|//h4|//caption|//figcaption|//blockquote|//dd|//dt|//td|//th")
    for number, block in enumerate(blocks, start=1):
        if not block.xpath("ancestor::p|ancestor::li|ancestor::blockquote"):  # once, at the outermost block
            found += scan_text(" ".join(block.text_content().split()), file, f"block {number} <{block.tag}>")
    for image in tree.iter("img"):
        for attribute in ("alt", "title"):
            if text := image.get(attribute):
                found += scan_text(text, file, f"<img {attribute}> of {image.get('src', '')[:40]}")
    return found


def scan_docx(path: Path, file: str) -> list[Finding]:
    document = docx.Document(str(path))
    found = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        found += scan_text(paragraph.text, file, f"paragraph {number}")
    for number, table in enumerate(document.tables, start=1):
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if rows:
            found += _report_table(rows[0], rows[1:], file, f"table {number}, ")
            for r, cells in enumerate(rows, start=1):
                found += scan_text(" | ".join(cells), file, f"table {number}, row {r}")
    for shape in document.inline_shapes:
        description = shape._inline.docPr.get("descr")
        if description:
            found += scan_text(description, file, "picture description")
    return found


def scan_pdf(path: Path, file: str) -> list[Finding]:
    found = []
    for number, page in enumerate(pypdf.PdfReader(str(path)).pages, start=1):
        found += scan_text(" ".join((page.extract_text() or "").split()), file, f"page {number}")
    return found


def scan_figures(path: Path, file: str) -> list[Finding]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        for column in ("title", "alt_text", "labels"):
            for part in _labels(row.get(column) or "", column):
                found += scan_text(part, file, f"figure {row.get('name', '?')!r}, {column}")
    return found


def _labels(text: str, column: str) -> Iterator[str]:
    """The labels column joins a chart's labels with " | "; each is read on its own."""
    yield from (text.split(" | ") if column == "labels" else [text])
