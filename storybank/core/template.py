"""The plain-text STAR template that `add` and `edit` open in $EDITOR, and its parser."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from storybank.core.fields import FIELDS, Shape, flat_values, join_labels, nest, split_labels
from storybank.core.vocab import SourceKind

if TYPE_CHECKING:
    from storybank.core.models import Story

_HEADERS = {
    name: field
    for field in FIELDS
    if field.shape is not Shape.TEXT
    for name in (field.label.lower(), field.short)
}
_SECTIONS = tuple(field.name for field in FIELDS if field.shape is Shape.TEXT)
# A section is headed by its label ("Cue notes") or its field name ("cue_notes").
_SECTION_NAMES = {
    name: field.name
    for field in FIELDS
    if field.shape is Shape.TEXT
    for name in (field.name, field.label.lower())
}
_SECTION_RE = re.compile(
    rf"^##\s*({'|'.join(re.escape(n) for n in _SECTION_NAMES)})\b.*$", re.IGNORECASE
)
_HEADINGS = {
    "reflection": "Reflection (what you learned; optional)",
    "cue_notes": "Cue notes (a hook and a line per part, to practise from; optional)",
}
_HELP = """\
# Write your story below, then save and close the editor.
# Lines starting with '#' up here are ignored. Leave the title empty to cancel.
# Kind is one of: {kinds}. When is a year, a month (2023-04) or a range (2021-2023).
# Competencies and tags are comma-separated. A story missing STAR parts is saved as a draft.
"""


def render_template(story: Story | None = None, problems: list[str] | None = None) -> str:
    """The text to edit: header fields, then one `## Part` section per STAR part."""
    lines: list[str] = []
    for problem in problems or []:
        lines.append(f"# PLEASE FIX: {problem}")
    lines.append(_HELP.format(kinds=", ".join(k.value for k in SourceKind)).rstrip("\n"))
    values = flat_values(story)
    for field in FIELDS:
        if field.shape is not Shape.TEXT:
            value = values[field.name]
            lines.append(
                f"{field.label}: {join_labels(value) if field.shape is Shape.LABELS else value}"
            )
    lines.append("")
    for part in _SECTIONS:
        heading = _HEADINGS.get(part, part.capitalize())
        lines += [f"## {heading}", values[part], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def parse_template(text: str) -> dict[str, Any]:
    """Turn edited template text back into story data (validated later by the model)."""
    flat: dict[str, Any] = {}
    section: str | None = None
    bodies: dict[str, list[str]] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _SECTION_RE.match(line)
        if match:
            section = _SECTION_NAMES[match.group(1).lower()]
            bodies[section] = []
            continue
        if section is not None:
            bodies[section].append(line)
            continue
        if line.startswith("#") or not line.strip():
            continue
        name, sep, value = line.partition(":")
        field = _HEADERS.get(name.strip().lower())
        if not sep or field is None:
            continue
        value = value.strip()
        if field.shape is Shape.LABELS:
            flat[field.name] = split_labels(value)
        else:
            flat[field.name] = value.lower() if field.shape is Shape.CHOICE else value
    for part, body in bodies.items():
        flat[part] = "\n".join(body).strip()
    return nest(flat)
