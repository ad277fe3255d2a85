"""The survey analysis across sites: every statistic the evaluation reports, as analysts' tables (exact values).

`analyse_surveys` takes the tidy `survey_responses` of every site and returns named tables: scale scores and their
reliability, item missingness, descriptives per site × wave × role, baseline → follow-up change, the ordinal model,
differences between sites, and the funnel tables. Disclosure control is applied later, to what is published
(`evaluation.publish`); nothing here is rounded or suppressed.

Direction: change, site differences and funnels use reverse-coded values, so "higher" always means more
co-production, also for negatively worded items. Descriptives describe items as worded.

What cannot be computed is never an error here: the row stays, with the reason in `note`, and problems with the
data (e.g. a respondent recorded in two roles) are listed in the `survey_notes` table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from evaluation.survey.change import change_by_site, ordinal_change_model
from evaluation.survey.compare import compare_sites
from evaluation.survey.descriptives import item_missingness, likert_descriptives
from evaluation.survey.funnel import FunnelResult, funnel_limits
from evaluation.survey.instrument import Instrument
from evaluation.survey.scales import reverse_code, role_conflicts, scale_reliability, scale_scores
from evaluation.vocabulary import ALL_ROLES, ALL_SITES, LATEST_WAVE, WAVES

FUNNEL_COLUMNS = ("site_id", "measure", "n", "numerator", "proportion", "target", "lower_95", "upper_95",
                  "lower_998", "upper_998", "band")
NOTE_COLUMNS = ("site_id", "subject", "issue")
MEASURE_COLUMNS = ["measure_type", "measure"]


@dataclass(frozen=True)
class FunnelMeasure:
    """A proportion per site drawn as a funnel plot: `favourable` of the respondents who answered."""
    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class SurveyAnalysis:
    tables: dict[str, pd.DataFrame]  # table name -> analysts' table (exact values)
    funnels: dict[str, FunnelResult]  # measure id -> funnel limits; their tables are also in tables["funnel/<id>"]
    measures: dict[str, FunnelMeasure]

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> SurveyAnalysis:
        """The analysis back from its tables as kept (funnel limits as computed, not recomputed)."""
        if "funnel_measures" not in tables:
            raise ValueError("no funnel_measures table: not a survey analysis")
        funnels, measures = {}, {}
        for row in tables["funnel_measures"].itertuples(index=False):
            funnels[row.measure] = FunnelResult(tables[f"funnel/{row.measure}"], row.target, row.phi, row.tau2,
                                                row.sites, row.over_dispersed, row.note)
            measures[row.measure] = FunnelMeasure(row.measure, row.label, row.definition)
        return cls(dict(tables), funnels, measures)


def analyse_surveys(responses: pd.DataFrame, instrument: Instrument) -> SurveyAnalysis:
    """Every survey statistic across sites. `responses` is the survey_responses table of all sites."""
    kept, notes = set_aside_role_conflicts(responses)
    if kept.empty:
        raise ValueError("no survey responses to analyse")
    scores = scale_scores(kept, instrument)
    coded = reverse_code(kept, instrument)
    values = measure_values(coded, scores, instrument)
    tables = {
        "survey_scores": scores,
        "scale_reliability": pd.concat([
            scale_reliability(kept, instrument, by=["wave"]).assign(site_id=ALL_SITES),
            scale_reliability(kept, instrument, by=["site_id", "wave"])], ignore_index=True)
        .pipe(_first, ["site_id", "wave"]),
        "item_missingness": item_missingness(kept, instrument),
        "item_descriptives": _with_all_roles(lambda by: likert_descriptives(kept, by, instrument)),
        "dimension_descriptives": _with_all_roles(lambda by: score_descriptives(scores, by, instrument)),
        "survey_change": survey_change(values),
        **ordinal_models(coded, instrument),
        **site_differences(values, instrument),
    }
    funnels, measures = {}, {}
    for measure, favourable in funnel_measures(instrument).items():
        result = funnel_table(values, measure, favourable)
        if result is not None:
            funnels[measure.id], measures[measure.id] = result, measure
            tables[f"funnel/{measure.id}"] = result.table[list(FUNNEL_COLUMNS)]
    tables["funnel_measures"] = pd.DataFrame(
        [{"measure": m.id, "label": m.label, "definition": m.definition, "wave": LATEST_WAVE, "sites": r.k,
          "target": r.target, "phi": r.phi, "tau2": r.tau2, "over_dispersed": r.dispersed, "note": r.note}
         for m, r in ((measures[i], funnels[i]) for i in funnels)])
    notes += _not_computed(tables)
    tables["survey_notes"] = pd.DataFrame(notes, columns=list(NOTE_COLUMNS))
    return SurveyAnalysis(tables, funnels, measures)


def set_aside_role_conflicts(responses: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Leave out respondents recorded in two roles within a site (one person or two sharing an id? the data cannot
    say), listing each in the notes, so the rest of the site is analysed."""
    clashes = role_conflicts(responses)
    if clashes.empty:
        return responses, []
    key = ["site_id", "respondent_id"]
    clash_keys = pd.MultiIndex.from_frame(clashes[key])
    kept = responses[~pd.MultiIndex.from_frame(responses[key]).isin(clash_keys)].reset_index(drop=True)
    notes = [{"site_id": c.site_id, "subject": f"respondent {c.respondent_id}",
              "issue": f"recorded as {c.roles.replace('; ', ' and ')} ({c.waves}; {c.source_files}): set aside from "
                       "every survey statistic until the site confirms whether this is one person or two"}
             for c in clashes.itertuples(index=False)]
    return kept, notes


