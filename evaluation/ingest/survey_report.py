"""What each survey export gave: its layout, how its columns were mapped, and how much of the instrument it covers.

The reports feed the run line, the asset metadata and the blocking `covers_instrument` check: an export that maps
fewer than half of the instrument's items is far more likely to be a mapping failure than a short survey.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from evaluation.ingest.survey_files import RawSheet
from evaluation.ingest.survey_mapping import FileMapping
from evaluation.survey.instrument import Instrument

COVERAGE_NEEDED = 0.5
LIKERT_SHARE = 0.6  # an unmatched column whose answers mostly fall on the scale is probably an item


@dataclass(frozen=True)
class ExportReport:
    label: str  # "export.csv" or "book.xlsx [Sheet]"
    layout: str
    mapping: str  # "drafted" or "mapping file"
    rows: int
    items_total: int
    items_mapped: tuple[str, ...]
    items_missing: tuple[str, ...]
    free_text_mapped: tuple[str, ...]
    columns: tuple[tuple[str, str, str, float], ...]  # (column, field, matched on, score)
    metadata_columns: tuple[str, ...]
    unmatched_columns: tuple[str, ...]
    likert_like_unmatched: tuple[str, ...]
    respondent_ids: str  # "project", "file" (the tool's response id) or "row" (no id in the export)
    answers_on_scale: int = 0

    @property
    def coverage(self) -> float:
        return len(self.items_mapped) / self.items_total if self.items_total else 0.0

    @property
    def coverage_problem(self) -> str | None:
        if self.coverage >= COVERAGE_NEEDED:
            return None
        unmatched = ", ".join(f"'{_short(c)}'" for c in self.unmatched_columns[:12]) or "none"
        more = f" and {len(self.unmatched_columns) - 12} more" if len(self.unmatched_columns) > 12 else ""
        return (f"{self.label} ({self.layout}) maps {len(self.items_mapped)} of {self.items_total} items of the "
                f"instrument, fewer than half; columns not matched: {unmatched}{more}. Map them in the site's "
                "surveys/mapping.yaml (draft it with `evaluation map-survey`)")

    def with_answers(self, responses: pd.DataFrame) -> "ExportReport":
        mine = responses[(responses["source_file"] == self.label) & (responses["answer_status"] == "answered")]
        return replace(self, answers_on_scale=len(mine))

    def describe(self) -> str:
        return (f"{self.label}: {self.layout}, {len(self.items_mapped)}/{self.items_total} items "
                f"({self.mapping}), {self.answers_on_scale} answers on the scale")


def export_report(sheet: RawSheet, mapping: FileMapping, instrument: Instrument) -> ExportReport:
    mapped = mapping.items(instrument)
    free_text = {q.id for q in instrument.free_text}
    unmatched = tuple(c for c in mapping.not_used if c not in mapping.metadata and c not in mapping.duplicates)
    return ExportReport(
        label=sheet.label, layout=sheet.layout, mapping=mapping.source, rows=len(sheet.frame),
        items_total=len(instrument.items), items_mapped=tuple(mapped),
        items_missing=tuple(i for i in instrument.item_ids if i not in mapped),
        free_text_mapped=tuple(m.field for m in mapping.matches.values() if m.field in free_text),
        columns=tuple((c, m.field, m.matched_on, m.score) for c, m in mapping.matches.items()),
        metadata_columns=tuple(mapping.metadata), unmatched_columns=unmatched,
        likert_like_unmatched=tuple(c for c in unmatched if looks_like_agreement(sheet.frame[c], instrument)),
        respondent_ids=mapping.respondent_scope,
    )


def looks_like_agreement(values: pd.Series, instrument: Instrument) -> bool:
    """Whether most answers in a column are scale labels or numbers on the scale."""
    present = values.dropna()
    if present.empty:
        return False
    mapped = instrument.map_answers(present.drop_duplicates(), numbers_are_codes=True)
    return bool((mapped["answer_status"] != "unmapped").mean() >= LIKERT_SHARE)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
