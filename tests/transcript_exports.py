"""Transcripts laid out as the tools write them, built from their documented structure (not by `evaluation synth`).

Each builder takes the conversation as (speaker, speech) pairs and writes one file. Where each layout was checked:
- `teams_docx`: Microsoft Teams "Download as .docx", as in a real export quoted in public code (title
  "<meeting>-<yyyymmdd_hhmmss>-Meeting Transcript", "15 June 2026, 03:35am", "27m 42s", "<Name> started
  transcription", then per utterance one paragraph "Name   0:03", a line break (w:br) and the speech, which may hold
  more line breaks; a time with no name where Teams could not tell who spoke; "<Name> stopped transcription").
- `stream_docx`: the older Teams/Stream .docx: one paragraph per cue, "0:0:0.0 --> 0:0:3.520", w:br, the name,
  w:br, the speech, with unpadded times (endjin/TeamsTranscript Artefacts/Transcripts/transcript-01.docx; the
  Microsoft Graph callTranscript docs show the same unpadded timings).
- `teams_vtt`: Teams "Download as .vtt": cue ids "<guid>/<n>-<k>", "<v Name>speech</v>" voices, characters
  escaped (&amp;), and a cue whose closing </v> is missing and a cue holding two voices.
- `zoom_vtt`: Zoom cloud-recording transcript: numbered cues, the text "Name: speech" (display names as typed,
  so possibly lower case), no voice spans.
- `otter_txt` / `otter_docx`: Otter.ai export: "Name  0:03" (two spaces, and two trailing spaces in .txt) on its
  own line or paragraph, the speech below, a blank line between, "Unknown Speaker" for a voice Otter did not know,
  and the footer "Transcribed by https://otter.ai".
- `rev_txt`: Rev: "Name (00:05):" (hours once the recording passes an hour) on its own line, the speech below.
- `zoom_chat_txt`: Zoom's saved meeting chat ("10:01:02 From Name to Everyone:"), which is not a transcript.
- `labelled_txt` / `labelled_docx` / `table_docx`: a note-taker's typed document: front matter, then
  "Label: speech" lines (or a bold label run without a colon in Word, or a time | speaker | speech table).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import docx


def _clock(seconds: int, hours: bool = False) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours or h else f"{m}:{s:02d}"


def _vtt_time(seconds: float) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def teams_docx(path: Path, conversation: list[tuple[str, str]], organiser: str, title: str = "Evaluation interview",
               long_times: bool = False, unattributed: str | None = None) -> Path:
    """`unattributed` adds, after the first answer, an utterance Teams could not attribute (a time, no name)."""
    document = docx.Document()
    for line in (f"{title}-20230503_100200-Meeting Transcript", "3 May 2023, 10:02am", "41m 7s",
                 f"{organiser} started transcription"):
        document.add_paragraph(line)
    for n, (speaker, speech) in enumerate(conversation):
        _break_paragraph(document, [f"{speaker}   {_clock(3 + 17 * n, hours=long_times)}", *speech.split("\n")])
        if unattributed and n == 1:
            _break_paragraph(document, [_clock(20 + 17 * n, hours=long_times), unattributed])
    document.add_paragraph(f"{organiser} stopped transcription")
    document.save(str(path))
    return path


def stream_docx(path: Path, conversation: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    start = 0.0
    for speaker, speech in conversation:
        timing = f"{_unpadded(start)} --> {_unpadded(start + 3.52)}"
        _break_paragraph(document, [timing, speaker, speech])
        start += 4.25
    document.save(str(path))
    return path


def _unpadded(seconds: float) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h)}:{int(m)}:{round(s, 3):g}" + ("" if s % 1 else ".0")


def _break_paragraph(document, parts: list[str]) -> None:
    """One paragraph whose parts are separated by line breaks (w:br), as Teams writes an utterance."""
    paragraph = document.add_paragraph()
    for n, part in enumerate(parts):
        run = paragraph.add_run(part)
        if n < len(parts) - 1:
            run.add_break()


def teams_vtt(path: Path, conversation: list[tuple[str, str]]) -> Path:
    """The second utterance's closing </v> is left out; the last two utterances overlap in one cue."""
    cues, start = ["WEBVTT", ""], 1.5
    body = list(conversation)
    overlap = body[-2:] if len(body) >= 3 else []
    body = body[:-2] if overlap else body
    for n, (speaker, speech) in enumerate(body):
        close = "" if n == 1 else "</v>"
        cues += [_teams_cue_id(n), f"{_vtt_time(start)} --> {_vtt_time(start + 4.2)}",
                 f"<v {speaker}>{_escaped(speech)}{close}", ""]
        start += 5
    if overlap:
        cues += [_teams_cue_id(len(body)), f"{_vtt_time(start)} --> {_vtt_time(start + 3)}",
                 *[f"<v {speaker}>{_escaped(speech)}</v>" for speaker, speech in overlap], ""]
    path.write_text("\ufeff" + "\n".join(cues), encoding="utf-8")
    return path


