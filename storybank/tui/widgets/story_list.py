"""The story list: renders only the visible rows, so 10,000 stories scroll and filter instantly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storybank.models import Status, Story
from storybank.textsafe import one_line


def story_date(story: Story) -> str:
    """The story's last change as YYYY-MM-DD (never relative, so screens stay stable)."""
    return story.updated_at.astimezone().date().isoformat()


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, padded to exactly `width`."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    out += "…"
    return out + " " * (width - cell_len(out))


@dataclass(frozen=True)
class Columns:
    """Column widths for one list width; zero hides a column."""

    title: int
    competencies: int
    source: int
    status: int
    date: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        """Give the title most of the room, then drop columns as the list narrows."""
        date = 10 if width >= 60 else 0
        status = 5 if width >= 44 else 0
        source = min(24, max(12, width // 6)) if width >= 72 else 0
        competencies = min(34, max(14, width // 4)) if width >= 52 else 0
        gaps = sum(1 for w in (competencies, source, status, date) if w)
        title = max(8, width - 2 - competencies - source - status - date - gaps)
        return cls(title, competencies, source, status, date)


class StoryList(ScrollView, can_focus=True):
    """A keyboard-driven list of stories drawn with the line API."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-list--header",
        "story-list--cursor",
        "story-list--draft",
        "story-list--archived",
        "story-list--dim",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]
    DEFAULT_CSS = """
    StoryList { overflow-x: hidden; }
    StoryList > .story-list--header { text-style: bold; color: $text-muted; }
    StoryList > .story-list--cursor { background: $block-cursor-blurred-background; }
    StoryList:focus > .story-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    StoryList > .story-list--draft { color: $warning; }
    StoryList > .story-list--archived { color: $text-disabled; }
    StoryList > .story-list--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The highlighted story changed (None when the list is empty)."""

        def __init__(self, story: Story | None) -> None:
            super().__init__()
            self.story = story

    class Chosen(Message):
        """A story was chosen with Enter or a double click."""

        def __init__(self, story: Story) -> None:
            super().__init__()
            self.story = story

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stories: Sequence[Story] = ()
        self.empty_message = "No stories match."

    # Data --------------------------------------------------------------------------------

    def show(self, stories: Sequence[Story], keep: str | None = None) -> None:
        """Show `stories`, keeping the cursor on the story with id `keep` when it is there."""
        self.stories = stories
        self.virtual_size = Size(self.scrollable_content_region.width, len(stories) + 1)
        index = 0
        if keep is not None:
            for number, story in enumerate(stories):
                if story.id == keep:
                    index = number
                    break
        self.cursor = index
        self.refresh()

    @property
    def current(self) -> Story | None:
        """The highlighted story."""
        if 0 <= self.cursor < len(self.stories):
            return self.stories[self.cursor]
        return None

    def watch_cursor(self, cursor: int) -> None:
        clamped = max(0, min(cursor, len(self.stories) - 1))
        if clamped != cursor:
            self.cursor = clamped
            return
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)  # the header row stays on top
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.stories) + 1)
        self._scroll_to_cursor()

    # Actions -----------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """Move up one story."""
        self.cursor = max(0, self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Move down one story."""
        self.cursor = min(len(self.stories) - 1, self.cursor + 1)

    def action_page_up(self) -> None:
        """Move up one page."""
        self.cursor = max(0, self.cursor - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        """Move down one page."""
        self.cursor = min(len(self.stories) - 1, self.cursor + max(1, self.size.height - 2))

    def action_first(self) -> None:
        """Go to the first story."""
        self.cursor = 0

    def action_last(self) -> None:
        """Go to the last story."""
        self.cursor = len(self.stories) - 1

    def key_enter(self) -> None:
        """Enter chooses the highlighted story."""
        if (story := self.current) is not None:
            self.post_message(self.Chosen(story))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border; None on the border itself
        if offset is None:
            return
        row = offset.y - 1 + round(self.scroll_y)
        if offset.y >= 1 and 0 <= row < len(self.stories):
            self.cursor = row
            if event.chain >= 2:
                self.post_message(self.Chosen(self.stories[row]))

    # Rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # without the scrollbar
        base = self.rich_style
        columns = Columns.for_width(width)
        if y == 0:
            style = base + self.get_component_rich_style("story-list--header")
            return self._strip(self._header(columns), width, style)
        row = y - 1 + round(self.scroll_y)
        if not self.stories:
            if y == 1:
                dim = base + self.get_component_rich_style("story-list--dim")
                return self._strip(Text(" " + self.empty_message, style=dim), width, base)
            return Strip.blank(width, base)
        if row >= len(self.stories):
            return Strip.blank(width, base)
        story = self.stories[row]
        style = base
        if story.archived:
            style += self.get_component_rich_style("story-list--archived")
        if row == self.cursor:
            style += self.get_component_rich_style("story-list--cursor")
        return self._strip(self._row(story, columns, style), width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).simplify()

    def _header(self, columns: Columns) -> Text:
        cells = [" " + fit("Title", columns.title)]
        for name, size in (
            ("Competencies", columns.competencies),
            ("Source", columns.source),
            ("State", columns.status),
            ("Changed", columns.date),
        ):
            if size:
                cells.append(fit(name, size))
        return Text(" ".join(cells), no_wrap=True)

    def _row(self, story: Story, columns: Columns, style: Style) -> Text:
        text = Text(no_wrap=True, style=style)
        text.append(" " + fit(one_line(story.title), columns.title))
        if columns.competencies:
            text.append(" " + fit(one_line(", ".join(story.competencies)), columns.competencies))
        if columns.source:
            text.append(" " + fit(one_line(story.source.label()), columns.source))
        if columns.status:
            status = "arch." if story.archived else story.status.value
            cell = fit(status, columns.status)
            if story.status is Status.DRAFT and not story.archived:
                draft = self.get_component_rich_style("story-list--draft")
                text.append(" ")
                text.append(cell, style=draft)
            else:
                text.append(" " + cell)
        if columns.date:
            text.append(" " + fit(story_date(story), columns.date))
        return text
