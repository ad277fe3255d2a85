"""Fake personal data for the synthetic transcripts.

Everything here is fictional and chosen so it cannot belong to a real person: phone numbers come from Ofcom's ranges
reserved for drama, NHS numbers start with 999 (a range never issued to patients) yet carry a valid modulus-11
check digit, and e-mail addresses use example.org or a made-up nhs.net mailbox. The redaction step is tested
against these values, so they have the shapes real ones have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Names grouped by heritage so a first name and a surname drawn together read as one plausible person.
_NAME_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (  # English, Welsh, Scottish, Irish
        ("Chloe", "Sarah", "Rachel", "Joanne", "Helen", "Megan", "Siobhan", "Fiona", "Carys", "Lorraine", "Denise"),
        ("Gareth", "Neil", "Callum", "Liam", "Stuart", "Dafydd", "Paul", "Martin", "Owen", "Graham", "Kieran"),
        ("Hughes", "Collins", "Thornton", "MacLeod", "Price", "O'Brien", "Walsh", "Pritchard", "Fletcher",
         "Harrison", "Doyle", "Bevan", "Ferguson", "Whitaker"),
    ),
    (  # South Asian
        ("Priya", "Sunita", "Harpreet", "Nazia", "Aisha", "Shabana", "Meena", "Rukhsana"),
        ("Imran", "Sanjay", "Tariq", "Rajesh", "Amarjit", "Faisal", "Vikram", "Bilal"),
        ("Shah", "Patel", "Hussain", "Kaur", "Begum", "Chaudhry", "Sharma", "Malik", "Ahmed", "Gill"),
    ),
    (  # Black British, Caribbean and African
        ("Grace", "Abena", "Folake", "Chantelle", "Blessing", "Marcia", "Adaeze"),
        ("Marcus", "Kwame", "Adebayo", "Delroy", "Emeka", "Tunde", "Winston"),
        ("Okafor", "Mensah", "Campbell", "Adeyemi", "Boateng", "Clarke", "Nwosu", "Francis"),
    ),
    (  # East and South-East Asian
        ("Mei", "Lin", "Thu", "Jia"),
        ("Wei", "Minh", "Hao", "Kenji"),
        ("Chen", "Zhang", "Nguyen", "Wong", "Liu"),
    ),
    (  # Polish, Romanian, Lithuanian
        ("Katarzyna", "Agnieszka", "Ioana", "Ruta"),
        ("Piotr", "Tomasz", "Andrei", "Marius"),
        ("Nowak", "Kowalski", "Popescu", "Kaminska", "Wisniewski"),
    ),
    (  # Middle Eastern, Somali, Turkish
        ("Layla", "Amina", "Yasmin", "Elif"),
        ("Yusuf", "Omar", "Hassan", "Mehmet"),
        ("Hassan", "Abdi", "Haddad", "Yilmaz", "Farah"),
    ),
)
_GROUP_WEIGHTS = (0.52, 0.18, 0.12, 0.06, 0.06, 0.06)


_RELATIONS = (
    ("daughter", "F"), ("son", "M"), ("husband", "M"), ("wife", "F"), ("mum", "F"), ("dad", "M"),
    ("sister", "F"), ("brother", "M"), ("partner", "F"), ("partner", "M"), ("granddaughter", "F"), ("grandson", "M"),
)
_CARED_RELATIONS = (
    ("husband", "M"), ("wife", "F"), ("mum", "F"), ("dad", "M"), ("son", "M"), ("daughter", "F"), ("partner", "M"),
    ("partner", "F"),
)
_TEAMS = (
    "the PALS team", "the patient experience team", "the cancer nurse specialist team", "the comms team",
    "the community mental health team", "the discharge team", "the diabetes team", "the outpatients team",
    "the ICB", "the quality improvement team", "the learning disability liaison team", "the Carers Centre",
)
STAFF_ROLES = (
    "project lead", "programme manager", "clinical nurse specialist", "patient experience lead",
    "service improvement manager", "consultant", "GP lead", "commissioning manager", "senior occupational therapist",
    "quality improvement lead", "lead nurse",
)
_LANDLINE_PREFIXES = (
    "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0", "0118 496 0", "0121 496 0", "0131 496 0",
    "0151 496 0", "0161 496 0", "020 7946 0",
)
_POSTCODE_OUTWARDS = (
    "LS6", "LS11", "M14", "BS3", "NE6", "B12", "SE15", "CB1", "EX4", "BN2", "LE5", "S10", "NG7", "TR1", "YO10", "PL4",
    "HU5", "BD8", "WV3", "CV1", "NR2", "PO4", "E17", "N15", "SK4", "DN4", "TS5", "HG2",
)
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # inward-code letters never include C, I, K, M, O or V
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

# Keyword in the project title -> (the participant's own conditions, the conditions of the person a carer looks after).
_CONDITIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("cancer", ("breast cancer", "bowel cancer", "prostate cancer", "lung cancer", "lymphoma", "ovarian cancer"),
     ("bowel cancer", "lung cancer", "myeloma")),
    ("prehabilitation", ("breast cancer", "bowel cancer", "oesophageal cancer"), ("lung cancer", "bowel cancer")),
    ("treatment ends", ("breast cancer", "head and neck cancer", "lymphoma"), ("prostate cancer", "lymphoma")),
    ("mental health", ("bipolar disorder", "PTSD", "depression", "psychosis", "anxiety"),
     ("schizophrenia", "bipolar disorder", "depression")),
    ("learning disability", ("autism", "epilepsy", "Down's syndrome", "cerebral palsy"),
     ("Down's syndrome", "autism", "epilepsy")),
    ("missed outpatient", ("COPD", "sickle cell disease", "fibromyalgia", "Crohn's disease", "heart failure"),
     ("COPD", "dementia", "heart failure")),
    ("maternity", ("gestational diabetes", "pre-eclampsia", "postnatal depression", "hyperemesis"),
     ("postnatal depression", "sickle cell disease")),
    ("carers", ("arthritis", "depression", "back pain"), ("dementia", "Parkinson's", "MS", "motor neurone disease")),
    ("older people", ("heart failure", "COPD", "osteoporosis", "arthritis"), ("dementia", "heart failure")),
    ("diabetes", ("type 2 diabetes", "diabetes"), ("type 2 diabetes", "diabetes")),
    ("dementia", ("dementia", "Alzheimer's"), ("dementia", "Alzheimer's")),
    ("long covid", ("long COVID",), ("long COVID",)),
    ("dialysis", ("kidney failure", "chronic kidney disease"), ("kidney failure",)),
    ("falls", ("osteoporosis", "Parkinson's"), ("Parkinson's", "dementia")),
    ("young people", ("type 1 diabetes", "cystic fibrosis", "epilepsy"), ("cystic fibrosis", "autism")),
    ("end-of-life", ("heart failure", "COPD"), ("motor neurone disease", "lung cancer")),
)
_DEFAULT_CONDITIONS = (("COPD", "heart failure", "arthritis", "type 2 diabetes", "depression"),
                       ("dementia", "Parkinson's", "MS", "heart failure", "autism"))


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str  # "F" or "M": only used to choose pronouns in speech
    heritage: int = 0  # index into the name groups, so relatives get names from the same one

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Relative:
    """Someone named in passing ("my daughter Chloe") or cared for by a carer."""

    relation: str
    person: Person

    @property
    def phrase(self) -> str:
        return f"my {self.relation} {self.person.first}"


# The evaluation team: the same three interviewers work across every site.
INTERVIEWERS = (Person("Eleanor", "Marsh", "F"), Person("Daniel", "Osei", "M", 2), Person("Ruth", "Kaminski", "F", 4))


def random_person(rng: random.Random, gender: str | None = None, heritage: int | None = None) -> Person:
    if heritage is None:
        heritage = rng.choices(range(len(_NAME_GROUPS)), weights=_GROUP_WEIGHTS)[0]
    women, men, surnames = _NAME_GROUPS[heritage]
    gender = gender or rng.choice("FM")
    first = rng.choice(women if gender == "F" else men)
    return Person(first, rng.choice(surnames), gender, heritage)


def random_relative(rng: random.Random, of: Person | None = None, cared_for: bool = False) -> Relative:
    """A relative of `of`, usually named from the same name group (families are not always so tidy)."""
    relation, gender = rng.choice(_CARED_RELATIONS if cared_for else _RELATIONS)
    heritage = of.heritage if of is not None and rng.random() < 0.85 else None
    return Relative(relation, random_person(rng, gender, heritage))


def titled_name(rng: random.Random, doctor: bool = False) -> str:
    """"Dr Okafor", "Mrs Patel": no full stop after the title, as NHS style writes it."""
    person = random_person(rng)
    if doctor:
        return f"Dr {person.last}"
    title = {"F": rng.choice(("Mrs", "Ms", "Miss")), "M": "Mr"}[person.gender]
    return f"{title} {person.last}"


def colleague(rng: random.Random) -> tuple[str, Person]:
    """A staff member named by first name and team: ("Sarah from the PALS team", Sarah)."""
    person = random_person(rng)
    return f"{person.first} from {rng.choice(_TEAMS)}", person


def interviewer_display_name(interviewer: Person) -> str:
    """The interviewer as Teams captions name them: "Eleanor Marsh (Evaluation Team)"."""
    return f"{interviewer.full} (Evaluation Team)"


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus-11 check digit for the first nine digits; None when the digits cannot form a valid number."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(text: str) -> bool:
    digits = text.replace(" ", "")
    return len(digits) == 10 and digits.isdigit() and nhs_check_digit(digits[:9]) == int(digits[9])


def nhs_number(rng: random.Random, spaced: bool = True) -> str:
    """A valid NHS number from the never-issued 999 range, written "999 123 4560" or "9991234560"."""
    while True:
        first_nine = "999" + "".join(rng.choice("0123456789") for _ in range(6))
        check = nhs_check_digit(first_nine)
        if check is not None:
            digits = f"{first_nine}{check}"
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if spaced else digits


def phone_number(rng: random.Random, mobile: bool | None = None) -> str:
    """A number from Ofcom's drama ranges: mobiles 07700 900xxx, geographic 0xx 496 0xxx / 020 7946 0xxx."""
    if mobile is None:
        mobile = rng.random() < 0.55
    if mobile:
        return f"07700 900{rng.randrange(1000):03d}"
    return f"{rng.choice(_LANDLINE_PREFIXES)}{rng.randrange(1000):03d}"


