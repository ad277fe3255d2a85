"""Agreement between two codings, measured the way qualitative researchers measure two human coders.

The unit is the segment: for each theme (or category) each coder either applied it to a segment or did not, so
every theme is a binary rating of the same segments by two coders. Per theme we report raw agreement, Cohen's κ
and Krippendorff's α (nominal), and, treating the second coding as the reference (a human reviewer, say),
precision, recall and F1 of the first.

Landis & Koch (1977) bands put words to κ: below 0 poor, up to 0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate,
0.61–0.80 substantial, 0.81–1 almost perfect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from evaluation.coding.codebook import Codebook
from evaluation.coding.codings import presence

AGREEMENT_COLUMNS = ("level", "code", "name", "category", "first_coder", "second_coder", "n_segments",
                     "first_positive", "second_positive", "both_positive", "percent_agreement", "cohen_kappa",
                     "krippendorff_alpha", "precision", "recall", "f1", "note")
OVERALL = "overall"
_PLURAL = {"theme": "themes", "category": "categories"}
_BANDS = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"),
          (1.0, "almost perfect"))


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's κ for two coders rating the same units.

    κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of units the coders agree on and pₑ = Σₖ pₐ(k)·p_b(k) the
    agreement expected by chance from each coder's own rates.

    When both coders give every unit the same single value (say neither ever applied a theme), pₑ = 1 and κ is
    0/0: undefined. We return NaN rather than 1 or 0, because two coders who never used a code tell us nothing
    about whether they would agree on it.

    Reference: Cohen J (1960) A coefficient of agreement for nominal scales. Educ Psychol Meas 20:37–46.
    Computed with scikit-learn's ``cohen_kappa_score``; tested against hand-worked 2×2 tables and the
    50-proposal example in Wikipedia's "Cohen's kappa" article (κ = 0.4).

    >>> round(cohen_kappa([1, 1, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0]), 4)  # pₒ = 5/6, pₑ = 1/2 → κ = 2/3
    0.6667
    >>> cohen_kappa([0, 0, 0], [0, 0, 0])
    nan
    """
    a, b = _paired_ratings(a, b)
    if any(pd.isna(v) for v in a + b):
        raise ValueError("Cohen's κ needs every unit rated by both coders; use krippendorff_alpha for missing values")
    if len(set(a) | set(b)) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def krippendorff_alpha(a: Sequence[float], b: Sequence[float]) -> float:
    """Krippendorff's α (nominal) for two coders rating the same units; NaN marks a unit a coder left unrated.

    α = 1 − Dₒ / Dₑ, with Dₒ the observed and Dₑ the chance-expected disagreement read off the coincidence
    matrix of pairable values. For binary data and two coders this is α = 1 − (n − 1)·o₀₁ / (n₀·n₁), where n is
    the number of pairable values (twice the units), o₀₁ the off-diagonal coincidences and n₀, n₁ the totals.
    Unlike κ, α pools both coders' values to estimate chance and corrects for small samples.

    Undefined (NaN) when fewer than two distinct values occur, for the same reason as κ.

    Reference: Krippendorff K (2011) Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania. Computed with the ``krippendorff`` package (Castro S); tested
    against the paper's two-observer examples (binary α = 0.095, nominal α = 0.692).

    >>> round(krippendorff_alpha([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), 4)
    0.0952
    """
    a, b = _paired_ratings(a, b)
    ratings = np.array([a, b], dtype=float)  # coders × units, NaN where a coder left a unit unrated
    if np.unique(ratings[~np.isnan(ratings)]).size < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=ratings, level_of_measurement="nominal"))


def landis_koch_band(kappa: float) -> str:
    """The Landis & Koch word for a κ: poor, slight, fair, moderate, substantial or almost perfect.

    Reference: Landis JR, Koch GG (1977) The measurement of observer agreement for categorical data.
    Biometrics 33:159–174. Band edges belong to the lower band (0.20 is slight, 0.21 fair).

    >>> landis_koch_band(0.62)
    'substantial'
    """
    if pd.isna(kappa):
        return "not computable"
    if kappa < 0:
        return "poor"
    return next(band for upper, band in _BANDS[1:] if kappa <= upper or upper == 1.0)


