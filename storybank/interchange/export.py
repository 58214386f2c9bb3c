"""Export stories as JSON (our own format, re-importable), Markdown or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from storybank.core.fields import FIELDS, Shape, flat_values
from storybank.core.timing import format_duration, time_story
from storybank.core.vocab import SCHEMA_VERSION, Status

if TYPE_CHECKING:
    from pathlib import Path

    from storybank.core.models import Story
    from storybank.store.bank import Bank

EXPORT_FORMAT = "storybank"
CSV_COLUMNS = (
    "id",
    "title",
    "hook",
    "status",
    "kind",
    "organization",
    "role",
    "when",
    "competencies",
    "tags",
    "situation",
    "task",
    "action",
    "result",
    "reflection",
    "cue_notes",
    "archived",
    "created_at",
    "updated_at",
)


def story_record(story: Story) -> dict[str, Any]:
    """A story as plain JSON data, with its derived status, for exports and `--format json`."""
    return stored_record(story.to_json_dict(), story.status)


def stored_record(stored: dict[str, Any], status: Status) -> dict[str, Any]:
    """A story's stored form as `story_record` gives it (for a caller that has only that)."""
    return {**stored, "status": status.value}


def to_json(stories: Iterable[Story]) -> bytes:
    """Our JSON export: every field, re-importable with `storybank import`."""
    doc = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "stories": [story_record(s) for s in stories],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def story_markdown(story: Story) -> str:
    """One story as a Markdown section that prints well."""
    lines = [f"## {story.title}", ""]
    if story.hook:
        lines += [f"*{story.hook}*", ""]
    meta = [story.source.kind.value]
    meta += [p for p in (story.source.organization, story.source.role, story.source.when) if p]
    lines.append(f"- **Source:** {' · '.join(meta)}")
    if story.competencies:
        lines.append(f"- **Competencies:** {', '.join(story.competencies)}")
    if story.tags:
        lines.append(f"- **Tags:** {' '.join('#' + t for t in story.tags)}")
    timing = time_story(story)
    lines.append(
        f"- **Status:** {story.status.value} · {timing.total_words} words · "
        f"about {format_duration(timing.total_seconds)} to tell"
    )
    lines.append(f"- **Id:** `{story.id}`")
    lines.append("")
    for part in ("situation", "task", "action", "result", "reflection"):
        text = getattr(story, part)
        if text:
            lines += [f"### {part.capitalize()}", "", text, ""]
    return "\n".join(lines)


def to_markdown(stories: Iterable[Story], title: str = "Interview stories") -> str:
    """A Markdown document of all stories."""
    parts = [f"# {title}", ""]
    parts += [story_markdown(s) for s in stories]
    return "\n".join(parts).rstrip() + "\n"


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets: quote it as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(stories: Iterable[Story]) -> str:
    """One row per story; lists joined with `; `."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in stories:
        flat = flat_values(s)
        cells = {
            field.key: "; ".join(flat[field.name])
            if field.shape is Shape.LABELS
            else flat[field.name]
            for field in FIELDS
        }
        cells |= {
            "id": s.id,
            "status": s.status.value,
            "archived": "yes" if s.archived else "no",
            "created_at": s.created_at.isoformat(),
            "updated_at": s.updated_at.isoformat(),
        }
        row = [cells[column] for column in CSV_COLUMNS]
        writer.writerow([_csv_safe(v) for v in row])
    return out.getvalue()


def render(stories: list[Story], fmt: str) -> bytes:
    """The export of `stories` in `fmt` (one of EXPORT_FORMATS) as bytes."""
    if fmt == "json":
        return to_json(stories)
    if fmt == "markdown":
        return to_markdown(stories).encode()
    if fmt == "csv":
        return to_csv(stories).encode()
    raise ValueError(f"unknown export format {fmt!r}")


def export_file(bank: Bank, fmt: str, target: Path, *, active_only: bool = False) -> int:
    """Write the bank's stories (oldest first, as a journal reads) in `fmt` to `target`, never
    over the bank or its companions; returns how many were written."""
    from storybank.store.outputs import write_output

    stories = bank.all(include_archived=not active_only)
    stories.reverse()
    write_output(target, render(stories, fmt), bank=bank.path)
    return len(stories)
