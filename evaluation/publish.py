"""Commissioner tables: each built from an analysts' table and passed through disclosure control, nothing else.

`published_tables` turns the survey analysis (and the framework matrix) into the tables that leave the pipeline for
commissioners. Every one goes through `publish`, which calls `evaluation.disclosure.disclose`: counts 1–7 shown as
"*", other counts rounded to the nearest 5, statistics on fewer than 8 respondents hidden, secondary suppression
where a total would give a hidden count away. Analysts keep the exact tables under data/processed/.

Which statistics are hidden with which counts (`statistics`: the respondents first, then the people a share counts)
is stated per table below. A share is hidden when the people it counts, or those it leaves out, number 1 to 7: the
counts it is built on are worked out here from the analysts' tables when they hold only the share. Shares are
published as worked out from the unrounded counts (each table's footnote says so); the counts they rest on are not
published beside them, so no table shows "10 of 10" beside "67%".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evaluation.disclosure import check_disclosed, disclose, disclose_groups, round_count
from evaluation.safe_cells import neutralise_frame
from evaluation.survey.analysis import SurveyAnalysis
from evaluation.survey.instrument import Instrument
from evaluation.vocabulary import ALL_ROLES, ALL_SITES, ROLES, SMALL_NUMBER, SUPPRESSED, TOTAL, WAVES

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class PublishedTable:
    """A commissioner table: the text as published and, cell for cell, the same values as numbers.

    `values` has the columns and rows of `table`: a count column holds the published (rounded) count, a statistic
    column the statistic as computed (not rounded for display), each <NA> where `table` shows "*" or nothing; label
    columns hold the published text ("string" dtype), <NA> only where a label is hidden with a number (a funnel
    band). Reports read numbers from `values`, so they never parse "45%" back out of `table`.
    """
    name: str
    title: str
    table: pd.DataFrame  # every cell a string, as it may be published
    values: pd.DataFrame  # the disclosed values as numbers (see above)
    count_columns: tuple[str, ...]
    footnote: str


def percent(value: float) -> str:
    return f"{value:.0f}%"


def share(value: float) -> str:
    """A proportion (0–1) as a whole percentage."""
    return f"{100 * value:.0f}%"


def two_decimals(value: float) -> str:
    return f"{value:.2f}".replace("-0.00", "0.00")


def p_value(value: float) -> str:
    """p as commissioners read it: '<0.001', else three decimals."""
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def publish(name: str, title: str, frame: pd.DataFrame, counts: Sequence[str],
            statistics: Mapping[str, str | Sequence[str]] | None = None,
            formats: Mapping[str, Formatter] | None = None, *, group: Sequence[str] | None = None,
            category: str | None = None, total: str = TOTAL) -> PublishedTable:
    """Disclose `frame` for publication. Columns not listed as counts or statistics must be labels (text).

    `formats` sets how shown statistics are written (default one decimal). With `group` and `category`, the row
    whose category is `total` in each group is the group's total (see `disclose_groups`). A count a statistic is
    built on but not listed in `counts` is used to decide, then left out of the table.
    """
    frame = frame.reset_index(drop=True)
    labels = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    frame = frame.astype({c: "string" for c in labels})  # a number left undeclared is refused by disclose
    if group is not None:
        result = disclose_groups(frame, counts, group, category, total, statistics)
    else:
        result = disclose(frame, counts, statistics)
    published = result.published
    for column, write in (formats or {}).items():
        shown = ~published[column].isin([SUPPRESSED, ""])
        published.loc[shown, column] = [write(float(v)) for v in frame.loc[shown, column]]
    if problems := check_disclosed(published, counts):
        raise AssertionError(f"{name}: disclosure left {problems[0]}")  # never expected: disclose rounds every count
    published = published.reset_index(drop=True)
    return PublishedTable(name, title, published, _values(frame, published, counts, statistics or {}),
                          tuple(counts), result.footnote)


def _values(frame: pd.DataFrame, published: pd.DataFrame, counts: Sequence[str],
            statistics: Mapping[str, object]) -> pd.DataFrame:
    """The published cells as numbers: counts rounded as published, statistics as computed, <NA> where hidden."""
    values = {}
    for column in published.columns:
        hidden = published[column].eq(SUPPRESSED)
        if column in counts:
            values[column] = frame[column].map(round_count).astype("Int64").mask(hidden)
        elif column in statistics:
            values[column] = pd.to_numeric(frame[column]).astype("Float64").mask(hidden)
        else:
            values[column] = published[column].astype("string")
    return pd.DataFrame(values)


def published_tables(analysis: SurveyAnalysis, responses: pd.DataFrame, instrument: Instrument,
                     framework: pd.DataFrame | None = None, site_names: Mapping[str, str] | None = None
                     ) -> list[PublishedTable]:
    """Every commissioner table: who took part, item and dimension results, change, site differences, funnels,
    and (given the framework matrix) how often each theme came up in each site's interviews."""
    t = analysis.tables
    tables = [participation(responses), item_results(t["item_descriptives"], instrument),
              dimension_results(t["dimension_descriptives"]), change_results(t["survey_change"]),
              ordinal_change(t["ordinal_coefficients"], t["ordinal_models"]),
              reliability(t["scale_reliability"]), site_differences(t["site_differences"]),
              site_standing(t["site_standing"]), funnels(analysis)]
    if framework is not None:
        tables.append(theme_prevalence(framework))
    if site_names:
        tables = [with_site_names(table, site_names) for table in tables]
    return tables


