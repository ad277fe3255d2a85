"""What interviews and comments said: themes ranked by how many interviews mention them, with quotes.

Ranking and quote choice use the exact framework matrix; a share is printed only where disclosure control would
publish it (`evaluation.disclosure.disclosed_share`: at least 8 interviews, and neither those mentioning the theme
nor those not mentioning it from 1 to 7).
"""

from __future__ import annotations

import re

import pandas as pd

from evaluation.coding.codebook import CATEGORIES
from evaluation.disclosure import disclosed_share
from evaluation.reports.document import Paragraph, Quote, Section
from evaluation.reports.inputs import ReportInputs
from evaluation.reports.wording import CATEGORY_HEADINGS

CATCH_ALL = "other_"  # catch-all themes ("other_challenge") are never reported as the most common


def theme_sections(inputs: ReportInputs, site_id: str | None = None) -> list[Section]:
    """A section per codebook category: its three most common themes, each with up to three quotes."""
    matrix = inputs.framework if site_id is None else inputs.framework[inputs.framework["site_id"] == site_id]
    sections = []
    for category in CATEGORIES:
        ranked = ranked_themes(matrix[matrix["category"] == category])
        blocks: list = []
        if site_id is None and category == CATEGORIES[0]:
            blocks += [Paragraph("Interviews and survey comments were coded against the codebook's themes "
                                 "(facilitators, value, challenges). The heatmaps show, per site, the share of "
                                 "interviews, and of survey respondents who wrote comments, mentioning each theme."),
                       *inputs.figures_in("themes")]
        if ranked.empty:
            blocks.append(Paragraph("No theme in this category came up."))
        for theme in ranked.head(3).itertuples():
            pct = disclosed_share(theme.mentioning, theme.interviews)
            share = (f"mentioned in {100 * pct:.0f}% of interviews" if pct is not None
                     else "mentioned in interviews (too few for a percentage to be shown)")
            blocks.append(Paragraph(f"**{theme.theme_name}**: {share}."))
            blocks += [Quote(text, by) for text, by in quotes(matrix, theme.theme_id)]
        sections.append(Section(CATEGORY_HEADINGS[category], tuple(blocks)))
    return sections


def ranked_themes(matrix: pd.DataFrame) -> pd.DataFrame:
    """Themes by the share of interviews mentioning them, pooled over the sites given (ties: by comments)."""
    if matrix.empty:
        return pd.DataFrame(columns=["theme_id", "theme_name", "mentioning", "interviews", "commenting", "pct"])
    pooled = matrix.groupby(["theme_id", "theme_name"], sort=False).agg(
        mentioning=("interviews_mentioning", "sum"), interviews=("interviews", "sum"),
        commenting=("commenters_mentioning", "sum")).reset_index()
    pooled["pct"] = 100 * pooled["mentioning"] / pooled["interviews"].where(pooled["interviews"] > 0)
    pooled = pooled[(pooled["mentioning"] > 0) & ~pooled["theme_id"].str.startswith(CATCH_ALL)]
    return pooled.sort_values(["pct", "commenting", "theme_id"], ascending=[False, False, True], kind="stable")


def quotes(matrix: pd.DataFrame, theme_id: str, limit: int = 3) -> list[tuple[str, str]]:
    """Up to `limit` (quote, attribution by role) for a theme, the best of each site first so that no one site
    speaks for all."""
    rows = matrix[matrix["theme_id"] == theme_id]
    chosen, seen = [], []
    for rank in (1, 2, 3):
        for row in rows.itertuples():
            text, by = getattr(row, f"quote_{rank}"), getattr(row, f"quote_by_{rank}")
            words = set(re.findall(r"[a-z']+", text.lower())) if isinstance(text, str) else set()
            if words and not any(_much_the_same(words, other) for other in seen) and len(chosen) < limit:
                seen.append(words)
                chosen.append((text, by))
    return chosen


def _much_the_same(a: set[str], b: set[str]) -> bool:
    """Most words shared: the same thing said twice (interviewees repeat stock phrases), shown once."""
    return len(a & b) >= 0.7 * min(len(a), len(b))