def coding_agreement(first: pd.DataFrame, second: pd.DataFrame, segment_ids: Iterable[str], codebook: Codebook,
                     level: str = "theme") -> pd.DataFrame:
    """How far two codings agree, one row per theme (or category, with level="category") plus an overall row.

    Each coding is a long table (``evaluation.coding.codings.CODING_COLUMNS``); a segment in `segment_ids` that a
    coding never mentions counts as coded with nothing. `second` is the reference: precision is the share of the
    first coder's codes the second also applied, recall the share of the second's codes the first found.

    The overall row pools every segment × theme decision (n_segments × number of themes units), so common themes
    weigh more than rare ones, as in a pooled κ. When κ cannot be computed the `note` column says why.
    Checked against per-theme and pooled 2×2 tables worked by hand (tests/test_agreement.py).

    Columns: level, code, name, category, first_coder, second_coder, n_segments, first_positive, second_positive,
    both_positive, percent_agreement (0–100), cohen_kappa, krippendorff_alpha, precision, recall, f1, note.

    >>> from evaluation.coding.codebook import build_codebook
    >>> from evaluation.coding.codings import coding_frame
    >>> book = build_codebook({"codebook": "demo", "version": 1, "categories": {c: {} for c in
    ...     ("facilitator", "value", "challenge")}, "themes": [{"id": "time", "category": "challenge",
    ...     "name": "Time", "definition": "d", "patterns": ["time"]}]})
    >>> rules = coding_frame([{"segment_id": s, "theme_id": "time", "category": "challenge", "coder": "rules"}
    ...                       for s in ("s1", "s2", "s3")])
    >>> human = coding_frame([{"segment_id": s, "theme_id": "time", "category": "challenge", "coder": "human"}
    ...                       for s in ("s1", "s2", "s4")])
    >>> # 2 segments coded by both, 1 by each alone, 2 by neither: pₒ = 4/6, pₑ = 1/2 → κ = 1/3
    >>> table = coding_agreement(rules, human, ["s1", "s2", "s3", "s4", "s5", "s6"], book)
    >>> print(table[["code", "both_positive", "percent_agreement", "cohen_kappa", "precision", "recall"]]
    ...       .round(3).to_string(index=False))
       code  both_positive  percent_agreement  cohen_kappa  precision  recall
       time              2             66.667        0.333      0.667   0.667
    overall              2             66.667        0.333      0.667   0.667
    """
    if level not in ("theme", "category"):
        raise ValueError(f"level must be 'theme' or 'category', not '{level}'")
    segment_ids = list(dict.fromkeys(segment_ids))
    if not segment_ids:
        raise ValueError("no segments to compare: pass the ids of the segments both coders were asked to code")
    first_table = presence(first, segment_ids, codebook, level)
    second_table = presence(second, segment_ids, codebook, level)
    coders = {"first_coder": coder_name(first, "first"), "second_coder": coder_name(second, "second")}
    rows = [_agreement_row(first_table[code], second_table[code], level, code, codebook) for code in first_table]
    pooled = _agreement_row(first_table.stack(), second_table.stack(), level, OVERALL, codebook)
    pooled["n_segments"] = len(segment_ids)
    table = pd.DataFrame([*rows, pooled]).assign(**coders)
    return table[list(AGREEMENT_COLUMNS)]


def coder_name(coding: pd.DataFrame, default: str) -> str:
    """The coder named in a coding's `coder` column ('rules', 'reviewer'), or `default` when it names none."""
    names = sorted(coding["coder"].dropna().unique())
    return " + ".join(names) if names else default


