"""Competency taxonomies: the shipped data files, the active catalog, and loose name matching."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from storybank.core.models import LABEL_MAX, Story, label_key
from storybank.core.resolver import PLAIN as PLAIN, CompetencyResolver as CompetencyResolver

TAXONOMY_FILES = ("general", "amazon", "tih")
DEFAULT_ACTIVE = ("general",)
QUESTION_FILE = "questions"

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL_MAX)]
OneLine = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


# The data files -----------------------------------------------------------------------------


class CompetencyData(BaseModel):
    """One competency as written in a taxonomy file or added by the user."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Label
    description: OneLine = ""
    aliases: list[Label] = Field(default_factory=list)
    # Words that hint at the competency in free text (a question, a job ad); `*` ends a prefix.
    keywords: list[Label] = Field(default_factory=list)


class TaxonomyData(BaseModel):
    """A shipped taxonomy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Label
    name: Label
    description: OneLine
    competencies: list[CompetencyData] = Field(min_length=1)


class QuestionData(BaseModel):
    """A built-in question: a stable id, its text, and the 1–3 competencies it probes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=300)]
    competencies: list[Label] = Field(min_length=1, max_length=3)


class QuestionFile(BaseModel):
    """The shipped question bank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: list[QuestionData] = Field(min_length=1)


def _read_data(name: str) -> bytes:
    return resources.files("storybank").joinpath("data", f"{name}.json").read_bytes()


@functools.cache
def builtin_taxonomies() -> dict[str, TaxonomyData]:
    """The shipped taxonomies by id, read and validated once per process."""
    found: dict[str, TaxonomyData] = {}
    for name in TAXONOMY_FILES:
        try:
            found[name] = TaxonomyData.model_validate_json(_read_data(name))
        except ValidationError as error:  # a packaging bug, not a user error: say which file
            raise RuntimeError(f"storybank/data/{name}.json is invalid: {error}") from None
    return found


@functools.cache
def builtin_questions() -> tuple[QuestionData, ...]:
    """The shipped question bank, read and validated once per process."""
    return tuple(QuestionFile.model_validate_json(_read_data(QUESTION_FILE)).questions)


@functools.cache
def taxonomy_questions(taxonomy_id: str) -> tuple[QuestionData, ...]:
    """A taxonomy's own labelled questions (none for the general set, whose bank is above)."""
    path = resources.files("storybank").joinpath("data", f"{QUESTION_FILE}_{taxonomy_id}.json")
    if not path.is_file():
        return ()
    return tuple(QuestionFile.model_validate_json(path.read_bytes()).questions)


# The active catalog -------------------------------------------------------------------------


@dataclass(frozen=True)
class Competency:
    """A competency of the active catalog, merged across the taxonomies that share its name."""

    key: str
    name: str
    description: str
    taxonomies: tuple[str, ...]
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]

    @property
    def custom(self) -> bool:
        """True when the user added it (rather than a shipped taxonomy)."""
        return "custom" in self.taxonomies


class Catalog:
    """The competencies in play: the active taxonomies plus the user's own, with one resolver."""

    def __init__(
        self,
        active: Sequence[str] = DEFAULT_ACTIVE,
        custom: Iterable[CompetencyData] = (),
    ) -> None:
        shipped = builtin_taxonomies()
        self.active = tuple(t for t in active if t in shipped)
        sources: list[tuple[str, CompetencyData]] = [("custom", c) for c in custom]
        for taxonomy_id in self.active:
            sources += [(taxonomy_id, c) for c in shipped[taxonomy_id].competencies]
        merged: dict[str, Competency] = {}
        for origin, data in sources:
            key = label_key(data.name)
            old = merged.get(key)
            if old is None:
                merged[key] = Competency(
                    key,
                    data.name,
                    data.description,
                    (origin,),
                    tuple(data.aliases),
                    tuple(data.keywords),
                )
            else:  # the same competency in two taxonomies: one entry, aliases pooled
                merged[key] = Competency(
                    key,
                    old.name,
                    old.description or data.description,
                    (*old.taxonomies, origin),
                    _unique((*old.aliases, *data.aliases)),
                    _unique((*old.keywords, *data.keywords)),
                )
        self.competencies = tuple(merged.values())
        self._by_key = merged
        # A name always means itself; otherwise the first competency (user's first, then the
        # taxonomies in their active order) to claim an alias keeps it.
        aliases: dict[str, str] = {}
        for comp in self.competencies:
            for alias in comp.aliases:
                akey = label_key(alias)
                if akey and akey not in merged:
                    aliases.setdefault(akey, comp.key)
        names = {c.key: c.name for c in self.competencies}
        self.resolver = CompetencyResolver(aliases, names)

    def get(self, name: str) -> Competency | None:
        """The catalog competency that `name` (or an alias) means, if any."""
        return self._by_key.get(self.resolver.key(name))

    def key(self, name: str) -> str:
        """The canonical key of any competency name."""
        return self.resolver.key(name)

    def display(self, key: str, fallback: str = "") -> str:
        """The display name of a canonical key."""
        return self.resolver.display(key, fallback)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if label_key(value) not in seen:
            seen.add(label_key(value))
            out.append(value)
    return tuple(out)


@functools.cache
def default_catalog() -> Catalog:
    """The catalog of a bank with no settings: the general set only."""
    return Catalog(DEFAULT_ACTIVE)


def canonical_story(story: Story, resolver: CompetencyResolver) -> Story:
    """`story` with each competency it names by an alias stored under the catalog's name
    (the one rule the CLI, the import and the app's editor apply before saving)."""
    names = resolver.canonical_names(story.competencies)
    if names == story.competencies:
        return story
    return story.model_copy(update={"competencies": names})
