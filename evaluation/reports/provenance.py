"""What a reader needs to trace a report back to what made it: the raw data's hash, the codebook, the instrument,
the code version and when it ran."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def provenance(raw_dir: Path, codebook_label: str, instrument_label: str, project_root: Path
               ) -> tuple[tuple[str, str], ...]:
    """(label, value) rows for the end of every report."""
    return (("Data (SHA-256 of data/raw, first 16 hex digits)", data_hash(raw_dir)),
            ("Codebook", codebook_label),
            ("Survey instrument", instrument_label),
            ("Code version", code_version(project_root)),
            ("Run at (UTC)", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")))


def data_hash(raw_dir: Path) -> str:
    """SHA-256 over every raw file's path and bytes, in path order: the same data gives the same hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(raw_dir).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(raw_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def code_version(project_root: Path) -> str:
    """The package version, and the git commit when the project is a git checkout."""
    try:
        package = version("coproduction-evaluation")
    except PackageNotFoundError:
        package = "unknown"
    try:
        commit = subprocess.run(["git", "-C", str(project_root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{package} (commit {commit})" if commit else package
