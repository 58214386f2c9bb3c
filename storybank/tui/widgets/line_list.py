"""A keyboard-driven list drawn with the line API: only the visible rows are ever rendered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")
# Lines kept drawn per list: a few screens' worth, whatever the list's length.
_MAX_LINES = 512


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


def cursor_bindings(last: str = "end") -> list[BindingType]:
    """The keys that move a list's cursor (`last` names the keys for the last line)."""
    return [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding(last, "last", "Last", show=False),
    ]


class LineList(ScrollView, Generic[T], can_focus=True):
    """A header line, then one line per item, with a cursor, paging and mouse selection.

    Subclasses name their component classes with COMPONENT_PREFIX (`<prefix>--header`,
    `--cursor`, `--dim`), draw with `render_header` and `render_item`, and post their own
    Highlighted and Chosen messages from `highlighted` and `chosen` (Textual derives handler
    names from the widget class a message is defined in).
    """

    COMPONENT_PREFIX: ClassVar[str] = "line-list"
    BINDINGS: ClassVar[list[BindingType]] = cursor_bindings()

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: Sequence[T] = ()
        self.empty_message = "Nothing to show."
        # Lines drawn, by (item index or -1 for the header, width, cursor on it): a resize,
        # a scroll or a cursor move draws again only the lines that changed. Emptied when the
        # items or the styles change.
        self._lines: dict[tuple[int, int, bool], Strip] = {}
        # The line colours and width while `render_lines` draws a pass, looked up once for all
        # of its lines rather than once per line (the colours walk every ancestor's styles).
        self._pass: tuple[Style, int] | None = None

    # Data --------------------------------------------------------------------------------

    def show_items(self, items: Sequence[T], cursor: int = 0) -> None:
        """Show `items` with the cursor on position `cursor`."""
        self.items = items
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(items) + 1)
        self.cursor = cursor
        self.refresh()

    @property
    def current_item(self) -> T | None:
        """The highlighted item, if any."""
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    def highlighted(self, item: T | None) -> None:
        """Post the subclass's Highlighted message."""

    def chosen(self, item: T) -> None:
        """Post the subclass's Chosen message."""

    # Cursor and scrolling ----------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        clamped = max(0, min(cursor, len(self.items) - 1))
        if clamped != cursor:
            self.cursor = clamped
            return
        self._scroll_to_cursor()
        self.refresh()
        self.highlighted(self.current_item)

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)  # the header row stays on top
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.items) + 1)
        self._scroll_to_cursor()

    def action_cursor_up(self) -> None:
        """Move up one line."""
        self.cursor = max(0, self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Move down one line."""
        self.cursor = min(len(self.items) - 1, self.cursor + 1)

    def action_page_up(self) -> None:
        """Move up one page."""
        self.cursor = max(0, self.cursor - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        """Move down one page."""
        self.cursor = min(len(self.items) - 1, self.cursor + max(1, self.size.height - 2))

    def action_first(self) -> None:
        """Go to the first line."""
        self.cursor = 0

    def action_last(self) -> None:
        """Go to the last line."""
        self.cursor = len(self.items) - 1

    def key_enter(self) -> None:
        """Enter chooses the highlighted item."""
        if (item := self.current_item) is not None:
            self.chosen(item)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # inside the border; None on the border itself
        if offset is None:
            return
        index = offset.y - 1 + round(self.scroll_y)
        if offset.y >= 1 and 0 <= index < len(self.items):
            self.cursor = index
            if event.chain >= 2:
                self.chosen(self.items[index])

    # Rendering ---------------------------------------------------------------------------

    def component_style(self, name: str) -> Style:
        """The rich style of one of this list's component classes, such as `cursor`."""
        return self.get_component_rich_style(f"{self.COMPONENT_PREFIX}--{name}")

    def render_header(self, width: int) -> Text:
        """The header line's text."""
        return Text()

    def item_style(self, item: T) -> Style:
        """Extra style for a whole line (archived stories are dimmed, say)."""
        return Style()

    def render_item(self, item: T, index: int, width: int, style: Style) -> Text:
        """One item's line."""
        return Text(str(item), style=style)

    def notify_style_update(self) -> None:
        self._lines.clear()  # colours or the cursor's look changed (a theme, the focus)
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        if self._pass is None:
            base, width = self.rich_style, self.scrollable_content_region.width
        else:
            base, width = self._pass  # width without the scrollbar
        index = y - 1 + round(self.scroll_y) if y else -1
        key = (index, width, index == self.cursor)
        drawn = self._lines.get(key)
        if drawn is not None:
            return drawn
        if y == 0:
            style = base + self.component_style("header")
            drawn = self._strip(self.render_header(width), width, style)
        elif not self.items:
            if y == 1:
                dim = base + self.component_style("dim")
                return self._strip(Text(" " + self.empty_message), width, dim)
            return Strip.blank(width, base)
        elif index >= len(self.items):
            return Strip.blank(width, base)
        else:
            item = self.items[index]
            style = base + self.item_style(item)
            if index == self.cursor:
                style += self.component_style("cursor")
            drawn = self._strip(self.render_item(item, index, width, style), width, style)
        if len(self._lines) >= _MAX_LINES:
            self._lines.clear()
        self._lines[key] = drawn
        return drawn

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        """`text` drawn over `style` (the line's colours, under any of the text's own), padded
        or cut to `width`."""
        # Text.render leaves out the text's own base style: the line's style goes under here.
        segments = Segment.apply_style(text.render(self.app.console), style)
        return Strip(segments).adjust_cell_length(width, style).simplify()
