"""Differences between sites: Kruskal–Wallis per item, Dunn's pairwise follow-ups, Benjamini–Hochberg, plain words.

The order of work is the one NHS survey benchmarking uses: first ask, item by item, whether sites differ at all
(Kruskal–Wallis, with ε² for how much), correcting for the number of items tested (Benjamini–Hochberg over the
family of Kruskal–Wallis tests); only where they do, ask which sites differ (Dunn's test, corrected separately within
each item's family of site pairs). Each site then gets words a commissioner can read: "about the same as other
sites", or "higher than X; lower than Y". "Higher" means higher values: on the shipped instrument, more agreement,
so compare reverse-coded items on reverse-coded values or scale scores.

Pass one wave at a time (or put "wave" in `by`): a respondent answering twice would be counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from evaluation.prose import joined
from evaluation.survey.tables import numeric_values

Q = 0.05
MIN_PER_SITE = 2
SAME = "about the same as other sites"
KRUSKAL_COLUMNS = ("n_sites", "n", "statistic", "df", "p_value", "epsilon_squared", "p_adjusted", "significant",
                   "note")


def benjamini_hochberg(pvalues: Sequence[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order; NaN stays NaN.

    With the m non-missing p-values sorted, p₍ᵢ₎ → min over k ≥ i of min(1, m·p₍ₖ₎ / k). A test is significant at
    false discovery rate q when its adjusted p ≤ q (the BH step-up rule). NaN p-values (tests not run) are not
    counted in m.

    Reference: Benjamini Y, Hochberg Y (1995) JRSS B 57:289–300. Tested against statsmodels
    ``multipletests(method="fdr_bh")`` and a hand-worked example.

    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.20]).round(4).tolist()  # 4·0.01/1, min(4·0.03/2, 4·0.04/3), ...
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(pvalues, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p-values must lie between 0 and 1; got {p[(p < 0) | (p > 1)].tolist()}")
    adjusted = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    if present.size:
        order = present[np.argsort(p[present], kind="stable")]
        scaled = p[order] * present.size / np.arange(1, present.size + 1)
        adjusted[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return adjusted


def kruskal_by_item(table: pd.DataFrame, value: str = "code", group: str = "site_id",
                    by: str | Sequence[str] = "item_id", *, q: float = Q,
                    min_per_group: int = MIN_PER_SITE) -> pd.DataFrame:
    """Kruskal–Wallis H per item (each `by` group), comparing the `group`s (sites), with ε² and BH-adjusted p.

    H is scipy's (``scipy.stats.kruskal``, corrected for ties), df = k − 1 for k sites, and
    ε² = H / ((n² − 1)/(n + 1)) = H / (n − 1), the share of rank variance between sites (0 none, 1 all).
    p_adjusted is Benjamini–Hochberg over the rows tested (the family of items, or of wave × item when `by` holds
    both); significant is p_adjusted ≤ q. Sites with
    fewer than `min_per_group` answers to an item are left out of its test (the note names them); an item with
    fewer than two sites left, or with every answer identical, keeps its row with the reason in `note`.

    Reference: Kruskal WH, Wallis WA (1952) JASA 47:583–621; Tomczak M, Tomczak E (2014) Trends in Sport Sciences
    21:19–25 (ε²). Tested against scipy and a hand-ranked example.

    >>> rows = pd.DataFrame({"site_id": list("aaabbbccc"), "item_id": "q1", "code": [1, 2, 3, 3, 4, 5, 4, 5, 5]})
    >>> kruskal_by_item(rows)[["statistic", "df", "epsilon_squared"]].round(3).to_dict("records")  # ε² = H / 8
    [{'statistic': 5.544, 'df': 2, 'epsilon_squared': 0.693}]
    """
    by = _as_list(by)
    data = _checked(table, value, group, by)
    rows = []
    for key, block in data.groupby(by, sort=True):
        arrays, dropped = _site_values(block, value, group, min_per_group)
        row = {**_key(by, key), "n_sites": len(arrays), "n": sum(len(a) for a in arrays.values()),
               "statistic": np.nan, "df": len(arrays) - 1, "p_value": np.nan, "epsilon_squared": np.nan, "note": ""}
        values = np.concatenate(list(arrays.values())) if arrays else np.array([])
        if len(arrays) < 2:
            row["note"] = "not computable: fewer than two sites with enough answers"
        elif np.all(values == values[0]):
            row["note"] = f"not computable: every answer is {values[0]:g}"
        else:
            h, p = stats.kruskal(*arrays.values())
            row.update(statistic=float(h), p_value=float(p), epsilon_squared=float(h / ((row["n"] ** 2 - 1) /
                                                                                       (row["n"] + 1))))
        if dropped:
            row["note"] = "; ".join(filter(None, [row["note"], f"left out (fewer than {min_per_group} answers): "
                                                                f"{', '.join(dropped)}"]))
        rows.append(row)
    result = pd.DataFrame(rows, columns=[*by, *KRUSKAL_COLUMNS])
    result["p_adjusted"] = benjamini_hochberg(result["p_value"].to_numpy(float))
    result["significant"] = result["p_adjusted"] <= q
    return result


def dunn_test(table: pd.DataFrame, value: str = "code", group: str = "site_id", *, q: float = Q,
              names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Dunn's pairwise test between every two `group`s (sites) of one item, tie-corrected, BH-adjusted.

    Values are ranked together (mid-ranks for ties); for sites a and b with mean ranks R̄ₐ, R̄_b and sizes nₐ, n_b,
    z = (R̄ₐ − R̄_b) / √{[N(N + 1)/12 − Σ(t³ − t) / (12(N − 1))] · (1/nₐ + 1/n_b)}, t the size of each tie group;
    p is two-sided normal. p_adjusted is Benjamini–Hochberg over this family of site pairs. effect_size is Cliff's δ
    = P(a > b) − P(a < b) between the two sites' values (rank-biserial r; positive = a higher). `words` reads
    "<a> higher than <b>" for a significant pair, else "no clear difference".

    Reference: Dunn OJ (1964) Technometrics 6:241–252, as in R's dunn.test (Dinno) and scikit-posthocs. Tested:
    for two sites z² equals the tie-corrected Kruskal–Wallis H (scipy), and against a hand-ranked example.

    >>> rows = pd.DataFrame({"site_id": list("aaabbbccc"), "code": [1, 2, 3, 3, 4, 5, 4, 5, 5]})
    >>> dunn_test(rows)[["site_id_a", "site_id_b", "z"]].round(3).to_dict("records")  # SE = √(7.125 · 2/3)
    [{'site_id_a': 'a', 'site_id_b': 'b', 'z': -1.606}, {'site_id_a': 'a', 'site_id_b': 'c', 'z': -2.294}, \
{'site_id_a': 'b', 'site_id_b': 'c', 'z': -0.688}]
    """
    data = _checked(table, value, group, []).dropna(subset=[value])
    values = data[value].to_numpy(float)
    ranks = stats.rankdata(values)
    n = len(values)
    _, ties = np.unique(values, return_counts=True)
    variance = n * (n + 1) / 12 - (ties ** 3 - ties).sum() / (12 * (n - 1)) if n > 1 else np.nan
    labels = data[group].astype(str).to_numpy()
    sites = {site: (values[labels == site], ranks[labels == site]) for site in sorted(set(labels))}
    rows = []
    for i, (a, (values_a, ranks_a)) in enumerate(sites.items()):
        for b, (values_b, ranks_b) in list(sites.items())[i + 1:]:
            rows.append({f"{group}_a": a, f"{group}_b": b, "n_a": len(values_a), "n_b": len(values_b),
                         "mean_rank_a": ranks_a.mean(), "mean_rank_b": ranks_b.mean(),
                         "effect_size": np.sign(values_a[:, None] - values_b[None, :]).mean()})
    result = pd.DataFrame(rows, columns=_pair_columns(group))
    se = np.sqrt(variance * (1 / result["n_a"] + 1 / result["n_b"]))
    result["z"] = ((result["mean_rank_a"] - result["mean_rank_b"]) / se).where(se > 0)
    result["p_value"] = 2 * stats.norm.sf(result["z"].abs())
    result["p_adjusted"] = benjamini_hochberg(result["p_value"].to_numpy(float))
    result["significant"] = result["p_adjusted"] <= q
    name = (lambda s: names.get(s, s)) if names else str
    result["words"] = [(f"{name(a)} {'higher' if z > 0 else 'lower'} than {name(b)}" if sig else
                        "no clear difference") for a, b, z, sig in
                       zip(result[f"{group}_a"], result[f"{group}_b"], result["z"], result["significant"])]
    return result


