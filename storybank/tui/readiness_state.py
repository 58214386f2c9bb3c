"""The bank's readiness (coverage, questions, ranking), built in the store worker per revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storybank.core.errors import StorybankError

if TYPE_CHECKING:
    from storybank.readiness.coverage import Coverage
    from storybank.readiness.facade import Readiness
    from storybank.store.bank import Bank
    from storybank.tui.session import BankSession


@dataclass(frozen=True, repr=False)
class ReadinessView:
    """One bank revision's readiness with its coverage already computed."""

    readiness: Readiness
    coverage: Coverage

    @property
    def revision(self) -> int:
        """The bank revision this was built from."""
        return self.readiness.revision

    def __repr__(self) -> str:
        return f"ReadinessView(revision={self.revision})"


class ReadinessLoader:
    """Hands out the current ReadinessView, rebuilding it only when the bank changed."""

    def __init__(self) -> None:
        self.current: ReadinessView | None = None

    def _build(self, bank: Bank) -> ReadinessView:
        """Runs in the store worker, under the store lock (about 0.75 s at 10,000 stories)."""
        current = self.current
        if current is not None and current.revision == bank.revision:
            return current
        from storybank.readiness.facade import Readiness  # with the first view that needs it

        readiness = Readiness.load(bank)
        readiness.warm()  # here in the worker, so the first question is answered at once
        # Coverage reads the bank's stories, so it is computed here too, never on the UI thread.
        return ReadinessView(readiness, readiness.coverage())

    def request(
        self,
        session: BankSession,
        done: Callable[[ReadinessView], None],
        failed: Callable[[StorybankError], None] | None = None,
    ) -> None:
        """Call `done` with the readiness of the bank as it is now (at once when it is cached)."""
        current, snapshot = self.current, session.snapshot
        if current is not None and snapshot is not None and current.revision == snapshot.revision:
            done(current)
            return

        def loaded(view: ReadinessView) -> None:
            self.current = view
            done(view)

        session.change(self._build, done=loaded, failed=failed)
