"""Redact personal data from free text (interview turns, survey comments) before it is coded or stored.

Each identifier is replaced by a bracketed label, as the UK Data Service advises for qualitative data
("[name]", "[place]", "[NHS number]" ...), and every replacement is returned so the caller can keep an
anonymisation log apart from the outputs.

What is found, one compiled pattern (or one token pass) per family:

- ``[email]``, ``[NHS number]`` (10 digits passing the modulus-11 check), ``[phone number]`` (UK landlines and
  mobiles, national or +44), ``[postcode]`` (the official outward/inward shape) and ``[date of birth]`` (a date
  after "born", "DOB", "date of birth").
- ``[place]``: the site registry's place names, passed by the caller.
- ``[name]``: names passed by the caller (each capitalised part too), titled names ("Dr Okafor"), any
  capitalised word after a person cue ("my husband Tendai"), and words in the shipped first-name list with a
  following surname. First names that are also everyday words ("Will", "Grace") are names when capitalised
  mid-sentence or with name context: a surname, a cue before ("I'm", "called") or after ("said"). Those that are
  also months, places or ratings ("May", "Jordan", "Amber") need the name context wherever they stand.
- ``[condition]``: a health condition only when it is tied to a person ("my COPD", "diagnosed with breast
  cancer"); "cancer services" or "the diabetes pathway" are about services and stay.

When matches overlap they merge into one span, labelled by the longest match (ties go to the kind listed
first in ``PRIORITY``), so no fragment of an identifier is left behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

LABELS = {
    "email": "[email]",
    "nhs_number": "[NHS number]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "date_of_birth": "[date of birth]",
    "place": "[place]",
    "name": "[name]",
    "condition": "[condition]",
}
PRIORITY = tuple(LABELS)
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}

LOG_COLUMNS = ["row", "column", "kind", "label", "original", "start", "end"]


@dataclass(frozen=True)
class Redaction:
    """One replaced span; ``start`` and ``end`` index the original text."""

    start: int
    end: int
    original: str
    label: str
    kind: str


def nhs_number_is_valid(digits: str) -> bool:
    """Whether a 10-digit NHS number passes its modulus-11 check digit.

    The first nine digits are weighted 10 down to 2; the check digit is 11 minus the weighted sum mod 11,
    where 11 means 0 and 10 means the number cannot be valid (NHS Data Dictionary, "NHS Number").
    Spaces and dashes are ignored.

    >>> nhs_number_is_valid("943 476 5919")
    True
    >>> nhs_number_is_valid("943 476 5918")
    False
    """
    digits = digits.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])


# --- Fixed patterns -------------------------------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+'-])[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# Separators must agree ("943 476 5919", "943-476-5919", "9434765919"), so a 3-4-4 phone number never reads as one.
NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)")

PHONE = re.compile(
    r"""(?<![\w+])
    (?: (?:\+|00)44[ ]?(?:\(0\)[ ]?)?   # international prefix, sometimes with a redundant (0)
      | \((?=0\d{2,4}\)) 0               # trunk zero of a bracketed area code: (0161)
      | 0 )
    [1-37-9](?:[ -]?\)?[ -]?\d){8,9}    # 9 or 10 national digits in any grouping
    (?!\d)""",
    re.VERBOSE,
)

# The official outward shapes (A9, A99, A9A, AA9, AA99, AA9A) and the inward unit letters (never C I K M O V).
# A lower-case ordinal ("B2 3rd floor") is not an inward code.
POSTCODE = re.compile(
    r"""\b(?: GIR[ ]?0AA
      | [A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRVWXY]?|[A-HK-Y]\d\d)
        [ ]?(?!(?-i:\d(?:st|nd|rd|th)\b))\d[ABD-HJLNP-UW-Z]{2} )\b""",
    re.IGNORECASE | re.VERBOSE,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?(?:\s+\d{{4}})?|{_MONTH}\s+\d{{4}}|{_MONTH}\s+{_DAY},?(?:\s+\d{{4}})?)"
)
# Only the date is replaced: "born on [date of birth]" keeps the sentence readable.
DATE_OF_BIRTH = re.compile(
    rf"\b(?:born|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday)(?!\w)"
    rf"(?:[\s:,\u2013\u2014-]|['’]s\b|\b(?:is|was|on|in|of|the)\b)*(?P<date>{_DATE})(?!\w)",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")

# --- Names ----------------------------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_PART = rf"[{_UPPER}](?:[{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?|['’][{_UPPER}][{_LOWER}]+)"
# A capitalised word of two letters or more: "Priya", "McDonald", "O'Brien", "Smith-Jones"; not "NHS" or "I".
# A contraction ("Don't", "Can't") is not a word of its own, but a possessive ("Priya's") ends one.
CAPITALISED_WORD = re.compile(rf"(?<![\w@.-])(?<!\w['’]){_PART}(?:-{_PART})*(?![\w@-])(?!['’](?!s\b)\w)")

# What may sit between the parts of one name: a space, initials, or a particle ("Maria de la Cruz").
_NAME_GAP = re.compile(
    r"[ \t]+(?:(?:[A-HJ-Z]\.?|van|von|der|den|de|del|della|di|da|du|dos|das|le|la|bin|binti|ibn|al|el|ap)[ \t]+)*"
)
_TITLE_GAP = re.compile(r"\.?[ \t]+(?:[A-HJ-Z]\.?[ \t]+)*")

_RELATIVES = (
    r"husband|wife|partner|son|daughter|mum|mom|mummy|mother|dad|daddy|father|brother|sister|friend|best\s+friend"
    r"|boyfriend|girlfriend|fianc[eé]e?|nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandpa|grandmother"
    r"|grandfather|grandson|granddaughter|aunt|auntie|aunty|uncle|cousin|niece|nephew|neighbour|child|kid|baby"
    r"|stepson|stepdaughter|stepmum|stepdad|carer|colleague|manager|GP|nurse|doctor|consultant|key\s*worker"
    r"|social\s+worker|support\s+worker"
)
# After a "person" cue any capitalised word is a name ("my husband Tendai"); after a "naming" cue, any first name
# in the list, even one that is also a month or a place ("I'm April", "a girl called Chelsea").
NAME_CUE = re.compile(
    rf"""(?:
      (?P<person>\b(?: (?:my|his|her|their|your|our)\s+name\s+(?:is|was|['’]s) | name['’]s | call\s+me
        | (?:my|his|her|their|your|our)\s+(?:{_RELATIVES})
        | (?:a|an|the|this|one)\s+(?:lady|man|woman|girl|boy|guy|bloke|chap|gentleman|gent|fella|nurse|doctor
            |consultant|patient|carer|volunteer|colleague|friend|person|someone)\s+(?:called|named) ))
      | (?P<naming>\b(?: I['’]m | I\s+am | called | named | hi | hello | hiya | hey | morning | afternoon
        | thanks | thank\s+you | cheers | bye | welcome | dear ))
    )[,:]?[ \t]+""",
    re.IGNORECASE | re.VERBOSE,
)
_TEMPORAL_BEFORE = re.compile(
    r"\b(?:in|on|by|since|until|till|during|last|next|this|every|early|late|mid|of)[ \t]+$", re.IGNORECASE
)

TITLES = frozenset(
    "Dr Mr Mrs Ms Miss Mx Prof Professor Nurse Sister Matron Sir Dame Lord Lady Rev Revd Reverend".split()
)
MONTHS = frozenset("January February March April May June July August September October November December".split())

# First names that are also everyday words. Capitalised mid-sentence ("cover for Blessing", "I rang Bill") they are
# names; at the start of a sentence ("Will it work?", "Hope so") only with a surname or a cue.
COMMON_WORD_NAMES = frozenset(
    """Will Mark Bill Frank Jack Guy Pat Bob Rob Sue Don Ray Les Mo Max Sid Stan Len Reg Dot Flo Val Ken Kay Dale
    Glen Glyn Carol Robin Drew Miles Myles Nick Penny Bonnie Teddy Harper Carter Mason Taylor Said Clement Ernest
    Constance Felicity Grace Hope Faith Joy Rose Rosemary Dawn Ruby Pearl Jade Olive Violet Iris Ivy Hazel
    Heather Holly Daisy Poppy Lily Willow Skye Destiny Patience Mercy Precious Blessing Favour Comfort Gift Divine
    Innocent Prosper Pixie Lacey Ebony Fang Lee Sandy Sunny Harmony Chase Hunter Crystal Misty Honey Gene Lance
    Rich Ant Trace Gem Matt Si Lou Fares Min""".split()
)
# First names that are also months, seasons, places, titles or ratings ("rated Amber"): a name only with a
# surname or a cue, wherever they stand.
PROPER_NOUN_NAMES = MONTHS | frozenset(
    """Summer Autumn Amber Star Sky Storm Eden Angel Prince Princess Sultan Junior Jesus Eve Jordan Georgia Chelsea
    Florence Austin Lincoln Chester Cleveland Milan Roman India Victoria Verona Jan Jun Nat Del Christian Hong
    Liberty Dean Norman""".split()
)
AMBIGUOUS_FIRST_NAMES = COMMON_WORD_NAMES | PROPER_NOUN_NAMES
_TEAM_WORDS = "team|service|centre|ICB|trust|council|charity|group|ward|unit|practice|surgery|hospital|hospice|clinic"
# What after a word shows it names a person: "Blessing's appointments", "Grace said", "Hope from the PALS team".
_PERSON_AFTER = re.compile(
    rf"""(?: ['’]s\s+(?:{_RELATIVES}|appointments?|condition|diagnosis|care|birthday)\b
      | [ \t]+(?:said|says|told|tells|asked|asks|rang|phoned|emailed|texted|replied|was\s+born
               |from\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}(?:{_TEAM_WORDS}))\b )""",
    re.IGNORECASE | re.VERBOSE,
)
# Modal verbs that open questions: "Will Priya come?" is not a person called Will Priya.
_MODAL_FIRST_NAMES = frozenset({"Will", "May"})

# A first name inside an institution's name ("St Mary's", "Alexandra Hospital") is not a person.
_INSTITUTION_BEFORE = frozenset("St Saint Queen King Prince Princess Royal".split())
INSTITUTION_WORDS = frozenset(
    """hospital hospitals hospice infirmary house centre center ward wards unit suite wing road street avenue close
    drive court crescent terrace gardens square building school college academy university surgery practice
    clinic institute station estate mosque temple gurdwara library foundation trust appeal lodge view manor
    cottage""".split()
)
_INSTITUTION_AFTER = re.compile(rf"[ \t]+(?:{'|'.join(sorted(INSTITUTION_WORDS))})\b", re.IGNORECASE)
# Charities named after people, not people in the interview.
NAMED_ORGANISATIONS = frozenset({"Marie Curie", "Sue Ryder", "Mary Seacole", "Florence Nightingale"})

# Capitalised words that never start or continue a name: sentence openers, roles, organisation words, days.
NOT_NAME_WORDS = frozenset(
    """The This That These Those There Here Then Than Thus So And But Or Nor If When While Where What Which Who
    Whom Whose Why How Yes No Not Yeah Yep Nope Okay Ok Oh Um Umm Erm Er Uh Ah Well Just Also Because Though
    Although However Anyway Actually Really Obviously Basically Maybe Perhaps Please Thanks Thank Hello Hi Hey
    Sorry Right Sure Absolutely Definitely Exactly Of In On At To For With From By As About After Before Into
    Over Under Between Through During Since Until Without Within Across Against Among Around Like Unlike We You
    He She They It Me Him Us Them My Your His Her Its Our Their All Some Any Every Each Both Many Most More Much
    Lots Everyone Everybody Someone Somebody Nobody Anyone Anybody One Two Three First Second Last Next Other
    Another Only Even Still Now Today Yesterday Tomorrow Sometimes Again Once Lastly Finally Overall Personally
    Honestly Interviewer Interviewee Participant Respondent Speaker Facilitator Moderator Note Question Answer
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March July September October
    November December Doctor Doctors Nurses Consultant Consultants Surgeon Registrar Midwife Physio
    Physiotherapist Therapist Psychologist Psychiatrist Pharmacist Paramedic Receptionist Manager Managers Lead
    Leads Director Directors Chair Chairs Chief Officer Officers Coordinator Administrator Admin Worker Workers
    Volunteer Volunteers Patient Patients Carer Carers Staff Team Teams Clinician Clinicians Practitioner
    Practitioners Specialist Navigator Champion Champions Ambassador Peer Peers Member Members Partner Partners
    Commissioner Commissioners Governor Governors Trustee Trustees Councillor Senior Head Deputy Executive
    Secretary President Expert Experts Lived Experience Service Services User Users Clinical Medical Nursing
    Allied Professional Professionals Student Students Trainee Assistant Associate Advisor Adviser Analyst
    Evaluator Researcher Researchers Project Projects Programme Programmes Coproduction Co-production Board
    Boards Trust Trusts Alliance Alliances Partnership Partnerships Care Health Healthcare Hospital Hospitals
    Foundation Integrated System Systems Council Councils Authority Network Networks Practice Practices Surgery
    Centre Center Clinic Clinics Unit Units Ward Wards Department Directorate Group Groups Forum Panel Committee
    Commission Cancer Mental Social Primary Secondary Community Communities Public Local County City Borough
    District Region Regional National Royal University College School Institute Society Association Charity
    Charities Healthwatch England Scotland Wales Ireland Northern Britain British English London Government
    Ministry Agency Office Macmillan Mind Samaritans Covid Coronavirus Zoom Microsoft Google Facebook WhatsApp
    Twitter Instagram Excel Word Outlook Christmas Easter Ramadan Diwali Eid God Christ Allah Bible Quran
    Kong""".split()
)

# --- Conditions -----------------------------------------------------------------------------------------------

_OWNERS = r"my|his|her|their|your|our"
_CONDITION_MODIFIERS = (
    r"(?:(?:own|recent|late|early|severe|mild|chronic|advanced|terminal|ongoing|first|second|previous|latest|new"
    r"|current|undiagnosed|long[\s-]term|secondary|metastatic|stage\s+\w+|grade\s+\w+)\s+){0,2}"
)
_CONDITION_CUES = rf"""(?:
    \b(?:{_OWNERS})\s+(?:(?:{_RELATIVES})['’]s\s+)?        # my COPD, my mum's dementia
  | \b(?:{_RELATIVES})['’]s\s+                             # dad's stroke
  | \b(?:I|he|she|who|(?:{_OWNERS})\s+(?:{_RELATIVES}))(?:['’](?:ve|s|d))?\s+
      (?:(?:also|still|now|just|already|actually|recently|have|has|had|been)\s+){{0,2}}
      (?:have|has|had|got)\s+(?:an?\s+)?                   # I have diabetes, he had a stroke
  | \b(?:since|after|before|through)\s+(?:the|that|all\s+the)\s+   # since the stroke, after the breast cancer
  | \b(?:then|and)\s+it\s+was\s+                            # then it was autism, hospital, home
  | (?P<verbal>\b(?:diagnosed\s+with|living\s+with|lives?\s+with|suffer(?:s|ed|ing)?\s+(?:from|with)
      |treated\s+for|recover(?:ing|ed)\s+from|survived|survivor\s+of|diagnosis\s+of|battle\s+with)\s+(?:an?\s+)?)
)"""
# "my Covid jab" or "my cancer screening" says nothing about having the condition.
_NOT_A_DIAGNOSIS = (
    r"(?:jabs?|vaccines?|vaccinations?|boosters?|tests?|testing|screening|rules|restrictions|passports?"
    r"|pandemic|lockdowns?)\b"
)
# "people living with dementia" describes a population the service is for, not a person in the interview.
_GROUP_BEFORE = re.compile(
    r"\b(?:people|patients|those|anyone|everyone|adults|children|men|women|individuals|families|residents|users"
    r"|communities|groups|others|population|clients|carers)\b(?:\s+\w+){0,4}\s*$",
    re.IGNORECASE,
)


def _phrase_pattern(phrase: str) -> str:
    words = (re.escape(word).replace("'", "['’]") for word in re.split(r"[\s-]+", phrase.strip()))
    return r"[\s-]+".join(words)


def _alternation(phrases: Iterable[str]) -> str:
    """Longest first, so "breast cancer" wins over "cancer" at the same position."""
    return "|".join(_phrase_pattern(phrase) for phrase in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A condition after a personal cue ("my COPD"), after a name's possessive ("Priya's COPD"), and a further
    one listed after either ("my asthma and COPD")."""
    conditions = _read_list("conditions.txt")
    # Acronyms match in capitals only: "living with ME" is a condition, "living with me" is not.
    acronyms = [condition for condition in conditions if condition.isupper()]
    words = [condition for condition in conditions if not condition.isupper()]
    condition = (
        rf"{_CONDITION_MODIFIERS}(?P<condition>(?-i:{_alternation(acronyms)})|{_alternation(words)})"
        rf"(?![\w-])(?!\s+{_NOT_A_DIAGNOSIS})"
    )
    flags = re.IGNORECASE | re.VERBOSE
    return (
        re.compile(_CONDITION_CUES + condition, flags),
        re.compile(r"['’]s\s+" + condition, flags),
        re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|or|plus|&)\s+|/)" + condition, flags),
    )


@lru_cache(maxsize=None)
def _read_list(filename: str) -> tuple[str, ...]:
    text = resources.files("evaluation.text").joinpath("data", filename).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def shipped_first_names() -> frozenset[str]:
    """The shipped list of common UK first names across communities (data/first_names.txt)."""
    return frozenset(_read_list("first_names.txt"))


# --- The redactor ---------------------------------------------------------------------------------------------

_Span = tuple[int, int, str]


class Redactor:
    """Find and replace personal data in free text; build once per run, reuse for every text.

    ``places`` are the site registry's place names (matched case-sensitively, whole words); ``names`` are
    people to redact in every text; ``first_names`` replaces the shipped list.

    >>> redactor = Redactor(places=["Port Elvery"])
    >>> redactor.redact("Dr Okafor in Port Elvery rang 07700 900123.")[0]
    '[name] in [place] rang [phone number].'
    """

    def __init__(
        self,
        places: Iterable[str] = (),
        names: Iterable[str] = (),
        first_names: Iterable[str] | None = None,
    ) -> None:
        places = [place for place in places if place and place.strip()]
        self._places = re.compile(rf"(?<!\w)(?:{_alternation(places)})(?!\w)") if places else None
        self._names = _name_parts(names)
        self._first_names = shipped_first_names() if first_names is None else frozenset(first_names)
        self._cued_condition, self._named_condition, self._more_conditions = _condition_patterns()

    def redact(self, text: str, names: Iterable[str] = ()) -> tuple[str, list[Redaction]]:
        """Return ``text`` with personal data replaced, and what was replaced (positions in ``text``).

        ``names`` adds people for this text only, such as an interview's speakers ("Priya Shah" redacts the
        full name, and "Priya" or "Shah" wherever they appear capitalised).
        """
        extra_names = _name_parts(names)
        known_names = self._names | extra_names if extra_names else self._names
        spans = self._find_spans(text, known_names)
        redactions = [
            Redaction(start, end, text[start:end], LABELS[kind], kind) for start, end, kind in _merge_overlaps(spans)
        ]
        return _replace(text, redactions), redactions

    def _find_spans(self, text: str, known_names: frozenset[str]) -> list[_Span]:
        spans: list[_Span] = []
        if "@" in text:
            spans += [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
        if _DIGIT.search(text):
            spans += [
                (m.start(), m.end(), "nhs_number") for m in NHS_NUMBER.finditer(text) if nhs_number_is_valid(m[0])
            ]
            spans += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
            spans += [(m.start(), m.end(), "postcode") for m in POSTCODE.finditer(text)]
            spans += [(m.start("date"), m.end("date"), "date_of_birth") for m in DATE_OF_BIRTH.finditer(text)]
        places = [(m.start(), m.end(), "place") for m in self._places.finditer(text)] if self._places else []
        spans += places
        place_starts = {start for start, _, _ in places}
        names = self._find_names(text, known_names, place_starts)
        spans += [(start, end, "name") for start, end in names]
        spans += self._condition_spans(text, name_ends=[end for _, end in names])
        return spans

    def _find_names(self, text: str, known_names: frozenset[str], place_starts: set[int]) -> list[tuple[int, int]]:
        words = _Words(text, place_starts)
        if not words.spans:
            return []
        cues = {m.end(): m.lastgroup for m in NAME_CUE.finditer(text)}
        found = []
        i = 0
        while i < len(words.spans):
            last = self._name_ending(words, i, known_names, cues)
            if last is None:
                i += 1
                continue
            start, end = words.spans[i][0], words.spans[last][1]
            if text[start:end] not in NAMED_ORGANISATIONS:
                found.append((start, end))
            i = last + 1
        return found

    def _name_ending(
        self, words: _Words, i: int, known_names: frozenset[str], cues: dict[int, str | None]
    ) -> int | None:
        """Index of the last word of a name starting at word ``i``, or None if no name starts there."""
        word = words.word(i)
        if word in TITLES:
            return words.name_end(i + 1) if words.title_followed_by_name(i) else None
        if word.casefold() in known_names:
            return words.name_end(i)
        if word in NOT_NAME_WORDS:
            return None
        cue = cues.get(words.spans[i][0])
        if cue == "person":
            last = words.name_end(i)
        elif self._is_first_name(word):
            last = self._first_name_ending(words, i, cue)
        else:
            return None
        if last is None or words.in_institution_name(i, last):
            return None
        return last

    def _first_name_ending(self, words: _Words, i: int, cue: str | None) -> int | None:
        word = words.word(i)
        if not _is_ambiguous(word) or cue == "naming":
            return words.name_end(i)
        if word in MONTHS and _TEMPORAL_BEFORE.search(words.text, max(0, words.spans[i][0] - 20), words.spans[i][0]):
            return None
        if words.has_surname(i) and not (
            word in _MODAL_FIRST_NAMES and words.is_sentence_start(i) and self._is_first_name(words.word(i + 1))
        ):
            return words.name_end(i)
        if (word in COMMON_WORD_NAMES and words.is_mid_sentence(i)) or self._person_follows(words, i):
            return i
        return None

    def _person_follows(self, words: _Words, i: int) -> bool:
        text, end = words.text, words.spans[i][1]
        return _PERSON_AFTER.match(text, end) is not None or self._named_condition.match(text, end) is not None

    def _is_first_name(self, word: str) -> bool:
        return word in self._first_names or ("-" in word and all(part in self._first_names for part in word.split("-")))

    def _condition_spans(self, text: str, name_ends: list[int]) -> list[_Span]:
        cued = [
            match
            for match in self._cued_condition.finditer(text)
            if not (match["verbal"] and _GROUP_BEFORE.search(text, max(0, match.start() - 60), match.start()))
        ]
        named = [self._named_condition.match(text, end) for end in name_ends]
        spans = []
        for match in cued + [match for match in named if match]:
            spans.append((match.start("condition"), match.end("condition"), "condition"))
            while match := self._more_conditions.match(text, match.end()):
                spans.append((match.start("condition"), match.end("condition"), "condition"))
        return spans


def _is_ambiguous(word: str) -> bool:
    return all(part in AMBIGUOUS_FIRST_NAMES for part in word.split("-"))


class _Words:
    """The capitalised words of one text, with the neighbourhood tests name detection needs."""

    max_surname_words = 3

    def __init__(self, text: str, place_starts: set[int]) -> None:
        self.text = text
        self.spans = [(m.start(), m.end()) for m in CAPITALISED_WORD.finditer(text)]
        self._place_starts = place_starts

    def word(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]

    def joined(self, i: int, gap: re.Pattern[str] = _NAME_GAP) -> bool:
        """Whether word ``i`` and the next one are parts of one name, with nothing but a name gap between."""
        return i + 1 < len(self.spans) and gap.fullmatch(self.text, self.spans[i][1], self.spans[i + 1][0]) is not None

    def could_continue_name(self, i: int) -> bool:
        word = self.word(i)
        return not (
            word in NOT_NAME_WORDS
            or word in TITLES
            or word.casefold() in INSTITUTION_WORDS
            or self.spans[i][0] in self._place_starts
        )

    def name_end(self, i: int) -> int:
        """Index of the last word of the name whose first word is ``i``: following capitalised words are its surname."""
        last = i
        while last - i < self.max_surname_words and self.joined(last) and self.could_continue_name(last + 1):
            last += 1
        return last

    def title_followed_by_name(self, i: int) -> bool:
        return self.joined(i, _TITLE_GAP) and self.could_continue_name(i + 1)

    def has_surname(self, i: int) -> bool:
        return self.joined(i) and self.could_continue_name(i + 1)

    def in_institution_name(self, first: int, last: int) -> bool:
        """Whether words ``first``..``last`` name a place or institution: "St Mary's", "Alexandra Hospital"."""
        before = first > 0 and self.joined(first - 1, _TITLE_GAP) and self.word(first - 1) in _INSTITUTION_BEFORE
        return before or _INSTITUTION_AFTER.match(self.text, self.spans[last][1]) is not None

    def is_sentence_start(self, i: int) -> bool:
        position = self.spans[i][0]
        while position > 0 and self.text[position - 1] in " \t\"'“‘(":
            position -= 1
        return position == 0 or self.text[position - 1] in ".!?:;\n"

    def is_mid_sentence(self, i: int) -> bool:
        """Inside a sentence and not part of a run of capitalised words (a heading, "Christmas Eve")."""
        return not self.is_sentence_start(i) and not (i > 0 and self.joined(i - 1))


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _name_parts(names: Iterable[str]) -> frozenset[str]:
    """Casefolded parts of caller-supplied names, leaving out role words ("Interviewer"), initials and bracketed
    notes ("Eleanor Marsh (Evaluation Team)")."""
    parts = set()
    for name in names:
        if not isinstance(name, str):
            continue
        for part in re.split(r"[\s,;]+", _BRACKETED.sub(" ", name)):
            part = part.strip(".:'\"")
            if len(part) > 1 and part[:1].isupper() and part not in NOT_NAME_WORDS and part not in TITLES:
                parts.add(part.casefold())
    return frozenset(parts)


def _merge_overlaps(spans: list[_Span]) -> list[_Span]:
    """Overlapping spans become one span covering all of them, labelled by the longest (then by PRIORITY)."""
    merged: list[_Span] = []
    cluster: list[_Span] = []
    cluster_end = -1
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if cluster and span[0] < cluster_end:
            cluster.append(span)
            cluster_end = max(cluster_end, span[1])
            continue
        if cluster:
            merged.append(_label_cluster(cluster))
        cluster, cluster_end = [span], span[1]
    if cluster:
        merged.append(_label_cluster(cluster))
    return merged


def _label_cluster(cluster: list[_Span]) -> _Span:
    _, _, kind = min(cluster, key=lambda s: (s[0] - s[1], _RANK[s[2]]))
    return cluster[0][0], max(end for _, end, _ in cluster), kind


def _replace(text: str, redactions: list[Redaction]) -> str:
    pieces = []
    position = 0
    for redaction in redactions:
        pieces += [text[position : redaction.start], redaction.label]
        position = redaction.end
    pieces.append(text[position:])
    return "".join(pieces)


# --- DataFrames -----------------------------------------------------------------------------------------------


def redact_column(
    frame: pd.DataFrame, column: str, redactor: Redactor, names_column: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (frame with ``column`` redacted, anonymisation log with one row per replacement).

    ``names_column`` holds each row's extra names (a name, names separated by ";", or a list), such as the
    speaker of an interview turn. The log's ``row`` is the frame's index label; keep the log apart from the
    outputs, since ``original`` is the personal data itself. Missing texts stay missing.
    """
    for needed in (column, names_column):
        if needed is not None and needed not in frame.columns:
            raise KeyError(f"redact_column: no column {needed!r}; the frame has {list(frame.columns)}")
    texts = frame[column]
    row_names = frame[names_column] if names_column is not None else [()] * len(frame)
    redacted, log_rows = [], []
    for row, text, names in zip(frame.index, texts, row_names):
        if not isinstance(text, str):
            redacted.append(text)
            continue
        new_text, redactions = redactor.redact(text, _as_names(names))
        redacted.append(new_text)
        log_rows += [(row, column, r.kind, r.label, r.original, r.start, r.end) for r in redactions]
    result = frame.copy()
    result[column] = pd.Series(redacted, index=frame.index, dtype=texts.dtype)
    return result, pd.DataFrame(log_rows, columns=LOG_COLUMNS)


def _as_names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(";") if name.strip())
    if isinstance(value, Iterable):
        return tuple(name for name in value if isinstance(name, str))
    return ()
