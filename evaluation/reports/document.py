"""A report as plain data: sections of paragraphs, tables, figures and quotes, rendered alike to HTML, DOCX and PDF.

The content (what the report says) is built once, in `evaluation.reports.content`; each renderer only lays it out.
Tables hold published values only (every cell already a string that passed disclosure control); figures are PNG files
with their alt text; quotes are redacted text attributed by role only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain text; **bold** spans are the only markup renderers must honour


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]  # plain text, **bold** allowed


@dataclass(frozen=True)
class Table:
    caption: str
    frame: pd.DataFrame  # every cell a string; the column names are the header row, shown as given
    note: str = ""  # footnote under the table, e.g. the disclosure-control key


@dataclass(frozen=True)
class Figure:
    image: Path  # PNG
    alt_text: str
    caption: str


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str  # role only, e.g. "Person with lived experience, interview"


Block = Paragraph | BulletList | Table | Figure | Quote


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    provenance: tuple[tuple[str, str], ...] = field(default=())  # (label, value) rows, shown last
