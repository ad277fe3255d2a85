"""A learned model on disk: a gzip-compressed pickle with its format, version and scikit-learn version checked on
reading. Load only model files you made or trust: it is a pickle."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import warnings
from pathlib import Path

import sklearn
from sklearn.exceptions import InconsistentVersionWarning


class ModelFileError(ValueError):
    """The file is not a model this version can read; the message says what to do."""


class ModelVersionWarning(UserWarning):
    """The model was trained with another scikit-learn version; its predictions may differ slightly."""


def write_model_file(path: Path | str, payload: dict) -> Path:
    """A gzip-compressed pickle with no timestamp in it, written atomically (temp file + rename)."""
    path = Path(path)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as packed:
        pickle.dump(payload, packed, protocol=5)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_model_file(path: Path | str, model_format: str, version: int) -> dict:
    """The payload of a model file, after checking its format and version (warning on another scikit-learn)."""
    path = Path(path)
    try:
        with gzip.open(path, "rb") as packed, warnings.catch_warnings():
            warnings.simplefilter("ignore", InconsistentVersionWarning)  # said once, below, in plain words
            payload = pickle.load(packed)
    except FileNotFoundError as error:
        raise ModelFileError(f"{path}: no such file") from error
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ModuleNotFoundError) as error:
        raise ModelFileError(f"{path}: not a model file ({error})") from error
    metadata = payload.get("metadata", {}) if isinstance(payload, dict) else {}
    if metadata.get("format") != model_format:
        raise ModelFileError(f"{path}: not a {model_format} model file")
    if metadata.get("format_version") != version:
        raise ModelFileError(f"{path}: model format version {metadata.get('format_version')}, but this version "
                             f"reads version {version}: train the model again")
    if metadata.get("scikit_learn") != sklearn.__version__:
        warnings.warn(f"{path.name} was trained with scikit-learn {metadata.get('scikit_learn')} and this is "
                      f"{sklearn.__version__}: predictions may differ slightly; train it again to be sure",
                      ModelVersionWarning, stacklevel=3)
    return payload
