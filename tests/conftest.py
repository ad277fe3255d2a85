import os

import pytest
from filelock import FileLock

from evaluation.survey.instrument import load_instrument


def pytest_collection_modifyitems(items):
    """A test that needs the end-to-end project is a `pipeline` test, kept on one xdist worker (the project is built
    once per session); every other test is a `unit` test: `pytest -m unit` runs the fast ones alone."""
    for item in items:
        if {"pipeline_project", "second_run"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pipeline)
            item.add_marker(pytest.mark.xdist_group("pipeline"))
        else:
            item.add_marker(pytest.mark.unit)


def _shared_folder(tmp_path_factory, name: str):
    """A folder of the test session that every xdist worker sees (the workers' own folders are inside it)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name


@pytest.fixture(scope="session")
def pipeline_project(tmp_path_factory):
    """The session's one end-to-end project (tests/pipeline_project.py): built by the first worker to ask, under a
    file lock, in the folder every xdist worker shares; read-only to the tests."""
    from tests.pipeline_project import SUMMARY, EndToEnd, build

    root = _shared_folder(tmp_path_factory, "pipeline-project")
    with FileLock(f"{root}.lock"):
        if not (root / SUMMARY).is_file():
            build(root)
    return EndToEnd.read(root)


@pytest.fixture(scope="session")
def second_run(pipeline_project, tmp_path_factory):
    """Two of the project's sites run again from scratch by `evaluation run` (the suite's second and last run of
    the pipeline): read-only too; a test that changes data or reviews copies it first."""
    from tests.pipeline_project import SECOND_RUN, SecondRun, build_second_run

    root = _shared_folder(tmp_path_factory, "second-run")
    with FileLock(f"{root}.lock"):
        if not (root / SECOND_RUN).is_file():
            build_second_run(pipeline_project, root)
    return SecondRun.read(root)


@pytest.fixture(scope="session")
def instrument():
    return load_instrument()


@pytest.fixture(scope="session")
def redactor():
    from evaluation.text.redact import Redactor

    return Redactor(places=["Marlbury"])


@pytest.fixture(scope="session")
def encoder():
    """The sentence encoder, loaded once for the whole test session (tests embed a handful of sentences)."""
    from evaluation.text.embed import SentenceEncoder

    return SentenceEncoder.load()
