"""The scanner finds counts of 1–7 people in report text, tables, alt text and chart labels, and lets other numbers
through."""

from __future__ import annotations

import csv

import docx
import pytest
from fpdf import FPDF

from evaluation.disclosure_scan import scan_reports, scan_text

LEAKS = [
    "Five sites sent 5 respondents each.",
    "Only 3 people with lived experience took part.",
    "1 of 8 agreed that meetings suited them.",
    "7 of 8 agreed.",  # the one who did not
    "We held 2 interviews at the site.",
    "Scores were lower (n = 4).",
    "Scores were lower (n=6).",
    "Sites ranged widely; interviews 5 to 12 per site.",
    "between 3 and 12 interviews per site",
    "not compared: one respondent",
    "three interviewees said so",
    "Highest: Site A (78% agree, 11% disagree, n≈10).",  # 78% of about 10 leaves 2 or 3 out
    "12% of 8 respondents",
    "10 of 12 respondents agreed",  # the 2 who did not
]
NOT_LEAKS = [
    "Interviews took place on 2024-03-01 and in March 2023.",
    "Figure 3 shows respondents by role.",
    "The project sits on rung 4 of 6 of the ladder.",
    "Answers run on a scale from 1 to 5 (strongly disagree to strongly agree).",
    "Co-production dimensions: scores (1–5) per site, wave and role.",
    "See section 2 for respondents' roles.",
    "p = 0.003; κ 0.5; α 0.71.",
    "2 of 3 themes were challenges.",
    "Sites differed on 3 of 28 survey items.",
    "12 of 14 sites drawn; not drawn (fewer than 8 answers).",
    "Counts from 1 to 7 people are shown as *.",
    "About 40 people answered at baseline (n = 45).",
    "Highest: Site B (100% agree, 0% disagree, n≈20).",
    "50% of 40 respondents agreed.",
    "Q5 respondents were asked twice.",
]


@pytest.mark.parametrize("text", LEAKS)
def test_a_count_of_one_to_seven_people_is_found(text):
    assert scan_text(text, "report.html", "block 1"), text


@pytest.mark.parametrize("text", NOT_LEAKS)
def test_numbers_that_are_not_small_counts_of_people_pass(text):
    assert scan_text(text, "report.html", "block 1") == [], text


def test_a_finding_names_the_file_the_place_and_the_words():
    [finding] = scan_text("At the smallest site 4 respondents answered.", "case_studies/x.html", "block 7 <p>")
    assert (finding.file, finding.location) == ("case_studies/x.html", "block 7 <p>")
    assert "4 respondents" in finding.text and finding.reason == "a count of 4 people"


def write_csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_published_tables_are_read_by_column(tmp_path):
    write_csv(tmp_path / "tables" / "item_results.csv", [
        ["site_id", "item", "n_answered", "pct_agree", "pct_disagree"],
        ["a", "Item 5", "10", "12%", "*"],  # 1 of 8 printed as 12%
        ["b", "Item 5", "*", "50%", "*"],  # a share beside a hidden base
        ["c", "Item 5", "40", "50%", "25%"],  # 20 and 10 of 40: fine
        ["d", "Item 5", "6", "*", "*"],  # a count from 1 to 7
        ["e", "Item 5", "13", "*", "*"],  # not rounded
        ["f (not compared: one respondent)", "Item 5", "0", "*", "*"],  # words in a label
    ])
    found = {(f.location, f.reason) for f in scan_reports(tmp_path)}
    assert found == {("row 6, column 'site_id'", "a count in words: one"),
                     ("row 1, column 'pct_agree'", "a share that names 1 to 7 people, or leaves 1 to 7 out"),
                     ("row 2, column 'pct_agree'", "a share shown beside a hidden base (n_answered)"),
                     ("row 4, column 'n_answered'", "a count from 1 to 7"),
                     ("row 5, column 'n_answered'", "a count not rounded to the nearest 5")}


def test_a_lone_hidden_count_beside_its_total_is_found(tmp_path):
    write_csv(tmp_path / "tables" / "participation.csv", [
        ["site_id", "wave", "role", "respondents"],
        ["a", "baseline", "staff", "20"], ["a", "baseline", "carer", "*"], ["a", "baseline", "All", "25"],
        ["b", "baseline", "staff", "*"], ["b", "baseline", "carer", "*"], ["b", "baseline", "All", "15"],
    ])
    [finding] = scan_reports(tmp_path)
    assert finding.location == "row 2, column 'respondents'" and "its total gives it away" in finding.reason


def test_alt_text_and_chart_labels_are_read(tmp_path):
    write_csv(tmp_path / "figures" / "figures.csv", [
        ["name", "title", "alt_text", "labels"],
        ["likert_a", "Item A by site", "Lowest: Site C (4% agree, 70% disagree, n≈25).", "Site C | n=5 | 40%"],
        ["likert_b", "Item B by site", "Highest: Site D (100% agree, 0% disagree, n≈20).", "Site D | n≈20 | 100%"],
    ])
    found = [(f.location, f.text) for f in scan_reports(tmp_path)]
    assert ("figure 'likert_a', alt_text", "Lowest: Site C (4% agree, 70% disagree, n≈25).") in found
    assert ("figure 'likert_a', labels", "n=5") in found
    assert not [f for f in found if "likert_b" in f[0]]


def test_reports_in_html_docx_and_pdf_are_read(tmp_path):
    leak, fine = "At this site 3 respondents answered.", "About 40 people answered, on a scale of 1 to 5."
    (tmp_path / "cross_site_report.html").write_text(
        f"<html><body><h1>Report 2024</h1><p>{fine}</p><p>{leak}</p>"
        "<table><thead><tr><th>Site</th><th>Respondents</th><th>% positive</th></tr></thead>"
        "<tbody><tr><td>A</td><td>5</td><td>*</td></tr><tr><td>B</td><td>40</td><td>50%</td></tr></tbody></table>"
        '<img src="x.png" alt="Site C (12% agree, n≈10)"></body></html>', encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(fine)
    document.add_paragraph(leak)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["Site", "Respondents", "A", "4"]):
        cell.text = text
    document.save(tmp_path / "case.docx")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, f"{fine}\n{leak}\nFigure 3: rung 4 of 6.")
    pdf.output(str(tmp_path / "case.pdf"))
    found = {(f.file, f.location, f.reason) for f in scan_reports(tmp_path)}
    assert {f[:2] for f in found} == {
        ("cross_site_report.html", "block 3 <p>"), ("cross_site_report.html", "table 1, row 1, column 'Respondents'"),
        ("cross_site_report.html", "<img alt> of x.png"), ("case.docx", "paragraph 2"),
        ("case.docx", "table 1, row 1, column 'Respondents'"), ("case.pdf", "page 1")}
    assert ("case.pdf", "page 1", "a count of 3 people") in found
