"""Export stories as JSON (our own format, re-importable), Markdown or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
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


def to_json(
    stories: Iterable[Story], loop: Mapping[str, list[dict[str, Any]]] | None = None
) -> bytes:
    """Our JSON export: every field, re-importable with `storybank import`; with `loop`, the
    interview loop's records too (in their stored form, one list per table)."""
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "stories": [story_record(s) for s in stories],
    }
    doc.update(loop or {})
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def loop_export(bank: Bank) -> dict[str, list[dict[str, Any]]]:
    """The bank's applications, interviews, follow-ups and own questions to ask, stored form."""
    return {
        "applications": [a.to_json_dict() for a in bank.applications()],
        "interviews": [i.to_json_dict() for i in bank.interviews()],
        "followups": [f.to_json_dict() for f in bank.followups()],
        "asks": [a.to_json_dict() for a in bank.own_asks()],
    }


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


def render(
    stories: list[Story], fmt: str, loop: Mapping[str, list[dict[str, Any]]] | None = None
) -> bytes:
    """The export of `stories` in `fmt` (one of EXPORT_FORMATS) as bytes; JSON carries the
    loop's records `loop` too."""
    if fmt == "json":
        return to_json(stories, loop)
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
    loop = loop_export(bank) if fmt == "json" else None
    write_output(target, render(stories, fmt, loop), bank=bank.path)
    return len(stories)
