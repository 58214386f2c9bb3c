"""The story list: renders only the visible rows, so 10,000 stories scroll and filter instantly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message

from storybank.core.textsafe import one_line
from storybank.core.vocab import Status
from storybank.quality.score import READY_SCORE
from storybank.tui.widgets.line_list import LineList, cursor_bindings, fit

if TYPE_CHECKING:
    from storybank.core.models import Story


def story_score(story: Story) -> int | None:
    """The story's quality score, or None for a row read from the quick index (its text is not
    loaded yet; the score shows once the bank is)."""
    if not hasattr(story, "action"):
        return None
    from storybank.quality.check import report_for  # with the bank's stories, not at startup

    return report_for(story).score


def story_date(story: Story) -> str:
    """The story's last change as YYYY-MM-DD (never relative, so screens stay stable)."""
    try:
        return story.updated_at.astimezone().date().isoformat()
    except OverflowError:  # 9999-12-31 ahead of UTC (or year 1 behind) has no local date
        return story.updated_at.astimezone(UTC).date().isoformat()


@dataclass(frozen=True)
class Columns:
    """Column widths for one list width; zero hides a column."""

    title: int
    competencies: int
    source: int
    status: int
    score: int
    date: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        """Give the title most of the room, then drop columns as the list narrows."""
        date = 10 if width >= 60 else 0
        status = 5 if width >= 44 else 0
        score = 5 if width >= 48 else 0
        source = min(24, max(12, width // 6)) if width >= 72 else 0
        competencies = min(34, max(14, width // 4)) if width >= 52 else 0
        gaps = sum(1 for w in (competencies, source, status, score, date) if w)
        title = max(8, width - 2 - competencies - source - status - score - date - gaps)
        return cls(title, competencies, source, status, score, date)


class StoryList(LineList["Story"]):
    """A keyboard-driven list of stories drawn with the line API."""

    COMPONENT_PREFIX = "story-list"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-list--header",
        "story-list--cursor",
        "story-list--draft",
        "story-list--archived",
        "story-list--dim",
    }
    BINDINGS: ClassVar[list[BindingType]] = cursor_bindings("end,G")
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
        self.empty_message = "No stories match."

    @property
    def stories(self) -> Sequence[Story]:
        """The stories shown, in order."""
        return self.items

    @property
    def current(self) -> Story | None:
        """The highlighted story."""
        return self.current_item

    def show(self, stories: Sequence[Story], keep: str | None = None) -> None:
        """Show `stories`, keeping the cursor on the story with id `keep` when it is there."""
        index = 0
        if keep is not None:
            index = next((n for n, story in enumerate(stories) if story.id == keep), 0)
        self.show_items(stories, index)

    def highlighted(self, item: Story | None) -> None:
        self.post_message(self.Highlighted(item))

    def chosen(self, item: Story) -> None:
        self.post_message(self.Chosen(item))

    def render_header(self, width: int) -> Text:
        return self._header(Columns.for_width(width))

    def item_style(self, item: Story) -> Style:
        return self.component_style("archived") if item.archived else Style()

    def render_item(self, item: Story, index: int, width: int, style: Style) -> Text:
        return self._row(item, Columns.for_width(width), style)

    def _header(self, columns: Columns) -> Text:
        cells = [" " + fit("Title", columns.title)]
        for name, size in (
            ("Competencies", columns.competencies),
            ("Source", columns.source),
            ("State", columns.status),
            ("Score", columns.score),
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
        if columns.score:
            text.append(" ")
            score = story_score(story)
            if score is None:
                text.append(" " * columns.score)
            else:
                weak = score < READY_SCORE
                draft = self.get_component_rich_style("story-list--draft")
                style = draft if weak else Style()
                text.append(fit(f"{score:>3}{'!' if weak else ' '}", columns.score), style=style)
        if columns.date:
            text.append(" " + fit(story_date(story), columns.date))
        return text
