"""Respondent ids replaced on ingestion by a keyed hash, so no table holds the id a site sent.

Sites send respondent ids that are e-mail addresses, NHS numbers or staff numbers as often as neutral codes. The
pipeline keeps only `r-` + the first 12 hex digits of HMAC-SHA256(key, id): the same id gives the same pseudonym in
every run and every wave (so a respondent's baseline and follow-up still pair), while nobody without the key can
recover the id or test a guess. The key is a per-project secret kept in data/private/respondent_key (0600), created on
first use; losing it only means later runs can no longer pair with earlier ones.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

KEY_FILE = "respondent_key"
PREFIX = "r-"
HEX_DIGITS = 12  # 48 bits: no collision expected below ~10 million respondents in one project


@dataclass(frozen=True)
class Pseudonymiser:
    key: bytes = field(repr=False)

    @classmethod
    def for_project(cls, private_dir: Path) -> "Pseudonymiser":
        """The project's pseudonymiser, creating data/private/respondent_key (0600) the first time."""
        return cls(project_key(private_dir))

    @classmethod
    def ephemeral(cls) -> "Pseudonymiser":
        """A one-off random key: safe, but its pseudonyms match no other run (for library calls without a project)."""
        return cls(secrets.token_bytes(32))

    def pseudonym(self, raw_id: str, scope: str = "") -> str:
        """`r-` + 12 hex digits for a respondent id; ids differing only in case or surrounding spaces are the same
        respondent. `scope` keeps ids that are only unique within one export (a tool's response number) apart."""
        text = f"{scope}\x1f{str(raw_id).strip().casefold()}"
        return PREFIX + hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:HEX_DIGITS]


def project_key(private_dir: Path) -> bytes:
    """Read the project's key, or create it readable by its owner only."""
    path = Path(private_dir) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker process created it first: read theirs
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    key = path.read_text(encoding="ascii").strip()
    for _ in range(100):  # a key another process has just created may not be written yet
        if key:
            break
        time.sleep(0.01)
        key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ValueError(f"{path} does not hold a key (delete it to create a new one; earlier pseudonyms will not "
                         "pair with later ones)")
    return bytes.fromhex(key)
