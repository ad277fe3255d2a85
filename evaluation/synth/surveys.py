"""Synthetic survey exports for one site, written the way that site's survey tool would write them.

Respondents answer the co-production survey at baseline and follow-up; some answer both (survey_answers.py). The
export is then made messy in the site's own style: headings, label spellings, ids, file layout and format
(survey_tables.py for csv and xlsx, survey_sav.py for SPSS). At three of the ten shipped sites a little realistic
trouble is planted (survey_problems.py). Everything the pipeline should find is returned as ground truth.
"""

from __future__ import annotations

import random
from pathlib import Path

from evaluation.synth.sites import SURVEY_FORMATS, SiteSpec
from evaluation.synth.survey_answers import (BASELINE, FOLLOW_UP, THIRD_WAVE, AnswerModel, draw_person, panel,
                                             respondent_ids)
from evaluation.synth.survey_comments import CommentWriter
from evaluation.synth.survey_problems import check_problem_fits, plant_problems, planted_problem
from evaluation.synth.survey_sav import write_sav
from evaluation.synth.survey_styles import style_for
from evaluation.synth.survey_tables import item_ids_of, text_tables, write_reviewed_mapping, write_text_tables


def write_site_surveys(spec: SiteSpec, site_dir: Path, seed: int, instrument: dict) -> dict:
    """Write site_dir/surveys/*; return this site's ground truth."""
    rng = random.Random(f"{seed}-{spec.site_id}-surveys")
    style = style_for(spec.export_style)
    if spec.survey_format not in SURVEY_FORMATS:
        raise ValueError(f"{spec.site_id}: unknown survey format {spec.survey_format!r}")
    problem = planted_problem(spec)
    check_problem_fits(problem, spec)

    baseline, follow_up, matched = panel(spec, rng)
    model = AnswerModel(spec, instrument, style, rng)
    comments = CommentWriter(rng, spec.places, spec.project_title, spec.coproduction_level)
    responses = [model.respond(p, BASELINE, comments) for p in baseline]
    responses += [model.respond(p, FOLLOW_UP, comments) for p in follow_up]
    if problem == "invalid_wave":
        last = max(p.number for p in baseline + follow_up)
        responses.append(model.respond(draw_person(spec, last + 1, rng), THIRD_WAVE, comments=None))
    ids = respondent_ids(style, spec, max(r.person.number for r in responses), rng)

    out_dir = Path(site_dir) / "surveys"
    out_dir.mkdir(parents=True, exist_ok=True)
    if spec.survey_format == "sav":
        files = [write_sav(out_dir, responses, ids, style, instrument)]
        problems: list[dict] = []
    else:
        tables = text_tables(spec, style, instrument, responses, ids, rng)
        problems = plant_problems(problem, tables, style, item_ids_of(instrument), rng)
        files = write_text_tables(out_dir, tables, spec.survey_format, style)
        write_reviewed_mapping(out_dir, tables, style)

    return {
        "files": files,
        "respondents": {"baseline": len(baseline), "follow_up": len(follow_up)},
        "matched_respondents": matched,
        "planted_problems": problems,
        "comment_pii": [{"kind": p.kind, "text": p.text} for p in comments.planted],
    }
