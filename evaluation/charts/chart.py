"""What every chart shares: the page and type sizes, the `Chart` a chart function returns, and `save_chart`.

Also the small helpers the chart modules draw and word their alt text with, and the checks of the table a chart is
drawn from.
"""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

WIDTH = 7.5  # inches: an A4 page (8.27 in) inside 2 cm margins
DPI = 200
FONT = 9  # tick and axis labels
SMALL = 8  # annotations and legends: the smallest text on any chart
TITLE = 10
NOTE_WIDTH = 120  # characters of SMALL type across the figure
NOUNS = {"site_id": "site", "item_id": "item", "dimension": "dimension", "role": "role", "wave": "wave",
         "theme_id": "theme"}


class Chart(NamedTuple):
    """A drawn chart and the alt text to publish beside it (the same shape as funnel.FunnelFigure)."""

    figure: Figure
    alt_text: str


class SavedChart(NamedTuple):
    image: Path
    alt_text: Path


def save_chart(chart: tuple, path: str | Path, *, dpi: int = DPI) -> SavedChart:
    """Write a chart (a `Chart` or funnel.FunnelFigure) as PNG, and its alt text beside it as ``<name>.alt.txt``.

    Deterministic (the same chart gives a byte-identical file: no software or date stamp, fixed dpi) and atomic
    (each file is written to a temporary name, then renamed). The alt text is also the PNG's Description.
    """
    figure, alt_text = chart
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"save_chart writes PNG; give a path ending .png, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    alt_path = path.with_suffix(".alt.txt")
    _write_atomically(path, lambda file: figure.savefig(
        file, format="png", dpi=dpi, facecolor="white", metadata={"Software": None, "Description": alt_text}))
    _write_atomically(alt_path, lambda file: file.write(f"{alt_text}\n".encode("utf-8")))
    return SavedChart(path, alt_path)


def new_figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH, height), layout="constrained", facecolor="white")


def add_note(figure: Figure, note: str) -> None:
    """A note in italics across the foot of the figure (what is not shown, and why). A constrained layout keeps the
    strip it needs free, so nothing is drawn over it and it never narrows the chart."""
    text = wrapped(note, NOTE_WIDTH)
    height = (text.count("\n") + 1) * SMALL * 1.25 / 72 + 0.08  # inches
    fraction = height / figure.get_figheight()
    if isinstance(engine := figure.get_layout_engine(), ConstrainedLayoutEngine):
        engine.set(rect=(0, fraction, 1, 1 - fraction))
    figure.text(0.01, 0.04 / figure.get_figheight(), text, ha="left", va="bottom", fontsize=SMALL, style="italic",
                color="black", in_layout=False)


def plain(ax, title: str) -> None:
    """Black text at 8 pt or more, no top or right frame, the title wrapped and left-aligned across the figure."""
    ax.tick_params(colors="black", labelsize=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.figure.suptitle(wrapped(title, 90), x=0.01, ha="left", fontsize=TITLE, fontweight="bold", color="black")


def wrapped(text: str, width: int) -> str:
    return textwrap.fill(str(text), width)


def whole(value: float) -> str:
    return f"{math.floor(value + 0.5):.0f}"  # halves up, as readers round (Python's format rounds 62.5 to 62)


def only_value(data: pd.DataFrame, column: str) -> str | None:
    """The column's value when every row has the same one (the item a table was filtered to), else None."""
    if column in data and data[column].nunique() == 1:
        return str(data[column].iloc[0])
    return None


def checked_columns(table: pd.DataFrame, columns: Sequence[str], caller: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{caller}: column(s) {missing} not in the table; it has {list(table.columns)}")
    if table.empty:
        raise ValueError(f"{caller}: the table has no rows")
    return table


def one_row_per(table: pd.DataFrame, group: str, columns: Sequence[str], caller: str) -> pd.DataFrame:
    data = checked_columns(table, [group, *columns], caller)
    repeated = data[group][data[group].duplicated()].unique().tolist()
    if repeated:
        raise ValueError(f"{caller} draws one row per {group}; {repeated} appear more than once. Filter the table to "
                         f"one item (and one wave and role), or pass group='item_id' for one site's items")
    return data


def _write_atomically(path: Path, write: Callable) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report's charts are for others to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
