"""The PDF page the report is laid out on: fpdf2 with the report's fonts, a footer naming the report and the page,
links to sections made before or after their headings are laid out, and a tagged structure.

Tagging: headings, paragraphs, list items, captions, block quotes and tables each become a structure element, in
reading order, through fpdf2's structure tree builder (fpdf2 2.8 tags only figures itself); the footer is marked as
an artifact. A marked sequence cannot cross a page, so an element that runs onto the next page is closed at the foot
of the page and continued as a second element of the same type. The tree is flat (every element directly under the
document: no L around LI, no TR/TH/TD inside Table) because fpdf2's builder files every element under the document
and gives a page (/Pg) only to the document's direct children; nesting would mean rewriting its output stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT = "DejaVu"
MARGIN = 20  # mm
TEXT = (27, 27, 27)
MUTED = (75, 75, 75)


class ReportPDF(FPDF):
    """An A4 page with the report's fonts and a footer naming the report and the page."""

    def __init__(self, title: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report_title = title
        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for style, name in (("", "DejaVuSans"), ("B", "DejaVuSans-Bold"), ("I", "DejaVuSans-Oblique"),
                            ("BI", "DejaVuSans-BoldOblique")):
            self.add_font(FONT, style, fonts / f"{name}.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_text_color(*TEXT)
        self._open: str | None = None  # the structure type being written, continued across a page break
        self._links: dict[str, int] = {}  # anchor -> fpdf link, made at the first reference or the heading

    def anchor_link(self, anchor: str) -> int:
        """The internal link to a section's anchor (pointed at its heading when the heading is laid out)."""
        if anchor not in self._links:
            self._links[anchor] = self.add_link()
        return self._links[anchor]

    @contextmanager
    def tagged(self, struct_type: str) -> Iterator[None]:
        """Mark what is written inside as one structure element (e.g. "P", "H1", "Table")."""
        self._begin(struct_type)
        try:
            yield
        finally:
            self._out("EMC")
            self._open = None

    def _begin(self, struct_type: str) -> None:
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        self._open = struct_type

    def header(self) -> None:
        if self._open:  # the element broken by the page break goes on here
            self._begin(self._open)

    def footer(self) -> None:
        if self._open:
            self._out("EMC")
        self._out("/Artifact BMC")
        self._footer_text()
        self._out("EMC")

    def _footer_text(self) -> None:
        self.set_y(-MARGIN + 6)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.75, 5, fit_text(self, self.report_title, self.epw * 0.7), align="L")
        self.cell(self.epw * 0.25, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*TEXT)


def fit_text(pdf: FPDF, text: str, width: float) -> str:
    """The text, cut with an ellipsis if it is wider than `width` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
