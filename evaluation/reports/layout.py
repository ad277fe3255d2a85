"""What the HTML, DOCX and PDF renderers share: bold spans, the section outline, table columns and image sizes.

Each renderer lays a `Report` out in its own format; anything they would otherwise each work out for themselves
(where the **bold** runs are, each section's heading level and anchor, which columns hold numbers, how wide each column
should be, a figure's size) is worked out once here.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evaluation.disclosure import SUPPRESSED
from evaluation.reports.document import Block, Paragraph, Report, Section

AUTHOR = "Co-production evaluation pipeline"
LANGUAGE = "en-GB"
PROVENANCE_TITLE = "About this report"
SUPPRESSED_MEANING = "not shown: fewer than 8 people, or hidden so that another hidden number cannot be worked out"

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
# Link targets a report may carry: an anchor in the report, another report (REPORT_LINK), a relative file, a web or
# mail address; anything else (javascript:, data:, file:) is dropped and its label kept as plain text.
_SAFE_TARGET = re.compile(r"^(#|https?://|mailto:|report:|[^:]*$)", re.IGNORECASE)
REPORT_LINK = "report:"  # "report:case_studies/<site>#anchor": the same report in whichever format is being written
_NUMBER = re.compile(r"^[<>≤≥]?\s*[−\-+]?[£$]?\d[\d,]*(\.\d+)?\s*(%|pp)?$")
_BREAK_AFTER = re.compile(r"(?<=\w)([_/])(?=\w)")
_WORD_GAP = re.compile(r"[\s\u200b]+")
_BLANKS = {"", SUPPRESSED, "–", "—", "-", "n/a"}

Measure = Callable[[str, bool], float]  # (text, bold) -> width


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    link: str = ""  # a target as written: "#anchor", "report:case_studies/north#summary", "https://..."


def spans(text: str) -> tuple[Span, ...]:
    """Split text with **bold** and [label](target) markup into runs; unpaired asterisks stay as typed, and a link
    to an unsafe target (javascript:, data:) keeps only its label.

    >>> [(s.text, s.bold) for s in spans("Most said **yes**, some *no*.")]
    [('Most said ', False), ('yes', True), (', some *no*.', False)]
    >>> [(s.text, s.link) for s in spans("See [the table](#change) or [this](javascript:alert(1)).")]
    [('See ', ''), ('the table', '#change'), (' or ', ''), ('this', ''), (').', '')]
    """
    runs: list[Span] = []
    start = 0
    for match in _LINK.finditer(text):
        runs += _bold_runs(text[start:match.start()])
        target = match.group(2) if _SAFE_TARGET.match(match.group(2)) else ""
        runs += [Span(run.text, run.bold, target) for run in _bold_runs(match.group(1))]
        start = match.end()
    return tuple(runs + _bold_runs(text[start:]))


def _bold_runs(text: str) -> list[Span]:
    runs, start = [], 0
    for match in _BOLD.finditer(text):
        if match.start() > start:
            runs.append(Span(text[start:match.start()]))
        runs.append(Span(match.group(1), bold=True))
        start = match.end()
    if start < len(text):
        runs.append(Span(text[start:]))
    return runs


def href(target: str, suffix: str, anchors: bool = True) -> str:
    """A link target for a file of this format: "report:case_studies/north#summary" -> "case_studies/north.html#summary"
    (without the anchor where the format cannot open a file at one); other targets as written."""
    if not target.lower().startswith(REPORT_LINK):
        return target
    path, _, anchor = target[len(REPORT_LINK):].partition("#")
    return f"{path}.{suffix}" + (f"#{anchor}" if anchor and anchors else "")


def link(label: str, target: str) -> str:
    """Link markup for report text: link("the change table", "#change") -> "[the change table](#change)"."""
    return f"[{label}]({target})"


def plain(text: str) -> str:
    """The text without its **bold** markup (for places that take no formatting, like bookmarks)."""
    return "".join(span.text for span in spans(text))


@dataclass(frozen=True)
class PlacedSection:
    """A section with where it sits: its depth (1 for a top-level section) and a unique anchor for links."""
    title: str
    blocks: tuple[Block, ...]
    depth: int
    anchor: str
    subsections: tuple[PlacedSection, ...]


def outline(report: Report) -> tuple[PlacedSection, ...]:
    """The report's sections as a tree, each with its depth and an anchor unique in the report.

    >>> from evaluation.reports.document import Section
    >>> tree = outline(Report("R", "", (Section("Results", subsections=(Section("Results"),)),)))
    >>> [(s.title, s.depth, s.anchor) for s in walk(tree)]
    [('Results', 1, 'results'), ('Results', 2, 'results-2')]
    """
    used: set[str] = {slug(PROVENANCE_TITLE)}

    def place(section: Section, depth: int) -> PlacedSection:
        anchor = _unique(slug(section.title), used)
        children = tuple(place(child, depth + 1) for child in section.subsections)
        return PlacedSection(section.title, section.blocks, depth, anchor, children)

    return tuple(place(section, 1) for section in report.sections)


FRONT_SECTIONS = 1  # the key findings come before the contents list, so they are what a reader sees first


def front_and_body(sections: tuple[PlacedSection, ...]) -> tuple[tuple[PlacedSection, ...], tuple[PlacedSection, ...]]:
    """The sections shown before the contents list, and the rest."""
    return sections[:FRONT_SECTIONS], sections[FRONT_SECTIONS:]


def walk(sections: tuple[PlacedSection, ...]) -> Iterator[PlacedSection]:
    """Every section in reading order: each one, then its subsections."""
    for section in sections:
        yield section
        yield from walk(section.subsections)


def slug(title: str) -> str:
    """An HTML id from a heading: lower-case ASCII words joined by hyphens ("Value – Listened to" → "value-listened-to").
    """
    ascii_title = unicodedata.normalize("NFKD", plain(title)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "section"


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
    return candidate


def with_following(blocks: tuple[Block, ...]) -> Iterator[tuple[Block, Block | None]]:
    """Each block with the one after it (None after the last), for keeping lead-ins with what they introduce."""
    return zip(blocks, (*blocks[1:], None))


def introduces(block: Block, following: Block | None) -> bool:
    """Whether a paragraph leads in to the table, figure, list or quote after it, and so belongs on its page."""
    return isinstance(block, Paragraph) and following is not None and not isinstance(following, Paragraph)


def is_suppressed(cell: str) -> bool:
    return cell == SUPPRESSED


def numeric_columns(frame: pd.DataFrame) -> tuple[bool, ...]:
    """For each column, whether it holds numbers (counts, percentages, means) and so reads best right-aligned.

    A column counts as numeric when every cell that is not blank or suppressed looks like a number, and one does.
    """
    def numeric(values: pd.Series) -> bool:
        shown = [str(v).strip() for v in values if str(v).strip() not in _BLANKS]
        return bool(shown) and all(_NUMBER.match(v) for v in shown)

    return tuple(numeric(frame.iloc[:, i]) for i in range(frame.shape[1]))


def column_widths(frame: pd.DataFrame, available: float, measure: Measure, padding: float = 0.0
                  ) -> tuple[float, ...]:
    """Column widths that share `available` by content, the way a browser lays out a table.

    Each column needs at least its longest word (header words in bold) and at most its longest cell unwrapped; the
    header counts only through its longest word, as one wrapped header costs less height than every row wrapping.
    When every column fits unwrapped, they grow in proportion to that; when not, each gets its minimum plus a share of
    what is left in proportion to how much it would like to grow, so long text wraps before numbers are broken; only
    when even the minimums do not fit is everything scaled down (and words break). `measure(text, bold)` gives a
    string's width in the caller's units; `padding` is added to each cell.

    >>> frame = pd.DataFrame({"Site": ["Northfield Integrated Care System"], "n": ["25"]})
    >>> [round(w) for w in column_widths(frame, 20, lambda text, bold: len(text))]
    [18, 2]
    """
    least, most = _extents(frame, measure, padding)
    if sum(most) <= available:
        return tuple(w * available / sum(most) for w in most)
    if sum(least) <= available:
        spare = (available - sum(least)) / sum(m - n for m, n in zip(most, least))
        return tuple(n + (m - n) * spare for m, n in zip(most, least))
    return tuple(w * available / sum(least) for w in least)


def fits_unbroken(frame: pd.DataFrame, available: float, measure: Measure, padding: float = 0.0) -> bool:
    """Whether the table fits `available` without breaking any word (renderers shrink the type until it does)."""
    return sum(_extents(frame, measure, padding)[0]) <= available


def table_type_size(frame: pd.DataFrame, available: float, measure_at: Callable[[float], Measure],
                    padding: float = 0.0) -> float:
    """Point size for a table's text: 9 pt up to 5 columns, 8 pt up to 8, 7 pt beyond, then smaller (down to 6 pt)
    until no word has to break. `measure_at(size)` gives the measure for text at that size."""
    columns = frame.shape[1]
    size = 9.0 if columns <= 5 else 8.0 if columns <= 8 else 7.0
    while size > 6 and not fits_unbroken(frame, available, measure_at(size), padding):
        size -= 0.5
    return size


def _extents(frame: pd.DataFrame, measure: Measure, padding: float) -> tuple[list[float], list[float]]:
    """Each column's narrowest (its longest word) and widest (its longest body cell, unwrapped) width."""
    least, most = [], []
    for i, header in enumerate(frame.columns):
        cells = [str(v) for v in frame.iloc[:, i]]
        words = [measure(word, False) for cell in cells for word in _words(cell)]
        header_words = [measure(word, True) for word in _words(str(header))]
        least.append(max([0.0, *words, *header_words]) + padding)
        most.append(max([least[-1], *(measure(cell, False) + padding for cell in cells)]))
    return least, most


def breakable(text: str) -> str:
    """The text with a zero-width space after each underscore or slash inside a word, so identifiers such as
    `median_follow_up` can wrap in a narrow column.

    >>> breakable("median_follow_up") == "median_\u200bfollow_\u200bup"
    True
    """
    return _BREAK_AFTER.sub("\\1\u200b", text)


def _words(text: str) -> list[str]:
    return [word for word in _WORD_GAP.split(breakable(text)) if word]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header (no imaging library needed)."""
    with open(path, "rb") as file:
        head = file.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file; report figures must be PNG")
    return struct.unpack(">II", head[16:24])


def fit(path: Path, max_width: float, max_height: float) -> tuple[float, float]:
    """The figure's size in the caller's units: as wide as `max_width`, smaller only if it would be taller than
    `max_height`; the aspect ratio is kept."""
    width_px, height_px = png_size(path)
    scale = min(max_width / width_px, max_height / height_px)
    return width_px * scale, height_px * scale


def quoted(text: str) -> str:
    """The quote in curly quotation marks, unless it already has them.

    >>> quoted("We were listened to.")
    '“We were listened to.”'
    """
    text = text.strip()
    if text[:1] in "“\"'‘":
        return text
    return f"“{text}”"
