"""Key findings in plain words, each with a link to the section holding its evidence.

The cross-site report opens with them; each case study's "At a glance" page uses the same sentences for one site.
Numbers come only from the published tables' values (already through disclosure control) or are percentages the
tables publish; the exact framework matrix is used only to choose which themes stand out, never for a number.
Statistical method names stay in the methods appendix: here a result is said in words ("clearly more positive").
"""

from __future__ import annotations

import pandas as pd

from evaluation.disclosure import round_count
from evaluation.reports.commentary import TITLE as COMMENTARY, has_commentary
from evaluation.reports.document import BulletList, Paragraph, Section
from evaluation.reports.inputs import CROSS_SITE, ReportInputs
from evaluation.reports.ladder import LADDER, NOT_PLACED, ladder
from evaluation.reports.layout import link, slug
from evaluation.reports.themes import ranked_themes
from evaluation.prose import counted, joined
from evaluation.reports.wording import CATEGORY_HEADINGS, dimension_measures, measure_name
from evaluation.survey.funnel import ABOVE, BELOW, WELL_ABOVE, WELL_BELOW
from evaluation.vocabulary import ALL_SITES, TOTAL, WAVES

KEY_FINDINGS = "Key findings"
WHO_TOOK_PART = "Who took part"
HOW_COPRODUCED = {None: "How co-produced is each project", "site": "How co-produced is the project"}
CHANGE = "Change from baseline to follow-up"
DIFFERENCES = "Differences between sites"
OUTSIDE = (WELL_BELOW, BELOW, ABOVE, WELL_ABOVE)  # funnel bands beyond what chance allows for a site's size
STAND_OUT = 2  # themes named per category


def see(title: str) -> str:
    """' (see <title>)' linked to that section of the same report."""
    return f" ({link('see ' + title[0].lower() + title[1:], '#' + slug(title))})"


def key_findings(inputs: ReportInputs) -> Section:
    """The cross-site report's first page: the overall picture, then a line per site linking to its case study."""
    rungs = ladder(inputs.values("dimension_results"))
    blocks = [draft_or_commentary(inputs.commentary.get(CROSS_SITE)),
              BulletList(tuple(line for line in (
                  _taking_part(inputs), _ladder_line(inputs, rungs), _themes_line(inputs.framework),
                  _change_line(inputs, ALL_SITES, "across all sites"), _compare_line(inputs)) if line))]
    per_site = [_site_line(inputs, site_id, rungs) for site_id in inputs.case_study_sites]
    lead = Paragraph("Each site's rung on the ladder of co-production; how it compares with what is expected for a "
                     "site of its size; and what was clearly more positive at follow-up than at baseline.")
    return Section(KEY_FINDINGS, tuple(blocks), (Section("Site by site", (lead, BulletList(tuple(per_site)))),))


def draft_or_commentary(markdown: str | None) -> Paragraph:
    if has_commentary(markdown):
        return Paragraph(f"The evaluators' interpretation and recommendations follow this page{see(COMMENTARY)}.")
    return Paragraph("**Automated draft.** This report was written by the pipeline from the results; the evaluators "
                     f"have not yet added their interpretation and recommendations{see(COMMENTARY)}.")


def themes_in_words(matrix: pd.DataFrame, limit: int = STAND_OUT) -> dict[str, str]:
    """Per codebook category, its `limit` most common themes in interviews and comments, as words."""
    out = {}
    for category in CATEGORY_HEADINGS:
        ranked = ranked_themes(matrix[matrix["category"] == category])
        if len(ranked):
            out[category] = joined([_lower_first(name) for name in ranked["theme_name"].head(limit)])
    return out


def change_in_words(inputs: ReportInputs, site_id: str, short: bool = False) -> str | None:
    """Which co-production dimensions were clearly more (or less) positive at follow-up; None when none is shown."""
    rows = inputs.values("change")
    rows = rows[(rows["site_id"] == site_id) & (rows["measure_type"] == "dimension") & rows["effect_size"].notna()
                & rows["ci_low"].notna() & rows["ci_high"].notna()]
    if rows.empty:
        return None
    # A change counts as clear when its 95% interval, as published (two decimals), leaves out no change.
    low, high = (rows[c].astype(float).round(2) for c in ("ci_low", "ci_high"))
    names = rows["measure"].map(inputs.dimension_name).str.lower()
    rose, fell = names[low > 0].tolist(), names[high < 0].tolist()
    parts = []
    if rose:
        parts.append(f"clearly more positive at follow-up on {joined(rose)}")
    if fell:
        parts.append(f"clearly less positive on {joined(fell)}")
    rest = len(rows) - len(rose) - len(fell)
    if rest and not short:
        parts.append(f"no clear change on the other {rest}" if parts and rest > 1 else
                     "no clear change on the other one" if parts else
                     f"no clear change on any of the {counted(rest, 'dimension')} shown")
    return "; ".join(parts) or "no clear change"


