"""REFI-QDA project export (QDPX): interviews, codebook and codings as a project NVivo, ATLAS.ti and MAXQDA open.

A .qdpx file is a zip holding `project.qde` (QDA-XML, namespace urn:QDA-XML:project:1.0) and `sources/<guid>.txt`,
one UTF-8 plain text per interview, referenced as plainTextPath="internal://<guid>.txt" (as NVivo writes it).
Selections give character positions in that text: zero-based Unicode code points, end exclusive.

Every GUID is a uuid5 of stable inputs (codebook name + theme id, site + interview, coder), no dates are written
unless asked for, and zip entries are sorted with a fixed timestamp: the same inputs give a byte-identical file, and a
re-export keeps the GUIDs a reviewer's project already knows.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from lxml import etree

from evaluation.coding.codebook import Codebook
from evaluation.vocabulary import INTERVIEWER

NAMESPACE = "urn:QDA-XML:project:1.0"
ORIGIN = "coproduction-evaluation"
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:coproduction-evaluation:qdpx")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SPEAKER_LABELS = {
    INTERVIEWER: "Interviewer",
    "staff": "Member of staff",
    "lived_experience": "Person with lived experience",
    "carer": "Carer",
    "voluntary_sector": "Voluntary sector representative",
    "other": "Participant",
    "not_stated": "Participant",
}


def qdpx_guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(parts)))


def theme_guid(codebook: Codebook, theme_id: str) -> str:
    return qdpx_guid("theme", codebook.name, theme_id)


def category_guid(codebook: Codebook, category: str) -> str:
    return qdpx_guid("category", codebook.name, category)


def source_guid(site_id: str, interview_id: str) -> str:
    return qdpx_guid("source", site_id, interview_id)


def user_guid(name: str) -> str:
    return qdpx_guid("user", name)


def speaker_label(speaker_role: str) -> str:
    """'lived_experience' → 'Person with lived experience' (the role in words, as quotes are attributed)."""
    return SPEAKER_LABELS.get(speaker_role, str(speaker_role).replace("_", " ").capitalize())


@dataclass(frozen=True)
class InterviewText:
    """One interview as the plain text a QDA tool shows, with where each segment sits in it."""

    site_id: str
    interview_id: str
    participant_role: str
    text: str
    offsets: dict[str, tuple[int, int]]  # segment_id → [start, end) in code points

    @property
    def guid(self) -> str:
        return source_guid(self.site_id, self.interview_id)


def interview_texts(segments: pd.DataFrame) -> list[InterviewText]:
    """One text per interview: a line per turn, "<Speaker label>: " + the turn's sentences joined by spaces."""
    ordered = segments.sort_values(["site_id", "interview_id", "turn", "sentence"], kind="stable")
    return [_interview_text(rows) for _, rows in ordered.groupby(["site_id", "interview_id"], sort=False)]


def _interview_text(rows: pd.DataFrame) -> InterviewText:
    lines: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    position = 0  # where the current line starts
    for _, turn in rows.groupby("turn", sort=False):
        prefix = f"{speaker_label(turn['speaker_role'].iloc[0])}: "
        cursor = position + len(prefix)
        for segment_id, sentence in zip(turn["segment_id"], turn["text"], strict=True):
            offsets[segment_id] = (cursor, cursor + len(sentence))
            cursor += len(sentence) + 1
        line = prefix + " ".join(turn["text"])
        lines.append(line)
        position += len(line) + 1
    first = rows.iloc[0]
    return InterviewText(first["site_id"], first["interview_id"], first["participant_role"], "\n".join(lines), offsets)


def export_qdpx(path: Path | str, segments: pd.DataFrame, codings: pd.DataFrame, codebook: Codebook,
                project_name: str = "Co-production evaluation", users: Iterable[str] = (),
                created: datetime | None = None) -> Path:
    """Write a QDPX project: one text source per interview, the codebook as a code tree, every coding row as a
    coded selection by its coder, and cases per site and per participant role.

    `users` adds user names beyond the coders (say, the reviewers who will code in NVivo). `created` stamps
    creationDateTime on the project and its elements; without it no dates are written.
    """
    texts = interview_texts(segments)
    _check_codings(codings, texts, codebook)
    qde = project_xml(texts, codings, codebook, project_name, users, created)
    entries = {"project.qde": qde} | {f"sources/{t.guid}.txt": t.text.encode("utf-8") for t in texts}
    return _write_zip(Path(path), entries)


