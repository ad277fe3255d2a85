"""Which column of an export is which field of the instrument: matched on wording, or read from the site's mapping.

The matcher compares a column's question and statement text (and its heading, for respondent id, wave and role) with
the instrument's wording, item ids and aliases after normalising case, punctuation and a leading question code
("Q3. ", "q3_"). Ids, aliases and identifier headings must match exactly; a full wording may also match fuzzily, with
difflib's SequenceMatcher ratio >= 0.90 (standard library, deterministic, and fast enough for a few hundred columns),
unless the two differ by a negation ("were not listened to" is the opposite item). A bare code (`Q6`, `Q5_1`)
never matches: a tool's question numbers are not the instrument's.

A site's `surveys/mapping.yaml`, drafted by `evaluation map-survey` and reviewed by the evaluator, replaces the
matcher for that site: the pipeline then uses it and nothing else (`apply_mapping_file`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from evaluation.ingest.survey_files import Column, RawSheet
from evaluation.survey.instrument import IDENTIFIERS, Instrument, strip_question_code

THRESHOLD = 0.90
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nothing", "dont", "didnt", "wasnt", "werent", "isnt",
                       "arent", "cannot", "cant", "couldnt", "wouldnt", "hardly", "without"})
_SEPARATORS = re.compile(r"\s+[-\u2013\u2014]\s+|[\[\]]|:\s|\?\s*|\.\s+|\.(?=[A-Z])")


@dataclass(frozen=True)
class ColumnMatch:
    column: str  # the column's key in the sheet
    field: str  # respondent_id, wave, role, an item id or a free-text question id
    kind: str  # identifier | item | free_text
    matched_on: str  # what matched: "wording", "statement wording", "alias", "item id", "mapping file", ...
    score: float  # 1.0 for an exact match, the fuzzy ratio otherwise


@dataclass
class FileMapping:
    """How one sheet's columns map onto the instrument, and what was left out and why."""

    label: str  # "export.csv", or "book.xlsx [Sheet]"
    layout: str
    source: str  # "drafted" (by the matcher) or "mapping file"
    matches: dict[str, ColumnMatch] = field(default_factory=dict)
    not_used: dict[str, str] = field(default_factory=dict)  # column -> metadata | unmatched | duplicate reason
    metadata: list[str] = field(default_factory=list)  # columns that are tool metadata
    duplicates: dict[str, str] = field(default_factory=dict)  # column -> field it repeats
    answers: dict[str, int | str | None] = field(default_factory=dict)  # raw answer -> code or status (explicit)
    numbers_are_codes: bool = False
    respondent_scope: str = "project"  # "project" (ids pair across files and waves), "file", or "row"
    constants: dict[str, str] = field(default_factory=dict)  # wave/role given for the whole file by the mapping
    problems: list[tuple[str | None, str]] = field(default_factory=list)  # (column, what is wrong) in the mapping

    def field_of(self, column: str) -> str | None:
        match = self.matches.get(column)
        return match.field if match else None

    @property
    def fields(self) -> dict[str, str]:
        return {column: match.field for column, match in self.matches.items()}

    def items(self, instrument: Instrument) -> list[str]:
        ids = set(instrument.item_ids)
        return [m.field for m in self.matches.values() if m.field in ids]


def instrument_fields(instrument: Instrument) -> dict[str, str]:
    """field -> kind (identifier, item, free_text)."""
    return {**{f: "identifier" for f in IDENTIFIERS}, **{i.id: "item" for i in instrument.items},
            **{q.id: "free_text" for q in instrument.free_text}}


def normalise(text: str | None) -> str:
    """Lower case, curly quotes and HTML tags gone, punctuation as spaces: 'Don’t <b>know</b>!' -> 'dont know'."""
    text = re.sub(r"<[^>]*>", " ", str(text or ""))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").replace("_", " ").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class _Target:
    field: str
    kind: str
    text: str  # normalised
    fuzzy: bool  # a full wording, which may match fuzzily
    what: str


def _targets(instrument: Instrument) -> list[_Target]:
    targets = [_Target(f, "identifier", normalise(h), False, "identifier heading")
               for f, headings in instrument.identifier_headings.items() for h in headings]
    for kind, questions in (("item", instrument.items), ("free_text", instrument.free_text)):
        for q in questions:
            targets.append(_Target(q.id, kind, normalise(q.wording), True, "wording"))
            targets.append(_Target(q.id, kind, normalise(q.id), False, "item id"))
            targets += [_Target(q.id, kind, normalise(alias), False, "alias") for alias in q.aliases]
    return targets


def _candidates(column: Column) -> list[tuple[str, str]]:
    """(normalised text, where it came from) to compare with the instrument, statement first."""
    found: list[tuple[str, str]] = []
    asked = "heading" if column.question == column.key else "question"
    sources = [(column.statement, "statement"), (column.question, asked), (column.text, "heading")]
    for text, where in sources:
        if not text:
            continue
        for part in [text, *_SEPARATORS.split(text)]:
            for variant in (part, strip_question_code(part)):
                key = normalise(variant)
                if key and not _is_code(key) and (key, where) not in found:
                    found.append((key, where))
    return found


def _is_code(key: str) -> bool:
    return bool(re.fullmatch(r"(q(uestion)?\s*)?\d+[a-z]?(\s\d+)*|qid\s?\d+(\s\d+)*", key))


