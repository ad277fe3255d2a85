"""Transcripts as Teams, Zoom, Otter, Rev and note-takers write them are read turn by turn, each on the right side,
with timestamps, annotations and tool boilerplate gone and the speakers' names and a phone number redacted."""

import re

import pytest

from evaluation.ingest.interviews import ingest_site_interviews
from evaluation.ingest.transcripts import read_transcript
from tests import transcript_exports as export
from tests.builders import write_manifest

ASKS, ANSWERS = "Daniel Osei", "Priya Shah"
SPEECH = [
    "Thanks for joining, Priya. How did you first get involved?",
    "A nurse asked me after my appointment [inaudible 00:04:12] and it went from there.",
    "What helped you take part?",
    "Being paid for my time (laughs). Ring me on 07700 900123 if you need more, Daniel & the team.",
    "And what got in the way?",
    "[crosstalk] The meetings were always in working hours.",
]
SIDES = ["interviewer", "participant"] * 3
NOT_SPEECH = re.compile(r"\d:\d\d|inaudible|crosstalk|laughs|transcription|otter|&amp;|Priya|Daniel|Osei|Shah|07700",
                        re.IGNORECASE)


def conversation(interviewer=ASKS, participant=ANSWERS):
    return [(interviewer if n % 2 == 0 else participant, speech) for n, speech in enumerate(SPEECH)]


def ingest_one(folder, write, name, instrument, redactor, named=ASKS, speakers=(ASKS, ANSWERS)):
    """One interview written by `write`, listed in a manifest whose interviewer column holds `named`."""
    folder.mkdir(exist_ok=True)
    write(folder / name, conversation(*speakers))
    header = ("file", "interview_id", "participant_role", "date", "interviewer")
    write_manifest(folder, [[name, "INT-07", "carer", "2023-05-03", named or ""]], header=header)
    return ingest_site_interviews("test-site", folder, instrument, redactor)


def assert_read_in_full(result):
    assert result.quarantine.empty, result.quarantine.to_dict("records")
    turns = result.turns
    assert turns["speaker"].tolist() == SIDES
    assert turns["speaker_role"].tolist() == ["interviewer", "carer"] * 3
    for text in turns["text"]:
        assert not NOT_SPEECH.search(text), text
    assert "[phone number]" in turns["text"].iloc[3] and "[name]" in turns["text"].iloc[0]
    assert turns["text"].iloc[1] == "A nurse asked me after my appointment and it went from there."
    assert turns["text"].iloc[5] == "The meetings were always in working hours."


@pytest.mark.parametrize("write, name, layout", [
    (lambda p, c: export.teams_docx(p, c, organiser=ASKS), "Evaluation interview.docx", "teams_docx"),
    (lambda p, c: export.teams_docx(p, c, organiser=ASKS, long_times=True), "long.docx", "teams_docx"),
    (export.teams_vtt, "meeting_transcript.vtt", "teams_vtt"),
    (export.zoom_vtt, "GMT20230503-100200_Recording.transcript.vtt", "zoom_vtt"),
    (export.otter_txt, "Evaluation interview_otter_ai.txt", "otter_text"),
    (export.rev_txt, "rev_transcript.txt", "rev_text"),
])
def test_a_tool_export_is_read_in_full(tmp_path, instrument, redactor, write, name, layout):
    result = ingest_one(tmp_path / "interviews", write, name, instrument, redactor)
    assert_read_in_full(result)
    assert result.layouts == {name: layout}


def test_without_an_interviewer_in_the_manifest_the_one_asking_questions_is_the_interviewer(
        tmp_path, instrument, redactor):
    result = ingest_one(tmp_path / "interviews", export.rev_txt, "rev.txt", instrument, redactor, named=None,
                        speakers=("Speaker 1", "Speaker 2"))
    assert_read_in_full(result)


def test_the_manifest_can_name_the_interviewer_by_first_name_or_initials(tmp_path, instrument, redactor):
    for n, named in enumerate(("Daniel", "DO", "daniel osei")):
        folder = tmp_path / f"interviews{n}"
        # the participant asks the questions here, so only the manifest can say who interviewed
        swapped = [(ANSWERS if speaker == ASKS else ASKS, speech) for speaker, speech in conversation()]
        folder.mkdir()
        export.zoom_vtt(folder / "z.vtt", swapped)
        write_manifest(folder, [["z.vtt", "INT-01", "carer", "", named]],
                       header=("file", "interview_id", "participant_role", "date", "interviewer"))
        result = ingest_site_interviews("test-site", folder, instrument, redactor)
        assert result.turns["speaker"].tolist() == ["participant", "interviewer"] * 3, named


