"""The due list: follow-ups due and overdue, each marked done, snoozed or dropped by a key, and
follow-ups of your own added."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storybank.core.followups import DueItem, complete, drop, snooze
from storybank.core.loop import FollowUp
from storybank.core.models import utc_now
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import local_minute
from storybank.tui.declared import PaletteCommand
from storybank.tui.loop_state import LoopView, Saved
from storybank.tui.loop_text import snooze_until
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.loop_detail import due_row
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.core.errors import StorybankError
    from storybank.tui.session import BankSession
    from storybank.tui.snapshot import BankSnapshot

NOTHING_DUE = "Nothing is due. Each interview brings a thank-you due within a day of it, and each "
NOTHING_DUE += "open application a check-in after a week with no news."


class DueScreen(StorybankScreen[None]):
    """Follow-ups due by tomorrow, the most overdue first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="due.close", tooltip="Back"),
        Binding("d", "done", "Done", id="due.done", tooltip="Mark the follow-up done"),
        Binding("s", "snooze", "Snooze", id="due.snooze", tooltip="Snooze it for a day"),
        Binding("S", "snooze_week", "Snooze a week", id="due.snooze_week", show=False),
        Binding("x", "drop", "Drop", id="due.drop", tooltip="Drop it (no longer needed)"),
        Binding(
            "w",
            "snooze_until",
            "Snooze until…",
            id="due.snooze_until",
            show=False,
            tooltip="Snooze it until a date you choose",
        ),
        Binding("a", "add_own", "Add", id="due.add", tooltip="Add a follow-up of your own"),
    ]
    HELP_TITLE = "Due follow-ups (u)"
    PALETTE = (
        PaletteCommand("due: Done", "Mark the highlighted follow-up done (d)", "done"),
        PaletteCommand("due: Snooze a day", "Put it off until tomorrow (s)", "snooze"),
        PaletteCommand("due: Snooze a week", "Put it off for a week (S)", "snooze_week"),
        PaletteCommand("due: Snooze until…", "Until a date you choose (w)", "snooze_until"),
        PaletteCommand("due: Drop", "No longer needed (x)", "drop"),
        PaletteCommand("due: Add your own", "A title and when it is due (a)", "add_own"),
    )

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.items: list[DueItem] = []
        self.loop = LoopView()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield OptionList(id="due-list")
        yield Static(Text(""), id="due-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Due"
        self.query_one(OptionList).focus()
        if self.session.snapshot is not None:
            self.loop_changed(self.session.snapshot)

    def loop_changed(self, snapshot: BankSnapshot) -> None:
        """Show the follow-ups due in this state of the bank."""
        self.loop = snapshot.loop
        options = self.query_one(OptionList)
        # The same place in the list: after done, snooze or drop, the next one is there.
        place = options.highlighted or 0
        self.items = self.loop.due()
        rows = []
        for item in self.items:
            app = self.loop.application(item.followup.application_id)
            rows.append(Option(due_row(item, app.label() if app else ""), id=item.followup.id))
        options.clear_options()
        options.add_options(rows)
        overdue = sum(1 for item in self.items if item.overdue)
        options.border_title = (
            f"Due: {len(self.items)} ({overdue} overdue)" if self.items else "Due"
        )
        if not self.items:
            self.query_one("#due-detail", Static).update(Text(NOTHING_DUE, style="dim"))
            return
        options.highlighted = min(place, len(self.items) - 1)

    @property
    def current(self) -> DueItem | None:
        """The highlighted follow-up."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= len(self.items):
            return None
        return self.items[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self.current
        if item is None:
            return
        followup = item.followup
        text = Text()
        text.append(one_line(followup.title), style="bold")
        text.append(f"\n{followup.kind.value} · {followup.id}", style="dim")
        if followup.notes:
            text.append("\n" + for_terminal(followup.notes))
        self.query_one("#due-detail", Static).update(text)

    def _change(self, verb: str, change: Callable[[FollowUp], FollowUp]) -> None:
        item = self.current
        if item is None:
            self.notify("Nothing is due.", markup=False)
            return
        title = one_line(item.followup.title)

        def failed(error: StorybankError) -> None:
            self.notify(one_line(error.message), title=error.title, severity="error", markup=False)

        self.session.change(
            lambda bank: Saved(bank.change_followup(item.followup.id, change)),
            done=lambda _: self.notify(f"{verb}: {title}", markup=False),
            failed=failed,
        )

    def action_done(self) -> None:
        """Mark the highlighted follow-up done."""
        self._change("Done", complete)

    def action_snooze(self) -> None:
        """Put the highlighted follow-up off for a day."""
        until = snooze_until(utc_now())
        self._change("Snoozed for a day", lambda f: snooze(f, until))

    def action_snooze_week(self) -> None:
        """Put the highlighted follow-up off for a week."""
        until = snooze_until(utc_now(), days=7)
        self._change("Snoozed for a week", lambda f: snooze(f, until))

    def action_snooze_until(self) -> None:
        """Put the highlighted follow-up off until a date the user types."""
        item = self.current
        if item is None:
            self.notify("Nothing is due.", markup=False)
            return
        from storybank.tui.screens.due_dialogs import SnoozeDialog

        def chosen(until: datetime | None) -> None:
            if until is not None:
                self._change(f"Snoozed until {local_minute(until)}", lambda f: snooze(f, until))

        self.app.push_screen(SnoozeDialog(item.followup.title), chosen)

    def action_add_own(self) -> None:
        """Add a follow-up of the user's own: a title and when it is due."""
        from storybank.tui.screens.due_dialogs import OwnFollowUpDialog

        def added(followup: FollowUp | None) -> None:
            if followup is not None:
                self.notify(
                    f"Saved, due {local_minute(followup.due)}: {one_line(followup.title)}",
                    markup=False,
                )

        self.app.push_screen(OwnFollowUpDialog(self.session), added)

    def action_drop(self) -> None:
        """Drop the highlighted follow-up."""
        self._change("Dropped", drop)

    def action_close(self) -> None:
        """Back."""
        self.dismiss(None)
