"""The codebook: categories (facilitator, value, challenge) → themes → optional sub-themes, as versioned YAML.

Each theme carries a definition, inclusion and exclusion guidance, examples and the patterns the rule coder looks
for. Pattern syntax (kept small so users can write their own codebooks):
- a word or phrase, matched case-insensitively on whole words: `code of conduct`;
- a trailing `*` matches any ending of the last word, like a stem: `recruit*` (recruit, recruiting, recruitment);
- `pattern @0.5` gives the pattern a weight other than 1 (how much one match counts towards the theme's score).
A theme may name `when_negated`: the theme a negated mention counts as ("we never had the funding" is not the
facilitator funding_and_payment but the challenge resources_and_time). Without it a negated mention counts for
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

CATEGORIES = ("facilitator", "value", "challenge")
DEFAULT_CODEBOOK = "picker-coproduction-v1.yaml"
_PATTERN = re.compile(r"^(?P<phrase>[a-z0-9'][a-z0-9' ]*\*?)(?:\s*@(?P<weight>\d+(?:\.\d+)?))?$")


class CodebookError(ValueError):
    """The codebook YAML is malformed; the message names the theme and field to fix."""


@dataclass(frozen=True)
class Pattern:
    phrase: str  # normalised: lower-case words separated by single spaces
    stem: bool  # True when the last word may continue (`recruit*`)
    weight: float

    def __str__(self) -> str:
        return self.phrase + ("*" if self.stem else "") + ("" if self.weight == 1 else f" @{self.weight:g}")


@dataclass(frozen=True)
class Theme:
    id: str
    category: str
    name: str
    definition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    examples: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    parent: str | None = None
    when_negated: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    definition: str


@dataclass(frozen=True)
class Codebook:
    name: str
    version: str
    source: str
    categories: tuple[Category, ...]
    themes: tuple[Theme, ...]
    negators: tuple[str, ...]  # words that negate a mention within the same clause ("never", "no", "lack of")
    hedges: tuple[str, ...]  # words that soften a mention ("maybe", "a bit"): the match counts for less
    hedge_weight: float
    threshold: float  # a theme is coded when its score reaches this

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"theme '{theme_id}' is not in codebook {self.label}")

    def category_of(self, theme_id: str) -> str:
        return self.theme(theme_id).category

    def themes_in(self, category: str) -> list[Theme]:
        return [t for t in self.themes if t.category == category]


def parse_pattern(text: str, where: str) -> Pattern:
    """'recruit* @0.5' → Pattern('recruit', stem=True, weight=0.5)."""
    text = _text(text, where)
    cleaned = " ".join(str(text).lower().replace("’", "'").split())
    match = _PATTERN.match(cleaned)
    if not match:
        raise CodebookError(f"{where}: pattern '{text}' must be lower-case words (letters, digits, apostrophes), "
                            "optionally ending in '*', optionally followed by '@weight'")
    phrase = match["phrase"].strip()
    return Pattern(phrase.rstrip("*").strip(), phrase.endswith("*"), float(match["weight"] or 1))


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Load and validate a codebook (the packaged Picker codebook when `path` is None)."""
    if path is None:
        text = resources.files("evaluation.coding").joinpath("codebooks", DEFAULT_CODEBOOK).read_text("utf-8")
        source = DEFAULT_CODEBOOK
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CodebookError(f"{source}: not valid YAML: {error}") from error
    return build_codebook(spec, source)


def build_codebook(spec: dict, source: str = "codebook") -> Codebook:
    if not isinstance(spec, dict):
        raise CodebookError(f"{source}: expected a mapping at the top level")
    for key in ("codebook", "version", "categories", "themes"):
        if key not in spec:
            raise CodebookError(f"{source}: missing top-level key '{key}'")
    categories = _categories(spec["categories"], source)
    themes = tuple(_theme(entry, position, source) for position, entry in enumerate(spec["themes"], start=1))
    _check_references(themes, {c.id for c in categories}, source)
    rules = spec.get("rules", {})
    return Codebook(
        name=spec["codebook"], version=str(spec["version"]), source=spec.get("source", ""),
        categories=categories, themes=themes,
        negators=_words(rules.get("negators", []), f"{source}: rules.negators"),
        hedges=_words(rules.get("hedges", []), f"{source}: rules.hedges"),
        hedge_weight=float(rules.get("hedge_weight", 0.5)),
        threshold=float(rules.get("threshold", 1.0)),
    )


def _text(value, where: str) -> str:
    if isinstance(value, bool):
        raise CodebookError(f"{where}: {value!r} is not text; YAML reads unquoted no/yes/on/off as true/false, so "
                            f"quote the word (e.g. \"no\")")
    if not isinstance(value, (str, int, float)):
        raise CodebookError(f"{where}: {value!r} is not a word or phrase")
    return str(value)


def _words(values, where: str) -> tuple[str, ...]:
    return tuple(" ".join(_text(v, where).lower().replace("’", "'").split()) for v in values)


def _categories(entries: dict, source: str) -> tuple[Category, ...]:
    if not isinstance(entries, dict) or set(entries) != set(CATEGORIES):
        raise CodebookError(f"{source}: categories must be exactly {', '.join(CATEGORIES)}")
    return tuple(Category(c, entries[c].get("name", c), entries[c].get("definition", "")) for c in CATEGORIES)


def _theme(entry: dict, position: int, source: str) -> Theme:
    where = f"{source}: theme {position} ('{entry.get('id', '?')}')"
    missing = [k for k in ("id", "category", "name", "definition", "patterns") if not entry.get(k)]
    if missing:
        raise CodebookError(f"{where} is missing {', '.join(missing)}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", entry["id"]):
        raise CodebookError(f"{where}: id must be lower-case letters, digits and '_'")
    if entry["category"] not in CATEGORIES:
        raise CodebookError(f"{where}: category '{entry['category']}' is not one of {', '.join(CATEGORIES)}")
    return Theme(
        id=entry["id"], category=entry["category"], name=entry["name"], definition=entry["definition"].strip(),
        include=tuple(entry.get("include", [])), exclude=tuple(entry.get("exclude", [])),
        examples=tuple(entry.get("examples", [])),
        patterns=tuple(parse_pattern(p, where) for p in entry["patterns"]),
        parent=entry.get("parent"), when_negated=entry.get("when_negated"),
    )


def _check_references(themes: tuple[Theme, ...], categories: set[str], source: str) -> None:
    ids = [t.id for t in themes]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CodebookError(f"{source}: theme id(s) listed twice: {', '.join(repeated)}")
    by_id = {t.id: t for t in themes}
    for theme in themes:
        for field, target in (("parent", theme.parent), ("when_negated", theme.when_negated)):
            if target is not None and target not in by_id:
                raise CodebookError(f"{source}: theme '{theme.id}' has {field} '{target}', which is not a theme")
        if theme.parent and by_id[theme.parent].category != theme.category:
            raise CodebookError(f"{source}: sub-theme '{theme.id}' is a {theme.category} but its parent "
                                f"'{theme.parent}' is a {by_id[theme.parent].category}")
    owners: dict[tuple[str, bool], str] = {}
    for theme in themes:
        for pattern in theme.patterns:
            key = (pattern.phrase, pattern.stem)
            if key in owners and owners[key] != theme.id:
                raise CodebookError(f"{source}: pattern '{pattern}' is in both '{owners[key]}' and '{theme.id}'; "
                                    "a pattern must point at one theme")
            owners[key] = theme.id
