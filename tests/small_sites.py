"""Small sites, built by hand, added to the end-to-end project to prove disclosure control on what is published.

Four sites with 1, 5, 9 and 12 survey respondents, each answering at baseline and follow-up, in mixed roles, some
with a comment; each with a few interview transcripts borrowed from the project's first generated site (with that
site's places, so the redactor knows them). At these sizes nearly every count is 1–7: any published number that
gives one away, directly or by difference from a total, is a leak.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from evaluation.survey.instrument import load_instrument
from tests.hostile_sites import write_csv

# site id -> (respondents per wave, interviews); the names hold no digits, so no number in a report comes from them
SMALL_SITES = {"fellside-ics": (1, 1), "marrowby-ca": (5, 2), "quarrybank-hscp": (9, 3), "tarnhow-ics": (12, 5)}
ROLES = ["Staff", "Patient", "Carer", "Staff", "Person with lived experience"]
ANSWERS = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Agree"]
COMMENTS = ["The team listened to us and we felt like equal partners.",
            "Meetings were at times that did not suit people who work.",
            "I grew in confidence and would do it again."]


def add_small_sites(root: Path) -> dict[str, int]:
    """Append the small sites to sites.csv and write their folders; the survey respondents (per wave) of each."""
    raw = Path(root) / "data" / "raw"
    with open(raw / "sites.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, donor = rows[0], dict(zip(rows[0], rows[1]))
    for site_id in SMALL_SITES:
        row = {"site_id": site_id, "site_name": f"{site_id.split('-')[0].title()} Partnership",
               "system_type": "Integrated Care System", "region": "North West",
               "project_title": "Co-designing support with the people who use it", "places": donor.get("places", "")}
        rows.append([row.get(column, "") for column in header])
    write_csv(raw / "sites.csv", rows)
    instrument = load_instrument()
    for number, (site_id, (respondents, interviews)) in enumerate(SMALL_SITES.items()):
        ids = [f"S{number}R{n:02d}" for n in range(1, respondents + 1)]
        for wave, file in (("Baseline", "baseline.csv"), ("Follow-up", "followup.csv")):
            write_csv(raw / site_id / "surveys" / file, _survey(instrument, ids, wave, shift=number))
        _borrow_interviews(raw / donor["site_id"] / "interviews", raw / site_id / "interviews", interviews)
    return {site_id: respondents for site_id, (respondents, _) in SMALL_SITES.items()}


def _survey(instrument, ids: list[str], wave: str, shift: int) -> list[list[str]]:
    header = ["Respondent ID", "Wave", "Role", *(f"{i.code}. {i.wording}" for i in instrument.items),
              *(q.wording for q in instrument.free_text)]
    rows = [header]
    for n, respondent in enumerate(ids):
        answers = [ANSWERS[(n + k + shift + (wave != "Baseline")) % len(ANSWERS)] for k in range(len(instrument.items))]
        comments = [COMMENTS[(n + k) % len(COMMENTS)] if (n + k) % 2 == 0 else ""
                    for k in range(len(instrument.free_text))]
        rows.append([respondent, wave, ROLES[n % len(ROLES)], *answers, *comments])
    return rows


def _borrow_interviews(source: Path, folder: Path, count: int) -> None:
    """The first `count` interviews of a generated site, with their manifest rows."""
    with open(source / "manifest.csv", newline="", encoding="utf-8") as handle:
        manifest = list(csv.reader(handle))
    folder.mkdir(parents=True, exist_ok=True)
    for row in manifest[1:count + 1]:
        shutil.copy2(source / row[0], folder / row[0])
    write_csv(folder / "manifest.csv", manifest[:count + 1])
