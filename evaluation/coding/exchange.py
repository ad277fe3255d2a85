"""What the pipeline hands to human reviewers, and how it reads their work back.

Evaluators double-code a sample, not everything: `review_sample` picks, per site, a fixed number of participants'
segments, half the coder applied themes to and half it left uncoded (its misses are as telling as its codes), the
same sample on every run. Reviewers return either the filled review sheet (.xlsx) or the project they coded in
NVivo, ATLAS.ti or MAXQDA (.qdpx); `returned_agreement` compares each with the rule coding.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import Codebook
from evaluation.coding.qdpx import codings_from_qdpx, read_qdpx
from evaluation.coding.review import import_review_sheet

SEGMENTS_PER_SITE = 30
SAMPLE_SEED = 2022


def review_sample(segments: pd.DataFrame, coding: pd.DataFrame, per_site: int = SEGMENTS_PER_SITE,
                  seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """Per site, up to `per_site` participants' segments: half coded by the coder, half not (fewer if a site has
    fewer), in their transcript order. Deterministic for a given seed."""
    participant = segments[segments["coded"]].copy()
    participant["has_code"] = participant["segment_id"].isin(set(coding["segment_id"]))
    chosen = []
    for site_id, site in participant.groupby("site_id", sort=True):
        rng = np.random.default_rng([seed, _stable_number(site_id)])
        coded, uncoded = site[site["has_code"]], site[~site["has_code"]]
        take_coded = min(len(coded), max(per_site // 2, per_site - len(uncoded)))
        take_uncoded = min(len(uncoded), per_site - take_coded)
        for part, take in ((coded, take_coded), (uncoded, take_uncoded)):
            chosen.append(part.iloc[np.sort(rng.choice(len(part), size=take, replace=False))])
    sample = pd.concat(chosen) if chosen else participant.iloc[0:0]
    return sample.drop(columns="has_code").sort_values(["site_id", "segment_id"], kind="stable").reset_index(drop=True)


def _stable_number(text: str) -> int:
    return int.from_bytes(text.encode("utf-8")[:8].ljust(8, b"\0"), "little")


def returned_agreement(folder: Path, segments: pd.DataFrame, coding: pd.DataFrame,
                       codebook: Codebook) -> tuple[pd.DataFrame, list[str]]:
    """Agreement of the rule coding with every returned review (.xlsx sheets and .qdpx projects) in `folder`,
    at theme and category level; and a note per file that could not be used, or per problem found in it."""
    tables, notes = [], []
    for path in sorted(Path(folder).glob("*")) if Path(folder).is_dir() else []:
        if path.suffix.lower() not in (".xlsx", ".qdpx") or path.name.startswith(("~$", ".")):
            continue
        try:
            human, reviewed, problems = _read_returned(path, segments, codebook)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile, SyntaxError) as error:
            # ReviewSheetError is a ValueError; a corrupt .qdpx raises lxml's XMLSyntaxError, a SyntaxError
            notes.append(f"{path.name}: not used: {error}")
            continue
        notes += [f"{path.name}: {problem}" for problem in problems]
        automated = coding[coding["segment_id"].isin(reviewed)]
        for level in ("category", "theme"):
            table = coding_agreement(automated, human, reviewed, codebook, level=level)
            tables.append(table.assign(review_file=path.name))
    if not tables:
        return pd.DataFrame(), notes
    result = pd.concat(tables, ignore_index=True)
    return result[["review_file", *[c for c in result.columns if c != "review_file"]]], notes


def _read_returned(path: Path, segments: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, list[str], list]:
    """(the reviewer's coding, the segments they reviewed, problems to report)."""
    if path.suffix.lower() == ".xlsx":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            human = import_review_sheet(path, codebook, coder=path.stem)
        return human, list(human.attrs["reviewed_segments"]), [str(w.message) for w in caught]
    # In a project that went through NVivo every coding left in place was accepted by the reviewer, whichever user
    # first made it; the units are the participants' sentences of the interviews the project holds.
    human, issues = codings_from_qdpx(path, segments, codebook, coder=path.stem)
    human = human.assign(coder=path.stem).drop_duplicates(["segment_id", "theme_id"])
    interviews = set(read_qdpx(path).sources["name"])
    reviewed = segments.loc[segments["coded"] & segments["interview_id"].isin(interviews), "segment_id"].tolist()
    return human, reviewed, [str(reason) for reason in issues["reason"]]
