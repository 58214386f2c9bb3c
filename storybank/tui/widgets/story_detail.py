"""The detail pane: one story's STAR parts, reflection, source and tags, as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration, time_story
from storybank.core.vocab import label_key
from storybank.store.index.quickindex import StorySummary
from storybank.tui.widgets.story_list import story_date

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from storybank.core.models import Story
    from storybank.core.resolver import CompetencyResolver
    from storybank.readiness.toldto import Telling
    from storybank.search.engine import SearchQuery

MATCH_STYLE = "reverse"


@dataclass(frozen=True)
class Marks:
    """What a search matched, to highlight in the story: the start of words, and labels."""

    words: tuple[str, ...] = ()
    competency_keys: frozenset[str] = frozenset()
    tag_keys: frozenset[str] = frozenset()
    key: Callable[[str], str] = label_key  # a competency's key (the bank's resolver's)

    def pattern(self) -> re.Pattern[str] | None:
        """A pattern for the searched words, each at the start of a word as search matches it
        (a word without letters or digits, such as `%`, anywhere)."""
        if not self.words:
            return None
        parts = [
            rf"(?<!\w){re.escape(w)}\w*" if re.search(r"\w", w) else re.escape(w)
            for w in sorted(self.words, key=len, reverse=True)
        ]
        return re.compile("|".join(parts), re.IGNORECASE)


NO_MARKS = Marks()


def search_marks(query: SearchQuery, resolver: CompetencyResolver) -> Marks:
    """What to highlight for `query`: its free words, and the competencies and tags it
    filters by (competencies matched as the search matches them, through `resolver`)."""
    return Marks(
        words=tuple(w.casefold() for w in query.words),
        competency_keys=frozenset(resolver.key(c) for c in query.competencies),
        tag_keys=frozenset(label_key(t.lstrip("#")) for t in query.tags),
        key=resolver.key,
    )


PART_TITLES = (
    ("situation", "Situation"),
    ("task", "Task"),
    ("action", "Action"),
    ("result", "Result"),
    ("reflection", "Reflection"),
)


def _labels(
    text: Text, shown: list[str], marked: list[bool], sep: str, pattern: re.Pattern[str] | None
) -> None:
    """Append `shown` labels: a marked one (a filter matched it) whole in the match style,
    else with the searched words in it highlighted."""
    for i, (name, on) in enumerate(zip(shown, marked, strict=True)):
        if i:
            text.append(sep)
        text.append_text(Text(name, style=MATCH_STYLE) if on else _marked(name, pattern))
    text.append("\n")


def _marked(value: str, pattern: re.Pattern[str] | None, style: str = "") -> Text:
    """`value` (already made safe) with the searched words highlighted."""
    part = Text(value, style=style)
    if pattern is not None:
        part.highlight_regex(pattern, MATCH_STYLE)
    return part


def detail_text(
    story: Story, marks: Marks = NO_MARKS, practice: str = "", told: Sequence[Telling] = ()
) -> Text:
    """The whole story as a Rich Text (user text is never read as markup), with what a search
    matched highlighted, where it was told, and its practice history when it was practised."""
    pattern = marks.pattern()
    text = Text()
    text.append_text(_marked(one_line(story.title), pattern, "bold"))
    if story.archived:
        text.append("  (archived)", style="dim")
    text.append("\n")
    if story.hook:
        text.append_text(_marked(one_line(story.hook) + "\n", pattern, "italic"))
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
        names = story.competencies
        on = [marks.key(c) in marks.competency_keys for c in names]
        _labels(text, [one_line(c) for c in names], on, ", ", pattern)
    if story.tags:
        text.append("Tags: ", style="bold")
        on = [label_key(t) in marks.tag_keys for t in story.tags]
        _labels(text, [one_line("#" + t) for t in story.tags], on, " ", pattern)
    if told:
        # Near the top, where it is seen without scrolling: the repeat to avoid.
        from storybank.tui.widgets.loop_detail import told_text

        text.append_text(told_text(told, story.title))
    if practice:
        text.append("Practice: ", style="bold")
        text.append(one_line(practice) + "\n")
    for field, title in PART_TITLES:
        value: str = getattr(story, field)
        if not value and field == "reflection":
            continue
        text.append(f"\n{title}\n", style="bold underline")
        if value:
            text.append_text(_marked(for_terminal(value) + "\n", pattern))
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
        self._marks = NO_MARKS
        self._shown_marks = NO_MARKS
        self._revision: int | None = None
        self._told: Mapping[str, Sequence[Telling]] = {}
        self.text = Text("")
        self._lines: list[Strip] = []

    def show(self, story: Story | StorySummary | None) -> None:
        """Show `story`, or a hint when nothing is highlighted (or its text is still loading)."""
        snapshot = getattr(self.app, "snapshot", None)
        revision = getattr(snapshot, "revision", None)
        if (
            self._shown_once
            and story is self._story
            and self._marks == self._shown_marks
            and revision == self._revision
        ):
            return  # the same (immutable) story: nothing to redo
        self._story, self._shown_once, self._shown_marks = story, True, self._marks
        self._revision = revision
        if isinstance(story, StorySummary):
            self.text = summary_text(story)
        elif story is None:
            self.text = Text("No story selected.", style="dim")
        else:
            self.text = detail_text(
                story, self._marks, self._practice(snapshot, story), self._told.get(story.id, ())
            )
        self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @staticmethod
    def _practice(snapshot: object, story: Story) -> str:
        """The story's practice history from the bank's snapshot ("" when never practised)."""
        records = getattr(snapshot, "practice", ())
        if not records:
            return ""
        from storybank.practice.records import story_history

        history = story_history(records, story.id)
        return history.summary() if history.times else ""

    def set_told(self, told: Mapping[str, Sequence[Telling]]) -> None:
        """Where each story was told (by story id), shown from the next story on."""
        if told is not self._told:
            self._told = told
            self._shown_once = False  # the same story may now show another history

    def mark(self, marks: Marks) -> None:
        """Highlight what the search matched in the stories shown from now on."""
        self._marks = marks

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
