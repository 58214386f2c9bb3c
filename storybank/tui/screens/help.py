"""The help screen: every key of every screen, as the screens declare them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from storybank.tui.declared import KeySection


class HelpScreen(ModalScreen[None]):
    """All keys, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close", key_display="esc"),
    ]

    def __init__(self, sections: Sequence[KeySection]) -> None:
        super().__init__()
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("storybank keys", style="bold"), id="help-title")
            for title, rows in self._rows():
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True, min_width=10)
                table.add_column()
                for keys, description in rows:
                    table.add_row(Text(keys), Text(description))
                yield Static(Text(title, style="bold underline"), classes="help-section")
                yield Static(table, classes="help-keys")
            yield Static(Text("Esc, q or ? closes this help.", style="dim"), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # so the arrow keys scroll the help

    @property
    def text(self) -> str:
        """Everything the help shows, as plain text (for tests and screen readers)."""
        lines = []
        for title, rows in self._rows():
            lines.append(title)
            lines.extend(f"{keys}  {description}" for keys, description in rows)
        return "\n".join(lines)

    def _rows(self) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        return [(section.title, section.rows) for section in self.sections]

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
