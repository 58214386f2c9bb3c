"""The dialog that asks for an encrypted bank's passphrase before anything of it is shown."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from storybank.core.textsafe import one_line


class PassphraseScreen(ModalScreen[str | None]):
    """A masked field for the passphrase; enter opens the bank, esc quits the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "quit", "Quit", id="passphrase.quit"),
    ]

    def __init__(self, bank: Path, problem: str | None = None) -> None:
        super().__init__()
        self.bank = bank
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("This bank is encrypted", style="bold"))
            yield Static(Text(one_line(self.bank.name)), classes="dialog-detail")
            yield Label("Passphrase", classes="field-label")
            yield Input(password=True, id="passphrase")
            problem = f"⚠ {self.problem}; try again." if self.problem else ""
            yield Static(Text(problem), id="passphrase-problem", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open (enter)", id="open", variant="primary")
                yield Button("Quit (esc)", id="quit")

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open":
            self.submit()
        else:
            self.action_quit()

    def submit(self) -> None:
        """Hand the passphrase to the load (an empty one is not a passphrase)."""
        box = self.query_one("#passphrase", Input)
        if not box.value:
            self.query_one("#passphrase-problem", Static).update(Text("⚠ Type the passphrase."))
            return
        passphrase, box.value = box.value, ""
        self.dismiss(passphrase)

    def action_quit(self) -> None:
        """Leave the app without opening the bank (the load ends it); nothing was changed."""
        self.dismiss(None)