def agreement_summary(table: pd.DataFrame) -> str:
    """A few plain-English lines on a `coding_agreement` table: overall κ, then codes grouped by Landis & Koch band.

    >>> print(agreement_summary(pd.DataFrame([
    ...     {"level": "theme", "code": "time", "name": "Time", "first_coder": "rules", "second_coder": "human",
    ...      "n_segments": 40, "percent_agreement": 90.0, "cohen_kappa": 0.62, "krippendorff_alpha": 0.61,
    ...      "note": ""},
    ...     {"level": "theme", "code": "overall", "name": "All themes", "first_coder": "rules",
    ...      "second_coder": "human", "n_segments": 40, "percent_agreement": 90.0, "cohen_kappa": 0.62,
    ...      "krippendorff_alpha": 0.61, "note": ""}])))
    rules vs human (reference) on 40 segments: κ 0.62 overall across themes (substantial), α 0.61, 90% raw agreement.
    Substantial: Time (κ 0.62).
    """
    overall = table[table["code"] == OVERALL].iloc[0]
    lines = [f"{overall['first_coder']} vs {overall['second_coder']} (reference) on {overall['n_segments']} "
             f"segments: κ {_number(overall['cohen_kappa'])} overall across {_PLURAL[overall['level']]} "
             f"({landis_koch_band(overall['cohen_kappa'])}), α {_number(overall['krippendorff_alpha'])}, "
             f"{overall['percent_agreement']:.0f}% raw agreement."]
    codes = table[table["code"] != OVERALL].sort_values("cohen_kappa", ascending=False, kind="stable")
    for _, band in reversed(_BANDS):
        in_band = codes[codes["cohen_kappa"].map(landis_koch_band) == band]
        if len(in_band):
            listed = ", ".join(f"{r.name} (κ {_number(r.cohen_kappa)})" for r in in_band.itertuples())
            lines.append(f"{band.capitalize()}: {listed}.")
    undefined = codes[codes["cohen_kappa"].isna()]
    for note, group in undefined.groupby("note", sort=False):
        lines.append(f"Not computable ({note}): {', '.join(group['name'])}.")
    return "\n".join(lines)


def _agreement_row(first: pd.Series, second: pd.Series, level: str, code: str, codebook: Codebook) -> dict:
    first, second = first.to_numpy(dtype=int), second.to_numpy(dtype=int)
    both = int((first & second).sum())
    first_positive, second_positive = int(first.sum()), int(second.sum())
    kappa = cohen_kappa(first, second)
    return {
        "level": level, "code": code, **_label(code, level, codebook), "n_segments": len(first),
        "first_positive": first_positive, "second_positive": second_positive, "both_positive": both,
        "percent_agreement": 100 * float((first == second).mean()),
        "cohen_kappa": kappa, "krippendorff_alpha": krippendorff_alpha(first, second),
        "precision": _ratio(both, first_positive), "recall": _ratio(both, second_positive),
        "f1": _ratio(2 * both, first_positive + second_positive),
        "note": _why_undefined(first_positive, second_positive, len(first), level, code) if np.isnan(kappa) else "",
    }


def _label(code: str, level: str, codebook: Codebook) -> dict:
    if code == OVERALL:
        return {"name": f"All {_PLURAL[level]}", "category": pd.NA}
    if level == "category":
        return {"name": next(c.name for c in codebook.categories if c.id == code), "category": code}
    theme = codebook.theme(code)
    return {"name": theme.name, "category": theme.category}


def _why_undefined(first_positive: int, second_positive: int, n: int, level: str, code: str) -> str:
    what = f"any {level}" if code == OVERALL else f"this {level}"
    if first_positive == second_positive == 0:
        return f"neither coder applied {what}"
    if first_positive == second_positive == n:
        return f"both coders applied {what} to every segment"
    return "not computable"


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def _number(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.2f}"


def _paired_ratings(a: Sequence[int], b: Sequence[int]) -> tuple[list, list]:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"the two coders rated different numbers of units ({len(a)} and {len(b)})")
    if not a:
        raise ValueError("no units rated: agreement needs at least one unit coded by both coders")
    return a, b