def email_address(person: Person, rng: random.Random, nhs: bool = False) -> str:
    local = f"{person.first}.{person.last}".lower().replace("'", "")
    if nhs:
        return f"{local}@nhs.net"
    if rng.random() < 0.3:
        local += str(rng.randrange(10, 99))
    return f"{local}@example.org"


def postcode(rng: random.Random) -> str:
    inward = f"{rng.randrange(10)}{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}"
    return f"{rng.choice(_POSTCODE_OUTWARDS)} {inward}"


def date_of_birth(rng: random.Random, earliest: int = 1938, latest: int = 1995) -> str:
    """A date of birth in one of the ways people say or write it: "3 March 1961", "14th of July 1958", "12/07/1955"."""
    year, month, day = rng.randint(earliest, latest), rng.randint(1, 12), rng.randint(1, 28)
    style = rng.randrange(3)
    if style == 0:
        return f"{day} {_MONTHS[month - 1]} {year}"
    if style == 1:
        suffix = "th" if 10 < day < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{suffix} of {_MONTHS[month - 1]} {year}"
    return f"{day:02d}/{month:02d}/{year}"


def conditions_for(project_title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(conditions a participant may have, conditions of someone a carer looks after), matched on the project title."""
    title = project_title.lower()
    for keyword, own, cared in _CONDITIONS:
        if keyword in title:
            return own, cared
    return _DEFAULT_CONDITIONS