def participation(responses: pd.DataFrame) -> PublishedTable:
    """Respondents per site, wave and role, with each site and wave's total."""
    people = responses.drop_duplicates(["site_id", "wave", "respondent_id"])
    by_role = (people.groupby(["site_id", "wave", "role"]).size().rename("respondents").reset_index())
    totals = people.groupby(["site_id", "wave"]).size().rename("respondents").reset_index().assign(role=TOTAL)
    table = pd.concat([by_role, totals], ignore_index=True)
    order = {"wave": {w: i for i, w in enumerate(WAVES)}, "role": {r: i for i, r in enumerate([*ROLES, TOTAL])}}
    table = table.sort_values(["site_id", "wave", "role"], kind="stable",
                              key=lambda c: c.map(order[c.name]) if c.name in order else c)
    return publish("participation", "Who took part: respondents per site, wave and role", table,
                   ["respondents"], group=["site_id", "wave"], category="role")


def item_results(descriptives: pd.DataFrame, instrument: Instrument) -> PublishedTable:
    """Per site, wave and item (all roles together): answers, % agree and disagree, median, mean with its CI."""
    table = descriptives[descriptives["role"] == ALL_ROLES]
    wording = {item.id: item.wording for item in instrument.items}
    codes, middle = sorted(instrument.scale), instrument.midpoint
    answers = {side: table[[f"n_{c}" for c in codes if test(c)]].sum(axis=1) for side, test in
               (("n_agree", lambda c: c > middle), ("n_disagree", lambda c: c < middle),
                ("n_neither", lambda c: c == middle))}
    table = table.assign(item=table["item_id"].map(wording), **answers)[
        ["site_id", "wave", "item_id", "item", "n_answered", "pct_agree", "pct_disagree", "median", "mean",
         "ci_low", "ci_high", *answers]]
    # % agree and % disagree together give % neither: the neither count is a base of one of them.
    stats = {"pct_agree": ["n_answered", "n_agree"], "pct_disagree": ["n_answered", "n_disagree", "n_neither"],
             **{c: "n_answered" for c in ("median", "mean", "ci_low", "ci_high")}}
    return publish("item_results", "Survey items: answers per site and wave (items as worded)", table,
                   ["n_answered"], stats, {"pct_agree": percent, "pct_disagree": percent, "mean": two_decimals,
                                           "ci_low": two_decimals, "ci_high": two_decimals})


def dimension_results(descriptives: pd.DataFrame) -> PublishedTable:
    """Per site, wave and role (and all roles): respondents scored, mean score with CI, median, % positive."""
    table = descriptives[["site_id", "wave", "role", "dimension", "n", "mean", "ci_low", "ci_high", "median",
                          "pct_positive"]]
    table = table.assign(n_positive=people_counted(table["pct_positive"], table["n"]))
    stats = {**{c: "n" for c in ("mean", "ci_low", "ci_high", "median")}, "pct_positive": ["n", "n_positive"]}
    return publish("dimension_results", "Co-production dimensions: scores (1–5) per site, wave and role", table,
                   ["n"], stats, {"mean": two_decimals, "ci_low": two_decimals, "ci_high": two_decimals,
                                  "pct_positive": percent}, group=["site_id", "wave", "dimension"], category="role",
                   total=ALL_ROLES)


