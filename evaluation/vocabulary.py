"""The evaluation's shared words and its one disclosure policy, each defined here once.

Category names come from the codebook (`Codebook.categories`) and dimension names from the instrument
(`Instrument.dimensions`); what is fixed by the evaluation's design rather than by those files is here.
"""

from __future__ import annotations

WAVES = ("baseline", "follow_up")
LATEST_WAVE = "follow_up"  # how co-produced a project is, is judged on the latest wave
ROLES = ("staff", "lived_experience", "carer", "voluntary_sector", "other", "not_stated")
INTERVIEWER = "interviewer"
SPEAKER_ROLES = (INTERVIEWER, *ROLES)  # who says a turn: the interviewer or a participant in a role

# What became of one answer: on the scale, or why not (read by ingest, counted by the survey analysis).
ANSWER_STATUSES = ("answered", "missing", "prefer_not_to_say", "dont_know", "not_applicable", "unmapped")

# Pooled rows: analysts' tables mark them "all"; published tables print the total row as "All".
ALL_ROLES = "all"
ALL_SITES = "all"
TOTAL = "All"

ROLE_NAMES = {"staff": "Staff", "lived_experience": "Lived experience", "carer": "Carers",
              "voluntary_sector": "Voluntary sector", "other": "Other", "not_stated": "Not stated",
              TOTAL: "All roles", ALL_ROLES: "All roles"}

# NHS small-number rule: counts 1 to SMALL_NUMBER - 1 are shown as "*", other counts rounded to ROUNDING_BASE;
# a percentage, mean or effect size needs a base of at least SMALL_NUMBER people to be shown or drawn.
SMALL_NUMBER = 8
ROUNDING_BASE = 5
SUPPRESSED = "*"
