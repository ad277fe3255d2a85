"""Writing processed tables: atomic, deterministic Parquet."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write `frame` to `path` atomically (temp file in the same folder, then rename).

    The index is not stored and no timestamps are written, so the same frame gives byte-identical files.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_private_parquet(frame: pd.DataFrame, path: Path, private_root: Path) -> Path:
    """Write a private table (readable by its owner only), every folder from `private_root` down made 0700."""
    path, private_root = Path(path), Path(private_root)
    inside = path.parent.relative_to(private_root)
    for folder in dict.fromkeys([*(private_root / p for p in reversed(inside.parents)), path.parent]):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    return write_parquet(frame, path)  # mkstemp makes the file 0600


def site_table_path(folder: Path, table: str, site_id: str) -> Path:
    """Where one site's part of a table lives: <folder>/<table>/<site_id>.parquet."""
    return Path(folder) / table / f"{site_id}.parquet"


def read_table(folder: Path) -> pd.DataFrame:
    """Read every site's Parquet file of one processed table (empty frame when nothing was written yet)."""
    files = sorted(Path(folder).glob("*.parquet"))
    if not files:
        return pd.DataFrame()
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
