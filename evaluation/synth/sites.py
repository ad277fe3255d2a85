"""Fictional system sites for the sample data, modelled on the ten NHS England co-production projects.

The first ten are hand-written so the shipped sample reads like a real programme; any further sites (for
`evaluation synth --sites 100`) are composed from the same parts by a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SYSTEM_TYPES = ("Cancer Alliance", "Integrated Care System", "Health and Social Care Partnership")

# How each site's survey tool exports its data: the reader must cope with all of them.
SURVEY_FORMATS = ("csv", "xlsx", "csv_cp1252", "sav")


@dataclass(frozen=True)
class SiteSpec:
    """Everything the generator needs to know to write one site's raw data."""

    site_id: str
    site_name: str
    system_type: str
    region: str
    project_title: str
    places: tuple[str, ...]
    respondents_per_wave: int
    interviews: int
    survey_format: str
    # Heading style and label spelling of the site's survey export (indexes into the generator's style lists).
    export_style: int
    # How strongly the site's project is co-produced (0 = informing only .. 1 = fully co-produced);
    # drives survey scores and which themes interviews dwell on.
    coproduction_level: float
    # Change from baseline to follow-up on the same 0..1 scale.
    improvement: float
    # Relative emphasis of the three theme categories in interviews.
    emphasis: dict[str, float] = field(default_factory=dict)


DEFAULT_SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        "wessex-vale-ca", "Wessex Vale Cancer Alliance", "Cancer Alliance", "South West",
        "Co-designing a prehabilitation offer for people starting cancer treatment",
        ("Marlbury", "Ashcombe", "Wydford"), 120, 12, "csv", 0, 0.75, 0.10,
        {"facilitator": 1.2, "value": 1.0, "challenge": 0.7},
    ),
    SiteSpec(
        "northmoor-dales-ca", "Northmoor and Dales Cancer Alliance", "Cancer Alliance", "North East and Yorkshire",
        "Improving the experience of urgent suspected cancer referrals",
        ("Kelthorpe", "Brantwick", "Ousedale"), 95, 10, "xlsx", 1, 0.55, 0.05,
        {"facilitator": 0.9, "value": 0.8, "challenge": 1.2},
    ),
    SiteSpec(
        "three-rivers-ca", "Three Rivers Cancer Alliance", "Cancer Alliance", "Midlands",
        "Personalised care and support planning after treatment ends",
        ("Trentham Cross", "Hollinsby", "Edgecote"), 70, 9, "csv_cp1252", 2, 0.65, 0.12,
        {"facilitator": 1.0, "value": 1.1, "challenge": 0.9},
    ),
    SiteSpec(
        "harbourside-ics", "Harbourside Integrated Care System", "Integrated Care System", "South East",
        "A co-produced crisis alternative for adults in mental health distress",
        ("Saltmarsh", "Port Elvery", "Downhaven"), 55, 8, "sav", 3, 0.80, 0.08,
        {"facilitator": 1.1, "value": 1.3, "challenge": 0.6},
    ),
    SiteSpec(
        "kelmarsh-rowan-ics", "Kelmarsh and Rowan Integrated Care System", "Integrated Care System",
        "East of England", "Making annual health checks work for people with a learning disability",
        ("Kelmarsh", "Rowanford", "Fenby St Clare"), 40, 7, "csv", 4, 0.45, 0.15,
        {"facilitator": 0.8, "value": 0.9, "challenge": 1.3},
    ),
    SiteSpec(
        "pennine-edge-ics", "Pennine Edge Integrated Care System", "Integrated Care System", "North West",
        "Reducing missed outpatient appointments, designed with people who miss them",
        ("Calderbrook", "Heyside", "Moorfold"), 30, 6, "csv", 5, 0.35, 0.02,
        {"facilitator": 0.6, "value": 0.7, "challenge": 1.5},
    ),
    SiteSpec(
        "thameside-vale-ics", "Thameside Vale Integrated Care System", "Integrated Care System", "London",
        "Maternity care co-designed with Black and Asian women",
        ("Elmbridge Green", "Riverside Wharf", "Castlemead"), 22, 11, "csv", 6, 0.70, 0.20,
        {"facilitator": 1.0, "value": 1.2, "challenge": 1.0},
    ),
    SiteSpec(
        "glenmoor-hscp", "Glenmoor Health and Social Care Partnership", "Health and Social Care Partnership",
        "North West", "Short breaks and respite designed with unpaid carers",
        ("Glenmoor", "Ashby Fold", "Netherwick"), 15, 5, "csv", 7, 0.60, 0.05,
        {"facilitator": 1.2, "value": 0.8, "challenge": 1.1},
    ),
    SiteSpec(
        "ashdown-hscp", "Ashdown Health and Social Care Partnership", "Health and Social Care Partnership",
        "South East", "Leaving hospital safely for older people who live alone",
        ("Ashdown Cross", "Forestrow End", "Pellingham"), 11, 6, "csv", 8, 0.50, 0.10,
        {"facilitator": 0.9, "value": 1.0, "challenge": 1.0},
    ),
    SiteSpec(
        "brackenfield-hscp", "Brackenfield Health and Social Care Partnership", "Health and Social Care Partnership",
        "Midlands", "Diabetes education that works for South Asian communities",
        ("Brackenfield", "Lowerby", "Saint Aldwyn"), 8, 5, "csv", 9, 0.40, 0.08,
        {"facilitator": 1.0, "value": 1.1, "challenge": 1.2},
    ),
)

