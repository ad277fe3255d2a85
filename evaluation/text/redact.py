"""Redact personal data from free text (interview turns, survey comments) before it is coded or stored.

Each identifier is replaced by a bracketed label, as the UK Data Service advises for qualitative data
("[name]", "[place]", "[NHS number]" ...), and every replacement is returned so the caller can keep an
anonymisation log apart from the outputs.

What is found, and where:

- ``[email]``, ``[NHS number]`` (10 digits passing the modulus-11 check), ``[phone number]`` (UK landlines and
  mobiles, national or +44), ``[postcode]`` and ``[date of birth]`` (a date after "born", "DOB", "date of birth"):
  ``redact_identifiers``.
- ``[place]``: the site registry's place names, passed by the caller.
- ``[name]``: names passed by the caller (each capitalised part too), and names no list holds, from titles,
  introductions, relations and roles, and capitalised words English seldom uses: ``names``.
- ``[condition]``: a health condition only when it is tied to a person ("my COPD", "diagnosed with breast
  cancer"); "cancer services" or "the diabetes pathway" are about services and stay: ``redact_conditions``.

When matches overlap they merge into one span, labelled by the longest match (ties go to the kind listed
first in ``PRIORITY``), so no fragment of an identifier is left behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from evaluation.text.names import NameFinder, name_parts
from evaluation.text.redact_conditions import ConditionFinder
from evaluation.text.redact_identifiers import identifier_spans, nhs_number_is_valid
from evaluation.text.redact_lists import alternation, shipped_first_names

__all__ = ["LABELS", "LOG_COLUMNS", "PRIORITY", "Redaction", "Redactor", "nhs_number_is_valid", "redact_column",
           "shipped_first_names"]

LABELS = {
    "email": "[email]",
    "nhs_number": "[NHS number]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "date_of_birth": "[date of birth]",
    "place": "[place]",
    "name": "[name]",
    "condition": "[condition]",
}
PRIORITY = tuple(LABELS)
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}

LOG_COLUMNS = ["row", "column", "kind", "label", "original", "start", "end"]


@dataclass(frozen=True)
class Redaction:
    """One replaced span; ``start`` and ``end`` index the original text."""

    start: int
    end: int
    original: str
    label: str
    kind: str


_Span = tuple[int, int, str]


class Redactor:
    """Find and replace personal data in free text; build once per run, reuse for every text.

    ``places`` are the site registry's place names (matched case-sensitively, whole words); ``names`` are
    people to redact in every text; ``first_names`` replaces the shipped first-name list.

    >>> redactor = Redactor(places=["Port Elvery"])
    >>> redactor.redact("Dr Okafor in Port Elvery rang 07700 900123.")[0]
    '[name] in [place] rang [phone number].'
    >>> redactor.redact("I'm Thaddeus Quillfeather; my midwife Shola and I spoke to Oyelaran.")[0]
    "I'm [name]; my midwife [name] and I spoke to [name]."
    """

    def __init__(
        self,
        places: Iterable[str] = (),
        names: Iterable[str] = (),
        first_names: Iterable[str] | None = None,
    ) -> None:
        places = [place for place in places if place and place.strip()]
        self._places = re.compile(rf"(?<!\w)(?:{alternation(places)})(?!\w)") if places else None
        self._names = name_parts(names)
        self._conditions = ConditionFinder()
        self._name_finder = NameFinder(shipped_first_names() if first_names is None else first_names,
                                       self._conditions)

    def redact(self, text: str, names: Iterable[str] = ()) -> tuple[str, list[Redaction]]:
        """Return ``text`` with personal data replaced, and what was replaced (positions in ``text``).

        ``names`` adds people for this text only, such as an interview's speakers ("Priya Shah" redacts the
        full name, and "Priya" or "Shah" wherever they appear capitalised).
        """
        extra_names = name_parts(names)
        known_names = self._names | extra_names if extra_names else self._names
        spans = self._find_spans(text, known_names)
        redactions = [
            Redaction(start, end, text[start:end], LABELS[kind], kind) for start, end, kind in _merge_overlaps(spans)
        ]
        return _replace(text, redactions), redactions

    def _find_spans(self, text: str, known_names: frozenset[str]) -> list[_Span]:
        spans = identifier_spans(text)
        places = [(m.start(), m.end(), "place") for m in self._places.finditer(text)] if self._places else []
        spans += places
        names = self._name_finder.find(text, known_names, {start for start, _, _ in places})
        spans += [(start, end, "name") for start, end in names]
        spans += self._conditions.spans(text, name_ends=[end for _, end in names])
        return spans


def _merge_overlaps(spans: list[_Span]) -> list[_Span]:
    """Overlapping spans become one span covering all of them, labelled by the longest (then by PRIORITY)."""
    merged: list[_Span] = []
    cluster: list[_Span] = []
    cluster_end = -1
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if cluster and span[0] < cluster_end:
            cluster.append(span)
            cluster_end = max(cluster_end, span[1])
            continue
        if cluster:
            merged.append(_label_cluster(cluster))
        cluster, cluster_end = [span], span[1]
    if cluster:
        merged.append(_label_cluster(cluster))
    return merged


def _label_cluster(cluster: list[_Span]) -> _Span:
    _, _, kind = min(cluster, key=lambda s: (s[0] - s[1], _RANK[s[2]]))
    return cluster[0][0], max(end for _, end, _ in cluster), kind


def _replace(text: str, redactions: list[Redaction]) -> str:
    pieces = []
    position = 0
    for redaction in redactions:
        pieces += [text[position : redaction.start], redaction.label]
        position = redaction.end
    pieces.append(text[position:])
    return "".join(pieces)


# --- DataFrames -----------------------------------------------------------------------------------------------


def redact_column(
    frame: pd.DataFrame, column: str, redactor: Redactor, names_column: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (frame with ``column`` redacted, anonymisation log with one row per replacement).

    ``names_column`` holds each row's extra names (a name, names separated by ";", or a list), such as the
    speaker of an interview turn. The log's ``row`` is the frame's index label; keep the log apart from the
    outputs, since ``original`` is the personal data itself. Missing texts stay missing.
    """
    for needed in (column, names_column):
        if needed is not None and needed not in frame.columns:
            raise KeyError(f"redact_column: no column {needed!r}; the frame has {list(frame.columns)}")
    texts = frame[column]
    row_names = frame[names_column] if names_column is not None else [()] * len(frame)
    redacted, log_rows = [], []
    for row, text, names in zip(frame.index, texts, row_names):
        if not isinstance(text, str):
            redacted.append(text)
            continue
        new_text, redactions = redactor.redact(text, _as_names(names))
        redacted.append(new_text)
        log_rows += [(row, column, r.kind, r.label, r.original, r.start, r.end) for r in redactions]
    result = frame.copy()
    result[column] = pd.Series(redacted, index=frame.index, dtype=texts.dtype)
    return result, pd.DataFrame(log_rows, columns=LOG_COLUMNS)


def _as_names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(";") if name.strip())
    if isinstance(value, Iterable):
        return tuple(name for name in value if isinstance(name, str))
    return ()
