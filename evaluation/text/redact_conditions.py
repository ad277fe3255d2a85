"""Health conditions tied to a person: "my COPD", "diagnosed with breast cancer", "Priya's myeloma".

A condition alone ("COPD services", "the diabetes pathway") is about services and stays; so does one said of a
population ("people living with dementia"). The conditions are the shipped list data/conditions.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from evaluation.text.redact_lists import KIN, alternation, read_list

_OWNERS = r"my|his|her|their|your|our"
_CONDITION_MODIFIERS = (
    r"(?:(?:own|recent|late|early|severe|mild|chronic|advanced|terminal|ongoing|first|second|previous|latest|new"
    r"|current|undiagnosed|long[\s-]term|secondary|metastatic|stage\s+\w+|grade\s+\w+)\s+){0,2}"
)
_CONDITION_CUES = rf"""(?:
    \b(?:{_OWNERS})\s+(?:(?:{KIN})['’]s\s+)?        # my COPD, my mum's dementia
  | \b(?:{KIN})['’]s\s+                             # dad's stroke
  | \b(?:I|he|she|who|(?:{_OWNERS})\s+(?:{KIN}))(?:['’](?:ve|s|d))?\s+
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


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A condition after a personal cue ("my COPD"), after a name's possessive ("Priya's COPD"), and a further
    one listed after either ("my asthma and COPD")."""
    conditions = read_list("conditions.txt")
    # Acronyms match in capitals only: "living with ME" is a condition, "living with me" is not.
    acronyms = [condition for condition in conditions if condition.isupper()]
    words = [condition for condition in conditions if not condition.isupper()]
    condition = (
        rf"{_CONDITION_MODIFIERS}(?P<condition>(?-i:{alternation(acronyms)})|{alternation(words)})"
        rf"(?![\w-])(?!\s+{_NOT_A_DIAGNOSIS})"
    )
    flags = re.IGNORECASE | re.VERBOSE
    return (
        re.compile(_CONDITION_CUES + condition, flags),
        re.compile(r"['’]s\s+" + condition, flags),
        re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|or|plus|&)\s+|/)" + condition, flags),
    )


class ConditionFinder:
    """Conditions after a personal cue, after a found name's possessive, and those listed after either."""

    def __init__(self) -> None:
        self._cued, self._named, self._more = _condition_patterns()

    def follows(self, text: str, end: int) -> bool:
        """Whether a condition tied to the person follows position ``end`` ("'s COPD")."""
        return self._named.match(text, end) is not None

    def spans(self, text: str, name_ends: list[int]) -> list[tuple[int, int, str]]:
        cued = [
            match
            for match in self._cued.finditer(text)
            if not (match["verbal"] and _GROUP_BEFORE.search(text, max(0, match.start() - 60), match.start()))
        ]
        named = [self._named.match(text, end) for end in name_ends]
        spans = []
        for match in cued + [match for match in named if match]:
            spans.append((match.start("condition"), match.end("condition"), "condition"))
            while match := self._more.match(text, match.end()):
                spans.append((match.start("condition"), match.end("condition"), "condition"))
        return spans