@pytest.mark.parametrize("interviewer, participant", [
    ("I", "P1"), ("I", "R"), ("INT", "RESP"), ("Q", "A"), ("Interviewer", "Respondent"), ("R", "P"),
    ("Facilitator", "Participant 2"),
])
def test_typed_labels_give_turns_on_both_sides(tmp_path, instrument, redactor, interviewer, participant):
    folder = tmp_path / "interviews"
    folder.mkdir()
    export.labelled_txt(folder / "notes.txt", conversation(interviewer, participant),
                        ["Interview transcript", "Interviewer: Daniel Osei", "Participant: P1", "Date: 3 May 2023"])
    write_manifest(folder, [["notes.txt", "INT-07", "carer", "2023-05-03"]])
    assert_read_in_full(ingest_site_interviews("test-site", folder, instrument, redactor))


def test_front_matter_lines_are_not_turns(tmp_path):
    path = export.labelled_txt(tmp_path / "n.txt", conversation("I", "P1"),
                               ["Transcript", "Interviewer: Daniel Osei", "Participant: P1", "Date: 3 May 2023"])
    transcript = read_transcript(path)
    assert transcript.header == (("interviewer", "Daniel Osei"), ("participant", "P1"))
    assert [t.speaker for t in transcript.turns] == ["I", "P1"] * 3
    assert transcript.turns[0].location == 6


@pytest.mark.parametrize("colon", [False, True])
def test_bold_labels_in_word_give_turns(tmp_path, instrument, redactor, colon):
    folder = tmp_path / "interviews"
    folder.mkdir()
    export.labelled_docx(folder / "notes.docx", conversation("Sarah", "Tom"), ["Date: 3 May 2023"], colon=colon)
    write_manifest(folder, [["notes.docx", "INT-07", "carer", "", "Sarah"]],
                   header=("file", "interview_id", "participant_role", "date", "interviewer"))
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    assert result.quarantine.empty and result.turns["speaker"].tolist() == SIDES
    assert not result.turns["text"].str.contains("Sarah|Tom").any()


def test_named_labels_without_a_manifest_interviewer_follow_the_questions(tmp_path):
    path = export.labelled_txt(tmp_path / "n.txt", conversation("Sarah", "Tom"))
    transcript = read_transcript(path)
    assert transcript.speakers == ["Sarah", "Tom"] and transcript.layout == "labels_text"


def test_teams_vtt_overlapping_voices_become_separate_turns(tmp_path):
    transcript = read_transcript(export.teams_vtt(tmp_path / "t.vtt", conversation()))
    assert [t.speaker for t in transcript.turns] == [ASKS, ANSWERS] * 3
    assert transcript.turns[4].location == transcript.turns[5].location  # the last cue holds both voices
    assert "& the team" in transcript.turns[3].text


def test_a_one_sided_transcript_is_quarantined_not_coded(tmp_path, instrument, redactor):
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "one.txt").write_text("Interviewer: How did it go?\nInterviewer: And then?\n", encoding="utf-8")
    export.zoom_vtt(folder / "z.vtt", conversation())
    write_manifest(folder, [["one.txt", "INT-01", "carer", ""], ["z.vtt", "INT-02", "carer", ""]])
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    [entry] = result.quarantine.to_dict("records")
    assert (entry["source_file"], entry["category"], entry["source_row"]) == ("one.txt", "one_sided", 2)
    assert result.turns["interview_id"].unique().tolist() == ["INT-02"]


def test_a_meeting_title_ending_in_a_time_is_front_matter(tmp_path):
    path = export.teams_docx(tmp_path / "t.docx", conversation(), organiser=ASKS, title="Weekly Catch Up 10:30")
    transcript = read_transcript(path)
    assert transcript.speakers == [ASKS, ANSWERS] and len(transcript.turns) == 6


