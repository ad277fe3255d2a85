"""Ingest one site: surveys and interviews in, processed tables and a quarantine out, with row accounting."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evaluation.ingest.interviews import InterviewIngest, ingest_site_interviews
from evaluation.ingest.pseudonym import Pseudonymiser
from evaluation.ingest.quarantine import QUARANTINE_COLUMNS
from evaluation.ingest.schemas import (INTERVIEW_TURNS, QUARANTINE, schema_failures, survey_comments_schema,
                                       survey_responses_schema)
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
    def quarantine_values(self) -> pd.DataFrame:
        """What the quarantined cells held, for the evaluator fixing the input: written under data/private only."""
        return pd.concat([self.surveys.quarantine_values, self.interviews.quarantine_values], ignore_index=True)

    @property
    def anonymisation_log(self) -> pd.DataFrame:
        return pd.concat([self.surveys.anonymisation_log, self.interviews.anonymisation_log], ignore_index=True)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The site's processed tables, by name."""
        return {
            "survey_responses": self.surveys.responses,
            "survey_comments": self.surveys.comments,
            "interview_turns": self.interviews.turns,
            "quarantine": self.quarantine,
        }

    def contract_failures(self, instrument: Instrument) -> dict[str, str | None]:
        """Per table, None when it meets its pandera contract, else what broke."""
        schemas = {
            "survey_responses": survey_responses_schema(instrument.item_ids, list(instrument.scale)),
            "survey_comments": survey_comments_schema([q.id for q in instrument.free_text]),
            "interview_turns": INTERVIEW_TURNS,
            "quarantine": QUARANTINE,
        }
        return {name: schema_failures(schema, self.tables[name]) for name, schema in schemas.items()}

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


def ingest_site(site: Site, instrument: Instrument, redactor: Redactor | None = None,
                pseudonymiser: Pseudonymiser | None = None) -> SiteIngest:
    """`pseudonymiser` carries the project's key (EvaluationProject.pseudonymiser), so respondent pseudonyms pair
    across runs and waves; without it a one-off key is used."""
    redactor = redactor or site_redactor(site)
    return SiteIngest(
        site.site_id,
        ingest_site_surveys(site.site_id, site.folder / "surveys", instrument, redactor, pseudonymiser),
        ingest_site_interviews(site.site_id, site.folder / "interviews", instrument, redactor),
    )
