"""Ingest one site: surveys and interviews in, processed tables and a quarantine out, with row accounting."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evaluation.ingest.interviews import InterviewIngest, ingest_site_interviews
from evaluation.ingest.quarantine import QUARANTINE_COLUMNS
from evaluation.ingest.surveys import SurveyIngest, ingest_site_surveys
from evaluation.sites import Site
from evaluation.survey.instrument import Instrument
from evaluation.text.redact import Redactor


@dataclass(frozen=True)
class RowAccount:
    """Every input record ends up kept or quarantined: `balanced` says the books close."""

    table: str
    records_in: int
    kept: int
    quarantined: int

    @property
    def balanced(self) -> bool:
        return self.records_in == self.kept + self.quarantined

    def describe(self) -> str:
        verdict = "balanced" if self.balanced else f"OUT BY {self.records_in - self.kept - self.quarantined}"
        return f"{self.table}: {self.records_in} in = {self.kept} kept + {self.quarantined} quarantined ({verdict})"


@dataclass(frozen=True)
class SiteIngest:
    site_id: str
    surveys: SurveyIngest
    interviews: InterviewIngest

    @property
    def quarantine(self) -> pd.DataFrame:
        parts = [q for q in (self.surveys.quarantine, self.interviews.quarantine) if not q.empty]
        if not parts:
            return self.surveys.quarantine
        return pd.concat(parts, ignore_index=True)[list(QUARANTINE_COLUMNS)]

    @property
    def anonymisation_log(self) -> pd.DataFrame:
        return pd.concat([self.surveys.anonymisation_log, self.interviews.anonymisation_log], ignore_index=True)

    @property
    def survey_account(self) -> RowAccount:
        return RowAccount("survey_responses", self.surveys.records_in, self.surveys.respondents_kept,
                          self.surveys.records_quarantined)

    @property
    def interview_account(self) -> RowAccount:
        return RowAccount("interview_turns", self.interviews.records_in, self.interviews.interviews_kept,
                          self.interviews.records_quarantined)


def site_redactor(site: Site) -> Redactor:
    """Redaction for one site's text: the shipped name list plus the site's own place names."""
    return Redactor(places=site.places)


def ingest_site(site: Site, instrument: Instrument, redactor: Redactor | None = None) -> SiteIngest:
    redactor = redactor or site_redactor(site)
    return SiteIngest(
        site.site_id,
        ingest_site_surveys(site.site_id, site.folder / "surveys", instrument, redactor),
        ingest_site_interviews(site.site_id, site.folder / "interviews", instrument, redactor),
    )
