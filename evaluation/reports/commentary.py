"""The evaluators' own voice: their interpretation and recommendations, written in Markdown and placed in the reports.

A commentary file is data from outside, like a raw file: its path is confined to the commentary folder, its size is
limited, and its Markdown is read by markdown-it-py with raw HTML off, then turned into the report's own blocks
(paragraphs, bullet lists, subsections, bold and links), so each renderer lays it out like any other text and a
commentary file cannot inject markup or script into a report.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from evaluation.ingest.file_safety import FileLimits, UnsafeFileError, check_file, confined_path
from evaluation.reports.document import Block, BulletList, Paragraph, Section

LIMITS = FileLimits(max_file_mb=1)  # a commentary is a few pages of prose
TITLE = "What the evaluators make of it"
DRAFT = ("Not written yet: the evaluators' interpretation and recommendations will appear here{where}. Until then "
         "this report is the automated draft, written by the pipeline from the results alone.")
_PARSER = MarkdownIt("commonmark", {"html": False})


def read_commentary(path: Path, folder: Path) -> str | None:
    """The commentary at `path` as Markdown text, or None when there is no such file.

    Raises UnsafeFileError when the path leads outside `folder` (by '..' or a link) or the file is over the size
    limit: commentary files are written by hand, and a report must not quote an arbitrary file.
    """
    path, folder = Path(path), Path(folder)
    confined = confined_path(folder, str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path))
    if not confined.is_file():
        return None
    check_file(confined, LIMITS)
    try:
        return confined.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UnsafeFileError(f"{path.name} is not UTF-8 text: save it as UTF-8 Markdown", "unreadable_file") from error


def commentary_section(markdown: str | None, where: str = "") -> Section:
    """The evaluators' section: their Markdown as blocks (a `##` or `###` heading starts a subsection), or, without
    a commentary, a statement that the report is the automated draft (`where` names the file they would write)."""
    if not markdown or not markdown.strip():
        return Section(TITLE, (Paragraph(DRAFT.format(where=f" (from {where})" if where else "")),))
    lead, subsections = markdown_blocks(markdown)
    return Section(TITLE, tuple(lead), tuple(Section(title, tuple(blocks)) for title, blocks in subsections))


def has_commentary(markdown: str | None) -> bool:
    return bool(markdown and markdown.strip())


def markdown_blocks(markdown: str) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    """The blocks before the first heading, and (heading, blocks) for each heading after it.

    Paragraphs and bullet or numbered lists are kept; a heading of any level starts a subsection; bold and links
    are kept as the report's own markup; other formatting (italics, code) becomes plain text, and anything else
    (images, tables, block quotes' nesting) keeps its text only.
    """
    lead: list[Block] = []
    subsections: list[tuple[str, list[Block]]] = []
    tokens = _PARSER.parse(markdown)
    items: list[str] = []
    in_list = 0
    for i, token in enumerate(tokens):
        current = subsections[-1][1] if subsections else lead
        if token.type == "heading_open":
            subsections.append((_inline(tokens[i + 1]), []))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
            if not in_list and items:
                current.append(BulletList(tuple(items)))
                items = []
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            text = _inline(token)
            if text and in_list:
                items.append(text)
            elif text:
                current.append(Paragraph(text))
    return lead, subsections


def _inline(token: Token) -> str:
    """An inline token's text with bold as **…** and links as [label](target); other markup dropped."""
    parts: list[str] = []
    link = None
    for child in token.children or []:
        if child.type == "text" or child.type == "code_inline":
            parts.append(child.content.replace("**", "* *"))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("strong_open", "strong_close"):
            parts.append("**")
        elif child.type == "link_open":
            link = str(child.attrGet("href") or "")
            parts.append("[")
        elif child.type == "link_close":
            parts.append(f"]({link})" if link else "]")
            link = None
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()
