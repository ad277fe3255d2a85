"""Opening what sites send without trusting it: paths confined to the site's folder, size, package and time limits.

Office files (.xlsx, .docx) are ZIP packages of XML. A hostile one can claim a small size and expand to gigabytes (a
zip bomb), hold thousands of parts, or declare XML entities that expand exponentially ("billion laughs"). Word and
Excel never write a DOCTYPE into a package part, so any part declaring one is refused before a parser sees it.
Limits are stated here, in `FileLimits`, and can be changed per project (README: "Limits on what a site sends").
"""

from __future__ import annotations

import os
import signal
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    max_file_mb: float = 200  # any one file a site sends
    max_package_parts: int = 5000  # members of an .xlsx/.docx package
    max_unpacked_mb: float = 500  # the package's parts, decompressed, added up
    max_compression_ratio: float = 250  # decompressed / compressed size of the package (Office files reach ~10-30)
    max_seconds: float = 120  # reading one file

    @classmethod
    def from_env(cls) -> "FileLimits":
        """Limits from EVALUATION_MAX_FILE_MB, EVALUATION_MAX_PACKAGE_PARTS, ... where set, else the defaults."""
        values = {}
        for name, default in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"EVALUATION_{name.upper()}")
            if raw is not None:
                values[name] = type(default.default)(float(raw)) if default.default is not None else raw
        return cls(**values)


class UnsafeFileError(ValueError):
    """A file was refused before it was parsed; `category` says why in one word (see quarantine.CATEGORIES)."""

    def __init__(self, message: str, category: str = "unsafe_file") -> None:
        super().__init__(message)
        self.category = category


def confined_path(folder: Path, name: str) -> Path:
    """`folder/name`, refusing a name that is absolute, climbs out with '..', or is a link leading outside `folder`.

    The name comes from data (a manifest's file column), so it is never trusted: what it points to must stay inside
    the folder after every link is followed. Raises UnsafeFileError (category outside_folder).
    """
    text = str(name).strip()
    pure = PurePath(text.replace("\\", "/"))
    if not text or pure.is_absolute() or text.startswith(("/", "\\", "~")) or (len(text) > 1 and text[1] == ":"):
        raise UnsafeFileError("the path is absolute; only a file name inside the site's folder is accepted",
                              "outside_folder")
    if ".." in pure.parts:
        raise UnsafeFileError("the path climbs out of the folder with '..'; only a file name inside the site's "
                              "folder is accepted", "outside_folder")
    base = Path(folder).resolve()
    target = (base / pure).resolve()
    if target != base and base not in target.parents:
        raise UnsafeFileError("the path leads outside the site's folder (a link?); it was not opened",
                              "outside_folder")
    return base / pure


def files_inside(folder: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """The files with these suffixes directly in `folder` (sorted, hidden and Office lock files left out), and the
    names of those refused because they are links leading outside it."""
    folder = Path(folder)
    if not folder.is_dir():
        return [], []
    kept, refused = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in suffixes or path.name.startswith((".", "~$")) or not path.is_file():
            continue
        try:
            kept.append(confined_path(folder, path.name))
        except UnsafeFileError:
            refused.append(path.name)
    return kept, refused


def check_size(path: Path, limits: FileLimits) -> None:
    size = Path(path).stat().st_size
    if size > limits.max_file_mb * MB:
        raise UnsafeFileError(f"the file is {size / MB:,.0f} MB, over the {limits.max_file_mb:,.0f} MB limit "
                              "(EVALUATION_MAX_FILE_MB)", "oversized_file")


PACKAGE_SUFFIXES = (".xlsx", ".docx", ".qdpx")  # ZIP packages of XML


def check_file(path: Path, limits: FileLimits) -> None:
    """What every file a site or a reviewer sends goes through before it is parsed: a ZIP package's checks for
    .xlsx, .docx and .qdpx, the size limit for any other file."""
    if Path(path).suffix.lower() in PACKAGE_SUFFIXES:
        check_office_package(path, limits)
    else:
        check_size(path, limits)


def check_office_package(path: Path, limits: FileLimits) -> None:
    """Refuse an .xlsx/.docx whose ZIP package is too big unpacked, has too many parts, or declares XML entities."""
    check_size(path, limits)
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > limits.max_package_parts:
                raise UnsafeFileError(f"the package has {len(parts):,} parts, over the limit of "
                                      f"{limits.max_package_parts:,} (EVALUATION_MAX_PACKAGE_PARTS)")
            unpacked = sum(part.file_size for part in parts)
            packed = max(1, sum(part.compress_size for part in parts))
            if unpacked > limits.max_unpacked_mb * MB or unpacked / packed > limits.max_compression_ratio:
                raise UnsafeFileError(f"the package would unpack to {unpacked / MB:,.0f} MB from {packed / MB:,.1f} MB "
                                      "(a zip bomb?); limits: EVALUATION_MAX_UNPACKED_MB, "
                                      "EVALUATION_MAX_COMPRESSION_RATIO")
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels", ".qde")) and _declares_doctype(package, part):
                    raise UnsafeFileError(f"part {part.filename} declares a DOCTYPE or entities, which Office never "
                                          "writes (an entity-expansion attack?)")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UnsafeFileError(f"not a readable Office package ({error})", "unreadable_file") from error


def _declares_doctype(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether the part holds <!DOCTYPE or <!ENTITY anywhere (text content would be escaped as &lt;), or is not in
    UTF-8/ASCII (where a byte search could miss them: Office writes its XML in UTF-8)."""
    tail = b""
    with package.open(part) as stream:
        first = True
        while chunk := stream.read(1024 * 1024):
            if first and chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
                return True
            first = False
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = chunk[-16:]
    return False


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise UnsafeFileError (oversized_file) when the block runs longer than `seconds`.

    Uses a timer signal, so it only applies in a process's main thread (where Dagster's in-process runs and the
    pipeline's worker processes read files); elsewhere the block runs without a limit.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise UnsafeFileError(f"reading {what} took longer than {seconds:g} s (EVALUATION_MAX_SECONDS)",
                              "oversized_file")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
