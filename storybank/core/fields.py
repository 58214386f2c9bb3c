"""One map between a story and its flat fields, used by the editor, the $EDITOR template, the
CLI's flags and the CSV columns, so a new story field is added here once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from storybank.core.vocab import SourceKind

if TYPE_CHECKING:
    from storybank.core.models import Story


class Shape(Enum):
    """How a flat field is written: one line, free text, a list of labels, or a choice."""

    LINE = "line"
    TEXT = "text"
    LABELS = "labels"
    CHOICE = "choice"


@dataclass(frozen=True)
class FlatField:
    """A story field as the front ends see it: a flat name, a label, a flag and a hint."""

    name: str  # "title", "source.organization": the model's field, dotted when nested
    label: str  # for people and for the template's headers
    short: str  # the CLI flag (without --) and the CSV column
    shape: Shape
    hint: str  # what to write there

    @property
    def key(self) -> str:
        """The field's own name inside its parent (`organization` for `source.organization`)."""
        return self.name.rpartition(".")[2]


FIELDS: tuple[FlatField, ...] = (
    FlatField("title", "Title", "title", Shape.LINE, "One line, up to 120 characters (required)."),
    FlatField("hook", "Hook", "hook", Shape.LINE, "A one-line summary to open with."),
    FlatField("situation", "Situation", "situation", Shape.TEXT, "the context, briefly"),
    FlatField("task", "Task", "task", Shape.TEXT, "what you had to do"),
    FlatField("action", "Action", "action", Shape.TEXT, "what you did: say “I”"),
    FlatField("result", "Result", "result", Shape.TEXT, "what came of it, ideally measured"),
    FlatField("reflection", "Reflection", "reflection", Shape.TEXT, "what you learned"),
    FlatField("source.kind", "Kind", "kind", Shape.CHOICE, "Where the story comes from."),
    FlatField("source.organization", "Organization", "org", Shape.LINE, "employer, school, club"),
    FlatField("source.role", "Role", "role", Shape.LINE, "Your role there."),
    FlatField("source.when", "When", "when", Shape.LINE, "A year, a month (2023-04) or a range."),
    FlatField("competencies", "Competencies", "competency", Shape.LABELS, "What it shows."),
    FlatField("tags", "Tags", "tag", Shape.LABELS, "Your own labels."),
    FlatField("cue_notes", "Cue notes", "cue", Shape.TEXT, "a hook and a line per part"),
)
BY_NAME = {field.name: field for field in FIELDS}
KINDS = tuple(kind.value for kind in SourceKind)


def split_labels(text: str) -> list[str]:
    """`a, b ,c` as ["a", "b", "c"] (empty items dropped): how a list of labels is typed."""
    return [item.strip() for item in text.split(",") if item.strip()]


def join_labels(labels: Iterable[str]) -> str:
    """A list of labels as it is typed: `a, b`."""
    return ", ".join(labels)


def flat_values(story: Story | None) -> dict[str, Any]:
    """Every flat field's value for `story` (a new story's defaults when None): strings, and
    lists of strings for labels."""
    if story is None:
        values: dict[str, Any] = {f.name: "" for f in FIELDS}
        values.update({"source.kind": SourceKind.WORK.value, "competencies": [], "tags": []})
        return values
    out: dict[str, Any] = {}
    for field in FIELDS:
        parent = story.source if field.name.startswith("source.") else story
        value = getattr(parent, field.key)
        out[field.name] = list(value) if field.shape is Shape.LABELS else str(value)
    return out


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Story data (for the model) from flat values: `source.x` fields go into `source`."""
    data: dict[str, Any] = {}
    source: dict[str, Any] = {}
    for name, value in flat.items():
        if name.startswith("source."):
            source[name.partition(".")[2]] = value
        else:
            data[name] = value
    if source:
        data["source"] = source
    return data
