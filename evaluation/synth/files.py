"""Deterministic file writing for the sample-data generators.

Every file the generators write must be byte-identical across re-runs, so that the shipped sample in `data/raw/` only
changes when the generator does. Text files are written with "\\n" line endings and no BOM; Office files (.docx,
.xlsx) are zip archives whose entries carry timestamps and whose `docProps/core.xml` carries save times, so both are
pinned to `FIXED_TIMESTAMP` after saving.

    write_text(path, text)            text file, UTF-8 unless told otherwise
    write_csv(path, header, rows)     CSV through the csv module, "\\n" line endings
    save_docx(document, path)         python-docx Document, core properties pinned, zip normalised
    normalise_zip(path)               any docx/xlsx already on disk (e.g. saved by openpyxl)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

FIXED_TIMESTAMP = dt.datetime(2023, 7, 1, 0, 0, 0)
FIXED_AUTHOR = "Evaluation Team"

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16  # regular file, rw-r--r--
_CORE_PROPERTIES = "docProps/core.xml"
# Save-time stamps that Office writers (python-docx, openpyxl) put into docProps/core.xml.
_CORE_DATE_ELEMENTS = re.compile(
    r"(<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*>)[^<]*(</\2>)"
)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` with "\\n" line endings and no byte-order mark, creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as handle:
        handle.write(text)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8") -> None:
    """Write a CSV file with a header row, minimal quoting and "\\n" line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text(path, buffer.getvalue(), encoding=encoding)


def save_docx(document, path: Path) -> None:
    """Save a python-docx `Document` so that the same content always gives the same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    properties = document.core_properties
    properties.author = FIXED_AUTHOR
    properties.last_modified_by = FIXED_AUTHOR
    properties.created = FIXED_TIMESTAMP
    properties.modified = FIXED_TIMESTAMP
    properties.last_printed = FIXED_TIMESTAMP
    properties.revision = 1
    document.save(str(path))
    normalise_zip(path)


def normalise_zip(path: Path) -> None:
    """Rewrite a zip archive (docx, xlsx) in place with fixed entry metadata and pinned core-property dates.

    Entries keep their original order (Office readers expect `[Content_Types].xml` first); each gets the zip epoch as
    its time, regular-file permissions and DEFLATE compression.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            if name == _CORE_PROPERTIES:
                data = _pin_core_dates(data)
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = _FILE_MODE
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def _pin_core_dates(xml: bytes) -> bytes:
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = xml.decode("utf-8")
    text = _CORE_DATE_ELEMENTS.sub(lambda match: f"{match.group(1)}{stamp}{match.group(3)}", text)
    return text.encode("utf-8")
