"""What the pipeline hands to human reviewers, and how it reads their work back.

Evaluators double-code a sample, not everything: `review_sample` picks, per site, a fixed number of participants'
segments, half the coder applied themes to and half it left uncoded (its misses are as telling as its codes), the
same sample on every run. Reviewers return either the filled review sheet (.xlsx) or the project they coded in
NVivo, ATLAS.ti or MAXQDA (.qdpx). `read_returned_reviews` reads every one that is safe to open, once per run
(the `returned_reviews` asset); `returned_agreement` compares each with the coding.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from evaluation.coding.agreement import coding_agreement
from evaluation.coding.codebook import Codebook
from evaluation.coding.qdpx import codings_from_qdpx, read_qdpx
from evaluation.coding.review.sheet_import import import_review_sheet
from evaluation.ingest.file_safety import FileLimits, UnsafeFileError, check_file, files_inside

SEGMENTS_PER_SITE = 30
SAMPLE_SEED = 2022


@dataclass(frozen=True)
class ReturnedReview:
    file: str  # its name in the returned reviews folder
    coding: pd.DataFrame  # the reviewer's codes (a coding table)
    reviewed: list[str]  # the segments the reviewer went through, coded or not


@dataclass(frozen=True)
class ReturnedReviews:
    """Every returned review that could be read, in file-name order, and a note per file refused or problem found."""
    reviews: list[ReturnedReview] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


def returned_agreement(returned: ReturnedReviews, coding: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Agreement of the coding with every returned review, at theme and category level."""
    tables = []
    for review in returned.reviews:
        automated = coding[coding["segment_id"].isin(review.reviewed)]
        for level in ("category", "theme"):
            table = coding_agreement(automated, review.coding, review.reviewed, codebook, level=level)
            tables.append(table.assign(review_file=review.file))
    if not tables:
        return pd.DataFrame()
    result = pd.concat(tables, ignore_index=True)
    return result[["review_file", *[c for c in result.columns if c != "review_file"]]]


def read_returned_reviews(folder: Path | str, segments: pd.DataFrame, codebook: Codebook) -> ReturnedReviews:
    """Every returned review in `folder` that can be read, and a note per file that could not be used or per problem
    found in one."""
    paths, notes = returned_reviews(folder)
    reviews = []
    for path in paths:
        try:
            human, reviewed, problems = _read_returned(path, segments, codebook)
        except Exception as error:  # a returned file is data: whatever breaks its reader loses that file only
            notes.append(f"{path.name}: not used: {error}")
            continue
        notes += [f"{path.name}: {problem}" for problem in problems]
        # the reviewer's codes travel on without the text they point at (a tool's project may carry its own copy)
        reviews.append(ReturnedReview(path.name, human.assign(evidence=""), reviewed))
    return ReturnedReviews(reviews, notes)


def returned_reviews(folder: Path | str) -> tuple[list[Path], list[str]]:
    """The returned reviews (.xlsx sheets, .qdpx projects) in `folder` that are safe to open, and a note for each
    file refused: a link leading out of the folder, or a package too large or declaring XML entities."""
    paths, refused = files_inside(Path(folder), (".xlsx", ".qdpx"))
    notes = [f"{name}: not used: it is a link leading outside the returned reviews folder" for name in refused]
    safe = []
    for path in paths:
        try:
            check_file(path, FileLimits.from_env())
        except UnsafeFileError as error:
            notes.append(f"{path.name}: not used: {error}")
            continue
        safe.append(path)
    return safe, notes


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


RANDOM_SHARE = 1 / 3  # of each site's next sample, drawn at random so agreement measured on it stays unbiased


def teaching_sample(segments: pd.DataFrame, coding: pd.DataFrame, reviewed: Iterable[str] = (),
                    per_site: int = SEGMENTS_PER_SITE, seed: int = SAMPLE_SEED,
                    random_share: float = RANDOM_SHARE) -> pd.DataFrame:
    """The next review sample once reviews have come back: per site, up to `per_site` participants' segments not
    yet reviewed, chosen to teach the learned coder the most, plus a random share.

    - A random `random_share` of the site's unreviewed segments (coded or not): agreement measured on them is
      unbiased, and the coders' misses turn up among them.
    - The rest from the segments the coders are least sure of: a code found by one coder only (the rules and the
      semantic coder disagree) counts 1, and a score near 0.5 up to 1 more (1 − 2·|score − 0.5|). Taken theme by
      theme in turn (the most uncertain segment of each theme, then the next), so every theme gets examples.
    Deterministic for a given seed; in transcript order.
    """
    done = set(reviewed)
    participant = segments[segments["coded"] & ~segments["segment_id"].isin(done)]
    codes = coding[coding["segment_id"].isin(set(participant["segment_id"]))]
    score = codes["score"].astype("Float64").fillna(0.5).to_numpy(dtype=float)
    lone = ~codes["coder"].astype(str).str.contains("+", regex=False).to_numpy()
    codes = codes.assign(teach=lone.astype(float) + 1 - 2 * np.abs(score - 0.5))
    chosen = []
    for site_id, site in participant.groupby("site_id", sort=True):
        rng = np.random.default_rng([seed, _stable_number(site_id), len(done)])
        at_random = min(len(site), int(round(per_site * random_share)))
        picked = list(site["segment_id"].iloc[np.sort(rng.choice(len(site), size=at_random, replace=False))])
        site_codes = codes[codes["segment_id"].isin(set(site["segment_id"]) - set(picked))]
        queues = {theme: list(group.sort_values(["teach", "segment_id"], ascending=[False, True])["segment_id"])
                  for theme, group in site_codes.groupby("theme_id", sort=True)}
        while len(picked) < per_site and any(queues.values()):
            for theme in sorted(queues):
                while queues[theme] and queues[theme][0] in picked:
                    queues[theme].pop(0)
                if queues[theme] and len(picked) < per_site:
                    picked.append(queues[theme].pop(0))
        rest = site[~site["segment_id"].isin(picked)]
        if len(picked) < per_site and len(rest):
            more = min(len(rest), per_site - len(picked))
            picked += list(rest["segment_id"].iloc[np.sort(rng.choice(len(rest), size=more, replace=False))])
        chosen.append(site[site["segment_id"].isin(picked)])
    sample = pd.concat(chosen) if chosen else participant.iloc[0:0]
    return sample.sort_values(["site_id", "segment_id"], kind="stable").reset_index(drop=True)
