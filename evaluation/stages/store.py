"""How each asset's value is kept in the project's layout and read back: Dagster's IO manager and the plain-Python
run both call `save` and `load`, so a value travels between stages the same way whoever runs them.

    per-site tables     <table>/<site_id>.parquet: loaded for one site, or for every site asked and written
    cross-site tables   <table>.parquet
    survey_statistics   survey/<table>.parquet and funnel/<measure>.parquet (a SurveyAnalysis)
    returned_reviews    returned_reviews/{files,reviewed,codes,notes}.parquet (ReturnedReviews: each review's codes
                        and the segments it went through, without the text, and the notes on files refused)
    learned_coder       the model file and its agreement table (a LearnedModel: no model file when none was learned)
    commissioner_tables reports/tables/<name>.csv (+ README.md) for readers; published/<name>.parquet with the
                        disclosed values for the stages after it (never parsed back from the CSV text)
    commissioner_figures reports/figures/figures.csv: what was drawn (the PNGs are drawn by the stage)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from evaluation.coding.coders.learned import LearnedCoder
from evaluation.coding.codings import coding_frame
from evaluation.coding.review.round_trip import ReturnedReview, ReturnedReviews
from evaluation.layout import ProjectLayout
from evaluation.publish import PublishedTable, write_published
from evaluation.safe_cells import read_csv_text
from evaluation.stages.review import LearnedModel
from evaluation.survey.analysis import SurveyAnalysis

SITE_TABLES = ("survey_responses", "survey_comments", "interview_turns", "quarantine", "interview_segments",
               "coded_segments", "coded_comments")
CROSS_SITE_TABLES = {"site_registry": "sites", "framework_matrix": "framework_matrix",
                     "theme_cooccurrence": "theme_cooccurrence", "coding_agreement": "coding_agreement"}
LEARNED_AGREEMENT = "learned_coder_agreement"
RETURNED = "returned_reviews"
PUBLISHED = "published"
FIGURE_LISTING = "figures.csv"


class NotStoredError(LookupError):
    """An asset whose value the layout does not keep (it writes files of its own, such as the reports)."""


def save(layout: ProjectLayout, asset: str, value, site_id: str | None = None) -> list[Path]:
    """Keep `value`, the output of `asset` (for `site_id` when the asset is per site); the files written."""
    if asset in SITE_TABLES:
        return [layout.write_site_table(asset, _site(asset, site_id), value)]
    if asset in CROSS_SITE_TABLES:
        return [layout.write_table(CROSS_SITE_TABLES[asset], value)]
    if asset == "survey_statistics":
        return layout.write_analysis(value.tables)
    if asset == RETURNED:
        return _save_returned(layout, value)
    if asset == "learned_coder":
        return _save_learned(layout, value)
    if asset == "commissioner_tables":
        return _save_published(layout, value)
    if asset == "commissioner_figures":
        return [layout.figures / FIGURE_LISTING]  # drawn and listed by the stage itself, beside the PNGs
    raise NotStoredError(f"{asset} is not kept by the project layout")


def load(layout: ProjectLayout, asset: str, site_ids: Iterable[str] | None = None):
    """What `save` kept for `asset`: for a per-site table, one site's rows when `site_ids` names one site to a
    per-site stage, else every named (or every written) site's rows together."""
    if asset in SITE_TABLES:
        return layout.read_site_tables(asset, site_ids)
    if asset in CROSS_SITE_TABLES:
        return layout.read_table(CROSS_SITE_TABLES[asset])
    if asset == "survey_statistics":
        return SurveyAnalysis.from_tables(layout.read_analysis())
    if asset == RETURNED:
        return _load_returned(layout)
    if asset == "learned_coder":
        coder = LearnedCoder.load(layout.learned_coder) if layout.learned_coder.is_file() else None
        agreement = layout.read_table(LEARNED_AGREEMENT) if layout.has_table(LEARNED_AGREEMENT) else pd.DataFrame()
        return LearnedModel(coder, agreement)
    if asset == "commissioner_tables":
        return _load_published(layout)
    if asset == "commissioner_figures":
        return read_csv_text(layout.figures / FIGURE_LISTING)
    raise NotStoredError(f"{asset} is not kept by the project layout")