class SiteComparison(NamedTuple):
    """Result of `compare_sites`."""
    kruskal: pd.DataFrame  # one row per item: H, df, p, ε², p_adjusted, significant, note
    pairwise: pd.DataFrame  # Dunn's test per site pair, for items where sites differ
    summary: pd.DataFrame  # one row per item and site: n, median, words


def compare_sites(table: pd.DataFrame, value: str = "code", group: str = "site_id",
                  by: str | Sequence[str] = "item_id", *, q: float = Q, min_per_group: int = MIN_PER_SITE,
                  names: Mapping[str, str] | None = None) -> SiteComparison:
    """Do sites differ, item by item, and how: Kruskal–Wallis, then Dunn's test where it is significant, in words.

    `kruskal_by_item` over every item (BH over the items); for each item whose adjusted p ≤ q, `dunn_test` between
    its sites (BH within the item). `summary` gives each site per item its n, median and words: "about the same as
    other sites" when the item shows no difference between sites, or no pair involving the site is significant;
    otherwise "higher than X and Y; lower than Z". A site with too few answers reads "not compared: one respondent"
    (or "no answers"). `names` maps site ids to the names used in the words.

    >>> rows = pd.DataFrame({"site_id": list("aaaaabbbbb"), "item_id": "q1", "code": [1, 1, 2, 1, 2, 5, 4, 5, 5, 4]})
    >>> compare_sites(rows).summary[["site_id", "words"]].to_dict("records")
    [{'site_id': 'a', 'words': 'lower than b'}, {'site_id': 'b', 'words': 'higher than a'}]
    """
    by = _as_list(by)
    data = _checked(table, value, group, by)
    kruskal = kruskal_by_item(data, value, group, by, q=q, min_per_group=min_per_group)
    frames, summary, groups = [], [], data.groupby(by, sort=True)
    for _, test in kruskal.iterrows():
        key = tuple(test[b] for b in by)
        block = groups.get_group(key)
        arrays, _ = _site_values(block, value, group, min_per_group)
        verdicts = {}
        if test["significant"]:
            kept = block[block[group].astype(str).isin(list(arrays))]
            pairs = dunn_test(kept, value, group, q=q, names=names)
            frames.append(pairs.assign(**_key(by, key))[[*by, *pairs.columns]])
            verdicts = _verdicts(pairs, group, names)
        counts = block.dropna(subset=[value]).groupby(block[group].astype(str))[value]
        for site in sorted(block[group].astype(str).unique()):
            answers = counts.get_group(site) if site in counts.groups else pd.Series(dtype=float)
            summary.append({**_key(by, key), group: site, "n": len(answers),
                            "median": float(answers.median()) if len(answers) else np.nan,
                            "words": verdicts.get(site, SAME) if site in arrays else _not_compared(len(answers))})
    pairwise = (pd.concat(frames, ignore_index=True) if frames else
                pd.DataFrame(columns=[*by, *_pair_columns(group)]))
    return SiteComparison(kruskal, pairwise, pd.DataFrame(summary, columns=[*by, group, "n", "median", "words"]))


