"""Data contracts of the processed tables (pandera), checked before anything is published downstream."""

from __future__ import annotations

import pandera.pandas as pa

from evaluation.ingest.quarantine import CATEGORIES, QUARANTINE_COLUMNS, SCOPES
from evaluation.vocabulary import ANSWER_STATUSES, INTERVIEWER, ROLES, SPEAKER_ROLES, WAVES

SPEAKERS = (INTERVIEWER, "participant")  # the side of the conversation a turn is on


def _text(nullable: bool = False, **kwargs) -> pa.Column:
    return pa.Column("string", nullable=nullable, **kwargs)


def _respondent() -> dict[str, pa.Column]:
    """The columns that place an answer: which site, which respondent, which wave, in which role."""
    return {
        "site_id": _text(),
        "respondent_id": _text(),
        "wave": _text(checks=pa.Check.isin(WAVES)),
        "role": _text(checks=pa.Check.isin(ROLES)),
    }


def survey_responses_schema(item_ids: list[str], scale_codes: list[int]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            **_respondent(),
            "item_id": _text(checks=pa.Check.isin(item_ids)),
            "code": pa.Column("Int8", nullable=True, checks=pa.Check.isin(scale_codes)),
            "label": _text(nullable=True),
            "answer_status": _text(checks=pa.Check.isin(ANSWER_STATUSES)),
            "source_file": _text(),
            "source_row": pa.Column("Int64"),
        },
        checks=[
            pa.Check(lambda df: ~df.duplicated(["site_id", "respondent_id", "wave", "item_id"]),
                     error="one answer per respondent, wave and item"),
            pa.Check(lambda df: df["code"].notna() == (df["answer_status"] == "answered"),
                     error="a code exactly when the answer is on the scale"),
        ],
        strict=True, ordered=True, name="survey_responses",
    )


def survey_comments_schema(question_ids: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            **_respondent(),
            "question_id": _text(checks=pa.Check.isin(question_ids)),
            "text": _text(checks=pa.Check.str_length(min_value=1)),
            "source_file": _text(),
            "source_row": pa.Column("Int64"),
        },
        strict=True, ordered=True, name="survey_comments",
    )


INTERVIEW_TURNS = pa.DataFrameSchema(
    {
        "site_id": _text(),
        "interview_id": _text(),
        "turn": pa.Column("Int32", checks=pa.Check.ge(1)),
        "speaker": _text(checks=pa.Check.isin(SPEAKERS)),
        "speaker_role": _text(checks=pa.Check.isin(SPEAKER_ROLES)),
        "participant_role": _text(checks=pa.Check.isin(ROLES)),
        "interview_date": _text(nullable=True, checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "text": _text(checks=pa.Check.str_length(min_value=1)),
        "source_file": _text(),
        "source_location": pa.Column("Int32", checks=pa.Check.ge(1)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["site_id", "interview_id", "turn"]),
                     error="one row per interview turn")],
    strict=True, ordered=True, name="interview_turns",
)

_QUARANTINE_REQUIRED = {
    "site_id": _text(),
    "table": _text(checks=pa.Check.isin(("survey_responses", "interview_turns"))),
    "source_file": _text(),
    "source_row": pa.Column("Int64", nullable=True),
    "scope": _text(checks=pa.Check.isin(SCOPES)),
    "category": _text(checks=pa.Check.isin(tuple(CATEGORIES))),
    "reason": _text(checks=pa.Check.str_length(min_value=1)),
}
QUARANTINE = pa.DataFrameSchema(
    {c: _QUARANTINE_REQUIRED.get(c, _text(nullable=True)) for c in QUARANTINE_COLUMNS},
    strict=True, ordered=True, name="quarantine",
)


def schema_failures(schema: pa.DataFrameSchema, frame) -> str | None:
    """None when `frame` meets the contract, else a short readable summary of what broke (all failures)."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        lines = [f"{row.column or 'table'}: {row.check} (e.g. {row.failure_case!r})"
                 for row in cases.drop_duplicates(["column", "check"]).head(10).itertuples()]
        return f"{schema.name}: {len(cases)} failure(s)\n" + "\n".join(lines)
    return None