def _site(asset: str, site_id: str | None) -> str:
    if site_id is None:
        raise ValueError(f"{asset} is kept per site: say which site")
    return site_id


def _save_learned(layout: ProjectLayout, model: LearnedModel) -> list[Path]:
    if model.coder is None:
        layout.learned_coder.unlink(missing_ok=True)  # a model from reviews since withdrawn must not go on coding
        return [layout.write_table(LEARNED_AGREEMENT, pd.DataFrame())]
    return [model.coder.save(layout.learned_coder), layout.write_table(LEARNED_AGREEMENT, model.agreement)]


def _save_returned(layout: ProjectLayout, returned: ReturnedReviews) -> list[Path]:
    files = [r.file for r in returned.reviews]
    reviewed = pd.DataFrame([(r.file, s) for r in returned.reviews for s in r.reviewed], columns=["file", "segment_id"])
    codes = pd.concat([coding_frame().assign(file=""), *(r.coding.assign(file=r.file) for r in returned.reviews)],
                      ignore_index=True)
    return [layout.write_table(f"{RETURNED}/files", pd.DataFrame({"file": files}, dtype="string")),
            layout.write_table(f"{RETURNED}/reviewed", reviewed.astype("string")),
            layout.write_table(f"{RETURNED}/codes", codes.astype({"file": "string"})),
            layout.write_table(f"{RETURNED}/notes", pd.DataFrame({"note": returned.notes}, dtype="string"))]


def _load_returned(layout: ProjectLayout) -> ReturnedReviews:
    reviewed, codes = layout.read_table(f"{RETURNED}/reviewed"), layout.read_table(f"{RETURNED}/codes")
    reviews = [ReturnedReview(file, coding_frame(codes[codes["file"] == file].drop(columns="file").to_dict("records")),
                              reviewed.loc[reviewed["file"] == file, "segment_id"].tolist())
               for file in layout.read_table(f"{RETURNED}/files")["file"]]
    return ReturnedReviews(reviews, layout.read_table(f"{RETURNED}/notes")["note"].tolist())


# A PublishedTable's frames are kept as Parquet, its other fields (title, count columns, footnote) in an index.
FRAME_FIELDS = tuple(f.name for f in dataclasses.fields(PublishedTable) if f.type in ("pd.DataFrame", pd.DataFrame))


def _save_published(layout: ProjectLayout, tables: Sequence[PublishedTable]) -> list[Path]:
    """The CSV text readers get, and beside the processed data every field of each table, for the next stages."""
    paths = write_published(tables, layout.published_tables)
    index = []
    for order, table in enumerate(tables):
        for field in FRAME_FIELDS:
            paths.append(layout.write_table(f"{PUBLISHED}/{table.name}.{field}", getattr(table, field)))
        plain = {f.name: getattr(table, f.name) for f in dataclasses.fields(table) if f.name not in FRAME_FIELDS}
        index.append({"order": order, "name": table.name, "fields": json.dumps(plain, sort_keys=True)})
    paths.append(layout.write_table(f"{PUBLISHED}/index", pd.DataFrame(index)))
    return paths


def _load_published(layout: ProjectLayout) -> list[PublishedTable]:
    tables = []
    for row in layout.read_table(f"{PUBLISHED}/index").sort_values("order").itertuples(index=False):
        plain = json.loads(row.fields)
        plain |= {name: layout.read_table(f"{PUBLISHED}/{row.name}.{name}") for name in FRAME_FIELDS}
        tables.append(PublishedTable(**{k: tuple(v) if isinstance(v, list) else v for k, v in plain.items()}))
    return tables
