"""Dialogs of the due list: a follow-up of your own (a title and when it is due), and the date
a follow-up is snoozed to. Dates are read as the command line reads them (core/moments)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from storybank.core.errors import LoopValidationError, StorybankError
from storybank.core.loop import FollowUp, FollowUpKind, validate_record
from storybank.core.models import utc_now
from storybank.core.moments import EXAMPLES, parse_moment
from storybank.core.textsafe import one_line
from storybank.tui.declared import Declared
from storybank.tui.loop_state import Saved

if TYPE_CHECKING:
    from storybank.tui.session import BankSession

WHEN_HINT = f"Like {EXAMPLES}"


class SnoozeDialog(Declared, ModalScreen[datetime | None]):
    """When a follow-up comes back: enter snoozes it until then, esc cancels."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="snooze.cancel"),
    ]

    def __init__(self, title: str, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__()
        self.followup_title = title
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(f"Snooze “{one_line(self.followup_title)}” until", style="bold"),
                classes="dialog-question",
            )
            yield Label("When", classes="field-label")
            yield Input("tomorrow", id="snooze-when")
            yield Static(Text(WHEN_HINT, style="dim"), classes="hint")
            yield Static(id="snooze-error", classes="error")
            yield Static(Text("enter snoozes it · esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            until = parse_moment(event.value, self.clock(), what="The snooze date")
        except StorybankError as error:
            self.query_one("#snooze-error", Static).update(Text(one_line(error.message)))
            return
        self.dismiss(until)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class OwnFollowUpDialog(Declared, ModalScreen[FollowUp | None]):
    """A follow-up of your own: a title and when it is due. Enter saves it through the bank;
    what was typed stays in the dialog until it is saved."""

    HELP_TITLE = "Dialogs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="own.cancel"),
    ]

    def __init__(self, session: BankSession, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("A follow-up of your own", style="bold"), classes="dialog-question")
            yield Label("What to do", classes="field-label")
            yield Input(placeholder="e.g. send the portfolio to Dana", id="own-title")
            yield Label("Due", classes="field-label")
            yield Input("tomorrow", id="own-due")
            yield Static(Text(WHEN_HINT, style="dim"), classes="hint")
            yield Static(id="own-error", classes="error")
            yield Static(Text("enter saves it · tab moves · esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#own-title", Input).focus()

    def _say(self, message: str) -> None:
        self.query_one("#own-error", Static).update(Text(one_line(message)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.saving:
            return
        title = self.query_one("#own-title", Input).value
        due = self.query_one("#own-due", Input).value
        try:
            followup = validate_record(
                FollowUp,
                {
                    "kind": FollowUpKind.OWN,
                    "title": title.strip(),
                    "due": parse_moment(due, self.clock(), what="The due date"),
                },
            )
        except LoopValidationError as error:
            self._say("; ".join(problem.message for problem in error.problems))
            return
        except StorybankError as error:
            self._say(error.message)
            return

        def failed(error: StorybankError) -> None:
            self.saving = False
            self._say(error.message)

        def done(saved: Saved) -> None:
            if self.is_attached and isinstance(saved.record, FollowUp):
                self.dismiss(saved.record)

        self.saving = True
        self.session.change(
            lambda bank: Saved(bank.add_followup(followup)), done=done, failed=failed
        )

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
