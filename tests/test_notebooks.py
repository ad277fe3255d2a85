"""The analysts' notebooks run top to bottom on the session's end-to-end project, and `evaluation.results` finds and reads it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evaluation.results import ROOT_VARIABLE, ResultsNotFoundError, find_project_root, load_results
from tests.pipeline_project import ADDED_SITES

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def project(pipeline_project) -> Path:
    """The session's end-to-end project (read only)."""
    return pipeline_project.root


@pytest.mark.parametrize("name", ["explore_themes_and_quotes", "survey_and_site_comparison"])
def test_notebook_runs_top_to_bottom_and_draws(project, name, monkeypatch):
    nbformat, nbclient = pytest.importorskip("nbformat"), pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv(ROOT_VARIABLE, str(project))  # the kernel inherits this environment
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120,
                                     resources={"metadata": {"path": str(project / "notebooks")}})
    client.execute()  # raises CellExecutionError naming the cell when one fails
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{name} drew no figure"


def test_committed_notebooks_carry_no_outputs():
    nbformat = pytest.importorskip("nbformat")
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert notebook.metadata.kernelspec.name == "python3", path.name
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


def test_the_project_is_found_from_a_folder_inside_it(project, monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    inside = project / "notebooks" / "drafts"
    inside.mkdir(exist_ok=True)
    monkeypatch.chdir(inside)
    assert find_project_root() == project.resolve()
    assert load_results().root == project.resolve()


def test_the_environment_variable_comes_before_the_working_directory(project, tmp_path, monkeypatch):
    monkeypatch.setenv(ROOT_VARIABLE, str(project))
    monkeypatch.chdir(tmp_path)
    assert find_project_root() == project.resolve()


def test_no_processed_data_says_where_it_looked_and_what_to_run(tmp_path, monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ResultsNotFoundError, match=r"(?s)no data/processed in .* or any folder above it.*make run"):
        load_results()
    with pytest.raises(ResultsNotFoundError, match=r"from root"):
        load_results(root=tmp_path)
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path))
    with pytest.raises(ResultsNotFoundError, match=rf"from \${ROOT_VARIABLE}"):
        load_results()


def test_every_table_of_every_site_is_read(project):
    results = load_results(project)
    sites = set(results.sites["site_id"])
    assert len(sites) == 4 + len(ADDED_SITES)  # four generated, three hostile, four small
    generated = {s for s in sites if s not in ADDED_SITES}
    for table in ("survey_responses", "survey_comments", "interview_turns", "interview_segments", "coded_segments",
                  "coded_comments"):
        assert generated <= set(getattr(results, table)["site_id"]) <= sites, table
    assert set(results.framework_matrix["theme_id"]) == set(results.codebook.theme_ids)
    assert "all" in set(results.theme_cooccurrence["site_id"])
    assert isinstance(results.coding_agreement, pd.DataFrame)  # empty: no review came back
    assert {"survey_change", "site_differences", "survey_notes"} <= set(results.survey.tables)
    assert results.survey.funnels and results.instrument.item_ids


def test_a_missing_table_is_named_in_the_error(project):
    with pytest.raises(ResultsNotFoundError, match="no table 'not_a_table'.*make run"):
        load_results(project).table("not_a_table")


def test_changing_a_table_in_a_notebook_does_not_change_the_next_read(project):
    results = load_results(project)
    matrix = results.framework_matrix
    matrix["pct_interviews"] = -1.0
    assert (results.framework_matrix["pct_interviews"] >= 0).all()


def test_coded_segments_come_with_their_words_role_and_theme_name(project):
    results = load_results(project)
    quotes = results.segments_with_codes()
    assert len(quotes) == len(results.coded_segments)
    assert quotes[["text", "theme_name", "by"]].notna().all().all()
    assert quotes["by"].str.endswith(", interview").all()
    one = quotes.iloc[0]
    segment = results.interview_segments.set_index(["site_id", "segment_id"]).loc[(one.site_id, one.segment_id)]
    assert one.text == segment["text"] and one.participant_role == segment["participant_role"]
