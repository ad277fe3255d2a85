import pytest

from evaluation.survey.instrument import load_instrument


@pytest.fixture(scope="session")
def instrument():
    return load_instrument()


@pytest.fixture(scope="session")
def redactor():
    from evaluation.text.redact import Redactor

    return Redactor(places=["Marlbury"])
