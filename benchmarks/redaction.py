"""How well the redactor finds names no list holds, what it costs in ordinary words, and how fast it is.

    python benchmarks/redaction.py [--show]

(a) Recall on unseen names: sentences from templates in the constructions people use in speech (introducing
    themselves, titles, relatives and roles, names mid-sentence, at a sentence start, in lists), filled with names
    invented here by joining syllables plus a fixed handful of rare real names from many cultures. No name is in
    the shipped first-name list. A name counts as found only when every letter of it is inside a redaction.
    Also shown by how common the name is as an English word, with real names English knows well added
    (Patel, Briggs, Baker, Green): those are found only with a title, cue, surname or first name beside them.
(b) Precision cost on the shipped sample's interviews (data/raw/*/interviews, read as the ingestion reads them):
    the share of words that are not planted personal data (the generator's answer key, data/raw/ground_truth.json)
    yet were redacted, and how many planted names and places were found. On real text without an answer key, the
    share of words redacted as names: NHS Friends and Family Test comments (../shared/data/pxtextmining) and the
    published prose in ../shared/context (--show lists the words, to judge by eye). Both skip when absent.
(c) Microseconds per interview turn over the sample's turns.
--show prints every missed name and every wrongly redacted word.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from evaluation.ingest.transcripts import read_transcript
from evaluation.layout import ProjectLayout
from evaluation.ingest.transcripts.sides import label_role
from evaluation.text.names_vocabulary import zipf_frequency
from evaluation.text.redact import Redactor, shipped_first_names

ROOT = Path(__file__).resolve().parents[1]
RAW = ProjectLayout(ROOT).raw
SHARED_CONTEXT = ROOT.parent / "shared" / "context"
FFT = ROOT.parent / "shared" / "data" / "pxtextmining" / "v6framework_230831.csv"

# Rare real names from many cultures (given names and surnames), none in the shipped list.
REAL_RARE_NAMES = [
    ("Thaddeus", "Quillfeather"), ("Oyelaran", "Adebisi"), ("Chidimma", "Nwachukwu"), ("Siosaia", "Fifita"),
    ("Wojciech", "Szczepański"), ("Aigerim", "Zhakupova"), ("Tsegaye", "Woldemariam"), ("Ngozika", "Okonkwo"),
    ("Pōhutukawa", "Ngata"), ("Kealoha", "Kahananui"), ("Bronisława", "Wyszyńska"), ("Eilidh", "MacGillivray"),
    ("Tavita", "Leota"), ("Dorcas", "Amankwah"), ("Gwenllian", "Prydderch"), ("Thandiwe", "Mahlangu"),
    ("Ruairí", "Ó Briain"), ("Yerlan", "Abdrakhmanov"), ("Sunniva", "Kvamme"), ("Ifeoluwa", "Ogunleye"),
]

# Real names English also uses as words or knows well (Zipf 1.5 to 5): what the frequency rule alone cannot find.
COMMONER_REAL_NAMES = [
    ("Ignatius", "Patel"), ("Ottoline", "Briggs"), ("Florian", "Nakamura"), ("Perpetua", "Kowalski"),
    ("Bartholomew", "Haddad"), ("Cosmo", "Okafor"), ("Evander", "Vogel"), ("Ulrike", "Schneider"),
    ("Anselm", "Fischer"), ("Augustin", "Mensah"), ("Wilhelmina", "Marsh"), ("Leocadia", "Fletcher"),
    ("Dorcas", "Baker"), ("Thaddeus", "Green"),
]

_ONSETS = "b c d f g h j k l m n p r s t v w y z br dr gr kr tr sh ch th kw zh ny mb nd ts".split()
_NUCLEI = "a e i o u a e i o ai ei ou ia".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "th", "nd", "rk", "sh"]
_SURNAME_ENDINGS = ["", "", "ova", "ski", "wick", "ema", "ade", "son", "ley", "etti", "oglu", "anu", "ström"]


def invented_names(count: int, seed: int = 15) -> list[tuple[str, str]]:
    """Pairs of (given name, surname) made by joining syllables; deterministic for a seed."""
    rng = random.Random(seed)

    def syllables(n: int) -> str:
        return "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(n))

    names = []
    while len(names) < count:
        first = syllables(rng.choice([2, 2, 3])).capitalize()
        last = (syllables(rng.choice([2, 3])) + rng.choice(_SURNAME_ENDINGS)).capitalize()
        names.append((first, last))
    return names


TEMPLATES = {
    "self-introduction": [
        "Hi, I'm {first} {last}, I sit on the patient panel.",
        "My name is {first} and I've been involved since the start.",
        "Hello, this is {first} {last} speaking.",
        "Just so you've got it for the tape, I'm {first}.",
        "Call me {first}, everyone does.",
        "Yes, this is {last} from the carers group.",
        "I am {first} {last} and I work on the ward.",
        "Morning, {first} here, sorry I'm late.",
    ],
    "title": [
        "Doctor {last} explained the plan to us.",
        "I saw Nurse {last} on Tuesday and she was lovely.",
        "Councillor {last} came to the meeting in March.",
        "Our GP, Dr {last}, referred me to the group.",
        "Professor {last} chaired the first board.",
        "Sister {last} on the ward was brilliant.",
        "Reverend {last} lent us the church hall.",
        "Father {first} visited every week.",
        "We asked Matron {last} and she said yes.",
        "Then Midwife {first} came round.",
        "Mrs {last} from the surgery rang me.",
        "Dr. {first} {last} ran the clinic.",
    ],
    "relational": [
        "My midwife {first} was amazing.",
        "I came with my husband {first}.",
        "Our social worker {first} sorted it all out.",
        "The receptionist {first} always remembers me.",
        "My daughter {first} helps me with the forms.",
        "I went with my key worker, {first}, to the first session.",
        "His carer {first} drove him there.",
        "Her mum {first} {last} came too.",
        "I rang my friend {first} afterwards.",
        "The health visitor {first} told us about it.",
    ],
    "mid-sentence": [
        "I spoke to {last} about it afterwards.",
        "We went along with {first} to the drop-in.",
        "It was {first} who set up the WhatsApp group.",
        "And then {first} {last} said we should write it down.",
        "I emailed {last} and nothing happened for weeks.",
        "So I asked {first} whether the money would come.",
        "The person who really listened was {first}.",
        "We had a chat with {first} {last} on Zoom.",
    ],
    "sentence start": [
        "{first} was brilliant with the young people.",
        "{first} {last} ran the sessions on Thursdays.",
        "{last} told me it would be fine.",
        "It was hard. {first} kept us going though.",
        "{first}'s idea was to meet in the library.",
    ],
    "list": [
        "There was me, {first}, {first2} and {first3}.",
        "{first}, {first2} and {first3} all came to the launch.",
        "We had {first} {last}, {first2} {last2} and a couple of staff.",
    ],
}

_FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, people: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence and the positions of each name in it."""
    values = {"first": people[0][0], "last": people[0][1], "first2": people[1][0], "last2": people[1][1],
              "first3": people[2][0]}
    text, spans, position = "", [], 0
    for match in _FIELD.finditer(template):
        text += template[position:match.start()]
        value = values[match[1]]
        spans.append((len(text), len(text) + len(value)))
        text += value
        position = match.end()
    return text + template[position:], spans


