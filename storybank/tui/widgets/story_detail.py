"""The detail pane: one story's STAR parts, reflection, source and tags, as plain text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from storybank.models import Story
from storybank.textsafe import for_terminal, one_line
from storybank.timing import format_duration, time_story
from storybank.tui.widgets.story_list import story_date

PART_TITLES = (
    ("situation", "Situation"),
    ("task", "Task"),
    ("action", "Action"),
    ("result", "Result"),
    ("reflection", "Reflection"),
)


def story_text(story: Story) -> Text:
    """The whole story as a Rich Text (user text is never read as markup)."""
    text = Text()
    text.append(one_line(story.title), style="bold")
    if story.archived:
        text.append("  (archived)", style="dim")
    text.append("\n")
    if story.hook:
        text.append(one_line(story.hook) + "\n", style="italic")
    source = story.source
    where = " · ".join(
        one_line(p) for p in (source.kind.value, source.organization, source.role, source.when) if p
    )
    timing = time_story(story)
    status = story.status.value
    if story.missing_parts:
        status += " (missing " + ", ".join(story.missing_parts) + ")"
    text.append(f"{where}\n", style="dim")
    text.append(
        f"{status} · {timing.total_words} words · ≈{format_duration(timing.total_seconds)} "
        f"spoken · changed {story_date(story)} · {story.id}\n",
        style="dim",
    )
    if story.competencies:
        text.append("Competencies: ", style="bold")
        text.append(one_line(", ".join(story.competencies)) + "\n")
    if story.tags:
        text.append("Tags: ", style="bold")
        text.append(one_line(" ".join("#" + t for t in story.tags)) + "\n")
    for field, title in PART_TITLES:
        value: str = getattr(story, field)
        if not value and field == "reflection":
            continue
        text.append(f"\n{title}\n", style="bold underline")
        if value:
            text.append(for_terminal(value) + "\n")
        else:
            text.append("(not written yet)\n", style="dim italic")
    return text


class StoryDetail(VerticalScroll):
    """A scrollable, read-only view of the highlighted story."""

    DEFAULT_CSS = """
    StoryDetail > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static(Text(""), id="detail-text")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, story: Story | None) -> None:
        """Show `story`, or a hint when nothing is highlighted."""
        body = self._body
        if story is None:
            body.update(Text("No story selected.", style="dim"))
        else:
            body.update(story_text(story))
        self.scroll_home(animate=False)
