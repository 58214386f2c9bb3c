"""The coverage heatmap: one line per competency with its status, count, bar and sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storybank.coverage import OTHER_KINDS, CompetencyRow
from storybank.models import SourceKind
from storybank.textsafe import one_line
from storybank.tui.widgets.story_list import fit

# Status words and symbols, so a gap reads as a gap without colour too.
STATUS_LABELS = {"gap": "✗ gap", "thin": "! thin", "ok": "✓ ok"}
STATUS_WIDTH = 6
BAR_CELLS = 5


def heat_bar(count: int) -> str:
    """`count` as a short bar: one block per story, `+` past the bar's end."""
    if count > BAR_CELLS:
        return "█" * (BAR_CELLS - 1) + "+"
    return "█" * count + "·" * (BAR_CELLS - count)


def row_kinds(row: CompetencyRow) -> tuple[int, int, int]:
    """The row's stories from work, education and anywhere else."""
    other = sum(row.kinds.get(k.value, 0) for k in OTHER_KINDS)
    work = row.kinds.get(SourceKind.WORK.value, 0)
    return work, row.kinds.get(SourceKind.EDUCATION.value, 0), other


class CoverageGrid(ScrollView, can_focus=True):
    """A keyboard-driven list of competencies drawn with the line API."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "coverage-grid--header",
        "coverage-grid--cursor",
        "coverage-grid--gap",
        "coverage-grid--thin",
        "coverage-grid--ok",
        "coverage-grid--dim",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]
    DEFAULT_CSS = """
    CoverageGrid { overflow-x: hidden; }
    CoverageGrid > .coverage-grid--header { text-style: bold; color: $text-muted; }
    CoverageGrid > .coverage-grid--cursor { background: $block-cursor-blurred-background; }
    CoverageGrid:focus > .coverage-grid--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CoverageGrid > .coverage-grid--gap { color: $error; text-style: bold; }
    CoverageGrid > .coverage-grid--thin { color: $warning; text-style: bold; }
    CoverageGrid > .coverage-grid--ok { color: $success; }
    CoverageGrid > .coverage-grid--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The highlighted competency changed (None when there is none)."""

        def __init__(self, row: CompetencyRow | None) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        """A competency was chosen with Enter or a double click."""

        def __init__(self, row: CompetencyRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[CompetencyRow] = ()
        self.empty_message = "Loading…"

    def show(self, rows: Sequence[CompetencyRow], keep: str | None = None) -> None:
        """Show `rows`, keeping the cursor on the competency with key `keep` when it is there."""
        self.rows = rows
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows) + 1)
        index = next((n for n, row in enumerate(rows) if row.key == keep), 0)
        self.cursor = index
        self.refresh()

    @property
    def current(self) -> CompetencyRow | None:
        """The highlighted competency."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def watch_cursor(self, cursor: int) -> None:
        clamped = max(0, min(cursor, len(self.rows) - 1))
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
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def action_cursor_up(self) -> None:
        """Move up one competency."""
        self.cursor = max(0, self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Move down one competency."""
        self.cursor = min(len(self.rows) - 1, self.cursor + 1)

    def action_page_up(self) -> None:
        """Move up one page."""
        self.cursor = max(0, self.cursor - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        """Move down one page."""
        self.cursor = min(len(self.rows) - 1, self.cursor + max(1, self.size.height - 2))

    def action_first(self) -> None:
        """Go to the first competency."""
        self.cursor = 0

    def action_last(self) -> None:
        """Go to the last competency."""
        self.cursor = len(self.rows) - 1

    def key_enter(self) -> None:
        """Enter chooses the highlighted competency."""
        if (row := self.current) is not None:
            self.post_message(self.Chosen(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y - 1 + round(self.scroll_y)
        if offset.y >= 1 and 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.post_message(self.Chosen(self.rows[index]))

    # Rendering ---------------------------------------------------------------------------

    def _layout(self, width: int) -> tuple[int, bool, bool]:
        """The name column's width, and whether the bar and the source columns fit."""
        bar = width >= 40
        kinds = width >= 58
        used = 1 + STATUS_WIDTH + 1 + self._count_width() + (1 + BAR_CELLS if bar else 0)
        used += 1 + 14 if kinds else 0
        return max(6, width - used - 1), bar, kinds

    def _count_width(self) -> int:
        """Room for the largest count (never fewer than 3 cells, the header's)."""
        return max([3, *(len(str(row.count)) for row in self.rows)])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        name_width, bar, kinds = self._layout(width)
        if y == 0:
            style = base + self.get_component_rich_style("coverage-grid--header")
            header = " " + fit("Status", STATUS_WIDTH) + " " + fit("Competency", name_width)
            header += " " + "N".rjust(self._count_width())
            if bar:
                header += " " + fit("Heat", BAR_CELLS)
            if kinds:
                header += " Work Edu Other"
            return self._strip(Text(header, no_wrap=True), width, style)
        index = y - 1 + round(self.scroll_y)
        if not self.rows:
            if y == 1:
                dim = base + self.get_component_rich_style("coverage-grid--dim")
                return self._strip(Text(" " + self.empty_message, style=dim), width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index == self.cursor:
            style += self.get_component_rich_style("coverage-grid--cursor")
        status_style = self.get_component_rich_style(f"coverage-grid--{row.status}")
        text = Text(no_wrap=True, style=style)
        text.append(" ")
        text.append(fit(STATUS_LABELS[row.status], STATUS_WIDTH), style=status_style)
        name = one_line(row.name) + ("" if row.taxonomies else " *")
        text.append(" " + fit(name, name_width))
        text.append(f" {row.count:>{self._count_width()}}")
        if bar:
            text.append(" ")
            text.append(heat_bar(row.count), style=status_style)
        if kinds:
            work, education, other = row_kinds(row)
            text.append(f" {work:>4} {education:>3} {other:>5}")
        return self._strip(text, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).simplify()
