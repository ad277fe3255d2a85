"""Identifiers with a fixed shape: e-mail addresses, NHS numbers, UK phone numbers, postcodes, dates of birth.

One compiled pattern per kind; `identifier_spans` returns every match as (start, end, kind).
"""

from __future__ import annotations

import re

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


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """Every fixed-shape identifier in ``text``; overlaps are left for the caller to merge."""
    spans = []
    if "@" in text:
        spans += [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    if _DIGIT.search(text):
        spans += [(m.start(), m.end(), "nhs_number") for m in NHS_NUMBER.finditer(text) if nhs_number_is_valid(m[0])]
        spans += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
        spans += [(m.start(), m.end(), "postcode") for m in POSTCODE.finditer(text)]
        spans += [(m.start("date"), m.end("date"), "date_of_birth") for m in DATE_OF_BIRTH.finditer(text)]
    return spans
