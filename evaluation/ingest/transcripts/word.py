"""A Word transcript (.docx) as lines: paragraphs in order, split at line breaks, with tables and bold labels.

- Teams writes each utterance as one paragraph: "Priya Shah   0:03", a line break (w:br), then the speech; so a
  paragraph is split at its line breaks, every part keeping the paragraph's number as its location.
- Note-takers often make the speaker a bold run without a colon ("Sarah" in bold, then the speech): a bold run
  that opens a paragraph and reads as a speaker becomes "Sarah: speech".
- Some put the conversation in a table (speaker | speech, often with a time column first): each row becomes
  "speaker: speech", the time cell left out.
- Headings and the title are front matter and are skipped.
Locations count the document's paragraphs and tables from 1.
"""

from __future__ import annotations

import re
from pathlib import Path

from evaluation.ingest.transcripts.cleaning import TIME, is_timestamp_only, looks_like_speaker

_HAS_TIME = re.compile(TIME)


def docx_lines(path: Path) -> list[tuple[int, str]]:
    import docx  # python-docx; imported here so reading .txt and .vtt needs nothing extra
    from docx.table import Table

    document = docx.Document(str(path))
    lines: list[tuple[int, str]] = []
    for number, block in enumerate(document.iter_inner_content(), start=1):
        if isinstance(block, Table):
            lines += [(number, row) for row in _table_rows(block)]
            continue
        style = (block.style.name if block.style is not None else "").lower()
        if style.startswith(("heading", "title", "subtitle")):
            continue
        lines += [(number, part) for part in _paragraph_text(block).split("\n")]
    return lines


def _paragraph_text(paragraph) -> str:
    text = paragraph.text
    label = _bold_label(paragraph)
    if label is None:
        return text
    rest = text.strip()[len(label):].strip()
    return f"{label}: {rest}"


def _bold_label(paragraph) -> str | None:
    """The text of the bold runs that open the paragraph, when they read as a speaker label without a colon."""
    bold = ""
    for run in paragraph.runs:
        if run.bold:
            bold += run.text
        elif run.text.strip():
            break
        else:
            bold += run.text
    label = bold.strip()
    if (not label or label.endswith(":") or "\n" in label or _HAS_TIME.search(label)
            or not paragraph.text.strip().startswith(label) or len(label.split()) > 4
            or not looks_like_speaker(label) or paragraph.text.strip()[len(label):].lstrip().startswith(":")):
        return None
    return label


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat their text
        cells = [cell for cell in cells if not is_timestamp_only(cell)]  # a "Time" column: 00:04:12 | Name | speech
        first, rest = (cells[0], " ".join(c for c in cells[1:] if c)) if cells else ("", "")
        if len(cells) >= 2 and first and "\n" not in first and len(first) <= 60 and rest:
            rows.append(f"{first.rstrip(':').strip()}: {rest}")
        else:
            rows += [line for cell in cells for line in cell.split("\n")]
    return rows
