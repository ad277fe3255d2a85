"""The personal data planted in the shipped sample (data/raw/ground_truth.json) never reaches processed tables."""

import json
from pathlib import Path

import pandas as pd
import pytest

from evaluation.coding.coders.rules import RuleCoder
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.stages.coding import code_site, segment_site
from evaluation.stages.ingest import ingest_site
from evaluation.stages.project import Project

ROOT = Path(__file__).resolve().parents[1]
ALWAYS_CAUGHT = ("nhs_number", "email", "phone", "postcode", "date_of_birth")


@pytest.fixture(scope="module")
def sample():
    """The shipped sample through the pipeline's own stage functions (ingest, segment, code with the rule coder),
    in memory: nothing is written into the repository."""
    project = Project.open(ROOT)
    coder, pseudonymiser = RuleCoder(project.codebook), Pseudonymiser.ephemeral()
    tables = {}
    for site_id in project.registry().ready_site_ids:
        ingested = ingest_site(project, site_id, pseudonymiser)
        segments = segment_site(ingested.interviews.turns)
        tables[site_id] = {**ingested.tables, "interview_segments": segments,
                           "coded_segments": code_site(segments, coder)}
    truth = json.loads((project.layout.raw / "ground_truth.json").read_text(encoding="utf-8"))
    return tables, truth


def interview_text(tables, site_id, interview_id):
    turns = tables[site_id]["interview_turns"]
    return " ".join(turns.loc[turns["interview_id"] == interview_id, "text"])


def planted(truth, kinds):
    return [(site_id, interview["interview_id"], p) for site_id, site in truth["sites"].items()
            for interview in site["interviews"]["interviews"] for p in interview["pii"] if p["kind"] in kinds]


def test_every_planted_nhs_number_email_phone_postcode_and_birth_date_is_redacted(sample):
    tables, truth = sample
    found = planted(truth, ALWAYS_CAUGHT)
    leaked = [p for site_id, interview_id, p in found if p["text"] in interview_text(tables, site_id, interview_id)]
    assert {p["kind"] for _, _, p in found} == set(ALWAYS_CAUGHT)
    assert not leaked, leaked


def test_at_least_95_percent_of_planted_names_are_redacted(sample):
    tables, truth = sample
    names = planted(truth, ("name",))
    leaked = [p["text"] for site_id, interview_id, p in names
              if p["text"] in interview_text(tables, site_id, interview_id)]
    assert len(names) > 200
    assert 1 - len(leaked) / len(names) >= 0.95, leaked


def test_no_planted_identifier_appears_in_any_processed_table(sample):
    tables, truth = sample
    text = "\n".join(frame.astype("string").fillna("").to_csv() for site in tables.values()
                     for frame in site.values())
    identifiers = [p for _, _, p in planted(truth, (*ALWAYS_CAUGHT, "place"))]
    identifiers += [p for site in truth["sites"].values() for p in site["surveys"]["comment_pii"]]
    assert not [p for p in identifiers if p["text"] in text]


def test_quotes_and_evidence_come_from_redacted_text(sample):
    tables, _ = sample
    coded = pd.concat([site["coded_segments"] for site in tables.values()])
    segments = pd.concat([site["interview_segments"] for site in tables.values()]).set_index("segment_id")
    for row in coded.head(200).itertuples():
        assert row.evidence.strip("…") in segments.loc[row.segment_id, "text"]
