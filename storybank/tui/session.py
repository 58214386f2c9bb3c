"""What screens may ask of the open bank, so that they depend on this and not on the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from storybank.core.errors import StorybankError
    from storybank.store.bank import Bank
    from storybank.store.index.preview import PreviewList
    from storybank.tui.readiness_state import ReadinessView
    from storybank.tui.snapshot import BankSnapshot


class BankView(Protocol):
    """Where the session shows the bank: the story list."""

    def show_preview(self, preview: PreviewList) -> None:
        """Show the list from the bank's quick index while the bank itself loads."""

    def show_snapshot(self, snapshot: BankSnapshot, keep: str | None = None) -> None:
        """Show a new state of the bank, highlighting `keep` where possible."""

    def refilter(self, keep: str | None = None) -> None:
        """Show the same state again, highlighting `keep`."""


class BankSession(Protocol):
    """The open bank as screens see it: its state now, and changes made one at a time."""

    @property
    def encrypted(self) -> bool:
        """True when the open bank is encrypted (so what is written out of it is not)."""

    @property
    def snapshot(self) -> BankSnapshot | None:
        """The bank as last read and indexed (None until it is loaded)."""

    def open_bank(self, view: BankView) -> None:
        """Open the bank and show it, and every later state of it, on `view`."""

    def pin_later(self) -> None:
        """Spare what the open bank holds the collector's passes, once the app is quiet."""

    def change(
        self,
        action: Callable[[Bank], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[StorybankError], None] | None = None,
        keep: str | None = None,
    ) -> object:
        """Run `action` on the bank off the event loop, then call `done` or `failed`.

        The view then shows the new state with `keep` (or the story `action` returned)
        highlighted; without `failed`, a failure is shown as a notification.
        """

    def load_readiness(
        self,
        done: Callable[[ReadinessView], None],
        failed: Callable[[StorybankError], None] | None = None,
    ) -> None:
        """Call `done` with the readiness of the bank as it is now (built once per revision)."""
