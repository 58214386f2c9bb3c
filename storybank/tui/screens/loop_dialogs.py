"""Small dialogs of the interview loop: the status an application moves to, a file to write,
the questions to ask."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from storybank.core.loop import Application, AppStatus, AskQuestion
from storybank.core.textsafe import one_line
from storybank.tui.declared import Declared


class StatusDialog(Declared, ModalScreen[AppStatus | None]):
    """Pick the status an application moves to (its history keeps the date of each move)."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="status.cancel"),
    ]

    def __init__(self, application: Application) -> None:
        super().__init__()
        self.application = application

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(f"Move “{one_line(self.application.label())}” to", style="bold"),
                classes="dialog-question",
            )
            options = [
                Option(
                    Text(status.value + ("  (now)" if status == self.application.status else "")),
                    id=status.value,
                    disabled=status == self.application.status,
                )
                for status in AppStatus
            ]
            yield OptionList(*options, id="status-list")
            yield Static(Text("enter moves it · esc cancels", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        statuses = list(AppStatus)
        here = statuses.index(self.application.status)
        options.highlighted = (here + 1) % len(statuses)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(AppStatus(event.option.id) if event.option.id else None)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class FileDialog(Declared, ModalScreen[str | None]):
    """Name the file to write (a prep sheet, a thank-you draft): enter writes, esc cancels."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="file.cancel"),
    ]

    def __init__(self, question: str, suggested: str) -> None:
        super().__init__()
        self.question = question
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-question")
            yield Label("File (never the bank or its backups)", classes="field-label")
            yield Input(self.suggested, id="file-path")
            yield Static(Text("enter writes it · esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if path:
            self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)


class AsksDialog(Declared, ModalScreen[list[str] | None]):
    """Check the questions to ask in this application's interviews (space checks one)."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="asks.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="asks.cancel"),
    ]

    def __init__(self, application: Application, asks: Sequence[AskQuestion]) -> None:
        super().__init__()
        self.application = application
        self.asks = list(asks)

    def compose(self) -> ComposeResult:
        picked = {p.ask_id for p in self.application.asks}
        with Vertical(classes="dialog", id="asks-dialog"):
            yield Static(
                Text(f"Questions to ask at {one_line(self.application.company)}", style="bold"),
                classes="dialog-question",
            )
            yield SelectionList[str](
                *(
                    Selection(
                        Text.assemble((f"{ask.category.value:<10}", "dim"), one_line(ask.text)),
                        ask.id,
                        ask.id in picked,
                    )
                    for ask in self.asks
                ),
                id="asks-list",
            )
            yield Static(Text("space checks one · ctrl+s saves · esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_save(self) -> None:
        """Close with the ids checked, in the bank's order."""
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss([ask.id for ask in self.asks if ask.id in chosen])

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
