"""`evaluation code`: code any CSV of free text, streaming, so a file of millions of rows fits in memory.

Every input column is read as text and written back unchanged, in the same order and row count, followed by
facilitator, value and challenge (0/1), themes (';'-separated theme ids) and evidence ('theme: words | ...').
Batches are coded on worker processes while the main process reads and writes, in order.

The coder is the rule coder, or with a model file the learned coder (evaluation.coding.learned), or both combined
(evaluation.coding.combined). A learned coder trained without a codebook has no categories: its output has themes and
evidence only. One trained with context columns reads them from the CSV's columns of the same names.
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
from evaluation.coding.rules import RuleCoder, evidence

if TYPE_CHECKING:
    from evaluation.coding.combined import CombinedCoder
    from evaluation.coding.learned import LearnedCoder

OUTPUT_COLUMNS = (*CATEGORIES, "themes", "evidence")
BLOCK_BYTES = 8 << 20  # ~30,000 rows of 250 characters per batch
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: keeps the cores busy without holding the file in memory

_coder: RuleCoder | LearnedCoder | CombinedCoder | None = None


class CodeInputError(ValueError):
    """The input CSV cannot be coded as asked; the message names the file (and row, where known)."""


def code_csv(input_path: Path, text_column: str, output_path: Path, codebook_path: str | None = None,
             workers: int | None = None, model_path: str | None = None, combine: bool = False) -> int:
    """Code `text_column` of `input_path` into `output_path`; return the number of rows written.

    With `model_path` the learned coder codes; with `combine` too, the rule and learned coders together."""
    input_path, output_path = Path(input_path), Path(output_path)
    header = _header(input_path)
    if text_column not in header:
        raise CodeInputError(f"{input_path}: no column '{text_column}' (columns: {', '.join(header)})")
    coder = make_coder(codebook_path, model_path, combine)  # fail early, in the main process, on a bad codebook
    flag_columns = list(coder.categories([]))
    learned = coder.learned if combine else coder if model_path else None
    context_columns = list(learned.metadata["context_columns"]) if learned else []
    clashes = [c for c in (*flag_columns, "themes", "evidence") if c in header]
    if clashes:
        raise CodeInputError(f"{input_path}: already has column(s) {', '.join(clashes)}, which the coding adds; "
                             "rename them first")
    absent = [c for c in context_columns if c not in header]
    if absent:
        raise CodeInputError(f"{input_path}: the model was trained with context column(s) {', '.join(absent)}, "
                             "which this file lacks; add them, or train a model without context")
    workers = workers or min(2, os.cpu_count() or 1)
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
    coder_spec = (codebook_path, model_path, combine)
    tmp = output_path.with_name(f".{output_path.name}.tmp")
    try:
        with pacsv.CSVWriter(tmp, schema, write_options=pacsv.WriteOptions(quoting_style="needed")) as writer:
            for batch, coded in _coded_batches(reader, text_column, context_columns, coder_spec, workers, input_path):
                writer.write_batch(pa.RecordBatch.from_arrays([*batch.columns, *coded], schema=schema))
                rows += batch.num_rows
        os.replace(tmp, output_path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


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


def make_coder(codebook_path: str | None = None, model_path: str | None = None, combine: bool = False):
    """The rule coder; with a model file the learned coder; with `combine` too, both as one."""
    if model_path is None:
        if combine:
            raise CodeInputError("combining coders needs a learned coder's model file too")
        return RuleCoder(load_codebook(codebook_path))
    from evaluation.coding.learned import LearnedCoder

    learned = LearnedCoder.load(model_path)
    if not combine:
        return learned
    from evaluation.coding.combined import CombinedCoder

    codebook = load_codebook(codebook_path) if codebook_path or not learned.codebook.categories else learned.codebook
    return CombinedCoder(RuleCoder(codebook), learned)


def _start_worker(codebook_path: str | None, model_path: str | None = None, combine: bool = False) -> None:
    global _coder
    _coder = make_coder(codebook_path, model_path, combine)


def _code_batch(texts: list[str], context: dict[str, list] | None = None) -> list[pa.Array]:
    """The output columns for one batch of texts: a 0/1 column per category, themes and evidence."""
    coder = _coder
    texts = [text or "" for text in texts]
    flag_columns = list(coder.categories([]))
    flags = {category: [] for category in flag_columns}
    themes, evidences = [], []
    coded = coder.code_texts(texts, pd.DataFrame(context)) if context else coder.code_texts(texts)
    for text, codes in zip(texts, coded):
        for category, flag in coder.categories(codes).items():
            flags[category].append(flag)
        themes.append(";".join(sorted(c.theme_id for c in codes)))
        evidences.append(" | ".join(f"{c.theme_id}: {evidence(text, c.start, c.end) if c.end > c.start else ''}"
                                    for c in codes))
    return [*(pa.array(flags[c], pa.int8()) for c in flag_columns), pa.array(themes, pa.string()),
            pa.array(evidences, pa.string())]