def match_column(column: Column, targets: list[_Target]) -> ColumnMatch | None:
    """The best instrument field for one column, or None."""
    best: ColumnMatch | None = None
    identifier_texts = {normalise(v) for t in (column.key, column.tag, column.question) if t
                        for v in (t, strip_question_code(t))}
    for target in targets:
        if target.kind == "identifier":
            if target.text in identifier_texts and not column.statement:
                return ColumnMatch(column.key, target.field, target.kind, target.what, 1.0)
            continue
        for text, where in _candidates(column):
            score = 1.0 if text == target.text else _fuzzy(text, target) if target.fuzzy else 0.0
            if score >= THRESHOLD and (best is None or score > best.score):
                how = target.what if where == "heading" or target.what != "wording" else f"{where} wording"
                if score < 1.0:
                    how += f" (fuzzy {score:.2f})"
                best = ColumnMatch(column.key, target.field, target.kind, how, round(score, 3))
    return best


def _fuzzy(text: str, target: _Target) -> float:
    words = text.split()
    if len(words) < 3 or NEGATIONS.intersection(words) != NEGATIONS.intersection(target.text.split()):
        return 0.0
    return SequenceMatcher(None, text, target.text, autojunk=False).ratio()


def draft_file_mapping(sheet: RawSheet, instrument: Instrument) -> FileMapping:
    """Match every column of a sheet on its wording; the tool's response id stands in for a missing respondent id."""
    mapping = FileMapping(sheet.label, sheet.layout, "drafted")
    targets = _targets(instrument)
    found = []
    for key in sheet.frame.columns:
        column = sheet.column(key)
        if column.metadata or key == sheet.response_id:
            if key != sheet.response_id:
                mapping.metadata.append(key)
                mapping.not_used[key] = f"metadata ({column.metadata}), not used"
            continue
        match = match_column(column, targets)
        if match is None:
            if key.strip() or sheet.frame[key].notna().any():
                mapping.not_used[key] = "matches no field of the instrument"
            continue
        found.append(match)
    for match in sorted(found, key=lambda m: -m.score):  # the best match of a field wins, the others repeat it
        _claim(mapping, match)
    _use_response_id(mapping, sheet)
    mapping.not_used = {k: mapping.not_used[k] for k in sheet.frame.columns if k in mapping.not_used}
    mapping.matches = {k: mapping.matches[k] for k in sheet.frame.columns if k in mapping.matches}
    return mapping


def _claim(mapping: FileMapping, match: ColumnMatch) -> None:
    taken = next((c for c, m in mapping.matches.items() if m.field == match.field), None)
    if taken is None:
        mapping.matches[match.column] = match
    else:
        mapping.duplicates[match.column] = match.field
        mapping.not_used[match.column] = f"repeats {match.field}, already read from column '{taken}'"


def _use_response_id(mapping: FileMapping, sheet: RawSheet) -> None:
    if "respondent_id" in mapping.fields.values():
        return
    if sheet.response_id:
        mapping.matches[sheet.response_id] = ColumnMatch(sheet.response_id, "respondent_id", "identifier",
                                                         "the tool's response id", 1.0)
        mapping.respondent_scope = "file"
    elif _tool_without_ids(sheet):
        mapping.respondent_scope = "row"


def _tool_without_ids(sheet: RawSheet) -> bool:
    """A survey tool's export with no id column (Google Forms): each row is one response. A plain table or an SPSS
    file without an id is the evaluator's own, whose rows are set aside for want of one instead."""
    return sheet.layout not in ("plain", "SPSS .sav")


def apply_mapping_file(sheet: RawSheet, entry: dict | None, instrument: Instrument) -> FileMapping:
    """The mapping a site's mapping file gives for one sheet: only what it lists is read."""
    mapping = FileMapping(sheet.label, sheet.layout, "mapping file")
    kinds = instrument_fields(instrument)
    if entry is None:
        mapping.problems.append((None, "the file is not in surveys/mapping.yaml: none of its columns were read "
                                       "(draft its entry with `evaluation map-survey`)"))
        entry = {}
    columns = entry.get("columns") or {}
    for column, given in columns.items():
        target = given.get("field") if isinstance(given, dict) else given
        column = str(column)
        if target in (None, "", "not used", "not_used"):
            continue
        if column not in sheet.frame.columns:
            mapping.problems.append((column, "surveys/mapping.yaml names this column, which is not in the export"))
            continue
        if str(target) not in kinds:
            mapping.problems.append((column, f"surveys/mapping.yaml maps this column to '{target}', which is not "
                                             "a field of the instrument"))
            continue
        _claim(mapping, ColumnMatch(column, str(target), kinds[str(target)], "mapping file", 1.0))
    for key in sheet.frame.columns:
        if key in mapping.matches or key in mapping.not_used:
            continue
        column = sheet.column(key)
        if column.metadata:
            mapping.metadata.append(key)
            mapping.not_used[key] = f"metadata ({column.metadata}), not used"
        elif key.strip() or sheet.frame[key].notna().any():
            mapping.not_used[key] = "not in surveys/mapping.yaml"
    mapping.answers = {str(raw): _answer_value(value) for raw, value in (entry.get("answers") or {}).items()}
    mapping.numbers_are_codes = bool(entry.get("numbers_are_codes", False))
    mapping.constants = {f: str(entry[f]) for f in ("wave", "role")
                         if entry.get(f) and f not in mapping.fields.values()}
    scope = entry.get("respondent_ids")
    if scope in ("project", "file", "row"):
        mapping.respondent_scope = scope
    elif "respondent_id" not in mapping.fields.values() and _tool_without_ids(sheet):
        mapping.respondent_scope = "row"
    mapping.matches = {k: mapping.matches[k] for k in sheet.frame.columns if k in mapping.matches}
    return mapping


def _answer_value(value) -> int | str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    return str(value).strip() or None