def comparison_in_words(inputs: ReportInputs, site_id: str, short: bool = False) -> str | None:
    """Where the site stands against what is expected for a site of its size, on each dimension compared."""
    funnels = inputs.values("funnels", site_id)
    own = funnels[funnels["measure"].isin(dimension_measures(inputs.instrument)) & funnels["band"].notna()]
    if own.empty:
        return None
    outside = own[own["band"].isin(OUTSIDE)]
    if outside.empty:
        every = "the one dimension compared" if len(own) == 1 else f"all {len(own)} dimensions compared"
        return "as expected for its size" if short else f"within the range expected for its size on {every}"
    return "; ".join(f"{r.band} on {measure_name(inputs.instrument, r.measure)}" for r in outside.itertuples()) + (
        f"; within it on the other {len(own) - len(outside)}" if len(own) > len(outside) and not short else "")


def _taking_part(inputs: ReportInputs) -> str:
    people = inputs.values("participation")
    totals = people[people["role"] == TOTAL]
    per_wave = [_about(totals.loc[totals["wave"] == wave, "respondents"]) for wave in WAVES]
    interviews = _about(inputs.values("theme_prevalence").drop_duplicates("site_id")["interviews"])
    return (f"**Who took part**: {counted(len(inputs.sites), 'system')}; {per_wave[0]} people answered the survey at "
            f"the start (baseline) and {per_wave[1]} about a year on (follow-up), and {interviews} interviews were "
            f"analysed{see(WHO_TOOK_PART)}.")


def _ladder_line(inputs: ReportInputs, rungs: pd.DataFrame) -> str | None:
    placed = rungs[rungs["rung"] != NOT_PLACED]
    if placed.empty:
        return None
    counts = placed["rung"].value_counts()
    spread = ", ".join(f"{counts[r]} at {r}" for r in reversed(LADDER) if r in counts)
    top, bottom = placed.loc[placed["score"].idxmax()], placed.loc[placed["score"].idxmin()]
    unplaced = len(rungs) - len(placed)
    ends = (f" {inputs.names.get(top['site_id'])} was furthest up and {inputs.names.get(bottom['site_id'])} lowest."
            if len(placed) > 1 else "")
    return (f"**How co-produced**: of the {counted(len(placed), 'site')} that could be placed on the ladder "
            f"of co-production, {spread}.{ends}"
            + (f" {counted(unplaced, 'site').capitalize()} could not be placed: too few answers, or shares hidden so "
               "that no one can be identified." if unplaced else "")
            + see(HOW_COPRODUCED[None]))


def _themes_line(matrix: pd.DataFrame) -> str | None:
    themes = themes_in_words(matrix)
    if not themes:
        return None
    words = {"facilitator": "what helped most was", "value": "the value people saw most often was",
             "challenge": "what got in the way most was"}
    return ("**In interviews and comments**, " + "; ".join(
        f"{words[c]} {text}{see(CATEGORY_HEADINGS[c])}" for c, text in themes.items()) + ".")


def _change_line(inputs: ReportInputs, site_id: str, who: str) -> str:
    words = change_in_words(inputs, site_id)
    if words is None:
        return (f"**What changed**: too few people answered at both baseline and follow-up for change to be shown"
                f"{see(CHANGE)}.")
    return f"**What changed**: {who}, answers were {words}{see(CHANGE)}."


def _compare_line(inputs: ReportInputs) -> str:
    funnels = inputs.values("funnels")
    flagged = funnels[funnels["measure"].isin(dimension_measures(inputs.instrument)) & funnels["band"].isin(OUTSIDE)]
    if flagged.empty:
        text = ("every site was within the range expected for a site of its size on every dimension, once the usual "
                "variation between sites is allowed for")
    else:
        text = "; ".join(f"{inputs.names.get(r.site_id, r.site_id)} was {r.band} on "
                         f"{measure_name(inputs.instrument, r.measure)}" for r in flagged.itertuples())
        text += "; every other site was within the range expected for its size"
    return f"**How sites compare**: {text}{see(DIFFERENCES)}."


def _site_line(inputs: ReportInputs, site_id: str, rungs: pd.DataFrame) -> str:
    name = inputs.names.get(site_id, site_id)
    rung = rungs.set_index("site_id")["rung"].get(site_id, NOT_PLACED)
    parts = [rung if rung != NOT_PLACED else "not placed on the ladder (too few answers to show)"]
    parts.append(comparison_in_words(inputs, site_id, short=True) or "not compared (too few answers)")
    changed = change_in_words(inputs, site_id, short=True)
    parts.append(changed.replace("clearly ", "") if changed else "change not shown (too few answered both times)")
    return f"**{name}**: " + "; ".join(parts) + f" ({link('case study', f'report:case_studies/{site_id}')})."


def _about(counts: pd.Series) -> str:
    """'about 370': the published counts added up, hidden ones (each under SMALL_NUMBER) left out."""
    return f"about {round_count(int(counts.dropna().sum()))}"


def _lower_first(name: str) -> str:
    return name if name[:2].isupper() else name[:1].lower() + name[1:]
