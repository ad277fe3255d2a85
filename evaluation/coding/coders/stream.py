"""`evaluation code`: code any CSV of free text, streaming, so a file of millions of rows fits in memory.

Every input column is read as text and written back unchanged, in the same order and row count, followed by
facilitator, value and challenge (0/1), themes (';'-separated theme ids) and evidence ('theme: words | ...'; with the
default coder 'theme [rules+semantic]: words', naming the coders that found it).
Batches are coded on worker processes while the main process reads and writes, in order.

The coder (`coder`): "default", the rule and semantic coders together, with a model file the learned coder too
(evaluation.coding.coders.default); "rules", the rule coder alone (fastest); "semantic", the semantic coder alone;
"learned", the model file's learned coder alone. A learned coder trained without a codebook and not at category
level (e.g. on the FFT's own themes) has no categories: it codes alone, and its output has themes and evidence only.
One trained with context columns reads them from the CSV's columns of the same names. `cache_dir` keeps each text's
embedding, so coding the same texts again embeds nothing.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from evaluation.coding.codebook import CATEGORIES, load_codebook
from evaluation.coding.coders.rules import RuleCoder, evidence
from evaluation.safe_cells import safe_csv_text

if TYPE_CHECKING:
    from evaluation.coding.coders.default import DefaultCoder
    from evaluation.coding.coders.learned import LearnedCoder
    from evaluation.coding.coders.semantic import SemanticCoder

OUTPUT_COLUMNS = (*CATEGORIES, "themes", "evidence")
BLOCK_BYTES = 8 << 20  # ~30,000 rows of 250 characters per batch
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: keeps the cores busy without holding the file in memory

CODERS = ("default", "rules", "semantic", "learned")

_coder: RuleCoder | LearnedCoder | SemanticCoder | DefaultCoder | None = None


class CodeInputError(ValueError):
    """The input CSV cannot be coded as asked; the message names the file (and row, where known)."""


def code_csv(input_path: Path, text_column: str, output_path: Path, codebook_path: str | None = None,
             workers: int | None = None, model_path: str | None = None, coder: str = "default",
             cache_dir: str | None = None) -> int:
    """Code `text_column` of `input_path` into `output_path` with `coder` (see above); return the rows written."""
    input_path, output_path = Path(input_path), Path(output_path)
    header = _header(input_path)
    if text_column not in header:
        raise CodeInputError(f"{input_path}: no column '{text_column}' (columns: {', '.join(header)})")
    workers = workers or min(2, os.cpu_count() or 1)
    threads = max(1, (os.cpu_count() or 1) // workers)
    coder_spec = (codebook_path, model_path, coder, cache_dir, threads)
    made = make_coder(*coder_spec)  # fail early, in the main process, on a bad codebook or model
    flag_columns = list(made.categories([]))
    learned = getattr(made, "learned", made if model_path else None)
    context_columns = list(learned.metadata["context_columns"]) if learned else []
    clashes = [c for c in (*flag_columns, "themes", "evidence") if c in header]
    if clashes:
        raise CodeInputError(f"{input_path}: already has column(s) {', '.join(clashes)}, which the coding adds; "
                             "rename them first")
    absent = [c for c in context_columns if c not in header]
    if absent:
        raise CodeInputError(f"{input_path}: the model was trained with context column(s) {', '.join(absent)}, "
                             "which this file lacks; add them, or train a model without context")
    reader = pacsv.open_csv(
        input_path,
        read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES, encoding="utf8"),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    schema = pa.schema([*reader.schema, *(pa.field(c, pa.int8()) for c in flag_columns),
                        pa.field("themes", pa.string()), pa.field("evidence", pa.string())])
    rows = 0
    tmp = output_path.with_name(f".{output_path.name}.tmp")
    try:
        with pacsv.CSVWriter(tmp, schema, write_options=pacsv.WriteOptions(quoting_style="needed")) as writer:
            for batch, coded in _coded_batches(reader, text_column, context_columns, coder_spec, workers, input_path):
                columns = [_without_formulas(column) for column in (*batch.columns, *coded)]
                writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=schema))
                rows += batch.num_rows
        os.replace(tmp, output_path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def _without_formulas(column: pa.Array) -> pa.Array:
    """A text column with every formula-like cell neutralised (evaluation.safe_cells): the output opens in Excel."""
    if not pa.types.is_string(column.type):
        return column
    return pa.array([safe_csv_text(value) for value in column.to_pylist()], type=column.type)


def _header(path: Path) -> list[str]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except FileNotFoundError as error:
        raise CodeInputError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise CodeInputError(f"{path}: not UTF-8 text") from error
    if not header:
        raise CodeInputError(f"{path}: the file is empty (no header row)")
    return header


def _coded_batches(reader, text_column: str, context_columns: list[str], coder_spec: tuple, workers: int,
                   input_path: Path) -> Iterator[tuple[pa.RecordBatch, list[pa.Array]]]:
    batches = _batches(reader, input_path)

    def columns(batch):
        return batch.column(text_column).to_pylist(), {c: batch.column(c).to_pylist() for c in context_columns}

    if workers <= 1:
        _start_worker(*coder_spec)
        for batch in batches:
            yield batch, _code_batch(*columns(batch))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=coder_spec) as pool:
        pending = []
        for batch in batches:
            pending.append((batch, pool.submit(_code_batch, *columns(batch))))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                done, future = pending.pop(0)
                yield done, future.result()
        for done, future in pending:
            yield done, future.result()


def _batches(reader, input_path: Path) -> Iterator[pa.RecordBatch]:
    rows = 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as error:
            raise CodeInputError(f"{input_path}: after data row {rows}: {error}") from error
        rows += batch.num_rows
        yield batch


def make_coder(codebook_path: str | None = None, model_path: str | None = None, coder: str = "default",
               cache_dir: str | None = None, threads: int | None = None):
    """The coder named `coder` (see the module's docstring); `threads` for the sentence encoder."""
    if coder not in CODERS:
        raise CodeInputError(f"the coder is one of {', '.join(CODERS)}, not {coder!r}")
    if coder == "learned" and model_path is None:
        raise CodeInputError("the learned coder needs a model file (--model, from `evaluation train-coder`)")
    if model_path is not None and coder in ("rules", "semantic"):
        raise CodeInputError(f"a model file is used by the default or learned coder, not by {coder!r}")
    learned = None
    if model_path is not None:
        from evaluation.coding.coders.learned import LearnedCoder

        learned = LearnedCoder.load(model_path)
        learned.cache = _cache(cache_dir)
        on_its_own = not learned.codebook.categories and not any(c in learned.themes for c in CATEGORIES)
        if coder == "learned" or on_its_own:
            return learned
    if coder == "rules":
        return RuleCoder(load_codebook(codebook_path))
    from evaluation.coding.coders.semantic import SemanticCoder
    from evaluation.text.embed import SentenceEncoder

    if learned is not None and learned.codebook.categories and not codebook_path:
        codebook = learned.codebook
    else:
        codebook = load_codebook(codebook_path)
    encoder = SentenceEncoder.load(threads=threads) if threads else SentenceEncoder.load()
    semantic = SemanticCoder(codebook, encoder, cache=_cache(cache_dir))
    if coder == "semantic":
        return semantic
    from evaluation.coding.coders.default import DefaultCoder

    return DefaultCoder(RuleCoder(codebook), semantic, learned)


def _cache(cache_dir: str | None):
    if cache_dir is None:
        return None
    from evaluation.text.embed import EmbeddingCache

    return EmbeddingCache(cache_dir)


def _start_worker(codebook_path: str | None, model_path: str | None = None, coder: str = "default",
                  cache_dir: str | None = None, threads: int | None = None) -> None:
    global _coder
    _coder = make_coder(codebook_path, model_path, coder, cache_dir, threads)


def _code_batch(texts: list[str], context: dict[str, list] | None = None) -> list[pa.Array]:
    """The output columns for one batch of texts: a 0/1 column per category, themes and evidence."""
    coder = _coder
    texts = [text or "" for text in texts]
    flag_columns = list(coder.categories([]))
    flags = {category: [] for category in flag_columns}
    themes, evidences = [], []
    coded = coder.code_texts(texts, pd.DataFrame(context)) if context else coder.code_texts(texts)
    several = "+" in getattr(coder, "name", "")  # the default coder: say which of its coders found each code
    for text, codes in zip(texts, coded):
        for category, flag in coder.categories(codes).items():
            flags[category].append(flag)
        themes.append(";".join(sorted(c.theme_id for c in codes)))
        evidences.append(" | ".join(
            f"{c.theme_id}{' [' + '+'.join(c.coders) + ']' if several else ''}: "
            f"{evidence(text, c.start, c.end) if c.end > c.start else ''}" for c in codes))
    return [*(pa.array(flags[c], pa.int8()) for c in flag_columns), pa.array(themes, pa.string()),
            pa.array(evidences, pa.string())]