def project_xml(texts: list[InterviewText], codings: pd.DataFrame, codebook: Codebook, project_name: str,
                users: Iterable[str] = (), created: datetime | None = None) -> bytes:
    stamp = {"creationDateTime": _utc(created)} if created else {}
    root = etree.Element(_tag("Project"), nsmap={None: NAMESPACE},
                         attrib={"name": project_name, "origin": f"{ORIGIN} ({codebook.label})", **stamp})
    _users(root, sorted(set(codings["coder"].dropna()) | set(users)))
    _codebook(root, codebook)
    _cases(root, texts)
    interview_of = {segment: text.guid for text in texts for segment in text.offsets}
    by_interview = dict(tuple(codings.groupby(codings["segment_id"].map(interview_of), sort=False)))
    sources = _element(root, "Sources") if texts else None
    for text in texts:
        _text_source(sources, text, by_interview.get(text.guid, codings.iloc[0:0]), codebook, stamp)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _element(parent: etree._Element, tag: str, /, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, _tag(tag), {k: str(v) for k, v in attributes.items() if v is not None})


def _described(parent: etree._Element, tag: str, description: str | None, /, **attributes: str) -> etree._Element:
    element = _element(parent, tag, **attributes)
    if description:
        _element(element, "Description").text = description
    return element


def _users(root: etree._Element, names: list[str]) -> None:
    if names:
        users = _element(root, "Users")
        for name in names:
            _element(users, "User", guid=user_guid(name), name=name, id=name)


def _codebook(root: etree._Element, codebook: Codebook) -> None:
    codes = _element(_element(root, "CodeBook"), "Codes")
    for category in codebook.categories:
        # Categories organise the tree; codings always point at a theme, so the category itself is not codable.
        parent = _described(codes, "Code", category.definition, guid=category_guid(codebook, category.id),
                            name=category.name, isCodable="false")
        _theme_codes(parent, codebook, category.id, None)


def _theme_codes(parent: etree._Element, codebook: Codebook, category: str, parent_theme: str | None) -> None:
    for theme in codebook.themes_in(category):
        if theme.parent == parent_theme:
            code = _described(parent, "Code", theme.definition, guid=theme_guid(codebook, theme.id),
                              name=theme.name, isCodable="true")
            _theme_codes(code, codebook, category, theme.id)


def _cases(root: etree._Element, texts: list[InterviewText]) -> None:
    """A case per site and a case per participant role, each listing its interviews: the two ways evaluators
    slice a framework matrix (theme × site, theme × role) in a matrix coding query."""
    members: dict[tuple[str, str], list[str]] = {}
    for text in texts:
        members.setdefault(("site", text.site_id), []).append(text.guid)
        if pd.notna(text.participant_role):
            members.setdefault(("role", text.participant_role), []).append(text.guid)
    if not members:
        return
    cases = _element(root, "Cases")
    for kind, value in sorted(members, key=lambda key: (key[0] != "site", key[1])):
        name = f"Site: {value}" if kind == "site" else f"Role: {speaker_label(value)}"
        case = _element(cases, "Case", guid=qdpx_guid("case", kind, value), name=name)
        for guid in members[(kind, value)]:
            _element(case, "SourceRef", targetGUID=guid)


def _text_source(sources: etree._Element, text: InterviewText, codings: pd.DataFrame, codebook: Codebook,
                 stamp: dict[str, str]) -> None:
    source = _element(sources, "TextSource", guid=text.guid, name=text.interview_id,
                      plainTextPath=f"internal://{text.guid}.txt", **stamp)
    ordered = codings.assign(_start=codings["segment_id"].map(lambda s: text.offsets[s][0]))
    for row in ordered.sort_values(["_start", "theme_id", "coder"], kind="stable").itertuples(index=False):
        start, end = text.offsets[row.segment_id]
        keys = (row.segment_id, row.theme_id, row.coder)
        user = user_guid(row.coder)
        evidence = None if pd.isna(row.evidence) else f"Evidence: {row.evidence}"
        selection = _described(source, "PlainTextSelection", evidence, guid=qdpx_guid("selection", *keys),
                               name=row.segment_id, startPosition=str(start), endPosition=str(end),
                               creatingUser=user, **stamp)
        coding = _element(selection, "Coding", guid=qdpx_guid("coding", *keys), creatingUser=user, **stamp)
        _element(coding, "CodeRef", targetGUID=theme_guid(codebook, row.theme_id))


def _check_codings(codings: pd.DataFrame, texts: list[InterviewText], codebook: Codebook) -> None:
    known_segments = {s for t in texts for s in t.offsets}
    problems = []
    unknown = sorted(set(codings["segment_id"]) - known_segments)
    if unknown:
        problems.append(f"{len(unknown)} coded segment(s) are not in the segments (first: {unknown[0]})")
    themes = sorted(set(codings["theme_id"]) - set(codebook.theme_ids))
    if themes:
        problems.append(f"theme(s) not in codebook {codebook.label}: {', '.join(themes)}")
    if codings["coder"].isna().any():
        problems.append("some coding rows name no coder")
    if problems:
        raise ValueError("cannot export the coding to QDPX: " + "; ".join(problems))


def _write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    """Atomic and deterministic: sorted entries, fixed timestamps and permissions, whatever the platform."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(buffer.getvalue())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