def change_results(change: pd.DataFrame) -> PublishedTable:
    """Baseline → follow-up per site (and all sites) and item or dimension, higher = more co-production."""
    paired = change["test"] == "wilcoxon_signed_rank"
    used = change["n_pairs"].where(paired, change[["n_baseline", "n_follow_up"]].min(axis=1)).fillna(0)
    table = change.assign(n_used=used.astype("int64"))[
        ["site_id", "measure_type", "measure", "test", "n_baseline", "n_follow_up", "n_pairs", "median_baseline",
         "median_follow_up", "effect_size", "ci_low", "ci_high", "p_value", "n_used"]]
    stats = {c: "n_used" for c in ("median_baseline", "median_follow_up", "effect_size", "ci_low", "ci_high",
                                   "p_value")}
    return publish("change", "Change from baseline to follow-up (rank-biserial effect size: positive = more "
                             "co-production at follow-up)", table, ["n_baseline", "n_follow_up", "n_pairs"], stats,
                   {"effect_size": two_decimals, "ci_low": two_decimals, "ci_high": two_decimals,
                    "p_value": p_value}, group=["measure_type", "measure"], category="site_id", total=ALL_SITES)


def ordinal_change(coefficients: pd.DataFrame, models: pd.DataFrame) -> PublishedTable:
    """The follow-up odds ratio of each item's proportional-odds model (site and role held fixed)."""
    wave = coefficients[coefficients["term"] == "wave"][["item_id", "odds_ratio", "ci_low", "ci_high", "p_value"]]
    table = models[["item_id", "n", "assumption_holds"]].merge(wave, on="item_id", how="left")
    table["assumption_holds"] = table["assumption_holds"].map({True: "yes", False: "no"}).fillna("not checked")
    table = table[["item_id", "n", "odds_ratio", "ci_low", "ci_high", "p_value", "assumption_holds"]]
    stats = {c: "n" for c in ("odds_ratio", "ci_low", "ci_high", "p_value")}
    return publish("ordinal_change", "Change across sites (proportional-odds model: odds of a more favourable "
                                     "answer at follow-up, site and role held fixed)", table, ["n"], stats,
                   {"odds_ratio": two_decimals, "ci_low": two_decimals, "ci_high": two_decimals,
                    "p_value": p_value})


def reliability(alpha: pd.DataFrame) -> PublishedTable:
    """Cronbach's alpha per dimension and wave, all sites pooled."""
    table = alpha[alpha["site_id"] == ALL_SITES][["wave", "dimension", "n_respondents", "alpha", "ci_low", "ci_high"]]
    stats = {c: "n_respondents" for c in ("alpha", "ci_low", "ci_high")}
    return publish("reliability", "Reliability of the dimensions (Cronbach's alpha, all sites)", table,
                   ["n_respondents"], stats, {c: two_decimals for c in stats})


def site_differences(kruskal: pd.DataFrame) -> PublishedTable:
    """Kruskal–Wallis per wave and item or dimension, Benjamini–Hochberg adjusted across all of them."""
    # "left out (fewer than 2 answers): x" would say site x had one answer
    note = kruskal["note"].astype("string").str.replace(r"\(fewer than \d+ answers?\)", "(too few answers)", regex=True)
    table = kruskal.assign(differ=kruskal["significant"].map({True: "yes", False: "no"}), note=note)[
        ["wave", "measure_type", "measure", "n", "statistic", "epsilon_squared", "p_adjusted", "differ", "note"]]
    stats = {c: "n" for c in ("statistic", "epsilon_squared", "p_adjusted")}
    return publish("site_differences", "Do sites differ? (Kruskal–Wallis, false discovery rate 5%)", table, ["n"],
                   stats, {"statistic": two_decimals, "epsilon_squared": two_decimals, "p_adjusted": p_value})