def score_descriptives(scores: pd.DataFrame, by: list[str], instrument: Instrument,
                       ci: float = 0.95) -> pd.DataFrame:
    """Per group × dimension: respondents with a score, mean with its t-interval, sd, median, and the share whose
    score is above the scale's midpoint (pct_positive: on balance agreeing that the project was co-produced).

    The interval is x̄ ± t_{(1+ci)/2, n−1} · s/√n, as in `likert_descriptives`.

    >>> scores = pd.DataFrame({"site_id": "s1", "wave": "baseline", "dimension": "listened_to",
    ...                        "score": [2.0, 3.5, 4.0, 4.5, 5.0]})
    >>> from evaluation.survey.instrument import load_instrument
    >>> row = score_descriptives(scores, ["site_id", "wave"], load_instrument()).iloc[0]
    >>> int(row["n"]), float(row["mean"]), float(row["pct_positive"]), round(float(row["ci_high"]), 3)
    (5, 3.8, 80.0, 5.229)
    """
    middle = instrument.midpoint
    scored = scores.dropna(subset=["score"]).assign(positive=lambda f: (f["score"] > middle).astype(float))
    out = (scored.groupby([*by, "dimension"], sort=True)
           .agg(n=("score", "size"), mean=("score", "mean"), sd=("score", "std"), median=("score", "median"),
                pct_positive=("positive", "mean"))
           .reset_index())
    out["pct_positive"] *= 100
    critical = stats.t.ppf((1 + ci) / 2, (out["n"] - 1).where(out["n"] >= 2))
    half_width = critical * out["sd"] / np.sqrt(out["n"])
    out["ci_low"], out["ci_high"] = out["mean"] - half_width, out["mean"] + half_width
    out["note"] = pd.Series(["1 respondent: a confidence interval needs at least 2" if n == 1 else None
                             for n in out["n"]], index=out.index, dtype="string")
    rank = {d: i for i, d in enumerate(dict.fromkeys(item.dimension for item in instrument.items))}
    return out.sort_values([*by, "dimension"], kind="stable",
                           key=lambda c: c.map(rank) if c.name == "dimension" else c).reset_index(drop=True)


