"""A site's survey as an SPSS .sav file, with variable and value labels and a pinned creation timestamp."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyreadstat

from evaluation.synth.files import FIXED_TIMESTAMP
from evaluation.synth.survey_answers import BASELINE, DONT_KNOW, FOLLOW_UP, PREFER_NOT_TO_SAY, Response
from evaluation.synth.survey_styles import RESPONDENT_ID, ROLE, ROLE_KEYS, WAVE, ExportStyle

# SPSS codes for the non-answers (blank and "not applicable" are system-missing).
_SAV_CODES = {PREFER_NOT_TO_SAY: 8, DONT_KNOW: 9}
_SAV_IDENTIFIERS = {RESPONDENT_ID: "RespondentID", WAVE: "Wave", ROLE: "Role"}
_SAV_IDENTIFIER_LABELS = {RESPONDENT_ID: "Respondent ID", WAVE: "Survey wave", ROLE: "Respondent type"}
# The SAV file header keeps the creation date ("dd mmm yy") and time ("hh:mm:ss") after the 60-byte product
# name, layout code, case size, compression, weight index, case count and 8-byte bias: bytes 92-100 and 101-108.
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # not locale's %b


def write_sav(out_dir: Path, responses: list[Response], ids: dict[int, int | str], style: ExportStyle,
              instrument: dict) -> dict:
    file = f"{style.file_stem}.sav"
    frame, value_labels = _sav_frame(responses, ids, style, instrument)
    entries = instrument["items"] + instrument["free_text"]
    labels = {_SAV_IDENTIFIERS[k]: _SAV_IDENTIFIER_LABELS[k] for k in _SAV_IDENTIFIERS}
    labels.update({entry["code"]: entry["wording"] for entry in entries})
    measures = {item["code"]: "ordinal" for item in instrument["items"]}
    path = out_dir / file
    pyreadstat.write_sav(frame, str(path), column_labels=[labels[c] for c in frame.columns],
                         variable_value_labels=value_labels, variable_measure=measures)
    _fix_sav_timestamp(path)
    return {"file": file, "format": "sav", "encoding": "utf-8", "sheets": None, "rows": len(frame)}


def _sav_frame(responses: list[Response], ids: dict[int, int | str], style: ExportStyle,
               instrument: dict) -> tuple[pd.DataFrame, dict[str, dict]]:
    labelled = style.sav_labelled_identifiers
    wave_codes = {BASELINE: 1, FOLLOW_UP: 2}
    role_codes = {role: code for code, role in enumerate(ROLE_KEYS, start=1) if style.roles[role]}
    columns: dict[str, list] = {name: [] for name in _SAV_IDENTIFIERS.values()}
    for entry in instrument["items"] + instrument["free_text"]:
        columns[entry["code"]] = []

    for response in responses:
        role = response.person.role
        columns["RespondentID"].append(ids[response.person.number])
        if labelled:
            columns["Wave"].append(float(wave_codes[response.wave]))
            columns["Role"].append(float(role_codes[role]) if role in role_codes else float("nan"))
        else:
            columns["Wave"].append(style.waves[wave_codes[response.wave] - 1].strip())
            columns["Role"].append(style.roles[role])
        for item in instrument["items"]:
            answer = response.answers[item["id"]]
            code = answer if isinstance(answer, int) else _SAV_CODES.get(answer)
            columns[item["code"]].append(float(code) if code is not None else float("nan"))
        for question in instrument["free_text"]:
            columns[question["code"]].append(response.comments.get(question["id"]) or "")

    scale = {int(code): entry["label"] for code, entry in instrument["scale"]["codes"].items()}
    scale.update({_SAV_CODES[PREFER_NOT_TO_SAY]: "Prefer not to say", _SAV_CODES[DONT_KNOW]: "Don't know"})
    value_labels: dict[str, dict] = {item["code"]: dict(scale) for item in instrument["items"]}
    if labelled:
        value_labels["Wave"] = {1: "Baseline", 2: "Follow-up"}
        value_labels["Role"] = {code: style.roles[role] for role, code in role_codes.items()}
    return pd.DataFrame(columns), value_labels


def _fix_sav_timestamp(path: Path) -> None:
    """Overwrite the creation date and time ReadStat writes into the header, so re-runs give identical bytes."""
    data = bytearray(path.read_bytes())
    if not (data[:4] == b"$FL2" and re.fullmatch(rb"\d\d [A-Z][a-z]{2} \d\d", data[_SAV_DATE])
            and re.fullmatch(rb"\d\d:\d\d:\d\d", data[_SAV_TIME])):
        raise ValueError(f"{path}: unexpected SAV header layout; cannot fix its timestamp")
    stamp = FIXED_TIMESTAMP
    data[_SAV_DATE] = f"{stamp.day:02d} {_MONTHS[stamp.month - 1]} {stamp.year % 100:02d}".encode("ascii")
    data[_SAV_TIME] = stamp.strftime("%H:%M:%S").encode("ascii")
    path.write_bytes(bytes(data))