def recall_on_unseen_names(redactor: Redactor, people: list[tuple[str, str]], show: bool) -> pd.DataFrame:
    rows = []
    for construction, templates in TEMPLATES.items():
        for template in templates:
            for p in range(0, len(people), 3):
                trio = [people[(p + k) % len(people)] for k in range(3)]
                text, spans = fill(template, trio)
                covered = {i for r in redactor.redact(text)[1] for i in range(r.start, r.end)}
                for start, end in spans:
                    found = all(i in covered for i in range(start, end) if not text[i].isspace())
                    rows.append({"construction": construction, "name": text[start:end], "found": found})
                    if show and not found:
                        print(f"  missed {text[start:end]!r} in: {text}")
    return pd.DataFrame(rows)


def unseen(people: list[tuple[str, str]], shipped: frozenset[str]) -> list[tuple[str, str]]:
    return [name for name in people if not {part.casefold() for part in " ".join(name).split()} & shipped]


def print_recall(recall: pd.DataFrame, by: str) -> None:
    table = recall.groupby(by, sort=by == "band", observed=True)["found"].agg(["mean", "size"])
    for key, row in table.iterrows():
        print(f"    {key:<22} {row['mean']:7.1%}  of {int(row['size'])}")


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def sample_turns() -> list[tuple[str, list[str], set[str], list[str]]]:
    """(turn text, speaker names the ingestion passes, words of the interview's planted personal data, the planted
    names and places)."""
    truth = json.loads((RAW / "ground_truth.json").read_text(encoding="utf-8"))
    turns = []
    for site_id, site in sorted(truth["sites"].items()):
        folder = RAW / site_id / "interviews"
        manifest = pd.read_csv(folder / "manifest.csv", dtype=str)
        interviewers = dict(zip(manifest["file"], manifest.get("interviewer", pd.Series(dtype=str))))
        for interview in site["interviews"]["interviews"]:
            transcript = read_transcript(folder / interview["file"])
            spoken = transcript.turns
            names = []
            if any(label_role(s) is None for s in transcript.speakers):  # display names, passed like the ingestion
                names = sorted(s for s in transcript.speakers if label_role(s) is None)
                if isinstance(interviewers.get(interview["file"]), str):
                    names.append(interviewers[interview["file"]])
            planted = {word for item in interview["pii"] for word in _WORD.findall(item["text"])}
            people = [item["text"] for item in interview["pii"] if item["kind"] in ("name", "place")]
            turns += [(turn.text, names, planted, people) for turn in spoken]
    return turns


