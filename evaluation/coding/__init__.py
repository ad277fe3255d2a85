"""Coding text against the codebook. Where to look:

- the codebook: codebook.py (and codebooks/);
- coders: rules.py (patterns), semantic.py (meaning, with evaluation/text/embed.py), learned.py with stacking.py
  (learned from people's coding), default.py (the three together: what the pipeline and `evaluation code` use),
  combined.py (rules + learned, and agreement between saved codings), stream.py (`evaluation code` on any CSV);
- choosing cut-offs and keeping models: thresholds.py, model_file.py, models/ (the semantic coder's category head);
- the review round trip and the learning loop: exchange.py (what goes out, what comes back), review_sheet.py (the
  sheet's layout) with review_export.py and review_import.py, learning.py (returned reviews → the learned coder, with cross-validated agreement), training_data.py;
- exchange formats: qdpx.py, qdpx_export.py, qdpx_import.py, qdpx_review.py (REFI-QDA projects);
- sentiment learned from people's scores with the learned coder's features: learned_sentiment.py;
- measuring: agreement.py (κ, α, F1), fft.py (the NHS Friends and Family Test benchmark data);
- what the pipeline does with codings: segments.py, comments.py, framework.py (framework matrix, quotes), schemas.py.
"""
