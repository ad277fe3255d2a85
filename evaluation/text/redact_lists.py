"""What the redaction finders share: the shipped word lists, phrase alternations and the words for people.

The lists live in ``evaluation/text/data``: one entry a line, ``#`` starts a comment line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

# Family, friends and the people who care for someone: "my husband Tendai", "dad's stroke", "my mum's dementia".
KIN = (
    r"husband|wife|partner|son|daughter|mum|mom|mummy|mother|dad|daddy|father|brother|sister|friend|best\s+friend"
    r"|boyfriend|girlfriend|fianc[eé]e?|nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandpa|grandmother"
    r"|grandfather|grandson|granddaughter|aunt|auntie|aunty|uncle|cousin|niece|nephew|neighbour|child|kid|baby"
    r"|stepson|stepdaughter|stepmum|stepdad|carer|colleague|manager|GP|nurse|doctor|consultant|key\s*worker"
    r"|social\s+worker|support\s+worker"
)
# Anyone in someone's life or care, by relation or role: "my midwife Shola", "the receptionist Kemi".
RELATIVES = KIN + (
    r"|other\s+half|mate|pal|lodger|flatmate|boss|surgeon|registrar|midwife|health\s+visitor|district\s+nurse"
    r"|receptionist|link\s+worker|care\s+co-?ordinator|care\s+navigator|physio|physiotherapist"
    r"|occupational\s+therapist|OT|therapist|counsellor|psychiatrist|psychologist|CPN|pharmacist|dentist|optician"
    r"|paramedic|advocate|mentor|buddy|coach|teacher|tutor|vicar|imam|pastor|priest|rabbi|chaplain|councillor|MP"
    r"|practice\s+manager|team\s+leader|line\s+manager|case\s*worker|health\s+coach|peer\s+supporter"
    r"|interpreter|translator"
)


@lru_cache(maxsize=None)
def read_list(filename: str) -> tuple[str, ...]:
    text = resources.files("evaluation.text").joinpath("data", filename).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def shipped_first_names() -> frozenset[str]:
    """The shipped list of common UK first names across communities (data/first_names.txt)."""
    return frozenset(read_list("first_names.txt"))


def phrase_pattern(phrase: str) -> str:
    words = (re.escape(word).replace("'", "['’]") for word in re.split(r"[\s-]+", phrase.strip()))
    return r"[\s-]+".join(words)


def alternation(phrases: Iterable[str]) -> str:
    """Longest first, so "breast cancer" wins over "cancer" at the same position."""
    return "|".join(phrase_pattern(phrase) for phrase in sorted(set(phrases), key=len, reverse=True))
