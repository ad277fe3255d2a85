"""Putting things in a sentence, the same way in chart alt text, analysts' verdicts and the reports."""

from __future__ import annotations

from collections.abc import Sequence


def joined(names: Sequence[str]) -> str:
    """Names in a sentence: "a", "a and b", "a, b and c"."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def counted(k: int, noun: str) -> str:
    """'1 site', '3 sites'."""
    return f"{k} {noun}{'' if k == 1 else 's'}"
