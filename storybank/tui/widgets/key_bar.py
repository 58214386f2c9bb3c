"""The bottom line of every screen: the keys that work where the focus is."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

# Drawn before the command palette's key, at the right end.
SEPARATOR = "▏"


class ShownKey(NamedTuple):
    """One key as the bar shows it."""

    key: str  # what a click presses
    label: str  # how the key is written, such as "^s"
    description: str
    enabled: bool
    tooltip: str


# Measured with TitleBar at 10,000 stories (benchmarks/tui_probe.py start, 27 interleaved
# runs): the first frame took a median 261 ms, and 280 ms with Textual's Header and Footer.
class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget and its screen on one line; a click on one presses it.

    One line of text where Textual's Footer mounts a widget per key, and mounts them all again
    whenever the focus moves: this one draws in a fraction of the time, the first frame too.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    show_command_palette: reactive[bool] = reactive(True)
    """Show the command palette's key at the right end."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, ShownKey]] = []  # where each key was drawn
        self._hover: ShownKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[ShownKey], ShownKey | None]:
        """The keys to show (one per action, as bound), and the command palette's key."""
        app = self.app
        active = self.screen.active_bindings
        shown: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                label = app.get_key_display(binding)
                shown[binding.action] = ShownKey(
                    binding.key, label, binding.description, enabled, tooltip
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                palette = ShownKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return list(shown.values()), palette

    def render(self) -> Text:
        keys, palette = self.keys()
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        hover_style = self.get_component_rich_style("key-bar--hover")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, ShownKey]] = []

        def add(key: ShownKey) -> None:
            start = line.cell_len
            extra = Style(dim=not key.enabled) + (hover_style if key == self._hover else Style())
            line.append(key.label, key_style + extra)
            if key.description:
                line.append(" " + key.description, description_style + extra)
            spans.append((start, line.cell_len, key))

        for n, key in enumerate(keys):
            if n:
                line.append(" ")
            add(key)
        if palette is not None:
            width = cell_len(palette.label) + 1 + cell_len(palette.description)
            # At the right end with a column to spare, where it fits.
            gap = self.size.width - line.cell_len - width - cell_len(SEPARATOR) - 1
            if gap >= 1:
                line.append(" " * gap)
                line.append(SEPARATOR, self.get_component_rich_style("key-bar--separator"))
                add(palette)
        self._spans = spans
        return line

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column `x`, if any."""
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
