"""The help screen: every key of every screen, taken from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from storybank.tui.bindings_text import key_sections


class HelpScreen(ModalScreen[None]):
    """All keys, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("storybank keys\n", style="bold")
        for title, rows in key_sections():
            text.append(f"\n{title}\n", style="bold underline")
            for keys, description in rows:
                text.append(f"  {keys:<16}", style="bold")
                text.append(f"{description}\n")
        text.append("\nEsc, q or ? closes this help.", style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
