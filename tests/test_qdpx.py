import zipfile
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from lxml import etree

from evaluation.coding.codebook import build_codebook
from evaluation.coding.codings import coding_frame
from evaluation.coding.qdpx import (codings_from_qdpx, export_qdpx, interview_texts, read_qdpx, speaker_label,
                                    validate_project)
from evaluation.coding.qdpx.export import theme_guid
from evaluation.coding.qdpx.review import _codes_segment
from evaluation.text.segment import default_sentence_splitter, segment_turns
from tests.builders import SHARED

REFI = SHARED / "data" / "refi-qda"
XSD = REFI / "Project-mrt2019.xsd"
NVIVO_SAMPLE = REFI / "nvivo15-sample.qdpx"
NS = "{urn:QDA-XML:project:1.0}"

CODEBOOK = build_codebook({
    "codebook": "test-coproduction", "version": "1",
    "categories": {
        "facilitator": {"name": "Facilitators", "definition": "What helped co-production."},
        "value": {"name": "Values", "definition": "What people gained."},
        "challenge": {"name": "Challenges", "definition": "What got in the way."},
    },
    "themes": [
        {"id": "funding_and_payment", "category": "facilitator", "name": "Funding and payment",
         "definition": "Paying people for their time.", "patterns": ["paid"]},
        {"id": "relationships", "category": "facilitator", "name": "Relationships",
         "definition": "Working relationships.", "patterns": ["relationship*"]},
        {"id": "trust", "category": "facilitator", "name": "Trust", "parent": "relationships",
         "definition": "Trust between partners.", "patterns": ["trust*"]},
        {"id": "listened_to", "category": "value", "name": "Being listened to",
         "definition": "Feeling heard.", "patterns": ["listened"]},
        {"id": "confidence", "category": "value", "name": "Confidence",
         "definition": "Growing confidence.", "patterns": ["confident"]},
        {"id": "resources_and_time", "category": "challenge", "name": "Resources and time",
         "definition": "Too little time or money.", "patterns": ["no time"]},
    ],
})

TURNS = [
    ("north", "n01", 1, "interviewer", "lived_experience", "How did you get involved?"),
    ("north", "n01", 2, "participant", "lived_experience",
     "A nurse asked me. We were paid for our time. I felt listened to — at the café meetings too."),
    ("north", "n01", 3, "interviewer", "lived_experience", "What changed for you?"),
    ("north", "n01", 4, "participant", "lived_experience", "I’m more confident now. The staff trusted us."),
    ("north", "n02", 1, "interviewer", "carer", "What got in the way?"),
    ("north", "n02", 2, "participant", "carer", "There was no time for meetings. We still built relationships."),
    ("south", "s01", 1, "interviewer", "staff", "What helped?"),
    ("south", "s01", 2, "participant", "staff", "Paying people mattered. Trust took months."),
]


@pytest.fixture(scope="module")
def segments():
    turns = pd.DataFrame(TURNS, columns=["site_id", "interview_id", "turn", "speaker", "participant_role", "text"])
    turns["speaker_role"] = turns["speaker"].where(turns["speaker"] == "interviewer", turns["participant_role"])
    return segment_turns(turns, default_sentence_splitter())


@pytest.fixture(scope="module")
def codings():
    def row(segment_id, theme_id, coder, evidence=None):
        return {"segment_id": segment_id, "theme_id": theme_id, "category": CODEBOOK.category_of(theme_id),
                "coder": coder, "score": 1.0 if coder == "rules" else None, "evidence": evidence}
    return coding_frame([
        row("n01/t002/s02", "funding_and_payment", "rules", "paid"),
        row("n01/t002/s03", "listened_to", "rules", "listened"),
        row("n01/t002/s03", "listened_to", "alice"),
        row("n01/t004/s01", "confidence", "alice"),
        row("n01/t004/s02", "trust", "rules", "trusted"),
        row("n02/t002/s01", "resources_and_time", "rules", "no time"),
        row("n02/t002/s02", "relationships", "alice"),
        row("s01/t002/s02", "trust", "rules", "Trust"),
    ])


