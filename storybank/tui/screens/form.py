"""The keys every form screen shares: typed-ahead keys kept, Tab moving the focus at once."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.widgets import Input

from storybank.tui.screens.base import StorybankScreen

ResultType = TypeVar("ResultType")


class FormScreen(StorybankScreen[ResultType]):
    """A screen of fields: the story editor and the interview loop's forms."""

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after the key that opened the form arrive at the screen before
        # the first field had the focus: they are the start of its text, never lost. (A key
        # typed into a field is the field's and never gets here.)
        focused = self.focused
        if event.is_printable and event.character and isinstance(focused, Input):
            event.stop()
            focused.insert_text_at_cursor(event.character)

    def action_next_field(self) -> None:
        """Move to the next field at once (Screen.focus_next sets the focus synchronously)."""
        self.focus_next()

    def action_previous_field(self) -> None:
        """Move to the previous field at once."""
        self.focus_previous()
