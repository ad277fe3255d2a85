"""Disclosure control: the NHS small-number rule, applied to every table published to commissioners.

The rule (NHS Digital, now NHS England, small-number suppression as used for Hospital Episode Statistics and other
official NHS outputs: counts 1–7 suppressed, other counts rounded to the nearest 5):

* a count from 1 to 7 is shown as "*" (primary suppression); 0 is shown as 0;
* every other count is rounded to the nearest 5: 8 -> 10, 12 -> 10, 13 -> 15. Counts are whole numbers, so with base 5
  there is no half to break; with an even base a half rounds up (15 -> 20 at base 10);
* a statistic (percentage, mean, median, ...) is "*" when it is built on fewer than 8 respondents, on a count from 1
  to 7, on a count whose complement within the respondents is from 1 to 7 (7 of 8 agreeing gives away the one who
  did not), or on a count hidden by secondary suppression. Shown statistics are worked out from the unrounded
  counts (the footnote says so), as in NHS England's own publications;
* secondary suppression: while any hidden count could be worked out from the published cells and totals by adding and
  subtracting, the smallest non-zero count beside it is hidden too. "Worked out" is tested exactly (the cell is fixed
  by the totals' equations), which catches chains across rows and columns, not only a lone "*" in a row.

Totals are rounded from their own true value, like every other count, so each published figure is within half a
rounding base of the truth; a rounded total may differ from the sum of its rounded rows (the footnote says so).
Checked in the tests against an independent attacker: linear programming over the published cells and totals.

>>> import pandas as pd
>>> by_role = pd.DataFrame({"role": ["staff", "lived_experience", "carer", "All"], "n": [23, 12, 5, 40],
...                         "pct_agree": [69.6, 75.0, 60.0, 70.0]}).set_index("role")
>>> result = disclose(by_role, ["n"], {"pct_agree": "n"}, total_row="All")
>>> result.published  # doctest: +NORMALIZE_WHITESPACE
                   n pct_agree
role
staff             25      69.6
lived_experience   *         *
carer              *         *
All               40      70.0
>>> result.suppressed[["row", "column", "reason"]]
                row     column     reason
0  lived_experience          n  secondary
1  lived_experience  pct_agree  secondary
2             carer          n    primary
3             carer  pct_agree    primary
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaluation.vocabulary import ROUNDING_BASE, SMALL_NUMBER, SUPPRESSED, TOTAL

Cell = tuple[Hashable, str]  # (row label, column)


class DisclosureInputError(ValueError):
    """The table cannot be disclosed as given; the message names the column and row to fix."""


@dataclass(frozen=True)
class DisclosedTable:
    published: pd.DataFrame  # the table as it may be published: every cell a string
    record: pd.DataFrame  # row, column, reason (primary | secondary | rounded), note: what was done to each cell
    footnote: str

    @property
    def suppressed(self) -> pd.DataFrame:
        """The cells shown as "*", and why."""
        return self.record[self.record["reason"] != "rounded"].reset_index(drop=True)

    def to_markdown(self) -> str:
        return f"{self.published.to_markdown()}\n\n{self.footnote}\n"


@dataclass(frozen=True)
class _Line:
    """Cells that add up to a published total: the total minus the others gives any one of them."""

    members: tuple[Cell, ...]
    total: Cell

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.members, self.total)


def disclose(table: pd.DataFrame, count_columns: Sequence[str],
             statistic_columns: Mapping[str, str | Sequence[str]] | None = None, total_row: Hashable | None = None,
             total_column: str | None = None, threshold: int = SMALL_NUMBER, rounding_base: int = ROUNDING_BASE,
             decimals: int = 1) -> DisclosedTable:
    """Apply the NHS small-number rule to a wide table whose rows are labelled by its index.

    ``statistic_columns`` maps each statistic to the count column(s) it is built on, the number of respondents first
    (``{"pct_agree": ["n", "n_agree"]}``); a base count not listed in ``count_columns`` is used but not published.
    ``total_row`` is the index label of a row holding column totals ("All"); ``total_column`` is a count column
    holding the sum of the other count columns in its row. Non-numeric columns pass through as labels; a numeric
    column that is neither a count nor a statistic is refused, so no number reaches a commissioner unchecked.
    """
    if total_row is not None and total_row not in table.index:
        raise DisclosureInputError(f"total_row {total_row!r} is not a row label of the table")
    if total_column is not None and total_column not in count_columns:
        raise DisclosureInputError(f"total_column {total_column!r} must be one of count_columns {list(count_columns)}")
    parts = [c for c in count_columns if c != total_column]
    rows = [r for r in table.index if r != total_row]
    lines = []
    if total_column is not None:
        lines += [_Line(tuple((r, c) for c in parts), (r, total_column)) for r in table.index]
    if total_row is not None:
        lines += [_Line(tuple((r, c) for r in rows), (total_row, c)) for c in count_columns]
    return _disclose(table, list(count_columns), statistic_columns or {}, lines, threshold, rounding_base, decimals)


def disclose_groups(table: pd.DataFrame, count_columns: Sequence[str], group_columns: Sequence[str],
                    category_column: str, total_label: str = TOTAL,
                    statistic_columns: Mapping[str, str | Sequence[str]] | None = None,
                    threshold: int = SMALL_NUMBER, rounding_base: int = ROUNDING_BASE,
                    decimals: int = 1) -> DisclosedTable:
    """Apply the NHS small-number rule to a long table, e.g. respondents per site × role with a per-site "All" row.

    Within each group (``group_columns``), the row whose ``category_column`` is ``total_label`` is the total of the
    group's other rows, for every count column; secondary suppression keeps each group's hidden counts from being
    worked out from that total. The record also carries the group and category of each cell.
    """
    keys = [*group_columns, category_column]
    if missing := [c for c in keys if c not in table.columns]:
        raise DisclosureInputError(f"the table has no column(s) {missing}")
    lines = []
    for key, group in table.groupby(list(group_columns), sort=False):
        is_total = (group[category_column] == total_label).to_numpy()
        if is_total.sum() > 1:
            raise DisclosureInputError(f"group {dict(zip(group_columns, key))} has {is_total.sum()} rows with "
                                       f"{category_column} == {total_label!r}; it needs at most one")
        if is_total.any() and not is_total.all():  # a total with no members beside it gives nothing away
            total, members = group.index[is_total][0], group.index[~is_total]
            lines += [_Line(tuple((r, c) for r in members), (total, c)) for c in count_columns]
    result = _disclose(table, list(count_columns), statistic_columns or {}, lines, threshold, rounding_base,
                       decimals, labels=keys)
    record = result.record.join(table[keys], on="row")[[*keys, "row", "column", "reason", "note"]]
    return DisclosedTable(result.published, record, result.footnote)


def check_disclosed(published: pd.DataFrame, count_columns: Sequence[str] | None = None,
                    threshold: int = SMALL_NUMBER, rounding_base: int = ROUNDING_BASE) -> list[str]:
    """Problems left in a table about to be published: a count from 1 to 7, or a count not rounded to base 5.

    Scans every whole number in ``count_columns`` (default: all columns; pass the count columns when labels or
    statistics can be whole numbers). An empty list means nothing was found.
    """
    problems = []
    for column in count_columns or published.columns:
        for label, cell in published[column].items():
            if (count := _as_count(cell)) is not None and 0 < count < threshold:
                problems.append(f"row {label!r}, column {column!r} shows {count}, a count from 1 to {threshold - 1}")
            elif count is not None and count % rounding_base:
                problems.append(f"row {label!r}, column {column!r} shows {count}, not rounded to the nearest "
                                f"{rounding_base}")
    return problems


def _disclose(table, count_columns, statistic_columns, lines, threshold, rounding_base, decimals, labels=()):
    if threshold < 1 or rounding_base < 1:
        raise DisclosureInputError("threshold and rounding_base must be whole numbers of at least 1")
    if not table.index.is_unique:
        raise DisclosureInputError("row labels (the index) must be unique: the record names cells by row label")
    stats = {s: [b] if isinstance(b, str) else list(b) for s, b in statistic_columns.items()}
    hidden_bases = sorted({b for bases in stats.values() for b in bases} - set(count_columns))
    declared = [*count_columns, *stats, *hidden_bases]
    if missing := [c for c in declared if c not in table.columns]:
        raise DisclosureInputError(f"the table has no column(s) {missing}")
    if undeclared := [c for c in table.columns if c not in declared and c not in labels
                      and pd.api.types.is_numeric_dtype(table[c])]:
        raise DisclosureInputError(f"column(s) {undeclared} hold numbers but are neither counts nor statistics: "
                                   "declare them, drop them, or move labels into the index")
    counts = _read_counts(table, [*count_columns, *hidden_bases])
    reasons = {cell: ("primary", f"a count from 1 to {threshold - 1}") for cell, n in counts.items()
               if cell[1] in count_columns and 0 < n < threshold}
    _suppress_secondary({c: n for c, n in counts.items() if c[1] in count_columns}, lines, reasons)
    stat_values = {s: _read_statistic(table, s) for s in stats}
    for s, bases in stats.items():
        for r in table.index:
            if why := _statistic_reason(r, bases, counts, reasons, threshold):
                reasons[(r, s)] = why
    columns = [c for c in table.columns if c not in hidden_bases]
    published, record = {c: [] for c in columns}, []
    for r in table.index:
        for column in columns:
            if (r, column) in reasons:
                text = SUPPRESSED
                record.append((r, column, *reasons[(r, column)]))
            elif column in count_columns:
                text = str(round_count(counts[(r, column)], rounding_base))
                if counts[(r, column)] and rounding_base > 1:
                    record.append((r, column, "rounded", f"rounded to the nearest {rounding_base}"))
            else:
                value = stat_values[column][r] if column in stats else table.at[r, column]
                text = "" if pd.isna(value) else f"{value:.{decimals}f}" if column in stats else str(value)
            published[column].append(text)
    footnote = (f'"*" = not shown: fewer than {threshold} respondents, or hidden so that another hidden number cannot '
                f"be worked out from a total. Other counts are rounded to the nearest {rounding_base}; totals are "
                "rounded separately, so they may not equal the sum of the rounded figures.")
    if stats:
        footnote += (" Percentages, means and other statistics are worked out from the unrounded counts, so they may "
                     "differ slightly from the rounded counts shown; one is hidden when it rests on fewer than "
                     f"{threshold} respondents, or when the people it counts, or those it leaves out, number 1 to "
                     f"{threshold - 1}.")
    return DisclosedTable(pd.DataFrame(published, index=table.index),
                          pd.DataFrame(record, columns=["row", "column", "reason", "note"]), footnote)


def _read_counts(table: pd.DataFrame, columns: list[str]) -> dict[Cell, int]:
    numbers = {c: pd.to_numeric(table[c], errors="coerce") for c in columns}
    counts = {}
    for position, r in enumerate(table.index):
        for c in columns:
            raw, value = table[c].iloc[position], numbers[c].iloc[position]
            where = f"count column {c!r}, row {r!r}: {repr(raw) if isinstance(raw, str) else raw}"
            if pd.isna(raw):
                raise DisclosureInputError(f"count column {c!r}, row {r!r} is missing; a count of none is 0")
            if pd.isna(value) or not np.isfinite(value) or value != int(value):
                raise DisclosureInputError(f"{where} is not a whole number; counts must be whole numbers of people")
            if value < 0:
                raise DisclosureInputError(f"{where} is negative; counts cannot be below 0")
            counts[(r, c)] = int(value)
    return counts


def _read_statistic(table: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(table[column], errors="coerce")
    if bad := [r for r in table.index if pd.isna(values[r]) and not pd.isna(table[column][r])]:
        raise DisclosureInputError(f"statistic column {column!r}, row {bad[0]!r}: {table[column][bad[0]]!r} is not "
                                   "a number")
    return values


def _statistic_reason(r, bases, counts, reasons, threshold) -> tuple[str, str] | None:
    respondents = counts[(r, bases[0])]
    if respondents < threshold:
        return "primary", f"built on fewer than {threshold} respondents ({bases[0]})"
    if small := [b for b in bases[1:] if _few(counts[(r, b)], threshold)]:
        return "primary", f"built on a count from 1 to {threshold - 1} ({small[0]})"
    if small := [b for b in bases[1:] if _few(respondents - counts[(r, b)], threshold)]:
        return "primary", f"{bases[0]} minus {small[0]} is from 1 to {threshold - 1}"
    if hidden := [b for b in bases if (r, b) in reasons]:
        return "secondary", f"built on {hidden[0]}, which is hidden to protect another cell"
    return None


def round_count(count: int, base: int = ROUNDING_BASE) -> int:
    """A count as published: to the nearest `base` (halves, only possible with even bases, round up).

    >>> [round_count(n) for n in (8, 12, 13, 102)]
    [10, 10, 15, 100]
    """
    return (int(count) + base // 2) // base * base


def disclosed_count(count: int, threshold: int = SMALL_NUMBER, base: int = ROUNDING_BASE) -> int | None:
    """A count of people as it may be published, or None where it must be hidden (1 to threshold - 1).

    >>> [disclosed_count(n) for n in (0, 3, 8, 12)]
    [0, None, 10, 10]
    """
    count = int(count)
    return None if _few(count, threshold) else round_count(count, base)


def disclosed_share(numerator: int, base: int, threshold: int = SMALL_NUMBER) -> float | None:
    """numerator / base as it may be published, or None where it would reveal 1 to threshold - 1 people.

    Hidden when the base is under the threshold, or when the numerator or its complement (base - numerator) is from
    1 to threshold - 1: 1 of 8 is one person, and so is 7 of 8 (the one who did not).

    >>> [disclosed_share(n, b) for n, b in ((1, 8), (7, 8), (0, 10), (10, 20), (5, 40))]
    [None, None, 0.0, 0.5, None]
    """
    numerator, base = int(numerator), int(base)
    if not 0 <= numerator <= base:
        raise DisclosureInputError(f"a share of {numerator} out of {base}: the numerator must be from 0 to the base")
    if base < threshold or _few(numerator, threshold) or _few(base - numerator, threshold):
        return None
    return numerator / base


def _few(count: int, threshold: int) -> bool:
    """A count that names too few people to publish: 1 to threshold - 1 (0 names nobody)."""
    return 0 < count < threshold


def _suppress_secondary(counts: dict[Cell, int], lines: list[_Line], reasons: dict) -> None:
    """Until no hidden cell can be worked out, hide the smallest non-zero count beside one that can.

    A lone "*" in a line is paired first; a cell pinned only through a chain of lines gets a partner from one of its
    own lines. The partner is a total only when nothing else will do: commissioners lose least that way.
    """
    position, totals = {cell: i for i, cell in enumerate(counts)}, {line.total for line in lines}
    while True:
        # A lone "*" is cheap to spot; the exact (SVD) test runs only once no line has one.
        if lone := next((line for line in lines if sum(c in reasons for c in line.cells) == 1), None):
            cell, near = next(c for c in lone.cells if c in reasons), [lone]
        elif exposed := _recoverable(lines, reasons):
            cell = exposed[0]
            near = [line for line in lines if cell in line.cells]
        else:
            return
        if not (options := [c for line in near for c in line.cells if c not in reasons and counts[c] > 0]):
            options = [c for line in lines if any(x in reasons for x in line.cells)
                       for c in line.cells if c not in reasons and counts[c] > 0]
        partner = min(options, key=lambda c: (c in totals, counts[c], position[c]))
        reasons[partner] = ("secondary", f"protects row {cell[0]!r}, column {cell[1]!r}, which the totals would "
                                         "otherwise give away")


def _recoverable(lines: list[_Line], reasons: dict) -> list[Cell]:
    """Hidden cells that adding and subtracting published cells and totals would reveal.

    Each line says members - total = a known number. Restricted to the hidden cells, these equations fix a cell
    exactly when that cell is zero in every solution of the homogeneous system, i.e. it vanishes across the null
    space. Published (rounded) values are treated as exact, which can only over-protect.
    """
    hidden = list(reasons)
    if not hidden or not lines:
        return []
    index, equations = {cell: i for i, cell in enumerate(hidden)}, np.zeros((len(lines), len(hidden)))
    for row, line in zip(equations, lines):
        row[[index[c] for c in line.members if c in index]] = 1
        row[[index[c] for c in [line.total] if c in index]] = -1
    _, singular, vt = np.linalg.svd(equations)
    rank = int((singular > 1e-9).sum())
    free = np.linalg.norm(vt[rank:], axis=0) > 1e-9
    return [cell for cell, is_free in zip(hidden, free) if not is_free]


def _as_count(cell) -> int | None:
    if isinstance(cell, str):
        text = cell.strip().replace(",", "")
        return int(text) if text.isdigit() else None
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool) and not pd.isna(cell):
        return int(cell) if float(cell).is_integer() else None
    return None