@pytest.fixture()
def exported(tmp_path, segments, codings):
    return export_qdpx(tmp_path / "review.qdpx", segments, codings, CODEBOOK, project_name="Review")


def needs(path):
    if not path.exists():
        pytest.skip(f"{path} is not available")


def rewrite_qdpx(source, target, edit=None, replace=None):
    """Copy a .qdpx, editing project.qde (a function of the root element) and replacing whole entries."""
    replace = dict(replace or {})
    with zipfile.ZipFile(source) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    if edit:
        root = etree.fromstring(entries["project.qde"])
        edit(root)
        entries["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    entries.update(replace)
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return target


def pairs(coding):
    return {coder: set(zip(rows["segment_id"], rows["theme_id"])) for coder, rows in coding.groupby("coder")}


# --- export -----------------------------------------------------------------------------------------------------

def test_interview_text_has_a_labelled_line_per_turn_and_exact_segment_offsets(segments):
    texts = {t.interview_id: t for t in interview_texts(segments)}
    assert texts["n01"].text.split("\n") == [
        "Interviewer: How did you get involved?",
        "Person with lived experience: A nurse asked me. We were paid for our time. "
        "I felt listened to — at the café meetings too.",
        "Interviewer: What changed for you?",
        "Person with lived experience: I’m more confident now. The staff trusted us.",
    ]
    for text in texts.values():
        for segment in segments[segments["interview_id"] == text.interview_id].itertuples():
            start, end = text.offsets[segment.segment_id]
            assert text.text[start:end] == segment.text
    assert speaker_label("staff") == "Member of staff" and speaker_label("interviewer") == "Interviewer"


def test_export_validates_against_the_refi_qda_schema(exported, tmp_path, segments, codings):
    needs(XSD)
    assert validate_project(exported, XSD) == []
    dated = export_qdpx(tmp_path / "dated.qdpx", segments, codings, CODEBOOK, users=["bea"],
                        created=datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    assert validate_project(dated, XSD) == []
    with zipfile.ZipFile(dated) as archive:
        assert b'creationDateTime="2025-03-01T08:30:00Z"' in archive.read("project.qde")
    assert "bea" in set(read_qdpx(dated).users["name"])


def test_validate_project_reports_schema_errors():
    needs(XSD)
    errors = validate_project(b'<Project xmlns="urn:QDA-XML:project:1.0"><Users/></Project>', XSD)
    assert errors and any("name" in e for e in errors) and all(e.startswith("line ") for e in errors)


def test_export_is_byte_identical_for_the_same_inputs(tmp_path, segments, codings, exported):
    again = export_qdpx(tmp_path / "again.qdpx", segments, codings.sample(frac=1, random_state=3), CODEBOOK,
                        project_name="Review")
    assert again.read_bytes() == exported.read_bytes()
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        assert names == sorted(names) and names[0] == "project.qde"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"DateTime" not in archive.read("project.qde")


def test_export_holds_code_tree_sources_codings_users_and_cases(exported, segments, codings):
    project = read_qdpx(exported)
    paths = dict(zip(project.codes["guid"], project.codes["path"]))
    assert paths[theme_guid(CODEBOOK, "trust")] == "Facilitators/Relationships/Trust"
    assert paths[theme_guid(CODEBOOK, "listened_to")] == "Values/Being listened to"
    assert len(project.codes) == 3 + len(CODEBOOK.themes)
    assert project.codes.set_index("name").loc["Challenges", "description"] == "What got in the way."
    assert not project.codes.set_index("name").loc["Challenges", "codable"]
    assert sorted(project.users["name"]) == ["alice", "rules"]
    assert sorted(project.sources["name"]) == ["n01", "n02", "s01"]
    texts = {t.guid: t.text for t in interview_texts(segments)}
    assert dict(zip(project.sources["guid"], project.sources["text"])) == texts
    assert len(project.selections) == len(codings)
    by_segment = segments.set_index("segment_id")["text"]
    selections = project.selections.merge(project.codes, left_on="code_guid", right_on="guid")
    quote = selections[(selections["name"] == "Being listened to") & (selections["user_name"] == "rules")]
    assert quote["text"].tolist() == [by_segment["n01/t002/s03"]]
    assert by_segment["n01/t002/s03"] == "I felt listened to — at the café meetings too."
    cases = project.cases.groupby("name")["source_guid"].size().to_dict()
    assert cases == {"Site: north": 2, "Site: south": 1, "Role: Person with lived experience": 1,
                     "Role: Carer": 1, "Role: Member of staff": 1}


def test_export_refuses_codings_the_codebook_or_segments_do_not_know(tmp_path, segments, codings):
    bad = pd.concat([codings, coding_frame([{"segment_id": "n01/t002/s01", "theme_id": "optimism",
                                             "category": "value", "coder": "rules"}])])
    with pytest.raises(ValueError, match="optimism"):
        export_qdpx(tmp_path / "bad.qdpx", segments, bad, CODEBOOK)


# --- round trip and a reviewer's edits ---------------------------------------------------------------------------

def test_round_trip_gives_back_the_exported_codings_per_coder(exported, segments, codings):
    coding, issues = codings_from_qdpx(exported, segments, CODEBOOK)
    assert issues.empty
    assert pairs(coding) == pairs(codings)
    assert list(coding.columns) == list(codings.columns)


def test_reviewer_edits_map_back_to_segments_and_unknown_codes_are_reported(tmp_path, exported, segments):
    texts = {t.interview_id: t for t in interview_texts(segments)}
    n01 = texts["n01"]
    reviewer = "7e3b2f0c-0000-4000-8000-000000000001"

    def edit(root):
        users = root.find(f"{NS}Users")
        etree.SubElement(users, f"{NS}User", guid=reviewer, name="bea")
        codes = root.find(f"{NS}CodeBook/{NS}Codes")
        etree.SubElement(codes, f"{NS}Code", guid="7e3b2f0c-0000-4000-8000-0000000000c1", name="CONFIDENCE",
                         isCodable="true")  # made by hand in NVivo: matched by name
        etree.SubElement(codes, f"{NS}Code", guid="7e3b2f0c-0000-4000-8000-0000000000c2", name="Humour",
                         isCodable="true")
        source = next(s for s in root.iter(f"{NS}TextSource") if s.get("name") == "n01")
        for selection in source.findall(f"{NS}PlainTextSelection"):  # the reviewer rejects the rules coder
            if selection.get("creatingUser") != reviewer and "rules" in _user_of(root, selection):
                source.remove(selection)
        phrase = n01.text.index("paid for our time")
        passage_start = n01.text.index("A nurse")
        passage_end = n01.text.index("I felt") + 3  # spills into the next sentence
        category = next(c.get("guid") for c in codes if c.get("name") == "Values")
        for number, (start, end, code) in enumerate([
            (phrase, phrase + len("paid for our time"), theme_guid(CODEBOOK, "funding_and_payment")),
            (passage_start, passage_end, theme_guid(CODEBOOK, "relationships")),
            (n01.text.index("more confident"), n01.text.index("now."), "7e3b2f0c-0000-4000-8000-0000000000c1"),
            (0, len("Interviewer: How"), "7e3b2f0c-0000-4000-8000-0000000000c1"),
            (phrase, phrase + 4, "7e3b2f0c-0000-4000-8000-0000000000c2"),
            (phrase, phrase + 4, category),
        ]):
            selection = etree.SubElement(source, f"{NS}PlainTextSelection",
                                         guid=f"7e3b2f0c-0000-4000-8000-0000000001{number:02d}",
                                         startPosition=str(start), endPosition=str(end), creatingUser=reviewer)
            coding = etree.SubElement(selection, f"{NS}Coding", guid=f"7e3b2f0c-0000-4000-8000-0000000002{number:02d}",
                                      creatingUser=reviewer)
            etree.SubElement(coding, f"{NS}CodeRef", targetGUID=code)

    edited = rewrite_qdpx(exported, tmp_path / "edited.qdpx", edit)
    if XSD.exists():
        assert validate_project(edited, XSD) == []
    coding, issues = codings_from_qdpx(edited, segments, CODEBOOK)
    found = pairs(coding)
    assert found["bea"] == {("n01/t002/s02", "funding_and_payment"), ("n01/t002/s01", "relationships"),
                            ("n01/t002/s02", "relationships"), ("n01/t004/s01", "confidence")}
    assert not any(segment.startswith("n01/") for segment, _ in found["rules"])
    assert ("s01/t002/s02", "trust") in found["rules"]
    assert coding.set_index(["coder", "theme_id"]).loc[("bea", "funding_and_payment"), "evidence"] == \
        "paid for our time"
    assert sorted(issues["reason"]) == ["code matches no theme", "coded at a category, not a theme",
                                        "selection covers no participant sentence"]
    assert issues.set_index("reason").loc["code matches no theme", "code_path"] == "Humour"


def _user_of(root, selection):
    names = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    return names.get(selection.get("creatingUser"), "")


def test_overlap_rule_codes_phrases_and_passages_but_not_spill_over():
    sentence = (100, 160)
    assert _codes_segment(120, 130, *sentence)  # a phrase inside the sentence
    assert _codes_segment(90, 200, *sentence)  # a passage around it
    assert _codes_segment(130, 400, *sentence)  # half of the sentence, then more
    assert not _codes_segment(40, 103, *sentence)  # spills three characters in
    assert not _codes_segment(160, 170, *sentence)  # touches, no overlap


def test_sources_matched_by_name_when_guids_changed_and_edited_text_is_reported(tmp_path, exported, segments):
    """As if re-exported by NVivo for Windows: new source GUIDs and file names, CRLF line breaks (positions
    recounted), and one sentence edited by the reviewer."""
    texts = {t.interview_id: t.text for t in interview_texts(segments)}

    def edit(root):
        for number, source in enumerate(root.iter(f"{NS}TextSource")):
            text = texts[source.get("name")]
            source.set("guid", f"7e3b2f0c-0000-4000-8000-{number:012d}")
            source.set("plainTextPath", f"internal://{source.get('name')}.txt")
            for selection in source.iter(f"{NS}PlainTextSelection"):
                for position in ("startPosition", "endPosition"):
                    value = int(selection.get(position))
                    selection.set(position, str(value + text[:value].count("\n")))

    replace = {f"sources/{name}.txt": text.replace("\n", "\r\n").encode("utf-8") for name, text in texts.items()}
    replace["sources/s01.txt"] = replace["sources/s01.txt"].replace(b"Trust took months.", b"Trust took a year.")
    edited = rewrite_qdpx(exported, tmp_path / "renamed.qdpx", edit, replace)
    coding, issues = codings_from_qdpx(edited, segments, CODEBOOK)
    assert pairs(coding)["alice"] == {("n01/t002/s03", "listened_to"), ("n01/t004/s01", "confidence"),
                                      ("n02/t002/s02", "relationships")}
    assert ("s01/t002/s02", "trust") not in pairs(coding)["rules"]
    s01 = issues[issues["source_name"] == "s01"].set_index("reason")
    assert s01.filter(like="not in the source text", axis=0)["segment_ids"].tolist() == ["s01/t002/s02"]
    assert s01.loc["selection covers no participant sentence", "text"] == "Trust took a year."


# --- the real NVivo export -----------------------------------------------------------------------------------------

def test_nvivo_sample_validates_against_the_schema():
    needs(NVIVO_SAMPLE)
    needs(XSD)
    assert validate_project(NVIVO_SAMPLE, XSD) == []


def test_reads_the_nvivo_15_sample():
    needs(NVIVO_SAMPLE)
    project = read_qdpx(NVIVO_SAMPLE)
    assert project.origin == "NVivo for Mac 15.0.0" and project.name == "qc project"
    assert sorted(zip(project.users["name"], project.users["id"])) == [("chrisp", "CP"), ("cp", "C")]
    codes = project.codes
    assert len(codes) == 262 and codes["codable"].all()
    assert codes.loc[codes["parent_guid"].isna(), "name"].tolist() == [
        "rq1_definition", "rq2_curriculum_and_instruction", "rq3_process"]
    assert (~codes["guid"].isin(codes["parent_guid"])).sum() == 204  # leaves
    assert codes["path"].str.count("/").max() == 6
    assert "rq2_curriculum_and_instruction/curriculum/interdisciplinary_cs/other_subject_areas/humanities/english/" \
           "writing" in set(codes["path"])
    # the same name under different parents stays three different codes
    citizenship = codes.loc[codes["name"] == "citizenship", "path"].tolist()
    assert citizenship == ["rq1_definition/defining_education/citizenship",
                           "rq1_definition/practices/digital_citizenship/citizenship",
                           "rq1_definition/rationales/cs_literacy/digital_citizenship/citizenship"]
    programming = codes.set_index("path").loc["rq1_definition/framings/cs_as_programming/programming"]
    assert programming["guid"] == "36633863-3866-3131-3064-373330303936"
    assert codes.set_index("guid").loc[programming["parent_guid"], "name"] == "cs_as_programming"
    # two text sources whose plain text (sources/<guid>.txt) is a single line break, and no codings
    assert len(project.sources) == 2 and project.sources["text"].tolist() == ["\n", "\n"]
    assert project.selections.empty and project.cases.empty


def test_reads_codings_in_an_nvivo_export_counting_characters_and_windows_line_breaks(tmp_path):
    """The sample has no codings: add one to it, as NVivo for Windows writes them (CRLF text, positions in
    characters with the CR counted), and check the excerpt."""
    needs(NVIVO_SAMPLE)
    text = "Interviewer: Hello.\r\nParticipant: We felt listened to — at the café.\r\n"
    phrase = "listened to — at the café"
    start, end = text.index(phrase), text.index(phrase) + len(phrase)
    source_guid = "d097e6fd-7671-4d95-a8b6-7795fa4a72e1"

    def edit(root):
        source = next(s for s in root.iter(f"{NS}TextSource") if s.get("guid") == source_guid)
        selection = etree.SubElement(source, f"{NS}PlainTextSelection", guid="7E3B2F0C-0000-4000-8000-000000000301",
                                     name="listened", startPosition=str(start), endPosition=str(end),
                                     creatingUser="1b0b1791-be46-4557-9957-7333544cfaf2")
        coding = etree.SubElement(selection, f"{NS}Coding", guid="{7e3b2f0c-0000-4000-8000-000000000302}",
                                  creatingUser="39633935-3331-3962-6632-373436373264")
        etree.SubElement(coding, f"{NS}CodeRef", targetGUID="36633863-3866-3131-3064-373330303936")

    coded = rewrite_qdpx(NVIVO_SAMPLE, tmp_path / "coded.qdpx", edit,
                         {f"sources/{source_guid}.txt": b"\xef\xbb\xbf" + text.encode("utf-8")})
    selection = read_qdpx(coded).selections.iloc[0]
    assert selection["text"] == phrase
    assert (selection["start"], selection["end"]) == (start, end) == (42, 67)
    assert selection["user_name"] == "cp"  # the Coding's user, not the selection's
    assert selection["selection_guid"] == "7e3b2f0c-0000-4000-8000-000000000301"
    assert selection["code_guid"] == "36633863-3866-3131-3064-373330303936"
