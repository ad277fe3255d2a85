import docx
import pytest

from evaluation.ingest.file_safety import UnsafeFileError
from evaluation.ingest.interviews import ingest_site_interviews
from evaluation.ingest.transcripts import TranscriptError, read_transcript
from tests.builders import write_manifest

TXT = """Transcript - interview 3

Interviewer: Thanks for joining. How did you get involved?

Participant: A nurse asked me after my appointment.
It went from there really.

Q: What helped?
A: Being paid for my time.
"""

VTT = """WEBVTT

a1/1-0
00:00:01.000 --> 00:00:04.000
<v Eleanor Marsh (Evaluation Team)>Thanks for joining today.</v>

a1/2-0
00:00:04.000 --> 00:00:07.000
<v Priya Shah>Happy to. I'm Priya, by the way.</v>

a1/2-1
00:00:07.000 --> 00:00:09.000
<v Priya Shah>I joined the steering group last spring.</v>
"""


def write_docx(path, paragraphs, heading="Interview transcript"):
    document = docx.Document()
    document.add_heading(heading, level=1)
    for label, text in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(" " + text)
    document.save(str(path))
    return path


def test_txt_turns_follow_labels_and_unlabelled_lines_continue_the_turn(tmp_path):
    path = tmp_path / "i3.txt"
    path.write_text(TXT, encoding="utf-8")
    turns = read_transcript(path).turns
    assert [(t.speaker, t.location) for t in turns] == [
        ("Interviewer", 3), ("Participant", 5), ("Q", 8), ("A", 9)]
    assert turns[1].text == "A nurse asked me after my appointment. It went from there really."


def test_docx_turns_skip_the_heading_and_read_bold_labels(tmp_path):
    path = write_docx(tmp_path / "i1.docx", [("Interviewer:", "How did it go?"), ("INTERVIEWEE:", "Really well.")])
    turns = read_transcript(path).turns
    assert [(t.speaker, t.text) for t in turns] == [("Interviewer", "How did it go?"), ("INTERVIEWEE", "Really well.")]


def test_vtt_cues_by_one_voice_merge_into_one_turn(tmp_path):
    path = tmp_path / "i2.vtt"
    path.write_text(VTT, encoding="utf-8")
    turns = read_transcript(path).turns
    assert [t.speaker for t in turns] == ["Eleanor Marsh (Evaluation Team)", "Priya Shah"]
    assert turns[1].text == "Happy to. I'm Priya, by the way. I joined the steering group last spring."
    assert turns[1].location == 2


