"""The survey instrument: items, wording, scale, the dimensions items measure (with their names), reverse-coded items.

The instrument is a versioned YAML file (`instruments/coproduction-survey-v1.yaml`); this module loads it, checks it,
and answers the two questions ingestion asks: which instrument field does a column heading stand for, and which
code does an answer label mean. A heading matches by wording, item id or alias, never by a question code alone:
survey tools number questions their own way (a tool's `Q6` is whatever the sixth question of that survey was).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from evaluation.text.keys import clean_key, clean_keys, clean_values

DEFAULT_INSTRUMENT = "coproduction-survey-v1.yaml"
IDENTIFIERS = ("respondent_id", "wave", "role")
NON_SUBSTANTIVE = ("prefer_not_to_say", "dont_know", "not_applicable")

_CODE_THEN_LABEL = re.compile(r"^(\d+)_([a-z_]+)$")  # "5_strongly_agree"
_LABEL_THEN_CODE = re.compile(r"^([a-z_]+)_(\d+)$")  # "agree_4"
_CODE_ONLY = re.compile(r"^(\d+)(?:_0+)?$")  # "5", and "5.0" from numeric exports
# A question code before the wording: "Q3. ", "q3_", "Q03 -", "3) ", "Q5_1"; what remains is matched on its words.
QUESTION_CODE = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?(?:[._]\d+)*(?:[\s.):_\-\u2013\u2014]+|$)",
                           re.IGNORECASE)


class InstrumentError(ValueError):
    """The instrument YAML is malformed; the message says what to fix."""


@dataclass(frozen=True)
class Item:
    id: str
    code: str
    dimension: str
    wording: str
    reverse: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str  # as readers see it: "Being listened to"
    description: str  # one line in plain words


@dataclass(frozen=True)
class FreeTextQuestion:
    id: str
    code: str
    wording: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    name: str
    version: str
    scale: dict[int, str]  # code -> canonical label
    items: tuple[Item, ...]
    dimensions: dict[str, Dimension]  # id -> name and description, in the YAML's order
    free_text: tuple[FreeTextQuestion, ...]
    identifier_headings: dict[str, tuple[str, ...]]  # respondent_id / wave / role -> headings that stand for it
    _labels: dict[str, int]  # cleaned label or synonym -> code
    _non_substantive: dict[str, str]  # cleaned spelling -> status
    _headings: dict[str, str]  # cleaned heading -> field ("respondent_id", "item:<id>", "free_text:<id>")
    _waves: dict[str, str]
    _roles: dict[str, str]

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def midpoint(self) -> float:
        """The middle of the scale (3 on 1–5): above it agrees, below it disagrees, whatever the scale's length."""
        return (min(self.scale) + max(self.scale)) / 2

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    def dimension_name(self, dimension_id: str) -> str:
        """The dimension's display name ("Being listened to")."""
        return self.dimensions[dimension_id].name

    def item_wording(self, item_id: str) -> str:
        """The item's wording as respondents read it."""
        return next(item.wording for item in self.items if item.id == item_id)

    def field_for_heading(self, heading: str) -> str | None:
        """The instrument field a column heading stands for exactly (wording, id or alias, after any leading
        question code), or None. A bare code such as `Q6` matches nothing."""
        key = clean_key(heading)
        if key in self._headings:
            return self._headings[key]
        rest = strip_question_code(heading)
        return self._headings.get(clean_key(rest)) if rest and rest != heading.strip() else None

    def map_wave(self, values: pd.Series) -> pd.Series:
        """Canonical wave (baseline | follow_up) per value; null where the label is not a known wave."""
        return clean_values(values).map(self._waves).astype("string")

    def map_role(self, values: pd.Series) -> pd.Series:
        """Canonical role per value; null where it is not a known role (blank answers map to not_stated)."""
        cleaned = clean_values(values)
        return cleaned.map(self._roles).astype("string").mask(cleaned.isna(), "not_stated")

    def map_answers(self, values: pd.Series, answers: dict[str, int | str | None] | None = None,
                    numbers_are_codes: bool = False) -> pd.DataFrame:
        """Map raw answers to the scale: columns code (Int8), label, answer_status.

        answer_status is answered, missing (blank), prefer_not_to_say, dont_know, not_applicable, or unmapped
        (a label no spelling in the instrument matches; `reason` says why). `answers` (cleaned spelling -> code,
        status or None) is an explicit mapping that comes first, e.g. a site's mapping file. A bare number is a
        code only when `numbers_are_codes` (the file itself, or the evaluator, says what the numbers mean): a tool
        can number its options 0-4 or 1-7 or in reverse. Mapping is done once per distinct spelling.
        """
        cleaned = clean_values(values)
        distinct = cleaned.dropna().unique()
        lookup = {value: self._map_one(value, answers or {}, numbers_are_codes) for value in distinct}
        mapped = pd.DataFrame(
            [lookup[v] if not pd.isna(v) else (pd.NA, "missing", None) for v in cleaned],
            columns=["code", "answer_status", "reason"], index=values.index,
        )
        mapped["code"] = mapped["code"].astype("Int8")
        mapped["label"] = mapped["code"].map(self.scale).astype("string")
        return mapped[["code", "label", "answer_status", "reason"]]

    def _map_one(self, cleaned: str, answers: dict, numbers_are_codes: bool) -> tuple[object, str, str | None]:
        if answers.get(cleaned) is not None:  # null in a mapping file: not stated, the rules below apply
            given = answers[cleaned]
            return (int(given), "answered", None) if isinstance(given, int) else (pd.NA, str(given), None)
        if cleaned in self._labels:
            return self._labels[cleaned], "answered", None
        if cleaned in self._non_substantive:
            return pd.NA, self._non_substantive[cleaned], None
        if match := _CODE_ONLY.match(cleaned):
            code = int(match.group(1))
            if not numbers_are_codes:
                return pd.NA, "unmapped", ("a bare number, and the file does not say which scale point it is (say so "
                                           "under answers in the site's surveys/mapping.yaml)")
            if code in self.scale:
                return code, "answered", None
            return pd.NA, "unmapped", f"a number outside the {min(self.scale)}-{max(self.scale)} scale"
        for pattern, code_group, label_group in ((_CODE_THEN_LABEL, 1, 2), (_LABEL_THEN_CODE, 2, 1)):
            if match := pattern.match(cleaned):
                code, label = int(match.group(code_group)), match.group(label_group)
                if self._labels.get(label) == code:
                    return code, "answered", None
                if label in self._labels:
                    return pd.NA, "unmapped", "the number and the label given with it disagree"
        return pd.NA, "unmapped", "no scale label or synonym in the instrument matches it"


