"""What a transcript reader gives back: the turns as spoken, with the speaker label as the file wrote it."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field


class TranscriptError(ValueError):
    """A transcript cannot be read into turns. The message says where (line, paragraph or cue) but never names the
    file or quotes its text: the quarantine adds the file, and a file's text can hold a name. `category` is the
    quarantine category: unreadable_file (damaged, not the format) or no_speech (read, but no speaker found)."""

    def __init__(self, message: str, category: str = "unreadable_file") -> None:
        super().__init__(message)
        self.category = category


@dataclass(frozen=True)
class SpokenTurn:
    speaker: str  # the label as written: "Interviewer", "I", "P1", "Speaker 2", or a display name "Priya Shah"
    text: str  # what was said, with timestamps, annotations and tool boilerplate removed
    location: int  # line (.txt), paragraph (.docx) or cue (.vtt) where the turn starts, 1-based


@dataclass(frozen=True)
class Transcript:
    turns: list[SpokenTurn]
    layout: str  # which tool's layout was recognised, e.g. "teams_docx", "zoom_vtt", "labelled_text"
    # "Interviewer: Sarah Jones" / "Participant: P3" lines of the front matter, as (key, value); not turns
    header: tuple[tuple[str, str], ...] = field(default=())

    @property
    def speakers(self) -> list[str]:
        """Speaker labels in the order they first speak."""
        return list(dict.fromkeys(turn.speaker for turn in self.turns))

    def header_value(self, key: str) -> str | None:
        return next((value for k, value in self.header if k == key), None)


def decode_text(raw: bytes) -> str:
    """Text of a .txt/.vtt/.csv file: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when every
    other byte is NUL, as in English text), else Windows-1252 (Notepad's "ANSI")."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TranscriptError("unreadable encoding (a UTF-16 mark, but not UTF-16 text)") from error
    if b"\x00" in raw:
        odd_nuls, even_nuls = raw[1::2].count(0), raw[0::2].count(0)
        if len(raw) % 2 == 0 and max(odd_nuls, even_nuls) >= 0.4 * len(raw) // 2:  # UTF-16 saved without a BOM
            try:
                return raw.decode("utf-16-le" if odd_nuls > even_nuls else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise TranscriptError("unreadable encoding: the file holds NUL bytes (not text)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
