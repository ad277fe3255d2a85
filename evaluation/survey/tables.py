"""Input checks shared by the survey statistics."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def numeric_values(table: pd.DataFrame, value: str, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of `table` with `value` as floats, after checking that `value` and every one of `columns` exist."""
    missing = [c for c in dict.fromkeys([value, *columns]) if c not in table.columns]
    if missing:
        raise ValueError(f"the table has no column {', '.join(map(repr, missing))}; it has {list(table.columns)}")
    data = table.copy()
    try:
        data[value] = pd.to_numeric(data[value]).astype(float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"column {value!r} must hold numbers (codes 1–5 or scale scores): {error}") from None
    return data
