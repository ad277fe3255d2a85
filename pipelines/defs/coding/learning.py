"""The learning loop: returned reviews train the learned coder, which the next coding of the segments uses."""

import dagster as dg
import pandas as pd

from evaluation.coding.review.round_trip import ReturnedReviews
from evaluation.stages.coding import site_coder
from evaluation.stages.review import LearnedModel, learn_from_returned
from pipelines.defs.coding.assets import GROUP
from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import CROSS_SITE


@dg.asset(group_name=GROUP, kinds={"sklearn"}, tags=CROSS_SITE)
def learned_coder(project: EvaluationProject, interview_segments: pd.DataFrame,
                  returned_reviews: ReturnedReviews) -> dg.Output:
    """The learned coder, trained on every coded review returned (review sheets and NVivo, ATLAS.ti or MAXQDA
    projects) with the codebook, kept with its provenance (the SHA-256 of what it learned from, the codebook, the
    encoder, the thresholds). The metadata states the cross-validated agreement (Cohen's κ) of the default coder with
    this model against the reviewers, per category and per theme, and how many reviewed segments it rests on. The
    next coding of the segments (coded_segments) uses it; without reviews there is no model and the coding is
    zero-shot."""
    zero_shot, _ = site_coder(project.project)
    learning = learn_from_returned(returned_reviews, interview_segments, zero_shot)
    notes = dg.MetadataValue.md("\n".join(f"- {n}" for n in learning.notes) or "_none_")
    model = LearnedModel(learning.coder, learning.agreement)
    if learning.coder is None:
        return dg.Output(model, metadata={
            "human-coded examples": learning.examples,
            "review files": ", ".join(learning.review_files) or "none",
            "model": "none yet: the coding is zero-shot (rules + semantic)",
            "notes": notes,
        })
    meta = learning.coder.metadata
    categories = learning.agreement[learning.agreement["level"] == "category"]
    themes = learning.agreement[(learning.agreement["level"] == "theme") & (learning.agreement["code"] != "overall")]
    shown = ["code", "second_positive", "first_positive", "cohen_kappa", "precision", "recall"]
    return dg.Output(model, metadata={
        **table_metadata(learning.agreement),
        "human-coded examples": learning.examples,
        "review files": ", ".join(learning.review_files),
        "themes learned": len(learning.coder.themes),
        **{f"kappa {category} (cross-validated)": kappa for category, kappa in learning.category_kappa().items()},
        "agreement per category": dg.MetadataValue.md(categories[shown].round(2).to_markdown(index=False)),
        "agreement per theme": dg.MetadataValue.md(themes[shown].round(2).to_markdown(index=False)),
        "training data sha256": meta["training_sha256"],
        "codebook": meta["codebook"] or "",
        "encoder sha256": meta["encoder_sha256"] or "",
        "notes": notes,
    })
