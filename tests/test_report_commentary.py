"""The evaluators' commentary: Markdown read from data/commentary/ only, within a size limit, turned into the report's
own blocks so it reads the same in HTML, Word and PDF and can never carry markup or script into a report."""

import os

import pytest
from lxml import html as lxml_html

from evaluation.ingest.file_safety import UnsafeFileError
from evaluation.layout import ProjectLayout
from evaluation.reports.commentary import TITLE, commentary_section, markdown_blocks, read_commentary
from evaluation.reports.document import BulletList, Paragraph, Report
from evaluation.reports.html import render_html

pytestmark = pytest.mark.unit

WRITTEN = """Staff wanted to involve people, but **most decisions** had been made already.

## Interpretation

- The project sits at *informing*.
- See [the change table](#change-from-baseline-to-follow-up).

## Recommendations

1. Involve people before options are drawn up.
2. Offer training.
"""


def test_headings_start_subsections_and_lists_paragraphs_bold_and_links_are_kept():
    lead, subsections = markdown_blocks(WRITTEN)
    assert lead == [Paragraph("Staff wanted to involve people, but **most decisions** had been made already.")]
    assert [title for title, _ in subsections] == ["Interpretation", "Recommendations"]
    assert subsections[0][1] == [BulletList(("The project sits at informing.",
                                             "See [the change table](#change-from-baseline-to-follow-up)."))]
    assert subsections[1][1] == [BulletList(("Involve people before options are drawn up.", "Offer training."))]


def test_raw_html_in_a_commentary_is_shown_as_text_never_run(tmp_path):
    hostile = ('<script>alert("x")</script>\n\nFine <img src=x onerror=alert(1)> words '
               '[click](javascript:alert(1)) [ok](https://www.england.nhs.uk/).')
    section = commentary_section(hostile)
    page = render_html(Report("R", "", (section,)), tmp_path / "r.html").read_text()
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//main//script | //main//img | //main//*[@onerror]")
    assert "javascript:" not in page
    assert [a.get("href") for a in tree.xpath("//main//p//a")] == ["https://www.england.nhs.uk/"]
    assert "&lt;script&gt;alert" in page  # the evaluator sees what they typed


def test_without_a_commentary_the_section_says_the_report_is_the_automated_draft():
    section = commentary_section(None, "data/commentary/north.md")
    assert section.title == TITLE
    assert "automated draft" in section.blocks[0].text and "data/commentary/north.md" in section.blocks[0].text
    assert commentary_section("  \n").blocks[0].text.startswith("Not written yet")


def test_the_commentary_files_live_in_one_folder(tmp_path):
    layout = ProjectLayout(tmp_path)
    assert layout.commentary() == tmp_path / "data" / "commentary" / "cross_site.md"
    assert layout.commentary("north") == tmp_path / "data" / "commentary" / "north.md"


def test_a_missing_commentary_reads_as_none_and_a_present_one_as_its_text(tmp_path):
    layout = ProjectLayout(tmp_path)
    folder = layout.commentary().parent
    assert read_commentary(layout.commentary("north"), folder) is None
    folder.mkdir(parents=True)
    layout.commentary("north").write_text("Good work.", encoding="utf-8")
    assert read_commentary(layout.commentary("north"), folder) == "Good work."


def test_a_commentary_leading_outside_its_folder_is_refused(tmp_path):
    folder = tmp_path / "data" / "commentary"
    folder.mkdir(parents=True)
    secret = tmp_path / "secret.md"
    secret.write_text("private", encoding="utf-8")
    os.symlink(secret, folder / "north.md")
    with pytest.raises(UnsafeFileError, match="outside"):
        read_commentary(folder / "north.md", folder)
    with pytest.raises(UnsafeFileError, match="climbs out"):
        read_commentary(folder / ".." / ".." / "secret.md", folder)


def test_an_oversized_or_non_utf8_commentary_is_refused(tmp_path):
    folder = tmp_path
    (folder / "big.md").write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(UnsafeFileError, match="over the 1 MB limit"):
        read_commentary(folder / "big.md", folder)
    (folder / "latin.md").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(UnsafeFileError, match="UTF-8"):
        read_commentary(folder / "latin.md", folder)
