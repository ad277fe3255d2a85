"""The ladder of co-production: the evaluation's own rule for placing a site, stated and applied."""

from __future__ import annotations

import pandas as pd

from evaluation.survey.instrument import Instrument
from evaluation.vocabulary import ALL_ROLES, LATEST_WAVE, SMALL_NUMBER

LADDER = ("informing", "consultation", "engagement", "co-design", "co-production")
LADDER_DIMENSIONS = ("equal_partnership", "listened_to", "shared_decisions")
LADDER_STEPS = (20, 40, 60, 80)  # % positive, averaged over LADDER_DIMENSIONS: the lower edges of rungs 2–5
NOT_PLACED = "not placed"


def ladder_rule(instrument: Instrument) -> str:
    steps = ", ".join(f"{LADDER[i + 1]} from {s}%" for i, s in enumerate(LADDER_STEPS))
    dims = ", ".join(instrument.dimension_name(d).lower() for d in LADDER_DIMENSIONS)
    return (f"Each site is placed on the ladder of co-production ({' → '.join(LADDER)}) by the share of its "
            f"follow-up respondents positive about the three dimensions at the heart of co-production — {dims} — "
            f"averaged: {LADDER[0]} below {LADDER_STEPS[0]}%, {steps}. A site with fewer than {SMALL_NUMBER} "
            "respondents at follow-up is not placed. This is the evaluation's own rule, stated so it can be checked "
            "and challenged; it is not a validated measure.")


def ladder(dimensions: pd.DataFrame) -> pd.DataFrame:
    """site_id, score (mean % positive over LADDER_DIMENSIONS at follow-up, all roles) and rung, from the values of
    the published dimension table: a site any of whose three shares is hidden is 'not placed'.

    Each share is taken as published (a whole percentage), so a reader can check a site's rung from the table.
    """
    rows = dimensions[(dimensions["wave"] == LATEST_WAVE) & (dimensions["role"] == ALL_ROLES)
                      & dimensions["dimension"].isin(LADDER_DIMENSIONS)]
    placed = []
    for site_id, block in rows.groupby("site_id", sort=True):
        shares = block["pct_positive"]
        if len(block) < len(LADDER_DIMENSIONS) or shares.isna().any():
            placed.append({"site_id": site_id, "score": None, "rung": NOT_PLACED})
            continue
        score = sum(round(float(s)) for s in shares) / len(shares)
        placed.append({"site_id": site_id, "score": score,
                       "rung": LADDER[sum(score >= step for step in LADDER_STEPS)]})
    return pd.DataFrame(placed, columns=["site_id", "score", "rung"])
