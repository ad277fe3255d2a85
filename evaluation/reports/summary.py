"""The executive summary and each case study's summary: sentences written from the results, so they change when the
results do. Numbers come from the published tables' values (counts as published, hidden ones never printed)."""

from __future__ import annotations

import pandas as pd

from evaluation.disclosure import round_count
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.ladder import LADDER, NOT_PLACED, ladder
from evaluation.reports.themes import top_themes
from evaluation.reports.wording import CATEGORY_HEADINGS, POSITIVE, counted, measure_name, said
from evaluation.survey.funnel import ABOVE, BELOW, WELL_ABOVE, WELL_BELOW
from evaluation.vocabulary import LATEST_WAVE, TOTAL, WAVES

OUTSIDE = (WELL_BELOW, BELOW, ABOVE, WELL_ABOVE)  # funnel bands beyond what chance allows for a site's size


def executive_summary(inputs: ReportInputs) -> list[str]:
    """Paragraphs: who took part, the ladder, the commonest themes, change, site differences, funnel outliers."""
    people = inputs.values("participation")
    totals = people[people["role"] == TOTAL]
    per_wave = {w: _sum_shown(totals.loc[totals["wave"] == w, "respondents"]) for w in WAVES}
    interviews = inputs.framework.drop_duplicates("site_id")["interviews"].sum()
    baseline, follow_up = WAVES
    text = [f"{len(inputs.sites)} systems took part. About {per_wave[baseline]} people answered the survey at "
            f"baseline and {per_wave[follow_up]} at follow-up (counts rounded to the nearest 5), and "
            f"{round_count(interviews)} interviews were analysed, alongside what survey respondents wrote in their "
            "comments."]
    text += _ladder_sentences(inputs)
    if themes := top_themes(inputs.framework):
        parts = [f"{CATEGORY_HEADINGS[c].lower()}: {name.lower()} ({pct:.0f}% of interviews)"
                 for c, (name, pct) in themes.items()]
        text.append("In interviews, the most common themes were — " + "; ".join(parts) + ".")
    text.append(_ordinal_sentence(inputs.values("ordinal_change")))
    differ = inputs.values("site_differences")
    latest = differ[differ["wave"] == LATEST_WAVE]
    text.append(f"At follow-up, sites differed clearly on {int((latest['differ'] == 'yes').sum())} of {len(latest)} "
                "survey items and dimensions after correcting for the number of comparisons (Benjamini–Hochberg, "
                "false discovery rate 5%).")
    funnels = inputs.values("funnels")
    flagged = funnels[funnels["measure"].str.startswith(POSITIVE) & funnels["band"].isin(OUTSIDE)]
    if len(flagged):
        lines = [f"{inputs.names.get(r.site_id, r.site_id)} {r.band} on {measure_name(r.measure)}"
                 for r in flagged.itertuples()]
        text.append("Against what chance allows for a site of its size (funnel plots): " + "; ".join(lines) + ".")
    else:
        text.append("On the funnel plots, every site placed was within the range expected for its size once the "
                    "usual variation between sites is allowed for.")
    return text


def site_summary(inputs: ReportInputs, site_id: str) -> list[str]:
    """Paragraphs: who took part at the site, its rung on the ladder, its funnel bands and its commonest themes."""
    name = inputs.names.get(site_id, site_id)
    people = inputs.values("participation", site_id)
    totals = people[people["role"] == TOTAL].set_index("wave")["respondents"]
    interviews = inputs.values("theme_prevalence", site_id)["interviews"]
    interviewed = interviews.iloc[0] if len(interviews) else 0
    baseline, follow_up = WAVES
    surveyed = (f"about {said(totals.get(baseline, 0))} survey respondents at baseline and "
                f"{said(totals.get(follow_up, 0))} at follow-up" if len(totals) else "no survey responses")
    spoken = "no interviews" if not pd.isna(interviewed) and interviewed == 0 else f"{said(interviewed)} interviews"
    text = [f"{name}: {surveyed}, and {spoken} (counts rounded to the nearest 5)."]
    rung = ladder(inputs.values("dimension_results")).set_index("site_id")
    if site_id in rung.index and rung.loc[site_id, "rung"] != NOT_PLACED:
        text.append(f"On the ladder of co-production the project sits at **{rung.loc[site_id, 'rung']}** "
                    f"({rung.loc[site_id, 'score']:.0f}% of follow-up respondents positive on average about equal "
                    "partnership, being listened to and shared decisions).")
    elif len(totals):
        text.append("The project is not placed on the ladder of co-production: too few follow-up respondents.")
    else:
        text.append("The project is not placed on the ladder of co-production: it sent no survey responses.")
    funnels = inputs.values("funnels", site_id)
    own = funnels[funnels["measure"].str.startswith(POSITIVE) & funnels["band"].notna()]
    if bands := [f"{measure_name(r.measure)}: {r.band}" for r in own.itertuples()]:
        text.append("Compared with what chance allows for a site of its size — " + "; ".join(bands) + ".")
    if themes := top_themes(inputs.framework[inputs.framework["site_id"] == site_id]):
        text.append("In its interviews and comments the most common themes were — " + "; ".join(
            f"{CATEGORY_HEADINGS[c].lower()}: {n.lower()}" for c, (n, _) in themes.items()) + ".")
    return text


def _ladder_sentences(inputs: ReportInputs) -> list[str]:
    rungs = ladder(inputs.values("dimension_results"))
    placed = rungs[rungs["rung"] != NOT_PLACED]
    if placed.empty:
        return []
    counts = placed["rung"].value_counts()
    spread = "; ".join(f"{counted(int(counts[r]), 'site')} at {r}" for r in reversed(LADDER) if r in counts)
    top, bottom = placed.loc[placed["score"].idxmax()], placed.loc[placed["score"].idxmin()]
    if len(placed) < len(rungs):
        spread += f"; {counted(len(rungs) - len(placed), 'site')} not placed (too few respondents)"
    return [f"How far projects were co-produced varied. On the ladder of co-production (rule in 'How co-produced is "
            f"each project'), at follow-up: {spread}. {inputs.names.get(top['site_id'])} was furthest up "
            f"({top['score']:.0f}% positive on average) and {inputs.names.get(bottom['site_id'])} lowest "
            f"({bottom['score']:.0f}%)."]


def _ordinal_sentence(ordinal: pd.DataFrame) -> str:
    shown = ordinal[ordinal["odds_ratio"].notna() & ordinal["ci_low"].notna() & ordinal["ci_high"].notna()]
    # An interval excludes no change when its bounds as published (two decimals) do, so the sentence and the table
    # beside it agree.
    low, high = (shown[c].astype(float).map(lambda v: round(v, 2)) for c in ("ci_low", "ci_high"))
    rose, fell = shown[low > 1], shown[high < 1]
    return (f"From baseline to follow-up, taking site and role into account, answers became more favourable on "
            f"{len(rose)} of {len(shown)} survey items and less favourable on {len(fell)} (proportional-odds models; "
            "95% intervals excluding no change)"
            + (f", with odds ratios from {rose['odds_ratio'].min():.2f} to {rose['odds_ratio'].max():.2f}."
               if len(rose) else "."))


def _sum_shown(counts: pd.Series) -> int:
    """The sum of published counts, hidden ones counted as 0: a lower bound, rounded to 5 like its parts."""
    return round_count(int(counts.sum()))
