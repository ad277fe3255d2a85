"""A report as a Word document commissioners can edit, built only from Word's own styles.

The title is in the Title style and sections in Heading 1, 2, 3 (so Word's navigation pane and its table of contents
work); tables are real tables in a built-in table style with the header row repeated on every page; each figure fills
the text width with its alt text on the picture and a caption beneath; quotes are in the Quote style with their
attribution. After the key findings comes a contents list: a Word TOC field, filled in with a linked line per
section so it reads before Word updates it (right-click, Update Field, adds page numbers). Every heading carries a
bookmark, so links in the text ("see the change table") go to their section. The file is reproducible: the same
report and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Length, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from evaluation.reports import layout
from evaluation.reports.document import BulletList, Figure, Paragraph, Quote, Report, Table

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
TABLE_STYLE = "Light Grid Accent 1"
FONT = "Arial"
ACCENT = RGBColor(0x00, 0x30, 0x87)  # NHS dark blue: 12:1 on white
FIGURE_WIDTH = Inches(6.3)
MARGIN = Cm(2)
MAX_FIGURE_HEIGHT = Inches(8.5)  # A4 less margins and room for the caption
NARROW = frozenset("iljtfrI1.,;:'!|()[] ")
CELL_MARGIN = 3  # pt each side of a table cell: narrower than Word's 5.8 pt, so a dozen columns fit the page
CELL_PADDING = 2 * CELL_MARGIN + 1  # pt across a cell, with a little slack
LINK_COLOUR = RGBColor(0x00, 0x5E, 0xB8)  # NHS blue: 5.9:1 on white
CONTENTS_DEPTH = 2  # heading levels listed in the contents


def render_docx(report: Report, path: str | Path, created: dt.datetime = FIXED_DATE) -> Path:
    """Write `report` to `path` as a .docx file and return the path.

    `created` is stamped as the document's created and modified dates (and on the parts inside the file), so a
    re-run with the same report gives a byte-identical file.
    """
    path = Path(path)
    document = docx.Document()
    _set_up_page(document)
    _set_styles(document)
    _set_properties(document, report, created)
    document.add_paragraph(layout.plain(report.title), style="Title")
    if report.subtitle:
        document.add_paragraph(report.subtitle, style="Subtitle")
    sections = layout.outline(report)
    front, body = layout.front_and_body(sections)
    for section in layout.walk(front):
        _add_section(document, section)
    _add_contents(document, sections, report.provenance)
    for section in layout.walk(body):
        _add_section(document, section)
    if report.provenance:
        _add_provenance(document, report.provenance)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    _fix_zip_dates(path, created)
    return path


def _add_section(document: Document, section: layout.PlacedSection) -> None:
    heading = document.add_paragraph(layout.plain(section.title), style=f"Heading {min(section.depth, 9)}")
    _bookmark(heading, section.anchor)
    for block, following in layout.with_following(section.blocks):
        _add_block(document, block, keep_with_next=layout.introduces(block, following))


def _add_contents(document: Document, sections: tuple[layout.PlacedSection, ...], provenance: tuple) -> None:
    """A TOC field over headings 1–2 whose shown result is a linked line per section (no page numbers until Word
    updates the field)."""
    document.add_paragraph("Contents", style="TOC Heading").paragraph_format.page_break_before = True
    entries = [(s.title, s.anchor, s.depth) for s in layout.walk(sections) if s.depth <= CONTENTS_DEPTH]
    entries += [(layout.PROVENANCE_TITLE, layout.slug(layout.PROVENANCE_TITLE), 1)] if provenance else []
    for i, (title, anchor, depth) in enumerate(entries):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * (depth - 1))
        if i == 0:
            _field_char(paragraph, "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f' TOC \\o "1-{CONTENTS_DEPTH}" \\h \\z \\u '
            paragraph.add_run()._r.append(instruction)
            _field_char(paragraph, "separate")
        _add_rich(paragraph, f"[{layout.plain(title)}](#{anchor})")
        if i == len(entries) - 1:
            _field_char(paragraph, "end")


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and underscores, starting with a letter, at most 40."""
    return ("s_" + anchor.replace("-", "_"))[:40]


def _bookmark(paragraph: DocxParagraph, anchor: str) -> None:
    """A bookmark around the paragraph's text, so links to `#anchor` land on it."""
    number = str(sum(1 for _ in paragraph.part.element.iter(qn("w:bookmarkStart"))))
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), _bookmark_name(anchor))
    end.set(qn("w:id"), number)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _set_up_page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def _set_styles(document: Document) -> None:
    """One sans-serif font throughout, British English for the spelling checker, and headings and captions in a
    blue dark enough for small text (the template's lighter blue is under 4.5:1 on white)."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
        for script in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(script), FONT)
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), layout.LANGUAGE)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        document.styles[name].font.color.rgb = ACCENT


def _set_properties(document: Document, report: Report, created: dt.datetime) -> None:
    properties = document.core_properties
    properties.title = layout.plain(report.title)
    properties.subject = report.subtitle
    properties.author = properties.last_modified_by = layout.AUTHOR
    properties.language = layout.LANGUAGE
    properties.created = properties.modified = created
    properties.last_printed = created
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""


def _add_block(document: Document, block: object, keep_with_next: bool = False) -> None:
    if isinstance(block, Paragraph):
        paragraph = _add_rich(document.add_paragraph(), block.text)
        paragraph.paragraph_format.keep_with_next = keep_with_next or None
    elif isinstance(block, BulletList):
        for item in block.items:
            _add_rich(document.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, Figure):
        _add_figure(document, block)
    elif isinstance(block, Quote):
        _add_quote(document, block)
    else:
        raise TypeError(f"cannot lay out a {type(block).__name__} in a Word report: {block!r}")


def _add_rich(paragraph: DocxParagraph, text: str) -> DocxParagraph:
    for span in layout.spans(text):
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        if span.link:
            _hyperlink(paragraph, run, span.link)
    return paragraph


def _hyperlink(paragraph: DocxParagraph, run, target: str) -> None:
    """Wrap the run in a link: to a heading's bookmark for "#anchor", else to the file or address."""
    link = OxmlElement("w:hyperlink")
    if target.startswith("#"):
        link.set(qn("w:anchor"), _bookmark_name(target[1:]))
    else:
        url = layout.href(target, "docx", anchors=False)
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run.font.color.rgb = LINK_COLOUR
    run.font.underline = True
    run._r.addprevious(link)
    link.append(run._r)