def test_a_transcript_without_speaker_labels_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("We talked about the project for an hour.\nIt went well.\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="no speakers found"):
        read_transcript(path)


def test_an_empty_docx_is_refused_by_name(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(TranscriptError, match="the file is empty"):
        read_transcript(path)


def test_a_corrupt_docx_is_refused_by_name(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not a document")
    with pytest.raises(UnsafeFileError, match="not a readable Office package"):
        read_transcript(path)


@pytest.fixture
def interview_dir(tmp_path):
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "i3.txt").write_text(TXT, encoding="utf-8")
    (folder / "i2.vtt").write_text(VTT, encoding="utf-8")
    return folder


def test_interviews_become_turns_with_roles_and_names_redacted(interview_dir, instrument, redactor):
    write_manifest(interview_dir, [["i3.txt", "INT-03", "Member of staff", "2022-05-03"],
                                   ["i2.vtt", "INT-02", "lived_experience", "04/05/2022"]],
                   header=("file", "interview_id", "participant_role", "date", "interviewer"))
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    turns = result.turns
    assert result.quarantine.empty and result.records_in == result.interviews_kept == 2
    vtt = turns[turns["interview_id"] == "INT-02"]
    assert vtt["speaker_role"].tolist() == ["interviewer", "lived_experience"]
    assert vtt["interview_date"].unique().tolist() == ["2022-05-04"]
    assert "Priya" not in " ".join(turns["text"]) and "[name]" in vtt["text"].iloc[1]
    assert turns[turns["interview_id"] == "INT-03"]["speaker_role"].tolist() == [
        "interviewer", "staff", "interviewer", "staff"]


def test_a_manifest_row_whose_file_is_missing_is_quarantined(interview_dir, instrument, redactor):
    write_manifest(interview_dir, [["i3.txt", "INT-03", "staff", "2022-05-03"],
                                   ["i2.vtt", "INT-02", "carer", "2022-05-04"],
                                   ["i9.docx", "INT-09", "carer", "2022-05-09"]])
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert (entry["source_file"], entry["source_row"], entry["category"]) == ("manifest.csv", 4, "missing_file")
    assert "listed but missing" in entry["reason"] and "i9.docx" not in entry["reason"]
    assert result.quarantine_values["value"].tolist() == ["i9.docx"]
    assert result.records_in == 3 and result.interviews_kept == 2


def test_a_transcript_the_manifest_does_not_list_is_quarantined(interview_dir, instrument, redactor):
    write_manifest(interview_dir, [["i3.txt", "INT-03", "staff", "2022-05-03"]])
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert (entry["source_file"], entry["scope"]) == ("i2.vtt", "file")
    assert result.records_in == result.interviews_kept + result.records_quarantined == 2


def test_a_transcript_without_labels_is_quarantined_and_the_others_read(interview_dir, instrument, redactor):
    (interview_dir / "i4.txt").write_text("Just notes, no speakers.\n", encoding="utf-8")
    write_manifest(interview_dir, [["i3.txt", "INT-03", "staff", ""], ["i4.txt", "INT-04", "staff", ""],
                                   ["i2.vtt", "INT-02", "carer", ""]])
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert entry["source_file"] == "i4.txt" and "no speakers found" in entry["reason"]
    assert entry["category"] == "no_speech"
    assert "manifest row 3" in entry["reason"]
    assert sorted(result.turns["interview_id"].unique()) == ["INT-02", "INT-03"]


def test_a_repeated_interview_id_keeps_the_first_row(interview_dir, instrument, redactor):
    write_manifest(interview_dir, [["i3.txt", "INT-03", "staff", ""], ["i2.vtt", "INT-03", "carer", ""]])
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert entry["source_row"] == 3 and "appears twice" in entry["reason"]


def test_without_a_manifest_every_transcript_is_quarantined_with_the_reason(interview_dir, instrument, redactor):
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    assert sorted(result.quarantine["source_file"]) == ["i2.vtt", "i3.txt"]
    assert result.quarantine["reason"].str.contains("no manifest.csv").all()
    assert result.records_in == 2 and result.interviews_kept == 0


def test_a_manifest_that_is_not_a_csv_quarantines_the_transcripts(interview_dir, instrument, redactor):
    (interview_dir / "manifest.csv").write_text("file,interview_id,participant_role\ni3.txt,INT-03,staff,x,y\n")
    result = ingest_site_interviews("test-site", interview_dir, instrument, redactor)
    assert result.interviews_kept == 0 and result.records_in == result.records_quarantined == 2
    assert result.quarantine["reason"].str.contains("manifest.csv row 2: 5 cells but the header has 3 columns").all()


def test_a_name_introduced_once_is_redacted_in_every_later_turn(tmp_path, instrument, redactor):
    (tmp_path / "i1.txt").write_text(
        "Interviewer: Could you introduce yourself?\n"
        "Participant: I'm Thaddeus Quillfeather, I joined as a patient partner.\n"
        "Interviewer: What helped?\n"
        "Participant: Thaddeus was always made welcome. Will it work? That was never the question.\n",
        encoding="utf-8")
    write_manifest(tmp_path, [["i1.txt", "INT-01", "Patient", "2024-01-02"]])
    turns = ingest_site_interviews("alpha", tmp_path, instrument, redactor).turns
    text = " ".join(turns["text"])
    assert "Thaddeus" not in text and "Quillfeather" not in text
    assert "Will it work?" in text  # a name part that is an everyday word is not carried across turns
