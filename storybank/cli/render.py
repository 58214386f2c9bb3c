"""Plain-text views of stories for the CLI: safe for terminals, no markup of any kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration, local_minute, time_story
from storybank.search.engine import Hit, S

if TYPE_CHECKING:
    from storybank.core.models import Story


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    flex: int,
    caps: dict[int, int] | None = None,
) -> str:
    """Columns padded to fit; column `flex` takes what space is left and is clipped.

    `caps` limits other columns (by index) so one long cell cannot starve the flexible one.
    """
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    for column, cap in (caps or {}).items():
        widths[column] = min(widths[column], max(cap, len(headers[column])))
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(min(widths[flex], width - fixed), 10)
    out = []
    for row in [list(headers), *rows]:
        cells = [clip(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def list_rows(stories: Sequence[Story]) -> list[list[str]]:
    """Rows of the story list: id, status, title, competencies, source, last change."""
    return [
        [
            s.id,
            s.status.value + (" (archived)" if s.archived else ""),
            s.title,
            ", ".join(s.competencies),
            s.source.label(),
            local_minute(s.updated_at),
        ]
        for s in stories
    ]


LIST_HEADERS = ("ID", "STATUS", "TITLE", "COMPETENCIES", "SOURCE", "UPDATED")


def list_caps(width: int) -> dict[int, int]:
    """Caps for the competencies and source columns, so the title keeps most of the room."""
    # The UPDATED column holds the time of day too: the competencies give up a little room.
    return {3: max(12, width // 6), 4: max(12, width // 6)}


def hit_lines(hits: Sequence[Hit[S]], width: int) -> str:
    """Ranked search results: id, title, and the reasons each matched."""
    lines = []
    for rank, hit in enumerate(hits, 1):
        s = hit.story
        lines.append(clip(f"{rank:>3}. {s.id}  {one_line(s.title)}  [{s.status.value}]", width))
        if hit.reasons:
            lines.append(clip("     " + one_line("; ".join(hit.reasons)), width))
    return "\n".join(lines)


def story_page(story: Story, practice: str = "") -> str:
    """A whole story, readable in a terminal (with its practice history when given)."""
    timing = time_story(story)
    src = story.source
    source = " · ".join(p for p in (src.kind.value, src.organization, src.role, src.when) if p)
    lines = [one_line(story.title)]
    if story.hook:
        lines.append(one_line(story.hook))
    lines.append("")
    lines.append(f"Id:           {story.id}")
    status = story.status.value
    if story.missing_parts:
        status += f" (missing: {', '.join(story.missing_parts)})"
    if story.archived:
        status += ", archived"
    lines.append(f"Status:       {status}")
    lines.append(f"Source:       {one_line(source)}")
    lines.append(f"Competencies: {one_line(', '.join(story.competencies)) or '—'}")
    lines.append(f"Tags:         {one_line(' '.join('#' + t for t in story.tags)) or '—'}")
    lines.append(
        f"Length:       {timing.total_words} words, about "
        f"{format_duration(timing.total_seconds)} to tell"
        + (f" — {timing.hint}" if timing.hint else "")
    )
    lines.append(f"Updated:      {story.updated_at.strftime('%Y-%m-%d %H:%M')} UTC")
    if practice:
        lines.append(f"Practice:     {one_line(practice)}")
    if story.silenced:
        lines.append(f"Silenced:     {one_line(', '.join(story.silenced))}")
    for part in ("situation", "task", "action", "result", "reflection"):
        text = getattr(story, part)
        lines += ["", f"{part.upper()}", for_terminal(text) if text else "—"]
    if story.cue_notes:
        lines += ["", "CUE NOTES", for_terminal(story.cue_notes)]
    return "\n".join(lines)
