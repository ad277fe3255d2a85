"""Scale scores and their reliability: reverse coding, one score per respondent and dimension, Cronbach's α.

Every function takes the tidy `survey_responses` table (one row per site × respondent × wave × item) and the
`Instrument` it was collected with, checks it with `check_responses`, and returns a tidy DataFrame. Only answers on
the scale count: missing, prefer not to say, don't know, not applicable and unmapped answers carry no code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from evaluation.survey.instrument import Instrument
from evaluation.vocabulary import ANSWER_STATUSES, WAVES

RESPONDENT = ["site_id", "respondent_id", "wave", "role"]
REQUIRED_COLUMNS = (*RESPONDENT, "item_id", "code", "answer_status")
MIN_RELIABILITY_RESPONDENTS = 3


class SurveyDataError(ValueError):
    """The survey_responses table cannot be analysed as it is; the message says what to fix."""


class AlphaResult(NamedTuple):
    alpha: float
    ci: tuple[float, float]


def role_conflicts(responses: pd.DataFrame) -> pd.DataFrame:
    """Respondents who appear in more than one role within a site: one row each, with the roles and files.

    Either one person changed role between files or two people share an id; the analysis cannot tell which, so the
    statistics refuse such respondents (`check_responses`) until they are given distinct ids or left out.

    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": ["7", "7", "8"], "role": ["staff", "carer", "staff"],
    ...                      "wave": ["baseline", "follow_up", "baseline"], "source_file": ["a.csv", "b.csv", "a.csv"]})
    >>> role_conflicts(rows).to_dict("records")
    [{'site_id': 's1', 'respondent_id': '7', 'roles': 'carer; staff', 'waves': 'baseline; follow_up', \
'source_files': 'a.csv; b.csv'}]
    """
    columns = ["site_id", "respondent_id", "roles", "waves", "source_files"]
    keyed = responses.dropna(subset=["role"])
    n_roles = keyed.groupby(["site_id", "respondent_id"], sort=False)["role"].transform("nunique")
    clash = keyed[n_roles > 1]
    if clash.empty:
        return pd.DataFrame(columns=columns)
    fields = {"roles": "role", "waves": "wave", "source_files": "source_file"}
    joined = {name: (column, lambda v: "; ".join(sorted(v.dropna().astype(str).unique())))
              for name, column in fields.items() if column in clash.columns}
    table = clash.groupby(["site_id", "respondent_id"], sort=False).agg(**joined).reset_index()
    return table.reindex(columns=[c for c in columns if c in table.columns])


def check_responses(responses: pd.DataFrame, instrument: Instrument, *, roles: bool = True) -> None:
    """Fail early, saying what to fix, when survey_responses cannot be analysed against `instrument`.

    Refused: missing columns; a wave other than baseline or follow_up; an item the instrument does not have; an
    unknown answer_status; a code off the instrument's scale (named by item and site); a code without the status
    'answered' or the reverse; two answers to one item by one respondent in one wave; and, when `roles` is true, a
    respondent in two roles within a site (see `role_conflicts`).
    """
    if not isinstance(responses, pd.DataFrame):
        raise TypeError(f"responses must be a pandas DataFrame (survey_responses), got {type(responses).__name__}")
    absent = [c for c in REQUIRED_COLUMNS if c not in responses.columns]
    if absent:
        raise SurveyDataError(f"responses lack the column(s) {', '.join(absent)}; pass the survey_responses table")
    bad_wave = responses[~responses["wave"].isin(WAVES)]
    if not bad_wave.empty:
        found = _listing(bad_wave.assign(wave=bad_wave["wave"].astype(str)), ["wave", "site_id"],
                         "'{wave}' at {site_id}")
        raise SurveyDataError(f"wave must be one of {', '.join(WAVES)}; found {found}. Map the label with "
                              "Instrument.map_wave, or add its spelling to the instrument's waves")
    unknown = sorted(set(responses["item_id"].dropna()) - set(instrument.item_ids))
    if unknown or responses["item_id"].isna().any():
        raise SurveyDataError(f"item_id(s) {unknown or ['<blank>']} are not items of {instrument.label}; analyse "
                              "them with the instrument they were collected with")
    statuses = sorted(set(responses["answer_status"].dropna().astype(str)) - set(ANSWER_STATUSES))
    if statuses or responses["answer_status"].isna().any():
        raise SurveyDataError(f"answer_status must be one of {', '.join(ANSWER_STATUSES)}; found {statuses or 'blank'}")
    if not pd.api.types.is_numeric_dtype(responses["code"]):
        raise SurveyDataError(f"code must hold the scale's numbers (Int8), not {responses['code'].dtype}; map labels "
                              "with Instrument.map_answers")
    low, high = min(instrument.scale), max(instrument.scale)
    code = responses["code"].astype("float64")
    off = responses[code.notna() & ~code.isin(list(instrument.scale))]
    if not off.empty:
        found = _listing(off.assign(code=off["code"].astype(str)), ["item_id", "site_id", "code"],
                         "item {item_id} at {site_id} (code {code})")
        raise SurveyDataError(f"codes outside the {low}-{high} scale of {instrument.label}: {found}. The item was "
                              "answered on another scale: recode it onto this one before analysis")
    if (code.notna() != (responses["answer_status"] == "answered")).any():
        raise SurveyDataError("a code must be present exactly when answer_status is 'answered'")
    twice = responses[responses.duplicated(["site_id", "respondent_id", "wave", "item_id"], keep=False)]
    if not twice.empty:
        found = _listing(twice, ["respondent_id", "site_id", "wave"], "respondent {respondent_id} at {site_id} "
                                                                      "({wave})")
        raise SurveyDataError(f"one answer per respondent, wave and item is expected; answered twice: {found}")
    if roles and not (clashes := role_conflicts(responses)).empty:
        first = clashes.iloc[0]
        raise SurveyDataError(
            f"{len(clashes)} respondent(s) appear in more than one role within a site, e.g. respondent "
            f"{first['respondent_id']} at {first['site_id']} as {first['roles']}: one person in two roles or two "
            "people sharing an id. Give them distinct respondent_ids or leave them out; role_conflicts(responses) "
            "lists them all")


def reverse_code(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Flip the codes of the instrument's reverse-worded items so that a higher code always means more co-production.

    code' = min + max − code on the instrument's scale (6 − code on 1–5). Labels keep the answer as given; the
    added boolean column `reversed` marks the flipped rows, and a table that already has it is refused, so codes
    are never flipped twice. Checked by hand: on 1–5, 1↔5, 2↔4, 3 stays.

    >>> from evaluation.survey.instrument import load_instrument
    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": "r1", "wave": "baseline", "role": "staff",
    ...                      "item_id": ["decisions_shared", "decisions_made_elsewhere"],
    ...                      "code": pd.array([4, 2], dtype="Int8"), "answer_status": "answered"})
    >>> reverse_code(rows, load_instrument())[["code", "reversed"]].values.tolist()
    [[4, False], [4, True]]
    """
    if "reversed" in responses.columns:
        raise SurveyDataError("these responses are already reverse coded (they have a 'reversed' column)")
    check_responses(responses, instrument, roles=False)
    reverse_items = [item.id for item in instrument.items if item.reverse]
    flip = responses["item_id"].isin(reverse_items).to_numpy()
    out = responses.copy()
    total = min(instrument.scale) + max(instrument.scale)
    out["code"] = out["code"].mask(flip, total - out["code"]).astype(responses["code"].dtype)
    out["reversed"] = flip
    return out


