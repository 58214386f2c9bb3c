"""The plain-text STAR template that `add` and `edit` open in $EDITOR, and its parser."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from storybank.core.vocab import SourceKind

if TYPE_CHECKING:
    from storybank.core.models import Story

_HEADER_FIELDS = {
    "title": "title",
    "hook": "hook",
    "kind": "source.kind",
    "organization": "source.organization",
    "org": "source.organization",
    "role": "source.role",
    "when": "source.when",
    "competencies": "competencies",
    "tags": "tags",
}
_SECTIONS = ("situation", "task", "action", "result", "reflection")
_SECTION_RE = re.compile(r"^##\s*(situation|task|action|result|reflection)\b.*$", re.IGNORECASE)
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
    src = story.source if story else None
    lines += [
        f"Title: {story.title if story else ''}",
        f"Hook: {story.hook if story else ''}",
        f"Kind: {src.kind.value if src else SourceKind.WORK.value}",
        f"Organization: {src.organization if src else ''}",
        f"Role: {src.role if src else ''}",
        f"When: {src.when if src else ''}",
        f"Competencies: {', '.join(story.competencies) if story else ''}",
        f"Tags: {', '.join(story.tags) if story else ''}",
        "",
    ]
    for part in _SECTIONS:
        heading = part.capitalize() + (
            " (what you learned; optional)" if part == "reflection" else ""
        )
        lines += [f"## {heading}", getattr(story, part) if story else "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_template(text: str) -> dict[str, Any]:
    """Turn edited template text back into story data (validated later by the model)."""
    data: dict[str, Any] = {}
    source: dict[str, Any] = {}
    section: str | None = None
    bodies: dict[str, list[str]] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _SECTION_RE.match(line)
        if match:
            section = match.group(1).lower()
            bodies[section] = []
            continue
        if section is not None:
            bodies[section].append(line)
            continue
        if line.startswith("#") or not line.strip():
            continue
        name, sep, value = line.partition(":")
        target = _HEADER_FIELDS.get(name.strip().lower())
        if not sep or target is None:
            continue
        value = value.strip()
        if target.startswith("source."):
            key = target.split(".", 1)[1]
            source[key] = value.lower() if key == "kind" else value
        elif target in ("competencies", "tags"):
            data[target] = _split_list(value)
        else:
            data[target] = value
    if source:
        data["source"] = source
    for part, body in bodies.items():
        data[part] = "\n".join(body).strip()
    return data
