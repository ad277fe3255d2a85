"""Coding text against the codebook. Where to look:

- the codebook and the shape of a coding: codebook.py (and codebooks/), codings.py, schemas.py;
- coders/: the coders and how they are fitted — rules.py (patterns), semantic.py (meaning, with
  evaluation/text/embed.py; models/ holds its category head), learned.py with stacking.py and training_data.py
  (learned from people's coding), default.py (the three together: what the pipeline and `evaluation code` use),
  combined.py (rules + learned), stream.py (`evaluation code` on any CSV), thresholds.py and model_file.py (cut-offs,
  model files), learned_sentiment.py (sentiment learned from people's scores);
- review/: the human review round trip and the learning loop — round_trip.py (what goes out, what comes back),
  sheet.py (the sheet's layout) with sheet_export.py and sheet_import.py, saved_codings.py (codings saved as files,
  compared), learning.py (returned reviews → the learned coder, with cross-validated agreement);
- qdpx/: the REFI-QDA exchange format (NVivo, ATLAS.ti, MAXQDA): export.py, reader.py, review.py;
- measuring: agreement.py (κ, α, F1), fft.py (the NHS Friends and Family Test benchmark data);
- what the pipeline does with codings: segments.py, comments.py, framework.py (framework matrix, quotes).
"""
