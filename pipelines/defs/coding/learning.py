"""The learning loop: returned reviews train the learned coder, which the next coding of the segments uses."""

import dagster as dg
import pandas as pd

from evaluation.coding.learning import learn_from_reviews
from evaluation.storage import write_parquet
from pipelines.defs.coding.assets import GROUP, MODEL_FILE, default_coder
from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import EvaluationProject

AGREEMENT_TABLE = "learned_coder_agreement.parquet"


@dg.asset(group_name=GROUP, deps=["interview_segments"], kinds={"sklearn"})
def learned_coder(project: EvaluationProject) -> dg.MaterializeResult:
    """The learned coder, trained on every coded review in data/review/returned/ (review sheets and NVivo, ATLAS.ti
    or MAXQDA projects) with the codebook, and written to data/processed/learned_coder.pkl.gz with its provenance
    (the SHA-256 of what it learned from, the codebook, the encoder, the thresholds). The metadata states the
    cross-validated agreement (Cohen's κ) of the default coder with this model against the reviewers, per category
    and per theme, and how many reviewed segments it rests on. The next coding of the segments (coded_segments)
    uses it; without reviews there is no model and the coding is zero-shot."""
    segments = project.table("interview_segments")
    default, _ = default_coder(project, with_model=False)
    learning = learn_from_reviews(project.review_dir / "returned", segments, default)
    model_path = project.processed_dir / MODEL_FILE
    agreement_path = project.processed_dir / AGREEMENT_TABLE
    if learning.coder is None:
        model_path.unlink(missing_ok=True)  # a model from reviews since withdrawn must not go on coding
        write_parquet(pd.DataFrame(), agreement_path)
        return dg.MaterializeResult(metadata={
            "human-coded examples": learning.examples,
            "review files": ", ".join(learning.review_files) or "none",
            "model": "none yet: the coding is zero-shot (rules + semantic)",
            "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in learning.notes) or "_none_"),
        })
    learning.coder.save(model_path)
    write_parquet(learning.agreement, agreement_path)
    meta = learning.coder.metadata
    categories = learning.agreement[learning.agreement["level"] == "category"]
    themes = learning.agreement[(learning.agreement["level"] == "theme") & (learning.agreement["code"] != "overall")]
    shown = ["code", "second_positive", "first_positive", "cohen_kappa", "precision", "recall"]
    return dg.MaterializeResult(metadata={
        **table_metadata(learning.agreement, agreement_path),
        "model file": dg.MetadataValue.path(str(model_path)),
        "human-coded examples": learning.examples,
        "review files": ", ".join(learning.review_files),
        "themes learned": len(learning.coder.themes),
        **{f"kappa {category} (cross-validated)": kappa for category, kappa in learning.category_kappa().items()},
        "agreement per category": dg.MetadataValue.md(categories[shown].round(2).to_markdown(index=False)),
        "agreement per theme": dg.MetadataValue.md(themes[shown].round(2).to_markdown(index=False)),
        "training data sha256": meta["training_sha256"],
        "codebook": meta["codebook"] or "",
        "encoder sha256": meta["encoder_sha256"] or "",
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in learning.notes) or "_none_"),
    })