def scale_scores(responses: pd.DataFrame, instrument: Instrument, min_items: int | float | None = None
                 ) -> pd.DataFrame:
    """Each respondent's score on each dimension: the mean of the dimension's items after reverse coding.

    score = (1/m) Σ code'ᵢ over the m items answered on the scale, given when m ≥ min_items, else null with the
    reason in `note`. `min_items`: None (default) asks for at least half the dimension's items, ⌈k/2⌉; an integer
    asks for that many (capped at k); a share in (0, 1) asks for ⌈share·k⌉. This is person-mean scoring with a
    half-of-items rule (Downey RG, King CV (1998) Missing data in Likert ratings: a comparison of replacement
    methods. J Gen Psychol 125:175–191). Checked against hand-computed means in tests/test_scales.py.

    One row per site × respondent × wave × role × dimension (instrument order), with k_items, n_items_answered,
    min_items, score, note.

    >>> from evaluation.survey.instrument import load_instrument
    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": "r1", "wave": "baseline", "role": "staff",
    ...                      "item_id": ["decisions_shared", "decisions_made_elsewhere"],
    ...                      "code": pd.array([4, 1], dtype="Int8"), "answer_status": "answered"})
    >>> scores = scale_scores(rows, load_instrument()).set_index("dimension")
    >>> float(scores.loc["shared_decisions", "score"])  # (4 + (6 - 1)) / 2
    4.5
    >>> scores.loc["listened_to", "note"]
    'only 0 of 2 items answered (needs 1)'
    """
    check_responses(responses, instrument)
    coded = reverse_code(responses, instrument)
    dimension_of = {item.id: item.dimension for item in instrument.items}
    dimensions = pd.Series(dimension_of).value_counts(sort=False).rename_axis("dimension").rename("k_items")
    grid = (coded[RESPONDENT].drop_duplicates()
            .merge(dimensions.reset_index(), how="cross"))
    grid["min_items"] = [_required(min_items, k) for k in grid["k_items"]]
    answered = coded.assign(dimension=coded["item_id"].map(dimension_of),
                            value=coded["code"].astype("float64")).dropna(subset=["value"])
    means = (answered.groupby([*RESPONDENT, "dimension"], sort=False)["value"]
             .agg(mean="mean", n_items_answered="count").reset_index())
    out = grid.merge(means, on=[*RESPONDENT, "dimension"], how="left")
    out["n_items_answered"] = out["n_items_answered"].fillna(0).astype("int64")
    enough = out["n_items_answered"] >= out["min_items"]
    out["score"] = out["mean"].where(enough)
    out["note"] = pd.Series(
        [None if ok else f"only {n} of {k} items answered (needs {m})"
         for ok, n, k, m in zip(enough, out["n_items_answered"], out["k_items"], out["min_items"])],
        index=out.index, dtype="string")
    return out[[*RESPONDENT, "dimension", "k_items", "n_items_answered", "min_items", "score", "note"]]


