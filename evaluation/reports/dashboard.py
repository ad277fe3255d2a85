"""A case study's first page: the site at a glance.

Its rung on the ladder of co-production; each dimension's share positive against the other sites and against the
range expected for a site of its size (the funnel plots' 95% limits, as in the CQC's benchmark reports); the themes
that stand out for what helped, the value seen and what got in the way; what changed; and the key findings in words,
each linked to its evidence. Every number is a published value.
"""

from __future__ import annotations

import pandas as pd

from evaluation.prose import joined
from evaluation.reports.document import BulletList, Paragraph, Section, Table
from evaluation.reports.findings import (CHANGE, DIFFERENCES, HOW_COPRODUCED, WHO_TOOK_PART, change_in_words,
                                         comparison_in_words, draft_or_commentary, see, themes_in_words)
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import LADDER_DIMENSIONS, NOT_PLACED, ladder
from evaluation.reports.wording import CATEGORY_HEADINGS, SUPPRESSION_KEY, dimension_measures, said
from evaluation.vocabulary import ALL_ROLES, LATEST_WAVE, SUPPRESSED, TOTAL, WAVES

AT_A_GLANCE = "At a glance"
NOT_COMPARED = "–"


def at_a_glance(inputs: ReportInputs, site_id: str) -> Section:
    name = inputs.names.get(site_id, site_id)
    blocks = [draft_or_commentary(inputs.commentary.get(site_id)), Paragraph(_rung(inputs, site_id)),
              Paragraph(_taking_part(inputs, site_id))]
    if not (scores := dimension_scores(inputs, site_id)).empty:
        blocks.append(Table(f"{name} against the other sites at follow-up: % of respondents positive about each "
                            "dimension", scores, SUPPRESSION_KEY + " '–': not compared (a single-question dimension)."))
    blocks.append(BulletList(tuple(_findings(inputs, site_id))))
    return Section(AT_A_GLANCE, tuple(blocks))


def dimension_scores(inputs: ReportInputs, site_id: str) -> pd.DataFrame:
    """Per dimension: this site's % positive, the other sites' lowest to highest, the range expected for a site of
    this size and where the site falls against it, all as published."""
    dims = inputs.table("dimension_results")
    dims = dims[(dims["wave"] == LATEST_WAVE) & (dims["role"] == ALL_ROLES)]
    values = inputs.values("dimension_results")
    values = values[(values["wave"] == LATEST_WAVE) & (values["role"] == ALL_ROLES)]
    own = dims[dims["site_id"] == site_id].set_index("dimension")["pct_positive"]
    if own.empty:
        return pd.DataFrame()
    others = values[values["site_id"] != site_id].groupby("dimension")["pct_positive"].agg(["min", "max"])
    funnel = inputs.table("funnels", site_id).set_index("measure")
    measure_of = {dimension: measure for measure, dimension in dimension_measures(inputs.instrument).items()}
    rows = []
    for dimension in inputs.instrument.dimensions:
        measure = measure_of.get(dimension)
        limits = funnel.loc[measure] if measure in funnel.index else None
        expected = (f"{limits['lower_95']} to {limits['upper_95']}" if limits is not None
                    and SUPPRESSED not in (limits["lower_95"], limits["upper_95"]) else NOT_COMPARED)
        low, high = others.loc[dimension] if dimension in others.index else (pd.NA, pd.NA)
        rows.append({"Dimension": inputs.dimension_name(dimension), "This site": own.get(dimension, SUPPRESSED),
                     "Other sites (lowest to highest)": NOT_COMPARED if pd.isna(low) else f"{low:.0f}% to {high:.0f}%",
                     "Expected for a site this size": expected,
                     "Compared with sites of its size": NOT_COMPARED if limits is None else str(limits["band"])})
    return pd.DataFrame(rows)


def _rung(inputs: ReportInputs, site_id: str) -> str:
    rungs = ladder(inputs.values("dimension_results")).set_index("site_id")
    where = see(HOW_COPRODUCED["site"])
    if inputs.values("participation", site_id).empty:
        return f"**Ladder of co-production: not placed.** It sent no survey answers{where}."
    if site_id not in rungs.index or rungs.loc[site_id, "rung"] == NOT_PLACED:
        return (f"**Ladder of co-production: not placed.** Too few follow-up survey answers to place it without risk "
                f"of identifying someone{where}.")
    others = rungs[(rungs["rung"] != NOT_PLACED) & (rungs.index != site_id)]["score"]
    dims = joined([inputs.dimension_name(d).lower() for d in LADDER_DIMENSIONS])
    spread = f"; other sites from {others.min():.0f}% to {others.max():.0f}%" if len(others) else ""
    return (f"**Ladder of co-production: {rungs.loc[site_id, 'rung']}.** On average "
            f"{rungs.loc[site_id, 'score']:.0f}% of follow-up respondents were positive about {dims}{spread}{where}.")


def _taking_part(inputs: ReportInputs, site_id: str) -> str:
    people = inputs.values("participation", site_id)
    totals = people[people["role"] == TOTAL].set_index("wave")["respondents"]
    interviews = inputs.values("theme_prevalence", site_id)["interviews"]
    interviewed = interviews.iloc[0] if len(interviews) else 0
    survey = (f"{_about(totals.get(WAVES[0], 0))} survey answers at baseline and "
              f"{_about(totals.get(WAVES[1], 0))} at follow-up" if len(totals) else "no survey answers")
    spoken = "no interviews" if not pd.isna(interviewed) and interviewed == 0 else f"{said(interviewed)} interviews"
    return f"**Who took part**: {survey}, and {spoken}{see(WHO_TOOK_PART)}."


def _about(count: object) -> str:
    """A published count in a sentence: 'about 35', 'none', or 'fewer than 8' where it is hidden."""
    return said(count) if pd.isna(count) else "none" if int(count) == 0 else f"about {int(count)}"


def _findings(inputs: ReportInputs, site_id: str) -> list[str]:
    lines = []
    themes = themes_in_words(inputs.framework[inputs.framework["site_id"] == site_id])
    words = {"facilitator": "What helped", "value": "The value people saw", "challenge": "What got in the way"}
    for category, text in themes.items():
        lines.append(f"**{words[category]}**: {text}{see(CATEGORY_HEADINGS[category])}.")
    changed = change_in_words(inputs, site_id)
    lines.append(f"**What changed**: {changed}{see(CHANGE)}." if changed else
                 f"**What changed**: too few people answered at both baseline and follow-up for change to be "
                 f"shown{see(CHANGE)}.")
    compared = comparison_in_words(inputs, site_id)
    lines.append(f"**How it compares**: {compared}{see(DIFFERENCES)}." if compared else
                 f"**How it compares**: too few survey answers to compare with other sites{see(DIFFERENCES)}.")
    return lines