def test_one_speaker_typed_in_two_cases_is_one_speaker(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("SARAH: How was it?\nTom: Fine.\nSarah: Why?\nTom: People listened.\n", encoding="utf-8")
    assert read_transcript(path).speakers == ["SARAH", "Tom"]


def test_a_transcript_with_i_p1_and_r_labels_puts_only_i_on_the_interviewer_side(tmp_path, instrument, redactor):
    folder = tmp_path / "interviews"
    folder.mkdir()
    labels = ["I", "P1", "I", "R", "I", "P1"]
    export.labelled_txt(folder / "group.txt", [(label, speech) for label, speech in zip(labels, SPEECH)])
    write_manifest(folder, [["group.txt", "INT-07", "carer", "2023-05-03"]])
    assert_read_in_full(ingest_site_interviews("test-site", folder, instrument, redactor))


# --- details of the real exports (see tests/transcript_exports.py for where each was checked) ---

@pytest.mark.parametrize("write, name, layout", [
    (export.stream_docx, "Stream meeting.docx", "stream_docx"),
    (export.otter_docx, "otter export.docx", "otter_docx"),
    (lambda p, c: export.rev_txt(p, c, hours=False), "rev_short.txt", "rev_text"),
])
def test_older_and_other_exports_are_read_in_full(tmp_path, instrument, redactor, write, name, layout):
    result = ingest_one(tmp_path / "interviews", write, name, instrument, redactor)
    assert_read_in_full(result)
    assert result.layouts == {name: layout}


def test_stream_cue_timings_without_padding_are_not_speech(tmp_path):
    transcript = read_transcript(export.stream_docx(tmp_path / "s.docx", conversation()))
    assert [t.speaker for t in transcript.turns] == [ASKS, ANSWERS] * 3
    assert not any("-->" in t.text or "0:0:" in t.text for t in transcript.turns)


def test_a_teams_utterance_nobody_was_named_for_is_not_added_to_the_turn_above(tmp_path):
    path = export.teams_docx(tmp_path / "t.docx", conversation(), organiser=ASKS, unattributed="Mm.")
    turns = read_transcript(path).turns
    assert [t.speaker for t in turns][:4] == [ASKS, ANSWERS, "Unknown Speaker", ASKS]
    assert turns[1].text == SPEECH[1].replace(" [inaudible 00:04:12]", "") and turns[2].text == "Mm."


def test_teams_speech_over_several_line_breaks_is_one_turn(tmp_path):
    talk = [(ASKS, "How did it start?"), (ANSWERS, "A nurse asked me.\nSo I went along.\nAnd stayed.")] * 2
    turns = read_transcript(export.teams_docx(tmp_path / "t.docx", talk, organiser=ASKS)).turns
    assert turns[1].text == "A nurse asked me. So I went along. And stayed." and len(turns) == 4


def test_nhs_mail_display_names_are_speakers_and_match_the_manifest(tmp_path, instrument, redactor):
    interviewer, participant = "OSEI, Daniel (LEEDS TEACHING HOSPITALS NHS TRUST)", "Priya Shah (Guest)"
    folder = tmp_path / "interviews"
    result = ingest_one(folder, lambda p, c: export.teams_docx(p, c, organiser=interviewer), "t.docx",
                        instrument, redactor, named="daniel  osei", speakers=(interviewer, participant))
    assert result.quarantine.empty, result.quarantine.to_dict("records")
    assert result.turns["speaker"].tolist() == SIDES
    assert not result.turns["text"].str.contains("Priya|Daniel|LEEDS").any()


def test_otter_single_turn_speakers_and_unknown_speaker_each_start_a_turn(tmp_path):
    talk = [("Sam Okafor", "Welcome, how did you hear about the group?"), ("Jo Reyes", "Through the clinic.")]
    path = export.otter_txt(tmp_path / "o.txt", talk, unknown="Can I add something?")
    transcript = read_transcript(path)
    assert [t.speaker for t in transcript.turns] == ["Sam Okafor", "Jo Reyes", "Unknown Speaker"]
    assert [t.text for t in transcript.turns] == [talk[0][1], talk[1][1], "Can I add something?"]


def test_zoom_display_names_typed_in_lower_case_are_speakers(tmp_path, instrument, redactor):
    result = ingest_one(tmp_path / "interviews", export.zoom_vtt, "z.vtt", instrument, redactor,
                        named="Daniel Osei", speakers=("daniel osei", "Priya's iPhone"))
    assert result.quarantine.empty, result.quarantine.to_dict("records")
    assert result.turns["speaker"].tolist() == SIDES
    assert not result.turns["text"].str.contains("Daniel|daniel|Osei").any()


def test_a_zoom_chat_file_is_refused_as_not_a_transcript(tmp_path, instrument, redactor):
    result = ingest_one(tmp_path / "interviews", export.zoom_chat_txt, "meeting_saved_chat.txt", instrument,
                        redactor)
    [entry] = result.quarantine.to_dict("records")
    assert entry["category"] == "no_speech" and "meeting chat" in entry["reason"]
    assert result.turns.empty


def test_a_table_with_a_time_column_gives_turns(tmp_path, instrument, redactor):
    folder = tmp_path / "interviews"
    folder.mkdir()
    export.table_docx(folder / "notes.docx", conversation("INT", "RESP"))
    write_manifest(folder, [["notes.docx", "INT-07", "carer", "2023-05-03"]])
    assert_read_in_full(ingest_site_interviews("test-site", folder, instrument, redactor))


@pytest.mark.parametrize("named", ["D. Osei", "DANIEL OSEI", " daniel   osei ", "Osei, Daniel", "Daniel"])
def test_the_manifest_names_the_interviewer_in_any_case_spacing_or_order(tmp_path, instrument, redactor, named):
    swapped = [(ANSWERS if speaker == ASKS else ASKS, speech) for speaker, speech in conversation()]
    folder = tmp_path / "interviews"
    folder.mkdir()
    export.teams_vtt(folder / "t.vtt", swapped)
    write_manifest(folder, [["t.vtt", "INT-01", "carer", "", named]],
                   header=("file", "interview_id", "participant_role", "date", "interviewer"))
    result = ingest_site_interviews("test-site", folder, instrument, redactor)
    assert result.turns["speaker"].tolist() == ["participant", "interviewer"] * 3


ROBUST_VTT = (
    "WEBVTT - Interview 7\r\nKind: captions\r\n\r\n"
    "NOTE exported by hand\r\nsecond note line\r\n\r\n"
    "1\r\n00:01.000 --> 00:04.000 align:start position:10%\r\n<v Daniel Osei>How did it go?</v>\r\n\r\n"
    "2\r\n00:04.500 --> 00:07.000\r\n<v Priya Shah>Really well.</v>\r\n"
    "3\r\n0:0:7.5 --> 0:0:9.0\r\n<v Daniel Osei>Why?\r\n\r\n"
    "4\r\n00:09.000 --> 00:12.000\r\n<v Priya Shah>People listened &amp; acted.</v>\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_a_vtt_with_a_title_notes_settings_short_times_and_crlf_is_read(tmp_path, encoding):
    path = tmp_path / "t.vtt"
    path.write_bytes(ROBUST_VTT.encode(encoding))
    transcript = read_transcript(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        (ASKS, "How did it go?"), (ANSWERS, "Really well."), (ASKS, "Why?"), (ANSWERS, "People listened & acted.")]


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", True), ("utf-16-le", False), ("cp1252", False),
                                           ("utf-8", True)])
