"""The processed results, for analysts in notebooks and scripts: ``results = load_results()``.

Every table is read when first used and kept, so browsing is quick; each access hands back a shallow copy, so
adding a column in a notebook never changes what the next cell reads::

    from evaluation.results import load_results
    results = load_results()                 # finds the project (see `find_project_root`)
    results.framework_matrix                 # site × theme, with quotes
    results.survey.tables["survey_change"]   # baseline → follow-up per site
    results.segments_with_codes()            # coded interview sentences with their text, role and theme name

These are the analysts' exact tables: nothing is rounded or suppressed, and the quotes are only redacted. Nothing
read here may be published as it is; what commissioners receive has been through disclosure control
(`evaluation.publish`) and is under ``reports/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from evaluation.coding.codebook import Codebook, load_codebook
from evaluation.coding.framework import attribution
from evaluation.layout import ProjectLayout
from evaluation.survey.analysis import SurveyAnalysis
from evaluation.survey.instrument import Instrument, load_instrument

ROOT_VARIABLE = "EVALUATION_PROJECT_ROOT"
_HOW_TO_FIX = ("Run `make run` in the project folder first, or say where the project is: "
               f"load_results(root=...) or ${ROOT_VARIABLE}.")


def _processed(folder: Path) -> Path:
    return ProjectLayout(folder).processed


class ResultsNotFoundError(FileNotFoundError):
    """No processed results where they were looked for; the message says where that was."""


def find_project_root(root: Path | str | None = None, start: Path | str | None = None) -> Path:
    """The project folder holding processed data: `root` if given, else $EVALUATION_PROJECT_ROOT, else the
    first of `start` (default: the current directory) and the folders above it that has one, so a notebook
    opened from ``notebooks/`` finds its project."""
    given = root if root is not None else os.environ.get(ROOT_VARIABLE) or None
    if given is not None:
        folder = Path(given).expanduser().resolve()
        if not _processed(folder).is_dir():
            source = "root" if root is not None else f"${ROOT_VARIABLE}"
            raise ResultsNotFoundError(f"no {_processed(folder).relative_to(folder)} in {folder} (from {source}). "
                                       f"{_HOW_TO_FIX}")
        return folder
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _processed(folder).is_dir():
            return folder
    raise ResultsNotFoundError(f"no {_processed(here).relative_to(here)} in {here} or any folder above it. "
                               f"{_HOW_TO_FIX}")


def load_results(root: Path | str | None = None, codebook: Path | str | None = None,
                 instrument: Path | str | None = None) -> Results:
    """The processed results of the project at `root` (found as `find_project_root` says when None).

    `codebook` and `instrument` are the YAML files the pipeline ran with; by default $EVALUATION_CODEBOOK (as the
    pipeline reads it) or the packaged codebook, and the packaged instrument.
    """
    return Results(find_project_root(root), codebook or os.environ.get("EVALUATION_CODEBOOK") or None, instrument)


def _table(name: str, where: str):
    return property(lambda self: self.table(name), doc=f"The {name} table of every site ({where}).")


class Results:
    """The project's processed tables as attributes (see the module docstring); `table(name)` reads any other."""

    survey_responses = _table("survey_responses", "one row per respondent × wave × item")
    survey_comments = _table("survey_comments", "free-text answers, redacted")
    interview_turns = _table("interview_turns", "one row per speaker turn, redacted")
    interview_segments = _table("interview_segments", "one row per sentence, with sentiment")
    coded_segments = _table("coded_segments", "one row per interview sentence × theme coded")
    coded_comments = _table("coded_comments", "one row per survey comment × theme coded")
    quarantine = _table("quarantine", "what could not be used and why")
    sites = _table("sites", "the site registry")
    framework_matrix = _table("framework_matrix", "site × theme: counts, % of interviews, comments, quotes")
    theme_cooccurrence = _table("theme_cooccurrence", "pairs of themes coded together; site_id 'all' is pooled")
    coding_agreement = _table("coding_agreement", "coder vs returned human review; empty when none came back")

    def __init__(self, root: Path, codebook_path: Path | str | None = None,
                 instrument_path: Path | str | None = None):
        self.root = Path(root)
        self.layout = ProjectLayout(self.root)
        self.processed_dir = self.layout.processed
        self._codebook_path, self._instrument_path = codebook_path, instrument_path
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Results({str(self.root)!r})"

    def table(self, name: str) -> pd.DataFrame:
        """A processed table by name: a per-site table (every site's rows) or a cross-site one."""
        if name not in self._cache:
            if self.layout.has_site_tables(name):
                self._cache[name] = self.layout.read_site_tables(name)
            elif self.layout.has_table(name):
                self._cache[name] = self.layout.read_table(name)
            else:
                raise ResultsNotFoundError(f"no table '{name}' in {self.processed_dir}. {_HOW_TO_FIX}")
        return self._cache[name].copy(deep=False)

    @property
    def survey(self) -> SurveyAnalysis:
        """The survey analysis: `.tables` (item_descriptives, dimension_descriptives, scale_reliability,
        survey_change, site_differences, site_standing, ordinal_models, survey_notes, funnel/<measure>, ...),
        `.funnels` (measure id -> FunnelResult, for `evaluation.survey.funnel.funnel_plot`) and `.measures`."""
        if "survey" not in self._cache:
            self._cache["survey"] = SurveyAnalysis.from_tables(self.layout.read_analysis())
        return self._cache["survey"]

    @property
    def codebook(self) -> Codebook:
        if "codebook" not in self._cache:
            self._cache["codebook"] = load_codebook(self._codebook_path)
        return self._cache["codebook"]

    @property
    def instrument(self) -> Instrument:
        if "instrument" not in self._cache:
            self._cache["instrument"] = load_instrument(self._instrument_path)
        return self._cache["instrument"]

    def segments_with_codes(self) -> pd.DataFrame:
        """One row per coded interview sentence × theme, with what it says and who said it: site_id,
        interview_id, segment_id, participant_role, by (the role as a quote is attributed), category, theme_id,
        theme_name, score, sentiment, text and evidence. Sorted by site, theme and score (clearest first)."""
        segments = self.interview_segments[["site_id", "segment_id", "interview_id", "participant_role", "text",
                                            "sentiment"]]
        joined = self.coded_segments.merge(segments, on=["site_id", "segment_id"], how="left")
        names = {theme.id: theme.name for theme in self.codebook.themes}
        joined["theme_name"] = joined["theme_id"].map(names).astype("string")
        joined["by"] = joined["participant_role"].map(attribution).astype("string")
        columns = ["site_id", "interview_id", "segment_id", "participant_role", "by", "category", "theme_id",
                   "theme_name", "score", "sentiment", "text", "evidence"]
        return (joined[columns].sort_values(["site_id", "theme_id", "score"], ascending=[True, True, False],
                                            kind="stable").reset_index(drop=True))
