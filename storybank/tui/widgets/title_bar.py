"""The top line of every screen: an icon that opens the command palette, and the title."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

ICON = "§"
# As Textual's Header lays it out: the icon in 8 columns on the left, 10 kept free on the
# right, and the title centred between.
ICON_WIDTH = 8
RIGHT_WIDTH = 10


# Measured with TitleBar at 10,000 stories (benchmarks/tui_probe.py start, 27 interleaved
# runs): the first frame took a median 261 ms, and 280 ms with Textual's Header and Footer.
class TitleBar(Widget, can_focus=False):
    """The app's title and the screen's subtitle (the bank, or the story being edited).

    Drawn as one line of text: Textual's Header is three widgets and watchers, and the first
    frame waits for them.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .title-bar--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)
        if hasattr(type(self.app), "due_label"):
            self.watch(self.app, "due_label", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_text(self) -> Text:
        """The screen's title (or the app's), then its subtitle, dimmed."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        text = Text(title, end="")
        if sub_title:
            text.append(" — " + sub_title, "dim")
        return text

    def practice_text(self) -> str:
        """Practice due today and the streak, from the open bank (empty before any practice)."""
        snapshot = getattr(self.app, "snapshot", None)
        status = getattr(snapshot, "practice_status", None)
        return status.label() if status is not None else ""

    def corner_text(self) -> Text:
        """The right end: follow-ups due (the app's count, when it has one), then practice."""
        due = str(getattr(self.app, "due_label", ""))
        practice = self.practice_text()
        corner = Text(end="")
        if due:
            corner.append(due, "bold")
        if practice:
            corner.append(" · " if due else "", "dim")
            corner.append(practice, "dim")
        return corner

    def render(self) -> Text:
        width = self.size.width
        icon = Text(f" {ICON}".ljust(ICON_WIDTH), end="")
        if self._icon_hover:
            icon.stylize(self.get_component_rich_style("title-bar--icon-hover"))
        corner = self.corner_text()
        right = max(RIGHT_WIDTH, corner.cell_len + 2) if corner else RIGHT_WIDTH
        room = max(width - ICON_WIDTH - right, 0)
        title = self.title_text()
        title.truncate(room, overflow="ellipsis")
        left = (room - cell_len(title.plain)) // 2
        line = Text(no_wrap=True, overflow="crop", end="")
        line.append_text(icon)
        line.append(" " * left)
        line.append_text(title)
        if corner and width - line.cell_len > corner.cell_len + 1:
            line.append(" " * (width - line.cell_len - corner.cell_len - 1))
            line.append_text(corner)
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        over = event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE
        if over != self._icon_hover:
            self._icon_hover = over
            self.tooltip = "Open the command palette" if over else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._icon_hover:
            self._icon_hover = False
            self.tooltip = None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