def _teams_cue_id(n: int) -> str:
    """'<guid>/<n>-0': Teams names each cue by a GUID per speech segment and the cue's number in it."""
    return f"{uuid.uuid5(uuid.NAMESPACE_OID, str(n))}/{12 + n}-0"


def _escaped(speech: str) -> str:
    return speech.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zoom_vtt(path: Path, conversation: list[tuple[str, str]]) -> Path:
    cues, start = ["WEBVTT", ""], 2.25
    for n, (speaker, speech) in enumerate(conversation, start=1):
        cues += [str(n), f"{_vtt_time(start)} --> {_vtt_time(start + 6)}", f"{speaker}: {speech}", ""]
        start += 7
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def otter_txt(path: Path, conversation: list[tuple[str, str]], unknown: str | None = None) -> Path:
    """`unknown` adds, after the first answer, a turn by "Unknown Speaker"."""
    blocks = [f"{speaker}  {_clock(3 + 21 * n)}  \n{speech}" for n, (speaker, speech) in enumerate(conversation)]
    if unknown:
        blocks.insert(2, f"Unknown Speaker  {_clock(40)}  \n{unknown}")
    path.write_text("\n\n".join(blocks) + "\n\n\n\nTranscribed by https://otter.ai\n", encoding="utf-8")
    return path


def otter_docx(path: Path, conversation: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    for n, (speaker, speech) in enumerate(conversation):
        document.add_paragraph(f"{speaker}  {_clock(3 + 21 * n)}")
        document.add_paragraph(speech)
    document.add_paragraph("Transcribed by https://otter.ai")
    document.save(str(path))
    return path


def rev_txt(path: Path, conversation: list[tuple[str, str]], hours: bool = True) -> Path:
    blocks = [f"{speaker} ({_clock(5 + 33 * n, hours=hours) if hours else _mm_ss(5 + 33 * n)}):\n{speech}"
              for n, (speaker, speech) in enumerate(conversation)]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def _mm_ss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def zoom_chat_txt(path: Path, conversation: list[tuple[str, str]]) -> Path:
    lines = [f"10:{2 + n:02d}:1{n % 10} From {speaker} to Everyone:\n\t{speech}"
             for n, (speaker, speech) in enumerate(conversation)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def labelled_txt(path: Path, conversation: list[tuple[str, str]], front_matter: list[str] = ()) -> Path:
    lines = [*front_matter, ""] + [f"{label}: {speech}" for label, speech in conversation]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path


def labelled_docx(path: Path, conversation: list[tuple[str, str]], front_matter: list[str] = (),
                  colon: bool = False) -> Path:
    """Each turn a paragraph opening with the speaker label in bold (without a colon unless `colon`)."""
    document = docx.Document()
    document.add_heading("Interview transcript", level=1)
    for line in front_matter:
        document.add_paragraph(line)
    for label, speech in conversation:
        paragraph = document.add_paragraph()
        paragraph.add_run(label + (":" if colon else "")).bold = True
        paragraph.add_run("  " + speech)
    document.save(str(path))
    return path


def table_docx(path: Path, conversation: list[tuple[str, str]]) -> Path:
    """The conversation as a Time | Speaker | Speech table under a header row."""
    document = docx.Document()
    document.add_paragraph("Interview notes")
    table = document.add_table(rows=1, cols=3)
    for cell, heading in zip(table.rows[0].cells, ("Time", "Speaker", "Speech")):
        cell.text = heading
    for n, (label, speech) in enumerate(conversation):
        for cell, text in zip(table.add_row().cells, (_clock(30 * n, hours=True), label, speech)):
            cell.text = text
    document.save(str(path))
    return path