def cronbach_alpha(wide: pd.DataFrame, ci: float = 0.95) -> AlphaResult:
    """Cronbach's α of a set of items: one column per item, one row per respondent; incomplete rows are dropped.

    α = k/(k−1) · (1 − Σσ²ᵢ / σ²_total), with σ²ᵢ the variance of item i and σ²_total that of the respondents' total
    scores (both with n − 1), over the n respondents who answered all k items (listwise deletion, R psych's
    use="complete.obs"). The confidence interval is Feldt's: 1 − (1 − α)·F_{(1∓ci)/2}(n − 1, (n − 1)(k − 1)),
    as pingouin computes it. NaN (and a NaN interval) when the total scores do not vary: α is then 0/0.

    References: Cronbach LJ (1951) Coefficient alpha and the internal structure of tests. Psychometrika 16:297–334;
    Feldt LS, Woodruff DJ, Salih FA (1987) Statistical inference for coefficient alpha. Appl Psychol Meas 11:93–103.
    Tested against pingouin's documented example (α = 0.591719, CI 0.195 to 0.840) and a hand computation.

    >>> wide = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 3, 3, 5], "q3": [2, 3, 4, 5]})
    >>> result = cronbach_alpha(wide)  # Σσ²ᵢ = 14.75/3, σ²_total = 42.75/3 → α = 1.5 · 28/42.75 = 56/57
    >>> round(result.alpha, 6), [round(v, 3) for v in result.ci]
    (0.982456, [0.884, 0.999])
    """
    if not isinstance(wide, pd.DataFrame):
        raise TypeError(f"cronbach_alpha needs a DataFrame with one column per item, got {type(wide).__name__}")
    if not 0 < ci < 1:
        raise ValueError(f"ci is a confidence level between 0 and 1 (e.g. 0.95), got {ci}")
    text = [str(c) for c in wide.columns if not pd.api.types.is_numeric_dtype(wide[c])]
    if text:
        raise ValueError(f"item columns must hold numeric codes; not numeric: {', '.join(text)}")
    complete = wide.dropna().astype("float64")
    n, k = complete.shape
    if k < 2:
        raise ValueError(f"Cronbach's alpha needs at least two items (columns); got {k}")
    if n < 2:
        raise ValueError(f"Cronbach's alpha needs at least two respondents who answered every item; got {n}")
    total_variance = complete.sum(axis=1).var(ddof=1)
    if np.isclose(total_variance, 0.0):
        return AlphaResult(float("nan"), (float("nan"), float("nan")))
    alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / total_variance)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.isf((1 - ci) / 2, df1, df2)
    high = 1 - (1 - alpha) * stats.f.isf(1 - (1 - ci) / 2, df1, df2)
    return AlphaResult(float(alpha), (float(low), float(high)))


