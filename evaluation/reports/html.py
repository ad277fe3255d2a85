"""A report as one self-contained, accessible HTML page: styles inline, charts as data URIs, nothing fetched.

The page is laid out by the Jinja2 templates beside this module (`templates/report.html.j2` and the macros and styles
it includes), with autoescaping on: report text is never trusted as markup. Accessibility is built in rather than
checked after: one `<h1>`, section headings nested `<h2>`/`<h3>` in order with a linked table of contents, figures with
their full alt text and a caption, tables with a caption, column headers and a scrolling region when wide, and
suppressed cells ("*") explained to screen readers and on hover.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from evaluation.reports import layout
from evaluation.reports.document import BulletList, Figure, Paragraph, Quote, Report, Table

TEMPLATES = Path(__file__).with_name("templates")


def render_html(report: Report, path: str | Path) -> Path:
    """Write `report` to `path` as a single HTML file and return the path."""
    path = Path(path)
    sections = layout.outline(report)
    front, body = layout.front_and_body(sections)
    page = _environment().get_template("report.html.j2").render(
        report=report,
        sections=sections,
        front=front,
        body=body,
        provenance_id=layout.slug(layout.PROVENANCE_TITLE),
        provenance_title=layout.PROVENANCE_TITLE,
        lang=layout.LANGUAGE,
        author=layout.AUTHOR,
        suppressed_meaning=layout.SUPPRESSED_MEANING,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(("html", "html.j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(spans=layout.spans, data_uri=_data_uri, png_size=lambda p: layout.png_size(Path(p)),
                       numeric_columns=layout.numeric_columns, block_kind=_block_kind,
                       quoted=layout.quoted, wbr=_word_breaks,
                       href=lambda target: layout.href(target, "html"))
    env.tests["suppressed"] = layout.is_suppressed
    return env


def _block_kind(block: object) -> str:
    """The macro that lays a block out (the templates dispatch on it)."""
    kinds = {Paragraph: "paragraph", BulletList: "bullets", Table: "table", Figure: "figure", Quote: "quote"}
    try:
        return kinds[type(block)]
    except KeyError:
        raise TypeError(f"a report block must be one of {', '.join(k.__name__ for k in kinds)}; got {block!r}")


def _word_breaks(text: object) -> markupsafe.Markup:
    """The text escaped, with `<wbr>` where an identifier such as `median_follow_up` may wrap in a narrow column."""
    parts = layout.breakable(str(text)).split("\u200b")
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in parts)


def _data_uri(image: str | Path) -> str:
    """The PNG inlined as a data URI, so the page needs no files beside it."""
    data = Path(image).read_bytes()
    layout.png_size(Path(image))  # fails clearly on anything that is not a PNG
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
