"""Reading REFI-QDA projects (QDPX) written by NVivo, ATLAS.ti, MAXQDA or our own export.

Positions: a PlainTextSelection's startPosition/endPosition are zero-based character (Unicode code point) offsets
into the source's plain text, end exclusive. The text is taken as stored in the zip, line breaks included: NVivo on
Windows writes "\\r\\n" and counts it as two characters. ATLAS.ti also stores "\\r\\n" but counts a line break as
one character, so its texts are read with "\\n" line breaks. A UTF-8 byte order mark is not part of the text.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pandas as pd
from lxml import etree

# Reviewers' files come from outside: never resolve entities or fetch anything while parsing them.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

USER_COLUMNS = ("guid", "name", "id")
CODE_COLUMNS = ("guid", "name", "parent_guid", "path", "description", "codable")
SOURCE_COLUMNS = ("guid", "name", "text")
SELECTION_COLUMNS = ("selection_guid", "source_guid", "start", "end", "code_guid", "user_guid", "user_name", "text")
CASE_COLUMNS = ("guid", "name", "source_guid")


@dataclass(frozen=True)
class QdpxProject:
    """What a QDPX project holds, as tables. `selections` has one row per coding of a text selection (a selection
    coded at two codes gives two rows); a coding of a whole source spans its whole text."""

    name: str
    origin: str
    users: pd.DataFrame
    codes: pd.DataFrame  # path: the names from the top of the tree, joined by "/"
    sources: pd.DataFrame  # text sources only; text is null when the file is outside the zip
    selections: pd.DataFrame
    cases: pd.DataFrame

    def code_path(self, guid: str) -> str | None:
        match = self.codes.loc[self.codes["guid"] == guid, "path"]
        return None if match.empty else match.iloc[0]


def read_qdpx(path: Path | str) -> QdpxProject:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(qde_member(archive)), _PARSER)
        origin = root.get("origin") or ""
        texts = dict(_source_texts(root, archive, origin))
    users = _frame([_user_row(u) for u in _path(root, "Users", "User")], USER_COLUMNS)
    user_names = dict(zip(users["guid"], users["name"], strict=True))
    sources = _frame([{"guid": _guid(s.get("guid")), "name": s.get("name"), "text": texts.get(_guid(s.get("guid")))}
                      for s in _path(root, "Sources", "TextSource")], SOURCE_COLUMNS)
    return QdpxProject(
        name=root.get("name") or "", origin=origin, users=users,
        codes=_frame(_code_rows(_path(root, "CodeBook", "Codes", "Code"), None, ""), CODE_COLUMNS),
        sources=sources,
        selections=_frame(_selection_rows(root, texts, user_names), SELECTION_COLUMNS),
        cases=_frame(_case_rows(root), CASE_COLUMNS),
    )


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    types = {c: ("Int64" if c in ("start", "end") else "boolean" if c == "codable" else "string") for c in columns}
    return frame.astype(types)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """Children by local name, so a file written with another QDA-XML namespace version still reads."""
    return [child for child in element if _local(child) == name]


def _path(element: etree._Element, *names: str) -> list[etree._Element]:
    found = [element]
    for name in names:
        found = [child for parent in found for child in _children(parent, name)]
    return found


def _guid(value: str | None) -> str | None:
    """GUIDs compared as NVivo and MAXQDA may spell them: braces dropped, lower case."""
    return value.strip().strip("{}").lower() if value else None


def _description(element: etree._Element) -> str | None:
    found = _children(element, "Description")
    return found[0].text if found and found[0].text else None


def _user_row(user: etree._Element) -> dict:
    return {"guid": _guid(user.get("guid")), "name": user.get("name"), "id": user.get("id")}


def _code_rows(codes: list[etree._Element], parent_guid: str | None, parent_path: str) -> list[dict]:
    rows = []
    for code in codes:
        name = code.get("name") or ""
        path = f"{parent_path}/{name}" if parent_path else name
        guid = _guid(code.get("guid"))
        rows.append({"guid": guid, "name": name, "parent_guid": parent_guid, "path": path,
                     "description": _description(code), "codable": code.get("isCodable", "true") != "false"})
        rows += _code_rows(_children(code, "Code"), guid, path)
    return rows


def _source_texts(root: etree._Element, archive: zipfile.ZipFile, origin: str):
    members = {name.lower(): name for name in archive.namelist()}
    for source in _path(root, "Sources", "TextSource"):
        text = _plain_text(source, archive, members)
        if text is not None and "atlas" in origin.lower():
            text = text.replace("\r\n", "\n")
        yield _guid(source.get("guid")), text


def _plain_text(source: etree._Element, archive: zipfile.ZipFile, members: dict[str, str]) -> str | None:
    inline = _children(source, "PlainTextContent")
    if inline:
        return inline[0].text or ""
    location = source.get("plainTextPath") or ""
    if not location.startswith("internal://"):
        return None  # relative:// and absolute:// point outside the zip
    name = location.removeprefix("internal://").lower()
    # Tools disagree on the folder's case ("sources/" from NVivo for Mac and MAXQDA, "Sources/" elsewhere).
    member = members.get(f"sources/{name}") or next(
        (real for lower, real in members.items() if PurePosixPath(lower).name == PurePosixPath(name).name), None)
    if member is None:
        return None
    return archive.read(member).decode("utf-8-sig", errors="replace")


def _selection_rows(root: etree._Element, texts: dict[str, str | None], user_names: dict[str, str]) -> list[dict]:
    rows = []
    for source in _path(root, "Sources", "TextSource"):
        source_guid = _guid(source.get("guid"))
        text = texts.get(source_guid)
        for selection in _children(source, "PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            rows += _coding_rows(selection, source_guid, start, end, text, user_names)
        if _children(source, "Coding"):  # the whole source coded
            rows += _coding_rows(source, source_guid, 0, len(text or ""), text, user_names, whole=True)
    return rows


def _coding_rows(selection: etree._Element, source_guid: str, start: int, end: int, text: str | None,
                 user_names: dict[str, str], whole: bool = False) -> list[dict]:
    rows = []
    for coding in _children(selection, "Coding"):
        refs = _children(coding, "CodeRef")
        user = _guid(coding.get("creatingUser") or selection.get("creatingUser") or selection.get("modifyingUser"))
        rows.append({
            "selection_guid": None if whole else _guid(selection.get("guid")), "source_guid": source_guid,
            "start": start, "end": end, "code_guid": _guid(refs[0].get("targetGUID")) if refs else None,
            "user_guid": user, "user_name": user_names.get(user), "text": None if text is None else text[start:end],
        })
    return rows


def _case_rows(root: etree._Element) -> list[dict]:
    return [{"guid": _guid(case.get("guid")), "name": case.get("name"), "source_guid": _guid(ref.get("targetGUID"))}
            for case in _path(root, "Cases", "Case") for ref in _children(case, "SourceRef")]


def validate_project(qde: bytes | str | Path, xsd_path: str | Path) -> list[str]:
    """Schema errors of a project.qde (given as bytes, a .qde path or a .qdpx path); empty when valid."""
    if isinstance(qde, bytes):
        content = qde
    elif zipfile.is_zipfile(qde):
        with zipfile.ZipFile(qde) as archive:
            content = archive.read(qde_member(archive))
    else:
        content = Path(qde).read_bytes()
    try:
        document = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema(str(Path(xsd_path).resolve()))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def qde_member(archive: zipfile.ZipFile) -> str:
    """project.qde, or the one .qde file some tools name after the project."""
    names = archive.namelist()
    if "project.qde" in names:
        return "project.qde"
    candidates = [n for n in names if n.lower().endswith(".qde") and "/" not in n]
    if len(candidates) != 1:
        raise ValueError(f"{archive.filename}: expected one project .qde file, found {len(candidates)}")
    return candidates[0]


@lru_cache(maxsize=4)
def _schema(xsd_path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(xsd_path))