def load_instrument(path: Path | str | None = None) -> Instrument:
    """Load and check an instrument YAML (the packaged one when `path` is None)."""
    return _build(read_instrument_spec(path), str(path or DEFAULT_INSTRUMENT))


def read_instrument_spec(path: Path | str | None = None) -> dict:
    """The instrument YAML as plain data (the packaged one when `path` is None), unchecked."""
    if path is None:
        text = resources.files("evaluation.survey").joinpath("instruments", DEFAULT_INSTRUMENT).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InstrumentError(f"{path or DEFAULT_INSTRUMENT}: not valid YAML: {error}") from error


def _build(spec: dict, source: str) -> Instrument:
    for key in ("instrument", "version", "scale", "identifiers", "waves", "roles", "items"):
        if not isinstance(spec, dict) or key not in spec:
            raise InstrumentError(f"{source}: missing top-level key '{key}'")
    scale_spec = spec["scale"]["codes"]
    scale = {int(code): entry["label"] for code, entry in scale_spec.items()}
    if sorted(scale) != list(range(min(scale), max(scale) + 1)):
        raise InstrumentError(f"{source}: scale codes must be consecutive integers, got {sorted(scale)}")
    # A bare number is not a label: whether "4" means Agree depends on how the tool numbered its options.
    labels = _vocabulary(source, "scale", {code: [e["label"], *e.get("synonyms", [])]
                                           for code, e in scale_spec.items()}, int, with_canonical=False)
    non_substantive = _vocabulary(source, "non_substantive", spec["scale"].get("non_substantive", {}), str)
    items = tuple(_item(source, i, entry) for i, entry in enumerate(spec["items"], start=1))
    dimensions = _dimensions(source, spec.get("dimensions"), items)
    free_text = tuple(FreeTextQuestion(e["id"], e["code"], e["wording"], tuple(e.get("aliases", [])))
                      for e in spec.get("free_text", []))
    headings = _heading_index(source, spec["identifiers"], items, free_text)
    return Instrument(
        name=spec["instrument"], version=str(spec["version"]), scale=scale, items=items, dimensions=dimensions,
        free_text=free_text,
        identifier_headings={f: (f, *spec["identifiers"][f]) for f in IDENTIFIERS},
        _labels=labels, _non_substantive=non_substantive, _headings=headings,
        _waves=_vocabulary(source, "waves", spec["waves"], str),
        _roles=_vocabulary(source, "roles", spec["roles"], str),
    )


