"""Charts for commissioner reports: Likert answers by site, change since baseline, and the theme framework matrix.

Every chart is drawn on its own ``matplotlib.figure.Figure`` (no pyplot, nothing global, so charts can be drawn from
tests, notebooks and parallel pipeline runs) in black, white and greys: categories differ by grey level *and* by
hatching or marker fill, so a chart printed in black and white says what it said on screen. Each chart function
returns a `Chart` (the figure and its alt text, which says what is drawn and the main finding in numbers); the funnel
plot's `evaluation.survey.funnel.FunnelFigure` has the same shape, and `save_chart` writes either.

Small numbers follow the NHS rule the published tables use (`evaluation.disclosure`): nothing is drawn for a group of
fewer than 8 respondents (`evaluation.vocabulary.SMALL_NUMBER`), and an n printed beside a bar or point is rounded to
the nearest 5, so a count from 1 to 7 never appears.

- chart.py: what every chart shares: page size and type sizes, the `Chart` type, `save_chart`, input checks;
- likert.py: `likert_bars`, diverging stacked bars of answers on a Likert scale;
- change.py: `change_plot`, the forest plot of change from baseline to follow-up;
- heatmap.py: `theme_heatmap`, the framework matrix of themes by site.
"""