_NAME_PARTS = (
    "Ash", "Brook", "Cold", "Dun", "East", "Fair", "Glen", "High", "Kings", "Long", "Mill", "North", "Oak",
    "Pen", "Red", "Stone", "Thorn", "West", "Wood", "Yar",
)
_NAME_ENDS = ("ford", "ley", "mere", "ton", "wick", "dale", "field", "bury", "combe", "moor", "holme", "stow")
_REGIONS = ("South West", "South East", "London", "East of England", "Midlands", "North West",
            "North East and Yorkshire")
_PROJECTS = (
    "Co-designing a community falls prevention service",
    "Improving access to memory assessment with people living with dementia",
    "A co-produced pathway for young people moving to adult services",
    "Co-designing a same-day emergency care experience",
    "Making cancer screening accessible for people with a learning disability",
    "Peer support for people living with long COVID",
    "Co-producing a welcome pack for people starting dialysis",
    "Improving end-of-life care at home with families",
)
_SHORT = {"Cancer Alliance": "ca", "Integrated Care System": "ics", "Health and Social Care Partnership": "hscp"}


def _generated_site(index: int, rng: random.Random, used: set[str]) -> SiteSpec:
    while True:
        stem = rng.choice(_NAME_PARTS) + rng.choice(_NAME_ENDS)
        if stem.lower() not in used:
            used.add(stem.lower())
            break
    system_type = rng.choice(SYSTEM_TYPES)
    places = tuple(rng.choice(_NAME_PARTS) + rng.choice(_NAME_ENDS) for _ in range(3))
    return SiteSpec(
        site_id=f"{stem.lower()}-{_SHORT[system_type]}-{index:03d}",
        site_name=f"{stem} {system_type}",
        system_type=system_type,
        region=rng.choice(_REGIONS),
        project_title=rng.choice(_PROJECTS),
        places=places,
        respondents_per_wave=int(round(8 * (15 ** rng.random()))),  # log-uniform, about 8 to 120
        interviews=rng.randint(5, 12),
        survey_format=rng.choice(SURVEY_FORMATS),
        export_style=rng.randrange(10),
        coproduction_level=round(rng.uniform(0.3, 0.85), 2),
        improvement=round(rng.uniform(-0.05, 0.2), 2),
        emphasis={c: round(rng.uniform(0.6, 1.4), 2) for c in ("facilitator", "value", "challenge")},
    )


def site_specs(n_sites: int, seed: int) -> list[SiteSpec]:
    """The first `n_sites` sites: the ten hand-written ones, then seeded generated ones."""
    if n_sites < 1:
        raise ValueError(f"n_sites must be at least 1, got {n_sites}")
    specs = list(DEFAULT_SITES[:n_sites])
    rng = random.Random(f"sites-{seed}")
    used = {s.site_name.split()[0].lower() for s in DEFAULT_SITES}
    for index in range(len(specs), n_sites):
        specs.append(_generated_site(index, rng, used))
    return specs
