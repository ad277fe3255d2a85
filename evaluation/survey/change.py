"""Change between baseline and follow-up: per site with rank tests, and across sites with a proportional-odds model.

Every effect size here is signed the same way: **positive means follow-up answers are higher**. On the shipped
instrument higher means more agreement, so for reverse-coded items (worded negatively) use reverse-coded values or
scale scores if "higher" should mean "more co-production".

Confidence intervals for the rank-biserial r are analytic, not bootstrapped: Fisher's z with the standard error of
r under no effect, r ± z₀.₉₇₅·SE on the atanh scale — the method of R's effectsize::rank_biserial (Ben-Shachar,
Lüdecke & Makowski 2020). Deterministic (no seed), and wide at small sites as it should be. When |r| = 1 (every
pair moved the same way) atanh is infinite and the interval degenerate, so it is left empty and the note says why.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import special, stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

from evaluation.survey.tables import numeric_values
from evaluation.vocabulary import WAVES

CHANGE_COLUMNS = ("test", "n_baseline", "n_follow_up", "n_pairs", "median_baseline", "median_follow_up",
                  "statistic", "p_value", "effect_size", "ci_low", "ci_high", "note")
MIN_PAIRS = 5
NAN = float("nan")


def wilcoxon_signed_rank(baseline: Sequence[float], follow_up: Sequence[float],
                         confidence: float = 0.95) -> pd.DataFrame:
    """Paired change (same respondents at both waves): Wilcoxon signed-rank test and matched-pairs rank-biserial r.

    d = follow_up − baseline per respondent; zero differences are dropped (Wilcoxon's convention) and the rest
    ranked by |d|. T+ and T− are the rank sums of positive and negative d, and
    r = (T+ − T−) / (T+ + T−) (Kerby 2014), with SE(r) = √(n(n+1)(2n+1)/6) / (n(n+1)/2), n the non-zero pairs.
    `statistic` is W = min(T+, T−), as scipy reports it. p is two-sided and equals ``scipy.stats.wilcoxon``'s
    default: exact over all 2ⁿ sign patterns of the mid-ranks for up to 13 pairs (computed here by convolution,
    which is faster), above that scipy's exact (no ties, n ≤ 50) or tie-corrected normal approximation.

    Reference: Wilcoxon F (1945) Biometrics Bulletin 1:80–83; Kerby DS (2014) Comprehensive Psychology 3:11.IT.3.1.
    Tested against scipy (with ties and zeros, n = 4 to 30) and a hand-worked T+/T− example.

    >>> res = wilcoxon_signed_rank([2, 3, 3, 4, 2, 3], [4, 4, 3, 5, 1, 5])  # d = 2, 1, 0, 1, −1, 2
    >>> res[["n_pairs", "statistic", "effect_size"]].to_dict("records")  # T+ = 13, T− = 2 → r = 11/15
    [{'n_pairs': 6, 'statistic': 2.0, 'effect_size': 0.7333333333333333}]
    """
    x, y = _numbers(baseline, "baseline"), _numbers(follow_up, "follow_up")
    if len(x) != len(y):
        raise ValueError(f"a paired test needs one baseline and one follow-up value per respondent; got {len(x)} "
                         f"and {len(y)} values")
    keep = ~(np.isnan(x) | np.isnan(y))
    return pd.DataFrame([_wilcoxon(x[keep], y[keep], confidence)], columns=list(CHANGE_COLUMNS))


def mann_whitney_u(baseline: Sequence[float], follow_up: Sequence[float], confidence: float = 0.95) -> pd.DataFrame:
    """Unpaired change (different respondents at each wave): Mann–Whitney U and Glass's rank-biserial r.

    U is the baseline sample's U (pairs where the baseline answer is higher, ties counting ½), so
    r = 1 − 2U / (n₁n₂) is positive when follow-up answers are higher; equivalently r = P(follow-up > baseline) −
    P(follow-up < baseline) over all n₁n₂ pairs (Cliff's δ). SE(r) = √((n₁ + n₂ + 1) / (3n₁n₂)). p is two-sided,
    from ``scipy.stats.mannwhitneyu`` defaults (normal approximation with tie and continuity correction when ties).

    Reference: Mann HB, Whitney DR (1947) Ann Math Stat 18:50–60; Glass GV (1965) J Educ Meas 2:91–95.
    Tested against scipy and a hand count of the 12 pairs in the example below.

    >>> res = mann_whitney_u([1, 2, 3], [2, 3, 4, 5])  # 9 pairs higher at follow-up, 1 lower, 2 tied
    >>> res[["statistic", "effect_size"]].round(4).to_dict("records")  # U = 1 + 2·½ = 2 → r = 1 − 4/12
    [{'statistic': 2.0, 'effect_size': 0.6667}]
    """
    x, y = _numbers(baseline, "baseline"), _numbers(follow_up, "follow_up")
    return pd.DataFrame([_mann_whitney(x[~np.isnan(x)], y[~np.isnan(y)], confidence)], columns=list(CHANGE_COLUMNS))


def change_by_site(table: pd.DataFrame, value: str = "code", by: str | Sequence[str] = ("site_id", "item_id"), *,
                   min_pairs: int = MIN_PAIRS, confidence: float = 0.95) -> pd.DataFrame:
    """Baseline → follow-up change for every group in `by` (site × item, or site × dimension for scale scores).

    Per group: when at least `min_pairs` respondents (same respondent_id) answered at both waves, a paired
    Wilcoxon signed-rank test on those pairs (`wilcoxon_signed_rank`); otherwise Mann–Whitney U on every answer
    (`mann_whitney_u`; the few respondents in both waves are then treated as independent, and the note says so).
    Counts and medians describe the answers the test used. Null values (non-substantive answers) are left out.
    A group that cannot be tested (one respondent, no answers at a wave, every answer identical) keeps its row,
    with the reason in `note`.

    Columns: the `by` columns, then test, n_baseline, n_follow_up, n_pairs, median_baseline, median_follow_up,
    statistic, p_value, effect_size (rank-biserial r, positive = follow-up higher), ci_low, ci_high, note.

    >>> rows = pd.DataFrame({"site_id": "s1", "item_id": "q1", "respondent_id": list("abcab"),
    ...                      "wave": ["baseline"] * 3 + ["follow_up"] * 2, "code": [2, 3, 3, 4, 4]})
    >>> change_by_site(rows)[["test", "n_pairs", "effect_size"]].to_dict("records")  # 2 pairs < 5: unpaired
    [{'test': 'mann_whitney_u', 'n_pairs': 2, 'effect_size': 1.0}]
    """
    by = [by] if isinstance(by, str) else list(by)
    data = _checked(table, value, [*by, "respondent_id", "wave"])
    twice = data.dropna(subset=[value]).duplicated([*by, "wave", "respondent_id"])
    if twice.any():
        first = data.dropna(subset=[value])[twice].iloc[0]
        raise ValueError(f"respondent {first['respondent_id']!r} has two {value!r} values at {first['wave']} in "
                         f"{dict(first[by])}; give one value per respondent, wave and group")
    rows = []
    for key, group in data.groupby(by, sort=True, dropna=False):
        answered = group.dropna(subset=[value])
        base, follow = (answered[answered["wave"] == w].set_index("respondent_id")[value] for w in WAVES)
        matched = base.index.intersection(follow.index)
        if len(matched) >= min_pairs:
            result = _wilcoxon(base[matched].to_numpy(), follow[matched].to_numpy(), confidence)
            unused = len(base) + len(follow) - 2 * len(matched)
            if unused and not result["note"].startswith("not computable"):
                _add_note(result, f"paired: {unused} answers from respondents seen at one wave only not used")
        else:
            result = _mann_whitney(base.to_numpy(), follow.to_numpy(), confidence)
            if group["respondent_id"].nunique() == 1:
                result["note"] = "not computable: one respondent"
            elif len(matched) and not result["note"].startswith("not computable"):
                one = len(matched) == 1
                _add_note(result, f"unpaired: {len(matched)} respondent{'' if one else 's'} answered both waves "
                                  f"(fewer than {min_pairs}) and {'is' if one else 'are'} treated as independent")
            result["n_pairs"] = len(matched)
        rows.append({**dict(zip(by, key if isinstance(key, tuple) else (key,))), **result})
    return pd.DataFrame(rows, columns=[*by, *CHANGE_COLUMNS])


def _wilcoxon(x: np.ndarray, y: np.ndarray, confidence: float) -> dict:
    result = _descriptives("wilcoxon_signed_rank", x, y, n_pairs=len(x))
    d = y - x
    nonzero = d[d != 0]
    if note := _not_computable(x, y) or ("" if nonzero.size else "not computable: no respondent's answer changed"):
        return {**result, "test": None, "note": note}
    ranks = stats.rankdata(np.abs(nonzero))
    t_plus, t_minus = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
    n = nonzero.size
    r = (t_plus - t_minus) / (t_plus + t_minus)
    se = np.sqrt(n * (n + 1) * (2 * n + 1) / 6) / (n * (n + 1) / 2)
    # scipy enumerates every sign flip with apply_along_axis (0.1 s a call) when d has ≤ 13 values; the same exact
    # distribution by convolution is instant, and equal to scipy's p (see the tests).
    p_value = _signed_rank_exact_p(ranks, t_plus) if len(d) <= 13 else float(stats.wilcoxon(y, x).pvalue)
    return {**result, **_effect(r, se, confidence), "statistic": float(min(t_plus, t_minus)), "p_value": p_value}


def _signed_rank_exact_p(ranks: np.ndarray, t_plus: float) -> float:
    """Two-sided p of T+ over all 2ⁿ sign assignments of the (mid)ranks: P(|T − E T| ≥ |t − E T|)."""
    doubled = np.rint(2 * ranks).astype(int)  # midranks are multiples of ½
    counts = np.zeros(doubled.sum() + 1)
    counts[0] = 1.0
    for rank in doubled:
        counts[rank:] = counts[rank:] + counts[:-rank]
    centre, observed = doubled.sum() / 2, 2 * t_plus
    extreme = np.abs(np.arange(counts.size) - centre) >= abs(observed - centre) - 1e-9
    return float(min(1.0, counts[extreme].sum() / counts.sum()))


def _mann_whitney(x: np.ndarray, y: np.ndarray, confidence: float) -> dict:
    result = _descriptives("mann_whitney_u", x, y, n_pairs=0)
    if note := _not_computable(x, y):
        return {**result, "test": None, "note": note}
    test = stats.mannwhitneyu(x, y)
    n1, n2 = len(x), len(y)
    r = 1 - 2 * test.statistic / (n1 * n2)
    se = np.sqrt((n1 + n2 + 1) / (3 * n1 * n2))
    return {**result, **_effect(r, se, confidence), "statistic": float(test.statistic),
            "p_value": float(test.pvalue)}


def _add_note(result: dict, note: str) -> None:
    result["note"] = "; ".join(filter(None, [note, result["note"]]))


def _descriptives(test: str, x: np.ndarray, y: np.ndarray, n_pairs: int) -> dict:
    return {"test": test, "n_baseline": len(x), "n_follow_up": len(y), "n_pairs": n_pairs,
            "median_baseline": float(np.median(x)) if len(x) else NAN,
            "median_follow_up": float(np.median(y)) if len(y) else NAN,
            "statistic": NAN, "p_value": NAN, "effect_size": NAN, "ci_low": NAN, "ci_high": NAN, "note": ""}


def _not_computable(x: np.ndarray, y: np.ndarray) -> str:
    for wave, values in zip(WAVES, (x, y)):
        if len(values) < 2:
            return f"not computable: {'no answers' if len(values) == 0 else 'one respondent'} at {wave}"
    both = np.concatenate([x, y])
    if np.all(both == both[0]):
        return f"not computable: every answer is {both[0]:g} at both waves"
    return ""


def _effect(r: float, se: float, confidence: float) -> dict:
    if abs(r) >= 1:
        return {"effect_size": float(r), "note": "no CI: every comparison moved the same way (|r| = 1)"}
    half = stats.norm.ppf(0.5 + confidence / 2) * se
    return {"effect_size": float(r), "ci_low": float(np.tanh(np.arctanh(r) - half)),
            "ci_high": float(np.tanh(np.arctanh(r) + half))}


class OrdinalChange(NamedTuple):
    """Result of `ordinal_change_model`."""
    coefficients: pd.DataFrame  # term, level, reference, log_odds, se, p_value, odds_ratio, ci_low, ci_high
    assumption_check: pd.DataFrame  # Brant test per term and for all terms: term, chi2, df, p_value, holds
    cutpoint_odds_ratios: pd.DataFrame  # separate binary logits: term, level, above, odds_ratio, ci_low, ci_high
    n: int
    note: str


def ordinal_change_model(responses: pd.DataFrame, item: str, value: str = "code", item_column: str = "item_id",
                         terms: Sequence[str] = ("wave", "role", "site_id"),
                         confidence: float = 0.95) -> OrdinalChange:
    """Proportional-odds (ordered logit) model of one item across sites: value ~ wave + role + site.

    logit P(Y ≤ j) = θⱼ − xβ, fitted with statsmodels ``OrderedModel`` (logit link). exp(β) is an odds ratio: for
    wave[follow_up], the odds of a higher answer at follow-up against baseline with role and site held fixed; > 1
    means answers rose. Reference levels: baseline for wave, the most common level for the other terms. Standard
    errors are cluster-robust by respondent (site_id + respondent_id), since matched respondents answer twice; Wald
    CIs are exp(β ± z·SE).

    The model assumes one odds ratio fits every cut-point ("proportional odds"). We check it as R's brant package
    does (Brant 1990): a binary logit of Y > j on the same terms at each cut-point j, then a Wald test that the
    slopes are equal across cut-points, per term and for all terms, with Brant's covariance of the separate fits.
    A cut-point where some level of a term has no answers on one side is left out (its odds ratio is infinite),
    as is one whose logit does not converge; the note names them. `holds` is p ≥ 0.05; `cutpoint_odds_ratios`
    shows how the odds ratios differ when it fails.

    The Brant test treats answers as independent, so with many matched respondents it is a little liberal.

    References: McCullagh P (1980) JRSS B 42:109–142; Brant R (1990) Biometrics 46:1171–1178. Checked: with two
    answer levels the model equals a binary logit (statsmodels Logit, same clustered SEs); on 150 simulated
    proportional-odds surveys (3 sites, 720 answers) the wave test rejected 5.3% at 0.05 (all terms 9.3%); it
    rejects when follow-up moves only the top answer.
    """
    if "wave" not in terms:
        raise ValueError(f"terms must include 'wave' (the change being modelled); got {list(terms)}")
    data = _checked(responses, value, [item_column, *terms])
    data = data[(data[item_column] == item) & data[value].notna()].dropna(subset=list(terms)).reset_index(drop=True)
    if data.empty:
        raise ValueError(f"no answers with a {value!r} value for {item_column} {item!r}")
    levels = {t: _levels(data[t].astype(str), "baseline" if t == "wave" else None) for t in terms}
    used = [t for t in terms if len(levels[t]) > 1]
    if "wave" in terms and "wave" not in used:
        raise ValueError(f"{item!r} has answers from one wave only; change needs both baseline and follow_up")
    X = pd.DataFrame({f"{t}[{lv}]": (data[t].astype(str) == lv).astype(float) for t in used for lv in levels[t][1:]})
    y = data[value].to_numpy(float)
    categories = np.unique(y)
    if categories.size < 2:
        raise ValueError(f"every answer to {item!r} is {categories[0]:g}: there is nothing to model")
    fit_kwargs = {}
    if {"site_id", "respondent_id"} <= set(data.columns):
        clusters = pd.factorize(data["site_id"].astype(str) + "\x1f" + data["respondent_id"].astype(str))[0]
        fit_kwargs = {"cov_type": "cluster", "cov_kwds": {"groups": clusters}}
    endog = pd.Series(pd.Categorical(y, categories=categories, ordered=True))
    fit = OrderedModel(endog, X, distr=_LOGISTIC).fit(method="bfgs", maxiter=5000, disp=False, **fit_kwargs)
    z = stats.norm.ppf(0.5 + confidence / 2)
    coefficients = pd.DataFrame({"term": [c.split("[")[0] for c in X.columns],
                                 "level": [c.split("[", 1)[1][:-1] for c in X.columns]})
    coefficients = coefficients.assign(reference=[levels[t][0] for t in coefficients["term"]],
                                       log_odds=fit.params[X.columns].to_numpy(), se=fit.bse[X.columns].to_numpy(),
                                       p_value=fit.pvalues[X.columns].to_numpy())
    for column, shift in (("odds_ratio", 0), ("ci_low", -z), ("ci_high", z)):
        coefficients[column] = np.exp(coefficients["log_odds"] + shift * coefficients["se"])
    empty_cell = {c for c in categories[:-1] for t in used if (pd.crosstab(data[t], y > c).to_numpy() == 0).any()}
    check, by_cut, failed = _brant(X, y, [c for c in categories[:-1] if c not in empty_cell], used, z)
    left_out = {"some level has no answers on one side": sorted(empty_cell), "the logit did not converge": failed}
    notes = [f"cut-points above {', '.join(f'{c:g}' for c in cuts)} left out of the check: {why}"
             for why, cuts in left_out.items() if cuts]
    if not fit.mle_retvals.get("converged", True):
        notes.append("Warning: the model fit did not converge; treat the estimates with caution")
    return OrdinalChange(coefficients, check, by_cut, len(data), _model_note(coefficients, check, item, data,
                                                                               confidence, notes))


class _Logistic(stats._continuous_distns.logistic_gen):
    """scipy's standard logistic with its cdf and pdf computed directly: the same values, without scipy's generic
    argument checking, which is most of the cost of fitting OrderedModel (thousands of calls per fit)."""

    def cdf(self, x):
        return special.expit(x)

    def pdf(self, x):
        p = special.expit(x)
        return p * (1 - p)


_LOGISTIC = _Logistic(name="logistic")


def _brant(X: pd.DataFrame, y: np.ndarray, cuts: list, terms: Sequence[str], z: float):
    """Brant's Wald test: fits logit P(Y > j) = αⱼ + xβⱼ per cut j; Cov(β̂ⱼ, β̂ₗ) = Iⱼ⁻¹ X'WⱼₗX Iₗ⁻¹ with
    Wⱼₗ = diag(πₗ(1 − πⱼ)) for j ≤ l; χ² = (Dβ)'(DVD')⁺(Dβ) over β₁ − βⱼ, df = rank(DVD')."""
    design = np.column_stack([np.ones(len(X)), X.to_numpy(float)])
    fits, failed = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cut in cuts:
            fit = sm.Logit((y > cut).astype(float), design).fit(disp=False, maxiter=200)
            good = fit.mle_retvals.get("converged", False) and np.isfinite(fit.bse).all()
            fits.append((cut, fit)) if good else failed.append(cut)
    by_cut = pd.DataFrame([{"term": c.split("[")[0], "level": c.split("[", 1)[1][:-1], "above": cut,
                            "odds_ratio": np.exp(f.params[i + 1]), "ci_low": np.exp(f.params[i + 1] - z * f.bse[i + 1]),
                            "ci_high": np.exp(f.params[i + 1] + z * f.bse[i + 1])}
                           for cut, f in fits for i, c in enumerate(X.columns)],
                          columns=["term", "level", "above", "odds_ratio", "ci_low", "ci_high"])
    check = pd.DataFrame(columns=["term", "chi2", "df", "p_value", "holds"])
    if len(fits) < 2:
        return check, by_cut, failed
    pis = [f.predict() for _, f in fits]
    inverse = [np.linalg.pinv(design.T @ (design * (p * (1 - p))[:, None])) for p in pis]
    k, p = len(fits), X.shape[1]
    V = np.zeros((k * p, k * p))
    for j in range(k):
        for m in range(j, k):
            block = (inverse[j] @ (design.T @ (design * (pis[m] * (1 - pis[j]))[:, None])) @ inverse[m])[1:, 1:]
            V[j * p:(j + 1) * p, m * p:(m + 1) * p], V[m * p:(m + 1) * p, j * p:(j + 1) * p] = block, block.T
    beta = np.concatenate([f.params[1:] for _, f in fits])
    rows = []
    for term in [*terms, "all terms"]:
        chosen = [i for i, c in enumerate(X.columns) if term == "all terms" or c.startswith(f"{term}[")]
        D = np.zeros(((k - 1) * len(chosen), k * p))
        for j in range(1, k):
            for i, c in enumerate(chosen):
                D[(j - 1) * len(chosen) + i, [c, j * p + c]] = 1.0, -1.0
        diff, var = D @ beta, D @ V @ D.T
        chi2, df = float(diff @ np.linalg.pinv(var) @ diff), int(np.linalg.matrix_rank(var))
        p_value = float(stats.chi2.sf(chi2, df)) if df else NAN
        rows.append({"term": term, "chi2": chi2, "df": df, "p_value": p_value, "holds": bool(p_value >= 0.05)})
    return pd.DataFrame(rows), by_cut, failed


def _model_note(coefficients, check, item, data, confidence, notes) -> str:
    wave = coefficients[coefficients["term"] == "wave"].iloc[0]
    sites = f" at {data['site_id'].nunique()} sites" if "site_id" in data else ""
    words = [f"{item}: {len(data)} answers{sites}.",
             f"With the other terms held fixed, the odds of a higher answer at follow-up were {wave.odds_ratio:.2f} "
             f"times those at baseline ({confidence:.0%} CI {wave.ci_low:.2f} to {wave.ci_high:.2f}, "
             f"p = {wave.p_value:.2g})."]
    if check.empty:
        words.append("Proportional odds not checked: it needs two cut-points with answers either side at every "
                     "level.")
    elif check["holds"].all():
        words.append(f"The proportional-odds assumption looks reasonable (Brant test, all terms "
                     f"p = {check['p_value'].iloc[-1]:.2g}).")
    else:
        failing = ", ".join(check.loc[~check["holds"] & (check["term"] != "all terms"), "term"]) or "the terms jointly"
        words.append(f"The proportional-odds assumption is doubtful for {failing} (Brant p < 0.05): one odds ratio "
                     f"averages effects that differ across answer levels; read cutpoint_odds_ratios.")
    return " ".join(words + [f"{n[0].upper()}{n[1:]}." for n in notes])


def _levels(column: pd.Series, reference: str | None) -> list:
    counts = column.astype(str).value_counts()
    order = sorted(counts.index, key=lambda lv: (-counts[lv], lv))
    if reference in order:
        order.remove(reference)
        order.insert(0, reference)
    return order


def _checked(table: pd.DataFrame, value: str, columns: Sequence[str]) -> pd.DataFrame:
    data = numeric_values(table, value, columns)
    if "wave" in columns:
        bad = sorted(set(data["wave"].astype(object).where(data["wave"].notna(), "<blank>")) - set(WAVES))
        if bad:
            raise ValueError(f"wave must be 'baseline' or 'follow_up'; found {', '.join(map(repr, bad))}. Map the "
                             f"labels with Instrument.map_wave first")
        data["wave"] = data["wave"].astype(str)
    return data


def _numbers(values: Sequence[float], name: str) -> np.ndarray:
    try:
        return np.asarray(pd.to_numeric(pd.Series(values, dtype=object)), dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers: {error}") from None