def site_standing(summary: pd.DataFrame) -> PublishedTable:
    """Each site's median per wave and measure, and how it compares with the others in words ("not compared: one
    respondent" would name the count the "*" beside it hides)."""
    table = summary[["wave", "measure_type", "measure", "site_id", "n", "median", "words"]]
    few = (table["n"] < SMALL_NUMBER) & table["words"].str.startswith("not compared")
    table = table.assign(words=table["words"].mask(few, f"not compared: fewer than {SMALL_NUMBER} answers"))
    return publish("site_standing", "How each site compares with the others", table, ["n"], {"median": "n"})


def funnels(analysis: SurveyAnalysis) -> PublishedTable:
    """Every funnel measure's table: a site's proportion, the target and the limits at its n, and its band.

    The numerator is not published: rounded beside a proportion worked out from unrounded counts, it read as a
    contradiction ("10 of 10: 67%"); it still decides whether the proportion is shown."""
    frames = [analysis.tables[f"funnel/{m}"] for m in analysis.funnels]
    table = pd.concat(frames, ignore_index=True)
    limits = ["target", "lower_95", "upper_95", "lower_998", "upper_998"]
    stats = {"proportion": ["n", "numerator"], **{c: "n" for c in limits}}
    result = publish("funnels", "Funnel plots: each site's proportion against the range expected for its size",
                     table, ["n"], stats, {c: share for c in ["proportion", *limits]})
    hidden = result.table["proportion"] == SUPPRESSED
    result.table.loc[hidden, "band"] = SUPPRESSED  # the band would narrow down a hidden proportion
    result.values.loc[hidden, "band"] = pd.NA
    return result


def theme_prevalence(framework: pd.DataFrame) -> PublishedTable:
    """The share of each site's interviews mentioning each theme and, when the matrix has them, of the survey
    respondents who wrote comments. Like the survey items' % agree, a share is hidden when its base is under 8 or
    when those mentioning the theme, or those not mentioning it, number 1 to 7; the counts mentioning a theme are
    not published (at a small site nearly all are 1–7)."""
    counts, stats = ["interviews"], {"pct_interviews": ["interviews", "interviews_mentioning"]}
    if "commenters" in framework.columns:
        counts.append("commenters")
        stats["pct_commenters"] = ["commenters", "commenters_mentioning"]
    mentioning = [bases[1] for bases in stats.values()]
    table = framework[["site_id", "category", "theme_id", "theme_name", *counts, *stats, *mentioning]]
    return publish("theme_prevalence", "Themes: the share of interviews, and of survey respondents' comments, "
                                       "mentioning each theme, per site", table, counts, stats,
                   {s: percent for s in stats})


def people_counted(pct: pd.Series, n: pd.Series) -> pd.Series:
    """The whole number of people behind a percentage of n (pct = 100·k/n gives k back exactly); 0 where n is 0."""
    return (pct.fillna(0) * n / 100).round().astype("int64")


def write_published(tables: Sequence[PublishedTable], folder: Path) -> list[Path]:
    """Each table as CSV (UTF-8, byte-identical for the same tables) and a README naming them with footnotes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        neutralise_frame(table.table).to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    lines = ["# Published tables", "", "Every table here has been through disclosure control "
             "(evaluation/disclosure.py).", ""]
    for table in tables:
        lines += [f"## {table.name}.csv", "", table.title + ".", "", table.footnote, ""]
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return paths


def with_site_names(table: PublishedTable, names: Mapping[str, str]) -> PublishedTable:
    """A `site` column of names beside site_id; site ids inside words ("higher than x-ics") become names too."""
    if "site_id" not in table.table.columns:
        return table
    return dataclasses.replace(table, table=_named(table.table, names), values=_named(table.values, names))


def _named(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    frame = frame.copy()
    site = frame["site_id"].map(lambda s: names.get(s, "All sites" if s == ALL_SITES else s))
    frame.insert(frame.columns.get_loc("site_id") + 1, "site", site.astype(frame["site_id"].dtype))
    if "words" in frame.columns and names:
        longest_first = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        ids = re.compile(r"(?<![\w-])(" + longest_first + r")(?![\w-])")
        frame["words"] = frame["words"].map(lambda text: ids.sub(lambda m: names[m.group(1)], text)).astype(
            frame["words"].dtype)
    return frame