def _add_table(document: Document, block: Table) -> None:
    caption = _add_rich(document.add_paragraph(style="Caption"), block.caption)
    caption.paragraph_format.keep_with_next = True
    frame = block.frame
    numeric = layout.numeric_columns(frame)
    table = document.add_table(rows=1, cols=frame.shape[1])
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_cell_margins(table, CELL_MARGIN)
    _describe(table, layout.plain(block.caption), layout.plain(block.note))
    available = _text_width(document).pt
    size = layout.table_type_size(frame, available, _measure, CELL_PADDING)
    _fill_row(table.rows[0], [str(c) for c in frame.columns], numeric, Pt(size), bold=True)
    _repeat_as_header(table.rows[0])
    for values in frame.itertuples(index=False):
        _fill_row(table.add_row(), [str(v) for v in values], numeric, Pt(size))
    for row in table.rows:
        _keep_together(row)
    _set_column_widths(table, layout.column_widths(frame, available, _measure(size), CELL_PADDING))
    if block.note:
        note = _add_rich(document.add_paragraph(), block.note)
        for run in note.runs:
            run.font.size = Pt(8.5)
            run.italic = True


def _measure(size: float) -> layout.Measure:
    """An estimate of a string's width in points in Arial: python-docx cannot measure text (Word lays it out when the
    file is opened), so each character counts by its rough Arial width in ems."""
    return lambda text, bold: size * sum(map(_em, text)) * (1.08 if bold else 1.0)


def _em(character: str) -> float:
    if character in NARROW:
        return 0.28
    if character in "mwMW%@":
        return 0.86
    if character.isupper():
        return 0.68
    return 0.56


def _text_width(document: Document) -> Length:
    page = document.sections[0]
    return Length(page.page_width - page.left_margin - page.right_margin)


def _fill_row(row, values: list[str], numeric: tuple[bool, ...], size: Pt, bold: bool = False) -> None:
    for cell, value, is_number in zip(row.cells, values, numeric):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(value)
        run.font.size = size
        run.bold = bold or None
        if is_number:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: repeated at the top of each page, and read as headers by screen readers."""
    _set_row_flag(row, "w:tblHeader")


def _keep_together(row) -> None:
    """Keep the row on one page: a site's name should not be split from its numbers."""
    _set_row_flag(row, "w:cantSplit")


def _set_row_flag(row, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _set_cell_margins(table: DocxTable, points: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(points * 20)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _describe(table: DocxTable, caption: str, note: str) -> None:
    """The table's alt text title and description, as Word's accessibility checker looks for them."""
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", note)):
        if text:
            element = OxmlElement(tag)
            element.set(qn("w:val"), text)
            table._tbl.tblPr.append(element)


def _set_column_widths(table: DocxTable, widths: tuple[float, ...]) -> None:
    """Fix the columns at these widths in points: on the grid (which LibreOffice reads) and on every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)


def _add_figure(document: Document, block: Figure) -> None:
    width_px, height_px = layout.png_size(block.image)
    width = min(FIGURE_WIDTH, int(MAX_FIGURE_HEIGHT * width_px / height_px))
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture = paragraph.add_run().add_picture(str(block.image), width=width)
    # python-docx has no API for alt text; Word reads it from the drawing's docPr "descr" attribute.
    picture._inline.docPr.set("descr", block.alt_text)
    picture._inline.docPr.set("title", layout.plain(block.caption))
    _add_rich(document.add_paragraph(style="Caption"), block.caption)


def _add_quote(document: Document, block: Quote) -> None:
    text = document.add_paragraph(layout.quoted(block.text), style="Quote")
    text.paragraph_format.keep_with_next = True
    attribution = document.add_paragraph(f"— {block.attribution}", style="Quote")
    attribution.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in attribution.runs:
        run.italic = False


def _add_provenance(document: Document, rows: tuple[tuple[str, str], ...]) -> None:
    _bookmark(document.add_paragraph(layout.PROVENANCE_TITLE, style="Heading 1"), layout.slug(layout.PROVENANCE_TITLE))
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    available = _text_width(document).pt
    _set_column_widths(table, (available * 0.3, available * 0.7))


def _fix_zip_dates(path: Path, when: dt.datetime) -> None:
    """Rewrite the .docx (a zip) with every part dated `when`: zip entries otherwise carry the time of writing."""
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
