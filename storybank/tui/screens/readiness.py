"""The base of the screens built on the bank's readiness: loading it, and saying when it fails."""

from __future__ import annotations

from typing import TypeVar

from storybank.core.errors import StorybankError
from storybank.core.textsafe import one_line
from storybank.tui.readiness_state import ReadinessView
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.session import BankSession

ResultType = TypeVar("ResultType")


class ReadinessScreen(StorybankScreen[ResultType]):
    """A screen that shows "Loading…" until the bank's readiness is built (in the store worker)."""

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.view: ReadinessView | None = None

    def request_view(self) -> None:
        """Ask for the readiness of the bank as it is now (at once when it is already built)."""
        self.session.load_readiness(self._loaded, self._load_failed)

    def _loaded(self, view: ReadinessView) -> None:
        if not self.is_attached:
            return  # closed while it was loading
        self.view = view
        self.show_view(view)

    def _load_failed(self, error: StorybankError) -> None:
        if self.is_attached:
            self.show_failure(error)
        self.notify(one_line(error.message), title=error.title, severity="error", markup=False)

    def show_view(self, view: ReadinessView) -> None:
        """Show one bank revision's readiness."""
        raise NotImplementedError

    def show_failure(self, error: StorybankError) -> None:
        """Say, where the readiness would be, why it could not be built."""
        raise NotImplementedError
