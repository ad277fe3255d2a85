"""How each site's survey tool exports its data: headings, label spellings, ids, file layout.

A site's `export_style` (0-9) picks one of the styles below. Every spelling here must stay inside what the survey
instrument lists (item code / id / wording / alias for headings; scale labels and synonyms for answers; wave and role
synonyms), because the reader is entitled to rely on the instrument and nothing else. The tests check that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Logical column keys shared with the generator.
RESPONDENT_ID = "respondent_id"
WAVE = "wave"
ROLE = "role"

ROLE_KEYS = ("staff", "lived_experience", "carer", "voluntary_sector", "other", "not_stated")

ItemHeading = Callable[[dict, int], str]


@dataclass(frozen=True)
class ExportStyle:
    """One survey tool's (or one analyst's Excel habits') way of writing the same responses."""

    name: str
    # Heading of an item or free-text question, given the instrument entry and its position in the instrument.
    item_heading: ItemHeading
    # Headings of the respondent id, wave and role columns.
    identifier_headings: tuple[str, str, str]
    # Answer labels for codes 1..5 (digits mean the tool exports codes, written as numbers where the format can).
    likert: tuple[str, str, str, str, str]
    prefer_not_to_say: str
    dont_know: str
    not_applicable: str | None
    waves: tuple[str, str]  # baseline, follow-up
    roles: dict[str, str]  # role key -> label as exported ("" = left blank)
    respondent_id: str  # "r_number" | "site_prefix" | "integer" | "tool"
    column_order: str  # see surveys._column_keys
    file_stem: str
    split_by_wave: bool  # csv only: one file per wave instead of one file with a wave column
    utf8_bom: bool  # csv only: Excel's "CSV UTF-8" writes a byte-order mark
    line_terminator: str
    quote_all: bool
    sav_labelled_identifiers: bool  # sav only: wave and role as labelled numerics rather than strings

    @property
    def numeric_codes(self) -> bool:
        return all(label.isdigit() for label in self.likert)


def _roles(staff: str, lived: str, carer: str, voluntary: str, other: str, not_stated: str) -> dict[str, str]:
    return dict(zip(ROLE_KEYS, (staff, lived, carer, voluntary, other, not_stated), strict=True))


def _code_dot_wording(item: dict, _: int) -> str:
    return f"{item['code']}. {item['wording']}"


def _wording(item: dict, _: int) -> str:
    return item["wording"]


def _code_underscore_id(item: dict, _: int) -> str:
    return f"{item['code'].lower()}_{item['id']}"


def _lower_code(item: dict, _: int) -> str:
    return item["code"].lower()


def _id_caps(item: dict, _: int) -> str:
    return item["id"].upper()


def _code_with_trailing_spaces(item: dict, index: int) -> str:
    # Hand-edited export: codes retyped in inconsistent case, with stray spaces left behind.
    code = item["code"].lower() if index % 3 == 1 else item["code"]
    return code + "  "


def _wording_title_double_spaced(item: dict, _: int) -> str:
    return item["wording"].title().replace(" ", "  ", 1) + " "


def _first_alias(item: dict, _: int) -> str:
    return item["aliases"][0].capitalize()


def _code_dash_wording(item: dict, _: int) -> str:
    return f"{item['code']} - {item['wording']}"


def _code_bracket_id(item: dict, _: int) -> str:
    return f"{item['code']} ({item['id']})"


