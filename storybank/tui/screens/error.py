"""The screen shown when the bank cannot be opened: what is wrong, and that nothing changed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from storybank.core.errors import UNCHANGED, BankError
from storybank.core.textsafe import one_line
from storybank.tui.widgets.key_bar import KeyBar


class BankErrorScreen(Screen[None]):
    """Explain why the bank did not open; the only way on is to quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "quit", "Quit", id="error.quit", key_display="q"),
    ]

    def __init__(self, error: BankError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(f"{self.error.title}\n\n", style="bold")
        text.append(one_line(str(self.error.path)) + "\n", style="bold")
        text.append(one_line(self.error.problem) + "\n\n")
        # The last line says the file was not changed; the hint need not say it again.
        text.append(one_line(self.error.hint.removesuffix(UNCHANGED)) + "\n\n")
        text.append("storybank did not change the file. Press q to quit.", style="dim")
        with Vertical(id="error-box"):
            yield Static(text, id="error-text")
        yield KeyBar()

    def action_quit(self) -> None:
        """Leave the app with exit code 1: the bank did not open, as in the CLI."""
        self.app.exit(return_code=1)