def _item(source: str, position: int, entry: dict) -> Item:
    missing = [k for k in ("id", "code", "dimension", "wording") if not entry.get(k)]
    if missing:
        raise InstrumentError(f"{source}: item {position} is missing {', '.join(missing)}")
    return Item(entry["id"], entry["code"], entry["dimension"], entry["wording"], bool(entry.get("reverse", False)),
                tuple(entry.get("aliases", [])))


def _dimensions(source: str, spec: object, items: tuple[Item, ...]) -> dict[str, Dimension]:
    """Every dimension an item measures, with its name and description; none without an item."""
    if not isinstance(spec, dict):
        raise InstrumentError(f"{source}: missing top-level key 'dimensions' (id: {{name, description}} for each "
                              "dimension the items measure)")
    measured = dict.fromkeys(item.dimension for item in items)
    if unnamed := [d for d in measured if d not in spec]:
        raise InstrumentError(f"{source}: dimensions has no entry for {', '.join(unnamed)}")
    if unused := [d for d in spec if d not in measured]:
        raise InstrumentError(f"{source}: dimensions lists {', '.join(unused)}, which no item measures")
    dimensions = {}
    for dimension_id, entry in spec.items():
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("description"):
            raise InstrumentError(f"{source}: dimension {dimension_id} needs a name and a description")
        dimensions[dimension_id] = Dimension(dimension_id, str(entry["name"]), str(entry["description"]))
    return dimensions


def _vocabulary(source: str, section: str, groups: dict, cast, with_canonical: bool = True) -> dict:
    """cleaned spelling -> canonical value, refusing a spelling claimed by two values."""
    index: dict = {}
    for canonical, spellings in groups.items():
        for key in clean_keys([*([str(canonical)] if with_canonical else []), *spellings]):
            if key in index and index[key] != cast(canonical):
                raise InstrumentError(f"{source}: '{key}' in {section} means both {index[key]} and {canonical}")
            index[key] = cast(canonical)
    return index


def _heading_index(source: str, identifiers: dict, items, free_text) -> dict[str, str]:
    index: dict[str, str] = {}

    def claim(field: str, texts: list[str]) -> None:
        for key in clean_keys(texts):
            if key in index and index[key] != field:
                raise InstrumentError(f"{source}: heading '{key}' would match both {index[key]} and {field}")
            index[key] = field

    for field in IDENTIFIERS:
        if field not in identifiers:
            raise InstrumentError(f"{source}: identifiers must list headings for '{field}'")
        claim(field, [field, *identifiers[field]])
    for kind, questions in (("item", items), ("free_text", free_text)):
        for q in questions:
            claim(f"{kind}:{q.id}", [q.id, q.wording, *q.aliases])
    return index


def strip_question_code(heading: str) -> str:
    """The heading without a leading question code: 'Q3. My views' -> 'My views', 'q3_listened_to' ->
    'listened_to', 'Q5_1' -> ''."""
    return QUESTION_CODE.sub("", str(heading), count=1).strip()