def test_windows_text_encodings_and_line_endings_are_read(tmp_path, encoding, bom):
    text = "Interviewer: What did you think of the café?\r\nParticipant: It was “lovely” – really.\r\n"
    raw = text.encode(encoding)
    path = tmp_path / "n.txt"
    path.write_bytes(({"utf-16-le": b"\xff\xfe", "utf-8": b"\xef\xbb\xbf"}[encoding] if bom else b"") + raw)
    turns = read_transcript(path).turns
    assert [t.text for t in turns] == ["What did you think of the café?", "It was “lovely” – really."]


def test_vtt_cues_pasted_into_word_or_text_are_read_as_captions(tmp_path):
    body = "0:0:0.0 --> 0:0:5.320\n<v Daniel Osei>How did it go?</v>\n0:0:5.320 --> 0:0:8.0\n<v Priya Shah>Well.</v>"
    (tmp_path / "t.txt").write_text(body, encoding="utf-8")
    document = export.docx.Document()
    for line in body.split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "t.docx"))
    for name in ("t.txt", "t.docx"):
        transcript = read_transcript(tmp_path / name)
        assert [(t.speaker, t.text) for t in transcript.turns] == [(ASKS, "How did it go?"), (ANSWERS, "Well.")]


@pytest.mark.parametrize("speech, kept", [
    ("It was fine [inaudible 00:04:12] mostly.", "It was fine mostly."),
    ("[00:04:12] It was fine (00:04:15) mostly.", "It was fine mostly."),
    ("[crosstalk] It was fine [pause] (laughs) mostly.", "It was fine mostly."),
    ("We went to [the hospital] twice.", "We went to [the hospital] twice."),
])
def test_note_taker_annotations_and_inline_times_leave_the_text(tmp_path, speech, kept):
    path = export.labelled_txt(tmp_path / "n.txt", [("I", "How was it?"), ("P1", speech)])
    assert read_transcript(path).turns[1].text == kept


@pytest.mark.parametrize("text", [
    "[Daniel Osei] 10:02:33\nHow did it go?\n\n[Priya Shah] 10:02:37\nReally well.\n\n"
    "[Daniel Osei] 10:02:41\nWhy?\n\n[Priya Shah] 10:02:44\nPeople listened.\n",
    "Speaker 1: [00:00:05] How did it go?\nSpeaker 2: [00:00:09] Really well.\n"
    "Speaker 1: [00:00:12] Why?\nSpeaker 2: [00:00:15] People listened.\n",
])
def test_bracketed_name_or_time_variants_give_clean_turns(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    turns = read_transcript(path).turns
    assert [t.text for t in turns] == ["How did it go?", "Really well.", "Why?", "People listened."]
    assert len({t.speaker for t in turns}) == 2
