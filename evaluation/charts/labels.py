"""Name every point of a scatter without labels running over each other, the points or the frame.

Each label tries places around its point, nearest first (right, left, above, below, the corners), then further off
with a thin leader line back to the point; it takes the first place that overlaps no label placed before it, no
other point and stays inside the axes. When none is free it takes the place with the least overlap. Deterministic:
the same points give the same picture. (adjustText does this iteratively, but it is not a dependency here.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.transforms import Bbox

from evaluation.charts.chart import SMALL, wrapped

MARKER_RADIUS = 4  # points: a scatter marker of the default size, with a little air
NEAR = [(6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 7, "center", "bottom"),
        (0, -7, "center", "top"), (6, 6, "left", "bottom"), (6, -6, "left", "top"), (-6, 6, "right", "bottom"),
        (-6, -6, "right", "top")]
FAR = [(side * 14, step * sign * 9, "left" if side > 0 else "right", "center")
       for step in range(1, 9) for sign in (1, -1) for side in (1, -1)]


def label_points(ax, xs: Sequence[float], ys: Sequence[float], names: Sequence[str], *, width: int = 24,
                 fontsize: float = SMALL) -> list:
    """Annotate each (x, y) of `ax` (data coordinates) with its name, wrapped at `width` characters.

    Call after everything else is drawn on the figure: the layout is fixed first, then labels are placed in it, and
    they are left out of the layout so it does not move under them. Returns the annotations, in the points' order.
    """
    figure = ax.figure
    figure.draw_without_rendering()
    frame = ax.get_window_extent()
    scale = figure.dpi / 72
    points = ax.transData.transform(np.column_stack([xs, ys])) if len(xs) else np.empty((0, 2))
    radius = MARKER_RADIUS * scale
    markers = [Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    placed: list[Bbox] = []
    labels = {}
    for index in (np.lexsort((points[:, 1], points[:, 0])) if len(points) else []):
        text = wrapped(names[index], width)
        probe = ax.annotate(text, (xs[index], ys[index]), xytext=(0, 0), textcoords="offset points",
                            fontsize=fontsize)
        others = placed + [m for i, m in enumerate(markers) if i != index]
        _, _, place = min((_overlap(_moved(probe, place), others, frame), order, place)
                          for order, place in enumerate(NEAR + FAR))
        placed.append(_moved(probe, place))  # the words only: a later label may cross a leader line
        probe.remove()
        dx, dy, ha, va = place
        leader = {"arrowstyle": "-", "color": "#595959", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3,
                  "relpos": (0.0 if ha == "left" else 1.0, 0.5)} if place in FAR else None
        label = ax.annotate(text, (xs[index], ys[index]), xytext=(dx, dy), textcoords="offset points", ha=ha,
                            va=va, fontsize=fontsize, color="black", arrowprops=leader, annotation_clip=False,
                            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5})
        label.set_in_layout(False)
        labels[index] = label
    return [labels[i] for i in sorted(labels)]


def _moved(label, place) -> Bbox:
    dx, dy, ha, va = place
    label.xyann = (dx, dy)
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)
    return label.get_window_extent()


def _overlap(box: Bbox, others: list[Bbox], frame: Bbox) -> float:
    """Area of `box` over other boxes, plus (heavily) any part of it outside the axes frame."""
    def area(a: Bbox, b: Bbox) -> float:
        inter = Bbox.intersection(a, b)
        return 0.0 if inter is None else inter.width * inter.height

    outside = box.width * box.height - area(box, frame)
    return sum(area(box, other) for other in others) + 10 * outside
