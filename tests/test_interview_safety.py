"""A site's interviews are read without trusting them: manifest paths stay inside the interviews folder, hostile or
oversized documents are set aside while the site's other interviews are read, and what the manifest holds reaches
no table unless it is safe to."""

import io
import zipfile

import pytest

import evaluation.ingest.interviews as interviews
from evaluation.ingest.file_safety import FileLimits
from evaluation.ingest.interviews import ingest_site_interviews
from tests import transcript_exports as export
from tests.builders import write_manifest

OUTSIDE_TEXT = "Interviewer: What is the secret?\nParticipant: OUTSIDE-SECRET-TEXT\n"
GOOD = [("Interviewer", "How did you get involved?"), ("Participant", "A nurse asked me."),
        ("Interviewer", "What helped?"), ("Participant", "Being paid for my time.")]
HEADER = ("file", "interview_id", "participant_role", "date", "interviewer")


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "site" / "interviews"
    folder.mkdir(parents=True)
    export.labelled_txt(folder / "good.txt", GOOD)
    return folder


@pytest.fixture
def opened(monkeypatch):
    """The paths the ingestion hands to the transcript reader."""
    paths = []
    reader = interviews.read_transcript

    def spy(path, limits=None):
        paths.append(path.resolve())
        return reader(path, limits)

    monkeypatch.setattr(interviews, "read_transcript", spy)
    return paths


def everything_written(result):
    return " ".join(str(frame.to_dict("records")) for frame in (result.turns, result.quarantine))


def test_manifest_paths_leading_out_of_the_folder_are_refused_and_never_read(folder, tmp_path, opened, instrument,
                                                                              redactor):
    outside = tmp_path / "site" / "outside.txt"
    outside.write_text(OUTSIDE_TEXT, encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    write_manifest(folder, [["good.txt", "INT-01", "carer", ""], ["../outside.txt", "INT-02", "carer", ""],
                            [str(outside), "INT-03", "carer", ""], ["link.txt", "INT-04", "carer", ""]])
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    refused = result.quarantine[result.quarantine["category"] == "outside_folder"]
    assert refused["source_row"].tolist() == [3, 4, 5] and set(refused["source_file"]) == {"manifest.csv"}
    assert opened == [(folder / "good.txt").resolve()]
    assert "OUTSIDE-SECRET" not in everything_written(result)
    assert str(tmp_path) not in everything_written(result)
    assert result.interviews_kept == 1 and result.records_in == 4


def entity_bomb_docx(path):
    """A Word document whose body declares 'billion laughs' entities (a DOCTYPE Word never writes)."""
    export.labelled_docx(path, GOOD, colon=True)
    bomb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                      for i in range(1, 10)) + "]>\n")
    return _rewrite_part(path, "word/document.xml",
                         lambda xml: bomb.encode() + xml.split(b"?>", 1)[1].replace(b"Being paid", b"&lol9;", 1))


def zip_bomb_docx(path):
    """A Word document carrying a part that unpacks to 20 MB of zeros from a few kilobytes."""
    export.labelled_docx(path, GOOD, colon=True)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/image1.png", b"\0" * (20 * 1024 * 1024))
    return path


def broken_xml_docx(path):
    """A Word document whose body XML is cut short: the parser itself fails."""
    export.labelled_docx(path, GOOD, colon=True)
    return _rewrite_part(path, "word/document.xml", lambda xml: xml[: len(xml) // 2])


def _rewrite_part(path, part, change):
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts[part] = change(parts[part])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_hostile_and_oversized_documents_are_set_aside_and_the_rest_is_read(folder, instrument, redactor):
    entity_bomb_docx(folder / "entities.docx")
    zip_bomb_docx(folder / "zipbomb.docx")
    broken_xml_docx(folder / "broken.docx")
    (folder / "huge.txt").write_text("Interviewer: Hello?\n" + "Participant: words words words\n" * 40000)
    write_manifest(folder, [["good.txt", "INT-01", "carer", ""], ["entities.docx", "INT-02", "carer", ""],
                            ["zipbomb.docx", "INT-03", "carer", ""], ["broken.docx", "INT-04", "carer", ""],
                            ["huge.txt", "INT-05", "carer", ""]])
    result = ingest_site_interviews("test-site", folder, instrument, redactor, limits=FileLimits(max_file_mb=1))
    categories = dict(zip(result.quarantine["source_file"], result.quarantine["category"]))
    assert categories == {"entities.docx": "unsafe_file", "zipbomb.docx": "unsafe_file",
                          "broken.docx": "unreadable_file", "huge.txt": "oversized_file"}
    assert result.turns["interview_id"].unique().tolist() == ["INT-01"]
    assert result.records_in == result.interviews_kept + result.records_quarantined == 5


def test_the_manifests_cells_reach_no_table_only_the_private_values(folder, instrument, redactor):
    export.zoom_vtt(folder / "Interview with Priya Shah.vtt", [("Daniel Osei", "How did it go?"),
                                                                ("Priya Shah", "Well."), ("Daniel Osei", "Why?"),
                                                                ("Priya Shah", "People listened.")])
    write_manifest(folder, [["good.txt", "Sarah Jones", "carer", "", ""],
                            ["Interview with Priya Shah.vtt", "INT-02", "Call me on 07700 900456", "soon",
                             "Ruth Kaminski"]], header=HEADER)
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    written = everything_written(result)
    for personal in ("Sarah Jones", "Priya", "Shah", "07700", "Ruth", "Kaminski", "soon"):
        assert personal not in written, personal
    assert result.turns["source_file"].unique().tolist() == ["Interview with [name].vtt"]
    assert result.turns["participant_role"].unique().tolist() == ["not_stated"]
    assert sorted(result.quarantine["category"]) == ["not_an_id", "speaker_unknown", "unknown_date", "unknown_role"]
    private = dict(zip(result.quarantine_values["category"], result.quarantine_values["value"]))
    assert private == {"not_an_id": "Sarah Jones", "unknown_role": "Call me on 07700 900456",
                       "unknown_date": "soon", "speaker_unknown": "Ruth Kaminski"}


def test_an_interview_id_holding_a_speakers_name_is_refused(folder, instrument, redactor):
    export.zoom_vtt(folder / "z.vtt", [("Daniel Osei", "How did it go?"), ("Thaddeus Quillfeather", "Well."),
                                      ("Daniel Osei", "Why?"), ("Thaddeus Quillfeather", "People listened.")])
    write_manifest(folder, [["z.vtt", "INT-02-Quillfeather", "carer", ""], ["good.txt", "INT 3", "carer", ""]])
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    assert result.quarantine["category"].tolist() == ["not_an_id"]
    assert result.turns["interview_id"].unique().tolist() == ["INT 3"]


def test_a_symlinked_manifest_leading_out_is_not_read(folder, tmp_path, instrument, redactor):
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("file,interview_id,participant_role\ngood.txt,INT-01,carer\n")
    (folder / "manifest.csv").symlink_to(elsewhere)
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    assert result.interviews_kept == 0
    assert result.quarantine["category"].tolist() == ["outside_folder"]


def test_the_entity_bomb_declares_its_entities_in_the_document_body(folder):
    with zipfile.ZipFile(entity_bomb_docx(folder / "entities.docx")) as package:
        body = package.read("word/document.xml")
    assert b"<!ENTITY lol9" in body and b"&lol9;" in body
