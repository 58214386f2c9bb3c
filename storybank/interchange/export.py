"""Export stories as JSON (our own format, re-importable), Markdown or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from storybank.core.fields import FIELDS, Shape, flat_values
from storybank.core.timing import format_duration, time_story
from storybank.core.vocab import SCHEMA_VERSION, Status

if TYPE_CHECKING:
    from pathlib import Path

    from storybank.core.models import Story
    from storybank.interchange.redact import Redactor
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


def to_json(
    stories: Iterable[Story],
    loop: Mapping[str, list[dict[str, Any]]] | None = None,
    *,
    redacted: bool = False,
) -> bytes:
    """Our JSON export: every field, re-importable with `storybank import`; with `loop`, the
    interview loop's records too (in their stored form, one list per table)."""
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
    }
    if redacted:
        doc["redacted"] = True  # so nobody mistakes it for a backup of the bank
    doc["stories"] = [story_record(s) for s in stories]
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
    stories: list[Story],
    fmt: str,
    loop: Mapping[str, list[dict[str, Any]]] | None = None,
    *,
    redacted: bool = False,
) -> bytes:
    """The export of `stories` in `fmt` (one of EXPORT_FORMATS) as bytes; JSON carries the
    loop's records `loop` too."""
    if fmt == "json":
        return to_json(stories, loop, redacted=redacted)
    if fmt == "markdown":
        title = "Interview stories (redacted)" if redacted else "Interview stories"
        return to_markdown(stories, title).encode()
    if fmt == "csv":
        return to_csv(stories).encode()
    raise ValueError(f"unknown export format {fmt!r}")


@dataclass(frozen=True)
class Redaction:
    """Asks an export to redact (see storybank.interchange.redact); figures too if asked."""

    figures: bool = False


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the stories, and the placeholders used if it was redacted."""

    stories: list[Story]
    data: bytes
    placeholders: list[tuple[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many stories were exported."""
        return len(self.stories)


def redactor_for_bank(bank: Bank, stories: list[Story], redaction: Redaction) -> Redactor:
    """A redactor with the bank's listed names and every organization of `stories`."""
    from storybank.interchange.redact import redactor_for
    from storybank.store.settings import load_settings

    names = load_settings(bank).redact_names
    return redactor_for(names, stories, figures=redaction.figures)


def build_export(
    bank: Bank, fmt: str, *, active_only: bool = False, redaction: Redaction | None = None
) -> Exported:
    """The bank's stories (oldest first, as a journal reads) in `fmt`, redacted if asked."""
    stories = bank.all(include_archived=not active_only)
    stories.reverse()
    if redaction is None:
        loop = loop_export(bank) if fmt == "json" else None
        return Exported(stories, render(stories, fmt, loop))
    # A redacted export leaves the loop's records out: they name companies and interviewers.
    redactor = redactor_for_bank(bank, stories, redaction)
    redacted = redactor.stories(stories)
    return Exported(redacted, render(redacted, fmt, redacted=True), redactor.mapping())


def export_file(
    bank: Bank,
    fmt: str,
    target: Path,
    *,
    active_only: bool = False,
    redaction: Redaction | None = None,
) -> Exported:
    """Write the bank's stories in `fmt` to `target` (owner-only), never over the bank or its
    companions; returns what was written."""
    from storybank.store.outputs import write_output

    done = build_export(bank, fmt, active_only=active_only, redaction=redaction)
    write_output(target, done.data, bank=bank.path)
    return done
