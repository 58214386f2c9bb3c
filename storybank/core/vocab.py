"""The words of a story bank that need no validation library: parts, kinds, statuses, label keys.

Kept apart from the Pydantic models so quick paths (a CLI filter, the app's first screen) can
use them without paying for Pydantic's import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

SCHEMA_VERSION = 4
STAR_PARTS = ("situation", "task", "action", "result")
TEXT_PARTS = (*STAR_PARTS, "reflection")
# What `storybank export --format` writes.
EXPORT_FORMATS = ("json", "markdown", "csv")
# A stored story's fields in the order the model writes them (a test holds the model to it).
STORY_FIELDS = (
    "id", "title", "hook", *TEXT_PARTS, "source", "competencies", "tags", "created_at",
    "updated_at", "archived", "silenced", "cue_notes",
)  # fmt: skip
SOURCE_FIELDS = ("kind", "organization", "role", "when")

_SPACE_RE = re.compile(r"\s+")
# A word: letters and digits of any script, with an apostrophe inside it kept ("don't").
_LETTER = r"[^\W_]"
_WORD_RE = re.compile(f"{_LETTER}+(?:'{_LETTER}+)*")
_KEY_DROP_RE = re.compile(r"[\s\-_/&.]+")


def folded(text: str) -> str:
    """`text` case-folded, with the typographic apostrophe made plain (as `words` reads it)."""
    return text.casefold().replace("’", "'")


def words(text: str) -> list[str]:
    """The words of `text`, case-folded: the one rule search and matching split text by."""
    return _WORD_RE.findall(folded(text))


def word_start(prefix: str) -> re.Pattern[str]:
    """A pattern that finds `prefix` (one of `words`) at the start of a word of a folded text.

    The same test as "some word of `words(text)` starts with `prefix`", run in C over the
    text: a word starts where no letter or digit comes before, nor one and an apostrophe
    ("don't" holds one word). The look-behinds follow the literal so the literal is what the
    engine searches for.
    """
    literal = re.escape(prefix)
    return re.compile(f"{literal}(?<!{_LETTER}{literal})(?<!{_LETTER}'{literal})")


def counted(count: int, one: str, many: str) -> str:
    """`1 story`, `2 stories`: a count with its noun."""
    return f"{count} {one if count == 1 else many}"


def label_key(name: str) -> str:
    """The matching key of a competency or tag: case-, space- and hyphen-insensitive."""
    return _KEY_DROP_RE.sub("", name.casefold())


def tidy_label(name: str) -> str:
    """A label as displayed: trimmed, with inner runs of white space made one space."""
    return _SPACE_RE.sub(" ", name).strip()


def source_label(kind: str, organization: str) -> str:
    """`work · Acme` style, for lists."""
    return " · ".join(p for p in (kind, organization) if p)


class SourceKind(StrEnum):
    """Where a story comes from."""

    WORK = "work"
    EDUCATION = "education"
    VOLUNTEER = "volunteer"
    PERSONAL = "personal"


class Status(StrEnum):
    """Whether a story has all four STAR parts."""

    DRAFT = "draft"
    READY = "ready"

    @classmethod
    def of(cls, star_parts: Iterable[str]) -> Status:
        """Ready once all four STAR parts are written; a draft until then."""
        return cls.READY if all(star_parts) else cls.DRAFT
