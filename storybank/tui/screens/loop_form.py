"""What the loop's forms share: ctrl+s saves through the bank, a failed save keeps every word
typed and says in one line what to fix, esc asks before dropping changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Input, Select, Static, TextArea

from storybank.core.errors import StorybankError, StoryValidationError
from storybank.core.textsafe import one_line
from storybank.store.bank import Bank
from storybank.tui.loop_state import Saved
from storybank.tui.screens.form import FormScreen

R = TypeVar("R")


class LoopForm(FormScreen[R]):
    """A loop record's form: its fields by id, and one error line (`#form-error`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="loopform.save", priority=True, tooltip="Save"),
        Binding("escape", "close", "Close", id="loopform.close", tooltip="Back (asks if unsaved)"),
        # As in the story editor: Tab moves the focus when it arrives, so the keys typed right
        # after it go to the next field, never on into the one it left.
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
    ]
    # Each field's widget id, by the record field its problems name.
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {}

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self._initial: dict[str, str] = {}
        self.saving = False

    def form(self) -> dict[str, str]:
        """Every field's text now, by widget id."""
        values: dict[str, str] = {}
        for widget in self.query("Input, TextArea, Select"):
            if widget.id is None:
                continue
            if isinstance(widget, Input):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Select):
                values[widget.id] = str(widget.value)
        return values

    def remember(self) -> None:
        """Take the form as it is now as the saved state (call after loading)."""
        self._initial = self.form()
        self.query_one("#form-error", Static).display = False

    def untouched(self, widget_id: str) -> bool:
        """True when the field still holds the text it was loaded with."""
        return self.form().get(widget_id) == self._initial.get(widget_id)

    @property
    def unsaved(self) -> bool:
        """True when the form differs from what was loaded or saved."""
        return self.form() != self._initial

    def show_error(self, error: StorybankError) -> None:
        """Say what to fix in one line, mark the fields it names; the text stays as typed."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        if isinstance(error, StoryValidationError):
            message = "; ".join(one_line(p.message) for p in error.problems)
            for problem in error.problems:
                widget_id = self.FIELD_WIDGETS.get(problem.field.split(".")[0])
                if widget_id:
                    self.query_one(f"#{widget_id}").add_class("-invalid")
        else:
            message = one_line(error.message)
        line = self.query_one("#form-error", Static)
        line.update(Text("⚠ " + message))
        line.display = True

    def save_with(self, action: Callable[[Bank], object], saved: Callable[[Any], None]) -> None:
        """Run `action` in the store worker; `saved` gets its result, an error stays on screen."""
        if self.saving:
            return
        self.saving = True

        def done(result: Saved) -> None:
            self.saving = False
            self.remember()
            saved(result.record)

        def failed(error: StorybankError) -> None:
            self.saving = False
            if self.is_attached:
                self.show_error(error)

        self.session.change(lambda bank: Saved(action(bank)), done=done, failed=failed)

    def action_save(self) -> None:
        """Save the form."""
        raise NotImplementedError

    def action_close(self) -> None:
        """Back; asks first when something typed is not saved."""
        self.leave(then=lambda: self.dismiss(None))

    def leave(self, then: Callable[[], object]) -> None:
        if not self.unsaved:
            then()
            return
        from storybank.tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?",
                "What you typed here is not saved yet. Cancel to keep editing (then ctrl+s).",
                confirm="Discard",
            ),
            answered,
        )