def precision_cost(redactor: Redactor, turns) -> tuple[int, int, Counter, int, int]:
    """(ordinary words, ordinary words redacted, which words, planted names and places, those found)."""
    words = wrong = planted_seen = planted_found = 0
    wrongly = Counter()
    for text, names, planted, people in turns:
        speaker_words = {word for name in names for word in _WORD.findall(name)}
        words += sum(1 for word in _WORD.findall(text) if word not in planted and word not in speaker_words)
        redactions = redactor.redact(text, names=names)[1]
        covered = {i for r in redactions for i in range(r.start, r.end)}
        for person in people:
            for match in re.finditer(rf"(?<!\w){re.escape(person)}(?!\w)", text):
                planted_seen += 1
                planted_found += all(i in covered for i in range(match.start(), match.end()) if text[i] != " ")
        for r in redactions:
            for word in _WORD.findall(r.original):
                if word not in planted and word not in speaker_words:
                    wrong += 1
                    wrongly[(word, r.kind)] += 1
    return words, wrong, wrongly, planted_seen, planted_found


def names_in_real_text(texts: list[str], show: bool, label: str) -> None:
    redactor = Redactor()
    redacted = Counter(word for text in texts for r in redactor.redact(text)[1] if r.kind == "name"
                       for word in _WORD.findall(r.original))
    total = sum(len(_WORD.findall(text)) for text in texts)
    print(f"    {label}: {sum(redacted.values())} of {total} words redacted as names "
          f"= {sum(redacted.values()) / total:.2%} ({len(texts)} texts)")
    if show:
        print("      " + ", ".join(f"{word} {n}" for word, n in sorted(redacted.items(), key=lambda x: (-x[1], x[0]))))


def microseconds_per_turn(redactor: Redactor, turns, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for text, names, *_ in turns:
            redactor.redact(text, names=names)
        best = min(best, time.perf_counter() - start)
    return best / len(turns) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    shipped = frozenset(name.casefold() for name in shipped_first_names())
    recall = recall_on_unseen_names(Redactor(), unseen(REAL_RARE_NAMES + invented_names(400), shipped), args.show)
    print("(a) recall on unseen names (invented, and rare real names), by construction")
    print_recall(recall, "construction")
    print(f"    {'all':<22} {recall['found'].mean():7.1%}  of {len(recall)}")
    commoner = recall_on_unseen_names(Redactor(), unseen(COMMONER_REAL_NAMES, shipped), show=False)
    both = pd.concat([recall, commoner])
    bands = pd.cut(both["name"].map(zipf_frequency), [-1, 0, 1.5, 3, 9],
                   labels=["absent from English", "Zipf under 1.5", "Zipf 1.5 to 3", "Zipf 3 and over"])
    print("    by how common the name is as an English word, with real names English knows well added")
    print_recall(both.assign(band=bands), "band")

    sites = pd.read_csv(RAW / "sites.csv", dtype=str)
    places = [p.strip() for value in sites["places"].dropna() for p in value.split(";") if p.strip()]
    redactor = Redactor(places=places)
    turns = sample_turns()
    words, wrong, wrongly, planted_seen, planted_found = precision_cost(redactor, turns)
    print(f"(b) ordinary words redacted in the sample's interviews: {wrong} of {words} = {wrong / words:.2%} "
          f"({len(turns)} turns); planted names and places found: {planted_found} of {planted_seen}")
    for (word, kind), n in wrongly.most_common(None if args.show else 12):
        print(f"    {n:4d}  {word} [{kind}]")
    if FFT.is_file():
        comments = pd.read_csv(FFT, usecols=["FFT answer"])["FFT answer"].dropna().astype(str).tolist()
        names_in_real_text(comments, args.show, "NHS Friends and Family Test comments (real)")
    if SHARED_CONTEXT.is_dir():
        prose = [line for path in sorted(SHARED_CONTEXT.glob("*.txt"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        names_in_real_text(prose, args.show, "published co-production prose (real)")
    print(f"(c) {microseconds_per_turn(redactor, turns):.0f} µs per turn (best of 3 over {len(turns)} turns)")


if __name__ == "__main__":
    main()
