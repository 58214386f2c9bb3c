"""The detail pane: one story's STAR parts, reflection, source and tags, as plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration, time_story
from storybank.store.index.quickindex import StorySummary
from storybank.tui.widgets.story_list import story_date

if TYPE_CHECKING:
    from storybank.core.models import Story

PART_TITLES = (
    ("situation", "Situation"),
    ("task", "Task"),
    ("action", "Action"),
    ("result", "Result"),
    ("reflection", "Reflection"),
)


def detail_text(story: Story) -> Text:
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


def summary_text(story: StorySummary) -> Text:
    """What is known of a story before the bank has finished loading: its labels."""
    text = Text()
    text.append(one_line(story.title), style="bold")
    text.append("\n")
    if story.hook:
        text.append(one_line(story.hook) + "\n", style="italic")
    text.append(one_line(story.source.label()) + "\n", style="dim")
    if story.competencies:
        text.append("Competencies: ", style="bold")
        text.append(one_line(", ".join(story.competencies)) + "\n")
    text.append("\nLoading the story…\n", style="dim italic")
    return text


class StoryDetail(ScrollView, can_focus=True):
    """A scrollable, read-only view of the highlighted story, wrapped to the pane's width."""

    DEFAULT_CSS = """
    StoryDetail { scrollbar-gutter: stable; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._story: Story | StorySummary | None = None
        self._shown_once = False
        self.text = Text("")
        self._lines: list[Strip] = []

    def show(self, story: Story | StorySummary | None) -> None:
        """Show `story`, or a hint when nothing is highlighted (or its text is still loading)."""
        if self._shown_once and story is self._story:
            return  # the same (immutable) story: nothing to redo
        self._story, self._shown_once = story, True
        if isinstance(story, StorySummary):
            self.text = summary_text(story)
        else:
            self.text = detail_text(story) if story else Text("No story selected.", style="dim")
        self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        """Wrap the text to the width now, so line count and scrollbar are known at once."""
        width = self.scrollable_content_region.width
        if width <= 0:
            self._lines = []
            return
        console = self.app.console
        lines = console.render_lines(self.text, console.options.update_width(width), pad=False)
        self._lines = [Strip(line) for line in lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, _event: events.Resize) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        index = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(0, width, style).apply_style(style)
