"""A reviewer's QDPX back into the pipeline's coding table.

The usual loop: export the interviews and the automated coding (`export_qdpx`), a reviewer opens the project in
NVivo (or ATLAS.ti, MAXQDA), removes wrong codings and adds their own, exports a QDPX, and this module turns it into
the long coding table, one coder per QDA user, ready for agreement measures.

Which segments a selection codes: a selection codes a participant sentence when their overlap is at least half of
the shorter of the two. A phrase highlighted inside a sentence codes that sentence; a passage codes every sentence
it mostly covers; a highlight that spills a few characters into the next sentence does not code it. Interviewer
sentences are context and are never coded, as with the automated coders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from evaluation.coding.codebook import Codebook, Theme
from evaluation.coding.codings import coding_frame
from evaluation.coding.qdpx.export import category_guid, source_guid, theme_guid
from evaluation.coding.qdpx.reader import QdpxProject, read_qdpx

ISSUE_COLUMNS = ("reason", "source_name", "code_path", "user_name", "start", "end", "text", "segment_ids")


def codings_from_qdpx(path: Path | str, segments: pd.DataFrame, codebook: Codebook,
                      coder: str = "qdpx") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(coding, issues): the coding table (coder = the QDA user who made each coding, `coder` when the file names
    none), and one row per coding or source that could not be used, with the reason, so nothing is dropped
    silently: codes that match no theme, codings at a category, sources that match no interview, selections
    that cover no participant sentence, interview sentences no longer found in an edited source text.

    A code is a theme when its GUID is the one `export_qdpx` gave the theme, or else when its name is the theme's
    id or name (case, spaces and punctuation ignored), so codes a reviewer created by hand still count.
    """
    project = read_qdpx(path)
    themes, categories = _themes_by_code(project, codebook)
    spans, issues = _segment_spans(project, segments)
    source_names = dict(zip(project.sources["guid"], project.sources["name"], strict=True))
    rows = []
    for selection in project.selections.itertuples(index=False):
        hits = _covered(selection, spans.get(selection.source_guid, []))
        reason = _issue_reason(selection, themes, categories, spans, hits)
        if reason:
            issues.append(_issue(reason, source_names.get(selection.source_guid), project, selection))
        else:
            rows += _coding_rows(selection, codebook.theme(themes[selection.code_guid]), hits, coder)
    coding = coding_frame(rows).drop_duplicates(["segment_id", "theme_id", "coder"]).reset_index(drop=True)
    issues = pd.DataFrame(issues, columns=list(ISSUE_COLUMNS))
    return coding, issues.astype({c: "Int64" if c in ("start", "end") else "string" for c in ISSUE_COLUMNS})


def _coding_rows(selection, theme: Theme, segment_ids: list[str], coder: str) -> list[dict]:
    user = coder if pd.isna(selection.user_name) else selection.user_name
    evidence = None if pd.isna(selection.text) else " ".join(selection.text.split())
    return [{"segment_id": segment_id, "theme_id": theme.id, "category": theme.category, "coder": user,
             "evidence": evidence} for segment_id in segment_ids]


def _issue_reason(selection, themes: dict[str, str], categories: set[str], spans: dict,
                  hits: list[str]) -> str | None:
    if selection.code_guid in categories:
        return "coded at a category, not a theme"
    if selection.code_guid not in themes:
        return "code matches no theme"
    if selection.source_guid not in spans:
        return "source matches no interview"
    if not hits:
        return "selection covers no participant sentence"
    return None


def _issue(reason: str, source_name: str | None, project: QdpxProject, selection) -> dict:
    return {"reason": reason, "source_name": source_name, "code_path": project.code_path(selection.code_guid),
            "user_name": selection.user_name, "start": selection.start, "end": selection.end,
            "text": selection.text}


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).casefold()).strip("_")


def _themes_by_code(project: QdpxProject, codebook: Codebook) -> tuple[dict[str, str], set[str]]:
    """code GUID → theme id for every code that is a theme, and the GUIDs of our category codes."""
    by_guid = {theme_guid(codebook, t.id): t.id for t in codebook.themes}
    by_name = {_name_key(t.name): t.id for t in codebook.themes} | {_name_key(t.id): t.id for t in codebook.themes}
    category_guids = {category_guid(codebook, c.id) for c in codebook.categories}
    themes = {}
    for code in project.codes.itertuples(index=False):
        theme_id = by_guid.get(code.guid) or by_name.get(_name_key(code.name))
        if theme_id and code.guid not in category_guids:
            themes[code.guid] = theme_id
    return themes, category_guids & set(project.codes["guid"])


def _segment_spans(project: QdpxProject, segments: pd.DataFrame) -> tuple[dict[str, list[tuple]], list[dict]]:
    """source GUID → [(segment_id, start, end, coded)] for every source that is one of the interviews."""
    interviews = {key: rows for key, rows in segments.sort_values(["turn", "sentence"], kind="stable")
                  .groupby(["site_id", "interview_id"], sort=False)}
    by_guid = {source_guid(*key): key for key in interviews}
    by_name = {interview_id: (site_id, interview_id) for site_id, interview_id in interviews}
    spans, issues = {}, []
    for source in project.sources.itertuples(index=False):
        key = by_guid.get(source.guid) or by_name.get(source.name)
        if key is None:
            continue
        if pd.isna(source.text):
            issues.append({"reason": "the source's text is not inside the QDPX file", "source_name": source.name})
            continue
        spans[source.guid], missing = _align(source.text, interviews[key])
        if missing:
            issues.append({"reason": f"{len(missing)} sentence(s) of the interview are not in the source text "
                                     "(was it edited in the QDA tool?); they cannot be coded",
                           "source_name": source.name, "segment_ids": ", ".join(missing)})
    return spans, issues


def _align(text: str, rows: pd.DataFrame) -> tuple[list[tuple], list[str]]:
    """Find each sentence in the source text, in order. On our own export this gives the offsets it wrote; it also
    holds when a tool rewrote line breaks or a reviewer edited the text elsewhere."""
    spans, missing, cursor = [], [], 0
    for segment_id, sentence, coded in zip(rows["segment_id"], rows["text"], rows["coded"], strict=True):
        start = text.find(sentence, cursor)
        if start < 0:
            missing.append(segment_id)
            continue
        cursor = start + len(sentence)
        spans.append((segment_id, start, cursor, bool(coded)))
    return spans, missing


def _covered(selection, spans: list[tuple]) -> list[str]:
    return [segment_id for segment_id, start, end, coded in spans
            if coded and _codes_segment(selection.start, selection.end, start, end)]


def _codes_segment(selection_start: int, selection_end: int, start: int, end: int) -> bool:
    overlap = min(selection_end, end) - max(selection_start, start)
    return overlap > 0 and 2 * overlap >= min(selection_end - selection_start, end - start)
