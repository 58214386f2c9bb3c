"""Small dialogs: a yes/no confirmation and the save/discard/keep-editing question."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from storybank.tui.declared import Declared


class ConfirmScreen(Declared, ModalScreen[bool]):
    """Ask before doing something that cannot be undone."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", key_display="n/esc"),
    ]

    def __init__(self, question: str, detail: str = "", *, confirm: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-question")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm} (y)", id="yes", variant="error")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with an answer."""
        self.dismiss(yes)


class UnsavedScreen(Declared, ModalScreen[str]):
    """The story has unsaved changes: save, discard or keep editing."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save", id="unsaved.save"),
        Binding("d", "answer('discard')", "Discard", id="unsaved.discard"),
        Binding("k,escape", "answer('keep')", "Keep editing", id="unsaved.keep", key_display="k"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("This story has unsaved changes.", style="bold"))
            yield Static(Text("Save them, discard them, or keep editing?"), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (s)", id="save", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Keep editing (k)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "keep")

    def action_answer(self, choice: str) -> None:
        """Close with a choice."""
        self.dismiss(choice)
