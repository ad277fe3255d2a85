"""A report as an A4 PDF, made in pure Python with fpdf2 (no browser, no system libraries).

Text is set in DejaVu Sans, the TrueType font matplotlib ships, so "≈", "–", "→" and curly quotes print on any machine
without a font download. The first page carries the title and the key findings, then a linked contents list; every
heading is a PDF bookmark; tables repeat their header row on each page and shrink their type and share the width by
content when wide; figures fill the text width (never split across pages) with their alt text attached; each page is
numbered; links in the text go to the section they name (or to another report's PDF).

The document is tagged for screen readers: headings (H1 the title, H2–H4 the sections), paragraphs, list items,
captions, block quotes, tables and figures (with their alt text) each carry a structure element, in reading order
(`evaluation.reports.pdf_page` says how, and where fpdf2 stops it going further).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.outline import OutlineSection

from evaluation.reports import layout
from evaluation.reports.document import BulletList, Figure, Paragraph, Quote, Report, Table
from evaluation.reports.pdf_page import FONT, MUTED, TEXT, ReportPDF, fit_text

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
ACCENT = (0, 48, 135)  # NHS dark blue: 12:1 on white
SHADE = (238, 242, 246)
LINK = (0, 94, 184)  # NHS blue: 5.9:1 on white
BODY_SIZE = 10.5
LINE = 5.2  # mm per body line
CELL_SIDE = 1.2  # mm of padding each side of a table cell
CELL_PADDING = 2 * CELL_SIDE + 0.6  # mm across a cell, with a little slack for rounding
KEEP_AFTER_HEADING = 30  # mm a heading needs below it, or it moves to the next page with what follows
QUOTE_INDENT = 8  # mm, each side
HEADING_SIZES = {1: 16, 2: 13, 3: 11.5}
TOC_LINE = 6.2  # mm per contents entry (each kept to one line)


def render_pdf(report: Report, path: str | Path, created: dt.datetime = FIXED_DATE) -> Path:
    """Write `report` to `path` as a PDF and return the path.

    `created` is the document's creation date; with the same report and date the file is byte-identical.
    """
    path = Path(path)
    pdf = ReportPDF(layout.plain(report.title))
    _set_metadata(pdf, report, created)
    sections = layout.outline(report)
    _title(pdf, report)
    front, body = layout.front_and_body(sections)
    for section in layout.walk(front):
        _section(pdf, section)
    _contents(pdf, toc_entries=sum(1 for _ in layout.walk(sections)) + bool(report.provenance))
    for section in layout.walk(body):
        _section(pdf, section)
    if report.provenance:
        _provenance(pdf, report.provenance)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _section(pdf: ReportPDF, section: layout.PlacedSection) -> None:
    opening = next(layout.with_following(section.blocks), None)
    _heading(pdf, section.title, section.depth, _room_for(pdf, *opening) if opening else 0, section.anchor)
    for block, following in layout.with_following(section.blocks):
        if layout.introduces(block, following) and pdf.will_page_break(_room_for(pdf, block, following)):
            pdf.add_page()
        _add_block(pdf, block)


def _set_metadata(pdf: FPDF, report: Report, created: dt.datetime) -> None:
    pdf.set_title(layout.plain(report.title))
    pdf.set_subject(report.subtitle)
    pdf.set_author(layout.AUTHOR)
    pdf.set_creator(layout.AUTHOR)
    pdf.set_lang(layout.LANGUAGE)
    pdf.set_creation_date(created)
    pdf.set_display_mode("fullwidth")


def _title(pdf: ReportPDF, report: Report) -> None:
    """The title and subtitle at the top of the first page, the key findings following on it."""
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*ACCENT)
    with pdf.tagged("H1"):
        pdf.multi_cell(0, 9, layout.plain(report.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)
    if report.subtitle:
        pdf.ln(2)
        pdf.set_font(FONT, "", 12)
        with pdf.tagged("P"):
            pdf.multi_cell(0, 6, report.subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 40, pdf.get_y())
    pdf.ln(4)


def _contents(pdf: ReportPDF, toc_entries: int) -> None:
    """A new page with the linked contents list (filled in by fpdf2 once every page is laid out)."""
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, "Contents", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    # fpdf2 fails if the contents need more pages than reserved here, so they are counted first.
    first_page = int((pdf.h - pdf.b_margin - pdf.get_y()) // TOC_LINE)
    extra_pages = math.ceil(max(0, toc_entries - first_page) / int(pdf.eph // TOC_LINE))
    pdf.insert_toc_placeholder(_render_contents, pages=1 + extra_pages, reset_page_indices=False)


def _render_contents(pdf: FPDF, sections: list[OutlineSection]) -> None:
    """The contents list: each section linked to its page, subsections indented, page numbers right-aligned."""
    for section in sections:
        size = 10.5 if section.level == 0 else 9.5
        indent = 7 * section.level
        label = str(section.page_number)
        link = pdf.add_link(page=section.page_number)
        pdf.set_font(FONT, "B" if section.level == 0 else "", size)
        pdf.set_x(pdf.l_margin + indent)
        width = pdf.epw - indent - 15
        pdf.cell(width, TOC_LINE, fit_text(pdf, section.name, width), link=link)
        pdf.cell(15, TOC_LINE, label, align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: ReportPDF, title: str, depth: int, keep: float = 0, anchor: str = "") -> None:
    """A heading, bookmarked in the outline, on the same page as the first `keep` mm of what follows it (and at least
    KEEP_AFTER_HEADING), so no heading is left alone at the foot of a page."""
    size = HEADING_SIZES.get(depth, 11)
    if pdf.will_page_break(min(max(keep, KEEP_AFTER_HEADING), pdf.eph * 0.8) + size):
        pdf.add_page()
    pdf.ln(5 if depth == 1 else 3)
    pdf.start_section(layout.plain(title), level=depth - 1)
    pdf.set_link(pdf.anchor_link(anchor or layout.slug(title)), y=pdf.get_y(), page=pdf.page)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*ACCENT)
    with pdf.tagged(f"H{min(depth + 1, 6)}"):  # H1 is the report's title
        pdf.multi_cell(0, size * 0.5, layout.plain(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)
    if depth == 1:
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + pdf.epw, pdf.get_y() + 1)
        pdf.ln(2)
    pdf.ln(2.5)


def _add_block(pdf: FPDF, block: object) -> None:
    if isinstance(block, Paragraph):
        with pdf.tagged("P"):
            _rich_text(pdf, block.text)
        pdf.ln(2.5)
    elif isinstance(block, BulletList):
        _bullets(pdf, block.items)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Figure):
        _figure(pdf, block)
    elif isinstance(block, Quote):
        _quote(pdf, block)
    else:
        raise TypeError(f"cannot lay out a {type(block).__name__} in a PDF report: {block!r}")


def _room_for(pdf: FPDF, block: object, following: object = None) -> float:
    """How much room, in mm, the block needs at the foot of a page to start there (capped below a page): a figure
    whole, a quote whole, a short lead-in ("Training: mentioned in 61% of interviews.") with the start of what it
    introduces, the start of anything else."""
    if isinstance(block, Figure):
        width, height, caption_height = _figure_size(pdf, block)
        room = height + caption_height
    elif isinstance(block, Table):
        room = 35
    elif isinstance(block, Quote):
        room = _quote_height(pdf, block)
    elif layout.introduces(block, following):
        pdf.set_font(FONT, "", BODY_SIZE)
        height = pdf.multi_cell(0, LINE, layout.plain(block.text), dry_run=True, output="HEIGHT")
        room = height + _room_for(pdf, following) if height <= 3 * LINE else KEEP_AFTER_HEADING
    else:
        room = KEEP_AFTER_HEADING
    return min(room, pdf.eph * 0.8)


def _rich_text(pdf: ReportPDF, text: str, size: float = BODY_SIZE, line: float = LINE) -> None:
    """Flowing text with its **bold** runs and links, wrapped at the left margin, ending on a new line."""
    for span in layout.spans(text):
        pdf.set_font(FONT, "B" if span.bold else "", size)
        # write() breaks a run's first word where the line ends, even mid-word: start such a run on the next line.
        first_word = span.text.split(" ", 1)[0]
        if first_word and pdf.get_string_width(first_word) > pdf.w - pdf.r_margin - pdf.get_x():
            pdf.ln(line)
        if span.link:
            pdf.set_text_color(*LINK)
        pdf.write(line, span.text, link=_target(pdf, span.link))
        pdf.set_text_color(*TEXT)
    pdf.ln(line)


def _target(pdf: ReportPDF, link: str) -> int | str:
    """An fpdf link: internal for "#anchor", a relative file or web address otherwise ("" for none)."""
    if link.startswith("#"):
        return pdf.anchor_link(link[1:])
    return layout.href(link, "pdf", anchors=False)


def _bullets(pdf: FPDF, items: tuple[str, ...]) -> None:
    margin = pdf.l_margin
    for item in items:
        pdf.set_font(FONT, "", BODY_SIZE)
        with pdf.tagged("LI"):
            pdf.set_x(margin + 2)
            pdf.cell(5, LINE, "•")
            # write() wraps to the left margin, so the margin moves in for a hanging indent.
            pdf.set_left_margin(margin + 7)
            pdf.set_x(margin + 7)
            _rich_text(pdf, item)
            pdf.set_left_margin(margin)
        pdf.ln(1)
    pdf.ln(1.5)


def _table(pdf: FPDF, block: Table) -> None:
    frame = block.frame
    size = layout.table_type_size(frame, pdf.epw, lambda points: _measure(pdf, points), CELL_PADDING)
    pdf.set_font(FONT, "B", 9.5)
    caption_height = pdf.multi_cell(0, 4.8, layout.plain(block.caption), dry_run=True, output="HEIGHT")
    if pdf.will_page_break(caption_height + 4 * size * 0.6 + 6):  # keep the caption with the header and two rows
        pdf.add_page()
    with pdf.tagged("Caption"):
        _rich_caption(pdf, block.caption, "B", 9.5)
    pdf.ln(1.5)
    widths = layout.column_widths(frame, pdf.epw, _measure(pdf, size), CELL_PADDING)
    align = [Align.R if is_number else Align.L for is_number in layout.numeric_columns(frame)]
    pdf.set_font(FONT, "", size)
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    with pdf.tagged("Table"), pdf.table(
            col_widths=widths, width=pdf.epw, line_height=size * 0.5, padding=(1, CELL_SIDE),
            borders_layout="HORIZONTAL_LINES", v_align="TOP",
            headings_style=FontFace(emphasis="BOLD", fill_color=SHADE), cell_fill_color=(250, 250, 250),
            cell_fill_mode=TableCellFillMode.EVEN_ROWS, repeat_headings=1) as table:
        heading = table.row()
        for column, cell_align in zip(frame.columns, align):
            heading.cell(layout.breakable(str(column)), align=cell_align)
        for values in frame.itertuples(index=False):
            row = table.row()
            for value, cell_align in zip(values, align):
                row.cell(layout.breakable(str(value)), align=cell_align)
    if block.note:
        pdf.ln(1.5)
        with pdf.tagged("P"):
            _rich_caption(pdf, block.note, "I", 8)
    pdf.ln(5)


def _measure(pdf: FPDF, size: float) -> layout.Measure:
    def measure(text: str, bold: bool) -> float:
        pdf.set_font(FONT, "B" if bold else "", size)
        return pdf.get_string_width(text)
    return measure


def _rich_caption(pdf: FPDF, text: str, style: str, size: float) -> None:
    """A caption or note: small type, its bold runs bold, wrapped within the text width."""
    for span in layout.spans(text):
        pdf.set_font(FONT, ("B" if span.bold or style == "B" else "") + ("I" if "I" in style else ""), size)
        pdf.write(size * 0.46, span.text)
    pdf.ln(size * 0.46)


def _figure(pdf: FPDF, block: Figure) -> None:
    width, height, caption_height = _figure_size(pdf, block)
    if pdf.will_page_break(height + caption_height):
        pdf.add_page()
    pdf.image(block.image, x=pdf.l_margin + (pdf.epw - width) / 2, y=pdf.get_y(), w=width, h=height,
              alt_text=block.alt_text)
    pdf.set_y(pdf.get_y() + height + 2)
    pdf.set_text_color(*MUTED)
    with pdf.tagged("Caption"):
        _rich_caption(pdf, block.caption, "I", 9)
    pdf.set_text_color(*TEXT)
    pdf.ln(5)


def _figure_size(pdf: FPDF, block: Figure) -> tuple[float, float, float]:
    """Width and height of the image (the text width, or less if it would not fit on a page with its caption) and the
    caption's height, in mm."""
    pdf.set_font(FONT, "I", 9)
    caption_height = pdf.multi_cell(0, 9 * 0.46, layout.plain(block.caption), dry_run=True, output="HEIGHT") + 3
    width, height = layout.fit(block.image, pdf.epw, pdf.eph - caption_height - 4)
    return width, height, caption_height


