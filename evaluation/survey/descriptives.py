"""Item-level descriptives of the survey: how many answered each item, and how they answered it.

Both functions take the tidy `survey_responses` table and return exact values: this is the analysts' internal
table; disclosure control (small-number suppression) is applied to published tables later, not here. Items are
described as worded: reverse-worded items are not flipped (see `scales.reverse_code` for that).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evaluation.survey.instrument import Instrument, load_instrument
from evaluation.survey.scales import _columns, check_responses
from evaluation.vocabulary import ANSWER_STATUSES, WAVES

NOT_ANSWERED = (*[s for s in ANSWER_STATUSES if s != "answered"], "absent")


def item_missingness(responses: pd.DataFrame, instrument: Instrument, threshold: float = 0.2) -> pd.DataFrame:
    """Share of each site's respondents in each wave who gave no answer on the scale to an item, flagged when high.

    share_not_answered = (missing + prefer_not_to_say + dont_know + not_applicable + unmapped + absent) / n,
    where n is the number of respondents the site has in that wave, and absent counts respondents with no row for
    the item at all (their file lacked its column). Each kind is reported in its own column (n_missing, ...,
    n_absent), so an analyst can count "don't know" as an answer if the question calls for it. flagged is
    share_not_answered > threshold. Checked against hand counts in tests/test_descriptives.py.

    One row per site × wave × item (instrument order).

    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": ["r1", "r2", "r3", "r4", "r5"], "wave": "baseline",
    ...                      "role": "staff", "item_id": "listened_to", "code": pd.array([4, 5, 3, None, None],
    ...                      dtype="Int8"), "answer_status": ["answered"] * 3 + ["dont_know", "missing"]})
    >>> row = item_missingness(rows, load_instrument()).set_index("item_id").loc["listened_to"]
    >>> int(row["n_not_answered"]), float(row["share_not_answered"]), bool(row["flagged"])  # 2 of 5 > 0.2
    (2, 0.4, True)
    """
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold is a share of respondents between 0 and 1 (e.g. 0.2), got {threshold}")
    check_responses(responses, instrument, roles=False)
    dimension_of = {item.id: item.dimension for item in instrument.items}
    people = responses[["site_id", "wave", "respondent_id"]].drop_duplicates()
    grid = (people.merge(pd.DataFrame({"item_id": instrument.item_ids}), how="cross")
            .merge(responses[["site_id", "wave", "respondent_id", "item_id", "answer_status"]],
                   on=["site_id", "wave", "respondent_id", "item_id"], how="left"))
    grid["status"] = grid["answer_status"].astype("object").where(grid["answer_status"].notna(), "absent")
    counts = (grid.groupby(["site_id", "wave", "item_id", "status"]).size().unstack("status", fill_value=0)
              .reindex(columns=["answered", *NOT_ANSWERED], fill_value=0).add_prefix("n_").reset_index())
    counts.columns.name = None
    counts.insert(3, "dimension", counts["item_id"].map(dimension_of))
    counts.insert(4, "n_respondents", counts[[f"n_{s}" for s in ("answered", *NOT_ANSWERED)]].sum(axis=1))
    counts["n_not_answered"] = counts[[f"n_{s}" for s in NOT_ANSWERED]].sum(axis=1)
    counts["share_not_answered"] = counts["n_not_answered"] / counts["n_respondents"]
    counts["flagged"] = counts["share_not_answered"] > threshold
    order = {"wave": {w: i for i, w in enumerate(WAVES)}, "item_id": {i: n for n, i in enumerate(instrument.item_ids)}}
    counts = counts.sort_values(["site_id", "wave", "item_id"], kind="stable",
                                key=lambda c: c.map(order[c.name]) if c.name in order else c)
    return counts.reset_index(drop=True)


def likert_descriptives(responses: pd.DataFrame, by: Sequence[str] = ("site_id", "wave", "role"),
                        instrument: Instrument | None = None, ci: float = 0.95) -> pd.DataFrame:
    """Per group × item: answers on the scale, counts per code, % agree and disagree, median, mean with its CI.

    With n answers x₁..xₙ on the scale: pct_agree = 100·#(x above the scale's midpoint)/n (codes 4–5 on 1–5),
    pct_disagree = 100·#(x below it)/n (codes 1–2); mean x̄ with sd s (n − 1); the interval is the t-interval
    x̄ ± t_{(1+ci)/2, n−1} · s/√n (Student 1908), checked against scipy's t quantile and hand arithmetic in
    tests/test_descriptives.py. n_not_answered counts the group's rows without a code (any answer_status other than
    answered). `note` says why a value is missing: no answers, or n < 2 (no interval); or that all answers were the
    same (an interval of zero width). Codes are as answered: reverse-worded items are not flipped.

    `instrument` gives the scale (default: the packaged instrument); codes off it are refused. When `by` includes
    role, a respondent in two roles within a site is refused (see `scales.role_conflicts`).

    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": ["r1", "r2", "r3", "r4", "r5"], "wave": "baseline",
    ...                      "role": "staff", "item_id": "listened_to", "code": pd.array([2, 4, 4, 5, 5], dtype="Int8"),
    ...                      "answer_status": "answered"})
    >>> row = likert_descriptives(rows).iloc[0]
    >>> float(row["pct_agree"]), float(row["median"]), float(row["mean"]), round(float(row["ci_low"]), 4)
    (80.0, 4.0, 4.0, 2.4793)
    """
    instrument = instrument or load_instrument()
    by = _columns(by, responses, "by")
    if "item_id" in by:
        raise ValueError("by lists the grouping columns; item_id is always added, leave it out")
    if not 0 < ci < 1:
        raise ValueError(f"ci is a confidence level between 0 and 1 (e.g. 0.95), got {ci}")
    check_responses(responses, instrument, roles="role" in by)
    codes, middle = sorted(instrument.scale), instrument.midpoint
    value = responses["code"].astype("float64")
    frame = responses[[*by, "item_id"]].assign(value=value, **{f"n_{c}": (value == c).astype("int64") for c in codes})
    out = (frame.groupby([*by, "item_id"], sort=False, dropna=False)
           .agg(n_answered=("value", "count"), n_rows=("value", "size"),
                **{f"n_{c}": (f"n_{c}", "sum") for c in codes},
                median=("value", "median"), mean=("value", "mean"), sd=("value", "std"))
           .reset_index())
    n = out["n_answered"]
    out["n_not_answered"] = out["n_rows"] - n
    share = 100 / n.where(n > 0)
    out["pct_agree"] = out[[f"n_{c}" for c in codes if c > middle]].sum(axis=1) * share
    out["pct_disagree"] = out[[f"n_{c}" for c in codes if c < middle]].sum(axis=1) * share
    critical = pd.Series(stats.t.ppf((1 + ci) / 2, (n - 1).where(n >= 2)), index=out.index)
    half_width = critical * out["sd"] / np.sqrt(n)
    out["ci_low"], out["ci_high"] = out["mean"] - half_width, out["mean"] + half_width
    out["note"] = pd.Series([_note(k, s) for k, s in zip(n, out["sd"])], index=out.index, dtype="string")
    out = out[[*by, "item_id", "n_answered", "n_not_answered", *[f"n_{c}" for c in codes], "pct_agree",
               "pct_disagree", "median", "mean", "sd", "ci_low", "ci_high", "note"]]
    rank = {item_id: i for i, item_id in enumerate(instrument.item_ids)}
    return out.sort_values([*by, "item_id"], kind="stable",
                           key=lambda c: c.map(rank) if c.name == "item_id" else c).reset_index(drop=True)


def _note(n: int, sd: float) -> str | None:
    if n == 0:
        return "no answers on the scale"
    if n == 1:
        return "1 answer: a confidence interval needs at least 2"
    if not math.isnan(sd) and sd == 0:
        return "all answers the same: the interval has zero width"
    return None