def measure_values(coded: pd.DataFrame, scores: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One long table of every value a test compares: item codes of `coded` (the responses after
    `scales.reverse_code`, measure_type "item") and dimension scores ("dimension"), with site_id, respondent_id,
    wave, role, measure and value. A one-item dimension is left out: its scores are its item's codes, and testing
    them twice would inflate the family."""
    items = coded.assign(measure_type="item", measure=coded["item_id"], value=coded["code"].astype("float64"))
    scored = scores[scores["dimension"].isin(multi_item_dimensions(instrument))]
    dimensions = scored.assign(measure_type="dimension", measure=scored["dimension"], value=scored["score"])
    columns = ["site_id", "respondent_id", "wave", "role", *MEASURE_COLUMNS, "value"]
    return pd.concat([items[columns], dimensions[columns]], ignore_index=True).dropna(subset=["value"])


def survey_change(values: pd.DataFrame) -> pd.DataFrame:
    """Baseline → follow-up per site and item or dimension, and across all sites pooled (site_id "all"; matched
    respondents are matched within their own site)."""
    pooled = values.assign(respondent_id=values["site_id"] + "/" + values["respondent_id"], site_id=ALL_SITES)
    return pd.concat([change_by_site(values, "value", ["site_id", *MEASURE_COLUMNS]),
                      change_by_site(pooled, "value", ["site_id", *MEASURE_COLUMNS])], ignore_index=True)


def ordinal_models(coded: pd.DataFrame, instrument: Instrument) -> dict[str, pd.DataFrame]:
    """The proportional-odds model of each item across sites, on `coded` (the responses after
    `scales.reverse_code`): value ~ wave + role + site, with the Brant check of its assumption; an item that cannot
    be modelled gets a note saying why."""
    coefficients, checks, summaries = [], [], []
    for item in instrument.items:
        try:
            with warnings.catch_warnings():  # what the warnings say is reported in the note below
                warnings.simplefilter("ignore")
                model = ordinal_change_model(coded, item.id)
        except (ValueError, np.linalg.LinAlgError) as error:
            summaries.append({"item_id": item.id, "n": int(coded["item_id"].eq(item.id).sum()),
                              "assumption_holds": pd.NA, "note": f"not computable: {error}"})
            continue
        coefficients.append(model.coefficients.assign(item_id=item.id))
        checks.append(model.assumption_check.assign(item_id=item.id))
        overall = model.assumption_check[model.assumption_check["term"] == "all terms"]["holds"]
        note = model.note
        if not np.isfinite(model.coefficients["se"]).all():
            note += (" Some terms cannot be told apart in these data (e.g. a role found at one site only): their "
                     "standard errors are undefined.")
        summaries.append({"item_id": item.id, "n": model.n,
                          "assumption_holds": bool(overall.iloc[0]) if len(overall) else pd.NA, "note": note})
    return {
        "ordinal_coefficients": _first(pd.concat(coefficients, ignore_index=True), ["item_id"]) if coefficients
        else pd.DataFrame(columns=["item_id", "term", "level", "odds_ratio"]),
        "ordinal_assumptions": _first(pd.concat(checks, ignore_index=True), ["item_id"]) if checks
        else pd.DataFrame(columns=["item_id", "term", "chi2", "df", "p_value", "holds"]),
        "ordinal_models": pd.DataFrame(summaries).astype({"assumption_holds": "boolean"}),
    }


def site_differences(values: pd.DataFrame, instrument: Instrument) -> dict[str, pd.DataFrame]:
    """Kruskal–Wallis per wave × item and dimension, Benjamini–Hochberg over that whole family; Dunn's test
    between sites where sites differ; and each site's standing in words."""
    comparison = compare_sites(values, "value", "site_id", ["wave", *MEASURE_COLUMNS])
    return {"site_differences": comparison.kruskal, "site_pairs": comparison.pairwise,
            "site_standing": comparison.summary}


def funnel_measures(instrument: Instrument) -> dict[FunnelMeasure, tuple[str, str, Callable]]:
    """The proportions drawn as funnels: per item the share answering favourably (agree, or disagree with a
    negatively worded item), per dimension of two or more items the share whose score is above the midpoint."""
    middle = instrument.midpoint
    above = lambda v: v > middle  # noqa: E731 - reverse-coded values: above the midpoint is favourable
    measures = {}
    for item in instrument.items:
        verb = "disagreed" if item.reverse else "agreed"
        measures[FunnelMeasure(f"{'disagree' if item.reverse else 'agree'}_{item.id}",
                               f"% who {verb}: {item.wording}",
                               f"respondents at {LATEST_WAVE.replace('_', '-')} who {verb} or strongly {verb} with "
                               f"'{item.wording}', of those who answered on the scale")] = ("item", item.id, above)
    for dimension in multi_item_dimensions(instrument):
        words = instrument.dimension_name(dimension).lower()
        measures[FunnelMeasure(f"positive_{dimension}", f"% positive on {words}",
                               f"respondents at {LATEST_WAVE.replace('_', '-')} whose {words} score (mean of its "
                               f"items, reverse-coded where worded negatively) is above the midpoint {middle:g}")] = (
            "dimension", dimension, above)
    return measures


def multi_item_dimensions(instrument: Instrument) -> list[str]:
    """The instrument's dimensions with two or more items, in instrument order."""
    dimensions = [item.dimension for item in instrument.items]
    return [d for d in dict.fromkeys(dimensions) if dimensions.count(d) > 1]


def funnel_table(values: pd.DataFrame, measure: FunnelMeasure, favourable: tuple[str, str, Callable]
                 ) -> FunnelResult | None:
    """Funnel limits for one measure over the sites with answers at the funnel wave (None when no site has any)."""
    measure_type, measure_id, is_favourable = favourable
    chosen = values[(values["wave"] == LATEST_WAVE) & (values["measure_type"] == measure_type)
                    & (values["measure"] == measure_id)]
    if chosen.empty:
        return None
    per_site = (chosen.assign(favourable=is_favourable(chosen["value"]).astype("int64"))
                .groupby("site_id", sort=True).agg(n=("value", "size"), numerator=("favourable", "sum"))
                .reset_index())
    return funnel_limits(per_site, measure=measure.id)


def _with_all_roles(describe: Callable[[list[str]], pd.DataFrame]) -> pd.DataFrame:
    """Per site × wave × role, plus each site × wave over all roles (role "all")."""
    by_role = describe(["site_id", "wave", "role"])
    overall = describe(["site_id", "wave"]).assign(role=ALL_ROLES)
    order = {"wave": {w: i for i, w in enumerate(WAVES)}}
    combined = pd.concat([overall[by_role.columns], by_role], ignore_index=True)
    return combined.sort_values(["site_id", "wave"], kind="stable",
                                key=lambda c: c.map(order[c.name]) if c.name in order else c).reset_index(drop=True)


def _first(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[[*columns, *[c for c in frame.columns if c not in columns]]]


def _not_computed(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """One note per site and reason for change statistics that could not be computed."""
    change = tables["survey_change"]
    failed = change[change["note"].fillna("").str.startswith("not computable")]
    notes = []
    for (site_id, note), group in failed.groupby(["site_id", "note"], sort=True):
        measures = ", ".join(group["measure"].astype(str).head(4)) + (" ..." if len(group) > 4 else "")
        notes.append({"site_id": site_id, "subject": "change from baseline to follow-up",
                      "issue": f"{note} ({len(group)} measure{'s' if len(group) != 1 else ''}: {measures})"})
    return notes
