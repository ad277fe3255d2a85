"""A site's `surveys/mapping.yaml`: the reviewed record of which export column is which instrument field.

`evaluation map-survey SITE` drafts it with the matcher (`survey_mapping`); the evaluator reads it, corrects what is
wrong, fills in what the matcher could not know (a column headed only `Q6`, bare answer numbers) and commits it. The
pipeline only reads it. Its shape:

    files:
      export.csv:                       # a worksheet: "book.xlsx [Sheet1]"
        layout: Qualtrics (3 header rows)
        columns:                        # export column -> instrument field (respondent_id, wave, role, an item id,
          ResponseId: respondent_id     #   a free-text id); a column not listed is not read
          Q5_1: {field: listened_to, matched_on: statement wording, score: 1.0}
        answers:                        # the file's answer options -> a scale code, or a non-answer status
          Strongly agree: 5
          "4": null                     # null: not mapped; write the code a bare number stands for
        numbers_are_codes: false        # true: bare numbers 1-5 are the scale's codes
        wave: baseline                  # optional: every row of this file is this wave (or role: staff)
        not_used: {...}                 # for the reader only: what was left out, and why
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from evaluation.ingest.survey_files import RawSheet
from evaluation.ingest.survey_mapping import THRESHOLD, FileMapping
from evaluation.survey.instrument import NON_SUBSTANTIVE, Instrument
from evaluation.text.keys import clean_key

MAPPING_FILE = "mapping.yaml"
STATUSES = (*NON_SUBSTANTIVE, "missing")


class MappingFileError(ValueError):
    """The mapping file cannot be read; the message names the file and, where known, the line."""


def read_mapping_file(survey_dir: Path) -> dict | None:
    """The site's mapping file as {sheet label: entry}, or None when the site has none."""
    path = Path(survey_dir) / MAPPING_FILE
    if not path.is_file():
        return None
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise MappingFileError(f"surveys/{MAPPING_FILE} is not valid YAML{where}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise MappingFileError(f"surveys/{MAPPING_FILE} cannot be read ({type(error).__name__})") from None
    files = (spec or {}).get("files") if isinstance(spec, dict) else None
    if not isinstance(files, dict) or not all(isinstance(e, dict) or e is None for e in files.values()):
        raise MappingFileError(f"surveys/{MAPPING_FILE} needs a 'files:' section with one entry per export")
    return {str(label): entry or {} for label, entry in files.items()}


def cleaned_answers(mapping: FileMapping, instrument: Instrument) -> tuple[dict, list[str]]:
    """The mapping's answers keyed by cleaned spelling (as `Instrument.map_answers` wants), and what is wrong."""
    cleaned, problems = {}, []
    for raw, value in mapping.answers.items():
        if isinstance(value, int) and value not in instrument.scale:
            problems.append(f"an answer is mapped to {value}, outside the scale {min(instrument.scale)}-"
                            f"{max(instrument.scale)}")
            continue
        if isinstance(value, str) and value not in STATUSES:
            code = instrument.map_answers(pd.Series([value]))["code"].iloc[0]
            if pd.isna(code):
                problems.append(f"an answer is mapped to '{value}', which is neither a scale label nor one of "
                                f"{', '.join(STATUSES)}")
                continue
            value = int(code)
        cleaned[clean_key(raw)] = value
    return cleaned, problems


def draft_answers(sheet: RawSheet, mapping: FileMapping, instrument: Instrument) -> tuple[dict, int]:
    """Every distinct answer in the file's item columns that the instrument can place, with what it maps to, and
    bare numbers as null for the evaluator to fill; how many other spellings map to nothing (not listed: a mistyped
    Likert cell can hold anything, and the mapping file is committed)."""
    from evaluation.ingest.survey_report import looks_like_agreement

    item_columns = [c for c, f in mapping.fields.items() if f in set(instrument.item_ids)]
    item_columns += [c for c in mapping.not_used if c not in mapping.metadata
                     and looks_like_agreement(sheet.frame[c], instrument)]
    values = pd.Series(pd.unique(sheet.frame[item_columns].stack().dropna()) if item_columns else [],
                       dtype="string")
    values = values.sort_values(key=lambda s: s.str.casefold(), kind="stable")
    answers, cleaned_map = {}, cleaned_answers(mapping, instrument)[0]
    mapped = instrument.map_answers(values, cleaned_map, mapping.numbers_are_codes)
    other = 0
    for raw, code, status in zip(values, mapped["code"], mapped["answer_status"]):
        if status == "answered":
            answers[str(raw)] = int(code)
        elif status in NON_SUBSTANTIVE:
            answers[str(raw)] = status
        elif str(raw).strip().replace(".", "", 1).isdigit() and len(str(raw)) <= 3:
            answers[str(raw)] = None
        else:
            other += 1
    return answers, other


def render_mapping(entries: list[tuple[RawSheet, FileMapping]], instrument: Instrument, site: str) -> str:
    """The YAML text of a drafted mapping file, with a header that says how to review it."""
    files = {}
    for sheet, mapping in entries:
        answers, other = draft_answers(sheet, mapping, instrument)
        entry = {"layout": mapping.layout,
                 "columns": {c: _Flow(field=m.field, matched_on=m.matched_on, score=m.score,
                                      **({"text": sheet.column(c).text} if sheet.column(c).text != c else {}))
                             for c, m in mapping.matches.items()},
                 "answers": answers, "numbers_are_codes": mapping.numbers_are_codes}
        if mapping.respondent_scope != "project":
            entry["respondent_ids"] = mapping.respondent_scope
        entry["not_used"] = dict(mapping.not_used)
        missing = [i for i in instrument.item_ids if i not in mapping.items(instrument)]
        if missing:
            entry["items_no_column_carries"] = _FlowList(missing)
        if other:
            entry["other_answers"] = f"{other} other spelling(s) map to nothing (see the quarantine after a run)"
        files[mapping.label] = entry
    header = (f"# Survey mapping for {site}: which export column is which field of {instrument.label}.\n"
              f"# Drafted by `evaluation map-survey`, matching wording (difflib ratio >= {THRESHOLD:.2f}), item ids "
              "and aliases; never a bare question code.\n"
              "# Review it: correct a wrong field, add a column the matcher missed (`Q6: decisions_made_elsewhere`), "
              "give the code of\n# each bare number under answers (or set numbers_are_codes: true), then commit it "
              "beside the exports.\n# Once this file exists the pipeline reads these columns and no others.\n")
    body = yaml.dump({"instrument": instrument.label, "files": files}, Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=120, default_flow_style=False)
    return header + body


class _Flow(dict):
    """A column's entry, written on one line."""


class _FlowList(list):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data,
                                                                          flow_style=True))
