"""The words name detection weighs: titles, first names that are also everyday words, words that never start a
name, and how common a word is in English.

How common: the Zipf frequency of a word in wordfreq's large English list (Speer, wordfreq 3.1, data CC-BY-SA 4.0;
read from the installed package, never fetched): log10 of its uses per billion words, 7.7 for "the", 3 for once
per million words, 0 for a word the list does not hold. Names are in that list too (films, news and social media
use them), but a name no list holds is rare there: "Quillfeather" 0, "Oyelaran" 0, "Okafor" 2.6, "Shola" 2.1,
against 4 and more for the words people capitalise mid-sentence ("Trust", "Board", "Teams").
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from evaluation.text.redact_lists import read_list

TITLES = frozenset(
    """Dr Mr Mrs Ms Miss Mx Prof Professor Doctor Nurse Sister Matron Midwife Sir Dame Lord Lady Rev Revd Reverend
    Father Fr Pastor Imam Rabbi Canon Bishop Councillor Cllr Judge Captain Capt Auntie Aunty Uncle""".split()
)
SHORT_TITLES = frozenset("Dr Mr Mrs Ms Mx Prof Rev Revd Fr Cllr Capt St".split())
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

# Modal verbs that open questions: "Will Priya come?" is not a person called Will Priya.
MODAL_FIRST_NAMES = frozenset({"Will", "May"})

# A first name inside an institution's name ("St Mary's", "Alexandra Hospital") is not a person.
INSTITUTION_BEFORE = frozenset("St Saint Queen King Prince Princess Royal".split())
INSTITUTION_WORDS = frozenset(
    """hospital hospitals hospice infirmary house centre center ward wards unit suite wing road street avenue close
    drive court crescent terrace gardens square building school college academy university surgery practice
    clinic institute station estate mosque temple gurdwara library foundation trust appeal lodge view manor
    cottage""".split()
)
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
    Kong Led""".split()
)


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Words that never start or continue a name: NOT_NAME_WORDS, and the shipped proper nouns
    that are not people (data/not_names.txt: organisations, software, medicines, peoples, faiths, festivals)."""
    return NOT_NAME_WORDS | frozenset(read_list("not_names.txt"))


@lru_cache(maxsize=1)
def condition_words() -> frozenset[str]:
    """The words of the shipped conditions, capitalised ("Myeloma", "Syndrome"): a rare one is not a name."""
    words = {word.strip("'’").removesuffix("'s").removesuffix("’s") for condition in read_list("conditions.txt")
             for word in re.split(r"[\s/-]+", condition)}
    return frozenset(word[:1].upper() + word[1:] for word in words if len(word) > 2)


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loads 300k words (a quarter of a second): only when first needed

    return get_frequency_dict("en", wordlist="large")


def zipf_frequency(word: str) -> float:
    """Zipf frequency of ``word`` (case ignored) in English; a hyphenated word counts as its rarest part, or as
    the word written without the hyphens if that is commoner.

    >>> zipf_frequency("Trust") > 4 > zipf_frequency("Quillfeather") == 0
    True
    """
    frequencies = _english_frequencies()
    word = word.casefold().replace("’", "'")
    frequency = min(frequencies.get(part, 0.0) for part in word.split("-"))
    if "-" in word:  # "Co-Ordinator" is "coordinator"
        frequency = max(frequency, frequencies.get(word.replace("-", ""), 0.0))
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


# Words at a sentence start are capitalised anyway, so only a word English hardly uses counts as a name there, and
# one with an English ending or prefix is more likely a misspelling or a coinage ("Absouloutly", "Liasing",
# "Coproduce") than a name.
_ENGLISH_ENDING = re.compile(
    r"(?:ly|ing|ings|ed|tion|tions|sion|ment|ments|ness|ful|ive|able|ible|ism|ist|ists|ise|ize|ies|ied)$"
)
_ENGLISH_PREFIX = re.compile(r"^(?:co|re|pre|non|un|over|under|self|multi|inter|sub|post|anti|mis|out)(?=\w{4})")


def looks_english(word: str) -> bool:
    """Whether a word English does not list still looks like English: an English ending, or a common prefix
    before a common word ("Coproduce", "Reassess")."""
    word = word.casefold()
    if _ENGLISH_ENDING.search(word):
        return True
    prefix = _ENGLISH_PREFIX.match(word)
    return prefix is not None and zipf_frequency(word[prefix.end():]) >= 3
