"""The base of storybank's full screens: the app, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from storybank.tui.app import StorybankApp


class StorybankScreen(Screen[None]):
    """A screen of the storybank app, with the app typed as what it is."""

    @property
    def storybank(self) -> StorybankApp:
        """The app, typed."""
        from storybank.tui.app import StorybankApp  # app.py imports the screens

        assert isinstance(self.app, StorybankApp)
        return self.app
