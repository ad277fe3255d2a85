import pytest

from evaluation.survey.instrument import load_instrument


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