def _verdicts(pairs: pd.DataFrame, group: str, names: Mapping[str, str] | None) -> dict[str, str]:
    """Words for each site of one item from its significant pairs: "higher than X; lower than Y"."""
    name = (lambda s: names.get(s, s)) if names else str
    higher: dict[str, list[str]] = {}
    lower: dict[str, list[str]] = {}
    for a, b, z in pairs.loc[pairs["significant"], [f"{group}_a", f"{group}_b", "z"]].itertuples(index=False):
        top, bottom = (a, b) if z > 0 else (b, a)
        higher.setdefault(top, []).append(name(bottom))
        lower.setdefault(bottom, []).append(name(top))
    return {site: "; ".join(f"{word} than {joined(sorted(others[site]))}" for word, others in
                            (("higher", higher), ("lower", lower)) if site in others)
            for site in {*higher, *lower}}


def _not_compared(n: int) -> str:
    return f"not compared: {'no answers' if n == 0 else 'one respondent' if n == 1 else f'only {n} answers'}"




def _pair_columns(group: str) -> list[str]:
    return [f"{group}_a", f"{group}_b", "n_a", "n_b", "mean_rank_a", "mean_rank_b", "z", "p_value", "effect_size",
            "p_adjusted", "significant", "words"]


def _site_values(block: pd.DataFrame, value: str, group: str, min_per_group: int) -> tuple[dict, list[str]]:
    """Each site's answers (sites with enough of them), and the sites left out."""
    answered = block.dropna(subset=[value])
    arrays = {str(site): rows[value].to_numpy(float) for site, rows in answered.groupby(group, sort=True)}
    dropped = sorted(set(block[group].astype(str)) - {s for s, a in arrays.items() if len(a) >= min_per_group})
    return {s: a for s, a in arrays.items() if s not in dropped}, dropped


def _key(by: list[str], key) -> dict:
    return dict(zip(by, key if isinstance(key, tuple) else (key,)))


def _as_list(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _checked(table: pd.DataFrame, value: str, group: str, by: list[str]) -> pd.DataFrame:
    data = numeric_values(table, value, [group, *by])
    if "wave" in data.columns and "wave" not in by and data["wave"].nunique() > 1:
        raise ValueError("the table holds answers from more than one wave, so a respondent could count twice; "
                         "filter it to one wave or add 'wave' to `by`")
    if data[group].isna().any():
        raise ValueError(f"{int(data[group].isna().sum())} rows have no {group!r}; every answer needs a site")
    data[group] = data[group].astype(str)
    return data
