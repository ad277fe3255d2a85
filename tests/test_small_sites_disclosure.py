"""Sites of 1, 5, 9 and 12 respondents (tests/small_sites.py) run through the whole pipeline: nothing published
reveals a count of 1–7 people, directly, as a percentage, or by difference from a total."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.disclosure_scan import scan_reports
from evaluation.vocabulary import SMALL_NUMBER, SUPPRESSED
from tests.small_sites import SMALL_SITES

SHARES = ["pct_agree", "pct_disagree", "pct_positive", "pct_interviews", "pct_commenters", "proportion"]


def published(project, name: str) -> pd.DataFrame:
    return pd.read_csv(project.layout.published_tables / f"{name}.csv", dtype=str, keep_default_na=False)


def test_no_published_artefact_shows_a_count_of_one_to_seven_people(pipeline_project):
    findings = scan_reports(pipeline_project.layout.reports)
    assert findings == [], "\n".join(f"{f.file} | {f.location} | {f.text} | {f.reason}" for f in findings[:30])


def test_the_scan_read_every_kind_of_artefact(pipeline_project):
    reports = pipeline_project.layout.reports
    for site_id in SMALL_SITES:
        assert {p.suffix for p in (reports / "case_studies").glob(f"{site_id}.*")} == {".html", ".docx", ".pdf"}
    assert list((reports / "tables").glob("*.csv")) and (reports / "figures" / "figures.csv").is_file()


@pytest.mark.parametrize("site_id", [s for s, (n, _) in SMALL_SITES.items() if n < SMALL_NUMBER])
def test_a_site_under_eight_shows_no_number_of_its_own(pipeline_project, site_id):
    people = published(pipeline_project, "participation")
    assert set(people.loc[people["site_id"] == site_id, "respondents"]) == {SUPPRESSED}
    for name in ("item_results", "dimension_results", "funnels", "site_standing"):
        table = published(pipeline_project, name)
        own = table[table["site_id"] == site_id].drop(columns=["site_id", "site"])
        numbers = own.apply(lambda c: c.str.fullmatch(r"-?[\d.]+%?|<0\.001")).to_numpy()
        assert not numbers.any(), f"{name}: {own[numbers.any(axis=1)].head(3).to_dict('records')}"


@pytest.mark.parametrize("site_id", [s for s, (n, _) in SMALL_SITES.items() if n >= SMALL_NUMBER])
def test_a_share_at_a_site_under_sixteen_is_only_ever_none_or_all(pipeline_project, site_id):
    # With 9 or 12 people, any share but 0% or 100% counts 1–7 of them, or leaves 1–7 out.
    for name in ("item_results", "dimension_results", "funnels", "theme_prevalence"):
        table = published(pipeline_project, name)
        own = table[table["site_id"] == site_id]
        for column in [c for c in SHARES if c in own.columns]:
            assert set(own[column]) <= {SUPPRESSED, "0%", "100%", ""}, (name, column, set(own[column]))


def test_no_hidden_count_of_a_planted_site_is_its_totals_only_hidden_cell(pipeline_project):
    lines = {"participation": ("role", "All", ["site_id", "wave"]),
             "dimension_results": ("role", "all", ["site_id", "wave", "dimension"]),
             "change": ("site_id", "all", ["measure_type", "measure"])}
    for name, (category, total, group) in lines.items():
        table = published(pipeline_project, name)
        counts = [c for c in table.columns if c in ("respondents", "n", "n_baseline", "n_follow_up", "n_pairs")]
        for key, rows in table.groupby(group):
            if name != "change" and key[0] not in SMALL_SITES:
                continue
            members, totals = rows[rows[category] != total], rows[rows[category] == total]
            for column in counts:
                hidden = members[column] == SUPPRESSED
                if len(totals) and totals[column].iloc[0] != SUPPRESSED:
                    assert hidden.sum() != 1, f"{name} {key} {column}: one hidden cell beside a shown total"
