"""The base of storybank's full screens: the bank session, and the width classes set early."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

from storybank.tui.declared import Declared
from storybank.tui.session import BankSession

ResultType = TypeVar("ResultType")


class StorybankScreen(Declared, Screen[ResultType]):
    """A screen of the storybank app: it reaches the bank through its session only."""

    def __init__(self, session: BankSession) -> None:
        super().__init__()
        self.session = session

    @property
    def unsaved(self) -> bool:
        """True when leaving now would lose what the user typed."""
        return False

    def leave(self, then: Callable[[], object]) -> None:
        """Run `then` once the screen may be left (at once, unless something is unsaved)."""
        then()

    def take_width_classes(self) -> None:
        """Set the width classes (`-narrow`, `-wide`) for the app's width now, before the
        first layout. Textual sets them on a resize, after laying the screen out once
        without them, and then restyles and lays out every widget again."""
        breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
        width = self.app.size.width
        # As Textual picks: the widest breakpoint the width reaches.
        chosen = next(
            (name for edge, name in sorted(breakpoints, reverse=True) if width >= edge), None
        )
        self.update_classes({name: name == chosen for _, name in breakpoints}, update=False)
