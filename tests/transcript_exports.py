"""Transcripts laid out as the tools write them, built from their documented structure (not by `evaluation synth`).

Each builder takes the conversation as (speaker, speech) pairs and writes one file:
- `teams_docx`: Microsoft Teams "Download as .docx": the meeting title, date and duration as plain paragraphs,
  "<Name> started transcription", then one paragraph per utterance holding "Name   0:03", a line break (w:br) and
  the speech; "<Name> stopped transcription" at the end.
- `teams_vtt`: Teams "Download as .vtt": cue ids "<guid>/<n>-<k>", "<v Name>speech</v>" voices, characters
  escaped (&amp;), and as Teams does, a cue whose closing </v> is missing and a cue holding two voices.
- `zoom_vtt`: Zoom cloud-recording transcript: numbered cues, the text "Name: speech", no voice spans.
- `otter_txt`: Otter.ai "Export text": "Name  0:03" on its own line, the speech below, a blank line between, and the
  footer "Transcribed by https://otter.ai".
- `rev_txt`: Rev/Trint text: "Name (00:01:02):" on its own line, the speech below.
- `labelled_txt` / `labelled_docx`: a note-taker's typed document: front matter, then "Label: speech" lines (or a
  bold label run without a colon in Word).
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
               long_times: bool = False) -> Path:
    document = docx.Document()
    for line in (title, "3 May 2023, 10:02AM", "41m 7s", f"{organiser} started transcription"):
        document.add_paragraph(line)
    for n, (speaker, speech) in enumerate(conversation):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{speaker}   {_clock(3 + 17 * n, hours=long_times)}")
        paragraph.runs[0].add_break()
        paragraph.add_run(speech)
    document.add_paragraph(f"{organiser} stopped transcription")
    document.save(str(path))
    return path


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


def otter_txt(path: Path, conversation: list[tuple[str, str]]) -> Path:
    blocks = [f"{speaker}  {_clock(3 + 21 * n)}\n{speech}" for n, (speaker, speech) in enumerate(conversation)]
    path.write_text("\n\n".join(blocks) + "\n\n\n\nTranscribed by https://otter.ai\n", encoding="utf-8")
    return path


def rev_txt(path: Path, conversation: list[tuple[str, str]]) -> Path:
    blocks = [f"{speaker} ({_clock(5 + 33 * n, hours=True)}):\n{speech}" for n, (speaker, speech)
              in enumerate(conversation)]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
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