def scale_reliability(responses: pd.DataFrame, instrument: Instrument, by: Sequence[str] = ("wave",),
                      ci: float = 0.95) -> pd.DataFrame:
    """Cronbach's α of each dimension's items (after reverse coding) per group: by default per wave, all sites pooled.

    One row per group × dimension: k_items, n_respondents (answered every item of the dimension), n_incomplete
    (left out by listwise deletion), alpha, ci_low, ci_high (Feldt, see `cronbach_alpha`) and a note when α cannot
    be computed (a one-item dimension; fewer than 3 complete respondents; no variation in total scores) or is
    negative. Pass by=["site_id", "wave"] for one row per site.

    >>> from evaluation.survey.instrument import load_instrument
    >>> rows = pd.DataFrame({"site_id": "s1", "respondent_id": "r1", "wave": "baseline", "role": "staff",
    ...                      "item_id": "confidence_grew", "code": pd.array([4], dtype="Int8"),
    ...                      "answer_status": "answered"})
    >>> scale_reliability(rows, load_instrument()).set_index("dimension").loc["confidence", "note"]
    'one item: alpha needs at least two'
    """
    by = _columns(by, responses, "by")
    check_responses(responses, instrument)
    coded = reverse_code(responses, instrument)
    rows = []
    for key, group in coded.groupby(by, sort=False) if by else [((), coded)]:
        wide = (group.assign(code=group["code"].astype("float64"))
                .pivot(index=RESPONDENT, columns="item_id", values="code"))
        for dimension in dict.fromkeys(item.dimension for item in instrument.items):
            items = [item.id for item in instrument.items if item.dimension == dimension]
            block = wide.reindex(columns=items)
            rows.append({**dict(zip(by, key if isinstance(key, tuple) else (key,))), "dimension": dimension,
                         **_reliability(block, ci)})
    columns = [*by, "dimension", "k_items", "n_respondents", "n_incomplete", "alpha", "ci_low", "ci_high", "note"]
    out = pd.DataFrame(rows, columns=columns)
    out["note"] = out["note"].astype("string")
    return out


def _reliability(block: pd.DataFrame, ci: float) -> dict:
    k, n = block.shape[1], int(block.notna().all(axis=1).sum())
    base = {"k_items": k, "n_respondents": n, "n_incomplete": len(block) - n,
            "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan, "note": None}
    if k < 2:
        return {**base, "note": "one item: alpha needs at least two"}
    if n < MIN_RELIABILITY_RESPONDENTS:
        return {**base, "note": f"{n} respondent(s) answered every item: alpha needs at least "
                                f"{MIN_RELIABILITY_RESPONDENTS}"}
    alpha, (low, high) = cronbach_alpha(block, ci)
    note = ("no variation in total scores: alpha undefined" if math.isnan(alpha) else
            "negative: the items do not hang together (check reverse coding)" if alpha < 0 else None)
    return {**base, "alpha": alpha, "ci_low": low, "ci_high": high, "note": note}


def _required(min_items: int | float | None, k: int) -> int:
    if min_items is None:
        return math.ceil(k / 2)
    if isinstance(min_items, bool) or not isinstance(min_items, (int, float)):
        raise TypeError(f"min_items is a number of items or a share of them, got {min_items!r}")
    if isinstance(min_items, int) and min_items >= 1:
        return min(min_items, k)
    if isinstance(min_items, float) and 0 < min_items < 1:
        return max(1, math.ceil(min_items * k))
    raise ValueError(f"min_items must be a whole number ≥ 1 or a share between 0 and 1, got {min_items}")


def _columns(names: Sequence[str], frame: pd.DataFrame, argument: str) -> list[str]:
    names = [names] if isinstance(names, str) else list(names)
    absent = [n for n in names if n not in frame.columns]
    if absent:
        raise ValueError(f"{argument} names column(s) not in responses: {', '.join(absent)}")
    return names


def _listing(rows: pd.DataFrame, keys: list[str], template: str, limit: int = 5) -> str:
    distinct = rows[keys].drop_duplicates()
    shown = [template.format(**record) for record in distinct.head(limit).to_dict("records")]
    more = f" and {len(distinct) - limit} more" if len(distinct) > limit else ""
    return "; ".join(shown) + more
