"""Charts for commissioner reports: Likert answers by site, change since baseline, and the theme framework matrix.

Every chart is drawn on its own ``matplotlib.figure.Figure`` (no pyplot, nothing global, so charts can be drawn from
tests, notebooks and parallel pipeline runs) and reads the same in colour and in greyscale: Likert categories use the
colour-blind-safe ColorBrewer PuOr palette, whose grey levels differ between neighbours and between the two ends, with
the low side hatched; the other charts are black, white and greys. Each chart function returns a `Chart` (the figure
and its alt text, which says what is drawn and the main finding in numbers); the funnel plot's
`evaluation.survey.funnel.FunnelFigure` has the same shape, and `save_chart` writes either.

Only disclosed values are drawn or written (`evaluation.disclosure`, the NHS rule the published tables use): an n is
shown as `disclosed_count` gives it (rounded to the nearest 5), a share only where `disclosed_share` allows it (at
least 8 people behind it, and not 1 to 7 on either side of it), so a count from 1 to 7 never appears in a chart, its
labels or its alt text. What cannot be shown is named in a note, with no number.

- chart.py: what every chart shares: page size and type sizes, the `Chart` type, `save_chart`, notes, input checks;
- labels.py: `label_points`, names beside scatter points without overlaps (the funnel plot's site names);
- likert.py: `likert_bars`, diverging stacked bars of answers on a Likert scale;
- change.py: `change_plot`, the forest plot of change from baseline to follow-up;
- heatmap.py: `theme_heatmap`, the framework matrix of themes by site.
"""
