"""The names a redacted export hides, grouped by kind (a settings part the user keeps)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from storybank.core.vocab import tidy_label

NAME_KINDS = ("colleague", "client", "product", "place")
LISTED_NAME_MAX = 120
_WORDY = re.compile(r"\w")


def name_key(name: str) -> str:
    """How two spellings of a name compare: case and runs of white space do not matter."""
    return tidy_label(name).casefold()


def _tidy_name(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    name = tidy_label(value)
    if not name:
        raise ValueError("a name needs more than spaces")
    if not _WORDY.search(name):
        raise ValueError(f"“{name[:20]}” needs a letter or a digit")
    return name


class ListedName(BaseModel):
    """One name to hide, and the other ways the stories write it ("Jane Smith", "Jane")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=LISTED_NAME_MAX)]
    aliases: list[Annotated[str, Field(min_length=1, max_length=LISTED_NAME_MAX)]] = Field(
        default_factory=list
    )

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        return _tidy_name(value)

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_tidy_name(v) for v in value]
        return value

    @field_validator("aliases")
    @classmethod
    def _distinct(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # An alias that repeats the name or another alias adds nothing: keep the first spelling.
        seen = {name_key(info.data["name"])} if "name" in info.data else set()
        kept = []
        for alias in value:
            if name_key(alias) not in seen:
                seen.add(name_key(alias))
                kept.append(alias)
        return kept

    def spellings(self) -> list[str]:
        """The name and its aliases."""
        return [self.name, *self.aliases]


class RedactNames(BaseModel):
    """The user's list of names to hide, by kind; each kind has its own placeholders."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    colleague: list[ListedName] = Field(default_factory=list)
    client: list[ListedName] = Field(default_factory=list)
    product: list[ListedName] = Field(default_factory=list)
    place: list[ListedName] = Field(default_factory=list)

    @model_validator(mode="after")
    def _once_each(self) -> RedactNames:
        owner: dict[str, str] = {}
        for kind, listed in self.by_kind():
            for entry in listed:
                for spelling in entry.spellings():
                    key = name_key(spelling)
                    if key in owner:
                        raise ValueError(
                            f"“{spelling}” is listed twice ({owner[key]} and {kind}): "
                            "a name can have one placeholder only"
                        )
                    owner[key] = kind
        return self

    def by_kind(self) -> list[tuple[str, list[ListedName]]]:
        """Each kind with its names, in NAME_KINDS order."""
        return [(kind, getattr(self, kind)) for kind in NAME_KINDS]

    def count(self) -> int:
        """How many names are listed (aliases not counted)."""
        return sum(len(listed) for _, listed in self.by_kind())

    def find(self, name: str) -> tuple[str, ListedName] | None:
        """The kind and entry that list `name` as a name or an alias, if any."""
        key = name_key(name)
        for kind, listed in self.by_kind():
            for entry in listed:
                if any(name_key(s) == key for s in entry.spellings()):
                    return kind, entry
        return None

    def with_name(self, kind: str, entry: ListedName) -> RedactNames:
        """These names with `entry` added to `kind` (validated again by the caller)."""
        if kind not in NAME_KINDS:
            raise ValueError(f"“{kind}” is not a kind of name (known: {', '.join(NAME_KINDS)})")
        data = self.model_dump()
        data[kind] = [*data[kind], entry.model_dump()]
        return RedactNames.model_validate(data)

    def without(self, name: str) -> RedactNames:
        """These names without the entry that lists `name` (as a name or an alias)."""
        key = name_key(name)
        data: dict[str, Any] = {
            kind: [e.model_dump() for e in listed if all(name_key(s) != key for s in e.spellings())]
            for kind, listed in self.by_kind()
        }
        return RedactNames.model_validate(data)
