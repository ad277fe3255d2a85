"""REFI-QDA (QDPX) exchange with NVivo, ATLAS.ti and MAXQDA: export interviews, codebook and codings; read any
tool's project; turn a reviewer's coding back into the pipeline's coding table.

- `export_qdpx(path, segments, codings, codebook)` writes a deterministic .qdpx (export.py);
- `validate_project(qde, xsd_path)` checks a project.qde against the REFI-QDA schema;
- `read_qdpx(path)` reads users, code tree, text sources, coded selections and cases (reader.py);
- `codings_from_qdpx(path, segments, codebook)` maps selections back to segments and codes to themes
  (review.py).
"""

from evaluation.coding.qdpx.export import export_qdpx, interview_texts, speaker_label
from evaluation.coding.qdpx.reader import QdpxProject, read_qdpx, validate_project
from evaluation.coding.qdpx.review import codings_from_qdpx

__all__ = ["QdpxProject", "codings_from_qdpx", "export_qdpx", "interview_texts", "read_qdpx", "speaker_label",
           "validate_project"]