STYLES: tuple[ExportStyle, ...] = (
    ExportStyle(
        name="survey tool, full question text",
        item_heading=_code_dot_wording,
        identifier_headings=("Respondent ID", "Wave", "Role"),
        likert=("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
        prefer_not_to_say="Prefer not to say", dont_know="Don't know", not_applicable=None,
        waves=("Baseline", "Follow-up"),
        roles=_roles("Staff", "Person with lived experience", "Carer", "Voluntary sector partner", "Other", ""),
        respondent_id="r_number", column_order="instrument", file_stem="coproduction_survey_responses",
        split_by_wave=False, utf8_bom=False, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
    ExportStyle(
        name="wording only, coded labels",
        item_heading=_wording,
        identifier_headings=("ResponseId", "Survey wave", "Which of these best describes you?"),
        likert=("1 - Strongly Disagree", "2 - Disagree", "3 - Neither Agree nor Disagree", "4 - Agree",
                "5 - Strongly Agree"),
        prefer_not_to_say="Prefer not to say", dont_know="Don't know", not_applicable=None,
        waves=("Baseline", "Follow up"),
        roles=_roles("Health and care staff", "Patient", "Family member or carer", "VCSE partner", "Something else",
                     "Prefer not to say"),
        respondent_id="tool", column_order="paged", file_stem="Co-production survey export",
        split_by_wave=False, utf8_bom=False, line_terminator="\r\n", quote_all=True,
        sav_labelled_identifiers=False,
    ),
    ExportStyle(
        name="analyst's snake case, lower-case labels",
        item_heading=_code_underscore_id,
        identifier_headings=("respondent_id", "timepoint", "respondent type"),
        likert=("strongly disagree ", "disagree ", "neither agree nor disagree ", "agree ", "strongly agree "),
        prefer_not_to_say="prefer not to say", dont_know="don't know ", not_applicable="n/a",
        waves=("baseline ", "follow up"),
        roles=_roles("nhs staff", "service user", "unpaid carer", "third sector", "other", ""),
        respondent_id="site_prefix", column_order="ids_last", file_stem="survey_data",
        split_by_wave=False, utf8_bom=False, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
    ExportStyle(
        name="statistics package, short codes",
        item_heading=_lower_code,
        identifier_headings=("Record ID", "Time point", "Participant type"),
        likert=("SD", "Disagree", "Neither", "Agree", "SA"),
        prefer_not_to_say="PNTS", dont_know="DK", not_applicable="NA",
        waves=("Time 1", "Time 2"),
        roles=_roles("Staff member", "Expert by experience", "Carer", "Charity", "Other", "Not stated"),
        respondent_id="integer", column_order="instrument", file_stem="coprod_survey",
        split_by_wave=False, utf8_bom=False, line_terminator="\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
    ExportStyle(
        name="database extract in capitals",
        item_heading=_id_caps,
        identifier_headings=("RESP_ID", "SURVEY_ROUND", "RESPONDENT_TYPE"),
        likert=("STRONGLY DISAGREE", "DISAGREE", "NEUTRAL", "AGREE", "STRONGLY AGREE"),
        prefer_not_to_say="PREFER NOT TO SAY", dont_know="DON'T KNOW", not_applicable="N/A",
        waves=("BL", "FU"),
        roles=_roles("STAFF", "LIVED EXPERIENCE", "CARER", "VCSE", "OTHER", ""),
        respondent_id="site_prefix", column_order="shuffled", file_stem="export",
        split_by_wave=True, utf8_bom=True, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=False,
    ),
    ExportStyle(
        name="codes only, hand-tidied in Excel",
        item_heading=_code_with_trailing_spaces,
        identifier_headings=("ID", "Time point ", "Your role"),
        likert=("1", "2", "3", "4", "5"),
        prefer_not_to_say="Prefer not to say", dont_know="Don\u2019t know", not_applicable=None,
        waves=("Wave 1", "Wave 2"),
        roles=_roles("Professional", "Patient partner", "Family carer", "Community organisation", "Other", ""),
        respondent_id="integer", column_order="instrument", file_stem="survey_results_all_waves",
        split_by_wave=False, utf8_bom=False, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
    ExportStyle(
        name="labels with codes in brackets",
        item_heading=_wording_title_double_spaced,
        identifier_headings=("Participant ID", "Survey round", "I am taking part as:"),
        likert=("Strongly disagree (1)", "Disagree (2)", "Neither agree nor disagree (3)", "Agree (4)",
                "Strongly agree (5)"),
        prefer_not_to_say="Prefer not to say", dont_know="Don't know", not_applicable=None,
        waves=("T0", "T1"),
        roles=_roles("Member of staff", "Lived experience partner", "Carer", "Voluntary sector", "Other",
                     "Rather not say"),
        respondent_id="tool", column_order="role_first", file_stem="responses_download",
        split_by_wave=False, utf8_bom=False, line_terminator="\n", quote_all=True,
        sav_labelled_identifiers=False,
    ),
    ExportStyle(
        name="short aliases, 'tend to' labels",
        item_heading=_first_alias,
        identifier_headings=("Respondent", "Round", "Which best describes you?"),
        likert=("Strongly disagree", "Tend to disagree", "Neither agree nor disagree", "Tend to agree",
                "Strongly agree"),
        prefer_not_to_say="Prefer not to say", dont_know="Don't know", not_applicable="Not applicable",
        waves=("Pre", "Post"),
        roles=_roles("staff", "Lived Experience", "CARER", "Voluntary and community sector", "other", ""),
        respondent_id="r_number", column_order="free_text_first", file_stem="coproduction_survey",
        split_by_wave=False, utf8_bom=True, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
    ExportStyle(
        name="one file per wave, 'completely' labels",
        item_heading=_code_dash_wording,
        identifier_headings=("Response ID", "Timepoint", "Role"),
        likert=("Completely disagree", "Somewhat disagree", "Not sure either way", "Somewhat agree",
                "Completely agree"),
        prefer_not_to_say="Rather not say", dont_know="Do not know", not_applicable="Does not apply",
        waves=("First survey", "Second survey"),
        roles=_roles("Health professional", "Service user", "Parent carer", "Charity", "Something else", ""),
        respondent_id="integer", column_order="paged", file_stem="survey",
        split_by_wave=True, utf8_bom=False, line_terminator="\r\n", quote_all=False,
        sav_labelled_identifiers=False,
    ),
    ExportStyle(
        name="code and id, title-case labels",
        item_heading=_code_bracket_id,
        identifier_headings=("Respondent Id", "Wave ", "ROLE"),
        likert=("Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"),
        prefer_not_to_say="Prefer not to say", dont_know="Don\u2019t know", not_applicable="N/A",
        waves=("W1", "W2"),
        roles=_roles("NHS Staff", "Patient", "Carer", "Third Sector", "Other", "Not stated"),
        respondent_id="site_prefix", column_order="shuffled", file_stem="coproduction_survey_export",
        split_by_wave=False, utf8_bom=False, line_terminator="\n", quote_all=False,
        sav_labelled_identifiers=True,
    ),
)


def style_for(export_style: int) -> ExportStyle:
    """The export style a site's `export_style` index selects."""
    return STYLES[export_style % len(STYLES)]