def _quote(pdf: FPDF, block: Quote) -> None:
    indent = QUOTE_INDENT
    width = pdf.epw - 2 * indent
    height = _quote_height(pdf, block)
    if height < pdf.eph / 2 and pdf.will_page_break(height):
        pdf.add_page()
    pdf.ln(2)
    top, page = pdf.get_y(), pdf.page
    with pdf.tagged("BlockQuote"):
        pdf.set_font(FONT, "I", BODY_SIZE)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width, LINE, layout.quoted(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width, LINE, f"— {block.attribution}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)
    if pdf.page == page:  # the rule beside the quote, unless it ran onto another page
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(1)
        pdf.line(pdf.l_margin + 3, top + 0.5, pdf.l_margin + 3, pdf.get_y() - 0.5)
    pdf.ln(4)


def _quote_height(pdf: FPDF, block: Quote) -> float:
    """The quote's height in mm with its attribution line and the space above it."""
    pdf.set_font(FONT, "I", BODY_SIZE)
    return pdf.multi_cell(pdf.epw - 2 * QUOTE_INDENT, LINE, layout.quoted(block.text), dry_run=True,
                          output="HEIGHT") + LINE + 2


def _provenance(pdf: FPDF, rows: tuple[tuple[str, str], ...]) -> None:
    _heading(pdf, layout.PROVENANCE_TITLE, 1)
    pdf.set_font(FONT, "", 9)
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    with pdf.tagged("Table"), pdf.table(col_widths=(1, 2.5), width=pdf.epw, first_row_as_headings=False,
                                        line_height=4.6, padding=(1, 1.5), borders_layout="HORIZONTAL_LINES",
                                        text_align="LEFT", v_align="TOP") as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)
